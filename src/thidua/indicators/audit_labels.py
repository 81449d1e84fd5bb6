"""The labels of this app's audit actions and stored codes, registered with the core in ``AppConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from .enums import Aggregation, Direction, EntrySource, Frequency, TargetApproval, TargetOrigin, TargetStatus

ACTIONS = {
    "indicators.indicator.created": _("Indicator added"),
    "indicators.indicator.updated": _("Indicator changed"),
    "indicators.target.created": _("Target set"),
    "indicators.target.updated": _("Target changed"),
    "indicators.target.approved": _("Pledge approved"),
    "indicators.target.rejected": _("Pledge rejected"),
    "indicators.progress.recorded": _("Value recorded"),
    "indicators.progress.import_queued": _("Excel import queued"),
    "indicators.progress.imported": _("Values imported from Excel"),
}

#: Stored codes (statuses, recipients…) shown by their labels in the History.
VALUES = (TargetStatus, TargetApproval, TargetOrigin, EntrySource, Direction, Aggregation, Frequency)
