"""Commendations (issue 6): eligibility of a year's nominees, registry lookups and statistics, each against
hand-written SQL reading the same rows.

Python calls (no view floor; timed like ``sel.rankings_all_clusters``):

- ``awards.eligibility``: ``eligibility.evaluate`` for every nominee of the 2025 dossiers (province 10,000), built
  as ``services.nominees_of`` builds them (a form is judged on the day its dossier was sent), under the regime in
  force and its rule trees. Its floor is one hand-written statement per query ``eligibility.Facts`` makes, with the
  same filters: the catalog, the active regimes, the types' terms and rules under every regime, the lineage, the
  units' kinds, pending matters, the nominees' ratings, initiatives, discipline and awards over the fixed window
  (``HISTORY_YEARS`` before the year), their employments, the collectives' figures, awards and members' award counts
  through their lineage as a recursive CTE, the open nomination items, the closed flag votes and their candidates;
  it checks no rule. The check compares each statement's rows with what ``Facts`` loaded.
- ``awards.lookup_q|person|unit|year``: ``selectors.award_search`` as the council office, first 500 (the API's
  default limit), by folded name, person, unit (with the units merged into it) and year.
- ``awards.statistics_year|unit``: ``selectors.award_statistics`` grouped in SQL.

Requests (with the view floor, like every ``api.*`` case): ``api.awards_lookup_*`` (``GET /api/v1/awards?…`` with
the office's token), ``api.awards_statistics_*`` and, when its URL name resolves, ``page.registry``
(``/awards/?q=…``, session login). Answers are checked against the floors: the same ids in the same order, the
same groups with the same counts.
"""

from __future__ import annotations

import datetime
import statistics
import time
from collections import Counter
from collections.abc import Callable

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from thidua.awards import eligibility, selectors, services
from thidua.awards.eligibility import OPEN_STATES, Nominee
from thidua.awards.eligibility.facts import history_years
from thidua.awards.enums import AwardStatus
from thidua.awards.models import (
    Award,
    AwardCount,
    AwardTerms,
    AwardType,
    AwardUnitCount,
    Decision,
    Discipline,
    EligibilityRule,
    Initiative,
    Inquiry,
    LegalRegime,
    Nomination,
    NominationItem,
    PersonRating,
    UnitYear,
)
from thidua.campaigns.models import Campaign
from thidua.evaluation.enums import AwardQuota
from thidua.evaluation.models import BallotCast, Candidate, VotingRound
from thidua.org.enums import LineageKind
from thidua.org.models import Employment, Unit, UnitLineage

from .awards import AwardsData
from .indicator_cases import Mismatch

Statements = list[tuple[str, list]]
LIMIT = 500  # GET /awards default limit
#: At most this many timed runs of a call taking seconds (eligibility at the province scale).
HEAVY_RUNS = 5
NAMES = ("awards.eligibility", "awards.lookup_q", "awards.lookup_person", "awards.lookup_unit", "awards.lookup_year",
         "awards.statistics_year", "awards.statistics_unit", "api.awards_lookup_q", "api.awards_lookup_person",
         "api.awards_lookup_unit", "api.awards_lookup_year", "api.awards_statistics_year",
         "api.awards_statistics_unit", "page.registry", "page.registry_statistics")


def _t(model) -> str:
    return model._meta.db_table


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values)) or "NULL"


# ── eligibility ──────────────────────────────────────────────────────────────────────────────────────────────


def nominees(a: AwardsData) -> list[Nominee]:
    """The dossiers' items as ``services.nominees_of`` makes them (key: the item's id; ``on``: the day the dossier
    was sent, which a commendation form is judged on), in item order."""
    items = NominationItem.objects.filter(pk__in=a.nominee_item_ids).select_related("nomination").order_by("id")
    by_dossier: dict[int, list[NominationItem]] = {}
    for item in items:
        by_dossier.setdefault(item.nomination_id, []).append(item)
    found = [n for group in by_dossier.values() for n in services.nominees_of(group[0].nomination, group)]
    return sorted(found, key=lambda n: n.key)


def _window(nominees_: list[Nominee]) -> tuple[int, int]:
    """The years ``Facts`` reads: the rules' longest span before the earliest year asked for, up to the latest."""
    years = {n.year for n in nominees_} or {0}
    rules = EligibilityRule.objects.filter(award_type_id__in={n.award_type_id for n in nominees_}, active=True)
    return min(years) - history_years(rules), max(years)


def eligibility_sql(nominees_: list[Nominee]) -> Statements:
    """The facts ``eligibility.Facts`` loads, in hand-written SQL: one statement per query ``Facts`` makes, with its
    filters, in its order (no rule checked; no ORDER BY where ``Facts`` does not depend on the order)."""
    first, last = _window(nominees_)
    persons = sorted({n.person_id for n in nominees_ if n.person_id})
    units = sorted({n.unit_id for n in nominees_ if n.unit_id} | {n.proposing_unit_id for n in nominees_
                                                                  if n.proposing_unit_id})
    collectives = sorted({n.unit_id for n in nominees_ if n.unit_id and not n.person_id})
    # The units whose members' awards are counted: the proposers, and the collectives with their lineage.
    counted = sorted({n.proposing_unit_id for n in nominees_ if n.proposing_unit_id} | set(collectives))
    counted_lineage = (f"WITH RECURSIVE lin(id) AS (SELECT id FROM {_t(Unit)} WHERE id IN ({_marks(collectives)}) "
                       f"UNION SELECT l.source_id FROM {_t(UnitLineage)} l JOIN lin ON l.target_id = lin.id "
                       f"WHERE l.kind IN (%s, %s)) ")
    proposing = sorted({n.proposing_unit_id for n in nominees_ if n.proposing_unit_id})
    dossiers = sorted({n.nomination_id for n in nominees_ if n.nomination_id})
    years = sorted({n.year for n in nominees_})
    type_ids = sorted({n.award_type_id for n in nominees_})
    kinds = [LineageKind.MERGE.value, LineageKind.RENAME.value]
    # The nominees' units and proposers with every unit merged or renamed into them, at any depth.
    lineage = (f"WITH RECURSIVE lin(id) AS (SELECT id FROM {_t(Unit)} WHERE id IN ({_marks(units)}) "
               f"UNION SELECT l.source_id FROM {_t(UnitLineage)} l JOIN lin ON l.target_id = lin.id "
               f"WHERE l.kind IN (%s, %s)) ")
    lineage_params = [*units, *kinds]
    window = "year >= %s AND year <= %s"
    award_window = "a.year >= %s AND a.year <= %s"  # decisions have a year too
    award_cols = ("a.person_id, a.unit_id, a.year, a.award_type_id, a.kind, a.campaign_id, a.decision_reference, "
                  "d.number, d.symbol, a.nomination_item_id")
    a, d = _t(Award), _t(Decision)
    active = AwardStatus.ACTIVE.value
    # Closed emulation-flag votes of the years asked for (Facts reads them when a rule of the types is a vote).
    rounds = (f"FROM {_t(VotingRound)} r JOIN {_t(Campaign)} c ON c.id = r.campaign_id "
              f"WHERE r.award = %s AND c.year IN ({_marks(years)}) AND r.closes_at <= %s")
    rounds_params = [AwardQuota.EMULATION_FLAG.value, *years, timezone.now()]
    return [
        (f"SELECT id, code, name, kind, recipient FROM {_t(AwardType)}", []),
        (f"SELECT id, code, scope, valid_from, valid_to FROM {_t(LegalRegime)} WHERE active = %s "
         f"ORDER BY valid_from, id", [True]),
        (f"SELECT id, award_type_id, regime_id, decided_by, money_coefficient FROM {_t(AwardTerms)} "
         f"WHERE award_type_id IN ({_marks(type_ids)})", type_ids),
        (f'SELECT id, award_type_id, regime_id, parent_id, code, operator, kind, params, legal_basis '
         f'FROM {_t(EligibilityRule)} WHERE active = %s AND award_type_id IN ({_marks(type_ids)}) '
         f'ORDER BY "order", id', [True, *type_ids]),
        (f"SELECT source_id, target_id FROM {_t(UnitLineage)} WHERE kind IN (%s, %s)", kinds),
        (f"SELECT id, kind FROM {_t(Unit)} WHERE id IN ({_marks(units)})", units),
        (f"{lineage}SELECT person_id, unit_id, kind, opened_on, closed_on, reference, confirmed_at IS NULL "
         f"FROM {_t(Inquiry)} WHERE person_id IN ({_marks(persons)}) OR unit_id IN (SELECT id FROM lin)",
         [*lineage_params, *persons]),
        (f"SELECT person_id, year, rating, confirmed_at IS NULL FROM {_t(PersonRating)} WHERE {window} "
         f"AND person_id IN ({_marks(persons)})", [first, last, *persons]),
        (f"SELECT person_id, year, level, title, kind, confirmed_at IS NULL FROM {_t(Initiative)} WHERE {window} "
         f"AND person_id IN ({_marks(persons)})", [first, last, *persons]),
        # A discipline of an earlier year whose period reaches into the window counts too.
        (f"SELECT person_id, year, measure, ends_on, confirmed_at IS NULL FROM {_t(Discipline)} "
         f"WHERE (({window}) OR (year < %s AND ends_on >= %s)) AND year <= %s AND person_id IN ({_marks(persons)})",
         [first, last, first, datetime.date(first, 1, 1), last, *persons]),
        (f"SELECT {award_cols} FROM {a} a LEFT JOIN {d} d ON d.id = a.decision_id WHERE {award_window} "
         f"AND a.person_id IN ({_marks(persons)}) AND a.status = %s", [first, last, *persons, active]),
        (f"SELECT person_id, started_on, ended_on FROM {_t(Employment)} WHERE person_id IN ({_marks(persons)})",
         persons),
        (f"{lineage}SELECT id, unit_id, year, member_count, members_completed, advanced_workers, rating, "
         f"worst_discipline, exceeded_targets, confirmed_at IS NULL FROM {_t(UnitYear)} WHERE {window} "
         f"AND unit_id IN (SELECT id FROM lin)", [*lineage_params, first, last]),
        (f"{lineage}SELECT {award_cols} FROM {a} a LEFT JOIN {d} d ON d.id = a.decision_id WHERE {award_window} "
         f"AND a.person_id IS NULL AND a.unit_id IN (SELECT id FROM lin) AND a.status = %s",
         [*lineage_params, first, last, active]),
        (f"{counted_lineage}SELECT unit_id, year, award_type_id, COUNT(*) FROM {a} WHERE year IN ({_marks(years)}) "
         f"AND person_id IS NOT NULL AND (unit_id IN ({_marks(counted)}) OR unit_id IN (SELECT id FROM lin)) "
         f"AND status = %s GROUP BY unit_id, year, award_type_id",
         [*collectives, *kinds, *years, *counted, active]),
        (f"SELECT i.id, i.nomination_id, n.unit_id, n.year, n.kind, n.campaign_id, i.award_type_id, i.person_id, "
         f"i.unit_id FROM {_t(NominationItem)} i JOIN {_t(Nomination)} n ON n.id = i.nomination_id "
         f"WHERE NOT EXISTS (SELECT 1 FROM {a} x WHERE x.nomination_item_id = i.id) "
         f"AND (n.status IN ({_marks(OPEN_STATES)}) OR i.nomination_id IN ({_marks(dossiers)})) "
         f"AND (i.person_id IN ({_marks(persons)}) OR (i.person_id IS NULL AND i.unit_id IN ({_marks(collectives)})) "
         f"OR n.unit_id IN ({_marks(proposing)})) AND n.year IN ({_marks(years)})",
         [*[s.value for s in OPEN_STATES], *dossiers, *persons, *collectives, *proposing, *years]),
        (f"SELECT r.id, r.question, r.electorate_size, r.threshold_percent, r.quorum_percent, r.max_choices, "
         f"r.closes_at, c.year, (SELECT COUNT(*) FROM {_t(BallotCast)} b WHERE b.round_id = r.id) {rounds}",
         rounds_params),
        # Their candidates: Facts asks only when a round was found (Django runs no ``round__in=[]``).
        (f"SELECT cd.round_id, cd.unit_id, u.name, cd.votes FROM {_t(Candidate)} cd "
         f"JOIN {_t(Unit)} u ON u.id = cd.unit_id WHERE cd.round_id IN (SELECT r.id {rounds}) "
         f"ORDER BY cd.round_id, cd.votes DESC, u.name", rounds_params),
    ]


def check_eligibility(nominees_: list[Nominee]) -> Callable:
    def check(result: dict, rows: list[list[tuple]]) -> None:
        facts = eligibility.Facts(nominees_)
        # ``None``: Facts keeps what it made of the rows, not the rows (the lineage's closure, the votes' winners).
        want = [len(facts.types), len(facts.regimes), len(facts.terms), sum(map(len, facts.rules.values())), None,
                len(facts.unit_kinds), sum(map(len, facts.inquiries.values())), len(facts.ratings),
                sum(map(len, facts.initiatives.values())), sum(map(len, facts.disciplines.values())),
                sum(map(len, facts.person_awards.values())), sum(map(len, facts.employments.values())),
                len(facts.unit_years), sum(map(len, facts.unit_awards.values())), len(facts.unit_type_counts),
                len(facts.items), None, None]
        got = [len(r) for r in rows]
        for k, (g, w) in enumerate(zip(got, want, strict=True)):
            if w is not None and g != w:
                raise Mismatch(f"awards.eligibility: floor statement {k} read {g} rows, Facts {w}")
        if set(result) != {n.key for n in nominees_}:
            raise Mismatch("awards.eligibility: not one verdict per nominee")

    return check


def verdicts_by_type(nominees_: list[Nominee], result: dict) -> dict[str, list[int]]:
    """``{code: [eligible, not eligible]}``: every title and form has passing and failing nominees."""
    codes = dict(AwardType.objects.values_list("pk", "code"))
    out: dict[str, list[int]] = {}
    for n in nominees_:
        row = out.setdefault(codes[n.award_type_id], [0, 0])
        row[0 if result[n.key].eligible else 1] += 1
    return out


def failed_rules(result: dict) -> dict[str, int]:
    return dict(Counter(r.rule for v in result.values() for r in v.failed).most_common())


# ── the registry ─────────────────────────────────────────────────────────────────────────────────────────────

AWARD_OUT = ("a.id, a.award_type_id, a.person_id, a.unit_id, a.year, a.decision_id, a.decision_reference, "
             "a.recipient_name, a.status, a.revocation_reason")


def lookup_sql(a: AwardsData, by: str, *, limit: int = LIMIT) -> tuple[str, list]:
    """The registry's rows in ``award_search``'s order (newest year first, then newest id)."""
    table, order = _t(Award), f"ORDER BY a.year DESC, a.id DESC LIMIT {limit}"
    if by == "q":
        words = a.name_query.split()
        where = " AND ".join(["a.search_text LIKE %s"] * len(words))
        return f"SELECT {AWARD_OUT} FROM {table} a WHERE {where} {order}", [f"%{w}%" for w in words]
    if by == "person":
        return f"SELECT {AWARD_OUT} FROM {table} a WHERE a.person_id = %s {order}", [a.person_id]
    if by == "year":
        return f"SELECT {AWARD_OUT} FROM {table} a WHERE a.year = %s {order}", [a.lookup_year]
    # The unit and its predecessors (merged or renamed into it, at any depth), as the selector finds them; the
    # floor also reads the lineage table, which the selector reads to find them.
    units = sorted(selectors.with_predecessors({a.unit_id}))
    return (f"SELECT {AWARD_OUT} FROM {table} a WHERE a.unit_id IN ({_marks(units)}) {order}", units)


def lineage_sql() -> tuple[str, list]:
    return (f"SELECT source_id, target_id FROM {_t(UnitLineage)} WHERE kind IN (%s, %s)",
            [LineageKind.MERGE.value, LineageKind.RENAME.value])


def lookup_floor(a: AwardsData, by: str) -> Statements:
    """The lookup's rows first (the checks compare them), then the lineage for a lookup by unit."""
    return [lookup_sql(a, by), *([lineage_sql()] if by == "unit" else [])]


def lookup_params(a: AwardsData, by: str) -> dict:
    return {"q": {"q": a.name_query}, "person": {"person_id": a.person_id}, "unit": {"unit_id": a.unit_id},
            "year": {"year": a.lookup_year}}[by]


def lookup_url(a: AwardsData, by: str) -> str:
    value = {"q": a.name_query.replace(" ", "+"), "person": a.person_id, "unit": a.unit_id, "year": a.lookup_year}
    return f"/api/v1/awards?{by}={value[by]}"


def statistics_sql(group_by: str) -> tuple[str, list]:
    """``award_statistics`` as the office: active awards (all, persons, collectives) by year or by unit, summed
    from the registry's tallies (``awards.tallies``) as the selector sums them."""
    counts = "SUM(c.persons) + SUM(c.collectives), SUM(c.persons), SUM(c.collectives)"
    if group_by == "year":
        return (f"SELECT c.year, {counts} FROM {_t(AwardCount)} c WHERE c.status = %s GROUP BY c.year "
                f"ORDER BY c.year", [AwardStatus.ACTIVE.value])
    return (f"SELECT c.unit_id, u.name, {counts} FROM {_t(AwardUnitCount)} c LEFT JOIN {_t(Unit)} u "
            f"ON u.id = c.unit_id WHERE c.status = %s GROUP BY c.unit_id, u.name ORDER BY c.unit_id, u.name",
            [AwardStatus.ACTIVE.value])


def recount_sql(group_by: str) -> tuple[str, list]:
    """The same counts from the awards themselves: the check that the tallies the bench built are right."""
    counts = ("COUNT(*), SUM(CASE WHEN a.person_id IS NOT NULL THEN 1 ELSE 0 END), "
              "SUM(CASE WHEN a.person_id IS NULL THEN 1 ELSE 0 END)")
    if group_by == "year":
        return (f"SELECT a.year, {counts} FROM {_t(Award)} a WHERE a.status = %s GROUP BY a.year ORDER BY a.year",
                [AwardStatus.ACTIVE.value])
    return (f"SELECT a.unit_id, u.name, {counts} FROM {_t(Award)} a LEFT JOIN {_t(Unit)} u ON u.id = a.unit_id "
            f"WHERE a.status = %s GROUP BY a.unit_id, u.name ORDER BY a.unit_id, u.name", [AwardStatus.ACTIVE.value])


def _ids(label: str, got: list[int], rows: list[tuple]) -> None:
    want = [row[0] for row in rows]
    if got != want:
        raise Mismatch(f"{label}: {len(got)} awards, the raw SQL {len(want)}; ids or order differ")
    if not want:
        raise Mismatch(f"{label}: the raw SQL found no award; the lookup measures nothing")


def check_lookup_api(label: str) -> Callable:
    def check(body: list, rows: list[list[tuple]]) -> None:
        _ids(label, [item["id"] for item in body], rows[0])
        want = {row[0]: (row[1], row[2], row[3], row[4], row[8]) for row in rows[0]}
        got = {i["id"]: (i["award_type_id"], i["person_id"], i["unit_id"], i["year"], i["status"]) for i in body}
        if got != want:
            raise Mismatch(f"{label}: type, recipient, year or status differ from the raw SQL")

    return check


def check_lookup_call(label: str) -> Callable:
    def check(result: list, rows: list[list[tuple]]) -> None:
        _ids(label, [award.pk for award in result], rows[0])

    return check


def _stat_rows(rows: list[tuple], group_by: str) -> list[tuple]:
    if group_by == "year":
        return [((r[0],), int(r[1]), int(r[2]), int(r[3])) for r in rows]
    return [((r[0], r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows]


def _recounted(group_by: str) -> list[tuple]:
    """The counts from the awards themselves (not timed): an answer must equal them, not only the tallies."""
    sql, params = recount_sql(group_by)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _stat_rows(cursor.fetchall(), group_by)


def check_statistics_api(group_by: str) -> Callable:
    def check(body: list, rows: list[list[tuple]]) -> None:
        got = [(tuple(i["key"]), i["total"], i["persons"], i["collectives"]) for i in body]
        if got != _stat_rows(rows[0], group_by) or got != _recounted(group_by):
            raise Mismatch(f"api.awards_statistics_{group_by}: groups or counts differ from the raw SQL")

    return check


def check_statistics_call(group_by: str) -> Callable:
    keys = selectors.STAT_GROUPS[group_by]

    def check(result: list, rows: list[list[tuple]]) -> None:
        got = [(tuple(r[k] for k in keys), r["total"], r["persons"], r["collectives"]) for r in result]
        if got != _stat_rows(rows[0], group_by) or got != _recounted(group_by):
            raise Mismatch(f"awards.statistics_{group_by}: groups or counts differ from the raw SQL")

    return check


def api_cases(a: AwardsData) -> list[tuple]:
    """``(name, kind, url, floor, check, max_iterations)``, like ``measure.cases``."""
    cases = [(f"api.awards_lookup_{by}", "api", lookup_url(a, by), lookup_floor(a, by),
              check_lookup_api(f"api.awards_lookup_{by}"), None) for by in ("q", "person", "unit", "year")]
    cases += [(f"api.awards_statistics_{g}", "api", f"/api/v1/awards/statistics?group_by={g}", [statistics_sql(g)],
               check_statistics_api(g), None) for g in ("year", "unit")]
    try:
        url = reverse("awards:registry")
    except NoReverseMatch:
        url = None
    if url:
        words = a.name_query.split()
        count = (f"SELECT COUNT(*) FROM {_t(Award)} a WHERE " + " AND ".join(["a.search_text LIKE %s"] * len(words)),
                 [f"%{w}%" for w in words])
        try:
            from thidua.awards.registry_views import REGISTRY_PAGE_SIZE as size
        except ImportError:
            size = 100
        cases.append(("page.registry", "page", f"{url}?q={a.name_query.replace(' ', '+')}",
                      [count, lookup_sql(a, "q", limit=size)], None, None))
        # The statistics page's four sections: the fastest SQL for them sums the tallies by year and title (years,
        # titles and levels are added up from it, with the titles' names and levels) and by unit.
        sums = "SUM(c.persons), SUM(c.collectives)"
        cases.append(("page.registry_statistics", "page", reverse("awards:statistics"), [
            (f"SELECT c.year, c.award_type_id, {sums} FROM {_t(AwardCount)} c WHERE c.status = %s "
             f"GROUP BY c.year, c.award_type_id", [AwardStatus.ACTIVE.value]),
            (f"SELECT id, name, level FROM {_t(AwardType)}", []),
            statistics_sql("unit")], None, None))
    return cases


def call_cases(data, a: AwardsData) -> list[tuple]:
    """``(name, call, floor, check, max_runs, extra(result) -> dict)``."""
    user = data.office
    found = nominees(a)

    def fresh() -> None:
        user.__dict__.pop("_thidua_access", None)  # a request starts with no cached access

    def evaluate() -> dict:
        return eligibility.evaluate(found)

    def lookup(by: str) -> Callable[[], list]:
        params = lookup_params(a, by)

        def call() -> list:
            fresh()
            return list(selectors.award_search(user=user, **params)[:LIMIT])

        return call

    def stats(group_by: str) -> Callable[[], list]:
        def call() -> list:
            fresh()
            return selectors.award_statistics(user=user, group_by=group_by)

        return call

    def eligibility_extra(result: dict) -> dict:
        return {"nominees": len(found), "verdicts": verdicts_by_type(found, result),
                "failed_rules": failed_rules(result)}

    cases = [("awards.eligibility", evaluate, eligibility_sql(found), check_eligibility(found), HEAVY_RUNS,
              eligibility_extra)]
    cases += [(f"awards.lookup_{by}", lookup(by), lookup_floor(a, by), check_lookup_call(f"awards.lookup_{by}"),
               None, lambda result: {"rows": len(result)}) for by in ("q", "person", "unit", "year")]
    cases += [(f"awards.statistics_{g}", stats(g), [statistics_sql(g)], check_statistics_call(g), None,
               lambda result: {"groups": len(result)}) for g in ("year", "unit")]
    return cases


# ── measuring ────────────────────────────────────────────────────────────────────────────────────────────────


def _row(name: str, database: str, scale: str, samples: list[float], sql_samples: list[float], queries: int,
         sql_rows: list[list[tuple]], view_floor: float | None, url: str | None) -> dict:
    from .measure import _ratio, percentile

    median, floor_sql = statistics.median(samples), statistics.median(sql_samples)
    return {
        "name": name, "database": database, "scale": scale,
        "median_ms": round(median, 3), "p95_ms": round(percentile(samples, 95), 3), "queries": queries,
        "floor_sql_ms": round(floor_sql, 3), "floor_view_ms": round(view_floor, 3) if view_floor else None,
        "ratio_sql": _ratio(median, floor_sql), "ratio_view": _ratio(median, view_floor) if view_floor else None,
        "iterations": len(samples), "url": url, "floor_rows": [len(r) for r in sql_rows],
    }


def measure_awards(data, a: AwardsData, *, iterations: int | None = None, warmup: int = 3,
                   only: set[str] | None = None, say: Callable[[str], None] = lambda _: None) -> list[dict]:
    """Every commendation case (or those in ``only``): requests like ``measure.measure``, calls like
    ``evaluation_cases.measure_calls``."""
    from .measure import BenchError, _answer, _get, _time_requests, _time_sql
    from .urls import FLOOR_API_URL, FLOOR_PAGE_URL

    iterations = iterations or data.scale.iterations
    database, scale = connection.vendor, data.scale.name
    rows: list[dict] = []
    wanted = [c for c in call_cases(data, a) if not only or c[0] in only]
    for name, call, floor, check, max_runs, extra in wanted:
        runs = min(iterations, max_runs or iterations)
        heavy = max_runs is not None
        if not heavy:
            call()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = call()
            first_ms = (time.perf_counter() - started) * 1000
        queries = len(captured)
        sql_samples, sql_rows = _time_sql(floor, runs, 0 if heavy else min(warmup, 1))
        try:
            check(result, sql_rows)
        except Mismatch as exc:
            raise BenchError(str(exc)) from exc
        for _ in range(0 if heavy else warmup):
            call()
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
        row = _row(name, database, scale, samples, sql_samples, queries, sql_rows, None, None)
        row.update(extra(result), first_ms=round(first_ms, 3))
        rows.append(row)
        say(f"[bench] {database}: {name:<24} median {row['median_ms']:8.2f} ms  p95 {row['p95_ms']:8.2f} ms  "
            f"{queries:3d} queries  floor sql {row['floor_sql_ms']:8.2f} ms")

    requests = [c for c in api_cases(a) if not only or c[0] in only]
    if not requests:
        return rows
    page_client = Client()
    page_client.force_login(data.office)
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {data.token}")
    clients = {"page": page_client, "api": api_client}
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        floors = {kind: statistics.median(_time_requests(clients[kind], url, iterations, warmup))
                  for kind, url in (("page", FLOOR_PAGE_URL), ("api", FLOOR_API_URL))}
        for name, kind, url, floor, check, _max in requests:
            client = clients[kind]
            _get(client, url)
            with CaptureQueriesContext(connection) as captured:
                response = _get(client, url)
            queries = len(captured)
            sql_samples, sql_rows = _time_sql(floor, iterations, min(warmup, 1))
            if check:
                try:
                    check(_answer(type("C", (), {"kind": kind})(), response), sql_rows)
                except Mismatch as exc:
                    raise BenchError(str(exc)) from exc
            samples = _time_requests(client, url, iterations, warmup)
            row = _row(name, database, scale, samples, sql_samples, queries, sql_rows, floors[kind], url)
            row["bytes"] = len(response.content)
            rows.append(row)
            say(f"[bench] {database}: {name:<24} median {row['median_ms']:8.2f} ms  p95 {row['p95_ms']:8.2f} ms  "
                f"{queries:3d} queries  floor sql {row['floor_sql_ms']:8.2f} ms")
    return rows


def wanted(only: set[str] | None) -> bool:
    """Whether a run measuring ``only`` needs the commendation data."""
    return not only or bool(only & set(NAMES))
