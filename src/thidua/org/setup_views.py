"""The council office's pages to form a year's cluster or block (its member units, head and deputy) and to add or
correct a unit, without the Django admin; ``org.services`` (``cluster_create``, ``unit_create``, ``unit_update``)
checks and writes."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.forms import add_service_errors
from thidua.core.permissions import require_perm

from . import selectors, services
from .enums import ClusterKind, UnitKind
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


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitForm(forms.Form):
    """What ``unit_update`` may change; the new-unit form adds the code, which never changes afterwards."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=255)
    short_name = forms.CharField(label=gettext_lazy("Short name"), max_length=120, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"),
                             choices=[("", gettext_lazy("— choose —")), *UnitKind.choices])
    parent = UnitField(label=gettext_lazy("Parent unit"), queryset=None, required=False,
                       empty_label=gettext_lazy("— none —"))
    valid_from = forms.DateField(label=gettext_lazy("Valid from"), required=False, widget=DATE)
    valid_to = forms.DateField(label=gettext_lazy("Valid to"), required=False, widget=DATE,
                               help_text=gettext_lazy("Empty while the unit exists."))
    symbol = forms.CharField(label=gettext_lazy("Abbreviation in document symbols"), max_length=20,
                             required=False)
    competence_basis = forms.CharField(label=gettext_lazy("Text conferring its competence"), max_length=500,
                                       required=False, help_text=Unit._meta.get_field("competence_basis").help_text,
                                       widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The picker offers the current units; a unit keeps its parent even after that one ended (a district under
        # the former province) and is never offered as its own parent.
        parents = Unit.objects.filter(valid_to__isnull=True)
        if unit is not None:
            parents = (parents | Unit.objects.filter(pk=unit.parent_id)).exclude(pk=unit.pk)
        # By the folded name (its search text begins with it), as the directory orders: Vietnamese order on SQLite
        # and PostgreSQL alike (Báo, Bảo, Bưu), where the raw name sorts by code point (Báo, Bưu, Bảo).
        self.fields["parent"].queryset = parents.order_by("search_text", "id")


class UnitCreateForm(UnitForm):
    """``unit_create`` takes no abbreviation nor competence text: they are set by correcting the new unit."""

    code = forms.CharField(label=gettext_lazy("Code"), max_length=40)
    field_order = ["code", "name", "short_name", "kind", "parent", "valid_from", "valid_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["symbol"], self.fields["competence_basis"]


@login_required
def unit_new(request):
    require_perm(request.user, "org.manage_units")
    form = UnitCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is added to the unit directory.") % {"name": unit.name})
            return redirect("org:unit_detail", unit_id=unit.pk)
    return render(request, "org/setup/unit_form.html", {"form": form, "unit": None},
                  status=400 if form.errors else 200)


@login_required
def unit_edit(request, unit_id: int):
    require_perm(request.user, "org.manage_units")
    unit = selectors.unit_get(user=request.user, unit_id=unit_id)
    initial = {name: getattr(unit, name) for name in UnitForm.base_fields}
    form = UnitForm(request.POST or None, initial=initial, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(by=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            unit.refresh_from_db()  # the service set the refused values on it before checking them
        else:
            messages.success(request, _("The changes to %(name)s are saved.") % {"name": unit.name})
            return redirect("org:unit_detail", unit_id=unit.pk)
    return render(request, "org/setup/unit_form.html", {"form": form, "unit": unit},
                  status=400 if form.errors else 200)


class LeadershipForm(forms.Form):
    head = UnitField(label=gettext_lazy("Head"), queryset=None, required=False, empty_label=gettext_lazy("— none —"))
    deputy = UnitField(label=gettext_lazy("Deputy"), queryset=None, required=False,
                       empty_label=gettext_lazy("— none —"))

    def __init__(self, *args, cluster: Cluster, **kwargs):
        super().__init__(*args, **kwargs)
        members = Unit.objects.filter(memberships__cluster=cluster).order_by("search_text", "id")
        for name in ("head", "deputy"):
            self.fields[name].queryset = members


@login_required
def cluster_leadership(request, cluster_id: int):
    """The office rotates a cluster's or block's head and deputy for its year (both among its members)."""
    require_perm(request.user, "org.manage_units")
    cluster = selectors.cluster_get(user=request.user, cluster_id=cluster_id)
    form = LeadershipForm(request.POST or None, cluster=cluster,
                          initial={"head": cluster.head_unit_id, "deputy": cluster.deputy_unit_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.cluster_set_leadership(by=request.user, cluster=cluster, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            cluster.refresh_from_db()
        else:
            messages.success(request, _("The head and deputy of %(name)s are saved.") % {"name": cluster.name})
            return redirect("org:cluster_detail", cluster_id=cluster.pk)
    return render(request, "org/setup/cluster_leadership.html", {"form": form, "cluster": cluster},
                  status=400 if form.errors else 200)
