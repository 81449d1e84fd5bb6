"""Job handlers for the tests only, registered when a test (or a worker a test starts) imports this module.

``tests.write_then_sleep`` writes ``rows`` holidays inside one transaction, then, on the attempts listed in
``sleep_on``, sleeps ``sleep`` seconds before committing (a worker killed then must leave no row). Each finished run
appends ``<job id> <pid>`` to the file ``log``, so a test counts how often, and where, each job ran.
"""

from __future__ import annotations

import datetime
import os
import time
from pathlib import Path

from django.db import transaction

from thidua.core.jobs import job_handler
from thidua.core.models import Holiday

FIRST_DAY = datetime.date(2000, 1, 1)


def holiday_name(job_id: int) -> str:
    return f"job-{job_id}"


@job_handler("tests.write_then_sleep")
def write_then_sleep(job, progress):
    params = job.params
    start = FIRST_DAY + datetime.timedelta(days=job.pk * 1000)
    with transaction.atomic():
        Holiday.objects.bulk_create([Holiday(date=start + datetime.timedelta(days=i), name=holiday_name(job.pk))
                                     for i in range(params.get("rows", 10))])
        progress(50, "written")
        if params.get("written"):
            Path(params["written"]).write_text(str(os.getpid()))
        if job.attempts in params.get("sleep_on", [1]):
            deadline = time.monotonic() + params.get("sleep", 0)
            while time.monotonic() < deadline:
                time.sleep(0.05)
    time.sleep(params.get("sleep_after", 0))  # outside the transaction: the heartbeat can be written meanwhile
    if params.get("log"):
        with open(params["log"], "a") as log:
            log.write(f"{job.pk} {os.getpid()}\n")
    return None


@job_handler("tests.limited", time_limit=1)
def limited(job, progress):
    """Declares a 1-second limit, writes a row, then works (in Python) for longer."""
    with transaction.atomic():
        Holiday.objects.create(date=FIRST_DAY, name=holiday_name(job.pk))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            sum(range(1000))
    return None


@job_handler("tests.swallows")
def swallows(job, progress):
    """Catches every Exception while sleeping: the time limit must still stop it."""
    with transaction.atomic():
        Holiday.objects.create(date=FIRST_DAY, name=holiday_name(job.pk))
        for _ in range(600):
            try:
                time.sleep(0.05)
            except Exception:  # noqa: BLE001, S110  the point of this handler
                pass
    return None
