"""The printed table and the JSON files."""

from __future__ import annotations

import json
from pathlib import Path

COLUMNS = [
    ("name", "name", "<32", "{}"),
    ("database", "db", "<10", "{}"),
    ("scale", "scale", "<8", "{}"),
    ("median_ms", "median ms", ">10", "{:.2f}"),
    ("p95_ms", "p95 ms", ">9", "{:.2f}"),
    ("queries", "queries", ">7", "{}"),
    ("floor_sql_ms", "floor sql", ">9", "{:.2f}"),
    ("floor_view_ms", "floor view", ">10", "{:.2f}"),
    ("ratio_sql", "×sql", ">6", "{}"),
    ("ratio_view", "×view", ">6", "{}"),
]


#: The import table (rows of ``bench/imports.py``, recognised by their ``rows_per_s``).
IMPORT_COLUMNS = [
    ("name", "name", "<22", "{}"),
    ("database", "db", "<10", "{}"),
    ("scale", "scale", "<8", "{}"),
    ("rows", "rows", ">7", "{:,}"),
    ("median_ms", "median ms", ">10", "{:.1f}"),
    ("rows_per_s", "rows/s", ">8", "{:,}"),
    ("queries", "queries", ">7", "{}"),
    ("floor_sql_ms", "floor sql", ">9", "{:.1f}"),
    ("ratio_sql", "×sql", ">5", "{}"),
    ("phases_ms", "ms by phase (write) / commit ms", "<0", "{}"),
]


def _lines(rows: list[dict], columns: list[tuple]) -> list[str]:
    header = "  ".join(format(title, spec) for _key, title, spec, _fmt in columns)
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append("  ".join(
            format(fmt.format(row[key]) if row.get(key) is not None else "-", spec)
            for key, _title, spec, fmt in columns
        ).rstrip())
    return lines


def _phases(row: dict) -> dict:
    if "phases_ms" in row:
        return {**row, "phases_ms": " ".join(f"{k} {v:g}" for k, v in row["phases_ms"].items())}
    if "commit_ms" in row:
        return {**row, "phases_ms": f"commit {row['commit_ms']:.1f}"}
    return row


def table(rows: list[dict]) -> str:
    """Fixed-width text, one line per case; ×sql and ×view are the median over each floor. Import rows get a
    second table with their rows per second."""
    requests = [r for r in rows if "rows_per_s" not in r]
    imports = [_phases(r) for r in rows if "rows_per_s" in r]
    lines = _lines(requests, COLUMNS)
    if imports:
        lines += ["", *_lines(imports, IMPORT_COLUMNS)]
    return "\n".join(lines)


def queries_by_scale(rows: list[dict], bench_dir: Path) -> str:
    """Each case's query count at every scale measured so far on the same database (``<database>-<scale>.json``
    left by earlier runs), and whether it stayed the same: it must not grow with the data. Import rows are left
    out (their statements grow with the rows written, a constant number per 2,000)."""
    from .scales import SCALES

    lines = []
    for database in dict.fromkeys(r["database"] for r in rows):
        counts: dict[str, dict[str, int]] = {}
        scales = []
        for scale in SCALES:
            path = bench_dir / f"{database}-{scale}.json"
            if not path.exists():
                continue
            scales.append(scale)
            for row in read(path):
                if "rows_per_s" not in row and row.get("queries") is not None:
                    counts.setdefault(row["name"], {})[scale] = row["queries"]
        if len(scales) < 2:
            continue
        header = f"{'queries on ' + database:<32}  " + "  ".join(f"{s:>8}" for s in scales) + "  constant"
        lines += [header, "-" * len(header)]
        for name, by_scale in counts.items():
            values = [by_scale.get(s) for s in scales]
            measured = [v for v in values if v is not None]
            verdict = "-" if len(measured) < 2 else "yes" if len(set(measured)) == 1 else "NO"
            lines.append(f"{name:<32}  " + "  ".join(f"{v if v is not None else '-':>8}" for v in values)
                         + f"  {verdict}")
        lines.append("")
    return "\n".join(lines).rstrip()


def write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))
