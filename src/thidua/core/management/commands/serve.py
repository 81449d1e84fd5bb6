"""``thidua serve``: the web server, the background worker(s) and the reminder schedule, supervised.

Production (DEBUG off) runs gunicorn after ``collectstatic`` (whitenoise serves the collected files); development
runs Django's runserver. A child that dies is restarted with a back-off (``thidua.core.supervisor``).
"""

import os
import signal
import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from thidua.core.checks import refuse_demo_users_in_production
from thidua.core.supervisor import ChildSpec, Supervisor

#: Threads per gunicorn worker process (gthread): a request waiting on the database leaves the others running.
WEB_THREADS = 4


def default_web_workers() -> int:
    """``THIDUA_WEB_WORKERS``, else two processes per core plus one (gunicorn's rule of thumb), at most 12."""
    configured = os.environ.get("THIDUA_WEB_WORKERS")
    if configured:
        return max(1, int(configured))
    return min(12, 2 * (os.cpu_count() or 1) + 1)


def web_command(*, host: str, port: str, workers: int, production: bool) -> list[str]:
    if not production:
        return [sys.executable, "-m", "django", "runserver", f"{host}:{port}", "--noreload"]
    threads = int(os.environ.get("THIDUA_WEB_THREADS", WEB_THREADS))
    # --max-requests recycles a worker now and then, so a slow leak never grows for ever; no control socket (its
    # default path is per user, so two servers on one box would share it); GUNICORN_CMD_ARGS adds other options.
    return [sys.executable, "-m", "gunicorn", "thidua.config.wsgi:application", "--bind", f"{host}:{port}",
            "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
            "--timeout", os.environ.get("THIDUA_WEB_TIMEOUT", "120"), "--graceful-timeout", "20",
            "--max-requests", "2000", "--max-requests-jitter", "200", "--no-control-socket"]


def child_commands(*, host: str, port: str, workers: int, job_workers: int, production: bool,
                   background: bool = True) -> list[ChildSpec]:
    """Every process ``serve`` keeps running. A new long-running child is one more line here."""
    django = [sys.executable, "-m", "django"]
    children = [ChildSpec("web", web_command(host=host, port=port, workers=workers, production=production))]
    if background:
        children += [ChildSpec(f"worker-{n}", [*django, "worker", "--interval", "1"])
                     for n in range(1, job_workers + 1)]
        # The schedule: enqueue the (idempotent) reminders for the worker every hour.
        children.append(ChildSpec("remind", [*django, "remind", "--every", "3600"]))
    return children


class Command(BaseCommand):
    help = ("Run the web server (gunicorn in production, runserver in development), the background worker(s) and "
            "the reminder schedule; restart any that dies; Ctrl-C or SIGTERM stops them all.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--no-worker", action="store_true", help="Web server only: no worker, no reminders.")
        parser.add_argument("--workers", type=int, default=None,
                            help="Web processes (production; default THIDUA_WEB_WORKERS or 2 × cores + 1).")
        parser.add_argument("--job-workers", type=int, default=1, help="Background worker processes (default 1).")

    def handle(self, *args, host, port, no_worker=False, workers=None, job_workers=1, **options):
        try:
            refuse_demo_users_in_production()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if job_workers < 1 and not no_worker:
            raise CommandError("--job-workers must be at least 1 (or use --no-worker).")
        production = not settings.DEBUG
        if production:
            call_command("collectstatic", interactive=False, verbosity=0)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE",
                                                                     "thidua.config.settings")}
        children = child_commands(host=host, port=port, workers=workers or default_web_workers(),
                                  job_workers=job_workers, production=production, background=not no_worker)
        supervisor = Supervisor(children, env=env)
        signal.signal(signal.SIGTERM, supervisor.request_stop)
        signal.signal(signal.SIGINT, supervisor.request_stop)
        server = "gunicorn" if production else "runserver"
        self.stdout.write(self.style.SUCCESS(
            f"thidua at http://{host}:{port}/ ({server}; {', '.join(c.name for c in children)}; "
            "Ctrl-C stops them all)"))
        self.stdout.flush()
        supervisor.run()
