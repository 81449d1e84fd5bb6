"""Pages for nomination dossiers, their appraisal and the decisions. Thin views: parse the form, call a selector or a
service, and show a service's ``ValidationError`` on the form (400), a stale version as a conflict (409) and a
refusal as 403 — always with the service's message, never a 500.

Who may do what is decided by ``services`` and ``selectors``; the checks here only choose which forms to show and
refuse early (403) a write the service would refuse anyway.
"""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.accounts.enums import Role
from thidua.accounts.models import User
from thidua.campaigns.selectors import campaign_list
from thidua.core.audit import history_for
from thidua.core.decorators import post_only
from thidua.core.exceptions import StaleVersion
from thidua.core.files import file_response
from thidua.core.permissions import require_council_office
from thidua.org.selectors import person_list, unit_search

from . import dues, eligibility, selectors, services, signing
from .council_views import dossier_route_context
from .enums import EDITABLE_STATES, RECEIVING_STATES, NominationStatus, Recipient, Route
from .forms import (
    AppraisalForm,
    AttachmentForm,
    DecisionForm,
    DecisionPrepareForm,
    FilterForm,
    ItemForm,
    NominationForm,
    SendBackForm,
    TransitionForm,
    add_service_errors,
    eligible_name,
    justification_name,
    reason_name,
)

S = NominationStatus
PAGE_SIZE = 50
#: States whose eligibility the page checks again on display; afterwards it shows what the office saw.
LIVE_CHECK_STATES = (S.DRAFT, S.RETURNED, S.SUBMITTED, S.RECEIVED, S.IN_APPRAISAL, S.APPRAISED, S.AT_COUNCIL)


# ── the list and a new dossier ──────────────────────────────────────────────────────────────────────────────


@login_required
def nomination_list(request):
    """The dossiers the user may see, filtered by status and year; unit staff and the office open new ones."""
    access = access_of(request.user)
    filters = FilterForm(request.GET or None)
    status, year = "", None
    if filters.is_bound and filters.is_valid():
        status, year = filters.cleaned_data["status"] or "", filters.cleaned_data["year"]
    found = selectors.nomination_list(user=request.user, status=status, year=year)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    days = selectors.days_left(rows, timezone.localdate())
    late = dues.late_on(rows)
    for row in rows:
        row.days_left = days.get(row.pk)
        row.overdue = row.days_left is not None and row.days_left < 0
        row.late_due = late.get(row.pk)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "awards/nomination_list.html", {
        "filters": filters if filters.is_bound else FilterForm(), "rows": rows, "page": page,
        "query": query.urlencode(), "can_create": access.is_council_office or bool(access.staff_unit_ids),
    })


def _creatable_units(user):
    access = access_of(user)
    units = unit_search(user=user)
    return units if access.is_council_office else units.filter(pk__in=access.staff_unit_ids)


@login_required
def nomination_create(request):
    access = access_of(request.user)
    if not (access.is_council_office or access.staff_unit_ids):
        raise PermissionDenied(_("Only a unit's clerk or head, or the council office, may open a dossier."))
    units, campaigns = _creatable_units(request.user), campaign_list(user=request.user)
    if request.method != "POST":
        form = NominationForm(units=units, campaigns=campaigns)
        return render(request, "awards/nomination_create.html", {"form": form})
    form = NominationForm(request.POST, units=units, campaigns=campaigns)
    if form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.nomination_create(by=request.user, unit=data["unit"], year=data["year"],
                                                    kind=data["kind"], campaign=data["campaign"],
                                                    title=data["title"])
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You do not have permission to do this."))
            return render(request, "awards/nomination_create.html", {"form": form}, status=403)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The dossier is opened as a draft: add its nominees and documents."))
            return redirect("awards:nomination", nomination_id=nomination.pk)
    return render(request, "awards/nomination_create.html", {"form": form}, status=400)


# ── one dossier ─────────────────────────────────────────────────────────────────────────────────────────────


def _item_form(user, nomination, data=None) -> ItemForm:
    units = unit_search(user=user).filter(Q(pk=nomination.unit_id) | Q(parent_id=nomination.unit_id))
    return ItemForm(data, award_types=selectors.award_types(user=user, active_only=True),
                    people=person_list(user=user, unit_id=nomination.unit_id), units=units)


def _handlers(nomination):
    """Who may appraise the dossier: the council office, or for a unit's own titles the unit's staff."""
    if nomination.route == Route.UNIT:
        return User.objects.filter(is_active=True, role_assignments__unit_id=nomination.unit_id,
                                   role_assignments__role__in=[Role.UNIT_CLERK, Role.UNIT_HEAD]).distinct().order_by(
            "username")
    return User.objects.filter(is_active=True, role_assignments__role=Role.COUNCIL_OFFICE).distinct().order_by(
        "username")


def _council_rounds(nomination):
    """The closed votes of the meetings of the council serving the dossier in which its nominees were candidates."""
    from thidua.evaluation.models import VotingRound

    from .council import council_of

    serving = council_of(nomination.route, nomination.unit)
    if serving is None:
        return VotingRound.objects.none()
    return VotingRound.objects.filter(
        Q(closed_at__isnull=False) | Q(closes_at__lte=timezone.now()), meeting__council=serving,
        candidates__nomination_item__nomination=nomination).distinct().order_by("-id")


def _transition_form(user, nomination, data=None) -> TransitionForm:
    return TransitionForm(data, initial={"version": nomination.version, "appraiser": user.pk},
                          appraisers=_handlers(nomination), rounds=_council_rounds(nomination))


def _office_moves(nomination) -> list[str]:
    """The moves the dossier's handler may make from its state, forward first, then the return: the council only
    where a nominee's title needs its vote (or the route goes through it), the centre for a proposal to it."""
    forward = {S.SUBMITTED: S.RECEIVED, S.RECEIVED: S.IN_APPRAISAL, S.IN_APPRAISAL: S.APPRAISED,
               S.AT_COUNCIL: S.APPROVED}.get(nomination.status)
    if nomination.status == S.APPRAISED:
        council = nomination.route == Route.CENTRE or bool(services.needs_vote(nomination))
        forward = S.AT_COUNCIL if council else S.APPROVED
    elif nomination.status == S.APPROVED and nomination.route == Route.CENTRE:
        forward = S.SENT_TO_CENTRE
    moves = [forward] if forward else []
    if nomination.status in RECEIVING_STATES:
        moves.append(S.RETURNED)
    return moves


def _rows(nomination, items) -> list[dict]:
    """Each item with its eligibility: checked now while the dossier is on its way, else as the office saw it."""
    if nomination.status in LIVE_CHECK_STATES:
        verdicts = eligibility.evaluate(services.nominees_of(nomination, items)) if items else {}
        return [{"item": item, "eligible": verdicts[item.pk].eligible,
                 "regime": verdicts[item.pk].regime.name if verdicts[item.pk].regime else "",
                 "regime_reason": verdicts[item.pk].regime_reason,
                 "declared": verdicts[item.pk].declared_facts,
                 "rules": [node.as_dict() for node in verdicts[item.pk].tree]} for item in items]
    return [{"item": item, "eligible": item.eligible_by_rules, "regime": item.eligibility_regime,
             "declared": any(isinstance(r, dict) and r.get("declared_facts") for r in item.eligibility or []),
             "rules": item.eligibility} for item in items]


def _nomination_context(request, nomination, *, item_form=None, attachment_form=None, transition_form=None,
                        appraisal_form=None, errors=(), conflict="", step_form=None) -> dict:
    user = request.user
    items = selectors.nomination_items(nomination=nomination)
    rows = _rows(nomination, items)
    editable = selectors.can_edit(user=user, nomination=nomination)
    office = selectors.handles(user=user, nomination=nomination)
    if editable:
        item_form = item_form or _item_form(user, nomination)
        attachment_form = attachment_form or AttachmentForm()
    moves = _office_moves(nomination) if office else []
    if editable and nomination.status in EDITABLE_STATES:
        moves = [S.SUBMITTED, *moves]
    if moves:
        transition_form = transition_form or _transition_form(user, nomination)
    if office and nomination.status == S.IN_APPRAISAL and items:
        appraisal_form = appraisal_form or AppraisalForm(items=items, initial={"version": nomination.version})
    elif appraisal_form is not None:
        errors = [*errors, *(e for field_errors in appraisal_form.errors.values() for e in field_errors)]
        appraisal_form = None
    if appraisal_form is not None:
        for row in rows:
            pk = row["item"].pk
            row["fields"] = {"eligible": appraisal_form[eligible_name(pk)], "reason": appraisal_form[reason_name(pk)],
                             "justification": appraisal_form[justification_name(pk)]}
    errors = list(errors)
    # A bound form the page no longer shows (the dossier moved meanwhile) still says why nothing was saved.
    for bound in (item_form, attachment_form):
        if bound is not None and not editable and bound.is_bound:
            errors += [e for field_errors in bound.errors.values() for e in field_errors]
    days_left = selectors.days_left([nomination], timezone.localdate()).get(nomination.pk)
    posted = transition_form.data.get("to", "") if transition_form is not None and transition_form.is_bound else ""
    transition_errors = [e for field_errors in transition_form.errors.values() for e in field_errors] if posted else []
    if transition_errors and posted not in moves:
        errors, transition_errors = errors + transition_errors, []
    return {
        "nomination": nomination, "rows": rows, "editable": editable, "office": office,
        "attachments": list(nomination.attachments.select_related("uploaded_by").order_by("kind", "id")),
        "item_form": item_form if editable else None, "attachment_form": attachment_form if editable else None,
        "moves": moves, "transition_form": transition_form if moves else None, "appraisal_form": appraisal_form,
        "days_left": days_left, "overdue": days_left is not None and days_left < 0,
        "posted_move": posted, "transition_errors": transition_errors,
        "failing": any(row["eligible"] is False for row in rows),
        "errors": errors, "conflict": conflict, "history": history_for(nomination),
        **dossier_route_context(user, nomination, items, step_form=step_form),
    }


def _render_nomination(request, nomination, status=200, **kwargs):
    return render(request, "awards/nomination_detail.html", _nomination_context(request, nomination, **kwargs),
                  status=status)


def _refused(request, nomination_id: int, exc: Exception, **kwargs):
    """A service's refusal shown on the dossier page: 403 with its message, or 409 for a stale copy."""
    fresh = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    if isinstance(exc, StaleVersion):
        return _render_nomination(request, fresh, status=409, conflict=exc.message, **kwargs)
    return _render_nomination(request, fresh, status=403,
                              errors=[str(exc) or _("You do not have permission to do this.")], **kwargs)


@login_required
def nomination_detail(request, nomination_id: int):
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    return _render_nomination(request, nomination)


@login_required
@post_only
def item_add(request, nomination_id: int):
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    form = _item_form(request.user, nomination, request.POST)
    try:
        services.require_editable(request.user, nomination)
        if form.is_valid():
            data = form.cleaned_data
            award_type = data["award_type"]
            person = data["person"] if award_type.recipient == Recipient.PERSON else None
            unit = None if person is not None else data["unit"]
            item = services.item_add(by=request.user, nomination=nomination, award_type=award_type, person=person,
                                     unit=unit, achievement=data["achievement"], print_text=data["print_text"])
            messages.success(request, _("%(name)s is proposed for %(title)s.") % {
                "name": item.person.full_name if item.person_id else item.unit.name, "title": award_type.name})
            return redirect("awards:nomination", nomination_id=nomination.pk)
    except PermissionDenied as exc:
        return _refused(request, nomination.pk, exc)
    except ValidationError as exc:
        add_service_errors(form, exc)
    return _render_nomination(request, nomination, status=400, item_form=form)


@login_required
@post_only
def item_remove(request, nomination_id: int, item_id: int):
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    item = get_object_or_404(nomination.items.select_related("person", "unit"), pk=item_id)
    name = item.person.full_name if item.person_id else item.unit.name
    try:
        services.item_remove(by=request.user, nomination=nomination, item=item)
    except PermissionDenied as exc:
        return _refused(request, nomination.pk, exc)
    except ValidationError as exc:
        return _render_nomination(request, nomination, status=400, errors=exc.messages)
    messages.success(request, _("%(name)s is removed from the dossier.") % {"name": name})
    return redirect("awards:nomination", nomination_id=nomination.pk)


@login_required
@post_only
def attachment_add(request, nomination_id: int):
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    form = AttachmentForm(request.POST, request.FILES)
    try:
        services.require_editable(request.user, nomination)
        if form.is_valid():
            attachment = services.attachment_add(by=request.user, nomination=nomination,
                                                 kind=form.cleaned_data["kind"], file=form.cleaned_data["file"])
            messages.success(request, _("“%(name)s” is attached.") % {"name": attachment.original_name})
            return redirect("awards:nomination", nomination_id=nomination.pk)
    except PermissionDenied as exc:
        return _refused(request, nomination.pk, exc)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            add_service_errors(form, exc)
        else:
            for message in exc.messages:
                form.add_error("file", message)
    return _render_nomination(request, nomination, status=400, attachment_form=form)


@login_required
def attachment_download(request, nomination_id: int, attachment_id: int):
    """A dossier's document, to whoever may see the dossier (the selector's scope); anyone else gets a 404."""
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    attachment = get_object_or_404(nomination.attachments, pk=attachment_id)
    name = attachment.original_name or attachment.file.name.rsplit("/", 1)[-1]
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=name,
                            content_type=mimetypes.guess_type(attachment.file.name)[0] or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@post_only
def attachment_remove(request, nomination_id: int, attachment_id: int):
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    attachment = get_object_or_404(nomination.attachments, pk=attachment_id)
    name = attachment.original_name
    try:
        services.attachment_remove(by=request.user, nomination=nomination, attachment=attachment)
    except PermissionDenied as exc:
        return _refused(request, nomination.pk, exc)
    except ValidationError as exc:
        return _render_nomination(request, nomination, status=400, errors=exc.messages)
    messages.success(request, _("“%(name)s” is removed from the dossier.") % {"name": name})
    return redirect("awards:nomination", nomination_id=nomination.pk)


TRANSITION_MESSAGES = {
    S.SUBMITTED: _("The dossier is sent to the council office."),
    S.RECEIVED: _("The dossier is received; the appraisal is due on %(due)s."),
    S.IN_APPRAISAL: _("The appraisal has started."),
    S.APPRAISED: _("The appraisal is complete."),
    S.AT_COUNCIL: _("The dossier is sent to the council."),
    S.APPROVED: _("The approval is recorded; the eligible nominees can now be decided."),
    S.SENT_TO_CENTRE: _("The proposal is recorded as sent to the centre."),
    S.RETURNED: _("The dossier is returned to its unit with your reason."),
}


@login_required
@post_only
def nomination_transition(request, nomination_id: int):
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    form = _transition_form(request.user, nomination, request.POST)
    if not form.is_valid():
        return _render_nomination(request, nomination, status=400, transition_form=form)
    data = form.cleaned_data
    to = data["to"]
    try:
        moved = services.nomination_transition(
            by=request.user, nomination=nomination, to=to, reason=data["reason"], version=data["version"],
            appraiser=data["appraiser"] if to == S.IN_APPRAISAL else None,
            voting_round=data["voting_round"] if to == S.APPROVED else None,
            confirm_failures=data["confirm_failures"])
    except (PermissionDenied, StaleVersion) as exc:
        return _refused(request, nomination.pk, exc)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _render_nomination(request, nomination, status=400, transition_form=form)
    text = TRANSITION_MESSAGES.get(to, _("The dossier has moved on."))
    if to == S.RECEIVED:
        text = text % {"due": f"{moved.appraisal_due_on:%d/%m/%Y}"}
    messages.success(request, text)
    return redirect("awards:nomination", nomination_id=nomination.pk)


@login_required
@post_only
def nomination_appraisal(request, nomination_id: int):
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    require_council_office(request.user)
    items = selectors.nomination_items(nomination=nomination)
    form = AppraisalForm(request.POST, items=items)
    if not form.is_valid():
        return _render_nomination(request, nomination, status=400, appraisal_form=form)
    try:
        services.appraisal_record(by=request.user, nomination=nomination, verdicts=form.verdicts(),
                                  version=form.cleaned_data["version"])
    except (PermissionDenied, StaleVersion) as exc:
        return _refused(request, nomination.pk, exc)
    except ValidationError as exc:
        form.add_item_errors(exc)
        return _render_nomination(request, nomination, status=400, appraisal_form=form)
    messages.success(request, _("The appraisal's verdicts are recorded."))
    return redirect("awards:nomination", nomination_id=nomination.pk)


# ── the office's queue and decisions ────────────────────────────────────────────────────────────────────────


@login_required
def appraisal_queue(request):
    """Dossiers at the council office, soonest due first; overdue ones flagged."""
    require_council_office(request.user)
    page = Paginator(selectors.appraisal_queue(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/appraisal_queue.html", {"rows": page.object_list, "page": page})


def _require_preparer(user) -> None:
    """The office prepares the province's decisions, a unit's staff its own."""
    access = access_of(user)
    if not (access.is_council_office or access.staff_unit_ids):
        raise PermissionDenied(_("Only the council office, or a unit's staff for its own titles, prepare "
                                 "decisions."))


@login_required
def decision_create(request):
    """A decision over approved nominees, prepared for its signature (the Chairman's, or a unit's head's): the
    office for the province, a unit's staff for its own titles. A decision signed on paper: ``decision_record``."""
    _require_preparer(request.user)
    items = selectors.preparable_items(user=request.user)
    initial = {"symbol": selectors.default_decision_symbol(user=request.user)}
    nomination = request.GET.get("nomination", "")
    if nomination.isdigit():  # from the desk: that dossier's nominees ticked
        initial["items"] = [item.pk for item in items if item.nomination_id == int(nomination)]
    form = DecisionPrepareForm(request.POST or None, items=items, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = signing.decision_prepare(by=request.user, item_ids=data["items"], symbol=data["symbol"],
                                                    issuing_authority=data["issuing_authority"],
                                                    proposal_number=data["proposal_number"],
                                                    proposal_on=data["proposal_on"])
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The decision is put before the one who signs it."))
                return redirect("awards:decision", decision_id=decision.pk)
    chosen = {str(v) for v in (form["items"].value() or [])}
    return render(request, "awards/decision_create.html", {
        "form": form, "items": items, "chosen": chosen,
        "in_progress": selectors.decisions_in_progress(user=request.user)}, status=status)


@login_required
def decision_record(request):
    """A decision signed on paper, recorded with its scan: issued at once, its nominees entering the registry."""
    _require_preparer(request.user)
    items = selectors.preparable_items(user=request.user)
    form = DecisionForm(request.POST or None, request.FILES or None, items=items)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.decision_create(
                    by=request.user, number=data["number"], symbol=data["symbol"], signed_on=data["signed_on"],
                    signer_name=data["signer_name"], signer_title=data["signer_title"],
                    issuing_authority=data["issuing_authority"], items=data["items"], scan=data["scan"])
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Decision %(reference)s is issued; its awards are in the registry.") % {
                    "reference": decision.reference})
                return redirect("awards:decision", decision_id=decision.pk)
    chosen = {str(v) for v in (form["items"].value() or [])}
    return render(request, "awards/decision_record.html", {
        "form": form, "items": items, "chosen": chosen}, status=status)


#: Awards (or nominees) a page of a decision lists.
DECISION_PAGE_SIZE = 100


def decision_context(request, decision, *, send_back_form=None, errors=()) -> dict:
    """The decision page: its state, its nominees (before issue) or awards (after), and the actions of the user's
    part in it — the preparer resubmits, cancels or issues it, the signer signs or sends it back."""
    from .enums import DecisionStatus as D

    user = request.user
    access = access_of(user)
    preparer = access.is_council_office if decision.issuer_unit_id is None else (
        decision.issuer_unit_id in access.staff_unit_ids)
    signer = signing.may_sign(user, decision)
    issued = decision.status == D.ISSUED
    actions = set()
    if preparer and decision.status == D.DRAFT:
        actions |= {"resubmit", "cancel"}
    if preparer and decision.status == D.SIGNED:
        actions.add("issue")
    if signer and decision.status == D.AWAITING_SIGNATURE:
        actions |= {"sign", "send_back"}
        send_back_form = send_back_form or SendBackForm()
    rows = (selectors.decision_award_rows if issued else selectors.decision_item_rows)(decision=decision)
    page = Paginator(rows, DECISION_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "decision": decision, "issued": issued, "page": page, "row_count": page.paginator.count,
        "awards": page.object_list if issued else [],
        "items": [] if issued else page.object_list,
        "actions": actions, "send_back_form": send_back_form if "send_back" in actions else None,
        "errors": list(errors), "history": history_for(decision),
        "reader": selectors.decision_reader(user=user, decision=decision)}


@login_required
def decision_list(request):
    """The decisions the user may read, newest first, paged: all for the office, the leadership and the council;
    a unit's staff those it prepares and those that awarded its people or the unit itself."""
    from .enums import DecisionStatus

    status = request.GET.get("status", "")
    if status not in DecisionStatus.values:
        status = ""
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 1900 <= int(year) <= 2200 else None
    found = selectors.decision_list(user=request.user, status=status, year=year)
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    query = "&".join(f"{key}={value}" for key, value in (("status", status), ("year", year or "")) if value)
    return render(request, "awards/decision_list.html", {
        "page": page, "decisions": page.object_list, "query": query, "status": status, "year": year,
        "statuses": DecisionStatus.choices})


@login_required
def decision_detail(request, decision_id: int):
    decision = selectors.decision_view_get(user=request.user, decision_id=decision_id)
    return render(request, "awards/decision_detail.html", decision_context(request, decision))


@login_required
def decision_document(request, decision_id: int):
    """The decision with its annex list, as DOCX in the Nghị định 30/2020 layout (a draft before it is issued)."""
    decision = selectors.decision_view_get(user=request.user, decision_id=decision_id)
    content, name = selectors.decision_document(decision=decision)
    return file_response(content, name)
