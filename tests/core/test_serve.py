"""``thidua serve``: the supervisor's back-off and stop, and the production server surviving a killed process.

The server test starts real processes over its own SQLite file (see live_server.py): it runs on SQLite in both
suite runs.
"""

import io
import os
import re
import signal
import sys

import pytest

from tests.core.live_server import PRODUCTION_ENV, Server, database, environment
from thidua.core.management.commands.serve import child_commands
from thidua.core.supervisor import ChildSpec, Supervisor, backoff

#: ``[2026-12-05 03:09:44 +0700] [16177] [INFO] Listening at: …`` (the master) and ``… Booting worker …``.
GUNICORN_PID = re.compile(r"\] \[(\d+)\] \[INFO\] (?:Listening at|Booting worker)")
EXIT_3 = [sys.executable, "-c", "raise SystemExit(3)"]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_backoff_doubles_from_one_second_up_to_thirty():
    assert [backoff(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_child_that_dies_is_logged_and_restarted_after_its_backoff():
    clock, log = Clock(), io.StringIO()
    supervisor = Supervisor([ChildSpec("flaky", EXIT_3)], log=log, clock=clock)
    supervisor.start()
    child = supervisor.children[0]
    first = child.process.pid
    child.process.wait()
    clock.now += 0.5
    supervisor.check()
    assert log.getvalue() == f"[serve] flaky (pid {first}) exited with code 3 after 0 s; restarting in 1 s\n"
    clock.now += 0.9
    supervisor.check()
    assert child.process is None  # still waiting
    clock.now += 0.1
    supervisor.check()
    second = child.process.pid
    assert second != first
    assert log.getvalue().endswith(f"[serve] flaky restarted (pid {second}, restart 1)\n")
    child.process.wait()
    supervisor.check()
    assert log.getvalue().endswith("exited with code 3 after 0 s; restarting in 2 s\n")  # died quickly again
    supervisor.stop()


def test_child_that_ran_a_minute_waits_one_second_again():
    clock, log = Clock(), io.StringIO()
    supervisor = Supervisor([ChildSpec("flaky", EXIT_3)], log=log, clock=clock)
    supervisor.start()
    child = supervisor.children[0]
    child.failures = 4  # it had died quickly four times before this run
    child.process.wait()
    clock.now += 61
    supervisor.check()
    assert log.getvalue().endswith("exited with code 3 after 61 s; restarting in 1 s\n")
    assert child.failures == 1


def test_a_signal_death_names_the_signal():
    clock, log = Clock(), io.StringIO()
    supervisor = Supervisor([ChildSpec("web", [sys.executable, "-c", "import time; time.sleep(60)"])], log=log,
                            clock=clock)
    supervisor.start()
    process = supervisor.children[0].process
    process.kill()
    process.wait()
    supervisor.check()
    assert f"web (pid {process.pid}) exited with code -9 (signal SIGKILL)" in log.getvalue()
    supervisor.stop()


def test_stop_terminates_every_child_and_restarts_none():
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    supervisor = Supervisor([ChildSpec("a", sleeper), ChildSpec("b", sleeper)], log=io.StringIO())
    supervisor.start()
    processes = [child.process for child in supervisor.children]
    supervisor.request_stop()
    supervisor.stop()
    assert [p.returncode for p in processes] == [-signal.SIGTERM, -signal.SIGTERM]
    supervisor.check()
    assert [child.process for child in supervisor.children] == processes  # nothing started again


def test_children_are_the_web_server_workers_and_the_schedule():
    production = child_commands(host="127.0.0.1", port="8000", workers=3, job_workers=2, production=True)
    assert [c.name for c in production] == ["web", "worker-1", "worker-2", "remind"]
    web = list(production[0].argv)
    assert web[1:4] == ["-m", "gunicorn", "thidua.config.wsgi:application"]
    assert web[web.index("--workers") + 1] == "3" and web[web.index("--worker-class") + 1] == "gthread"
    development = child_commands(host="127.0.0.1", port="8000", workers=3, job_workers=1, production=False,
                                 background=False)
    assert [c.name for c in development] == ["web"]
    assert "runserver" in development[0].argv


@pytest.fixture
def production_server(tmp_path, tmp_path_factory):
    db = database("empty", tmp_path / "db.sqlite3", tmp_path_factory.getbasetemp() / "live-db")
    env = environment(db, tmp_path / "var", **PRODUCTION_ENV)
    running = Server("--no-worker", "--workers", "2", env=env, log=tmp_path / "serve.log")
    try:
        yield running
    finally:
        running.stop()


def _gone_within(pid: int, *, seconds: float) -> bool:
    """Whether process ``pid`` has ended (or is a zombie waiting to be reaped) within ``seconds``."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[-1].split()[0] == "Z":
                    return True
        except OSError:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)


def test_production_serve_collects_static_and_survives_a_killed_gunicorn(production_server, tmp_path):
    server = production_server
    server.wait_until_up(timeout=90)
    assert "Starting gunicorn" in server.output()
    status, body = server.request("GET", "/static/thidua/app.css")
    assert status == 200 and len(body) > 100  # collected by serve, served by whitenoise
    assert (tmp_path / "var" / "static" / "staticfiles.json").exists()

    def gunicorn_pids() -> list[int]:
        return [int(pid) for pid in GUNICORN_PID.findall(server.output())]

    master = gunicorn_pids()[0]
    os.kill(master, signal.SIGKILL)
    server.wait_for_log(f"[serve] web (pid {master}) exited with code -9 (signal SIGKILL)", timeout=10)
    server.wait_for_log("[serve] web restarted", timeout=10)
    server.wait_until_up(timeout=20)
    assert server.output().count("Listening at:") == 2  # a new gunicorn answers
    status, _ = server.request("GET", "/static/thidua/app.css")
    assert status == 200
    pids = gunicorn_pids()
    assert server.stop() == 0
    # The SIGTERM stopped the new gunicorn and its workers; the old workers leave by themselves once they notice
    # their master is gone (each checks at its own pace, so a busy machine may take some seconds).
    assert [pid for pid in pids if not _gone_within(pid, seconds=60)] == []
