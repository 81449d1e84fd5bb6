"""Writes for users, roles and API tokens."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import log_action
from thidua.core.permissions import require_perm

from .enums import Role
from .models import ApiToken, RoleAssignment, User


@transaction.atomic
def user_create(
    *, by, username: str, password: str, first_name: str = "", last_name: str = "", email: str = "",
    is_demo: bool = False,
) -> User:
    require_perm(by, "accounts.manage_users")
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("The username %(username)s is taken.") % {"username": username})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, is_demo=is_demo)
    if not is_demo:
        # The demo's shared password is known to be weak; every real account's password passes the validators.
        validate_password(password, user)
    user.set_password(password)
    user.save()
    log_action("accounts.user.created", actor=by, target=user, data={"username": username, "is_demo": is_demo})
    return user


@transaction.atomic
def role_assign(*, by, user: User, role: str, unit) -> RoleAssignment:
    require_perm(by, "accounts.manage_users")
    if role not in Role.values:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        log_action("accounts.role.assigned", actor=by, target=user, data={"role": role, "unit": unit.pk})
    user.__dict__.pop("_thidua_access", None)
    return assignment


@transaction.atomic
def role_revoke(*, by, assignment: RoleAssignment) -> None:
    require_perm(by, "accounts.manage_users")
    user = assignment.user
    log_action(
        "accounts.role.revoked", actor=by, target=user, data={"role": assignment.role, "unit": assignment.unit_id}
    )
    assignment.delete()
    user.__dict__.pop("_thidua_access", None)


def token_issue(*, request, username: str, password: str) -> str:
    """Exchange a username and password for a bearer token; returns the raw token (shown once).

    Goes through ``authenticate`` with the request, so failed attempts count towards the lockout (django-axes) and
    are audited like the sign-in page's; a locked-out account or address gets ``LoginLocked``."""
    from axes.handlers.proxy import AxesProxyHandler

    credentials = {"username": username}
    if AxesProxyHandler.is_locked(request, credentials):
        raise LoginLocked
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False) or AxesProxyHandler.is_locked(request, credentials):
        raise LoginLocked
    if user is None or not user.is_active:
        raise PermissionDenied(_("Wrong username or password."))
    return token_create(user)


class LoginLocked(PermissionDenied):
    """Too many failed sign-ins for this account or address."""


@transaction.atomic
def token_create(user: User) -> str:
    """A new token for ``user``; past ``THIDUA_API_TOKENS_PER_USER`` live tokens, the oldest are revoked."""
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash(raw),
        expires_at=timezone.now() + datetime.timedelta(days=settings.THIDUA_API_TOKEN_TTL_DAYS),
    )
    log_action("accounts.token.issued", actor=user, target=user, data={"token": token.pk})
    limit = max(1, int(settings.THIDUA_API_TOKENS_PER_USER))
    live = ApiToken.objects.filter(user=user, expires_at__gt=timezone.now()).order_by("-created_at", "-pk")
    excess = list(live.values_list("pk", flat=True)[limit:])
    if excess:
        ApiToken.objects.filter(pk__in=excess).delete()
        log_action("accounts.token.revoked", actor=user, target=user, data={"tokens": excess, "reason": "limit"})
    # Expired tokens are of no use to anyone: drop them.
    ApiToken.objects.filter(user=user, expires_at__lte=timezone.now()).delete()
    return raw


def token_user(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None if it is unknown, expired or revoked."""
    if not raw or len(raw) > 200 or "\x00" in raw:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(raw), expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
        # At most one write per token every five minutes: the owner sees when a token was last used.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_of(user: User):
    """The user's own live tokens, newest first (never anyone else's)."""
    return ApiToken.objects.filter(user=user, expires_at__gt=timezone.now()).order_by("-created_at", "-pk")


@transaction.atomic
def token_revoke(*, by: User, token_id: int) -> None:
    """Revoke one of ``by``'s own tokens; another user's token is not found (404), whatever its id."""
    from django.http import Http404

    token = ApiToken.objects.filter(pk=token_id, user=by).first()
    if token is None:
        raise Http404
    log_action("accounts.token.revoked", actor=by, target=by, data={"tokens": [token.pk], "reason": "owner"})
    token.delete()


def tokens_revoke_all(*, user: User, actor, reason: str) -> int:
    """Revoke every token of ``user`` (a password change, a deactivation); called inside the caller's transaction."""
    ids = list(ApiToken.objects.filter(user=user).values_list("pk", flat=True))
    if ids:
        ApiToken.objects.filter(pk__in=ids).delete()
        log_action("accounts.token.revoked", actor=actor, target=user, data={"tokens": ids, "reason": reason})
    return len(ids)


@transaction.atomic
def notification_delivery_set(*, by: User, delivery: str) -> User:
    """A user chooses when notifications also come by email (their own choice only). Switching to the digest does
    not mail what was meant for the app alone before."""
    from thidua.core.models import Notification, NotificationDelivery

    if delivery not in NotificationDelivery.values:
        raise ValidationError({"delivery": _("Choose one of the offered ways.")})
    user = User.objects.select_for_update().get(pk=by.pk)
    before = user.notification_delivery
    if before == delivery:
        return user
    if delivery == NotificationDelivery.DIGEST:
        Notification.objects.filter(user=user, emailed_at__isnull=True).update(emailed_at=timezone.now())
    user.notification_delivery = delivery
    user.save(update_fields=["notification_delivery"])
    log_action("accounts.notifications.chosen", actor=by, target=user, data={"delivery": [before, delivery]})
    return user


def _send_set_password_link(user: User, *, subject: str) -> None:
    """A link to choose a password (Django's reset token: valid ``PASSWORD_RESET_TIMEOUT``, void once used), sent
    by email after the commit."""
    from django.conf import settings
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse("accounts:password_set", args=[urlsafe_base64_encode(force_bytes(user.pk)),
                                                  default_token_generator.make_token(user)])
    body = _("Hello %(name)s,\n\nOpen this link to choose your password for the emulation and commendation system "
             "(sign-in name: %(username)s):\n%(link)s\n\nThe link works once.") % {
        "name": user.get_full_name() or user.username, "username": user.username,
        "link": f"{settings.THIDUA_SITE_URL}{path}"}
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email], fail_silently=False))


@transaction.atomic
def user_invite(*, by, username: str, full_name: str, email: str, role: str, unit) -> User:
    """The council office opens an account for someone, with a role in a unit: no password is set; an email with a
    link lets the person choose one."""
    from django.core.validators import validate_email

    require_perm(by, "accounts.manage_users")
    username, full_name, email = (username or "").strip(), (full_name or "").strip(), (email or "").strip()
    errors = {}
    if not username:
        errors["username"] = [_("This field is required.")]
    elif User.objects.filter(username=username).exists():
        errors["username"] = [_("The username %(username)s is taken.") % {"username": username}]
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter a valid email address: the invitation is sent there.")]
    if role not in Role.values:
        errors["role"] = [_("Unknown role: %(role)s") % {"role": role}]
    if errors:
        raise ValidationError(errors)
    user = User(username=username, first_name=full_name[:150], email=email)
    user.set_unusable_password()
    user.save()
    log_action("accounts.user.created", actor=by, target=user, data={"username": username, "invited": True})
    role_assign(by=by, user=user, role=role, unit=unit)
    _send_set_password_link(user, subject=_("Your account on the emulation and commendation system"))
    return user


@transaction.atomic
def user_password_reset(*, by, user: User) -> None:
    """The office sends a user a link to choose a new password (the old one stays until the link is used) and
    clears the sign-in lockout of the user's name (django-axes), so that the person signs in again at once."""
    from axes.utils import reset

    require_perm(by, "accounts.manage_users")
    if not user.is_active:
        raise ValidationError(_("This account is deactivated."))
    if not user.email:
        raise ValidationError(_("This account has no email address to send the link to."))
    _send_set_password_link(user, subject=_("Choose a new password"))
    cleared = reset(username=user.username)
    log_action("accounts.user.password_reset_sent", actor=by, target=user,
               data={"email": user.email, "failed_sign_ins_cleared": cleared})


@transaction.atomic
def user_deactivate(*, by, user: User) -> User:
    """The office closes an account: it can no longer sign in and its API tokens are revoked; its records stay."""
    require_perm(by, "accounts.manage_users")
    if by is not None and user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not user.is_active:
        raise ValidationError(_("This account is already deactivated."))
    user.is_active = False
    user.save(update_fields=["is_active"])  # the accounts signal revokes its API tokens
    log_action("accounts.user.deactivated", actor=by, target=user, data={"via": "setup"})
    return user
