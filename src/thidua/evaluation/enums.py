from django.db import models
from django.utils.translation import gettext_lazy as _


class CriterionKind(models.TextChoices):
    GROUP = "group", _("Group of criteria")
    MANUAL = "manual", _("Scored by hand")
    INDICATOR = "indicator", _("From an indicator's completion")
    BONUS = "bonus", _("Bonus")
    PENALTY = "penalty", _("Penalty")


class PenaltyRule(models.TextChoices):
    LATE_SUBMISSION = "late_submission", _("Document for a deadline sent late or not at all")


class Stage(models.TextChoices):
    SELF = "self", _("Self-assessment")
    CLUSTER = "cluster", _("Cluster/block cross-check")
    COUNCIL = "council", _("Council review")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    PUBLISHED = "published", _("Published")


class TieRule(models.TextChoices):
    INDICATOR_THEN_LAUNCH = "indicator_then_launch", _("More indicator points, then the earlier launch document")
    INDICATOR = "indicator", _("More indicator points")
    LAUNCH = "launch", _("The earlier launch document")


class Electorate(models.TextChoices):
    CLUSTER_UNITS = "cluster_units", _("The member units of the cluster/block")
    COUNCIL_MEMBERS = "council_members", _("The members of the council")


class AwardQuota(models.TextChoices):
    NONE = "none", _("No quota")
    EMULATION_FLAG = "emulation_flag", _("Emulation flag (Cờ thi đua): at most one per cluster/block")
    CERTIFICATE = "certificate", _("Certificate of merit (Bằng khen): a share of the members")


#: The order of the stages; each locks the one before.
STAGES = [Stage.SELF, Stage.CLUSTER, Stage.COUNCIL]
