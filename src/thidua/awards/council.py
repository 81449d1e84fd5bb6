"""Councils (Hội đồng Thi đua – Khen thưởng), their members and meetings, and the secret vote on nominees.

A meeting is valid with the quorum of the regime in force on its day (``LegalRegime.council_quorum`` of the members
present, and ``council_attendance_percent`` counting the members who sent a written opinion). Each nominee is voted
on by secret ballot and passes with its title's share of **all** the council's members
(``AwardTerms.vote_threshold_percent``). The ballots are the evaluation app's (``BallotCast`` records who voted,
``Candidate.votes`` counts; nothing links a voter to a choice).

A meeting held outside the system is recorded with its minutes (a file) and the counts typed in, checked against the
same quorum and thresholds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.core.audit import log_action
from thidua.core.files import check_document_upload
from thidua.org.enums import UnitKind
from thidua.org.models import Unit

from . import routes
from .enums import CouncilRole, NominationStatus, Route
from .models import Council, CouncilMeeting, CouncilMember, LegalRegime, NominationItem

S = NominationStatus


# ── reading ──────────────────────────────────────────────────────────────────────────────────────────────────


def province_council() -> Council | None:
    """The provincial council: the council of the province's People's Committee (the latest, after a merger)."""
    return Council.objects.filter(unit__kind=UnitKind.PROVINCE).select_related("unit").order_by("-id").first()


def council_of(route: str, unit: Unit) -> Council | None:
    """The council that votes on a dossier: the unit's own for the unit route, else the province's."""
    if route == Route.UNIT:
        return Council.objects.filter(unit=unit).select_related("unit").first()
    return province_council()


def is_province(council: Council) -> bool:
    return council.unit.kind == UnitKind.PROVINCE


def meeting_voters(meeting: CouncilMeeting) -> set[int]:
    """The user ids who vote at a meeting: the members present and those who gave a written opinion."""
    ids = set(meeting.present.exclude(user__isnull=True).values_list("user_id", flat=True))
    return ids | set(meeting.written_opinions.exclude(user__isnull=True).values_list("user_id", flat=True))


@dataclass(frozen=True)
class Quorum:
    met: bool
    explanation: str


def _fraction(text: str) -> Fraction | None:
    try:
        return Fraction(text.strip()) if text and text.strip() else None
    except (ValueError, ZeroDivisionError):
        return None


def quorum_of(regime: LegalRegime | None, *, members: int, present: int, written: int) -> Quorum:
    """Whether a meeting of ``members`` with ``present`` attending and ``written`` written opinions is valid under
    ``regime``: present ≥ the quorum's share of members, and present + written ≥ the attendance share."""
    if members <= 0:
        return Quorum(False, _("The council has no members."))
    parts, met = [], True
    share = _fraction(regime.council_quorum) if regime else None
    if share is not None:
        ok = Fraction(present, members) >= share
        met &= ok
        parts.append(_("%(present)s of %(members)s members present (at least %(share)s needed)") % {
            "present": present, "members": members, "share": str(share)})
    attendance = regime.council_attendance_percent if regime else None
    if attendance is not None:
        ok = (present + written) * 100 >= attendance * members
        met &= ok
        parts.append(_("%(count)s of %(members)s members present or with a written opinion (at least %(pct)s %% "
                       "needed)") % {"count": present + written, "members": members, "pct": _pct(attendance)})
    if not parts:
        parts.append(_("the regime sets no quorum"))
    verdict = _("Quorum met") if met else _("Quorum not met")
    return Quorum(met, f"{verdict}: {'; '.join(parts)}.")


def _pct(value) -> str:
    value = Decimal(value)
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def passes(votes: int, members: int, threshold) -> bool:
    """``votes`` reach ``threshold`` % of all ``members`` (90 % of 10 is 9: 9 passes, 8 does not)."""
    return members > 0 and threshold is not None and votes * 100 >= Decimal(threshold) * members


@dataclass
class NomineeResult:
    item_id: int
    name: str
    award_type: str
    votes: int
    percent_of_all_members: Decimal
    threshold_percent: Decimal
    passed: bool


@dataclass
class MeetingRoundResult:
    members: int
    voted: int
    quorum_met: bool
    closed: bool
    candidates: list[NomineeResult]


def meeting_round_result(voting_round) -> MeetingRoundResult:
    """Per nominee: votes, their share of all members, the title's threshold and whether it passed (two queries)."""
    meeting = voting_round.meeting
    members = meeting.member_count
    # A meeting on paper: who voted is what the minutes say (present and written opinions), no ballot rows.
    voted = (meeting.present.count() + meeting.written_opinions.count() if meeting.outside_system
             else voting_round.ballots_cast.count())
    rows = voting_round.candidates.select_related(
        "nomination_item__person", "nomination_item__unit", "nomination_item__award_type").order_by("id")
    closed = voting_round.closed_at is not None or timezone.now() >= voting_round.closes_at
    out = []
    for row in rows:
        item = row.nomination_item
        threshold = row.threshold_percent if row.threshold_percent is not None else voting_round.threshold_percent
        percent = (Decimal(row.votes) * 100 / members).quantize(Decimal("0.01")) if members else Decimal(0)
        out.append(NomineeResult(
            item_id=item.pk, name=item.person.full_name if item.person_id else item.unit.name,
            award_type=item.award_type.name, votes=row.votes, percent_of_all_members=percent,
            threshold_percent=threshold, passed=meeting.quorum_met and passes(row.votes, members, threshold)))
    return MeetingRoundResult(members=members, voted=voted, quorum_met=meeting.quorum_met, closed=closed,
                              candidates=out)


def members_of(council: Council):
    return council.members.filter(active=True).select_related("user").order_by("order", "id")


# ── permissions ──────────────────────────────────────────────────────────────────────────────────────────────


def _require_secretariat(by, council: Council) -> None:
    """The province's council is served by the council office; a unit's by the unit's staff (clerk or head)."""
    if by is None:
        return
    access = access_of(by)
    if is_province(council):
        if not access.is_council_office:
            raise PermissionDenied(_("Only the council office serves the provincial council."))
    elif council.unit_id not in access.staff_unit_ids:
        raise PermissionDenied(_("Only the unit's staff serve the unit's council."))


# ── writing ──────────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def council_create(*, by, unit: Unit, name: str) -> Council:
    """A council: the province's (its unit is the provincial People's Committee, set up by the office) or a unit's
    own (set up by the unit's head)."""
    access = access_of(by)
    if by is not None:
        if unit.kind == UnitKind.PROVINCE and not access.is_council_office:
            raise PermissionDenied(_("Only the council office sets up the provincial council."))
        if unit.kind != UnitKind.PROVINCE and unit.pk not in access.head_unit_ids:
            raise PermissionDenied(_("Only the unit's head sets up the unit's council."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("This field is required.")]})
    if Council.objects.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s already has its council.") % {"unit": unit.name})
    council = Council.objects.create(unit=unit, name=name)
    log_action("awards.council.created", actor=by, target=council, data={"unit": unit.pk, "name": name})
    return council


@transaction.atomic
def council_member_add(*, by, council: Council, full_name: str, role: str = CouncilRole.MEMBER, user=None,
                       position: str = "") -> CouncilMember:
    _require_secretariat(by, council)
    if role not in CouncilRole.values:
        raise ValidationError({"role": [_("Choose one of the listed values.")]})
    full_name = (full_name or "").strip() or (user.get_full_name() if user else "")
    if not full_name:
        raise ValidationError({"full_name": [_("This field is required.")]})
    if user is not None and CouncilMember.objects.filter(council=council, user=user).exists():
        raise ValidationError({"user_id": [_("This user already sits on the council.")]})
    if role == CouncilRole.CHAIR and council.members.filter(role=CouncilRole.CHAIR, active=True).exists():
        raise ValidationError({"role": [_("The council already has its chair.")]})
    member = CouncilMember.objects.create(council=council, user=user, full_name=full_name, role=role,
                                          position=(position or "").strip(), order=council.members.count() + 1)
    log_action("awards.council.member_added", actor=by, target=council, data={
        "member": member.pk, "name": full_name, "role": role, "user": user})
    return member


def _members(council: Council, ids, field: str) -> list[CouncilMember]:
    ids = list(dict.fromkeys(ids or []))
    found = list(CouncilMember.objects.filter(council=council, active=True, pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({field: [_("Choose serving members of this council.")]})
    return found


#: The longest agenda kept (its items, one per line).
AGENDA_MAX = 4000


def clean_agenda(agenda: str | None) -> str:
    """The agenda's items, one per line, without empty lines or list marks."""
    lines = [line.strip().lstrip("-+•*").strip() for line in str(agenda or "").splitlines()]
    return "\n".join(line for line in lines if line)


def _minutes_errors(started_at, ended_at, agenda: str) -> dict[str, list[str]]:
    """What is wrong with the times and the agenda the minutes print (begun before it ended)."""
    errors: dict[str, list[str]] = {}
    for name, value in (("started_at", started_at), ("ended_at", ended_at)):
        if value is not None and not isinstance(value, datetime.time):
            errors[name] = [_("Enter a valid time.")]
    if not errors and started_at is not None and ended_at is not None and ended_at <= started_at:
        errors["ended_at"] = [_("The meeting ends after it begins.")]
    if len(agenda) > AGENDA_MAX:
        errors["agenda"] = [_("The agenda is too long (at most %(n)s characters).") % {"n": AGENDA_MAX}]
    return errors


@transaction.atomic
def meeting_create(*, by, council: Council, held_on: datetime.date, place: str, chair_id: int,
                   secretary_id: int | None, present_ids: list[int], written_ids: list[int] | None = None,
                   outside_system: bool = False, minutes=None, started_at: datetime.time | None = None,
                   ended_at: datetime.time | None = None, agenda: str = "") -> CouncilMeeting:
    """A meeting of the council, with whether its quorum is met under the regime in force on ``held_on``. The chair
    is among those present (the Chairman chairs and votes). ``started_at``, ``ended_at`` and ``agenda`` (one item
    per line) are what its minutes print; it ends after it begins."""
    _require_secretariat(by, council)
    agenda = clean_agenda(agenda)
    errors: dict[str, list[str]] = _minutes_errors(started_at, ended_at, agenda)
    place = (place or "").strip()
    if not place:
        errors["place"] = [_("This field is required.")]
    if not isinstance(held_on, datetime.date):
        errors["held_on"] = [_("Enter a date.")]
    elif held_on > timezone.localdate() and outside_system:
        errors["held_on"] = [_("A meeting held outside the system is in the past.")]
    present = _members(council, present_ids, "member_ids_present")
    written = _members(council, written_ids, "written_opinion_ids")
    present_ids_set = {m.pk for m in present}
    if present_ids_set & {m.pk for m in written}:
        errors["written_opinion_ids"] = [_("A member present does not also send a written opinion.")]
    chair = _members(council, [chair_id], "chair_id")[0]
    if chair.pk not in present_ids_set:
        errors["chair_id"] = [_("The chair must be among the members present.")]
    secretary = _members(council, [secretary_id], "secretary_id")[0] if secretary_id else None
    if outside_system and minutes is None:
        errors["minutes"] = [_("Attach the minutes of a meeting held outside the system.")]
    if errors:
        raise ValidationError(errors)
    members = council.members.filter(active=True).count()
    quorum = quorum_of(routes.regime_for(held_on), members=members, present=len(present), written=len(written))
    meeting = CouncilMeeting(council=council, held_on=held_on, place=place, chair=chair, secretary=secretary,
                             member_count=members, quorum_met=quorum.met, quorum_explanation=quorum.explanation,
                             started_at=started_at, ended_at=ended_at, agenda=agenda,
                             outside_system=outside_system, created_by=by if getattr(by, "pk", None) else None)
    if minutes is not None:
        kind, digest = check_document_upload(minutes)
        meeting.minutes.save(f"{digest[:16]}.{kind.extension}", minutes, save=False)
    meeting.save()
    meeting.present.set(present)
    meeting.written_opinions.set(written)
    log_action("awards.council.meeting_created", actor=by, target=meeting, data={
        "council": council.pk, "held_on": held_on, "place": place, "chair": chair.pk,
        "present": sorted(present_ids_set), "written": sorted(m.pk for m in written), "members": members,
        "quorum_met": quorum.met, "outside_system": outside_system, "agenda": agenda,
        "started_at": started_at.strftime("%H:%M") if started_at else None,
        "ended_at": ended_at.strftime("%H:%M") if ended_at else None})
    return meeting


def _vote_items(meeting: CouncilMeeting, item_ids: list[int]) -> list[tuple[NominationItem, Decimal]]:
    """The nominees a meeting may vote on, each with its threshold: eligible nominees of dossiers at the council
    whose route this council serves, whose title needs a vote."""
    ids = list(dict.fromkeys(item_ids or []))
    if not ids:
        raise ValidationError({"nomination_item_ids": [_("Choose the nominees to vote on.")]})
    items = list(NominationItem.objects.filter(pk__in=ids).select_related(
        "nomination__unit__parent", "award_type", "person", "unit"))
    catalog = routes.catalog_now()
    if len(items) != len(ids):
        raise ValidationError({"nomination_item_ids": [_("Unknown nominees.")]})
    province = is_province(meeting.council)
    chosen, problems = [], []
    for item in items:
        nomination = item.nomination
        name = item.person.full_name if item.person_id else item.unit.name
        right_council = (nomination.route in (Route.COUNCIL, Route.CENTRE)) if province else (
            nomination.route == Route.UNIT and nomination.unit_id == meeting.council.unit_id)
        if not right_council or nomination.status != S.AT_COUNCIL:
            problems.append(_("%(name)s: its dossier is not before this council.") % {"name": name})
            continue
        if item.appraisal_eligible is not True:
            problems.append(_("%(name)s: not found eligible at appraisal.") % {"name": name})
            continue
        threshold = routes.items_routes(nomination, [item], catalog=catalog)[item.pk].vote_threshold
        if threshold is None:
            problems.append(_("%(name)s: %(title)s needs no vote of the council.") % {
                "name": name, "title": item.award_type.name})
            continue
        chosen.append((item, threshold))
    if problems:
        raise ValidationError({"nomination_item_ids": problems})
    return chosen


def _round(meeting: CouncilMeeting, chosen, by, *, closed: bool, counting_board: str = ""):
    from thidua.evaluation.enums import Electorate
    from thidua.evaluation.models import Candidate, VotingRound

    now = timezone.now()
    names = ", ".join(item.person.full_name if item.person_id else item.unit.name for item, _t in chosen)
    question = (_("Secret vote of %(council)s on %(names)s") % {"council": meeting.council.name, "names": names})
    voting_round = VotingRound.objects.create(
        meeting=meeting, question=question[:500], electorate_kind=Electorate.COUNCIL_MEMBERS,
        max_choices=len(chosen), threshold_percent=min(t for _i, t in chosen), quorum_percent=0,
        electorate_size=meeting.member_count, opens_at=now, closes_at=now + datetime.timedelta(days=1),
        closed_at=now if closed else None, place=meeting.place, chair_name=meeting.chair.full_name,
        secretary_name=meeting.secretary.full_name if meeting.secretary_id else "", counting_board=counting_board,
        created_by=by if getattr(by, "pk", None) else None)
    Candidate.objects.bulk_create([Candidate(round=voting_round, nomination_item=item, threshold_percent=t)
                                   for item, t in chosen])
    return voting_round


@transaction.atomic
def meeting_vote_open(*, by, meeting: CouncilMeeting, item_ids: list[int], counting_board: str = ""):
    """Open the meeting's secret vote on nominees (one ballot, a yes per nominee). Refused without quorum.
    ``counting_board``: the vote-counting board the minutes of the count name (one member per line "name,
    role")."""
    from thidua.evaluation.services import clean_counting_board

    board = clean_counting_board(counting_board)
    meeting = CouncilMeeting.objects.select_for_update(of=("self",)).select_related(
        "council__unit", "chair", "secretary").get(pk=meeting.pk)
    _require_secretariat(by, meeting.council)
    if meeting.outside_system:
        raise ValidationError(_("This meeting was held outside the system: its counts are typed in with it."))
    if not meeting.quorum_met:
        raise ValidationError(_("The meeting has no quorum: it cannot vote. %(why)s") % {
            "why": meeting.quorum_explanation})
    chosen = _vote_items(meeting, item_ids)
    voting_round = _round(meeting, chosen, by, closed=False, counting_board=board)
    log_action("awards.council.vote_opened", actor=by, target=meeting, data={
        "round": voting_round.pk, "items": [item.pk for item, _t in chosen], "counting_board": board,
        "thresholds": {str(item.pk): t for item, t in chosen}})
    return voting_round


@transaction.atomic
def meeting_record_outside(*, by, council: Council, held_on: datetime.date, place: str, chair_id: int,
                           secretary_id: int | None, present_ids: list[int], written_ids: list[int] | None,
                           minutes, votes: dict[int, int], started_at: datetime.time | None = None,
                           ended_at: datetime.time | None = None, agenda: str = "", counting_board: str = ""):
    """A meeting held on paper: its minutes attached, who attended, and the votes each nominee received as the
    minutes count them; checked against the same quorum and thresholds. Returns the meeting and its (closed)
    round (``counting_board``: its vote-counting board, one member per line "name, role")."""
    from thidua.evaluation.models import Candidate
    from thidua.evaluation.services import clean_counting_board

    board = clean_counting_board(counting_board)
    meeting = meeting_create(by=by, council=council, held_on=held_on, place=place, chair_id=chair_id,
                             secretary_id=secretary_id, present_ids=present_ids, written_ids=written_ids,
                             outside_system=True, minutes=minutes, started_at=started_at, ended_at=ended_at,
                             agenda=agenda)
    voters = len(present_ids or []) + len(written_ids or [])
    counts = {}
    for key, value in (votes or {}).items():
        try:
            counts[int(key)] = int(value)
        except (TypeError, ValueError):
            raise ValidationError({"votes": [_("Enter whole numbers of votes.")]}) from None
    if any(v < 0 or v > voters for v in counts.values()):
        raise ValidationError({"votes": [_("A nominee's votes are between 0 and the %(n)s members who voted.") % {
            "n": voters}]})
    chosen = _vote_items(meeting, list(counts))
    voting_round = _round(meeting, chosen, by, closed=True, counting_board=board)
    for item, _t in chosen:
        Candidate.objects.filter(round=voting_round, nomination_item=item).update(votes=counts[item.pk])
    log_action("awards.council.meeting_recorded", actor=by, target=meeting, data={
        "round": voting_round.pk, "votes": {str(k): v for k, v in counts.items()}, "quorum_met": meeting.quorum_met,
        "counting_board": board})
    return meeting, voting_round
