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

from .enums import CampaignStatus
from .models import Campaign, Deadline, Participation, Recipient


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


@dataclass(frozen=True)
class Participant:
    unit: Unit
    cluster: Cluster | None


def campaign_participants(*, campaign: Campaign) -> list[Participant]:
    """Every participating unit with its cluster/block of the campaign's year, in two queries.

    A unit takes part directly or as a member of a participating cluster; each unit is listed once.
    """
    rows = list(Participation.objects.filter(campaign=campaign).values_list("unit_id", "cluster_id"))
    cluster_ids = {c for _, c in rows if c}
    unit_ids = {u for u, _ in rows if u}
    memberships = (
        ClusterMembership.objects.filter(year=campaign.year)
        .filter(Q(cluster_id__in=cluster_ids) | Q(unit_id__in=unit_ids))
        .select_related("unit", "cluster")
    )
    seen: dict[int, Participant] = {m.unit_id: Participant(unit=m.unit, cluster=m.cluster) for m in memberships}
    missing = unit_ids - set(seen)
    if missing:
        for unit in Unit.objects.filter(pk__in=missing):
            seen[unit.pk] = Participant(unit=unit, cluster=None)
    return sorted(
        seen.values(),
        key=lambda p: (p.cluster is None, p.cluster.kind if p.cluster else "", p.cluster.name if p.cluster else "",
                       p.unit.name),
    )


def participants_by_cluster(*, campaign: Campaign) -> list[tuple[Cluster | None, list[Unit]]]:
    """Participants grouped under their cluster or block, for the campaign page."""
    groups: dict[int | None, tuple[Cluster | None, list[Unit]]] = {}
    for participant in campaign_participants(campaign=campaign):
        key = participant.cluster.pk if participant.cluster else None
        groups.setdefault(key, (participant.cluster, []))[1].append(participant.unit)
    return list(groups.values())


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
