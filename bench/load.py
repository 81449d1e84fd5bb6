"""``make loadtest``: the production server under 50 signed-in clerks, on the loopback only.

Builds (once) a province-scale database with the bench's builders (``bench/load_data.py``): SQLite at
``var/bench/load-<scale>.sqlite3`` by default, or the database ``thidua_load`` on the PostgreSQL server that
``DATABASE_URL`` names. Starts ``thidua serve --no-worker`` with production settings on a free loopback port, signs
in ``LOAD_USERS`` unit clerks (50; a session for the pages, a token for the API), and drives each for
``LOAD_SECONDS`` (60) in its own thread: a page, an API list or a write, then a pause of ``LOAD_THINK`` seconds on
average (1; 0 hammers). Writes ``var/bench/load.json`` (one entry per database) with req/s, p50/p95/p99 per group
and overall, the errors and the count of "database is locked", and prints a table.

Only the standard library drives the load (threads and http.client), so the numbers include no client framework.
"""

from __future__ import annotations

import datetime
import http.client
import http.cookies
import json
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

from .load_data import PASSWORD

SCALE = os.environ.get("LOAD_SCALE", "province")
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
USERS = int(os.environ.get("LOAD_USERS", "50"))
THINK = float(os.environ.get("LOAD_THINK", "1"))
#: Share of each kind of request in a user's loop.
MIX = {"pages": 0.5, "api_reads": 0.35, "writes": 0.15}
PG_LOAD_DATABASE = "thidua_load"
PRODUCTION_ENV = {
    "THIDUA_ENV": "production", "SECRET_KEY": "load-test-" + "s" * 50, "ALLOWED_HOSTS": "127.0.0.1",
    # plain http on the loopback: no redirect to https, cookies without the secure flag
    "THIDUA_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0", "THIDUA_HSTS_SECONDS": "0",
}
LOCKED = "database is locked"


def say(message: str) -> None:
    print(f"[load] {message}", flush=True)


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://"))


def _postgres_database(url: str) -> str:
    """``url`` with the load database's name, created on that server if missing."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(url, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_LOAD_DATABASE,)).fetchone():
            connection.execute(f'CREATE DATABASE "{PG_LOAD_DATABASE}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{PG_LOAD_DATABASE}"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """One user's keep-alive connection with its cookies (or bearer token)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
                api: bool = False) -> tuple[int, bytes]:
        sent = dict(headers or {})
        if api and self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        elif self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                self.connection.request(method, path, body=body, headers=sent)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content

    def json(self, method: str, path: str, data: dict | None = None) -> tuple[int, bytes]:
        body = json.dumps(data).encode() if data is not None else None
        headers = {"Content-Type": "application/json"} if body is not None else {}
        return self.request(method, path, body=body, headers=headers, api=True)

    def login(self, username: str) -> None:
        status, page = self.request("GET", "/accounts/login/")
        assert status == 200, f"login page: {status}"
        csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf})
        status, _ = self.request("POST", "/accounts/login/", body=form.encode(),
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302 and "sessionid" in self.cookies, f"{username} could not sign in ({status})"
        status, body = self.json("POST", "/api/v1/auth/token", {"username": username, "password": PASSWORD})
        assert status == 200, f"{username} got no token ({status})"
        self.token = json.loads(body)["token"]


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)  # group → seconds
        self.by_url: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.locked = 0

    def add(self, group: str, label: str, seconds: float, status: int, body: bytes) -> None:
        with self.lock:
            self.times[group].append(seconds)
            self.by_url[label].append(seconds)
            if status >= 400:
                self.errors.append(f"{status} {label}: {body[:200]!r}")
                self.locked += LOCKED.encode() in body


def _label(path: str) -> str:
    return re.sub(r"/\d+", "/<id>", path)


def _requests(meta: dict, user: dict) -> dict[str, list[str]]:
    campaign, deadline, unit = meta["campaign_id"], meta["deadline_id"], user["unit_id"]
    return {
        "pages": ["/", "/campaigns/", f"/campaigns/{campaign}/", f"/campaigns/deadlines/{deadline}/",
                  f"/campaigns/{campaign}/progress/", "/nominations/", "/awards/"],
        "api_reads": ["/api/v1/campaigns", f"/api/v1/campaigns/{campaign}", f"/api/v1/deadlines/{deadline}/submissions",
                      f"/api/v1/targets?campaign={campaign}&unit={unit}", "/api/v1/nominations?limit=50",
                      f"/api/v1/campaigns/{campaign}/progress-summary"],
    }


def _drive(client: Client, meta: dict, user: dict, until: float, recorder: Recorder, seed: int) -> None:
    rng = random.Random(seed)
    urls = _requests(meta, user)
    status, body = client.json("GET", f"/api/v1/targets/{user['target_id']}")
    version = json.loads(body)["version"] if status == 200 else 1
    groups, weights = list(MIX), list(MIX.values())
    while time.monotonic() < until:
        group = rng.choices(groups, weights)[0]
        started = time.perf_counter()
        if group == "pages":
            path = rng.choice(urls["pages"])
            status, body = client.request("GET", path)
            label = _label(path)
        elif group == "api_reads":
            path = rng.choice(urls["api_reads"])
            status, body = client.json("GET", path)
            label = _label(path)
        elif rng.random() < 0.5:
            label = "POST /api/v1/targets/<id>/progress"
            status, body = client.json("POST", f"/api/v1/targets/{user['target_id']}/progress", {
                "period_end": meta["period_end"], "value": str(rng.randint(1, 1000)), "note": "load test",
                "version": version})
            if status == 201:
                version = json.loads(body)["version"]
        else:
            label = "POST /api/v1/nominations"
            status, body = client.json("POST", "/api/v1/nominations", {"unit_id": user["unit_id"],
                                                                      "year": meta["year"], "title": "load test"})
        recorder.add(group, label, time.perf_counter() - started, status, body)
        if status == 409:  # a stale version: read it again, as the page would
            status, body = client.json("GET", f"/api/v1/targets/{user['target_id']}")
            version = json.loads(body)["version"] if status == 200 else version
        if THINK:
            time.sleep(rng.uniform(0.5 * THINK, 1.5 * THINK))


def percentiles(values: list[float]) -> dict[str, float]:
    """Nearest-rank percentiles in milliseconds."""
    ordered = sorted(values)

    def rank(q: float) -> float:
        return round(1000 * ordered[max(0, math.ceil(q * len(ordered)) - 1)], 1) if ordered else 0.0

    return {"count": len(ordered), "p50_ms": rank(0.50), "p95_ms": rank(0.95), "p99_ms": rank(0.99)}


def _start_server(env: dict, bench_dir: Path, vendor: str) -> tuple[subprocess.Popen, int, Path]:
    port = _free_port()
    log = bench_dir / f"load-{vendor}-serve.log"
    command = [str(Path(sys.executable).with_name("thidua")), "serve", "--no-worker", "--host", "127.0.0.1",
               "--port", str(port)]
    if os.environ.get("LOAD_WEB_WORKERS"):
        command += ["--workers", os.environ["LOAD_WEB_WORKERS"]]
    with open(log, "wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"[load] the server stopped (exit {server.returncode}); see {log}")
        try:
            if Client(port).request("GET", "/accounts/login/")[0] == 200:
                return server, port, log
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    sys.exit(f"[load] the server did not answer within 180 s; see {log}")


def _sign_in(clients: list[Client], users: list[dict]) -> None:
    """Ten at a time: each sign-in hashes the password twice (the page and the token)."""
    threads = [threading.Thread(target=c.login, args=(u["username"],)) for c, u in zip(clients, users, strict=True)]
    for start in range(0, len(threads), 10):
        batch = threads[start:start + 10]
        for thread in batch:
            thread.start()
        for thread in batch:
            thread.join()
    if not all(c.token for c in clients):
        sys.exit("[load] not every clerk could sign in; see the messages above")


def run() -> dict:
    var_dir = Path(os.environ.get("THIDUA_VAR_DIR", Path.cwd() / "var"))
    bench_dir = var_dir / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL", "")
    if _is_postgres(url):
        vendor, load_url = "postgresql", _postgres_database(url)
    else:
        vendor, load_url = "sqlite", f"sqlite:///{(bench_dir / f'load-{SCALE}.sqlite3').resolve()}"
    env = {**os.environ, "DATABASE_URL": load_url, "DJANGO_SETTINGS_MODULE": "thidua.config.settings",
           "PYTHONPATH": os.pathsep.join([str(Path.cwd()), os.environ.get("PYTHONPATH", "")])}
    meta_path = bench_dir / f"load-{vendor}-{SCALE}.meta.json"
    say(f"{vendor}: preparing the {SCALE} database ({load_url.split('@')[-1]})")
    subprocess.run([sys.executable, "-m", "bench.load_data", str(meta_path), SCALE, str(USERS)], env=env, check=True)
    meta = json.loads(meta_path.read_text())
    users = meta["users"][:USERS]

    server_env = {**env, **PRODUCTION_ENV, "THIDUA_VAR_DIR": str(bench_dir / "load-var")}
    server, port, log = _start_server(server_env, bench_dir, vendor)
    try:
        say(f"{vendor}: server up on 127.0.0.1:{port}; signing in {len(users)} clerks")
        clients = [Client(port) for _ in users]
        _sign_in(clients, users)
        for path in sum(_requests(meta, users[0]).values(), []):  # every URL answers before the clock starts
            status, body = clients[0].request("GET", path, api=path.startswith("/api/"))
            if status != 200:
                sys.exit(f"[load] {path} answered {status} for a clerk: {body[:300]!r}")
        say(f"{vendor}: driving {len(users)} users for {SECONDS:g} s (think time {THINK:g} s)")
        recorder = Recorder()
        started = time.monotonic()
        until = started + SECONDS
        threads = [threading.Thread(target=_drive, args=(c, meta, u, until, recorder, n))
                   for n, (c, u) in enumerate(zip(clients, users, strict=True))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    every = [t for times in recorder.times.values() for t in times]
    logged_locked = log.read_text(errors="replace").count(LOCKED)
    return {
        "vendor": vendor, "scale": SCALE, "users": len(users), "seconds": round(elapsed, 1), "think_s": THINK,
        "web_workers": os.environ.get("LOAD_WEB_WORKERS") or "default", "cpus": os.cpu_count(),
        "load_average_after": os.getloadavg()[0], "at": datetime.datetime.now().isoformat(timespec="seconds"),
        "requests": len(every), "req_per_s": round(len(every) / elapsed, 1),
        "overall": percentiles(every),
        "groups": {group: percentiles(recorder.times[group]) for group in MIX},
        "urls": {label: percentiles(times) for label, times in sorted(recorder.by_url.items())},
        "errors": len(recorder.errors), "error_samples": recorder.errors[:20],
        "database_locked": max(recorder.locked, logged_locked),
    }


def table(runs: dict) -> str:
    lines = ["| database | req/s | group | requests | p50 ms | p95 ms | p99 ms | errors | locked |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|"]
    for vendor, result in runs.items():
        for group, row in [*result["groups"].items(), ("overall", result["overall"])]:
            lines.append(f"| {vendor} | {result['req_per_s']} | {group} | {row['count']} | {row['p50_ms']} | "
                         f"{row['p95_ms']} | {row['p99_ms']} | {result['errors']} | {result['database_locked']} |")
    return "\n".join(lines)


def main() -> None:
    result = run()
    path = Path(os.environ.get("THIDUA_VAR_DIR", Path.cwd() / "var")) / "bench" / "load.json"
    try:
        runs = json.loads(path.read_text())
        runs = runs if isinstance(runs, dict) and all(isinstance(r, dict) and "groups" in r for r in runs.values()) \
            else {}
    except (OSError, ValueError):
        runs = {}
    runs[result["vendor"]] = result
    path.write_text(json.dumps(runs, indent=1, ensure_ascii=False))
    print()
    print(table({result["vendor"]: result}))
    slowest = sorted(result["urls"].items(), key=lambda item: -item[1]["p95_ms"])[:5]
    print("\nslowest (p95 ms): " + ", ".join(f"{label} {row['p95_ms']}" for label, row in slowest))
    for sample in result["error_samples"][:5]:
        print(f"  error: {sample}")
    say(f"wrote {path}")


if __name__ == "__main__":
    main()
