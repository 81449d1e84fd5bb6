"""The benchmark's builder and measurement, at a tiny scale inside pytest's test database. No timing asserted."""

import pytest
from django.db import connection
from django.db.models import F

from bench.data import build
from bench.measure import REQUIRED_KEYS, cases, measure
from bench.scales import SCALES
from thidua.accounts.access import access_of
from thidua.campaigns.enums import CampaignStatus, ReceiptDecision, RecipientKind, SubmissionStatus
from thidua.campaigns.models import (
    Campaign,
    ContentArea,
    Deadline,
    Participation,
    Receipt,
    Submission,
    SubmissionVersion,
)
from thidua.campaigns.selectors import deadline_overview
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


def test_overview_deadline_has_submissions_of_every_kind(data):
    deadline = Deadline.objects.select_related("campaign").get(pk=data.deadline_id)
    assert deadline.campaign_id == data.campaign_id
    assert sorted(deadline.recipients.values_list("kind", flat=True)) == sorted(
        [RecipientKind.CLUSTER_HEAD, RecipientKind.COUNCIL_OFFICE])
    assert not deadline.only_units.exists()

    # Every unit but the province answers it (the campaign is province-wide), about 70 % of them have sent.
    overview = deadline_overview(user=data.office, deadline=deadline)
    assert len(overview.rows) == data.counts["participants"] == TINY.units - 1
    submissions = Submission.objects.filter(deadline=deadline)
    assert submissions.count() == data.counts["submissions"]
    assert 0.5 * len(overview.rows) <= submissions.count() <= 0.9 * len(overview.rows)
    counts = overview.counts
    assert counts["missing"] == len(overview.rows) - submissions.count()
    assert counts["submitted"] > 0 and counts["accepted"] > 0 and counts["returned"] > 0 and counts["late"] > 0

    # The rows are consistent the way the services keep them: the latest version numbered latest_version,
    # accepted = both recipients accepted it, returned = a return with a reason on it.
    assert SubmissionVersion.objects.count() == data.counts["versions"] > submissions.count()
    assert Receipt.objects.count() == data.counts["receipts"] > 0
    assert not Receipt.objects.filter(decision=ReceiptDecision.RETURN, reason="").exists()
    for submission in submissions.prefetch_related("versions__receipts"):
        versions = sorted(submission.versions.all(), key=lambda v: v.number)
        assert [v.number for v in versions] == list(range(1, submission.latest_version + 1))
        assert versions[0].submitted_at == submission.first_submitted_at
        assert submission.late == deadline.is_late(submission.first_submitted_at)
        decisions = [r.decision for r in versions[-1].receipts.all()]
        if submission.status == SubmissionStatus.ACCEPTED:
            assert decisions == [ReceiptDecision.ACCEPT] * 2
        elif submission.status == SubmissionStatus.RETURNED:
            assert ReceiptDecision.RETURN in decisions
        else:
            assert ReceiptDecision.RETURN not in decisions and len(decisions) < 2
        for earlier in versions[:-1]:
            assert ReceiptDecision.RETURN in [r.decision for r in earlier.receipts.all()]


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
    # The deadline overview: a page and an endpoint, one row per participant, checked against the raw SQL.
    for name in ("page.deadline_overview", "api.deadline_submissions"):
        assert name in by_name and by_name[name]["queries"] > 0
        floor_rows = by_name[name]["floor_rows"]
        assert floor_rows[:4] == [1, 2, TINY.units - 1, data.counts["submissions"]], name
        assert floor_rows[5] == data.counts["receipts"] - Receipt.objects.exclude(
            version__number=F("version__submission__latest_version")).count(), name
