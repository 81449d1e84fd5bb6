"""Pages of the councils (Hội đồng Thi đua – Khen thưởng): the council with its members and meetings, a new
meeting (its quorum judged as it is recorded), a meeting held outside the system (its minutes and the counts typed
in), a meeting's secret votes on nominees (opened by the secretariat, cast by the members present, closed when all
have voted or by the secretariat) with their results against the thresholds; and on a dossier's page its route,
where it stands, and for a proposal to the centre the documents on its way.

Thin views: ``council``, ``evaluation.services`` and ``services`` decide; ``selectors`` scope what is read (a council
or meeting the user may not read is a 404). The province's council is served by the council office, a unit's by
the unit's staff.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.core.audit import history_for
from thidua.core.decorators import post_only

from . import council as councils
from . import routes, selectors, services
from .enums import NominationStatus, Route, StepKind
from .forms import (
    MeetingForm,
    NomineeBallotForm,
    OutsideMeetingForm,
    RouteStepForm,
    VoteOpenForm,
    add_service_errors,
    votes_name,
)

S = NominationStatus


# ── on the dossier's page ────────────────────────────────────────────────────────────────────────────────────


def dossier_route_context(user, nomination, items, *, step_form=None) -> dict:
    """The dossier's route and its stages (the current one marked), and for a proposal to the centre the steps
    recorded and, for the office, the form recording the next one."""
    route = nomination.route
    names = routes.stages(route)
    current = nomination.status if nomination.status in names else ""
    reached = names.index(current) if current else -1
    stages = [{"name": name, "label": S(name).label, "current": name == current, "done": i < reached}
              for i, name in enumerate(names)]
    context = {"route": route, "route_label": Route(route).label if route in Route.values else "",
               "stages": stages, "steps": [], "step_form": None}
    if route == Route.CENTRE:
        context["steps"] = list(nomination.steps.select_related("recorded_by").order_by("dated_on", "id"))
        if access_of(user).is_council_office and nomination.status in (S.APPROVED, S.SENT_TO_CENTRE):
            granted = [i for i in items if i.appraisal_eligible and i.council_passed is not False]
            kinds = ([StepKind.CENTRE_DECISION] if nomination.status == S.SENT_TO_CENTRE else
                     [StepKind.PARTY_OPINION, StepKind.CONSULTATION, StepKind.SUBMISSION])
            form = step_form or RouteStepForm(items=granted, initial={"dated_on": timezone.localdate()})
            form.fields["kind"].choices = [(k, StepKind(k).label) for k in kinds]
            if nomination.status != S.SENT_TO_CENTRE:
                form.fields.pop("granted", None)
            context["step_form"] = form
    return context


@login_required
@post_only
def route_step_record(request, nomination_id: int):
    """The office records a document on a proposal's way to the centre (the centre's decision grants nominees)."""
    from .views import _render_nomination

    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    items = selectors.nomination_items(nomination=nomination)
    granted = [i for i in items if i.appraisal_eligible and i.council_passed is not False]
    form = RouteStepForm(request.POST, items=granted)
    if form.is_valid():
        data = form.cleaned_data
        try:
            step = services.route_step_record(
                by=request.user, nomination=nomination, kind=data["kind"], reference=data["reference"],
                dated_on=data["dated_on"], issuer=data["issuer"], note=data["note"],
                granted_item_ids=data["granted"])
        except PermissionDenied as exc:
            return _render_nomination(request, nomination, status=403, errors=[str(exc)])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("“%(step)s” is recorded.") % {"step": StepKind(step.kind).label})
            return redirect("awards:nomination", nomination_id=nomination.pk)
    nomination.refresh_from_db()
    return _render_nomination(request, nomination, status=400, step_form=form)


# ── the council ──────────────────────────────────────────────────────────────────────────────────────────────


def _serves(user, council) -> bool:
    """Whether the user is the council's secretariat: the office for the province's, the unit's staff for a
    unit's."""
    access = access_of(user)
    if councils.is_province(council):
        return access.is_council_office
    return council.unit_id in access.staff_unit_ids


def _vote_items(council) -> list:
    """The nominees before the council that need its vote, each with ``vote_threshold``."""
    items = selectors.council_vote_items(council=council)
    by_dossier: dict[int, list] = {}
    for item in items:
        by_dossier.setdefault(item.nomination_id, []).append(item)
    out = []
    for rows in by_dossier.values():
        thresholds = services.needs_vote(rows[0].nomination, rows)
        for item in rows:
            if item.pk in thresholds:
                item.vote_threshold = thresholds[item.pk]
                out.append(item)
    return out


def _council_context(request, council, *, meeting_form=None, outside_form=None) -> dict:
    members = list(councils.members_of(council))
    serves = _serves(request.user, council)
    items = _vote_items(council) if serves else []
    if serves:
        meeting_form = meeting_form or MeetingForm(members=members)
        outside_form = outside_form or OutsideMeetingForm(members=members, items=items)
    meetings = list(council.meetings.select_related("chair").order_by("-held_on", "-id"))
    return {"council": council, "members": members, "meetings": meetings, "serves": serves,
            "meeting_form": meeting_form, "outside_form": outside_form, "vote_items": items,
            "vote_fields": [(item, outside_form[votes_name(item.pk)]) for item in items] if outside_form else [],
            "unit_council": not councils.is_province(council)}


@login_required
def council_detail(request, unit_id: int | None = None):
    """The province's council (or a unit's, ``unit_id``): its members with their roles, and its meetings."""
    council = selectors.council_get(user=request.user, unit_id=unit_id)
    return render(request, "awards/council.html", _council_context(request, council))


def _council_url(council) -> str:
    from django.urls import reverse

    if councils.is_province(council):
        return reverse("awards:council")
    return reverse("awards:unit_council", args=[council.unit_id])


@login_required
@post_only
def meeting_create(request, council_id: int):
    council = selectors.council_get(user=request.user, council_id=council_id)
    members = list(councils.members_of(council))
    form = MeetingForm(request.POST, members=members)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            meeting = councils.meeting_create(
                by=request.user, council=council, held_on=data["held_on"], place=data["place"],
                chair_id=data["chair"], secretary_id=data["secretary"], present_ids=data["present"],
                written_ids=data["written"], started_at=data["started_at"], ended_at=data["ended_at"],
                agenda=data["agenda"])
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            (messages.success if meeting.quorum_met else messages.warning)(request, meeting.quorum_explanation)
            return redirect("awards:council_meeting", meeting_id=meeting.pk)
    return render(request, "awards/council.html", _council_context(request, council, meeting_form=form),
                  status=status)


@login_required
@post_only
def meeting_record_outside(request, council_id: int):
    council = selectors.council_get(user=request.user, council_id=council_id)
    members = list(councils.members_of(council))
    items = _vote_items(council) if _serves(request.user, council) else []
    form = OutsideMeetingForm(request.POST, request.FILES, members=members, items=items)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            meeting, _round = councils.meeting_record_outside(
                by=request.user, council=council, held_on=data["held_on"], place=data["place"],
                chair_id=data["chair"], secretary_id=data["secretary"], present_ids=data["present"],
                written_ids=data["written"], minutes=data["minutes"], votes=form.votes(),
                started_at=data["started_at"], ended_at=data["ended_at"], agenda=data["agenda"],
                counting_board=data["counting_board"])
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting and its counts are recorded. %(quorum)s") % {
                "quorum": meeting.quorum_explanation})
            return redirect("awards:council_meeting", meeting_id=meeting.pk)
    return render(request, "awards/council.html", _council_context(request, council, outside_form=form),
                  status=status)


# ── a meeting and its votes ──────────────────────────────────────────────────────────────────────────────────


def _rounds(request, meeting, ballot_form=None, ballot_round_id=None) -> list[dict]:
    from thidua.evaluation.models import BallotCast, VotingRound

    voters = councils.meeting_voters(meeting)
    me = request.user.pk
    voted = set(BallotCast.objects.filter(round__meeting=meeting, voter_user_id=me).values_list("round_id",
                                                                                               flat=True))
    now = timezone.now()
    out = []
    for voting_round in VotingRound.objects.filter(meeting=meeting).order_by("-id"):
        result = councils.meeting_round_result(voting_round)
        is_open = voting_round.closed_at is None and now < voting_round.closes_at
        form = None
        if is_open and me in voters and voting_round.pk not in voted:
            choices = [(row.item_id, f"{row.name} — {row.award_type}") for row in result.candidates]
            form = ballot_form if ballot_round_id == voting_round.pk else NomineeBallotForm(candidates=choices)
        out.append({"round": voting_round, "result": result, "open": is_open, "ballot": form,
                    "has_voted": voting_round.pk in voted})
    return out


def _meeting_context(request, meeting, *, vote_form=None, ballot_form=None, ballot_round_id=None,
                     errors=()) -> dict:
    serves = _serves(request.user, meeting.council)
    items = []
    if serves and not meeting.outside_system and meeting.quorum_met:
        items = _vote_items(meeting.council)
        vote_form = vote_form or VoteOpenForm(items=items)
    chosen = {str(v) for v in (vote_form["items"].value() or [])} if vote_form is not None else set()
    return {"meeting": meeting, "council": meeting.council, "serves": serves,
            "agenda": [line for line in (meeting.agenda or "").splitlines() if line.strip()],
            "present": list(meeting.present.order_by("order", "id")),
            "written": list(meeting.written_opinions.order_by("order", "id")),
            "rounds": _rounds(request, meeting, ballot_form, ballot_round_id),
            "vote_form": vote_form if serves else None, "vote_items": items, "chosen": chosen,
            "errors": list(errors), "council_url": _council_url(meeting.council), "history": history_for(meeting)}


def _render_meeting(request, meeting, status=200, **kwargs):
    return render(request, "awards/council_meeting.html", _meeting_context(request, meeting, **kwargs),
                  status=status)


@login_required
def meeting_detail(request, meeting_id: int):
    meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    return _render_meeting(request, meeting)


@login_required
def meeting_minutes(request, meeting_id: int):
    """The minutes of the meeting (biên bản họp Hội đồng) as DOCX, for whoever reads the meeting."""
    from thidua.core.files import file_response
    from thidua.documents import meeting_minutes as document

    meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    return file_response(document.render_meeting_minutes(meeting), document.file_name(meeting))


@login_required
@post_only
def meeting_vote_open(request, meeting_id: int):
    meeting = selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    items = _vote_items(meeting.council) if _serves(request.user, meeting.council) else []
    form = VoteOpenForm(request.POST, items=items)
    if not _serves(request.user, meeting.council):
        return _render_meeting(request, meeting, 403, errors=[_("Only the council's secretariat opens a vote.")])
    if form.is_valid():
        try:
            councils.meeting_vote_open(by=request.user, meeting=meeting, item_ids=form.cleaned_data["items"],
                                       counting_board=form.cleaned_data["counting_board"])
        except PermissionDenied as exc:
            return _render_meeting(request, meeting, 403, errors=[str(exc)])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The secret vote is open: the members present cast their ballots."))
            return redirect("awards:council_meeting", meeting_id=meeting.pk)
    return _render_meeting(request, meeting, 400, vote_form=form)


def _meeting_round(request, round_id: int):
    from thidua.evaluation.models import VotingRound

    voting_round = get_object_or_404(VotingRound.objects.filter(meeting__isnull=False), pk=round_id)
    meeting = selectors.meeting_get(user=request.user, meeting_id=voting_round.meeting_id)
    return voting_round, meeting


@login_required
@post_only
def ballot_cast(request, round_id: int):
    """A member's secret ballot on the nominees (a tick for each one he votes for)."""
    from thidua.evaluation import services as evaluation

    voting_round, meeting = _meeting_round(request, round_id)
    result = councils.meeting_round_result(voting_round)
    form = NomineeBallotForm(request.POST, candidates=[(row.item_id, row.name) for row in result.candidates])
    if form.is_valid():
        try:
            evaluation.ballot_cast(by=request.user, voting_round=voting_round, choices=form.cleaned_data["choices"])
        except PermissionDenied as exc:
            return _render_meeting(request, meeting, 403, errors=[str(exc)])
        except ValidationError as exc:
            return _render_meeting(request, meeting, 400, errors=exc.messages)
        messages.success(request, _("Your ballot has been recorded."))
        return redirect("awards:council_meeting", meeting_id=meeting.pk)
    return _render_meeting(request, meeting, 400, ballot_form=form, ballot_round_id=voting_round.pk)


@login_required
@post_only
def round_close(request, round_id: int):
    from thidua.evaluation import services as evaluation

    voting_round, meeting = _meeting_round(request, round_id)
    try:
        evaluation.round_close(by=request.user, voting_round=voting_round)
    except PermissionDenied as exc:
        return _render_meeting(request, meeting, 403, errors=[str(exc)])
    except ValidationError as exc:
        return _render_meeting(request, meeting, 400, errors=exc.messages)
    messages.success(request, _("The vote is closed."))
    return redirect("awards:council_meeting", meeting_id=meeting.pk)
