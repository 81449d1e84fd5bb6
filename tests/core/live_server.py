"""Real ``thidua serve`` processes on loopback ports, over their own SQLite file databases.

These tests need a file database (a server in another process cannot see pytest's in-memory or transactional test
database), so they use SQLite in both suite runs. Migrating takes a while: the migrated file (and a copy with the
demo province) is built once per test session, then copied for each test.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

THIDUA = str(Path(sys.executable).with_name("thidua"))
#: Production settings over plain http on the loopback (the SSL redirect and secure cookies off).
PRODUCTION_ENV = {
    "THIDUA_ENV": "production",
    "SECRET_KEY": "serve-test-" + "k" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "THIDUA_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "THIDUA_HSTS_SECONDS": "0",
}

_templates: dict[str, Path] = {}


def environment(database: Path, var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "THIDUA_ENV", "DEBUG", "SECRET_KEY"}}
    env.update(DATABASE_URL=f"sqlite:///{database}", THIDUA_VAR_DIR=str(var_dir),
               DJANGO_SETTINGS_MODULE="thidua.config.settings", PYTHONUNBUFFERED="1", **extra)
    return env


def _thidua(*args: str, env: dict[str, str]) -> None:
    result = subprocess.run([THIDUA, *args], env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, f"thidua {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"


def database(kind: str, destination: Path, cache_root: Path) -> Path:
    """A copy at ``destination`` of a migrated SQLite file: ``"empty"`` (no users) or ``"demo"`` (the province)."""
    if kind not in _templates:
        cache_root.mkdir(parents=True, exist_ok=True)
        if "empty" not in _templates:
            empty = cache_root / "empty.sqlite3"
            _thidua("migrate", "--noinput", "-v0", env=environment(empty, cache_root / "var"))
            _templates["empty"] = empty
        if kind == "demo":
            demo = cache_root / "demo.sqlite3"
            shutil.copyfile(_templates["empty"], demo)
            _thidua("demo", "-v0", env=environment(demo, cache_root / "var"))
            _templates["demo"] = demo
    shutil.copyfile(_templates[kind], destination)
    return destination


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``thidua serve`` in a subprocess, its stdout and stderr in ``log``."""

    def __init__(self, *args: str, env: dict[str, str], log: Path):
        self.port = free_port()
        self.log = log
        self._log_file = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen([THIDUA, "serve", "--host", "127.0.0.1", "--port", str(self.port), *args],
                                        env=env, stdout=self._log_file, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def request(self, method: str, path: str, *, body: dict | None = None, headers: dict | None = None,
                timeout: float = 90) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = json.dumps(body).encode() if body is not None else None
            sent = {"Content-Type": "application/json"} if data is not None else {}
            connection.request(method, path, body=data, headers={**sent, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def wait_until_up(self, path: str = "/accounts/login/", *, timeout: float = 60) -> float:
        """Seconds until ``path`` answers 200; fails after ``timeout`` or if serve exits."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            assert self.process.poll() is None, f"serve exited with {self.process.returncode}:\n{self.output()}"
            try:
                if self.request("GET", path, timeout=5)[0] == 200:
                    return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"{path} did not answer 200 within {timeout} s:\n{self.output()}")

    def wait_for_log(self, text: str, *, timeout: float = 30) -> None:
        started = time.monotonic()
        while text not in self.output():
            assert time.monotonic() - started < timeout, f"{text!r} not logged within {timeout} s:\n{self.output()}"
            time.sleep(0.05)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()
        return self.process.returncode


def token(server: Server, username: str, password: str) -> str:
    status, body = server.request("POST", "/api/v1/auth/token", body={"username": username, "password": password})
    assert status == 200, body
    return json.loads(body)["token"]
