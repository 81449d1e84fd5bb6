"""Background jobs: a row the page polls for progress, and a django-tasks task that does the work.

A job kind names a handler registered with ``@job_handler("kind")``: ``handler(job, progress) -> (bytes, name)``,
or ``None`` when the job makes no file (an import). The handler runs in the worker; ``progress(percent,
message="")`` moves the page's bar. A handler that finds the user's input wrong raises ``JobFailed`` with the
errors to show (``[{"row", "column", "message"}]``); any other exception is recorded as a failure too.

Surviving the worker (issue 13):

- **Exactly once.** ``job_run`` claims the row (queued → running) in one conditional UPDATE, so a task delivered
  twice, or a job re-queued while its first run still goes on, is run by one worker only.
- **Heartbeat.** While a handler runs, a thread of the worker refreshes ``heartbeat_at`` every
  ``THIDUA_JOB_HEARTBEAT_SECONDS`` and writes the progress, on its own database connection: the handler's
  transaction neither hides the bar nor holds the job's row. A running job whose heartbeat is older than
  ``THIDUA_JOB_STALE_SECONDS`` belonged to a worker that died; ``jobs_reap`` runs it again once, then fails it with a
  reason the page shows.
- **Time limit.** ``THIDUA_JOB_TIME_LIMIT_SECONDS`` (or the handler's own ``time_limit``). In a worker's main thread
  a SIGALRM raises ``JobTimedOut`` inside the handler, so its transaction rolls back; a handler stuck in C code that
  never returns to Python is ended by the heartbeat thread, which records the failure and kills the worker process
  (only in a worker started by ``thidua worker``; the database then discards the open transaction and the
  supervisor starts a new worker).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import math
import os
import signal
import socket
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .access import access_of
from .audit import log_action
from .models import Job

logger = logging.getLogger(__name__)

Handler = Callable[[Job, Callable[..., None]], tuple[bytes, str] | None]
HANDLERS: dict[str, Handler] = {}
#: A handler's own time limit in seconds, when it declared one.
TIME_LIMITS: dict[str, int] = {}
#: A job whose worker died is started again until it has been started this many times, then failed.
MAX_ATTEMPTS = 2

#: Set by ``thidua worker`` (``allow_hard_kill``): the process runs jobs only, so ending it is the last resort
#: against a handler that ignores its time limit. Never set in a web server or a test process.
_hard_kill = False


class JobFailed(Exception):
    """The job's input is wrong: ``errors`` are shown to the user as they are."""

    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class JobTimedOut(BaseException):
    """Raised inside a handler that ran past its time limit. A BaseException, so that no ``except Exception`` in
    the handler swallows it; ``transaction.atomic`` rolls back on it like on any other."""


def job_handler(kind: str, *, time_limit: int | None = None):
    """Register ``handler`` for ``kind``; ``time_limit`` (seconds) overrides ``THIDUA_JOB_TIME_LIMIT_SECONDS``."""

    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        if time_limit:
            TIME_LIMITS[kind] = int(time_limit)
        else:
            TIME_LIMITS.pop(kind, None)
        return function

    return register


def allow_hard_kill() -> None:
    """Called by a dedicated worker process: a job past its limit by the grace may end the process."""
    global _hard_kill
    _hard_kill = True


def heartbeat_seconds() -> float:
    return float(getattr(settings, "THIDUA_JOB_HEARTBEAT_SECONDS", 10))


def stale_seconds() -> float:
    return float(getattr(settings, "THIDUA_JOB_STALE_SECONDS", 60))


def time_limit_of(kind: str) -> int:
    return TIME_LIMITS.get(kind) or int(getattr(settings, "THIDUA_JOB_TIME_LIMIT_SECONDS", 600))


def kill_grace_seconds() -> float:
    return float(getattr(settings, "THIDUA_JOB_KILL_GRACE_SECONDS", 30))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def timed_out_message(limit: int) -> str:
    if limit < 120:
        return ngettext("The job took longer than %(n)s second and was stopped; nothing was saved.",
                        "The job took longer than %(n)s seconds and was stopped; nothing was saved.",
                        limit) % {"n": limit}
    minutes = math.ceil(limit / 60)
    return ngettext("The job took longer than %(n)s minute and was stopped; nothing was saved.",
                    "The job took longer than %(n)s minutes and was stopped; nothing was saved.",
                    minutes) % {"n": minutes}


@transaction.atomic
def job_start(*, by, kind: str, params: dict) -> Job:
    """Queue a job; the task is enqueued only once the transaction commits, so the worker finds the row."""
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind}")
    job = Job.objects.create(created_by=by if getattr(by, "pk", None) else None, kind=kind, params=params)
    log_action("core.job.started", actor=by, target=job, data={"kind": kind, "params": params})
    _enqueue_on_commit(job.pk)
    return job


def _enqueue_on_commit(job_id: int) -> None:
    from .tasks import run_job

    transaction.on_commit(lambda: run_job.enqueue(job_id))


class _Heartbeat(threading.Thread):
    """Refreshes the job's heartbeat and writes its progress on this thread's own connection; past the time limit
    plus the grace (the SIGALRM did not stop the handler) it fails the job and, in a worker, ends the process."""

    def __init__(self, job_id: int, worker: str, *, limit: int, watchdog: bool):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id, self.worker, self.limit, self.watchdog = job_id, worker, limit, watchdog
        self.interval = max(0.05, heartbeat_seconds())
        self.kill_at = time.monotonic() + limit + kill_grace_seconds()
        self.stopped = threading.Event()
        self.wake = threading.Event()
        self.pending: tuple[int, str] | None = None
        self.lock = threading.Lock()

    def report(self, percent: int, message: str) -> None:
        with self.lock:
            self.pending = (percent, message)
        self.wake.set()

    def stop(self) -> None:
        self.stopped.set()
        self.wake.set()
        self.join(timeout=5.0)

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                woken = self.wake.wait(self.interval)
                self.wake.clear()
                if self.stopped.is_set():
                    break
                self._beat()
                if self.watchdog and _hard_kill and time.monotonic() > self.kill_at:
                    self._kill()
                if woken:
                    self.stopped.wait(0.3)  # a few writes a second at most, however often the handler reports
        finally:
            connection.close()

    def _beat(self) -> None:
        with self.lock:
            pending, self.pending = self.pending, None
        fields = {"heartbeat_at": timezone.now()}
        if pending is not None:
            fields.update(progress=pending[0], message=pending[1])
        try:
            self._update(**fields)
        except Exception as exc:  # noqa: BLE001  a missed beat is retried at the next one; the job goes on
            logger.warning("job %s: heartbeat not written (%s)", self.job_id, exc)
            with contextlib.suppress(Exception):
                connection.close()

    def _update(self, **fields) -> None:
        """Write the job's row unless another transaction holds it (skip the beat rather than wait on a lock)."""
        with transaction.atomic():
            mine = Job.objects.select_for_update(skip_locked=True).filter(
                pk=self.job_id, status=Job.Status.RUNNING, worker=self.worker)
            if list(mine.values_list("pk", flat=True)):
                Job.objects.filter(pk=self.job_id).update(**fields)

    def _kill(self) -> None:
        logger.error("job %s ignored its time limit of %ss: ending worker %s", self.job_id, self.limit, self.worker)
        with contextlib.suppress(Exception):
            self._update(status=Job.Status.FAILED, finished_at=timezone.now(),
                         message=timed_out_message(self.limit)[:500], errors=[])
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def _time_limit(seconds: int):
    """Raise ``JobTimedOut`` in this thread after ``seconds``, when it is the main thread (signals are delivered
    there only); an alarm already set (RQ's own job timeout) is put back afterwards, minus the time spent."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield False
        return

    def expired(signum, frame):
        raise JobTimedOut()

    previous_handler = signal.signal(signal.SIGALRM, expired)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:
            left = previous_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), previous_interval)


def _finish(job_id: int, worker: str, **fields) -> None:
    """The run's last write, only while this worker still holds the job (the reaper may have given it away)."""
    Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, worker=worker).update(
        finished_at=timezone.now(), **fields)


def job_run(job_id: int) -> Job:
    """Run a queued job to its end (called by the worker's task). Failures are recorded, not raised.

    A job that is not queued (done, or running in another worker) is left alone: every job runs once at a time.
    """
    worker = worker_name()
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, progress=0, message="", errors=[], started_at=now, heartbeat_at=now,
        worker=worker, attempts=F("attempts") + 1,
    )
    job = Job.objects.get(pk=job_id)
    if not claimed:
        return job
    limit = time_limit_of(job.kind)
    beat = _Heartbeat(job.pk, worker, limit=limit, watchdog=True) if heartbeat_seconds() > 0 else None
    last = {"progress": (0, "")}

    def progress(percent: int, message: str = "") -> None:
        state = (max(0, min(100, int(percent))), str(message)[:500])
        last["progress"] = state
        if not connection.in_atomic_block:
            # Outside a transaction the page sees the write at once; the thread's beat would come later.
            Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, worker=worker).update(
                progress=state[0], message=state[1], heartbeat_at=timezone.now())
        elif beat is not None:
            beat.report(*state)

    if beat is not None:
        beat.start()
    try:
        with _time_limit(limit):
            outcome = HANDLERS[job.kind](job, progress)
    except JobTimedOut:
        _finish(job.pk, worker, status=Job.Status.FAILED, errors=[], message=timed_out_message(limit)[:500])
        job.refresh_from_db()
        return job
    except JobFailed as exc:
        _finish(job.pk, worker, status=Job.Status.FAILED, errors=exc.errors, message=exc.message[:500])
        job.refresh_from_db()
        return job
    except Exception as exc:  # noqa: BLE001  the job records any failure for the user to see
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job.pk, worker, status=Job.Status.FAILED, errors=[{"message": str(exc)[:1000]}],
                message=_("The job failed."))
        job.refresh_from_db()
        return job
    finally:
        if beat is not None:
            beat.stop()
    fields = {"status": Job.Status.SUCCEEDED, "progress": 100, "message": last["progress"][1]}
    if outcome is not None:
        content, name = outcome
        job.result.save(name, ContentFile(content), save=False)
        fields.update(result=job.result.name, result_name=name)
    _finish(job.pk, worker, **fields)
    job.refresh_from_db()
    return job


def stale_jobs():
    """Running jobs whose worker stopped beating (a job started before heartbeats existed counts from its
    creation)."""
    limit = timezone.now() - datetime.timedelta(seconds=stale_seconds())
    return Job.objects.filter(status=Job.Status.RUNNING).filter(
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, created_at__lt=limit))


def _alive_here(worker: str) -> bool:
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (killed, not yet waited for by its parent) is dead
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return True


def jobs_reap(*, job_ids: list[int] | None = None) -> dict[str, list[int]]:
    """Take back the jobs of dead workers: run each again once, or fail it with the reason the page shows.

    Each job is moved by a conditional UPDATE (still running, same heartbeat), so two reapers never both move one.
    Returns ``{"requeued": [...], "failed": [...]}``.
    """
    jobs = stale_jobs()
    if job_ids is not None:
        jobs = jobs.filter(pk__in=job_ids)
    done: dict[str, list[int]] = {"requeued": [], "failed": []}
    for job in jobs.only("pk", "kind", "attempts", "heartbeat_at", "worker", "created_by"):
        if _alive_here(job.worker):
            # Its worker runs on this machine and lives: the beat is late (SQLite held by a long write), not lost.
            continue
        with transaction.atomic():
            same = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, heartbeat_at=job.heartbeat_at,
                                      worker=job.worker)
            if job.attempts < MAX_ATTEMPTS and job.kind in HANDLERS:
                moved = same.update(status=Job.Status.QUEUED, progress=0, worker="",
                                    message=_("The worker running this job stopped; the job is being run again."))
                if moved:
                    _enqueue_on_commit(job.pk)
                    done["requeued"].append(job.pk)
                    log_action("core.job.requeued", actor=None, target=job,
                               data={"worker": job.worker, "attempts": job.attempts})
            else:
                moved = same.update(
                    status=Job.Status.FAILED, finished_at=timezone.now(), errors=[],
                    message=_("The worker running this job stopped; the job was not finished and nothing was "
                              "saved. Start it again."),
                )
                if moved:
                    done["failed"].append(job.pk)
                    log_action("core.job.abandoned", actor=None, target=job,
                               data={"worker": job.worker, "attempts": job.attempts})
    if done["requeued"] or done["failed"]:
        logger.warning("jobs of dead workers: %s", done)
    return done


def job_get(*, user, job_id: int) -> Job:
    """A job is seen by whoever started it, and by the council office. A running job whose worker died is taken
    back here too, so the page tells the user even when no reaper runs."""
    jobs = Job.objects.filter(pk=job_id)
    if not access_of(user).is_council_office:
        jobs = jobs.filter(created_by=user)
    job = jobs.first()
    if job is None:
        raise Http404
    if job.status == Job.Status.RUNNING and stale_jobs().filter(pk=job.pk).exists():
        jobs_reap(job_ids=[job.pk])
        job.refresh_from_db()
    return job
