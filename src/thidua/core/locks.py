"""Writers that recompute shared summary rows (progress rollups, registry tallies) take a lock per key first, so
that two transactions recomputing the same key one after the other never both insert it (an IntegrityError, a 500)
or both count it (a doubled tally).

On PostgreSQL: advisory transaction locks (``pg_advisory_xact_lock``), released at commit or rollback, taken in
sorted order so that two writers of overlapping keys cannot deadlock. SQLite needs none: its writers already run
one at a time (IMMEDIATE transactions, see ``config.settings``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

#: One namespace per kind of key (the first argument of the two-key advisory lock).
PROGRESS_AREA = 1601
AWARD_YEAR = 1602


def lock_keys(namespace: int, keys: Iterable[int]) -> None:
    """Hold a lock on each key of ``namespace`` until the current transaction ends."""
    if connection.vendor != "postgresql":
        return
    ordered = sorted(set(keys))
    if not ordered:
        return
    with connection.cursor() as cursor:
        for key in ordered:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [namespace, key])
