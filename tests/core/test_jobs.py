"""Jobs that survive their worker: claimed once, a heartbeat while they run, a time limit that stops them (and
rolls their transaction back), and the reaper that runs again or fails, visibly, the job of a dead worker."""

from __future__ import annotations

import datetime
import signal
import time

from django.utils import timezone, translation

from tests.core import job_handlers
from tests.support import signed_in
from thidua.accounts.models import User
from thidua.core import jobs
from thidua.core.models import AuditEvent, Holiday, Job

DEAD = "elsewhere:1"


def queued(kind: str = "tests.write_then_sleep", **params) -> Job:
    return Job.objects.create(kind=kind, params=params, created_by=User.objects.get(username="hiephoa"))


def run(job: Job) -> Job:
    with translation.override("en"):
        return jobs.job_run(job.pk)


def test_a_run_records_when_where_and_which_attempt(province):
    job = queued()
    before = timezone.now()
    job = run(job)
    assert (job.status, job.attempts, job.worker) == (Job.Status.SUCCEEDED, 1, jobs.worker_name())
    assert before <= job.started_at <= job.heartbeat_at <= job.finished_at
    assert Holiday.objects.filter(name=job_handlers.holiday_name(job.pk)).count() == 10


def test_a_job_that_is_not_queued_is_not_run_again(province, tmp_path):
    log = tmp_path / "runs"
    job = run(queued(log=str(log)))
    assert run(job).status == Job.Status.SUCCEEDED
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, worker=DEAD)
    assert run(job).worker == DEAD  # running in another worker: left alone
    assert log.read_text().count(f"{job.pk} ") == 1


def test_past_its_own_time_limit_a_job_fails_and_leaves_no_row(province):
    assert jobs.time_limit_of("tests.limited") == 1
    started = time.monotonic()
    job = run(queued("tests.limited"))
    assert time.monotonic() - started < 10
    assert (job.status, job.message) == (Job.Status.FAILED,
                                         "The job took longer than 1 second and was stopped; nothing was saved.")
    assert not Holiday.objects.filter(name=job_handlers.holiday_name(job.pk)).exists()
    html = signed_in("hiephoa", language="en").get(f"/jobs/{job.pk}/").content.decode()
    assert "took longer than 1 second" in html and "hx-trigger" not in html


def test_the_time_limit_is_not_swallowed_by_the_handler(province, settings):
    settings.THIDUA_JOB_TIME_LIMIT_SECONDS = 1
    job = run(queued("tests.swallows"))
    assert (job.status, job.message) == (Job.Status.FAILED,
                                         "The job took longer than 1 second and was stopped; nothing was saved.")
    assert not Holiday.objects.filter(name=job_handlers.holiday_name(job.pk)).exists()


def test_the_limit_message_speaks_in_minutes_past_two_minutes():
    with translation.override("en"):
        assert jobs.timed_out_message(600) == (
            "The job took longer than 10 minutes and was stopped; nothing was saved.")


def test_an_alarm_set_before_the_job_is_put_back_after_it(province):
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        run(queued())
        left, _interval = signal.getitimer(signal.ITIMER_REAL)
        assert 20 < left <= 30
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == []


def dead_worker_job(*, attempts: int, seconds_ago: int = 600) -> Job:
    job = queued()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, worker=DEAD, attempts=attempts,
                                         heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds_ago))
    return Job.objects.get(pk=job.pk)


def test_the_job_of_a_dead_worker_is_run_again_once(province, django_capture_on_commit_callbacks):
    job = dead_worker_job(attempts=1)
    with translation.override("en"), django_capture_on_commit_callbacks() as callbacks:
        assert jobs.jobs_reap() == {"requeued": [job.pk], "failed": []}
    job.refresh_from_db()
    assert (job.status, job.worker, job.message) == (
        Job.Status.QUEUED, "", "The worker running this job stopped; the job is being run again.")
    assert len(callbacks) == 1  # the task is enqueued again once the reaper's transaction commits
    html = signed_in("hiephoa", language="en").get(f"/jobs/{job.pk}/").content.decode()
    assert "the job is being run again" in html and "hx-trigger" in html  # told, and the page keeps polling
    event = AuditEvent.objects.filter(action="core.job.requeued").latest("pk")
    assert (event.target_id, event.data) == (job.pk, {"worker": DEAD, "attempts": 1})
    job = run(job)
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 2)


def test_a_job_whose_worker_died_twice_fails_with_the_reason_on_its_page(province):
    job = dead_worker_job(attempts=2)
    with translation.override("en"):
        assert jobs.jobs_reap() == {"requeued": [], "failed": [job.pk]}
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.finished_at is not None
    assert job.message.startswith("The worker running this job stopped; the job was not finished")
    assert AuditEvent.objects.filter(action="core.job.abandoned", target_id=job.pk).count() == 1
    html = signed_in("hiephoa", language="en").get(f"/jobs/{job.pk}/").content.decode()
    assert "The worker running this job stopped" in html and "hx-trigger" not in html


def test_the_page_itself_takes_back_a_stale_job_when_no_reaper_runs(province):
    job = dead_worker_job(attempts=2)
    html = signed_in("hiephoa", language="en").get(f"/jobs/{job.pk}/").content.decode()
    assert "The worker running this job stopped" in html
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED


def test_a_fresh_heartbeat_or_a_live_local_worker_is_left_alone(province):
    fresh = dead_worker_job(attempts=1, seconds_ago=5)
    alive = dead_worker_job(attempts=1)
    Job.objects.filter(pk=alive.pk).update(worker=jobs.worker_name())  # this very process: alive
    assert jobs.jobs_reap() == {"requeued": [], "failed": []}
    assert set(Job.objects.filter(pk__in=[fresh.pk, alive.pk]).values_list("status", flat=True)) == {"running"}


def test_a_reaped_job_is_not_finished_by_its_old_worker(province):
    job = dead_worker_job(attempts=2)
    jobs.jobs_reap()
    jobs._finish(job.pk, DEAD, status=Job.Status.SUCCEEDED)
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED


def test_the_reap_command_takes_back_the_jobs_of_dead_workers(province, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    again, abandoned = dead_worker_job(attempts=1), dead_worker_job(attempts=2)
    out = StringIO()
    with translation.override("en"), django_capture_on_commit_callbacks():
        call_command("jobs_reap", stdout=out)
    assert out.getvalue().strip() == f"requeued [{again.pk}], failed [{abandoned.pk}]"
    assert dict(Job.objects.filter(pk__in=[again.pk, abandoned.pk]).values_list("pk", "status")) == {
        again.pk: Job.Status.QUEUED, abandoned.pk: Job.Status.FAILED}
