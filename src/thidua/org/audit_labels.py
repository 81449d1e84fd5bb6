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


def unit_name(unit_id: int) -> str | None:
    from .models import Unit

    return Unit.objects.filter(pk=unit_id).values_list("name", flat=True).first()


def person_name(person_id: int) -> str | None:
    from .models import Person

    person = Person.objects.filter(pk=person_id).first()
    return str(person) if person is not None else None


#: Detail keys holding a unit's or a person's id: the history names them.
KEYS = {"unit_id": _("unit"), "recipient_unit_id": _("recipient"), "issuer_unit_id": _("issuer")}
NAMES = {"unit": unit_name, "unit_id": unit_name, "recipient_unit": unit_name, "recipient_unit_id": unit_name,
         "issuer_unit_id": unit_name, "person": person_name}
