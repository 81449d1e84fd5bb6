"""The benchmark's evaluation data (issue 5) is what the services would leave, and its cases agree with their raw
SQL. Tiny scale, inside pytest's database; no timing asserted."""

from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Sum

from bench.data import build
from bench.evaluation import STORIES
from bench.evaluation_cases import measure_calls
from bench.measure import measure
from bench.scales import SCALES
from thidua.evaluation import services
from thidua.evaluation.enums import CriterionKind, Electorate, SheetStatus, Stage
from thidua.evaluation.models import BallotCast, Candidate, Criterion, ScoreEntry, ScoreSheet, VotingRound
from thidua.evaluation.scoring import computed_points, scheme_participants, scheme_total_max
from thidua.org.models import Cluster, ClusterMembership

TINY = SCALES["tiny"]
NAMES = {"api.rankings", "api.score_sheets", "api.round_result"}


@pytest.fixture
def data(db):
    return build(TINY)


def test_scheme_is_a_valid_thousand_point_one(data):
    e = data.evaluation
    criteria = Criterion.objects.filter(scheme_id=e.scheme_id)
    kinds = Counter(criteria.values_list("kind", flat=True))
    assert kinds[CriterionKind.GROUP] == 9 and kinds[CriterionKind.MANUAL] == 9
    assert kinds[CriterionKind.INDICATOR] == TINY.indicators
    assert kinds[CriterionKind.BONUS] == kinds[CriterionKind.PENALTY] == 1
    assert scheme_total_max(criteria.first().scheme) == 1000
    assert [b["name"] for b in e.bands][0] == "Xuất sắc"


def test_sheets_are_what_the_services_would_keep(data):
    e = data.evaluation
    scheme = Criterion.objects.filter(scheme_id=e.scheme_id).first().scheme
    units = scheme_participants(scheme)
    sheets = ScoreSheet.objects.filter(scheme=scheme)
    assert sheets.count() == e.counts["sheets"] and ScoreEntry.objects.count() == e.counts["entries"]
    # Every participant has a current self sheet; one current sheet per unit and stage (the database enforces it).
    assert set(sheets.filter(stage=Stage.SELF, is_current=True).values_list("unit_id", flat=True)) == set(units)
    # Every sheet has one entry per criterion taking points; its total and indicator points are their sums.
    takes = Criterion.objects.filter(scheme=scheme).exclude(kind=CriterionKind.GROUP).count()
    indicator = {c for c in Criterion.objects.filter(scheme=scheme, kind=CriterionKind.INDICATOR).values_list(
        "pk", flat=True)}
    sums = {row["sheet_id"]: row["s"] for row in ScoreEntry.objects.values("sheet_id").annotate(s=Sum("points"))}
    ind = {row["sheet_id"]: row["s"] for row in ScoreEntry.objects.filter(criterion_id__in=indicator)
           .values("sheet_id").annotate(s=Sum("points"))}
    assert set(Counter(ScoreEntry.objects.values_list("sheet_id", flat=True)).values()) == {takes}
    for sheet in sheets:
        assert sheet.total == sums[sheet.pk] and sheet.indicator_points == ind.get(sheet.pk, Decimal(0)), sheet.pk
    # Every story is there: returned with a reason and the cluster's draft set aside; published; corrected.
    assert {STORIES[n % len(STORIES)] for n in range(len(units))} == set(STORIES)
    for returned in sheets.filter(status=SheetStatus.RETURNED):
        assert returned.stage == Stage.SELF and returned.return_reason
        assert not sheets.filter(unit=returned.unit, stage=Stage.CLUSTER, is_current=True).exists()
    corrected = sheets.get(revision=2)
    assert corrected.is_current and corrected.correction_reason and corrected.status == SheetStatus.PUBLISHED
    assert sheets.filter(unit=corrected.unit, revision=1, is_current=False).exists()
    assert sheets.filter(status=SheetStatus.PUBLISHED, is_current=True).count() > 0
    assert ScoreEntry.objects.exclude(change_reason="").exists()
    # Computed points are the application's own.
    computed = computed_points(scheme, units)
    for entry in ScoreEntry.objects.filter(sheet__stage=Stage.SELF, criterion__kind__in=[
            CriterionKind.INDICATOR, CriterionKind.PENALTY]).select_related("sheet"):
        assert entry.points == computed[(entry.sheet.unit_id, entry.criterion_id)][0]


@pytest.mark.parametrize("stage", [Stage.SELF, Stage.CLUSTER])
def test_a_draft_saved_again_through_the_service_keeps_its_total(data, stage):
    """``sheet_save`` accepts the stored points (ranges, computed criteria, reasons for changes) and sums them to
    the stored total."""
    sheet = ScoreSheet.objects.filter(scheme_id=data.evaluation.scheme_id, stage=stage, status=SheetStatus.DRAFT,
                                      is_current=True).order_by("pk").first()
    total = sheet.total
    entries = [{"criterion_id": e.criterion_id, "points": e.points, "explanation": e.explanation,
                "reason": e.change_reason} for e in sheet.entries.all()]
    saved = services.sheet_save(by=None, sheet=sheet, version=sheet.version, entries=entries)
    assert saved.total == total


def test_voting_round_keeps_only_counters_and_voters(data):
    e = data.evaluation
    voting_round = VotingRound.objects.get(pk=e.round_id)
    assert voting_round.electorate_kind == Electorate.COUNCIL_MEMBERS
    assert voting_round.electorate_size == TINY.council_members
    ballots = BallotCast.objects.filter(round=voting_round)
    assert ballots.count() == e.counts["ballots"] and not ballots.filter(voter_user__isnull=True).exists()
    assert ballots.count() * 100 >= voting_round.quorum_percent * voting_round.electorate_size
    votes = sum(Candidate.objects.filter(round=voting_round).values_list("votes", flat=True))
    assert 3 * ballots.count() <= votes <= voting_round.max_choices * ballots.count()
    members = set(ClusterMembership.objects.filter(cluster_id=e.cluster_id).values_list("unit_id", flat=True))
    assert set(Candidate.objects.filter(round=voting_round).values_list("unit_id", flat=True)) <= members


def test_evaluation_cases_agree_with_their_raw_sql(data):
    """The checks raise when an answer differs from its floor; the rows say what was compared."""
    rows = {r["name"]: r for r in measure(data, iterations=1, warmup=0, only=NAMES)}
    assert set(rows) == NAMES
    members = ClusterMembership.objects.filter(cluster_id=data.evaluation.cluster_id).count()
    assert rows["api.rankings"]["floor_rows"] == [members]
    assert rows["api.score_sheets"]["floor_rows"] == [ScoreSheet.objects.filter(is_current=True).count()]
    assert rows["api.round_result"]["floor_rows"] == [data.evaluation.counts["candidates"]]
    for row in rows.values():
        assert row["queries"] > 0 and row["floor_sql_ms"] > 0

    [loop] = measure_calls(data, iterations=1, warmup=0)
    assert loop["name"] == "sel.rankings_all_clusters" and loop["clusters"] == Cluster.objects.count()
    assert loop["floor_rows"] == [ClusterMembership.objects.count()]
    assert loop["queries"] > 0 and loop["floor_view_ms"] is None and loop["median_ms"] > 0
