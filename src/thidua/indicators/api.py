"""API v1 for indicators, targets and progress: thin, everything goes through selectors and services."""

import datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from ninja import File, Path, Query, Router, Schema, Status, UploadedFile
from pydantic import Field

from thidua.api.paging import paged
from thidua.api.types import Id, Limit, Offset, Text
from thidua.campaigns.selectors import campaign_get
from thidua.core.files import file_response

from . import selectors, services
from .enums import Direction, EntrySource, TargetStatus
from .spreadsheet import build_template

router = Router(tags=["targets and progress"])


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit_of_measure: str
    direction: Direction
    aggregation: str
    frequency: str
    content_order: int
    content_area_id: int

    @staticmethod
    def resolve_content_order(obj) -> int:
        return obj.content_area.order


class TargetOut(Schema):
    id: int
    indicator_id: int
    unit_id: int
    baseline: float
    target_value: float
    baseline_on: datetime.date
    due_on: datetime.date
    current_value: float | None
    last_period_end: datetime.date | None
    completion: float | None = Field(description="Raw completion in percent (may be below 0 or above 100).")
    completion_shown: float | None = Field(description="Completion clamped to 0–100, as the pages show it.")
    status: TargetStatus = Field(description="As of today (an unmet target past its due date is off track).")
    approval: str
    version: int

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.shown_status

    @staticmethod
    def resolve_completion_shown(obj):
        return obj.shown


class TargetFilter(Schema):
    campaign: Id
    unit: Id | None = None
    cluster: Id | None = None
    indicator: Id | None = None
    status: TargetStatus | None = None
    limit: Limit = 500
    offset: Offset = 0


class ProgressIn(Schema):
    period_end: datetime.date  # the domain refuses a future period and one before the baseline
    value: Decimal = Field(max_digits=30, decimal_places=10)
    note: Text(1000) = ""
    version: int = Field(ge=1)


class ProgressOut(Schema):
    entry_id: int
    completion: float | None
    completion_shown: float | None
    status: TargetStatus
    version: int


class ProgressEntryOut(Schema):
    id: int
    period_end: datetime.date
    value: float
    note: str
    is_current: bool
    source: EntrySource
    completion: float | None
    entered_by: str | None
    created_at: datetime.datetime
    replaces_id: int | None

    @staticmethod
    def resolve_entered_by(obj):
        return obj.entered_by.get_full_name() or obj.entered_by.username if obj.entered_by_id else None


class TargetDetailOut(TargetOut):
    entries: list[ProgressEntryOut] = Field(
        description="Every value ever recorded, replaced ones included, newest first.")

    @staticmethod
    def resolve_entries(obj):
        return obj.entries_list


class SummaryRowOut(Schema):
    id: int | None = Field(description="Content area, cluster/block or unit id (null: units in no cluster).")
    name: str
    targets: int
    achieved: int
    on_track: int
    at_risk: int
    off_track: int
    no_data: int
    lagging: int
    average_completion: float | None


class SummaryOut(Schema):
    group_by: str
    as_of: datetime.date
    totals: SummaryRowOut
    groups: list[SummaryRowOut]


class JobCreatedOut(Schema):
    job_id: int


def _row(row) -> dict:
    return {"id": row.key, "name": row.name, "targets": row.targets, "achieved": row.achieved,
            "on_track": row.on_track, "at_risk": row.at_risk, "off_track": row.off_track, "no_data": row.no_data,
            "lagging": row.lagging, "average_completion": row.average_completion}


@router.get("/campaigns/{campaign_id}/indicators", response=list[IndicatorOut],
            summary="A campaign's indicators, in content-area order")
def indicators(request, campaign_id: Path[Id]):
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    return list(selectors.indicator_list(campaign=campaign))


@router.get("/targets", response=list[TargetOut], summary="Approved targets the caller may see, with their status")
def targets(request, response: HttpResponse, filters: Query[TargetFilter]):
    campaign = campaign_get(user=request.user, campaign_id=filters.campaign)
    found = selectors.target_list(user=request.user, campaign=campaign, unit_id=filters.unit,
                                  cluster_id=filters.cluster, indicator_id=filters.indicator,
                                  status=filters.status or "")
    return paged(request, response, found, offset=filters.offset, limit=filters.limit)


@router.get("/targets/{target_id}", response=TargetDetailOut, summary="A target with every value ever recorded")
def target(request, target_id: Path[Id]):
    found = selectors.target_get(user=request.user, target_id=target_id)
    found.entries_list = selectors.target_history(target=found)
    return found


@router.post("/targets/{target_id}/progress", response={201: ProgressOut},
             summary="Record a value (409 if the version is stale)")
def progress_add(request, target_id: Path[Id], data: ProgressIn):
    found = selectors.target_get(user=request.user, target_id=target_id)
    entry = services.progress_record(by=request.user, target=found, period_end=data.period_end, value=data.value,
                                     note=data.note, version=data.version, source=EntrySource.API)
    fresh = selectors.target_get(user=request.user, target_id=target_id)
    return Status(201, {"entry_id": entry.pk, "completion": fresh.completion, "completion_shown": fresh.shown,
                        "status": fresh.shown_status, "version": fresh.version})


@router.get("/campaigns/{campaign_id}/progress-summary", response=SummaryOut,
            summary="Counts by status and mean completion, by content area, cluster/block or unit")
def progress_summary(request, campaign_id: Path[Id], group_by: Literal["content", "cluster", "unit"] = "content",
                     cluster: Id | None = None):
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    groups = selectors.progress_summary(user=request.user, campaign=campaign, group_by=group_by, cluster_id=cluster)
    totals = selectors.progress_totals(user=request.user, campaign=campaign, cluster_id=cluster)
    return {"group_by": group_by, "as_of": selectors.as_of(campaign), "totals": _row(totals),
            "groups": [_row(g) for g in groups]}


@router.get("/campaigns/{campaign_id}/lagging", response=list[TargetOut],
            summary="Targets at risk or off track, furthest behind first")
def lagging(request, campaign_id: Path[Id], cluster: Id | None = None, unit: Id | None = None,
            limit: Limit = 200, offset: Offset = 0):
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    found = selectors.lagging_targets(user=request.user, campaign=campaign, cluster_id=cluster, unit_id=unit)
    return list(found[offset:offset + limit])


@router.get("/campaigns/{campaign_id}/progress-template.xlsx",
            summary="The workbook to fill: the caller's targets, for one unit, a cluster/block or all")
def progress_template(request, campaign_id: Path[Id], unit: Id | None = None, cluster: Id | None = None):
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    content = build_template(
        title=campaign.title,
        rows=selectors.template_rows(user=request.user, campaign=campaign, unit_id=unit, cluster_id=cluster),
    )
    return file_response(content, f"so-lieu-{campaign.code.lower()}.xlsx")


@router.post("/campaigns/{campaign_id}/progress-import", response={202: JobCreatedOut},
             summary="Upload a filled workbook; it is checked and saved by a background job")
def progress_import(request, campaign_id: Path[Id], file: File[UploadedFile]):
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    job = services.progress_import_start(by=request.user, campaign=campaign, file=file)
    return Status(202, {"job_id": job.pk})
