"""NUL characters in the URL, query string or a form are refused with a 400 and a JSON detail."""

import pytest

from tests.support import signed_in


@pytest.mark.parametrize(
    "url",
    ["/units/?q=%00", "/units/?q=a%00b", "/campaigns/?q=%00", "/clusters/?year=2021%00", "/api/v1/units?q=a%00b",
     "/api/v1/health?x=%00", "/units/%00/"],
)
def test_nul_in_url_is_refused_with_400(province, url):
    response = signed_in("vanphong").get(url)
    assert response.status_code == 400
    assert response.json()["detail"] != ""
    assert response.json()["errors"] == []


def test_nul_in_urlencoded_login_form_is_refused_with_400(province, client):
    response = client.post("/accounts/login/", "username=van%00phong&password=thidua-demo",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response.json()["detail"] != ""


def test_nul_in_multipart_login_form_signs_nobody_in(province, client):
    response = client.post("/accounts/login/", {"username": "van\x00phong", "password": "thidua-demo"})
    assert response.status_code in {200, 400}
    assert "_auth_user_id" not in client.session


def test_nul_in_query_is_refused_before_login(province, client):
    response = client.get("/units/?q=%00")
    assert response.status_code == 400

