"""Small builders shared by the backend tests of indicators: a fresh indicator with round-number targets, lookups
of demo targets, workbooks to upload, and row counts to prove that nothing was written."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.models import AuditEvent
from thidua.indicators import services
from thidua.indicators.enums import Aggregation, Direction
from thidua.indicators.models import Indicator, ProgressEntry, Target
from thidua.indicators.spreadsheet import COLUMNS

BASELINE_ON = datetime.date(2021, 6, 30)
DUE_ON = datetime.date(2021, 12, 31)
#: 92 of the 184 days from the baseline date to the due date: a value here is projected to double its gain.
HALFWAY = datetime.date(2021, 9, 30)
HEADER = [msgid for _key, msgid, _width, _filled in COLUMNS]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def demo_target(province, unit_code: str, indicator_code: str) -> Target:
    return Target.objects.select_related("indicator__campaign", "unit").get(
        unit_id=province.unit_ids[unit_code], indicator__code=indicator_code,
        indicator__campaign_id=province.campaign_id)


def fresh_indicator(province, code: str = "TEST-01", *, direction=Direction.HIGHER_BETTER,
                    aggregation=Aggregation.LAST, units=("H-YT", "SYT"), baseline="40", target="90") -> Indicator:
    """An indicator under content area 1 with targets 40 → 90 (30/6 → 31/12/2021) for ``units``, set by the system."""
    campaign = province.campaign()
    indicator = services.indicator_create(
        by=None, campaign=campaign, content_area=campaign.contents.get(order=1), code=code,
        name=f"Chỉ tiêu thử {code}", unit_of_measure="%", direction=direction, aggregation=aggregation)
    services.targets_set_bulk(by=None, indicator=indicator, rows=[
        {"unit_id": province.unit_ids[u], "baseline": Decimal(baseline), "target_value": Decimal(target),
         "baseline_on": BASELINE_ON, "due_on": DUE_ON} for u in units])
    return indicator


def target_for(indicator: Indicator, province, unit_code: str) -> Target:
    return Target.objects.select_related("indicator__campaign", "unit").get(
        indicator=indicator, unit_id=province.unit_ids[unit_code])


def counts() -> dict[str, int]:
    """What a refused write must leave unchanged."""
    return {"entries": ProgressEntry.objects.count(), "current": ProgressEntry.objects.filter(is_current=True).count(),
            "events": AuditEvent.objects.count(), "versions": sum(Target.objects.values_list("version", flat=True))}


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


def sheet_row(unit: str, indicator: str, period, value, note: str = "") -> list:
    """A row in the template's layout (A unit code … K period, L value, M note)."""
    return [unit, "", indicator, "", "", None, None, None, None, None, period, value, note]


def workbook_bytes(rows: list[list], *, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if header is not None:
        sheet.append(header)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "so-lieu.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def counted_in_units(*codes: str) -> None:
    """Make indicators counts rather than percentages, so a test may record values above 100 (a percentage is held
    to 0–100)."""
    Indicator.objects.filter(code__in=codes).update(unit_of_measure="lượt")
