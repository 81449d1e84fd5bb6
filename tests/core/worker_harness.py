"""Run by the multi-process tests as ``python -m tests.core.worker_harness <command>``, with the database and task
backend in the environment: the test job handlers are registered in this process too.

- ``worker [args]``: ``thidua worker`` (the configured backend's worker, with its reaper thread);
- ``start <kind> <params json> [count]``: queue jobs through ``job_start`` and print their ids (one JSON list);
- ``user <name> <password>``: create a user;
- ``state <ids json>``: print each job's row and how many holidays it wrote (one JSON object).
"""

from __future__ import annotations

import json
import sys

import django


def main(argv: list[str]) -> None:
    django.setup()
    import tests.core.job_handlers  # noqa: F401  registers the test handlers
    from tests.core.job_handlers import holiday_name
    from thidua.core.jobs import job_start
    from thidua.core.models import Holiday, Job

    command, args = argv[0], argv[1:]
    if command == "worker":
        from django.core.management import call_command

        call_command("worker", *args)
    elif command == "start":
        count = int(args[2]) if len(args) > 2 else 1
        ids = [job_start(by=None, kind=args[0], params=json.loads(args[1])).pk for _ in range(count)]
        print(json.dumps(ids))
    elif command == "user":
        from thidua.accounts.models import User

        User.objects.create_user(username=args[0], password=args[1])
        print(json.dumps(args[0]))
    elif command == "state":
        ids = json.loads(args[0])
        jobs = {str(job.pk): {"status": job.status, "attempts": job.attempts, "message": job.message,
                              "worker": job.worker, "started_at": job.started_at and job.started_at.isoformat(),
                              "heartbeat_at": job.heartbeat_at and job.heartbeat_at.isoformat(),
                              "holidays": Holiday.objects.filter(name=holiday_name(job.pk)).count()}
                for job in Job.objects.filter(pk__in=ids)}
        print(json.dumps(jobs))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
