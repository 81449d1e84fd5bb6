"""A nomination dossier from draft to decision: submission with the rules checked and stored, receipt with the
appraisal deadline in working days over the Labour Day holidays, a return with its reason and a resubmission, the
appraisal re-checking the rules (eligible against a rule needs a justification), the route to the one who decides
(the Chairman's forms straight after the appraisal; the Council's titles through a vote of its meeting, with quorum,
at the title's share of all members), the decision recorded with its scan and its awards, lookups in the registry,
revocation, stale versions, statistics and the audit trail."""

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
from thidua.awards import council as councils
from thidua.awards import selectors, services
from thidua.awards.models import Award, CouncilMember, Decision, Nomination, NominationItem
from thidua.core.audit_labels import ACTION_LABELS
from thidua.core.exceptions import StaleVersion
from thidua.core.models import AuditEvent, Holiday, Notification
from thidua.evaluation import services as evaluation_services
from thidua.evaluation.models import VotingRound
from thidua.org import services as org_services

pytestmark = pytest.mark.usefixtures("english", "media")
D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
#: The demo's provincial council (ten members; chutich chairs it, vanphong and thanhvien sit on it).
COUNCIL = "Hội đồng Thi đua - Khen thưởng tỉnh Bắc Giang"


@pytest.fixture
def media(settings, tmp_path):
    """Uploads (attachments, minutes, scans of decisions) go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def labour_day(province):
    """The calendar from April to July 2021 holds only the Labour Day holidays (whatever the demo loaded)."""
    Holiday.objects.filter(date__range=(D(2021, 4, 1), D(2021, 7, 31))).delete()
    Holiday.objects.bulk_create([Holiday(date=D(2021, 4, 30), name="Ngày Giải phóng miền Nam"),
                                 Holiday(date=D(2021, 5, 1), name="Ngày Quốc tế Lao động"),
                                 Holiday(date=D(2021, 5, 3), name="Nghỉ bù")])


class Case:
    """Hiệp Hòa's dossier for 2021, judged under the 2003 law and NĐ 91/2017, on the Chairman's route (the office
    appraises, the Chairman decides, no vote of the Council): Hạnh for Bằng khen (two excellent years and two
    recognised initiatives: ground c of Điều 39 NĐ 91/2017 holds, eligible), Đức for Bằng khen (a merit dossier, one
    excellent year and no initiative: none of the grounds holds, so he fails) and the district itself for Tập thể lao
    động tiên tiến (a grassroots title, but Hiệp Hòa sits directly under the province, so the Chairman decides it;
    30 of 40 are LĐTT, more than 50%: eligible).

    With ``council``, Lan joins them for Chiến sĩ thi đua cấp tỉnh (CSTĐ cơ sở in 2019, 2020 and 2021 and an
    initiative of provincial reach: eligible), a title the Council votes on (90% of all its members): the dossier
    then follows the Council's route, the two Bằng khen and the district's title travelling with it unvoted."""

    def __init__(self, province, *, council: bool = False):
        self.province = province
        self.office = province.user("vanphong")
        self.clerk = province.user("hiephoa")
        self.unit = province.unit("H-HH")
        self.hanh = new_person("Nguyễn Thị Hạnh", self.unit)
        self.duc = new_person("Đặng Văn Đức", self.unit)
        rate(self.hanh, self.unit, [YEAR - 1, YEAR], "excellent")
        for year in (YEAR - 1, YEAR):
            services.initiative_record(by=None, person=self.hanh, year=year, title=f"Sáng kiến năm {year}",
                                       level="grassroots")
        rate(self.duc, self.unit, [YEAR], "excellent")
        unit_year(self.unit, YEAR, members=40, advanced=30, rating="good")
        self.nomination = dossier(self.unit, by=self.clerk)
        self.hanh_bk = nominate(self.nomination, "BK_CN", person=self.hanh, by=self.clerk)
        self.duc_bk = nominate(self.nomination, "BK_CN", person=self.duc, by=self.clerk)
        self.collective = nominate(self.nomination, "TTLDTT", unit=self.unit, by=self.clerk)
        self.items = [self.hanh_bk, self.duc_bk, self.collective]
        if council:
            self.lan = new_person("Trần Thị Lan", self.unit)
            for year in (YEAR - 2, YEAR - 1, YEAR):
                grant("CSTD_CS", year, person=self.lan, unit=self.unit)
            services.initiative_record(by=None, person=self.lan, year=YEAR, title="Số hóa hồ sơ một cửa",
                                       level="province")
            self.lan_cstd = nominate(self.nomination, "CSTD_TINH", person=self.lan, by=self.clerk)
            self.items.append(self.lan_cstd)

    def status(self) -> str:
        self.nomination.refresh_from_db()
        return self.nomination.status

    def item(self, item: NominationItem) -> NominationItem:
        return NominationItem.objects.get(pk=item.pk)

    def appraise(self, today_is) -> None:
        """From draft to appraised: Hạnh not eligible (with a reason), Đức (with a justification), the district and
        Lan eligible."""
        today_is(D(2021, 4, 29))
        move(self.nomination, "submitted", by=self.clerk, confirm_failures=True)  # Đức fails: sent anyway
        move(self.nomination, "received", by=self.office)
        move(self.nomination, "in_appraisal", by=self.office)
        verdicts = [
            {"item_id": self.hanh_bk.pk, "eligible": False, "reason": "Không đủ tiêu chuẩn"},
            {"item_id": self.duc_bk.pk, "eligible": True, "reason": "Thành tích đột xuất",
             "justification": "Hội đồng xét thành tích đột xuất trong phòng, chống dịch"},
            {"item_id": self.collective.pk, "eligible": True, "reason": "Đủ tiêu chuẩn"}]
        if len(self.items) > 3:
            verdicts.append({"item_id": self.lan_cstd.pk, "eligible": True, "reason": "Đủ tiêu chuẩn"})
        services.appraisal_record(by=self.office, nomination=self.nomination, verdicts=verdicts)
        move(self.nomination, "appraised", by=self.office)
        today_is(D(2021, 6, 1))

    def to_council(self, today_is) -> None:
        """Appraised, then before the Council (a dossier on the Council's route)."""
        self.appraise(today_is)
        move(self.nomination, "at_council", by=self.office)


@pytest.fixture
def case(province):
    return Case(province)


@pytest.fixture
def council_case(province):
    return Case(province, council=True)


def roll() -> list[CouncilMember]:
    """The provincial council's ten members, its chair (the Chairman) first."""
    return list(councils.members_of(councils.province_council()))


def meeting_on_paper(case, votes: dict[int, int], *, present: int = 10) -> VotingRound:
    """The provincial council's meeting of 1/6/2021 recorded from its minutes: the first ``present`` of its ten
    members attended, and each nominee got ``votes``. Returns its (closed) round."""
    members = roll()
    _meeting, voting_round = councils.meeting_record_outside(
        by=case.office, council=councils.province_council(), held_on=D(2021, 6, 1), place="Phòng họp số 1, UBND tỉnh",
        chair_id=members[0].pk, secretary_id=members[3].pk, present_ids=[m.pk for m in members[:present]],
        written_ids=[], minutes=pdf("bien-ban-hop-hoi-dong.pdf"), votes=votes)
    return voting_round


def vote_still_open(case) -> VotingRound:
    """The council met with all ten present and opened its secret vote on Lan; only the Chairman has voted."""
    members = roll()
    meeting = councils.meeting_create(by=case.office, council=councils.province_council(), held_on=D(2021, 6, 1),
                                      place="Phòng họp số 1, UBND tỉnh", chair_id=members[0].pk,
                                      secretary_id=members[3].pk, present_ids=[m.pk for m in members])
    voting_round = councils.meeting_vote_open(by=case.office, meeting=meeting, item_ids=[case.lan_cstd.pk])
    evaluation_services.ballot_cast(by=case.province.user("chutich"), voting_round=voting_round,
                                    choices=[case.lan_cstd.pk])
    voting_round.refresh_from_db()
    return voting_round


def campaign_round(province, *, for_units: list[str], electorate: str = "council_members") -> VotingRound:
    """A vote of the 2021 campaign on Hiệp Hòa and Yên Thế (of the council's members, or of the cluster's units),
    closed a minute ago: a vote on units, with no meeting behind it."""
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
    VotingRound.objects.filter(pk=voting_round.pk).update(closes_at=now - datetime.timedelta(minutes=1))
    voting_round.refresh_from_db()
    return voting_round


def messages(exc_info) -> list[str]:
    return exc_info.value.messages


# ── the whole path ───────────────────────────────────────────────────────────────────────────────────────────


def test_the_whole_path_with_a_return_and_a_resubmission(case, labour_day, today_is):
    office, clerk, nomination = case.office, case.clerk, case.nomination
    assert (case.status(), nomination.version) == ("draft", 4)  # created, then three nominees
    # Two Bằng khen and the district's own title (Hiệp Hòa is directly under the province): the Chairman's.
    assert nomination.route == "chairman"

    # Submission checks every rule and keeps the result on each nominee.
    today_is(D(2021, 4, 29))
    move(nomination, "submitted", by=clerk, confirm_failures=True)
    assert case.status() == "submitted"
    assert [case.item(i).eligible_by_rules for i in case.items] == [True, False, True]
    # Bằng khen sent in April 2021 is judged under the 2003 law and NĐ 91/2017 (Điều 39: one of the grounds).
    kept = case.item(case.duc_bk).eligibility
    assert [(r["code"], r["operator"], r["passed"]) for r in kept] == [
        ("no-discipline", None, True), ("grounds", "any", False), ("one-award", None, True)]
    assert [(r["code"], r["passed"]) for r in kept[1]["children"]] == [
        ("movement", False), ("ad-hoc", False), ("two-years", False)]
    # Hạnh's two excellent years with two initiatives are the ground she holds.
    assert [(r["code"], r["passed"]) for r in case.item(case.hanh_bk).eligibility[1]["children"]] == [
        ("movement", False), ("ad-hoc", False), ("two-years", True)]
    assert case.item(case.duc_bk).eligibility_regime.startswith("Luật Thi đua, khen thưởng 2003")
    assert last_event("awards.nomination.transition").data == {
        "from": "draft", "to": "submitted", "route": "chairman",
        "failing": {str(case.duc_bk.pk): ["movement", "ad-hoc", "excellent-2", "initiatives-2"]}}

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
    services.attachment_add(by=clerk, nomination=nomination, kind="achievement_report", file=pdf("bao-cao.pdf"))
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
            {"item_id": case.hanh_bk.pk, "eligible": True},
            {"item_id": case.duc_bk.pk, "eligible": True, "reason": ""},
            {"item_id": case.collective.pk, "eligible": False, "reason": ""}])
    assert refused.value.message_dict == {
        f"items.{case.hanh_bk.pk}": [
            "Fails Không bị kỷ luật trong thời gian tính thành tích: marking it eligible needs a written "
            "justification."],
        # NĐ 91/2017 Điều 39: none of the grounds holds, so every alternative is listed.
        f"items.{case.duc_bk.pk}": [
            "Fails Thành tích trong phong trào thi đua, Thành tích đột xuất, 02 năm liên tục hoàn thành xuất sắc "
            "nhiệm vụ, 02 sáng kiến được công nhận: marking it eligible needs a written justification."],
        f"items.{case.collective.pk}": ["Give the reason the nominee is not eligible."]}
    assert case.item(case.hanh_bk).appraisal_eligible is None  # nothing half-written

    # Moving on before every nominee has a verdict is refused.
    with pytest.raises(ValidationError) as refused:
        move(nomination, "appraised", by=office)
    assert messages(refused) == [
        "Nguyễn Thị Hạnh (Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (cá nhân)): no appraisal verdict yet.",
        "Đặng Văn Đức (Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (cá nhân)): no appraisal verdict yet.",
        "UBND huyện Hiệp Hòa (Tập thể lao động tiên tiến): no appraisal verdict yet."]

    services.appraisal_record(by=office, nomination=nomination, verdicts=[
        {"item_id": case.hanh_bk.pk, "eligible": False, "reason": "Bị khiển trách năm 2021"},
        {"item_id": case.duc_bk.pk, "eligible": True, "reason": "Thành tích đột xuất",
         "justification": "Hội đồng xét thành tích đột xuất trong phòng, chống dịch"},
        {"item_id": case.collective.pk, "eligible": True, "reason": "Đủ tiêu chuẩn"}])
    hanh, duc = case.item(case.hanh_bk), case.item(case.duc_bk)
    assert (hanh.eligible_by_rules, hanh.appraisal_eligible, hanh.appraisal_reason) == (
        False, False, "Bị khiển trách năm 2021")
    assert (duc.eligible_by_rules, duc.appraisal_eligible, duc.appraisal_justification) == (
        False, True, "Hội đồng xét thành tích đột xuất trong phòng, chống dịch")
    assert last_event("awards.nomination.appraised").data["items"][1] == {
        "item": case.duc_bk.pk, "eligible": True, "reason": "Thành tích đột xuất",
        "justification": "Hội đồng xét thành tích đột xuất trong phòng, chống dịch", "rules_passed": False}

    # No title of the dossier needs the Council's vote: from the appraisal it goes straight to the Chairman.
    today_is(D(2021, 6, 1))
    move(nomination, "appraised", by=office)
    with pytest.raises(ValidationError) as refused:
        move(nomination, "at_council", by=office)
    assert messages(refused) == [
        "No nominee of this dossier needs the council's vote: it goes straight to the one who decides."]
    move(nomination, "approved", by=office)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.appraised_on, nomination.council_round_id, nomination.council_reference) \
        == ("approved", D(2021, 6, 1), None, "")

    # The Chairman signed on paper: the office records his decision with its scan. It grants the eligible nominees;
    # the one found not eligible cannot be decided.
    common = {"by": office, "number": "1234", "symbol": "QĐ-UBND", "signed_on": D(2021, 6, 1),
              "signer_name": "Lê Ánh Dương", "signer_title": "Chủ tịch UBND tỉnh"}
    with pytest.raises(ValidationError) as refused:
        services.decision_create(**common, items=[case.hanh_bk.pk, case.duc_bk.pk], scan=pdf("quyet-dinh.pdf"))
    assert refused.value.message_dict == {"item_ids": [
        "Only eligible nominees of approved dossiers (and, where the council votes, who passed its vote) can be "
        f"decided: {case.hanh_bk.pk}"]}
    with pytest.raises(ValidationError) as refused:
        services.decision_create(**common, items=[case.collective.pk, case.duc_bk.pk])
    assert refused.value.message_dict == {"scan": ["Attach the scan of the signed decision."]}
    decision = services.decision_create(**common, items=[case.collective.pk, case.duc_bk.pk],
                                        scan=pdf("quyet-dinh.pdf"))
    awards = list(decision.awards.order_by("id").values_list(
        "award_type__code", "person_id", "unit_id", "year", "recipient_name", "decision_reference", "status",
        "nomination_item_id"))
    assert awards == [
        ("BK_CN", case.duc.pk, case.unit.pk, 2021, "Đặng Văn Đức", "1234/QĐ-UBND", "active", case.duc_bk.pk),
        ("TTLDTT", None, case.unit.pk, 2021, "UBND huyện Hiệp Hòa", "1234/QĐ-UBND", "active", case.collective.pk)]
    decision.refresh_from_db()
    assert (decision.issuing_authority, decision.issuer_unit, decision.status, decision.scan.name.endswith(".pdf"),
            case.status()) == ("Chủ tịch Ủy ban nhân dân tỉnh", None, "issued", True, "decided")
    assert [e.data["to"] for e in AuditEvent.objects.filter(
        action="awards.nomination.transition", target_id=nomination.pk).order_by("id")] == [
        "submitted", "received", "returned", "submitted", "received", "in_appraisal", "appraised", "approved",
        "decided"]

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
    assert case.item(case.duc_bk).eligible_by_rules is None  # the check made on the way is not kept

    move(case.nomination, "submitted", by=case.clerk, confirm_failures=True)
    assert case.status() == "submitted"
    assert case.item(case.duc_bk).eligible_by_rules is False


def test_a_dossier_whose_nominees_all_pass_is_sent_without_confirmation(case, today_is):
    today_is(D(2021, 4, 29))
    services.item_remove(by=case.clerk, nomination=case.nomination, item=case.duc_bk)
    move(case.nomination, "submitted", by=case.clerk)
    assert case.status() == "submitted"
    assert last_event("awards.nomination.transition").data == {"from": "draft", "to": "submitted", "failing": {},
                                                               "route": "chairman"}


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
def test_a_return_is_possible_from_every_receiving_state_and_clears_the_appraisal(province, today_is, state):
    # Only a dossier on the Council's route goes before the Council.
    case = Case(province, council=state == "at_council")
    today_is(D(2021, 4, 29))
    for step in RECEIVING[:RECEIVING.index(state) + 1]:
        if step == "appraised":
            # Every nominee found not eligible but the one the Council votes on (else it would not sit).
            services.appraisal_record(by=case.office, nomination=case.nomination, verdicts=[
                {"item_id": item.pk, "eligible": item.award_type.code == "CSTD_TINH", "reason": "Không đủ",
                 "justification": "Đủ tiêu chuẩn"} for item in case.items])
        move(case.nomination, step, by=case.clerk if step == "submitted" else case.office, confirm_failures=True)
    move(case.nomination, "returned", by=case.office, reason="Bổ sung hồ sơ")
    nomination = Nomination.objects.get(pk=case.nomination.pk)
    assert (nomination.status, nomination.return_reason, nomination.received_on, nomination.appraisal_due_on,
            nomination.appraiser, nomination.appraised_on) == ("returned", "Bổ sung hồ sơ", None, None, None, None)
    assert set(nomination.items.values_list("appraisal_eligible", "appraisal_reason")) == {(None, "")}
    # Back with the unit: it may edit and send again.
    nominate(nomination, "TTLDXS", unit=case.unit, by=case.clerk)
    move(nomination, "submitted", by=case.clerk, confirm_failures=True)
    assert case.status() == "submitted"


def test_an_approved_dossier_is_not_returned(case, today_is):
    approved(case, today_is)
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
        nominate(case.nomination, "TTLDXS", unit=case.unit, by=case.clerk)
    assert messages(refused) == ["The dossier can only be changed while it is a draft or returned to the unit."]
    with pytest.raises(ValidationError):
        services.item_remove(by=case.clerk, nomination=case.nomination, item=case.hanh_bk)
    assert case.nomination.items.count() == 3


def test_verdicts_only_in_appraisal_and_only_by_the_office(case):
    with pytest.raises(ValidationError) as refused:
        services.appraisal_record(by=case.office, nomination=case.nomination,
                                  verdicts=[{"item_id": case.hanh_bk.pk, "eligible": True}])
    assert messages(refused) == ["Verdicts are recorded while the dossier is in appraisal."]
    with pytest.raises(PermissionDenied):
        services.appraisal_record(by=case.clerk, nomination=case.nomination,
                                  verdicts=[{"item_id": case.hanh_bk.pk, "eligible": True}])


def test_a_verdict_on_another_dossiers_item_is_refused(case):
    other = dossier(case.unit, by=case.clerk)
    stranger = nominate(other, "BK_CN", person=case.duc, by=case.clerk)
    for step in ("submitted", "received", "in_appraisal"):
        move(case.nomination, step, by=case.office, confirm_failures=True)
    with pytest.raises(ValidationError) as refused:
        services.appraisal_record(by=case.office, nomination=case.nomination,
                                  verdicts=[{"item_id": stranger.pk, "eligible": True, "reason": "x"}])
    assert refused.value.message_dict == {f"items.{stranger.pk}": ["This nominee is not in the dossier."]}


# ── the route to the one who decides, and the council's conclusion ───────────────────────────────────────────


def test_a_council_title_is_not_skipped_and_a_chairmans_dossier_does_not_go_to_the_council(case, council_case,
                                                                                           today_is):
    council_case.appraise(today_is)
    council_case.nomination.refresh_from_db()
    assert council_case.nomination.route == "council"
    lan = council_case.item(council_case.lan_cstd)
    assert (lan.eligible_by_rules, lan.appraisal_eligible) == (True, True)
    with pytest.raises(ValidationError) as refused:
        move(council_case.nomination, "approved", by=council_case.office)
    assert messages(refused) == [
        "The council votes on this dossier first (Appraisal, the Council's vote, then the Chairman)."]
    case.appraise(today_is)
    with pytest.raises(ValidationError) as refused:
        move(case.nomination, "at_council", by=case.office)
    assert messages(refused) == [
        "No nominee of this dossier needs the council's vote: it goes straight to the one who decides."]
    assert (council_case.status(), case.status()) == ("appraised", "appraised")


def test_the_minutes_reference_alone_no_longer_approves_a_title_the_council_votes_on(council_case, today_is):
    council_case.to_council(today_is)
    with pytest.raises(ValidationError) as refused:
        move(council_case.nomination, "approved", by=council_case.office,
             reason="Biên bản họp Hội đồng ngày 20/5/2021")
    assert refused.value.message_dict == {"voting_round_id": ["Choose the council's vote on the nominees."]}
    council_case.nomination.refresh_from_db()
    assert (council_case.nomination.status, council_case.nomination.council_reference) == ("at_council", "")


@pytest.mark.parametrize(("votes", "reason", "reference", "passed", "counted"), [
    (9, "Biên bản số 05/BB-HĐTĐKT", "Biên bản số 05/BB-HĐTĐKT", True, "9 of 10 members (90 %; 90 % needed)"),
    (8, "", f"Meeting of {COUNCIL} on 01/06/2021", False, "8 of 10 members (80 %; 90 % needed)"),
])
def test_the_councils_vote_approves_and_only_who_reaches_the_threshold_is_decided(
        council_case, today_is, votes, reason, reference, passed, counted):
    case = council_case
    case.to_council(today_is)
    voting_round = meeting_on_paper(case, {case.lan_cstd.pk: votes})
    move(case.nomination, "approved", by=case.office, voting_round=voting_round, reason=reason)
    case.nomination.refresh_from_db()
    assert (case.nomination.status, case.nomination.council_round_id, case.nomination.council_reference) == (
        "approved", voting_round.pk, reference)
    lan = case.item(case.lan_cstd)
    assert (lan.council_passed, lan.council_votes) == (passed, counted)
    # The Chairman's forms travel with the title unvoted.
    assert {(case.item(i).council_passed, case.item(i).council_votes) for i in (case.duc_bk, case.collective)} == {
        (None, "")}
    assert last_event("awards.nomination.transition").data["passed"] == ([lan.pk] if passed else [])
    if passed:
        decide(case, [lan.pk, case.duc_bk.pk, case.collective.pk])
        assert case.status() == "decided"
    else:
        with pytest.raises(ValidationError) as refused:
            decide(case, [lan.pk, case.duc_bk.pk])
        assert refused.value.message_dict == {"item_ids": [
            "Only eligible nominees of approved dossiers (and, where the council votes, who passed its vote) can be "
            f"decided: {lan.pk}"]}
        decide(case, [case.duc_bk.pk, case.collective.pk])
        assert Award.objects.filter(nomination_item__nomination=case.nomination).count() == 2


def a_unit_councils_vote(case) -> VotingRound:
    """The demo's vote of Sở Y tế's own council (on Sở Y tế's Chiến sĩ thi đua cơ sở)."""
    return VotingRound.objects.filter(meeting__council__unit__code="SYT").order_by("id").first()


@pytest.mark.parametrize(("vote", "error"), [
    (vote_still_open, "The vote has not closed yet."),
    (lambda case: meeting_on_paper(case, {case.lan_cstd.pk: 6}, present=6),  # 6 of 10 present: short of 2/3
     "The meeting had no quorum: its vote does not count."),
    (lambda case: campaign_round(case.province, for_units=["H-HH"]), f"Choose a vote of {COUNCIL}'s meeting."),
    (lambda case: campaign_round(case.province, for_units=["H-HH"], electorate="cluster_units"),
     f"Choose a vote of {COUNCIL}'s meeting."),
    (a_unit_councils_vote, f"Choose a vote of {COUNCIL}'s meeting."),
], ids=["still-open", "no-quorum", "campaign-council-vote-on-units", "cluster-vote", "a-units-council"])
def test_approval_needs_a_closed_vote_of_the_provincial_councils_meeting_with_quorum(council_case, today_is, vote,
                                                                                    error):
    council_case.to_council(today_is)
    voting_round = vote(council_case)
    with pytest.raises(ValidationError) as refused:
        move(council_case.nomination, "approved", by=council_case.office, voting_round=voting_round,
             reason="Biên bản 05")
    assert refused.value.message_dict == {"voting_round_id": [error]}
    assert council_case.status() == "at_council"
    assert council_case.item(council_case.lan_cstd).council_passed is None


def test_a_council_vote_on_other_nominees_does_not_approve(council_case, today_is):
    """The demo's provincial meeting of 10/01/2022 voted on other dossiers' nominees, not on Lan."""
    council_case.to_council(today_is)
    voting_round = VotingRound.objects.filter(meeting__council=councils.province_council()).order_by("id").first()
    with pytest.raises(ValidationError) as refused:
        move(council_case.nomination, "approved", by=council_case.office, voting_round=voting_round)
    assert refused.value.message_dict == {"voting_round_id": ["Not voted on in this round: Trần Thị Lan."]}
    assert council_case.status() == "at_council"


@pytest.mark.parametrize("council", [False, True], ids=["chairmans-route", "councils-route"])
def test_nothing_eligible_cannot_be_approved(province, today_is, council):
    case = Case(province, council=council)
    today_is(D(2021, 4, 29))
    for step in ("submitted", "received", "in_appraisal"):
        move(case.nomination, step, by=case.office, confirm_failures=True)
    services.appraisal_record(by=case.office, nomination=case.nomination, verdicts=[
        {"item_id": item.pk, "eligible": False, "reason": "Không đủ"} for item in case.items])
    move(case.nomination, "appraised", by=case.office)
    if council:
        # With its voted title found not eligible, nothing is left for the Council to vote on.
        with pytest.raises(ValidationError) as refused:
            move(case.nomination, "at_council", by=case.office)
        assert messages(refused) == [
            "No nominee of this dossier needs the council's vote: it goes straight to the one who decides."]
    with pytest.raises(ValidationError) as refused:
        move(case.nomination, "approved", by=case.office, reason="Biên bản 05")
    assert messages(refused) == ["No nominee was found eligible: return the dossier instead."]


# ── decisions ────────────────────────────────────────────────────────────────────────────────────────────────


def approved(case, today_is) -> None:
    """Appraised, then approved straight away (the Chairman's route)."""
    case.appraise(today_is)
    move(case.nomination, "approved", by=case.office)


def decide(case, chosen: list[int], **values) -> Decision:
    """The office records the Chairman's decision signed on paper over ``chosen`` items, with its scan (``values``
    override the defaults, ``items`` and ``scan`` included)."""
    return services.decision_create(**{
        "by": case.office, "number": "1234", "symbol": "QĐ-UBND", "signed_on": D(2021, 6, 1),
        "signer_name": "Lê Ánh Dương", "signer_title": "Chủ tịch UBND tỉnh", "items": chosen,
        "scan": pdf("quyet-dinh.pdf")} | values)


def test_a_dossier_stays_approved_until_every_eligible_nominee_is_decided(case, today_is):
    approved(case, today_is)
    decide(case, [case.duc_bk.pk])
    assert case.status() == "approved"
    decide(case, [case.collective.pk], number="1235")
    assert case.status() == "decided"
    # Nothing waits for a decision any more (the demo holds no approved dossier).
    assert selectors.approved_items(user=case.office) == []


@pytest.mark.parametrize(("values", "errors"), [
    ({"number": " "}, {"number": ["This field is required."]}),
    ({"items": []}, {"item_ids": ["Choose the nominees the decision grants."]}),
    ({"signed_on": D(2099, 1, 1)}, {"signed_on": ["A decision cannot be signed in the future."]}),
    ({"items": [987654321]}, {"item_ids": ["Unknown nominees: 987654321"]}),
    ({"scan": None}, {"scan": ["Attach the scan of the signed decision."]}),
])
def test_a_bad_decision_is_refused_and_writes_nothing(case, today_is, values, errors):
    approved(case, today_is)
    before = (Decision.objects.count(), Award.objects.count())
    with pytest.raises(ValidationError) as refused:
        decide(case, [case.duc_bk.pk], **values)
    assert refused.value.message_dict == errors
    assert (Decision.objects.count(), Award.objects.count()) == before
    assert case.status() == "approved"


def test_a_scan_that_is_not_a_document_is_refused(case, today_is):
    approved(case, today_is)
    with pytest.raises(ValidationError) as refused:
        decide(case, [case.duc_bk.pk], scan=SimpleUploadedFile("quyet-dinh.pdf", b"not a pdf at all"))
    assert messages(refused) == [
        "The file is not a PDF, a DOCX or a scanned image (JPEG, PNG, TIFF), whatever its name says."]
    assert (case.status(), Award.objects.filter(nomination_item=case.duc_bk).exists()) == ("approved", False)


def test_a_nominee_is_decided_once_and_a_decision_reference_is_unique(case, today_is):
    approved(case, today_is)
    decide(case, [case.duc_bk.pk])
    with pytest.raises(ValidationError) as refused:
        decide(case, [case.duc_bk.pk], number="1300")
    assert refused.value.message_dict == {"item_ids": ["Some of these nominees already have their decision."]}
    with pytest.raises(ValidationError) as refused:
        decide(case, [case.collective.pk])
    assert refused.value.message_dict == {"number": ["A decision with this number and symbol already exists."]}


def test_only_the_office_records_the_provinces_decisions(case, today_is):
    approved(case, today_is)
    for username in ("hiephoa", "chutich", "thanhvien"):
        with pytest.raises(PermissionDenied):
            decide(case, [case.duc_bk.pk], by=User.objects.get(username=username))
    assert Award.objects.filter(nomination_item=case.duc_bk).exists() is False


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
                                  verdicts=[{"item_id": case.hanh_bk.pk, "eligible": True}])


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


@pytest.mark.parametrize("username", ["vanphong", "hiephoa"])
@pytest.mark.parametrize("span", [{}, {"year_from": 2019, "year_to": 2020}, {"include_revoked": True}])
def test_every_grouping_at_once_is_each_grouping_alone(province, registry, username, span):
    """The statistics page's four sections come from two GROUP BYs: each must be what its own query gives, in its
    order, for the office and for a clerk who sees its own units' awards."""
    services.award_revoke(by=None, award=grant("BK_CN", 2020, person=registry["duc"], unit=registry["new"]),
                          reason="Thu hồi")
    grant("BK_TT", 2020, unit=province.unit("SYT"))
    user = province.user(username)
    together = selectors.award_statistics_all(user=user, **span)
    assert list(together) == ["year", "award_type", "level", "unit"]
    for group_by, rows in together.items():
        assert rows == selectors.award_statistics(user=user, group_by=group_by, **span), group_by
    assert together["year"], "nothing counted: the comparison proves nothing"


@pytest.mark.parametrize("username", ["vanphong", "yenthe"])
def test_the_statistics_page_counts_in_a_fixed_number_of_queries(province, registry, username):
    """The office sums the tallies (no query reads the awards); a clerk counts its own awards in two GROUP BYs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.support import signed_in

    client = signed_in(username)
    assert client.get("/awards/statistics/").status_code == 200
    with CaptureQueriesContext(connection) as before:
        client.get("/awards/statistics/")
    for year in (2015, 2016, 2017):
        grant("BK_TT", year, unit=province.unit("SYT"))
    with CaptureQueriesContext(connection) as after:
        response = client.get("/awards/statistics/")
    assert response.status_code == 200
    counted = [q for q in after.captured_queries if "GROUP BY" in q["sql"].upper()
               and f'"{Award._meta.db_table}"' in q["sql"]]
    assert len(counted) == (0 if username == "vanphong" else 2) and len(after) == len(before)


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


def test_dossier_edits_are_audited(case):
    clerk, nomination = case.clerk, case.nomination
    assert last_event("awards.nomination.created").data == {"unit": case.unit.pk, "year": 2021, "kind": "merit",
                                                            "campaign": None}
    assert last_event("awards.nomination.item_added").data == {
        "item": case.collective.pk, "award_type": "TTLDTT", "person": None, "unit": case.unit.pk,
        "name": "UBND huyện Hiệp Hòa"}
    attachment = services.attachment_add(by=clerk, nomination=nomination, kind="proposal", file=pdf("to-trinh.pdf"))
    assert (attachment.original_name, attachment.size, attachment.kind) == ("to-trinh.pdf", len(PDF), "proposal")
    assert last_event("awards.nomination.attachment_added").data["name"] == "to-trinh.pdf"
    attachment_id = attachment.pk
    services.attachment_remove(by=clerk, nomination=nomination, attachment=attachment)
    assert last_event("awards.nomination.attachment_removed").data == {
        "attachment": attachment_id, "kind": "proposal", "name": "to-trinh.pdf"}
    item_id = case.hanh_bk.pk
    services.item_remove(by=clerk, nomination=nomination, item=case.hanh_bk)
    assert last_event("awards.nomination.item_removed").data == {
        "item": item_id, "award_type": case.hanh_bk.award_type_id, "person": case.hanh.pk, "unit": case.unit.pk}
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
        nominate(case.nomination, "BK_CN", person=case.hanh, by=case.clerk)
    assert refused.value.messages == ["This person is already proposed for this title or form in the dossier."]


def test_a_clerk_cannot_open_a_dossier_for_another_unit(province):
    with pytest.raises(PermissionDenied):
        dossier(province.unit("H-HH"), by=province.user("yenthe"))


def test_the_appraisal_queue_lists_dossiers_by_working_days_left(case, labour_day, today_is):
    today_is(D(2021, 4, 29))
    move(case.nomination, "submitted", by=case.clerk, confirm_failures=True)
    move(case.nomination, "received", by=case.office)
    later = dossier(case.unit, by=case.clerk)
    nominate(later, "TTLDXS", unit=case.unit, by=case.clerk)
    move(later, "submitted", by=case.clerk, confirm_failures=True)
    today_is(D(2021, 5, 4))
    move(later, "received", by=case.office)
    rows = selectors.appraisal_queue(user=case.office, today=D(2021, 6, 8))
    mine = {case.nomination.pk, later.pk}
    assert [(r.nomination.pk, r.days_left, r.overdue) for r in rows if r.nomination.pk in mine] == [
        (case.nomination.pk, -1, True), (later.pk, 0, False)]
    # The office's queue holds the province's dossiers; a unit's clerk handles only the unit's own titles (decided by
    # its head: the demo has one for Hiệp Hòa), never a dossier sent to the province.
    assert {r.nomination.route for r in rows} <= {"chairman", "council", "centre"}
    clerks = selectors.appraisal_queue(user=case.clerk)
    assert {r.nomination.pk for r in clerks} & mine == set()
    assert {(r.nomination.unit_id, r.nomination.route) for r in clerks} == {(case.unit.pk, "unit")}
