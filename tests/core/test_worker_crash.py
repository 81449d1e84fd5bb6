"""A worker killed with SIGKILL in the middle of a job: nothing it wrote stays, and another worker (its reaper)
runs the job again to the end; two workers side by side run every job exactly once.

Real processes on a real database: a temporary SQLite file, and, when the tests run on PostgreSQL, a database
created for the test and dropped after it. The job is ``tests.write_then_sleep`` (tests/core/job_handlers.py): it
writes its rows inside one transaction and sleeps before committing, the longest moment of an import.
"""

from __future__ import annotations

import datetime
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
WAIT = 90


def engines() -> list[str]:
    """The engine the tests run on (the SQLite run tests a SQLite file, the PostgreSQL run a PostgreSQL database)."""
    return ["postgresql" if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else "sqlite"]


class Deployment:
    """One database, migrated, and the processes started on it (killed at the end)."""

    def __init__(self, env: dict[str, str], log: Path):
        self.env, self.log, self.processes = env, log, []

    def run(self, *args: str) -> str:
        done = subprocess.run([PYTHON, "-m", "tests.core.worker_harness", *args], env=self.env, cwd=ROOT,
                              capture_output=True, text=True, timeout=WAIT)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip().splitlines()[-1]

    def worker(self) -> subprocess.Popen:
        process = subprocess.Popen([PYTHON, "-m", "tests.core.worker_harness", "worker", "--interval", "0.2"],
                                   env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=open(self.log, "a"))  # noqa: SIM115  closed with the process
        self.processes.append(process)
        return process

    def start(self, kind: str, params: dict, count: int = 1) -> list[int]:
        return json.loads(self.run("start", kind, json.dumps(params), str(count)))

    def state(self, ids: list[int]) -> dict[int, dict]:
        return {int(k): v for k, v in json.loads(self.run("state", json.dumps(ids))).items()}

    def wait_for(self, ids: list[int], predicate, what: str) -> dict[int, dict]:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            state = self.state(ids)
            if predicate(state):
                return state
            time.sleep(0.5)
        raise AssertionError(f"{what}: {self.state(ids)}\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait()


def postgres_server() -> dict | None:
    """The PostgreSQL server of this run, or of TEST_DATABASE_URL in the SQLite run (None: none known)."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return settings.DATABASES["default"]
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import environ

        return environ.Env.db_url_config(url)
    return None


def postgres_url(name: str) -> str:
    db = postgres_server()
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgresql://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _postgres_admin():
    import psycopg

    db = postgres_server()
    return psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                           password=db["PASSWORD"] or None, dbname="postgres", autocommit=True)


@pytest.fixture(params=engines())
def deployment(request, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "THIDUA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE":
           "thidua.config.settings", "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
           "THIDUA_JOB_HEARTBEAT_SECONDS": "0.5", "THIDUA_JOB_STALE_SECONDS": "3", "THIDUA_JOB_REAP_SECONDS": "1"}
    name = f"thidua_crash_{os.getpid()}"
    if request.param == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'thidua.sqlite3'}"
    else:
        env["DATABASE_URL"] = postgres_url(name)
        with _postgres_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    migrated = subprocess.run([PYTHON, "-m", "django", "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    deployment = Deployment(env, tmp_path / "workers.log")
    try:
        yield deployment
    finally:
        deployment.stop()
        if request.param == "postgresql":
            with _postgres_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_for_file(path: Path) -> str:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        time.sleep(0.1)
    raise AssertionError(f"{path} never appeared")


def test_a_worker_killed_mid_job_leaves_no_row_and_the_next_worker_finishes_the_job(deployment, tmp_path):
    first = deployment.worker()
    written, log = tmp_path / "written", tmp_path / "runs"
    [job_id] = deployment.start("tests.write_then_sleep", {"rows": 200, "sleep": 120, "sleep_on": [1],
                                                          "written": str(written), "log": str(log)})
    assert _wait_for_file(written) == str(first.pid)  # the rows are written, not committed: now kill it
    first.send_signal(signal.SIGKILL)
    first.wait()
    state = deployment.state([job_id])[job_id]
    assert (state["status"], state["attempts"], state["holidays"]) == ("running", 1, 0)

    second = deployment.worker()
    state = deployment.wait_for([job_id], lambda s: s[job_id]["status"] in ("succeeded", "failed"),
                                "the job was never taken back")[job_id]
    assert (state["status"], state["attempts"], state["holidays"]) == ("succeeded", 2, 200)
    assert state["worker"].endswith(f":{second.pid}")
    assert log.read_text().split() == [str(job_id), str(second.pid)]  # run to its end once, by the second worker


def test_two_workers_side_by_side_run_every_job_exactly_once(deployment, tmp_path):
    workers = [deployment.worker(), deployment.worker()]
    log = tmp_path / "runs"
    time.sleep(3)  # both are polling the queue
    ids = deployment.start("tests.write_then_sleep", {"rows": 3, "sleep_after": 1.2, "sleep_on": [],
                                                      "log": str(log)}, count=8)
    states = deployment.wait_for(ids, lambda s: all(v["status"] == "succeeded" for v in s.values()),
                                 "not every job finished")
    runs = [line.split() for line in log.read_text().splitlines()]
    assert sorted(int(job) for job, _pid in runs) == sorted(ids)  # each once
    assert {int(pid) for _job, pid in runs} == {w.pid for w in workers}  # and both workers took some
    assert {v["attempts"] for v in states.values()} == {1} and {v["holidays"] for v in states.values()} == {3}
    # The heartbeat moved while each handler slept outside its transaction.
    beats = [datetime.datetime.fromisoformat(v["heartbeat_at"]) - datetime.datetime.fromisoformat(v["started_at"])
             for v in states.values()]
    assert min(beats) >= datetime.timedelta(seconds=0.5)
