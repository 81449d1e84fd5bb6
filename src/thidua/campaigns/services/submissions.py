"""Submissions (a unit's document answering a deadline) and receipts (each recipient's accept or return).

States of a submission, moved only here:

    (none) ──submit──▶ submitted ──every recipient accepts──▶ accepted
                          │  ▲
                 a return │  │ the unit resubmits (a new version; the old one is kept)
                          ▼  │
                        returned

Late means the first version arrived after the end of the due date in Asia/Ho_Chi_Minh (``Deadline.is_late``);
each version also keeps its own late flag, recomputed if the due date moves.
"""

from __future__ import annotations

import datetime
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.accounts.enums import Role
from thidua.accounts.models import User
from thidua.core.audit import log_action
from thidua.core.files import check_document_upload
from thidua.core.notifications import notify_all
from thidua.org.models import Unit

from .. import notices
from ..enums import CampaignStatus, ReceiptDecision, RecipientKind, SubmissionStatus
from ..models import Deadline, Receipt, Recipient, Submission, SubmissionVersion
from ..recipients import acts_for, cluster_of, recipients_for, resolve
from ..selectors.submissions import deadline_participant_ids

#: The only moves a submission's status may make.
ALLOWED_SUBMISSION_MOVES: dict[str | None, set[str]] = {
    None: {SubmissionStatus.SUBMITTED},
    SubmissionStatus.SUBMITTED: {SubmissionStatus.ACCEPTED, SubmissionStatus.RETURNED},
    SubmissionStatus.RETURNED: {SubmissionStatus.SUBMITTED},
    SubmissionStatus.ACCEPTED: set(),
}

TEXT_LIMITS = {"document_number": 100, "signer": 120, "summary": 500}


def _clean_text(name: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({name: _("This field is required.")})
    if len(value) > TEXT_LIMITS[name]:
        raise ValidationError({name: _("At most %(n)s characters.") % {"n": TEXT_LIMITS[name]}})
    return value


def _move(submission: Submission, to: str) -> None:
    current = submission.status or None
    if to not in ALLOWED_SUBMISSION_MOVES.get(current, set()):
        raise ValidationError(_("A submission cannot move from %(from)s to %(to)s.") % {"from": current, "to": to})
    submission.status = to


@transaction.atomic
def submission_submit(
    *, by, deadline: Deadline, unit: Unit, document_number: str, document_date: datetime.date, signer: str,
    summary: str, file, now: datetime.datetime | None = None,
) -> SubmissionVersion:
    """A clerk (or head) of ``unit`` sends its document for ``deadline``: the first version, or a new one after a
    return. Everything is checked before anything is written; the file is stored under a generated name."""
    access = access_of(by)
    if unit.pk not in (access.clerk_unit_ids | access.head_unit_ids):
        raise PermissionDenied(_("Only the unit's own clerk or head may send its documents."))
    if deadline.campaign.status != CampaignStatus.LAUNCHED:
        raise ValidationError(_("The campaign is not running: documents can no longer be sent."))
    if unit.pk not in deadline_participant_ids(deadline):
        raise ValidationError(_("%(unit)s does not have to answer this deadline.") % {"unit": unit.name})
    now = now or timezone.now()
    # Every field is checked before any error is raised, so the clerk sees all of them at once.
    errors: dict[str, list[str]] = {}
    values = {}
    for name, value in {"document_number": document_number, "signer": signer, "summary": summary}.items():
        try:
            values[name] = _clean_text(name, value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if not isinstance(document_date, datetime.date):
        errors["document_date"] = [_("Enter a valid date.")]
    elif document_date > timezone.localdate(now):
        errors["document_date"] = [_("The document cannot be dated in the future.")]
    try:
        kind, sha256 = check_document_upload(file)
    except ValidationError as exc:
        errors["file"] = exc.messages
    if errors:
        raise ValidationError(errors)

    # Lock the deadline row: two first submissions at once (a double click) wait for each other instead of
    # racing to insert the same (deadline, unit) row.
    Deadline.objects.select_for_update().filter(pk=deadline.pk).first()
    submission = Submission.objects.select_for_update().filter(deadline=deadline, unit=unit).first()
    late = deadline.is_late(now)
    if submission is None:
        submission = Submission(deadline=deadline, unit=unit, latest_version=1, first_submitted_at=now, late=late)
        _move(submission, SubmissionStatus.SUBMITTED)
        submission.save()
        number, action = 1, "campaigns.submission.submitted"
    elif submission.status == SubmissionStatus.RETURNED:
        _move(submission, SubmissionStatus.SUBMITTED)
        submission.latest_version += 1
        submission.save(update_fields=["status", "latest_version", "updated_at"])
        number, action = submission.latest_version, "campaigns.submission.resubmitted"
    else:
        raise ValidationError(
            _("This unit has already sent its document; a new version can be sent only after a return.")
        )
    version = SubmissionVersion(
        submission=submission, number=number, document_date=document_date,
        original_name=os.path.basename(file.name or "")[:255] or f"document.{kind.extension}",
        extension=kind.extension, content_type=kind.content_type, size=file.size, sha256=sha256,
        submitted_at=now, submitted_by=by, late=late, **values,
    )
    version.file.save(f"upload.{kind.extension}", file, save=False)
    version.save()
    log_action(action, actor=by, target=submission, data={
        "version": number, "late": late, "document_number": values["document_number"],
        "document_date": document_date, "file": version.original_name, "size": version.size, "sha256": sha256,
    })
    _notify_recipients(submission=submission, version=version)
    return version


def _recipient_users(submission: Submission) -> list[User]:
    resolved = recipients_for(deadline=submission.deadline, sender_id=submission.unit_id)
    unit_ids = {r.unit_id for r in resolved if r.unit_id}
    wants_office = any(r.recipient.kind == RecipientKind.COUNCIL_OFFICE for r in resolved)
    users = User.objects.filter(is_active=True, role_assignments__unit_id__in=unit_ids,
                                role_assignments__role__in=[Role.UNIT_CLERK, Role.UNIT_HEAD])
    if wants_office:
        users = users | User.objects.filter(is_active=True, role_assignments__role=Role.COUNCIL_OFFICE)
    return list(users.distinct())


def _notify_recipients(*, submission: Submission, version: SubmissionVersion) -> None:
    notices.submission_sent(submission, version, _recipient_users(submission))


def _unit_clerks(unit_id: int) -> list[User]:
    return list(User.objects.filter(is_active=True, role_assignments__unit_id=unit_id,
                                    role_assignments__role__in=[Role.UNIT_CLERK, Role.UNIT_HEAD]).distinct())


@transaction.atomic
def receipt_record(
    *, by, submission: Submission, recipient: Recipient, decision: str, reason: str = "",
    version_number: int | None = None, now: datetime.datetime | None = None,
) -> Receipt:
    """One recipient accepts or returns the latest version; a return needs a reason.

    The submission is accepted once every recipient has accepted the latest version, and returned while a
    return on it stands (until the unit resubmits).
    """
    submission = Submission.objects.select_for_update().select_related("deadline__campaign", "unit").get(
        pk=submission.pk)
    if recipient.deadline_id != submission.deadline_id:
        raise ValidationError(_("This recipient does not belong to the submission's deadline."))
    cluster = cluster_of(unit_id=submission.unit_id, year=submission.deadline.campaign.year)
    resolved = resolve(recipient, sender_id=submission.unit_id, cluster=cluster)
    if not acts_for(by, resolved):
        raise PermissionDenied(_("Only the recipient itself may record this receipt."))
    if decision not in ReceiptDecision.values:
        raise ValidationError({"decision": _("Choose accept or return.")})
    reason = (reason or "").strip()
    if decision == ReceiptDecision.RETURN and not reason:
        raise ValidationError({"reason": _("A return needs a reason.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("At most %(n)s characters.") % {"n": 2000}})
    if submission.deadline.campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("The campaign is closed."))
    if submission.status == SubmissionStatus.ACCEPTED:
        raise ValidationError(_("Every recipient has already accepted this document."))
    if version_number is not None and version_number != submission.latest_version:
        raise ValidationError(
            _("A newer version (%(n)s) has been sent since; reload the page and decide on it.")
            % {"n": submission.latest_version})
    version = submission.versions.get(number=submission.latest_version)
    if version.receipts.filter(recipient=recipient).exists():
        raise ValidationError(_("This recipient has already recorded its decision on this version."))
    receipt = Receipt.objects.create(
        version=version, recipient=recipient, recipient_unit_id=resolved.unit_id, decision=decision,
        reason=reason, decided_at=now or timezone.now(), decided_by=by,
    )
    before = submission.status
    after = _status_after_receipts(submission, version)
    if after != before:
        _move(submission, after)
        submission.save(update_fields=["status", "updated_at"])
    log_action(f"campaigns.receipt.{decision}", actor=by, target=submission, data={
        "version": version.number, "recipient": recipient.kind, "recipient_unit": resolved.unit_id,
        "received_by": resolved.unit_name,
        "reason": reason, "status": [before, after],
    })
    url = reverse("campaigns:submission", args=[submission.pk])
    if decision == ReceiptDecision.RETURN:
        notify_all(_unit_clerks(submission.unit_id), title=_("“%(title)s” was returned by %(recipient)s") % {
            "title": submission.deadline.title, "recipient": resolved.unit_name}, body=reason, url=url,
            kind=notices.SUBMISSION_RETURNED)
    elif after == SubmissionStatus.ACCEPTED:
        notify_all(_unit_clerks(submission.unit_id), title=_("“%(title)s” was accepted by every recipient") % {
            "title": submission.deadline.title}, url=url, kind=notices.SUBMISSION_ACCEPTED)
    return receipt


def _status_after_receipts(submission: Submission, version: SubmissionVersion) -> str:
    decisions = dict(version.receipts.values_list("recipient_id", "decision"))
    if ReceiptDecision.RETURN in decisions.values():
        return SubmissionStatus.RETURNED
    # A recipient that does not apply to this sender (no cluster head that year) is not waited for.
    expected = [r.recipient.pk for r in recipients_for(deadline=submission.deadline, sender_id=submission.unit_id)
                if r.resolvable]
    if all(decisions.get(rid) == ReceiptDecision.ACCEPT for rid in expected):
        return SubmissionStatus.ACCEPTED
    return SubmissionStatus.SUBMITTED
