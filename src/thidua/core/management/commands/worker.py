"""``thidua worker``: the background worker for the configured task backend, which also takes back the jobs of
dead workers.

``TASKS_BACKEND`` picks what runs: django-tasks' database worker (``db_worker``, the default backend) or an RQ
worker on Redis (django-rq's ``rqworker``, for ``django_tasks_rq.RQBackend``). Either way, at start and then every
``THIDUA_JOB_REAP_SECONDS`` a thread runs ``jobs_reap`` (a job whose worker died is run again once, then failed
with a reason the user sees), and a job that ignores its time limit may end this process (see ``core.jobs``).
Several workers may run side by side, on one machine or many: each job is claimed by exactly one.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

logger = logging.getLogger(__name__)

RQ_BACKEND = "django_tasks_rq.RQBackend"


def backend_path() -> str:
    return settings.TASKS["default"]["BACKEND"]


def start_reaper(every: float) -> threading.Thread:
    """A daemon thread that runs ``jobs_reap`` now and every ``every`` seconds, on its own connection."""
    from thidua.core.jobs import jobs_reap

    def loop() -> None:
        stop = threading.Event()
        while True:
            try:
                jobs_reap()
            except Exception:  # noqa: BLE001  the reaper must outlive a database hiccup
                logger.exception("reaping the jobs of dead workers failed")
            finally:
                connection.close()
            stop.wait(every)

    thread = threading.Thread(target=loop, name="jobs-reaper", daemon=True)
    thread.start()
    return thread


class Command(BaseCommand):
    help = ("Run the background worker of the configured task backend (database or RQ on Redis), taking back the "
            "jobs of dead workers.")

    def add_arguments(self, parser):
        parser.add_argument("--queue", default="default", help="Queue to work on (default: default).")
        parser.add_argument("--burst", action="store_true", help="Run the queued jobs, then stop.")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Database backend: seconds between looks at an empty queue (default 1).")
        parser.add_argument("--max-jobs", type=int, default=None, help="Stop after this many jobs.")

    def handle(self, *args, queue: str, burst: bool, interval: float, max_jobs: int | None, verbosity: int,
               **options):
        from thidua.core.jobs import allow_hard_kill

        allow_hard_kill()
        start_reaper(float(getattr(settings, "THIDUA_JOB_REAP_SECONDS", 30)))
        if backend_path() == RQ_BACKEND:
            # django-tasks-rq's job class runs the django-tasks task that the backend enqueued.
            call_command("rqworker", queue, job_class="django_tasks_rq.Job", burst=burst, max_jobs=max_jobs,
                         verbosity=verbosity)
            return
        call_command("db_worker", queue_name=queue, batch=burst, interval=interval, max_tasks=max_jobs,
                     reload=False, verbosity=verbosity)
