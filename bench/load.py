# NOTE to the helper that wrote bench/load.py first: a second helper, started with the same brief at 20:19 UTC,
# overwrote your file by mistake at 20:23 (it did not know you were still working). This is its version: the same
# environment variables, file names and output as your README and Makefile describe. Keep it or replace it with
# yours, then delete this note. (The second helper stopped after this and reported to the session that started it.)
"""``make loadtest``: the production server under 50 signed-in clerks, on the loopback only (issue 13).

1. Builds the load database once and reuses it (``bench/load_data.py``: the bench's province, plus one unit clerk
   per unit with a known password): ``var/bench/load-<scale>.sqlite3`` by default, or the database ``thidua_load``
   on the PostgreSQL server ``DATABASE_URL`` names (the database ``DATABASE_URL`` itself is never touched).
   ``LOAD_REBUILD=1`` starts again from an empty database.
2. Starts ``thidua serve --no-worker`` (gunicorn, production settings over plain http) on a free loopback port.
3. Signs ``LOAD_USERS`` clerks in through the login page (session) and the token endpoint (API), then each clerk, in
   its own thread, loops for ``LOAD_SECONDS``: a page (home, campaign, deadline overview, progress dashboard, target,
   nominations, registry…), an API list, or a write (a corrected monthly value for the clerk's own target, or a new
   draft dossier), with a think time drawn around ``LOAD_THINK`` seconds (0: as fast as the server answers).
4. Writes ``var/bench/load.json``: requests per second, p50/p95/p99 per group (pages, api reads, writes) and overall,
   per request name, the errors (anything not 2xx/3xx) and how many said "database is locked".

Environment: LOAD_SECONDS (60), LOAD_USERS (50), LOAD_THINK (1.0), LOAD_SCALE (province), LOAD_WORKERS (the server's
default: THIDUA_WEB_WORKERS or 2 × cores + 1), LOAD_REBUILD, DATABASE_URL.
"""

from __future__ import annotations

import http.client
import json
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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .load_data import MAX_USERS, PASSWORD

ROOT = Path(__file__).resolve().parent.parent
THIDUA = str(Path(sys.executable).with_name("thidua"))
PG_LOAD_NAME = "thidua_load"
LOCKED = "database is locked"
#: Share of each kind of request in a clerk's loop.
MIX = {"pages": 0.5, "api": 0.35, "writes": 0.15}
#: Production settings over plain http on the loopback.
SERVER_ENV = {
    "THIDUA_ENV": "production",
    "SECRET_KEY": "load-test-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "THIDUA_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "THIDUA_HSTS_SECONDS": "0",
}


def say(message: str) -> None:
    print(f"[load] {message}", flush=True)


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://"))


def load_database_url(bench_dir: Path, scale: str, rebuild: bool) -> str:
    """The load database's URL, created (empty) when missing or when ``rebuild``."""
    url = os.environ.get("DATABASE_URL", "")
    if not _is_postgres(url):
        path = bench_dir / f"load-{scale}.sqlite3"
        if rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path.resolve()}"
    import psycopg

    parts = urllib.parse.urlsplit(url)
    if parts.path.strip("/") == PG_LOAD_NAME:
        sys.exit(f"DATABASE_URL names {PG_LOAD_NAME} itself: name the server's usual database instead")
    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_LOAD_NAME]).fetchone()
        if exists and rebuild:
            connection.execute(f"DROP DATABASE {PG_LOAD_NAME}")
            exists = None
        if not exists:
            connection.execute(f"CREATE DATABASE {PG_LOAD_NAME}")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{PG_LOAD_NAME}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """One clerk's connection: keep-alive HTTP/1.1, cookies, the CSRF token and an API token."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.connection: http.client.HTTPConnection | None = None
        self.last_used = 0.0

    def _connection(self) -> http.client.HTTPConnection:
        # gunicorn closes an idle keep-alive connection after 2 s: open a fresh one rather than race that close.
        if self.connection is None or time.monotonic() - self.last_used > 1.5:
            if self.connection is not None:
                self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        return self.connection

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
                api: bool = False) -> tuple[int, bytes]:
        sent = dict(headers or {})
        if api:
            sent["Authorization"] = f"Bearer {self.token}"
        elif self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = self._connection()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            connection.close()
            self.connection = None
            raise
        finally:
            self.last_used = time.monotonic()
        for header in response.msg.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            self.connection = None
        return response.status, data

    def sign_in(self, username: str) -> None:
        status, page = self.request("GET", "/accounts/login/")
        assert status == 200, f"login page: {status}"
        csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf})
        status, body = self.request("POST", "/accounts/login/", body=form.encode(),
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302 and "sessionid" in self.cookies, f"{username}: login answered {status} {body[:200]!r}"
        status, body = self.request("POST", "/api/v1/auth/token", body=json.dumps(
            {"username": username, "password": PASSWORD}).encode(), headers={"Content-Type": "application/json"})
        assert status == 200, f"{username}: token answered {status} {body[:200]!r}"
        self.token = json.loads(body)["token"]


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: (group, name, status, seconds) per request; status 0 is a connection error.
    samples: list[tuple[str, str, int, float]] = field(default_factory=list)
    errors: list[tuple[str, int, str]] = field(default_factory=list)
    locked: int = 0

    def add(self, group: str, name: str, status: int, seconds: float, body: bytes) -> None:
        with self.lock:
            self.samples.append((group, name, status, seconds))
            if not 200 <= status < 400:
                self.errors.append((name, status, body[:300].decode(errors="replace")))
                self.locked += LOCKED.encode() in body


class Clerk:
    """What one unit clerk does in a loop: read pages and lists, correct a value, open a draft dossier."""

    def __init__(self, browser: Browser, user: dict, meta: dict, rng: random.Random):
        self.browser, self.user, self.meta, self.rng = browser, user, meta, rng
        self.version: int | None = None

    def pages(self) -> list[tuple[str, str]]:
        c, d, t = self.meta["campaign_id"], self.meta["deadline_id"], self.user["target_id"]
        return [("home", "/"), ("campaigns", "/campaigns/"), ("campaign", f"/campaigns/{c}/"),
                ("deadline_overview", f"/campaigns/deadlines/{d}/"),
                ("progress_dashboard", f"/campaigns/{c}/progress/"),
                ("unit_progress", f"/campaigns/{c}/progress/units/{self.user['unit_id']}/"),
                ("target", f"/targets/{t}/"), ("nominations", "/nominations/"), ("registry", "/awards/"),
                ("unit", f"/units/{self.user['unit_id']}/")]

    def api_reads(self) -> list[tuple[str, str]]:
        c, d, u = self.meta["campaign_id"], self.meta["deadline_id"], self.user["unit_id"]
        return [("api.campaigns", "/api/v1/campaigns"), ("api.campaign", f"/api/v1/campaigns/{c}"),
                ("api.targets", f"/api/v1/targets?campaign={c}&unit={u}"),
                ("api.target", f"/api/v1/targets/{self.user['target_id']}"),
                ("api.nominations", f"/api/v1/nominations?unit={u}"),
                ("api.awards", f"/api/v1/awards?unit={u}&limit=50"),
                ("api.deadline_submissions", f"/api/v1/deadlines/{d}/submissions"),
                ("api.progress_summary", f"/api/v1/campaigns/{c}/progress-summary")]

    def write(self) -> tuple[str, int, bytes]:
        b = self.browser
        if self.rng.random() < 0.6:
            target = self.user["target_id"]
            if self.version is None:
                status, body = b.request("GET", f"/api/v1/targets/{target}", api=True)
                self.version = json.loads(body)["version"] if status == 200 else 1
            value = f"{self.rng.uniform(10, 100):.2f}"
            payload = {"period_end": self.meta["period_end"], "value": value, "note": "load test",
                       "version": self.version}
            status, body = b.request("POST", f"/api/v1/targets/{target}/progress", body=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"}, api=True)
            self.version = json.loads(body)["version"] if status == 201 else None
            return "api.progress_record", status, body
        payload = {"unit_id": self.user["unit_id"], "year": self.meta["year"],
                   "title": f"load {self.user['username']} {time.time():.3f}"}
        status, body = b.request("POST", "/api/v1/nominations", body=json.dumps(payload).encode(),
                                 headers={"Content-Type": "application/json"}, api=True)
        return "api.nomination_create", status, body

    def run(self, until: float, think: float, results: Results) -> None:
        pages, reads = self.pages(), self.api_reads()
        while time.monotonic() < until:
            kind = self.rng.choices(list(MIX), weights=list(MIX.values()))[0]
            started = time.perf_counter()
            try:
                if kind == "writes":
                    name, status, body = self.write()
                else:
                    name, path = self.rng.choice(pages if kind == "pages" else reads)
                    status, body = self.browser.request("GET", path, api=kind == "api")
            except (http.client.HTTPException, OSError) as exc:
                name, status, body = locals().get("name", kind), 0, repr(exc).encode()
            results.add(kind, name, status, time.perf_counter() - started, body)
            if think:
                time.sleep(self.rng.uniform(0.5 * think, 1.5 * think))


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list (0 if empty), in milliseconds."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), round(p / 100 * len(sorted_values) + 0.5)))
    return round(sorted_values[rank - 1] * 1000, 1)


def summary(samples: list[tuple[str, str, int, float]], seconds: float) -> dict:
    times = sorted(s[3] for s in samples)
    return {"requests": len(samples), "req_per_s": round(len(samples) / seconds, 1),
            "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "p99_ms": percentile(times, 99),
            "max_ms": round(times[-1] * 1000, 1) if times else 0.0,
            "errors": sum(1 for s in samples if not 200 <= s[2] < 400)}


def report(results: Results, seconds: float, settings: dict) -> dict:
    groups, names = defaultdict(list), defaultdict(list)
    for sample in results.samples:
        groups[sample[0]].append(sample)
        names[sample[1]].append(sample)
    return {
        **settings,
        "seconds": round(seconds, 1),
        "overall": summary(results.samples, seconds),
        "groups": {group: summary(groups[group], seconds) for group in MIX},
        "by_request": {name: summary(found, seconds) for name, found in sorted(names.items())},
        "errors": len(results.errors),
        "database_locked": results.locked,
        "error_statuses": dict(Counter(f"{name} {status}" for name, status, _ in results.errors)),
        "error_examples": [f"{name} {status}: {text}" for name, status, text in results.errors[:5]],
    }


def table(result: dict) -> str:
    lines = [f"{'':12} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"]
    for label, row in [("overall", result["overall"]), *result["groups"].items()]:
        lines.append(f"{label:12} {row['requests']:>8} {row['req_per_s']:>7} {row['p50_ms']:>8} {row['p95_ms']:>8} "
                     f"{row['p99_ms']:>8} {row['errors']:>6}")
    return "\n".join(lines)


def main() -> None:
    seconds = float(os.environ.get("LOAD_SECONDS", 60))
    users = int(os.environ.get("LOAD_USERS", 50))
    think = float(os.environ.get("LOAD_THINK", 1.0))
    scale = os.environ.get("LOAD_SCALE", "province")
    if not 1 <= users <= MAX_USERS:
        sys.exit(f"LOAD_USERS must be between 1 and {MAX_USERS}")
    var_dir = Path(os.environ.get("THIDUA_VAR_DIR", ROOT / "var"))
    bench_dir = var_dir / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    url = load_database_url(bench_dir, scale, os.environ.get("LOAD_REBUILD") == "1")
    base_env = {k: v for k, v in os.environ.items() if k not in {"THIDUA_ENV", "DEBUG", "SECRET_KEY"}}
    base_env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="thidua.config.settings", PYTHONUNBUFFERED="1")
    vendor = "postgresql" if _is_postgres(url) else "sqlite"
    meta_path = bench_dir / f"load-{vendor}-{scale}.meta.json"
    subprocess.run([sys.executable, "-m", "bench.load_data", str(meta_path), scale, str(users)], env=base_env,
                   cwd=ROOT, check=True)
    meta = json.loads(meta_path.read_text())
    if len(meta["users"]) < users:
        sys.exit(f"the load database has only {len(meta['users'])} units with a target; lower LOAD_USERS")

    port = free_port()
    server_args = ["serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port)]
    if os.environ.get("LOAD_WORKERS"):
        server_args += ["--workers", os.environ["LOAD_WORKERS"]]
    log_path = bench_dir / "load-server.log"
    server_env = {**base_env, **SERVER_ENV, "THIDUA_VAR_DIR": str(bench_dir / "load-var")}
    with open(log_path, "wb") as log:
        server = subprocess.Popen([THIDUA, *server_args], env=server_env, stdout=log, stderr=subprocess.STDOUT,
                                  cwd=ROOT)
    try:
        result = drive(port, server, meta, users=users, seconds=seconds, think=think)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    server_log = log_path.read_text(errors="replace")
    result["database_locked_in_server_log"] = server_log.count(LOCKED)
    result.update(scale=scale, database=meta["vendor"], server_log=str(log_path))
    out = bench_dir / "load.json"
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print()
    print(f"{meta['vendor']}, {scale}: {users} users for {result['seconds']} s, think {think} s")
    print(table(result))
    print(f"errors {result['errors']}, database is locked {result['database_locked']} "
          f"(server log: {result['database_locked_in_server_log']})")
    print(f"[load] wrote {out}")
    if result["errors"]:
        sys.exit(1)


def drive(port: int, server: subprocess.Popen, meta: dict, *, users: int, seconds: float, think: float) -> dict:
    browser = Browser(port)
    started = time.monotonic()
    while True:
        if server.poll() is not None:
            sys.exit(f"the server exited with {server.returncode}; see var/bench/load-server.log")
        try:
            if browser.request("GET", "/accounts/login/")[0] == 200:
                break
        except OSError:
            pass
        if time.monotonic() - started > 180:
            sys.exit("the server did not answer within 180 s")
        time.sleep(0.2)
    say(f"{meta['vendor']}: server up on 127.0.0.1:{port}; signing in {users} clerks")
    clerks = []
    for number, user in enumerate(meta["users"][:users]):
        browser = Browser(port)
        browser.sign_in(user["username"])
        clerks.append(Clerk(browser, user, meta, random.Random(number)))
    say(f"driving {users} clerks for {seconds:g} s (think time about {think:g} s)")
    results = Results()
    began = time.monotonic()
    until = began + seconds
    threads = [threading.Thread(target=clerk.run, args=(until, think, results)) for clerk in clerks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    return report(results, elapsed, {"users": users, "think_seconds": think})


if __name__ == "__main__":
    main()
