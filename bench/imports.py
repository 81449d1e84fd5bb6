"""Throughput of the Excel import (issue 4 asks for at least 5,000 rows/s at the province scale).

For each file size (``Scale.import_months``: 1 month = one value for every approved target, the month after the
last reported one; 2.5 months adds corrections for the two months before, half of the second, which replace
current values) a real XLSX is written with openpyxl in the template's layout, then three phases are timed:

- ``import.read_<m>mo``: ``spreadsheet.read_sheet`` (no database);
- ``import.write_<m>mo``: ``services.progress_import`` on the rows read: checks, replaced values, inserts,
  re-evaluation of the targets, one audit event per value; split by the service's progress marks;
- ``import.e2e_<m>mo``: what a user waits for: the upload through ``POST /api/v1/campaigns/{id}/progress-import``
  (checks, storage, job row) and the job run by the worker's own ``core.jobs.job_run`` (read + write + progress).

Every timed write runs inside a transaction that is then rolled back, so each run sees the same data; the commit
itself is timed once, at the very end (``import.commit_1mo``: the one-month import, committed). The write's SQL
floor is the same rows written with plain statements: one executemany INSERT of the entries, one UPDATE marking the
replaced ones, one UPDATE of the targets' kept fields (no checks, no evaluation, no audit).
"""

from __future__ import annotations

import datetime
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from thidua.campaigns.models import Campaign
from thidua.core.jobs import job_run
from thidua.core.models import Job
from thidua.indicators import progress, selectors, services, spreadsheet
from thidua.indicators.enums import Aggregation, EntrySource
from thidua.indicators.models import Indicator, ProgressEntry, Target

from .data import BenchData
from .indicators import month_ends

#: Labels of ``services.progress_import``'s progress marks (percent → what was done since the previous mark).
PHASES = {10: "checks", 20: "replaced", 40: "advance", 60: "insert", 80: "re-evaluate", 100: "audit"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Rollback(Exception):
    pass


def _label(months: float) -> str:
    return f"{months:g}mo"


def import_plan(data: BenchData, months: float) -> list[tuple[spreadsheet.TemplateRow, datetime.date, Decimal]]:
    """``(template row, period, value)`` for every row of the file: the next month for every approved target, then
    corrections of the months before (the last one partial), newest first."""
    p = data.progress
    campaign = Campaign.objects.get(pk=p.campaign_id)
    rows = list(selectors.template_rows(user=data.office, campaign=campaign))
    sums = set(Indicator.objects.filter(campaign=campaign, aggregation=Aggregation.SUM).values_list("code", flat=True))
    # Each value within its indicator's plausible range (a percentage 0–100), as the import requires.
    ranges = {code: progress.value_range(unit_of_measure=unit, min_value=low, max_value=high)
              for code, unit, low, high in Indicator.objects.filter(campaign=campaign).values_list(
                  "code", "unit_of_measure", "min_value", "max_value")}
    periods = [p.import_period, *reversed(month_ends(p.periods[-1], max(1, int(months + 0.999)) - 1))]
    plan = []
    for m, period in enumerate(periods):
        share = min(1.0, months - m)
        for n, row in enumerate(rows[:round(len(rows) * share)]):
            current = row.current_value if row.current_value is not None else row.baseline
            if row.indicator_code in sums:  # a month's amount: the mean so far
                value = current / max(1, len(p.periods))
            else:  # a little further (the new month) or a little back (a corrected month)
                value = current * (Decimal("1.01") if m == 0 else Decimal("0.995")) + Decimal(n % 7) / 100
            low, high = ranges[row.indicator_code]
            value = max(low, value) if low is not None else value
            value = min(high, value) if high is not None else value
            plan.append((row, period, value.quantize(Decimal("0.01"))))
    return plan


def workbook(plan) -> bytes:
    """The filled template: columns A–J as the download has them, then period, value and note. One value in ten
    is typed as text in Vietnamese notation (``1.234,56``), one row in twenty has a note."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Số liệu")
    sheet.append([str(msgid) for _key, msgid, _width, _filled in spreadsheet.COLUMNS])

    def dated(value):
        if value is None:
            return None
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = spreadsheet.DATE_FORMAT
        return cell

    for n, (row, period, value) in enumerate(plan):
        typed = f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") if n % 10 == 3 else float(value)
        sheet.append([
            row.unit_code, row.unit_name, row.indicator_code, row.indicator_name, row.unit_of_measure,
            float(row.baseline), float(row.target_value), dated(row.due_on),
            float(row.current_value) if row.current_value is not None else None, dated(row.last_period_end),
            dated(period), typed, "Theo báo cáo tháng của đơn vị." if n % 20 == 7 else None,
        ])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rolled_back(function: Callable[[], object]) -> float:
    """Run ``function`` in a transaction that is rolled back; return its time in ms (the rollback not included)."""
    elapsed = 0.0
    try:
        with transaction.atomic():
            started = time.perf_counter()
            function()
            elapsed = (time.perf_counter() - started) * 1000
            raise _Rollback
    except _Rollback:
        pass
    return elapsed


def _write_floor(data: BenchData, rows: list[spreadsheet.SheetRow]) -> Callable[[], None]:
    """The same rows written with three plain executemany statements (see the module docstring)."""
    p = data.progress
    targets = {(u.upper(), i.upper()): pk for pk, u, i in Target.objects.filter(
        indicator__campaign_id=p.campaign_id).values_list("pk", "unit__code", "indicator__code")}
    keys = [(targets[(r.unit_code.upper(), r.indicator_code.upper())], r) for r in rows]
    table, target_table = ProgressEntry._meta.db_table, Target._meta.db_table
    ops = connection.ops
    now = ops.adapt_datetimefield_value(datetime.datetime.now(datetime.UTC))
    insert = (f"INSERT INTO {table} (created_at, updated_at, target_id, period_end, value, note, evidence, "
              f"evidence_name, evidence_sha256, entered_by_id, source, is_current, replaces_id, completion) "
              f"VALUES (%s, %s, %s, %s, %s, %s, '', '', '', %s, %s, %s, NULL, NULL)")
    mark = f"UPDATE {table} SET is_current = %s WHERE target_id = %s AND period_end = %s AND is_current = %s"
    update = f"UPDATE {target_table} SET current_value = %s, version = version + 1 WHERE id = %s"

    def write() -> None:
        with connection.cursor() as cursor:
            cursor.executemany(mark, [(False, pk, ops.adapt_datefield_value(r.period_end), True) for pk, r in keys])
            cursor.executemany(insert, [
                (now, now, pk, ops.adapt_datefield_value(r.period_end), ops.adapt_decimalfield_value(r.value),
                 r.note, data.office.pk, EntrySource.IMPORT.value, True) for pk, r in keys])
            cursor.executemany(update, [(ops.adapt_decimalfield_value(r.value), pk) for pk, r in keys])

    return write


def _row(name: str, data: BenchData, samples: list[float], n_rows: int, **extra) -> dict:
    median = statistics.median(samples)
    return {
        "name": name, "database": connection.vendor, "scale": data.scale.name,
        "median_ms": round(median, 3), "p95_ms": round(max(samples), 3), "iterations": len(samples),
        "rows": n_rows, "rows_per_s": round(n_rows / (median / 1000)) if median else None, **extra,
    }


def measure_imports(data: BenchData, bench_dir, *, only: set[str] | None = None,
                    say: Callable[[str], None] = lambda _: None) -> list[dict]:
    """One row per phase and file size (see the module docstring); ``only`` filters by row name."""
    runs = data.scale.import_iterations
    campaign = Campaign.objects.get(pk=data.progress.campaign_id)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {data.token}")
    url = f"/api/v1/campaigns/{campaign.pk}/progress-import"
    results: list[dict] = []

    def wanted(name: str) -> bool:
        return not only or name in only

    first_rows = None
    for months in data.scale.import_months:
        label = _label(months)
        names = [f"import.{phase}_{label}" for phase in ("read", "write", "e2e")]
        if not any(map(wanted, names + (["import.commit_1mo"] if months == 1 else []))):
            continue
        started = time.perf_counter()
        plan = import_plan(data, months)
        content = workbook(plan)
        say(f"[bench] {connection.vendor}: import file {label}: {len(plan)} rows, {len(content) / 1e6:.1f} MB, "
            f"written in {time.perf_counter() - started:.1f}s")

        read_samples, rows = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            rows = spreadsheet.read_sheet(io.BytesIO(content))
            read_samples.append((time.perf_counter() - t0) * 1000)
        if len(rows) != len(plan):
            raise RuntimeError(f"read_sheet returned {len(rows)} rows of {len(plan)}")
        if months == 1:
            first_rows = rows
        if wanted(names[0]):
            results.append(_row(names[0], data, read_samples, len(rows), file_bytes=len(content)))

        if wanted(names[1]):
            marks: list[dict[int, float]] = []
            summary: dict = {}

            def write(rows=rows, marks=marks, summary=summary):
                clock = {"at": time.perf_counter()}
                split: dict[int, float] = {}

                def progressed(percent):
                    now = time.perf_counter()
                    split[percent] = split.get(percent, 0.0) + (now - clock["at"]) * 1000
                    clock["at"] = now

                summary.update(services.progress_import(by=data.office, campaign=campaign, rows=rows,
                                                        on_progress=progressed))
                marks.append(split)

            with CaptureQueriesContext(connection) as captured:
                _rolled_back(write)
            queries = len(captured)
            samples = [_rolled_back(write) for _ in range(runs)]
            floor = statistics.median(_rolled_back(_write_floor(data, rows)) for _ in range(runs))
            phases = {PHASES.get(k, f"to {k} %"): round(statistics.median(m.get(k, 0.0) for m in marks[1:]), 1)
                      for k in sorted(marks[-1])}
            median = statistics.median(samples)
            results.append(_row(names[1], data, samples, len(rows), queries=queries, floor_sql_ms=round(floor, 3),
                                ratio_sql=round(median / floor, 1) if floor else None, phases_ms=phases,
                                replaced=summary.get("replaced")))

        if wanted(names[2]):
            def end_to_end(content=content, label=label):
                response = client.post(url, {"file": SimpleUploadedFile(f"so-lieu-{label}.xlsx", content, XLSX)})
                if response.status_code != 202:
                    raise RuntimeError(f"POST {url} answered {response.status_code}: {response.content[:300]!r}")
                job = job_run(response.json()["job_id"])
                if job.status != Job.Status.SUCCEEDED:
                    raise RuntimeError(f"the import job {job.status}: {job.message} {job.errors[:3]}")

            with tempfile.TemporaryDirectory(dir=bench_dir) as media, override_settings(MEDIA_ROOT=media):
                with CaptureQueriesContext(connection) as captured:
                    _rolled_back(end_to_end)
                queries = len(captured)
                samples = [_rolled_back(end_to_end) for _ in range(runs)]
            results.append(_row(names[2], data, samples, len(rows), queries=queries, file_bytes=len(content)))
        for row in results[-3:]:
            if row["name"] in names:
                say(f"[bench] {connection.vendor}: {row['name']:<24} median {row['median_ms']:9.1f} ms  "
                    f"{row['rows_per_s']:>8,} rows/s" + (f"  {row['phases_ms']}" if "phases_ms" in row else ""))

    if first_rows is not None and wanted("import.commit_1mo"):
        # Last, since it changes the data: the one-month import committed (what the write phase leaves out).
        t0 = time.perf_counter()
        with transaction.atomic():
            services.progress_import(by=data.office, campaign=campaign, rows=first_rows)
            t1 = time.perf_counter()
        t2 = time.perf_counter()
        committed = (t2 - t0) * 1000
        results.append(_row("import.commit_1mo", data, [committed], len(first_rows),
                            commit_ms=round((t2 - t1) * 1000, 3)))
        say(f"[bench] {connection.vendor}: import.commit_1mo        {committed:9.1f} ms, of which the commit "
            f"{results[-1]['commit_ms']:.1f} ms")
    return results
