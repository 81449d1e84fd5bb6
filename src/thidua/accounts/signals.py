"""Sign-ins, sign-outs, failed sign-ins and password changes, whatever path they take, go to the audit log.

A password change (the account page, the admin, ``set_password`` + ``save`` anywhere) also revokes the user's API
tokens: whoever held a token issued under the old password loses it.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from thidua.core.audit import log_action

from .models import User

#: Who is acting when a password is set by a form that saves the user itself (the admin's password form).
acting_user: ContextVar = ContextVar("thidua_acting_user", default=None)


def _ip(request) -> str:
    if request is None:
        return ""
    from .lockout import client_ip

    return client_ip(request) or ""


@receiver(user_logged_in, dispatch_uid="thidua.accounts.audit_login")
def _audit_login(sender, request, user, **kwargs):
    log_action("accounts.user.logged_in", actor=user, target=user, data={"ip": _ip(request)})


@receiver(user_logged_out, dispatch_uid="thidua.accounts.audit_logout")
def _audit_logout(sender, request, user, **kwargs):
    if user is not None and user.pk:
        log_action("accounts.user.logged_out", actor=user, target=user, data={"ip": _ip(request)})


@receiver(user_login_failed, dispatch_uid="thidua.accounts.audit_login_failed")
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    """The username tried and the address. An unknown username is recorded against the anonymous account row (the
    event's object is then the User model with id 0), so guesses at usernames show in the log too."""
    username = str(credentials.get("username") or "")[:150]
    data = {"username": username, "ip": _ip(request),
            "locked_out": bool(getattr(request, "axes_locked_out", False))}
    user = User.objects.filter(username=username).first() if username else None
    if user is not None:
        log_action("accounts.user.login_failed", actor=None, target=user, data=data)
    else:
        log_action("accounts.user.login_failed", actor=None, target=User(pk=0, username=username), data=data)


@receiver(pre_save, sender=User, dispatch_uid="thidua.accounts.password_change_detect")
def _detect_password_change(sender, instance: User, update_fields=None, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields and "is_active" not in update_fields:
        return
    before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    instance._thidua_password_changed = before["password"] != instance.password
    instance._thidua_deactivated = before["is_active"] and not instance.is_active


@receiver(post_save, sender=User, dispatch_uid="thidua.accounts.password_change_audit")
def _after_password_change(sender, instance: User, created=False, raw=False, **kwargs):
    if raw or created:
        return
    from .services import tokens_revoke_all

    actor = getattr(instance, "_thidua_changed_by", None) or acting_user.get()
    if getattr(instance, "_thidua_password_changed", False):
        instance._thidua_password_changed = False
        log_action("accounts.user.password_changed", actor=actor, target=instance, data={})
        tokens_revoke_all(user=instance, actor=actor, reason="password")
    if getattr(instance, "_thidua_deactivated", False):
        instance._thidua_deactivated = False
        tokens_revoke_all(user=instance, actor=actor, reason="deactivated")
