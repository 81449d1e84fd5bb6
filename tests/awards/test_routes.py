"""Who decides a nominee and by which way (``awards/routes.py`` and the route checks of ``nomination_transition``):
each award type's route under each regime, a unit's own collective title, dossiers that may and may not mix routes,
a unit's own dossier handled by its staff and never by the office, the Chairman's route skipping the council and the
council's not, and a proposal's way to the centre (the Party's opinion and the submission first, then the centre's
decision entering the registry)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.awards.conftest import (  # noqa: F401 (english: a fixture)
    YEAR,
    award_type,
    dossier,
    english,
    last_event,
    move,
    new_person,
    nominate,
)
from thidua.accounts import services as accounts_services
from thidua.accounts.models import User
from thidua.awards import routes, services
from thidua.awards.models import Award, Nomination, NominationItem
from thidua.org import services as org_services
from thidua.org.models import Unit

pytestmark = pytest.mark.usefixtures("english")
D = datetime.date

#: A year judged under each regime (a title of year Y is judged on 31/12/Y; a form on the day its dossier is sent,
#: here the same day).
REGIME_YEARS = {"luat-2003-nd91": 2021, "luat-2022-nd98": 2024, "luat-2022-nd152": 2025}

#: (award type, for a person?) → the route the law gives it (Luật Thi đua, khen thưởng 2022 Điều 80).
EXPECTED_ROUTES = [
    ("LDTT", True, "unit"), ("CSTD_CS", True, "unit"), ("GK_CN", True, "unit"),
    ("BK_CN", True, "chairman"), ("TTLDXS", False, "chairman"),
    ("CSTD_TINH", True, "council"), ("CO_TINH", False, "council"),
    ("BK_TTG_CN", True, "centre"), ("CSTD_TQ", True, "centre"),
]


# ── builders ─────────────────────────────────────────────────────────────────────────────────────────────────


def unit_under(parent: Unit, code: str, name: str, kind: str = "department") -> Unit:
    return org_services.unit_create(by=None, code=code, name=name, kind=kind, parent=parent)


def staff(username: str, role: str, unit: Unit) -> User:
    """A user with a role in ``unit`` (given through the accounts service, as an administrator would)."""
    user = User.objects.create(username=username, first_name=username)
    accounts_services.role_assign(by=None, user=user, role=role, unit=unit)
    return User.objects.get(pk=user.pk)  # access is cached on the object: a fresh one


def appraised(nomination: Nomination, appraiser: User, *, by=None) -> Nomination:
    """Sent (failures confirmed), received, put in appraisal with ``appraiser`` (of the council office; for a unit's
    own titles, of the unit), every nominee found eligible, and appraised: the dossier waits for the council or the
    one who decides. ``by`` makes every move."""
    move(nomination, "submitted", by=by, confirm_failures=True)
    move(nomination, "received", by=by)
    move(nomination, "in_appraisal", by=by, appraiser=appraiser)
    services.appraisal_record(by=by, nomination=nomination, verdicts=[
        {"item_id": pk, "eligible": True, "reason": "Đủ tiêu chuẩn", "justification": "Thành tích xuất sắc"}
        for pk in nomination.items.values_list("pk", flat=True)])
    move(nomination, "appraised", by=by)
    nomination.refresh_from_db()
    return nomination


def errors_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.fixture
def units(province):
    """A department directly under the province, and a division under that department."""
    top = unit_under(province.unit("UBND-BG"), "SO-THU", "Sở Thử nghiệm")
    sub = unit_under(top, "PHONG-THU", "Phòng Thử nghiệm")
    return top, sub


# ── each type's route ────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("regime", sorted(REGIME_YEARS))
@pytest.mark.parametrize(("code", "for_person", "expected"), EXPECTED_ROUTES)
def test_each_award_type_follows_its_route_under_each_regime(province, units, regime, code, for_person, expected):
    top, sub = units
    year = REGIME_YEARS[regime]
    nomination = dossier(top, year=year)
    nomination.submitted_at = timezone.make_aware(datetime.datetime(year, 12, 31, 9))  # the forms' judging day
    person = new_person("Nguyễn Văn Tuyến", top) if for_person else None
    found = routes.item_route(nomination, award_type(code), (top if for_person else sub).pk,
                              person.pk if person else None)
    assert found.regime.code == regime
    assert found.route == expected
    assert found.terms is not None and found.terms.regime.code == regime


def test_the_dossier_stores_the_route_of_its_nominees(province, units):
    top, _sub = units
    person = new_person("Nguyễn Văn Tuyến", top)
    alone = dossier(top)
    nominate(alone, "LDTT", person=person)
    council = dossier(top)
    nominate(council, "CSTD_TINH", person=person)
    centre = dossier(top)
    nominate(centre, "BK_TTG_CN", person=person)
    assert [Nomination.objects.get(pk=n.pk).route for n in (alone, council, centre)] == ["unit", "council", "centre"]


def test_a_unit_directly_under_the_province_asks_the_chairman_for_its_own_collective_title(province, units):
    top, sub = units
    nomination = dossier(top)
    nominate(nomination, "TTLDTT", unit=top)
    nomination.refresh_from_db()
    assert nomination.route == "chairman"
    # The same title for a division under it stays in the department (its head decides).
    other = dossier(top)
    nominate(other, "TTLDTT", unit=sub)
    other.refresh_from_db()
    assert other.route == "unit"


def test_a_sub_units_own_collective_title_is_refused_naming_the_unit_above(province, units):
    _top, sub = units
    nomination = dossier(sub)
    with pytest.raises(ValidationError) as excinfo:
        nominate(nomination, "TTLDTT", unit=sub)
    assert excinfo.value.message_dict["unit_id"] == [
        "Tập thể lao động tiên tiến for Phòng Thử nghiệm itself is decided by the head of Sở Thử nghiệm: "
        "Sở Thử nghiệm proposes it."]
    assert not nomination.items.exists()


# ── mixing routes in one dossier ─────────────────────────────────────────────────────────────────────────────


def test_a_units_own_titles_do_not_travel_with_the_provinces_forms(province, units):
    top, _sub = units
    nomination = dossier(top)
    nominate(nomination, "LDTT", person=new_person("Lê Thị Mai", top))
    with pytest.raises(ValidationError) as excinfo:
        nominate(nomination, "BK_CN", person=new_person("Trần Văn Bình", top))
    assert "put them in a dossier of their own, which goes to the unit's head" in errors_of(excinfo)
    assert list(nomination.items.values_list("award_type__code", flat=True)) == ["LDTT"]
    nomination.refresh_from_db()
    assert nomination.route == "unit"


def test_the_chairmans_forms_travel_with_the_councils_titles_on_the_councils_route(province, units):
    top, _sub = units
    nomination = dossier(top)
    nominate(nomination, "BK_CN", person=new_person("Trần Văn Bình", top))
    nomination.refresh_from_db()
    assert nomination.route == "chairman"
    nominate(nomination, "CSTD_TINH", person=new_person("Lê Thị Mai", top))
    nomination.refresh_from_db()
    assert nomination.route == "council"


def test_a_proposal_to_the_centre_does_not_travel_with_the_provinces_forms(province, units):
    top, _sub = units
    nomination = dossier(top)
    nominate(nomination, "BK_CN", person=new_person("Trần Văn Bình", top))
    with pytest.raises(ValidationError) as excinfo:
        nominate(nomination, "BK_TTG_CN", person=new_person("Lê Thị Mai", top))
    assert "Proposals to the centre go in a dossier of their own" in errors_of(excinfo)
    nomination.refresh_from_db()
    assert nomination.route == "chairman"


def test_combined_takes_the_longest_route_and_refuses_the_lone_ones():
    assert routes.combined([]) == ""
    assert routes.combined(["chairman", "council", "chairman"]) == "council"
    assert routes.combined(["unit", "unit"]) == "unit"
    with pytest.raises(ValidationError):
        routes.combined(["unit", "chairman"])
    with pytest.raises(ValidationError):
        routes.combined(["centre", "council"])


# ── who handles a unit's own dossier ─────────────────────────────────────────────────────────────────────────


def test_the_office_cannot_receive_a_units_own_titles_but_the_units_staff_can(province, units):
    top, _sub = units
    clerk = staff("canbo-thu", "unit_clerk", top)
    office = province.user("vanphong")
    nomination = dossier(top, by=clerk)
    nominate(nomination, "LDTT", person=new_person("Lê Thị Mai", top), by=clerk)
    with pytest.raises(PermissionDenied) as excinfo:
        move(nomination, "submitted", by=office, confirm_failures=True)
    assert str(excinfo.value) == "A unit's own titles are sent to its head by the unit's staff."
    move(nomination, "submitted", by=clerk, confirm_failures=True)
    with pytest.raises(PermissionDenied) as excinfo:
        move(nomination, "received", by=office)
    assert "only the unit's staff handle it" in str(excinfo.value)
    nomination.refresh_from_db()
    assert nomination.status == "submitted"
    move(nomination, "received", by=clerk)
    nomination.refresh_from_db()
    assert nomination.status == "received"
    assert last_event("awards.nomination.transition").data == {
        "from": "submitted", "to": "received", "appraisal_due_on": nomination.appraisal_due_on.isoformat()}


def test_the_units_staff_appraise_their_own_titles_and_approve_them_without_the_office(province, units):
    # The unit's staff receive, appraise (their verdicts too) and approve a unit's own titles; the office may not.
    top, _sub = units
    clerk = staff("canbo-thu", "unit_clerk", top)
    nomination = dossier(top, by=clerk)
    item = nominate(nomination, "LDTT", person=new_person("Lê Thị Mai", top), by=clerk)
    appraised(nomination, clerk, by=clerk)
    assert NominationItem.objects.get(pk=item.pk).appraisal_eligible is True
    assert NominationItem.objects.get(pk=item.pk).nomination.appraiser == clerk
    with pytest.raises(PermissionDenied):
        services.appraisal_record(by=province.user("vanphong"), nomination=nomination, verdicts=[])
    move(nomination, "approved", by=clerk)
    nomination.refresh_from_db()
    assert nomination.status == "approved"


# ── the Chairman's route and the council's ───────────────────────────────────────────────────────────────────


def test_a_chairman_route_dossier_goes_straight_to_approval_not_to_the_council(province, units):
    top, _sub = units
    office = province.user("vanphong")
    nomination = dossier(top)
    nominate(nomination, "BK_CN", person=new_person("Trần Văn Bình", top))
    appraised(nomination, office, by=office)
    with pytest.raises(ValidationError) as excinfo:
        move(nomination, "at_council", by=office)
    assert "No nominee of this dossier needs the council's vote" in errors_of(excinfo)
    move(nomination, "approved", by=office)
    nomination.refresh_from_db()
    assert nomination.status == "approved"
    assert nomination.council_round_id is None


def test_a_council_route_dossier_is_not_approved_before_the_councils_vote(province, units):
    top, _sub = units
    office = province.user("vanphong")
    nomination = dossier(top)
    nominate(nomination, "BK_CN", person=new_person("Trần Văn Bình", top))
    nominate(nomination, "CSTD_TINH", person=new_person("Lê Thị Mai", top))
    appraised(nomination, office, by=office)
    with pytest.raises(ValidationError) as excinfo:
        move(nomination, "approved", by=office)
    assert "The council votes on this dossier first" in errors_of(excinfo)
    move(nomination, "at_council", by=office)
    nomination.refresh_from_db()
    assert nomination.status == "at_council"
    # Only the title is voted on; the Chairman's form needs no vote.
    assert list(services.needs_vote(nomination).values()) == [90]
    # At the council, approval needs the council's vote on the title.
    with pytest.raises(ValidationError) as excinfo:
        move(nomination, "approved", by=office)
    assert "voting_round_id" in excinfo.value.message_dict


# ── to the centre ────────────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def to_centre(province, units):
    """A proposal for two Bằng khen của Thủ tướng, approved by the council (the form needs no vote)."""
    top, _sub = units
    office = province.user("vanphong")
    nomination = dossier(top)
    first = nominate(nomination, "BK_TTG_CN", person=new_person("Trần Văn Bình", top))
    second = nominate(nomination, "BK_TTG_CN", person=new_person("Lê Thị Mai", top))
    appraised(nomination, office, by=office)
    with pytest.raises(ValidationError):
        move(nomination, "approved", by=office)  # the council first
    move(nomination, "at_council", by=office)
    with pytest.raises(ValidationError) as excinfo:  # no vote on the form, but the council's minutes are cited
        move(nomination, "approved", by=office)
    assert list(excinfo.value.message_dict) == ["reason"]
    move(nomination, "approved", by=office, reason="Biên bản họp Hội đồng ngày 10/01/2022")
    nomination.refresh_from_db()
    assert (nomination.council_round_id, nomination.council_reference) == (
        None, "Biên bản họp Hội đồng ngày 10/01/2022")
    return nomination, first, second


def test_a_proposal_goes_to_the_centre_only_after_the_partys_opinion_and_the_submission(province, to_centre):
    nomination, _first, _second = to_centre
    office = province.user("vanphong")
    with pytest.raises(ValidationError) as excinfo:
        move(nomination, "sent_to_centre", by=office)
    assert errors_of(excinfo) == ("Record first: Opinion of the provincial Party standing committee; The province's "
                                  "submission to the centre.")
    services.route_step_record(by=office, nomination=nomination, kind="party_opinion", reference="125-CV/TU",
                               dated_on=D(2022, 1, 20), issuer="Ban Thường vụ Tỉnh ủy")
    with pytest.raises(ValidationError) as excinfo:
        move(nomination, "sent_to_centre", by=office)
    assert errors_of(excinfo) == "Record first: The province's submission to the centre."
    step = services.route_step_record(by=office, nomination=nomination, kind="submission", reference="45/TTr-UBND",
                                      dated_on=D(2022, 2, 1))
    assert last_event("awards.nomination.step_recorded").data == {
        "step": step.pk, "kind": "submission", "reference": "45/TTr-UBND", "dated_on": "2022-02-01"}
    move(nomination, "sent_to_centre", by=office)
    nomination.refresh_from_db()
    assert nomination.status == "sent_to_centre"


def test_the_centres_decision_enters_the_granted_nominees_and_closes_the_dossier(province, to_centre):
    nomination, first, second = to_centre
    office = province.user("vanphong")
    with pytest.raises(ValidationError):  # the centre decides what was sent to it
        services.route_step_record(by=office, nomination=nomination, kind="centre_decision",
                                   reference="321/QĐ-TTg", dated_on=D(2022, 4, 1), granted_item_ids=[first.pk])
    for kind, reference in (("party_opinion", "125-CV/TU"), ("submission", "45/TTr-UBND")):
        services.route_step_record(by=office, nomination=nomination, kind=kind, reference=reference,
                                   dated_on=D(2022, 2, 1))
    move(nomination, "sent_to_centre", by=office)
    assert not Award.objects.filter(nomination_item__nomination=nomination).exists()
    step = services.route_step_record(by=office, nomination=nomination, kind="centre_decision",
                                      reference="321/QĐ-TTg", dated_on=D(2022, 4, 1), issuer="Thủ tướng Chính phủ",
                                      granted_item_ids=[first.pk])
    awards = list(Award.objects.filter(nomination_item__nomination=nomination))
    assert [(a.nomination_item_id, a.decision_reference, a.recipient_name, a.year, a.award_type.code)
            for a in awards] == [(first.pk, "321/QĐ-TTg", "Trần Văn Bình", YEAR, "BK_TTG_CN")]
    assert not Award.objects.filter(nomination_item=second).exists()
    nomination.refresh_from_db()
    assert nomination.status == "decided"
    assert last_event("awards.nomination.step_recorded").data == {
        "step": step.pk, "kind": "centre_decision", "reference": "321/QĐ-TTg", "dated_on": "2022-04-01",
        "awards": [awards[0].pk]}


def test_only_a_proposal_to_the_centre_has_steps_and_only_the_office_records_them(province, units):
    top, _sub = units
    office = province.user("vanphong")
    nomination = dossier(top)
    nominate(nomination, "BK_CN", person=new_person("Trần Văn Bình", top))
    appraised(nomination, office, by=office)
    move(nomination, "approved", by=office)
    with pytest.raises(ValidationError):
        services.route_step_record(by=office, nomination=nomination, kind="submission", reference="45/TTr-UBND",
                                   dated_on=D(2022, 2, 1))
    with pytest.raises(ValidationError):
        move(nomination, "sent_to_centre", by=office)
    with pytest.raises(PermissionDenied):
        services.route_step_record(by=province.user("hiephoa"), nomination=nomination, kind="submission",
                                   reference="45/TTr-UBND", dated_on=D(2022, 2, 1))
