from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("Higher is better")
    LOWER_BETTER = "lower_better", _("Lower is better")
    EXACT = "exact", _("Exactly the target")


class Aggregation(models.TextChoices):
    """How a target's dated values combine into its current value."""

    LAST = "last", _("Latest value")
    SUM = "sum", _("Sum of the values")
    AVERAGE = "average", _("Average of the values")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


class TargetOrigin(models.TextChoices):
    ASSIGNED = "assigned", _("Set by the council office")
    PLEDGED = "pledged", _("Pledged by the unit")


class TargetApproval(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class TargetStatus(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data yet")


class EntrySource(models.TextChoices):
    FORM = "form", _("Web form")
    API = "api", _("API")
    IMPORT = "import", _("Excel import")


#: Statuses that put a target on the lagging list.
LAGGING = (TargetStatus.AT_RISK, TargetStatus.OFF_TRACK)
