"""30 clerks writing at once on SQLite: every write succeeds (issue 13).

A real server (gunicorn: 3 processes × 10 threads, so the 30 requests really run at once) over its own SQLite file,
so this runs on SQLite in both suite runs. Without IMMEDIATE transactions 87 of these 240 writes failed with
"database is locked" (measured): adding a nominee reads the dossier first, and a transaction that has read cannot
take the write lock once another has written.
"""

import json
import sqlite3
import threading
from collections import Counter

import pytest

from tests.core.live_server import Server, database, environment, token

CLIENTS = 30
WRITES_EACH = 4
#: The demo's unit clerks and the unit each writes for.
WRITERS = [("hiephoa", "H-HH"), ("yenthe", "H-YT"), ("soyte", "SYT")]


@pytest.fixture
def server(tmp_path, tmp_path_factory):
    db = database("demo", tmp_path / "db.sqlite3", tmp_path_factory.getbasetemp() / "live-db")
    # DEBUG off on the development profile: the production server (gunicorn) with the demo users allowed.
    env = environment(db, tmp_path / "var", DEBUG="0", THIDUA_WEB_THREADS="10")
    running = Server("--no-worker", "--workers", "3", env=env, log=tmp_path / "serve.log")
    try:
        running.wait_until_up(timeout=120)
        yield running
    finally:
        running.stop()


def test_thirty_concurrent_writers_on_sqlite_all_succeed(server, tmp_path):
    db = tmp_path / "db.sqlite3"
    with sqlite3.connect(db) as connection:
        units = dict(connection.execute("SELECT code, id FROM org_unit WHERE code IN ('H-HH', 'H-YT', 'SYT')"))
        before = connection.execute("SELECT count(*) FROM awards_nomination").fetchone()[0]
        award_type = connection.execute("SELECT id FROM awards_awardtype WHERE code = 'GK_TT'").fetchone()[0]
    tokens = {username: token(server, username, "thidua-demo") for username, _ in WRITERS}
    barrier = threading.Barrier(CLIENTS)
    results: list[tuple[int, bytes, str]] = []
    items: list[tuple[int, bytes, str]] = []
    lock = threading.Lock()

    def clerk(number: int) -> None:
        username, unit = WRITERS[number % len(WRITERS)]
        barrier.wait()
        for write in range(WRITES_EACH):
            title = f"concurrent-{number}-{write}"
            headers = {"Authorization": f"Bearer {tokens[username]}"}
            status, body = server.request(
                "POST", "/api/v1/nominations", body={"unit_id": units[unit], "year": 2025, "title": title},
                headers=headers)
            with lock:
                results.append((status, body, title))
            if status != 201:
                continue
            # Adding the nominee reads the dossier, then writes, in one transaction: what failed before.
            status, body = server.request(
                "POST", f"/api/v1/nominations/{json.loads(body)['id']}/items",
                body={"unit_id": units[unit], "award_type_id": award_type, "achievement": title}, headers=headers)
            with lock:
                items.append((status, body, title))

    threads = [threading.Thread(target=clerk, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    statuses = Counter(status for status, _, _ in results)
    assert statuses == {201: CLIENTS * WRITES_EACH}, [body[:300] for status, body, _ in results if status != 201]
    added = Counter(status for status, _, _ in items)
    assert added == {201: CLIENTS * WRITES_EACH}, [body[:300] for status, body, _ in items if status != 201]
    assert "database is locked" not in server.output()
    created = {json.loads(body)["id"] for _, body, _ in results}
    with sqlite3.connect(db) as connection:
        rows = dict(connection.execute("SELECT id, title FROM awards_nomination WHERE title LIKE 'concurrent-%'"))
        total = connection.execute("SELECT count(*) FROM awards_nomination").fetchone()[0]
        nominees = dict(connection.execute(
            "SELECT i.nomination_id, i.achievement FROM awards_nominationitem i "
            "JOIN awards_nomination n ON n.id = i.nomination_id WHERE n.title LIKE 'concurrent-%'"))
        audited = connection.execute(
            "SELECT count(*) FROM core_auditevent WHERE action = 'awards.nomination.created'").fetchone()[0]
    assert set(rows) == created
    assert sorted(rows.values()) == sorted(title for _, _, title in results)
    assert total == before + CLIENTS * WRITES_EACH
    assert nominees == rows  # one nominee per dossier, the achievement naming its own dossier
    assert audited >= CLIENTS * WRITES_EACH
