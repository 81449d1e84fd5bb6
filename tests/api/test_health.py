"""GET /api/v1/health answers without a login and names the database in use."""

from django.db import connection

import thidua


def test_health_without_login_reports_ok_database_and_version(db, client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor, "version": thidua.__version__}


def test_health_database_is_sqlite_or_postgresql(db, client):
    assert client.get("/api/v1/health").json()["database"] in {"sqlite", "postgresql"}


def test_health_with_a_bad_token_still_answers(db, client):
    response = client.get("/api/v1/health", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 200
