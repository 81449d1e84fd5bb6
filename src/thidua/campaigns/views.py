from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.core.audit import history_for
from thidua.core.decorators import post_only
from thidua.org.models import Unit

from . import selectors, services
from .forms import CampaignFilterForm, TransitionForm
from .services import ALLOWED_TRANSITIONS

CAMPAIGN_PAGE_SIZE = 50  # a province runs a few dozen campaigns a year; the list stays one screen of rows


@login_required
def campaign_list(request):
    form = CampaignFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    campaigns = selectors.campaign_list_with_counts(
        user=request.user, q=filters.get("q", ""), status=filters.get("status", "")
    )
    page = Paginator(campaigns, CAMPAIGN_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "campaigns/list.html", {"form": form, "campaigns": page.object_list, "page": page,
                                                   "query": query.urlencode()})


@login_required
def campaign_detail(request, campaign_id: int):
    campaign = selectors.campaign_get(user=request.user, campaign_id=campaign_id)
    today = selectors.today_local()
    access = access_of(request.user)
    context = {
        "campaign": campaign,
        "deadlines": [(d, selectors.days_left(d, today=today)) for d in campaign.deadlines.all()],
        "groups": selectors.participants_by_cluster(campaign=campaign),
        # One reverse() for the page instead of one per participant (a province lists ~1,000 units).
        "unit_url_prefix": reverse("org:unit_list"),
        "history": history_for(campaign),
        "next_statuses": sorted(ALLOWED_TRANSITIONS.get(campaign.status, ())),
        "can_manage": request.user.has_perm("campaigns.manage_campaign", campaign),
        "can_record": access.is_council_office or bool(access.staff_unit_ids),
        "my_units": list(Unit.objects.filter(pk__in=access.staff_unit_ids).order_by("name")),
    }
    return render(request, "campaigns/detail.html", context)


@login_required
@post_only
def campaign_transition(request, campaign_id: int):
    campaign = selectors.campaign_get(user=request.user, campaign_id=campaign_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    try:
        updated = services.campaign_transition(by=request.user, campaign=campaign, to=form.cleaned_data["to"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("campaigns:detail", campaign_id=campaign.pk)
    messages.success(request, _("Status changed to: %(status)s.") % {"status": updated.get_status_display()})
    return redirect("campaigns:detail", campaign_id=campaign.pk)


@login_required
def home(request):
    """One page per role: the office sees the whole province, a clerk its unit and cluster."""
    return render(request, "campaigns/home.html", selectors.home_overview(user=request.user))
