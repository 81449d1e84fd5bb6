"""The labels of this app's audit actions and stored codes, registered with the core in ``AppConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from thidua.core.models import NotificationDelivery

ACTIONS = {
    "accounts.user.created": _("User created"),
    "accounts.user.deleted": _("User deleted"),
    "accounts.user.staff_granted": _("Given catalog administration"),
    "accounts.role.assigned": _("Role assigned"),
    "accounts.role.revoked": _("Role revoked"),
    "accounts.token.issued": _("API token issued"),
    "accounts.token.revoked": _("API token revoked"),
    "accounts.user.logged_in": _("Signed in"),
    "accounts.user.logged_out": _("Signed out"),
    "accounts.user.login_failed": _("Failed sign-in"),
    "accounts.user.password_changed": _("Password changed"),
    "accounts.user.changed": _("User changed"),
    "accounts.user.deactivated": _("User deactivated"),
    "accounts.role.changed": _("Role changed"),
    "accounts.notifications.chosen": _("Email notifications chosen"),
    "accounts.user.password_reset_sent": _("Password link sent"),
}

#: Detail keys of this app's events.
KEYS = {"delivery": _("notifications by email"), "failed_sign_ins_cleared": _("failed sign-ins cleared")}

#: Stored codes shown by their labels in the History.
VALUES = (NotificationDelivery,)


def user_names(ids) -> dict[int, str]:
    from .models import User

    return {user.pk: str(user) for user in User.objects.filter(pk__in=ids)}


#: Detail keys holding a user's id: the history names the person (one query per page).
NAMES = {"appraiser": user_names}
