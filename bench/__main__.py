"""``python -m bench --scale small|province|national``: measure SQLite, and PostgreSQL when DATABASE_URL names it.

Django reads DATABASE_URL once, when the settings are imported, so each database is measured in its own process:
with both, this process runs one child per database and merges their results into ``var/bench/latest.json``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from . import report
from .scales import SCALES

DATABASES = ("sqlite", "postgresql")


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://", "postgis://"))


def _bench_dir() -> Path:
    """``var/bench`` under the same var directory the settings use."""
    return Path(os.environ.get("THIDUA_VAR_DIR", Path.cwd() / "var")) / "bench"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--database", choices=("auto", *DATABASES), default="auto",
                        help="auto: SQLite, then PostgreSQL too when DATABASE_URL names one")
    parser.add_argument("--iterations", type=int, default=None, help="timed requests per case (default: per scale)")
    parser.add_argument("--only", action="append", default=None, metavar="CASE",
                        help="measure only this case (repeatable), e.g. api.campaign_detail or import.write_1mo")
    parser.add_argument("--no-latest", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _run_here(database: str, args: argparse.Namespace) -> list[dict]:
    """Measure one database in this process; the environment must be set before Django reads its settings."""
    if database == "sqlite":
        os.environ.pop("DATABASE_URL", None)  # the default SQLite settings; the bench uses its own file
    elif not _is_postgres(os.environ.get("DATABASE_URL", "")):
        sys.exit("--database postgresql needs DATABASE_URL=postgresql://…")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.config.settings")
    import django

    django.setup()
    from .runner import run

    return run(SCALES[args.scale], _bench_dir(), iterations=args.iterations,
               only=set(args.only) if args.only else None)


def _run_child(database: str, args: argparse.Namespace) -> list[dict]:
    command = [sys.executable, "-m", "bench", "--scale", args.scale, "--database", database, "--no-latest"]
    if args.iterations:
        command += ["--iterations", str(args.iterations)]
    for name in args.only or ():
        command += ["--only", name]
    result = subprocess.run(command, check=False)
    if result.returncode != 0:
        sys.exit(f"[bench] the {database} run failed (exit {result.returncode})")
    return report.read(_bench_dir() / f"{database}-{args.scale}.json")


def main(argv: list[str] | None = None) -> None:
    args = _parse(argv)
    if args.database == "auto":
        targets = ["sqlite"] + (["postgresql"] if _is_postgres(os.environ.get("DATABASE_URL", "")) else [])
    else:
        targets = [args.database]
    if len(targets) == 1:
        rows = _run_here(targets[0], args)
    else:
        rows = [row for database in targets for row in _run_child(database, args)]
    if args.no_latest:
        return
    report.write(_bench_dir() / "latest.json", rows)
    print()
    print(report.table(rows))
    by_scale = report.queries_by_scale(rows, _bench_dir())
    if by_scale:
        print()
        print(by_scale)
    print(f"\n[bench] wrote {_bench_dir() / 'latest.json'}")


if __name__ == "__main__":
    main()
