import datetime

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema

from thidua.api.types import Id, Text

from . import selectors
from .enums import CampaignKind, CampaignStatus

router = Router(tags=["campaigns"])


class CampaignOut(Schema):
    id: int
    code: str
    title: str
    kind: CampaignKind
    status: CampaignStatus
    starts_on: datetime.date | None
    ends_on: datetime.date | None


class PlanOut(Schema):
    number: str
    symbol: str
    issued_on: datetime.date | None
    place: str
    issuer: str | None
    signer_name: str
    signer_title: str


class ContentOut(Schema):
    order: int
    title: str
    body: str


class DeadlineOut(Schema):
    id: int
    code: str
    title: str
    due_on: datetime.date
    recipients: list[str]

    @staticmethod
    def resolve_recipients(obj) -> list[str]:
        return [r.unit.name if r.unit_id else r.kind for r in obj.recipients.all()]


class ParticipantOut(Schema):
    unit_id: int
    cluster_id: int | None


class DistributionOut(Schema):
    name: str
    purpose: str


class CampaignDetailOut(CampaignOut):
    plan: PlanOut
    theme: str
    legal_basis: list[str]
    contents: list[ContentOut]
    deadlines: list[DeadlineOut]
    participants: list[ParticipantOut]
    distribution: list[DistributionOut]


class CampaignFilter(Schema):
    q: Text(200) = ""
    status: CampaignStatus | None = None


@router.get("/campaigns", response=list[CampaignOut], summary="Campaigns the caller may see")
def campaigns(request: HttpRequest, filters: Query[CampaignFilter]):
    return list(selectors.campaign_list(user=request.user, q=filters.q, status=filters.status or ""))


@router.get("/campaigns/{campaign_id}", response=CampaignDetailOut, summary="A campaign with its plan")
def campaign(request: HttpRequest, campaign_id: Path[Id]):
    found = selectors.campaign_get(user=request.user, campaign_id=campaign_id)
    return {
        "id": found.id, "code": found.code, "title": found.title, "kind": found.kind, "status": found.status,
        "starts_on": found.starts_on, "ends_on": found.ends_on, "theme": found.theme,
        "legal_basis": found.legal_basis,
        "plan": {
            "number": found.plan_number, "symbol": found.plan_symbol, "issued_on": found.issued_on,
            "place": found.place, "issuer": found.issuer.name if found.issuer else None,
            "signer_name": found.signer_name, "signer_title": found.signer_title,
        },
        "contents": found.contents.all(),
        "deadlines": found.deadlines.all(),
        "participants": [
            {"unit_id": p.unit_id, "cluster_id": p.cluster_id}
            for p in selectors.campaign_participants(campaign=found)
        ],
        "distribution": found.distribution.all(),
    }
