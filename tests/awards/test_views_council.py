"""Pages of issue 12: the signer's desk and a decision's way to its signature and issue, the decision pages
(prepared for signature, or recorded from paper with its scan), the dossier's route, and the council's pages (its
meetings, the secret vote on nominees, a meeting held outside the system). Status codes per role; a clerk guessing
another unit's ids gets a 404 or a 403, never a 500."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.support import signed_in  # `province` comes from tests/awards/conftest.py
from thidua.accounts.models import User
from thidua.awards import council, services, signing
from thidua.awards.enums import CouncilRole, DecisionStatus, Route, StepKind
from thidua.awards.enums import NominationStatus as S
from thidua.awards.models import Award, AwardType, Council, CouncilMeeting, Decision, Nomination, Signatory
from thidua.evaluation import services as evaluation
from thidua.evaluation.models import BallotCast, VotingRound
from thidua.org import services as org_services
from thidua.org.enums import UnitKind
from thidua.org.models import Unit

YEAR = 2021
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
D = DecisionStatus


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _url(name: str, *args) -> str:
    return reverse(f"awards:{name}", args=args)


def _pdf(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _province_unit() -> Unit:
    return Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("-id").first()


def _chairman_signs(province) -> Signatory:
    """chutich signs the province's decisions (the demo sets this up; made here when it does not yet)."""
    row, _created = Signatory.objects.get_or_create(unit=_province_unit(), user=province.user("chutich"),
                                                    defaults={"title": "CHỦ TỊCH", "principal": True})
    return row


def _person(province, name: str, unit_code: str = "H-HH"):
    unit = province.unit(unit_code)
    person = org_services.person_create(by=None, full_name=name)
    org_services.employment_record(by=None, person=person, unit=unit, started_on=datetime.date(2015, 1, 1))
    for year in (2020, 2021):
        services.rating_record(by=None, person=person, unit=unit, year=year, rating="excellent")
    return person


def _move(nomination, to, **kwargs):
    nomination.refresh_from_db()
    return services.nomination_transition(by=None, nomination=nomination, to=to, **kwargs)


def _appraised(province, code: str, names: list[str], *, unit_code: str = "H-HH", clerk: str = "hiephoa"
               ) -> Nomination:
    """A dossier of ``names`` proposed for ``code``, sent and appraised (every nominee found eligible, with a
    justification where a rule fails)."""
    nomination = services.nomination_create(by=province.user(clerk), unit=province.unit(unit_code), year=YEAR)
    for name in names:
        services.item_add(by=None, nomination=nomination, award_type=AwardType.objects.get(code=code),
                          person=_person(province, name, unit_code), achievement="Thành tích xuất sắc")
    _move(nomination, S.SUBMITTED, confirm_failures=True)
    _move(nomination, S.RECEIVED)
    _move(nomination, S.IN_APPRAISAL, appraiser=province.user("vanphong"))
    nomination.refresh_from_db()
    services.appraisal_record(by=None, nomination=nomination, verdicts=[
        {"item_id": i.pk, "eligible": True, "reason": "Đủ điều kiện", "justification": "Xét thực tế"}
        for i in nomination.items.all()])
    _move(nomination, S.APPRAISED)
    nomination.refresh_from_db()
    return nomination


def _approved_bang_khen(province, name: str = "Hoàng Văn Trình") -> Nomination:
    """A Bằng khen dossier on the chairman's route, approved (no council vote)."""
    nomination = _appraised(province, "BK_CN", [name])
    assert nomination.route == Route.CHAIRMAN
    _move(nomination, S.APPROVED)
    nomination.refresh_from_db()
    return nomination


def _awaiting(province, name: str = "Hoàng Văn Trình") -> Decision:
    nomination = _approved_bang_khen(province, name)
    return signing.decision_prepare(by=province.user("vanphong"), item_ids=[i.pk for i in nomination.items.all()],
                                    symbol="QĐ-UBND")


def _province_council(province) -> Council:
    """The provincial council with chutich as chair, thanhvien and two members without a login."""
    found = council.province_council()
    if found is None:
        found = council.council_create(by=None, unit=_province_unit(), name="Hội đồng Thi đua - Khen thưởng tỉnh")
    if not found.members.filter(user=province.user("chutich")).exists():
        chair = CouncilRole.CHAIR if not found.members.filter(role=CouncilRole.CHAIR).exists() else CouncilRole.MEMBER
        council.council_member_add(by=None, council=found, full_name="Chủ tịch", role=chair,
                                   user=province.user("chutich"))
    if not found.members.filter(user=province.user("thanhvien")).exists():
        council.council_member_add(by=None, council=found, full_name="Thành viên", user=province.user("thanhvien"))
    return found


def _meeting(province, found: Council, **kwargs) -> CouncilMeeting:
    members = list(found.members.filter(active=True))
    chair = next(m for m in members if m.user_id == province.user_ids["chutich"])
    return council.meeting_create(by=None, council=found, held_on=datetime.date.today(), place="Phòng họp số 1",
                                  chair_id=chair.pk, secretary_id=None, present_ids=[m.pk for m in members],
                                  written_ids=[], **kwargs)


# ── the desk and signing ────────────────────────────────────────────────────────────────────────────────────


def test_desk_lists_decisions_awaiting_the_chairman_and_refuses_others(province):
    _chairman_signs(province)
    decision = _awaiting(province)
    page = signed_in("chutich").get(_url("desk"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="desk-{decision.pk}"' in html and "Hoàng Văn Trình" in html
    assert _url("decision_sign", decision.pk) in html and _url("decision_document", decision.pk) in html
    assert 'id="subnav-desk"' in html
    for username in ("vanphong", "hiephoa", "thanhvien"):
        assert signed_in(username).get(_url("desk")).status_code == 403, username


def test_the_chairman_signs_then_the_office_issues_with_a_number(province):
    _chairman_signs(province)
    decision = _awaiting(province)
    # The draft reads as a DOCX before it is issued.
    draft = signed_in("chutich").get(_url("decision_document", decision.pk))
    assert draft.status_code == 200 and draft.content[:2] == b"PK"
    # The office may not sign, nor issue what is not signed.
    office = signed_in("vanphong", language="en")
    refused = office.post(_url("decision_sign", decision.pk))
    assert refused.status_code == 403 and 'id="errors"' in refused.content.decode()
    premature = office.post(_url("decision_issue", decision.pk))
    assert premature.status_code == 400
    assert premature.context["errors"] == ["A decision is issued only once it is signed."]
    decision.refresh_from_db()
    assert decision.status == D.AWAITING_SIGNATURE and decision.number == ""

    response = signed_in("chutich").post(_url("decision_sign", decision.pk))
    assert response.status_code == 302 and response["Location"] == _url("decision", decision.pk)
    decision.refresh_from_db()
    assert decision.status == D.SIGNED and decision.signed_by_id == province.user_ids["chutich"]
    page = signed_in("chutich").get(_url("decision", decision.pk)).content.decode()
    assert 'status-signed' in page and 'id="sign-decision"' not in page
    assert decision.pk not in [d.pk for d in signed_in("chutich").get(_url("desk")).context["decisions"]]

    page = office.get(_url("decision", decision.pk))
    assert page.context["actions"] == {"issue"}
    assert office.post(_url("decision_issue", decision.pk)).status_code == 302
    decision.refresh_from_db()
    assert decision.status == D.ISSUED and decision.number.isdigit()
    award = Award.objects.get(decision=decision)
    assert award.recipient_name == "Hoàng Văn Trình"
    page = office.get(_url("decision", decision.pk)).content.decode()
    assert f'id="award-{award.pk}"' in page and 'id="decision-number"' in page
    assert office.get(_url("decision_document", decision.pk)).status_code == 200


def test_send_back_needs_a_note_then_resubmit_or_cancel(province):
    _chairman_signs(province)
    decision = _awaiting(province)
    chairman = signed_in("chutich", language="en")
    response = chairman.post(_url("decision_send_back", decision.pk), {"note": ""})
    assert response.status_code == 400 and response.context["send_back_form"].errors["note"]
    decision.refresh_from_db()
    assert decision.status == D.AWAITING_SIGNATURE
    # Only the signer sends back.
    assert signed_in("vanphong").post(_url("decision_send_back", decision.pk), {"note": "x"}).status_code == 403
    note = "Đề nghị bổ sung biên bản họp."
    assert chairman.post(_url("decision_send_back", decision.pk), {"note": note}).status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.sent_back_note) == (D.DRAFT, note)
    office = signed_in("vanphong")
    page = office.get(_url("decision", decision.pk))
    assert note in page.content.decode() and page.context["actions"] == {"resubmit", "cancel"}
    # The signer cannot sign a draft; the office puts it back, then cancels another.
    assert chairman.post(_url("decision_sign", decision.pk)).status_code == 400
    assert office.post(_url("decision_resubmit", decision.pk)).status_code == 302
    decision.refresh_from_db()
    assert decision.status == D.AWAITING_SIGNATURE
    signing.decision_send_back(by=province.user("chutich"), decision=decision, note="Hủy")
    items = list(decision.items.values_list("pk", flat=True))
    response = office.post(_url("decision_cancel", decision.pk))
    assert response.status_code == 302 and response["Location"] == _url("decision_create")
    assert not Decision.objects.filter(pk=decision.pk).exists()
    assert set(items) <= {i.pk for i in office.get(_url("decision_create")).context["items"]}


def test_decision_pages_by_role(province):
    _chairman_signs(province)
    decision = _awaiting(province)
    for username, status in (("vanphong", 200), ("chutich", 200), ("thanhvien", 200), ("hiephoa", 404),
                             ("yenthe", 404), ("soyte", 404)):
        assert signed_in(username).get(_url("decision", decision.pk)).status_code == status, username
        if status == 404:
            for action in ("decision_sign", "decision_send_back", "decision_issue", "decision_cancel",
                           "decision_resubmit"):
                assert signed_in(username).post(_url(action, decision.pk), {"note": "x"}).status_code == 404
    assert signed_in("hiephoa").get(_url("decision_document", decision.pk)).status_code == 404
    assert signed_in("vanphong").get(_url("decision", 999999)).status_code == 404


def test_prepare_a_decision_through_the_page(province):
    nomination = _approved_bang_khen(province)
    item = nomination.items.get()
    office = signed_in("vanphong", language="en")
    form = office.get(_url("decision_create"))
    assert form.status_code == 200 and f'id="grant-{item.pk}"' in form.content.decode()
    assert str(item.pk) not in form.context["chosen"]
    # from the desk's "decisions to prepare": the dossier's nominees come ticked
    ticked = office.get(_url("decision_create") + f"?nomination={nomination.pk}")
    assert ticked.context["chosen"] == {str(item.pk)}
    assert office.get(_url("decision_create") + "?nomination=999999").context["chosen"] == set()
    response = office.post(_url("decision_create"), {"symbol": "", "items": [item.pk]})
    assert response.status_code == 400 and response.context["form"].errors["symbol"]
    response = office.post(_url("decision_create"), {"symbol": "QĐ-UBND", "issuing_authority": "",
                                                     "items": [item.pk]})
    decision = Decision.objects.get(items=item)
    assert response.status_code == 302 and response["Location"] == _url("decision", decision.pk)
    assert decision.status == D.AWAITING_SIGNATURE
    page = office.get(_url("decision", decision.pk))
    assert [i.pk for i in page.context["items"]] == [item.pk]
    assert f'id="in-progress-{decision.pk}"' in office.get(_url("decision_create")).content.decode()
    # Not offered twice; leaders, members and clerks without such nominees have nothing to prepare.
    assert item.pk not in {i.pk for i in office.get(_url("decision_create")).context["items"]}
    for username in ("chutich", "thanhvien"):
        assert signed_in(username).get(_url("decision_create")).status_code == 403, username
        assert signed_in(username).get(_url("decision_record")).status_code == 403, username
    clerk = signed_in("hiephoa")
    assert clerk.get(_url("decision_create")).context["items"] == []
    assert clerk.post(_url("decision_create"), {"symbol": "QĐ", "items": [item.pk]}).status_code == 400


def test_a_decision_signed_on_paper_needs_its_scan(province):
    nomination = _approved_bang_khen(province)
    item = nomination.items.get()
    office = signed_in("vanphong", language="en")
    data = {"number": "77", "symbol": "QĐ-UBND", "signed_on": "2022-01-20", "signer_name": "Lê Ánh Dương",
            "signer_title": "Chủ tịch", "items": [item.pk]}
    response = office.post(_url("decision_record"), data)
    assert response.status_code == 400 and response.context["form"].errors["scan"]
    assert not Decision.objects.filter(number="77").exists()
    response = office.post(_url("decision_record"), {**data, "scan": _pdf()})
    decision = Decision.objects.get(number="77")
    assert response.status_code == 302 and decision.status == D.ISSUED and decision.scan
    assert Award.objects.filter(decision=decision, nomination_item=item).exists()


# ── the dossier's route ─────────────────────────────────────────────────────────────────────────────────────


def test_dossier_page_shows_its_route_and_where_it_stands(province):
    nomination = _approved_bang_khen(province)
    page = signed_in("hiephoa").get(_url("nomination", nomination.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-route="chairman"' in html and 'id="route-stages"' in html
    current = [s["name"] for s in page.context["stages"] if s["current"]]
    assert current == ["approved"] and "at_council" not in [s["name"] for s in page.context["stages"]]
    assert 'id="route-steps"' not in html


def test_centre_steps_are_recorded_by_the_office(province):
    nomination = _appraised(province, "BK_TTG_CN", ["Đỗ Văn Trung Ương"])
    assert nomination.route == Route.CENTRE
    found = _province_council(province)
    meeting = _meeting(province, found)
    voting_round = None
    _move(nomination, S.AT_COUNCIL)
    item = nomination.items.get()
    if services.needs_vote(nomination):
        voting_round = council.meeting_vote_open(by=None, meeting=meeting, item_ids=[item.pk])
        for voter in User.objects.filter(pk__in=council.meeting_voters(meeting)):
            evaluation.ballot_cast(by=voter, voting_round=voting_round, choices=[item.pk])
        voting_round.refresh_from_db()
    _move(nomination, S.APPROVED, voting_round=voting_round, reason="Biên bản họp Hội đồng")
    office = signed_in("vanphong", language="en")
    page = office.get(_url("nomination", nomination.pk))
    assert page.status_code == 200 and 'id="step-form"' in page.content.decode()
    assert 'id="step-form"' not in signed_in("hiephoa").get(_url("nomination", nomination.pk)).content.decode()
    # The clerk may not record a step; a step without its document is a form error.
    assert signed_in("hiephoa").post(_url("route_step", nomination.pk), {
        "kind": StepKind.PARTY_OPINION, "reference": "01-CV/TU", "dated_on": "2022-01-05"}).status_code == 403
    response = office.post(_url("route_step", nomination.pk), {"kind": StepKind.PARTY_OPINION, "reference": "",
                                                                "dated_on": "2022-01-05"})
    assert response.status_code == 400 and response.context["step_form"].errors["reference"]
    for kind, reference in ((StepKind.PARTY_OPINION, "01-CV/TU"), (StepKind.SUBMISSION, "15/TTr-UBND")):
        assert office.post(_url("route_step", nomination.pk), {"kind": kind, "reference": reference,
                                                               "dated_on": "2022-01-05"}).status_code == 302
    _move(nomination, S.SENT_TO_CENTRE)
    page = office.get(_url("nomination", nomination.pk))
    assert [s["name"] for s in page.context["stages"] if s["current"]] == ["sent_to_centre"]
    assert [s.kind for s in page.context["steps"]] == [StepKind.PARTY_OPINION, StepKind.SUBMISSION]
    assert office.post(_url("route_step", nomination.pk), {
        "kind": StepKind.CENTRE_DECISION, "reference": "120/QĐ-TTg", "dated_on": "2022-02-01",
        "granted": [item.pk]}).status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == S.DECIDED and Award.objects.filter(nomination_item=item).exists()


# ── the council ─────────────────────────────────────────────────────────────────────────────────────────────


def test_council_page_by_role(province):
    found = _province_council(province)
    for username, status in (("vanphong", 200), ("chutich", 200), ("thanhvien", 200), ("hiephoa", 404),
                             ("soyte", 404)):
        assert signed_in(username).get(_url("council")).status_code == status, username
    page = signed_in("vanphong").get(_url("council"))
    assert 'id="meeting-form"' in page.content.decode() and 'id="outside-form"' in page.content.decode()
    page = signed_in("chutich").get(_url("council"))
    assert 'id="meeting-form"' not in page.content.decode()
    members = list(found.members.filter(active=True))
    refused = signed_in("chutich").post(_url("council_meeting_create", found.pk), {
        "held_on": "2022-01-10", "place": "A", "chair": members[0].pk, "present": [m.pk for m in members]})
    assert refused.status_code == 403
    assert signed_in("hiephoa").post(_url("council_meeting_create", found.pk), {"place": "A"}).status_code == 404
    assert signed_in("hiephoa").get(_url("unit_council", province.unit_ids["H-HH"])).status_code == 404


def test_new_meeting_shows_its_quorum(province):
    found = _province_council(province)
    for i in range(4):
        council.council_member_add(by=None, council=found, full_name=f"Ủy viên {i}")
    members = list(found.members.filter(active=True))
    chair = next(m for m in members if m.user_id == province.user_ids["chutich"])
    office = signed_in("vanphong", language="en")
    response = office.post(_url("council_meeting_create", found.pk), {
        "held_on": "2022-01-10", "place": "Phòng họp", "chair": chair.pk, "present": [chair.pk]})
    meeting = CouncilMeeting.objects.filter(council=found).order_by("-id").first()
    assert response.status_code == 302 and response["Location"] == _url("council_meeting", meeting.pk)
    assert meeting.quorum_met is False
    page = office.get(_url("council_meeting", meeting.pk))
    assert 'data-met="no"' in page.content.decode() and "Quorum not met" in page.content.decode()
    assert page.context["vote_form"] is None
    # The chair must be present: the service's error lands on the field.
    response = office.post(_url("council_meeting_create", found.pk), {
        "held_on": "2022-01-10", "place": "Phòng họp", "chair": chair.pk,
        "present": [m.pk for m in members if m.pk != chair.pk]})
    assert response.status_code == 400 and response.context["meeting_form"].errors["chair"]


def test_a_meeting_votes_on_nominees_and_the_office_closes_it(province):
    found = _province_council(province)
    nomination = _appraised(province, "CSTD_TINH", ["Phạm Thị Bầu"])
    assert nomination.route == Route.COUNCIL
    _move(nomination, S.AT_COUNCIL)
    item = nomination.items.get()
    meeting = _meeting(province, found)
    office = signed_in("vanphong", language="en")
    page = office.get(_url("council_meeting", meeting.pk))
    assert page.status_code == 200 and f'id="vote-item-{item.pk}"' in page.content.decode()
    assert signed_in("chutich").post(_url("council_vote_open", meeting.pk), {"items": [item.pk]}).status_code == 403
    assert office.post(_url("council_vote_open", meeting.pk), {}).status_code == 400
    assert office.post(_url("council_vote_open", meeting.pk), {"items": [item.pk]}).status_code == 302
    voting_round = VotingRound.objects.get(meeting=meeting)
    # A member present votes once; a clerk cannot even see the meeting.
    chairman = signed_in("chutich")
    page = chairman.get(_url("council_meeting", meeting.pk))
    assert f'id="ballot-{voting_round.pk}"' in page.content.decode()
    blank = chairman.post(_url("council_ballot", voting_round.pk), {})  # no tick: asked, nothing cast
    assert blank.status_code == 400 and f'id="ballot-errors-{voting_round.pk}"' in blank.content.decode()
    assert BallotCast.objects.filter(round=voting_round).count() == 0
    assert chairman.post(_url("council_ballot", voting_round.pk), {"choices": [item.pk]}).status_code == 302
    assert chairman.post(_url("council_ballot", voting_round.pk), {"choices": [item.pk]}).status_code == 400
    assert signed_in("hiephoa").post(_url("council_ballot", voting_round.pk), {}).status_code == 404
    assert signed_in("hiephoa").get(_url("council_meeting", meeting.pk)).status_code == 404
    assert BallotCast.objects.filter(round=voting_round).count() == 1
    # Counts stay hidden while the vote is open; the office closes it and the result shows against all members.
    page = office.get(_url("council_meeting", meeting.pk)).content.decode()
    assert f'id="result-{voting_round.pk}"' not in page
    assert signed_in("chutich").post(_url("council_round_close", voting_round.pk)).status_code == 403
    assert office.post(_url("council_round_close", voting_round.pk)).status_code == 302
    page = office.get(_url("council_meeting", meeting.pk))
    [row] = page.context["rounds"]
    [candidate] = row["result"].candidates
    assert candidate.votes == 1 and candidate.passed is (1 * 100 >= candidate.threshold_percent * meeting.member_count)
    assert f'id="result-{voting_round.pk}"' in page.content.decode()


def test_a_meeting_held_outside_the_system(province):
    found = _province_council(province)
    nomination = _appraised(province, "CSTD_TINH", ["Lý Văn Giấy"])
    _move(nomination, S.AT_COUNCIL)
    item = nomination.items.get()
    members = list(found.members.filter(active=True))
    chair = next(m for m in members if m.user_id == province.user_ids["chutich"])
    office = signed_in("vanphong", language="en")
    page = office.get(_url("council"))
    assert f'name="votes_{item.pk}"' in page.content.decode()
    data = {"held_on": "2022-01-10", "place": "Phòng họp", "chair": chair.pk, "present": [m.pk for m in members],
            f"votes_{item.pk}": len(members)}
    response = office.post(_url("council_meeting_outside", found.pk), data)
    assert response.status_code == 400 and response.context["outside_form"].errors["minutes"]
    response = office.post(_url("council_meeting_outside", found.pk), {**data, "minutes": _pdf("bien-ban.pdf")})
    assert response.status_code == 302
    meeting = CouncilMeeting.objects.filter(council=found, outside_system=True).order_by("-id").first()
    page = office.get(_url("council_meeting", meeting.pk))
    [row] = page.context["rounds"]
    assert [(c.item_id, c.votes, c.passed) for c in row["result"].candidates] == [(item.pk, len(members), True)]
    assert page.context["vote_form"] is None


def test_a_units_council_and_its_head_desk(province):
    """Sở Y tế's own council: its staff and members read it, others do not; its head's desk holds only the unit's
    decisions (the demo's unit decision is already issued, so a new one is prepared here when there are nominees)."""
    syt = province.unit_ids["SYT"]
    for username, status in (("soyte", 200), ("giamdocyt", 200), ("hiephoa", 404), ("vanphong", 404)):
        assert signed_in(username).get(_url("unit_council", syt)).status_code == status, username
    page = signed_in("soyte").get(_url("unit_council", syt))
    assert page.context["unit_council"] is True and 'id="meeting-form"' in page.content.decode()
    desk = signed_in("giamdocyt").get(_url("desk"))
    assert desk.status_code == 200
    assert all(d.issuer_unit_id == syt for d in desk.context["decisions"])
    # The Chairman's desk does not hold the unit's decisions.
    _chairman_signs(province)
    assert all(d.issuer_unit_id is None for d in signed_in("chutich").get(_url("desk")).context["decisions"])
    for decision in Decision.objects.filter(issuer_unit_id=syt):
        assert signed_in("giamdocyt").get(_url("decision", decision.pk)).status_code == 200
        assert signed_in("soyte").get(_url("decision", decision.pk)).status_code == 200
        assert signed_in("hiephoa").get(_url("decision", decision.pk)).status_code == 404


def test_the_desk_and_the_council_pages_read_a_fixed_number_of_queries(province):
    """The desk with one decision awaiting signature, then with five (each with its nominees); the council's page
    and the meeting's whatever the number of meetings and nominees."""
    from tests.support import count_queries

    chairman = signed_in("chutich")
    one = count_queries(chairman, _url("desk"))
    for i in range(4):
        _awaiting(province, name=f"Người thứ {i}")
    assert Decision.objects.filter(status=DecisionStatus.AWAITING_SIGNATURE).count() == 5
    assert count_queries(chairman, _url("desk")) == one
    office = signed_in("vanphong")
    before = count_queries(office, _url("council"))
    provincial = council.province_council()
    members = list(council.members_of(provincial).values_list("pk", flat=True))
    for day in (3, 4, 5):
        council.meeting_create(by=None, council=provincial, held_on=datetime.date(2022, 3, day), place="Phòng họp",
                               chair_id=members[0], secretary_id=members[3], present_ids=members[:8])
    assert count_queries(office, _url("council")) == before


def test_a_meeting_on_paper_refuses_a_false_file_and_too_many_votes_and_writes_nothing(province):
    """Minutes that are not a document (whatever their name says), and more votes than members who voted: a 400
    with the reason, no meeting, no vote; a clerk of another unit cannot post to the provincial council at all."""
    found = _province_council(province)
    nomination = _appraised(province, "CSTD_TINH", ["Lý Văn Sai"])
    _move(nomination, S.AT_COUNCIL)
    item = nomination.items.get()
    members = list(found.members.filter(active=True))
    chair = next(m for m in members if m.user_id == province.user_ids["chutich"])
    present = [m.pk for m in members[:7]]
    data = {"held_on": "2022-01-10", "place": "Phòng họp", "chair": chair.pk, "present": present}
    office = signed_in("vanphong", language="en")
    meetings, rounds = CouncilMeeting.objects.count(), VotingRound.objects.count()
    fake = SimpleUploadedFile("bien-ban.pdf", b"just text pretending", content_type="application/pdf")
    response = office.post(_url("council_meeting_outside", found.pk), {**data, f"votes_{item.pk}": 7,
                                                                       "minutes": fake})
    assert response.status_code == 400
    assert "not a PDF" in " ".join(str(e) for errors in response.context["outside_form"].errors.values()
                                   for e in errors)
    response = office.post(_url("council_meeting_outside", found.pk), {**data, f"votes_{item.pk}": 8,
                                                                       "minutes": _pdf("bien-ban.pdf")})
    assert response.status_code == 400
    assert (CouncilMeeting.objects.count(), VotingRound.objects.count()) == (meetings, rounds)
    attacker = signed_in("yenthe")
    response = attacker.post(_url("council_meeting_outside", found.pk), {**data, f"votes_{item.pk}": 7,
                                                                         "minutes": _pdf("bien-ban.pdf")})
    assert response.status_code in (403, 404)
    assert (CouncilMeeting.objects.count(), VotingRound.objects.count()) == (meetings, rounds)
