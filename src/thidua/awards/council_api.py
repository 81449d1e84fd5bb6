"""API v1 for councils (Hội đồng Thi đua – Khen thưởng): their members, meetings and the secret vote on nominees.
Thin: ``council_selectors`` reads, ``council`` writes. Served through the commendations router (``awards.api``)."""

import datetime

from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from thidua.api.types import Id, OfficialDate, Text

from . import council, council_selectors
from .enums import CouncilRole

router = Router(tags=["commendations"])


class CouncilMemberOut(Schema):
    id: int
    name: str
    role: CouncilRole
    position: str
    user_id: int | None = Field(description="The member's login; none for a member who takes part on paper.")

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.full_name


class CouncilFilter(Schema):
    council: Id | None = Field(default=None, description="A unit's own council; the provincial council by default.")


class MeetingIn(Schema):
    council_id: Id | None = Field(default=None, description="The provincial council by default.")
    held_on: OfficialDate
    place: Text(255, min_length=1)
    chair_id: Id
    secretary_id: Id | None = None
    member_ids_present: list[Id] = Field(max_length=500)
    written_opinion_ids: list[Id] = Field(default=[], max_length=500)
    started_at: datetime.time | None = Field(default=None, description="When the meeting began (for its minutes).")
    ended_at: datetime.time | None = Field(default=None, description="When it ended: after it began.")
    agenda: Text(4000) = Field(default="", description="The agenda, one item per line.")


class MeetingCreated(Schema):
    id: int
    quorum_met: bool
    quorum_explanation: str


class VoteIn(Schema):
    nomination_item_ids: list[Id] = Field(min_length=1, max_length=1000)
    counting_board: Text(3000) = Field(default="", description="The vote-counting board, one member per line: "
                                                                "name, then a comma and the role.")


class VoteOpened(Schema):
    round_id: int


@router.get("/council-members", response=list[CouncilMemberOut],
            summary="The serving members of the provincial council (or of a unit's own council, ?council=)")
def council_members(request, filters: Query[CouncilFilter]):
    found = council_selectors.council_get(user=request.user, council_id=filters.council)
    return list(council_selectors.council_members(user=request.user, council_obj=found))


@router.post("/council-meetings", response={201: MeetingCreated},
             summary="Record a council meeting (who attends, who sent a written opinion) and whether its quorum "
                     "is met")
def meeting_create(request, payload: MeetingIn):
    found = council_selectors.council_get(user=request.user, council_id=payload.council_id)
    meeting = council.meeting_create(
        by=request.user, council=found, held_on=payload.held_on, place=payload.place, chair_id=payload.chair_id,
        secretary_id=payload.secretary_id, present_ids=payload.member_ids_present,
        written_ids=payload.written_opinion_ids, started_at=payload.started_at, ended_at=payload.ended_at,
        agenda=payload.agenda)
    return Status(201, {"id": meeting.pk, "quorum_met": meeting.quorum_met,
                        "quorum_explanation": meeting.quorum_explanation})


@router.get("/council-meetings/{meeting_id}/minutes.docx",
            summary="The minutes of a council meeting (biên bản họp Hội đồng Thi đua - Khen thưởng), DOCX")
def meeting_minutes(request, meeting_id: Path[Id]):
    from thidua.core.files import file_response
    from thidua.documents import meeting_minutes as document

    meeting = council_selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    return file_response(document.render_meeting_minutes(meeting), document.file_name(meeting))


@router.post("/council-meetings/{meeting_id}/votes", response={201: VoteOpened},
             summary="Open the meeting's secret vote on nominees (each passes with its title's share of all "
                     "members)")
def meeting_vote_open(request, meeting_id: Path[Id], payload: VoteIn):
    meeting = council_selectors.meeting_get(user=request.user, meeting_id=meeting_id)
    voting_round = council.meeting_vote_open(by=request.user, meeting=meeting, item_ids=payload.nomination_item_ids,
                                             counting_board=payload.counting_board)
    return Status(201, {"round_id": voting_round.pk})
