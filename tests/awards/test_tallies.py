"""The registry's tallies (``awards.tallies``): right after the demo and after each kind of award write (every
test in this folder also checks them at its end, see conftest), read by the office's statistics without counting
the awards, and recounted by ``manage.py award_tallies``."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.awards import selectors, services, tallies
from thidua.awards.models import Award, AwardCount, AwardUnitCount

from .conftest import grant, new_person, new_unit


def test_the_demo_loads_with_its_tallies_right(province):
    assert AwardCount.objects.exists() and AwardUnitCount.objects.exists()
    assert tallies.differences() == []


def test_a_recorded_award_and_its_revocation_move_the_tallies(province):
    unit = new_unit("DV-T", "Sở Kiểm đếm")
    person = new_person("Lê Thị Đếm", unit)
    before = {r["year"]: (r["persons"], r["collectives"]) for r in selectors.award_statistics(
        user=province.user("vanphong"), group_by="year")}
    award = grant("LDTT", 2016, person=person, unit=unit)
    grant("TTLDTT", 2016, unit=unit)
    assert tallies.differences() == []
    row = AwardUnitCount.objects.get(unit=unit, year=2016, status="active")
    assert (row.persons, row.collectives) == (1, 1)
    services.award_revoke(by=None, award=award, reason="Khai man thành tích")
    assert tallies.differences() == []
    after = {r["year"]: (r["persons"], r["collectives"]) for r in selectors.award_statistics(
        user=province.user("vanphong"), group_by="year")}
    persons, collectives = before.get(2016, (0, 0))
    assert after[2016] == (persons, collectives + 1)
    with_revoked = {r["year"]: r["total"] for r in selectors.award_statistics(
        user=province.user("vanphong"), group_by="year", include_revoked=True)}
    assert with_revoked[2016] == Award.objects.filter(year=2016).count()


def test_the_office_statistics_read_the_tallies_not_the_awards(province):
    user = province.user("vanphong")
    selectors.award_statistics(user=user, group_by="unit")
    with CaptureQueriesContext(connection) as queries:
        for group in selectors.STAT_GROUPS:
            selectors.award_statistics(user=user, group_by=group)
        selectors.award_statistics_all(user=user)
    counted = [q["sql"] for q in queries.captured_queries if f'"{Award._meta.db_table}"' in q["sql"]]
    assert len(queries) > 0 and counted == []


def test_a_clerk_counts_its_own_awards(province):
    """A clerk's statistics are its units' and its people's awards, never the province's tallies."""
    clerk, office = province.user("hiephoa"), province.user("vanphong")
    own = selectors.award_statistics(user=clerk, group_by="year")
    assert sum(r["total"] for r in own) == selectors.awards_visible(user=clerk).filter(status="active").count()
    assert sum(r["total"] for r in own) < sum(r["total"] for r in selectors.award_statistics(user=office))


def test_the_command_finds_a_wrong_tally_and_recounts(province):
    row = AwardCount.objects.order_by("id").first()
    AwardCount.objects.filter(pk=row.pk).update(persons=row.persons + 3)
    with pytest.raises(CommandError, match="1 award tallies differ"):
        call_command("award_tallies", "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("award_tallies", stdout=out)
    assert "Recounted" in out.getvalue()
    assert tallies.differences() == []
