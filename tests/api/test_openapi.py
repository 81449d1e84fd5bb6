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


# ── schema names and error responses ────────────────────────────────────────────────────────────────────────


def api_schema_classes() -> dict[str, list[str]]:
    """Every ``ninja.Schema`` class of the project's API modules, by class name → where each is defined."""
    import importlib
    import inspect
    import pkgutil

    from ninja import Schema

    import thidua

    found: dict[str, set[str]] = {}
    for module_info in pkgutil.walk_packages(thidua.__path__, "thidua."):
        if not module_info.name.rsplit(".", 1)[-1].endswith("api"):
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Schema) and cls.__module__.startswith("thidua."):
                found.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    return {name: sorted(places) for name, places in found.items()}


def test_no_two_api_schemas_share_a_class_name(db):
    """Two schemas with one name would be merged or renamed in the spec; every class name is one schema."""
    classes = api_schema_classes()
    assert {name: places for name, places in classes.items() if len(places) > 1} == {}
    assert len(classes) > 50


def test_openapi_schema_names_are_plain_class_names(db, client):
    names = set(client.get("/api/v1/openapi.json").json()["components"]["schemas"])
    assert [name for name in names if not re.fullmatch(r"[A-Z][A-Za-z]*", name)] == []
    assert "ErrorOut" in names


def test_openapi_document_is_a_valid_openapi_3_spec(db, client):
    from openapi_spec_validator import validate

    spec = client.get("/api/v1/openapi.json").json()
    validate(spec)  # raises on an invalid document
    assert spec["openapi"].startswith("3.")


def test_error_shape_is_detail_and_errors(db, client):
    error = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["detail", "errors"]
    assert error["properties"]["detail"]["type"] == "string"
    assert error["properties"]["errors"]["type"] == "array"


def test_every_operation_documents_its_error_responses(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    missing = []
    for path, operations in paths.items():
        for method, operation in operations.items():
            expected = {"400"}
            if operation.get("security"):
                expected |= {"401", "403"}
            if "{" in path:
                expected.add("404")
            if "requestBody" in operation:
                expected |= {"413", "422"}
            errors = {status for status in operation["responses"] if status.startswith("4")}
            if not expected <= errors:
                missing.append(f"{method.upper()} {path}: {sorted(expected - errors)}")
            for status in errors:
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (path, status)
    assert missing == []


def test_error_responses_follow_the_operation(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    def errors(path: str, method: str) -> list[str]:
        return sorted(s for s in paths[path][method]["responses"] if s.startswith("4"))

    assert errors("/api/v1/health", "get") == ["400"]
    assert errors("/api/v1/auth/token", "post") == ["400", "413", "422", "429"]  # 429: the sign-in lockout
    assert errors("/api/v1/campaigns/{campaign_id}", "get") == ["400", "401", "403", "404", "422"]
    # Saving points carries the version it was read at: a stale one is a 409.
    assert errors("/api/v1/score-sheets/{sheet_id}/entries", "put") == [
        "400", "401", "403", "404", "409", "413", "422"]
    assert "409" not in errors("/api/v1/nominations", "post")
