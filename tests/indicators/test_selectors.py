"""Reads for targets and progress: who sees what, the "as of" rule, SQL aggregates against a Python recount, and
a constant number of queries however many targets there are."""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from thidua.campaigns.models import Campaign
from thidua.indicators import selectors, services
from thidua.indicators.enums import TargetApproval, TargetStatus
from thidua.indicators.models import Indicator, ProgressEntry, Target
from thidua.org.models import ClusterMembership, Unit

from .builders import BASELINE_ON, HALFWAY, counted_in_units, demo_target, fresh_indicator, target_for

D = Decimal
EVERYONE = ["vanphong", "chutich", "thanhvien"]


def codes_seen(province, username: str) -> set[str]:
    return set(selectors.target_list(user=province.user(username), campaign=province.campaign())
               .values_list("unit__code", flat=True))


def members(province, cluster: str) -> set[str]:
    return set(ClusterMembership.objects.filter(cluster_id=province.cluster_ids[cluster], year=2021)
               .values_list("unit__code", flat=True))


# ── who sees what ───────────────────────────────────────────────────────────────────────────────────────────


def test_clerk_sees_only_the_own_units_targets(province):
    assert codes_seen(province, "yenthe") == {"H-YT"}


def test_cluster_head_sees_its_members_targets(province):
    assert members(province, "Cụm thi đua số 1") == {"H-HH", "H-TY", "H-VY", "H-YT", "TP-BG"}
    assert codes_seen(province, "hiephoa") == members(province, "Cụm thi đua số 1")


def test_block_head_sees_its_members_targets(province):
    assert codes_seen(province, "soyte") == members(province, "Khối văn hóa - xã hội")


@pytest.mark.parametrize("username", EVERYONE)
def test_office_leader_and_council_member_see_every_approved_target(province, username):
    seen = selectors.target_list(user=province.user(username), campaign=province.campaign())
    assert sorted(seen.values_list("pk", flat=True)) == sorted(
        Target.objects.filter(approval=TargetApproval.APPROVED).values_list("pk", flat=True))
    assert seen.count() == 329


def test_a_user_without_a_role_sees_no_target(province):
    from thidua.accounts.models import User

    nobody = User.objects.create_user(username="norole", password="x")
    assert selectors.target_list(user=nobody, campaign=province.campaign()).count() == 0


def test_target_get_of_an_unseen_unit_is_404(province):
    target = demo_target(province, "SYT", "PH-01")
    with pytest.raises(Http404):
        selectors.target_get(user=province.user("yenthe"), target_id=target.pk)
    with pytest.raises(Http404):
        selectors.target_get(user=province.user("hiephoa"), target_id=target.pk)
    assert selectors.target_get(user=province.user("soyte"), target_id=target.pk).pk == target.pk


def test_target_get_of_a_missing_target_is_404(province):
    with pytest.raises(Http404):
        selectors.target_get(user=province.user("vanphong"), target_id=987654321)


def test_pending_pledges_are_listed_apart(province):
    pledge = demo_target(province, "H-YT", "CCHC-02")
    assert list(selectors.pending_pledges(user=province.user("vanphong"), campaign=province.campaign())) == [pledge]
    assert list(selectors.pending_pledges(user=province.user("yenthe"), campaign=province.campaign())) == [pledge]
    assert list(selectors.pending_pledges(user=province.user("soyte"), campaign=province.campaign())) == []
    assert selectors.target_get(user=province.user("yenthe"), target_id=pledge.pk).approval == "pending"


def test_writable_units(province):
    assert selectors.writable_unit_ids(user=province.user("vanphong")) is None
    assert selectors.writable_unit_ids(user=province.user("hiephoa")) == {province.unit_ids["H-HH"]}
    assert selectors.writable_unit_ids(user=province.user("chutich")) == set()


def test_template_rows_are_the_targets_the_user_may_fill(province):
    campaign = province.campaign()
    rows = list(selectors.template_rows(user=province.user("hiephoa"), campaign=campaign))
    assert {r.unit_code for r in rows} == {"H-HH"}  # heads Cụm 1 but fills only its own
    assert len(rows) == Target.objects.filter(unit__code="H-HH", approval=TargetApproval.APPROVED).count()
    first = rows[0]
    target = demo_target(province, "H-HH", first.indicator_code)
    assert (first.baseline, first.target_value, first.current_value, first.last_period_end) == (
        target.baseline, target.target_value, target.current_value, target.last_period_end)
    assert len(list(selectors.template_rows(user=province.user("vanphong"), campaign=campaign))) == 329
    assert len(list(selectors.template_rows(user=province.user("vanphong"), campaign=campaign,
                                            cluster_id=province.cluster_ids["Cụm thi đua số 1"]))) == \
        Target.objects.filter(unit__code__in=members(province, "Cụm thi đua số 1"),
                              approval=TargetApproval.APPROVED).count()
    assert list(selectors.template_rows(user=province.user("chutich"), campaign=campaign)) == []  # writes none


def test_target_history_keeps_replaced_values_newest_first(province):
    target = demo_target(province, "H-HH", "YT-01")  # the demo corrected its September value
    history = selectors.target_history(target=target)
    assert [e.period_end.month for e in history] == [11, 10, 9, 9, 8, 7]
    september = [e for e in history if e.period_end.month == 9]
    assert [e.is_current for e in september] == [True, False]
    assert september[0].value - september[1].value == D("4.2")


# ── the "as of" rule ────────────────────────────────────────────────────────────────────────────────────────


def test_as_of_is_today_capped_by_the_campaigns_end(province):
    campaign = province.campaign()
    assert selectors.as_of(campaign, today=datetime.date(2026, 3, 1)) == datetime.date(2021, 12, 31)
    assert selectors.as_of(campaign, today=datetime.date(2021, 11, 15)) == datetime.date(2021, 11, 15)
    assert selectors.as_of(Campaign(ends_on=None), today=datetime.date(2026, 3, 1)) == datetime.date(2026, 3, 1)


def shown_status(province, target: Target, today: datetime.date) -> str:
    return selectors.target_list(user=province.user("vanphong"), campaign=province.campaign(),
                                 today=today).get(pk=target.pk).shown_status


def test_an_unmet_target_past_its_due_date_shows_off_track(province):
    indicator = fresh_indicator(province, units=("H-YT", "SYT"))
    early = target_for(indicator, province, "H-YT")
    met = target_for(indicator, province, "SYT")
    for target, value in ((early, "65"), (met, "95")):
        services.progress_record(by=None, target=target, period_end=HALFWAY, value=value, version=1)
    Target.objects.filter(pk__in=[early.pk, met.pk]).update(due_on=datetime.date(2021, 10, 31))
    early.refresh_from_db()
    assert early.status == TargetStatus.ON_TRACK  # as kept, from its latest period
    assert shown_status(province, early, datetime.date(2021, 10, 31)) == TargetStatus.ON_TRACK  # due today
    assert shown_status(province, early, datetime.date(2021, 11, 1)) == TargetStatus.OFF_TRACK
    assert shown_status(province, met, datetime.date(2021, 11, 1)) == TargetStatus.ACHIEVED


def test_the_campaigns_end_caps_today(province):
    """The demo's targets are due on the campaign's last day: years later they are judged as of that day, not as
    if the due date had passed."""
    target = demo_target(province, "H-YT", "PH-01")
    assert target.status == TargetStatus.ON_TRACK
    assert shown_status(province, target, datetime.date(2026, 3, 1)) == TargetStatus.ON_TRACK
    Campaign.objects.filter(pk=province.campaign_id).update(ends_on=datetime.date(2022, 6, 30))
    assert shown_status(province, target, datetime.date(2026, 3, 1)) == TargetStatus.OFF_TRACK


def test_shown_completion_is_clamped_in_sql(province):
    indicator = fresh_indicator(province, units=("H-YT", "SYT"))
    counted_in_units(indicator.code)
    for unit, value in (("H-YT", "130"), ("SYT", "20")):
        services.progress_record(by=None, target=target_for(indicator, province, unit), period_end=HALFWAY,
                                 value=value, version=1)
    rows = dict(selectors.target_list(user=province.user("vanphong"), campaign=province.campaign(),
                                      indicator_id=indicator.pk).values_list("unit__code", "shown"))
    raw = dict(indicator.targets.values_list("unit__code", "completion"))
    assert (raw, rows) == ({"H-YT": D("180.00"), "SYT": D("-40.00")}, {"H-YT": D(100), "SYT": D(0)})


# ── aggregates against a recount ────────────────────────────────────────────────────────────────────────────


def recount(province, username: str, group_by: str) -> dict:
    """Counts by status and the mean shown completion, per group, from the target rows, in Python."""
    cluster_of = dict(ClusterMembership.objects.filter(year=2021).values_list("unit_id", "cluster_id"))
    groups: dict = defaultdict(lambda: {"statuses": Counter(), "shown": []})
    for target in selectors.target_list(user=province.user(username), campaign=province.campaign()):
        key = {"content": target.indicator.content_area_id, "unit": target.unit_id,
               "cluster": cluster_of.get(target.unit_id)}[group_by]
        groups[key]["statuses"][target.shown_status] += 1
        if target.completion is not None:
            groups[key]["shown"].append(min(D(100), max(D(0), target.completion)))
    return {
        key: ({s.value: g["statuses"][s.value] for s in TargetStatus}, sum(g["statuses"].values()),
              round(sum(g["shown"]) / len(g["shown"]), 2) if g["shown"] else None)
        for key, g in groups.items()
    }


def summarised(rows) -> dict:
    return {
        row.key: ({s.value: getattr(row, s.value) for s in TargetStatus}, row.targets,
                  round(D(row.average_completion), 2) if row.average_completion is not None else None)
        for row in rows
    }


@pytest.mark.parametrize("group_by", ["content", "cluster", "unit"])
@pytest.mark.parametrize("username", ["vanphong", "hiephoa", "soyte", "yenthe"])
def test_progress_summary_equals_a_recount_of_the_targets(province, group_by, username):
    rows = selectors.progress_summary(user=province.user(username), campaign=province.campaign(), group_by=group_by)
    assert summarised(rows) == recount(province, username, group_by)
    totals = selectors.progress_totals(user=province.user(username), campaign=province.campaign())
    assert totals.targets == sum(r.targets for r in rows)
    assert {s.value: getattr(totals, s.value) for s in TargetStatus} == {
        s.value: sum(getattr(r, s.value) for r in rows) for s in TargetStatus}


def test_progress_summary_of_the_demo_has_every_status(province):
    totals = selectors.progress_totals(user=province.user("vanphong"), campaign=province.campaign())
    assert (totals.targets, totals.lagging) == (329, totals.at_risk + totals.off_track)
    assert all(getattr(totals, s) > 0 for s in ("achieved", "on_track", "at_risk", "off_track"))
    assert totals.no_data == 0  # the only target without values is the pending pledge, not counted


def test_progress_summary_names_and_orders_its_groups(province):
    user, campaign = province.user("vanphong"), province.campaign()
    content = selectors.progress_summary(user=user, campaign=campaign, group_by="content")
    assert [r.order for r in content] == list(range(1, 10))
    assert content[0].name == campaign.contents.get(order=1).title
    clusters = selectors.progress_summary(user=user, campaign=campaign, group_by="cluster")
    assert {r.name for r in clusters} == set(province.cluster_ids)
    units = selectors.progress_summary(user=user, campaign=campaign, group_by="unit")
    averages = [r.average_completion for r in units]
    assert averages == sorted(averages, reverse=True)
    with pytest.raises(ValueError):
        selectors.progress_summary(user=user, campaign=campaign, group_by="indicator")


def test_progress_summary_filtered_to_a_cluster(province):
    rows = selectors.progress_summary(user=province.user("vanphong"), campaign=province.campaign(),
                                      group_by="unit", cluster_id=province.cluster_ids["Cụm thi đua số 1"])
    assert {r.key for r in rows} == {province.unit_ids[c] for c in members(province, "Cụm thi đua số 1")}


def test_lagging_lists_at_risk_and_off_track_furthest_behind_first(province):
    user, campaign = province.user("vanphong"), province.campaign()
    lagging = list(selectors.lagging_targets(user=user, campaign=campaign))
    every = list(selectors.target_list(user=user, campaign=campaign))
    assert sorted(t.pk for t in lagging) == sorted(t.pk for t in every if t.shown_status in ("at_risk", "off_track"))
    assert [t.shown for t in lagging] == sorted(t.shown for t in lagging)
    mine = selectors.lagging_targets(user=province.user("yenthe"), campaign=campaign)
    assert set(mine.values_list("unit__code", flat=True)) == {"H-YT"}
    assert mine.count() == sum(1 for t in every if t.unit.code == "H-YT" and t.shown_status in ("at_risk",
                                                                                                   "off_track"))


def test_progress_over_time_counts_the_targets_reported_each_month(province):
    months = selectors.progress_over_time(user=province.user("vanphong"), campaign=province.campaign(),
                                          unit_id=province.unit_ids["TP-BG"])
    assert [(m.month, reported) for m, _average, reported in months] == [
        (7, 11), (8, 11), (9, 10), (10, 11), (11, 11)]  # the city missed one value in September
    assert all(D(0) <= average <= D(100) for _m, average, _r in months)


def test_the_month_of_a_value_does_not_depend_on_the_servers_date_style(province):
    """The trend's month is computed in SQL (``core.dates.YearMonth``: substr on SQLite, to_char on PostgreSQL),
    not by a cast to text that would follow PostgreSQL's DateStyle ("SQL, DMY" prints 30/09/2021)."""
    from django.db import connection

    from thidua.core.dates import YearMonth, month_start

    entries = ProgressEntry.objects.filter(period_end=datetime.date(2021, 9, 30)).order_by("pk")
    expected = ["2021-09"] * entries.count()
    assert expected and list(entries.annotate(m=YearMonth("period_end")).values_list("m", flat=True)) == expected
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET DateStyle = 'SQL, DMY'")
            try:
                cursor.execute("SELECT to_char(DATE '2021-09-30', 'YYYY-MM'), CAST(DATE '2021-09-30' AS text)")
                month, as_text = cursor.fetchone()
            finally:
                cursor.execute("SET DateStyle = 'ISO, MDY'")
        assert (month, as_text) == ("2021-09", "30/09/2021")
    assert month_start("2021-09") == datetime.date(2021, 9, 1)


# ── query counts ────────────────────────────────────────────────────────────────────────────────────────────


def grow_targets(province, units: int = 60) -> None:
    """``units`` more units, each in a 2021 cluster, with a target (and a value) for every indicator."""
    campaign = province.campaign()
    Unit.objects.bulk_create([Unit(code=f"MORE-{i}", name=f"Đơn vị thêm {i}", short_name=f"ĐV {i}",
                                   kind="locality", search_text=f"don vi them {i}") for i in range(units)])
    added = list(Unit.objects.filter(code__startswith="MORE-"))
    clusters = list(province.cluster_ids.values())
    ClusterMembership.objects.bulk_create([ClusterMembership(cluster_id=clusters[i % len(clusters)], unit=unit,
                                                             year=2021) for i, unit in enumerate(added)])
    indicators = list(Indicator.objects.filter(campaign=campaign))
    Target.objects.bulk_create([
        Target(indicator=indicator, unit=unit, baseline=D(10), baseline_on=BASELINE_ON, target_value=D(20),
               due_on=datetime.date(2021, 12, 31), completion=D(i % 150), current_value=D(12),
               status=[s.value for s in TargetStatus][i % 5])
        for i, (indicator, unit) in enumerate((ind, u) for ind in indicators for u in added)
        if indicator.direction == "higher_better"
    ])


def queries(run) -> int:
    run()  # warm caches (content types, …)
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


@pytest.mark.parametrize("username", ["vanphong", "hiephoa"])
def test_reads_use_a_constant_number_of_queries_as_data_grows(province, username):
    def reads():
        user = province.user(username)
        campaign = province.campaign()
        for group_by in selectors.GROUPS:
            selectors.progress_summary(user=user, campaign=campaign, group_by=group_by)
        selectors.progress_totals(user=user, campaign=campaign)
        list(selectors.target_list(user=user, campaign=campaign))
        for target in selectors.lagging_targets(user=user, campaign=campaign):
            _ = (target.unit.name, target.indicator.code, target.indicator.content_area.order)
        selectors.progress_over_time(user=user, campaign=campaign)

    before = queries(reads)
    count = Target.objects.count()
    grow_targets(province)
    assert Target.objects.count() > count + 400
    assert queries(reads) == before
