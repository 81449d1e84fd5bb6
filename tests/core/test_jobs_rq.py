"""The RQ backend on Redis (``TASKS_BACKEND=django_tasks_rq.RQBackend``): a job queued by ``job_start`` goes to
Redis once its transaction commits, and an RQ worker with django-tasks-rq's job class runs it to its end, once.

Needs Redis (``TEST_REDIS_URL``, default the local one; a database of its own is used and emptied). Without it the
test is skipped, or fails when ``THIDUA_REQUIRE_SERVICES=1`` (CI).
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from tests.core import job_handlers
from thidua.accounts.models import User
from thidua.core import jobs
from thidua.core.management.commands.worker import RQ_BACKEND
from thidua.core.models import Holiday, Job

#: A Redis database of its own (test_multi_node uses 14).
REDIS_DB = 13


def _redis_url_or_skip() -> str:
    base = urlsplit(os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/0")
    try:
        with socket.create_connection((base.hostname or "127.0.0.1", base.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return f"{base.scheme}://{base.netloc}/{REDIS_DB}"
    except OSError:
        pass
    if os.environ.get("THIDUA_REQUIRE_SERVICES") == "1":
        pytest.fail("needs Redis (TEST_REDIS_URL) (THIDUA_REQUIRE_SERVICES=1)")
    pytest.skip("needs Redis (TEST_REDIS_URL)")


@pytest.fixture
def rq_backend(settings):
    import django_rq
    import redis

    url = _redis_url_or_skip()
    redis.Redis.from_url(url).flushdb()
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 60}}
    # django-tasks resets its backends on the setting_changed signal, so the override takes effect at once.
    settings.TASKS = {"default": {"BACKEND": RQ_BACKEND, "QUEUES": ["default"]}}
    yield django_rq.get_queue("default")
    redis.Redis.from_url(url).flushdb()


def test_a_job_goes_through_redis_and_an_rq_worker_runs_it_once(db, rq_backend,
                                                                django_capture_on_commit_callbacks, tmp_path):
    import django_rq

    log = tmp_path / "runs"
    user = User.objects.create_user(username="canbo", password="mat-khau-rat-dai-2025")
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_start(by=user, kind="tests.write_then_sleep", params={"rows": 4, "log": str(log)})
    assert rq_backend.count == 1  # queued on Redis, not run here
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED

    # In this process (SimpleWorker: no fork), so the job sees the test's database.
    worker = django_rq.get_worker("default", job_class="django_tasks_rq.Job", worker_class="rq.SimpleWorker")
    with translation.override("en"):
        assert worker.work(burst=True) is True
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == (Job.Status.SUCCEEDED, 1, 100)
    assert Holiday.objects.filter(name=job_handlers.holiday_name(job.pk)).count() == 4
    assert log.read_text().split() == [str(job.pk), str(os.getpid())]
    assert rq_backend.count == 0
    assert (rq_backend.finished_job_registry.count, rq_backend.failed_job_registry.count) == (1, 0)
