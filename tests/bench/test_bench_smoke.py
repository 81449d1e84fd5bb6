"""The benchmark's builder and measurement, at a tiny scale inside pytest's test database. No timing asserted."""

import pytest
from django.db import connection

from bench.data import build
from bench.measure import REQUIRED_KEYS, cases, measure
from bench.scales import SCALES
from thidua.accounts.access import access_of
from thidua.campaigns.enums import CampaignStatus
from thidua.campaigns.models import Campaign, ContentArea, Deadline, Participation
from thidua.core.text import fold
from thidua.org.models import Cluster, ClusterMembership, Unit

TINY = SCALES["tiny"]


@pytest.fixture
def data(db):
    return build(TINY)


def test_build_creates_the_scale(data):
    assert Unit.objects.count() == TINY.units
    assert Cluster.objects.count() == TINY.clusters
    assert Campaign.objects.filter(status=CampaignStatus.LAUNCHED).count() == TINY.campaigns
    assert ContentArea.objects.count() == TINY.campaigns * TINY.content_areas
    assert Deadline.objects.count() == TINY.deadlines
    assert data.counts["units"] == TINY.units and data.counts["clusters"] == TINY.clusters
    # One cluster per unit per year; the province and a few units stay outside and take part directly.
    members = ClusterMembership.objects.filter(year=data.year)
    assert members.count() == members.values("unit").distinct().count() == data.counts["memberships"]
    assert TINY.units - 2 <= data.counts["memberships"] < TINY.units
    assert Participation.objects.filter(unit__isnull=False).count() > 0


def test_search_text_is_folded_like_the_services_do(data):
    for unit in Unit.objects.all():
        assert unit.search_text == fold(f"{unit.name} {unit.short_name} {unit.code}")
    names = " ".join(Unit.objects.values_list("name", flat=True))
    assert any(ch in names for ch in "ăâđêôơưạảấầậắằặếềệốồộớờợứừựỳ"), "names should carry diacritics"
    assert data.unit_query == fold(data.unit_query) and data.unit_query


def test_users_have_their_roles(data):
    assert access_of(data.office).is_council_office
    assert access_of(data.clerk).clerk_unit_ids


def test_measure_returns_a_row_per_case(data):
    rows = measure(data, iterations=1, warmup=0)
    assert [r["name"] for r in rows] == [c.name for c in cases(data)]
    for row in rows:
        assert set(REQUIRED_KEYS) <= set(row)
        assert row["database"] == connection.vendor and row["scale"] == "tiny"
        assert row["queries"] > 0, row["name"]
        assert row["median_ms"] > 0 and row["p95_ms"] >= row["median_ms"]
        assert row["floor_sql_ms"] > 0 and row["floor_view_ms"] > 0
    by_name = {r["name"]: r for r in rows}
    # The participants query of the campaign page returns every unit but the province.
    assert by_name["api.campaign_detail"]["floor_rows"][4] == TINY.units - 1
