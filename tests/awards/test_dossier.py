"""A nomination dossier from draft to decision: submission with the rules checked and stored, receipt with the
appraisal deadline in working days over the Labour Day holidays, a return with its reason and a resubmission, the
appraisal re-checking the rules (eligible against a rule needs a justification), the council's conclusion, the
decision and its awards, lookups in the registry, revocation, stale versions, statistics and the audit trail."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.awards.conftest import (  # noqa: F401 (english: a fixture)
    YEAR,
    award_type,
    check,
    dossier,
    english,
    grant,
    last_event,
    move,
    new_person,
    new_unit,
    nominate,
    rate,
    result,
    unit_year,
)
from thidua.accounts.models import User
from thidua.awards import selectors, services
from thidua.awards.models import Award, Decision, Nomination, NominationItem
from thidua.core.audit_labels import ACTION_LABELS
from thidua.core.exceptions import StaleVersion
from thidua.core.models import AuditEvent, Holiday, Notification
from thidua.evaluation import services as evaluation_services
from thidua.evaluation.models import VotingRound
from thidua.org import services as org_services

pytestmark = pytest.mark.usefixtures("english")
D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def labour_day(province):
    """The calendar from April to July 2021 holds only the Labour Day holidays (whatever the demo loaded)."""
    Holiday.objects.filter(date__range=(D(2021, 4, 1), D(2021, 7, 31))).delete()
    Holiday.objects.bulk_create([Holiday(date=D(2021, 4, 30), name="Ngày Giải phóng miền Nam"),
                                 Holiday(date=D(2021, 5, 1), name="Ngày Quốc tế Lao động"),
                                 Holiday(date=D(2021, 5, 3), name="Nghỉ bù")])


class Case:
    """Hiệp Hòa's dossier for 2021, judged under the 2003 law and NĐ 91/2017: Hạnh for LĐTT (rated good:
    eligible), Đức for Bằng khen (a merit dossier, one excellent year and no initiative: none of the grounds of
    Điều 38 NĐ 91/2017 holds, so he fails) and the district itself for Tập thể lao động tiên tiến (30 of 40 are
    LĐTT, more than 50%: eligible)."""

    def __init__(self, province):
        self.province = province
        self.office = province.user("vanphong")
        self.clerk = province.user("hiephoa")
        self.unit = province.unit("H-HH")
        self.hanh = new_person("Nguyễn Thị Hạnh", self.unit)
        self.duc = new_person("Đặng Văn Đức", self.unit)
        rate(self.hanh, self.unit, [YEAR], "good")
        rate(self.duc, self.unit, [YEAR], "excellent")
        unit_year(self.unit, YEAR, members=40, advanced=30, rating="good")
        self.nomination = dossier(self.unit, by=self.clerk)
        self.ldtt = nominate(self.nomination, "LDTT", person=self.hanh, by=self.clerk)
        self.bang_khen = nominate(self.nomination, "BK_CN", person=self.duc, by=self.clerk)
        self.collective = nominate(self.nomination, "TTLDTT", unit=self.unit, by=self.clerk)

    def status(self) -> str:
        self.nomination.refresh_from_db()
        return self.nomination.status

    def item(self, item: NominationItem) -> NominationItem:
        return NominationItem.objects.get(pk=item.pk)

    def to_council(self, today_is) -> None:
        """From draft to at_council: Hạnh not eligible (with a reason), Đức and the district eligible."""
        today_is(D(2021, 4, 29))
        move(self.nomination, "submitted", by=self.clerk, confirm_failures=True)  # Đức fails: sent anyway
        move(self.nomination, "received", by=self.office)
        move(self.nomination, "in_appraisal", by=self.office)
        services.appraisal_record(by=self.office, nomination=self.nomination, verdicts=[
            {"item_id": self.ldtt.pk, "eligible": False, "reason": "Không đủ tiêu chuẩn"},
            {"item_id": self.bang_khen.pk, "eligible": True, "reason": "Thành tích đột xuất",
             "justification": "Hội đồng xét thành tích đột xuất trong phòng, chống dịch"},
            {"item_id": self.collective.pk, "eligible": True, "reason": "Đủ tiêu chuẩn"}])
        move(self.nomination, "appraised", by=self.office)
        move(self.nomination, "at_council", by=self.office)
        today_is(D(2021, 6, 1))


@pytest.fixture
def case(province):
    return Case(province)


def council_round(province, *, for_units: list[str], electorate: str = "council_members",
                  close: bool = True) -> VotingRound:
    """A council vote (the demo's one council member votes) on Hiệp Hòa and Yên Thế, closed a minute ago."""
    now = timezone.now()
    voting_round = evaluation_services.round_create(
        by=None, campaign=province.campaign(), cluster=None if electorate == "council_members" else
        province.cluster("Cụm thi đua số 1"), question="Đề nghị khen thưởng năm 2021",
        candidates=[province.unit_ids["H-HH"], province.unit_ids["H-YT"]], threshold_percent="50",
        quorum_percent="50", opens_at=now - datetime.timedelta(hours=2), closes_at=now + datetime.timedelta(hours=2),
        electorate=electorate)
    voter = province.user("thanhvien") if electorate == "council_members" else province.user("hiephoa")
    evaluation_services.ballot_cast(by=voter, voting_round=voting_round,
                                    choices=[province.unit_ids[code] for code in for_units])
    if close:
        VotingRound.objects.filter(pk=voting_round.pk).update(closes_at=now - datetime.timedelta(minutes=1))
    voting_round.refresh_from_db()
    return voting_round


def messages(exc_info) -> list[str]:
    return exc_info.value.messages


# ── the whole path ───────────────────────────────────────────────────────────────────────────────────────────


def test_the_whole_path_with_a_return_and_a_resubmission(case, labour_day, today_is):
    office, clerk, nomination = case.office, case.clerk, case.nomination
    assert (case.status(), nomination.version) == ("draft", 4)  # created, then three nominees

    # Submission checks every rule and keeps the result on each nominee.
    today_is(D(2021, 4, 29))
    move(nomination, "submitted", by=clerk, confirm_failures=True)
    assert case.status() == "submitted"
    assert [case.item(i).eligible_by_rules for i in (case.ldtt, case.bang_khen, case.collective)] == [
        True, False, True]
    # Bằng khen sent in April 2021 is judged under the 2003 law and NĐ 91/2017 (Điều 38: one of the grounds).
    kept = case.item(case.bang_khen).eligibility
    assert [(r["code"], r["operator"], r["passed"]) for r in kept] == [
        ("no-discipline", None, True), ("grounds", "any", False), ("one-award", None, True)]
    assert [(r["code"], r["passed"]) for r in kept[1]["children"]] == [
        ("movement", False), ("ad-hoc", False), ("two-years", False)]
    assert case.item(case.bang_khen).eligibility_regime.startswith("Luật Thi đua, khen thưởng 2003")
    assert last_event("awards.nomination.transition").data == {
        "from": "draft", "to": "submitted",
        "failing": {str(case.bang_khen.pk): ["movement", "ad-hoc", "excellent-2", "initiatives-2"]}}

    # Received on Thursday 29/4/2021: 25 working days, skipping 30/4, 1/5 (Saturday) and the Monday off 3/5.
    move(nomination, "received", by=office)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.received_on, nomination.appraisal_due_on) == (
        "received", D(2021, 4, 29), D(2021, 6, 7))
    assert last_event("awards.nomination.transition").data == {
        "from": "submitted", "to": "received", "appraisal_due_on": "2021-06-07"}

    # A return needs a reason; it goes back to the unit, which is told.
    with pytest.raises(ValidationError) as refused:
        move(nomination, "returned", by=office, reason="  ")
    assert messages(refused) == ["Give the reason for returning the dossier."]
    assert case.status() == "received"
    move(nomination, "returned", by=office, reason="Thiếu báo cáo thành tích của ông Đức")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.return_reason, nomination.received_on, nomination.appraisal_due_on) == (
        "returned", "Thiếu báo cáo thành tích của ông Đức", None, None)
    notice = Notification.objects.get(user=clerk)
    assert (notice.body, notice.url) == ("Thiếu báo cáo thành tích của ông Đức",
                                         f"/nominations/{nomination.pk}/")

    # The unit completes the dossier and sends it again.
    services.attachment_add(by=clerk, nomination=nomination, kind="achievement_report",
                            file=SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf"))
    move(nomination, "submitted", by=clerk, confirm_failures=True)
    today_is(D(2021, 5, 4))
    move(nomination, "received", by=office)
    nomination.refresh_from_db()
    assert (nomination.received_on, nomination.appraisal_due_on) == (D(2021, 5, 4), D(2021, 6, 8))
    move(nomination, "in_appraisal", by=office)
    assert Nomination.objects.get(pk=nomination.pk).appraiser == office

    # Hạnh is disciplined after the submission: the appraisal checks the rules again.
    services.discipline_record(by=office, person=case.hanh, year=YEAR, measure="reprimand")
    with pytest.raises(ValidationError) as refused:
        services.appraisal_record(by=office, nomination=nomination, verdicts=[
            {"item_id": case.ldtt.pk, "eligible": True},
            {"item_id": case.bang_khen.pk, "eligible": True, "reason": ""},
            {"item_id": case.collective.pk, "eligible": False, "reason": ""}])
    assert refused.value.message_dict == {
        f"items.{case.ldtt.pk}": [
            "Fails Không bị kỷ luật trong năm: marking it eligible needs a written justification."],
        # NĐ 91/2017 Điều 38: none of the grounds holds, so every alternative is listed.
        f"items.{case.bang_khen.pk}": [
            "Fails Thành tích trong phong trào thi đua, Thành tích đột xuất, 02 năm liên tục hoàn thành xuất sắc "
            "nhiệm vụ, 02 sáng kiến được công nhận: marking it eligible needs a written justification."],
        f"items.{case.collective.pk}": ["Give the reason the nominee is not eligible."]}
    assert case.item(case.ldtt).appraisal_eligible is None  # nothing half-written

    # Moving on before every nominee has a verdict is refused.
    with pytest.raises(ValidationError) as refused:
        move(nomination, "appraised", by=office)
    assert messages(refused) == [
        "Nguyễn Thị Hạnh (Lao động tiên tiến): no appraisal verdict yet.",
        "Đặng Văn Đức (Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (cá nhân)): no appraisal verdict yet.",
        "UBND huyện Hiệp Hòa (Tập thể lao động tiên tiến): no appraisal verdict yet."]

    services.appraisal_record(by=office, nomination=nomination, verdicts=[
        {"item_id": case.ldtt.pk, "eligible": False, "reason": "Bị khiển trách năm 2021"},
        {"item_id": case.bang_khen.pk, "eligible": True, "reason": "Thành tích đột xuất",
         "justification": "Hội đồng xét thành tích đột xuất trong phòng, chống dịch"},
        {"item_id": case.collective.pk, "eligible": True, "reason": "Đủ tiêu chuẩn"}])
    ldtt, bang_khen = case.item(case.ldtt), case.item(case.bang_khen)
    assert (ldtt.eligible_by_rules, ldtt.appraisal_eligible, ldtt.appraisal_reason) == (
        False, False, "Bị khiển trách năm 2021")
    assert (bang_khen.eligible_by_rules, bang_khen.appraisal_eligible, bang_khen.appraisal_justification) == (
        False, True, "Hội đồng xét thành tích đột xuất trong phòng, chống dịch")
    assert last_event("awards.nomination.appraised").data["items"][1] == {
        "item": case.bang_khen.pk, "eligible": True, "reason": "Thành tích đột xuất",
        "justification": "Hội đồng xét thành tích đột xuất trong phòng, chống dịch", "rules_passed": False}

    today_is(D(2021, 6, 1))
    move(nomination, "appraised", by=office)
    move(nomination, "at_council", by=office)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.appraised_on) == ("at_council", D(2021, 6, 1))

    # The council's conclusion: a passed vote of its members over the district, and the minutes for the people.
    with pytest.raises(ValidationError) as refused:
        move(nomination, "approved", by=office)
    assert messages(refused) == [
        "Give the council's conclusion: choose its vote, or give the reference of the minutes of its meeting."]
    voting_round = council_round(case.province, for_units=["H-HH"])
    move(nomination, "approved", by=office, voting_round=voting_round, reason="Biên bản số 05/BB-HĐTĐKT")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.council_round_id, nomination.council_reference) == (
        "approved", voting_round.pk, "Biên bản số 05/BB-HĐTĐKT")

    # The decision grants the eligible nominees; the one found not eligible cannot be decided.
    with pytest.raises(ValidationError) as refused:
        services.decision_create(by=office, number="1234", symbol="QĐ-UBND", signed_on=D(2021, 6, 1),
                                 signer_name="Lê Ánh Dương", signer_title="Chủ tịch",
                                 items=[case.ldtt.pk, case.bang_khen.pk])
    assert refused.value.message_dict == {"item_ids": [
        f"Only eligible nominees of dossiers the council approved can be decided: {case.ldtt.pk}"]}
    decision = services.decision_create(by=office, number="1234", symbol="QĐ-UBND", signed_on=D(2021, 6, 1),
                                        signer_name="Lê Ánh Dương", signer_title="Chủ tịch UBND tỉnh",
                                        items=[case.collective.pk, case.bang_khen.pk])
    awards = list(decision.awards.order_by("id").values_list(
        "award_type__code", "person_id", "unit_id", "year", "recipient_name", "decision_reference", "status",
        "nomination_item_id"))
    assert awards == [
        ("BK_CN", case.duc.pk, case.unit.pk, 2021, "Đặng Văn Đức", "1234/QĐ-UBND", "active", case.bang_khen.pk),
        ("TTLDTT", None, case.unit.pk, 2021, "UBND huyện Hiệp Hòa", "1234/QĐ-UBND", "active", case.collective.pk)]
    assert (decision.issuing_authority, case.status()) == ("Chủ tịch Ủy ban nhân dân tỉnh", "decided")
    assert [e.data["to"] for e in AuditEvent.objects.filter(
        action="awards.nomination.transition", target_id=nomination.pk).order_by("id")] == [
        "submitted", "received", "returned", "submitted", "received", "in_appraisal", "appraised", "at_council",
        "approved", "decided"]

    # The registry finds the awards by person, by unit and by name.
    found = selectors.award_search(user=office, person_id=case.duc.pk)
    assert [a.recipient_name for a in found] == ["Đặng Văn Đức"]
    collective = selectors.award_search(user=clerk, unit_id=case.unit.pk, year=YEAR,
                                        award_type_id=award_type("TTLDTT").pk)
    assert [(a.recipient_name, a.decision_id) for a in collective] == [("UBND huyện Hiệp Hòa", decision.pk)]
    assert [a.decision_id for a in selectors.award_search(user=clerk, q="dang van duc")] == [decision.pk]

    # Every awards action written on the way has a label for the History.
    actions = set(AuditEvent.objects.filter(action__startswith="awards.").values_list("action", flat=True))
    assert actions - set(ACTION_LABELS) == set()
    assert {"awards.nomination.created", "awards.nomination.item_added", "awards.nomination.attachment_added",
            "awards.nomination.transition", "awards.nomination.appraised", "awards.decision.created",
            "awards.award.granted", "awards.rating.recorded", "awards.discipline.recorded",
            "awards.unit_year.recorded"} <= actions


def test_sending_a_failing_nominee_needs_confirmation_and_a_refusal_writes_nothing(case, today_is):
    today_is(D(2021, 4, 29))
    case.nomination.refresh_from_db()
    version = case.nomination.version
    events = AuditEvent.objects.filter(action="awards.nomination.transition").count()
    with pytest.raises(ValidationError) as refused:
        move(case.nomination, "submitted", by=case.clerk)
    assert list(refused.value.message_dict) == ["confirm_failures"]
    [message] = refused.value.message_dict["confirm_failures"]
    # Only Đức fails, and the message names him, his form and the grounds he lacks.
    assert message.startswith("Some nominees do not meet the conditions: Đặng Văn Đức – Bằng khen của Chủ tịch "
                              "Ủy ban nhân dân tỉnh (cá nhân): Thành tích trong phong trào thi đua (")
    assert "02 sáng kiến được công nhận (" in message
    assert "Nguyễn Thị Hạnh" not in message and "UBND huyện Hiệp Hòa" not in message
    nomination = Nomination.objects.get(pk=case.nomination.pk)
    assert (nomination.status, nomination.version, nomination.submitted_at) == ("draft", version, None)
    assert AuditEvent.objects.filter(action="awards.nomination.transition").count() == events
    assert case.item(case.bang_khen).eligible_by_rules is None  # the check made on the way is not kept

    move(case.nomination, "submitted", by=case.clerk, confirm_failures=True)
    assert case.status() == "submitted"
    assert case.item(case.bang_khen).eligible_by_rules is False


def test_a_dossier_whose_nominees_all_pass_is_sent_without_confirmation(case, today_is):
    today_is(D(2021, 4, 29))
    services.item_remove(by=case.clerk, nomination=case.nomination, item=case.bang_khen)
    move(case.nomination, "submitted", by=case.clerk)
    assert case.status() == "submitted"
    assert last_event("awards.nomination.transition").data == {"from": "draft", "to": "submitted", "failing": {}}


# ── wrong moves ──────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("path", "to", "message"), [
    ([], "received", "A dossier cannot go from “Draft” to “Received”."),
    ([], "approved", "A dossier cannot go from “Draft” to “Approved”."),
    ([], "returned", "A dossier cannot go from “Draft” to “Returned”."),
    (["submitted"], "in_appraisal", "A dossier cannot go from “Submitted” to “In appraisal”."),
    (["submitted"], "draft", "A dossier cannot go from “Submitted” to “Draft”."),
    (["submitted", "received"], "appraised", "A dossier cannot go from “Received” to “Appraised”."),
    (["submitted", "received"], "submitted", "A dossier cannot go from “Received” to “Submitted”."),
    ([], "decided", "A dossier is decided by issuing a decision over its approved nominees."),
    ([], "nowhere", "Choose one of the listed values."),
])
def test_wrong_moves_are_refused(case, path, to, message):
    for step in path:
        move(case.nomination, step, by=case.office, confirm_failures=True)
    before = case.status()
    with pytest.raises(ValidationError) as refused:
        move(case.nomination, to, by=case.office)
    assert messages(refused) == [message]
    assert case.status() == before


RECEIVING = ["submitted", "received", "in_appraisal", "appraised", "at_council"]


@pytest.mark.parametrize("state", RECEIVING)
def test_a_return_is_possible_from_every_receiving_state_and_clears_the_appraisal(case, today_is, state):
    today_is(D(2021, 4, 29))
    for step in RECEIVING[:RECEIVING.index(state) + 1]:
        if step == "appraised":
            services.appraisal_record(by=case.office, nomination=case.nomination, verdicts=[
                {"item_id": item.pk, "eligible": False, "reason": "Không đủ"}
                for item in (case.ldtt, case.bang_khen, case.collective)])
        move(case.nomination, step, by=case.clerk if step == "submitted" else case.office, confirm_failures=True)
    move(case.nomination, "returned", by=case.office, reason="Bổ sung hồ sơ")
    nomination = Nomination.objects.get(pk=case.nomination.pk)
    assert (nomination.status, nomination.return_reason, nomination.received_on, nomination.appraisal_due_on,
            nomination.appraiser, nomination.appraised_on) == ("returned", "Bổ sung hồ sơ", None, None, None, None)
    assert set(nomination.items.values_list("appraisal_eligible", "appraisal_reason")) == {(None, "")}
    # Back with the unit: it may edit and send again.
    nominate(nomination, "GK_CN", person=case.hanh, by=case.clerk)
    move(nomination, "submitted", by=case.clerk, confirm_failures=True)
    assert case.status() == "submitted"


def test_an_approved_dossier_is_not_returned(case, today_is):
    case.to_council(today_is)
    move(case.nomination, "approved", by=case.office, reason="Biên bản 05")
    with pytest.raises(ValidationError) as refused:
        move(case.nomination, "returned", by=case.office, reason="Muộn")
    assert messages(refused) == ["A dossier cannot go from “Approved” to “Returned”."]


def test_a_dossier_without_nominees_cannot_be_sent(case):
    empty = dossier(case.unit, by=case.clerk)
    with pytest.raises(ValidationError) as refused:
        move(empty, "submitted", by=case.clerk)
    assert messages(refused) == ["Add at least one nominee before sending the dossier."]


@pytest.mark.parametrize(("username", "path", "to"), [
    ("hiephoa", ["submitted"], "received"),        # the unit does not receive its own dossier
    ("hiephoa", ["submitted"], "returned"),
    ("chutich", ["submitted"], "received"),        # the leadership reads, the office acts
    ("yenthe", [], "submitted"),                   # another unit's clerk does not send it
    ("thanhvien", [], "submitted"),
])
def test_moves_by_the_wrong_role_are_forbidden(case, username, path, to):
    for step in path:
        move(case.nomination, step, by=case.office, confirm_failures=True)
    with pytest.raises(PermissionDenied):
        move(case.nomination, to, by=User.objects.get(username=username), reason="Lý do")


def test_the_appraiser_must_work_in_the_council_office(case):
    move(case.nomination, "submitted", by=case.clerk, confirm_failures=True)
    move(case.nomination, "received", by=case.office)
    with pytest.raises(ValidationError) as refused:
        move(case.nomination, "in_appraisal", by=case.office, appraiser=case.clerk)
    assert refused.value.message_dict == {"appraiser": ["The appraiser must work in the council office."]}


def test_a_sent_dossier_cannot_be_edited(case):
    move(case.nomination, "submitted", by=case.clerk, confirm_failures=True)
    with pytest.raises(ValidationError) as refused:
        nominate(case.nomination, "LDTT", person=case.duc, by=case.clerk)
    assert messages(refused) == ["The dossier can only be changed while it is a draft or returned to the unit."]
    with pytest.raises(ValidationError):
        services.item_remove(by=case.clerk, nomination=case.nomination, item=case.ldtt)
    assert case.nomination.items.count() == 3


def test_verdicts_only_in_appraisal_and_only_by_the_office(case):
    with pytest.raises(ValidationError) as refused:
        services.appraisal_record(by=case.office, nomination=case.nomination,
                                  verdicts=[{"item_id": case.ldtt.pk, "eligible": True}])
    assert messages(refused) == ["Verdicts are recorded while the dossier is in appraisal."]
    with pytest.raises(PermissionDenied):
        services.appraisal_record(by=case.clerk, nomination=case.nomination,
                                  verdicts=[{"item_id": case.ldtt.pk, "eligible": True}])


def test_a_verdict_on_another_dossiers_item_is_refused(case):
    other = dossier(case.unit, by=case.clerk)
    stranger = nominate(other, "LDTT", person=case.duc, by=case.clerk)
    for step in ("submitted", "received", "in_appraisal"):
        move(case.nomination, step, by=case.office, confirm_failures=True)
    with pytest.raises(ValidationError) as refused:
        services.appraisal_record(by=case.office, nomination=case.nomination,
                                  verdicts=[{"item_id": stranger.pk, "eligible": True, "reason": "x"}])
    assert refused.value.message_dict == {f"items.{stranger.pk}": ["This nominee is not in the dossier."]}


# ── the council's conclusion ─────────────────────────────────────────────────────────────────────────────────


def test_approval_with_the_minutes_reference_alone(case, today_is):
    case.to_council(today_is)
    move(case.nomination, "approved", by=case.office, reason="Biên bản họp Hội đồng ngày 20/5/2021")
    case.nomination.refresh_from_db()
    assert (case.nomination.status, case.nomination.council_round_id, case.nomination.council_reference) == (
        "approved", None, "Biên bản họp Hội đồng ngày 20/5/2021")


@pytest.mark.parametrize(("for_units", "electorate", "close", "reason", "error"), [
    (["H-YT"], "council_members", True, "Biên bản 05", "The vote did not pass: UBND huyện Hiệp Hòa."),
    (["H-HH"], "council_members", False, "Biên bản 05", "The vote has not closed yet."),
    (["H-HH"], "cluster_units", True, "Biên bản 05", "Choose a vote of the council's members."),
    (["H-HH"], "council_members", True, "",
     "The vote did not pass: the individual nominees (give the minutes' reference for them)."),
])
def test_approval_needs_a_passed_closed_council_vote(case, today_is, for_units, electorate, close, reason, error):
    case.to_council(today_is)
    voting_round = council_round(case.province, for_units=for_units, electorate=electorate, close=close)
    with pytest.raises(ValidationError) as refused:
        move(case.nomination, "approved", by=case.office, voting_round=voting_round, reason=reason)
    assert refused.value.message_dict == {"voting_round_id": [error]}
    assert case.status() == "at_council"


def test_a_council_vote_of_another_year_does_not_approve(case, today_is):
    case.to_council(today_is)
    Nomination.objects.filter(pk=case.nomination.pk).update(year=2020)
    voting_round = council_round(case.province, for_units=["H-HH"])  # about the 2021 campaign
    with pytest.raises(ValidationError) as refused:
        move(case.nomination, "approved", by=case.office, voting_round=voting_round, reason="Biên bản 05")
    assert refused.value.message_dict == {"voting_round_id": ["Choose a vote about 2020, the dossier's year."]}


def test_nothing_eligible_cannot_be_approved(case, today_is):
    today_is(D(2021, 4, 29))
    for step in ("submitted", "received", "in_appraisal"):
        move(case.nomination, step, by=case.office, confirm_failures=True)
    services.appraisal_record(by=case.office, nomination=case.nomination, verdicts=[
        {"item_id": item.pk, "eligible": False, "reason": "Không đủ"}
        for item in (case.ldtt, case.bang_khen, case.collective)])
    move(case.nomination, "appraised", by=case.office)
    move(case.nomination, "at_council", by=case.office)
    with pytest.raises(ValidationError) as refused:
        move(case.nomination, "approved", by=case.office, reason="Biên bản 05")
    assert messages(refused) == ["No nominee was found eligible: return the dossier instead."]


# ── decisions ────────────────────────────────────────────────────────────────────────────────────────────────


def approved(case, today_is) -> None:
    case.to_council(today_is)
    move(case.nomination, "approved", by=case.office, reason="Biên bản 05")


def decide(case, chosen: list[int], **values) -> Decision:
    """The office's decision over ``chosen`` items (``values`` override the defaults, ``items`` included)."""
    return services.decision_create(**{
        "by": case.office, "number": "1234", "symbol": "QĐ-UBND", "signed_on": D(2021, 6, 1),
        "signer_name": "Lê Ánh Dương", "signer_title": "Chủ tịch UBND tỉnh", "items": chosen} | values)


def test_a_dossier_stays_approved_until_every_eligible_nominee_is_decided(case, today_is):
    approved(case, today_is)
    decide(case, [case.bang_khen.pk])
    assert case.status() == "approved"
    decide(case, [case.collective.pk], number="1235")
    assert case.status() == "decided"
    assert selectors.approved_items(user=case.office) == []


@pytest.mark.parametrize(("values", "errors"), [
    ({"number": " "}, {"number": ["This field is required."]}),
    ({"items": []}, {"item_ids": ["Choose the nominees the decision grants."]}),
    ({"signed_on": D(2099, 1, 1)}, {"signed_on": ["A decision cannot be signed in the future."]}),
    ({"items": [987654321]}, {"item_ids": ["Unknown nominees: 987654321"]}),
])
def test_a_bad_decision_is_refused_and_writes_nothing(case, today_is, values, errors):
    approved(case, today_is)
    before = (Decision.objects.count(), Award.objects.count())
    with pytest.raises(ValidationError) as refused:
        decide(case, [case.bang_khen.pk], **values)
    assert refused.value.message_dict == errors
    assert (Decision.objects.count(), Award.objects.count()) == before
    assert case.status() == "approved"


def test_a_nominee_is_decided_once_and_a_decision_reference_is_unique(case, today_is):
    approved(case, today_is)
    decide(case, [case.bang_khen.pk])
    with pytest.raises(ValidationError) as refused:
        decide(case, [case.bang_khen.pk], number="1300")
    assert refused.value.message_dict == {"item_ids": ["Some of these nominees already have their decision."]}
    with pytest.raises(ValidationError) as refused:
        decide(case, [case.collective.pk])
    assert refused.value.message_dict == {"number": ["A decision with this number and symbol already exists."]}


def test_only_the_office_issues_decisions(case, today_is):
    approved(case, today_is)
    for username in ("hiephoa", "chutich", "thanhvien"):
        with pytest.raises(PermissionDenied):
            decide(case, [case.bang_khen.pk], by=User.objects.get(username=username))


# ── the registry: lookups, revocation ────────────────────────────────────────────────────────────────────────


@pytest.fixture
def registry(province):
    """Awards of people and units in Huyện Mới and in Huyện Cũ, which merged into it on 1/1/2019."""
    new = new_unit("H-MOI", "UBND huyện Mới", kind="locality")
    old = new_unit("H-CU", "UBND huyện Cũ", kind="locality")
    hanh = new_person("Nguyễn Thị Hạnh", new)
    duc = new_person("Đặng Văn Đức", new)
    anh = new_person("Nguyễn Văn Anh", old)
    grant("LDTT", 2019, person=hanh, unit=new)
    grant("CSTD_CS", 2020, person=hanh, unit=new)
    grant("GK_CN", 2020, person=duc, unit=new)
    grant("LDTT", 2018, person=anh, unit=old)
    grant("TTLDTT", 2018, unit=old)
    org_services.lineage_record(by=None, kind="merge", source=old, target=new,
                                effective_on=D(2019, 1, 1), decision_reference="01/NQ-UBTVQH")
    return {"hanh": hanh, "duc": duc, "anh": anh, "old": old, "new": new}


def names(awards) -> list[tuple[str, str, int]]:
    return [(a.recipient_name, a.award_type.code, a.year) for a in awards]


def test_lookup_by_person_across_years(province, registry):
    found = selectors.award_search(user=province.user("vanphong"), person_id=registry["hanh"].pk)
    assert names(found) == [("Nguyễn Thị Hạnh", "CSTD_CS", 2020), ("Nguyễn Thị Hạnh", "LDTT", 2019)]


def test_lookup_by_unit_includes_the_unit_merged_into_it(province, registry):
    found = selectors.award_search(user=province.user("vanphong"), unit_id=registry["new"].pk)
    assert sorted(names(found)) == [
        ("Nguyễn Thị Hạnh", "CSTD_CS", 2020), ("Nguyễn Thị Hạnh", "LDTT", 2019), ("Nguyễn Văn Anh", "LDTT", 2018),
        ("UBND huyện Cũ", "TTLDTT", 2018), ("Đặng Văn Đức", "GK_CN", 2020)]
    # The predecessor's lookup does not climb to its successor.
    assert sorted(names(selectors.award_search(user=province.user("vanphong"), unit_id=registry["old"].pk))) == [
        ("Nguyễn Văn Anh", "LDTT", 2018), ("UBND huyện Cũ", "TTLDTT", 2018)]


@pytest.mark.parametrize(("q", "expected"), [
    ("nguyen thi", ["Nguyễn Thị Hạnh"]),
    ("NGUYEN", ["Nguyễn Thị Hạnh", "Nguyễn Văn Anh"]),
    ("dang van duc", ["Đặng Văn Đức"]),
    ("duc", ["Đặng Văn Đức"]),                 # "d" finds "đ"
    ("Đức", ["Đặng Văn Đức"]),
    ("huyen cu", ["UBND huyện Cũ"]),
    ("hanh nguyen", ["Nguyễn Thị Hạnh"]),      # every word, in any order
    ("nguyen duc", []),
])
def test_lookup_by_name_ignores_case_and_diacritics(province, registry, q, expected):
    """Within Huyện Mới and its predecessor (the demo has other people of these names elsewhere)."""
    found = selectors.award_search(user=province.user("vanphong"), q=q, unit_id=registry["new"].pk)
    assert sorted({a.recipient_name for a in found}) == sorted(expected)


def test_lookup_by_name_across_the_registry(province, registry):
    found = {a.recipient_name for a in selectors.award_search(user=province.user("vanphong"), q="nguyen thi")}
    assert "Nguyễn Thị Hạnh" in found
    assert {"Nguyễn Văn Anh", "Đặng Văn Đức"} & found == set()
    assert all("nguyen thi" in a.search_text for a in Award.objects.filter(recipient_name__in=found))


def test_a_clerk_sees_the_awards_of_the_unit_and_its_predecessors_only(province, registry):
    from thidua.accounts.models import RoleAssignment

    clerk = User.objects.create_user(username="clerk-moi", password="thidua-demo")
    RoleAssignment.objects.create(user=clerk, role="unit_clerk", unit=registry["new"])
    seen = {a.recipient_name for a in selectors.award_search(user=clerk)}
    assert seen == {"Nguyễn Thị Hạnh", "Đặng Văn Đức", "Nguyễn Văn Anh", "UBND huyện Cũ"}
    assert {"Nguyễn Thị Hạnh", "UBND huyện Cũ"} & {
        a.recipient_name for a in selectors.award_search(user=province.user("yenthe"))} == set()


def test_revocation_keeps_the_record_and_it_no_longer_counts(province, registry):
    office = province.user("vanphong")
    hanh = registry["hanh"]
    ldtt = grant("LDTT", YEAR, person=hanh, unit=registry["new"])
    assert result(check("CSTD_CS", person=hanh, unit=registry["new"]), "prerequisite")[0] is True
    with pytest.raises(ValidationError) as refused:
        services.award_revoke(by=office, award=ldtt, reason=" ")
    assert refused.value.message_dict == {"reason": ["Give the reason for revoking the award."]}
    with pytest.raises(PermissionDenied):
        services.award_revoke(by=province.user("hiephoa"), award=ldtt, reason="Kê khai không trung thực")
    services.award_revoke(by=office, award=ldtt, reason="Kê khai không trung thực")
    ldtt.refresh_from_db()
    assert (ldtt.status, ldtt.revocation_reason, ldtt.revoked_by, ldtt.year) == (
        "revoked", "Kê khai không trung thực", office, YEAR)
    assert ldtt.revoked_at is not None
    assert result(check("CSTD_CS", person=hanh, unit=registry["new"]), "prerequisite") == (
        False, "Does not hold Lao động tiên tiến or Chiến sĩ tiên tiến in 2021, in the registry or in this dossier.")
    # Still in the registry (marked revoked), and findable by its status.
    assert [a.pk for a in selectors.award_search(user=office, person_id=hanh.pk, status="revoked")] == [ldtt.pk]
    assert last_event("awards.award.revoked").data == {"reason": "Kê khai không trung thực"}
    with pytest.raises(ValidationError) as refused:
        services.award_revoke(by=office, award=ldtt, reason="Lần nữa")
    assert refused.value.messages == ["This award is already revoked."]


def test_registering_an_award_needs_its_recipient_and_decision(province):
    unit = province.unit("H-HH")
    with pytest.raises(ValidationError) as refused:
        services.award_register(by=None, award_type=award_type("LDTT"), year=2020, decision_reference="1/QĐ",
                                unit=unit)
    assert refused.value.message_dict == {"person_id": ["Lao động tiên tiến is awarded to a person: choose one."]}
    with pytest.raises(ValidationError) as refused:
        services.award_register(by=None, award_type=award_type("TTLDTT"), year=2020, decision_reference=" ",
                                unit=unit)
    assert refused.value.message_dict == {"decision_reference": ["Give the reference of the decision."]}
    with pytest.raises(PermissionDenied):
        services.award_register(by=province.user("hiephoa"), award_type=award_type("TTLDTT"), year=2020,
                                decision_reference="1/QĐ", unit=unit)
    award = services.award_register(by=province.user("vanphong"), award_type=award_type("TTLDTT"), year=2020,
                                    decision_reference="1/QĐ", unit=unit)
    assert (award.recipient_name, award.search_text, last_event("awards.award.registered").data) == (
        "UBND huyện Hiệp Hòa", "ubnd huyen hiep hoa",
        {"award_type": "TTLDTT", "year": 2020, "person": None, "unit": unit.pk, "decision": "1/QĐ"})


# ── versions ─────────────────────────────────────────────────────────────────────────────────────────────────


def test_a_stale_version_is_refused(case):
    nomination = case.nomination
    nomination.refresh_from_db()
    version = nomination.version
    move(nomination, "submitted", by=case.clerk, version=version, confirm_failures=True)
    with pytest.raises(StaleVersion) as stale:
        move(nomination, "received", by=case.office, version=version)
    assert stale.value.current_version == version + 1
    assert case.status() == "submitted"
    move(nomination, "received", by=case.office)
    move(nomination, "in_appraisal", by=case.office)
    with pytest.raises(StaleVersion):
        services.appraisal_record(by=case.office, nomination=nomination, version=version,
                                  verdicts=[{"item_id": case.ldtt.pk, "eligible": True}])


# ── statistics ───────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("group_by", ["year", "award_type", "level", "unit"])
def test_statistics_equal_a_recount(province, registry, group_by):
    services.award_revoke(by=None, award=grant("BK_CN", 2020, person=registry["duc"], unit=registry["new"]),
                          reason="Thu hồi")
    grant("BK_TT", 2020, unit=province.unit("SYT"))
    rows = selectors.award_statistics(user=province.user("vanphong"), group_by=group_by)
    fields = selectors.STAT_GROUPS[group_by]
    got = {tuple(row[f] for f in fields): (row["total"], row["persons"], row["collectives"]) for row in rows}
    key_of = {
        "year": lambda a: (a.year,),
        "award_type": lambda a: (a.award_type_id, a.award_type.name),
        "level": lambda a: (a.award_type.level,),
        "unit": lambda a: (a.unit_id, a.unit.name if a.unit else None),
    }[group_by]
    total, persons, collectives = Counter(), Counter(), Counter()
    for award in Award.objects.filter(status="active").select_related("award_type", "unit"):
        key = key_of(award)
        total[key] += 1
        (persons if award.person_id else collectives)[key] += 1
    assert got == {key: (total[key], persons[key], collectives[key]) for key in total}
    assert sum(t for t, _p, _c in got.values()) == Award.objects.filter(status="active").count()


def test_statistics_by_year_for_a_range(province, registry):
    rows = selectors.award_statistics(user=province.user("vanphong"), year_from=2019, year_to=2020)
    mine = [(r["year"], r["total"]) for r in rows]
    expected = Counter(Award.objects.filter(status="active", year__in=[2019, 2020]).values_list("year", flat=True))
    assert mine == sorted(expected.items())


# ── facts and their audit events ─────────────────────────────────────────────────────────────────────────────


def test_facts_are_recorded_with_their_events(province):
    office, unit = province.user("vanphong"), province.unit("H-HH")
    person = new_person("Nguyễn Thị Hạnh", unit)
    services.rating_record(by=office, person=person, unit=unit, year=2020, rating="good")
    services.rating_record(by=office, person=person, unit=unit, year=2020, rating="excellent")
    assert last_event("awards.rating.recorded").data == {"year": 2020, "unit": unit.pk, "rating": "excellent",
                                                         "before": "good"}
    assert person.ratings.get(year=2020).rating == "excellent"
    initiative = services.initiative_record(by=office, person=person, year=2020, title=" Số hóa ", level="province")
    assert last_event("awards.initiative.recorded").data == {
        "initiative": initiative.pk, "year": 2020, "title": "Số hóa", "level": "province"}
    row = services.discipline_record(by=office, person=person, year=2020, measure="warning",
                                     decision_reference="12/QĐ-KL")
    assert last_event("awards.discipline.recorded").data == {
        "discipline": row.pk, "year": 2020, "measure": "warning", "decision": "12/QĐ-KL", "ends_on": None}
    services.unit_year_record(by=province.user("hiephoa"), unit=unit, year=2020, member_count=40,
                              members_completed=38, advanced_workers=30, rating="good")
    assert last_event("awards.unit_year.recorded").data == {
        "year": 2020, "member_count": 40, "members_completed": 38, "advanced_workers": 30, "rating": "good",
        "worst_discipline": "", "exceeded_targets": None}


@pytest.mark.parametrize(("values", "errors"), [
    ({"members_completed": 41}, {"members_completed": ["Cannot be more than the number of members."]}),
    ({"advanced_workers": -1}, {"advanced_workers": ["Enter a whole number, 0 or more."]}),
    ({"rating": "best"}, {"rating": ["Choose one of the listed values."]}),
    ({"year": 1800}, {"year": ["The year is out of range."]}),
])
def test_bad_unit_figures_are_refused(province, values, errors):
    with pytest.raises(ValidationError) as refused:
        services.unit_year_record(**{"by": None, "unit": province.unit("H-HH"), "year": 2020, "member_count": 40,
                                     "members_completed": 38, "advanced_workers": 30, **values})
    assert refused.value.message_dict == errors


def test_facts_of_another_units_person_are_forbidden(province):
    person = new_person("Nguyễn Thị Hạnh", province.unit("H-HH"))
    with pytest.raises(PermissionDenied):
        services.initiative_record(by=province.user("yenthe"), person=person, year=2020, title="Sáng kiến",
                                   level="grassroots")
    # Naming the own unit does not help: the person never worked in Yên Thế.
    with pytest.raises(PermissionDenied):
        services.rating_record(by=province.user("yenthe"), person=person, unit=province.unit("H-YT"), year=2020,
                               rating="excellent")
    with pytest.raises(PermissionDenied):
        services.discipline_record(by=province.user("yenthe"), person=person, year=2020, measure="warning")
    with pytest.raises(PermissionDenied):
        services.unit_year_record(by=province.user("yenthe"), unit=province.unit("H-HH"), year=2020,
                                  member_count=1, members_completed=1, advanced_workers=1)


def test_a_former_unit_rates_the_years_the_person_worked_there(province):
    """Yên Thế's clerk rates 2019, when the person worked there, not 2021 (after the move to Hiệp Hòa)."""
    person = new_person("Lê Thị Mai", province.unit("H-YT"), since=D(2015, 1, 1))
    org_services.employment_record(by=None, person=person, unit=province.unit("H-HH"), started_on=D(2020, 1, 1))
    yenthe = province.user("yenthe")
    services.rating_record(by=yenthe, person=person, unit=province.unit("H-YT"), year=2019, rating="excellent")
    with pytest.raises(PermissionDenied):
        services.rating_record(by=yenthe, person=person, unit=province.unit("H-YT"), year=2021, rating="excellent")
    assert list(person.ratings.values_list("year", "rating")) == [(2019, "excellent")]


def test_dossier_edits_are_audited(case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    clerk, nomination = case.clerk, case.nomination
    assert last_event("awards.nomination.created").data == {"unit": case.unit.pk, "year": 2021, "kind": "merit",
                                                            "campaign": None}
    assert last_event("awards.nomination.item_added").data == {
        "item": case.collective.pk, "award_type": "TTLDTT", "person": None, "unit": case.unit.pk,
        "name": "UBND huyện Hiệp Hòa"}
    attachment = services.attachment_add(by=clerk, nomination=nomination, kind="proposal",
                                         file=SimpleUploadedFile("to-trinh.pdf", PDF, content_type="application/pdf"))
    assert (attachment.original_name, attachment.size, attachment.kind) == ("to-trinh.pdf", len(PDF), "proposal")
    assert last_event("awards.nomination.attachment_added").data["name"] == "to-trinh.pdf"
    attachment_id = attachment.pk
    services.attachment_remove(by=clerk, nomination=nomination, attachment=attachment)
    assert last_event("awards.nomination.attachment_removed").data == {
        "attachment": attachment_id, "kind": "proposal", "name": "to-trinh.pdf"}
    item_id = case.ldtt.pk
    services.item_remove(by=clerk, nomination=nomination, item=case.ldtt)
    assert last_event("awards.nomination.item_removed").data == {
        "item": item_id, "award_type": case.ldtt.award_type_id, "person": case.hanh.pk, "unit": case.unit.pk}
    nomination.refresh_from_db()
    assert (nomination.version, nomination.items.count()) == (7, 2)


@pytest.mark.parametrize(("code", "person", "errors"), [
    ("LDTT", False, {"person_id": ["Lao động tiên tiến is awarded to a person: choose one."]}),
    ("TTLDTT", True, {"unit_id": ["Tập thể lao động tiên tiến is awarded to a collective: choose a unit."]}),
])
def test_a_nominee_of_the_wrong_kind_is_refused(case, code, person, errors):
    with pytest.raises(ValidationError) as refused:
        nominate(case.nomination, code, person=case.hanh if person else None, unit=None, by=case.clerk)
    assert refused.value.message_dict == errors


def test_a_unit_proposes_itself_and_the_units_under_it_only(case, province):
    with pytest.raises(ValidationError) as refused:
        nominate(case.nomination, "TTLDXS", unit=province.unit("SYT"), by=case.clerk)
    assert refused.value.message_dict == {"unit_id": [
        "Sở Y tế is not UBND huyện Hiệp Hòa or one of its units: each unit proposes its own."]}
    with pytest.raises(ValidationError):
        nominate(case.nomination, "BK_CN", person=case.hanh, unit=province.unit("H-YT"), by=case.clerk)
    office_of = org_services.unit_create(by=None, code="H-HH-NV", name="Phòng Nội vụ huyện Hiệp Hòa",
                                         kind="other", parent=case.unit)
    item = nominate(case.nomination, "TTLDXS", unit=office_of, by=case.clerk)
    assert (item.unit, item.person) == (office_of, None)
    # The council office may propose any unit in any dossier.
    assert nominate(case.nomination, "BK_TT", unit=province.unit("SYT"), by=case.office).unit_id == \
        province.unit_ids["SYT"]


def test_the_same_nominee_twice_in_a_dossier_is_refused(case):
    with pytest.raises(ValidationError) as refused:
        nominate(case.nomination, "LDTT", person=case.hanh, by=case.clerk)
    assert refused.value.messages == ["This person is already proposed for this title or form in the dossier."]


def test_a_clerk_cannot_open_a_dossier_for_another_unit(province):
    with pytest.raises(PermissionDenied):
        dossier(province.unit("H-HH"), by=province.user("yenthe"))


def test_the_appraisal_queue_lists_dossiers_by_working_days_left(case, labour_day, today_is):
    today_is(D(2021, 4, 29))
    move(case.nomination, "submitted", by=case.clerk, confirm_failures=True)
    move(case.nomination, "received", by=case.office)
    later = dossier(case.unit, by=case.clerk)
    nominate(later, "LDTT", person=case.duc, by=case.clerk)
    move(later, "submitted", by=case.clerk, confirm_failures=True)
    today_is(D(2021, 5, 4))
    move(later, "received", by=case.office)
    rows = selectors.appraisal_queue(user=case.office, today=D(2021, 6, 8))
    mine = {case.nomination.pk, later.pk}
    assert [(r.nomination.pk, r.days_left, r.overdue) for r in rows if r.nomination.pk in mine] == [
        (case.nomination.pk, -1, True), (later.pk, 0, False)]
    assert selectors.appraisal_queue(user=case.clerk) == []
