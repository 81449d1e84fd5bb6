"""Rules of evaluation that read but never write: who a scheme covers, computed points, who may score a sheet at
its stage, quotas and electorates. Used by the services (which write) and the selectors and pages (which show)."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.accounts.enums import Role
from thidua.accounts.models import RoleAssignment
from thidua.campaigns.models import Campaign, Submission
from thidua.campaigns.selectors.plan import campaign_participants
from thidua.core.numbers import vi_number, vi_percent
from thidua.indicators import progress
from thidua.indicators.models import Target
from thidua.org.models import Cluster, ClusterMembership, Unit

from .enums import CriterionKind, Electorate, PenaltyRule, Stage
from .models import ScoreSheet, ScoringScheme, VotingRound

CENT = Decimal("0.01")
#: Criteria whose points the system computes (the unit cannot change them; reviewers can, with a reason).
COMPUTED = (CriterionKind.INDICATOR, CriterionKind.PENALTY)


def plain(value) -> str:
    """A number as stored and exchanged: ``60``, ``31.5``, never ``6E+1`` (what ``Decimal.normalize`` alone
    gives)."""
    return format(Decimal(value).normalize(), "f")


def points_text(value) -> str:
    """A number for a message, in Vietnamese notation whatever the language: ``31,5``, ``1.234,5``, ``60``."""
    return vi_number(value)


def scheme_participants(scheme: ScoringScheme) -> list[int]:
    """The units scored under a scheme: the campaign's participants (those of its cluster/block, if it has one)."""
    participants = campaign_participants(campaign=scheme.campaign)
    if scheme.cluster_id:
        return [p.unit_id for p in participants if p.cluster_id == scheme.cluster_id]
    taken = set(ScoringScheme.objects.filter(campaign=scheme.campaign, cluster__isnull=False)
                .values_list("cluster_id", flat=True))
    return [p.unit_id for p in participants if p.cluster_id not in taken]


def scheme_total_max(scheme: ScoringScheme) -> Decimal:
    """The most a unit can score: the maxima of the top-level criteria, penalties aside."""
    return scheme.criteria.filter(parent__isnull=True).exclude(kind=CriterionKind.PENALTY).aggregate(
        total=Sum("max_points"))["total"] or Decimal(0)


def computed_points(scheme: ScoringScheme, unit_ids: list[int]) -> dict[tuple[int, int], tuple[Decimal, str]]:
    """``{(unit_id, criterion_id): (points, explanation)}`` for the computed criteria, in three queries.

    - indicator: ``max_points × completion / 100`` with completion clamped to 0–100 % (no target or no value: 0);
    - late document: ``−max_points`` if the unit's first document for the deadline came after its due date or has
      not come at all, else 0.
    """
    criteria = [c for c in scheme.criteria.all() if c.kind in COMPUTED]
    indicator_ids = [c.indicator_id for c in criteria if c.indicator_id]
    completions = {
        (unit_id, indicator_id): completion
        for unit_id, indicator_id, completion in Target.objects.filter(
            indicator_id__in=indicator_ids, unit_id__in=unit_ids, approval="approved"
        ).values_list("unit_id", "indicator_id", "completion")
    }
    deadline_ids = [c.deadline_id for c in criteria if c.deadline_id]
    late = {
        (unit_id, deadline_id): is_late
        for unit_id, deadline_id, is_late in Submission.objects.filter(
            deadline_id__in=deadline_ids, unit_id__in=unit_ids).values_list("unit_id", "deadline_id", "late")
    }
    result = {}
    for criterion in criteria:
        for unit_id in unit_ids:
            if criterion.kind == CriterionKind.INDICATOR:
                completion = completions.get((unit_id, criterion.indicator_id))
                if completion is None:
                    result[(unit_id, criterion.pk)] = (Decimal(0), _("No target or no value yet."))
                else:
                    shown = progress.shown(completion)
                    points = (criterion.max_points * shown / 100).quantize(CENT, rounding=ROUND_HALF_UP)
                    result[(unit_id, criterion.pk)] = (
                        points, _("Completion %(completion)s × %(max)s points.") % {
                            "completion": vi_percent(shown, 2), "max": points_text(criterion.max_points)})
            elif criterion.penalty_rule == PenaltyRule.LATE_SUBMISSION:
                state = late.get((unit_id, criterion.deadline_id))
                if state is None:
                    result[(unit_id, criterion.pk)] = (-criterion.max_points, _("The document has not been sent."))
                elif state:
                    result[(unit_id, criterion.pk)] = (-criterion.max_points, _("The document was sent late."))
                else:
                    result[(unit_id, criterion.pk)] = (Decimal(0), _("The document was sent on time."))
            else:
                result[(unit_id, criterion.pk)] = (Decimal(0), "")
    return result


def computed_basis(scheme: ScoringScheme, unit_ids: list[int]) -> dict[tuple[int, int], str]:
    """``{(unit_id, criterion_id): text}``: the values a computed criterion's points come from, as the data stand now
    (the latest value of the target and its period, its baseline and target; the document's first sending and the
    due date). Three queries."""
    criteria = [c for c in scheme.criteria.select_related("deadline") if c.kind in COMPUTED]
    targets = {
        (row[0], row[1]): row[2:]
        for row in Target.objects.filter(
            indicator_id__in=[c.indicator_id for c in criteria if c.indicator_id], unit_id__in=unit_ids,
            approval="approved").values_list("unit_id", "indicator_id", "current_value", "last_period_end",
                                             "baseline", "target_value")
    }
    sent = {
        (unit_id, deadline_id): first
        for unit_id, deadline_id, first in Submission.objects.filter(
            deadline_id__in=[c.deadline_id for c in criteria if c.deadline_id], unit_id__in=unit_ids).values_list(
            "unit_id", "deadline_id", "first_submitted_at")
    }
    result = {}
    for criterion in criteria:
        for unit_id in unit_ids:
            if criterion.kind == CriterionKind.INDICATOR:
                target = targets.get((unit_id, criterion.indicator_id))
                if target is None:
                    continue
                value, period, baseline, goal = target
                result[(unit_id, criterion.pk)] = (
                    _("Latest value %(value)s (period ending %(period)s); baseline %(baseline)s, target %(target)s.")
                    % {"value": vi_number(value) if value is not None else "—",
                       "period": period.strftime("%d/%m/%Y") if period else "—",
                       "baseline": vi_number(baseline), "target": vi_number(goal)}
                    if value is not None else
                    _("No value reported yet; baseline %(baseline)s, target %(target)s.")
                    % {"baseline": vi_number(baseline), "target": vi_number(goal)})
            elif criterion.deadline_id:
                first = sent.get((unit_id, criterion.deadline_id))
                due = criterion.deadline.due_on.strftime("%d/%m/%Y")
                result[(unit_id, criterion.pk)] = (
                    _("First sent %(at)s; due %(due)s.") % {
                        "at": timezone.localtime(first).strftime("%d/%m/%Y %H:%M"), "due": due}
                    if first else _("Nothing sent yet; due %(due)s.") % {"due": due})
    return result


@dataclass
class Recomputed:
    """A computed criterion whose points, from the data as they stand now, differ from those recorded on a sheet."""

    criterion: object
    recorded: Decimal
    now: Decimal
    explanation: str
    basis: str


def recomputed_differences(sheet: ScoreSheet) -> list[Recomputed]:
    """The computed criteria of ``sheet`` whose points the current data would change, in the scheme's order."""
    unit_ids = [sheet.unit_id]
    now = computed_points(sheet.scheme, unit_ids)
    basis = computed_basis(sheet.scheme, unit_ids)
    recorded = {e.criterion_id: e.points for e in sheet.entries.all()}
    found = []
    for criterion in sheet.scheme.criteria.all():
        if criterion.kind not in COMPUTED or criterion.pk not in recorded:
            continue
        points, why = now.get((sheet.unit_id, criterion.pk), (Decimal(0), ""))
        if points != recorded[criterion.pk]:
            found.append(Recomputed(criterion, recorded[criterion.pk], points, why,
                                    basis.get((sheet.unit_id, criterion.pk), "")))
    return found


def cluster_of(scheme: ScoringScheme, unit_id: int) -> Cluster | None:
    membership = ClusterMembership.objects.filter(unit_id=unit_id, year=scheme.campaign.year).select_related(
        "cluster").first()
    return membership.cluster if membership else None


def may_edit(user, sheet: ScoreSheet) -> bool:
    """Who writes a sheet at its stage: the unit (self), its cluster's head or deputy (the deputy alone for the
    head's own sheet), the council office (council)."""
    if user is None:
        return True
    access = access_of(user)
    if sheet.stage == Stage.SELF:
        return sheet.unit_id in access.staff_unit_ids
    if sheet.stage == Stage.COUNCIL:
        return access.is_council_office
    cluster = cluster_of(sheet.scheme, sheet.unit_id)
    if cluster is None:
        return access.is_council_office
    if sheet.unit_id == cluster.head_unit_id:
        return cluster.deputy_unit_id in access.staff_unit_ids
    return bool({cluster.head_unit_id, cluster.deputy_unit_id} & access.staff_unit_ids) and (
        sheet.unit_id not in access.staff_unit_ids)


def certificate_quota(members: int) -> int:
    """Bằng khen for at most ``THIDUA_CERTIFICATE_SHARE`` of a cluster's members (rounded down, at least 1)."""
    share = Decimal(str(getattr(settings, "THIDUA_CERTIFICATE_SHARE", "0.2")))
    return max(1, math.floor(members * share))


def electorate_of(*, campaign: Campaign, cluster: Cluster | None, kind: str) -> int:
    if kind == Electorate.COUNCIL_MEMBERS:
        return RoleAssignment.objects.filter(role=Role.COUNCIL_MEMBER).values("user_id").distinct().count()
    return ClusterMembership.objects.filter(cluster=cluster, year=campaign.year).count()


def voter_unit_for(user, voting_round: VotingRound, unit_id: int | None = None) -> Unit | None:
    """The member unit a user votes for in a cluster round (its own, among the members); None if none."""
    members = set(ClusterMembership.objects.filter(cluster=voting_round.cluster,
                                                   year=voting_round.campaign.year).values_list("unit_id", flat=True))
    mine = sorted(members & access_of(user).staff_unit_ids)
    if unit_id is not None:
        return Unit.objects.get(pk=unit_id) if unit_id in mine else None
    return Unit.objects.get(pk=mine[0]) if len(mine) == 1 else None


def round_is_open(voting_round: VotingRound, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return voting_round.opens_at <= now < voting_round.closes_at and voting_round.closed_at is None
