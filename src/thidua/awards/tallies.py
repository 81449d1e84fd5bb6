"""Tallies of the registry (``AwardCount``, ``AwardUnitCount``): how many awards, of persons and of collectives,
each year, title or form and status, and each unit, year and status.

The statistics of everyone who sees every award (the office, the leadership, council members) are sums over them
(``selectors.award_statistics``): a few hundred or a few thousand rows, not half a million awards. A clerk, who sees
its units' awards and its people's, counts its own awards directly: that scope is bounded by the unit.

The award writers (a decision's grant, a recorded award, a revocation) recompute the tallies of the years, titles
and units they touched from the awards themselves, in their transaction; no deltas, so a tally is always what a
recount gives. ``rebuild`` recounts everything; ``manage.py award_tallies`` runs it (``--check`` compares only).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q

from thidua.core.locks import AWARD_YEAR, lock_keys

from .models import Award, AwardCount, AwardUnitCount


def _counts() -> dict:
    return {"persons": Count("id", filter=Q(person__isnull=False)),
            "collectives": Count("id", filter=Q(person__isnull=True))}


def refresh(awards: Iterable[Award]) -> None:
    """Recount the tallies of these awards' years, titles and units (every status) from the awards."""
    awards = list(awards)
    if not awards:
        return
    years = {a.year for a in awards}
    types = {a.award_type_id for a in awards}
    lock_keys(AWARD_YEAR, years)  # one writer per year at a time: its unit rows are shared by every title
    # Every (year, title) of the two sets is recounted: more than was touched at worst, never less.
    AwardCount.objects.filter(year__in=years, award_type_id__in=types).delete()
    AwardCount.objects.bulk_create([
        AwardCount(**row) for row in Award.objects.filter(year__in=years, award_type_id__in=types)
        .values("year", "award_type_id", "status").annotate(**_counts()).order_by()
    ])
    units = {a.unit_id for a in awards}
    which = Q(unit_id__in=[u for u in units if u is not None])
    if None in units:
        which |= Q(unit__isnull=True)
    AwardUnitCount.objects.filter(which, year__in=years).delete()
    AwardUnitCount.objects.bulk_create([
        AwardUnitCount(**row) for row in Award.objects.filter(which, year__in=years)
        .values("unit_id", "year", "status").annotate(**_counts()).order_by()
    ])


def rebuild(*, award_model=Award, count_model=AwardCount, unit_count_model=AwardUnitCount) -> tuple[int, int]:
    """Recount every tally from the awards (the models are a migration's when it builds the first ones)."""
    lock_keys(AWARD_YEAR, award_model.objects.values_list("year", flat=True).distinct())
    count_model.objects.all().delete()
    unit_count_model.objects.all().delete()
    by_type = [count_model(**row) for row in award_model.objects.values("year", "award_type_id", "status")
               .annotate(**_counts()).order_by()]
    by_unit = [unit_count_model(**row) for row in award_model.objects.values("unit_id", "year", "status")
               .annotate(**_counts()).order_by()]
    count_model.objects.bulk_create(by_type, batch_size=1000)
    unit_count_model.objects.bulk_create(by_unit, batch_size=1000)
    return len(by_type), len(by_unit)


def _table(rows, keys: tuple[str, ...]) -> dict[tuple, tuple[int, int]]:
    return {tuple(row[k] for k in keys): (row["persons"], row["collectives"]) for row in rows
            if row["persons"] or row["collectives"]}


def differences() -> list[tuple]:
    """The keys whose tally differs from a recount of the awards (empty when they are right)."""
    wrong = []
    for model, keys in ((AwardCount, ("year", "award_type_id", "status")),
                        (AwardUnitCount, ("unit_id", "year", "status"))):
        want = _table(Award.objects.values(*keys).annotate(**_counts()).order_by(), keys)
        rows = list(model.objects.values(*keys, "persons", "collectives"))
        have = _table(rows, keys)
        seen: set[tuple] = set()
        twice = {key for key in (tuple(row[k] for k in keys) for row in rows) if key in seen or seen.add(key)}
        wrong += sorted((key for key in set(want) | set(have) | twice
                         if want.get(key) != have.get(key) or key in twice), key=str)
    return wrong
