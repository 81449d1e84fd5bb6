"""Reminders to units still missing a submission, at configured offsets from the due date.

Idempotent: each (deadline, unit, offset) is sent once, recorded by a ``Reminder`` row. A run on day D sends the
reminders whose day is D or up to ``THIDUA_REMINDER_GRACE_DAYS`` before (the worker may have been down), never
older ones: a deadline long past does not flood the inbox.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.enums import Role
from thidua.accounts.models import RoleAssignment
from thidua.core.audit import log_action
from thidua.core.notifications import notify

from .. import notices
from ..enums import CampaignStatus
from ..models import Deadline, Reminder, Submission
from ..selectors.submissions import deadline_participant_ids


def _due_offset(deadline: Deadline, today: datetime.date, offsets: list[int], grace: int) -> int | None:
    """The latest offset whose day has come, if it came at most ``grace`` days ago."""
    due = [o for o in offsets if today - datetime.timedelta(days=grace) <= deadline.due_on + datetime.timedelta(
        days=o) <= today]
    return max(due) if due else None


@transaction.atomic
def reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the clerks of every unit still missing a submission; returns how many units were reminded."""
    today = today or timezone.localdate()
    offsets = sorted(settings.THIDUA_REMINDER_OFFSETS)
    grace = settings.THIDUA_REMINDER_GRACE_DAYS
    if not offsets:
        return 0
    earliest = today - datetime.timedelta(days=max(offsets) + grace)
    latest = today - datetime.timedelta(days=min(offsets))
    deadlines = Deadline.objects.filter(
        campaign__status=CampaignStatus.LAUNCHED, due_on__gte=earliest, due_on__lte=latest
    ).select_related("campaign")
    reminded = 0
    for deadline in deadlines:
        offset = _due_offset(deadline, today, offsets, grace)
        if offset is not None:
            reminded += _remind_deadline(deadline, offset, today)
    # Deadlines just past (within the grace days): their consolidated report waits on the leadership's desk.
    for deadline in Deadline.objects.filter(campaign__status=CampaignStatus.LAUNCHED, due_on__lt=today,
                                            due_on__gte=today - datetime.timedelta(days=grace + 1)):
        notices.report_ready(deadline)
    return reminded


@transaction.atomic
def _remind_deadline(deadline: Deadline, offset: int, today: datetime.date) -> int:
    # Two overlapping runs (worker and cron) queue here; the second then finds the reminders already recorded.
    Deadline.objects.select_for_update().filter(pk=deadline.pk).first()
    participants = deadline_participant_ids(deadline)
    answered = set(Submission.objects.filter(deadline=deadline).values_list("unit_id", flat=True))
    already = set(Reminder.objects.filter(deadline=deadline, offset_days=offset).values_list("unit_id", flat=True))
    missing = sorted(participants - answered - already)
    if not missing:
        return 0
    clerks: dict[int, list] = {}
    for assignment in RoleAssignment.objects.filter(unit_id__in=missing, role=Role.UNIT_CLERK,
                                                    user__is_active=True).select_related("user"):
        clerks.setdefault(assignment.unit_id, []).append(assignment.user)
    left = (deadline.due_on - today).days
    if left > 0:
        title = _("Reminder: “%(title)s” is due on %(due)s (%(days)s days left)")
    elif left == 0:
        title = _("Reminder: “%(title)s” is due today, %(due)s")
    else:
        title = _("Overdue: “%(title)s” was due on %(due)s (%(days)s days ago)")
    title = title % {"title": deadline.title, "due": deadline.due_on.strftime("%d/%m/%Y"), "days": abs(left)}
    url = reverse("campaigns:deadline", args=[deadline.pk])
    rows = []
    for unit_id in missing:
        users = clerks.get(unit_id, [])
        for user in users:
            notify(user=user, title=title, body=deadline.description[:1000], url=url, kind=notices.DEADLINE_REMINDER)
        rows.append(Reminder(deadline=deadline, unit_id=unit_id, offset_days=offset, recipients=len(users)))
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    log_action("campaigns.deadline.reminded", actor=None, target=deadline,
               data={"offset_days": offset, "units": missing, "day": today})
    return len(missing)
