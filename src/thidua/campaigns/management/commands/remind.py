import datetime
import time

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Remind the clerks of units still missing a submission (idempotent: safe from cron). "
            "With --every N, enqueue the reminder task for the worker every N seconds instead.")

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--every", type=int, default=0, help="Seconds between runs (the schedule `serve` uses).")

    def handle(self, *args, today=None, every=0, **options):
        from thidua.campaigns.services import reminders_send
        from thidua.campaigns.tasks import send_reminders

        if every:
            if every < 60:
                raise CommandError("--every must be at least 60 seconds.")
            self.stdout.write(f"Scheduling reminders every {every} s for the worker.")
            while True:
                send_reminders.enqueue()
                time.sleep(every)
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError("--today must be a date like 2021-09-27.") from exc
        count = reminders_send(today=day)
        self.stdout.write(f"Reminded {count} units.")
