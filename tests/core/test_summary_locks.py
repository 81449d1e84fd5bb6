"""Two transactions recomputing the same summary rows (a content area's progress rollups, a year's registry tallies)
never run at once: the first holds the key until it ends, so the second can neither insert the same row (an
IntegrityError, a 500) nor count it twice. Checked from a second connection while the test's transaction, which has
just refreshed them, is still open: on PostgreSQL the key's advisory lock cannot be taken; on SQLite the tables
cannot be written (one writer at a time)."""

from __future__ import annotations

import datetime
import sqlite3

from django.db import connection

from thidua.awards import services
from thidua.awards.models import Award, AwardCount, AwardType
from thidua.campaigns.models import ContentArea
from thidua.core.locks import AWARD_YEAR, PROGRESS_AREA
from thidua.indicators import rollups
from thidua.indicators.models import ProgressMonth
from thidua.org.models import Unit


def _second_connection_blocked(namespace: int, key: int, table: str) -> bool:
    if connection.vendor == "postgresql":
        import psycopg

        settings = connection.settings_dict
        with psycopg.connect(dbname=settings["NAME"], host=settings["HOST"], port=settings["PORT"] or 5432,
                             user=settings["USER"], password=settings["PASSWORD"] or None) as other:
            with other.transaction():
                taken = other.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [namespace, key]).fetchone()[0]
        return not taken
    other = sqlite3.connect(connection.settings_dict["NAME"], uri=True, timeout=0)
    try:
        other.execute(f"DELETE FROM {table} WHERE id = -1")
        other.commit()
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc)
    finally:
        other.close()


def _free_before(namespace: int, key: int, table: str) -> None:
    """On PostgreSQL the key is free until the write (the demo, loaded in this transaction, never touched it)."""
    if connection.vendor == "postgresql":
        assert not _second_connection_blocked(namespace, key, table)


def test_a_content_areas_rollups_are_recomputed_by_one_writer_at_a_time(province):
    area = ContentArea.objects.create(campaign=province.campaign(), order=99, title="Nội dung thử",
                                      body="Chưa có số liệu").pk  # an area no writer has touched yet
    _free_before(PROGRESS_AREA, area, ProgressMonth._meta.db_table)
    rollups.refresh({(area, datetime.date(2021, 9, 1))})
    assert _second_connection_blocked(PROGRESS_AREA, area, ProgressMonth._meta.db_table)


def test_a_years_tallies_are_recounted_by_one_writer_at_a_time(province):
    assert not Award.objects.filter(year=1987).exists()
    _free_before(AWARD_YEAR, 1987, AwardCount._meta.db_table)
    award = services.award_register(by=None, award_type=AwardType.objects.get(code="TTLDTT"), year=1987,
                                    unit=Unit.objects.order_by("id").first(), decision_reference="12/QĐ-UBND")
    assert AwardCount.objects.filter(year=1987, award_type=award.award_type).exists()
    assert _second_connection_blocked(AWARD_YEAR, 1987, AwardCount._meta.db_table)
