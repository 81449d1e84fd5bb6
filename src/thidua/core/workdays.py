"""Working days: Monday to Friday, minus the holidays in the calendar (``Holiday``), in local dates.

A time limit of N working days from a day D ends on the N-th working day after D (D itself does not count).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from .models import Holiday

WEEKEND = {5, 6}  # Saturday, Sunday


def _window(days: int) -> datetime.timedelta:
    """Calendar days that surely hold ``days`` working days: weekends take 2 of 7 days and holidays a few dozen
    a year, so twice the working days plus a margin (and never less than a year and a month)."""
    return datetime.timedelta(days=max(400, 2 * days + 60))


def holidays_between(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    """The holidays from ``start`` to ``end`` inclusive, in one query."""
    if end < start:
        start, end = end, start
    return frozenset(Holiday.objects.filter(date__range=(start, end)).values_list("date", flat=True))


def is_working_day(day: datetime.date, holidays: Iterable[datetime.date] = ()) -> bool:
    return day.weekday() not in WEEKEND and day not in holidays


def add_working_days(start: datetime.date, days: int, holidays: Iterable[datetime.date] | None = None
                     ) -> datetime.date:
    """The ``days``-th working day after ``start``."""
    if holidays is None:
        holidays = holidays_between(start, start + _window(days))
    holidays = frozenset(holidays)
    day, left = start, days
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date,
                         holidays: Iterable[datetime.date] | None = None) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is before ``start``
    (the working days overdue)."""
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    if holidays is None:
        holidays = holidays_between(start, end)
    holidays = frozenset(holidays)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return sign * count


def holiday_add(*, by, date: datetime.date, name: str) -> Holiday:
    """The council office adds a day off to the calendar the working-day time limits skip."""
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.utils.translation import gettext as _

    from .audit import log_action
    from .permissions import require_council_office

    if by is not None:
        require_council_office(by)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("This field is required.")]})
    with transaction.atomic():
        if Holiday.objects.filter(date=date).exists():
            raise ValidationError({"date": [_("%(day)s is already in the calendar.") % {
                "day": date.strftime("%d/%m/%Y")}]})
        holiday = Holiday.objects.create(date=date, name=name[:200])
        log_action("core.holiday.added", actor=by, target=holiday, data={"day": date, "name": holiday.name})
    return holiday


def holiday_remove(*, by, holiday: Holiday) -> None:
    from django.db import transaction

    from .audit import log_action
    from .permissions import require_council_office

    if by is not None:
        require_council_office(by)
    with transaction.atomic():
        log_action("core.holiday.removed", actor=by, target=holiday, data={"day": holiday.date, "name": holiday.name})
        holiday.delete()
