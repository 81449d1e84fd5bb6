"""The benchmark's builder and measurement, at a tiny scale inside pytest's test database. No timing asserted."""

import io
from collections import Counter

import pytest
from django.db import connection
from django.db.models import F

from bench import report
from bench.data import build
from bench.imports import import_plan, measure_imports, workbook
from bench.indicators import LAST_PERIOD
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
from thidua.indicators.enums import EntrySource, TargetApproval, TargetStatus
from thidua.indicators.models import Indicator, ProgressEntry, Target
from thidua.indicators.services import _refresh_targets
from thidua.indicators.spreadsheet import read_sheet
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


# ── issue 4: targets, progress, dashboards and the import ───────────────────────────────────────────────────


def test_progress_data_is_what_the_services_would_keep(data):
    p = data.progress
    targets = Target.objects.filter(indicator__campaign_id=p.campaign_id)
    participants = TINY.units - 1
    assert Indicator.objects.filter(campaign_id=p.campaign_id).count() == TINY.indicators
    assert targets.count() == p.counts["targets"] == participants * TINY.indicators
    assert len(p.periods) == TINY.months and p.periods[-1] == LAST_PERIOD and p.periods[0] > p.baseline_on
    current = ProgressEntry.objects.filter(target__in=targets, is_current=True)
    assert current.count() == p.counts["entries_current"]
    assert ProgressEntry.objects.filter(target__in=targets).count() == p.counts["entries"] > current.count()
    # Every approved target but a few has one current value per month; nobody has two for one month.
    per_target = Counter(current.values_list("target_id", flat=True))
    assert set(per_target.values()) == {TINY.months}
    assert len(per_target) >= 0.95 * targets.filter(approval=TargetApproval.APPROVED).count()
    # The kept fields are the services' own: evaluating again changes nothing, not even an entry's completion.
    kept = list(targets.order_by("pk").values_list("pk", "status", "completion", "current_value", "version"))
    entries = list(current.order_by("pk").values_list("pk", "completion"))
    _refresh_targets([row[0] for row in kept], bump_version=False)
    assert list(targets.order_by("pk").values_list("pk", "status", "completion", "current_value", "version")) == kept
    assert list(current.order_by("pk").values_list("pk", "completion")) == entries
    statuses = set(targets.values_list("status", flat=True))
    assert {TargetStatus.ACHIEVED, TargetStatus.ON_TRACK, TargetStatus.AT_RISK, TargetStatus.OFF_TRACK,
            TargetStatus.NO_DATA} <= statuses


def test_progress_cases_agree_with_their_raw_sql(data):
    """The measured endpoints answer what the floors compute (the checks raise otherwise), at a constant number of
    queries; the dashboards are measured once they exist."""
    names = [c.name for c in cases(data)]
    for name in ("api.progress_summary_content", "api.progress_summary_cluster", "api.progress_summary_unit",
                 "api.targets", "api.lagging", "api.progress_template", "page.progress_dashboard_content",
                 "page.progress_brief", "page.unit_progress"):
        assert name in names
    rows = {r["name"]: r for r in measure(data, iterations=1, warmup=0,
                                          only={n for n in names if "progress" in n or n in ("api.targets",
                                                                                            "api.lagging")})}
    approved = data.progress.counts["targets_approved"]
    content = rows["api.progress_summary_content"]
    assert content["floor_rows"] == [TINY.content_areas, 1] and content["queries"] > 0
    assert rows["api.targets"]["floor_rows"] == [approved]
    assert rows["api.progress_template"]["floor_rows"] == [approved]
    assert 0 < rows["api.lagging"]["floor_rows"][0] < approved


def test_imports_measure_each_phase_and_leave_the_data_alone(data, tmp_path):
    p = data.progress
    entries = ProgressEntry.objects.count()
    versions = sorted(Target.objects.values_list("pk", "version"))
    rows = {r["name"]: r for r in measure_imports(data, tmp_path, only={
        "import.read_1mo", "import.write_1mo", "import.e2e_1mo", "import.read_2.5mo", "import.write_2.5mo"})}
    assert set(rows) == {"import.read_1mo", "import.write_1mo", "import.e2e_1mo", "import.read_2.5mo",
                         "import.write_2.5mo"}
    one_month = p.counts["targets_approved"]
    assert rows["import.read_1mo"]["rows"] == rows["import.write_1mo"]["rows"] == one_month
    assert 2 * one_month < rows["import.write_2.5mo"]["rows"] <= 3 * one_month
    assert rows["import.write_2.5mo"]["replaced"] > 0 and rows["import.write_1mo"]["replaced"] == 0
    for row in rows.values():
        assert row["median_ms"] > 0 and row["rows_per_s"] > 0 and row["database"] == connection.vendor
    assert rows["import.write_1mo"]["queries"] > 0 and rows["import.write_1mo"]["floor_sql_ms"] > 0
    assert set(rows["import.write_1mo"]["phases_ms"]) >= {"checks", "audit"}
    # Every timed run was rolled back.
    assert ProgressEntry.objects.count() == entries
    assert sorted(Target.objects.values_list("pk", "version")) == versions

    committed = measure_imports(data, tmp_path, only={"import.commit_1mo"})
    assert [r["name"] for r in committed] == ["import.commit_1mo"] and committed[0]["commit_ms"] >= 0
    assert ProgressEntry.objects.count() == entries + one_month
    assert ProgressEntry.objects.filter(period_end=p.import_period, source=EntrySource.IMPORT).count() == one_month


def test_import_file_reads_back_with_both_notations(data):
    plan = import_plan(data, 1)
    rows = read_sheet(io.BytesIO(workbook(plan)))
    assert [(r.unit_code, r.indicator_code, r.period_end, r.value) for r in rows] == [
        (row.unit_code, row.indicator_code, period, value) for row, period, value in plan]


def test_report_tables_and_queries_by_scale(tmp_path):
    request = {"name": "api.targets", "database": "sqlite", "scale": "small", "median_ms": 5.0, "p95_ms": 6.0,
               "queries": 8, "floor_sql_ms": 1.0, "floor_view_ms": 0.3, "ratio_sql": 5.0, "ratio_view": 16.7}
    write = {"name": "import.write_1mo", "database": "sqlite", "scale": "small", "rows": 2000, "median_ms": 400.0,
             "p95_ms": 420.0, "rows_per_s": 5000, "queries": 20, "floor_sql_ms": 100.0, "ratio_sql": 4.0,
             "phases_ms": {"checks": 50.0, "audit": 30.0}}
    text = report.table([request, write])
    assert "api.targets" in text and "import.write_1mo" in text and "5,000" in text and "checks 50 audit 30" in text
    report.write(tmp_path / "sqlite-small.json", [request, write])
    report.write(tmp_path / "sqlite-province.json", [{**request, "scale": "province"},
                                                      {**request, "name": "api.lagging", "queries": 9}])
    report.write(tmp_path / "sqlite-tiny.json", [{**request, "name": "api.lagging", "queries": 8}])
    table = report.queries_by_scale([request], tmp_path)
    lines = {line.split()[0]: line.split() for line in table.splitlines()[2:]}
    assert lines["api.targets"][-1] == "yes" and lines["api.lagging"][-1] == "NO"
    assert "import.write_1mo" not in lines


def test_a_second_run_on_the_same_engine_is_refused(tmp_path):
    """Two runs would share the throwaway database: the second would delete it under the first."""
    from bench.testdb import _exclusive

    with _exclusive(tmp_path, "sqlite"):
        with pytest.raises(RuntimeError, match="another bench run"):
            with _exclusive(tmp_path, "sqlite"):
                pass
        with _exclusive(tmp_path, "postgresql"):
            pass
    with _exclusive(tmp_path, "sqlite"):
        pass
