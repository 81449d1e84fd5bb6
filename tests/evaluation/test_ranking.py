"""Ranking inside a cluster/block: the latest stage's totals, ties broken by more indicator points then the earlier
launch document, fully equal units sharing a rank, bands from their minimum up, who sees which stage, and a
constant number of queries however large the cluster grows."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.evaluation.builders import CLUSTER_1, at, demo_scheme, move, send_launch, sheet_of
from tests.support import count_queries
from thidua.core.text import fold
from thidua.evaluation import selectors
from thidua.evaluation.enums import SheetStatus, Stage, TieRule
from thidua.evaluation.models import ScoreSheet, ScoringScheme
from thidua.evaluation.selectors import RankRow
from thidua.org.enums import UnitKind
from thidua.org.models import ClusterMembership, Unit

MEMBERS = ["H-HH", "H-TY", "H-VY", "H-YT", "TP-BG"]


def set_totals(province, totals: dict[str, tuple[str, str]]) -> None:
    """``{unit code: (total, indicator points)}`` on the units' current self sheets."""
    for code, (total, indicator) in totals.items():
        ScoreSheet.objects.filter(scheme=demo_scheme(province), unit_id=province.unit_ids[code], is_current=True,
                                  stage=Stage.SELF).update(total=Decimal(total), indicator_points=Decimal(indicator))


def ranked(province, username: str = "vanphong") -> list[tuple[str, Decimal, int, str]]:
    codes = {pk: code for code, pk in province.unit_ids.items()}
    rows = selectors.rankings(user=province.user(username), campaign=province.campaign(),
                              cluster_id=province.cluster_ids[CLUSTER_1])
    return [(codes[r.unit_id], r.total, r.rank, r.band) for r in rows]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# ── order and ties ──────────────────────────────────────────────────────────────────────────────────────────


def test_units_are_ranked_best_first(province):
    set_totals(province, {"H-HH": ("700", "300"), "H-TY": ("910", "300"), "H-VY": ("820", "300"),
                          "H-YT": ("640", "300"), "TP-BG": ("660", "300")})
    assert ranked(province) == [
        ("H-TY", Decimal("910.00"), 1, "Xuất sắc"), ("H-VY", Decimal("820.00"), 2, "Tốt"),
        ("H-HH", Decimal("700.00"), 3, "Khá"), ("TP-BG", Decimal("660.00"), 4, "Khá"),
        ("H-YT", Decimal("640.00"), 5, "Trung bình")]


def test_equal_totals_are_broken_by_more_indicator_points(province):
    set_totals(province, {"H-HH": ("800", "400"), "H-TY": ("800", "450"), "H-VY": ("800", "420"),
                          "H-YT": ("100", "0"), "TP-BG": ("100", "0")})
    assert [(code, rank) for code, _total, rank, _band in ranked(province)][:3] == [
        ("H-TY", 1), ("H-VY", 2), ("H-HH", 3)]


def test_equal_totals_and_indicator_points_are_broken_by_the_earlier_launch_document(province, media):
    """Tân Yên has no demo clerk: one is made for it. A unit that never sent comes after those that did."""
    from tests.evaluation.builders import clerk

    send_launch(province, "H-YT", province.user("yenthe"), now=at(2021, 9, 25))
    send_launch(province, "H-HH", province.user("hiephoa"), now=at(2021, 9, 28))
    send_launch(province, "H-TY", clerk(province, "H-TY"), now=at(2021, 9, 20))
    set_totals(province, {code: ("800", "400") for code in MEMBERS})
    assert [(code, rank) for code, _total, rank, _band in ranked(province)] == [
        ("H-TY", 1), ("H-YT", 2), ("H-HH", 3), ("H-VY", 4), ("TP-BG", 4)]


def test_fully_equal_units_share_a_rank_and_the_next_skips(province):
    set_totals(province, {"H-HH": ("900", "400"), "H-TY": ("850", "400"), "H-VY": ("850", "400"),
                          "H-YT": ("800", "400"), "TP-BG": ("700", "400")})
    assert [rank for _code, _total, rank, _band in ranked(province)] == [1, 2, 2, 4, 5]


@pytest.mark.parametrize(("rule", "expected"), [
    (TieRule.INDICATOR_THEN_LAUNCH, ["more-indicator", "early", "late"]),
    (TieRule.INDICATOR, ["more-indicator", "early", "late"]),
    (TieRule.LAUNCH, ["early", "more-indicator", "late"]),
])
def test_tie_rule_of_the_scheme_orders_equal_totals(rule, expected):
    early, late = datetime.datetime(2021, 9, 1, tzinfo=datetime.UTC), datetime.datetime(2021, 9, 5, tzinfo=datetime.UTC)
    rows = [
        RankRow(unit_id=1, unit_name="late", total=Decimal(800), indicator_points=Decimal(300), stage="self",
                status="draft", launch_at=late),
        RankRow(unit_id=2, unit_name="more-indicator", total=Decimal(800), indicator_points=Decimal(350),
                stage="self", status="draft", launch_at=datetime.datetime(2021, 9, 3, tzinfo=datetime.UTC)),
        RankRow(unit_id=3, unit_name="early", total=Decimal(800), indicator_points=Decimal(300), stage="self",
                status="draft", launch_at=early),
    ]
    ranked_rows = selectors.rank(rows, ScoringScheme(tie_rule=rule, bands=[]))
    assert [r.unit_name for r in ranked_rows] == expected
    if rule == TieRule.INDICATOR:  # "early" and "late" are equal under this rule: they share rank 2
        assert [r.rank for r in ranked_rows] == [1, 2, 2]
    else:
        assert [r.rank for r in ranked_rows] == [1, 2, 3]


# ── bands ───────────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("total", "band"), [
    ("1000", "Xuất sắc"), ("900", "Xuất sắc"), ("899.99", "Tốt"), ("800", "Tốt"), ("799.99", "Khá"),
    ("650", "Khá"), ("649.99", "Trung bình"), ("500", "Trung bình"), ("499.99", ""), ("-20", ""),
])
def test_band_starts_exactly_at_its_minimum(province, total, band):
    set_totals(province, {"H-YT": (total, "0")})
    assert {code: b for code, _total, _rank, b in ranked(province)}["H-YT"] == band


# ── stages and who sees them ────────────────────────────────────────────────────────────────────────────────


def test_ranking_uses_the_latest_stages_total(province):
    sheet = sheet_of(province, "H-YT")
    move(sheet, province.user("yenthe"), SheetStatus.SUBMITTED)
    ScoreSheet.objects.filter(pk=sheet_of(province, "H-YT", Stage.CLUSTER).pk).update(total=Decimal("990"))
    rows = selectors.rankings(user=province.user("vanphong"), campaign=province.campaign(),
                              cluster_id=province.cluster_ids[CLUSTER_1])
    assert [(r.unit_id, r.total, r.stage, r.status, r.rank) for r in rows][0] == (
        province.unit_ids["H-YT"], Decimal("990.00"), "cluster", "draft", 1)


def test_members_see_only_published_results_the_head_sees_every_stage(province):
    sheet = sheet_of(province, "H-YT")
    move(sheet, province.user("yenthe"), SheetStatus.SUBMITTED)
    move(sheet_of(province, "H-YT", Stage.CLUSTER), province.user("hiephoa"), SheetStatus.SUBMITTED)
    move(sheet_of(province, "H-YT", Stage.COUNCIL), province.user("vanphong"), SheetStatus.PUBLISHED)
    for username in ("yenthe", "soyte"):
        assert [(code, rank) for code, _total, rank, _band in ranked(province, username)] == [("H-YT", 1)]
    for username in ("hiephoa", "thanhvien", "chutich", "vanphong"):
        assert len(ranked(province, username)) == 5


# ── queries ─────────────────────────────────────────────────────────────────────────────────────────────────


def grow_cluster(province, extra: int) -> None:
    """``extra`` more members of Cụm 1, each with a self sheet under the demo scheme."""
    scheme = demo_scheme(province)
    start = Unit.objects.filter(code__startswith="RANK-").count()
    units = Unit.objects.bulk_create([
        Unit(code=f"RANK-{i}", name=f"Xã thử {i}", kind=UnitKind.values[0], search_text=fold(f"Xã thử {i}"))
        for i in range(start, start + extra)])
    cluster = province.cluster(CLUSTER_1)
    ClusterMembership.objects.bulk_create([ClusterMembership(cluster=cluster, unit=u, year=2021) for u in units])
    ScoreSheet.objects.bulk_create([ScoreSheet(scheme=scheme, unit=u, stage=Stage.SELF, total=Decimal(i % 7 * 100),
                                               indicator_points=Decimal(i % 3)) for i, u in enumerate(units)])


def queries_to_rank(province) -> int:
    user = province.user("vanphong")
    campaign = province.campaign()
    selectors.rankings(user=user, campaign=campaign, cluster_id=province.cluster_ids[CLUSTER_1])  # warm
    with CaptureQueriesContext(connection) as captured:
        rows = selectors.rankings(user=user, campaign=campaign, cluster_id=province.cluster_ids[CLUSTER_1])
    assert rows
    return len(captured)


def test_ranking_runs_a_constant_number_of_queries_as_the_cluster_grows(province):
    small = queries_to_rank(province)
    grow_cluster(province, 45)
    assert len(selectors.rankings(user=province.user("vanphong"), campaign=province.campaign(),
                                  cluster_id=province.cluster_ids[CLUSTER_1])) == 50
    grow_cluster(province, 450)
    assert queries_to_rank(province) == small == 5


def test_ranking_api_runs_a_constant_number_of_queries_as_the_cluster_grows(province, api_client):
    client = api_client("hiephoa")
    url = f"/api/v1/campaigns/{province.campaign_id}/rankings?cluster={province.cluster_ids[CLUSTER_1]}"
    small = count_queries(client, url)
    grow_cluster(province, 200)
    assert len(client.get(url).json()) == 205
    assert count_queries(client, url) == small


def test_ranking_moment_of_the_launch_document_is_read_in_one_query(province, media):
    """The launch document's time comes from the submissions in one query, not one per unit."""
    send_launch(province, "H-YT", province.user("yenthe"), now=timezone.make_aware(datetime.datetime(2021, 9, 25)))
    assert queries_to_rank(province) == 5
