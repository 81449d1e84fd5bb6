"""API v1 for evaluation: the scheme, score sheets (scoped, saved with a version, moved through their stages),
rankings, voting rounds with results hidden until the close, and the vote-count minutes as DOCX."""

import datetime
import io
import json
from decimal import Decimal

import docx
import pytest
from django.utils import timezone

from tests.evaluation.builders import CLUSTER_1, clerk, council_members, demo_scheme, move, open_round, sheet_of
from thidua.evaluation import services
from thidua.evaluation.enums import Electorate, SheetStatus, Stage
from thidua.evaluation.models import VotingRound


def put_entries(client, sheet, entries: dict, version=None, reasons=None):
    codes = dict(sheet.scheme.criteria.values_list("code", "pk"))
    body = {"version": sheet.version if version is None else version,
            "entries": [{"criterion_id": codes[c], "points": p, "reason": (reasons or {}).get(c, "")}
                        for c, p in entries.items()]}
    return client.put(f"/api/v1/score-sheets/{sheet.pk}/entries", data=json.dumps(body),
                      content_type="application/json")


def transition(client, sheet, to: str, reason: str = ""):
    return client.post(f"/api/v1/score-sheets/{sheet.pk}/transition", data=json.dumps({"to": to, "reason": reason}),
                       content_type="application/json")


# ── scheme and sheets ───────────────────────────────────────────────────────────────────────────────────────


def test_scoring_scheme(province, api_client):
    body = api_client("yenthe").get(f"/api/v1/campaigns/{province.campaign_id}/scoring-scheme").json()
    scheme = demo_scheme(province)
    assert (body["id"], body["total_max"], body["tie_rule"], len(body["criteria"])) == (
        scheme.pk, 1000.0, "indicator_then_launch", 31)
    assert body["bands"][0] == {"name": "Xuất sắc", "min": 900.0}
    group, first = body["criteria"][:2]
    assert (group["code"], group["kind"], group["parent_id"], group["max_points"]) == ("1", "group", None, 110.0)
    assert (first["code"], first["kind"], first["parent_id"], first["max_points"]) == (
        "1.1", "indicator", group["id"], 66.0)
    assert body["criteria"][-1] | {"id": 0, "title": "", "guidance": ""} == {
        "id": 0, "parent_id": None, "code": "11", "title": "", "kind": "penalty", "max_points": 20.0,
        "min_points": -20.0, "guidance": "", "indicator_id": None}


def test_scoring_scheme_of_a_campaign_without_one_is_404(province, api_client):
    from thidua.campaigns import services as campaign_services

    draft = campaign_services.campaign_create(by=None, code="KH-2", title="Kế hoạch 2", year=2021)
    assert api_client("vanphong").get(f"/api/v1/campaigns/{draft.pk}/scoring-scheme").status_code == 404


def test_score_sheets_are_scoped_and_filtered(province, api_client):
    url = f"/api/v1/campaigns/{province.campaign_id}/score-sheets"
    assert len(api_client("vanphong").get(url).json()) == 54
    mine = api_client("yenthe").get(url).json()
    assert [(s["unit_id"], s["stage"], s["status"], s["total"], s["version"]) for s in mine] == [
        (province.unit_ids["H-YT"], "self", "draft", 365.45, 1)]
    assert len(api_client("hiephoa").get(url).json()) == 5  # its cluster's members, itself among them
    only = api_client("vanphong").get(f"{url}?unit={province.unit_ids['SYT']}&stage=self").json()
    assert [(s["unit_id"], s["stage"]) for s in only] == [(province.unit_ids["SYT"], "self")]
    assert api_client("vanphong").get(f"{url}?stage=cluster").json() == []


def test_score_sheet_detail_shows_each_stages_points(province, api_client):
    sheet = sheet_of(province, "H-YT")
    services.sheet_save(by=province.user("yenthe"), sheet=sheet, version=1, entries=[
        {"criterion_id": sheet.scheme.criteria.get(code="1.2").pk, "points": "30"}])
    move(sheet, province.user("yenthe"), SheetStatus.SUBMITTED)
    cluster = sheet_of(province, "H-YT", Stage.CLUSTER)
    response = put_entries(api_client("hiephoa"), cluster, {"1.2": "25"}, reasons={"1.2": "Thiếu minh chứng"})
    assert (response.status_code, response.json()) == (200, {"total": 390.45, "version": 2})
    body = api_client("yenthe").get(f"/api/v1/score-sheets/{cluster.pk}").json()
    entry = next(e for e in body["entries"] if e["code"] == "1.2")
    assert (entry["points"], entry["reasons"]["cluster"], entry["differs"]) == (
        {"self": 30.0, "cluster": 25.0}, "Thiếu minh chứng", True)
    assert len(body["entries"]) == 22  # criteria that take points, groups aside


def test_save_returns_the_total_and_the_new_version(province, api_client):
    sheet = sheet_of(province, "H-YT")
    response = put_entries(api_client("yenthe"), sheet, {"1.2": "44", "10": "50"})
    assert (response.status_code, response.json()) == (200, {"total": 459.45, "version": 2})


def test_stale_version_is_409_with_the_current_one(province, api_client):
    sheet = sheet_of(province, "H-YT")
    client = api_client("yenthe")
    assert put_entries(client, sheet, {"1.2": "10"}).status_code == 200
    response = put_entries(client, sheet, {"1.2": "20"}, version=1)
    assert (response.status_code, response.json()["errors"]) == (409, [{"current_version": 2}])
    sheet.refresh_from_db()
    assert sheet.total == Decimal("375.45")


def test_points_above_the_maximum_are_400_naming_the_criterion(province, api_client):
    sheet = sheet_of(province, "H-YT")
    response = put_entries(api_client("yenthe"), sheet, {"1.2": "45"})
    assert response.status_code == 400
    assert "44" in response.json()["detail"]
    sheet.refresh_from_db()
    assert sheet.version == 1


def test_malformed_entries_are_422(province, api_client):
    sheet = sheet_of(province, "H-YT")
    response = api_client("yenthe").put(f"/api/v1/score-sheets/{sheet.pk}/entries",
                                        data=json.dumps({"version": 1, "entries": [{"points": "1"}]}),
                                        content_type="application/json")
    assert response.status_code == 422


# ── who touches whose sheet ─────────────────────────────────────────────────────────────────────────────────


def test_clerk_cannot_reach_another_units_sheet(province, api_client):
    sheet = sheet_of(province, "SYT")
    client = api_client("yenthe")
    assert client.get(f"/api/v1/score-sheets/{sheet.pk}").status_code == 404
    assert put_entries(client, sheet, {"1.2": "10"}).status_code == 404
    assert transition(client, sheet, "submitted").status_code == 404


def test_cluster_head_sees_but_cannot_write_a_members_self_sheet(province, api_client):
    sheet = sheet_of(province, "H-YT")
    client = api_client("hiephoa")
    assert client.get(f"/api/v1/score-sheets/{sheet.pk}").status_code == 200
    assert put_entries(client, sheet, {"1.2": "10"}).status_code == 403
    assert transition(client, sheet, "submitted").status_code == 403


def test_cluster_head_writes_a_members_cluster_sheet(province, api_client):
    move(sheet_of(province, "H-YT"), province.user("yenthe"), SheetStatus.SUBMITTED)
    cluster = sheet_of(province, "H-YT", Stage.CLUSTER)
    client = api_client("hiephoa")
    assert put_entries(client, cluster, {"10": "5"}, reasons={"10": "Một sáng kiến"}).status_code == 200
    response = transition(client, cluster, "submitted")
    assert (response.status_code, response.json()["status"], response.json()["stage"]) == (200, "submitted",
                                                                                           "cluster")


def test_heads_own_cluster_sheet_is_written_by_the_deputy_only(province, api_client):
    move(sheet_of(province, "H-HH"), province.user("hiephoa"), SheetStatus.SUBMITTED)
    cluster = sheet_of(province, "H-HH", Stage.CLUSTER)
    assert put_entries(api_client("hiephoa"), cluster, {"10": "50"}, reasons={"10": "Tự chấm"}).status_code == 403
    clerk(province, "H-TY", "tanyen")
    assert put_entries(api_client("tanyen"), cluster, {"10": "5"}, reasons={"10": "Đối chiếu"}).status_code == 200


def test_return_through_the_api_needs_a_reason(province, api_client):
    sheet = sheet_of(province, "H-YT")
    move(sheet, province.user("yenthe"), SheetStatus.SUBMITTED)
    client = api_client("hiephoa")
    assert transition(client, sheet, "returned").status_code == 400
    response = transition(client, sheet, "returned", reason="Bổ sung minh chứng")
    assert (response.status_code, response.json()["status"]) == (200, "returned")


def test_transition_to_an_unknown_status_is_422(province, api_client):
    response = transition(api_client("yenthe"), sheet_of(province, "H-YT"), "approved")
    assert response.status_code == 422


# ── rankings and missed targets ─────────────────────────────────────────────────────────────────────────────


def test_rankings(province, api_client):
    url = f"/api/v1/campaigns/{province.campaign_id}/rankings?cluster={province.cluster_ids[CLUSTER_1]}"
    rows = api_client("hiephoa").get(url).json()
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    assert [r["total"] for r in rows] == sorted((r["total"] for r in rows), reverse=True)
    assert {r["unit_id"] for r in rows} == {province.unit_ids[c] for c in ("H-HH", "H-TY", "H-VY", "H-YT", "TP-BG")}
    assert set(rows[0]) == {"cluster_id", "unit_id", "unit_name", "total", "indicator_points", "rank", "band",
                            "stage", "status"}
    assert {r["cluster_id"] for r in rows} == {province.cluster_ids[CLUSTER_1]}
    assert api_client("yenthe").get(url).json() == []  # nothing published yet


def test_rankings_of_every_cluster_in_one_answer(province, api_client):
    """Without ?cluster= every cluster/block of the year is ranked, each on its own (ranks restart at 1)."""
    rows = api_client("vanphong").get(f"/api/v1/campaigns/{province.campaign_id}/rankings").json()
    by_cluster: dict[int, list] = {}
    for row in rows:
        by_cluster.setdefault(row["cluster_id"], []).append(row)
    assert set(by_cluster) == set(province.cluster_ids.values())
    for cluster_id, ranked in by_cluster.items():
        one = api_client("vanphong").get(
            f"/api/v1/campaigns/{province.campaign_id}/rankings?cluster={cluster_id}").json()
        assert ranked == one
        assert ranked[0]["rank"] == 1
    assert len(rows) == 54  # every participant has a current sheet


def test_ranking_every_cluster_takes_the_same_queries_as_one(province):
    """Ranking the whole province is one selector call with a fixed number of queries (issue 5's benchmark)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.campaigns.models import Campaign
    from thidua.evaluation import selectors

    campaign = Campaign.objects.get(pk=province.campaign_id)
    user = province.user("vanphong")
    selectors.rankings_by_cluster(user=user, campaign=campaign)
    with CaptureQueriesContext(connection) as every:
        ranked = selectors.rankings_by_cluster(user=user, campaign=campaign)
    with CaptureQueriesContext(connection) as one:
        selectors.rankings_by_cluster(user=user, campaign=campaign, cluster_ids=[province.cluster_ids[CLUSTER_1]])
    assert len(ranked) == len(province.cluster_ids) > 1
    assert len(every.captured_queries) == len(one.captured_queries) == 5


def test_rankings_of_an_unknown_cluster_is_404(province, api_client):
    url = f"/api/v1/campaigns/{province.campaign_id}/rankings?cluster=987654"
    assert api_client("vanphong").get(url).status_code == 404


def test_missed_targets_lists_units_most_first(province, api_client):
    rows = api_client("vanphong").get(f"/api/v1/campaigns/{province.campaign_id}/missed-targets").json()
    assert rows
    assert [r["targets_off_track"] for r in rows] == sorted((r["targets_off_track"] for r in rows), reverse=True)
    assert set(rows[0]) == {"unit_id", "unit_name", "targets_off_track"}


# ── voting ──────────────────────────────────────────────────────────────────────────────────────────────────


def round_body(province, **changes) -> dict:
    now = timezone.now()
    return {"campaign_id": province.campaign_id, "cluster_id": province.cluster_ids[CLUSTER_1],
            "question": "Suy tôn đơn vị dẫn đầu Cụm 1", "candidates": [province.unit_ids["H-YT"],
                                                                         province.unit_ids["H-TY"]],
            "threshold_percent": "70", "quorum_percent": "50",
            "opens_at": (now - datetime.timedelta(minutes=5)).isoformat(),
            "closes_at": (now + datetime.timedelta(hours=1)).isoformat(), **changes}


def test_round_is_created_with_its_electorate(province, api_client):
    response = api_client("hiephoa").post("/api/v1/voting-rounds", data=json.dumps(round_body(province)),
                                          content_type="application/json")
    assert response.status_code == 201
    assert response.json() | {"id": 0} == {"id": 0, "max_choices": 2, "electorate": 5}
    assert VotingRound.objects.get(pk=response.json()["id"]).created_by == province.user("hiephoa")


def test_second_flag_round_is_400(province, api_client):
    client = api_client("vanphong")
    body = json.dumps(round_body(province, award="emulation_flag"))
    assert client.post("/api/v1/voting-rounds", data=body, content_type="application/json").status_code == 201
    assert client.post("/api/v1/voting-rounds", data=body, content_type="application/json").status_code == 400


def ballot(client, voting_round, *choices):
    return client.post(f"/api/v1/voting-rounds/{voting_round.pk}/ballots", data=json.dumps({"choices": list(choices)}),
                       content_type="application/json")


def test_second_ballot_is_400(province, api_client):
    voting_round = open_round(province, candidates=["H-YT", "H-TY"])
    client = api_client("yenthe")
    assert ballot(client, voting_round, province.unit_ids["H-TY"]).status_code == 201
    assert ballot(client, voting_round, province.unit_ids["H-TY"]).status_code == 400
    assert dict(voting_round.candidates.values_list("unit__code", "votes")) == {"H-YT": 0, "H-TY": 1}


def test_result_hides_the_counts_until_the_close(province, api_client):
    voting_round = open_round(province, candidates=["H-YT", "H-TY"])
    ballot(api_client("hiephoa"), voting_round, province.unit_ids["H-YT"])
    body = api_client("vanphong").get(f"/api/v1/voting-rounds/{voting_round.pk}/result").json()
    hidden = {"nomination_item_id": None, "award_type": None, "votes": None, "percent": None,
              "percent_of_all_members": None, "threshold_percent": 70.0, "passed": None, "within_quota": None}
    assert body == {"electorate": 5, "voted": 1, "quorum_met": False, "closed": False, "candidates": [
        {"unit_id": province.unit_ids["H-TY"], "unit_name": "UBND huyện Tân Yên", "name": "UBND huyện Tân Yên",
         **hidden},
        {"unit_id": province.unit_ids["H-YT"], "unit_name": "UBND huyện Yên Thế", "name": "UBND huyện Yên Thế",
         **hidden}]}
    assert api_client("vanphong").get(f"/api/v1/voting-rounds/{voting_round.pk}/minutes.docx").status_code == 400


def closed_council_round(province, api_client) -> VotingRound:
    """10 council members, 7 voted: Yên Thế 7 (passes at 70 %), Sở Y tế 6."""
    members = council_members(province, 10)
    voting_round = open_round(province, candidates=["H-YT", "SYT"], cluster=None,
                              electorate=Electorate.COUNCIL_MEMBERS)
    for number, member in enumerate(members[:7]):
        choices = ["H-YT", "SYT"] if number < 6 else ["H-YT"]
        services.ballot_cast(by=member, voting_round=voting_round, choices=[province.unit_ids[c] for c in choices])
    VotingRound.objects.filter(pk=voting_round.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    return voting_round


def test_result_after_the_close(province, api_client):
    voting_round = closed_council_round(province, api_client)
    body = api_client("thanhvien").get(f"/api/v1/voting-rounds/{voting_round.pk}/result").json()
    assert (body["electorate"], body["voted"], body["quorum_met"], body["closed"]) == (10, 7, True, True)
    assert [(c["unit_id"], c["votes"], c["percent"], c["passed"]) for c in body["candidates"]] == [
        (province.unit_ids["H-YT"], 7, 70.0, True), (province.unit_ids["SYT"], 6, 60.0, False)]


def test_minutes_docx_carries_the_counts(province, api_client):
    voting_round = closed_council_round(province, api_client)
    response = api_client("vanphong").get(f"/api/v1/voting-rounds/{voting_round.pk}/minutes.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Thành viên Hội đồng Thi đua - Khen thưởng có quyền bỏ phiếu: 10; đã bỏ phiếu: 07." in text
    assert "Số phiếu phát ra: 10; số phiếu thu về: 07; số phiếu hợp lệ: 07; số phiếu không hợp lệ: 00." in text
    assert ("Số thành viên đã bỏ phiếu: 07/10 (70\u00a0%); tỷ lệ tham gia tối thiểu 50\u00a0%; đủ điều kiện kiểm "
            "phiếu.") in text
    assert ("Căn cứ kết quả kiểm phiếu, các trường hợp sau đạt tỷ lệ phiếu đồng ý theo quy định và được đề nghị: "
            "UBND huyện Yên Thế.") in text
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["1", "UBND huyện Yên Thế", "10", "07", "07", "00", "07", "70\u00a0%", "70\u00a0%", "Đạt"] in rows
    assert ["2", "Sở Y tế", "10", "07", "07", "00", "06", "60\u00a0%", "70\u00a0%", "Không đạt"] in rows


@pytest.mark.parametrize("username", ["soyte", "vanphong"])
def test_ballot_by_a_non_member_is_403(province, api_client, username):
    voting_round = open_round(province, candidates=["H-YT"])
    assert ballot(api_client(username), voting_round, province.unit_ids["H-YT"]).status_code == 403
