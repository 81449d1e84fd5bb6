"""Background jobs: a row the page polls for progress, and a django-tasks task that does the work.

A job kind names a handler registered with ``@job_handler("kind")``: ``handler(job, progress) -> (bytes, name)``,
or ``None`` when the job makes no file (an import). The handler runs in the worker; ``progress(percent,
message="")`` moves the page's bar. A handler that finds the user's input wrong raises ``JobFailed`` with the
errors to show (``[{"row", "column", "message"}]``); any other exception is recorded as a failure too.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of

from .audit import log_action
from .models import Job

Handler = Callable[[Job, Callable[..., None]], tuple[bytes, str] | None]
HANDLERS: dict[str, Handler] = {}


class JobFailed(Exception):
    """The job's input is wrong: ``errors`` are shown to the user as they are."""

    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


def job_handler(kind: str):
    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register


@transaction.atomic
def job_start(*, by, kind: str, params: dict) -> Job:
    """Queue a job; the task is enqueued only once the transaction commits, so the worker finds the row."""
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind}")
    job = Job.objects.create(created_by=by if getattr(by, "pk", None) else None, kind=kind, params=params)
    log_action("core.job.started", actor=by, target=job, data={"kind": kind, "params": params})
    from .tasks import run_job

    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def job_run(job_id: int) -> Job:
    """Run a queued job to its end (called by the worker's task). Failures are recorded, not raised."""
    job = Job.objects.get(pk=job_id)
    if job.done:
        return job
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, progress=0)

    def progress(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(progress=max(0, min(100, int(percent))), message=message[:500])

    try:
        outcome = HANDLERS[job.kind](job, progress)
    except JobFailed as exc:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), errors=exc.errors, message=exc.message[:500],
        )
        job.refresh_from_db()
        return job
    except Exception as exc:  # noqa: BLE001  the job records any failure for the user to see
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), errors=[{"message": str(exc)[:1000]}],
            message=_("The job failed."),
        )
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    if outcome is not None:
        content, name = outcome
        job.result.save(name, ContentFile(content), save=False)
        job.result_name = name
    job.status = Job.Status.SUCCEEDED
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["result", "result_name", "status", "progress", "finished_at"])
    return job


def job_get(*, user, job_id: int) -> Job:
    """A job is seen by whoever started it, and by the council office."""
    jobs = Job.objects.filter(pk=job_id)
    if not access_of(user).is_council_office:
        jobs = jobs.filter(created_by=user)
    job = jobs.first()
    if job is None:
        raise Http404
    return job
