"""Indicators, targets and monthly progress of the measured campaign (``Scale.indicators`` × every participant ×
``Scale.months``; province: 20 × 999 × 24 ≈ 480,000 entries).

Rows go in without the services, which audit value by value: targets with ``bulk_create`` (their ids are needed),
entries with one ``COPY`` on PostgreSQL and one ``executemany`` INSERT on SQLite. Each entry's completion as of its
period comes from ``indicators.progress.evaluate``, the pure function the services use; then the targets' kept
fields (current value, completion, projection, status) are computed by the services' own
``indicators.services._refresh_targets``, which also re-checks every entry's completion (none should change).
So stored statuses and completions are exactly what the application would have written.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from thidua.accounts.models import User
from thidua.campaigns.models import Campaign
from thidua.campaigns.selectors.plan import campaign_participants
from thidua.core.models import AuditEvent
from thidua.indicators import progress, rollups
from thidua.indicators.enums import (
    Aggregation,
    Direction,
    EntrySource,
    Frequency,
    TargetApproval,
    TargetOrigin,
    TargetStatus,
)
from thidua.indicators.models import Indicator, ProgressEntry, Target
from thidua.indicators.services import _refresh_targets

from .scales import Scale

#: The last reported month; the import files add the month after it (the year-end figure, on the due date).
LAST_PERIOD = datetime.date(2025, 11, 30)
DUE_ON = datetime.date(2025, 12, 31)
IMPORT_PERIOD = DUE_ON
#: One target in this many is a pledge still waiting for approval (no values); one in this many approved ones has
#: no value yet (a unit that has not reported); one in this many has a corrected month (the old value kept).
PENDING_EVERY = 200
NO_DATA_EVERY = 150
CORRECTED_EVERY = 25
BATCH = 2000

# (code, name, unit of measure, direction, aggregation, baseline range, target range or None for "a drop to
#  50–75 % of the baseline"), after the demo's (thidua/demo/indicators.py), for a province-wide plan.
CATALOG = [
    ("YT-01", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", Direction.HIGHER_BETTER, Aggregation.LAST,
     (85, 92), (95, 98)),
    ("YT-02", "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "%", Direction.HIGHER_BETTER, Aggregation.LAST,
     (88, 94), (97, 99)),
    ("YT-03", "Tỷ số giới tính khi sinh (số bé trai trên 100 bé gái)", "bé trai", Direction.EXACT, Aggregation.AVERAGE,
     (112, 116), (107, 107)),
    ("LD-01", "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ", "%", Direction.HIGHER_BETTER, Aggregation.LAST,
     (28, 35), (38, 42)),
    ("LD-02", "Số lao động được tạo việc làm mới", "người", Direction.HIGHER_BETTER, Aggregation.SUM,
     (0, 0), (800, 4000)),
    ("NS-01", "Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", Direction.HIGHER_BETTER, Aggregation.SUM,
     (0, 0), (150, 2400)),
    ("NS-02", "Tỷ lệ giải ngân vốn đầu tư công", "%", Direction.HIGHER_BETTER, Aggregation.LAST, (20, 40), (95, 100)),
    ("KT-01", "Tốc độ tăng trưởng giá trị sản xuất công nghiệp", "%", Direction.HIGHER_BETTER, Aggregation.AVERAGE,
     (6, 9), (12, 15)),
    ("KT-02", "Số doanh nghiệp thành lập mới", "doanh nghiệp", Direction.HIGHER_BETTER, Aggregation.SUM,
     (0, 0), (60, 400)),
    ("CCHC-01", "Xếp hạng Chỉ số cải cách hành chính (PAR Index)", "hạng", Direction.LOWER_BETTER, Aggregation.LAST,
     (10, 30), None),
    ("CCHC-02", "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, xử lý trực tuyến", "%", Direction.HIGHER_BETTER,
     Aggregation.LAST, (35, 60), (80, 90)),
    ("CCHC-03", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "%", Direction.HIGHER_BETTER,
     Aggregation.AVERAGE, (92, 97), (99, 100)),
    ("NTM-01", "Số xã đạt chuẩn nông thôn mới nâng cao", "xã", Direction.HIGHER_BETTER, Aggregation.LAST,
     (2, 6), (8, 14)),
    ("GN-01", "Tỷ lệ hộ nghèo theo chuẩn đa chiều", "%", Direction.LOWER_BETTER, Aggregation.LAST, (2, 6), None),
    ("MT-01", "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý", "%", Direction.HIGHER_BETTER, Aggregation.LAST,
     (80, 90), (98, 100)),
    ("MT-02", "Tỷ lệ hồ sơ tồn đọng về đất đai được giải quyết", "%", Direction.HIGHER_BETTER, Aggregation.LAST,
     (20, 45), (90, 100)),
    ("GD-01", "Tỷ lệ trường đạt chuẩn quốc gia", "%", Direction.HIGHER_BETTER, Aggregation.LAST, (60, 80), (85, 95)),
    ("ANTT-01", "Số vụ phạm pháp hình sự xảy ra", "vụ", Direction.LOWER_BETTER, Aggregation.LAST, (12, 40), None),
    ("ATGT-01", "Số người chết vì tai nạn giao thông", "người", Direction.LOWER_BETTER, Aggregation.LAST,
     (4, 20), None),
    ("DV-01", "Tỷ lệ kiến nghị của cử tri được giải quyết, trả lời", "%", Direction.HIGHER_BETTER, Aggregation.LAST,
     (70, 85), (100, 100)),
]
#: How far along each target moves: the share of its way to the target that its pace would reach by the due
#: date (drawn per target; ≥ 1 on track or achieved, 0.8–1 at risk, below off track).
PACES = [1.4, 1.12, 1.03, 1.02, 1.01, 1.0, 0.97, 0.92, 0.86, 0.7, 0.5]
NOTES = ["Số liệu ước thực hiện, sẽ cập nhật khi có báo cáo chính thức.", "Theo báo cáo của phòng chuyên môn.",
         "Đã đối chiếu với số liệu của Cục Thống kê tỉnh."]


@dataclass
class ProgressData:
    """What the progress measurements need to know about the targets just built."""

    campaign_id: int
    year: int  # the campaign's year: cluster memberships of that year group the units
    unit_id: int  # the unit whose progress page is measured (the first participant)
    as_of: datetime.date  # the campaign's "as of" day (its end, since that has passed)
    baseline_on: datetime.date
    periods: list[datetime.date]  # the month ends that have values, oldest first
    import_period: datetime.date  # the month the import files add
    counts: dict[str, int]


def month_ends(last: datetime.date, count: int) -> list[datetime.date]:
    """``count`` month ends up to ``last``, oldest first."""
    ends, year, month = [], last.year, last.month
    for _ in range(count):
        first_of_next = datetime.date(year + (month == 12), month % 12 + 1, 1)
        ends.append(first_of_next - datetime.timedelta(days=1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return ends[::-1]


def _round(value: float, uom: str) -> Decimal:
    whole = uom not in ("%", "tỷ đồng", "bé trai")
    return Decimal(round(value)) if whole else Decimal(str(round(value, 2)))


def _goal_values(rng: random.Random, spec: tuple) -> tuple[Decimal, Decimal]:
    _code, _name, uom, direction, _aggregation, base_range, target_range = spec
    baseline = _round(rng.uniform(*base_range), uom)
    if target_range is None:
        target = _round(float(baseline) * rng.uniform(0.5, 0.75), uom)
    else:
        target = _round(rng.uniform(*target_range), uom)
    if direction == Direction.HIGHER_BETTER and target < baseline:
        target = baseline
    return baseline, target


def value_for(goal: progress.Goal, uom: str, pace: float, period_end: datetime.date, months_in_plan: int,
              noise: float) -> Decimal:
    """A believable value for one period: on a straight line from the baseline towards ``pace`` × the target."""
    span = float(goal.target - goal.baseline)
    if goal.aggregation == Aggregation.SUM:  # a month's share of the total
        value = span * pace / months_in_plan * noise
    elif goal.aggregation == Aggregation.AVERAGE:  # the month's own rate
        value = float(goal.baseline) + span * pace * noise
    else:  # where the unit stands at the end of the month
        elapsed = (period_end - goal.baseline_on).days / (goal.due_on - goal.baseline_on).days
        value = float(goal.baseline) + span * pace * elapsed * noise
    if uom == "%":
        value = min(value, 100.0)
    return _round(max(value, 0.0), uom)


def _insert_entries(rows: list[tuple]) -> None:
    """``rows`` are in ``COLUMNS`` order; one COPY on PostgreSQL, one executemany elsewhere."""
    table = ProgressEntry._meta.db_table
    columns = ", ".join(connection.ops.quote_name(c) for c in ENTRY_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(ENTRY_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


ENTRY_COLUMNS = ("created_at", "updated_at", "target_id", "period_end", "value", "note", "evidence", "evidence_name",
                 "evidence_sha256", "entered_by_id", "source", "is_current", "replaces_id", "completion")


def build_progress(scale: Scale, campaign: Campaign, office: User, clerk: User, step,
                   seed: int = 2025) -> ProgressData:
    """Indicators under the campaign's content areas, a target for every participant, monthly values."""
    rng = random.Random(seed)
    periods = month_ends(LAST_PERIOD, scale.months)
    baseline_on = month_ends(periods[0], 2)[0]  # the month end before the first period
    months_in_plan = scale.months + 1  # the values so far, then the import's year-end month
    areas = list(campaign.contents.order_by("order"))
    if scale.indicators > len(CATALOG):
        raise ValueError(f"scale {scale.name}: at most {len(CATALOG)} indicators (the catalog's size)")
    indicators = Indicator.objects.bulk_create([
        Indicator(campaign=campaign, content_area=areas[i % len(areas)], code=spec[0], name=spec[1],
                  unit_of_measure=spec[2], direction=spec[3], aggregation=spec[4], frequency=Frequency.MONTHLY,
                  description="Số liệu do đơn vị báo cáo hằng tháng.")
        for i, spec in enumerate(CATALOG[:scale.indicators])
    ])
    participants = [p.unit_id for p in campaign_participants(campaign=campaign)]

    targets, specs = [], []
    for unit_index, unit_id in enumerate(participants):
        for k, (indicator, spec) in enumerate(zip(indicators, CATALOG[:len(indicators)], strict=True)):
            baseline, target_value = _goal_values(rng, spec)
            pending = (unit_index * len(indicators) + k) % PENDING_EVERY == PENDING_EVERY - 1
            targets.append(Target(
                indicator=indicator, unit_id=unit_id, baseline=baseline, baseline_on=baseline_on,
                target_value=target_value, due_on=DUE_ON,
                origin=TargetOrigin.PLEDGED if pending else TargetOrigin.ASSIGNED,
                approval=TargetApproval.PENDING if pending else TargetApproval.APPROVED,
                decided_by=None if pending else office,
            ))
            specs.append(spec)
    targets = Target.objects.bulk_create(targets, batch_size=BATCH)
    step(f"{len(indicators)} indicators, {len(targets)} targets for {len(participants)} participants")

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # Dates as the driver takes them, converted once (SQLite would call a Python adapter for every value).
    db_periods = [connection.ops.adapt_datefield_value(period) for period in periods]
    rows: list[tuple] = []
    replaced = 0
    for n, (target, spec) in enumerate(zip(targets, specs, strict=True)):
        if target.approval != TargetApproval.APPROVED or n % NO_DATA_EVERY == NO_DATA_EVERY // 2:
            continue
        goal = progress.Goal(direction=spec[3], aggregation=spec[4], baseline=target.baseline,
                             target=target.target_value, baseline_on=baseline_on, due_on=DUE_ON)
        pace = rng.choice(PACES)
        values = [value_for(goal, spec[2], pace, period, months_in_plan, rng.uniform(0.985, 1.015))
                  for period in periods]
        series = progress.evaluate(goal, list(zip(periods, values, strict=True))).series
        entered = clerk.pk if n % 3 else office.pk
        for i, (period, value, done) in enumerate(zip(db_periods, values, series, strict=True)):
            note = NOTES[(n + i) % len(NOTES)] if (n + i) % 17 == 0 else ""
            rows.append((now, now, target.pk, period, value, note, "", "", "", entered, EntrySource.IMPORT, True,
                         None, done))
        if n % CORRECTED_EVERY == 0:  # the month before last was first sent 10 % off, then corrected
            period = db_periods[-2] if len(periods) > 1 else db_periods[-1]
            rows.append((now, now, target.pk, period, _round(float(values[-2 if len(periods) > 1 else -1]) * 0.9,
                                                                   spec[2]),
                         "", "", "", "", entered, EntrySource.FORM, False, None, None))
            replaced += 1
    _insert_entries(rows)
    step(f"{len(rows)} progress entries ({replaced} replaced by a correction), {connection.vendor} bulk insert")

    ids = [t.pk for t in targets]
    refreshed = _refresh_targets(ids, bump_version=False)
    statuses = dict.fromkeys(TargetStatus.values, 0)
    for status in Target.objects.filter(indicator__campaign=campaign).values_list("status", flat=True):
        statuses[status] += 1
    step(f"{refreshed} targets evaluated by services._refresh_targets: "
         + ", ".join(f"{n} {s}" for s, n in statuses.items()))
    step(f"{rollups.rebuild(campaign_id=campaign.pk)} month rollups built by indicators.rollups.rebuild")

    target_type = ContentType.objects.get_for_model(Campaign)
    AuditEvent.objects.bulk_create([
        AuditEvent(actor=office, action="indicators.progress.imported", target_type=target_type,
                   target_id=campaign.pk, target_repr=str(campaign)[:300],
                   data={"rows": len(targets), "period_end": period.isoformat(), "bench": True})
        for period in periods
    ])
    return ProgressData(
        campaign_id=campaign.pk, year=campaign.year, unit_id=participants[0],
        as_of=min(timezone.localdate(), campaign.ends_on), baseline_on=baseline_on,
        periods=periods, import_period=IMPORT_PERIOD,
        counts={"indicators": len(indicators), "targets": len(targets),
                "targets_approved": sum(t.approval == TargetApproval.APPROVED for t in targets),
                "entries": len(rows), "entries_current": len(rows) - replaced,
                **{f"targets_{s}": n for s, n in statuses.items()}},
    )

