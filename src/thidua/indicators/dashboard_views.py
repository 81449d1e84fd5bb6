"""Dashboards: thin views over ``selectors`` (counts and means come from SQL).

Each page runs a fixed number of queries whatever the number of units, targets or values: the summaries are SQL
aggregates, the by-unit table is paged in memory over one aggregate, and a unit's sparklines come from one query.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.campaigns.selectors import campaign_header_get
from thidua.org.selectors import cluster_get, unit_get

from . import charts, selectors
from .enums import TargetStatus
from .progress import AT_RISK_FLOOR

GROUPS = {
    "content": gettext_lazy("By content area"),
    "cluster": gettext_lazy("By cluster or block"),
    "unit": gettext_lazy("By unit"),
}
GROUP_CHART_TITLES = {
    "content": gettext_lazy("Average completion by content area"),
    "cluster": gettext_lazy("Average completion by cluster or block"),
}
#: Rows per page of the by-unit table (a province has about a thousand units).
UNIT_PAGE_SIZE = 100
#: The lagging list on the dashboard and on the leadership brief.
LAGGING_LIMIT = 50
BRIEF_LAGGING_LIMIT = 10
#: The part of the dashboard that the tab switch and the pager replace (htmx ``HX-Target``).
GROUPS_TARGET = "dashboard-groups"


def status_segments(row: selectors.SummaryRow) -> list[tuple[str, str, int]]:
    """``[(status, label, count)]`` of a summary row, in the order statuses are listed everywhere."""
    return [(status.value, str(status.label), getattr(row, status.value) or 0) for status in TargetStatus]


def _status_chart(row: selectors.SummaryRow) -> str:
    return charts.status_bar(status_segments(row), title=_("Targets by status"))


def _over_time_chart(points, *, title: str) -> str:
    """The monthly line, each month labelled with how many of the targets reported; a month too few reported for
    (``TrendPoint.partial``) is a gap, not a jump."""
    return charts.line_chart(
        [(f"{date_format(p.month, 'm/Y')} ({p.reported}/{p.expected})", None if p.partial else p.average)
         for p in points],
        title=title, target=100, target_label=_("Target"),
    )


def _with_labels(targets) -> list:
    """Targets with ``status_label``, their numbers as text and a ``meter`` (completion bar) for the templates."""
    rows = list(targets)
    for target in rows:
        target.status_label = TargetStatus(target.shown_status).label
        target.baseline_text = charts.number_text(target.baseline)
        target.current_text = charts.number_text(target.current_value)
        target.target_text = charts.number_text(target.target_value)
        target.shown_text = charts.percent_text(target.shown)
        target.meter = charts.meter(target.shown, status=target.shown_status,
                                    title=_("Completion: %(value)s") % {"value": charts.percent_text(target.shown)})
    return rows


def _cluster_filter(request, *, campaign):
    """The cluster/block of ``?cluster=``, of the campaign's year; a wrong id is a 404."""
    raw = request.GET.get("cluster", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    cluster = cluster_get(user=request.user, cluster_id=int(raw), members="ids")
    if cluster.year != campaign.year:
        raise Http404
    return cluster


def _groups_context(request, *, campaign, cluster, by: str) -> dict:
    rows = selectors.progress_summary(user=request.user, campaign=campaign, group_by=by,
                                      cluster_id=cluster.pk if cluster else None)
    page = None
    if by == "unit":
        page = Paginator(rows, UNIT_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
    chart = None
    if by != "unit":  # a thousand bars is not a chart; the unit table carries a bar per row instead
        chart = charts.bar_chart(
            [charts.Bar(f"{row.order}. {row.name}" if by == "content" else (row.name or _("Not in a cluster")),
                        row.average_completion) for row in rows],
            title=str(GROUP_CHART_TITLES[by]),
        )
    for row in rows:
        row.meter = charts.meter(row.average_completion, title=_("Average completion: %(value)s") % {
            "value": charts.percent_text(row.average_completion)})
        row.average_text = charts.percent_text(row.average_completion)
        row.cells = status_segments(row)
    return {
        "by": by,
        "by_label": GROUPS[by],
        "tabs": list(GROUPS.items()),
        "group_rows": rows,
        "group_chart": chart,
        "page": page,
        "cluster": cluster,
        "campaign": campaign,
        "statuses": list(TargetStatus),
    }


@login_required
def progress_dashboard(request, campaign_id: int):
    campaign = campaign_header_get(user=request.user, campaign_id=campaign_id)
    cluster = _cluster_filter(request, campaign=campaign)
    by = request.GET.get("by", "content")
    if by not in GROUPS:
        by = "content"
    context = _groups_context(request, campaign=campaign, cluster=cluster, by=by)
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == GROUPS_TARGET:
        return render(request, "indicators/_dashboard_groups.html", context)
    scope = {"cluster_id": cluster.pk if cluster else None}
    totals = selectors.progress_totals(user=request.user, campaign=campaign, **scope)
    lagging = selectors.lagging_targets(user=request.user, campaign=campaign, **scope)
    over_time = selectors.progress_trend(user=request.user, campaign=campaign, **scope)
    context.update({
        "as_of": selectors.as_of(campaign),
        "at_risk_floor": int(AT_RISK_FLOOR),
        "totals": totals,
        "segments": status_segments(totals),
        "status_chart": _status_chart(totals),
        "average_text": charts.percent_text(totals.average_completion),
        "over_time": over_time,
        "over_time_chart": _over_time_chart(over_time, title=_("Average completion by month")),
        "lagging": _with_labels(lagging[:LAGGING_LIMIT]),
        "lagging_count": totals.at_risk + totals.off_track,
        "lagging_limit": LAGGING_LIMIT,
    })
    return render(request, "indicators/dashboard.html", context)


@login_required
def progress_brief(request, campaign_id: int):
    """One printable page for the leadership."""
    campaign = campaign_header_get(user=request.user, campaign_id=campaign_id)
    totals = selectors.progress_totals(user=request.user, campaign=campaign)
    by_content = selectors.progress_summary(user=request.user, campaign=campaign, group_by="content")
    by_cluster = selectors.progress_summary(user=request.user, campaign=campaign, group_by="cluster")
    for row in by_cluster:
        row.average_text = charts.percent_text(row.average_completion)
        row.cells = status_segments(row)
    over_time = selectors.progress_trend(user=request.user, campaign=campaign)
    context = {
        "campaign": campaign,
        "as_of": selectors.as_of(campaign),
        "at_risk_floor": int(AT_RISK_FLOOR),
        "totals": totals,
        "segments": status_segments(totals),
        "status_chart": _status_chart(totals),
        "average_text": charts.percent_text(totals.average_completion),
        "content_chart": charts.bar_chart(
            [charts.Bar(f"{row.order}. {row.name}", row.average_completion) for row in by_content],
            title=_("Average completion by content area"),
        ),
        "by_cluster": by_cluster,
        "statuses": list(TargetStatus),
        "over_time_chart": _over_time_chart(over_time, title=_("Average completion by month")),
        "furthest_behind": _with_labels(
            selectors.lagging_targets(user=request.user, campaign=campaign)[:BRIEF_LAGGING_LIMIT]),
        "lagging_count": totals.at_risk + totals.off_track,
    }
    return render(request, "indicators/brief.html", context)


@login_required
def unit_progress(request, campaign_id: int, unit_id: int):
    """One unit's targets by content area, each with its completion bar and its values over time."""
    campaign = campaign_header_get(user=request.user, campaign_id=campaign_id)
    scope = selectors.visible_unit_ids(user=request.user, campaign=campaign)
    if scope is not None and unit_id not in scope:
        raise Http404
    unit = unit_get(user=request.user, unit_id=unit_id)
    targets = _with_labels(selectors.target_list(user=request.user, campaign=campaign, unit_id=unit.pk))
    series = selectors.target_series(target_ids=[t.pk for t in targets])
    for target in targets:
        completions = [completion for _period, _value, completion in series[target.pk]]
        target.sparkline = charts.sparkline(
            completions, status=target.shown_status,
            title=_("Completion by period: %(values)s") % {
                "values": ", ".join(charts.percent_text(c) for c in completions if c is not None)},
        )
    totals = selectors.progress_totals(user=request.user, campaign=campaign, unit_id=unit.pk)
    over_time = selectors.progress_trend(user=request.user, campaign=campaign, unit_id=unit.pk)
    context = {
        "campaign": campaign,
        "unit": unit,
        "as_of": selectors.as_of(campaign),
        "at_risk_floor": int(AT_RISK_FLOOR),
        "targets": targets,
        "totals": totals,
        "segments": status_segments(totals),
        "status_chart": _status_chart(totals),
        "average_text": charts.percent_text(totals.average_completion),
        "over_time_chart": _over_time_chart(over_time, title=_("Average completion by month")),
        "lagging": _with_labels(selectors.lagging_targets(user=request.user, campaign=campaign, unit_id=unit.pk)),
    }
    return render(request, "indicators/unit_progress.html", context)


urlpatterns = [
    path("campaigns/<id:campaign_id>/progress/", progress_dashboard, name="progress_dashboard"),
    path("campaigns/<id:campaign_id>/progress/brief/", progress_brief, name="progress_brief"),
    path("campaigns/<id:campaign_id>/progress/units/<id:unit_id>/", unit_progress, name="unit_progress"),
]
