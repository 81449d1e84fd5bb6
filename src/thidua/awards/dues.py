"""The days by which units send a year's dossiers, per route (the province's procedure sets them each year), and
which dossiers are late: sent after the day, or still not sent once it has passed."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import log_action
from thidua.core.permissions import require_council_office

from .enums import NominationStatus, Route
from .models import DossierDue, Nomination


@transaction.atomic
def dossier_due_set(*, by, year: int, route: str, due_on: datetime.date, basis: str = "") -> DossierDue:
    """The office sets (or moves) the day by which a year's dossiers on ``route`` are sent."""
    require_council_office(by)
    if route not in Route.values:
        raise ValidationError({"route": [_("Choose one of the listed values.")]})
    if not isinstance(due_on, datetime.date):
        raise ValidationError({"due_on": [_("Enter a date.")]})
    if not isinstance(year, int) or not 1945 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": [_("The year is out of range.")]})
    if due_on.year < year:
        raise ValidationError({"due_on": [_("A year's dossiers are sent after the year has begun.")]})
    row = DossierDue.objects.select_for_update().filter(year=year, route=route).first()
    before = row.due_on if row else None
    if row is None:
        row = DossierDue(year=year, route=route)
    row.due_on, row.basis = due_on, (basis or "").strip()
    row.save()
    log_action("awards.dossier_due.set", actor=by, target=row, data={
        "year": year, "route": route, "due_on": due_on, "before": before, "basis": row.basis})
    return row


def late_on(nominations, *, today: datetime.date | None = None) -> dict[int, datetime.date]:
    """``{nomination id: the day it was due}`` for those late among ``nominations`` (one query for the days)."""
    nominations = list(nominations)
    today = today or timezone.localdate()
    years = {n.year for n in nominations}
    dues = {(d.year, d.route): d.due_on for d in DossierDue.objects.filter(year__in=years)}
    late = {}
    for nomination in nominations:
        due = dues.get((nomination.year, nomination.route))
        if due is None:
            continue
        sent = timezone.localdate(nomination.submitted_at) if nomination.submitted_at else None
        unsent = nomination.status in (NominationStatus.DRAFT, NominationStatus.RETURNED) and sent is None
        if (sent is not None and sent > due) or (unsent and today > due):
            late[nomination.pk] = due
    return late


def is_late(nomination: Nomination) -> datetime.date | None:
    return late_on([nomination]).get(nomination.pk)
