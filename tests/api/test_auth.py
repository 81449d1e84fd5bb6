"""POST /api/v1/auth/token and the bearer token: good password → token, anything else → a JSON refusal."""

import datetime
import json

import pytest
from django.utils import timezone

from thidua.accounts.models import ApiToken, User


def post_token(client, username, password):
    return client.post("/api/v1/auth/token", data=json.dumps({"username": username, "password": password}),
                       content_type="application/json")


def test_token_with_the_right_password_is_issued(province, client):
    response = post_token(client, "yenthe", "thidua-demo")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["token"]
    assert len(body["token"]) >= 32
    assert ApiToken.objects.get(key_hash=ApiToken.hash(body["token"])).user.username == "yenthe"


def test_token_opens_the_api(province, client):
    token = post_token(client, "yenthe", "thidua-demo").json()["token"]
    response = client.get("/api/v1/campaigns", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert [c["code"] for c in response.json()] == ["NR-2021"]


def test_two_logins_get_two_different_tokens(province, client):
    first = post_token(client, "yenthe", "thidua-demo").json()["token"]
    second = post_token(client, "yenthe", "thidua-demo").json()["token"]
    assert first != second


@pytest.mark.parametrize(("username", "password"), [("yenthe", "wrong"), ("yenthe", "THIDUA-DEMO"),
                                                    ("nobody", "thidua-demo"), ("YENTHE", "thidua-demo")])
def test_token_with_wrong_credentials_is_refused_with_a_detail(province, client, username, password):
    response = post_token(client, username, password)
    assert response.status_code in {401, 403}
    assert isinstance(response.json()["detail"], str)
    assert response.json()["detail"] != ""
    assert ApiToken.objects.count() == 0


def test_token_refusal_is_the_same_for_unknown_user_and_wrong_password(province, client):
    """No username enumeration: both answers are identical."""
    wrong_password = post_token(client, "yenthe", "wrong")
    unknown_user = post_token(client, "nobody", "wrong")
    assert (wrong_password.status_code, wrong_password.json()) == (unknown_user.status_code, unknown_user.json())


def test_token_for_an_inactive_user_is_refused(province, client):
    User.objects.filter(username="yenthe").update(is_active=False)
    assert post_token(client, "yenthe", "thidua-demo").status_code in {401, 403}


def test_expired_token_is_refused_with_401(province, api_client):
    client = api_client("yenthe")
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get("/api/v1/campaigns")
    assert response.status_code == 401
    assert response.json()["detail"] != ""


def test_token_of_a_deactivated_user_is_refused_with_401(province, api_client):
    client = api_client("yenthe")
    User.objects.filter(username="yenthe").update(is_active=False)
    assert client.get("/api/v1/campaigns").status_code == 401


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer ", "Basic eWVudGhlOnRoaWR1YS1kZW1v",
                                    "Token abc", "Bearer " + "x" * 5000])
def test_bad_authorization_header_is_refused_with_401(province, client, header):
    response = client.get("/api/v1/campaigns", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"] != ""


def test_web_session_also_opens_the_api(province, login):
    response = login("soyte").get("/api/v1/units?kind=province")
    assert response.status_code == 200
    assert [u["code"] for u in response.json()] == ["UBND-BG", "UBND-BN"]
