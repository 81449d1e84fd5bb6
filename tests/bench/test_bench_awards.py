"""The benchmark's commendation data (issue 6) follows the rules it is measured with, and its cases agree with
their raw SQL. Tiny scale, inside pytest's database; no timing asserted."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.award_cases import eligibility_sql, measure_awards, nominees
from bench.awards import CSTD_QUOTA_PERCENT, YEARS, build_awards
from bench.data import build
from bench.scales import SCALES
from thidua.awards import eligibility
from thidua.awards.enums import AwardStatus, NominationStatus, Rating
from thidua.awards.models import Award, Discipline, Nomination, NominationItem, PersonRating, UnitYear
from thidua.org.models import Person, UnitLineage

TINY = SCALES["tiny"]


@pytest.fixture
def data(db):
    base = build(TINY)
    return base, build_awards(TINY, lambda _message: None)


def test_people_have_eleven_years_of_facts_and_a_registry(data):
    _base, a = data
    assert Person.objects.count() == TINY.award_persons == a.counts["persons"]
    assert PersonRating.objects.count() == TINY.award_persons * len(YEARS) == a.counts["ratings"]
    assert Award.objects.count() == a.counts["awards"]
    codes = Counter(Award.objects.values_list("award_type__code", flat=True))
    for code in ("LDTT", "CSTD_CS", "GK_CN", "TTLDTT"):
        assert codes[code] > 0, code
    assert set(Award.objects.values_list("year", flat=True)) == set(range(2015, 2025))
    assert Award.objects.filter(status=AwardStatus.REVOKED).exclude(revocation_reason="").exists()
    assert UnitLineage.objects.filter(target_id=a.unit_id).count() == 3
    # The merged communes' history is on the old units, the later years on the unit they merged into.
    old = set(UnitLineage.objects.filter(target_id=a.unit_id).values_list("source_id", flat=True))
    assert Award.objects.filter(unit_id__in=old, year__lt=2023).exists()
    assert not Award.objects.filter(unit_id__in=old, year__gte=2023).exists()


def test_the_registry_is_what_the_rules_grant(data):
    ratings = {(p, y): r for p, y, r in PersonRating.objects.values_list("person_id", "year", "rating")}
    disciplined = set(Discipline.objects.values_list("person_id", "year"))
    for person, year in Award.objects.filter(award_type__code="LDTT").values_list("person_id", "year"):
        assert ratings[(person, year)] in (Rating.EXCELLENT, Rating.GOOD) and (person, year) not in disciplined
    advanced = {(u, y): n for u, y, n in UnitYear.objects.values_list("unit_id", "year", "advanced_workers")}
    per_unit = Counter(Award.objects.filter(award_type__code="CSTD_CS").values_list("unit_id", "year"))
    for (unit, year), n in per_unit.items():
        assert n * 100 <= advanced[(unit, year)] * CSTD_QUOTA_PERCENT, (unit, year)


def test_nominees_pass_and_fail_in_a_constant_number_of_queries(data):
    _base, a = data
    assert NominationItem.objects.count() == TINY.award_nominees == len(a.nominee_item_ids)
    assert not Nomination.objects.exclude(status=NominationStatus.SUBMITTED).exists()
    found = nominees(a)
    with CaptureQueriesContext(connection) as all_of_them:
        verdicts = eligibility.evaluate(found)
    one_per_type = list({n.award_type_id: n for n in found}.values())  # the same kinds of rules to load for
    with CaptureQueriesContext(connection) as a_few:
        eligibility.evaluate(one_per_type)
    assert len(one_per_type) < len(found) // 5
    assert len(all_of_them) == len(a_few)
    failed = Counter(r.rule for v in verdicts.values() for r in v.failed)
    # The 2025 round is judged under NĐ 152/2025: no 15 % quota for CSTĐ cơ sở any more (it was NĐ 91's).
    assert {v.regime.code for v in verdicts.values()} == {"luat-2022-nd152"}
    assert failed["quota"] == 0 and failed["rating"] > 0 and failed["consecutive"] > 0
    assert sum(v.eligible for v in verdicts.values()) > 0
    # The floor reads as many statements as there are fact loads it mirrors (the flag vote's two included).
    assert len(eligibility_sql(found)) == 18


def test_award_cases_agree_with_their_raw_sql(data):
    """The checks raise when an answer differs from its floor; the rows say what was compared."""
    base, a = data
    rows = {r["name"]: r for r in measure_awards(base, a, iterations=1, warmup=0)}
    calls = {"awards.eligibility", "awards.lookup_q", "awards.lookup_person", "awards.lookup_unit",
             "awards.lookup_year", "awards.statistics_year", "awards.statistics_unit"}
    api = {"api.awards_lookup_q", "api.awards_lookup_person", "api.awards_lookup_unit", "api.awards_lookup_year",
           "api.awards_statistics_year", "api.awards_statistics_unit"}
    assert calls | api <= set(rows)
    assert rows["awards.eligibility"]["nominees"] == TINY.award_nominees
    assert rows["awards.statistics_year"]["groups"] == 10
    assert rows["api.awards_statistics_year"]["floor_rows"] == [10]
    # By unit: the merged commune's awards and its three predecessors' (the floor also reads the lineage).
    assert rows["api.awards_lookup_unit"]["floor_rows"] == [rows["awards.lookup_unit"]["rows"], 3]
    old = UnitLineage.objects.filter(target_id=a.unit_id).values_list("source_id", flat=True)
    assert rows["awards.lookup_unit"]["rows"] == min(500, Award.objects.filter(unit_id__in=[a.unit_id, *old]).count())
    for row in rows.values():
        assert row["queries"] > 0 and row["floor_sql_ms"] > 0
