"""The OpenAPI document and the docs page, served from the project's own files (no CDN)."""

import re


def test_openapi_is_json_listing_the_api_paths(db, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    paths = set(response.json()["paths"])
    assert {"/api/v1/health", "/api/v1/auth/token", "/api/v1/campaigns", "/api/v1/campaigns/{campaign_id}",
            "/api/v1/units", "/api/v1/clusters"} <= paths


def test_openapi_declares_the_bearer_scheme(db, client):
    schemes = client.get("/api/v1/openapi.json").json()["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["BearerAuth"].items()


def test_openapi_health_and_token_need_no_login(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "security" not in paths["/api/v1/health"]["get"]
    assert "security" not in paths["/api/v1/auth/token"]["post"]
    assert paths["/api/v1/campaigns"]["get"]["security"] != []


def test_docs_page_loads_without_a_cdn(db, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets != []
    assert [a for a in assets if a.startswith(("http://", "https://", "//"))] == []
