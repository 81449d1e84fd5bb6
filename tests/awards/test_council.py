"""The council's vote (``awards/council.py`` and the meeting rounds of ``evaluation.services``): the quorum at two
thirds of the members present and 80 % counting written opinions, the thresholds on all the members at their
boundaries, a meeting without quorum that cannot vote, the secret ballots of a meeting (who votes, once, the round
closing after the last voter, who may close it), a meeting held outside the system with its minutes, and the
council's conclusion on a dossier: the nominee voted 90 % passes, the one voted 80 % fails and gets no decision."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.awards.conftest import (  # noqa: F401 (english: a fixture)
    dossier,
    english,
    last_event,
    move,
    new_person,
    nominate,
)
from tests.awards.test_routes import appraised, staff, unit_under
from thidua.accounts.models import User
from thidua.awards import council as councils
from thidua.awards import services
from thidua.awards.models import LegalRegime, NominationItem
from thidua.evaluation import services as evaluation_services
from thidua.evaluation.models import VotingRound
from thidua.org import services as org_services

pytestmark = pytest.mark.usefixtures("english")
D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def minutes() -> SimpleUploadedFile:
    return SimpleUploadedFile("bien-ban-hop-hoi-dong.pdf", PDF, content_type="application/pdf")


# ── quorum and thresholds ────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def nd98(province):
    return LegalRegime.objects.get(code="luat-2022-nd98")


def test_the_regimes_quorum_is_two_thirds_present_and_80_percent_with_written_opinions(nd98):
    assert (nd98.council_quorum, Decimal(nd98.council_attendance_percent)) == ("2/3", Decimal(80))


def test_six_of_nine_present_and_two_written_opinions_meet_the_quorum(nd98):
    quorum = councils.quorum_of(nd98, members=9, present=6, written=2)
    assert quorum.met is True
    assert quorum.explanation == (
        "Quorum met: 6 of 9 members present (at least 2/3 needed); 8 of 9 members present or with a written "
        "opinion (at least 80 % needed).")


def test_five_of_nine_present_is_short_of_two_thirds_whatever_the_written_opinions(nd98):
    quorum = councils.quorum_of(nd98, members=9, present=5, written=4)
    assert quorum.met is False
    assert quorum.explanation.startswith("Quorum not met: 5 of 9 members present (at least 2/3 needed)")


def test_seven_of_nine_present_or_written_is_short_of_80_percent(nd98):
    assert councils.quorum_of(nd98, members=9, present=6, written=1).met is False  # 7/9 = 77.8 %
    assert councils.quorum_of(nd98, members=10, present=7, written=1).met is True  # 8/10 = 80 %
    assert councils.quorum_of(nd98, members=10, present=6, written=4).met is False  # 6/10 < 2/3


def test_a_council_without_members_has_no_quorum(nd98):
    assert councils.quorum_of(nd98, members=0, present=0, written=0).met is False


@pytest.mark.parametrize(("votes", "members", "threshold", "passed"), [
    (9, 10, 90, True), (8, 10, 90, False), (90, 100, 90, True), (89, 100, 90, False),
    (8, 10, 80, True), (7, 10, 80, False), (80, 100, 80, True), (79, 100, 80, False),
    (10, 10, None, False), (0, 0, 80, False),
])
def test_a_nominee_passes_with_the_threshold_of_all_members(votes, members, threshold, passed):
    assert councils.passes(votes, members, threshold) is passed


# ── a council of ten ─────────────────────────────────────────────────────────────────────────────────────────


class Council:
    """The provincial council of a province after a merger (the latest province's council is the one that votes):
    ten members, each with a login, the first its chair. Two civil servants of a department are proposed for Chiến
    sĩ thi đua cấp tỉnh (90 % of all members) and a third for a Bằng khen (no vote), in one dossier at the council."""

    def __init__(self, province):
        self.office = province.user("vanphong")
        merged = org_services.unit_create(by=None, code="UBND-HN", name="Ủy ban nhân dân tỉnh sau sáp nhập",
                                          kind="province")
        self.council = councils.council_create(by=self.office, unit=merged, name="Hội đồng Thi đua - Khen thưởng tỉnh")
        self.users = [User.objects.create(username=f"hoidong{i}", first_name=f"Thành viên {i}") for i in range(10)]
        self.members = [councils.council_member_add(by=self.office, council=self.council,
                                                    full_name=f"Thành viên {i}", user=user,
                                                    role="chair" if i == 0 else "member")
                        for i, user in enumerate(self.users)]
        self.unit = unit_under(province.unit("UBND-BG"), "SO-THU", "Sở Thử nghiệm")
        self.nomination = dossier(self.unit)
        self.an = nominate(self.nomination, "CSTD_TINH", person=new_person("Nguyễn Văn An", self.unit))
        self.binh = nominate(self.nomination, "CSTD_TINH", person=new_person("Trần Thị Bình", self.unit))
        self.form = nominate(self.nomination, "BK_CN", person=new_person("Lê Văn Cường", self.unit))
        appraised(self.nomination, self.office, by=self.office)
        move(self.nomination, "at_council", by=self.office)

    def ids(self, indexes) -> list[int]:
        return [self.members[i].pk for i in indexes]

    def meeting(self, present, written=(), **kwargs):
        return councils.meeting_create(by=self.office, council=self.council, held_on=timezone.localdate(),
                                       place="Hội trường UBND tỉnh", chair_id=self.members[0].pk,
                                       secretary_id=self.members[1].pk, present_ids=self.ids(present),
                                       written_ids=self.ids(written), **kwargs)

    def item(self, item) -> NominationItem:
        return NominationItem.objects.get(pk=item.pk)


@pytest.fixture
def ten(province):
    return Council(province)


def test_the_latest_provinces_council_serves_the_council_route(ten):
    assert councils.province_council() == ten.council
    assert councils.council_of("council", ten.unit) == ten.council
    assert councils.council_of("unit", ten.unit) is None  # the department has no council of its own
    assert [m.pk for m in councils.members_of(ten.council)] == [m.pk for m in ten.members]
    assert last_event("awards.council.created").data == {"unit": ten.council.unit_id,
                                                         "name": "Hội đồng Thi đua - Khen thưởng tỉnh"}
    assert last_event("awards.council.member_added").data == {
        "member": ten.members[9].pk, "name": "Thành viên 9", "role": "member", "user": ten.users[9].pk}


def test_only_the_office_serves_the_provincial_council_and_it_has_one_chair(province, ten):
    with pytest.raises(PermissionDenied):
        councils.council_member_add(by=province.user("hiephoa"), council=ten.council, full_name="Người ngoài")
    with pytest.raises(ValidationError) as excinfo:
        councils.council_member_add(by=ten.office, council=ten.council, full_name="Chủ tịch thứ hai", role="chair")
    assert excinfo.value.message_dict == {"role": ["The council already has its chair."]}
    with pytest.raises(ValidationError):
        councils.council_member_add(by=ten.office, council=ten.council, full_name="Trùng", user=ten.users[3])


def test_a_meeting_records_its_quorum_under_the_regime_of_its_day(ten):
    meeting = ten.meeting(present=range(7), written=[7])
    assert (meeting.member_count, meeting.quorum_met) == (10, True)
    assert meeting.quorum_explanation == (
        "Quorum met: 7 of 10 members present (at least 2/3 needed); 8 of 10 members present or with a written "
        "opinion (at least 80 % needed).")
    event = last_event("awards.council.meeting_created")
    assert (event.data["present"], event.data["written"], event.data["quorum_met"]) == (
        sorted(ten.ids(range(7))), ten.ids([7]), True)


def test_the_chair_is_among_the_members_present(ten):
    with pytest.raises(ValidationError) as excinfo:
        councils.meeting_create(by=ten.office, council=ten.council, held_on=timezone.localdate(), place="Hội trường",
                                chair_id=ten.members[0].pk, secretary_id=None, present_ids=ten.ids(range(1, 10)))
    assert excinfo.value.message_dict == {"chair_id": ["The chair must be among the members present."]}


def test_a_meeting_without_quorum_cannot_vote(ten):
    meeting = ten.meeting(present=range(6), written=range(6, 10))  # 6 of 10 < 2/3, though 100 % counted
    assert meeting.quorum_met is False
    with pytest.raises(ValidationError) as excinfo:
        councils.meeting_vote_open(by=ten.office, meeting=meeting, item_ids=[ten.an.pk, ten.binh.pk])
    assert "The meeting has no quorum: it cannot vote." in excinfo.value.messages[0]
    assert not VotingRound.objects.filter(meeting=meeting).exists()


def test_a_meeting_votes_only_on_the_titles_that_need_it(ten):
    meeting = ten.meeting(present=range(10))
    with pytest.raises(ValidationError) as excinfo:
        councils.meeting_vote_open(by=ten.office, meeting=meeting, item_ids=[ten.an.pk, ten.form.pk])
    assert excinfo.value.message_dict["nomination_item_ids"] == [
        "Lê Văn Cường: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (cá nhân) needs no vote of the council."]


# ── the ballots of a meeting ─────────────────────────────────────────────────────────────────────────────────


def test_only_the_members_present_or_with_a_written_opinion_vote_once_and_the_round_closes_after_the_last(ten):
    meeting = ten.meeting(present=range(8), written=[8])  # member 9 is away without an opinion
    voting_round = councils.meeting_vote_open(by=ten.office, meeting=meeting, item_ids=[ten.an.pk, ten.binh.pk])
    assert last_event("awards.council.vote_opened").data == {
        "round": voting_round.pk, "items": [ten.an.pk, ten.binh.pk], "counting_board": "",
        "thresholds": {str(ten.an.pk): "90.00", str(ten.binh.pk): "90.00"}}
    with pytest.raises(PermissionDenied):
        evaluation_services.ballot_cast(by=ten.users[9], voting_round=voting_round, choices=[ten.an.pk])
    evaluation_services.ballot_cast(by=ten.users[8], voting_round=voting_round, choices=[ten.an.pk])  # in writing
    with pytest.raises(ValidationError):
        evaluation_services.ballot_cast(by=ten.users[8], voting_round=voting_round, choices=[ten.binh.pk])
    with pytest.raises(ValidationError):  # a Bằng khen is not on the ballot
        evaluation_services.ballot_cast(by=ten.users[0], voting_round=voting_round, choices=[ten.form.pk])
    for user in ten.users[:7]:
        evaluation_services.ballot_cast(by=user, voting_round=voting_round, choices=[ten.an.pk, ten.binh.pk])
    voting_round.refresh_from_db()
    assert voting_round.closed_at is None  # one voter left
    evaluation_services.ballot_cast(by=ten.users[7], voting_round=voting_round, choices=[ten.an.pk])
    voting_round.refresh_from_db()
    assert voting_round.closed_at is not None and voting_round.closed_by is None
    result = councils.meeting_round_result(voting_round)
    assert (result.members, result.voted, result.quorum_met, result.closed) == (10, 9, True, True)
    assert [(r.item_id, r.votes, r.percent_of_all_members, r.passed) for r in result.candidates] == [
        (ten.an.pk, 9, Decimal("90.00"), True), (ten.binh.pk, 7, Decimal("70.00"), False)]


def test_the_office_closes_a_meeting_round_and_a_clerk_cannot(province, ten):
    meeting = ten.meeting(present=range(10))
    voting_round = councils.meeting_vote_open(by=ten.office, meeting=meeting, item_ids=[ten.an.pk, ten.binh.pk])
    clerk = staff("canbo-thu", "unit_clerk", ten.unit)
    with pytest.raises(PermissionDenied):
        evaluation_services.round_close(by=clerk, voting_round=voting_round)
    with pytest.raises(PermissionDenied):
        evaluation_services.round_close(by=province.user("hiephoa"), voting_round=voting_round)
    voting_round.refresh_from_db()
    assert voting_round.closed_at is None
    evaluation_services.round_close(by=ten.office, voting_round=voting_round)
    voting_round.refresh_from_db()
    assert voting_round.closed_by == ten.office
    assert last_event("evaluation.round.closed").data == {"why": "closed_by_hand"}
    with pytest.raises(ValidationError):
        evaluation_services.ballot_cast(by=ten.users[0], voting_round=voting_round, choices=[ten.an.pk])
    with pytest.raises(ValidationError):
        evaluation_services.round_close(by=ten.office, voting_round=voting_round)


# ── the council's conclusion ─────────────────────────────────────────────────────────────────────────────────


def conclude(ten, voting_round):
    voting_round.refresh_from_db()  # as a request reads it
    move(ten.nomination, "approved", by=ten.office, voting_round=voting_round)
    ten.nomination.refresh_from_db()


def check_90_passes_and_80_fails(ten, voting_round):
    assert ten.nomination.status == "approved"
    assert ten.nomination.council_round_id == voting_round.pk
    an, binh, form = ten.item(ten.an), ten.item(ten.binh), ten.item(ten.form)
    assert (an.council_passed, an.council_votes) == (True, "9 of 10 members (90 %; 90 % needed)")
    assert (binh.council_passed, binh.council_votes) == (False, "8 of 10 members (80 %; 90 % needed)")
    assert (form.council_passed, form.council_votes) == (None, "")  # the Chairman's form is not voted on
    assert last_event("awards.nomination.transition").data["passed"] == [ten.an.pk]
    found, issuer = services.decidable(ten.office, [ten.an.pk, ten.form.pk])
    assert ([i.pk for i in found], issuer) == ([ten.an.pk, ten.form.pk], None)
    with pytest.raises(ValidationError) as excinfo:
        services.decidable(ten.office, [ten.binh.pk])
    assert str(ten.binh.pk) in excinfo.value.message_dict["item_ids"][0]


def test_by_secret_ballot_nine_votes_of_ten_pass_and_eight_fail(ten):
    meeting = ten.meeting(present=range(10))
    voting_round = councils.meeting_vote_open(by=ten.office, meeting=meeting, item_ids=[ten.an.pk, ten.binh.pk])
    with pytest.raises(ValidationError) as excinfo:  # still open
        conclude(ten, voting_round)
    assert excinfo.value.message_dict == {"voting_round_id": ["The vote has not closed yet."]}
    for i, user in enumerate(ten.users):
        evaluation_services.ballot_cast(by=user, voting_round=voting_round,
                                        choices=[ten.an.pk, ten.binh.pk][: 2 if i < 8 else 1 if i < 9 else 0])
    conclude(ten, voting_round)
    check_90_passes_and_80_fails(ten, voting_round)


def test_a_meeting_held_outside_the_system_counts_the_same(ten):
    meeting, voting_round = councils.meeting_record_outside(
        by=ten.office, council=ten.council, held_on=D(2022, 1, 10), place="Hội trường UBND tỉnh",
        chair_id=ten.members[0].pk, secretary_id=ten.members[1].pk, present_ids=ten.ids(range(10)), written_ids=[],
        minutes=minutes(), votes={ten.an.pk: 9, ten.binh.pk: "8"})
    assert (meeting.outside_system, meeting.quorum_met, bool(meeting.minutes)) == (True, True, True)
    assert voting_round.closed_at is not None
    # Who voted is what the minutes say (present and written opinions): no ballot rows.
    assert (councils.meeting_round_result(voting_round).voted, voting_round.ballots_cast.count()) == (10, 0)
    assert last_event("awards.council.meeting_recorded").data == {
        "round": voting_round.pk, "votes": {str(ten.an.pk): 9, str(ten.binh.pk): 8}, "quorum_met": True,
        "counting_board": ""}
    conclude(ten, voting_round)
    check_90_passes_and_80_fails(ten, voting_round)


def test_a_meeting_held_outside_the_system_needs_its_minutes_and_plausible_counts(ten):
    common = {"by": ten.office, "council": ten.council, "held_on": D(2022, 1, 10), "place": "Hội trường",
              "chair_id": ten.members[0].pk, "secretary_id": None, "written_ids": []}
    with pytest.raises(ValidationError) as excinfo:
        councils.meeting_record_outside(**common, present_ids=ten.ids(range(10)), minutes=None,
                                        votes={ten.an.pk: 9})
    assert "minutes" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:  # 8 voted: 9 votes cannot be
        councils.meeting_record_outside(**common, present_ids=ten.ids(range(8)), minutes=minutes(),
                                        votes={ten.an.pk: 9})
    assert "votes" in excinfo.value.message_dict
    with pytest.raises(ValidationError):  # a date to come
        councils.meeting_record_outside(**{**common, "held_on": timezone.localdate() + datetime.timedelta(days=1)},
                                        present_ids=ten.ids(range(10)), minutes=minutes(), votes={ten.an.pk: 9})


def test_a_vote_of_a_meeting_without_quorum_does_not_count(ten):
    meeting, voting_round = councils.meeting_record_outside(
        by=ten.office, council=ten.council, held_on=D(2022, 1, 10), place="Hội trường", chair_id=ten.members[0].pk,
        secretary_id=None, present_ids=ten.ids(range(6)), written_ids=[], minutes=minutes(),
        votes={ten.an.pk: 6, ten.binh.pk: 6})
    assert meeting.quorum_met is False
    assert [r.passed for r in councils.meeting_round_result(voting_round).candidates] == [False, False]
    with pytest.raises(ValidationError) as excinfo:
        conclude(ten, voting_round)
    assert excinfo.value.message_dict == {"voting_round_id": ["The meeting had no quorum: its vote does not count."]}
    ten.nomination.refresh_from_db()
    assert ten.nomination.status == "at_council"


def test_titles_voted_down_stay_in_the_dossier_while_the_chairmans_form_goes_on(ten):
    _meeting, voting_round = councils.meeting_record_outside(
        by=ten.office, council=ten.council, held_on=D(2022, 1, 10), place="Hội trường", chair_id=ten.members[0].pk,
        secretary_id=None, present_ids=ten.ids(range(10)), written_ids=[], minutes=minutes(),
        votes={ten.an.pk: 5, ten.binh.pk: 0})
    conclude(ten, voting_round)
    assert (ten.item(ten.an).council_passed, ten.item(ten.binh).council_passed) == (False, False)
    assert ten.nomination.status == "approved"
    assert [i.pk for i in services.decidable(ten.office, [ten.form.pk])[0]] == [ten.form.pk]
    with pytest.raises(ValidationError):
        services.decidable(ten.office, [ten.an.pk])


# ── a unit's own council ─────────────────────────────────────────────────────────────────────────────────────


def test_a_units_own_council_votes_on_its_chien_si_thi_dua_co_so_at_80_percent(province, ten):
    head = staff("giamdoc-thu", "unit_head", ten.unit)
    clerk = staff("canbo-thu", "unit_clerk", ten.unit)
    with pytest.raises(PermissionDenied):  # the unit's head sets up the unit's council, not the office
        councils.council_create(by=ten.office, unit=ten.unit, name="Hội đồng TĐKT Sở Thử nghiệm")
    own = councils.council_create(by=head, unit=ten.unit, name="Hội đồng TĐKT Sở Thử nghiệm")
    users = [User.objects.create(username=f"hdso{i}") for i in range(5)]
    members = [councils.council_member_add(by=clerk, council=own, full_name=f"Ủy viên {i}", user=user,
                                           role="chair" if i == 0 else "member") for i, user in enumerate(users)]
    nomination = dossier(ten.unit, by=clerk)
    item = nominate(nomination, "CSTD_CS", person=new_person("Đỗ Thị Duyên", ten.unit), by=clerk)
    nomination.refresh_from_db()
    assert nomination.route == "unit"
    move(nomination, "submitted", by=clerk, confirm_failures=True)
    move(nomination, "received", by=clerk)
    move(nomination, "in_appraisal", by=clerk)
    # The unit's clerk records the verdict (a unit's own titles never reach the office).
    services.appraisal_record(by=clerk, nomination=nomination, verdicts=[
        {"item_id": item.pk, "eligible": True, "reason": "Đủ tiêu chuẩn", "justification": "Sáng kiến cấp cơ sở"}])
    move(nomination, "appraised", by=clerk)
    with pytest.raises(ValidationError):  # CSTĐ cơ sở needs the unit council's vote
        move(nomination, "approved", by=clerk)
    move(nomination, "at_council", by=clerk)

    with pytest.raises(PermissionDenied):  # the office does not serve a unit's council
        councils.meeting_create(by=ten.office, council=own, held_on=timezone.localdate(), place="Phòng họp Sở",
                                chair_id=members[0].pk, secretary_id=None, present_ids=[m.pk for m in members])
    province_meeting = ten.meeting(present=range(10))
    with pytest.raises(ValidationError) as excinfo:  # nor does the province's council vote on it
        councils.meeting_vote_open(by=ten.office, meeting=province_meeting, item_ids=[item.pk])
    assert excinfo.value.message_dict["nomination_item_ids"] == [
        "Đỗ Thị Duyên: its dossier is not before this council."]
    meeting = councils.meeting_create(by=clerk, council=own, held_on=timezone.localdate(), place="Phòng họp Sở",
                                      chair_id=members[0].pk, secretary_id=None,
                                      present_ids=[m.pk for m in members])
    voting_round = councils.meeting_vote_open(by=clerk, meeting=meeting, item_ids=[item.pk])
    for user in users[:4]:
        evaluation_services.ballot_cast(by=user, voting_round=voting_round, choices=[item.pk])
    with pytest.raises(PermissionDenied):  # another unit's clerk does not close it
        evaluation_services.round_close(by=province.user("hiephoa"), voting_round=voting_round)
    evaluation_services.round_close(by=clerk, voting_round=voting_round)  # the fifth abstains: the unit closes it
    voting_round.refresh_from_db()
    move(nomination, "approved", by=clerk, voting_round=voting_round)
    found = NominationItem.objects.get(pk=item.pk)
    assert (found.council_passed, found.council_votes) == (True, "4 of 5 members (80 %; 80 % needed)")
    assert services.decidable(clerk, [item.pk])[1] == ten.unit
