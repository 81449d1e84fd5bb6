"""A decision's way to its signature, and its issue.

    prepare ─▶ awaiting_signature ─sign─▶ signed ─issue─▶ issued (numbered from the issuer's book; awards enter
                    ▲        │                                         the registry; the proposers are told)
                    └resubmit┴─send back (with a note)─▶ draft ─cancel─▶ (gone; its nominees free again)

The province's decisions are prepared by the council office and signed by the Chairman or a Vice-Chairman he has
authorised (``Signatory``); a unit's own decisions are prepared by its staff and signed by its head. Nothing is
issued unsigned.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.core.audit import log_action
from thidua.core.permissions import require_council_office
from thidua.org.enums import UnitKind

from . import notices, services
from .enums import DecisionStatus
from .models import Decision, NominationItem, Signatory

D = DecisionStatus


def _lock(decision: Decision) -> Decision:
    return Decision.objects.select_for_update(of=("self",)).select_related("issuer_unit").get(pk=decision.pk)


def _require_preparer(by, decision: Decision) -> None:
    if decision.issuer_unit_id is None:
        require_council_office(by)
    elif by is not None and decision.issuer_unit_id not in access_of(by).staff_unit_ids:
        raise PermissionDenied(_("Only the staff of %(unit)s handle its decisions.") % {
            "unit": decision.issuer_unit.name})


def signatory_for(user, decision: Decision) -> Signatory | None:
    """The user's signing right for the decision's issuer: the province's signatories (the Chairman, an authorised
    Vice-Chairman), or for a unit's decision its head (a ``Signatory`` row may give the printed title)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    rows = Signatory.objects.filter(user=user, active=True)
    if decision.issuer_unit_id is None:
        return rows.filter(unit__kind=UnitKind.PROVINCE).order_by("-principal", "id").first()
    if decision.issuer_unit_id not in access_of(user).head_unit_ids:
        return None
    return rows.filter(unit_id=decision.issuer_unit_id).first() or Signatory(
        unit_id=decision.issuer_unit_id, user=user, title=_("HEAD OF THE UNIT"), principal=True)


def may_sign(user, decision: Decision) -> bool:
    return signatory_for(user, decision) is not None


@transaction.atomic
def decision_prepare(*, by, item_ids: list[int], symbol: str, issuing_authority: str = "",
                     proposal_number: str = "", proposal_on=None) -> Decision:
    """A decision over approved nominees, put before the one who signs it (awaiting signature). The proposal it
    answers (the office's Tờ trình, or the unit council's) is cited in its căn cứ."""
    found, issuer = services.decidable(by, item_ids)
    symbol = (symbol or "").strip()
    if not symbol:
        raise ValidationError({"symbol": [_("This field is required.")]})
    proposal_number = (proposal_number or "").strip()
    if proposal_on is not None and proposal_on > timezone.localdate():
        raise ValidationError({"proposal_on": [_("The proposal cannot be dated in the future.")]})
    decision = Decision.objects.create(
        symbol=symbol, status=D.AWAITING_SIGNATURE, issuer_unit=issuer, year=found[0].nomination.year,
        issuing_authority=(issuing_authority or "").strip() or services.default_authority(found, issuer),
        proposal_number=proposal_number[:60], proposal_on=proposal_on,
        created_by=by if getattr(by, "pk", None) else None)
    NominationItem.objects.filter(pk__in=[i.pk for i in found]).update(decision=decision)
    log_action("awards.decision.prepared", actor=by, target=decision, data={
        "items": [i.pk for i in found], "issuer": issuer, "symbol": symbol})
    notices.decision_to_sign(decision)
    return decision


@transaction.atomic
def decision_sign(*, by, decision: Decision) -> Decision:
    """The Chairman (or an authorised Vice-Chairman; a unit's head for the unit's own) signs."""
    decision = _lock(decision)
    signatory = signatory_for(by, decision)
    if signatory is None:
        raise PermissionDenied(_("Only the Chairman, a Vice-Chairman he has authorised, or for a unit's own "
                                 "decision its head, signs it."))
    if decision.status != D.AWAITING_SIGNATURE:
        raise ValidationError(_("Only a decision awaiting signature can be signed."))
    decision.status = D.SIGNED
    decision.signed_by, decision.signed_at = by, timezone.now()
    decision.signer_name = by.get_full_name() or by.get_username()
    decision.signer_title = signatory.title
    decision.sent_back_note = ""
    decision.save(update_fields=["status", "signed_by", "signed_at", "signer_name", "signer_title",
                                 "sent_back_note", "updated_at"])
    log_action("awards.decision.signed", actor=by, target=decision, data={
        "signer": decision.signer_name, "title": decision.signer_title, "principal": signatory.principal})
    notices.decision_signed(decision)
    return decision


@transaction.atomic
def decision_send_back(*, by, decision: Decision, note: str) -> Decision:
    """The signer sends the decision back to whoever prepared it, with a note."""
    decision = _lock(decision)
    if signatory_for(by, decision) is None:
        raise PermissionDenied(_("Only the one who signs the decision sends it back."))
    if decision.status != D.AWAITING_SIGNATURE:
        raise ValidationError(_("Only a decision awaiting signature can be sent back."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say why the decision goes back.")]})
    decision.status, decision.sent_back_note = D.DRAFT, note
    decision.save(update_fields=["status", "sent_back_note", "updated_at"])
    log_action("awards.decision.sent_back", actor=by, target=decision, data={"note": note})
    _notify_preparer(decision, note)
    return decision


def _notify_preparer(decision: Decision, note: str) -> None:
    notices.decision_sent_back(decision, note)


@transaction.atomic
def decision_resubmit(*, by, decision: Decision) -> Decision:
    decision = _lock(decision)
    _require_preparer(by, decision)
    if decision.status != D.DRAFT:
        raise ValidationError(_("Only a decision sent back can be put before the signer again."))
    decision.status = D.AWAITING_SIGNATURE
    decision.save(update_fields=["status", "updated_at"])
    log_action("awards.decision.resubmitted", actor=by, target=decision, data={})
    notices.decision_to_sign(decision)
    return decision


@transaction.atomic
def decision_cancel(*, by, decision: Decision) -> None:
    """Drop a decision sent back: its nominees are free for another."""
    decision = _lock(decision)
    _require_preparer(by, decision)
    if decision.status != D.DRAFT:
        raise ValidationError(_("Only a decision sent back can be cancelled."))
    items = list(decision.items.values_list("pk", flat=True))
    decision.items.update(decision=None)
    log_action("awards.decision.cancelled", actor=by, target=decision, data={"items": items,
                                                                          "symbol": decision.symbol})
    decision.delete()


def next_number(decision: Decision, year: int) -> str:
    """The next number in the issuer's book for the year (the province's, or the unit's)."""
    same = Decision.objects.select_for_update().filter(
        Q(issuer_unit_id=decision.issuer_unit_id) if decision.issuer_unit_id else Q(issuer_unit__isnull=True),
        signed_on__year=year).exclude(number="")
    numbers = [int(n) for n in same.values_list("number", flat=True) if n.isdigit()]
    return str(max(numbers, default=0) + 1)


@transaction.atomic
def decision_issue(*, by, decision: Decision) -> Decision:
    """Issue a signed decision: numbered from the issuer's book on the day of signature; its nominees enter the
    registry and the proposers are told. An unsigned decision is refused."""
    decision = _lock(decision)
    _require_preparer(by, decision)
    if decision.status != D.SIGNED or decision.signed_by_id is None:
        raise ValidationError(_("A decision is issued only once it is signed."))
    found, _issuer = services.decidable(by, list(decision.items.values_list("pk", flat=True)), decision=decision)
    decision.signed_on = timezone.localdate(decision.signed_at)
    decision.number = next_number(decision, decision.signed_on.year)
    decision.status = D.ISSUED
    decision.save(update_fields=["signed_on", "number", "status", "updated_at"])
    awards = services.grant(by=by, decision=decision, found=found)
    log_action("awards.decision.issued", actor=by, target=decision, data={
        "reference": decision.reference, "signed_on": decision.signed_on, "awards": [a.pk for a in awards]})
    return decision
