"""``province`` (the demo loaded once per module, each test rolled back) and small builders shared by the backend
tests of commendations: people with a job, units, facts (ratings, initiatives, discipline, a collective's year),
awards in the registry, dossiers moved along their path, and closed emulation-flag votes.

Builders act as the system (``by=None``) unless told otherwise, so a test states only what it is about.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from tests.support import _province_module, province  # noqa: F401
from thidua.awards import catalog, eligibility, services, tallies
from thidua.awards.models import Award, AwardType, EligibilityRule, Nomination, NominationItem
from thidua.core.models import AuditEvent
from thidua.org import services as org_services
from thidua.org.models import Person, Unit

#: The demo campaign's year; facts run over the years before it.
YEAR = 2021


@pytest.fixture(autouse=True)
def tallies_stay_right(request):
    """After every test on the demo province, the registry's tallies equal a recount of the awards: a writer that
    forgets them fails here, in whichever test it is used (``province`` is set up first, so this runs before its
    rollback)."""
    if "province" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("province")
    yield
    assert tallies.differences() == []


@pytest.fixture
def english():
    """Messages in English while the test runs (``usefixtures("english")``)."""
    with translation.override("en"):
        yield


def award_type(code: str) -> AwardType:
    return AwardType.objects.get(code=code)


def rule_of(code: str, kind: str, regime: str = "luat-2003-nd91") -> EligibilityRule:
    """The award type's one rule of that kind under a regime (by default the one the 2021 demo is judged under)."""
    return EligibilityRule.objects.get(award_type__code=code, kind=kind, regime__code=regime)


def catalog_terms(regime: str, code: str) -> dict:
    """What ``catalog.py`` (the seed of the database) says of an award type under a regime: legal basis, decided
    by, money coefficient and its rules as a tree of dicts."""
    return catalog.regime_terms()[regime][code]


def catalog_codes(regime: str) -> list[str]:
    """The codes of the award types a regime knows, in the catalog's order."""
    known = catalog.regime_terms()[regime]
    return [row[0] for row in catalog.AWARD_TYPES if row[0] in known]


def catalog_node(regime: str, code: str, node_code: str) -> dict:
    """The catalog's rule or group of that code in an award type's tree under a regime."""
    def walk(nodes):
        for node in nodes:
            yield node
            yield from walk(node.get("children", []))

    found = [n for n in walk(catalog_terms(regime, code)["rules"]) if n["code"] == node_code]
    assert len(found) == 1, (regime, code, node_code)
    return found[0]


def new_unit(code: str, name: str, kind: str = "department") -> Unit:
    return org_services.unit_create(by=None, code=code, name=name, kind=kind)


def new_person(full_name: str, unit: Unit, *, since: datetime.date = datetime.date(2010, 1, 1),
               birth: datetime.date | None = None) -> Person:
    """A person working in ``unit`` since ``since``."""
    person = org_services.person_create(by=None, full_name=full_name, date_of_birth=birth)
    org_services.employment_record(by=None, person=person, unit=unit, started_on=since)
    return person


def grant(code: str, year: int, *, person: Person | None = None, unit: Unit | None = None,
          kind: str = "merit", reference: str = "") -> Award:
    """An award entered into the registry (decided outside the system)."""
    return services.award_register(by=None, award_type=award_type(code), year=year, person=person, unit=unit,
                                   kind=kind, decision_reference=reference or f"{year}/QĐ-{code}")


def rate(person: Person, unit: Unit, years, rating: str = "excellent") -> None:
    for year in years:
        services.rating_record(by=None, person=person, unit=unit, year=year, rating=rating)


def unit_year(unit: Unit, year: int, *, members: int = 20, completed: int | None = None, advanced: int = 20,
              rating: str = "excellent", worst: str = ""):
    """A collective's figures (every member completed their tasks unless ``completed`` says otherwise)."""
    return services.unit_year_record(by=None, unit=unit, year=year, member_count=members,
                                     members_completed=members if completed is None else completed,
                                     advanced_workers=advanced, rating=rating,
                                     worst_discipline=worst)


def check(code: str, *, person: Person | None = None, unit: Unit | None = None, year: int = YEAR,
          proposing: Unit | None = None, kind: str = "merit", campaign_id: int | None = None,
          key: object = "x", on: datetime.date | None = None) -> eligibility.Verdict:
    """A what-if check of one nominee (no dossier). A commendation form is judged as if proposed on ``on``, by
    default on 15 January after its year (when a year's dossiers are sent)."""
    proposing = proposing or unit
    nominee = eligibility.Nominee(key=key, award_type_id=award_type(code).pk, year=year,
                                  person_id=person.pk if person else None, unit_id=unit.pk if unit else None,
                                  proposing_unit_id=proposing.pk if proposing else None, kind=kind,
                                  campaign_id=campaign_id, on=on or datetime.date(year + 1, 1, 15))
    return eligibility.evaluate([nominee])[key]


def result(verdict: eligibility.Verdict, rule: str) -> tuple[bool, str]:
    """``(passed, explanation)`` of the verdict's one rule of that kind."""
    found = [r for r in verdict.rules if r.rule == rule]
    assert len(found) == 1, [r.rule for r in verdict.rules]
    return found[0].passed, found[0].explanation


def passes(verdict: eligibility.Verdict) -> dict[str, bool]:
    """``{rule kind: passed}`` (the last one wins when a kind appears twice)."""
    return {r.rule: r.passed for r in verdict.rules}


# ── dossiers ─────────────────────────────────────────────────────────────────────────────────────────────────


def dossier(unit: Unit, *, by=None, year: int = YEAR, kind: str = "merit", campaign=None) -> Nomination:
    return services.nomination_create(by=by, unit=unit, year=year, kind=kind, campaign=campaign)


def nominate(nomination: Nomination, code: str, *, person: Person | None = None, unit: Unit | None = None,
             by=None, achievement: str = "Hoàn thành xuất sắc nhiệm vụ năm 2021") -> NominationItem:
    return services.item_add(by=by, nomination=nomination, award_type=award_type(code), person=person, unit=unit,
                             achievement=achievement)


def move(nomination: Nomination, to: str, *, by=None, reason: str = "", **kwargs) -> Nomination:
    nomination.refresh_from_db()
    return services.nomination_transition(by=by, nomination=nomination, to=to, reason=reason, **kwargs)


def at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


class FixedToday:
    """Stands in for ``django.utils.timezone`` in a module under test: ``localdate()`` is a fixed day."""

    def __init__(self, day: datetime.date):
        self.day = day

    def localdate(self, *args, **kwargs) -> datetime.date:
        return self.day

    def now(self):
        return timezone.now()

    def __getattr__(self, name):
        return getattr(timezone, name)


@pytest.fixture
def today_is(monkeypatch):
    """``today_is(date)``: the awards services and selectors see that day as today."""
    from thidua.awards import selectors

    def _set(day: datetime.date) -> None:
        monkeypatch.setattr(services, "timezone", FixedToday(day))
        monkeypatch.setattr(selectors, "timezone", FixedToday(day))

    return _set
