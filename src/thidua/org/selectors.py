"""Reads for units, clusters and people, scoped to what the user may see.

The unit directory and the clusters are public inside the system (every signed-in user with a role sees them);
people are personal data: the office and the leadership see everyone, a unit's staff see the unit's people.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from thidua.accounts.access import access_of
from thidua.core.text import word_search

from .enums import LineageKind
from .models import Cluster, ClusterMembership, Employment, Person, Unit, UnitLineage


def _signed_in(user) -> bool:
    return bool(access_of(user).roles) or bool(getattr(user, "is_superuser", False))


def unit_search(*, user, q: str = "", kind: str = "", on: datetime.date | None = None) -> QuerySet[Unit]:
    """Units whose name, short name or code has every word of ``q`` as a word or a word's beginning, ignoring case
    and diacritics ("so y" finds Sở Y tế, not Sở Xây dựng); names beginning with the query come first."""
    if not _signed_in(user):
        return Unit.objects.none()
    units = word_search(Unit.objects.all(), "search_text", q)
    if kind:
        units = units.filter(kind=kind)
    if on is not None:
        units = units.exclude(valid_from__gt=on).exclude(valid_to__lt=on)
    # The folded text orders Vietnamese names the same way on SQLite and PostgreSQL (Đ with D, Ủ with U).
    return units.order_by("match_rank", "search_text", "id")


def unit_get(*, user, unit_id: int) -> Unit:
    try:
        return unit_search(user=user).select_related("parent").get(pk=unit_id)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc


def unit_lineage(*, unit: Unit) -> list[UnitLineage]:
    """Every lineage row in which the unit is the source or the target, oldest first."""
    return list(
        (UnitLineage.objects.filter(source=unit) | UnitLineage.objects.filter(target=unit))
        .select_related("source", "target")
        .order_by("effective_on", "id")
    )


def unit_predecessors(unit_ids) -> dict[int, frozenset[int]]:
    """Each unit with the units that merged into it or were renamed to it, at any depth, in one query (its
    history, awards and consecutive years, follow it). A split passes nothing on."""
    parents: dict[int, set[int]] = {}
    for source, target in UnitLineage.objects.filter(
            kind__in=[LineageKind.MERGE, LineageKind.RENAME]).values_list("source_id", "target_id"):
        parents.setdefault(target, set()).add(source)
    found = {}
    for unit_id in unit_ids:
        seen, stack = {unit_id}, [unit_id]
        while stack:
            for parent in parents.get(stack.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        found[unit_id] = frozenset(seen)
    return found


def unit_memberships(*, unit: Unit) -> list[ClusterMembership]:
    return list(unit.memberships.select_related("cluster", "cluster__head_unit").order_by("-year"))


def cluster_list(*, user, year: int | None = None, kind: str = "", members: str = "units") -> QuerySet[Cluster]:
    """Clusters with head, deputy and members loaded in a fixed number of queries.

    ``members="ids"`` loads only the member ids (the API's shape); ``"units"`` also the members' names and kinds.
    """
    if not _signed_in(user):
        return Cluster.objects.none()
    if members == "ids":
        membership_rows = ClusterMembership.objects.only("id", "cluster_id", "unit_id").order_by("unit_id")
    else:
        membership_rows = (
            ClusterMembership.objects.select_related("unit")
            .only("id", "cluster_id", "unit_id", "unit__id", "unit__code", "unit__name", "unit__kind")
            .order_by("unit__search_text", "unit_id")
        )
    clusters = Cluster.objects.select_related("head_unit", "deputy_unit").prefetch_related(
        Prefetch("memberships", queryset=membership_rows)
    )
    if year is not None:
        clusters = clusters.filter(year=year)
    if kind:
        clusters = clusters.filter(kind=kind)
    return clusters.order_by("-year", "kind", "name", "id")


def cluster_get(*, user, cluster_id: int, members: str = "units") -> Cluster:
    try:
        return cluster_list(user=user, members=members).get(pk=cluster_id)
    except Cluster.DoesNotExist as exc:
        raise Http404 from exc


def cluster_years(*, user) -> list[int]:
    if not _signed_in(user):
        return []
    return list(Cluster.objects.order_by("-year").values_list("year", flat=True).distinct())


def clusters_headed_by(*, user, year: int) -> QuerySet[Cluster]:
    """Clusters of ``year`` whose head or deputy unit is one of the user's units (cluster headship is derived)."""
    unit_ids = access_of(user).unit_ids
    return Cluster.objects.filter(year=year, head_unit_id__in=unit_ids) | Cluster.objects.filter(
        year=year, deputy_unit_id__in=unit_ids
    )


def person_list(*, user, q: str = "", unit_id: int | None = None) -> QuerySet[Person]:
    """People the user may see, each with ``unit_id``: the unit of their current employment (or None)."""
    access = access_of(user)
    people = Person.objects.all()
    if not access.sees_everything:
        if not access.unit_ids:
            return Person.objects.none()
        # A unit's staff see the people who work there now; someone who moved on is the new unit's to see.
        today = timezone.localdate()
        current_job = Employment.objects.filter(person=OuterRef("pk"), unit_id__in=access.unit_ids).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today)
        )
        people = people.filter(Exists(current_job))
    people = word_search(people, "search_text", q)  # whole words or their beginnings; exact names first
    today = timezone.localdate()
    current = Employment.objects.filter(person=OuterRef("pk"), started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)).order_by("-started_on", "-id")
    people = people.annotate(unit_id=Subquery(current.values("unit_id")[:1]))
    if unit_id:
        people = people.filter(unit_id=unit_id)
    return people.order_by("match_rank", "search_text", "id")


def person_get(*, user, person_id: int) -> Person:
    try:
        return person_list(user=user).get(pk=person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
