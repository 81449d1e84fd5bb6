"""The Excel import: queued by ``progress_import_start``, run by the job (``job_run``), all or nothing, every error
named by row and column; the values it writes are the ones a full re-evaluation gives."""

import datetime
import io
import time
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from thidua.campaigns import services as campaign_services
from thidua.core.jobs import job_run
from thidua.core.models import AuditEvent, Job
from thidua.indicators import progress, services
from thidua.indicators.enums import Aggregation, EntrySource, TargetApproval
from thidua.indicators.models import Indicator, ProgressEntry, Target
from thidua.indicators.spreadsheet import read_sheet
from thidua.org.models import Unit

from .builders import (
    DUE_ON,
    counted_in_units,
    counts,
    demo_target,
    fresh_indicator,
    last_event,
    sheet_row,
    target_for,
    upload,
    workbook_bytes,
)

D = Decimal
NOVEMBER = datetime.date(2021, 11, 30)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def start(province, username: str, rows: list[list] | None = None, *, content: bytes | None = None) -> Job:
    content = content if content is not None else workbook_bytes(rows or [])
    return services.progress_import_start(by=province.user(username), campaign=province.campaign(),
                                          file=upload(content))


def run(job: Job) -> Job:
    with translation.override("en"):
        return job_run(job.pk)


def assert_kept_values_match_a_full_evaluation(target_ids) -> None:
    """What the import kept on each target is what ``progress.evaluate`` gives from its current entries."""
    for target in Target.objects.filter(pk__in=target_ids).select_related("indicator"):
        entries = list(target.entries.filter(is_current=True).values_list("period_end", "value"))
        result = progress.evaluate(progress.Goal(
            direction=target.indicator.direction, aggregation=target.indicator.aggregation, baseline=target.baseline,
            target=target.target_value, baseline_on=target.baseline_on, due_on=target.due_on), entries)
        kept = (target.current_value, target.last_period_end, target.entry_count, target.completion,
                target.projected_value, target.status)
        assert kept == (result.current_value, result.last_period_end, result.entry_count, result.completion,
                        result.projected_value, result.status), target.pk
        stored = list(target.entries.filter(is_current=True).order_by("period_end")
                      .values_list("completion", flat=True))
        assert stored == result.series, target.pk


# ── a good file ─────────────────────────────────────────────────────────────────────────────────────────────


def test_clerks_file_in_every_notation_is_saved_by_the_job(province):
    yenthe = province.user("yenthe")
    counted_in_units("SX-01", "SX-02")
    job = start(province, "yenthe", [
        sheet_row("H-YT", "YT-01", "31/12/2021", "95,5", "Số liệu của CDC"),
        sheet_row("h-yt", "sx-01", DUE_ON, "1.234,5"),   # codes in any case, Vietnamese thousands
        sheet_row("H-YT", "SX-02", DUE_ON, "1234.5"),
        sheet_row("H-YT", "PCI-01", DUE_ON, "12,5"),
        sheet_row("H-YT", "TNMT-01", DUE_ON, "85%"),
        sheet_row("H-YT", "GD-01", DUE_ON, 99.25),
    ])
    assert (job.status, job.kind, job.created_by) == (Job.Status.QUEUED, "indicators.progress_import", yenthe)
    before = counts()
    job = run(job)
    assert (job.status, job.progress, job.errors) == (Job.Status.SUCCEEDED, 100, [])
    assert job.message == "Saved 6 values for 6 targets (0 replaced older values)."
    saved = dict(ProgressEntry.objects.filter(period_end=DUE_ON, target__unit__code="H-YT")
                 .values_list("target__indicator__code", "value"))
    assert saved == {"YT-01": D("95.5"), "SX-01": D("1234.5"), "SX-02": D("1234.5"), "PCI-01": D("12.5"),
                     "TNMT-01": D("85"), "GD-01": D("99.25")}
    entry = ProgressEntry.objects.get(period_end=DUE_ON, target__indicator__code="YT-01", target__unit__code="H-YT")
    assert (entry.note, entry.source, entry.entered_by, entry.is_current) == ("Số liệu của CDC", EntrySource.IMPORT,
                                                                               yenthe, True)
    assert counts()["entries"] == before["entries"] + 6
    events = AuditEvent.objects.filter(action="indicators.progress.recorded", data__job=job.pk)
    assert sorted(e.data["row"] for e in events) == [2, 3, 4, 5, 6, 7]
    assert {e.actor for e in events} == {yenthe}
    imported = last_event("indicators.progress.imported")
    assert (imported.actor, imported.target_id, imported.data) == (
        yenthe, province.campaign_id, {"rows": 6, "targets": 6, "replaced": 0, "job": job.pk})
    assert_kept_values_match_a_full_evaluation(Target.objects.filter(unit__code="H-YT").values("pk"))


def test_a_replaced_value_keeps_the_old_entry_and_the_event_has_old_and_new(province):
    target = demo_target(province, "H-YT", "YT-01")
    old = target.entries.get(period_end=NOVEMBER, is_current=True)
    version = target.version
    job = run(start(province, "yenthe", [sheet_row("H-YT", "YT-01", "30/11/2021", "90,1")]))
    assert job.status == Job.Status.SUCCEEDED, job.errors
    old.refresh_from_db()
    new = target.entries.get(period_end=NOVEMBER, is_current=True)
    assert (old.is_current, new.replaces_id, new.value) == (False, old.pk, D("90.1"))
    assert target.entries.filter(period_end=NOVEMBER).count() == 2
    event = AuditEvent.objects.get(action="indicators.progress.recorded", data__job=job.pk)
    assert (event.actor, event.target_id, event.data["period_end"], event.data["source"], event.data["row"]) == (
        province.user("yenthe"), target.pk, "2021-11-30", "import", 2)
    assert [D(v) for v in event.data["value"]] == [old.value, D("90.1")]
    assert AuditEvent.objects.get(action="indicators.progress.imported", data__job=job.pk).data["replaced"] == 1
    target.refresh_from_db()
    assert (target.current_value, target.version) == (D("90.1"), version + 1)
    assert_kept_values_match_a_full_evaluation([target.pk])


def test_back_filled_sum_and_average_periods_are_evaluated_as_in_full(province):
    """The import advances targets from their kept values when it can; every path must agree with a full
    re-evaluation: a later period, a replaced latest one, a back-filled earlier one, sums and averages."""
    average = fresh_indicator(province, "AVG-01", aggregation=Aggregation.AVERAGE, units=("H-YT",))
    total = fresh_indicator(province, "SUM-01", aggregation=Aggregation.SUM, baseline="0", target="300",
                            units=("H-YT",))
    counted_in_units("SUM-01")
    for indicator, first in ((average, "70"), (total, "100")):
        services.progress_record(by=None, target=target_for(indicator, province, "H-YT"),
                                 period_end=datetime.date(2021, 8, 31), value=first, version=1)
    job = run(start(province, "vanphong", [
        sheet_row("H-YT", "AVG-01", "31/10/2021", "80"),
        sheet_row("H-YT", "AVG-01", "31/07/2021", "60"),      # back-filled
        sheet_row("H-YT", "SUM-01", "31/08/2021", "120"),     # replaces the latest
        sheet_row("H-YT", "SUM-01", "30/09/2021", "50"),      # later
        sheet_row("H-YT", "YT-01", "15/08/2021", "70"),       # back-filled between the demo's months
        sheet_row("H-YT", "SX-01", "30/11/2021", "93"),       # replaces the latest
        sheet_row("H-YT", "NS-01", "31/12/2021", "40,5"),     # a later period of a demo sum
    ]))
    assert job.status == Job.Status.SUCCEEDED, job.errors
    avg_target = target_for(average, province, "H-YT")
    sum_target = target_for(total, province, "H-YT")
    assert (avg_target.current_value, avg_target.entry_count) == (D("70"), 3)       # (60 + 70 + 80) / 3
    assert (sum_target.current_value, sum_target.entry_count, sum_target.completion) == (D("170"), 2, D("56.67"))
    assert_kept_values_match_a_full_evaluation(Target.objects.filter(unit__code="H-YT").values("pk"))


# ── files that are refused ──────────────────────────────────────────────────────────────────────────────────


def refused(province, username: str, rows=None, *, content=None) -> Job:
    """Start and run an import that must fail; assert it wrote nothing."""
    job = start(province, username, rows, content=content)
    before = counts()
    targets = list(Target.objects.order_by("pk").values_list("pk", "version", "current_value", "status"))
    job = run(job)
    assert job.status == Job.Status.FAILED
    assert counts() == before
    assert list(Target.objects.order_by("pk").values_list("pk", "version", "current_value", "status")) == targets
    assert not AuditEvent.objects.filter(action="indicators.progress.imported", data__job=job.pk).exists()
    return job


def test_one_bad_cell_writes_nothing_and_names_that_row_and_column(province):
    job = refused(province, "yenthe", [
        sheet_row("H-YT", "YT-01", DUE_ON, "95"),
        sheet_row("H-YT", "SX-01", DUE_ON, "96"),
        sheet_row("H-YT", "SX-02", DUE_ON, "chín mươi"),
        sheet_row("H-YT", "PCI-01", DUE_ON, "98"),
    ])
    assert (job.message, job.errors) == ("Nothing was saved: the file has errors.",
                                         [{"row": 4, "column": "L", "message": "“chín mươi” is not a number."}])


def test_text_a_formula_and_a_date_in_number_cells_are_each_reported(province):
    job = refused(province, "yenthe", [
        sheet_row("H-YT", "YT-01", DUE_ON, "khoảng 90"),
        sheet_row("H-YT", "SX-01", DUE_ON, "=L2+1"),
        sheet_row("H-YT", "SX-02", DUE_ON, datetime.date(2021, 12, 1)),
        sheet_row("H-YT", "PCI-01", "=TODAY()", "98"),
    ])
    assert job.errors == [
        {"row": 2, "column": "L", "message": "“khoảng 90” is not a number."},
        {"row": 3, "column": "L", "message": "The cell holds a formula; type the value itself."},
        {"row": 4, "column": "L", "message": "The cell holds a date, not a number."},
        {"row": 5, "column": "K", "message": "The cell holds a formula; type the date itself."},
    ]


def test_an_empty_sheet_is_refused_with_a_message(province):
    job = refused(province, "yenthe", content=workbook_bytes([], header=None))
    assert (job.message, job.errors) == ("The sheet is empty: download the template and fill it.", [])


def test_a_file_with_headers_missing_is_refused(province):
    job = refused(province, "yenthe", content=workbook_bytes([["H-YT", "YT-01", "95"]],
                                                             header=["Unit code", "Indicator", "Value"]))
    assert job.message.startswith("The first row must hold the template's headers; missing: ")
    assert [(e["row"], e["column"]) for e in job.errors] == [(1, None)] * 4


def test_rows_the_database_refuses_are_each_named(province):
    job = refused(province, "yenthe", [
        sheet_row("H-XX", "YT-01", DUE_ON, "1"),                            # 2: no such unit
        sheet_row("H-YT", "ZZ-99", DUE_ON, "1"),                            # 3: no such indicator
        sheet_row("SYT", "YT-01", DUE_ON, "1"),                             # 4: no target (localities only)
        sheet_row("SYT", "PH-01", DUE_ON, "1"),                             # 5: not the clerk's unit
        sheet_row("H-YT", "CCHC-02", DUE_ON, "1"),                          # 6: pledge not approved yet
        sheet_row("H-YT", "YT-01", "30/06/2021", "1"),                      # 7: on the baseline date
        sheet_row("H-YT", "YT-01", "31/01/2022", "1"),                      # 8: after the due date
        sheet_row("H-YT", "SX-01", DUE_ON, "1"),                            # 9: fine
        sheet_row("H-YT", "sx-01", "31/12/2021", "2"),                      # 10: same target and period again
    ])
    assert job.errors == [
        {"row": 2, "column": "A", "message": "No unit has the code “H-XX”."},
        {"row": 3, "column": "C", "message": "This campaign has no indicator “ZZ-99”."},
        {"row": 4, "column": "C", "message": "The unit has no target for this indicator."},
        {"row": 5, "column": "A", "message": f"You may not enter values for {province.unit('SYT').name}."},
        {"row": 6, "column": "C", "message": "This target is not approved yet: values cannot be entered."},
        {"row": 7, "column": "K", "message": "The period must end after the baseline date (30/06/2021)."},
        {"row": 8, "column": "K", "message": "The period cannot end after the target's due date (31/12/2021)."},
        {"row": 10, "column": "K", "message": "Row 9 already gives a value for this target and period."},
    ]


def test_a_period_in_the_future_is_refused(province):
    with pytest.raises(services.ImportRejected) as caught:
        services.progress_import(by=None, campaign=province.campaign(), today=datetime.date(2021, 12, 1), rows=[
            *_rows([sheet_row("H-YT", "YT-01", DUE_ON, "1")])])
    assert [(e["row"], e["column"]) for e in caught.value.errors] == [(2, "K")]


def _rows(rows):
    return read_sheet(io.BytesIO(workbook_bytes(rows)))


def test_cluster_head_cannot_import_a_members_values(province):
    job = refused(province, "hiephoa", [sheet_row("H-HH", "YT-01", DUE_ON, "99"),
                                        sheet_row("H-YT", "YT-01", DUE_ON, "99")])
    assert job.errors == [{"row": 3, "column": "A",
                           "message": f"You may not enter values for {province.unit('H-YT').name}."}]


# ── what is refused before any job ──────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("content", [b"unit;value\nH-YT;95\n", b"%PDF-1.4 not a workbook", b"PK\x03\x04garbage"])
def test_a_file_that_is_not_xlsx_is_refused_before_any_job(province, content):
    jobs = Job.objects.count()
    events = AuditEvent.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        start(province, "yenthe", content=content)
    assert caught.value.message_dict == {"file": ["The file is not an Excel workbook (.xlsx), whatever its name says."]}
    assert (Job.objects.count(), AuditEvent.objects.count()) == (jobs, events)


def test_an_empty_or_oversized_upload_is_refused_before_any_job(province, settings):
    with pytest.raises(ValidationError) as caught:
        start(province, "yenthe", content=b"")
    assert set(caught.value.message_dict) == {"file"}
    settings.THIDUA_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        start(province, "yenthe", [sheet_row("H-YT", "YT-01", DUE_ON, "95")])
    assert set(caught.value.message_dict) == {"file"}
    assert not Job.objects.exists()


@pytest.mark.parametrize("username", ["chutich", "thanhvien"])
def test_leader_and_council_member_cannot_import(province, username):
    with pytest.raises(PermissionDenied):
        start(province, username, [sheet_row("H-YT", "YT-01", DUE_ON, "95")])
    assert not Job.objects.exists()


def test_a_campaign_no_longer_running_refuses_an_import(province):
    job = start(province, "yenthe", [sheet_row("H-YT", "YT-01", DUE_ON, "95")])
    campaign_services.campaign_transition(by=None, campaign=province.campaign(), to="evaluating")
    with pytest.raises(ValidationError):
        start(province, "yenthe", [sheet_row("H-YT", "YT-01", DUE_ON, "95")])
    # A job queued before the campaign closed finds it closed when it runs: it fails, writing nothing.
    before = counts()
    job = run(job)
    assert (job.status, counts()) == (Job.Status.FAILED, before)


def test_the_upload_is_stored_and_the_queueing_is_audited(province):
    job = start(province, "yenthe", [sheet_row("H-YT", "YT-01", DUE_ON, "95")])
    event = last_event("indicators.progress.import_queued")
    assert (event.actor, event.target_id, event.data["job"], event.data["file_name"]) == (
        province.user("yenthe"), province.campaign_id, job.pk, "so-lieu.xlsx")
    assert job.params["campaign_id"] == province.campaign_id
    assert job.params["path"].startswith(f"imports/{province.campaign_id}/")


# ── a province-sized file ───────────────────────────────────────────────────────────────────────────────────


def test_a_50000_row_file_is_imported_completely(province):
    """2,500 units × 10 indicators × 2 months = 50,000 rows (half the reader's limit of 100,000): imported in full,
    with an audit event per value, and the kept values agree with a full evaluation."""
    campaign = province.campaign()
    indicators = list(Indicator.objects.filter(campaign=campaign).exclude(code="CCHC-02").order_by("code"))[:10]
    counted_in_units(*(indicator.code for indicator in indicators))
    Unit.objects.bulk_create([Unit(code=f"BIG-{i:04d}", name=f"Đơn vị thử {i}", short_name=f"ĐV {i}",
                                   kind="department", search_text=f"don vi thu {i}") for i in range(2500)])
    units = list(Unit.objects.filter(code__startswith="BIG-").order_by("code").values_list("pk", "code"))
    Target.objects.bulk_create([
        Target(indicator=indicator, unit_id=unit_id, baseline=D(10), baseline_on=datetime.date(2021, 6, 30),
               target_value=D(1000) if indicator.direction == "higher_better" else D(5),
               due_on=DUE_ON, approval=TargetApproval.APPROVED)
        for indicator in indicators for unit_id, _code in units
    ], batch_size=5000)
    # Only the four columns the reader needs (found by their headers), to keep the writing of the file short.
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Unit code (do not change)", "Indicator code (do not change)", "Period ending",
                  "Value for the period"])
    for period, value in (("30/11/2021", "450,5"), ("31/12/2021", "1.000")):
        for _pk, code in units:
            for indicator in indicators:
                sheet.append([code, indicator.code, period, value])
    out = io.BytesIO()
    book.save(out)
    job = services.progress_import_start(by=province.user("vanphong"), campaign=campaign, file=upload(out.getvalue()))
    entries = ProgressEntry.objects.count()
    events = AuditEvent.objects.count()
    started = time.monotonic()
    job = run(job)
    elapsed = time.monotonic() - started
    assert (job.status, job.progress, job.errors) == (Job.Status.SUCCEEDED, 100, []), job.message
    assert job.message == "Saved 50.000 values for 25.000 targets (0 replaced older values)."
    assert ProgressEntry.objects.count() == entries + 50_000
    assert AuditEvent.objects.count() == events + 50_001
    big = Target.objects.filter(unit__code__startswith="BIG-")
    assert set(big.values_list("indicator__aggregation", "current_value", "entry_count", "last_period_end")) == {
        ("last", D(1000), 2, DUE_ON), ("sum", D("1450.5"), 2, DUE_ON)}
    sample = list(big.order_by("pk").values_list("pk", flat=True)[::997])
    assert_kept_values_match_a_full_evaluation(sample)
    assert elapsed < 60, elapsed
