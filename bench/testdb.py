"""A throwaway database made the way Django's test runner makes one, so the developer's data is never touched.

SQLite gets a file under ``var/bench/`` (not the in-memory database the test runner would use: a file is what
production reads); PostgreSQL gets ``thidua_bench`` on the server ``DATABASE_URL`` names, distinct from pytest's
``test_<name>``.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections

PG_NAME = "thidua_bench"
SQLITE_FILE = "thidua_bench.sqlite3"


@contextmanager
def _exclusive(bench_dir: Path, vendor: str) -> Iterator[None]:
    """One run per database engine at a time: a second run would clobber the first one's database under it."""
    bench_dir.mkdir(parents=True, exist_ok=True)
    with open(bench_dir / f"{vendor}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError(f"another bench run is using the {vendor} bench database; wait for it") from None
        yield


@contextmanager
def throwaway_database(bench_dir: Path, *, say=lambda _: None) -> Iterator[str]:
    """Create, migrate and yield the bench database's name; destroy it afterwards, even on error."""
    with _exclusive(bench_dir, connections[DEFAULT_DB_ALIAS].vendor):
        with _throwaway_database(bench_dir, say=say) as name:
            yield name


@contextmanager
def _throwaway_database(bench_dir: Path, *, say=lambda _: None) -> Iterator[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    original = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        bench_dir.mkdir(parents=True, exist_ok=True)
        name = str((bench_dir / SQLITE_FILE).resolve())
    else:
        name = PG_NAME
    if str(original) == name:
        raise RuntimeError(f"DATABASE_URL already names the bench database {name!r}; refusing to clobber it")
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    say(f"[bench] {connection.vendor}: creating and migrating the throwaway database {name}")
    created = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    if connection.settings_dict["NAME"] != created or created == original:
        raise RuntimeError("the connection does not point at the throwaway database; stopping")
    try:
        yield created
    finally:
        say(f"[bench] {connection.vendor}: destroying {created}")
        connection.creation.destroy_test_db(original, verbosity=0)
        if connection.vendor == "sqlite":
            for suffix in ("-wal", "-shm", "-journal"):
                Path(created + suffix).unlink(missing_ok=True)
