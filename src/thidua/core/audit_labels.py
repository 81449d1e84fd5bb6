"""Human labels for audit actions and their detail keys, shown in the History of each page.

The codes stay stable in the database (``app.entity.verb``); only their labels are translated.
"""

import re

from django.utils.translation import gettext_lazy as _

from .numbers import vi_number

ACTION_LABELS = {
    "org.unit.created": _("Unit created"),
    "org.unit.updated": _("Unit changed"),
    "org.unit.merge": _("Merged into another unit"),
    "org.unit.split": _("Split from another unit"),
    "org.unit.rename": _("Renamed"),
    "org.cluster.created": _("Cluster or block created"),
    "org.cluster.leadership_changed": _("Head or deputy changed"),
    "org.person.created": _("Person created"),
    "org.employment.recorded": _("Position recorded"),
    "org.employment.ended": _("Position ended"),
    "accounts.user.created": _("User created"),
    "accounts.user.deleted": _("User deleted"),
    "accounts.user.staff_granted": _("Given catalog administration"),
    "accounts.role.assigned": _("Role assigned"),
    "accounts.role.revoked": _("Role revoked"),
    "accounts.token.issued": _("API token issued"),
    "accounts.token.revoked": _("API token revoked"),
    "accounts.user.logged_in": _("Signed in"),
    "accounts.user.logged_out": _("Signed out"),
    "accounts.user.login_failed": _("Failed sign-in"),
    "accounts.user.password_changed": _("Password changed"),
    "accounts.user.changed": _("User changed"),
    "accounts.user.deactivated": _("User deactivated"),
    "accounts.role.changed": _("Role changed"),
    "campaigns.campaign.created": _("Campaign drafted"),
    "campaigns.campaign.updated": _("Campaign changed"),
    "campaigns.campaign.launched": _("Campaign launched"),
    "campaigns.campaign.evaluating": _("Evaluation started"),
    "campaigns.campaign.closed": _("Campaign closed"),
    "campaigns.content_area.added": _("Content area added"),
    "campaigns.deadline.created": _("Deadline created"),
    "campaigns.participation.added": _("Participant added"),
    "campaigns.distribution.added": _("Distribution line added"),
    "campaigns.deadline.updated": _("Deadline changed"),
    "campaigns.deadline.reminded": _("Reminders sent"),
    "campaigns.submission.submitted": _("Document sent"),
    "campaigns.submission.resubmitted": _("New version sent"),
    "campaigns.receipt.accept": _("Document accepted"),
    "campaigns.receipt.return": _("Document returned"),
    "core.job.started": _("Background job started"),
    "core.job.requeued": _("Background job run again (its worker stopped)"),
    "core.job.abandoned": _("Background job failed (its worker stopped)"),
    "indicators.indicator.created": _("Indicator added"),
    "indicators.indicator.updated": _("Indicator changed"),
    "indicators.target.created": _("Target set"),
    "indicators.target.updated": _("Target changed"),
    "indicators.target.approved": _("Pledge approved"),
    "indicators.target.rejected": _("Pledge rejected"),
    "indicators.progress.recorded": _("Value recorded"),
    "indicators.progress.import_queued": _("Excel import queued"),
    "indicators.progress.imported": _("Values imported from Excel"),
    "evaluation.scheme.created": _("Scoring scheme created"),
    "evaluation.scheme.opened": _("Evaluation opened"),
    "evaluation.sheet.saved": _("Points saved"),
    "evaluation.sheet.submitted": _("Score sheet submitted"),
    "evaluation.sheet.returned": _("Score sheet returned"),
    "evaluation.sheet.published": _("Result published"),
    "evaluation.sheet.corrected": _("Published result corrected"),
    "evaluation.round.created": _("Vote opened"),
    "evaluation.ballot.cast": _("Ballot cast"),
    "awards.rating.recorded": _("Yearly rating recorded"),
    "awards.initiative.recorded": _("Initiative recorded"),
    "awards.discipline.recorded": _("Disciplinary measure recorded"),
    "awards.unit_year.recorded": _("Collective's yearly figures recorded"),
    "awards.fact.confirmed": _("Declared fact confirmed"),
    "awards.nomination.rechecked": _("Eligibility checked again"),
    "awards.inquiry.recorded": _("Pending matter recorded"),
    "awards.regulation.created": _("Province's regulation recorded"),
    "awards.regulation.rule_set": _("Province's number set"),
    "awards.regulation.rule_removed": _("Province's number removed"),
    "awards.nomination.created": _("Nomination dossier opened"),
    "awards.nomination.item_added": _("Nominee added"),
    "awards.nomination.item_removed": _("Nominee removed"),
    "awards.nomination.attachment_added": _("File attached"),
    "awards.nomination.attachment_removed": _("File removed"),
    "awards.nomination.transition": _("Dossier moved"),
    "awards.nomination.appraised": _("Appraisal verdicts recorded"),
    "awards.decision.created": _("Decision signed on paper recorded"),
    "awards.decision.prepared": _("Decision put before the signer"),
    "awards.decision.signed": _("Decision signed"),
    "awards.decision.sent_back": _("Decision sent back by the signer"),
    "awards.decision.resubmitted": _("Decision put before the signer again"),
    "awards.decision.cancelled": _("Decision cancelled"),
    "awards.decision.issued": _("Decision issued"),
    "awards.nomination.step_recorded": _("Step towards the centre recorded"),
    "awards.council.created": _("Council set up"),
    "awards.council.member_added": _("Council member added"),
    "awards.council.meeting_created": _("Council meeting recorded"),
    "awards.council.meeting_recorded": _("Council meeting held outside the system recorded"),
    "awards.council.vote_opened": _("Council's secret vote opened"),
    "evaluation.round.closed": _("Vote closed"),
    "awards.dossier_due.set": _("Date for sending dossiers set"),
    "awards.award.granted": _("Award granted"),
    "awards.award.registered": _("Award entered into the registry"),
    "awards.award.revoked": _("Award revoked"),
    "awards.certificate_layout.saved": _("Positions on the certificate blank saved"),
    "documents.template.saved": _("Document wording saved"),
    "documents.template.word_uploaded": _("Word template uploaded"),
    "documents.template.word_removed": _("Word template removed"),
}

KEY_LABELS = {
    "after": _("values"),
    "changes": _("changes"),
    "status": _("status"),
    "order": _("order"),
    "title": _("title"),
    "name": _("name"),
    "purpose": _("purpose"),
    "code": _("code"),
    "due_on": _("due on"),
    "recipients": _("recipients"),
    "unit": _("unit"),
    "cluster": _("cluster or block"),
    "role": _("role"),
    "target_name": _("to unit"),
    "effective_on": _("effective on"),
    "decision_reference": _("decision"),
    "position": _("position"),
    "started_on": _("from"),
    "ended_on": _("to"),
    "members": _("members"),
    "head": _("head"),
    "deputy": _("deputy"),
    "year": _("year"),
    "kind": _("kind"),
    "version": _("version"),
    "late": _("late"),
    "document_number": _("number and symbol"),
    "document_date": _("document date"),
    "file": _("file"),
    "size": _("size"),
    "reason": _("reason"),
    "recipient": _("recipient"),
    "offset_days": _("days from the due date"),
    "units": _("units"),
    "day": _("day"),
    "received_by": _("received by"),
    "recipient_unit": _("receiving unit id"),
    "sha256": _("SHA-256 checksum"),
    "entry": _("entry"),
    "period_end": _("period ending"),
    "value": _("value"),
    "note": _("note"),
    "source": _("entered through"),
    "job": _("background job"),
    "row": _("row"),
    "origin": _("origin"),
    "bulk": _("bulk entry"),
    "rows": _("rows"),
    "targets": _("targets"),
    "replaced": _("replaced values"),
    "file_name": _("file name"),
    "completion": _("completion (%)"),
    "current_value": _("current value"),
    "baseline": _("baseline"),
    "baseline_on": _("baseline date"),
    "target_value": _("target"),
    "approval": _("approval"),
    "content_area": _("content area"),
    "unit_of_measure": _("unit of measure"),
    "direction": _("direction"),
    "aggregation": _("combining values over time"),
    "frequency": _("reporting frequency"),
    "description": _("how it is measured"),
    "stage": _("stage"),
    "total": _("total"),
    "total_max": _("maximum total"),
    "criteria": _("criteria"),
    "bands": _("classification bands"),
    "tie_rule": _("tie rule"),
    "sheets": _("score sheets"),
    "revision": _("published revision"),
    "question": _("question"),
    "candidates": _("candidates"),
    "electorate": _("electorate"),
    "threshold_percent": _("pass threshold (%)"),
    "quorum_percent": _("quorum (%)"),
    "award": _("award"),
    "max_choices": _("most choices per ballot"),
    "opens_at": _("opens at"),
    "closes_at": _("closes at"),
    "failing": _("rules failed"),
    "from": _("from"),
    "to": _("to"),
    "appraisal_due_on": _("appraisal due on"),
    "appraiser": _("appraiser"),
    "voting_round": _("council vote"),
    "item": _("nominee"),
    "items": _("nominees"),
    "award_type": _("title or form"),
    "person": _("person"),
    "attachment": _("attachment"),
    "rating": _("rating"),
    "before": _("before"),
    "initiative": _("initiative"),
    "level": _("level"),
    "measure": _("measure"),
    "discipline": _("disciplinary measure"),
    "decision": _("decision"),
    "member_count": _("members"),
    "members_completed": _("members who completed their tasks"),
    "advanced_workers": _("advanced workers (LĐTT)"),
    "worst_discipline": _("heaviest discipline of a member"),
    "campaign": _("campaign"),
    "reference": _("reference"),
    "signed_on": _("signed on"),
    "signer": _("signer"),
    "awards": _("awards"),
    "eligible": _("eligible"),
    "justification": _("justification"),
    "rules_passed": _("passes the rules"),
    "previous": _("previous version"),
}


def action_label(code: str) -> str:
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    if code.startswith("admin."):
        return str(_("Edited in administration"))
    return code


def key_label(key: str) -> str:
    return str(KEY_LABELS.get(key, key))


def _value_labels() -> dict[str, str]:
    """Stored codes that read better as their labels (statuses, recipients, decisions)."""
    from thidua.awards.enums import (
        AttachmentKind,
        AwardLevel,
        AwardStatus,
        CommendationKind,
        DisciplineMeasure,
        NominationStatus,
        Rating,
    )
    from thidua.campaigns.enums import CampaignStatus, ReceiptDecision, RecipientKind, SubmissionStatus
    from thidua.evaluation.enums import AwardQuota, SheetStatus, Stage
    from thidua.indicators.enums import (
        Aggregation,
        Direction,
        EntrySource,
        Frequency,
        TargetApproval,
        TargetOrigin,
        TargetStatus,
    )

    labels = {}
    # Commendation codes first: where a code means something else elsewhere, the older label wins.
    for choices in (NominationStatus, AwardStatus, CommendationKind, DisciplineMeasure, AttachmentKind, Rating,
                    AwardLevel):
        labels.update({value: str(label) for value, label in choices.choices})
    for choices in (CampaignStatus, SubmissionStatus, RecipientKind, ReceiptDecision, TargetStatus, TargetApproval,
                    TargetOrigin, EntrySource, Direction, Aggregation, Frequency, Stage, SheetStatus, AwardQuota):
        labels.update({value: str(label) for value, label in choices.choices})
    labels["missing"] = str(_("missing"))
    return labels


#: Detail keys whose value is a change written as [before, after].
CHANGE_KEYS = {"status", "changes"}
#: Keys whose values are measured numbers (stored as "1083.3000"): shown in Vietnamese notation, "1.083,3". Codes
#: ("1.1"), years and ids are left as they are.
NUMBER_KEYS = {"value", "completion", "current_value", "baseline", "target_value", "projected_value", "total",
               "points", "indicator_points", "max_points", "min_points", "threshold_percent", "quorum_percent",
               "percent"}
_DECIMAL_TEXT = re.compile(r"^-?\d+(\.\d+)?$")


def value_text(value, key: str = "", *, number: bool | None = None) -> str:
    """An audit value as a person reads it: yes/no, labels for codes, "before → after" for changes only, numbers
    of ``NUMBER_KEYS`` in Vietnamese notation."""
    number = key in NUMBER_KEYS if number is None else number
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dict):
        inner = "changes" if key == "changes" else ""
        return "; ".join(f"{key_label(k)}: {value_text(v, inner, number=k in NUMBER_KEYS)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        if key in CHANGE_KEYS and len(value) == 2:
            return f"{value_text(value[0], number=number)} → {value_text(value[1], number=number)}"
        return ", ".join(value_text(v, number=number) for v in value)
    if number and (isinstance(value, int | float) or (isinstance(value, str) and _DECIMAL_TEXT.match(value))):
        return vi_number(value)
    if isinstance(value, str):
        return _value_labels().get(value, value)
    return str(value)
