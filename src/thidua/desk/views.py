"""The desk: the home page of every signed-in user, what waits for them first."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from thidua.campaigns import selectors as campaign_selectors

from . import selectors


@login_required
def desk(request):
    """What waits for the user, per role, above the overview of the user's units and campaigns."""
    context = campaign_selectors.home_overview(user=request.user)
    context["sections"] = selectors.desk_sections(user=request.user)
    context["waiting_total"] = sum(section.count for section in context["sections"])
    return render(request, "desk/desk.html", context)
