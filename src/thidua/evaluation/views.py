"""Pages for evaluation: the scheme and the units' sheets, one score sheet through its stages, rankings per
cluster/block, and secret-ballot votes. Thin views: parse the form, call a selector or a service, map
``ValidationError`` to form errors (400), ``PermissionDenied`` to 403 and a stale version to 409.

Who may do what is decided by ``scoring``, ``services`` and ``selectors``; the checks here only choose which forms
to show and refuse early (403) a write the service would refuse anyway.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.campaigns.selectors import campaign_get
from thidua.core.audit import history_for
from thidua.core.exceptions import StaleVersion
from thidua.core.files import file_response
from thidua.org.models import ClusterMembership
from thidua.org.selectors import cluster_list

from . import scoring, selectors, services
from .enums import STAGES, CriterionKind, Electorate, SheetStatus, Stage
from .forms import BallotForm, ReturnForm, RoundForm, SheetForm, explanation_name, points_name, reason_name

EDITABLE_STATUSES = (SheetStatus.DRAFT, SheetStatus.RETURNED)


def _points_text(value) -> str:
    """``365,45`` or ``1.000`` in Vietnamese notation, never ``1E+3``."""
    return scoring.points_text(value)


def _form_errors(form, exc: ValidationError, *, by_code: dict[str, str] | None = None) -> None:
    """Put a service's errors on the form: a criterion's (keyed by its code) on its points input, a known field's
    on that field, the rest at the top."""
    by_code = by_code or {}
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name = by_code.get(key, key)
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


# ── the campaign's evaluation ───────────────────────────────────────────────────────────────────────────────


def _scheme_or_none(user, campaign):
    try:
        return selectors.scheme_get(user=user, campaign=campaign)
    except Http404:
        return None


#: Units a page of the evaluation overview shows.
OVERVIEW_PAGE_SIZE = 50


def _overview_rows(sheets) -> list[dict]:
    """One row per unit: its sheet of each stage and the latest one."""
    units: dict[int, dict] = {}
    for sheet in sheets:
        row = units.setdefault(sheet.unit_id, {"unit": sheet.unit, "sheets": {}})
        row["sheets"][sheet.stage] = sheet
    return [{"unit": row["unit"], "cells": [row["sheets"].get(stage) for stage in STAGES],
             "latest": max(row["sheets"].values(), key=lambda s: selectors.STAGE_ORDER[s.stage])}
            for row in units.values()]


@login_required
def overview(request, campaign_id: int):
    """The scheme (criteria, maxima, bands, tie rule) and the sheets of the units the user may see, 50 units a page;
    the user's own units' sheets above, whatever the page."""
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    scheme = _scheme_or_none(request.user, campaign)
    page = Paginator(selectors.sheet_units(user=request.user, campaign=campaign), OVERVIEW_PAGE_SIZE).get_page(
        request.GET.get("page"))
    rows = _overview_rows(selectors.sheet_list(user=request.user, campaign=campaign, unit_ids=page.object_list))
    access = access_of(request.user)
    mine = _overview_rows(selectors.sheet_list(user=request.user, campaign=campaign,
                                               unit_ids=access.staff_unit_ids)) if access.staff_unit_ids else []
    context = {
        "campaign": campaign, "scheme": scheme, "rows": rows, "mine": mine, "stages": STAGES, "page": page,
        "unit_count": page.paginator.count,
        "criteria": [(c, 1 if c.parent_id else 0) for c in selectors.criteria_of(scheme)] if scheme else [],
        "total_max": scoring.scheme_total_max(scheme) if scheme else None,
        "clusters": list(cluster_list(user=request.user, year=campaign.year, members="ids")),
    }
    return render(request, "evaluation/overview.html", context)


# ── one score sheet ─────────────────────────────────────────────────────────────────────────────────────────


def _editable_criteria(sheet, criteria) -> list:
    """Criteria with an input on this sheet: every one that takes points, but not the computed ones at the self
    stage (the system fills them; a reviewer may change them, with a reason)."""
    return [c for c in criteria if c.kind != CriterionKind.GROUP
            and not (sheet.stage == Stage.SELF and c.kind in scoring.COMPUTED)]


def _sheet_form(sheet, rows, data=None, *, version=None, correction=False) -> SheetForm:
    criteria = [r.criterion for r in rows]
    editable = [c for c in criteria if c.kind != CriterionKind.GROUP] if correction else _editable_criteria(
        sheet, criteria)
    initial = {"version": version or sheet.version}
    for row in rows:
        pk = row.criterion.pk
        points = row.points.get(sheet.stage)
        if points is not None:
            initial[points_name(pk)] = points
        initial[explanation_name(pk)] = row.explanations.get(sheet.stage, "")
        initial[reason_name(pk)] = row.reasons.get(sheet.stage, "")
    return SheetForm(data, initial=initial, editable=editable, correction=correction,
                     with_reason=sheet.stage != Stage.SELF)


def _stage_sheets(user, sheet) -> dict[str, object]:
    """The unit's current sheet at each stage the user may see (this sheet in its own stage)."""
    found = {s.stage: s for s in selectors.sheet_list(user=user, campaign=sheet.scheme.campaign, unit_id=sheet.unit_id)
             .filter(scheme=sheet.scheme)}
    found[sheet.stage] = sheet
    return found


def _returnable(user, sheet, stage_sheets):
    """The submitted sheet the user may send back from this page: this one (if the next stage's draft is theirs)
    or, from the next stage's draft, the one before it."""
    index = STAGES.index(sheet.stage)
    if sheet.is_current and sheet.status == SheetStatus.SUBMITTED and index + 1 < len(STAGES):
        following = stage_sheets.get(STAGES[index + 1])
        if following is not None and following.status == SheetStatus.DRAFT and scoring.may_edit(user, following):
            return sheet
    if sheet.is_current and sheet.status == SheetStatus.DRAFT and index > 0:
        previous = stage_sheets.get(STAGES[index - 1])
        if previous is not None and previous.status == SheetStatus.SUBMITTED and scoring.may_edit(user, sheet):
            return previous
    return None


def _sheet_context(request, sheet, *, form=None, return_form=None, correction_form=None, conflict="") -> dict:
    user = request.user
    rows = selectors.sheet_comparison(user=user, sheet=sheet)
    stage_sheets = _stage_sheets(user, sheet)
    editable = sheet.is_current and sheet.status in EDITABLE_STATUSES and scoring.may_edit(user, sheet)
    if editable and form is None:
        form = _sheet_form(sheet, rows)
    returnable = _returnable(user, sheet, stage_sheets)
    if returnable is not None and return_form is None:
        return_form = ReturnForm(initial={"return_version": returnable.version})
    correctable = (sheet.is_current and sheet.stage == Stage.COUNCIL and sheet.status == SheetStatus.PUBLISHED
                   and access_of(user).is_council_office)
    if correctable and correction_form is None:
        correction_form = _sheet_form(sheet, rows, correction=True)
    shown_stages = [stage for stage in STAGES if stage in stage_sheets]
    # The data as they stand now: the values each computed criterion reads, and what they would change.
    basis = scoring.computed_basis(sheet.scheme, [sheet.unit_id])
    differences = (scoring.recomputed_differences(sheet)
                   if sheet.is_current and sheet.status in EDITABLE_STATUSES else [])
    form_rows = []
    for row in rows:
        pk = row.criterion.pk
        fields = {}
        if form is not None and points_name(pk) in form.fields:
            fields = {"points": form[points_name(pk)],
                      "explanation": form[explanation_name(pk)] if explanation_name(pk) in form.fields else None,
                      "reason": form[reason_name(pk)] if reason_name(pk) in form.fields else None}
        correction = correction_form[points_name(pk)] if correction_form is not None and points_name(pk) in (
            correction_form.fields) else None
        form_rows.append({
            "row": row, "criterion": row.criterion, "is_group": row.criterion.kind == CriterionKind.GROUP,
            "computed": row.criterion.kind in scoring.COMPUTED,
            "cells": [(stage, row.points.get(stage), row.reasons.get(stage, "")) for stage in shown_stages],
            "explanation": row.explanations.get(sheet.stage, ""), "fields": fields, "correction": correction,
            "basis": basis.get((sheet.unit_id, pk), ""),
        })
    code_errors, top_errors = [], []
    for bound in (form, correction_form):
        if bound is not None and bound.is_bound:
            top_errors.extend(bound.non_field_errors())
            for criterion in bound.editable:
                errors = bound.errors.get(points_name(criterion.pk))
                if errors:
                    code_errors.append((criterion, errors))
    if return_form is not None and return_form.is_bound:
        top_errors.extend(return_form.non_field_errors())
    return {
        "sheet": sheet, "campaign": sheet.scheme.campaign, "scheme": sheet.scheme, "rows": form_rows,
        "stages": [(stage, stage_sheets[stage]) for stage in shown_stages],
        "form": form if editable else None, "return_form": return_form, "returnable": returnable,
        "correction_form": correction_form if correctable else None, "code_errors": code_errors,
        "top_errors": top_errors,
        "conflict": conflict, "history": history_for(sheet),
        "can_submit": editable and sheet.stage != Stage.COUNCIL,
        "can_publish": editable and sheet.stage == Stage.COUNCIL and access_of(user).is_council_office,
        "total_max": scoring.scheme_total_max(sheet.scheme),
        "differences": differences, "data_as_of": timezone.localtime(),
        "can_accept_recomputed": bool(differences) and editable and sheet.stage != Stage.SELF,
    }


def _render_sheet(request, sheet, status=200, **kwargs):
    return render(request, "evaluation/sheet.html", _sheet_context(request, sheet, **kwargs), status=status)


def _conflict(request, sheet_id: int, exc: StaleVersion, *, form: SheetForm | None = None):
    """409: the page again with the newer points, and the user's input in a form carrying the new version (sending
    it again is a deliberate act)."""
    fresh = selectors.sheet_get(user=request.user, sheet_id=sheet_id)
    again = None
    if form is not None and fresh.is_current and fresh.status in EDITABLE_STATUSES and scoring.may_edit(
            request.user, fresh):
        rows = selectors.sheet_comparison(user=request.user, sheet=fresh)
        again = _sheet_form(fresh, rows, version=exc.current_version)
        for name in again.fields:
            if name != "version" and form.cleaned_data.get(name) is not None:
                again.initial[name] = form.cleaned_data[name]
    return _render_sheet(request, fresh, status=409, form=again, conflict=exc.message)


@login_required
def sheet_detail(request, sheet_id: int):
    """A unit's sheet at one stage, with the other stages' points beside it; its author scores, submits or
    publishes it here, the next stage's reviewer returns it, the office corrects a published result."""
    sheet = selectors.sheet_get(user=request.user, sheet_id=sheet_id)
    if request.method != "POST":
        return _render_sheet(request, sheet)
    action = request.POST.get("action", "save")
    if action == "return":
        return _sheet_return(request, sheet)
    if action == "correct":
        return _sheet_correct(request, sheet)
    if action == "accept_recomputed":
        return _sheet_accept_recomputed(request, sheet)
    if action not in ("save", "submit", "publish"):
        return _render_sheet(request, sheet, status=400)
    if not scoring.may_edit(request.user, sheet):
        raise PermissionDenied
    rows = selectors.sheet_comparison(user=request.user, sheet=sheet)
    form = _sheet_form(sheet, rows, request.POST)
    if not form.is_valid():
        return _render_sheet(request, sheet, status=400, form=form)
    try:
        with transaction.atomic():  # save and move in one go: a refused move keeps nothing of the save
            saved = services.sheet_save(by=request.user, sheet=sheet, version=form.cleaned_data["version"],
                                        entries=form.entries())
            if action in ("submit", "publish"):
                to = SheetStatus.PUBLISHED if action == "publish" else SheetStatus.SUBMITTED
                saved = services.sheet_transition(by=request.user, sheet=saved, to=to, version=saved.version)
    except StaleVersion as exc:
        return _conflict(request, sheet.pk, exc, form=form)
    except ValidationError as exc:
        _form_errors(form, exc, by_code=form.field_for_code())
        sheet.refresh_from_db()
        return _render_sheet(request, sheet, status=400, form=form)
    text = {"save": _("The points are saved. Total: %(total)s."),
            "submit": _("The sheet is submitted (total %(total)s); the next stage can now review it."),
            "publish": _("The result is published (total %(total)s).")}[action]
    messages.success(request, text % {"total": _points_text(saved.total)})
    return redirect("evaluation:sheet", sheet_id=saved.pk)


def _sheet_accept_recomputed(request, sheet):
    try:
        saved = services.sheet_accept_recomputed(by=request.user, sheet=sheet, version=request.POST.get("version"))
    except StaleVersion as exc:
        return _conflict(request, sheet.pk, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _render_sheet(request, sheet, status=400)
    messages.success(request, _("The points computed from the current data are taken. Total: %(total)s.")
                     % {"total": _points_text(saved.total)})
    return redirect("evaluation:sheet", sheet_id=saved.pk)


def _sheet_return(request, sheet):
    returnable = _returnable(request.user, sheet, _stage_sheets(request.user, sheet))
    if returnable is None:
        raise PermissionDenied
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _render_sheet(request, sheet, status=400, return_form=form)
    try:
        services.sheet_transition(by=request.user, sheet=returnable, to=SheetStatus.RETURNED,
                                  reason=form.cleaned_data["reason"], version=form.cleaned_data["return_version"])
    except StaleVersion as exc:
        return _conflict(request, sheet.pk, exc)
    except ValidationError as exc:
        _form_errors(form, exc)
        return _render_sheet(request, sheet, status=400, return_form=form)
    messages.success(request, _("The sheet of %(unit)s is returned to its author with your reason.")
                     % {"unit": returnable.unit.name})
    return redirect("evaluation:sheet", sheet_id=returnable.pk)


def _sheet_correct(request, sheet):
    if not access_of(request.user).is_council_office:
        raise PermissionDenied
    rows = selectors.sheet_comparison(user=request.user, sheet=sheet)
    form = _sheet_form(sheet, rows, request.POST, correction=True)
    if not form.is_valid():
        return _render_sheet(request, sheet, status=400, correction_form=form)
    try:
        corrected = services.sheet_correct(by=request.user, sheet=sheet, entries=form.entries(),
                                           reason=form.cleaned_data["correction_reason"])
    except ValidationError as exc:
        _form_errors(form, exc, by_code={**form.field_for_code(), "reason": "correction_reason"})
        return _render_sheet(request, sheet, status=400, correction_form=form)
    messages.success(request, _("The corrected result is published as revision %(n)s (total %(total)s).")
                     % {"n": corrected.revision, "total": _points_text(corrected.total)})
    return redirect("evaluation:sheet", sheet_id=corrected.pk)


# ── rankings ────────────────────────────────────────────────────────────────────────────────────────────────


@login_required
def rankings(request, campaign_id: int):
    """A cluster/block's units ranked best first (``?cluster=``), and the units that missed their targets."""
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    clusters = list(cluster_list(user=request.user, year=campaign.year, members="ids"))
    raw = request.GET.get("cluster", "")
    cluster = None
    if raw:
        if not raw.isdigit():
            raise Http404
        cluster = next((c for c in clusters if c.pk == int(raw)), None)
        if cluster is None:
            raise Http404
    elif clusters:
        # The user's own cluster first, else the first one.
        staff = access_of(request.user).staff_unit_ids
        own = set(ClusterMembership.objects.filter(year=campaign.year, unit_id__in=staff)
                  .values_list("cluster_id", flat=True)) if staff else set()
        cluster = next((c for c in clusters if c.pk in own), clusters[0])
    rows, scheme, pending = [], None, []
    if cluster is not None and _scheme_or_none(request.user, campaign) is not None:
        scheme = selectors.scheme_get(user=request.user, campaign=campaign, cluster_id=cluster.pk)
        rows = selectors.rankings(user=request.user, campaign=campaign, cluster_id=cluster.pk)
        for row in rows:
            row.stage_label, row.status_label = Stage(row.stage).label, SheetStatus(row.status).label
        pending = selectors.ranking_pending(campaign=campaign, cluster_id=cluster.pk, ranked=rows)
    missed = selectors.missed_targets(user=request.user, campaign=campaign,
                                      cluster_id=cluster.pk if cluster else None)
    return render(request, "evaluation/rankings.html", {
        "campaign": campaign, "clusters": clusters, "cluster": cluster, "rows": rows, "scheme": scheme,
        "missed": missed, "now": timezone.now(), "pending": pending, "members": len(rows) + len(pending),
        "mine": access_of(request.user).staff_unit_ids,
    })


# ── voting rounds ───────────────────────────────────────────────────────────────────────────────────────────


def _round_state(voting_round, now) -> str:
    if now < voting_round.opens_at:
        return "upcoming"
    return "open" if scoring.round_is_open(voting_round, now) else "closed"


def _creatable_clusters(user, clusters) -> list:
    """Clusters the user may open a vote in: every one for the office, else those its units head."""
    access = access_of(user)
    if access.is_council_office:
        return clusters
    return [c for c in clusters if c.head_unit_id in access.staff_unit_ids]


def _round_form(request, campaign, creatable, data=None):
    """The chosen cluster (``?cluster=`` or the posted one) and the form listing its members."""
    raw = (data or request.GET).get("cluster", "")
    cluster = next((c for c in creatable if str(c.pk) == raw), None)
    if cluster is None and len(creatable) == 1:
        cluster = creatable[0]
    if cluster is None:
        return None, None
    members = list(ClusterMembership.objects.filter(cluster=cluster, year=campaign.year)
                   .order_by("unit__search_text").values_list("unit_id", "unit__name"))
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {"opens_at": now, "closes_at": now + datetime.timedelta(days=3)}
    form = RoundForm(data, initial=initial, members=members, council=access_of(request.user).is_council_office)
    return cluster, form


@login_required
def round_list(request, campaign_id: int):
    """The campaign's votes; the office (or a cluster's head, for its cluster) opens one here."""
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    clusters = list(cluster_list(user=request.user, year=campaign.year, members="ids"))
    creatable = _creatable_clusters(request.user, clusters)
    status = 200
    if request.method == "POST":
        if not creatable:
            raise PermissionDenied
        cluster, form = _round_form(request, campaign, creatable, request.POST)
        if form is None:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                voting_round = services.round_create(
                    by=request.user, campaign=campaign, cluster=cluster, question=data["question"],
                    candidates=data["candidates"], threshold_percent=data["threshold_percent"],
                    quorum_percent=data["quorum_percent"], opens_at=data["opens_at"], closes_at=data["closes_at"],
                    electorate=data["electorate"], award=data["award"], max_choices=data["max_choices"],
                    place=data["place"], chair_name=data["chair_name"], secretary_name=data["secretary_name"],
                    counting_board=data["counting_board"])
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The vote is created."))
                return redirect("evaluation:round", round_id=voting_round.pk)
    else:
        cluster, form = _round_form(request, campaign, creatable)
    now = timezone.now()
    rounds = list(selectors.round_list(user=request.user, campaign=campaign))
    for voting_round in rounds:
        voting_round.state = _round_state(voting_round, now)
    return render(request, "evaluation/rounds.html", {
        "campaign": campaign, "rounds": rounds, "creatable": creatable, "cluster": cluster, "form": form,
    }, status=status)


def _ballot_form(request, voting_round, result, data=None):
    """A ballot for an eligible voter who has not voted while the vote is open; else None."""
    if not scoring.round_is_open(voting_round) or selectors.has_voted(user=request.user, voting_round=voting_round):
        return None
    if voting_round.electorate_kind == Electorate.COUNCIL_MEMBERS:
        if not access_of(request.user).is_council_member:
            return None
    elif scoring.voter_unit_for(request.user, voting_round) is None:
        return None
    candidates = sorted(((c.unit_id, c.unit_name) for c in result.candidates), key=lambda c: c[1])
    return BallotForm(data, candidates=candidates, max_choices=voting_round.max_choices)


def _round_context(request, voting_round, *, ballot=None, ballot_errors=()) -> dict:
    result = selectors.round_result(voting_round=voting_round)
    if ballot is None:
        ballot = _ballot_form(request, voting_round, result)
    voter = None
    if voting_round.electorate_kind == Electorate.CLUSTER_UNITS:
        voter = scoring.voter_unit_for(request.user, voting_round)
    return {
        "round": voting_round, "campaign": voting_round.campaign, "result": result, "ballot": ballot,
        "ballot_errors": list(ballot_errors),
        "state": _round_state(voting_round, timezone.now()),
        "has_voted": selectors.has_voted(user=request.user, voting_round=voting_round), "voter": voter,
        # Before the close, the candidates by name only: no count may show while the vote runs.
        "candidates": result.candidates if result.closed else sorted(result.candidates, key=lambda c: c.unit_name),
    }


@login_required
def round_detail(request, round_id: int):
    """The question, the candidates and the turnout; an eligible voter's ballot; the results once closed."""
    voting_round = selectors.round_get(user=request.user, round_id=round_id)
    if request.method != "POST":
        return render(request, "evaluation/round.html", _round_context(request, voting_round))
    result = selectors.round_result(voting_round=voting_round)
    form = _ballot_form(request, voting_round, result, request.POST)
    eligible = form is not None
    if not eligible:
        # Not a voter, already voted or not open: the service says which (403 or 400).
        candidates = [(c.unit_id, c.unit_name) for c in result.candidates]
        form = BallotForm(request.POST, candidates=candidates, max_choices=voting_round.max_choices,
                          ask_blank=False)
    if form.is_valid():
        try:
            services.ballot_cast(by=request.user, voting_round=voting_round, choices=form.cleaned_data["choices"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Your ballot has been recorded."))
            return redirect("evaluation:round", round_id=voting_round.pk)
    errors = [e for errors in form.errors.values() for e in errors]
    context = _round_context(request, voting_round, ballot=form if eligible else None, ballot_errors=errors)
    return render(request, "evaluation/round.html", context, status=400)


@login_required
def round_minutes(request, round_id: int):
    """The vote-count minutes (biên bản kiểm phiếu) as DOCX, once the vote has closed: a campaign's round, or a
    council meeting's (scoped as its council is)."""
    from thidua.awards.council_selectors import voting_round_get
    from thidua.documents import vote_minutes

    voting_round = voting_round_get(user=request.user, round_id=round_id)
    result = vote_minutes.result_for(voting_round)
    if not result.closed:
        raise Http404
    return file_response(vote_minutes.render_minutes(voting_round, result), vote_minutes.file_name(voting_round))
