"""Two application servers and two workers on one PostgreSQL and one Redis, as several machines would run them.

Two gunicorn processes (production settings, cache on Redis, tasks on RQ) and two ``thidua worker`` processes on a
PostgreSQL database made for the test: a session made by logging in through one server works on the other; jobs
enqueued through either server, or by the services, are each run exactly once; a worker killed mid-job (its work
horse with it) leaves the job to the other, whose reaper takes it back.

Needs PostgreSQL (the test run's database server, or TEST_DATABASE_URL's in the SQLite run) and Redis
(``TEST_REDIS_URL``, default the local one). Without them it skips, unless ``THIDUA_REQUIRE_SERVICES=1`` (CI),
which makes a missing service a failure.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.core.test_worker_crash import (
    PYTHON,
    ROOT,
    WAIT,
    Deployment,
    _postgres_admin,
    _wait_for_file,
    postgres_server,
    postgres_url,
)

GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
#: A Redis database of its own, so the queue holds this test's jobs only.
REDIS_DB = 14


def _redis_url() -> str | None:
    base = urlsplit(os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/0")
    try:
        with socket.create_connection((base.hostname or "127.0.0.1", base.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(16).startswith(b"+PONG"):
                return None
    except OSError:
        return None
    return f"{base.scheme}://{base.netloc}/{REDIS_DB}"


def _services_or_skip() -> str:
    missing = []
    if postgres_server() is None:
        missing.append("PostgreSQL (DATABASE_URL or TEST_DATABASE_URL=postgresql://…)")
    redis_url = _redis_url()
    if redis_url is None:
        missing.append("Redis (TEST_REDIS_URL)")
    if missing:
        message = "needs " + " and ".join(missing)
        if os.environ.get("THIDUA_REQUIRE_SERVICES") == "1":
            pytest.fail(message + " (THIDUA_REQUIRE_SERVICES=1)")
        pytest.skip(message)
    return redis_url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster(Deployment):
    def worker(self) -> subprocess.Popen:
        # A session of its own: killing the group kills the RQ worker and its work horse together.
        process = subprocess.Popen([PYTHON, "-m", "tests.core.worker_harness", "worker"], env=self.env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=open(self.log, "a"),  # noqa: SIM115
                                   start_new_session=True)
        self.processes.append(process)
        return process

    def server(self) -> str:
        port = _free_port()
        process = subprocess.Popen([GUNICORN, "thidua.config.wsgi:application", "-b", f"127.0.0.1:{port}",
                                    "--workers", "2", "--timeout", "60"], env=self.env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=open(self.log, "a"),  # noqa: SIM115
                                   start_new_session=True)
        self.processes.append(process)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return url
            except OSError:
                assert process.poll() is None, self.log.read_text()[-3000:]
                time.sleep(0.3)
        raise AssertionError(f"gunicorn on {port} never answered")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def cluster(tmp_path):
    redis_url = _services_or_skip()
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    name = f"thidua_multi_{os.getpid()}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "THIDUA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE":
           "thidua.config.settings", "THIDUA_ENV": "production", "SECRET_KEY": "multi-node-test-" + "x" * 40,
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "THIDUA_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0",
           "CSRF_COOKIE_SECURE": "0", "THIDUA_HSTS_SECONDS": "0", "CACHE_URL": redis_url, "REDIS_URL": redis_url,
           "TASKS_BACKEND": "django_tasks_rq.RQBackend", "THIDUA_JOB_HEARTBEAT_SECONDS": "0.5",
           "THIDUA_JOB_STALE_SECONDS": "3", "THIDUA_JOB_REAP_SECONDS": "1",
           "DATABASE_URL": postgres_url(name)}
    with _postgres_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    for command in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        done = subprocess.run([PYTHON, "-m", "django", *command], env=env, cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
    cluster = Cluster(env, tmp_path / "cluster.log")
    try:
        yield cluster
    finally:
        cluster.stop()
        with _postgres_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _csrf(session, url: str) -> str:
    page = session.get(url, timeout=30)
    assert page.status_code == 200, page.text[-2000:]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]


def _export(session, server: str) -> int:
    """Start the registry's XLSX export (a real job) through ``server``; returns the job's id."""
    token = _csrf(session, f"{server}/awards/")
    response = session.post(f"{server}/awards/export/", data={"csrfmiddlewaretoken": token},
                             headers={"Referer": f"{server}/awards/"}, allow_redirects=False, timeout=30)
    assert response.status_code == 302, response.text[-2000:]
    return int(re.search(r"/jobs/(\d+)/", response.headers["Location"])[1])


def test_two_servers_and_two_workers_share_sessions_and_run_each_job_once(cluster, tmp_path):
    import requests

    servers = [cluster.server(), cluster.server()]
    workers = [cluster.worker(), cluster.worker()]
    cluster.run("user", "canbo", "mat-khau-rat-dai-2025")

    # A session made through the first server works on the second (sessions in the shared database).
    session = requests.Session()
    token = _csrf(session, f"{servers[0]}/accounts/login/")
    login = session.post(f"{servers[0]}/accounts/login/", allow_redirects=False, timeout=30,
                         data={"username": "canbo", "password": "mat-khau-rat-dai-2025",
                               "csrfmiddlewaretoken": token}, headers={"Referer": f"{servers[0]}/accounts/login/"})
    assert login.status_code == 302 and "/accounts/login" not in login.headers["Location"], login.text[-2000:]
    assert session.get(f"{servers[1]}/awards/", allow_redirects=False, timeout=30).status_code == 200
    assert requests.get(f"{servers[1]}/awards/", allow_redirects=False, timeout=30).status_code == 302  # no session

    # Jobs enqueued through either server run once each, on either worker.
    http_jobs = [_export(session, servers[n % 2]) for n in range(4)]
    log = tmp_path / "runs"
    queued = cluster.start("tests.write_then_sleep", {"rows": 2, "sleep_after": 0.5, "sleep_on": [],
                                                      "log": str(log)}, count=6)
    states = cluster.wait_for(http_jobs + queued, lambda s: all(v["status"] == "succeeded" for v in s.values()),
                              "not every job finished")
    assert {v["attempts"] for v in states.values()} == {1}
    runs = [line.split() for line in log.read_text().splitlines()]
    assert sorted(int(job) for job, _pid in runs) == sorted(queued)
    done = session.get(f"{servers[1]}/jobs/{http_jobs[0]}/", timeout=30).text
    assert f"/jobs/{http_jobs[0]}/download" in done
    assert session.get(f"{servers[0]}/jobs/{http_jobs[0]}/download", timeout=30).content[:2] == b"PK"

    # One worker killed mid-job (with its work horse): the other takes the job back and finishes it.
    written = tmp_path / "written"
    [job_id] = cluster.start("tests.write_then_sleep", {"rows": 50, "sleep": 120, "sleep_on": [1],
                                                        "written": str(written), "log": str(log)})
    horse = int(_wait_for_file(written))
    victim = next(w for w in workers if horse == w.pid or _is_child(horse, w.pid))
    os.killpg(victim.pid, signal.SIGKILL)
    if horse != victim.pid:
        os.kill(horse, signal.SIGKILL)  # RQ's work horse runs in a session of its own
    victim.wait()
    state = cluster.state([job_id])[job_id]
    # Nothing of the killed attempt stays (the other worker may already be at, or past, its own attempt).
    assert (state["attempts"], state["holidays"]) in {(1, 0), (2, 0), (2, 50)}, state
    state = cluster.wait_for([job_id], lambda s: s[job_id]["status"] in ("succeeded", "failed"),
                             "the other worker never took the job back")[job_id]
    assert (state["status"], state["attempts"], state["holidays"]) == ("succeeded", 2, 50)
    survivor = next(w for w in workers if w is not victim)
    assert json.dumps(state["worker"]) and survivor.poll() is None
    assert [int(job) for job, _pid in (line.split() for line in log.read_text().splitlines())].count(job_id) == 1


def _is_child(pid: int, parent: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return int(stat.rpartition(")")[2].split()[1]) == parent
