"""The labels of this app's audit actions and stored codes, registered with the core in ``AppConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from .enums import AwardQuota, SheetStatus, Stage

ACTIONS = {
    "evaluation.scheme.created": _("Scoring scheme created"),
    "evaluation.scheme.opened": _("Evaluation opened"),
    "evaluation.sheet.saved": _("Points saved"),
    "evaluation.sheet.submitted": _("Score sheet submitted"),
    "evaluation.sheet.returned": _("Score sheet returned"),
    "evaluation.sheet.published": _("Result published"),
    "evaluation.sheet.corrected": _("Published result corrected"),
    "evaluation.sheet.recomputed": _("Computed points recomputed from the data"),
    "evaluation.round.created": _("Vote opened"),
    "evaluation.ballot.cast": _("Ballot cast"),
    "evaluation.round.closed": _("Vote closed"),
}

#: Detail keys of this app's events.
KEYS = {"recomputed": _("computed points taken from the data")}

#: Stored codes (statuses, recipients…) shown by their labels in the History.
VALUES = (Stage, SheetStatus, AwardQuota)
