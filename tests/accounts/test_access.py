"""What each demo login may reach, computed from its role assignments."""

import pytest
from django.contrib.auth.models import AnonymousUser

from thidua.accounts.access import NO_ACCESS, access_of


@pytest.mark.parametrize(
    ("username", "roles", "unit_code", "sees_everything"),
    [
        ("vanphong", {"council_office"}, "SNV", True),
        ("chutich", {"leader"}, "UBND-BG", True),
        ("hiephoa", {"unit_clerk"}, "H-HH", False),
        ("yenthe", {"unit_clerk"}, "H-YT", False),
        ("soyte", {"unit_clerk"}, "SYT", False),
        ("thanhvien", {"council_member"}, "SNV", False),
    ],
)
def test_access_of_demo_user(province, username, roles, unit_code, sees_everything):
    access = access_of(province.user(username))
    assert access.roles == frozenset(roles)
    assert access.unit_ids == frozenset({province.unit_ids[unit_code]})
    assert access.sees_everything is sees_everything


def test_access_of_a_clerk_lists_the_clerk_units(province):
    assert access_of(province.user("yenthe")).clerk_unit_ids == frozenset({province.unit_ids["H-YT"]})
    assert access_of(province.user("vanphong")).clerk_unit_ids == frozenset()


def test_access_of_anonymous_and_none_is_no_access(province):
    assert access_of(AnonymousUser()) == NO_ACCESS
    assert access_of(None) == NO_ACCESS


def test_access_of_an_inactive_user_is_no_access(province):
    user = province.user("vanphong")
    user.is_active = False
    assert access_of(user) == NO_ACCESS
