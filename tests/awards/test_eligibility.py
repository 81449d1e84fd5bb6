"""Eligibility rules, one table per rule kind: a history that passes and histories that fail, with the explanation
each gives. Consecutive years follow a person across units and a unit across a merger; quotas at their boundary;
one achievement earns one award; the cluster vote for the Cờ thi đua; the rules' numbers are data; and the check
runs in a fixed number of queries, whatever the number of nominees."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests.awards.conftest import (  # noqa: F401 (english: a fixture)
    YEAR,
    award_type,
    check,
    dossier,
    english,
    grant,
    move,
    new_person,
    new_unit,
    nominate,
    passes,
    rate,
    result,
    rule_of,
    unit_year,
)
from thidua.awards import eligibility, services, tallies
from thidua.awards.models import EligibilityRule, NominationItem
from thidua.evaluation import services as evaluation_services
from thidua.evaluation.enums import AwardQuota
from thidua.evaluation.models import VotingRound
from thidua.org import services as org_services

pytestmark = pytest.mark.usefixtures("english")

EXCELLENT = "Completed tasks excellently"
GOOD = "Completed tasks well"


@dataclass(frozen=True)
class Case:
    """A history (``setup(world)``), the nominee's award type, and the rule's expected verdict and explanation."""

    setup: Callable
    passed: bool
    explanation: str


class World:
    """Two units and a person in the first, made fresh for each case."""

    def __init__(self):
        self.unit = new_unit("DV-A", "Sở Thử nghiệm A")
        self.other = new_unit("DV-B", "Sở Thử nghiệm B")
        self.person = new_person("Nguyễn Thị Hạnh", self.unit)


def run_case(case: Case, code: str, rule: str, *, collective: bool = False) -> tuple[bool, str]:
    world = World()
    case.setup(world)
    if collective:
        verdict = check(code, unit=world.unit)
    else:
        verdict = check(code, person=world.person, unit=world.unit, proposing=world.unit)
    return result(verdict, rule)


def nothing(w: World) -> None:
    pass


# ── prerequisite: CSTĐ cơ sở needs LĐTT in the same year ─────────────────────────────────────────────────────

HOLDS_LDTT = "Holds Lao động tiên tiến or Chiến sĩ tiên tiến in 2021."
NO_LDTT = "Does not hold Lao động tiên tiến or Chiến sĩ tiên tiến in 2021, in the registry or in this dossier."

PREREQUISITE = {
    "ldtt-same-year": Case(lambda w: grant("LDTT", YEAR, person=w.person), True,
                           HOLDS_LDTT),
    "ldtt-year-before-only": Case(lambda w: grant("LDTT", YEAR - 1, person=w.person), False,
                                  NO_LDTT),
    "none": Case(nothing, False, NO_LDTT),
    "revoked": Case(lambda w: services.award_revoke(by=None, award=grant("LDTT", YEAR, person=w.person),
                                                    reason="Kê khai không trung thực"), False,
                    NO_LDTT),
    "someone-else": Case(lambda w: grant("LDTT", YEAR, person=new_person("Trần Văn Khác", w.unit)), False,
                         NO_LDTT),
}


@pytest.mark.parametrize("name", PREREQUISITE)
def test_prerequisite(province, name):
    case = PREREQUISITE[name]
    assert run_case(case, "CSTD_CS", "prerequisite") == (case.passed, case.explanation)


def test_prerequisite_asked_for_in_the_same_dossier_counts(province):
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    person = new_person("Nguyễn Thị Hạnh", unit)
    nomination = dossier(unit)
    nominate(nomination, "LDTT", person=person)
    item = nominate(nomination, "CSTD_CS", person=person)
    verdicts = eligibility.evaluate(services.nominees_of(nomination))
    assert result(verdicts[item.pk], "prerequisite") == (True, HOLDS_LDTT)


# ── consecutive: CSTĐ cấp tỉnh needs CSTĐ cơ sở three years running ──────────────────────────────────────────

def cstd_cs(*years):
    return lambda w: [grant("CSTD_CS", y, person=w.person) for y in years]


CONSECUTIVE = {
    "three-years": Case(cstd_cs(2019, 2020, 2021), True,
                        "Holds Chiến sĩ thi đua cơ sở in each of the 3 consecutive years 2019–2021."),
    "gap": Case(cstd_cs(2018, 2019, 2021), False,
                "Needs Chiến sĩ thi đua cơ sở in each of the 3 consecutive years 2019–2021; missing: 2020."),
    "ends-a-year-early": Case(cstd_cs(2018, 2019, 2020), False,
                              "Needs Chiến sĩ thi đua cơ sở in each of the 3 consecutive years 2019–2021; "
                              "missing: 2021."),
    "none": Case(nothing, False, "Needs Chiến sĩ thi đua cơ sở in each of the 3 consecutive years 2019–2021; "
                                 "missing: 2019, 2020, 2021."),
    "ldtt-is-not-cstd": Case(lambda w: [grant("LDTT", y, person=w.person) for y in (2019, 2020, 2021)], False,
                             "Needs Chiến sĩ thi đua cơ sở in each of the 3 consecutive years 2019–2021; "
                             "missing: 2019, 2020, 2021."),
}


@pytest.mark.parametrize("name", CONSECUTIVE)
def test_consecutive(province, name):
    case = CONSECUTIVE[name]
    assert run_case(case, "CSTD_TINH", "consecutive") == (case.passed, case.explanation)


def test_consecutive_years_follow_a_person_who_moved_between_units(province):
    """CSTĐ cơ sở in 2019 at unit A, then in 2020 and 2021 at unit B after the move: three years running."""
    first, second = new_unit("DV-A", "Sở Thử nghiệm A"), new_unit("DV-B", "Sở Thử nghiệm B")
    person = new_person("Lê Thị Mai", first, since=datetime.date(2015, 1, 1))
    org_services.employment_record(by=None, person=person, unit=second, started_on=datetime.date(2020, 1, 1))
    grant("CSTD_CS", 2019, person=person, unit=first)
    grant("CSTD_CS", 2020, person=person, unit=second)
    grant("CSTD_CS", 2021, person=person, unit=second)
    verdict = check("CSTD_TINH", person=person, unit=second, proposing=second)
    assert result(verdict, "consecutive") == (
        True, "Holds Chiến sĩ thi đua cơ sở in each of the 3 consecutive years 2019–2021.")
    # Someone else who stayed in unit A has only the 2019 title there: the move is what carries the history.
    stayed = new_person("Lê Văn Ở", first, since=datetime.date(2015, 1, 1))
    grant("CSTD_CS", 2019, person=stayed, unit=first)
    assert result(check("CSTD_TINH", person=stayed, unit=first, proposing=first), "consecutive") == (
        False, "Needs Chiến sĩ thi đua cơ sở in each of the 3 consecutive years 2019–2021; missing: 2020, 2021.")


@pytest.fixture
def merged(province):
    """Huyện Cũ merged into Huyện Mới on 1/1/2021 (Huyện Mới existed before and takes its history)."""
    old = new_unit("H-CU", "UBND huyện Cũ", kind="locality")
    new = new_unit("H-MOI", "UBND huyện Mới", kind="locality")
    org_services.lineage_record(by=None, kind="merge", source=old, target=new,
                                effective_on=datetime.date(2021, 1, 1), decision_reference="01/NQ-UBTVQH")
    return old, new


def test_consecutive_years_follow_a_unit_across_a_merger(province, merged):
    """A Cờ thi đua rule asking TTLĐXS in the 2 years before: the predecessor's 2019 and 2020 titles count."""
    old, new = merged
    EligibilityRule.objects.create(award_type=award_type("CO_TINH"), kind="consecutive", legal_basis="Thử nghiệm",
                                   params={"codes": ["TTLDXS"], "years": 2, "include_current": False})
    grant("TTLDXS", 2019, unit=old)
    grant("TTLDXS", 2020, unit=old)
    assert result(check("CO_TINH", unit=new), "consecutive") == (
        True, "Holds Tập thể lao động xuất sắc in each of the 2 consecutive years 2019–2020.")
    # A unit that is no successor of Huyện Cũ does not inherit its titles.
    stranger = new_unit("H-KHAC", "UBND huyện Khác", kind="locality")
    assert result(check("CO_TINH", unit=stranger), "consecutive") == (
        False, "Needs Tập thể lao động xuất sắc in each of the 2 consecutive years 2019–2020; missing: 2019, 2020.")


def test_ratings_follow_a_unit_across_a_merger(province, merged):
    """Bằng khen (tập thể) needs two excellent years: the predecessor's 2020 rating and the successor's 2021."""
    old, new = merged
    unit_year(old, 2020, rating="excellent")
    unit_year(new, 2021, rating="excellent")
    assert result(check("BK_TT", unit=new), "rating") == (
        True, f"Rated 2020: {EXCELLENT}; 2021: {EXCELLENT} (needs at least “{EXCELLENT}” in 2020–2021).")
    stranger = new_unit("H-KHAC", "UBND huyện Khác", kind="locality")
    unit_year(stranger, 2021, rating="excellent")
    assert result(check("BK_TT", unit=stranger), "rating") == (
        False, f"Not eligible: no rating on record for 2020 (needs at least “{EXCELLENT}” in 2020–2021).")


# ── rating: Bằng khen (cá nhân) needs two excellent years; LĐTT at least good ────────────────────────────────

RATING_BK = {
    "two-excellent": Case(lambda w: rate(w.person, w.unit, [2020, 2021]), True,
                          f"Rated 2020: {EXCELLENT}; 2021: {EXCELLENT} (needs at least “{EXCELLENT}” in 2020–2021)."),
    "good-year-before": Case(lambda w: (rate(w.person, w.unit, [2020], "good"), rate(w.person, w.unit, [2021])),
                             False, f"Not eligible: rated 2020: {GOOD} (needs at least “{EXCELLENT}” in 2020–2021)."),
    "missing-year": Case(lambda w: rate(w.person, w.unit, [2021]), False,
                         f"Not eligible: no rating on record for 2020 (needs at least “{EXCELLENT}” in 2020–2021)."),
    "both-wrong": Case(lambda w: rate(w.person, w.unit, [2021], "completed"), False,
                       "Not eligible: rated 2021: Completed tasks; no rating on record for 2020 "
                       f"(needs at least “{EXCELLENT}” in 2020–2021)."),
}


@pytest.mark.parametrize("name", RATING_BK)
def test_rating_two_years(province, name):
    case = RATING_BK[name]
    assert run_case(case, "BK_CN", "rating") == (case.passed, case.explanation)


RATING_LDTT = {
    "excellent": Case(lambda w: rate(w.person, w.unit, [2021]), True,
                      f"Rated 2021: {EXCELLENT} (needs at least “{GOOD}” in 2021)."),
    "good": Case(lambda w: rate(w.person, w.unit, [2021], "good"), True,
                 f"Rated 2021: {GOOD} (needs at least “{GOOD}” in 2021)."),
    "completed": Case(lambda w: rate(w.person, w.unit, [2021], "completed"), False,
                      f"Not eligible: rated 2021: Completed tasks (needs at least “{GOOD}” in 2021)."),
    "not-completed": Case(lambda w: rate(w.person, w.unit, [2021], "not_completed"), False,
                          f"Not eligible: rated 2021: Did not complete tasks (needs at least “{GOOD}” in 2021)."),
}


@pytest.mark.parametrize("name", RATING_LDTT)
def test_rating_at_least_good(province, name):
    case = RATING_LDTT[name]
    assert run_case(case, "LDTT", "rating") == (case.passed, case.explanation)


# ── initiative: CSTĐ cấp tỉnh needs one at provincial level within 3 years ───────────────────────────────────

def initiative(year: int, level: str, title: str = "Số hóa hồ sơ thi đua"):
    return lambda w: services.initiative_record(by=None, person=w.person, year=year, title=title, level=level)


#: CSTĐ cấp tỉnh counts an initiative or a research topic with province-wide effect (Luật 2003 Điều 22 khoản 1).
NO_PROVINCE_INITIATIVE = ("Needs 1 initiative or scientific research topic recognised at province level or higher in "
                          "2019–2021; found 0.")

INITIATIVE = {
    "province-2019": Case(initiative(2019, "province"), True,
                          "Recognised: “Số hóa hồ sơ thi đua” (initiative, province level, 2019)."),
    "national-2021": Case(initiative(2021, "national"), True,
                          "Recognised: “Số hóa hồ sơ thi đua” (initiative, national level, 2021)."),
    "grassroots-only": Case(initiative(2021, "grassroots"), False,
                            NO_PROVINCE_INITIATIVE),
    "too-old": Case(initiative(2018, "province"), False,
                    NO_PROVINCE_INITIATIVE),
    "none": Case(nothing, False, NO_PROVINCE_INITIATIVE),
}


@pytest.mark.parametrize("name", INITIATIVE)
def test_initiative(province, name):
    case = INITIATIVE[name]
    assert run_case(case, "CSTD_TINH", "initiative") == (case.passed, case.explanation)


# ── discipline: Bằng khen (cá nhân) needs none in two years ──────────────────────────────────────────────────

def disciplined(year: int, measure: str):
    return lambda w: services.discipline_record(by=None, person=w.person, year=year, measure=measure,
                                                decision_reference=f"{year}/QĐ-KL")


DISCIPLINE = {
    "none": Case(nothing, True, "No disciplinary measure in 2020–2021."),
    "before-the-window": Case(disciplined(2019, "warning"), True, "No disciplinary measure in 2020–2021."),
    "reprimand-this-year": Case(disciplined(2021, "reprimand"), False,
                                "Disciplined: reprimand (2021, in effect until 31/12/2021)."),
    "warning-last-year": Case(disciplined(2020, "warning"), False,
                              "Disciplined: warning (2020, in effect until 31/12/2020)."),
}


@pytest.mark.parametrize("name", DISCIPLINE)
def test_discipline(province, name):
    case = DISCIPLINE[name]
    assert run_case(case, "BK_CN", "discipline") == (case.passed, case.explanation)


# ── quota: CSTĐ cơ sở at most 15 % of the unit's LĐTT, rounded down ──────────────────────────────────────────

def quota_dossier(advanced: int | None, nominees: int, *, awarded: int = 0, ldtt_awards: int = 0):
    """A unit with ``advanced`` LĐTT on record (None: no figures), ``awarded`` CSTĐ cơ sở already in the registry
    and ``ldtt_awards`` LĐTT; a dossier with ``nominees`` people for CSTĐ cơ sở. The quota results per item."""
    unit = new_unit("DV-Q", "Sở Hạn mức")
    if advanced is not None:
        unit_year(unit, YEAR, members=40, completed=40, advanced=advanced)
    for number in range(awarded):
        grant("CSTD_CS", YEAR, person=new_person(f"Người đã khen {number}", unit), unit=unit)
    for number in range(ldtt_awards):
        grant("LDTT", YEAR, person=new_person(f"Người LĐTT {number}", unit), unit=unit)
    nomination = dossier(unit)
    for number in range(nominees):
        nominate(nomination, "CSTD_CS", person=new_person(f"Người đề nghị {number}", unit))
    verdicts = eligibility.evaluate(services.nominees_of(nomination))
    return [result(verdict, "quota") for verdict in verdicts.values()]


def quota_text(base: int, cap: int, claimed: int) -> str:
    return (f"The unit has {base} × Lao động tiên tiến in 2021, so at most 15\u00a0% = {cap} × Chiến sĩ thi đua cơ sở; "
            f"awarded and proposed: {claimed}.")


@pytest.mark.parametrize(("advanced", "nominees", "awarded", "passed", "text"), [
    (20, 3, 0, True, quota_text(20, 3, 3)),    # 15 % of 20 = 3: three pass
    (20, 4, 0, False, quota_text(20, 3, 4)),   # the fourth makes every one of them fail
    (19, 2, 0, True, quota_text(19, 2, 2)),    # 15 % of 19 = 2.85, rounded down to 2
    (19, 3, 0, False, quota_text(19, 2, 3)),
    (20, 1, 2, True, quota_text(20, 3, 3)),    # two already awarded count against the quota
    (20, 2, 2, False, quota_text(20, 3, 4)),
    (6, 1, 0, False, quota_text(6, 0, 1)),     # 15 % of 6 = 0.9: none
])
def test_quota_at_the_boundary(province, advanced, nominees, awarded, passed, text):
    assert quota_dossier(advanced, nominees, awarded=awarded) == [(passed, text)] * nominees


def test_quota_without_figures_counts_the_units_ldtt_awards(province):
    """No yearly figures on record: the base is the LĐTT awarded in the unit that year (7 → 15 % = 1)."""
    assert quota_dossier(None, 1, ldtt_awards=7) == [(True, quota_text(7, 1, 1))]


def test_quota_of_a_what_if_nominee_counts_the_nominee(province):
    """Three CSTĐ cơ sở already awarded out of 20 LĐTT: a fourth person checked outside any dossier fails."""
    unit = new_unit("DV-Q", "Sở Hạn mức")
    unit_year(unit, YEAR, members=40, advanced=20)
    for number in range(3):
        grant("CSTD_CS", YEAR, person=new_person(f"Người đã khen {number}", unit), unit=unit)
    fourth = new_person("Người thứ tư", unit)
    assert result(check("CSTD_CS", person=fourth, unit=unit, proposing=unit), "quota") == (
        False, quota_text(20, 3, 4))


def test_quota_of_a_decided_dossier_counts_each_award_once(province):
    """Re-checking an awarded item: its own award is the claim, not a second one."""
    from thidua.awards.models import Award

    unit = new_unit("DV-Q", "Sở Hạn mức")
    unit_year(unit, YEAR, members=40, advanced=20)
    nomination = dossier(unit)
    items = [nominate(nomination, "CSTD_CS", person=new_person(f"Người đề nghị {n}", unit)) for n in range(3)]
    for item in items:
        Award.objects.create(award_type=item.award_type, person=item.person, unit=unit, year=YEAR,
                             nomination_item=item, recipient_name=item.person.full_name)
    tallies.rebuild()  # written around the services
    verdicts = eligibility.evaluate(services.nominees_of(nomination))
    assert [result(verdicts[item.pk], "quota") for item in items] == [(True, quota_text(20, 3, 3))] * 3


def test_quota_counts_other_sent_dossiers_of_the_unit(province):
    unit = new_unit("DV-Q", "Sở Hạn mức")
    unit_year(unit, YEAR, members=40, completed=40, advanced=20)
    sent = dossier(unit)
    for number in range(3):
        nominate(sent, "CSTD_CS", person=new_person(f"Người gửi trước {number}", unit))
    move(sent, "submitted", confirm_failures=True)  # they hold no LĐTT: sent anyway, they still claim the quota
    draft = dossier(unit)
    item = nominate(draft, "CSTD_CS", person=new_person("Người đề nghị sau", unit))
    verdict = eligibility.evaluate(services.nominees_of(draft))[item.pk]
    assert result(verdict, "quota") == (False, quota_text(20, 3, 4))


def test_quota_percent_is_configurable(province):
    rule = rule_of("CSTD_CS", "quota")
    rule.params = {"of": "LDTT", "percent": 20}
    rule.save()
    assert quota_dossier(20, 4) == [(True, "The unit has 20 × Lao động tiên tiến in 2021, so at most 20\u00a0% = 4 × "
                                           "Chiến sĩ thi đua cơ sở; awarded and proposed: 4.")] * 4


# ── one achievement, one award ───────────────────────────────────────────────────────────────────────────────

ONE_AWARD_BK = {
    "giay-khen-same-year": Case(lambda w: grant("GK_CN", YEAR, person=w.person, reference="15/QĐ-UBND"), False,
                                "Already awarded Giấy khen (cá nhân) for 2021 (decision 15/QĐ-UBND)."),
    "same-form-twice": Case(lambda w: grant("BK_CN", YEAR, person=w.person, reference="16/QĐ-UBND"), False,
                            "Already awarded Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (cá nhân) for 2021 "
                            "(decision 16/QĐ-UBND)."),
    "title-and-form": Case(lambda w: grant("LDTT", YEAR, person=w.person), True,
                           "No other award or proposal for the same achievement in 2021."),
    "giay-khen-other-year": Case(lambda w: grant("GK_CN", YEAR - 1, person=w.person), True,
                                 "No other award or proposal for the same achievement in 2021."),
    "giay-khen-for-a-campaign": Case(lambda w: grant("GK_CN", YEAR, person=w.person, kind="campaign"), True,
                                     "No other award or proposal for the same achievement in 2021."),
    "revoked-giay-khen": Case(lambda w: services.award_revoke(by=None, award=grant("GK_CN", YEAR, person=w.person),
                                                              reason="Kê khai không trung thực"), True,
                              "No other award or proposal for the same achievement in 2021."),
}


@pytest.mark.parametrize("name", ONE_AWARD_BK)
def test_one_award(province, name):
    case = ONE_AWARD_BK[name]
    assert run_case(case, "BK_CN", "one_award") == (case.passed, case.explanation)


def test_same_title_twice_clashes(province):
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    person = new_person("Nguyễn Thị Hạnh", unit)
    grant("LDTT", YEAR, person=person, reference="20/QĐ-SNV")
    assert result(check("LDTT", person=person, unit=unit, proposing=unit), "one_award") == (
        False, "Already awarded Lao động tiên tiến for 2021 (decision 20/QĐ-SNV).")


def test_a_giay_khen_sent_to_the_head_and_a_bang_khen_to_the_province_clash_a_title_does_not(province):
    """The Giấy khen and the LĐTT go to the unit's head, the Bằng khen to the province (separate dossiers since
    issue 12): the same achievement proposed for two forms still clashes, across the dossiers."""
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    person = new_person("Nguyễn Thị Hạnh", unit)
    own = dossier(unit)
    ldtt = nominate(own, "LDTT", person=person)
    giay_khen = nominate(own, "GK_CN", person=person)
    move(own, "submitted", confirm_failures=True)
    to_province = dossier(unit)
    bang_khen = nominate(to_province, "BK_CN", person=person)
    verdicts = {**eligibility.evaluate(services.nominees_of(own)),
                **eligibility.evaluate(services.nominees_of(to_province))}
    assert result(verdicts[ldtt.pk], "one_award") == (
        True, "No other award or proposal for the same achievement in 2021.")
    # The Bằng khen is a draft: no claim yet against the Giấy khen; the Giấy khen, sent, is one against it.
    assert result(verdicts[giay_khen.pk], "one_award") == (
        True, "No other award or proposal for the same achievement in 2021.")
    assert result(verdicts[bang_khen.pk], "one_award") == (
        False, f"Also proposed for Giấy khen (cá nhân) for 2021 in dossier #{own.pk}.")


def test_same_title_in_two_open_dossiers_clashes(province):
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    person = new_person("Nguyễn Thị Hạnh", unit)
    first = dossier(unit)
    nominate(first, "LDTT", person=person)
    move(first, "submitted", confirm_failures=True)  # no rating on record yet: sent anyway, it is a claim
    second = dossier(unit)
    item = nominate(second, "LDTT", person=person)
    verdict = eligibility.evaluate(services.nominees_of(second))[item.pk]
    assert result(verdict, "one_award") == (
        False, f"Also proposed for Lao động tiên tiến for 2021 in dossier #{first.pk}.")
    assert verdict.eligible is False


def test_a_draft_elsewhere_is_no_claim(province):
    """Only dossiers the unit has sent claim an achievement; another draft does not block this one."""
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    person = new_person("Nguyễn Thị Hạnh", unit)
    nominate(dossier(unit), "LDTT", person=person)
    second = dossier(unit)
    item = nominate(second, "LDTT", person=person)
    verdict = eligibility.evaluate(services.nominees_of(second))[item.pk]
    assert result(verdict, "one_award") == (True, "No other award or proposal for the same achievement in 2021.")


# ── the cluster vote for the Cờ thi đua ──────────────────────────────────────────────────────────────────────

@pytest.fixture
def flag_vote(province):
    """A closed emulation-flag vote in Cụm 1 (5 member units, 70 % threshold, 50 % quorum): 4 of the 5 members
    chose Yên Thế; ``flag_vote(votes)`` casts that many ballots for Yên Thế (the rest empty)."""
    from tests.evaluation.builders import clerk

    def _vote(for_yen_the: int = 4, *, close: bool = True) -> VotingRound:
        now = timezone.now()
        voting_round = evaluation_services.round_create(
            by=None, campaign=province.campaign(), cluster=province.cluster("Cụm thi đua số 1"),
            question="Suy tôn Cờ thi đua Cụm 1", candidates=[province.unit_ids["H-YT"], province.unit_ids["H-TY"]],
            threshold_percent="70", quorum_percent="50", opens_at=now - datetime.timedelta(hours=2),
            closes_at=now + datetime.timedelta(hours=2), award=AwardQuota.EMULATION_FLAG)
        voters = [province.user("hiephoa"), province.user("yenthe"), clerk(province, "H-TY"),
                  clerk(province, "H-VY"), clerk(province, "TP-BG")]
        for number, voter in enumerate(voters):
            chosen = [province.unit_ids["H-YT"]] if number < for_yen_the else []
            evaluation_services.ballot_cast(by=voter, voting_round=voting_round, choices=chosen)
        if close:
            VotingRound.objects.filter(pk=voting_round.pk).update(closes_at=now - datetime.timedelta(minutes=1))
        return voting_round

    return _vote


@pytest.mark.parametrize(("votes", "code", "close", "passed", "text"), [
    (4, "H-YT", True, True, "Passed the vote “Suy tôn Cờ thi đua Cụm 1” with 4 of 5 votes."),
    (4, "H-TY", True, False, "Did not pass a closed emulation-flag vote of its cluster or block in 2021."),
    (3, "H-YT", True, False, "Did not pass a closed emulation-flag vote of its cluster or block in 2021."),
    (4, "H-YT", False, False, "Did not pass a closed emulation-flag vote of its cluster or block in 2021."),
])
def test_cluster_vote(province, flag_vote, votes, code, close, passed, text):
    """70 % of 5 members is 3.5: four votes pass, three do not; an open vote does not count yet."""
    flag_vote(votes, close=close)
    assert result(check("CO_TINH", unit=province.unit(code)), "cluster_vote") == (passed, text)


def test_cluster_vote_of_a_predecessor_counts_for_its_successor(province, flag_vote):
    flag_vote(4)
    successor = new_unit("H-MOI", "UBND huyện Mới", kind="locality")
    org_services.lineage_record(by=None, kind="merge", source=province.unit("H-YT"), target=successor,
                                effective_on=datetime.date(2021, 12, 1))
    assert result(check("CO_TINH", unit=successor), "cluster_vote") == (
        True, "Passed the vote “Suy tôn Cờ thi đua Cụm 1” with 4 of 5 votes.")


# ── the collective's figures ─────────────────────────────────────────────────────────────────────────────────

#: Luật 2003 Điều 28 khoản 2 điểm c: MORE than 50 % of the members are LĐTT (exactly half is not enough).
UNIT_SHARE = {
    "more-than-half": Case(lambda w: unit_year(w.unit, YEAR, members=20, advanced=11), True,
                           "11 of 20 members are advanced workers (LĐTT) (55\u00a0%; more than 50\u00a0% needed)."),
    "half": Case(lambda w: unit_year(w.unit, YEAR, members=20, advanced=10), False,
                 "10 of 20 members are advanced workers (LĐTT) (50\u00a0%; more than 50\u00a0% needed)."),
    "one-short": Case(lambda w: unit_year(w.unit, YEAR, members=20, advanced=9), False,
                      "9 of 20 members are advanced workers (LĐTT) (45\u00a0%; more than 50\u00a0% needed)."),
    "a-third": Case(lambda w: unit_year(w.unit, YEAR, members=3, advanced=1), False,
                    "1 of 3 members are advanced workers (LĐTT) (33,3\u00a0%; more than 50\u00a0% needed)."),
    "last-year-only": Case(lambda w: unit_year(w.unit, YEAR - 1, members=20, advanced=20), False,
                           "No figures on record for the collective in 2021."),
}


@pytest.mark.parametrize("name", UNIT_SHARE)
def test_unit_share(province, name):
    case = UNIT_SHARE[name]
    assert run_case(case, "TTLDTT", "unit_share", collective=True) == (case.passed, case.explanation)


UNIT_DISCIPLINE = {
    "none": Case(lambda w: unit_year(w.unit, YEAR), True,
                 "No member disciplined more heavily than reprimand in 2021."),
    "reprimand": Case(lambda w: unit_year(w.unit, YEAR, worst="reprimand"), True,
                      "No member disciplined more heavily than reprimand in 2021."),
    "warning": Case(lambda w: unit_year(w.unit, YEAR, worst="warning"), False,
                    "A member was disciplined (warning) in 2021."),
    "no-figures": Case(nothing, False, "No figures on record for the collective in 2021."),
}


@pytest.mark.parametrize("name", UNIT_DISCIPLINE)
def test_unit_discipline(province, name):
    case = UNIT_DISCIPLINE[name]
    assert run_case(case, "TTLDTT", "unit_discipline", collective=True) == (case.passed, case.explanation)


# ── whole verdicts, recipients, configuration, Vietnamese ────────────────────────────────────────────────────

def test_verdict_lists_every_rule_in_order_and_is_eligible_only_when_all_pass(province):
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    person = new_person("Nguyễn Thị Hạnh", unit)
    unit_year(unit, YEAR, advanced=20)
    rate(person, unit, [YEAR])
    grant("LDTT", YEAR, person=person)
    verdict = check("CSTD_CS", person=person, unit=unit, proposing=unit)
    # 2021 is judged under the 2003 law: LĐTT and an initiative (or research topic), within NĐ 91's 15 % quota.
    assert verdict.regime.code == "luat-2003-nd91"
    assert [node.code for node in verdict.tree] == ["ldtt-standard", "initiative-or-research", "quota-15",
                                                   "one-award"]
    assert (verdict.eligible, [r.code for r in verdict.failed]) == (False, ["initiative", "research"])
    services.initiative_record(by=None, person=person, year=YEAR, title="Cải tiến quy trình", level="grassroots")
    verdict = check("CSTD_CS", person=person, unit=unit, proposing=unit)
    assert (verdict.eligible, verdict.failed, [node.passed for node in verdict.tree]) == (True, [], [True] * 4)
    # The research alternative is not met, but the initiative is: the group passes and says why.
    assert [(r.code, r.passed) for r in verdict.rules] == [
        ("ldtt-held", True), ("rating", True), ("no-discipline", True), ("service-10-months", True),
        ("initiative", True), ("research", False), ("quota-15", True), ("one-award", True)]
    assert verdict.tree[1].explanation == (
        "Met because it satisfies: Khoản 2 Điều 23 Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2005, 2013).")


def test_a_title_for_people_is_refused_to_a_collective(province):
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    verdict = check("LDTT", unit=unit)
    assert (verdict.eligible, verdict.rules[0].rule, verdict.rules[0].explanation) == (
        False, "recipient", "Lao động tiên tiến is not awarded to this kind of recipient.")


def test_rating_years_are_configurable(province):
    """Bằng khen asks two excellent years; set to one, the same history passes; inactive, the rule is gone."""
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    person = new_person("Nguyễn Thị Hạnh", unit)
    rate(person, unit, [YEAR])
    assert result(check("BK_CN", person=person, unit=unit), "rating")[0] is False
    rule = rule_of("BK_CN", "rating")
    rule.params = {"min": "excellent", "years": 1}
    rule.save()
    assert result(check("BK_CN", person=person, unit=unit), "rating") == (
        True, f"Rated 2021: {EXCELLENT} (needs at least “{EXCELLENT}” in 2021).")
    rule.active = False
    rule.save()
    assert "rating" not in passes(check("BK_CN", person=person, unit=unit))


def test_consecutive_years_are_configurable(province):
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    person = new_person("Nguyễn Thị Hạnh", unit)
    grant("CSTD_CS", 2020, person=person)
    grant("CSTD_CS", 2021, person=person)
    assert result(check("CSTD_TINH", person=person, unit=unit), "consecutive")[0] is False
    rule = rule_of("CSTD_TINH", "consecutive")
    rule.params = {**rule.params, "years": 2}
    rule.save()
    assert result(check("CSTD_TINH", person=person, unit=unit), "consecutive") == (
        True, "Holds Chiến sĩ thi đua cơ sở in each of the 2 consecutive years 2020–2021.")


def test_discipline_ceiling_is_configurable(province):
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    person = new_person("Nguyễn Thị Hạnh", unit)
    services.discipline_record(by=None, person=person, year=YEAR, measure="reprimand")
    assert result(check("LDTT", person=person, unit=unit), "discipline") == (
        False, "Disciplined: reprimand (2021, in effect until 31/12/2021).")
    rule = rule_of("LDTT", "discipline")
    rule.params = {"max": "reprimand", "years": 1}
    rule.save()
    assert result(check("LDTT", person=person, unit=unit), "discipline") == (
        True, "No disciplinary measure heavier than reprimand in 2021.")


def test_unit_share_percent_is_configurable(province):
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    unit_year(unit, YEAR, members=20, advanced=9)
    rule = rule_of("TTLDTT", "unit_share")
    rule.params = {"field": "advanced_workers", "percent": 45}
    rule.save()
    assert result(check("TTLDTT", unit=unit), "unit_share") == (
        True, "9 of 20 members are advanced workers (LĐTT) (45\u00a0%; at least 45\u00a0% needed).")


def test_explanations_in_vietnamese_carry_the_years_and_counts(province):
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    person = new_person("Nguyễn Thị Hạnh", unit)
    grant("CSTD_CS", 2019, person=person)
    grant("CSTD_CS", 2021, person=person)
    unit_year(unit, YEAR, advanced=20)
    with translation.override("vi"):
        consecutive = result(check("CSTD_TINH", person=person, unit=unit), "consecutive")
        quota = result(check("CSTD_CS", person=person, unit=unit, proposing=unit), "quota")
        title = check("CSTD_TINH", person=person, unit=unit).rules[0].title
    assert consecutive[0] is False
    for expected in ("Chiến sĩ thi đua cơ sở", "3", "2019–2021", "2020"):
        assert expected in consecutive[1]
    assert quota[0] is True
    for expected in ("20", "15", "3", "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "2021"):
        assert expected in quota[1]
    with translation.override("en"):
        english_title = check("CSTD_TINH", person=person, unit=unit).rules[0].title
    # A rule's title is its label in the catalog: data written in Vietnamese, the same in every UI language.
    assert english_title == title == "03 lần liên tục Chiến sĩ thi đua cơ sở"


@pytest.mark.parametrize(("kind", "params"), [
    ("rating", {"min": "xuất sắc", "years": 1}),
    ("rating", {"min": "good", "years": "hai"}),
    ("rating", {"min": "good", "years": -1}),
    ("rating", ["good"]),
    ("discipline", {"max": "beating", "years": 1}),
    ("consecutive", {"codes": "LDTT", "years": 0}),
    ("quota", {"of": "LDTT", "percent": "nhiều"}),
    ("quota", {"of": "LDTT", "percent": 150}),
    ("unit_share", {"field": "members", "percent": 50}),
    ("no_such_kind", {}),
])
def test_a_mistyped_rule_fails_with_an_explanation_instead_of_breaking(province, kind, params):
    """The office edits rules as data; a typo makes that rule fail, explained, and leaves the others working."""
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    person = new_person("Nguyễn Thị Hạnh", unit)
    rate(person, unit, [YEAR], "good")
    unit_year(unit, YEAR)
    collective = kind == "unit_share"
    EligibilityRule.objects.create(award_type=award_type("TTLDTT" if collective else "LDTT"), kind=kind,
                                   params=params, legal_basis="Thử nghiệm", order=99)
    verdict = check("TTLDTT", unit=unit) if collective else check("LDTT", person=person, unit=unit)
    last = verdict.rules[-1]
    assert (verdict.eligible, last.rule, last.passed) == (False, kind, False)
    assert last.explanation.startswith(f"The rule is not set up correctly (kind {kind}, parameters ")
    assert all(r.passed for r in verdict.rules[:-1])


# ── a fixed number of queries ────────────────────────────────────────────────────────────────────────────────

def queries_for(province, how_many: int) -> int:
    """Queries of one evaluate() over ``how_many`` people (each with history) and as many collectives."""
    unit = new_unit(f"DV-{how_many}", f"Sở Đo {how_many}")
    unit_year(unit, YEAR, advanced=20)
    nominees = []
    for number in range(how_many):
        person = new_person(f"Người đo {how_many}-{number}", unit)
        rate(person, unit, [YEAR - 1, YEAR])
        grant("CSTD_CS", YEAR - 1, person=person)
        services.initiative_record(by=None, person=person, year=YEAR, title="Sáng kiến", level="province")
        nominees.append(eligibility.Nominee(key=("p", number), award_type_id=award_type("CSTD_TINH").pk, year=YEAR,
                                            person_id=person.pk, unit_id=unit.pk, proposing_unit_id=unit.pk))
        nominees.append(eligibility.Nominee(key=("c", number), award_type_id=award_type("CSTD_CS").pk, year=YEAR,
                                            person_id=person.pk, unit_id=unit.pk, proposing_unit_id=unit.pk))
        collective = new_unit(f"DV-{how_many}-{number}", f"Phòng đo {number}")
        unit_year(collective, YEAR)
        nominees.append(eligibility.Nominee(key=("u", number), award_type_id=award_type("CO_TINH").pk, year=YEAR,
                                            unit_id=collective.pk, proposing_unit_id=unit.pk))
    with CaptureQueriesContext(connection) as captured:
        verdicts = eligibility.evaluate(nominees)
    assert len(verdicts) == 3 * how_many
    return len(captured)


def test_evaluate_runs_a_fixed_number_of_queries(province):
    assert queries_for(province, 5) == queries_for(province, 50)


def test_nothing_to_check_is_an_empty_answer(province):
    assert eligibility.evaluate([]) == {}


def test_items_of_a_sent_dossier_keep_their_stored_check(province):
    """Submission stores each item's check on the item (what the office saw)."""
    unit = new_unit("DV-A", "Sở Thử nghiệm A")
    person = new_person("Nguyễn Thị Hạnh", unit)
    rate(person, unit, [YEAR])
    nomination = dossier(unit)
    item = nominate(nomination, "LDTT", person=person)
    move(nomination, "submitted")
    item = NominationItem.objects.get(pk=item.pk)
    assert (item.eligible_by_rules, [(r["rule"], r["passed"]) for r in item.eligibility]) == (
        True, [("rating", True), ("discipline", True), ("service_months", True), ("one_award", True)])
