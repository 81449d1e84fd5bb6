"""API v1 for commendations: catalog, dossiers, eligibility, appraisal, decisions and the registry. Thin."""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError
from pydantic import Field

from thidua.accounts.models import User
from thidua.api.paging import paged
from thidua.api.types import Id, Limit, OfficialDate, Offset, OptionalOfficialDate, Text, Year
from thidua.campaigns.selectors import campaign_get
from thidua.core.files import file_response
from thidua.org.selectors import person_get, unit_get

from . import council_selectors, selectors, services, signing
from .council_api import router as council_router
from .enums import (
    AwardKind,
    AwardLevel,
    AwardStatus,
    CommendationKind,
    DecidedBy,
    DecisionStatus,
    NominationStatus,
    Recipient,
    RegimeScope,
    Route,
)
from .models import AwardType

router = Router(tags=["commendations"])
#: The councils' roll, meetings and votes, served under the same prefix.
router.add_router("", council_router)


class AwardTypeOut(Schema):
    id: int
    code: str
    name: str
    kind: AwardKind
    level: AwardLevel
    recipient: Recipient
    issuing_authority: str
    legal_basis: str
    money_coefficient: float


class NominationIn(Schema):
    unit_id: Id
    year: Year
    campaign_id: Id | None = None
    kind: CommendationKind = CommendationKind.MERIT
    title: Text(300) = ""


class NominationCreated(Schema):
    id: int
    status: NominationStatus


class ItemOut(Schema):
    id: int
    award_type_id: int
    person_id: int | None
    unit_id: int | None
    achievement: str
    print_text: str
    eligible_by_rules: bool | None
    appraisal_eligible: bool | None
    appraisal_reason: str
    appraisal_justification: str
    award_id: int | None

    @staticmethod
    def resolve_award_id(obj) -> int | None:
        award = getattr(obj, "award", None)
        return award.pk if award is not None else None


class NominationOut(Schema):
    id: int
    status: NominationStatus
    route: Route | None = Field(description="The way this dossier goes to the one who decides (none before its "
                                            "first nominee).")
    unit_id: int
    year: int
    campaign_id: int | None
    kind: CommendationKind
    title: str
    version: int
    submitted_at: datetime.datetime | None
    received_on: datetime.date | None
    appraisal_due_on: datetime.date | None
    appraiser_id: int | None
    return_reason: str
    council_round_id: int | None
    council_reference: str
    items: list[ItemOut]


class NominationRow(Schema):
    id: int
    status: NominationStatus
    unit_id: int
    year: int
    title: str
    appraisal_due_on: datetime.date | None


class ItemIn(Schema):
    person_id: Id | None = None
    unit_id: Id | None = None
    award_type_id: Id
    achievement: Text(4000, min_length=1)
    print_text: Text(1000) = ""


class Created(Schema):
    id: int


class CatalogEntryOut(AwardTypeOut):
    money_coefficient: float | None
    regime_id: int
    decided_by: DecidedBy
    route: Route = Field(description="Who decides it and by which way, under the regime in force on the day.")
    legal_basis: str

    @staticmethod
    def resolve_money_coefficient(obj) -> float | None:
        value = obj.terms.money_coefficient
        return float(value) if value is not None else None

    @staticmethod
    def resolve_regime_id(obj) -> int:
        return obj.regime.pk

    @staticmethod
    def resolve_decided_by(obj) -> str:
        return obj.terms.decided_by

    @staticmethod
    def resolve_route(obj) -> str:
        return obj.terms.route

    @staticmethod
    def resolve_legal_basis(obj) -> str:
        return obj.terms.legal_basis


class LegalTextOut(Schema):
    reference: str
    title: str


class LegalRegimeOut(Schema):
    id: int
    code: str
    name: str
    scope: RegimeScope
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    decision_reference: str
    texts: list[LegalTextOut]

    @staticmethod
    def resolve_texts(obj) -> list[dict]:
        return [{"reference": str(t.get("reference", "")), "title": str(t.get("title", ""))}
                for t in (obj.texts or []) if isinstance(t, dict)]


class RuleOut(Schema):
    rule: str
    code: str = ""
    title: str
    operator: Literal["all", "any", "not"] | None = None
    passed: bool
    explanation: str
    legal_basis: str
    declared_facts: bool = False
    province: bool = False
    children: list["RuleOut"] = []


RuleOut.model_rebuild()


class ProvinceRegulationRef(Schema):
    id: int
    code: str
    name: str
    decision_reference: str


class RegimeRef(Schema):
    id: int
    code: str
    name: str
    judged_on: datetime.date
    reason: str
    province: list[ProvinceRegulationRef] = []


class EligibilityOut(Schema):
    item_id: int
    eligible: bool
    regime: RegimeRef | None
    declared_facts: bool
    rules: list[RuleOut]


class NominationTransitionIn(Schema):
    to: NominationStatus
    reason: Text(2000) = ""
    version: int | None = None
    appraiser_id: Id | None = None
    voting_round_id: Id | None = None
    confirm_failures: bool = False


class VerdictIn(Schema):
    item_id: Id
    eligible: bool
    reason: Text(4000) = ""
    justification: Text(4000) = ""


class AppraisalIn(Schema):
    items: list[VerdictIn] = Field(min_length=1, max_length=5000)
    version: int | None = None


class DecisionIn(Schema):
    number: Text(20, min_length=1)
    symbol: Text(60, min_length=1)
    signed_on: OfficialDate
    signer_name: Text(200, min_length=1)
    signer_title: Text(200, min_length=1)
    issuing_authority: Text(255) = ""
    item_ids: list[Id] = Field(min_length=1, max_length=5000)


class DecisionCreated(Schema):
    id: int
    award_ids: list[int]


class DecisionRow(Schema):
    id: int
    number: str = Field(description="Blank until the decision is issued.")
    symbol: str
    signed_on: datetime.date | None
    issuer: str = Field(description="The unit whose head decides, or the province.")
    issuer_unit_id: int | None = Field(description="None: the province.")
    issuing_authority: str
    year: int | None
    status: DecisionStatus


class DecisionFilter(Schema):
    year: Year | None = None
    issuer_unit: Id | None = None
    limit: Limit = 500
    offset: Offset = 0


class DecisionPrepareIn(Schema):
    item_ids: list[Id] = Field(min_length=1, max_length=5000)
    symbol: Text(60, min_length=1)
    issuing_authority: Text(255) = ""
    proposal_number: Text(60) = ""
    proposal_on: OptionalOfficialDate = None


class DecisionState(Schema):
    id: int
    status: DecisionStatus


class SendBackIn(Schema):
    note: Text(2000) = ""


class DecisionIssued(Schema):
    id: int
    status: DecisionStatus
    number: str
    signed_on: datetime.date
    award_ids: list[int]


class AwardOut(Schema):
    id: int
    award_type_id: int
    person_id: int | None
    unit_id: int | None
    year: int
    decision_id: int | None
    decision_reference: str
    recipient_name: str
    status: AwardStatus
    revocation_reason: str


class AwardFilter(Schema):
    person: Id | None = None
    unit: Id | None = None
    year: Year | None = None
    q: Text(200) = ""
    award_type: Id | None = None
    status: AwardStatus | None = None
    limit: Limit = 500
    offset: Offset = 0


class RevokeIn(Schema):
    reason: Text(2000, min_length=1)


class StatRow(Schema):
    key: list[str | int | None]
    total: int
    persons: int
    collectives: int


class StatFilter(Schema):
    group_by: Literal["year", "award_type", "level", "unit"] = "year"
    year_from: Year | None = None
    year_to: Year | None = None


class NominationFilter(Schema):
    status: NominationStatus | None = None
    year: Year | None = None
    unit: Id | None = None
    limit: Limit = 500
    offset: Offset = 0


def _nomination_out(nomination):
    nomination.items_list = selectors.nomination_items(nomination=nomination)
    return {**{f: getattr(nomination, f) for f in (
        "id", "status", "unit_id", "year", "campaign_id", "kind", "title", "version", "submitted_at", "received_on",
        "appraisal_due_on", "appraiser_id", "return_reason", "council_round_id", "council_reference")},
        "route": nomination.route or None, "items": nomination.items_list}


@router.get("/legal-regimes", response=list[LegalRegimeOut], summary="The legal regimes and their periods")
def legal_regimes(request):
    return selectors.legal_regimes(user=request.user)


@router.get("/award-types", response=list[CatalogEntryOut],
            summary="The catalog of titles and forms under the regime in force on a day (today by default)")
def award_types(request, on: datetime.date | None = None):
    return selectors.award_types_on(user=request.user, on=on or timezone.localdate())


@router.get("/nominations", response=list[NominationRow], summary="Dossiers the caller may see")
def nominations(request, response: HttpResponse, filters: Query[NominationFilter]):
    found = selectors.nomination_list(user=request.user, status=filters.status or "", year=filters.year,
                                      unit_id=filters.unit)
    return paged(request, response, found, offset=filters.offset, limit=filters.limit)


@router.post("/nominations", response={201: NominationCreated}, summary="Open a dossier (as a draft)")
def nomination_create(request, payload: NominationIn):
    unit = unit_get(user=request.user, unit_id=payload.unit_id)
    campaign = campaign_get(user=request.user, campaign_id=payload.campaign_id) if payload.campaign_id else None
    nomination = services.nomination_create(by=request.user, unit=unit, year=payload.year, kind=payload.kind,
                                            campaign=campaign, title=payload.title)
    return Status(201, {"id": nomination.pk, "status": nomination.status})


@router.get("/nominations/{nomination_id}", response=NominationOut)
def nomination(request, nomination_id: Path[Id]):
    return _nomination_out(selectors.nomination_get(user=request.user, nomination_id=nomination_id))


@router.post("/nominations/{nomination_id}/items", response={201: Created}, summary="Add a nominee")
def item_add(request, nomination_id: Path[Id], payload: ItemIn):
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    if payload.person_id is None and payload.unit_id is None:
        raise ValidationError({"person_id": [_("Choose a person or a unit.")]})
    award_type = get_object_or_404(AwardType, pk=payload.award_type_id)
    person = person_get(user=request.user, person_id=payload.person_id) if payload.person_id else None
    unit = unit_get(user=request.user, unit_id=payload.unit_id) if payload.unit_id else None
    item = services.item_add(by=request.user, nomination=nomination, award_type=award_type, person=person,
                             unit=unit, achievement=payload.achievement, print_text=payload.print_text)
    return Status(201, {"id": item.pk})


@router.delete("/nominations/{nomination_id}/items/{item_id}", response={204: None}, summary="Remove a nominee")
def item_remove(request, nomination_id: Path[Id], item_id: Path[Id]):
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    item = get_object_or_404(nomination.items, pk=item_id)
    services.item_remove(by=request.user, nomination=nomination, item=item)
    return Status(204, None)


@router.get("/nominations/{nomination_id}/eligibility", response=list[EligibilityOut],
            summary="Each nominee's rules checked now, explained")
def nomination_eligibility(request, nomination_id: Path[Id]):
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    return [{"item_id": item.pk, "eligible": verdict.eligible, "regime": verdict.regime_dict(),
             "declared_facts": verdict.declared_facts, "rules": [node.as_dict() for node in verdict.tree]}
            for item, verdict in selectors.nomination_eligibility(nomination=nomination)]


@router.post("/nominations/{nomination_id}/transition", response=NominationOut, summary="Move the dossier on")
def nomination_transition(request, nomination_id: Path[Id], payload: NominationTransitionIn):
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    appraiser = None
    if payload.appraiser_id:
        # Unknown ids and users outside the office get the same answer: ids of users are not probed through here.
        appraiser = User.objects.filter(pk=payload.appraiser_id).first()
        if appraiser is None:
            raise ValidationError({"appraiser": [_("The appraiser must work in the council office.")]})
    voting_round = council_selectors.voting_round_get(user=request.user, round_id=payload.voting_round_id) \
        if payload.voting_round_id else None
    nomination = services.nomination_transition(by=request.user, nomination=nomination, to=payload.to,
                                                reason=payload.reason, version=payload.version,
                                                appraiser=appraiser, voting_round=voting_round,
                                                confirm_failures=payload.confirm_failures)
    return _nomination_out(nomination)


@router.post("/nominations/{nomination_id}/appraisal", response=NominationOut,
             summary="The appraisal's verdict per nominee")
def nomination_appraisal(request, nomination_id: Path[Id], payload: AppraisalIn):
    nomination = selectors.nomination_get(user=request.user, nomination_id=nomination_id)
    nomination = services.appraisal_record(by=request.user, nomination=nomination,
                                           verdicts=[v.dict() for v in payload.items], version=payload.version)
    return _nomination_out(nomination)


def _award_ids(decision) -> list[int]:
    return list(decision.awards.order_by("id").values_list("id", flat=True))


def _issuer_names(decisions) -> dict[int | None, str]:
    """The issuer's name of each decision: its unit's, or the province's (one query when a decision is the
    province's)."""
    from thidua.org.enums import UnitKind
    from thidua.org.models import Unit

    names: dict[int | None, str] = {d.issuer_unit_id: d.issuer_unit.name for d in decisions if d.issuer_unit_id}
    if any(d.issuer_unit_id is None for d in decisions):
        province = Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("-id").values_list("name", flat=True).first()
        names[None] = province or _("The province")
    return names


@router.get("/decisions", response=list[DecisionRow],
            summary="Decisions the caller may see: the province's and the units' own, in every state")
def decisions(request, response: HttpResponse, filters: Query[DecisionFilter]):
    found = council_selectors.decision_list(user=request.user, year=filters.year, issuer_unit_id=filters.issuer_unit)
    rows = paged(request, response, found, offset=filters.offset, limit=filters.limit)
    names = _issuer_names(rows)
    return [{"id": d.pk, "number": d.number, "symbol": d.symbol, "signed_on": d.signed_on,
             "issuer": names[d.issuer_unit_id], "issuer_unit_id": d.issuer_unit_id,
             "issuing_authority": d.issuing_authority, "year": d.year, "status": d.status} for d in rows]


@router.post("/decisions", response={201: DecisionCreated},
             summary="Record a decision signed on paper, with its scan (multipart): issued at once")
def decision_create(request, payload: Form[DecisionIn], scan: File[UploadedFile] = None):
    decision = services.decision_create(
        by=request.user, number=payload.number, symbol=payload.symbol, signed_on=payload.signed_on,
        signer_name=payload.signer_name, signer_title=payload.signer_title,
        issuing_authority=payload.issuing_authority, items=payload.item_ids, scan=scan)
    return Status(201, {"id": decision.pk, "award_ids": _award_ids(decision)})


@router.post("/decisions/prepare", response={201: DecisionState},
             summary="Prepare a decision over approved nominees and put it before the one who signs it")
def decision_prepare(request, payload: DecisionPrepareIn):
    decision = signing.decision_prepare(by=request.user, item_ids=payload.item_ids, symbol=payload.symbol,
                                        issuing_authority=payload.issuing_authority,
                                        proposal_number=payload.proposal_number, proposal_on=payload.proposal_on)
    return Status(201, {"id": decision.pk, "status": decision.status})


@router.post("/decisions/{decision_id}/sign", response=DecisionState,
             summary="Sign a decision (the Chairman, an authorised Vice-Chairman; a unit's head for its own)")
def decision_sign(request, decision_id: Path[Id]):
    decision = council_selectors.decision_get(user=request.user, decision_id=decision_id)
    decision = signing.decision_sign(by=request.user, decision=decision)
    return {"id": decision.pk, "status": decision.status}


@router.post("/decisions/{decision_id}/send-back", response=DecisionState,
             summary="Send a decision back to whoever prepared it, with a note (the one who signs it)")
def decision_send_back(request, decision_id: Path[Id], payload: SendBackIn):
    decision = council_selectors.decision_get(user=request.user, decision_id=decision_id)
    decision = signing.decision_send_back(by=request.user, decision=decision, note=payload.note)
    return {"id": decision.pk, "status": decision.status}


@router.post("/decisions/{decision_id}/issue", response=DecisionIssued,
             summary="Issue a signed decision: numbered from the issuer's book; its awards enter the registry")
def decision_issue(request, decision_id: Path[Id]):
    decision = council_selectors.decision_get(user=request.user, decision_id=decision_id)
    decision = signing.decision_issue(by=request.user, decision=decision)
    return {"id": decision.pk, "status": decision.status, "number": decision.number,
            "signed_on": decision.signed_on, "award_ids": _award_ids(decision)}


@router.get("/decisions/{decision_id}/document.docx", summary="The decision with its annex, as DOCX (NĐ 30/2020)")
def decision_document(request, decision_id: Path[Id]):
    decision = selectors.decision_get(user=request.user, decision_id=decision_id)
    return file_response(*selectors.decision_document(decision=decision))


@router.get("/decisions/{decision_id}/certificates.pdf",
            summary="Every certificate of an issued decision as one PDF, in the annex's order (blank=1: only the "
            "variable text, for the pre-printed blanks)")
def decision_certificates(request, decision_id: Path[Id], blank: bool = False):
    from thidua.documents.certificate import CertificateFontMissing, batch_file_name, render_certificates

    from .certificates import decision_certificates as printable_awards

    decision, found = printable_awards(user=request.user, decision_id=decision_id)
    try:
        content = render_certificates(found, blank=blank,
                                      title=f"Bằng khen, Giấy khen theo Quyết định số {decision.reference}")
    except CertificateFontMissing as exc:  # a fault of the server's set-up: say so, and that it is temporary
        raise HttpError(503, str(exc)) from exc
    return file_response(content, batch_file_name(decision, blank=blank), inline=True)


@router.get("/awards", response=list[AwardOut], summary="The registry: by person, unit (with merged units), year, "
            "name (diacritics ignored)")
def awards(request, response: HttpResponse, filters: Query[AwardFilter]):
    found = selectors.award_search(user=request.user, person_id=filters.person, unit_id=filters.unit,
                                   year=filters.year, q=filters.q, award_type_id=filters.award_type,
                                   status=filters.status or "")
    return paged(request, response, found, offset=filters.offset, limit=filters.limit)


@router.get("/awards/statistics", response=list[StatRow], summary="Awards counted by year, title, level or unit")
def award_statistics(request, filters: Query[StatFilter]):
    rows = selectors.award_statistics(user=request.user, group_by=filters.group_by, year_from=filters.year_from,
                                      year_to=filters.year_to)
    keys = selectors.STAT_GROUPS[filters.group_by]
    return [{"key": [row[k] for k in keys], "total": row["total"], "persons": row["persons"],
             "collectives": row["collectives"]} for row in rows]


@router.get("/awards/{award_id}", response=AwardOut)
def award(request, award_id: Path[Id]):
    return selectors.award_get(user=request.user, award_id=award_id)


@router.post("/awards/{award_id}/revoke", response=AwardOut, summary="Revoke an award (the record is kept)")
def award_revoke(request, award_id: Path[Id], payload: RevokeIn):
    award = selectors.award_get(user=request.user, award_id=award_id)
    return services.award_revoke(by=request.user, award=award, reason=payload.reason)


@router.get("/awards/{award_id}/certificate.pdf", summary="The printed certificate (Bằng khen, Giấy khen) as PDF "
            "(blank=1: only the variable text, for the pre-printed blank)")
def award_certificate(request, award_id: Path[Id], blank: bool = False):
    from thidua.documents.certificate import CertificateFontMissing, render_certificate
    from thidua.documents.certificate import file_name as certificate_file_name

    award = selectors.award_get(user=request.user, award_id=award_id)
    try:
        content = render_certificate(award, blank=blank)
    except CertificateFontMissing as exc:  # a fault of the server's set-up: say so, and that it is temporary
        raise HttpError(503, str(exc)) from exc
    return file_response(content, certificate_file_name(award, blank=blank), inline=True)
