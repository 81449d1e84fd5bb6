"""One benchmark run on the database Django is configured for (call after ``django.setup()``)."""

from __future__ import annotations

import time
from pathlib import Path

from django.db import connection

from . import award_cases, report
from .awards import build_awards
from .data import build
from .evaluation_cases import measure_calls
from .imports import measure_imports
from .measure import measure
from .scales import Scale
from .testdb import throwaway_database


def say(message: str) -> None:
    print(message, flush=True)


def _steps(say):
    started = time.perf_counter()
    return lambda message: say(f"  [{time.perf_counter() - started:6.1f}s] {message}")


def run(scale: Scale, bench_dir: Path, *, iterations: int | None = None, only: set[str] | None = None) -> list[dict]:
    """Build the scale in a throwaway database, measure, destroy it; write ``<database>-<scale>.json``."""
    started = time.perf_counter()
    with throwaway_database(bench_dir, say=say):
        vendor = connection.vendor
        say(f"[bench] {vendor}: building the synthetic province at scale {scale.name}")
        data = build(scale, say=say)
        awards = None
        if award_cases.wanted(only):
            say(f"[bench] {vendor}: commendations: people with ten years of history, the registry, 2025 dossiers")
            awards = build_awards(scale, _steps(say))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics, as a database in use would have
        say(f"[bench] {vendor}: measuring ({iterations or scale.iterations} timed requests per case)")
        rows = measure(data, iterations=iterations, only=only, say=say)
        rows += measure_calls(data, iterations=iterations, only=only, say=say)
        if awards is not None:
            rows += award_cases.measure_awards(data, awards, iterations=iterations, only=only, say=say)
        say(f"[bench] {vendor}: import throughput ({scale.import_iterations} timed runs per phase, rolled back)")
        rows += measure_imports(data, bench_dir, only=only, say=say)
    report.write(bench_dir / f"{vendor}-{scale.name}.json", rows)
    say(f"[bench] {vendor}: done in {time.perf_counter() - started:.1f}s")
    return rows
