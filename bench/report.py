"""The printed table and the JSON files."""

from __future__ import annotations

import json
from pathlib import Path

COLUMNS = [
    ("name", "name", "<26", "{}"),
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


def table(rows: list[dict]) -> str:
    """Fixed-width text, one line per case; ×sql and ×view are the median over each floor."""
    header = "  ".join(format(title, spec) for _key, title, spec, _fmt in COLUMNS)
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append("  ".join(
            format(fmt.format(row[key]) if row.get(key) is not None else "-", spec)
            for key, _title, spec, fmt in COLUMNS
        ))
    return "\n".join(lines)


def write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))
