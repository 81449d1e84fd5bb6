"""The API of issue 12: routes on the catalog and the dossiers, the provincial council's members, meetings with and
without quorum, the council's vote on nominees and its result at the threshold, a vote closed by the office, and
decisions prepared, signed (or sent back) and issued — each lookup scoped, a guessed id a 404."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.awards.conftest import YEAR, dossier, move, new_person, nominate
from thidua.awards import council as councils
from thidua.awards import services
from thidua.awards.enums import DecisionStatus
from thidua.awards.models import Award, Council, CouncilMember, Decision, Nomination, NominationItem
from thidua.evaluation import services as evaluation_services
from thidua.evaluation.models import Candidate

JSON = "application/json"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CHAIR = "Lê Ánh Dương"


def post(client, url: str, data=None):
    return client.post(url, data=json.dumps(data or {}), content_type=JSON)


@pytest.fixture
def clients(api_client, settings):
    """``clients(username)``: that user's token client (one per user), asking for English messages."""
    cache = {}

    def _client(username: str):
        if username not in cache:
            cache[username] = api_client(username)
            cache[username].cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return cache[username]

    return _client


def province_members() -> dict[str, int]:
    """The demo provincial council's serving members: full name → member id, in the council's order."""
    return dict(councils.members_of(councils.province_council()).values_list("full_name", "pk"))


def appraised(province, code: str, names: list[str], unit: str = "SGDDT") -> tuple[Nomination, list[int]]:
    """A 2021 dossier of ``unit`` with one nominee for ``code`` per name, sent, received and appraised (every
    nominee eligible) by the system, the office's clerk as appraiser."""
    unit = province.unit(unit)
    nomination = dossier(unit, year=YEAR)
    items = [nominate(nomination, code, person=new_person(name, unit)).pk for name in names]
    move(nomination, "submitted", confirm_failures=True)
    move(nomination, "received")
    move(nomination, "in_appraisal", appraiser=province.user("vanphong"))
    services.appraisal_record(by=None, nomination=nomination, verdicts=[
        {"item_id": pk, "eligible": True, "reason": "Đủ tiêu chuẩn", "justification": "Thành tích xuất sắc"}
        for pk in items])
    move(nomination, "appraised")
    nomination.refresh_from_db()
    return nomination, items


def meeting_body(present: int, written: int = 0) -> dict:
    """The first ``present`` members attend (the chair first), the next ``written`` send a written opinion."""
    ids = list(province_members().values())
    return {"held_on": timezone.localdate().isoformat(), "place": "Phòng họp số 1, UBND tỉnh",
            "chair_id": province_members()[CHAIR], "secretary_id": ids[3], "member_ids_present": ids[:present],
            "written_opinion_ids": ids[present:present + written]}


def awaiting() -> Decision:
    """The demo's Bằng khen decision, prepared by the office, waiting for the Chairman's signature."""
    return Decision.objects.get(issuer_unit__isnull=True, status=DecisionStatus.AWAITING_SIGNATURE)


def unit_decision(province) -> Decision:
    """Sở Y tế's own decision (its council's vote, signed by its director), issued."""
    return Decision.objects.get(issuer_unit_id=province.unit_ids["SYT"])


# ── routes ───────────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("on", ["", "?on=2021-12-31"])
def test_award_types_carry_their_route(province, clients, on):
    response = clients("hiephoa").get(f"/api/v1/award-types{on}")
    assert response.status_code == 200
    routes = {row["code"]: row["route"] for row in response.json()}
    assert {code: routes[code] for code in ("LDTT", "GK_CN", "BK_CN", "TTLDXS", "CSTD_TINH", "CO_TINH",
                                            "BK_TTG_CN")} == {
        "LDTT": "unit", "GK_CN": "unit", "BK_CN": "chairman", "TTLDXS": "chairman", "CSTD_TINH": "council",
        "CO_TINH": "council", "BK_TTG_CN": "centre"}


def test_a_dossier_and_its_transition_carry_the_route(province, clients):
    bang_khen, _items = appraised(province, "BK_CN", ["Nguyễn Thị Yến"])
    title, _items = appraised(province, "CSTD_TINH", ["Trần Văn Khánh"])
    assert clients("vanphong").get(f"/api/v1/nominations/{title.pk}").json()["route"] == "council"
    assert clients("vanphong").get(f"/api/v1/nominations/{bang_khen.pk}").json()["route"] == "chairman"
    moved = post(clients("vanphong"), f"/api/v1/nominations/{bang_khen.pk}/transition", {"to": "approved"})
    assert moved.status_code == 200, moved.content
    assert (moved.json()["status"], moved.json()["route"]) == ("approved", "chairman")


# ── the council's members and meetings ───────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("username", ["vanphong", "chutich", "thanhvien"])
def test_the_provincial_councils_members(province, clients, username):
    response = clients(username).get("/api/v1/council-members")
    assert response.status_code == 200
    rows = response.json()
    council = councils.province_council()
    assert [r["id"] for r in rows] == list(councils.members_of(council).values_list("pk", flat=True))
    assert len(rows) == CouncilMember.objects.filter(council=council, active=True).count() == 10
    chair = next(r for r in rows if r["name"] == CHAIR)
    assert (chair["role"], chair["user_id"]) == ("chair", province.user_ids["chutich"])
    assert {r["role"] for r in rows} == {"chair", "vice_chair", "member"}
    assert set(rows[0]) == {"id", "name", "role", "position", "user_id"}


@pytest.mark.parametrize("username", ["hiephoa", "yenthe", "soyte"])
def test_a_units_clerk_does_not_read_the_provincial_councils_roll(province, clients, username):
    response = clients(username).get("/api/v1/council-members")
    assert response.status_code == 403
    assert response.json()["detail"] != ""


def test_a_units_own_council_is_read_by_its_staff_only(province, clients):
    syt = Council.objects.get(unit_id=province.unit_ids["SYT"])
    rows = clients("soyte").get(f"/api/v1/council-members?council={syt.pk}").json()
    assert [r["id"] for r in rows] == list(councils.members_of(syt).values_list("pk", flat=True))
    for username in ("hiephoa", "thanhvien"):
        assert clients(username).get(f"/api/v1/council-members?council={syt.pk}").status_code == 404
    assert clients("soyte").get("/api/v1/council-members?council=987654321").status_code == 404


@pytest.mark.parametrize(("present", "written", "met"), [
    (10, 0, True),
    (7, 1, True),    # 7/10 ≥ 2/3 present; 8/10 = 80 % with the written opinion
    (7, 0, False),   # 70 % < 80 %
    (6, 4, False),   # 6/10 < 2/3 present, whatever the written opinions
    (8, 0, True),
])
def test_a_meeting_and_its_quorum(province, clients, present, written, met):
    response = post(clients("vanphong"), "/api/v1/council-meetings", meeting_body(present, written))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["quorum_met"], body["quorum_explanation"].startswith("Quorum met" if met else "Quorum not met")) \
        == (met, True)
    meeting = councils.CouncilMeeting.objects.get(pk=body["id"])
    assert (meeting.member_count, meeting.present.count(), meeting.written_opinions.count()) == (10, present,
                                                                                                 written)


@pytest.mark.parametrize(("username", "status"), [("chutich", 403), ("thanhvien", 403), ("yenthe", 403)])
def test_only_the_office_records_a_provincial_meeting(province, clients, username, status):
    assert post(clients(username), "/api/v1/council-meetings", meeting_body(10)).status_code == status


def test_a_meeting_with_bad_members_is_a_400(province, clients):
    syt_member = CouncilMember.objects.filter(council__unit_id=province.unit_ids["SYT"]).first()
    body = {**meeting_body(8), "member_ids_present": [*meeting_body(8)["member_ids_present"], syt_member.pk]}
    response = post(clients("vanphong"), "/api/v1/council-meetings", body)
    assert (response.status_code, response.json()["errors"]) == (400, ["Choose serving members of this council."])
    absent_chair = {**meeting_body(8), "chair_id": list(province_members().values())[9]}
    assert post(clients("vanphong"), "/api/v1/council-meetings", absent_chair).status_code == 400


def test_a_meeting_without_quorum_cannot_vote(province, clients):
    _title, items = appraised(province, "CSTD_TINH", ["Trần Văn Khánh"])
    move(Nomination.objects.get(items__pk=items[0]), "at_council")
    meeting = post(clients("vanphong"), "/api/v1/council-meetings", meeting_body(6, 4)).json()
    response = post(clients("vanphong"), f"/api/v1/council-meetings/{meeting['id']}/votes",
                    {"nomination_item_ids": items})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The meeting has no quorum")


# ── the vote and its result ──────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def vote(province, clients):
    """Two Chiến sĩ thi đua cấp tỉnh (90 % of all members) before the council; all ten members meet; the office
    opens the vote on both."""
    title, items = appraised(province, "CSTD_TINH", ["Trần Văn Khánh", "Phạm Thị Liên"])
    move(title, "at_council")
    meeting = post(clients("vanphong"), "/api/v1/council-meetings", meeting_body(10)).json()
    response = post(clients("vanphong"), f"/api/v1/council-meetings/{meeting['id']}/votes",
                    {"nomination_item_ids": items})
    assert response.status_code == 201, response.content
    return {"nomination": title, "items": items, "meeting": meeting["id"], "round": response.json()["round_id"]}


def test_the_vote_is_opened_on_the_nominees(province, vote):
    rows = Candidate.objects.filter(round_id=vote["round"]).order_by("id")
    assert [(c.nomination_item_id, c.threshold_percent, c.votes) for c in rows] == [
        (vote["items"][0], 90, 0), (vote["items"][1], 90, 0)]


def test_the_result_hides_the_counts_until_the_close(province, clients, vote):
    body = clients("thanhvien").get(f"/api/v1/voting-rounds/{vote['round']}/result").json()
    assert (body["electorate"], body["voted"], body["quorum_met"], body["closed"]) == (10, 0, True, False)
    assert [(c["name"], c["nomination_item_id"], c["unit_id"], c["votes"], c["percent_of_all_members"],
             c["threshold_percent"], c["passed"]) for c in body["candidates"]] == [
        ("Phạm Thị Liên", vote["items"][1], None, None, None, 90.0, None),
        ("Trần Văn Khánh", vote["items"][0], None, None, None, 90.0, None)]
    assert body["candidates"][0]["award_type"] == "Chiến sĩ thi đua cấp tỉnh"


@pytest.mark.parametrize("username", ["hiephoa", "yenthe", "soyte"])
def test_a_units_clerk_does_not_see_the_provincial_councils_vote(province, clients, vote, username):
    assert clients(username).get(f"/api/v1/voting-rounds/{vote['round']}/result").status_code == 404
    assert post(clients(username), f"/api/v1/voting-rounds/{vote['round']}/close").status_code == 404
    assert post(clients(username), f"/api/v1/council-meetings/{vote['meeting']}/votes",
                {"nomination_item_ids": vote["items"]}).status_code == 404


def test_nine_of_ten_pass_at_ninety_percent_and_eight_fail(province, clients, vote):
    """9 of all 10 members is 90 %: passes the 90 % of Chiến sĩ thi đua cấp tỉnh; 8 (80 %) does not."""
    first, second = vote["items"]
    Candidate.objects.filter(round_id=vote["round"], nomination_item_id=first).update(votes=9)
    Candidate.objects.filter(round_id=vote["round"], nomination_item_id=second).update(votes=8)
    assert post(clients("chutich"), f"/api/v1/voting-rounds/{vote['round']}/close").status_code == 403
    closed = post(clients("vanphong"), f"/api/v1/voting-rounds/{vote['round']}/close")
    assert closed.status_code == 200, closed.content
    assert closed.json()["closed"] is True
    body = clients("chutich").get(f"/api/v1/voting-rounds/{vote['round']}/result").json()
    assert [(c["nomination_item_id"], c["votes"], c["percent"], c["percent_of_all_members"], c["threshold_percent"],
             c["passed"]) for c in body["candidates"]] == [
        (first, 9, 90.0, 90.0, 90.0, True), (second, 8, 80.0, 80.0, 90.0, False)]
    again = post(clients("vanphong"), f"/api/v1/voting-rounds/{vote['round']}/close")
    assert (again.status_code, again.json()["detail"]) == (400, "The vote is closed.")
    # The council's conclusion takes the meeting's vote: the one under the threshold is marked as not passed.
    approved = post(clients("vanphong"), f"/api/v1/nominations/{vote['nomination'].pk}/transition",
                    {"to": "approved", "voting_round_id": vote["round"]})
    assert approved.status_code == 200, approved.content
    assert dict(NominationItem.objects.filter(pk__in=vote["items"]).values_list("pk", "council_passed")) == {
        first: True, second: False}


def test_a_campaign_rounds_result_gains_the_share_and_the_threshold(province, clients):
    now = timezone.now()
    start = now - datetime.timedelta(hours=3)
    voting_round = evaluation_services.round_create(
        by=None, campaign=province.campaign(), cluster=province.cluster("Cụm thi đua số 1"), question="Suy tôn",
        candidates=[province.unit_ids["H-YT"], province.unit_ids["H-TY"]], threshold_percent="70",
        quorum_percent="50", opens_at=start, closes_at=start + datetime.timedelta(hours=2))
    body = clients("yenthe").get(f"/api/v1/voting-rounds/{voting_round.pk}/result").json()
    assert body["closed"] is True
    for row in body["candidates"]:
        assert (row["percent_of_all_members"], row["threshold_percent"], row["nomination_item_id"]) == (
            row["percent"], 70.0, None)
        assert row["name"] == row["unit_name"]


# ── decisions: prepared, signed or sent back, issued ─────────────────────────────────────────────────────────


def test_the_chairman_signs_and_the_office_issues(province, clients):
    decision = awaiting()
    items = list(decision.items.values_list("pk", flat=True))
    issued_early = post(clients("vanphong"), f"/api/v1/decisions/{decision.pk}/issue")
    assert (issued_early.status_code, issued_early.json()["detail"]) == (
        400, "A decision is issued only once it is signed.")
    assert post(clients("vanphong"), f"/api/v1/decisions/{decision.pk}/sign").status_code == 403
    signed = post(clients("chutich"), f"/api/v1/decisions/{decision.pk}/sign", {})
    assert (signed.status_code, signed.json()) == (200, {"id": decision.pk, "status": "signed"})
    assert post(clients("chutich"), f"/api/v1/decisions/{decision.pk}/issue").status_code == 403
    issued = post(clients("vanphong"), f"/api/v1/decisions/{decision.pk}/issue")
    assert issued.status_code == 200, issued.content
    body = issued.json()
    assert (body["id"], body["status"], body["number"] != "") == (decision.pk, "issued", True)
    assert body["award_ids"] == list(Award.objects.filter(nomination_item_id__in=items).order_by("id")
                                     .values_list("pk", flat=True))
    assert len(body["award_ids"]) == len(items) > 0


@pytest.mark.parametrize(("username", "status"), [
    ("vanphong", 403), ("hiephoa", 404), ("yenthe", 404), ("soyte", 404), ("thanhvien", 404)])
def test_only_the_chairman_signs_the_provinces_decision(province, clients, username, status):
    decision = awaiting()
    response = post(clients(username), f"/api/v1/decisions/{decision.pk}/sign", {})
    assert response.status_code == status
    assert response.json()["detail"] != ""
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.AWAITING_SIGNATURE


def test_sending_back_needs_a_note(province, clients):
    decision = awaiting()
    response = post(clients("chutich"), f"/api/v1/decisions/{decision.pk}/send-back", {})
    assert (response.status_code, response.json()["errors"]) == (400, ["Say why the decision goes back."])
    assert post(clients("vanphong"), f"/api/v1/decisions/{decision.pk}/send-back",
                {"note": "Xem lại"}).status_code == 403
    back = post(clients("chutich"), f"/api/v1/decisions/{decision.pk}/send-back",
                {"note": "Bổ sung thành tích của cá nhân"})
    assert (back.status_code, back.json()) == (200, {"id": decision.pk, "status": "draft"})
    assert Decision.objects.get(pk=decision.pk).sent_back_note == "Bổ sung thành tích của cá nhân"
    assert post(clients("chutich"), f"/api/v1/decisions/{decision.pk}/sign").status_code == 400


@pytest.mark.parametrize("action", ["sign", "send-back", "issue"])
def test_a_clerk_of_another_unit_guessing_a_decision_id_gets_a_404(province, clients, action):
    for decision in (unit_decision(province), awaiting()):
        missing = post(clients("yenthe"), f"/api/v1/decisions/987654321/{action}", {"note": "x"})
        guessed = post(clients("yenthe"), f"/api/v1/decisions/{decision.pk}/{action}", {"note": "x"})
        assert (guessed.status_code, guessed.json()) == (missing.status_code, missing.json())
        assert guessed.status_code == 404


def test_decisions_listed_as_each_may_see_them(province, clients):
    everything = set(Decision.objects.values_list("pk", flat=True))
    syt = unit_decision(province).pk
    issued = set(Decision.objects.filter(status=DecisionStatus.ISSUED).values_list("pk", flat=True))
    listed = {u: {r["id"] for r in clients(u).get("/api/v1/decisions").json()}
              for u in ("vanphong", "chutich", "thanhvien", "soyte", "yenthe")}
    assert listed["vanphong"] == listed["chutich"] == everything
    assert awaiting().pk in everything
    assert listed["thanhvien"] == issued
    assert syt in listed["soyte"]
    assert syt not in listed["yenthe"]
    assert awaiting().pk not in listed["soyte"] | listed["yenthe"]
    row = next(r for r in clients("soyte").get("/api/v1/decisions").json() if r["id"] == syt)
    assert (row["issuer_unit_id"], row["issuer"], row["status"]) == (
        province.unit_ids["SYT"], province.unit("SYT").name, "issued")
    by_unit = clients("chutich").get(f"/api/v1/decisions?issuer_unit={province.unit_ids['SYT']}").json()
    assert [r["id"] for r in by_unit] == [syt]
    waiting = next(r for r in clients("chutich").get("/api/v1/decisions").json() if r["id"] == awaiting().pk)
    assert (waiting["number"], waiting["signed_on"], waiting["status"], waiting["issuer_unit_id"]) == (
        "", None, "awaiting_signature", None)
    year = awaiting().year
    assert awaiting().pk in {r["id"] for r in clients("chutich").get(f"/api/v1/decisions?year={year}").json()}
    assert awaiting().pk not in {r["id"] for r in clients("chutich").get(
        f"/api/v1/decisions?year={year - 1}").json()}


def test_the_office_prepares_a_decision_for_the_chairman(province, clients):
    bang_khen, items = appraised(province, "BK_CN", ["Nguyễn Thị Yến"])
    move(bang_khen, "approved")
    assert post(clients("hiephoa"), "/api/v1/decisions/prepare",
                {"item_ids": items, "symbol": "QĐ-UBND"}).status_code == 403
    assert post(clients("vanphong"), "/api/v1/decisions/prepare", {"item_ids": items, "symbol": ""}
                ).status_code == 422
    response = post(clients("vanphong"), "/api/v1/decisions/prepare", {"item_ids": items, "symbol": "QĐ-UBND"})
    assert response.status_code == 201, response.content
    assert response.json() == {"id": response.json()["id"], "status": "awaiting_signature"}
    again = post(clients("vanphong"), "/api/v1/decisions/prepare", {"item_ids": items, "symbol": "QĐ-UBND"})
    assert again.status_code == 400


def test_a_prepared_decision_cites_the_offices_tờ_trình(province, clients):
    import io

    import docx

    bang_khen, items = appraised(province, "BK_CN", ["Nguyễn Thị Yến"])
    move(bang_khen, "approved")
    payload = {"item_ids": items, "symbol": "QĐ-UBND", "proposal_number": "21/TTr-SNV"}
    assert post(clients("vanphong"), "/api/v1/decisions/prepare",
                {**payload, "proposal_on": "1890-01-01"}).status_code == 422
    response = post(clients("vanphong"), "/api/v1/decisions/prepare", {**payload, "proposal_on": "2022-01-12"})
    assert response.status_code == 201, response.content
    from django.urls import reverse

    from tests.support import signed_in

    # The draft awaiting its signature, from its page (the API serves issued decisions).
    content = signed_in("vanphong").get(reverse("awards:decision_document", args=[response.json()["id"]]))
    assert content.status_code == 200
    paragraphs = [p.text for p in docx.Document(io.BytesIO(content.content)).paragraphs]
    assert "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 21/TTr-SNV ngày 12/01/2022." in paragraphs


def test_a_paper_decision_needs_its_scan(province, clients, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    bang_khen, items = appraised(province, "BK_CN", ["Nguyễn Thị Yến"])
    move(bang_khen, "approved")
    fields = {"number": "215", "symbol": "QĐ-UBND", "signed_on": "2022-02-10", "signer_name": CHAIR,
              "signer_title": "CHỦ TỊCH", "item_ids": items}
    without = clients("vanphong").post("/api/v1/decisions", data=fields)
    assert (without.status_code, without.json()["errors"]) == (400, ["Attach the scan of the signed decision."])
    response = clients("vanphong").post("/api/v1/decisions", data={
        **fields, "scan": SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 201, response.content
    decision = Decision.objects.get(pk=response.json()["id"])
    assert (decision.status, decision.reference, bool(decision.scan)) == ("issued", "215/QĐ-UBND", True)
    assert response.json()["award_ids"] == list(decision.awards.values_list("pk", flat=True))


# ── a unit's own council and decision ───────────────────────────────────────────────────────────────────────


def test_a_unit_records_its_own_councils_meeting(province, clients):
    syt = Council.objects.get(unit_id=province.unit_ids["SYT"])
    members = list(councils.members_of(syt).values_list("pk", "role"))
    body = {"council_id": syt.pk, "held_on": timezone.localdate().isoformat(), "place": "Hội trường Sở Y tế",
            "chair_id": next(pk for pk, role in members if role == "chair"), "secretary_id": members[2][0],
            "member_ids_present": [pk for pk, _role in members]}
    response = post(clients("soyte"), "/api/v1/council-meetings", body)
    assert response.status_code == 201, response.content
    assert response.json()["quorum_met"] is True
    assert post(clients("vanphong"), "/api/v1/council-meetings", body).status_code == 403
    assert post(clients("hiephoa"), "/api/v1/council-meetings", body).status_code == 404


def test_a_units_decision_is_prepared_by_its_staff_and_signed_by_its_head(province, clients):
    """Lao động tiên tiến is decided in Sở Y tế: its clerk prepares, its director signs, its clerk issues."""
    unit = province.unit("SYT")
    nomination = dossier(unit, year=YEAR)
    item = nominate(nomination, "LDTT", person=new_person("Vũ Thị Hoa", unit)).pk
    move(nomination, "submitted", confirm_failures=True)
    move(nomination, "received")
    move(nomination, "in_appraisal", appraiser=province.user("soyte"))
    services.appraisal_record(by=None, nomination=nomination, verdicts=[
        {"item_id": item, "eligible": True, "reason": "Đủ tiêu chuẩn", "justification": "Hoàn thành tốt"}])
    move(nomination, "appraised")
    move(nomination, "approved")
    assert post(clients("vanphong"), "/api/v1/decisions/prepare",
                {"item_ids": [item], "symbol": "QĐ-SYT"}).status_code == 403
    prepared = post(clients("soyte"), "/api/v1/decisions/prepare", {"item_ids": [item], "symbol": "QĐ-SYT"})
    assert prepared.status_code == 201, prepared.content
    decision = prepared.json()["id"]
    assert post(clients("yenthe"), f"/api/v1/decisions/{decision}/sign").status_code == 404
    assert post(clients("chutich"), f"/api/v1/decisions/{decision}/sign").status_code == 403
    assert post(clients("soyte"), f"/api/v1/decisions/{decision}/sign").status_code == 403
    signed = post(clients("giamdocyt"), f"/api/v1/decisions/{decision}/sign")
    assert (signed.status_code, signed.json()["status"]) == (200, "signed")
    issued = post(clients("soyte"), f"/api/v1/decisions/{decision}/issue")
    assert issued.status_code == 200, issued.content
    assert Award.objects.get(pk__in=issued.json()["award_ids"]).decision.issuer_unit_id == unit.pk
    listed = clients("giamdocyt").get(f"/api/v1/decisions?issuer_unit={unit.pk}").json()
    assert decision in {row["id"] for row in listed}


def test_members_present_vote_through_the_api_and_nothing_ties_them_to_their_choice(province, clients, vote):
    """The three members with logins (chutich, vanphong, thanhvien) are among the ten present: each votes once; a
    clerk, who is no member, gets a 404 (the vote is not his to see); the counts are the choices'."""
    first, second = vote["items"]
    url = f"/api/v1/voting-rounds/{vote['round']}/ballots"
    assert post(clients("chutich"), url, {"choices": [first, second]}).status_code == 201
    assert post(clients("vanphong"), url, {"choices": [first]}).status_code == 201
    assert post(clients("thanhvien"), url, {"choices": []}).status_code == 201
    again = post(clients("thanhvien"), url, {"choices": [first]})
    assert again.status_code == 400
    assert post(clients("hiephoa"), url, {"choices": [first]}).status_code == 404
    assert dict(Candidate.objects.filter(round_id=vote["round"]).values_list("nomination_item_id", "votes")) == {
        first: 2, second: 1}
    from thidua.evaluation.models import BallotCast

    assert sorted(BallotCast.objects.filter(round_id=vote["round"]).values_list("voter_user__username", flat=True)) \
        == ["chutich", "thanhvien", "vanphong"]


def test_opening_a_vote_reads_a_fixed_number_of_queries_whatever_the_nominees(province, clients):
    """Each nominee's threshold comes from the regimes and terms read once, not once per nominee."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few, few_items = appraised(province, "CSTD_TINH", ["Trần Văn Một"])
    many, many_items = appraised(province, "CSTD_TINH", ["Lê Văn Hai", "Lê Văn Ba", "Lê Văn Bốn", "Lê Văn Năm"])
    for nomination in (few, many):
        move(nomination, "at_council")
    meeting = post(clients("vanphong"), "/api/v1/council-meetings", meeting_body(10)).json()
    counts = []
    for items in (few_items, many_items):
        with CaptureQueriesContext(connection) as queries:
            response = post(clients("vanphong"), f"/api/v1/council-meetings/{meeting['id']}/votes",
                            {"nomination_item_ids": items})
        assert response.status_code == 201, response.content
        counts.append(len(queries))
    assert counts[0] == counts[1]
