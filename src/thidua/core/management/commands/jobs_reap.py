"""``thidua jobs_reap``: take back the jobs of dead workers once, or every N seconds with ``--every``.

``thidua worker`` already does this in a thread; this command is for a deployment that wants it apart (or a
cron line)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Run again once, or fail with the reason shown to the user, the jobs whose worker stopped."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=None, help="Repeat every this many seconds.")

    def handle(self, *args, every: float | None = None, **options):
        from thidua.core.jobs import jobs_reap

        while True:
            done = jobs_reap()
            if done["requeued"] or done["failed"]:
                self.stdout.write(f"requeued {done['requeued']}, failed {done['failed']}")
            if not every:
                return
            connection.close()
            time.sleep(every)
