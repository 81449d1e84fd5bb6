"""Writes for users, roles and API tokens."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
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


@transaction.atomic
def token_issue(*, username: str, password: str) -> str:
    """Exchange a username and password for a bearer token; returns the raw token (shown once)."""
    user = authenticate(username=username, password=password)
    if user is None or not user.is_active:
        raise PermissionDenied(_("Wrong username or password."))
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash(raw),
        expires_at=timezone.now() + datetime.timedelta(days=settings.THIDUA_API_TOKEN_TTL_DAYS),
    )
    log_action("accounts.token.issued", actor=user, target=user, data={"token": token.pk})
    return raw


def token_user(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None if it is unknown or expired."""
    if not raw or len(raw) > 200 or "\x00" in raw:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(raw), expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    return token.user if token else None


#: What the council office may edit in Django admin: the catalogs. The audit log stays read-only.
CATALOG_APPS = ("org", "campaigns")


@transaction.atomic
def staff_grant_catalogs(*, by, user: User) -> User:
    """Let a council-office user edit the catalogs (units, clusters, campaigns) in Django admin."""
    from django.contrib.auth.models import Permission

    require_perm(by, "accounts.manage_users")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    perms = Permission.objects.filter(content_type__app_label__in=CATALOG_APPS)
    user.user_permissions.add(*perms)
    log_action("accounts.user.staff_granted", actor=by, target=user, data={"apps": list(CATALOG_APPS)})
    return user
