import datetime

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from ninja import File, Form, Path, Query, Router, Schema, Status, UploadedFile
from ninja.responses import NinjaJSONEncoder

from thidua.accounts.access import access_of
from thidua.api.types import Id, OfficialDate, Text
from thidua.core.files import file_response
from thidua.org.models import Unit

from . import selectors, services
from .enums import CampaignKind, CampaignStatus, ReceiptDecision, RecipientKind

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


# --- deadlines, submissions, receipts ---------------------------------------------------------------------


class DeadlineIn(Schema):
    code: Text(40, 1)
    title: Text(300, 1)
    due_on: OfficialDate
    description: Text(5000) = ""
    recipients: list[RecipientKind]
    unit_ids: list[Id] = []
    only_unit_ids: list[Id] = []


class DeadlineCreatedOut(Schema):
    id: int
    campaign_id: int
    code: str
    title: str
    due_on: datetime.date
    description: str
    recipients: list[str]


class VersionOut(Schema):
    number: int
    document_number: str
    document_date: datetime.date
    signer: str
    summary: str
    file_name: str
    size: int
    late: bool
    submitted_at: datetime.datetime
    receipts: list[dict]


class SubmissionCreatedOut(Schema):
    id: int
    unit_id: int
    version: int
    status: str
    late: bool
    submitted_at: datetime.datetime


class SubmissionOut(Schema):
    id: int
    deadline_id: int
    unit_id: int
    status: str
    late: bool
    latest_version: int
    versions: list[VersionOut]


class ReceiptCellOut(Schema):
    recipient: str
    decision: str | None
    reason: str
    at: datetime.datetime | None


class OverviewRowOut(Schema):
    unit_id: int
    unit_name: str
    cluster_id: int | None
    status: str
    late: bool
    submission_id: int | None
    submitted_at: datetime.datetime | None
    receipts: list[ReceiptCellOut]


class ReceiptIn(Schema):
    recipient: RecipientKind
    decision: ReceiptDecision
    reason: Text(2000) = ""
    recipient_unit_id: Id | None = None
    version: Id | None = None  # the version decided on; refused when a newer one has been sent since


class ReceiptOut(Schema):
    id: int
    recipient: str
    decision: str
    reason: str
    at: datetime.datetime
    submission_status: str


def _deadline_out(deadline) -> dict:
    return {"id": deadline.pk, "campaign_id": deadline.campaign_id, "code": deadline.code, "title": deadline.title,
            "due_on": deadline.due_on, "description": deadline.description,
            "recipients": [r.unit.name if r.unit_id else r.kind for r in deadline.recipients.all()]}


@router.post("/campaigns/{campaign_id}/deadlines", response={201: DeadlineCreatedOut},
             summary="Create a deadline (council office)")
def deadline_create(request, campaign_id: Path[Id], payload: DeadlineIn):
    campaign = selectors.campaign_get(user=request.user, campaign_id=campaign_id)
    named = list(Unit.objects.filter(pk__in=payload.unit_ids))
    if len(named) != len(set(payload.unit_ids)):
        raise Http404
    only = list(Unit.objects.filter(pk__in=payload.only_unit_ids))
    if len(only) != len(set(payload.only_unit_ids)):
        raise Http404
    deadline = services.deadline_create(
        by=request.user, campaign=campaign, code=payload.code, title=payload.title, due_on=payload.due_on,
        description=payload.description, recipients=[*payload.recipients, *named], only_units=only)
    return Status(201, _deadline_out(deadline))


@router.post("/deadlines/{deadline_id}/submissions", response={201: SubmissionCreatedOut},
             summary="Send the caller's unit's document for a deadline (multipart)")
def submission_create(
    request, deadline_id: Path[Id], document_number: Form[Text(100, 1)], document_date: Form[OfficialDate],
    signer: Form[Text(120, 1)], summary: Form[Text(500, 1)], file: File[UploadedFile],
    unit_id: Form[Id | None] = None,
):
    deadline = selectors.deadline_get(user=request.user, deadline_id=deadline_id)
    unit = selectors.sending_unit(user=request.user, unit_id=unit_id)
    version = services.submission_submit(
        by=request.user, deadline=deadline, unit=unit, document_number=document_number,
        document_date=document_date, signer=signer, summary=summary, file=file)
    submission = version.submission
    return Status(201, {"id": submission.pk, "unit_id": submission.unit_id, "version": version.number,
                 "status": submission.status, "late": version.late, "submitted_at": version.submitted_at})


@router.get("/submissions/{submission_id}", response=SubmissionOut, summary="A submission, its versions and receipts")
def submission_detail(request, submission_id: Path[Id]):
    submission = selectors.submission_get(user=request.user, submission_id=submission_id)
    versions = [
        {"number": v.number, "document_number": v.document_number, "document_date": v.document_date,
         "signer": v.signer, "summary": v.summary, "file_name": v.original_name, "size": v.size, "late": v.late,
         "submitted_at": v.submitted_at,
         "receipts": [{"recipient": r.recipient.kind, "recipient_unit_id": r.recipient_unit_id,
                       "decision": r.decision, "reason": r.reason, "at": r.decided_at.isoformat()}
                      for r in v.receipts.all()]}
        for v in submission.versions.all()
    ]
    return {"id": submission.pk, "deadline_id": submission.deadline_id, "unit_id": submission.unit_id,
            "status": submission.status, "late": submission.late, "latest_version": submission.latest_version,
            "versions": versions}


@router.get("/submissions/{submission_id}/file", summary="The latest version's file (or ?version=N)")
def submission_file(request, submission_id: Path[Id], version: Query[Id | None] = None):
    found = selectors.version_get(user=request.user, submission_id=submission_id, number=version)
    response = FileResponse(found.file.open("rb"), content_type=found.content_type, as_attachment=True,
                            filename=found.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("/deadlines/{deadline_id}/submissions", response=list[OverviewRowOut],
            summary="One row per participating unit the caller may see")
def deadline_submissions(request, deadline_id: Path[Id]):
    deadline = selectors.deadline_get(user=request.user, deadline_id=deadline_id)
    overview = selectors.deadline_overview(user=request.user, deadline=deadline)
    rows = [
        {"unit_id": r.unit_id, "unit_name": r.unit_name, "cluster_id": r.cluster_id, "status": r.status,
         "late": r.late, "submission_id": r.submission_id, "submitted_at": r.submitted_at,
         "receipts": [{"recipient": c.kind, "decision": c.decision or None, "reason": c.reason, "at": c.at}
                      for c in r.receipts]}
        for r in overview.rows
    ]
    # Already in the documented shape: skip re-validating a thousand rows through the response schema.
    return JsonResponse(rows, safe=False, encoder=NinjaJSONEncoder)


@router.post("/submissions/{submission_id}/receipts", response={201: ReceiptOut},
             summary="Record the caller's receipt: accept, or return with a reason")
def receipt_create(request, submission_id: Path[Id], payload: ReceiptIn):
    submission = selectors.submission_get(user=request.user, submission_id=submission_id)
    recipient = selectors.submission_recipient(submission=submission, kind=payload.recipient,
                                               unit_id=payload.recipient_unit_id)
    receipt = services.receipt_record(by=request.user, submission=submission, recipient=recipient,
                                      decision=payload.decision, reason=payload.reason,
                                      version_number=payload.version)
    submission.refresh_from_db()
    return Status(201, {"id": receipt.pk, "recipient": recipient.kind, "decision": receipt.decision,
                 "reason": receipt.reason, "at": receipt.decided_at, "submission_status": submission.status})


def _report(request, deadline_id: int, render, extension: str):
    from .reports import deadline_report_data

    deadline = selectors.deadline_get(user=request.user, deadline_id=deadline_id)
    if not access_of(request.user).sees_everything:
        raise PermissionDenied
    return file_response(render(deadline_report_data(user=request.user, deadline=deadline)),
                         f"bao-cao-{deadline.code.lower()}.{extension}")


@router.get("/deadlines/{deadline_id}/report.docx", summary="The consolidated report (DOCX, NĐ 30/2020 layout)")
def report_docx(request, deadline_id: Path[Id]):
    from thidua.documents.deadline_report import render_docx

    return _report(request, deadline_id, render_docx, "docx")


@router.get("/deadlines/{deadline_id}/report.xlsx", summary="The consolidated table (XLSX)")
def report_xlsx(request, deadline_id: Path[Id]):
    from thidua.documents.deadline_report import render_xlsx

    return _report(request, deadline_id, render_xlsx, "xlsx")
