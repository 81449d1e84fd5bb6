"""A clerk's ranking view shows the cluster's published order with its own unit marked, and says how many members
are still to be published, instead of a lone "1 of 1"."""

import re

from tests.evaluation.builders import move, sheet_of
from tests.support import signed_in
from thidua.evaluation.enums import SheetStatus, Stage
from thidua.org.models import ClusterMembership

CLUSTER_1 = "Cụm thi đua số 1"


def publish(province, code: str, head: str = "hiephoa") -> None:
    move(sheet_of(province, code), province.user(clerk_of(code)), SheetStatus.SUBMITTED)
    move(sheet_of(province, code, Stage.CLUSTER), province.user(head), SheetStatus.SUBMITTED)
    move(sheet_of(province, code, Stage.COUNCIL), province.user("vanphong"), SheetStatus.PUBLISHED)


def clerk_of(code: str) -> str:
    return {"H-YT": "yenthe", "H-HH": "hiephoa"}[code]


def ranking_rows(html: str) -> list[str]:
    table = html[html.index('id="ranking"'):html.index("</table>", html.index('id="ranking"'))]
    return re.findall(r'<tr data-unit="(\d+)"', table)


def page(province, username: str) -> str:
    cluster_id = province.cluster_ids[CLUSTER_1]
    return signed_in(username, language="en").get(
        f"/campaigns/{province.campaign_id}/rankings/?cluster={cluster_id}").content.decode()


def test_a_clerk_sees_the_published_order_its_unit_marked_and_the_members_still_to_come(province):
    publish(province, "H-YT")
    html = page(province, "yenthe")
    ranked = ranking_rows(html)
    assert ranked == [str(province.unit_ids["H-YT"])]
    assert f'<tr data-unit="{province.unit_ids["H-YT"]}" class="own-unit" aria-current="true">' in html
    members = ClusterMembership.objects.filter(cluster_id=province.cluster_ids[CLUSTER_1], year=2021).count()
    assert f"Results shown for 1 of {members} units" in html
    pending = re.search(r'<ul class="columns" id="ranking-pending">(.*?)</ul>', html, re.S).group(1)
    assert sorted(re.findall(r'data-unit="(\d+)"', pending)) == sorted(
        str(pk) for pk in ClusterMembership.objects.filter(cluster_id=province.cluster_ids[CLUSTER_1], year=2021)
        .exclude(unit_id=province.unit_ids["H-YT"]).values_list("unit_id", flat=True))


def test_the_head_who_sees_every_stage_gets_the_whole_order_and_no_partial_notice(province):
    publish(province, "H-YT")
    html = page(province, "hiephoa")
    assert 'id="ranking-partial"' not in html
    assert len(ranking_rows(html)) == 5
