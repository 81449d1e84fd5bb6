"""Many-row writes without model instances, for imports: one ``executemany`` per batch on SQLite and PostgreSQL.

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


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """``INSERT`` every row (values in ``fields`` order)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = _columns(model, fields)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """``UPDATE … SET fields WHERE pk = …`` for every row: values in ``fields`` order, then the primary key."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{column} = %s" for column in _columns(model, fields))
    sql = f"UPDATE {table} SET {assignments} WHERE {connection.ops.quote_name(model._meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])
