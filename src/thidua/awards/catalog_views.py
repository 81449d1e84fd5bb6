"""The council office's page for one title or form of the catalog: its settings and, per legal regime, its money
coefficient and vote threshold. Thin: forms parse, ``catalog_settings`` checks and writes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.access import access_of
from thidua.core.audit import history_for
from thidua.core.forms import NumberField, add_service_errors

from . import catalog_settings
from .models import AwardTerms, AwardType


class AwardTypeSettingsForm(forms.Form):
    active = forms.BooleanField(label=gettext_lazy("In use (proposed in new dossiers)"), required=False)
    order = forms.IntegerField(label=gettext_lazy("Order in the lists"), min_value=0, max_value=32767)
    certificate_heading = forms.CharField(
        label=gettext_lazy("Heading printed on the certificate"), max_length=120, required=False,
        help_text=gettext_lazy("Empty: this title or form prints no certificate."))


class AwardTermsForm(forms.Form):
    money_coefficient = NumberField(label=gettext_lazy("Money coefficient (× base salary)"), required=False,
                                    min_value=0, max_value=100, decimal_places=2,
                                    help_text=gettext_lazy("Empty: not found in the texts read."))
    money_basis = forms.CharField(label=gettext_lazy("Article that sets the coefficient"), max_length=500,
                                  required=False)
    vote_threshold_percent = NumberField(
        label=gettext_lazy("Council vote: share of all members needed (%)"), required=False, min_value=1,
        max_value=100, decimal_places=2,
        help_text=gettext_lazy("Empty: no secret vote of the council is needed for this title or form."))
    vote_basis = forms.CharField(label=gettext_lazy("Article that sets the threshold"), max_length=500,
                                 required=False)


def _terms_initial(terms: AwardTerms) -> dict:
    return {"money_coefficient": terms.money_coefficient, "money_basis": terms.money_basis,
            "vote_threshold_percent": terms.vote_threshold_percent, "vote_basis": terms.vote_basis}


@login_required
def award_type_edit(request, award_type_id: int):
    """The office's settings of one title or form; a POST names its part: ``type`` or ``terms-<id>``."""
    if not access_of(request.user).is_council_office:
        raise Http404
    award_type = get_object_or_404(AwardType, pk=award_type_id)
    terms_rows = list(AwardTerms.objects.filter(award_type=award_type).select_related("regime")
                      .order_by("-regime__valid_from", "regime_id"))
    part = request.POST.get("part", "") if request.method == "POST" else ""
    settings_form = AwardTypeSettingsForm(
        request.POST if part == "type" else None, prefix="type",
        initial={"active": award_type.active, "order": award_type.order,
                 "certificate_heading": award_type.certificate_heading})
    rows = [(terms, AwardTermsForm(request.POST if part == f"terms-{terms.pk}" else None,
                                   prefix=f"terms-{terms.pk}", initial=_terms_initial(terms)))
            for terms in terms_rows]
    if request.method == "POST":
        done = None
        if part == "type" and settings_form.is_valid():
            try:
                catalog_settings.award_type_settings_set(by=request.user, award_type=award_type,
                                                **settings_form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(settings_form, exc)
            else:
                done = _("The settings of %(name)s are saved.") % {"name": award_type.name}
        posted = next(((terms, form) for terms, form in rows if part == f"terms-{terms.pk}"), None)
        if part != "type" and posted is None:
            return render(request, "awards/award_type_edit.html", _context(award_type, settings_form, rows, [
                _("The form sent does not belong to this page: reload it and try again.")]), status=400)
        if posted is not None and posted[1].is_valid():
            try:
                catalog_settings.award_terms_set(by=request.user, terms=posted[0], **posted[1].cleaned_data)
            except ValidationError as exc:
                add_service_errors(posted[1], exc)
            else:
                done = _("The numbers of %(name)s under %(regime)s are saved.") % {
                    "name": award_type.name, "regime": posted[0].regime.name}
        if done:
            messages.success(request, done)
            return redirect("awards:award_type_edit", award_type_id=award_type.pk)
        return render(request, "awards/award_type_edit.html", _context(award_type, settings_form, rows, []),
                      status=400)
    return render(request, "awards/award_type_edit.html", _context(award_type, settings_form, rows, []))


def _context(award_type, settings_form, rows, errors) -> dict:
    return {"award_type": award_type, "settings_form": settings_form, "rows": rows, "errors": errors,
            "history": history_for(award_type)}
