"""What the core asks about a user without knowing the apps that answer: the accounts app registers its
``access_of`` here when it starts (``AccountsConfig.ready``), and the core's jobs and permission helpers ask
through it."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_access: list[Callable] = []


def register_access(function: Callable) -> None:
    """``function(user)`` → the user's access (roles, units, ``is_council_office``, ``staff_unit_ids``…)."""
    _access[:] = [function]


def access_of(user):
    if not _access:
        raise ImproperlyConfigured("No app registered the users' access (thidua.accounts is not installed).")
    return _access[0](user)
