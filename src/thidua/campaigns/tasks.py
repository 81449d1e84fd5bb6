from django_tasks import task


@task()
def send_reminders() -> int:
    """Thin: the worker runs the reminders (see ``thidua.campaigns.services.reminders``)."""
    from .services import reminders_send

    return reminders_send()
