"""Pages for the law the rules follow: the province's regulations and the numbers they set, and the confirmation
of facts a unit declared. Thin: forms parse, services check and write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.core.audit import history_for
from thidua.core.decorators import post_only
from thidua.org import selectors as org_selectors

from . import regulation, selectors, services
from .enums import RegimeScope
from .models import AwardType, EligibilityRule, LegalRegime
from .registry_forms import RegulationForm, ThresholdForm
from .registry_views import _form_errors


def _regulation(request, regulation_id: int) -> LegalRegime:
    if not access_of(request.user).roles:
        raise Http404
    return get_object_or_404(LegalRegime, pk=regulation_id, scope=RegimeScope.PROVINCE)


@login_required
def regulation_list(request):
    """The province's regulations; the office records a new one here."""
    access = access_of(request.user)
    form = None
    status = 200
    if access.is_council_office:
        form = RegulationForm(request.POST or None)
        if request.method == "POST":
            if form.is_valid():
                try:
                    created = regulation.province_regulation_create(by=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    _form_errors(form, exc)
                else:
                    messages.success(request, _("The regulation is recorded: now set the numbers it decides."))
                    return redirect("awards:regulation", regulation_id=created.pk)
            status = 400
    elif request.method == "POST":
        raise Http404
    regimes = selectors.legal_regimes(user=request.user)
    return render(request, "awards/regulations.html", {
        "national": [r for r in regimes if r.scope == RegimeScope.NATIONAL],
        "province": [r for r in regimes if r.scope == RegimeScope.PROVINCE], "form": form, "access": access},
        status=status)


def _rows(regime: LegalRegime, posted: ThresholdForm | None = None) -> list[dict]:
    set_here = {(r.award_type_id, r.code): r for r in EligibilityRule.objects.filter(regime=regime)}
    rows = []
    for rule in regulation.adjustable_rules():
        mine = set_here.get((rule.award_type_id, rule.code))
        params = (mine.params if mine else {}) or {}
        form = posted if posted is not None and posted.data.get("code") == rule.code and str(
            posted.data.get("award_type")) == str(rule.award_type_id) else ThresholdForm(initial={
                "award_type": rule.award_type_id, "code": rule.code,
                **{key: params.get(key) for key in ("percent", "years", "count", "months", "strict")},
                "legal_basis": (mine.legal_basis.rsplit(" (", 1)[0] if mine else "")})
        rows.append({"rule": rule, "mine": mine, "form": form,
                     "fields": [key for key in ("percent", "years", "count", "months") if key in rule.params]})
    return rows


@login_required
def regulation_detail(request, regulation_id: int, posted: ThresholdForm | None = None, status: int = 200):
    regime = _regulation(request, regulation_id)
    access = access_of(request.user)
    return render(request, "awards/regulation_detail.html", {
        "regime": regime, "rows": _rows(regime, posted), "access": access, "history": history_for(regime)},
        status=status)


@login_required
@post_only
def regulation_rule_set(request, regulation_id: int):
    regime = _regulation(request, regulation_id)
    form = ThresholdForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        award_type = AwardType.objects.filter(pk=data["award_type"]).first()
        if award_type is None:
            form.add_error(None, _("No such title or form."))
        else:
            try:
                regulation.province_threshold_set(
                    by=request.user, regulation=regime, award_type=award_type, code=data["code"],
                    values={k: data[k] for k in ("percent", "years", "count", "months", "strict")},
                    legal_basis=data["legal_basis"])
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The province's number is set."))
                return redirect("awards:regulation", regulation_id=regime.pk)
    return regulation_detail(request, regulation_id, posted=form, status=400)


@login_required
@post_only
def regulation_rule_remove(request, regulation_id: int, rule_id: int):
    regime = _regulation(request, regulation_id)
    rule = get_object_or_404(EligibilityRule, pk=rule_id, regime=regime)
    regulation.province_threshold_remove(by=request.user, regulation=regime, rule=rule)
    messages.success(request, _("The law's number applies again."))
    return redirect("awards:regulation", regulation_id=regime.pk)


@login_required
@post_only
def fact_confirm(request, person_id: int, kind: str, fact_id: int):
    """Confirm a fact a unit declared (the office, or the head of the person's unit)."""
    person = org_selectors.person_get(user=request.user, person_id=person_id)
    model = services.FACT_MODELS.get(kind)
    if model is None or not model.objects.filter(pk=fact_id, person=person).exists():
        raise Http404
    services.fact_confirm(by=request.user, kind=kind, fact_id=fact_id)
    messages.success(request, _("The fact is confirmed: the rules no longer mark it as declared."))
    return redirect("awards:person", person_id=person.pk)
