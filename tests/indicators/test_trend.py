"""The province's trend: each month says how many of the targets reported, and a month too few reported for (one
unit reporting December early) is left off the line instead of making it jump."""

from __future__ import annotations

import datetime
from decimal import Decimal

from tests.support import signed_in
from thidua.indicators import selectors, services
from thidua.indicators.models import Target


def test_an_early_report_by_one_unit_is_a_partial_month_off_the_line(province):
    user = province.user("vanphong")
    before = selectors.progress_trend(user=user, campaign=province.campaign())
    assert before and all(not p.partial for p in before)
    expected = before[0].expected
    assert expected == Target.objects.filter(indicator__campaign=province.campaign(), approval="approved").count()
    target = Target.objects.get(unit_id=province.unit_ids["H-YT"], indicator__code="YT-01")
    services.progress_record(by=province.user("yenthe"), target=target, period_end=datetime.date(2021, 12, 31),
                             value=Decimal("100"), version=target.version, today=datetime.date(2022, 1, 2))
    after = selectors.progress_trend(user=user, campaign=province.campaign())
    december = after[-1]
    assert december.month == datetime.date(2021, 12, 1)
    assert (december.reported, december.expected, december.partial) == (1, expected, True)
    assert [p.average for p in after[:-1]] == [p.average for p in before]  # the months before are untouched


def test_the_dashboard_labels_each_month_with_its_count_and_draws_no_partial_point(province):
    target = Target.objects.get(unit_id=province.unit_ids["H-YT"], indicator__code="YT-01")
    services.progress_record(by=province.user("yenthe"), target=target, period_end=datetime.date(2021, 12, 31),
                             value=Decimal("100"), version=target.version, today=datetime.date(2022, 1, 2))
    trend = selectors.progress_trend(user=province.user("vanphong"), campaign=province.campaign())
    html = signed_in("vanphong").get(f"/campaigns/{province.campaign_id}/progress/").content.decode()
    for point in trend:
        assert f"{point.month:%m/%Y} ({point.reported}/{point.expected})" in html
    assert f"12/2021 (1/{trend[-1].expected})" in html
