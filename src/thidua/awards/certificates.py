"""Certificates on the official pre-printed blanks (phôi Bằng khen, Giấy khen): where each variable line prints on
an award type's blank, as the council office saves it (``CertificateLayout``), and every certificate of an issued
decision for the batch print.

Positions are in millimetres from the sheet's top-left corner (A4 landscape, 297 × 210 mm); see
``thidua.documents.certificate`` for what ``x``, ``y``, ``width``, ``size`` and ``align`` mean. A position the office
never saved is the full certificate's (``DEFAULT_POSITIONS``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.access import access_of
from thidua.core.audit import log_action
from thidua.core.numbers import vi_number
from thidua.core.permissions import require_council_office
from thidua.documents.certificate import (
    ALIGNMENTS,
    DEFAULT_POSITIONS,
    FIELDS,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SIZE_RANGE,
    printable_award,
)

from . import selectors
from .enums import DecisionStatus
from .models import Award, AwardType, CertificateLayout, Decision

#: The office's name for each line of the blank (its form's rows).
FIELD_LABELS = {
    "name": gettext_lazy("Recipient's name"),
    "unit": gettext_lazy("Unit of the person"),
    "achievement": gettext_lazy("Achievement"),
    "decision": gettext_lazy("Decision number and date"),
    "registry": gettext_lazy("Registry number"),
    "date": gettext_lazy("Place and date"),
    "authority": gettext_lazy("Signer's authority and title"),
    "signer": gettext_lazy("Signer's name"),
}
KEYS = ("x", "y", "width", "size", "align")


def _number(value) -> float:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter a number.")) from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number."))
    return float(round(number, 1))


def check_positions(positions: dict) -> dict[str, dict]:
    """The positions cleaned (numbers rounded to 0.1 mm or pt, alignment upper-case) or a ``ValidationError``
    keyed ``<field>_<key>`` for each value out of range: every line's box inside the A4 landscape sheet, its
    baseline on it, its size between 8 and 48 points. A line left out keeps its default."""
    unknown = set(positions) - set(FIELDS)
    if unknown:
        raise ValidationError(_("Unknown lines: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    cleaned: dict[str, dict] = {}
    errors: dict[str, list] = {}
    for name in FIELDS:
        given = positions.get(name) or {}
        if not isinstance(given, dict):
            errors[name] = [_("Give x, y, width, size and alignment.")]
            continue
        row = {**DEFAULT_POSITIONS[name], **{k: v for k, v in given.items() if k in KEYS}}
        values: dict = {}
        for key in ("x", "y", "width", "size"):
            try:
                values[key] = _number(row[key])
            except ValidationError as exc:
                errors[f"{name}_{key}"] = exc.messages
        align = str(row.get("align") or "").strip().upper()
        if align not in ALIGNMENTS:
            errors[f"{name}_align"] = [_("Alignment is L (left), C (centre) or R (right).")]
        values["align"] = align
        if len(values) < len(KEYS):
            continue
        x, y, width, size = values["x"], values["y"], values["width"], values["size"]
        low, high = SIZE_RANGE
        if not low <= size <= high:
            errors[f"{name}_size"] = [_("The size is between %(low)s and %(high)s points.") % {
                "low": low, "high": high}]
        if not 0 < y <= PAGE_HEIGHT:
            errors[f"{name}_y"] = [_("The line must sit on the sheet: y between 0 and %(height)s mm.") % {
                "height": vi_number(PAGE_HEIGHT)}]
        left = x if align == "L" else x - width / 2 if align == "C" else x - width
        if align not in ALIGNMENTS:
            continue
        if width <= 0:
            errors[f"{name}_width"] = [_("The width must be more than 0 mm.")]
        elif left < 0 or left + width > PAGE_WIDTH:
            errors[f"{name}_x"] = [_("The box (x %(left)s to %(right)s mm) must stay inside the sheet, 0 to "
                                     "%(width)s mm.") % {
                "left": vi_number(left, 1), "right": vi_number(left + width, 1), "width": vi_number(PAGE_WIDTH)}]
        cleaned[name] = values
    if errors:
        raise ValidationError(errors)
    return cleaned


def positions_of(award_type: AwardType) -> dict[str, dict]:
    """The positions on the award type's blank: the saved ones over the defaults (a saved line that no longer
    passes the checks falls back to its default)."""
    layout = CertificateLayout.objects.filter(award_type=award_type).only("positions").first()
    saved = layout.positions if layout is not None and isinstance(layout.positions, dict) else {}
    out = {name: dict(DEFAULT_POSITIONS[name]) for name in FIELDS}
    for name in FIELDS:
        if isinstance(saved.get(name), dict):
            try:
                out[name] = check_positions({name: saved[name]})[name]
            except ValidationError:
                pass
    return out


@transaction.atomic
def certificate_layout_save(*, by, award_type: AwardType, positions: dict) -> CertificateLayout:
    """The council office saves where the lines print on an award type's blank; only forms that print a
    certificate have one. The event records the values that changed."""
    require_council_office(by)
    if not (award_type.certificate_heading or "").strip():
        raise ValidationError(_("%(title)s has no printed certificate.") % {"title": award_type.name})
    cleaned = check_positions(positions)
    before = positions_of(award_type)
    layout, _created = CertificateLayout.objects.select_for_update().get_or_create(award_type=award_type)
    changes = {f"{name}.{key}": [before[name][key], cleaned[name][key]]
               for name in FIELDS for key in KEYS if before[name][key] != cleaned[name][key]}
    layout.positions = cleaned
    layout.updated_by = by if getattr(by, "pk", None) else None
    layout.save()
    log_action("awards.certificate_layout.saved", actor=by, target=layout,
               data={"award_type": award_type.code, "changes": changes})
    return layout


def certificate_types(*, user) -> list[AwardType]:
    """The forms that print a certificate, for the office's list of blanks."""
    if not access_of(user).is_council_office:
        raise Http404
    return list(AwardType.objects.exclude(certificate_heading="").order_by("order", "code"))


def certificate_type_get(*, user, award_type_id: int) -> AwardType:
    """A form that prints a certificate, for the office (anyone else: 404)."""
    found = next((t for t in certificate_types(user=user) if t.pk == award_type_id), None)
    if found is None:
        raise Http404
    return found


def decision_certificates(*, user, decision_id: int) -> tuple[Decision, list[Award]]:
    """An issued decision the user reads whole (``selectors.decision_view_get``; anyone else, a unit that reads it
    for its own people among them too: 404) and its awards
    that print a certificate (the renderer puts them in the annex's order). Not issued yet: refused."""
    decision = selectors.decision_view_get(user=user, decision_id=decision_id, whole=True)
    if decision.status != DecisionStatus.ISSUED:
        raise ValidationError(_("The certificates are printed once the decision is issued."))
    awards = selectors.decision_awards(decision=decision)
    for award in awards:
        award.decision = decision  # the renderer reads it for every page
    return decision, [award for award in awards if printable_award(award)]
