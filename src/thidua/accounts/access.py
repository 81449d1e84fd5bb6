"""What a user may reach, computed once per request from the user's role assignments."""

from __future__ import annotations

from dataclasses import dataclass, field

from .enums import Role


@dataclass(frozen=True)
class Access:
    roles: frozenset[str] = frozenset()
    unit_ids: frozenset[int] = frozenset()
    clerk_unit_ids: frozenset[int] = frozenset()
    head_unit_ids: frozenset[int] = frozenset()
    by_role: dict = field(default_factory=dict)

    @property
    def staff_unit_ids(self) -> frozenset[int]:
        """Units the user works for as clerk or head: those it acts for (sending, receiving, leading a cluster).
        A council member or the office is attached to a unit without acting for it."""
        return self.clerk_unit_ids | self.head_unit_ids

    @property
    def is_council_office(self) -> bool:
        return Role.COUNCIL_OFFICE in self.roles

    @property
    def is_leader(self) -> bool:
        return Role.LEADER in self.roles

    @property
    def is_council_member(self) -> bool:
        return Role.COUNCIL_MEMBER in self.roles

    @property
    def sees_everything(self) -> bool:
        """The office and the leadership read every unit's data (but only the office changes it)."""
        return self.is_council_office or self.is_leader


NO_ACCESS = Access()


def access_of(user) -> Access:
    """The user's roles and units, cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_thidua_access", None)
    if cached is not None:
        return cached
    rows = list(user.role_assignments.values_list("role", "unit_id"))
    by_role: dict[str, frozenset[int]] = {}
    for role, unit_id in rows:
        by_role[role] = by_role.get(role, frozenset()) | {unit_id}
    access = Access(
        roles=frozenset(by_role),
        unit_ids=frozenset(unit_id for _, unit_id in rows),
        clerk_unit_ids=by_role.get(Role.UNIT_CLERK, frozenset()),
        head_unit_ids=by_role.get(Role.UNIT_HEAD, frozenset()),
        by_role=by_role,
    )
    user._thidua_access = access
    return access
