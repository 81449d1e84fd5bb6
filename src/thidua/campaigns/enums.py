from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    REGULAR = "regular", _("Regular (yearly) movement")
    SPRINT = "sprint", _("Sprint drive")
    THEMATIC = "thematic", _("Thematic campaign")
    SPECIAL = "special", _("Special movement")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LAUNCHED = "launched", _("Launched")
    EVALUATING = "evaluating", _("Evaluating")
    CLOSED = "closed", _("Closed")


class RecipientKind(models.TextChoices):
    CLUSTER_HEAD = "cluster_head", _("Head of the sender's cluster or block")
    COUNCIL_OFFICE = "council_office", _("Council standing office (via the Department of Home Affairs)")
    UNIT = "unit", _("A named unit")


class SubmissionStatus(models.TextChoices):
    """A unit's status for one deadline. "missing" is not stored: it is the absence of a submission."""

    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


MISSING = "missing"


class ReceiptDecision(models.TextChoices):
    ACCEPT = "accept", _("Accepted")
    RETURN = "return", _("Returned")
