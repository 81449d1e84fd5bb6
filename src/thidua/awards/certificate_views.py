"""Pages for printing certificates: every certificate of an issued decision as one PDF (in full, or only the
variable text for the official pre-printed blanks), and, for the council office, where each line prints on an
award type's blank, with a test page to hold against a blank. Thin: the form parses, ``certificates`` checks and
saves, ``documents.certificate`` draws."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.access import access_of
from thidua.core.audit import history_for
from thidua.core.files import file_response
from thidua.documents.certificate import (
    FIELDS,
    CertificateFontMissing,
    batch_file_name,
    render_certificates,
    render_test_page,
)

from . import certificates
from .models import CertificateLayout
from .registry_views import _form_errors

ALIGN_CHOICES = [("L", gettext_lazy("Left")), ("C", gettext_lazy("Centre")), ("R", gettext_lazy("Right"))]


class LayoutForm(forms.Form):
    """One row per line of the blank: x, y, width (mm), size (pt), alignment. Numbers are parsed and checked by
    ``certificates.check_positions`` (a decimal comma is accepted)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FIELDS:
            label = certificates.FIELD_LABELS[name]
            for key, what in (("x", "x (mm)"), ("y", "y (mm)"), ("width", _("width (mm)")), ("size", _("size (pt)"))):
                self.fields[f"{name}_{key}"] = forms.CharField(
                    label=f"{label}: {what}", max_length=12,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))
            self.fields[f"{name}_align"] = forms.ChoiceField(label=f"{label}: {_('alignment')}", choices=ALIGN_CHOICES)

    def positions(self) -> dict[str, dict]:
        return {name: {key: self.cleaned_data[f"{name}_{key}"] for key in certificates.KEYS} for name in FIELDS}

    def rows(self) -> list[dict]:
        return [{"name": name, "label": certificates.FIELD_LABELS[name],
                 "fields": [self[f"{name}_{key}"] for key in certificates.KEYS]} for name in FIELDS]


def _initial(positions: dict[str, dict]) -> dict:
    return {f"{name}_{key}": positions[name][key] for name in FIELDS for key in certificates.KEYS}


def _error_page(request, errors: list[str], *, status: int, decision=None):
    return render(request, "awards/certificate_error.html", {"errors": errors, "decision": decision}, status=status)


@login_required
def layout_list(request):
    """The forms that print a certificate, each with its blank's layout (the council office)."""
    types = certificates.certificate_types(user=request.user)
    saved = set(CertificateLayout.objects.filter(award_type__in=types).values_list("award_type_id", flat=True))
    return render(request, "awards/certificate_layouts.html", {
        "types": [(t, t.pk in saved) for t in types], "access": access_of(request.user)})


@login_required
def layout_edit(request, award_type_id: int):
    """Where each line prints on the award type's blank, in millimetres; saved by the council office."""
    award_type = certificates.certificate_type_get(user=request.user, award_type_id=award_type_id)
    status = 200
    if request.method == "POST":
        form = LayoutForm(request.POST)
        if form.is_valid():
            try:
                certificates.certificate_layout_save(by=request.user, award_type=award_type,
                                                     positions=form.positions())
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The positions on the blank are saved. Print the test page on plain "
                                            "paper and hold it against a blank to check them."))
                return redirect("awards:certificate_layout", award_type_id=award_type.pk)
        status = 400
    else:
        form = LayoutForm(initial=_initial(certificates.positions_of(award_type)))
    layout = CertificateLayout.objects.filter(award_type=award_type).first()
    return render(request, "awards/certificate_layout.html", {
        "award_type": award_type, "form": form, "layout": layout, "access": access_of(request.user),
        "history": history_for(layout) if layout is not None else []}, status=status)


@login_required
def layout_test_page(request, award_type_id: int):
    """The test page of the award type's blank: a millimetre grid and each line's box and sample text."""
    award_type = certificates.certificate_type_get(user=request.user, award_type_id=award_type_id)
    try:
        content = render_test_page(certificates.positions_of(award_type), heading=award_type.certificate_heading)
    except CertificateFontMissing as exc:
        return _error_page(request, [str(exc)], status=503)
    return file_response(content, f"trang-in-thu-phoi-{award_type.code.lower()}.pdf", inline=True)


@login_required
def decision_certificates(request, decision_id: int):
    """Every certificate of an issued decision as one PDF, in the annex's order; ``?blank=1``: for the blanks."""
    blank = request.GET.get("blank", "") in ("1", "true", "yes")
    try:
        decision, awards = certificates.decision_certificates(user=request.user, decision_id=decision_id)
        content = render_certificates(awards, blank=blank, title=f"Bằng khen, Giấy khen theo Quyết định số "
                                                                  f"{decision.reference}")
    except ValidationError as exc:
        return _error_page(request, exc.messages, status=400, decision=decision_id)
    except CertificateFontMissing as exc:
        return _error_page(request, [str(exc)], status=503, decision=decision_id)
    return file_response(content, batch_file_name(decision, blank=blank), inline=True)
