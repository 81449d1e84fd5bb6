"""The evaluation endpoints of issue 5, and ranking every cluster at once, each with one hand-written SQL query
that computes the same answer.

- ``api.rankings``: ``GET /campaigns/{id}/rankings?cluster=`` for the measured cluster (the largest, ≈ 20 units);
- ``api.score_sheets``: ``GET /campaigns/{id}/score-sheets``, the first page of current sheets (500, the
  endpoint's default limit; about 2.2 sheets per participant, so 2,497 in five pages at province);
- ``api.round_result``: ``GET /voting-rounds/{id}/result`` of the council's round (20 candidates, ≈ 1,000
  ballots at the province scale);
- ``sel.rankings_all_clusters``: ``selectors.rankings_by_cluster``, every cluster/block of the campaign's year
  ranked in one call (also ``GET /campaigns/{id}/rankings`` without ``?cluster=``); timed as a Python call, so it
  has no view floor. Issue 5 asks for "ranking 1,000 units in 50 clusters in a constant number of queries": this
  row's ``queries`` says whether it is.

The floors rank with window functions: the latest current stage per unit (``ROW_NUMBER``), then ``RANK`` on the
scheme's tie rule (total, indicator points, the launch document's first sending, never sent last), the band from
the scheme's thresholds. The answers are checked against them: the same units with the same rank, total, band,
stage and status; the same sheet ids in the same order; the same turnout, quorum and counts, percentages and
pass marks. (Units that tie on every key are ordered by name in Python and by the database's collation in SQL, so
the checks compare ranks, not the order inside a tie.)
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.campaigns.models import Campaign, Submission
from thidua.evaluation import selectors
from thidua.evaluation.enums import STAGES
from thidua.evaluation.models import BallotCast, Candidate, ScoreSheet, ScoringScheme, VotingRound
from thidua.org.models import Cluster, ClusterMembership, Unit

from .evaluation import EvaluationData
from .indicator_cases import Mismatch

Statements = list[tuple[str, list]]


def _t(model) -> str:
    return model._meta.db_table


def _stage_order(column: str) -> str:
    return "CASE " + " ".join(f"WHEN {column} = '{s.value}' THEN {i}" for i, s in enumerate(STAGES)) + " END"


def _band(e: EvaluationData, column: str) -> tuple[str, list]:
    if not e.bands:
        return "''", []
    whens = " ".join(f"WHEN {column} >= %s THEN %s" for _ in e.bands)
    return f"CASE {whens} ELSE '' END", [p for b in e.bands for p in (float(b["min"]), b["name"])]


def rankings_sql(e: EvaluationData, cluster_id: int | None) -> tuple[str, list]:
    """``(cluster_id, unit_id, name, total, indicator_points, stage, status, rank, band)``, best first in each
    cluster; ``cluster_id=None`` ranks every cluster/block of the campaign's year."""
    where, params = ("AND m.cluster_id = %s", [cluster_id]) if cluster_id is not None else ("", [])
    band, band_params = _band(e, "l.total")
    return (
        f"WITH latest AS (SELECT m.cluster_id, s.unit_id, s.stage, s.status, s.total, s.indicator_points, "
        f"ROW_NUMBER() OVER (PARTITION BY s.unit_id ORDER BY {_stage_order('s.stage')} DESC) AS n "
        f"FROM {_t(ScoreSheet)} s JOIN {_t(ClusterMembership)} m ON m.unit_id = s.unit_id AND m.year = %s "
        f"JOIN {_t(Cluster)} c ON c.id = m.cluster_id AND c.year = %s "
        f"WHERE s.scheme_id = %s AND s.is_current = %s {where}) "
        f"SELECT l.cluster_id, l.unit_id, u.name, l.total, l.indicator_points, l.stage, l.status, "
        f"RANK() OVER (PARTITION BY l.cluster_id ORDER BY l.total DESC, l.indicator_points DESC, "
        f"CASE WHEN sb.first_submitted_at IS NULL THEN 1 ELSE 0 END, sb.first_submitted_at) AS rnk, {band} "
        f"FROM latest l JOIN {_t(Unit)} u ON u.id = l.unit_id "
        f"LEFT JOIN {_t(Submission)} sb ON sb.deadline_id = %s AND sb.unit_id = l.unit_id "
        f"WHERE l.n = 1 ORDER BY l.cluster_id, rnk, u.name",
        [e.year, e.year, e.scheme_id, True, *params, *band_params, e.launch_deadline_id],
    )


def sheets_sql(e: EvaluationData) -> tuple[str, list]:
    """The campaign's current sheets in ``selectors.sheet_list``'s order."""
    return (
        f"SELECT s.id, s.unit_id, s.stage, s.status, s.total, s.indicator_points, s.version, s.revision, "
        f"s.is_current, s.return_reason FROM {_t(ScoreSheet)} s JOIN {_t(ScoringScheme)} sc ON sc.id = s.scheme_id "
        f"JOIN {_t(Unit)} u ON u.id = s.unit_id WHERE sc.campaign_id = %s AND s.is_current = %s "
        f"ORDER BY u.search_text, s.unit_id, s.stage, s.revision DESC, s.id LIMIT 500",
        [e.campaign_id, True],
    )


def round_sql(e: EvaluationData) -> tuple[str, list]:
    """``(unit_id, name, votes, percent, passed, electorate, voted, quorum_met)`` per candidate, most votes first."""
    return (
        f"WITH v AS (SELECT COUNT(*) AS n FROM {_t(BallotCast)} WHERE round_id = %s) "
        f"SELECT c.unit_id, u.name, c.votes, ROUND(c.votes * 100.0 / r.electorate_size, 2), "
        f"CASE WHEN v.n * 100 >= r.quorum_percent * r.electorate_size "
        f"AND c.votes * 100 >= r.threshold_percent * r.electorate_size THEN 1 ELSE 0 END, "
        f"r.electorate_size, v.n, CASE WHEN v.n * 100 >= r.quorum_percent * r.electorate_size THEN 1 ELSE 0 END "
        f"FROM {_t(VotingRound)} r CROSS JOIN v JOIN {_t(Candidate)} c ON c.round_id = r.id "
        f"JOIN {_t(Unit)} u ON u.id = c.unit_id WHERE r.id = %s ORDER BY c.votes DESC, u.name",
        [e.round_id, e.round_id],
    )


# ── checks: the answer against the floor's rows ─────────────────────────────────────────────────────────────


def _ranked(rows: list[tuple]) -> dict[int, tuple]:
    """{unit_id: (rank, total, band, stage, status)} from the floor's rows."""
    return {row[1]: (int(row[7]), round(float(row[3]), 2), row[8], row[5], row[6]) for row in rows}


def _ranked_answer(label: str, body: list) -> dict[int, tuple]:
    ranks = [item["rank"] for item in body]
    if ranks != sorted(ranks):
        raise Mismatch(f"{label}: the ranking is not best first")
    return {item["unit_id"]: (item["rank"], round(float(item["total"]), 2), item["band"], item["stage"],
                              item["status"]) for item in body}


def _same(label: str, got: dict, want: dict) -> None:
    if got != want:
        wrong = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
        raise Mismatch(f"{label}: {len(got)} rows, the raw SQL {len(want)}; rank, total, band or stage differ "
                       f"for {wrong[:10]}: {[(got.get(k), want.get(k)) for k in wrong[:3]]}")


def check_rankings(body: list, rows: list[list[tuple]]) -> None:
    _same("api.rankings", _ranked_answer("api.rankings", body), _ranked(rows[0]))


def check_sheets(body: list, rows: list[list[tuple]]) -> None:
    want = [(row[0], row[1], row[2], row[3], round(float(row[4]), 2)) for row in rows[0]]
    got = [(item["id"], item["unit_id"], item["stage"], item["status"], round(item["total"], 2)) for item in body]
    if got != want:
        raise Mismatch(f"api.score_sheets: {len(got)} sheets, the raw SQL {len(want)}; ids, order, stage, status "
                       f"or total differ")


def check_round(body: dict, rows: list[list[tuple]]) -> None:
    label = "api.round_result"
    candidates = rows[0]
    if not candidates:
        raise Mismatch(f"{label}: the raw SQL found no candidates")
    electorate, voted, quorum = candidates[0][5], candidates[0][6], bool(candidates[0][7])
    if (body["electorate"], body["voted"], body["quorum_met"]) != (electorate, voted, quorum) or not body["closed"]:
        raise Mismatch(f"{label}: electorate, turnout or quorum differ from the raw SQL (or the vote is open)")
    want = {row[0]: (row[2], round(float(row[3]), 2), bool(row[4])) for row in candidates}
    got = {item["unit_id"]: (item["votes"], round(item["percent"], 2), item["passed"]) for item in body["candidates"]}
    if got != want or [item["votes"] for item in body["candidates"]] != [row[2] for row in candidates]:
        raise Mismatch(f"{label}: votes, percentages, pass marks or their order differ from the raw SQL")


def api_cases(e: EvaluationData) -> list[tuple]:
    """``(name, kind, url, floor, check, max_iterations)`` for ``measure.cases``."""
    c = e.campaign_id
    return [
        ("api.rankings", "api", f"/api/v1/campaigns/{c}/rankings?cluster={e.cluster_id}",
         [rankings_sql(e, e.cluster_id)], check_rankings, None),
        ("api.score_sheets", "api", f"/api/v1/campaigns/{c}/score-sheets", [sheets_sql(e)], check_sheets, None),
        ("api.round_result", "api", f"/api/v1/voting-rounds/{e.round_id}/result", [round_sql(e)], check_round,
         None),
    ]


# ── Python calls: the selector ranking every cluster ────────────────────────────────────────────────────────


def _rank_all(user, campaign_id: int) -> Callable[[], dict[int, list]]:
    """What a page ranking the province does: the campaign, then every cluster ranked in one selector call."""

    def call() -> dict[int, list]:
        user.__dict__.pop("_thidua_access", None)  # a request starts with no cached access
        campaign = Campaign.objects.get(pk=campaign_id)
        return selectors.rankings_by_cluster(user=user, campaign=campaign)

    return call


def check_all(result: dict[int, list], rows: list[list[tuple]]) -> None:
    want: dict[int, dict[int, tuple]] = {}
    for row in rows[0]:
        want.setdefault(row[0], {})[row[1]] = _ranked([row])[row[1]]
    got = {}
    for cluster_id, ranked in result.items():
        body = [{"unit_id": r.unit_id, "rank": r.rank, "total": r.total, "band": r.band, "stage": r.stage,
                 "status": r.status} for r in ranked]
        if body:
            got[cluster_id] = _ranked_answer("sel.rankings_all_clusters", body)
    if set(got) != set(want):
        raise Mismatch(f"sel.rankings_all_clusters: {len(got)} clusters ranked, the raw SQL {len(want)}")
    for cluster_id in want:
        _same(f"sel.rankings_all_clusters cluster {cluster_id}", got[cluster_id], want[cluster_id])


def call_cases(data) -> list[tuple[str, Callable[[], object], Statements, Callable]]:
    e = data.evaluation
    return [("sel.rankings_all_clusters", _rank_all(data.office, e.campaign_id), [rankings_sql(e, None)], check_all)]


def measure_calls(data, *, iterations: int | None = None, warmup: int = 3, only: set[str] | None = None,
                  say: Callable[[str], None] = lambda _: None) -> list[dict]:
    """Time each call against its SQL floor, like ``measure.measure`` times a request (no view floor)."""
    from .measure import BenchError, _ratio, _time_sql, percentile

    iterations = iterations or data.scale.iterations
    database = connection.vendor
    rows = []
    for name, call, floor, check in call_cases(data):
        if only and name not in only:
            continue
        call()
        with CaptureQueriesContext(connection) as captured:
            result = call()
        queries = len(captured)
        sql_samples, sql_rows = _time_sql(floor, iterations, min(warmup, 1))
        try:
            check(result, sql_rows)
        except Mismatch as exc:
            raise BenchError(str(exc)) from exc
        for _ in range(warmup):
            call()
        samples = []
        for _ in range(iterations):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
        median, floor_sql = statistics.median(samples), statistics.median(sql_samples)
        clusters = max(1, len(result))
        row = {
            "name": name, "database": database, "scale": data.scale.name,
            "median_ms": round(median, 3), "p95_ms": round(percentile(samples, 95), 3), "queries": queries,
            "floor_sql_ms": round(floor_sql, 3), "floor_view_ms": None, "ratio_sql": _ratio(median, floor_sql),
            "ratio_view": None, "iterations": iterations, "url": None, "clusters": len(result),
            "queries_per_cluster": round(queries / clusters, 2), "floor_rows": [len(r) for r in sql_rows],
        }
        rows.append(row)
        say(f"[bench] {database}: {name:<24} median {median:8.2f} ms  p95 {row['p95_ms']:8.2f} ms  "
            f"{queries:3d} queries ({len(result)} clusters)")
    return rows
