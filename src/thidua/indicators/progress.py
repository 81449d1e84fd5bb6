"""Completion and status of a target, computed from its values. Pure functions: no database, no clock.

**Completion** (kept raw; pages show it clamped to 0–100 %):

- higher is better (target above baseline): ``(value − baseline) / (target − baseline) × 100``;
- lower is better (target below baseline): ``(baseline − value) / (baseline − target) × 100``;
- exactly the target: ``100 − |value − target| / |target − baseline| × 100``, so the baseline scores 0, the target
  100, and overshooting loses as much as falling short;
- baseline equal to target: 100 if the value meets the target (≥, ≤ or = by direction), else 0.

A value beyond the target gives more than 100 (or, for "exact", less); a value on the wrong side of the baseline
gives less than 0. With no value yet there is no completion.

The **current value** combines the dated values by the indicator's rule: the latest one, their sum, or their mean.

**Status**, as of the latest reported period:

1. no value yet: *no data*;
2. the current value meets the target (completion ≥ 100; for "exact", equal to it): *achieved*;
3. the latest period reaches the due date and the target is not met: *off track*;
4. otherwise the pace so far is projected to the due date in a straight line: the value moved from the baseline
   (on the baseline date) to the current value (on the latest period's end); continuing at that pace gives the
   projected value on the due date (for a mean, the current mean is the projection). The projection meets the
   target (for "exact", within ``EXACT_TOLERANCE`` points of 100 %): *on track*; projected completion at least
   ``AT_RISK_FLOOR`` (80 %): *at risk*; below that: *off track*.

Pages and the API also mark *off track* any unmet target whose due date has passed (``selectors``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from thidua.core.numbers import vi_number

from .enums import Aggregation, Direction, TargetStatus

#: A projection reaching at least this share of the target is "at risk" rather than "off track".
AT_RISK_FLOOR = Decimal(80)
#: For "exactly the target", a projection within this many points of 100 % counts as on track.
EXACT_TOLERANCE = Decimal("0.5")
HUNDRED = Decimal(100)
#: Completion is stored in a DECIMAL(12, 2): a near-zero span cannot overflow it.
COMPLETION_LIMIT = Decimal("9999999999.99")
CENT = Decimal("0.01")
VALUE_STEP = Decimal("0.0001")
VALUE_LIMIT = Decimal("99999999999999.9999")


def completion(*, direction: str, baseline: Decimal, target: Decimal, value: Decimal) -> Decimal:
    """Raw completion in percent (see the module docstring), rounded to 0.01 and bounded for storage."""
    span = target - baseline
    if span == 0:
        met = {
            Direction.HIGHER_BETTER: value >= target,
            Direction.LOWER_BETTER: value <= target,
        }.get(direction, value == target)
        return HUNDRED if met else Decimal(0)
    if direction == Direction.EXACT:
        raw = HUNDRED - abs(value - target) / abs(span) * HUNDRED
    else:
        raw = (value - baseline) / span * HUNDRED
    raw = max(-COMPLETION_LIMIT, min(COMPLETION_LIMIT, raw))
    return raw.quantize(CENT, rounding=ROUND_HALF_UP)


def shown(value: Decimal | None) -> Decimal | None:
    """Completion as pages show it: clamped to 0–100."""
    if value is None:
        return None
    return max(Decimal(0), min(HUNDRED, value))


def is_met(*, direction: str, target: Decimal, value: Decimal) -> bool:
    if direction == Direction.HIGHER_BETTER:
        return value >= target
    if direction == Direction.LOWER_BETTER:
        return value <= target
    return value == target


@dataclass(frozen=True)
class Goal:
    direction: str
    aggregation: str
    baseline: Decimal
    target: Decimal
    baseline_on: datetime.date
    due_on: datetime.date


@dataclass
class Evaluation:
    current_value: Decimal | None = None
    last_period_end: datetime.date | None = None
    entry_count: int = 0
    completion: Decimal | None = None
    projected_value: Decimal | None = None
    status: str = TargetStatus.NO_DATA
    #: completion as of each period, in the order given (what the target stood at after that period's value)
    series: list[Decimal] = field(default_factory=list)


def bounded(value: Decimal) -> Decimal:
    return max(-VALUE_LIMIT, min(VALUE_LIMIT, value)).quantize(VALUE_STEP, rounding=ROUND_HALF_UP)


def project(goal: Goal, *, current: Decimal, on: datetime.date) -> Decimal:
    """The value on the due date if the pace from the baseline to ``current`` (reached ``on``) continues."""
    if goal.aggregation == Aggregation.AVERAGE:
        return current
    elapsed = (on - goal.baseline_on).days
    if elapsed <= 0:
        return current
    total = (goal.due_on - goal.baseline_on).days
    return bounded(goal.baseline + (current - goal.baseline) * Decimal(total) / Decimal(elapsed))


def evaluate(goal: Goal, entries: list[tuple[datetime.date, Decimal]]) -> Evaluation:
    """Everything kept on a target, from its current entries ``[(period_end, value), …]`` (any order)."""
    if not entries:
        return Evaluation()
    entries = sorted(entries)
    series: list[Decimal] = []
    total = Decimal(0)
    for count, (_period_end, value) in enumerate(entries, start=1):
        total += value
        combined = {Aggregation.SUM: total, Aggregation.AVERAGE: total / count}.get(goal.aggregation, value)
        series.append(completion(direction=goal.direction, baseline=goal.baseline, target=goal.target,
                                 value=combined))
    current = bounded(combined)
    last = entries[-1][0]
    status, projected = judge(goal, current=current, last=last)
    return Evaluation(current_value=current, last_period_end=last, entry_count=len(entries), completion=series[-1],
                      projected_value=projected, status=status, series=series)


def judge(goal: Goal, *, current: Decimal, last: datetime.date) -> tuple[str, Decimal]:
    """The status and the projected value for a current value reached on ``last`` (rules 2–4 above)."""
    if is_met(direction=goal.direction, target=goal.target, value=current):
        return TargetStatus.ACHIEVED, current
    if last >= goal.due_on:
        return TargetStatus.OFF_TRACK, current
    projected = project(goal, current=current, on=last)
    expected = completion(direction=goal.direction, baseline=goal.baseline, target=goal.target, value=projected)
    if goal.direction == Direction.EXACT:
        on_track = expected >= HUNDRED - EXACT_TOLERANCE
    else:
        on_track = is_met(direction=goal.direction, target=goal.target, value=projected)
    if on_track:
        return TargetStatus.ON_TRACK, projected
    if expected >= AT_RISK_FLOOR:
        return TargetStatus.AT_RISK, projected
    return TargetStatus.OFF_TRACK, projected


#: Units of measure that make an indicator a percentage (held to 0–100).
PERCENT_UNITS = {"%", "phần trăm", "percent", "tỷ lệ %", "tỉ lệ %"}


def value_range(*, unit_of_measure: str, min_value: Decimal | None,
                max_value: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """The plausible range ``(low, high)`` of one value of an indicator (either end may be None: open).

    A percentage is held to 0–100 whatever the indicator says; a range set on it may only narrow that."""
    low, high = min_value, max_value
    if (unit_of_measure or "").strip().lower() in PERCENT_UNITS:
        low = Decimal(0) if low is None or low < 0 else low
        high = HUNDRED if high is None or high > HUNDRED else high
    return low, high


def out_of_range(value: Decimal, low: Decimal | None, high: Decimal | None) -> str | None:
    """The message refusing ``value`` outside ``[low, high]``, or None if it is plausible."""
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            return _("The value must be between %(low)s and %(high)s.") % {
                "low": vi_number(low), "high": vi_number(high)}
        if low is not None:
            return _("The value cannot be below %(low)s.") % {"low": vi_number(low)}
        return _("The value cannot be above %(high)s.") % {"high": vi_number(high)}
    return None
