"""Demo indicators for the seed's nine content areas, targets for every participant and monthly values from July to
November 2021, built through the services (so the audit log and the statuses are real).

Values are drawn from a fixed-seed generator: the same demo every time, with units achieved, on track, at risk and
off track. A few units have a corrected value (kept in the history) and Yên Thế has a pledge waiting for approval.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from thidua.campaigns.models import Campaign
from thidua.campaigns.selectors.plan import campaign_participants
from thidua.indicators import services
from thidua.indicators.enums import Aggregation, Direction, Frequency
from thidua.indicators.spreadsheet import SheetRow
from thidua.org.enums import UnitKind
from thidua.org.models import Unit

DUE_ON = datetime.date(2021, 12, 31)
MONTH_ENDS = [datetime.date(2021, m, d) for m, d in ((7, 31), (8, 31), (9, 30), (10, 31), (11, 30))]

# (content order, code, name, unit of measure, direction, aggregation, for localities only,
#  baseline range, target range) – ranges are (low, high) drawn per unit; None means "same as baseline"
INDICATORS = [
    (1, "YT-01", "Tỷ lệ người từ 18 tuổi trở lên được tiêm ít nhất 1 mũi vắc xin phòng COVID-19", "%",
     Direction.HIGHER_BETTER, Aggregation.LAST, True, (35, 60), (95, 100)),
    (2, "SX-01", "Tỷ lệ người lao động trở lại làm việc tại các khu, cụm công nghiệp", "%",
     Direction.HIGHER_BETTER, Aggregation.LAST, True, (55, 80), (100, 100)),
    (2, "SX-02", "Tỷ lệ giải ngân vốn đầu tư công năm 2021", "%",
     Direction.HIGHER_BETTER, Aggregation.LAST, False, (30, 50), (95, 100)),
    (3, "PCI-01", "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn", "%",
     Direction.HIGHER_BETTER, Aggregation.LAST, False, (90, 97), (100, 100)),
    (4, "NS-01", "Thu ngân sách nhà nước trên địa bàn (6 tháng cuối năm)", "tỷ đồng",
     Direction.HIGHER_BETTER, Aggregation.SUM, True, (0, 0), (150, 900)),
    (5, "TNMT-01", "Tỷ lệ hồ sơ tồn đọng về đất đai, môi trường được giải quyết", "%",
     Direction.HIGHER_BETTER, Aggregation.LAST, True, (20, 45), (90, 100)),
    (6, "GD-01", "Tỷ lệ trường học tổ chức dạy học an toàn theo kế hoạch năm học 2021-2022", "%",
     Direction.HIGHER_BETTER, Aggregation.LAST, True, (60, 85), (100, 100)),
    (7, "CCHC-01", "Xếp hạng Chỉ số cải cách hành chính (PAR Index) của tỉnh", "hạng",
     Direction.LOWER_BETTER, Aggregation.LAST, False, (8, 18), None),
    (7, "CCHC-02", "Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, xử lý trực tuyến", "%",
     Direction.HIGHER_BETTER, Aggregation.LAST, False, (15, 40), (50, 70)),
    (8, "ANTT-01", "Số vụ phạm pháp hình sự xảy ra trong tháng", "vụ",
     Direction.LOWER_BETTER, Aggregation.LAST, True, (12, 30), None),
    (9, "PH-01", "Tỷ lệ kiến nghị của cử tri được giải quyết, trả lời", "%",
     Direction.HIGHER_BETTER, Aggregation.LAST, False, (70, 85), (100, 100)),
]

#: How a unit's values move: a share of the way to the target reached by November (drawn per target).
PACE_CHOICES = [1.15, 1.05, 0.98, 0.9, 0.82, 0.7, 0.5]


def _round(value: float, unit_of_measure: str) -> Decimal:
    return Decimal(str(round(value))) if unit_of_measure in ("hạng", "vụ") else Decimal(str(round(value, 1)))


def load_indicators(campaign: Campaign, *, office=None, year: int = 2021,
                    month_ends: list[datetime.date] | None = None) -> dict[str, int]:
    """Indicators, targets and monthly values for a demo campaign (the seed's: five months of 2021, with Yên Thế's
    pledge and Hiệp Hòa's correction; another year: the months given). Returns counts for the loader."""
    seed = year == 2021
    rng = random.Random(year)
    baseline_on, due_on = datetime.date(year, 6, 30), datetime.date(year, 12, 31)
    month_ends = MONTH_ENDS if month_ends is None else month_ends
    areas = {area.order: area for area in campaign.contents.all()}
    participants = [p.unit_id for p in campaign_participants(campaign=campaign)]
    kinds = dict(Unit.objects.filter(pk__in=participants).values_list("pk", "kind"))
    codes = dict(Unit.objects.filter(pk__in=participants).values_list("pk", "code"))
    indicators, goals = [], {}
    for order, code, name, uom, direction, aggregation, localities_only, base_range, target_range in INDICATORS:
        if localities_only and UnitKind.LOCALITY not in kinds.values():
            continue  # a year without district committees (after 1/7/2025): the indicator has no one to report it
        indicator = services.indicator_create(
            by=office, campaign=campaign, content_area=areas[order], code=code, name=name, unit_of_measure=uom,
            direction=direction, aggregation=aggregation, frequency=Frequency.MONTHLY,
        )
        indicators.append(indicator)
        rows = []
        for unit_id in participants:
            if localities_only and kinds[unit_id] != UnitKind.LOCALITY:
                continue
            if seed and codes[unit_id] == "H-YT" and code == "CCHC-02":
                continue  # Yên Thế pledges this one itself (below)
            baseline = _round(rng.uniform(*base_range), uom)
            if target_range is None:  # lower is better: aim for a clear drop
                target = _round(float(baseline) * rng.uniform(0.5, 0.75), uom)
            else:
                target = _round(rng.uniform(*target_range), uom)
            rows.append({"unit_id": unit_id, "baseline": baseline, "target_value": target,
                         "baseline_on": baseline_on, "due_on": due_on})
            goals[(unit_id, code)] = (baseline, target, aggregation, uom)
        services.targets_set_bulk(by=office, indicator=indicator, rows=rows)
    entries = _load_values(campaign, goals, codes, rng, office=office, month_ends=month_ends, seed=seed)
    if not seed:
        return {"indicators": len(indicators), "targets": len(goals), "entries": entries}
    yen_the = Unit.objects.get(code="H-YT")
    pledged = next(i for i in indicators if i.code == "CCHC-02")
    services.target_pledge(by=None, indicator=pledged, unit=yen_the, baseline=Decimal("22.5"),
                           target_value=Decimal("60"), due_on=DUE_ON)

    # A correction: Hiệp Hòa's September vaccination figure was first sent too low.
    hiep_hoa = Unit.objects.get(code="H-HH")
    target = pledged.campaign.indicators.get(code="YT-01").targets.get(unit=hiep_hoa)
    first = target.entries.get(period_end=MONTH_ENDS[2], is_current=True)
    services.progress_record(by=office, target=target, period_end=MONTH_ENDS[2], value=first.value + Decimal("4.2"),
                             note="Bổ sung số liệu tiêm tại các doanh nghiệp trong khu công nghiệp Hòa Phú",
                             version=target.version, today=datetime.date(2021, 10, 5))
    return {"indicators": len(indicators), "targets": len(goals) + 1, "entries": entries + 1}


def _load_values(campaign: Campaign, goals: dict, codes: dict, rng: random.Random, *, office, month_ends,
                 seed: bool) -> int:
    """Month by month, as the units would report: one import per month."""
    paces = {key: rng.choice(PACE_CHOICES) for key in goals}
    entries = 0
    for month, period_end in enumerate(month_ends, start=1):
        rows = []
        for (unit_id, code), (baseline, target, aggregation, uom) in goals.items():
            share = paces[(unit_id, code)] * month / 6 * rng.uniform(0.92, 1.08)
            if aggregation == Aggregation.SUM:
                value = float(target) * paces[(unit_id, code)] / 6 * rng.uniform(0.8, 1.2)
            else:
                value = float(baseline) + (float(target) - float(baseline)) * share
                if uom == "%":
                    value = min(value, 100.0)
                value = max(value, 0.0)
            if seed and codes[unit_id] == "TP-BG" and code == "ANTT-01" and month == 3:
                continue  # one missed month
            rows.append(SheetRow(row=len(rows) + 2, unit_code=codes[unit_id], indicator_code=code,
                                 period_end=period_end, value=_round(value, uom), note="", letters={}))
        entries += services.progress_import(by=office, campaign=campaign, rows=rows)["rows"]
    return entries
