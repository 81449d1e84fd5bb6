from django.db import connection
from ninja import Router, Schema

import thidua

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
