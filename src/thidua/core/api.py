from django.db import connection
from ninja import Path, Router, Schema

import thidua
from thidua.api.types import Id

router = Router(tags=["system"])


class HealthOut(Schema):
    status: str
    database: str
    version: str


@router.get("/health", response=HealthOut, auth=None, summary="Liveness and the database in use")
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "database": connection.vendor, "version": thidua.__version__}


class JobErrorOut(Schema):
    row: int | None = None
    column: str | None = None
    message: str


class JobOut(Schema):
    id: int
    kind: str
    status: str
    progress: int
    message: str
    errors: list[JobErrorOut]
    result_url: str | None

    @staticmethod
    def resolve_result_url(obj):
        from django.urls import reverse

        return reverse("job_download", args=[obj.pk]) if obj.result else None


@router.get("/jobs/{job_id}", response=JobOut, summary="A background job's status, progress and errors")
def job(request, job_id: Path[Id]):
    from .jobs import job_get

    return job_get(user=request.user, job_id=job_id)
