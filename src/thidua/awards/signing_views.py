"""Pages of a decision's way to its signature: the signer's desk (decisions awaiting his signature) and the actions
on one decision — sign, send back with a note (the signer); put before the signer again, cancel, issue (whoever
prepared it). Thin: the rules are ``signing``'s; a refusal is a 403, a decision in the wrong state a 400, both with
the service's message on the decision's page; a decision the user may not read is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from thidua.core.decorators import post_only

from . import selectors, signing
from .forms import SendBackForm
from .views import decision_context


@login_required
def desk(request):
    """The signer's desk (Trình ký): the decisions awaiting his signature, with their nominees."""
    if not selectors.is_signatory(user=request.user):
        raise PermissionDenied(_("The desk is for those who sign decisions: the Chairman, a Vice-Chairman he has "
                                 "authorised, or a unit's head."))
    decisions = selectors.decisions_to_sign(user=request.user)
    return render(request, "awards/desk.html", {"decisions": decisions, "send_back_form": SendBackForm()})


def _render(request, decision, status: int, **kwargs):
    decision.refresh_from_db()
    return render(request, "awards/decision_detail.html", decision_context(request, decision, **kwargs),
                  status=status)


def _act(request, decision_id: int, action, done: str):
    decision = selectors.decision_view_get(user=request.user, decision_id=decision_id)
    try:
        result = action(decision)
    except PermissionDenied as exc:
        return _render(request, decision, 403, errors=[str(exc) or _("You do not have permission to do this.")])
    except ValidationError as exc:
        return _render(request, decision, 400, errors=exc.messages)
    messages.success(request, done if result is None else done % {"reference": result.reference})
    if result is None:
        return redirect("awards:decision_create")
    return redirect("awards:decision", decision_id=decision.pk)


@login_required
@post_only
def decision_sign(request, decision_id: int):
    return _act(request, decision_id, lambda d: signing.decision_sign(by=request.user, decision=d),
                _("The decision is signed; the office issues it with its number."))


@login_required
@post_only
def decision_send_back(request, decision_id: int):
    decision = selectors.decision_view_get(user=request.user, decision_id=decision_id)
    form = SendBackForm(request.POST)
    if not signing.may_sign(request.user, decision):
        return _render(request, decision, 403, errors=[_("Only the one who signs the decision sends it back.")])
    if not form.is_valid():
        return _render(request, decision, 400, send_back_form=form)
    try:
        signing.decision_send_back(by=request.user, decision=decision, note=form.cleaned_data["note"])
    except PermissionDenied as exc:
        return _render(request, decision, 403, errors=[str(exc)])
    except ValidationError as exc:
        return _render(request, decision, 400, errors=exc.messages)
    messages.success(request, _("The decision is sent back with your note."))
    return redirect("awards:decision", decision_id=decision.pk)


@login_required
@post_only
def decision_resubmit(request, decision_id: int):
    return _act(request, decision_id, lambda d: signing.decision_resubmit(by=request.user, decision=d),
                _("The decision is put before the one who signs it again."))


@login_required
@post_only
def decision_cancel(request, decision_id: int):
    return _act(request, decision_id, lambda d: signing.decision_cancel(by=request.user, decision=d),
                _("The decision is cancelled; its nominees may go into another."))


@login_required
@post_only
def decision_issue(request, decision_id: int):
    return _act(request, decision_id, lambda d: signing.decision_issue(by=request.user, decision=d),
                _("Decision %(reference)s is issued; its awards are in the registry."))
