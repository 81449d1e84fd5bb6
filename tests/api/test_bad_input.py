"""Bad input to the API: always a 4xx with a JSON ``detail``, never a 500, never a half-written row."""

import json

import pytest

from thidua.accounts.models import ApiToken
from thidua.core.models import AuditEvent

HUGE = "99999999999999999999999"


def token_body(**fields) -> str:
    return json.dumps(fields)


#: (id, body, content type) posted to /api/v1/auth/token.
BAD_TOKEN_REQUESTS = [
    ("malformed-json", '{"username": "yenthe", "password": ', "application/json"),
    ("not-json-at-all", "username=yenthe&password=thidua-demo", "application/json"),
    ("empty-body", "", "application/json"),
    ("json-null", "null", "application/json"),
    ("json-list", "[]", "application/json"),
    ("json-string", '"yenthe"', "application/json"),
    ("username-number", '{"username": 12345, "password": "thidua-demo"}', "application/json"),
    ("username-list", '{"username": ["yenthe"], "password": "thidua-demo"}', "application/json"),
    ("username-object", '{"username": {"$ne": ""}, "password": "thidua-demo"}', "application/json"),
    ("username-null", '{"username": null, "password": "thidua-demo"}', "application/json"),
    ("password-number", '{"username": "yenthe", "password": 123}', "application/json"),
    ("missing-password", '{"username": "yenthe"}', "application/json"),
    ("missing-username", '{"password": "thidua-demo"}', "application/json"),
    ("empty-strings", '{"username": "", "password": ""}', "application/json"),
    ("username-1000-chars", token_body(username="a" * 1000, password="thidua-demo"), "application/json"),
    ("password-10000-chars", token_body(username="yenthe", password="p" * 10000), "application/json"),
    ("nul-escaped-in-username", '{"username": "yen\\u0000the", "password": "thidua-demo"}', "application/json"),
    ("nul-escaped-in-password", '{"username": "yenthe", "password": "thidua\\u0000demo"}', "application/json"),
    ("nul-raw-in-json", '{"username": "yen\x00the", "password": "thidua-demo"}', "application/json"),
    ("form-encoded", "username=yenthe&password=thidua-demo", "application/x-www-form-urlencoded"),
    ("form-encoded-nul", "username=yen%00the&password=x", "application/x-www-form-urlencoded"),
    ("invalid-utf8", b'{"username": "\xff\xfe", "password": "x"}', "application/json"),
]

#: (id, URL) fetched as a signed-in office user.
BAD_GET_REQUESTS = [
    ("campaign-unknown-id", "/api/v1/campaigns/987654321"),
    ("campaign-zero-id", "/api/v1/campaigns/0"),
    ("campaign-negative-id", "/api/v1/campaigns/-1"),
    ("campaign-huge-id", f"/api/v1/campaigns/{HUGE}"),
    ("campaign-max-id-plus-one", "/api/v1/campaigns/9223372036854775808"),
    ("campaign-text-id", "/api/v1/campaigns/abc"),
    ("campaign-decimal-id", "/api/v1/campaigns/1.5"),
    ("unit-unknown-id", "/api/v1/units/987654321"),
    ("unit-negative-id", "/api/v1/units/-5"),
    ("unit-huge-id", f"/api/v1/units/{HUGE}"),
    ("cluster-unknown-id", "/api/v1/clusters/987654321"),
    ("cluster-huge-id", f"/api/v1/clusters/{HUGE}"),
    ("person-unknown-id", "/api/v1/persons/987654321"),
    ("person-negative-id", "/api/v1/persons/-3"),
    ("person-huge-id", f"/api/v1/persons/{HUGE}"),
    ("person-text-id", "/api/v1/persons/an"),
    ("units-q-300-chars", "/api/v1/units?q=" + "a" * 300),
    ("units-q-300-accented-chars", "/api/v1/units?q=" + "%C3%A9" * 300),
    ("units-q-nul", "/api/v1/units?q=a%00b"),
    ("units-q-only-nul", "/api/v1/units?q=%00"),
    ("units-kind-nonsense", "/api/v1/units?kind=nonsense"),
    ("units-limit-zero", "/api/v1/units?limit=0"),
    ("units-limit-huge", f"/api/v1/units?limit={HUGE}"),
    ("units-limit-text", "/api/v1/units?limit=all"),
    ("units-offset-negative", "/api/v1/units?offset=-1"),
    ("units-offset-huge", f"/api/v1/units?offset={HUGE}"),
    ("clusters-year-text", "/api/v1/clusters?year=abc"),
    ("clusters-year-five-digits", "/api/v1/clusters?year=99999"),
    ("clusters-year-negative", "/api/v1/clusters?year=-2021"),
    ("clusters-year-huge", f"/api/v1/clusters?year={HUGE}"),
    ("clusters-year-decimal", "/api/v1/clusters?year=2021.5"),
    ("clusters-kind-nonsense", "/api/v1/clusters?kind=nonsense"),
    ("clusters-year-nul", "/api/v1/clusters?year=2021%00"),
    ("campaigns-q-300-chars", "/api/v1/campaigns?q=" + "x" * 300),
    ("campaigns-q-nul", "/api/v1/campaigns?q=a%00b"),
    ("campaigns-status-nonsense", "/api/v1/campaigns?status=archived"),
    ("path-nul", "/api/v1/campaigns/1%00"),
]

#: (id, method, URL): methods a route does not offer, and paths the API does not have.
WRONG_ROUTES = [
    ("delete-campaigns", "delete", "/api/v1/campaigns"),
    ("put-campaign", "put", "/api/v1/campaigns/1"),
    ("post-units", "post", "/api/v1/units"),
    ("get-token", "get", "/api/v1/auth/token"),
    ("unknown-path", "get", "/api/v1/nothing-here"),
    ("trailing-slash", "get", "/api/v1/campaigns/1/"),
]


def assert_json_refusal(response) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"].strip() != ""


@pytest.mark.parametrize(("body", "content_type"), [(b, c) for _i, b, c in BAD_TOKEN_REQUESTS],
                         ids=[i for i, _b, _c in BAD_TOKEN_REQUESTS])
def test_bad_token_request_is_refused_with_a_json_detail(province, client, body, content_type):
    tokens, events = ApiToken.objects.count(), AuditEvent.objects.count()
    response = client.post("/api/v1/auth/token", data=body, content_type=content_type)
    assert_json_refusal(response)
    assert (ApiToken.objects.count(), AuditEvent.objects.count()) == (tokens, events)


@pytest.mark.parametrize("url", [u for _i, u in BAD_GET_REQUESTS], ids=[i for i, _u in BAD_GET_REQUESTS])
def test_bad_get_request_is_refused_with_a_json_detail(province, api_client, url):
    assert_json_refusal(api_client("vanphong").get(url))


@pytest.mark.parametrize("url", [u for _i, u in BAD_GET_REQUESTS], ids=[i for i, _u in BAD_GET_REQUESTS])
def test_bad_get_request_without_login_is_refused_with_a_json_detail(province, client, url):
    assert_json_refusal(client.get(url))


@pytest.mark.parametrize(("method", "url"), [(m, u) for _i, m, u in WRONG_ROUTES],
                         ids=[i for i, _m, _u in WRONG_ROUTES])
def test_wrong_method_or_path_is_refused_with_a_json_detail(province, api_client, method, url):
    assert_json_refusal(getattr(api_client("vanphong"), method)(url))


def test_validation_error_lists_the_fields(province, api_client):
    response = api_client("vanphong").get("/api/v1/clusters?year=abc&kind=nonsense")
    assert response.status_code == 422
    assert sorted(e["loc"][-1] for e in response.json()["errors"]) == ["kind", "year"]


def test_validation_error_does_not_echo_the_input(province, client):
    secret = "mat-khau-bi-mat-" + "x" * 200
    response = client.post("/api/v1/auth/token", data=token_body(username=secret, password=secret),
                           content_type="application/json")
    assert response.status_code == 422
    assert secret not in response.content.decode()


def test_wrong_password_detail_does_not_echo_the_password(province, client):
    response = client.post("/api/v1/auth/token", data=token_body(username="yenthe", password="doan-mo-123"),
                           content_type="application/json")
    assert "doan-mo-123" not in response.content.decode()
