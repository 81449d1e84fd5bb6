"""Reads for indicators, targets and progress, scoped to the user. Aggregates are computed in SQL.

Who sees which targets: the office, the leadership and council members see every unit's; a unit's clerk or head
sees its own units' and, as a cluster/block head or deputy in the campaign's year, its members'. A target the user
may not see is a 404.

The status shown is the one kept on the target (as of its latest period, see ``progress``), except that a target
not achieved by a due date that has passed shows *off track*. "Passed" is judged on the campaign's "as of" day:
today, or the campaign's end if that came first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Case, Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from thidua.accounts.access import access_of
from thidua.campaigns.models import Campaign
from thidua.campaigns.selectors import campaign_list
from thidua.core.dates import YearMonth, month_start
from thidua.org.models import Cluster, ClusterMembership

from .enums import LAGGING, TargetApproval, TargetStatus
from .models import Indicator, ProgressEntry, ProgressMonth, Target
from .spreadsheet import TemplateRow

GROUPS = ("content", "cluster", "unit")


def visible_unit_ids(*, user, campaign: Campaign) -> frozenset[int] | None:
    """None when the user sees every unit's targets; otherwise the ids it may see. Kept on the user object for
    the rest of the request, per campaign year (like ``access_of``)."""
    access = access_of(user)
    if access.sees_everything or access.is_council_member or getattr(user, "is_superuser", False):
        return None
    staff = access.staff_unit_ids
    if not staff:
        return frozenset()
    cache = user.__dict__.setdefault("_thidua_visible_units", {})
    if campaign.year not in cache:
        led = Cluster.objects.filter(year=campaign.year).filter(
            Q(head_unit_id__in=staff) | Q(deputy_unit_id__in=staff))
        members = set(ClusterMembership.objects.filter(cluster__in=led).values_list("unit_id", flat=True))
        cache[campaign.year] = frozenset(staff | members)
    return cache[campaign.year]


def writable_unit_ids(*, user) -> set[int] | None:
    """None for the office (any unit); otherwise the units the user records values for."""
    access = access_of(user)
    if access.is_council_office:
        return None
    return set(access.staff_unit_ids)


def as_of(campaign: Campaign, *, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return min(today, campaign.ends_on) if campaign.ends_on else today


def shown_completion():
    """Completion clamped to 0–100 in SQL."""
    return Case(
        When(completion__lt=0, then=Value(Decimal(0))),
        When(completion__gt=100, then=Value(Decimal(100))),
        default=F("completion"),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )


def effective_status(on: datetime.date):
    return Case(
        When(Q(due_on__lt=on) & ~Q(status=TargetStatus.ACHIEVED), then=Value(TargetStatus.OFF_TRACK.value)),
        default=F("status"),
    )


def indicator_list(*, campaign: Campaign) -> QuerySet[Indicator]:
    """A campaign's indicators (whoever sees the campaign sees its catalog), in content order."""
    return (Indicator.objects.filter(campaign=campaign).select_related("content_area")
            .annotate(target_count=Count("targets")).order_by("content_area__order", "code"))


def indicator_get(*, user, indicator_id: int) -> Indicator:
    indicator = (Indicator.objects.filter(pk=indicator_id, campaign__in=campaign_list(user=user))
                 .select_related("campaign", "content_area").first())
    if indicator is None:
        raise Http404
    return indicator


def target_list(
    *, user, campaign: Campaign, unit_id: int | None = None, cluster_id: int | None = None,
    indicator_id: int | None = None, content_area_id: int | None = None, status: str = "",
    approval: str | None = TargetApproval.APPROVED, today: datetime.date | None = None, unit_ids=None,
) -> QuerySet[Target]:
    """The targets of a campaign the user may see, with ``shown_status`` and ``shown`` (clamped completion);
    ``unit_ids``: only those units' (a page of a grid)."""
    targets = Target.objects.filter(indicator__campaign=campaign)
    scope = visible_unit_ids(user=user, campaign=campaign)
    if scope is not None:
        targets = targets.filter(unit_id__in=scope)
    if approval:
        targets = targets.filter(approval=approval)
    if unit_id:
        targets = targets.filter(unit_id=unit_id)
    if unit_ids is not None:
        targets = targets.filter(unit_id__in=list(unit_ids))
    if cluster_id:
        targets = targets.filter(unit_id__in=ClusterMembership.objects.filter(
            cluster_id=cluster_id, year=campaign.year).values("unit_id"))
    if indicator_id:
        targets = targets.filter(indicator_id=indicator_id)
    if content_area_id:
        targets = targets.filter(indicator__content_area_id=content_area_id)
    targets = targets.annotate(shown_status=effective_status(as_of(campaign, today=today)),
                               shown=shown_completion())
    if status:
        targets = targets.filter(shown_status=status)
    return targets.select_related("indicator__content_area", "unit").order_by(
        "indicator__content_area__order", "indicator__code", "unit__search_text", "pk")


def target_get(*, user, target_id: int) -> Target:
    target = Target.objects.filter(pk=target_id, indicator__campaign__in=campaign_list(user=user)).select_related(
        "indicator__campaign").first()
    if target is None:
        raise Http404
    scope = visible_unit_ids(user=user, campaign=target.indicator.campaign)
    if scope is not None and target.unit_id not in scope:
        raise Http404
    return (target_list(user=user, campaign=target.indicator.campaign, approval=None)
            .select_related("indicator__campaign", "decided_by").get(pk=target.pk))


def target_history(*, target: Target) -> list[ProgressEntry]:
    """Every entry ever recorded for the target, replaced ones included, newest period first."""
    return list(target.entries.select_related("entered_by").order_by("-period_end", "-id"))


def target_series(*, target_ids: list[int]) -> dict[int, list[tuple[datetime.date, Decimal, Decimal | None]]]:
    """The current entries of some targets (for charts), in one query: ``{target_id: [(period_end, value,
    completion)]}`` in period order."""
    series: dict[int, list] = {pk: [] for pk in target_ids}
    for target_id, period_end, value, completion in (
        ProgressEntry.objects.filter(target_id__in=target_ids, is_current=True)
        .order_by("target_id", "period_end").values_list("target_id", "period_end", "value", "completion")
    ):
        series[target_id].append((period_end, value, completion))
    return series


@dataclass
class SummaryRow:
    key: int | None
    name: str
    order: int = 0
    targets: int = 0
    achieved: int = 0
    on_track: int = 0
    at_risk: int = 0
    off_track: int = 0
    no_data: int = 0
    average_completion: Decimal | None = None
    counts: dict = field(default_factory=dict)

    @property
    def lagging(self) -> int:
        return self.at_risk + self.off_track


def _status_aggregates() -> dict:
    return {
        "targets": Count("pk"),
        **{status.value: Count("pk", filter=Q(shown_status=status.value)) for status in TargetStatus},
        "average_completion": Avg("shown"),
    }


def progress_summary(
    *, user, campaign: Campaign, group_by: str, cluster_id: int | None = None, unit_id: int | None = None,
    today: datetime.date | None = None,
) -> list[SummaryRow]:
    """Counts by status and the mean shown completion, grouped by content area, cluster/block or unit, in one
    query (plus one for the cluster names). Only approved targets count."""
    if group_by not in GROUPS:
        raise ValueError(group_by)
    targets = target_list(user=user, campaign=campaign, cluster_id=cluster_id, unit_id=unit_id, today=today)
    if group_by == "content":
        grouped = targets.values(key=F("indicator__content_area_id"), name=F("indicator__content_area__title"),
                                 order=F("indicator__content_area__order"))
    elif group_by == "unit":
        grouped = targets.values(key=F("unit_id"), name=F("unit__name"), order=Value(0))
    else:
        cluster = ClusterMembership.objects.filter(unit_id=OuterRef("unit_id"), year=campaign.year).values(
            "cluster_id")[:1]
        grouped = targets.annotate(group=Subquery(cluster)).values(key=F("group"), name=Value(""), order=Value(0))
    rows = [
        SummaryRow(**{k: v for k, v in row.items() if k in SummaryRow.__dataclass_fields__})
        for row in grouped.annotate(**_status_aggregates()).order_by()
    ]
    if group_by == "cluster":
        names = dict(Cluster.objects.filter(pk__in=[r.key for r in rows if r.key]).values_list("pk", "name"))
        for row in rows:
            row.name = names.get(row.key, "")
    if group_by == "unit":
        rows.sort(key=lambda r: (r.average_completion is None, -(r.average_completion or 0), r.name))
    elif group_by == "cluster":
        rows.sort(key=lambda r: (r.key is None, r.name))
    else:
        rows.sort(key=lambda r: r.order)
    return rows


def progress_totals(*, user, campaign: Campaign, cluster_id: int | None = None, unit_id: int | None = None,
                    today: datetime.date | None = None) -> SummaryRow:
    """The same counts over the whole scope, in one query."""
    totals = target_list(user=user, campaign=campaign, cluster_id=cluster_id, unit_id=unit_id,
                         today=today).order_by().aggregate(**_status_aggregates())
    return SummaryRow(key=None, name="", **totals)


def lagging_targets(*, user, campaign: Campaign, cluster_id: int | None = None, unit_id: int | None = None,
                    today: datetime.date | None = None) -> QuerySet[Target]:
    """Targets at risk or off track, the furthest behind first."""
    return target_list(user=user, campaign=campaign, cluster_id=cluster_id, unit_id=unit_id, today=today).filter(
        shown_status__in=[s.value for s in LAGGING]
    ).order_by(F("shown").asc(nulls_first=True), "unit__search_text", "indicator__code")


def progress_over_time(*, user, campaign: Campaign, cluster_id: int | None = None, unit_id: int | None = None,
                       content_area_id: int | None = None) -> list[tuple[datetime.date, Decimal | None, int]]:
    """By month: the mean completion the reported targets stood at (clamped to 0–100), and how many reported.

    The whole campaign (the office, no cluster or unit chosen) is read from the month rollups (``rollups``): a
    few hundred rows, not every value; a narrower scope reads its own values."""
    if cluster_id is None and unit_id is None and visible_unit_ids(user=user, campaign=campaign) is None:
        months = ProgressMonth.objects.filter(campaign=campaign)
        if content_area_id:
            months = months.filter(content_area_id=content_area_id)
        return [
            (row["month"], row["shown_sum"] / row["valued"] if row["valued"] else None, row["reported"])
            for row in months.values("month").annotate(
                valued=Sum("valued"), shown_sum=Sum("shown_sum"), reported=Sum("targets")).order_by("month")
        ]
    targets = target_list(user=user, campaign=campaign, cluster_id=cluster_id, unit_id=unit_id,
                          content_area_id=content_area_id).values("pk")
    rows = (
        ProgressEntry.objects.filter(is_current=True, target_id__in=targets)
        .annotate(month=YearMonth("period_end"), shown=shown_completion())  # not TruncMonth: see YearMonth
        .values("month").annotate(average=Avg("shown"), reported=Count("target_id", distinct=True))
        .order_by("month")
    )
    return [(month_start(row["month"]), row["average"], row["reported"]) for row in rows]


#: A month enters the trend line once at least this share of the targets in scope reported for it: one unit that
#: reports early does not move the province's line.
TREND_MIN_SHARE = Decimal("0.5")


@dataclass
class TrendPoint:
    month: datetime.date
    average: Decimal | None
    reported: int
    expected: int

    @property
    def partial(self) -> bool:
        return self.expected > 0 and Decimal(self.reported) < TREND_MIN_SHARE * self.expected


def progress_trend(*, user, campaign: Campaign, cluster_id: int | None = None, unit_id: int | None = None,
                   content_area_id: int | None = None) -> list[TrendPoint]:
    """``progress_over_time`` with how many targets were expected each month (the approved targets in scope): a
    month too few reported for is ``partial``, shown with its count but kept off the line. Two queries."""
    expected = target_list(user=user, campaign=campaign, cluster_id=cluster_id, unit_id=unit_id,
                           content_area_id=content_area_id).filter(approval=TargetApproval.APPROVED).count()
    return [TrendPoint(month, average, reported, expected) for month, average, reported in progress_over_time(
        user=user, campaign=campaign, cluster_id=cluster_id, unit_id=unit_id, content_area_id=content_area_id)]


def pending_pledges(*, user, campaign: Campaign) -> QuerySet[Target]:
    return target_list(user=user, campaign=campaign, approval=TargetApproval.PENDING)


def template_rows(*, user, campaign: Campaign, unit_id: int | None = None, cluster_id: int | None = None):
    """The targets the user may fill, as template rows (streamed, ordered by unit then indicator)."""
    targets = target_list(user=user, campaign=campaign, unit_id=unit_id, cluster_id=cluster_id)
    writable = writable_unit_ids(user=user)
    if writable is not None:
        targets = targets.filter(unit_id__in=writable)
    fields = ("unit__code", "unit__name", "indicator__code", "indicator__name", "indicator__unit_of_measure",
              "baseline", "target_value", "due_on", "current_value", "last_period_end")
    for values in targets.order_by("unit__search_text", "unit_id", "indicator__content_area__order",
                                   "indicator__code").values_list(*fields).iterator(chunk_size=2000):
        yield TemplateRow(*values)


# ── the desk: what waits for the user (read by ``thidua.desk``) ──────────────────────────────────────────────

#: How old a target's latest value may be before the next one is due, by the indicator's reporting frequency.
REPORT_EVERY_DAYS = {"monthly": 31, "quarterly": 92, "half_yearly": 183, "yearly": 366}


def targets_to_report(*, user, today: datetime.date | None = None) -> QuerySet[Target]:
    """The user's units' targets in running campaigns whose next value is due: none reported yet, or the latest
    period older than the indicator's frequency and still before the target's due date (a value for the due date is
    the last one: no later period can be entered); those waiting longest first."""
    from thidua.campaigns.enums import CampaignStatus

    staff = access_of(user).staff_unit_ids
    if not staff:
        return Target.objects.none()
    today = today or timezone.localdate()
    stale = Q(last_period_end__isnull=True)
    for frequency, days in REPORT_EVERY_DAYS.items():
        stale |= Q(indicator__frequency=frequency, last_period_end__lt=today - datetime.timedelta(days=days))
    finished = Q(last_period_end__isnull=False, last_period_end__gte=F("due_on"))
    running = campaign_list(user=user).filter(status=CampaignStatus.LAUNCHED)
    return (Target.objects.filter(stale, unit_id__in=staff, approval=TargetApproval.APPROVED,
                                  indicator__campaign__in=running).exclude(finished)
            .select_related("indicator__campaign", "unit")
            .order_by(F("last_period_end").asc(nulls_first=True), "indicator__code", "id"))
