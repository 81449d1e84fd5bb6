"""A unit opens the decisions that awarded its own people, and a list of decisions (issue 15, part 6)."""

import re

import pytest
from django.urls import reverse

from tests.support import signed_in
from thidua.accounts.access import access_of
from thidua.accounts.models import User
from thidua.awards.models import Award, Decision
from thidua.awards.selectors import awards_visible


def listed(username: str, query: str = "") -> set[int]:
    response = signed_in(username).get(reverse("awards:decisions") + query)
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'<tr data-decision="(\d+)"', response.content.decode())}


def own_awarded(username: str) -> set[int]:
    user = User.objects.get(username=username)
    return set(awards_visible(user=user).filter(decision__isnull=False).values_list("decision_id", flat=True))


@pytest.fixture
def clerk_with_decisions(province):
    """A demo unit clerk whose unit's people or the unit itself were awarded by an issued decision."""
    for user in User.objects.filter(is_active=True).order_by("username"):
        access = access_of(user)
        if access.sees_everything or access.is_council_member or not access.staff_unit_ids:
            continue
        if own_awarded(user.username):
            return user.username
    pytest.skip("the demo has no unit whose people were awarded by a decision")


def test_a_clerk_opens_the_decisions_that_awarded_its_people(clerk_with_decisions):
    decision_ids = own_awarded(clerk_with_decisions)
    client = signed_in(clerk_with_decisions)
    for decision_id in sorted(decision_ids)[:5]:
        assert client.get(reverse("awards:decision", args=[decision_id])).status_code == 200


def test_another_units_clerk_gets_404_on_guessed_decision_ids(province, clerk_with_decisions):
    mine = own_awarded(clerk_with_decisions)
    user = User.objects.get(username=clerk_with_decisions)
    staff = access_of(user).staff_unit_ids
    others = set(Decision.objects.exclude(pk__in=mine).exclude(issuer_unit_id__in=staff)
                 .values_list("pk", flat=True))
    assert others, "the demo has decisions for other units"
    client = signed_in(clerk_with_decisions)
    for decision_id in sorted(others)[:10]:
        assert client.get(reverse("awards:decision", args=[decision_id])).status_code == 404
    missing = (Decision.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    assert client.get(reverse("awards:decision", args=[missing])).status_code == 404
    # ... and the list shows only its own
    assert listed(clerk_with_decisions) <= mine | set(Decision.objects.filter(issuer_unit_id__in=staff)
                                                       .values_list("pk", flat=True))
    assert not listed(clerk_with_decisions) & others


def test_the_list_for_a_clerk_holds_its_units_decisions(clerk_with_decisions):
    mine = own_awarded(clerk_with_decisions)
    shown = listed(clerk_with_decisions, "?status=issued")
    assert mine <= shown or len(shown) == 25  # the first page when there are many


def test_the_office_sees_every_decision_paged(province):
    total = Decision.objects.count()
    shown = listed("vanphong")
    assert len(shown) == min(total, 25)
    if total > 25:
        html = signed_in("vanphong").get(reverse("awards:decisions")).content.decode()
        assert 'rel="next"' in html


def test_the_list_filters_by_status_and_year(province):
    issued = Decision.objects.filter(status="issued").exclude(year=None).order_by("-id").first()
    if issued is None:
        pytest.skip("no issued decision in the demo")
    shown = listed("vanphong", f"?status=issued&year={issued.year}")
    expected = set(Decision.objects.filter(status="issued", year=issued.year).values_list("pk", flat=True))
    assert shown <= expected and (shown == expected or len(shown) == 25)


def test_bad_filters_are_ignored_not_500(province):
    assert signed_in("vanphong").get(reverse("awards:decisions") + "?status=nope&year=abc&page=zz").status_code == 200


def test_awards_of_a_decision_stay_as_they_are(province):
    # reading the list changes nothing
    before = Award.objects.count()
    listed("vanphong")
    assert Award.objects.count() == before
