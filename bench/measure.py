"""Time pages and API endpoints against two floors: the raw SQL that fetches the same rows, and a minimal view.

Each case is requested through Django's test ``Client`` (full middleware stack, sessions, templates, JSON
rendering; no network, no connection set-up since the client keeps the connection open). The ratio to the SQL
floor says how much the ORM and rendering add over the data itself; the ratio to the view floor says how much the
page costs over an empty request.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from thidua.accounts.models import User
from thidua.campaigns.models import (
    Campaign,
    ContentArea,
    Deadline,
    DistributionEntry,
    Participation,
    Receipt,
    Recipient,
    Submission,
    SubmissionVersion,
)
from thidua.core.models import AuditEvent
from thidua.org.models import Cluster, ClusterMembership, Unit

from . import evaluation_cases, indicator_cases
from .data import BenchData
from .urls import FLOOR_API_URL, FLOOR_PAGE_URL

REQUIRED_KEYS = ("name", "database", "scale", "median_ms", "p95_ms", "queries", "floor_sql_ms", "floor_view_ms")
PAGE_SIZE = 50  # org.views.unit_list paginates by 50
API_LIMIT = 200  # the units endpoint's default limit

Statements = list[tuple[str, list]]


class BenchError(RuntimeError):
    """A measured request did not answer 200, or its answer disagrees with the raw SQL."""


@dataclass
class Case:
    name: str
    kind: str  # "page", "page_clerk" (as the cluster head's clerk) or "api": which client and which floor view
    url: str
    floor: Statements
    #: (answer, floor rows) → raise if they disagree; the answer is the JSON for the API (the bytes for a file),
    #: the HTML for a page.
    check: Callable[[Any, list[list[tuple]]], None] | None = None
    #: at most this many timed requests (for a case that takes seconds, such as a province's workbook)
    max_iterations: int | None = None


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: with 20 samples p95 is the 19th fastest, with 10 it is the slowest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def _t(model) -> str:
    return model._meta.db_table


def _history_sql(model, object_id: int) -> tuple[str, list]:
    return (
        f"SELECT e.id, e.created_at, e.action, e.target_repr, e.data, u.id, u.username, u.first_name, u.last_name "
        f"FROM {_t(AuditEvent)} e LEFT JOIN {_t(User)} u ON u.id = e.actor_id "
        f"WHERE e.target_type_id = %s AND e.target_id = %s ORDER BY e.created_at DESC, e.id DESC LIMIT 50",
        [ContentType.objects.get_for_model(model).pk, object_id],
    )


def _campaign_list_sql(*, counts: bool) -> Statements:
    extra = (
        f", (SELECT COUNT(*) FROM {_t(ContentArea)} a WHERE a.campaign_id = c.id)"
        f", (SELECT COUNT(*) FROM {_t(Deadline)} d WHERE d.campaign_id = c.id)"
    ) if counts else ""
    return [(
        f"SELECT c.id, c.code, c.title, c.kind, c.status, c.year, c.starts_on, c.ends_on{extra} "
        f"FROM {_t(Campaign)} c ORDER BY c.year DESC, c.id DESC",
        [],
    )]


def _campaign_detail_sql(campaign_id: int, year: int) -> Statements:
    """The campaign with its issuer, contents, distribution, deadlines with recipients, and participants."""
    p, m, u, cl = _t(Participation), _t(ClusterMembership), _t(Unit), _t(Cluster)
    return [
        (f"SELECT c.*, i.name FROM {_t(Campaign)} c LEFT JOIN {u} i ON i.id = c.issuer_id WHERE c.id = %s",
         [campaign_id]),
        (f'SELECT "order", title, body FROM {_t(ContentArea)} WHERE campaign_id = %s ORDER BY "order"',
         [campaign_id]),
        (f'SELECT name, purpose, level FROM {_t(DistributionEntry)} WHERE campaign_id = %s ORDER BY "order"',
         [campaign_id]),
        (f"SELECT d.id, d.code, d.title, d.description, d.due_on, r.kind, r.unit_id, ru.name "
         f"FROM {_t(Deadline)} d LEFT JOIN {_t(Recipient)} r ON r.deadline_id = d.id "
         f"LEFT JOIN {u} ru ON ru.id = r.unit_id WHERE d.campaign_id = %s ORDER BY d.due_on, d.id, r.id",
         [campaign_id]),
        # Members of participating clusters, and directly participating units (with their cluster, if any).
        (f"SELECT un.id, un.name, cl.id AS cluster_id, cl.kind, cl.name AS cluster_name, 0 AS outside "
         f"FROM {m} mm JOIN {cl} cl ON cl.id = mm.cluster_id JOIN {u} un ON un.id = mm.unit_id "
         f"WHERE mm.year = %s AND (mm.cluster_id IN (SELECT cluster_id FROM {p} WHERE campaign_id = %s "
         f"AND cluster_id IS NOT NULL) OR mm.unit_id IN (SELECT unit_id FROM {p} WHERE campaign_id = %s "
         f"AND unit_id IS NOT NULL)) "
         f"UNION ALL "
         f"SELECT un.id, un.name, NULL, NULL, NULL, 1 FROM {p} pp JOIN {u} un ON un.id = pp.unit_id "
         f"WHERE pp.campaign_id = %s AND NOT EXISTS (SELECT 1 FROM {m} mm WHERE mm.unit_id = pp.unit_id "
         f"AND mm.year = %s) "
         f"ORDER BY 6, 4, 5, 2",
         [year, campaign_id, campaign_id, campaign_id, year]),
    ]


def _unit_search_sql(query: str, *, page: bool) -> Statements:
    """Ordered like ``org.selectors.unit_search`` (by the folded text, so Đ sorts with D on both engines)."""
    words = [w for w in query.split(" ") if w]
    where = " AND ".join(["u.search_text LIKE %s"] * len(words)) or "1 = 1"
    params = [f"%{w}%" for w in words]
    if not page:
        return [(
            f"SELECT u.id, u.code, u.name, u.short_name, u.kind, u.parent_id, u.valid_from, u.valid_to "
            f"FROM {_t(Unit)} u WHERE {where} ORDER BY u.search_text, u.id LIMIT {API_LIMIT}",
            params,
        )]
    return [
        (f"SELECT COUNT(*) FROM {_t(Unit)} u WHERE {where}", params),
        (f"SELECT u.id, u.code, u.name, u.short_name, u.kind, u.valid_from, u.valid_to, pa.id, pa.name "
         f"FROM {_t(Unit)} u LEFT JOIN {_t(Unit)} pa ON pa.id = u.parent_id WHERE {where} "
         f"ORDER BY u.search_text, u.id LIMIT {PAGE_SIZE}",
         params),
    ]


def _cluster_sql(*, year: int | None = None, cluster_id: int | None = None, page: bool) -> Statements:
    u, cl, m = _t(Unit), _t(Cluster), _t(ClusterMembership)
    where, params = ("c.year = %s", [year]) if cluster_id is None else ("c.id = %s", [cluster_id])
    statements: Statements = []
    if page and cluster_id is None:
        statements.append((f"SELECT DISTINCT year FROM {cl} ORDER BY year DESC", []))
    statements += [
        (f"SELECT c.id, c.name, c.kind, c.year, h.id, h.name, d.id, d.name FROM {cl} c "
         f"LEFT JOIN {u} h ON h.id = c.head_unit_id LEFT JOIN {u} d ON d.id = c.deputy_unit_id "
         f"WHERE {where} ORDER BY c.kind, c.name, c.id", params),
        (f"SELECT mm.cluster_id, un.id, un.name FROM {m} mm JOIN {cl} c ON c.id = mm.cluster_id "
         f"JOIN {u} un ON un.id = mm.unit_id WHERE {where} ORDER BY mm.cluster_id, un.name", params),
    ]
    if page and cluster_id is not None:
        statements.append(_history_sql(Cluster, cluster_id))
    return statements


def _deadline_overview_sql(deadline_id: int, campaign_id: int, year: int) -> Statements:
    """What the deadline overview needs: the deadline and its campaign, its recipients, the participants it
    applies to (members of participating clusters/blocks with their cluster's head and deputy, plus units taking
    part directly; restricted to the deadline's chosen units if it has any), the submissions, their latest
    versions and the receipts on those versions."""
    p, m, u, cl = _t(Participation), _t(ClusterMembership), _t(Unit), _t(Cluster)
    s, v, r = _t(Submission), _t(SubmissionVersion), _t(Receipt)
    only = Deadline.only_units.through._meta.db_table
    chosen = (f"(NOT EXISTS (SELECT 1 FROM {only} WHERE deadline_id = %s) "
              f"OR un.id IN (SELECT unit_id FROM {only} WHERE deadline_id = %s))")
    latest = f"JOIN {s} s ON s.id = v.submission_id AND v.number = s.latest_version"
    return [
        (f"SELECT d.id, d.code, d.title, d.description, d.due_on, c.id, c.code, c.title, c.year, c.status "
         f"FROM {_t(Deadline)} d JOIN {_t(Campaign)} c ON c.id = d.campaign_id WHERE d.id = %s", [deadline_id]),
        (f"SELECT r.id, r.kind, r.unit_id, ru.name FROM {_t(Recipient)} r LEFT JOIN {u} ru ON ru.id = r.unit_id "
         f"WHERE r.deadline_id = %s ORDER BY r.id", [deadline_id]),
        (f"SELECT un.id, un.name, un.search_text, cl.id, cl.name, cl.head_unit_id, h.name, cl.deputy_unit_id, "
         f"dp.name FROM {m} mm JOIN {cl} cl ON cl.id = mm.cluster_id JOIN {u} un ON un.id = mm.unit_id "
         f"LEFT JOIN {u} h ON h.id = cl.head_unit_id LEFT JOIN {u} dp ON dp.id = cl.deputy_unit_id "
         f"WHERE mm.year = %s AND (mm.cluster_id IN (SELECT cluster_id FROM {p} WHERE campaign_id = %s "
         f"AND cluster_id IS NOT NULL) OR mm.unit_id IN (SELECT unit_id FROM {p} WHERE campaign_id = %s "
         f"AND unit_id IS NOT NULL)) AND {chosen} "
         f"UNION ALL "
         f"SELECT un.id, un.name, un.search_text, NULL, NULL, NULL, NULL, NULL, NULL "
         f"FROM {p} pp JOIN {u} un ON un.id = pp.unit_id "
         f"WHERE pp.campaign_id = %s AND NOT EXISTS (SELECT 1 FROM {m} mm WHERE mm.unit_id = pp.unit_id "
         f"AND mm.year = %s) AND {chosen}",
         [year, campaign_id, campaign_id, deadline_id, deadline_id, campaign_id, year, deadline_id, deadline_id]),
        (f"SELECT s.id, s.unit_id, s.status, s.late, s.latest_version, s.first_submitted_at FROM {s} s "
         f"WHERE s.deadline_id = %s", [deadline_id]),
        (f"SELECT v.id, v.submission_id, v.number, v.document_number, v.submitted_at FROM {v} v {latest} "
         f"WHERE s.deadline_id = %s", [deadline_id]),
        (f"SELECT s.unit_id, r.version_id, r.recipient_id, r.decision, r.reason, r.decided_at FROM {r} r "
         f"JOIN {v} v ON v.id = r.version_id {latest} WHERE s.deadline_id = %s", [deadline_id]),
    ]


def _expect(label: str, got: int, want: int) -> None:
    if got != want:
        raise BenchError(f"{label}: the endpoint returned {got} rows, the raw SQL {want}")


def _same_ids(label: str, body: list[dict], rows: list[tuple]) -> None:
    """The endpoint and the raw SQL return the same ids in the same order, so the floor is a fair one."""
    _expect(label, len(body), len(rows))
    if [item["id"] for item in body] != [row[0] for row in rows]:
        raise BenchError(f"{label}: the endpoint and the raw SQL return different rows or order")


def _check_campaign_list(body, rows: list[list[tuple]]) -> None:
    _same_ids("api.campaign_list", body, rows[0])


def _check_campaign_detail(body, rows: list[list[tuple]]) -> None:
    _expect("api.campaign_detail contents", len(body["contents"]), len(rows[1]))
    _expect("api.campaign_detail participants", len(body["participants"]), len(rows[4]))


def _check_unit_search(body, rows: list[list[tuple]]) -> None:
    _same_ids("api.unit_search", body, rows[0])


def _check_cluster_list(body, rows: list[list[tuple]]) -> None:
    _same_ids("api.cluster_list", body, rows[0])
    _expect("api.cluster_list members", sum(len(c["member_unit_ids"]) for c in body), len(rows[1]))


def _overview_expected(rows: list[list[tuple]]) -> tuple[dict[int, tuple], dict[int, int], int]:
    """From the floor's rows: {unit_id: (status, late, submission_id)} for every participant (``missing`` when
    it sent nothing), {unit_id: receipts on its latest version}, and the number of recipients."""
    submissions = {row[1]: row for row in rows[3]}
    expected = {}
    for participant in rows[2]:
        sent = submissions.get(participant[0])
        expected[participant[0]] = (sent[2], bool(sent[3]), sent[0]) if sent else ("missing", False, None)
    receipts: dict[int, int] = {}
    for receipt in rows[5]:
        receipts[receipt[0]] = receipts.get(receipt[0], 0) + 1
    return expected, receipts, len(rows[1])


def _check_deadline_submissions(body, rows: list[list[tuple]]) -> None:
    label = "api.deadline_submissions"
    expected, receipts, n_recipients = _overview_expected(rows)
    _expect(label, len(body), len(expected))
    got = {item["unit_id"]: (item["status"], item["late"], item["submission_id"]) for item in body}
    if got != expected:
        wrong = sorted(unit for unit in set(got) | set(expected) if got.get(unit) != expected.get(unit))
        raise BenchError(f"{label}: status, late or submission differ from the raw SQL for units {wrong[:10]}")
    if any(len(item["receipts"]) != n_recipients for item in body):
        raise BenchError(f"{label}: a row does not have one receipt cell per recipient ({n_recipients})")
    decided = {item["unit_id"]: sum(1 for cell in item["receipts"] if cell["decision"]) for item in body}
    if {k: n for k, n in decided.items() if n} != receipts:
        raise BenchError(f"{label}: the recorded receipts differ from the raw SQL")


def _check_deadline_overview(html: str, rows: list[list[tuple]]) -> None:
    """The first page of rows (100 at most), and counts of each status equal to the raw SQL's over all units."""
    label = "page.deadline_overview"
    expected, _receipts, _n = _overview_expected(rows)
    _expect(label, html.count("<tr data-unit="), min(100, len(expected)))
    for status in ("missing", "submitted", "accepted", "returned"):
        want = sum(1 for s, _late, _id in expected.values() if s == status)
        if f'href="?status={status}"><span class="num">{want}</span>' not in html:
            raise BenchError(f"{label}: the page does not count {want} units as {status}")


def _clerk_units(data: BenchData) -> tuple[int, ...]:
    """The units the bench's clerk (its cluster head's) sees in the measured campaign, as the selectors scope it."""
    from thidua.campaigns.models import Campaign as CampaignModel
    from thidua.indicators.selectors import visible_unit_ids

    return tuple(sorted(visible_unit_ids(user=data.clerk,
                                         campaign=CampaignModel.objects.get(pk=data.progress.campaign_id))))


def cases(data: BenchData, say: Callable[[str], None] = lambda _: None) -> list[Case]:
    """Every page and endpoint the issues name, with the SQL that fetches the same rows."""
    c, k, q, y, d = data.campaign_id, data.cluster_id, data.unit_query, data.year, data.deadline_id
    detail = _campaign_detail_sql(c, y)
    overview = _deadline_overview_sql(d, c, y)
    return [
        Case("page.campaign_list", "page", "/campaigns/", _campaign_list_sql(counts=True)),
        Case("page.campaign_detail", "page", f"/campaigns/{c}/", [*detail, _history_sql(Campaign, c)]),
        Case("page.unit_search", "page", f"/units/?q={q.replace(' ', '+')}", _unit_search_sql(q, page=True)),
        Case("page.cluster_list", "page", f"/clusters/?year={y}", _cluster_sql(year=y, page=True)),
        Case("page.cluster_detail", "page", f"/clusters/{k}/", _cluster_sql(cluster_id=k, page=True)),
        Case("page.deadline_overview", "page", f"/campaigns/deadlines/{d}/", [*overview, _history_sql(Deadline, d)],
             _check_deadline_overview),
        Case("api.campaign_list", "api", "/api/v1/campaigns", _campaign_list_sql(counts=False),
             _check_campaign_list),
        Case("api.campaign_detail", "api", f"/api/v1/campaigns/{c}", detail, _check_campaign_detail),
        Case("api.unit_search", "api", f"/api/v1/units?q={q.replace(' ', '+')}", _unit_search_sql(q, page=False),
             _check_unit_search),
        Case("api.cluster_list", "api", f"/api/v1/clusters?year={y}", _cluster_sql(year=y, page=False),
             _check_cluster_list),
        Case("api.deadline_submissions", "api", f"/api/v1/deadlines/{d}/submissions", overview,
             _check_deadline_submissions),
        # Issue 4: targets and progress (bench/indicator_cases.py).
        *(Case(*spec) for spec in indicator_cases.api_cases(data.progress)),
        *(Case(*spec) for spec in indicator_cases.dashboard_cases(data.progress, data.progress.unit_id, say=say,
                                                                  scoped=_clerk_units(data))),
        # Issue 5: rankings, score sheets, a voting round's result (bench/evaluation_cases.py).
        *(Case(*spec) for spec in evaluation_cases.api_cases(data.evaluation)),
    ]


def _get(client: Client, url: str):
    try:
        response = client.get(url)
    except Exception as exc:  # the test client re-raises the view's exception; say which URL raised it
        raise BenchError(f"GET {url} raised {exc.__class__.__name__}: {exc}") from exc
    if response.status_code != 200:
        raise BenchError(f"GET {url} answered {response.status_code}: {response.content[:500]!r}")
    return response


def _answer(case: Case, response):
    if case.kind.startswith("page"):
        return response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json()
    return response.content


def _time_requests(client: Client, url: str, iterations: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        _get(client, url)
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise BenchError(f"GET {url} answered {response.status_code} during timing")
        samples.append(elapsed * 1000)
    return samples


def _run_sql(statements: Statements) -> list[list[tuple]]:
    results = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
    return results


def _time_sql(statements: Statements, iterations: int, warmup: int) -> tuple[list[float], list[list[tuple]]]:
    for _ in range(warmup):
        _run_sql(statements)
    samples, results = [], []
    for _ in range(iterations):
        started = time.perf_counter()
        results = _run_sql(statements)
        samples.append((time.perf_counter() - started) * 1000)
    return samples, results


def _ratio(value: float, floor: float) -> float | None:
    return round(value / floor, 1) if floor > 0 else None


def measure(
    data: BenchData, *, iterations: int | None = None, warmup: int = 3, only: set[str] | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> list[dict]:
    """Measure every case (or those named in ``only``) on the current database; one dict per case."""
    iterations = iterations or data.scale.iterations
    database = connection.vendor
    page_client = Client()
    page_client.force_login(data.office)
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {data.token}")
    clerk_client = Client()  # a cluster head's clerk: the same pages scoped to its units
    clerk_client.force_login(data.clerk)
    clients = {"page": page_client, "api": api_client, "page_clerk": clerk_client}
    rows = []
    # DEBUG off as in production (no query log, no debug template paths); the bench urlconf adds the floors.
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        floors = {
            "page": statistics.median(_time_requests(page_client, FLOOR_PAGE_URL, iterations, warmup)),
            "api": statistics.median(_time_requests(api_client, FLOOR_API_URL, iterations, warmup)),
        }
        floors["page_clerk"] = floors["page"]
        say(f"[bench] {database}: floor views page {floors['page']:.2f} ms, api {floors['api']:.2f} ms")
        for case in cases(data, say=say):
            if only and case.name not in only:
                continue
            client = clients[case.kind]
            runs = min(iterations, case.max_iterations or iterations)
            _get(client, case.url)  # first hit: fails loudly before anything is timed
            with CaptureQueriesContext(connection) as captured:
                response = _get(client, case.url)
            queries = len(captured)  # now: the next request resets the connection's query log
            sql_samples, sql_rows = _time_sql(case.floor, runs, min(warmup, 1))
            if case.check:
                try:
                    case.check(_answer(case, response), sql_rows)
                except indicator_cases.Mismatch as exc:
                    raise BenchError(str(exc)) from exc
            samples = _time_requests(client, case.url, runs, 1 if case.max_iterations else warmup)
            median, floor_sql = statistics.median(samples), statistics.median(sql_samples)
            row = {
                "name": case.name,
                "database": database,
                "scale": data.scale.name,
                "median_ms": round(median, 3),
                "p95_ms": round(percentile(samples, 95), 3),
                "queries": queries,
                "floor_sql_ms": round(floor_sql, 3),
                "floor_view_ms": round(floors[case.kind], 3),
                "ratio_sql": _ratio(median, floor_sql),
                "ratio_view": _ratio(median, floors[case.kind]),
                "iterations": runs,
                "url": case.url,
                "bytes": len(response.content),
                "floor_rows": [len(result) for result in sql_rows],
            }
            rows.append(row)
            say(f"[bench] {database}: {case.name:<24} median {median:8.2f} ms  p95 {row['p95_ms']:8.2f} ms  "
                f"{row['queries']:3d} queries")
    return rows
