"""The progress endpoints and dashboards of issue 4, each with the hand-written SQL that computes the same answer.

The floors repeat the selectors' rules in plain SQL: only approved targets count; the status shown is the kept one,
except that a target not achieved by a due date before the campaign's "as of" day is off track; completion is
clamped to 0–100 before averaging. The API answers are checked against the floors' rows (same groups with the same
counts, same target ids in the same order), so a fast but wrong endpoint cannot pass.

Dashboards (``indicators:progress_dashboard``, ``progress_brief``, ``unit_progress``) are measured when their URL
names resolve; until then they are skipped with a message (``dashboard_cases``).
"""

from __future__ import annotations

from django.db import connection
from django.urls import NoReverseMatch, reverse

from thidua.campaigns.models import ContentArea
from thidua.indicators.enums import TargetApproval, TargetStatus
from thidua.indicators.models import Indicator, ProgressEntry, ProgressMonth, Target
from thidua.org.models import Cluster, ClusterMembership, Unit

from .indicators import ProgressData

Statements = list[tuple[str, list]]
Units = tuple[int, ...] | None  # the units a scoped user sees (None: every unit, the office)

TARGETS_LIMIT = 500  # GET /targets default limit
LAGGING_LIMIT = 200  # GET /campaigns/{id}/lagging default limit
DASHBOARD_LAGGING = 50  # dashboard_views.LAGGING_LIMIT
BRIEF_LAGGING = 10  # dashboard_views.BRIEF_LAGGING_LIMIT
STATUSES = [s.value for s in TargetStatus]  # achieved, on_track, at_risk, off_track, no_data
#: Timed requests per dashboard (each reads every current value of the campaign: seconds at the province scale).
PAGE_RUNS = 7


def _t(model) -> str:
    return model._meta.db_table


def _shown(column: str = "t.completion") -> str:
    return f"CASE WHEN {column} < 0 THEN 0 WHEN {column} > 100 THEN 100 ELSE {column} END"


_STATUS = f"CASE WHEN t.due_on < %s AND t.status <> '{TargetStatus.ACHIEVED.value}' " \
          f"THEN '{TargetStatus.OFF_TRACK.value}' ELSE t.status END"


def _scope(p: ProgressData, unit_id: int | None, units: Units = None) -> tuple[str, str, list]:
    """``FROM target t JOIN indicator i``, and the WHERE clause for the campaign's approved targets (of one unit, or
    of the units a scoped user sees)."""
    where = f"i.campaign_id = %s AND t.approval = '{TargetApproval.APPROVED.value}'"
    params: list = [p.campaign_id]
    if unit_id is not None:
        where += " AND t.unit_id = %s"
        params.append(unit_id)
    if units is not None:
        where += f" AND t.unit_id IN ({', '.join(str(int(u)) for u in units)})"
    return f"FROM {_t(Target)} t JOIN {_t(Indicator)} i ON i.id = t.indicator_id", where, params


def _counts(alias: str = "x") -> str:
    sums = ", ".join(f"SUM(CASE WHEN {alias}.st = '{s}' THEN 1 ELSE 0 END)" for s in STATUSES)
    return f"COUNT(*), {sums}, AVG({alias}.shown)"


def summary_sql(p: ProgressData, group_by: str, units: Units = None) -> tuple[str, list]:
    """One row per group: (key, name, order, targets, achieved, on_track, at_risk, off_track, no_data, average)."""
    source, where, params = _scope(p, None, units)
    if group_by == "content":
        key, name, order = "a.id", "a.title", 'a."order"'
        join, join_params = f"JOIN {_t(ContentArea)} a ON a.id = i.content_area_id", []
    elif group_by == "cluster":
        key, name, order = "m.cluster_id", "c.name", "0"
        join = (f"LEFT JOIN {_t(ClusterMembership)} m ON m.unit_id = t.unit_id AND m.year = %s "
                f"LEFT JOIN {_t(Cluster)} c ON c.id = m.cluster_id")
        join_params = [p.year]
    else:
        key, name, order = "t.unit_id", "u.name", "0"
        join, join_params = f"JOIN {_t(Unit)} u ON u.id = t.unit_id", []
    return (
        f"SELECT x.k, x.name, x.ord, {_counts()} FROM (SELECT {key} AS k, {name} AS name, {order} AS ord, "
        f"{_STATUS} AS st, {_shown()} AS shown {source} {join} WHERE {where}) x "
        f"GROUP BY x.k, x.name, x.ord ORDER BY x.ord, x.k",
        [p.as_of, *join_params, *params],
    )


def totals_sql(p: ProgressData, unit_id: int | None = None, units: Units = None) -> tuple[str, list]:
    source, where, params = _scope(p, unit_id, units)
    return (f"SELECT {_counts()} FROM (SELECT {_STATUS} AS st, {_shown()} AS shown {source} WHERE {where}) x",
            [p.as_of, *params])


def target_rows_sql(p: ProgressData, *, limit: int, lagging: bool = False, unit_id: int | None = None,
                    units: Units = None) -> tuple[str, list]:
    """What ``TargetOut`` shows (plus the names a page prints), in the selectors' order."""
    source, where, params = _scope(p, unit_id, units)
    if lagging:
        where += f" AND ({_STATUS}) IN ('{TargetStatus.AT_RISK.value}', '{TargetStatus.OFF_TRACK.value}')"
        params = [*params, p.as_of]
        order = f"{_shown()} ASC NULLS FIRST, u.search_text, i.code"
    else:
        order = 'a."order", i.code, u.search_text, t.id'
    return (
        f"SELECT t.id, t.indicator_id, t.unit_id, t.baseline, t.target_value, t.baseline_on, t.due_on, "
        f"t.current_value, t.last_period_end, t.completion, {_shown()}, {_STATUS}, t.approval, t.version, "
        f"i.code, i.name, i.unit_of_measure, a.id, a.\"order\", a.title, u.name "
        f"{source} JOIN {_t(ContentArea)} a ON a.id = i.content_area_id JOIN {_t(Unit)} u ON u.id = t.unit_id "
        f"WHERE {where} ORDER BY {order} LIMIT {limit}",
        [p.as_of, *params],
    )


def over_time_sql(p: ProgressData, unit_id: int | None = None, units: Units = None) -> tuple[str, list]:
    """By month: the mean clamped completion of the current entries and how many targets reported. The whole
    campaign's is read, as the pages read it, from the month rollups (``indicators.rollups``); a unit's from its
    values (as a scoped user's: its own units' values)."""
    if unit_id is None and units is None:
        return (f"SELECT m.month, SUM(m.shown_sum) / SUM(m.valued), SUM(m.targets) FROM {_t(ProgressMonth)} m "
                f"WHERE m.campaign_id = %s GROUP BY m.month ORDER BY m.month", [p.campaign_id])
    month = "date_trunc('month', e.period_end)" if connection.vendor == "postgresql" else "substr(e.period_end, 1, 7)"
    source, where, params = _scope(p, unit_id, units)
    return (
        f"SELECT {month}, AVG({_shown('e.completion')}), COUNT(DISTINCT e.target_id) FROM {_t(ProgressEntry)} e "
        f"WHERE e.is_current = %s AND e.target_id IN (SELECT t.id {source} WHERE {where}) GROUP BY 1 ORDER BY 1",
        [True, *params],
    )


def series_sql(p: ProgressData, unit_id: int) -> tuple[str, list]:
    source, where, params = _scope(p, unit_id)
    return (
        f"SELECT e.target_id, e.period_end, e.value, e.completion FROM {_t(ProgressEntry)} e "
        f"WHERE e.is_current = %s AND e.target_id IN (SELECT t.id {source} WHERE {where}) "
        f"ORDER BY e.target_id, e.period_end",
        [True, *params],
    )


def template_sql(p: ProgressData) -> tuple[str, list]:
    """The template's rows: every approved target with its unit and indicator, by unit then indicator."""
    source, where, params = _scope(p, None)
    return (
        f"SELECT u.code, u.name, i.code, i.name, i.unit_of_measure, t.baseline, t.target_value, t.due_on, "
        f"t.current_value, t.last_period_end {source} JOIN {_t(ContentArea)} a ON a.id = i.content_area_id "
        f"JOIN {_t(Unit)} u ON u.id = t.unit_id WHERE {where} ORDER BY u.search_text, u.id, a.\"order\", i.code",
        params,
    )


# ── checks: the endpoint's answer against the floor's rows ──────────────────────────────────────────────────


class Mismatch(RuntimeError):
    pass


def _group_counts(row: tuple) -> tuple:
    return tuple(int(v or 0) for v in row[3:9])


def _answer_counts(item: dict) -> tuple:
    return (item["targets"], *(item[s] for s in STATUSES))


def _close(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(float(a) - float(b)) < 0.01)


def check_summary(label: str):
    def check(body: dict, rows: list[list[tuple]]) -> None:
        groups, totals = rows[0], rows[1][0]
        want = {row[0]: _group_counts(row) for row in groups}
        got = {item["id"]: _answer_counts(item) for item in body["groups"]}
        if got != want:
            wrong = sorted((k for k in set(got) | set(want) if got.get(k) != want.get(k)), key=str)
            raise Mismatch(f"{label}: counts by status differ from the raw SQL for groups {wrong[:10]}")
        averages = {row[0]: row[9] for row in groups}
        if not all(_close(item["average_completion"], averages[item["id"]]) for item in body["groups"]):
            raise Mismatch(f"{label}: an average completion differs from the raw SQL")
        if _answer_counts(body["totals"]) != tuple(int(v or 0) for v in totals[:6]):
            raise Mismatch(f"{label}: the totals differ from the raw SQL")

    return check


def check_targets(label: str):
    def check(body: list, rows: list[list[tuple]]) -> None:
        want = [(row[0], row[11]) for row in rows[0]]
        got = [(item["id"], item["status"]) for item in body]
        if got != want:
            raise Mismatch(f"{label}: {len(got)} targets, the raw SQL {len(want)}; ids, order or status differ")

    return check


def check_xlsx(body: bytes, rows: list[list[tuple]]) -> None:
    if not body.startswith(b"PK\x03\x04"):
        raise Mismatch("api.progress_template: the answer is not an XLSX file")


def api_cases(p: ProgressData) -> list[tuple]:
    """``(name, kind, url, floor, check, max_iterations)`` for the API."""
    c = p.campaign_id
    cases = []
    for by in ("content", "cluster", "unit"):
        cases.append((f"api.progress_summary_{by}", "api", f"/api/v1/campaigns/{c}/progress-summary?group_by={by}",
                      [summary_sql(p, by), totals_sql(p)], check_summary(f"api.progress_summary_{by}"), None))
    cases += [
        ("api.targets", "api", f"/api/v1/targets?campaign={c}", [target_rows_sql(p, limit=TARGETS_LIMIT)],
         check_targets("api.targets"), None),
        ("api.lagging", "api", f"/api/v1/campaigns/{c}/lagging",
         [target_rows_sql(p, limit=LAGGING_LIMIT, lagging=True)], check_targets("api.lagging"), None),
        # A whole province's workbook (≈ 20,000 rows) takes seconds: a few runs are enough.
        ("api.progress_template", "api", f"/api/v1/campaigns/{c}/progress-template.xlsx", [template_sql(p)],
         check_xlsx, 5),
    ]
    return cases


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def dashboard_cases(p: ProgressData, unit_id: int, say=lambda _: None, scoped: Units = None) -> list[tuple]:
    """HOOK for the dashboards: measured when ``indicators:progress_dashboard`` and friends resolve, else skipped.

    Their floors are the aggregates each page shows: the groups of its tab and the totals, the lagging list's
    first rows and the months (dashboard); totals, content areas, clusters, months and the ten furthest behind
    (brief); a unit's targets, their values over time, its totals, months and lagging targets (unit page).
    """
    c = p.campaign_id
    cases = []
    dashboard = _url("indicators:progress_dashboard", c)
    if dashboard is None:
        say("[bench] dashboards not found (indicators:progress_dashboard does not resolve): skipped")
    else:
        for by in ("content", "cluster", "unit"):
            cases.append((f"page.progress_dashboard_{by}", "page", f"{dashboard}?by={by}",
                          [summary_sql(p, by), totals_sql(p), target_rows_sql(p, limit=DASHBOARD_LAGGING,
                                                                               lagging=True), over_time_sql(p)],
                          None, PAGE_RUNS))
        if scoped is not None:
            # As the cluster head's clerk: its own and its members' targets, read from their values.
            cases.append(("page.progress_dashboard_content.clerk", "page_clerk", f"{dashboard}?by=content",
                          [summary_sql(p, "content", scoped), totals_sql(p, units=scoped),
                           target_rows_sql(p, limit=DASHBOARD_LAGGING, lagging=True, units=scoped),
                           over_time_sql(p, units=scoped)], None, PAGE_RUNS))
    brief = _url("indicators:progress_brief", c)
    if brief is not None:
        cases.append(("page.progress_brief", "page", brief,
                      [totals_sql(p), summary_sql(p, "content"), summary_sql(p, "cluster"), over_time_sql(p),
                       target_rows_sql(p, limit=BRIEF_LAGGING, lagging=True)], None, PAGE_RUNS))
    unit = _url("indicators:unit_progress", c, unit_id)
    if unit is not None:
        cases.append(("page.unit_progress", "page", unit,
                      [target_rows_sql(p, limit=1000, unit_id=unit_id), series_sql(p, unit_id),
                       totals_sql(p, unit_id), over_time_sql(p, unit_id),
                       target_rows_sql(p, limit=1000, lagging=True, unit_id=unit_id)], None, PAGE_RUNS))
    return cases
