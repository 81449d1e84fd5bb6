"""The load test's database: a province built once by the bench's builders, kept and reused by later runs.

Run as ``python -m bench.load_data <meta.json> <scale>`` with DATABASE_URL naming the load database (bench/load.py
does this): migrate, build the province and its commendations if the database is empty, add the load clerks if
missing, and write what the driver needs (ids, usernames) to ``meta.json``.
"""

from __future__ import annotations

import json
import os
import sys
import time

#: One unit clerk per unit, for the first ``LOAD_USERS`` participants of the measured campaign.
USERNAME = "load_clerk_{:02d}"
PASSWORD = "load-test-Pa55word"
MAX_USERS = 99


def say(message: str) -> None:
    print(f"[load] {message}", flush=True)


def build(meta_path: str, scale_name: str, users: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.config.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction

    from thidua.accounts.enums import Role
    from thidua.accounts.models import RoleAssignment, User
    from thidua.campaigns.models import Campaign, Deadline
    from thidua.indicators.models import Target
    from thidua.org.models import Unit

    from .awards import build_awards
    from .data import build as build_province
    from .runner import _steps
    from .scales import SCALES

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    if not Unit.objects.exists():
        scale = SCALES[scale_name]
        say(f"{connection.vendor}: building a province at scale {scale.name} (once; later runs reuse it)")
        build_province(scale, say=say)
        with transaction.atomic():
            build_awards(scale, _steps(say))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    campaign = Campaign.objects.order_by("id").first()
    deadline = Deadline.objects.filter(campaign=campaign).order_by("id").first()
    targets = {}
    for target_id, unit_id in (Target.objects.filter(indicator__campaign=campaign, approval="approved")
                               .order_by("unit_id", "id").values_list("id", "unit_id")):
        targets.setdefault(unit_id, target_id)
    units = sorted(targets)[:users]
    password = make_password(PASSWORD)  # hashed once: the same password for every load clerk
    with transaction.atomic():
        for number, unit_id in enumerate(units, start=1):
            user, created = User.objects.get_or_create(username=USERNAME.format(number),
                                                       defaults={"password": password, "first_name": "Load"})
            if created:
                RoleAssignment.objects.create(user=user, role=Role.UNIT_CLERK, unit_id=unit_id)
    year = campaign.year
    from thidua.indicators.models import ProgressEntry

    period = ProgressEntry.objects.filter(target__indicator__campaign=campaign).order_by("-period_end") \
        .values_list("period_end", flat=True).first()
    meta = {
        "vendor": connection.vendor, "scale": scale_name, "campaign_id": campaign.pk, "deadline_id": deadline.pk,
        "year": year, "period_end": period.isoformat(),
        "users": [{"username": USERNAME.format(n), "unit_id": unit_id, "target_id": targets[unit_id]}
                  for n, unit_id in enumerate(units, start=1)],
    }
    with open(meta_path, "w") as out:
        json.dump(meta, out, indent=1)
    say(f"{connection.vendor}: database ready in {time.perf_counter() - started:.0f} s ({len(units)} clerks)")


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2], int(sys.argv[3]))
