"""The labels of this app's audit actions and stored codes, registered with the core in ``AppConfig.ready``."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
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
}
