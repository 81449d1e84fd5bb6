from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from thidua.core.audit import history_for

from . import selectors
from .forms import ClusterFilterForm, UnitSearchForm


@login_required
def unit_list(request):
    """The unit directory; htmx requests get only the results table, so search updates as one types."""
    form = UnitSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    units = selectors.unit_search(user=request.user, q=filters.get("q", ""), kind=filters.get("kind", ""))
    page = Paginator(units.select_related("parent"), 50).get_page(request.GET.get("page"))
    template = "org/_unit_results.html" if request.headers.get("HX-Request") else "org/unit_list.html"
    return render(request, template, {"form": form, "page": page, "query": request.GET.urlencode()})


@login_required
def unit_detail(request, unit_id: int):
    unit = selectors.unit_get(user=request.user, unit_id=unit_id)
    can_see_history = request.user.has_perm("org.view_unit_history", unit)
    context = {
        "unit": unit,
        "lineage": selectors.unit_lineage(unit=unit),
        "memberships": selectors.unit_memberships(unit=unit),
        "history": history_for(unit) if can_see_history else None,
        "people": selectors.person_list(user=request.user).filter(employments__unit=unit).distinct()[:50],
    }
    return render(request, "org/unit_detail.html", context)


@login_required
def cluster_list(request):
    form = ClusterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    years = selectors.cluster_years(user=request.user)
    year = filters.get("year") or (years[0] if years else None)
    clusters = selectors.cluster_list(user=request.user, year=year, kind=filters.get("kind") or "")
    return render(request, "org/cluster_list.html", {"form": form, "clusters": clusters, "years": years,
                                                     "year": year})


@login_required
def cluster_detail(request, cluster_id: int):
    cluster = selectors.cluster_get(user=request.user, cluster_id=cluster_id)
    return render(request, "org/cluster_detail.html", {"cluster": cluster, "history": history_for(cluster)})


@login_required
def person_detail(request, person_id: int):
    person = selectors.person_get(user=request.user, person_id=person_id)
    employments = person.employments.select_related("unit").order_by("-started_on")
    return render(request, "org/person_detail.html", {"person": person, "employments": employments,
                                                      "history": history_for(person)})
