"""Many-row writes without model instances, for imports: many rows per statement on SQLite and PostgreSQL.

Building 20,000 model objects and letting ``bulk_create``/``bulk_update`` compile them costs more than the database
work itself. These helpers take plain tuples in field order. Values must already be what the column stores:
``Decimal``, ``date``, ``str``, ``int``, ``bool`` or ``None`` (both drivers adapt these the way the ORM does);
aware datetimes go through ``db_datetime`` and JSON through ``db_json``. Nothing here checks or audits: callers
are services that have done both.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

BATCH = 2000


def db_datetime(value: datetime.datetime):
    return connection.ops.adapt_datetimefield_value(value)


def db_json(value):
    return connection.ops.adapt_json_value(value, DjangoJSONEncoder)


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    return [connection.ops.quote_name(model._meta.get_field(name).column) for name in fields]


def _batch(columns: int) -> int:
    """Rows per statement: under both drivers' parameter limits (SQLite 32,766; PostgreSQL 65,535)."""
    return max(1, min(1000, 30000 // max(1, columns)))


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    """PostgreSQL's COPY: rows streamed to the server, no SQL text to build or parse."""
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """``INSERT`` every row (values in ``fields`` order): COPY on PostgreSQL, many rows per statement on SQLite."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = _columns(model, fields)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            _copy(cursor, table, columns, rows)
        return
    one = f"({', '.join(['%s'] * len(columns))})"
    size = _batch(len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one] * len(chunk))}"
            cursor.execute(sql, [value for row in chunk for value in row])


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """``UPDATE … SET fields WHERE pk = …`` for every row: values in ``fields`` order, then the primary key.

    PostgreSQL: the values are COPied into a temporary table and applied with one ``UPDATE … FROM``; SQLite, which
    runs in-process, repeats one prepared statement with ``executemany``. Call inside a transaction."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    concrete = [model._meta.get_field(name) for name in fields]
    columns = _columns(model, fields)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assignments = ", ".join(f"{column} = %s" for column in columns)
            sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
            for start in range(0, len(rows), BATCH):
                cursor.executemany(sql, rows[start:start + BATCH])
            return
        # COPY the new values into a temporary table, then one UPDATE … FROM it.
        types = [f.db_type(connection) for f in concrete] + [model._meta.pk.rel_db_type(connection)]
        names = [f"c{i}" for i in range(len(columns))] + ["pk"]
        cursor.execute("CREATE TEMPORARY TABLE thidua_bulk_update ("
                       + ", ".join(f"{name} {kind}" for name, kind in zip(names, types, strict=True))
                       + ") ON COMMIT DROP")
        _copy(cursor, "thidua_bulk_update", names, rows)
        assignments = ", ".join(f"{column} = v.{name}" for column, name in zip(columns, names, strict=False))
        cursor.execute(f"UPDATE {table} SET {assignments} FROM thidua_bulk_update AS v WHERE {table}.{pk} = v.pk")
        # Dropped now so a second call in the same transaction can make it again (a failure rolls it back).
        cursor.execute("DROP TABLE thidua_bulk_update")
