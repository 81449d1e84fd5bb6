"""Helpers services use to check a permission and fail the same way everywhere."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .access import access_of


def require(perm_ok: bool, message: str | None = None) -> None:
    """Raise PermissionDenied (a 403) unless ``perm_ok``."""
    if not perm_ok:
        raise PermissionDenied(message or _("You do not have permission to do this."))


def require_perm(user, perm: str, obj=None) -> None:
    """``user`` None is the system itself (demo loader, imports run by an operator) and may do anything."""
    if user is None:
        return
    require(user.has_perm(perm, obj))


def require_staff_or_office(user, unit_id: int) -> None:
    """Only the unit's own clerk or head, or the council office (or the system: ``user`` None) may go on."""
    if user is None:
        return
    access = access_of(user)
    require(access.is_council_office or unit_id in access.staff_unit_ids,
            _("Only the unit's own clerk or head, or the council office, may do this."))


def require_council_office(user) -> None:
    """Only the council office (or the system itself: ``user`` None) may go on."""
    if user is not None:
        require(access_of(user).is_council_office, _("Only the council office may do this."))
