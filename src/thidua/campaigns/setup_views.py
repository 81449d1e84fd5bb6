"""The council office's pages to set a campaign up without the Django admin: create it from its plan's header, then
add its content areas, the clusters and blocks taking part and the distribution list (deadlines have their own
page). Each write goes through ``campaigns.services`` (permission and audit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.core.decorators import post_only
from thidua.core.forms import add_service_errors
from thidua.core.permissions import require_perm
from thidua.org.models import Cluster

from . import selectors, services
from .enums import CampaignStatus
from .setup_forms import CampaignCreateForm, ContentAreaForm, DistributionForm, ParticipationForm


@login_required
def campaign_new(request):
    require_perm(request.user, "campaigns.manage_campaign")
    form = CampaignCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code, title, year = data.pop("code").strip(), data.pop("title").strip(), data.pop("year")
        try:
            campaign = services.campaign_create(by=request.user, code=code, title=title, year=year, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The campaign is created as a draft: add its content areas, participants, "
                                        "deadlines and distribution list, then launch it."))
            return redirect("campaigns:setup", campaign_id=campaign.pk)
    return render(request, "campaigns/setup/new.html", {"form": form}, status=400 if form.errors else 200)


def _participants_free(campaign):
    taken = campaign.participations.filter(cluster__isnull=False).values_list("cluster_id", flat=True)
    return Cluster.objects.filter(year=campaign.year).exclude(pk__in=taken).order_by("kind", "name")


@login_required
def campaign_setup(request, campaign_id: int, *, forms=None, status=200):
    require_perm(request.user, "campaigns.manage_campaign")
    campaign = selectors.campaign_get(user=request.user, campaign_id=campaign_id)
    forms = forms or {}
    next_order = (max((c.order for c in campaign.contents.all()), default=0)) + 1
    return render(request, "campaigns/setup/plan.html", {
        "campaign": campaign, "closed": campaign.status == CampaignStatus.CLOSED,
        "content_form": forms.get("content") or ContentAreaForm(initial={"order": next_order}),
        "participation_form": forms.get("participation") or ParticipationForm(clusters=_participants_free(campaign)),
        "distribution_form": forms.get("distribution") or DistributionForm(),
        "participations": campaign.participations.select_related("cluster", "unit").order_by("id"),
    }, status=status)


@login_required
@post_only
def campaign_setup_add(request, campaign_id: int):
    """Add a content area, participating clusters/blocks or a distribution line: ``part`` says which."""
    require_perm(request.user, "campaigns.manage_campaign")
    campaign = selectors.campaign_get(user=request.user, campaign_id=campaign_id)
    part = request.POST.get("part")
    if part == "content":
        form = ContentAreaForm(request.POST)
    elif part == "participation":
        form = ParticipationForm(request.POST, clusters=_participants_free(campaign))
    elif part == "distribution":
        form = DistributionForm(request.POST)
    else:
        return campaign_setup(request, campaign_id, status=400)
    if form.is_valid():
        try:
            if part == "content":
                services.content_area_add(by=request.user, campaign=campaign, **form.cleaned_data)
            elif part == "participation":
                with transaction.atomic():  # every cluster ticked, or none
                    for cluster in form.cleaned_data["clusters"]:
                        services.participation_add(by=request.user, campaign=campaign, cluster=cluster)
            else:
                services.distribution_add(by=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Added."))
            return redirect(f"{request.path.rsplit('add/', 1)[0]}#setup-{part}")
    return campaign_setup(request, campaign_id, forms={part: form}, status=400)
