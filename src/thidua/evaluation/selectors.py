"""Reads for evaluation, scoped to the user.

Who sees score sheets: the office, the leadership and council members see all; a unit's staff see their own
unit's sheets at every stage; a cluster/block head or deputy sees its members' sheets (it cross-checks them);
everyone who sees the campaign sees published results. Rankings follow the same rule: those who see every stage
of a cluster rank it on the latest stage's totals, everyone else on published results only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.accounts.access import access_of
from thidua.campaigns.models import Campaign, Submission
from thidua.campaigns.selectors import campaign_list
from thidua.indicators import selectors as indicator_selectors
from thidua.indicators.enums import TargetStatus
from thidua.org.models import Cluster, ClusterMembership

from .enums import STAGES, SheetStatus, TieRule
from .models import ScoreEntry, ScoreSheet, ScoringScheme, VotingRound

STAGE_ORDER = {stage.value: index for index, stage in enumerate(STAGES)}


def _sees_every_stage(user) -> bool:
    access = access_of(user)
    return access.sees_everything or access.is_council_member or getattr(user, "is_superuser", False)


def _led_unit_ids(user, year: int) -> set[int]:
    """Members of the clusters the user's units head or deputise in ``year``."""
    staff = access_of(user).staff_unit_ids
    if not staff:
        return set()
    led = Cluster.objects.filter(year=year).filter(Q(head_unit_id__in=staff) | Q(deputy_unit_id__in=staff))
    return set(ClusterMembership.objects.filter(cluster__in=led).values_list("unit_id", flat=True))


def scheme_list(*, user, campaign: Campaign) -> QuerySet[ScoringScheme]:
    return ScoringScheme.objects.filter(campaign=campaign).select_related("cluster", "launch_deadline")


def scheme_get(*, user, campaign: Campaign, cluster_id: int | None = None) -> ScoringScheme:
    """The scheme that applies to a cluster (its own, else the campaign's); 404 if the campaign has none."""
    schemes = scheme_list(user=user, campaign=campaign)
    scheme = None
    if cluster_id:
        scheme = schemes.filter(cluster_id=cluster_id).first()
    scheme = scheme or schemes.filter(cluster__isnull=True).first()
    if scheme is None:
        raise Http404
    return scheme


def criteria_of(scheme: ScoringScheme) -> list:
    return list(scheme.criteria.order_by("order", "id"))


def sheets_visible(*, user, campaign: Campaign) -> QuerySet[ScoreSheet]:
    sheets = ScoreSheet.objects.filter(scheme__campaign=campaign, scheme__campaign__in=campaign_list(user=user))
    if _sees_every_stage(user):
        return sheets
    units = set(access_of(user).staff_unit_ids) | _led_unit_ids(user, campaign.year)
    return sheets.filter(Q(unit_id__in=units) | Q(status=SheetStatus.PUBLISHED))


def sheet_list(*, user, campaign: Campaign, unit_id: int | None = None, stage: str = "",
               current: bool = True, unit_ids=None) -> QuerySet[ScoreSheet]:
    """The score sheets the user may see (current revisions only unless ``current`` is False); ``unit_ids``: only
    those units' (a page of the overview)."""
    sheets = sheets_visible(user=user, campaign=campaign)
    if current:
        sheets = sheets.filter(is_current=True)
    if unit_id:
        sheets = sheets.filter(unit_id=unit_id)
    if unit_ids is not None:
        sheets = sheets.filter(unit_id__in=list(unit_ids))
    if stage:
        sheets = sheets.filter(stage=stage)
    return sheets.select_related("unit", "scheme").order_by("unit__search_text", "unit_id", "stage", "-revision", "pk")


def sheet_units(*, user, campaign: Campaign) -> QuerySet:
    """The ids of the units with a current sheet the user may see, in the overview's order (one row each): what
    the overview pages over."""
    return (sheets_visible(user=user, campaign=campaign).filter(is_current=True)
            .values_list("unit_id", flat=True).order_by("unit__search_text", "unit_id").distinct())


def sheet_get(*, user, sheet_id: int) -> ScoreSheet:
    sheet = ScoreSheet.objects.filter(pk=sheet_id).select_related("scheme__campaign", "unit").first()
    if sheet is None or not sheets_visible(user=user, campaign=sheet.scheme.campaign).filter(pk=sheet.pk).exists():
        raise Http404
    return sheet


@dataclass
class ComparisonRow:
    criterion: object
    depth: int
    points: dict = field(default_factory=dict)  # stage → points
    reasons: dict = field(default_factory=dict)  # stage → change reason
    explanations: dict = field(default_factory=dict)

    @property
    def differs(self) -> bool:
        return len({p for p in self.points.values() if p is not None}) > 1


def sheet_comparison(*, user, sheet: ScoreSheet) -> list[ComparisonRow]:
    """Each criterion with the points given at every stage of this unit's current sheets the user may see."""
    criteria = criteria_of(sheet.scheme)
    sheets = {s.stage: s.pk for s in sheet_list(user=user, campaign=sheet.scheme.campaign, unit_id=sheet.unit_id)
              .filter(scheme=sheet.scheme)}
    if sheet.stage not in sheets or sheets[sheet.stage] != sheet.pk:
        sheets[sheet.stage] = sheet.pk
    by_sheet = {pk: stage for stage, pk in sheets.items()}
    rows = {c.pk: ComparisonRow(criterion=c, depth=1 if c.parent_id else 0) for c in criteria}
    for sheet_id, criterion_id, points, reason, explanation in ScoreEntry.objects.filter(
            sheet_id__in=list(by_sheet)).values_list("sheet_id", "criterion_id", "points", "change_reason",
                                                     "explanation"):
        row = rows.get(criterion_id)
        if row:
            stage = by_sheet[sheet_id]
            row.points[stage] = points
            row.reasons[stage] = reason
            row.explanations[stage] = explanation
    return [rows[c.pk] for c in criteria]


@dataclass
class RankRow:
    unit_id: int
    unit_name: str
    total: Decimal
    indicator_points: Decimal
    stage: str
    status: str
    launch_at: object
    rank: int = 0
    band: str = ""


def band_for(scheme: ScoringScheme, total: Decimal) -> str:
    for band in scheme.bands:  # best first
        if total >= Decimal(str(band["min"])):
            return band["name"]
    return ""


def rankings(*, user, campaign: Campaign, cluster_id: int) -> list[RankRow]:
    """One cluster/block's members ranked (see ``rankings_by_cluster``); 404 for a cluster not of the campaign's
    year or a campaign without a scheme."""
    ranked = rankings_by_cluster(user=user, campaign=campaign, cluster_ids=[cluster_id])
    if cluster_id not in ranked:
        raise Http404
    return ranked[cluster_id]


def rankings_by_cluster(*, user, campaign: Campaign, cluster_ids: list[int] | None = None) -> dict[int, list[RankRow]]:
    """Every cluster/block of the campaign's year (or those given) with its members ranked on their latest stage's
    totals, best first — published results only for a user who does not see every stage of that cluster. Ties: by
    the scheme's rule (more indicator points, then the earlier launch document); units still equal share a rank.
    Five queries whatever the number of clusters and units."""
    clusters = Cluster.objects.filter(year=campaign.year)
    if cluster_ids is not None:
        clusters = clusters.filter(pk__in=cluster_ids)
    clusters = {c.pk: c for c in clusters.only("pk", "head_unit_id", "deputy_unit_id")}
    schemes = {s.cluster_id: s for s in ScoringScheme.objects.filter(campaign=campaign)}
    if None not in schemes and not any(c in schemes for c in clusters):
        raise Http404
    member_of = dict(ClusterMembership.objects.filter(cluster_id__in=list(clusters), year=campaign.year)
                     .values_list("unit_id", "cluster_id"))
    staff = access_of(user).staff_unit_ids
    everything = _sees_every_stage(user)
    every_stage = {pk: everything or bool({c.head_unit_id, c.deputy_unit_id} & staff) for pk, c in clusters.items()}
    scheme_of = {pk: schemes.get(pk) or schemes.get(None) for pk in clusters}
    latest: dict[int, tuple] = {}
    for unit_id, scheme_id, name, stage, status, total, indicator in ScoreSheet.objects.filter(
            scheme__campaign=campaign, is_current=True, unit_id__in=list(member_of)).values_list(
            "unit_id", "scheme_id", "unit__name", "stage", "status", "total", "indicator_points"):
        cluster_id = member_of[unit_id]
        scheme = scheme_of.get(cluster_id)
        if scheme is None or scheme.pk != scheme_id:
            continue
        if not every_stage[cluster_id] and status != SheetStatus.PUBLISHED:
            continue
        if unit_id not in latest or STAGE_ORDER[stage] > STAGE_ORDER[latest[unit_id][1]]:
            latest[unit_id] = (name, stage, status, total, indicator)
    deadlines = {s.launch_deadline_id for s in schemes.values() if s.launch_deadline_id}
    launch = {}
    if deadlines:
        launch = {(unit_id, deadline_id): at for unit_id, deadline_id, at in Submission.objects.filter(
            deadline_id__in=deadlines, unit_id__in=list(latest)).values_list("unit_id", "deadline_id",
                                                                             "first_submitted_at")}
    grouped: dict[int, list[RankRow]] = {pk: [] for pk in clusters}
    for unit_id, (name, stage, status, total, indicator) in latest.items():
        cluster_id = member_of[unit_id]
        scheme = scheme_of[cluster_id]
        grouped[cluster_id].append(RankRow(
            unit_id=unit_id, unit_name=name, total=total, indicator_points=indicator, stage=stage, status=status,
            launch_at=launch.get((unit_id, scheme.launch_deadline_id))))
    return {pk: rank(rows, scheme_of[pk]) if scheme_of[pk] else rows for pk, rows in grouped.items()}


def ranking_pending(*, campaign: Campaign, cluster_id: int, ranked: list[RankRow]) -> list[tuple[int, str]]:
    """``[(unit_id, name)]`` of the cluster's members not in ``ranked`` (their result is not published, or not
    visible to the user), by name: shown by name only, so a member reading the published order knows how many are
    still to come instead of reading "1 of 1". One query."""
    shown = {row.unit_id for row in ranked}
    return [(unit_id, name) for unit_id, name in ClusterMembership.objects.filter(
        cluster_id=cluster_id, year=campaign.year).order_by("unit__search_text").values_list("unit_id", "unit__name")
        if unit_id not in shown]


def rank(rows: list[RankRow], scheme: ScoringScheme) -> list[RankRow]:
    """Order best first and number the ranks (equal keys share a rank: 1, 2, 2, 4). A unit that never sent its
    launch document comes after those that did."""
    use_indicator = scheme.tie_rule in (TieRule.INDICATOR_THEN_LAUNCH, TieRule.INDICATOR)
    use_launch = scheme.tie_rule in (TieRule.INDICATOR_THEN_LAUNCH, TieRule.LAUNCH)

    def key(row: RankRow):
        parts = [-row.total]
        if use_indicator:
            parts.append(-row.indicator_points)
        if use_launch:
            parts.append((row.launch_at is None, row.launch_at.timestamp() if row.launch_at else 0))
        return tuple(parts)

    rows.sort(key=lambda r: (key(r), r.unit_name))
    previous = None
    for position, row in enumerate(rows, start=1):
        current = key(row)
        row.rank = previous[1] if previous and previous[0] == current else position
        row.band = band_for(scheme, row.total)
        previous = (current, row.rank)
    return rows


def missed_targets(*, user, campaign: Campaign, cluster_id: int | None = None) -> list[tuple[int, str, int]]:
    """Units with targets off track (including those not met by a due date that passed): ``(unit_id, name,
    how many)``, most first — named for lessons learned."""
    counts = (indicator_selectors.target_list(user=user, campaign=campaign, cluster_id=cluster_id,
                                              status=TargetStatus.OFF_TRACK)
              .order_by().values_list("unit_id", "unit__name"))
    tally: dict[tuple[int, str], int] = {}
    for unit_id, name in counts:
        tally[(unit_id, name)] = tally.get((unit_id, name), 0) + 1
    return sorted(((u, n, c) for (u, n), c in tally.items()), key=lambda r: (-r[2], r[1]))


def round_list(*, user, campaign: Campaign) -> QuerySet[VotingRound]:
    return VotingRound.objects.filter(campaign=campaign, campaign__in=campaign_list(user=user)).select_related(
        "cluster")


def round_get(*, user, round_id: int) -> VotingRound:
    found = VotingRound.objects.filter(pk=round_id, campaign__in=campaign_list(user=user)).select_related(
        "campaign", "cluster").first()
    if found is None:
        raise Http404
    return found


@dataclass
class CandidateResult:
    unit_id: int
    unit_name: str
    votes: int
    percent: Decimal
    passed: bool
    within_quota: bool = True


@dataclass
class RoundResult:
    electorate: int
    voted: int
    quorum_met: bool
    closed: bool
    candidates: list[CandidateResult]


def round_result(*, voting_round: VotingRound, now=None) -> RoundResult:
    """Counts and who passed (see ``result_of``), read in two queries."""
    voted = voting_round.ballots_cast.count()
    rows = list(voting_round.candidates.order_by("-votes", "unit__name").values_list("unit_id", "unit__name",
                                                                                     "votes"))
    return result_of(voting_round, voted=voted, candidates=rows, now=now)


def result_of(voting_round: VotingRound, *, voted: int, candidates: list[tuple[int, str, int]],
              now=None) -> RoundResult:
    """Who passed, from the round's settings, the ballots cast and ``(unit_id, name, votes)`` best first.

    A candidate passes when the quorum is met and its votes reach the threshold share of the electorate (70 % of
    10 is 7 votes). Where a quota applies (one flag; a share of certificates), only the best-voted passing
    candidates within it are proposed; a tie at the quota's edge proposes none of the tied."""
    from django.utils import timezone

    now = now or timezone.now()
    electorate = voting_round.electorate_size
    quorum_met = voted * 100 >= voting_round.quorum_percent * electorate
    rows = []
    for unit_id, name, votes in candidates:
        percent = (Decimal(votes) * 100 / electorate).quantize(Decimal("0.01")) if electorate else Decimal(0)
        passed = quorum_met and votes * 100 >= voting_round.threshold_percent * electorate
        rows.append(CandidateResult(unit_id=unit_id, unit_name=name, votes=votes, percent=percent, passed=passed))
    passing = [r for r in rows if r.passed]
    quota = voting_round.max_choices
    if len(passing) > quota:
        edge = passing[quota - 1].votes
        above = [r for r in passing if r.votes > edge]
        at_edge = [r for r in passing if r.votes == edge]
        kept = above + (at_edge if len(above) + len(at_edge) <= quota else [])
        for row in passing:
            row.within_quota = row in kept
    closed = now >= voting_round.closes_at or voting_round.closed_at is not None
    return RoundResult(electorate=electorate, voted=voted, quorum_met=quorum_met, closed=closed, candidates=rows)


def has_voted(*, user, voting_round: VotingRound) -> bool:
    from .enums import Electorate

    if voting_round.electorate_kind == Electorate.COUNCIL_MEMBERS:
        return voting_round.ballots_cast.filter(voter_user=user).exists()
    return voting_round.ballots_cast.filter(voter_unit_id__in=access_of(user).staff_unit_ids).exists()



# ── the desk: what waits for the user (read by ``thidua.desk``) ──────────────────────────────────────────────


def _desk_sheets(user, stage: str):
    from thidua.campaigns.enums import CampaignStatus

    return (ScoreSheet.objects.filter(is_current=True, stage=stage, scheme__opened_at__isnull=False,
                                      scheme__campaign__in=campaign_list(user=user))
            .exclude(scheme__campaign__status=CampaignStatus.CLOSED)
            .select_related("unit", "scheme__campaign"))


def sheets_to_fill(*, user) -> QuerySet[ScoreSheet]:
    """The self-assessments of the user's units still to submit (drafts, and sheets returned with a reason),
    the longest open first."""
    staff = access_of(user).staff_unit_ids
    if not staff:
        return ScoreSheet.objects.none()
    return (_desk_sheets(user, STAGES[0]).filter(unit_id__in=staff,
                                                 status__in=[SheetStatus.DRAFT, SheetStatus.RETURNED])
            .order_by("scheme__opened_at", "created_at", "id"))


def sheets_to_cross_check(*, user) -> QuerySet[ScoreSheet]:
    """The cluster-stage sheets the user's units write as head (its members') or as deputy (the head's own), of
    the clusters of the campaign's year; oldest first."""
    from django.db.models import Exists, OuterRef

    staff = access_of(user).staff_unit_ids
    if not staff:
        return ScoreSheet.objects.none()
    membership = ClusterMembership.objects.filter(unit_id=OuterRef("unit_id"),
                                                  year=OuterRef("scheme__campaign__year"))
    as_head = Exists(membership.filter(cluster__head_unit_id__in=staff)) & ~Q(unit_id__in=staff)
    as_deputy = Exists(membership.filter(cluster__deputy_unit_id__in=staff, cluster__head_unit_id=OuterRef("unit_id")))
    return (_desk_sheets(user, STAGES[1]).filter(as_head | as_deputy, status=SheetStatus.DRAFT)
            .order_by("created_at", "id"))


def sheets_to_review(*, user) -> QuerySet[ScoreSheet]:
    """For the council office: the council-stage sheets still to publish, oldest first."""
    if not access_of(user).is_council_office:
        return ScoreSheet.objects.none()
    return _desk_sheets(user, STAGES[2]).filter(status=SheetStatus.DRAFT).order_by("created_at", "id")


def votes_open(*, user, now=None) -> QuerySet[VotingRound]:
    """Open votes in which the user (a council member, or a member unit through its clerk or head) has not voted
    yet, those closing soonest first."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from thidua.awards.models import CouncilMeeting

    from .enums import Electorate
    from .models import BallotCast

    access = access_of(user)
    now = now or timezone.now()
    staff = access.staff_unit_ids
    who = Q(pk__in=[])
    if staff:
        member = ClusterMembership.objects.filter(cluster_id=OuterRef("cluster_id"), year=OuterRef("campaign__year"),
                                                  unit_id__in=staff)
        voted = BallotCast.objects.filter(round_id=OuterRef("pk"), voter_unit_id__in=staff)
        who |= Q(meeting__isnull=True, electorate_kind=Electorate.CLUSTER_UNITS) & Exists(member) & ~Exists(voted)
    mine = BallotCast.objects.filter(round_id=OuterRef("pk"), voter_user=user)
    if access.is_council_member:
        who |= Q(meeting__isnull=True, electorate_kind=Electorate.COUNCIL_MEMBERS) & ~Exists(mine)
    if access.roles:
        sits = CouncilMeeting.objects.filter(pk=OuterRef("meeting_id")).filter(
            Q(present__user=user) | Q(written_opinions__user=user))
        who |= Q(meeting__isnull=False) & Exists(sits) & ~Exists(mine)
    return (VotingRound.objects.filter(who, opens_at__lte=now, closes_at__gt=now, closed_at__isnull=True)
            .select_related("campaign", "cluster", "meeting").order_by("closes_at", "id"))


def votes_to_organise(*, user) -> list[tuple[Campaign, Cluster]]:
    """``(campaign, cluster)`` for each cluster the user's units head whose cross-check has begun in a campaign being
    evaluated, with no vote yet; the campaign's oldest first. Four queries at most."""
    from django.db.models import F

    from thidua.campaigns.enums import CampaignStatus

    staff = access_of(user).staff_unit_ids
    if not staff:
        return []
    campaigns = list(campaign_list(user=user).filter(status=CampaignStatus.EVALUATING).order_by("year", "id"))
    if not campaigns:
        return []
    by_id = {c.pk: c for c in campaigns}
    years = {c.year for c in campaigns}
    clusters = list(Cluster.objects.filter(year__in=years, head_unit_id__in=staff).order_by("name", "id"))
    rows = []
    if not clusters:
        return rows
    found = set()
    for campaign in campaigns:
        for cluster in clusters:
            if cluster.year == campaign.year:
                found.add((campaign.pk, cluster.pk))
    if not found:
        return rows
    existing = set(VotingRound.objects.filter(campaign_id__in=by_id, cluster__in=clusters)
                   .values_list("campaign_id", "cluster_id"))
    started = set(ScoreSheet.objects.filter(stage=STAGES[1], scheme__campaign_id__in=by_id,
                                            unit__memberships__cluster__in=clusters,
                                            unit__memberships__year=F("scheme__campaign__year"))
                  .values_list("scheme__campaign_id", "unit__memberships__cluster_id").distinct())
    by_cluster = {c.pk: c for c in clusters}
    for campaign_id, cluster_id in sorted(found - existing, key=lambda p: (by_id[p[0]].year, p[0], p[1])):
        if (campaign_id, cluster_id) in started:
            rows.append((by_id[campaign_id], by_cluster[cluster_id]))
    return rows


def results_to_see(*, user) -> QuerySet[Campaign]:
    """Campaigns still open whose council has published results, with ``published`` (how many sheets) and
    ``published_at`` (the latest), the oldest publication first."""
    from django.db.models import Count, Max

    from thidua.campaigns.enums import CampaignStatus

    published = Q(scoring_schemes__sheets__status=SheetStatus.PUBLISHED, scoring_schemes__sheets__is_current=True)
    return (campaign_list(user=user).exclude(status=CampaignStatus.CLOSED)
            .annotate(published=Count("scoring_schemes__sheets", filter=published),
                      published_at=Max("scoring_schemes__sheets__submitted_at", filter=published))
            .filter(published__gt=0).order_by("published_at", "id"))
