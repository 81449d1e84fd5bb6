"""Reads for campaigns, scoped to the user: drafts are seen only by the office and the leadership."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from thidua.accounts.access import access_of
from thidua.core.text import fold
from thidua.org.models import Cluster, ClusterMembership, Unit

from ..enums import CampaignStatus
from ..models import Campaign, Deadline, Participation, Recipient


def campaign_list(*, user, q: str = "", status: str = "") -> QuerySet[Campaign]:
    access = access_of(user)
    if not access.roles and not getattr(user, "is_superuser", False):
        return Campaign.objects.none()
    campaigns = Campaign.objects.all()
    if not (access.sees_everything or user.is_superuser):
        campaigns = campaigns.exclude(status=CampaignStatus.DRAFT)
    folded = fold(q)
    if folded:
        for word in folded.split(" "):
            campaigns = campaigns.filter(search_text__contains=word)
    if status:
        campaigns = campaigns.filter(status=status)
    return campaigns.order_by("-year", "-id")


def campaign_list_with_counts(*, user, q: str = "", status: str = "") -> QuerySet[Campaign]:
    """The list page's rows, with content-area and deadline counts computed in SQL."""
    return campaign_list(user=user, q=q, status=status).annotate(
        content_count=Count("contents", distinct=True), deadline_count=Count("deadlines", distinct=True)
    )


def campaign_get(*, user, campaign_id: int) -> Campaign:
    """One campaign with its plan's parts loaded; a campaign the user may not see is a 404, as if absent."""
    queryset = campaign_list(user=user).select_related("issuer").prefetch_related(
        "contents",
        "distribution",
        Prefetch(
            "deadlines",
            queryset=Deadline.objects.order_by("due_on", "id").prefetch_related(
                Prefetch("recipients", queryset=Recipient.objects.select_related("unit").order_by("id"))
            ),
        ),
    )
    try:
        return queryset.get(pk=campaign_id)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc


def campaign_header_get(*, user, campaign_id: int) -> Campaign:
    """One campaign without its plan's parts (its deadlines, recipients, content areas, distribution list): for
    the pages that only name it (a province campaign has 200 deadlines to prefetch: a third of a unit's progress
    page); a campaign the user may not see is a 404, as if absent."""
    found = campaign_list(user=user).filter(pk=campaign_id).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class Participant:
    """A participating unit as a light row: the campaign page may list a thousand of them."""

    unit_id: int
    unit_name: str
    cluster_id: int | None
    sort_key: str


def campaign_participants(*, campaign: Campaign) -> list[Participant]:
    """Every participating unit with its cluster/block of the campaign's year, in two or three queries.

    A unit takes part directly or as a member of a participating cluster; each unit is listed once, in
    Vietnamese alphabetical order (by its folded name).
    """
    rows = list(Participation.objects.filter(campaign=campaign).values_list("unit_id", "cluster_id"))
    cluster_ids = {c for _, c in rows if c}
    unit_ids = {u for u, _ in rows if u}
    memberships = (
        ClusterMembership.objects.filter(year=campaign.year)
        .filter(Q(cluster_id__in=cluster_ids) | Q(unit_id__in=unit_ids))
        .values_list("unit_id", "unit__name", "unit__search_text", "cluster_id")
    )
    seen = {
        unit_id: Participant(unit_id=unit_id, unit_name=name, cluster_id=cluster_id, sort_key=sort_key)
        for unit_id, name, sort_key, cluster_id in memberships
    }
    missing = unit_ids - set(seen)
    if missing:
        for unit_id, name, sort_key in Unit.objects.filter(pk__in=missing).values_list("id", "name", "search_text"):
            seen[unit_id] = Participant(unit_id=unit_id, unit_name=name, cluster_id=None, sort_key=sort_key)
    return sorted(seen.values(), key=lambda p: (p.sort_key, p.unit_id))


@dataclass
class ParticipantGroup:
    cluster: Cluster | None
    participants: list[Participant]

    @property
    def head_id(self) -> int | None:
        return self.cluster.head_unit_id if self.cluster else None

    @property
    def deputy_id(self) -> int | None:
        return self.cluster.deputy_unit_id if self.cluster else None


def participants_by_cluster(*, campaign: Campaign) -> list[ParticipantGroup]:
    """Participants grouped under their cluster or block (clusters first, then blocks, then the rest)."""
    participants = campaign_participants(campaign=campaign)
    cluster_ids = {p.cluster_id for p in participants if p.cluster_id}
    clusters = {
        c.pk: c
        for c in Cluster.objects.filter(pk__in=cluster_ids).only("id", "name", "kind", "year", "head_unit_id",
                                                                 "deputy_unit_id")
    }
    groups: dict[int | None, ParticipantGroup] = {}
    for participant in participants:
        key = participant.cluster_id
        if key not in groups:
            groups[key] = ParticipantGroup(cluster=clusters.get(key) if key else None, participants=[])
        groups[key].participants.append(participant)
    return sorted(
        groups.values(),
        key=lambda g: (g.cluster is None, g.cluster.kind if g.cluster else "", g.cluster.name if g.cluster else ""),
    )


def today_local() -> datetime.date:
    return timezone.localdate()


def days_left(deadline: Deadline, *, today: datetime.date | None = None) -> int:
    """Whole days from today (Asia/Ho_Chi_Minh) to the due date; 0 on the day itself, negative once passed."""
    return (deadline.due_on - (today or today_local())).days


def deadlines_of_running_campaigns(*, user, limit: int = 10) -> list[Deadline]:
    """Deadlines of the visible campaigns that are still running (launched), by due date."""
    visible = campaign_list(user=user).filter(status=CampaignStatus.LAUNCHED)
    return list(
        Deadline.objects.filter(campaign__in=visible)
        .select_related("campaign")
        .prefetch_related(Prefetch("recipients", queryset=Recipient.objects.select_related("unit")))
        .order_by("due_on", "id")[:limit]
    )


def campaign_status_counts(*, user) -> dict[str, int]:
    """How many visible campaigns are in each status, counted in SQL."""
    rows = campaign_list(user=user).order_by().values("status").annotate(n=Count("id"))
    counts = {status: 0 for status in CampaignStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
