import os
import signal
import subprocess
import sys
import time

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from thidua.core.checks import refuse_demo_users_in_production


class Command(BaseCommand):
    help = "Run the web application and the background worker together; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args, host, port, no_worker=False, **options):
        try:
            refuse_demo_users_in_production()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        django = [sys.executable, "-m", "django"]
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE",
                                                                     "thidua.config.settings")}
        children = [subprocess.Popen([*django, "runserver", f"{host}:{port}", "--noreload"], env=env)]
        if not no_worker:
            children.append(subprocess.Popen([*django, "db_worker", "--no-reload", "--interval", "1"], env=env))
            # The schedule: enqueue the (idempotent) reminders for the worker every hour.
            children.append(subprocess.Popen([*django, "remind", "--every", "3600"], env=env))
        self.stdout.write(self.style.SUCCESS(f"thidua at http://{host}:{port}/ (Ctrl-C stops the web and the worker)"))

        def stop(*_):
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()

        signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
