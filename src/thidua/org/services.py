"""Writes for units, lineage, clusters, people and employment. Each runs in a transaction and is audited."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import changes, log_action, snapshot
from thidua.core.permissions import require_perm
from thidua.core.text import fold

from .enums import ClusterKind, LineageKind, UnitKind
from .models import Cluster, ClusterMembership, Employment, Person, Unit, UnitLineage

UNIT_FIELDS = ["code", "name", "short_name", "kind", "parent_id", "valid_from", "valid_to", "symbol",
               "competence_basis"]


def unit_search_text(unit: Unit) -> str:
    return fold(f"{unit.name} {unit.short_name} {unit.code}")


def _check_dates(start, end, message) -> None:
    if start and end and end < start:
        raise ValidationError(message)


@transaction.atomic
def unit_create(
    *, by, code: str, name: str, kind: str, short_name: str = "", parent: Unit | None = None,
    valid_from: datetime.date | None = None, valid_to: datetime.date | None = None,
) -> Unit:
    require_perm(by, "org.manage_units")
    if kind not in UnitKind.values:
        raise ValidationError(_("Unknown unit kind: %(kind)s") % {"kind": kind})
    if Unit.objects.filter(code=code).exists():
        raise ValidationError(_("A unit with code %(code)s already exists.") % {"code": code})
    _check_dates(valid_from, valid_to, _("A unit cannot end before it begins."))
    unit = Unit(code=code, name=name, short_name=short_name, kind=kind, parent=parent,
                valid_from=valid_from, valid_to=valid_to)
    unit.search_text = unit_search_text(unit)
    unit.full_clean()
    unit.save()
    log_action("org.unit.created", actor=by, target=unit, data={"after": snapshot(unit, UNIT_FIELDS)})
    return unit


def _check_no_parent_cycle(unit: Unit, parent: Unit | None) -> None:
    """A unit may not be its own parent, directly or through its parent's parents."""
    seen: set[int] = set()
    parent_id = parent.pk if parent is not None else None
    while parent_id is not None and parent_id not in seen:
        if parent_id == unit.pk:
            raise ValidationError(_("A unit cannot be placed under itself or under one of its own sub-units."))
        seen.add(parent_id)
        parent_id = Unit.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()


@transaction.atomic
def unit_update(*, by, unit: Unit, **values) -> Unit:
    """Change some of a unit's fields; the event keeps every changed value before and after."""
    require_perm(by, "org.manage_units")
    unknown = set(values) - {"name", "short_name", "kind", "parent", "valid_from", "valid_to", "symbol",
                             "competence_basis"}
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    before = snapshot(unit, UNIT_FIELDS)
    for name, value in values.items():
        setattr(unit, name, value)
    _check_dates(unit.valid_from, unit.valid_to, _("A unit cannot end before it begins."))
    if "parent" in values:
        _check_no_parent_cycle(unit, values["parent"])
    unit.search_text = unit_search_text(unit)
    unit.full_clean()
    unit.save()
    diff = changes(before, snapshot(unit, UNIT_FIELDS))
    if diff:
        log_action("org.unit.updated", actor=by, target=unit, data={"changes": diff})
    return unit


@transaction.atomic
def lineage_record(
    *, by, kind: str, source: Unit, target: Unit, effective_on: datetime.date, decision_reference: str = "",
) -> UnitLineage:
    """Record that ``source`` merged into / split from / was renamed to ``target``.

    A merge or rename ends the source the day before ``effective_on`` (when it has no earlier end);
    a split leaves the source alive.
    """
    require_perm(by, "org.manage_units")
    if kind not in LineageKind.values:
        raise ValidationError(_("Unknown lineage kind: %(kind)s") % {"kind": kind})
    if source.pk == target.pk:
        raise ValidationError(_("A unit cannot succeed itself."))
    if UnitLineage.objects.filter(kind=kind, source=source, target=target).exists():
        raise ValidationError(_("This lineage is already recorded."))
    lineage = UnitLineage.objects.create(
        kind=kind, source=source, target=target, effective_on=effective_on, decision_reference=decision_reference
    )
    if kind in (LineageKind.MERGE, LineageKind.RENAME) and source.valid_to is None:
        unit_update(by=by, unit=source, valid_to=effective_on - datetime.timedelta(days=1))
    log_action(
        f"org.unit.{kind}",
        actor=by,
        target=source,
        data={"target": target.pk, "target_name": target.name, "effective_on": effective_on,
              "decision_reference": decision_reference},
    )
    return lineage


def _check_leaders_are_members(member_ids: set[int], *leaders: Unit | None) -> None:
    for unit in leaders:
        if unit is not None and unit.pk not in member_ids:
            raise ValidationError(_("%(unit)s heads or deputises a cluster it is not a member of.") % {"unit": unit})


@transaction.atomic
def cluster_create(
    *, by, name: str, kind: str, year: int, members: list[Unit], head: Unit | None = None,
    deputy: Unit | None = None,
) -> Cluster:
    """A cluster or block for one year; head and deputy must be members; a unit is in one cluster a year."""
    require_perm(by, "org.manage_units")
    if kind not in ClusterKind.values:
        raise ValidationError(_("Unknown cluster kind: %(kind)s") % {"kind": kind})
    if Cluster.objects.filter(year=year, name=name).exists():
        raise ValidationError(_("A cluster or block named %(name)s already exists in %(year)s.") % {"name": name,
                                                                                                      "year": year})
    members = list({u.pk: u for u in members}.values())  # a unit listed twice is one member
    member_ids = {u.pk for u in members}
    _check_leaders_are_members(member_ids, head, deputy)
    taken = list(
        ClusterMembership.objects.filter(year=year, unit_id__in=member_ids).select_related("unit", "cluster")
    )
    if taken:
        raise ValidationError(
            _("Already in a cluster or block in %(year)s: %(units)s")
            % {"year": year, "units": ", ".join(m.unit.name for m in taken)}
        )
    cluster = Cluster.objects.create(name=name, kind=kind, year=year, head_unit=head, deputy_unit=deputy)
    ClusterMembership.objects.bulk_create(ClusterMembership(cluster=cluster, unit=u, year=year) for u in members)
    log_action(
        "org.cluster.created",
        actor=by,
        target=cluster,
        data={"kind": kind, "year": year, "head": head, "deputy": deputy, "members": sorted(member_ids)},
    )
    return cluster


@transaction.atomic
def cluster_set_leadership(*, by, cluster: Cluster, head: Unit | None, deputy: Unit | None) -> Cluster:
    """Rotate the head and deputy of a cluster for its year (both must be members)."""
    require_perm(by, "org.manage_units")
    member_ids = set(cluster.memberships.values_list("unit_id", flat=True))
    _check_leaders_are_members(member_ids, head, deputy)
    before = snapshot(cluster, ["head_unit_id", "deputy_unit_id"])
    cluster.head_unit, cluster.deputy_unit = head, deputy
    cluster.save(update_fields=["head_unit", "deputy_unit", "updated_at"])
    log_action("org.cluster.leadership_changed", actor=by, target=cluster,
               data={"changes": changes(before, snapshot(cluster, ["head_unit_id", "deputy_unit_id"]))})
    return cluster


@transaction.atomic
def person_create(
    *, by, full_name: str, date_of_birth: datetime.date | None = None, national_id: str | None = None,
    civil_servant_code: str | None = None,
) -> Person:
    """One record per person: a national ID or civil-servant code already on file is refused, not duplicated."""
    require_perm(by, "org.manage_people")
    national_id = (national_id or "").strip() or None
    civil_servant_code = (civil_servant_code or "").strip() or None
    if national_id and Person.objects.filter(national_id=national_id).exists():
        raise ValidationError(_("A person with this national ID already exists."))
    if civil_servant_code and Person.objects.filter(civil_servant_code=civil_servant_code).exists():
        raise ValidationError(_("A person with this civil-servant code already exists."))
    person = Person(full_name=full_name, date_of_birth=date_of_birth, national_id=national_id,
                    civil_servant_code=civil_servant_code, search_text=fold(full_name))
    person.full_clean()
    person.save()
    log_action("org.person.created", actor=by, target=person, data={"full_name": full_name})
    return person


@transaction.atomic
def employment_record(
    *, by, person: Person, unit: Unit, started_on: datetime.date, position: str = "",
    ended_on: datetime.date | None = None,
) -> Employment:
    """A position of a person in a unit. Recording one closes the person's open employment elsewhere."""
    require_perm(by, "org.record_employment", unit)
    _check_dates(started_on, ended_on, _("Employment cannot end before it starts."))
    open_jobs = person.employments.filter(ended_on__isnull=True, started_on__lt=started_on)
    for job in open_jobs:
        job.ended_on = started_on - datetime.timedelta(days=1)
        job.save(update_fields=["ended_on", "updated_at"])
        log_action(
            "org.employment.ended", actor=by, target=person, data={"employment": job.pk, "ended_on": job.ended_on}
        )
    employment = Employment.objects.create(
        person=person, unit=unit, position=position, started_on=started_on, ended_on=ended_on,
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    log_action("org.employment.recorded", actor=by, target=person,
               data={"unit": unit.pk, "position": position, "started_on": started_on, "ended_on": ended_on})
    return employment
