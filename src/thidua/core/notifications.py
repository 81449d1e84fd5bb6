"""In-app notifications, and the same message by email — at once, or in a daily digest — as each user chose.

Each app registers the kinds of notice it sends (``register_kind``, in its ``notices`` module) and decides who gets
them; the core only stores and delivers them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import Notification, NotificationDelivery

#: Every kind of notice, code → label (registered by the apps).
KINDS: dict[str, str] = {}


def register_kind(code: str, label) -> str:
    KINDS[code] = label
    return code


def notify(*, user, title: str, body: str = "", url: str = "", email: bool = True, kind: str = "") -> Notification:
    """One notice in ``user``'s inbox; by email at once (after the commit) if the user chose so and has an address,
    else it waits for the daily digest (or stays in the app)."""
    delivery = getattr(user, "notification_delivery", NotificationDelivery.IMMEDIATE)
    immediate = email and bool(user.email) and delivery == NotificationDelivery.IMMEDIATE
    notification = Notification.objects.create(
        user=user, title=title[:300], body=body, url=url[:500], kind=kind,
        emailed_at=timezone.now() if immediate else None)
    if immediate:
        link = f"\n\n{settings.THIDUA_SITE_URL}{url}" if url else ""
        # Only once the change is committed: a rolled-back action sends no email, and no lock is held meanwhile.
        transaction.on_commit(
            lambda: send_mail(title, f"{body}{link}", None, [user.email], fail_silently=True))
    elif not email:
        # Not meant for email at all (a job finished): the digest does not pick it up either.
        Notification.objects.filter(pk=notification.pk).update(emailed_at=notification.created_at)
    return notification


def notify_all(users, *, title: str, body: str = "", url: str = "", kind: str = "") -> int:
    """``notify`` each distinct user once; returns how many were told."""
    seen = set()
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notify(user=user, title=title, body=body, url=url, kind=kind)
    return len(seen)


def unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def send_digests(*, now: datetime.datetime | None = None) -> int:
    """One email to each user who chose the daily digest and has notices not yet emailed: their titles and links,
    oldest first; they are then marked emailed, so a second run the same day sends nothing. Returns the emails
    sent. Idempotent; safe from cron or the scheduler."""
    now = now or timezone.now()
    users = get_user_model().objects.filter(
        is_active=True, notification_delivery=NotificationDelivery.DIGEST, notifications__emailed_at__isnull=True,
    ).exclude(email="").distinct()
    sent = 0
    for user in users:
        with transaction.atomic():
            waiting = list(Notification.objects.select_for_update().filter(
                user=user, emailed_at__isnull=True, created_at__lte=now).order_by("created_at", "id"))
            if not waiting:
                continue
            with override(settings.LANGUAGE_CODE):
                subject = _("Your notifications: %(n)s new") % {"n": len(waiting)}
                lines = []
                for notice in waiting:
                    lines.append(f"- {timezone.localtime(notice.created_at):%d/%m/%Y %H:%M} {notice.title}")
                    if notice.url:
                        lines.append(f"  {settings.THIDUA_SITE_URL}{notice.url}")
            Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=now)
            message = "\n".join(lines)
            transaction.on_commit(lambda u=user, s=subject, m=message: send_mail(
                s, m, None, [u.email], fail_silently=True))
            sent += 1
    return sent
