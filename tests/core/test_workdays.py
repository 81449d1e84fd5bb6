"""Working days: Monday to Friday minus the holiday calendar; a limit of N working days from D ends on the N-th
working day after D (D itself does not count)."""

import datetime

import pytest

from thidua.core.models import Holiday
from thidua.core.workdays import add_working_days, holidays_between, is_working_day, working_days_between

D = datetime.date


@pytest.fixture
def labour_day_2021(db):
    """30/4 (Fri) and 1/5 (Sat) 2021, with Monday 3/5 off in compensation for the Saturday."""
    Holiday.objects.bulk_create([Holiday(date=D(2021, 4, 30), name="Ngày Giải phóng miền Nam"),
                                 Holiday(date=D(2021, 5, 1), name="Ngày Quốc tế Lao động"),
                                 Holiday(date=D(2021, 5, 3), name="Nghỉ bù Ngày Quốc tế Lao động")])


@pytest.mark.parametrize(("start", "days", "due"), [
    (D(2021, 4, 26), 0, D(2021, 4, 26)),   # no days: the same day
    (D(2021, 4, 26), 1, D(2021, 4, 27)),   # Monday + 1 = Tuesday
    (D(2021, 4, 23), 1, D(2021, 4, 26)),   # Friday + 1 = Monday, over the weekend
    (D(2021, 4, 24), 1, D(2021, 4, 26)),   # from a Saturday
    (D(2021, 4, 19), 5, D(2021, 4, 26)),   # a week
    (D(2021, 4, 29), 25, D(2021, 6, 3)),   # no holidays in the calendar
])
def test_add_working_days_over_weekends(db, start, days, due):
    assert add_working_days(start, days) == due


@pytest.mark.parametrize(("start", "days", "due"), [
    (D(2021, 4, 29), 1, D(2021, 5, 4)),    # Thu 29/4 → Fri 30/4, Sat 1/5, Sun 2/5, Mon 3/5 are off → Tue 4/5
    (D(2021, 4, 29), 25, D(2021, 6, 7)),   # the appraisal limit: 25 working days, two holidays later than without
    (D(2021, 4, 28), 2, D(2021, 5, 4)),
    (D(2021, 4, 30), 1, D(2021, 5, 4)),    # from a holiday
])
def test_add_working_days_over_holidays(labour_day_2021, start, days, due):
    assert add_working_days(start, days) == due


def test_add_working_days_with_a_given_calendar_reads_no_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert add_working_days(D(2021, 4, 29), 25, holidays=[D(2021, 4, 30), D(2021, 5, 3)]) == D(2021, 6, 7)


@pytest.mark.parametrize(("start", "end", "days"), [
    (D(2021, 4, 29), D(2021, 4, 29), 0),
    (D(2021, 4, 29), D(2021, 5, 4), 1),     # only Tuesday 4/5 is a working day after Thursday 29/4
    (D(2021, 4, 29), D(2021, 6, 7), 25),
    (D(2021, 4, 26), D(2021, 4, 30), 3),    # Tue, Wed, Thu; Friday 30/4 is a holiday
    (D(2021, 5, 4), D(2021, 4, 29), -1),    # overdue by one working day
    (D(2021, 6, 7), D(2021, 4, 29), -25),
    (D(2021, 5, 2), D(2021, 5, 1), 0),      # Sunday back to a Saturday holiday: nothing in between
])
def test_working_days_between(labour_day_2021, start, end, days):
    assert working_days_between(start, end) == days


def test_working_days_between_without_holidays_counts_weekdays(db):
    assert working_days_between(D(2021, 4, 29), D(2021, 5, 4)) == 3
    assert working_days_between(D(2021, 5, 4), D(2021, 4, 29)) == -3


def test_holidays_between_is_inclusive_and_order_free(labour_day_2021):
    assert holidays_between(D(2021, 5, 3), D(2021, 4, 30)) == frozenset({D(2021, 4, 30), D(2021, 5, 1),
                                                                         D(2021, 5, 3)})
    assert holidays_between(D(2021, 5, 2), D(2021, 5, 2)) == frozenset()


def test_is_working_day():
    assert [is_working_day(D(2021, 4, 29) + datetime.timedelta(days=n), {D(2021, 4, 30)}) for n in range(6)] == [
        True, False, False, False, True, True]


def test_a_long_limit_reads_the_holidays_all_the_way(db):
    """300 working days from 1/1/2021 end past 400 calendar days: a holiday that late still counts."""
    start, late_holiday = D(2021, 1, 1), D(2022, 2, 10)
    without = add_working_days(start, 300, holidays=[])
    assert without == D(2022, 2, 25)
    Holiday.objects.create(date=late_holiday, name="Tết Nguyên đán")
    assert add_working_days(start, 300) == D(2022, 2, 28)  # Friday 25 → Monday 28
