"""The month rollups (``indicators.rollups``) equal a recomputation from the raw values after every kind of write:
a new value, a correction, a value filled in backwards under a sum, an import with replacements, a changed goal, a
changed combining rule, a pledge approved; and the office's trend read from them is the trend computed here, in
Python, from every current value."""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.indicators import rollups, selectors, services
from thidua.indicators.enums import Aggregation
from thidua.indicators.models import ProgressEntry, ProgressMonth, Target
from thidua.indicators.spreadsheet import read_sheet

from .builders import BASELINE_ON, DUE_ON, HALFWAY, demo_target, fresh_indicator, sheet_row, target_for, workbook_bytes

D = Decimal


def python_trend(campaign_id: int, content_area_id: int | None = None) -> list[tuple]:
    """By month: the mean clamped completion of the approved targets' current values and how many targets."""
    shown: dict[datetime.date, list[Decimal]] = defaultdict(list)
    reported: dict[datetime.date, set[int]] = defaultdict(set)
    entries = ProgressEntry.objects.filter(is_current=True, target__approval="approved",
                                           target__indicator__campaign_id=campaign_id)
    if content_area_id:
        entries = entries.filter(target__indicator__content_area_id=content_area_id)
    for target_id, period_end, completion in entries.values_list("target_id", "period_end", "completion"):
        month = period_end.replace(day=1)
        reported[month].add(target_id)
        if completion is not None:
            shown[month].append(min(D(100), max(D(0), completion)))
    return [(month, (sum(shown[month]) / len(shown[month])).quantize(D("0.01")) if shown[month] else None,
             len(reported[month])) for month in sorted(reported)]


def office_trend(province, content_area_id: int | None = None) -> list[tuple]:
    return [(month, average.quantize(D("0.01")) if average is not None else None, count)
            for month, average, count in selectors.progress_over_time(
                user=province.user("vanphong"), campaign=province.campaign(), content_area_id=content_area_id)]


def assert_rollups_right(province) -> None:
    assert rollups.differences() == []
    assert office_trend(province) == python_trend(province.campaign_id)
    area = province.campaign().contents.get(order=1).pk
    assert office_trend(province, area) == python_trend(province.campaign_id, area)


def record(target: Target, value, period) -> None:
    target.refresh_from_db()
    services.progress_record(by=None, target=target, period_end=period, value=value, version=target.version)


def test_the_demo_loads_with_its_rollups_right(province):
    assert ProgressMonth.objects.filter(campaign_id=province.campaign_id).count() > 0
    assert_rollups_right(province)


def test_every_kind_of_write_keeps_the_rollups_equal_to_the_values(province):
    area = province.campaign().contents.get(order=1)
    before = dict(ProgressMonth.objects.filter(content_area=area).values_list("month", "valued"))

    # a new value in a month nobody reported yet, then a correction of it
    target = demo_target(province, "H-YT", "YT-01")
    record(target, "60", DUE_ON)
    assert_rollups_right(province)
    record(target, "20", DUE_ON)
    assert_rollups_right(province)

    # a sum filled in backwards: the later month's completion moves, and its rollup with it
    summed = fresh_indicator(province, "SUM-01", aggregation=Aggregation.SUM, baseline="0", target="300")
    late = target_for(summed, province, "H-YT")
    record(late, "100", HALFWAY)
    record(late, "50", datetime.date(2021, 8, 31))
    late.refresh_from_db()
    assert late.completion == D("50.00")
    assert_rollups_right(province)
    assert ProgressMonth.objects.get(content_area=area, month=datetime.date(2021, 8, 1)).valued == \
        before.get(datetime.date(2021, 8, 1), 0) + 1

    # an import that adds values and replaces one
    rows = read_sheet(io.BytesIO(workbook_bytes([
        sheet_row("SYT", "SUM-01", datetime.date(2021, 10, 31), "80"),
        sheet_row("H-YT", "SUM-01", HALFWAY, "90"),  # replaces the 100 above
        sheet_row("H-YT", "YT-01", DUE_ON, "75"),  # replaces the correction above
    ])))
    assert services.progress_import(by=None, campaign=province.campaign(), rows=rows)["replaced"] == 2
    assert_rollups_right(province)

    # a changed goal re-evaluates every value of the target; a changed combining rule every target's
    late.refresh_from_db()
    services.target_set(by=None, indicator=summed, unit=late.unit, baseline=D("0"), target_value=D("200"),
                        baseline_on=BASELINE_ON, due_on=DUE_ON, version=late.version)
    assert_rollups_right(province)
    services.indicator_update(by=None, indicator=summed, aggregation=Aggregation.LAST)
    assert_rollups_right(province)


def test_a_target_approved_later_counts_only_from_its_approval(province):
    indicator = fresh_indicator(province, "PLEDGE-01", units=("SYT",))
    pledge = services.target_pledge(by=province.user("yenthe"), indicator=indicator,
                                    unit=demo_target(province, "H-YT", "YT-01").unit, baseline=D("10"),
                                    target_value=D("20"))
    assert pledge.approval == "pending"
    services.target_decide(by=province.user("vanphong"), target=pledge, approve=True, version=pledge.version)
    record(Target.objects.get(pk=pledge.pk), "15", HALFWAY)
    assert_rollups_right(province)


def test_the_office_trend_reads_one_query_whatever_the_values(province):
    user, campaign = province.user("vanphong"), province.campaign()
    selectors.progress_over_time(user=user, campaign=campaign)  # the user's access, kept for the request
    with CaptureQueriesContext(connection) as few:
        selectors.progress_over_time(user=user, campaign=campaign)
    record(demo_target(province, "H-YT", "YT-01"), "60", DUE_ON)
    with CaptureQueriesContext(connection) as more:
        selectors.progress_over_time(user=user, campaign=campaign)
    assert len(few) == len(more) == 1
    assert "progressentry" not in more.captured_queries[0]["sql"].lower()


def test_a_scoped_clerk_reads_its_own_values_not_the_province_rollup(province):
    """A cluster head's clerk sees its members' months, not the province's."""
    hiephoa, campaign = province.user("hiephoa"), province.campaign()
    scope = selectors.visible_unit_ids(user=hiephoa, campaign=campaign)
    assert scope
    own = selectors.progress_over_time(user=hiephoa, campaign=campaign)
    reported = {month.replace(day=1): count for month, _average, count in own}
    want: dict[datetime.date, set[int]] = defaultdict(set)
    for target_id, period_end in ProgressEntry.objects.filter(
            is_current=True, target__approval="approved", target__unit_id__in=scope,
            target__indicator__campaign=campaign).values_list("target_id", "period_end"):
        want[period_end.replace(day=1)].add(target_id)
    assert reported == {month: len(ids) for month, ids in want.items()}
    assert reported != {month: count for month, _a, count in office_trend(province)}


def test_the_command_finds_a_wrong_rollup_and_rebuilds_it(province):
    row = ProgressMonth.objects.filter(campaign_id=province.campaign_id).order_by("month").first()
    ProgressMonth.objects.filter(pk=row.pk).update(shown_sum=row.shown_sum + 7)
    with pytest.raises(CommandError, match="1 month rollups differ"):
        call_command("progress_rollups", "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("progress_rollups", "--campaign", str(province.campaign_id), stdout=out)
    assert "Rebuilt" in out.getvalue()
    assert rollups.differences() == []
