"""Completion and status from a target's values (``progress``): pure functions, checked on worked numbers."""

import datetime
from decimal import Decimal

import pytest

from thidua.indicators import progress
from thidua.indicators.enums import Aggregation, Direction, TargetStatus

D = Decimal
START = datetime.date(2021, 1, 1)
#: 100 days after START: halfway there after 50 days, so the projection doubles the way covered.
DUE = START + datetime.timedelta(days=100)
HALFWAY = START + datetime.timedelta(days=50)


def goal(direction=Direction.HIGHER_BETTER, *, baseline="0", target="100", aggregation=Aggregation.LAST,
         due_on=DUE) -> progress.Goal:
    return progress.Goal(direction=direction, aggregation=aggregation, baseline=D(baseline), target=D(target),
                         baseline_on=START, due_on=due_on)


def completion(direction, baseline, target, value) -> Decimal:
    return progress.completion(direction=direction, baseline=D(baseline), target=D(target), value=D(value))


# ── completion ──────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("value", "expected"), [
    ("40", "0.00"), ("65", "50.00"), ("90", "100.00"), ("77.5", "75.00"), ("100", "120.00"), ("30", "-20.00"),
])
def test_completion_higher_better_from_baseline_to_target(value, expected):
    assert completion(Direction.HIGHER_BETTER, "40", "90", value) == D(expected)


@pytest.mark.parametrize(("value", "expected"), [
    ("20", "0.00"), ("14", "60.00"), ("10", "100.00"), ("8", "120.00"), ("25", "-50.00"),
])
def test_completion_lower_better_counts_the_drop(value, expected):
    assert completion(Direction.LOWER_BETTER, "20", "10", value) == D(expected)


@pytest.mark.parametrize(("value", "expected"), [
    ("50", "0.00"), ("65", "50.00"), ("80", "100.00"), ("95", "50.00"), ("110", "0.00"), ("35", "-50.00"),
])
def test_completion_exact_loses_as_much_overshooting_as_falling_short(value, expected):
    assert completion(Direction.EXACT, "50", "80", value) == D(expected)


@pytest.mark.parametrize(("direction", "value", "expected"), [
    (Direction.HIGHER_BETTER, "100", "100"), (Direction.HIGHER_BETTER, "101", "100"),
    (Direction.HIGHER_BETTER, "99.9", "0"),
    (Direction.LOWER_BETTER, "100", "100"), (Direction.LOWER_BETTER, "99", "100"),
    (Direction.LOWER_BETTER, "100.1", "0"),
    (Direction.EXACT, "100", "100"), (Direction.EXACT, "101", "0"), (Direction.EXACT, "99", "0"),
])
def test_completion_with_baseline_equal_to_target_is_all_or_nothing(direction, value, expected):
    assert completion(direction, "100", "100", value) == D(expected)


def test_completion_rounds_to_hundredths():
    assert completion(Direction.HIGHER_BETTER, "0", "3", "1") == D("33.33")
    assert completion(Direction.HIGHER_BETTER, "0", "3", "2") == D("66.67")


def test_completion_of_a_tiny_span_is_bounded_for_storage():
    assert completion(Direction.HIGHER_BETTER, "0", "0.0001", "99999999") == progress.COMPLETION_LIMIT
    assert completion(Direction.HIGHER_BETTER, "0", "0.0001", "-99999999") == -progress.COMPLETION_LIMIT


@pytest.mark.parametrize(("raw", "expected"), [
    (None, None), (D("120.00"), D(100)), (D("-20.00"), D(0)), (D("55.50"), D("55.50")), (D(100), D(100)),
    (D(0), D(0)),
])
def test_shown_completion_is_clamped_to_0_100(raw, expected):
    assert progress.shown(raw) == expected


def test_each_aggregation_combines_the_same_values_differently():
    day25 = START + datetime.timedelta(days=25)
    entries = [(day25, D("10")), (HALFWAY, D("40"))]
    assert [progress.evaluate(goal(aggregation=a), entries).current_value
            for a in (Aggregation.LAST, Aggregation.SUM, Aggregation.AVERAGE)] == [D("40"), D("50"), D("25")]


# ── status ──────────────────────────────────────────────────────────────────────────────────────────────────


def test_no_entries_yet_is_no_data_without_completion():
    result = progress.evaluate(goal(), [])
    assert (result.status, result.completion, result.current_value, result.entry_count, result.projected_value,
            result.last_period_end, result.series) == (TargetStatus.NO_DATA, None, None, 0, None, None, [])


def test_value_beyond_the_target_is_achieved_with_raw_completion_above_100():
    result = progress.evaluate(goal(), [(HALFWAY, D("130"))])
    assert (result.status, result.completion, progress.shown(result.completion), result.projected_value) == (
        TargetStatus.ACHIEVED, D("130.00"), D(100), D("130.0000"))


def test_value_below_the_baseline_has_negative_raw_completion_shown_as_0():
    result = progress.evaluate(goal(baseline="20"), [(HALFWAY, D("10"))])
    # (10 − 20) / (100 − 20) = −12.5 %; the projection 20 + (10 − 20)·2 = 0 is far off.
    assert (result.completion, progress.shown(result.completion), result.projected_value, result.status) == (
        D("-12.50"), D(0), D("0.0000"), TargetStatus.OFF_TRACK)


@pytest.mark.parametrize(("value", "projected", "status"), [
    ("50", "100", TargetStatus.ON_TRACK),      # projected exactly onto the target
    ("49.99", "99.98", TargetStatus.AT_RISK),  # just short of it
    ("40", "80", TargetStatus.AT_RISK),        # exactly the 80 % floor
    ("39.99", "79.98", TargetStatus.OFF_TRACK),
    ("10", "20", TargetStatus.OFF_TRACK),
])
def test_higher_better_projection_thresholds(value, projected, status):
    result = progress.evaluate(goal(), [(HALFWAY, D(value))])
    assert (result.status, result.projected_value, result.completion) == (status, D(projected), D(value))


@pytest.mark.parametrize(("value", "projected", "status"), [
    ("75", "50", TargetStatus.ON_TRACK),   # 100 → 75 halfway: 50 by the due date
    ("80", "60", TargetStatus.AT_RISK),    # projection 60: (100 − 60) / 50 = 80 %
    ("81", "62", TargetStatus.OFF_TRACK),  # projection 62: 76 %
    ("40", "40", TargetStatus.ACHIEVED),   # already below the target
])
def test_lower_better_projection_thresholds(value, projected, status):
    result = progress.evaluate(goal(Direction.LOWER_BETTER, baseline="100", target="50"), [(HALFWAY, D(value))])
    assert (result.status, result.projected_value) == (status, D(projected))


def test_lower_better_completion_is_stored_from_the_drop():
    result = progress.evaluate(goal(Direction.LOWER_BETTER, baseline="100", target="50"), [(HALFWAY, D("80"))])
    assert result.completion == D("40.00")


@pytest.mark.parametrize(("value", "status"), [
    ("50", TargetStatus.ON_TRACK),        # projected 100: exactly the target
    ("50.2", TargetStatus.ON_TRACK),      # projected 100.4: within 0.5 points
    ("50.3", TargetStatus.AT_RISK),       # projected 100.6: 99.4 %
    ("60", TargetStatus.AT_RISK),         # projected 120: 80 %
    ("61", TargetStatus.OFF_TRACK),       # projected 122: 78 %
    ("100", TargetStatus.ACHIEVED),
])
def test_exact_projection_thresholds(value, status):
    assert progress.evaluate(goal(Direction.EXACT), [(HALFWAY, D(value))]).status == status


def test_latest_period_at_the_due_date_not_met_is_off_track_whatever_the_pace():
    result = progress.evaluate(goal(), [(HALFWAY, D("50")), (DUE, D("99"))])
    assert (result.status, result.completion, result.projected_value, result.last_period_end) == (
        TargetStatus.OFF_TRACK, D("99.00"), D("99.0000"), DUE)


def test_latest_period_at_the_due_date_met_is_achieved():
    assert progress.evaluate(goal(), [(DUE, D("100"))]).status == TargetStatus.ACHIEVED


def test_sum_adds_the_periods_and_projects_the_pace():
    day25 = START + datetime.timedelta(days=25)
    result = progress.evaluate(goal(target="300", aggregation=Aggregation.SUM),
                               [(HALFWAY, D("70")), (day25, D("50"))])  # any order
    # 50 + 70 = 120 after 50 days → 240 after 100: 80 % of 300.
    assert (result.current_value, result.completion, result.projected_value, result.status, result.series) == (
        D("120.0000"), D("40.00"), D("240.0000"), TargetStatus.AT_RISK, [D("16.67"), D("40.00")])
    assert result.entry_count == 2


def test_average_takes_the_mean_as_its_own_projection():
    day25 = START + datetime.timedelta(days=25)
    result = progress.evaluate(goal(aggregation=Aggregation.AVERAGE), [(day25, D("80")), (HALFWAY, D("91"))])
    assert (result.current_value, result.completion, result.projected_value, result.status, result.series) == (
        D("85.5000"), D("85.50"), D("85.5"), TargetStatus.AT_RISK, [D("80.00"), D("85.50")])


def test_average_meeting_the_target_is_achieved_even_if_the_latest_value_is_lower():
    day25 = START + datetime.timedelta(days=25)
    result = progress.evaluate(goal(target="90", aggregation=Aggregation.AVERAGE),
                               [(day25, D("100")), (HALFWAY, D("84"))])
    assert (result.current_value, result.status) == (D("92.0000"), TargetStatus.ACHIEVED)


def test_last_takes_the_latest_period_not_the_latest_given():
    day25 = START + datetime.timedelta(days=25)
    result = progress.evaluate(goal(), [(HALFWAY, D("50")), (day25, D("90"))])
    assert (result.current_value, result.last_period_end, result.series) == (D("50.0000"), HALFWAY,
                                                                              [D("90.00"), D("50.00")])


def test_baseline_equal_to_target_not_yet_met_projects_off_track():
    result = progress.evaluate(goal(baseline="100", target="100"), [(HALFWAY, D("95"))])
    assert (result.completion, result.status) == (D("0"), TargetStatus.OFF_TRACK)


def test_baseline_equal_to_target_met_is_achieved():
    result = progress.evaluate(goal(baseline="100", target="100"), [(HALFWAY, D("100"))])
    assert (result.completion, result.status) == (D("100"), TargetStatus.ACHIEVED)


def test_projection_without_elapsed_time_keeps_the_current_value():
    assert progress.project(goal(), current=D("30"), on=START) == D("30")


def test_projection_is_linear_from_the_baseline_date():
    # 30 after a quarter of the time → 120 at the due date.
    assert progress.project(goal(), current=D("30"), on=START + datetime.timedelta(days=25)) == D("120.0000")
