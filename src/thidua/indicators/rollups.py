"""The month rollups of progress (``ProgressMonth``): per content area and month, the approved targets' current
values whose period ends in that month: how many have a completion, the sum of those completions clamped to 0–100,
and how many targets they belong to.

A target belongs to one content area, so these add up over areas: the whole campaign's trend for a month is the
sum of its areas' rows (``selectors.progress_over_time``), a few hundred rows read instead of every value ever
entered (475,000 at the province scale). Narrower scopes (a cluster, a unit, a clerk's units) read their own values,
which are bounded by the scope, not by the province.

The services keep the rollups in the same transaction as the values they write, by recomputing the (area, month)
pairs they touched from the values themselves, never by adding deltas: a rollup is always what a recomputation
gives. ``rebuild`` recomputes a campaign's (or every) rollup; ``manage.py progress_rollups`` runs it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Sum

from thidua.core.dates import YearMonth, month_start
from thidua.core.locks import PROGRESS_AREA, lock_keys

from .enums import TargetApproval
from .models import ProgressEntry, ProgressMonth
from .progress import CENT

Key = tuple[int, datetime.date]  # (content area id, the month's first day)


def _cents(total) -> Decimal:
    """A sum of completions to the cent: SQLite adds them as floats (111944.030000004 for 111944.03)."""
    return Decimal(total or 0).quantize(CENT)


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _sums(entries) -> list[tuple[Key, dict]]:
    """``entries`` (ProgressEntry rows) grouped by area and month: each key with its rollup's fields."""
    from .selectors import shown_completion

    rows = (
        entries.filter(is_current=True, target__approval=TargetApproval.APPROVED)
        .annotate(ym=YearMonth("period_end"), shown=shown_completion())
        .values("target__indicator__content_area_id", "ym", "target__indicator__campaign_id")
        .annotate(valued=Count("completion"), shown_sum=Sum("shown"), targets=Count("target_id", distinct=True))
        .order_by()
    )
    return [((row["target__indicator__content_area_id"], month_start(row["ym"])),
             {"campaign_id": row["target__indicator__campaign_id"], "valued": row["valued"],
              "shown_sum": _cents(row["shown_sum"]), "targets": row["targets"]}) for row in rows]


def refresh(keys: Iterable[Key]) -> int:
    """Recompute the rollups of these (area, month) pairs from the values; a pair with no value left loses its row.
    Three statements per content area, whatever the number of months. Returns the rows written."""
    months_by_area: dict[int, set[datetime.date]] = defaultdict(set)
    for area_id, month in keys:
        months_by_area[area_id].add(month_of(month))
    lock_keys(PROGRESS_AREA, months_by_area)  # one writer per area at a time (core.locks)
    written = 0
    for area_id, months in sorted(months_by_area.items()):
        ProgressMonth.objects.filter(content_area_id=area_id, month__in=months).delete()
        fresh = [
            ProgressMonth(content_area_id=area_id, month=month, **fields)
            for (_area, month), fields in _sums(ProgressEntry.objects.filter(
                target__indicator__content_area_id=area_id,
                period_end__gte=min(months), period_end__lt=_next_month(max(months))))
            if month in months
        ]
        ProgressMonth.objects.bulk_create(fresh)
        written += len(fresh)
    return written


def keys_of(target_ids: Iterable[int], *, since: datetime.date | None = None) -> set[Key]:
    """The (area, month) pairs holding any value of these targets (from ``since`` on), current or replaced."""
    ids = list(target_ids)
    keys: set[Key] = set()
    for start in range(0, len(ids), 2000):
        entries = ProgressEntry.objects.filter(target_id__in=ids[start:start + 2000])
        if since is not None:
            entries = entries.filter(period_end__gte=since)
        keys |= {(area_id, month_start(ym)) for area_id, ym in entries.annotate(ym=YearMonth("period_end"))
                 .values_list("target__indicator__content_area_id", "ym").distinct().order_by()}
    return keys


def refresh_targets(target_ids: Iterable[int], *, since: datetime.date | None = None) -> int:
    """After these targets' values, goals or approval changed: recompute every month they have a value in (from
    ``since`` on: a new value changes its own month and, for a sum or a mean filled in backwards, the later ones)."""
    return refresh(keys_of(target_ids, since=since))


def rebuild(*, campaign_id: int | None = None, entry_model=ProgressEntry, month_model=ProgressMonth) -> int:
    """Recompute every rollup (of one campaign) from the values: what ``refresh`` keeps, from scratch (the models
    are a migration's when it builds the first rollups)."""
    existing = month_model.objects.all()
    entries = entry_model.objects.all()
    if campaign_id is not None:
        existing = existing.filter(campaign_id=campaign_id)
        entries = entries.filter(target__indicator__campaign_id=campaign_id)
    lock_keys(PROGRESS_AREA, existing.values_list("content_area_id", flat=True).distinct())
    existing.delete()
    rows = [month_model(content_area_id=area_id, month=month, **fields)
            for (area_id, month), fields in _sums(entries)]
    month_model.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def recomputed(*, campaign_id: int | None = None) -> dict[Key, tuple[int, object, int]]:
    """What the rollups should hold, computed from the values (for tests and the rebuild command's check)."""
    entries = ProgressEntry.objects.all()
    if campaign_id is not None:
        entries = entries.filter(target__indicator__campaign_id=campaign_id)
    return {key: (fields["valued"], fields["shown_sum"], fields["targets"]) for key, fields in _sums(entries)}


def kept(*, campaign_id: int | None = None) -> dict[Key, tuple[int, object, int]]:
    """What the rollups hold."""
    rows = ProgressMonth.objects.all()
    if campaign_id is not None:
        rows = rows.filter(campaign_id=campaign_id)
    return {(area_id, month): (valued, shown_sum, targets) for area_id, month, valued, shown_sum, targets
            in rows.values_list("content_area_id", "month", "valued", "shown_sum", "targets")}


def differences(*, campaign_id: int | None = None) -> list[Key]:
    """The (area, month) pairs whose rollup differs from a recomputation (empty when they are right)."""
    want, have = recomputed(campaign_id=campaign_id), kept(campaign_id=campaign_id)
    return sorted(key for key in set(want) | set(have) if want.get(key) != have.get(key))
