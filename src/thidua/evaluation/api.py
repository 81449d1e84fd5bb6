"""API v1 for evaluation: schemes, score sheets, rankings and secret-ballot votes. Thin: selectors and services."""

from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from thidua.api.paging import paged
from thidua.api.types import Id, Limit, OfficialDateTime, Offset, Text
from thidua.campaigns.selectors import campaign_get
from thidua.core.files import file_response
from thidua.org.models import Cluster

from . import scoring, selectors, services
from .enums import AwardQuota, CriterionKind, Electorate, SheetStatus, Stage, TieRule

router = Router(tags=["evaluation"])


class CriterionOut(Schema):
    id: int
    parent_id: int | None
    code: str
    title: str
    kind: CriterionKind
    max_points: float
    min_points: float
    guidance: str
    indicator_id: int | None


class BandOut(Schema):
    name: str
    min: float


class SchemeOut(Schema):
    id: int
    title: str
    cluster_id: int | None
    total_max: float
    tie_rule: TieRule
    bands: list[BandOut]
    criteria: list[CriterionOut]


class SheetOut(Schema):
    id: int
    unit_id: int
    stage: Stage
    status: SheetStatus
    total: float
    indicator_points: float
    version: int
    revision: int
    is_current: bool
    return_reason: str


class ScoreEntryOut(Schema):
    criterion_id: int
    code: str
    points: dict[str, float | None] = Field(description="Points at each stage the caller may see.")
    reasons: dict[str, str]
    explanations: dict[str, str]
    differs: bool


class SheetDetailOut(SheetOut):
    entries: list[ScoreEntryOut]


class EntryIn(Schema):
    criterion_id: Id
    points: Decimal = Field(max_digits=12, decimal_places=4)
    explanation: Text(4000) = ""
    reason: Text(2000) = ""


class EntriesIn(Schema):
    version: int = Field(ge=1)
    entries: list[EntryIn] = Field(max_length=500)


class SavedOut(Schema):
    total: float
    version: int


class SheetTransitionIn(Schema):
    to: Literal["submitted", "returned", "published"]
    reason: Text(2000) = ""
    version: int | None = Field(default=None, ge=1)


class TransitionOut(Schema):
    id: int
    stage: Stage
    status: SheetStatus
    version: int


class RankOut(Schema):
    cluster_id: int
    unit_id: int
    unit_name: str
    total: float
    indicator_points: float
    rank: int
    band: str
    stage: Stage
    status: SheetStatus


class MissedOut(Schema):
    unit_id: int
    unit_name: str
    targets_off_track: int


class RoundIn(Schema):
    campaign_id: Id
    cluster_id: Id | None = None
    question: Text(500, 1)
    candidates: list[Id] = Field(min_length=1, max_length=1000)
    threshold_percent: Decimal = Field(gt=0, le=100, max_digits=5, decimal_places=2)
    quorum_percent: Decimal = Field(ge=0, le=100, max_digits=5, decimal_places=2)
    opens_at: OfficialDateTime
    closes_at: OfficialDateTime
    electorate: Electorate = Electorate.CLUSTER_UNITS
    award: AwardQuota = AwardQuota.NONE
    max_choices: int | None = Field(default=None, ge=1, le=1000)
    place: Text(255) = Field(default="", description="Where the vote is held and counted (for its minutes).")
    chair_name: Text(200) = ""
    secretary_name: Text(200) = ""
    counting_board: Text(3000) = Field(default="",
                                       description="The vote-counting board, one member per line: name, then a "
                                                   "comma and the role.")


class RoundCreatedOut(Schema):
    id: int
    max_choices: int
    electorate: int


class BallotIn(Schema):
    choices: list[Id] = Field(max_length=1000)
    unit_id: Id | None = Field(default=None, description="The member unit voting, if the caller acts for several.")


class CandidateResultOut(Schema):
    unit_id: int | None = Field(description="The unit voted on (none for a nominee in a council meeting's vote).")
    unit_name: str | None
    nomination_item_id: int | None = Field(description="The nominee voted on in a council meeting's vote.")
    name: str = Field(description="The unit's or the nominee's name.")
    award_type: str | None = Field(description="The title a council meeting votes the nominee for.")
    votes: int | None
    percent: float | None
    percent_of_all_members: float | None = Field(
        description="The votes as a share of the whole electorate (all the council's members, absent or not).")
    threshold_percent: float = Field(description="The share of the whole electorate needed to pass.")
    passed: bool | None
    within_quota: bool | None


class ResultOut(Schema):
    electorate: int
    voted: int
    quorum_met: bool
    closed: bool
    candidates: list[CandidateResultOut] = Field(description="Counts are shown once the vote has closed.")


def _scheme_out(scheme) -> dict:
    return {"id": scheme.pk, "title": scheme.title, "cluster_id": scheme.cluster_id,
            "total_max": scoring.scheme_total_max(scheme), "tie_rule": scheme.tie_rule, "bands": scheme.bands,
            "criteria": selectors.criteria_of(scheme)}


@router.get("/campaigns/{campaign_id}/scoring-scheme", response=SchemeOut,
            summary="The scoring scheme (the cluster's own if it has one)")
def scoring_scheme(request, campaign_id: Path[Id], cluster: Id | None = None):
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    return _scheme_out(selectors.scheme_get(user=request.user, campaign=campaign, cluster_id=cluster))


class SheetFilter(Schema):
    unit: Id | None = None
    stage: Stage | None = None
    limit: Limit = 500
    offset: Offset = 0


@router.get("/campaigns/{campaign_id}/score-sheets", response=list[SheetOut],
            summary="Current score sheets the caller may see (paged: a Link header names the next page)")
def score_sheets(request, response: HttpResponse, campaign_id: Path[Id], filters: Query[SheetFilter]):
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    found = selectors.sheet_list(user=request.user, campaign=campaign, unit_id=filters.unit, stage=filters.stage or "")
    return paged(request, response, found, offset=filters.offset, limit=filters.limit)


@router.get("/score-sheets/{sheet_id}", response=SheetDetailOut,
            summary="A score sheet with each criterion's points at every stage the caller may see")
def score_sheet(request, sheet_id: Path[Id]):
    sheet = selectors.sheet_get(user=request.user, sheet_id=sheet_id)
    rows = selectors.sheet_comparison(user=request.user, sheet=sheet)
    sheet.entries_out = [
        {"criterion_id": r.criterion.pk, "code": r.criterion.code, "points": r.points, "reasons": r.reasons,
         "explanations": r.explanations, "differs": r.differs}
        for r in rows if r.criterion.kind != CriterionKind.GROUP
    ]
    return {**SheetOut.from_orm(sheet).dict(), "entries": sheet.entries_out}


@router.put("/score-sheets/{sheet_id}/entries", response=SavedOut,
            summary="Save points (409 if the version is stale)")
def score_sheet_save(request, sheet_id: Path[Id], data: EntriesIn):
    sheet = selectors.sheet_get(user=request.user, sheet_id=sheet_id)
    saved = services.sheet_save(by=request.user, sheet=sheet, version=data.version,
                                entries=[e.dict() for e in data.entries])
    return {"total": saved.total, "version": saved.version}


@router.post("/score-sheets/{sheet_id}/transition", response=TransitionOut,
             summary="Submit, return (with a reason) or publish a sheet")
def score_sheet_transition(request, sheet_id: Path[Id], data: SheetTransitionIn):
    sheet = selectors.sheet_get(user=request.user, sheet_id=sheet_id)
    moved = services.sheet_transition(by=request.user, sheet=sheet, to=data.to, reason=data.reason,
                                      version=data.version)
    return moved


@router.get("/campaigns/{campaign_id}/rankings", response=list[RankOut],
            summary="A cluster/block's units ranked, best first (every cluster/block of the year without ?cluster=)")
def rankings(request, campaign_id: Path[Id], cluster: Id | None = None):
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    if cluster:
        ranked = {cluster: selectors.rankings(user=request.user, campaign=campaign, cluster_id=cluster)}
    else:
        ranked = selectors.rankings_by_cluster(user=request.user, campaign=campaign)
    return [{"cluster_id": cluster_id, **vars(row)} for cluster_id, rows in ranked.items() for row in rows]


@router.get("/campaigns/{campaign_id}/missed-targets", response=list[MissedOut],
            summary="Units with targets off track, for lessons learned")
def missed_targets(request, campaign_id: Path[Id], cluster: Id | None = None):
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    return [{"unit_id": u, "unit_name": n, "targets_off_track": c}
            for u, n, c in selectors.missed_targets(user=request.user, campaign=campaign, cluster_id=cluster)]


@router.post("/voting-rounds", response={201: RoundCreatedOut}, summary="Open a secret-ballot vote")
def round_create(request, data: RoundIn):
    campaign = campaign_get(user=request.user, campaign_id=data.campaign_id)
    cluster = None
    if data.cluster_id:
        cluster = Cluster.objects.filter(pk=data.cluster_id).first()
        if cluster is None:
            raise ValidationError({"cluster_id": "Not found."})
    voting_round = services.round_create(
        by=request.user, campaign=campaign, cluster=cluster, question=data.question, candidates=data.candidates,
        threshold_percent=data.threshold_percent, quorum_percent=data.quorum_percent, opens_at=data.opens_at,
        closes_at=data.closes_at, electorate=data.electorate, award=data.award, max_choices=data.max_choices,
        place=data.place, chair_name=data.chair_name, secretary_name=data.secretary_name,
        counting_board=data.counting_board)
    return Status(201, {"id": voting_round.pk, "max_choices": voting_round.max_choices,
                        "electorate": voting_round.electorate_size})


@router.post("/voting-rounds/{round_id}/ballots", response={201: dict},
             summary="Cast a secret ballot (once per voter)")
def ballot(request, round_id: Path[Id], data: BallotIn):
    from thidua.awards.council_selectors import voting_round_get  # a council meeting's vote is the council's

    voting_round = voting_round_get(user=request.user, round_id=round_id)
    services.ballot_cast(by=request.user, voting_round=voting_round, choices=data.choices, unit_id=data.unit_id)
    return Status(201, {})


HIDDEN = {"votes": None, "percent": None, "percent_of_all_members": None, "passed": None, "within_quota": None}


def _campaign_result(voting_round) -> dict:
    result = selectors.round_result(voting_round=voting_round)
    threshold = voting_round.threshold_percent
    candidates = [
        {"unit_id": c.unit_id, "unit_name": c.unit_name, "nomination_item_id": None, "name": c.unit_name,
         "award_type": None, "threshold_percent": threshold,
         **({"votes": c.votes, "percent": c.percent, "percent_of_all_members": c.percent, "passed": c.passed,
             "within_quota": c.within_quota} if result.closed else HIDDEN)}
        for c in (result.candidates if result.closed else sorted(result.candidates, key=lambda c: c.unit_name))
    ]
    return {"electorate": result.electorate, "voted": result.voted, "quorum_met": result.quorum_met,
            "closed": result.closed, "candidates": candidates}


def _meeting_result(voting_round) -> dict:
    from thidua.awards.council import meeting_round_result

    result = meeting_round_result(voting_round)
    candidates = [
        {"unit_id": None, "unit_name": None, "nomination_item_id": c.item_id, "name": c.name,
         "award_type": c.award_type, "threshold_percent": c.threshold_percent,
         **({"votes": c.votes, "percent": c.percent_of_all_members, "percent_of_all_members": c.percent_of_all_members,
             "passed": c.passed, "within_quota": None} if result.closed else HIDDEN)}
        for c in (result.candidates if result.closed else sorted(result.candidates, key=lambda c: c.name))
    ]
    return {"electorate": result.members, "voted": result.voted, "quorum_met": result.quorum_met,
            "closed": result.closed, "candidates": candidates}


def _result(voting_round) -> dict:
    return _meeting_result(voting_round) if voting_round.meeting_id else _campaign_result(voting_round)


@router.get("/voting-rounds/{round_id}/result", response=ResultOut,
            summary="Turnout and quorum; each candidate's count, its share of the whole electorate and the "
                    "threshold once the vote has closed (a council meeting's: each nominee against its title's)")
def round_result(request, round_id: Path[Id]):
    from thidua.awards.council_selectors import voting_round_get

    return _result(voting_round_get(user=request.user, round_id=round_id))


@router.post("/voting-rounds/{round_id}/close", response=ResultOut,
             summary="Close a vote before its time (the office; a cluster's head for its round; a unit's staff for "
                     "its council's); answers the result")
def round_close(request, round_id: Path[Id]):
    from thidua.awards.council_selectors import voting_round_get

    voting_round = voting_round_get(user=request.user, round_id=round_id)
    services.round_close(by=request.user, voting_round=voting_round)
    return _result(voting_round_get(user=request.user, round_id=round_id))


@router.get("/voting-rounds/{round_id}/minutes.docx",
            summary="The vote-count minutes (biên bản kiểm phiếu), DOCX: a cluster's vote or a council meeting's")
def round_minutes(request, round_id: Path[Id]):
    from thidua.awards.council_selectors import voting_round_get  # a council meeting's vote is the council's
    from thidua.documents import vote_minutes

    voting_round = voting_round_get(user=request.user, round_id=round_id)
    result = vote_minutes.result_for(voting_round)
    if not result.closed:
        raise ValidationError("The minutes are drawn up once the vote has closed.")
    return file_response(vote_minutes.render_minutes(voting_round, result), vote_minutes.file_name(voting_round))
