import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema
from pydantic import Field

from thidua.api.paging import paged
from thidua.api.types import Id, Limit, Offset, Text, Year

from . import selectors
from .enums import ClusterKind, UnitKind

router = Router(tags=["organisation"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: UnitKind
    parent_id: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None


class UnitFilter(Schema):
    q: Text(200) = ""
    kind: UnitKind | None = None
    limit: Limit = 200
    offset: Offset = 0


class ClusterFilter(Schema):
    year: Year | None = None
    kind: ClusterKind | None = None


class ClusterOut(Schema):
    id: int
    name: str
    kind: ClusterKind
    year: int
    head_unit_id: int | None
    deputy_unit_id: int | None
    member_unit_ids: list[int]

    @staticmethod
    def resolve_member_unit_ids(obj) -> list[int]:
        return [m.unit_id for m in obj.memberships.all()]


class PersonOut(Schema):
    id: int
    full_name: str
    date_of_birth: datetime.date | None


@router.get("/units", response=list[UnitOut], summary="Units; q ignores case and diacritics")
def units(request: HttpRequest, response: HttpResponse, filters: Query[UnitFilter]):
    found = selectors.unit_search(user=request.user, q=filters.q, kind=filters.kind or "")
    return paged(request, response, found, offset=filters.offset, limit=filters.limit)


@router.get("/units/{unit_id}", response=UnitOut)
def unit(request: HttpRequest, unit_id: Path[Id]):
    return selectors.unit_get(user=request.user, unit_id=unit_id)


@router.get("/clusters", response=list[ClusterOut], summary="Clusters and blocks with their heads and members")
def clusters(request: HttpRequest, filters: Query[ClusterFilter]):
    found = selectors.cluster_list(user=request.user, year=filters.year, kind=filters.kind or "", members="ids")
    return list(found)


@router.get("/clusters/{cluster_id}", response=ClusterOut)
def cluster(request: HttpRequest, cluster_id: Path[Id]):
    return selectors.cluster_get(user=request.user, cluster_id=cluster_id, members="ids")


class PersonRow(Schema):
    id: int
    full_name: str
    birth_date: datetime.date | None = Field(None, alias="date_of_birth")
    unit_id: int | None


class PersonFilter(Schema):
    q: Text(200) = ""
    unit: Id | None = None
    limit: Limit = 100
    offset: Offset = 0


@router.get("/persons", response=list[PersonRow], summary="People; q ignores diacritics; unit: works there now")
def persons(request: HttpRequest, response: HttpResponse, filters: Query[PersonFilter]):
    found = selectors.person_list(user=request.user, q=filters.q, unit_id=filters.unit)
    return paged(request, response, found, offset=filters.offset, limit=filters.limit)


@router.get("/persons/{person_id}", response=PersonOut, summary="A person, if the caller may see them")
def person(request: HttpRequest, person_id: Path[Id]):
    return selectors.person_get(user=request.user, person_id=person_id)
