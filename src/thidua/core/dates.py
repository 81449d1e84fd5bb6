"""Dates that make sense: an official date (a decision, a meeting, a deadline, a reported value) lies between 1945
and ten years ahead; a birth date between 1900 and today. A typo such as 20244 or 0202 is refused with a message,
instead of being stored and breaking reports, sorting and exports later.

Forms use ``OfficialDateField``, ``OfficialDateTimeField`` (a vote's opening and closing) and ``BirthDateField``;
the API uses the matching types of ``thidua.api.types`` (``OfficialDate``, ``OfficialDateTime``, ``BirthDate``),
which call the same functions.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import CharField, Func
from django.utils import timezone
from django.utils.translation import gettext as _

#: The earliest official date: the state's founding year (2/9/1945); no decision or meeting on record is older.
OFFICIAL_EARLIEST = datetime.date(1945, 1, 1)
#: How many years ahead an official date may lie (a plan's horizon; a deadline beyond is a typo).
OFFICIAL_YEARS_AHEAD = 10
BIRTH_EARLIEST = datetime.date(1900, 1, 1)


def official_date_range(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    try:
        latest = today.replace(year=today.year + OFFICIAL_YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + OFFICIAL_YEARS_AHEAD, day=28)
    return OFFICIAL_EARLIEST, latest


def birth_date_range(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    return BIRTH_EARLIEST, today or timezone.localdate()


def _check(value: datetime.date | None, earliest: datetime.date, latest: datetime.date, message: str) -> None:
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not earliest <= value <= latest:
        raise ValidationError(message % {"start": f"{earliest:%d/%m/%Y}", "end": f"{latest:%d/%m/%Y}"},
                              code="date_out_of_range")


def validate_official_date(value: datetime.date | None) -> None:
    """A decision's, meeting's, deadline's or reported value's date (or a vote's opening or closing time, by its
    day): from 1945 to ten years from today."""
    earliest, latest = official_date_range()
    _check(value, earliest, latest, _("Enter a date between %(start)s and %(end)s."))


def validate_birth_date(value: datetime.date | None) -> None:
    """A date of birth: from 1900 to today."""
    earliest, latest = birth_date_range()
    _check(value, earliest, latest, _("Enter a date of birth between %(start)s and today (%(end)s)."))


class OfficialDateField(forms.DateField):
    """A form's date of a decision, meeting, deadline or reported value (``validate_official_date``)."""

    default_validators = [validate_official_date]


class OfficialDateTimeField(forms.DateTimeField):
    """A form's moment of an official act, such as a vote opening or closing (``validate_official_date``)."""

    default_validators = [validate_official_date]


class BirthDateField(forms.DateField):
    """A form's date of birth (``validate_birth_date``)."""

    default_validators = [validate_birth_date]


class YearMonth(Func):
    """A date's month as ``'YYYY-MM'`` text, computed by the database itself: ``TruncMonth`` is a Python function
    called once per row on SQLite (944 of the progress dashboard's 1,285 ms at province scale, 475,000 values) and
    a cast to text would follow PostgreSQL's ``DateStyle``."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM')", **extra_context)


def month_start(year_month: str) -> datetime.date:
    """``'2021-09'`` (``YearMonth``) → 1 September 2021."""
    return datetime.date(int(year_month[:4]), int(year_month[5:7]), 1)
