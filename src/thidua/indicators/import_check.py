"""The read-only half of the Excel import: every row checked against the database before anything is written.

``progress_import_check`` takes no lock and writes nothing, so it runs before the import's transaction opens;
``services.progress_import`` then holds the write lock only for its bulk statements (issue 13: the import's
single transaction held SQLite's write lock for 6–24 s at province scale, most of it reading and checking).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.org.models import Unit

from . import progress
from .enums import TargetApproval
from .models import Indicator, Target

NOTE_LIMIT = 1000


class ImportRejected(Exception):
    """Rows of an import that cannot be written: ``errors`` are ``{"row", "column", "message"}``."""

    def __init__(self, message: str, errors: list[dict]):
        super().__init__(message)
        self.message = message
        self.errors = errors


@dataclass
class ImportPlan:
    """Rows that passed every check: ``accepted`` are ``(target id, SheetRow)``; ``seen`` maps
    ``(target id, period end)`` to its row number; ``labels`` name each target for the audit log."""

    accepted: list[tuple[int, object]] = field(default_factory=list)
    seen: dict[tuple[int, datetime.date], int] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)


def progress_import_check(*, by, campaign, rows: list, today: datetime.date) -> ImportPlan:
    """Check every row (the unit and indicator exist in this campaign, the target is approved and the user's to
    fill, the period fits the target, no period twice); any error rejects the whole file (``ImportRejected``)."""
    from .spreadsheet import MAX_ERRORS

    access = access_of(by)
    plan = ImportPlan()
    lookup = {
        (unit_code.upper(), indicator_code.upper()): (pk, unit_id, approval, baseline_on, due_on, unit_name)
        for pk, unit_code, indicator_code, unit_id, approval, baseline_on, due_on, unit_name in
        Target.objects.filter(indicator__campaign=campaign).values_list(
            "pk", "unit__code", "indicator__code", "unit_id", "approval", "baseline_on", "due_on", "unit__name")
    }
    unit_codes = {code.upper() for code in Unit.objects.values_list("code", flat=True)}
    ranges = {
        code.upper(): progress.value_range(unit_of_measure=measure, min_value=low, max_value=high)
        for code, measure, low, high in Indicator.objects.filter(campaign=campaign).values_list(
            "code", "unit_of_measure", "min_value", "max_value")
    }
    indicator_codes = set(ranges)
    writable = None if by is None or access.is_council_office else access.staff_unit_ids
    errors: list[dict] = []
    seen = plan.seen

    def fail(row, column, message):
        if len(errors) < MAX_ERRORS:
            errors.append({"row": row, "column": column, "message": message})

    for row in rows:
        letter = row.letters.get
        key = (row.unit_code.upper(), row.indicator_code.upper())
        found = lookup.get(key)
        if found is None:
            if key[0] not in unit_codes:
                fail(row.row, letter("unit_code"), _("No unit has the code “%(code)s”.") % {"code": row.unit_code[:40]})
            elif key[1] not in indicator_codes:
                fail(row.row, letter("indicator_code"),
                     _("This campaign has no indicator “%(code)s”.") % {"code": row.indicator_code[:40]})
            else:
                fail(row.row, letter("indicator_code"), _("The unit has no target for this indicator."))
            continue
        pk, unit_id, approval, baseline_on, due_on, unit_name = found
        plan.labels[pk] = f"{row.indicator_code.upper()} – {unit_name}"
        if writable is not None and unit_id not in writable:
            fail(row.row, letter("unit_code"), _("You may not enter values for %(unit)s.") % {"unit": unit_name})
            continue
        if approval != TargetApproval.APPROVED:
            fail(row.row, letter("indicator_code"), _("This target is not approved yet: values cannot be entered."))
            continue
        if row.period_end > today:
            fail(row.row, letter("period_end"), _("The period cannot end in the future."))
            continue
        if row.period_end <= baseline_on:
            fail(row.row, letter("period_end"), _("The period must end after the baseline date (%(date)s).")
                 % {"date": f"{baseline_on:%d/%m/%Y}"})
            continue
        if row.period_end > due_on:
            fail(row.row, letter("period_end"), _("The period cannot end after the target's due date (%(date)s).")
                 % {"date": f"{due_on:%d/%m/%Y}"})
            continue
        if abs(row.value) > progress.VALUE_LIMIT:
            fail(row.row, letter("value"), _("The number is too large."))
            continue
        problem = progress.out_of_range(row.value, *ranges[key[1]])
        if problem:
            fail(row.row, letter("value"), problem)
            continue
        if len(row.note) > NOTE_LIMIT:
            fail(row.row, letter("note"), _("At most %(n)s characters.") % {"n": NOTE_LIMIT})
            continue
        if (pk, row.period_end) in seen:
            fail(row.row, letter("period_end"), _("Row %(row)s already gives a value for this target and period.")
                 % {"row": seen[(pk, row.period_end)]})
            continue
        seen[(pk, row.period_end)] = row.row
        plan.accepted.append((pk, row))
    if errors:
        raise ImportRejected(_("Nothing was saved: the file has errors."), errors)
    return plan
