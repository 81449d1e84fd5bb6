"""In-app notifications, and the same message by email when the user has an address."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .models import Notification


def notify(*, user, title: str, body: str = "", url: str = "", email: bool = True) -> Notification:
    notification = Notification.objects.create(user=user, title=title[:300], body=body, url=url[:500])
    if email and user.email:
        link = f"\n\n{settings.THIDUA_SITE_URL}{url}" if url else ""
        # Only once the change is committed: a rolled-back action sends no email, and no lock is held meanwhile.
        transaction.on_commit(
            lambda: send_mail(title, f"{body}{link}", None, [user.email], fail_silently=True))
    return notification


def unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
