"""The home page's reads: one page per role, the office sees the whole province, a clerk its unit and cluster."""

from __future__ import annotations

from django.utils import timezone

from thidua.accounts.access import access_of
from thidua.org import selectors as org_selectors
from thidua.org.models import Unit

from .plan import campaign_list_with_counts, campaign_status_counts, days_left, deadlines_of_running_campaigns


def home_overview(*, user) -> dict:
    """The user's units and clusters, the campaigns, and the deadlines of the running ones, scoped to the user."""
    access = access_of(user)
    year = timezone.localdate().year
    latest_year = (org_selectors.cluster_years(user=user) or [year])[0]
    return {
        "my_units": list(Unit.objects.filter(pk__in=access.unit_ids).order_by("name")),
        "my_clusters": list(
            org_selectors.cluster_list(user=user, year=latest_year).filter(members__in=access.unit_ids).distinct()
        ) if access.unit_ids else [],
        "headed_clusters": list(org_selectors.clusters_headed_by(user=user, year=latest_year)
                                .select_related("head_unit")),
        "cluster_year": latest_year,
        "campaigns": list(campaign_list_with_counts(user=user)[:10]),
        "status_counts": campaign_status_counts(user=user) if access.sees_everything else None,
        "deadlines": [(deadline, days_left(deadline)) for deadline in deadlines_of_running_campaigns(user=user)],
        "unit_count": Unit.objects.count() if access.sees_everything else None,
    }
