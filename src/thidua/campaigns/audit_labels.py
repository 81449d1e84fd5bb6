"""The labels of this app's audit actions and stored codes, registered with the core in ``AppConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from .enums import MISSING, CampaignStatus, ReceiptDecision, RecipientKind, SubmissionStatus

ACTIONS = {
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
}

#: Stored codes (statuses, recipients…) shown by their labels in the History.
VALUES = (CampaignStatus, SubmissionStatus, RecipientKind, ReceiptDecision, {MISSING: _("missing")})
