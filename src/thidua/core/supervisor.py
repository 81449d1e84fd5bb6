"""Keep a handful of child processes running: what ``thidua serve`` stands on.

A child that dies is logged (one line on stderr: which child, its exit code) and started again after a back-off that
doubles with each quick death: 1 s, 2 s, 4 s … capped at 30 s. A child that had run ``stable_after`` seconds (60)
before dying counts as healthy again, so its next restart waits 1 s. ``request_stop`` (from a SIGTERM/SIGINT
handler) ends ``run``; ``stop`` then sends SIGTERM to every child still alive and SIGKILL to any that outlives
``stop_timeout``.

Times come from ``clock`` (monotonic seconds) so tests can step through the back-off without sleeping.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TextIO


@dataclass(frozen=True)
class ChildSpec:
    """A child to keep running: a short name for the log and its command line."""

    name: str
    argv: Sequence[str]


@dataclass
class Child:
    spec: ChildSpec
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    #: Deaths in a row, each after less than ``stable_after`` seconds of running.
    failures: int = 0
    #: When the child is due to start again (None while it runs).
    restart_at: float | None = None
    restarts: int = 0
    pids: list[int] = field(default_factory=list)


def backoff(failures: int, *, first: float = 1.0, cap: float = 30.0) -> float:
    """Seconds to wait before the restart that follows ``failures`` quick deaths in a row (1 → first)."""
    return min(cap, first * 2 ** max(0, failures - 1))


def describe_exit(code: int) -> str:
    """``code 3`` or ``signal SIGKILL`` (Popen gives a signal death as a negative code)."""
    if code < 0:
        try:
            return f"code {code} (signal {signal.Signals(-code).name})"
        except ValueError:
            return f"code {code}"
    return f"code {code}"


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the child gets SIGTERM when the supervisor dies, even by SIGKILL, so no orphan keeps the port."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Supervisor:
    def __init__(
        self,
        specs: Sequence[ChildSpec],
        *,
        env: Mapping[str, str] | None = None,
        log: TextIO | None = None,
        first_delay: float = 1.0,
        max_delay: float = 30.0,
        stable_after: float = 60.0,
        stop_timeout: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.children = [Child(spec) for spec in specs]
        self.env = dict(env) if env is not None else None
        self.log = log or sys.stderr
        self.first_delay, self.max_delay, self.stable_after = first_delay, max_delay, stable_after
        self.stop_timeout = stop_timeout
        self.clock = clock
        self.stopping = False

    def say(self, message: str) -> None:
        print(f"[serve] {message}", file=self.log, flush=True)

    def _spawn(self, child: Child, now: float) -> None:
        preexec = _die_with_parent if sys.platform.startswith("linux") else None
        child.process = subprocess.Popen(list(child.spec.argv), env=self.env, preexec_fn=preexec)
        child.started_at, child.restart_at = now, None
        child.pids.append(child.process.pid)

    def start(self) -> None:
        now = self.clock()
        for child in self.children:
            self._spawn(child, now)

    def check(self) -> None:
        """One pass: notice children that died and schedule their restart; start those whose wait is over."""
        now = self.clock()
        for child in self.children:
            if child.process is not None:
                code = child.process.poll()
                if code is None or self.stopping:
                    continue
                ran = now - child.started_at
                child.failures = 1 if ran >= self.stable_after else child.failures + 1
                delay = backoff(child.failures, first=self.first_delay, cap=self.max_delay)
                child.process, child.restart_at = None, now + delay
                self.say(f"{child.spec.name} (pid {child.pids[-1]}) exited with {describe_exit(code)} after "
                         f"{ran:.0f} s; restarting in {delay:g} s")
            elif child.restart_at is not None and now >= child.restart_at and not self.stopping:
                self._spawn(child, now)
                child.restarts += 1
                self.say(f"{child.spec.name} restarted (pid {child.process.pid}, restart {child.restarts})")

    def request_stop(self, *_args) -> None:
        """Usable as a signal handler."""
        self.stopping = True

    def run(self, *, poll: float = 0.2) -> None:
        """Start the children and keep them running until ``request_stop``; then stop them all."""
        self.start()
        try:
            while not self.stopping:
                self.check()
                time.sleep(poll)
        finally:
            self.stop()

    def stop(self) -> None:
        self.stopping = True
        alive = [c.process for c in self.children if c.process is not None and c.process.poll() is None]
        for process in alive:
            try:
                process.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + self.stop_timeout
        for process in alive:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
