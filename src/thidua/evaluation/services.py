"""Writes for evaluation: schemes, score sheets through their stages, voting rounds and ballots.

A score sheet moves only here:

    self:     draft ──submit──▶ submitted            (the unit's clerk or head)
    cluster:  draft ──submit──▶ submitted            (the cluster/block head or deputy; the deputy for the head's own)
    council:  draft ──publish─▶ published            (the council office; a correction is a new published revision)

Submitting a stage locks it and opens the next one with a copy of its points. The next stage's reviewer may send a
submitted sheet back ("returned", with a reason): it is editable again by its author and the next stage's draft is
set aside (kept, not current). A published sheet never changes.

Voting (see ``models``): a ballot only increases counters, and the voter is recorded apart from any choice.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.campaigns.models import Campaign, Deadline
from thidua.campaigns.selectors.plan import campaign_participants
from thidua.core.audit import log_action
from thidua.core.exceptions import StaleVersion
from thidua.core.numbers import to_decimal
from thidua.core.permissions import require_council_office
from thidua.org.models import Cluster, ClusterMembership

from . import notices
from .enums import STAGES, AwardQuota, CriterionKind, Electorate, SheetStatus, Stage, TieRule
from .models import BallotCast, Candidate, Criterion, ScoreEntry, ScoreSheet, ScoringScheme, VotingRound
from .scoring import (
    CENT,
    COMPUTED,
    certificate_quota,
    computed_points,
    electorate_of,
    may_edit,
    plain,
    points_text,
    recomputed_differences,
    scheme_participants,
    scheme_total_max,
    voter_unit_for,
)

_require_office = require_council_office
#: Points and percentages: two decimals, below ten million.
POINTS_LIMIT = Decimal("9999999.99")


def _points(value, *, field: str = "points") -> Decimal:
    return to_decimal(value, field=field, limit=POINTS_LIMIT, step=CENT)


# ── schemes ─────────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def scheme_create(
    *, by, campaign: Campaign, title: str, criteria: list[dict], bands: list[dict] | None = None,
    tie_rule: str = TieRule.INDICATOR_THEN_LAUNCH, launch_deadline: Deadline | None = None,
    cluster: Cluster | None = None,
) -> ScoringScheme:
    """The office defines a scheme: ``criteria`` are ``{code, title, kind, max_points, parent (code), guidance,
    indicator (Indicator), penalty_rule, deadline (Deadline)}`` in order; a group's children may not exceed it."""
    _require_office(by)
    title = (title or "").strip()
    if not title or len(title) > 300:
        raise ValidationError({"title": _("Give a title of at most 300 characters.")})
    if ScoringScheme.objects.filter(campaign=campaign, cluster=cluster).exists():
        raise ValidationError(_("This campaign already has a scoring scheme for it."))
    if tie_rule not in TieRule.values:
        raise ValidationError({"tie_rule": _("Choose one of the listed values.")})
    clean_bands = []
    for band in bands or []:
        name = str(band.get("name", "")).strip()
        if not name:
            raise ValidationError({"bands": _("Each band needs a name.")})
        clean_bands.append({"name": name[:60], "min": plain(_points(band.get("min"), field="bands"))})
    clean_bands.sort(key=lambda b: Decimal(b["min"]), reverse=True)
    scheme = ScoringScheme.objects.create(campaign=campaign, cluster=cluster, title=title, bands=clean_bands,
                                          tie_rule=tie_rule, launch_deadline=launch_deadline)
    made: dict[str, Criterion] = {}
    errors: dict[str, list[str]] = {}
    for order, item in enumerate(criteria, start=1):
        code = str(item.get("code", "")).strip()
        kind = item.get("kind")
        where = code or f"#{order}"
        if not code or len(code) > 20 or code in made:
            errors[where] = [_("Each criterion needs its own code (at most 20 characters).")]
            continue
        if kind not in CriterionKind.values:
            errors[where] = [_("Choose one of the listed kinds.")]
            continue
        try:
            maximum = _points(item.get("max_points"), field="max_points")
        except ValidationError:
            errors[where] = [_("The maximum points must be a number.")]
            continue
        if maximum < 0:
            errors[where] = [_("The maximum points cannot be negative (a penalty gives its largest deduction).")]
            continue
        parent = made.get(str(item.get("parent") or "").strip()) if item.get("parent") else None
        if item.get("parent") and (parent is None or parent.kind != CriterionKind.GROUP):
            errors[where] = [_("The parent must be a group listed before it.")]
            continue
        if kind == CriterionKind.INDICATOR and (item.get("indicator") is None
                                                or item["indicator"].campaign_id != campaign.pk):
            errors[where] = [_("Choose one of the campaign's indicators.")]
            continue
        if kind == CriterionKind.PENALTY and item.get("penalty_rule") and (
                item.get("deadline") is None or item["deadline"].campaign_id != campaign.pk):
            errors[where] = [_("A late-document penalty needs one of the campaign's deadlines.")]
            continue
        made[code] = Criterion.objects.create(
            scheme=scheme, parent=parent, order=order, code=code, title=str(item.get("title", "")).strip()[:500]
            or code, kind=kind, max_points=maximum, guidance=str(item.get("guidance", "")).strip(),
            indicator=item.get("indicator") if kind == CriterionKind.INDICATOR else None,
            penalty_rule=item.get("penalty_rule") or "" if kind == CriterionKind.PENALTY else "",
            deadline=item.get("deadline") if kind == CriterionKind.PENALTY else None,
        )
    for code, criterion in made.items():
        if criterion.kind == CriterionKind.GROUP:
            inside = sum((c.max_points for c in made.values()
                          if c.parent_id == criterion.pk and c.kind != CriterionKind.PENALTY), Decimal(0))
            if inside > criterion.max_points:
                errors[code] = [_("Its criteria add up to %(inside)s points, more than its %(max)s.")
                                % {"inside": points_text(inside), "max": points_text(criterion.max_points)}]
    if errors:
        raise ValidationError(errors)
    log_action("evaluation.scheme.created", actor=by, target=scheme, data={
        "title": title, "criteria": len(made), "total_max": scheme_total_max(scheme), "bands": clean_bands,
        "tie_rule": tie_rule, "cluster": cluster})
    return scheme


def _totals(scheme: ScoringScheme, points: dict[int, Decimal]) -> tuple[Decimal, Decimal]:
    kinds = {c.pk: c.kind for c in scheme.criteria.all()}
    total = sum((p for cid, p in points.items() if kinds.get(cid) != CriterionKind.GROUP), Decimal(0))
    indicator = sum((p for cid, p in points.items() if kinds.get(cid) == CriterionKind.INDICATOR), Decimal(0))
    return total, indicator


@transaction.atomic
def evaluation_open(*, by, scheme: ScoringScheme) -> int:
    """The office opens evaluation: a draft self-assessment for every unit the scheme covers, with the computed
    criteria already filled. Returns the number of sheets made."""
    _require_office(by)
    scheme = ScoringScheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.opened_at:
        raise ValidationError(_("Evaluation is already open for this scheme."))
    unit_ids = scheme_participants(scheme)
    computed = computed_points(scheme, unit_ids)
    criteria = [c for c in scheme.criteria.all() if c.kind != CriterionKind.GROUP]
    sheets = ScoreSheet.objects.bulk_create([ScoreSheet(scheme=scheme, unit_id=u, stage=Stage.SELF)
                                             for u in unit_ids])
    entries = []
    for sheet in sheets:
        points = {}
        for criterion in criteria:
            value, why = computed.get((sheet.unit_id, criterion.pk), (Decimal(0), ""))
            points[criterion.pk] = value
            entries.append(ScoreEntry(sheet=sheet, criterion=criterion, points=value, explanation=why))
        sheet.total, sheet.indicator_points = _totals(scheme, points)
    ScoreEntry.objects.bulk_create(entries, batch_size=2000)
    ScoreSheet.objects.bulk_update(sheets, ["total", "indicator_points"], batch_size=1000)
    scheme.opened_at = timezone.now()
    scheme.save(update_fields=["opened_at", "updated_at"])
    log_action("evaluation.scheme.opened", actor=by, target=scheme, data={"sheets": len(sheets)})
    return len(sheets)


# ── score sheets ────────────────────────────────────────────────────────────────────────────────────────────


def _next_stage(stage: str) -> str | None:
    index = STAGES.index(stage)
    return STAGES[index + 1] if index + 1 < len(STAGES) else None


def _previous_stage(stage: str) -> str | None:
    index = STAGES.index(stage)
    return STAGES[index - 1] if index > 0 else None


def _locked_sheet(sheet: ScoreSheet) -> ScoreSheet:
    return ScoreSheet.objects.select_for_update().select_related("scheme__campaign", "unit").get(pk=sheet.pk)


def _check_version(sheet: ScoreSheet, version) -> None:
    if version is None or int(version) != sheet.version:
        raise StaleVersion(
            _("Someone changed this score sheet after you opened it (now version %(now)s, yours %(yours)s). "
              "Look at the latest points and try again.") % {"now": sheet.version, "yours": version},
            current_version=sheet.version)


def _follow_the_data(sheet: ScoreSheet) -> dict[str, list]:
    """A self-assessment not yet submitted follows the data: its computed criteria (indicators, penalties) take the
    points the progress values and submissions give now. Returns ``{code: [before, now]}`` of what changed; the
    sheet's totals are updated in memory (the caller saves the sheet)."""
    changes = {}
    for found in recomputed_differences(sheet):
        ScoreEntry.objects.filter(sheet=sheet, criterion=found.criterion).update(
            points=found.now, explanation=found.explanation)
        changes[found.criterion.code] = [found.recorded, found.now]
    if changes:
        sheet.total, sheet.indicator_points = _totals(
            sheet.scheme, dict(sheet.entries.values_list("criterion_id", "points")))
    return changes


@transaction.atomic
def sheet_save(*, by, sheet: ScoreSheet, version: int, entries: list[dict]) -> ScoreSheet:
    """Save points: ``entries`` are ``{criterion_id, points, explanation, reason}``. Points stay within each
    criterion's range (0…max; a penalty −max…0). The unit cannot change computed criteria; a reviewer who changes
    a point from the previous stage gives a reason. All or nothing."""
    sheet = _locked_sheet(sheet)
    if not may_edit(by, sheet):
        raise PermissionDenied(_("You may not score this sheet at this stage."))
    _check_version(sheet, version)
    if sheet.status not in (SheetStatus.DRAFT, SheetStatus.RETURNED) or not sheet.is_current:
        raise ValidationError(_("This sheet is locked: it has been submitted or published."))
    recomputed = _follow_the_data(sheet) if sheet.stage == Stage.SELF else {}
    criteria = {c.pk: c for c in sheet.scheme.criteria.all()}
    current = {e.criterion_id: e for e in sheet.entries.all()}
    previous_stage = _previous_stage(sheet.stage)
    before = {}
    if previous_stage:
        before = dict(ScoreEntry.objects.filter(
            sheet__scheme=sheet.scheme, sheet__unit=sheet.unit, sheet__stage=previous_stage,
            sheet__is_current=True).values_list("criterion_id", "points"))
    computed = computed_points(sheet.scheme, [sheet.unit_id]) if sheet.stage == Stage.SELF else {}
    errors: dict[str, list[str]] = {}
    changes = {}
    seen = set()
    for item in entries:
        criterion = criteria.get(item.get("criterion_id"))
        key = f"criterion {item.get('criterion_id')}"
        if criterion is None or criterion.kind == CriterionKind.GROUP:
            errors[key] = [_("Not a criterion of this scheme that takes points.")]
            continue
        key = criterion.code
        if criterion.pk in seen:
            errors[key] = [_("This criterion is given twice.")]
            continue
        seen.add(criterion.pk)
        try:
            points = _points(item.get("points"))
        except ValidationError:
            errors[key] = [_("Enter a number.")]
            continue
        if points > (0 if criterion.kind == CriterionKind.PENALTY else criterion.max_points):
            errors[key] = [_("At most %(max)s points.") % {
                "max": 0 if criterion.kind == CriterionKind.PENALTY else points_text(criterion.max_points)}]
            continue
        if points < criterion.min_points:
            errors[key] = [_("At least %(min)s points.") % {"min": points_text(criterion.min_points)}]
            continue
        explanation = str(item.get("explanation") or "").strip()[:4000]
        reason = str(item.get("reason") or "").strip()[:2000]
        if sheet.stage == Stage.SELF and criterion.kind in COMPUTED:
            expected = computed.get((sheet.unit_id, criterion.pk), (Decimal(0), ""))[0]
            if points != expected:
                errors[key] = [_("These points are computed (%(points)s); only the cluster or the council may "
                                 "change them, with a reason.") % {"points": points_text(expected)}]
                continue
        if previous_stage and criterion.pk in before and points != before[criterion.pk]:
            reason = reason or explanation
            if not reason:
                errors[key] = [_("Give the reason for changing the points from %(before)s.")
                               % {"before": points_text(before[criterion.pk])}]
                continue
        entry = current.get(criterion.pk)
        old = entry.points if entry else None
        if entry is None:
            entry = ScoreEntry(sheet=sheet, criterion=criterion)
        if old != points:
            changes[criterion.code] = [old, points]
        entry.points, entry.explanation = points, explanation
        if previous_stage:
            entry.change_reason = reason if criterion.pk in before and points != before[criterion.pk] else ""
        current[criterion.pk] = entry
    if errors:
        raise ValidationError(errors)
    for entry in current.values():
        entry.save()
    sheet.total, sheet.indicator_points = _totals(sheet.scheme, {cid: e.points for cid, e in current.items()})
    sheet.version += 1
    sheet.save(update_fields=["total", "indicator_points", "version", "updated_at"])
    log_action("evaluation.sheet.saved", actor=by, target=sheet, data={
        "stage": sheet.stage, "changes": changes, "total": sheet.total,
        **({"recomputed": recomputed} if recomputed else {})})
    return sheet


def _copy_forward(sheet: ScoreSheet, stage: str) -> ScoreSheet:
    """The next stage's current sheet, made (or reset to a draft) with this sheet's points."""
    ScoreSheet.objects.filter(scheme=sheet.scheme, unit=sheet.unit, stage=stage, is_current=True).update(
        is_current=False)
    following = ScoreSheet.objects.create(scheme=sheet.scheme, unit=sheet.unit, stage=stage, total=sheet.total,
                                          indicator_points=sheet.indicator_points)
    ScoreEntry.objects.bulk_create([
        ScoreEntry(sheet=following, criterion_id=e.criterion_id, points=e.points, explanation=e.explanation)
        for e in sheet.entries.all()
    ])
    return following


@transaction.atomic
def sheet_transition(*, by, sheet: ScoreSheet, to: str, reason: str = "", version: int | None = None,
                     now: datetime.datetime | None = None) -> ScoreSheet:
    """``submitted`` (the stage's author locks it; the next stage opens), ``returned`` (the next stage's reviewer
    sends a submitted sheet back, with a reason) or ``published`` (the office, at the council stage)."""
    sheet = _locked_sheet(sheet)
    if version is not None:
        _check_version(sheet, version)
    if not sheet.is_current:
        raise ValidationError(_("This sheet has been replaced by a newer one."))
    reason = (reason or "").strip()
    before = sheet.status
    if to == SheetStatus.SUBMITTED:
        if sheet.stage == Stage.COUNCIL:
            raise ValidationError(_("The council's sheet is published, not submitted."))
        if not may_edit(by, sheet):
            raise PermissionDenied(_("You may not submit this sheet."))
        if sheet.status not in (SheetStatus.DRAFT, SheetStatus.RETURNED):
            raise ValidationError(_("Only a draft or a returned sheet can be submitted."))
        recomputed = _follow_the_data(sheet) if sheet.stage == Stage.SELF else {}
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = now or timezone.now()
        sheet.submitted_by = by if getattr(by, "pk", None) else None
        sheet.return_reason = ""
        following = _copy_forward(sheet, _next_stage(sheet.stage))
    elif to == SheetStatus.RETURNED:
        following_stage = _next_stage(sheet.stage)
        if following_stage is None or sheet.status != SheetStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted sheet can be returned, by the next stage."))
        following = ScoreSheet.objects.select_for_update().filter(
            scheme=sheet.scheme, unit=sheet.unit, stage=following_stage, is_current=True).first()
        if following is None or not may_edit(by, following):
            raise PermissionDenied(_("Only the next stage's reviewer may return this sheet."))
        if following.status != SheetStatus.DRAFT:
            raise ValidationError(_("The next stage has already moved on; it must be returned first."))
        if not reason:
            raise ValidationError({"reason": _("Give the reason for the return.")})
        following.is_current = False
        following.save(update_fields=["is_current", "updated_at"])
        sheet.status = SheetStatus.RETURNED
        sheet.return_reason = reason[:2000]
    elif to == SheetStatus.PUBLISHED:
        if sheet.stage != Stage.COUNCIL:
            raise ValidationError(_("Only the council's sheet is published."))
        _require_office(by)
        if sheet.status != SheetStatus.DRAFT:
            raise ValidationError(_("This sheet is already published."))
        sheet.status = SheetStatus.PUBLISHED
        sheet.revision = 1
        sheet.submitted_at = now or timezone.now()
        sheet.submitted_by = by if getattr(by, "pk", None) else None
    else:
        raise ValidationError({"to": _("Choose submitted, returned or published.")})
    sheet.version += 1
    sheet.save()
    if to == SheetStatus.SUBMITTED:
        notices.sheet_submitted(sheet, following)
    elif to == SheetStatus.RETURNED:
        notices.sheet_returned(sheet, sheet.return_reason)
    else:
        notices.result_published(sheet)
    log_action(f"evaluation.sheet.{to}", actor=by, target=sheet, data={
        "stage": sheet.stage, "status": [before, sheet.status], "reason": reason, "total": sheet.total,
        **({"recomputed": recomputed} if to == SheetStatus.SUBMITTED and recomputed else {})})
    return sheet


@transaction.atomic
def sheet_accept_recomputed(*, by, sheet: ScoreSheet, version: int | None) -> ScoreSheet:
    """After the self-assessment, a change in the data is not taken by itself: the cluster's head (or the council
    office, at its stage) sees the difference on its draft and accepts it here; the computed criteria then take the
    points the data give now, with the recomputation as the reason for the change."""
    sheet = _locked_sheet(sheet)
    if sheet.stage == Stage.SELF:
        raise ValidationError(_("A self-assessment follows the data by itself until it is submitted."))
    if not may_edit(by, sheet):
        raise PermissionDenied(_("You may not score this sheet at this stage."))
    _check_version(sheet, version)
    if sheet.status not in (SheetStatus.DRAFT, SheetStatus.RETURNED) or not sheet.is_current:
        raise ValidationError(_("This sheet is locked: it has been submitted or published."))
    differences = recomputed_differences(sheet)
    if not differences:
        raise ValidationError(_("The data give the points already recorded: there is nothing to accept."))
    reason = _("Recomputed from the data as of %(when)s.") % {
        "when": timezone.localtime().strftime("%d/%m/%Y %H:%M")}
    changes = {}
    for found in differences:
        ScoreEntry.objects.filter(sheet=sheet, criterion=found.criterion).update(
            points=found.now, explanation=found.explanation, change_reason=reason)
        changes[found.criterion.code] = [found.recorded, found.now]
    sheet.total, sheet.indicator_points = _totals(sheet.scheme, dict(sheet.entries.values_list("criterion_id",
                                                                                             "points")))
    sheet.version += 1
    sheet.save(update_fields=["total", "indicator_points", "version", "updated_at"])
    log_action("evaluation.sheet.recomputed", actor=by, target=sheet, data={
        "stage": sheet.stage, "changes": changes, "total": sheet.total})
    return sheet


@transaction.atomic
def sheet_correct(*, by, sheet: ScoreSheet, entries: list[dict], reason: str) -> ScoreSheet:
    """The office corrects a published result: a new published revision with the changed points; the old one
    stays, no longer current."""
    _require_office(by)
    sheet = _locked_sheet(sheet)
    if sheet.stage != Stage.COUNCIL or sheet.status != SheetStatus.PUBLISHED or not sheet.is_current:
        raise ValidationError(_("Only the current published result can be corrected."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    criteria = {c.pk: c for c in sheet.scheme.criteria.all()}
    points = {e.criterion_id: e for e in sheet.entries.all()}
    new_points = {cid: e.points for cid, e in points.items()}
    errors = {}
    for item in entries:
        criterion = criteria.get(item.get("criterion_id"))
        if criterion is None or criterion.kind == CriterionKind.GROUP:
            errors[f"criterion {item.get('criterion_id')}"] = [_("Not a criterion of this scheme that takes points.")]
            continue
        value = _points(item.get("points"))
        high = 0 if criterion.kind == CriterionKind.PENALTY else criterion.max_points
        if value > high or value < criterion.min_points:
            errors[criterion.code] = [_("Between %(min)s and %(max)s points.") % {
                "min": points_text(criterion.min_points), "max": points_text(high)}]
            continue
        new_points[criterion.pk] = value
    if errors:
        raise ValidationError(errors)
    sheet.is_current = False
    sheet.save(update_fields=["is_current", "updated_at"])
    total, indicator = _totals(sheet.scheme, new_points)
    corrected = ScoreSheet.objects.create(
        scheme=sheet.scheme, unit=sheet.unit, stage=Stage.COUNCIL, status=SheetStatus.PUBLISHED,
        revision=sheet.revision + 1, total=total, indicator_points=indicator, correction_reason=reason[:2000],
        submitted_at=timezone.now(), submitted_by=by if getattr(by, "pk", None) else None)
    ScoreEntry.objects.bulk_create([
        ScoreEntry(sheet=corrected, criterion_id=cid, points=value, explanation=points[cid].explanation
                   if cid in points else "", change_reason=reason[:2000] if cid in points
                   and points[cid].points != value else "")
        for cid, value in new_points.items()
    ])
    log_action("evaluation.sheet.corrected", actor=by, target=corrected, data={
        "revision": corrected.revision, "replaces": sheet.pk, "reason": reason,
        "total": [sheet.total, corrected.total]})
    return corrected


# ── voting ──────────────────────────────────────────────────────────────────────────────────────────────────


#: The most members a vote-counting board lists, and the longest line of one.
BOARD_MAX_MEMBERS = 15
BOARD_LINE_MAX = 200


def clean_counting_board(text: str | None) -> str:
    """The vote-counting board as the minutes name it: one member per line, "name, role" (a line without a role
    keeps the name only). Empty lines and list marks are dropped; too many members, a line too long or one
    without a name is refused (``ValidationError`` on ``counting_board``)."""
    lines = []
    for raw in str(text or "").splitlines():
        line = " ".join(raw.strip().lstrip("-+•*").split())
        if not line:
            continue
        name, _comma, role = line.partition(",")
        if not name.strip():
            raise ValidationError({"counting_board": [_("Each line gives a member's name, then a comma and the "
                                                        "role.")]})
        if len(line) > BOARD_LINE_MAX:
            raise ValidationError({"counting_board": [_("A line is too long (at most %(n)s characters).") % {
                "n": BOARD_LINE_MAX}]})
        lines.append(f"{name.strip()}, {role.strip()}" if role.strip() else name.strip())
    if len(lines) > BOARD_MAX_MEMBERS:
        raise ValidationError({"counting_board": [_("At most %(n)s members.") % {"n": BOARD_MAX_MEMBERS}]})
    return "\n".join(lines)


def _minutes_fields(place: str, chair_name: str, secretary_name: str) -> tuple[dict[str, str], dict[str, list]]:
    """The place, chair and secretary a round's minutes print, trimmed, and what is wrong with them."""
    values = {"place": " ".join(str(place or "").split()), "chair_name": " ".join(str(chair_name or "").split()),
              "secretary_name": " ".join(str(secretary_name or "").split())}
    limits = {"place": 255, "chair_name": 200, "secretary_name": 200}
    errors = {name: [_("At most %(n)s characters.") % {"n": limit}]
              for name, limit in limits.items() if len(values[name]) > limit}
    return values, errors


@transaction.atomic
def round_create(
    *, by, campaign: Campaign, cluster: Cluster | None, question: str, candidates: list[int],
    threshold_percent, quorum_percent, opens_at: datetime.datetime, closes_at: datetime.datetime,
    electorate: str = Electorate.CLUSTER_UNITS, award: str = AwardQuota.NONE, max_choices: int | None = None,
    place: str = "", chair_name: str = "", secretary_name: str = "", counting_board: str = "",
) -> VotingRound:
    """The office (or, for its cluster, the cluster head) opens a vote. Quotas: at most one Cờ thi đua per cluster
    and campaign (one choice per ballot); Bằng khen for at most ``certificate_quota`` of the members. ``place``,
    ``chair_name``, ``secretary_name`` and ``counting_board`` (one member per line "name, role") are what the
    minutes of the count print."""
    access = access_of(by)
    minutes, errors = _minutes_fields(place, chair_name, secretary_name)
    try:
        board = clean_counting_board(counting_board)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        board = ""
    if electorate not in Electorate.values:
        raise ValidationError({"electorate": _("Choose one of the listed values.")})
    if award not in AwardQuota.values:
        raise ValidationError({"award": _("Choose one of the listed values.")})
    if electorate == Electorate.CLUSTER_UNITS:
        if cluster is None or cluster.year != campaign.year:
            raise ValidationError({"cluster_id": _("Choose a cluster or block of the campaign's year.")})
        if by is not None and not (access.is_council_office or cluster.head_unit_id in access.staff_unit_ids):
            raise PermissionDenied(_("Only the council office or the cluster's head may open this vote."))
    else:
        _require_office(by)
    question = (question or "").strip()
    if not question or len(question) > 500:
        errors["question"] = [_("Give the question (at most 500 characters).")]
    try:
        threshold = _points(threshold_percent, field="threshold_percent")
        quorum = _points(quorum_percent, field="quorum_percent")
    except ValidationError as exc:
        raise ValidationError({"threshold_percent": _("Enter percentages.")}) from exc
    if not (0 < threshold <= 100):
        errors["threshold_percent"] = [_("Between 0 and 100.")]
    if not (0 <= quorum <= 100):
        errors["quorum_percent"] = [_("Between 0 and 100.")]
    if not isinstance(opens_at, datetime.datetime) or not isinstance(closes_at, datetime.datetime) or (
            closes_at <= opens_at):
        errors["closes_at"] = [_("The vote must close after it opens.")]
    unit_ids = list(dict.fromkeys(candidates or []))
    if not unit_ids:
        errors["candidates"] = [_("Choose at least one candidate.")]
    members = set(ClusterMembership.objects.filter(cluster=cluster, year=campaign.year).values_list(
        "unit_id", flat=True)) if cluster else {p.unit_id for p in campaign_participants(campaign=campaign)}
    outside = [u for u in unit_ids if u not in members]
    if outside:
        errors["candidates"] = [_("Every candidate must be a member of the cluster/block (or a participant).")]
    size = electorate_of(campaign=campaign, cluster=cluster, kind=electorate)
    if size == 0:
        errors["electorate"] = [_("Nobody could vote in this round.")]
    choices = max_choices
    if award == AwardQuota.EMULATION_FLAG:
        if cluster is None:
            errors["award"] = [_("The emulation flag is voted inside a cluster or block.")]
        elif VotingRound.objects.filter(campaign=campaign, cluster=cluster, award=AwardQuota.EMULATION_FLAG).exists():
            errors["award"] = [_("This cluster/block already has its emulation-flag vote for this campaign: "
                                 "at most one flag per cluster/block.")]
        choices = 1
    elif award == AwardQuota.CERTIFICATE:
        quota = certificate_quota(len(members))
        if choices is not None and choices > quota:
            errors["max_choices"] = [_("At most %(n)s certificates of merit in this cluster/block.") % {"n": quota}]
        choices = min(choices or quota, quota)
    choices = choices or len(unit_ids) or 1
    if choices < 1:
        errors["max_choices"] = [_("At least one.")]
    if errors:
        raise ValidationError(errors)
    voting_round = VotingRound.objects.create(
        campaign=campaign, cluster=cluster, question=question, electorate_kind=electorate, award=award,
        max_choices=choices, threshold_percent=threshold, quorum_percent=quorum, electorate_size=size,
        opens_at=opens_at, closes_at=closes_at, counting_board=board, **minutes,
        created_by=by if getattr(by, "pk", None) else None)
    Candidate.objects.bulk_create([Candidate(round=voting_round, unit_id=u) for u in unit_ids])
    log_action("evaluation.round.created", actor=by, target=voting_round, data={
        "question": question, "candidates": unit_ids, "electorate": size, "threshold_percent": threshold,
        "quorum_percent": quorum, "award": award, "max_choices": choices, "opens_at": opens_at,
        "closes_at": closes_at, **minutes, "counting_board": board})
    notices.vote_opened(voting_round)
    return voting_round


@transaction.atomic
def ballot_cast(*, by, voting_round: VotingRound, choices: list[int], unit_id: int | None = None,
                now: datetime.datetime | None = None) -> None:
    """A secret ballot: the chosen candidates' counters go up by one, and the voter is marked as having voted.
    Nothing records which voter chose what (not even in the audit log). A second ballot is refused. In a council
    meeting's vote the choices are nominees (nomination item ids) and the voters the members present or who gave a
    written opinion; the vote closes itself when the last of them has voted."""
    voting_round = VotingRound.objects.select_for_update(of=("self",)).select_related("campaign").get(
        pk=voting_round.pk)
    now = now or timezone.now()
    if now < voting_round.opens_at:
        raise ValidationError(_("The vote has not opened yet."))
    if now >= voting_round.closes_at or voting_round.closed_at is not None:
        raise ValidationError(_("The vote is closed."))
    voter = {}
    voters_total = None
    if voting_round.meeting_id:
        from thidua.awards.council import meeting_voters

        voters = meeting_voters(voting_round.meeting)
        if by is None or by.pk not in voters:
            raise PermissionDenied(_("Only the members present at the meeting, or who gave a written opinion, vote "
                                     "in this round."))
        voter, voters_total = {"voter_user": by}, len(voters)
        candidate_ids = dict(voting_round.candidates.values_list("nomination_item_id", "pk"))
    elif voting_round.electorate_kind == Electorate.COUNCIL_MEMBERS:
        if not access_of(by).is_council_member:
            raise PermissionDenied(_("Only the council's members vote in this round."))
        voter = {"voter_user": by}
        candidate_ids = dict(voting_round.candidates.values_list("unit_id", "pk"))
    else:
        unit = voter_unit_for(by, voting_round, unit_id)
        if unit is None:
            raise PermissionDenied(_("Only a member unit of the cluster/block votes, through its clerk or head."))
        voter = {"voter_unit": unit}
        candidate_ids = dict(voting_round.candidates.values_list("unit_id", "pk"))
    chosen = list(dict.fromkeys(choices or []))
    if any(c not in candidate_ids for c in chosen):
        raise ValidationError({"choices": _("Choose only among the candidates.")})
    if len(chosen) > voting_round.max_choices:
        raise ValidationError({"choices": _("At most %(n)s choices on this ballot (the quota).")
                               % {"n": voting_round.max_choices}})
    try:
        with transaction.atomic():
            BallotCast.objects.create(round=voting_round, **voter)
    except IntegrityError:
        raise ValidationError(_("A ballot has already been cast for this voter in this round.")) from None
    if chosen:
        Candidate.objects.filter(pk__in=[candidate_ids[c] for c in chosen]).update(votes=F("votes") + 1)
    log_action("evaluation.ballot.cast", actor=by, target=voting_round, data={})
    total = voters_total if voters_total is not None else voting_round.electorate_size
    if voting_round.ballots_cast.count() >= total:
        _close(voting_round, by=None, now=now, why="all_voted")


def _close(voting_round: VotingRound, *, by, now, why: str) -> None:
    voting_round.closed_at, voting_round.closed_by = now, by if getattr(by, "pk", None) else None
    voting_round.save(update_fields=["closed_at", "closed_by", "updated_at"])
    log_action("evaluation.round.closed", actor=by, target=voting_round, data={"why": why})


@transaction.atomic
def round_close(*, by, voting_round: VotingRound) -> VotingRound:
    """Close a vote before its time: the office (any round), a cluster round's head unit, or for a unit council's
    meeting the unit's staff."""
    voting_round = VotingRound.objects.select_for_update(of=("self",)).select_related(
        "cluster", "meeting__council").get(pk=voting_round.pk)
    access = access_of(by)
    allowed = by is None or access.is_council_office
    if voting_round.cluster_id and voting_round.cluster.head_unit_id in access.staff_unit_ids:
        allowed = True
    if voting_round.meeting_id:
        from thidua.org.enums import UnitKind

        council_unit = voting_round.meeting.council.unit
        if council_unit.kind != UnitKind.PROVINCE and council_unit.pk in access.staff_unit_ids:
            allowed = True
    if not allowed:
        raise PermissionDenied(_("Only the council office (or whoever opened the vote) may close it."))
    now = timezone.now()
    if voting_round.closed_at is not None or now >= voting_round.closes_at:
        raise ValidationError(_("The vote is closed."))
    _close(voting_round, by=by, now=now, why="closed_by_hand")
    return voting_round
