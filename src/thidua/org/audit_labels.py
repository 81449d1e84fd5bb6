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


def unit_names(ids) -> dict[int, str]:
    from .models import Unit

    return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))


def person_names(ids) -> dict[int, str]:
    from .models import Person

    return {person.pk: str(person) for person in Person.objects.filter(pk__in=ids)}


#: Detail keys holding a unit's or a person's id: the history names them (one query per kind and page).
KEYS = {"unit_id": _("unit"), "recipient_unit_id": _("recipient"), "issuer_unit_id": _("issuer"),
        "head_unit_id": _("head"), "deputy_unit_id": _("deputy"), "parent_id": _("parent unit")}
NAMES = {"unit": unit_names, "unit_id": unit_names, "recipient_unit": unit_names, "recipient_unit_id": unit_names,
         "issuer_unit_id": unit_names, "person": person_names, "head_unit_id": unit_names,
         "deputy_unit_id": unit_names, "parent_id": unit_names}
