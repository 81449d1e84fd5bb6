"""The progress dashboards: the numbers shown are the selectors' numbers, scoped to the user, in a fixed number of
queries however much data there is."""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from tests.support import count_queries, signed_in
from thidua.core.text import fold
from thidua.indicators import dashboard_views, rollups, selectors
from thidua.indicators.enums import Direction, TargetApproval, TargetStatus
from thidua.indicators.models import Indicator, ProgressEntry, Target
from thidua.org.enums import UnitKind
from thidua.org.models import ClusterMembership, Unit

STATUSES = [status.value for status in TargetStatus]
CLUSTER_1 = "Cụm thi đua số 1"
CLUSTER_1_UNITS = {"H-HH", "H-TY", "H-VY", "H-YT", "TP-BG"}


def dashboard_url(province, query: str = "") -> str:
    return reverse("indicators:progress_dashboard", args=[province.campaign_id]) + query


def unit_url(province, code: str) -> str:
    return reverse("indicators:unit_progress", args=[province.campaign_id, province.unit_ids[code]])


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def shown_totals(text: str) -> dict[str, str]:
    return dict(re.findall(r'data-total="(\w+)">([^<]*)<', text))


def group_rows(text: str) -> dict[str, dict[str, int]]:
    """``{row key: {"targets": n, status: n, …}}`` of the grouped table."""
    return {key: {name: int(n) for name, n in re.findall(r'data-count="(\w+)">(\d+)<', row)}
            for key, row in re.findall(r'<tr data-key="(\d*)">(.*?)</tr>', text, re.S)}


def counts_of(row) -> dict[str, int]:
    return {"targets": row.targets, **{status: getattr(row, status) for status in STATUSES}}


def approved_count(province, **filters) -> int:
    """Counted straight from the table, independently of the selectors."""
    return Target.objects.filter(indicator__campaign_id=province.campaign_id, approval=TargetApproval.APPROVED,
                                 **filters).count()


# --- what the pages show ---------------------------------------------------------------------------------------


def test_dashboard_totals_are_every_approved_target_counted_by_status(province):
    text = page(signed_in("vanphong"), dashboard_url(province))
    totals = selectors.progress_totals(user=province.user("vanphong"), campaign=province.campaign())
    shown = shown_totals(text)
    assert int(shown["targets"]) == totals.targets == approved_count(province)
    assert {status: int(shown[status]) for status in STATUSES} == {s: getattr(totals, s) for s in STATUSES}
    assert sum(int(shown[status]) for status in STATUSES) == totals.targets
    # The stacked bar writes the same counts in its legend.
    for status in TargetStatus:
        assert f">{status.label}: {getattr(totals, status.value)}</text>" in text


def test_dashboard_states_the_as_of_date_and_the_status_method(province):
    text = page(signed_in("chutich", language="en"), dashboard_url(province))
    assert "Figures as of 31/12/2021" in text
    assert "at least 80\u00a0% of it" in text
    assert "clamped to 0–100%" in text


def test_dashboard_by_content_area_shows_the_summary_of_each_area(province):
    client = signed_in("vanphong")
    text = page(client, dashboard_url(province))
    summary = selectors.progress_summary(user=province.user("vanphong"), campaign=province.campaign(),
                                         group_by="content")
    assert len(summary) == 9
    assert group_rows(text) == {str(row.key): counts_of(row) for row in summary}
    assert text.count('<g class="bar status-none">') == 9  # one bar per content area
    assert page(client, dashboard_url(province, "?by=nonsense")).count('<g class="bar status-none">') == 9


def test_dashboard_by_cluster_links_each_cluster_to_its_units(province):
    text = page(signed_in("vanphong"), dashboard_url(province, "?by=cluster"))
    summary = selectors.progress_summary(user=province.user("vanphong"), campaign=province.campaign(),
                                         group_by="cluster")
    assert group_rows(text) == {str(row.key or ""): counts_of(row) for row in summary}
    cluster_id = province.cluster_ids[CLUSTER_1]
    assert f'<a href="?by=unit&cluster={cluster_id}">{CLUSTER_1}</a>' in text


def test_cluster_filter_names_the_cluster_and_counts_only_its_units(province):
    cluster_id = province.cluster_ids[CLUSTER_1]
    text = page(signed_in("vanphong"), dashboard_url(province, f"?by=unit&cluster={cluster_id}"))
    assert f'<span class="cluster-name">{CLUSTER_1}</span>' in text
    expected = approved_count(province, unit_id__in=[province.unit_ids[c] for c in CLUSTER_1_UNITS])
    assert int(shown_totals(text)["targets"]) == expected
    assert set(group_rows(text)) == {str(province.unit_ids[c]) for c in CLUSTER_1_UNITS}
    # The lagging list is the cluster's too.
    lagging = re.findall(r'<tr data-target="(\d+)">', text)
    assert set(Target.objects.filter(pk__in=lagging).values_list("unit_id", flat=True)) <= {
        province.unit_ids[c] for c in CLUSTER_1_UNITS}


@pytest.mark.parametrize("cluster", ["999999", "abc", "-1"])
def test_unknown_cluster_is_a_404(province, cluster):
    assert signed_in("vanphong").get(dashboard_url(province, f"?cluster={cluster}")).status_code == 404


def test_by_unit_table_is_paged_in_the_selectors_order(province, monkeypatch):
    monkeypatch.setattr(dashboard_views, "UNIT_PAGE_SIZE", 20)
    client = signed_in("vanphong", language="en")
    summary = selectors.progress_summary(user=province.user("vanphong"), campaign=province.campaign(),
                                         group_by="unit")
    pages = -(-len(summary) // 20)
    first = page(client, dashboard_url(province, "?by=unit"))
    assert list(group_rows(first)) == [str(row.key) for row in summary[:20]]
    assert f"Page 1 of {pages}" in first
    last = page(client, dashboard_url(province, f"?by=unit&page={pages}"))
    assert list(group_rows(last)) == [str(row.key) for row in summary[20 * (pages - 1):]]
    assert group_rows(last)[str(summary[-1].key)] == counts_of(summary[-1])
    first_unit = summary[0].key
    assert f'href="{reverse("indicators:unit_progress", args=[province.campaign_id, first_unit])}"' in first


def test_by_unit_page_size_is_a_hundred(province):
    assert dashboard_views.UNIT_PAGE_SIZE == 100


def test_tab_switch_through_htmx_gets_only_the_grouped_table(province):
    client = signed_in("vanphong")
    url = dashboard_url(province, "?by=cluster")
    response = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET=dashboard_views.GROUPS_TARGET)
    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "<html" not in text and 'data-total="targets"' not in text
    assert text.startswith('<section id="dashboard-groups"')
    assert len(group_rows(text)) == len(selectors.progress_summary(
        user=province.user("vanphong"), campaign=province.campaign(), group_by="cluster"))


def test_lagging_list_is_the_50_furthest_behind(province):
    text = page(signed_in("vanphong", language="en"), dashboard_url(province))
    lagging = selectors.lagging_targets(user=province.user("vanphong"), campaign=province.campaign())
    assert lagging.count() > 50
    expected = [str(pk) for pk in lagging.values_list("pk", flat=True)[:50]]
    assert re.findall(r'<tr data-target="(\d+)">', text) == expected
    assert f"the 50 furthest behind of {lagging.count()}" in text
    first = lagging.first()
    row = re.search(rf'<tr data-target="{first.pk}">(.*?)</tr>', text, re.S).group(1)
    assert first.unit.name in row and first.indicator.name in row
    with translation.override("en"):  # the page was asked for in English
        label = str(TargetStatus(first.shown_status).label)
    assert f'<span class="status target-{first.shown_status}">{label}</span>' in row
    try:
        assert f'href="{reverse("indicators:target", args=[first.pk])}"' in row
    except NoReverseMatch:  # the target page comes with the entry views
        pass


def test_over_time_chart_has_a_point_per_reported_month(province):
    text = page(signed_in("vanphong"), dashboard_url(province))
    months = selectors.progress_trend(user=province.user("vanphong"), campaign=province.campaign())
    chart = re.search(r'<svg[^>]*chart-line.*?</svg>', text, re.S).group(0)
    assert len(re.findall(r"<circle", chart)) == len(months) == 5
    for point in months:  # each month with how many of the targets reported for it
        assert f">{point.month:%m/%Y} ({point.reported}/{point.expected})</text>" in chart


# --- who sees what ----------------------------------------------------------------------------------------------


def test_clerk_sees_only_its_own_units_targets(province):
    text = page(signed_in("yenthe"), dashboard_url(province, "?by=unit"))
    assert int(shown_totals(text)["targets"]) == approved_count(province, unit_id=province.unit_ids["H-YT"])
    assert list(group_rows(text)) == [str(province.unit_ids["H-YT"])]


def test_cluster_head_sees_its_clusters_units(province):
    text = page(signed_in("hiephoa"), dashboard_url(province, "?by=unit"))
    assert set(group_rows(text)) == {str(province.unit_ids[c]) for c in CLUSTER_1_UNITS}


@pytest.mark.parametrize(("username", "code", "status"), [
    ("yenthe", "SYT", 404), ("yenthe", "H-HH", 404), ("yenthe", "H-YT", 200), ("hiephoa", "H-YT", 200),
    ("soyte", "H-YT", 404), ("soyte", "SGDDT", 200), ("thanhvien", "SYT", 200), ("chutich", "H-YT", 200),
])
def test_unit_page_is_a_404_for_units_the_user_may_not_see(province, username, code, status):
    assert signed_in(username).get(unit_url(province, code)).status_code == status


def test_unknown_unit_or_campaign_is_a_404_and_anonymous_users_sign_in(province):
    client = signed_in("vanphong")
    assert client.get(reverse("indicators:unit_progress", args=[province.campaign_id, 999999])).status_code == 404
    assert client.get(reverse("indicators:progress_dashboard", args=[999999])).status_code == 404
    assert client.get(reverse("indicators:progress_brief", args=[999999])).status_code == 404
    response = Client().get(dashboard_url(province))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- one unit ---------------------------------------------------------------------------------------------------


def test_unit_page_lists_every_target_with_its_status_completion_and_sparkline(province):
    user = province.user("yenthe")
    text = page(signed_in("yenthe"), unit_url(province, "H-YT"))
    targets = list(selectors.target_list(user=user, campaign=province.campaign(), unit_id=province.unit_ids["H-YT"]))
    assert len(targets) == approved_count(province, unit_id=province.unit_ids["H-YT"]) == 10
    rows = dict(re.findall(r'<tr data-target="(\d+)">(.*?)</tr>', text.split('id="lagging-heading"')[0], re.S))
    assert list(rows) == [str(t.pk) for t in targets]
    for target in targets:
        row = rows[str(target.pk)]
        assert f">{TargetStatus(target.shown_status).label}</span>" in row
        assert target.indicator.name in row
        assert ("chart-spark" in row) is (target.entry_count > 0)
    # Content areas as captions, in order.
    areas = list(dict.fromkeys((t.indicator.content_area.order, t.indicator.content_area.title) for t in targets))
    assert re.findall(r"<caption>(\d+)\. ", text) == [str(order) for order, _title in areas]
    shown = shown_totals(text)
    assert int(shown["targets"]) == 10
    assert int(shown["at_risk"]) + int(shown["off_track"]) == len(re.findall(
        r'<tr data-target="\d+">', text.split('id="lagging-heading"')[1]))


def test_unit_page_sparkline_follows_the_targets_values(province):
    target = Target.objects.filter(unit_id=province.unit_ids["H-YT"], entry_count__gt=1).order_by("pk").first()
    completions = list(ProgressEntry.objects.filter(target=target, is_current=True).order_by("period_end")
                       .values_list("completion", flat=True))
    text = page(signed_in("yenthe"), unit_url(province, "H-YT"))
    row = re.search(rf'<tr data-target="{target.pk}">(.*?)</tr>', text, re.S).group(1)
    spark = re.search(r'<svg[^>]*chart-spark.*?</svg>', row, re.S).group(0)
    points = re.search(r'<polyline points="([^"]+)"', spark).group(1).split()
    assert len(points) == len(completions)
    last_y = 3 + (100 - max(0, min(100, float(completions[-1])))) / 100 * 18
    assert points[-1].endswith(f",{last_y:.1f}")


# --- the brief --------------------------------------------------------------------------------------------------


def test_brief_shows_key_numbers_content_bars_clusters_and_the_ten_furthest_behind(province):
    user = province.user("chutich")
    campaign = province.campaign()
    text = page(signed_in("chutich", language="en"), reverse("indicators:progress_brief", args=[province.campaign_id]))
    totals = selectors.progress_totals(user=user, campaign=campaign)
    assert int(shown_totals(text)["targets"]) == totals.targets
    assert text.count('<g class="bar status-none">') == 9
    clusters = selectors.progress_summary(user=user, campaign=campaign, group_by="cluster")
    assert group_rows(text) == {str(row.key or ""): counts_of(row) for row in clusters}
    lagging = selectors.lagging_targets(user=user, campaign=campaign)
    expected = [str(pk) for pk in lagging.values_list("pk", flat=True)[:10]]
    assert re.findall(r'<tr data-target="(\d+)">', text) == expected
    assert f"The 10 furthest behind (of {lagging.count()} lagging)" in text
    assert "chart-line" in text
    assert "data-print hidden" in text and "thidua/print.js" in text and "thidua/dashboard.css" in text


# --- query counts -----------------------------------------------------------------------------------------------


def add_data(province, *, units: int, indicators: int, periods: int) -> None:
    """``units`` new units in Cụm 1 with a target for every demo indicator, ``indicators`` new indicators with a
    target for Yên Thế, and ``periods`` monthly values on every new target, in bulk."""
    campaign = province.campaign()
    existing = list(Indicator.objects.filter(campaign=campaign))
    area = campaign.contents.get(order=1)
    start = Indicator.objects.filter(code__startswith="GROW-").count()
    new_indicators = Indicator.objects.bulk_create([
        Indicator(campaign=campaign, content_area=area, code=f"GROW-{start + i}", name=f"Chỉ tiêu tăng {start + i}",
                  unit_of_measure="%", direction=Direction.HIGHER_BETTER)
        for i in range(indicators)
    ])
    first = Unit.objects.filter(code__startswith="GROW-").count()
    new_units = Unit.objects.bulk_create([
        Unit(code=f"GROW-{first + i}", name=f"Đơn vị tăng {first + i}", kind=UnitKind.LOCALITY,
             search_text=fold(f"Đơn vị tăng {first + i}"))
        for i in range(units)
    ])
    ClusterMembership.objects.bulk_create([
        ClusterMembership(cluster_id=province.cluster_ids[CLUSTER_1], unit=unit, year=2021) for unit in new_units])
    baseline_on, due_on = datetime.date(2021, 6, 30), datetime.date(2021, 12, 31)
    pairs = [(i, u.pk) for i in existing for u in new_units] + [(i, province.unit_ids["H-YT"]) for i in new_indicators]
    targets = Target.objects.bulk_create([
        Target(indicator=indicator, unit_id=unit_id, baseline=Decimal(0), baseline_on=baseline_on,
               target_value=Decimal(100), due_on=due_on, status=STATUSES[n % 4] if periods else TargetStatus.NO_DATA,
               completion=Decimal(10 * periods) if periods else None, current_value=Decimal(10 * periods),
               entry_count=periods, last_period_end=datetime.date(2021, 7 + periods - 1, 28) if periods else None)
        for n, (indicator, unit_id) in enumerate(pairs)
    ])
    ProgressEntry.objects.bulk_create([
        ProgressEntry(target=target, period_end=datetime.date(2021, 7 + k, 28), value=Decimal(10 * (k + 1)),
                      completion=Decimal(10 * (k + 1)))
        for target in targets for k in range(periods)
    ])
    rollups.refresh_targets([t.pk for t in targets])  # written around the services, as the bench does


QUERY_PAGES = ["", "?by=cluster", "?by=unit", "?by=unit&page=2", "?cluster", "brief", "unit"]


def query_url(province, which: str) -> str:
    if which == "brief":
        return reverse("indicators:progress_brief", args=[province.campaign_id])
    if which == "unit":
        return unit_url(province, "H-YT")
    if which == "?cluster":
        return dashboard_url(province, f"?by=unit&cluster={province.cluster_ids[CLUSTER_1]}")
    return dashboard_url(province, which)


@pytest.mark.parametrize("which", QUERY_PAGES)
def test_dashboard_query_count_does_not_grow_with_the_data(province, which):
    """One extra unit, indicator and value, then 150 more units (two pages of units) and six values each."""
    add_data(province, units=1, indicators=1, periods=1)
    clients = {username: signed_in(username) for username in ("vanphong", "hiephoa")}
    url = query_url(province, which)
    before = {username: count_queries(client, url) for username, client in clients.items()}
    add_data(province, units=150, indicators=30, periods=5)
    assert Unit.objects.filter(code__startswith="GROW-").count() == 151
    assert {username: count_queries(client, url) for username, client in clients.items()} == before


def test_htmx_tab_runs_fewer_queries_than_the_whole_page(province):
    client = signed_in("vanphong")
    url = dashboard_url(province, "?by=unit")
    whole = count_queries(client, url)
    client.defaults.update(HTTP_HX_REQUEST="true", HTTP_HX_TARGET=dashboard_views.GROUPS_TARGET)
    assert count_queries(client, url) < whole
