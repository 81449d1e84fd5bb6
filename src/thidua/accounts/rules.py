"""Permission predicates (django-rules). Selectors and services use them; templates only mirror them."""

import rules

from .access import access_of


@rules.predicate
def is_council_office(user) -> bool:
    return access_of(user).is_council_office


@rules.predicate
def is_leader(user) -> bool:
    return access_of(user).is_leader


@rules.predicate
def has_any_role(user) -> bool:
    return bool(access_of(user).roles)


@rules.predicate
def works_in_unit(user, unit) -> bool:
    return unit is not None and unit.pk in access_of(user).unit_ids


sees_everything = is_council_office | is_leader

rules.add_perm("org.view_unit_history", sees_everything | works_in_unit)
rules.add_perm("org.manage_units", is_council_office)
rules.add_perm("org.manage_people", is_council_office | has_any_role)
rules.add_perm("org.record_employment", is_council_office | works_in_unit)
rules.add_perm("accounts.manage_users", is_council_office)
