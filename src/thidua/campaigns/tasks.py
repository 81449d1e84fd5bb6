from django_tasks import task


@task()
def send_reminders() -> int:
    """Thin: the worker runs the reminders (see ``thidua.campaigns.services.reminders``), and, in the hour the
    settings name (``THIDUA_DIGEST_HOUR``), the daily digest of notifications (``thidua.core.notifications``)."""
    from django.conf import settings
    from django.utils import timezone

    from thidua.core.notifications import send_digests

    from .services import reminders_send

    sent = reminders_send()
    if timezone.localtime().hour == settings.THIDUA_DIGEST_HOUR:
        send_digests()
    return sent
