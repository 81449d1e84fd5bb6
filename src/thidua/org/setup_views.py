"""The council office's page to form a year's cluster or block (its member units, head and deputy) without the
Django admin; ``org.services.cluster_create`` checks and writes."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.permissions import require_perm

from . import services
from .enums import ClusterKind
from .models import Cluster, Unit


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ClusterForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ClusterKind.choices)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    members = UnitsField(label=gettext_lazy("Member units"), queryset=None,
                         widget=forms.SelectMultiple(attrs={"size": 12}))
    head = UnitField(label=gettext_lazy("Head"), queryset=None, required=False)
    deputy = UnitField(label=gettext_lazy("Deputy"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(valid_to__isnull=True).order_by("name")
        for name in ("members", "head", "deputy"):
            self.fields[name].queryset = units


@login_required
def cluster_new(request):
    require_perm(request.user, "org.manage_units")
    year = request.GET.get("year", "")
    initial = {"year": int(year) if year.isdigit() else timezone.localdate().year + 1}
    form = ClusterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cluster = services.cluster_create(by=request.user, name=data["name"].strip(), kind=data["kind"],
                                              year=data["year"], members=list(data["members"]),
                                              head=data["head"], deputy=data["deputy"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("%(name)s is formed for %(year)s with %(n)s members.") % {
                "name": cluster.name, "year": cluster.year, "n": len(data["members"])})
            return redirect(f"{request.path}?year={cluster.year}")
    shown_year = form.data.get("year") if form.is_bound else initial["year"]
    existing = Cluster.objects.filter(year=shown_year).select_related("head_unit", "deputy_unit").order_by(
        "kind", "name") if str(shown_year).isdigit() else Cluster.objects.none()
    return render(request, "org/setup/cluster_new.html", {"form": form, "existing": existing, "year": shown_year},
                  status=400 if form.errors else 200)
