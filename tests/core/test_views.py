"""Every page for every demo role: allowed → 200, not allowed → 404, anonymous → the login page."""

from urllib.parse import quote

import pytest

from tests.support import DEMO_USERNAMES, signed_in

EVERY_ROLE = set(DEMO_USERNAMES)
SEES_EVERYONE = {"vanphong", "chutich"}

#: page name → (URL for the province, who gets 200); other signed-in users get 404 (or 403).
PAGES = {
    "home": (lambda p: "/", EVERY_ROLE),
    "campaign-list": (lambda p: "/campaigns/", EVERY_ROLE),
    "campaign-seed": (lambda p: f"/campaigns/{p.campaign_id}/", EVERY_ROLE),
    "unit-list": (lambda p: "/units/", EVERY_ROLE),
    "unit-search": (lambda p: "/units/?q=bac+giang", EVERY_ROLE),
    "unit-yen-the": (lambda p: f"/units/{p.unit_ids['H-YT']}/", EVERY_ROLE),
    "unit-so-y-te": (lambda p: f"/units/{p.unit_ids['SYT']}/", EVERY_ROLE),
    "cluster-list": (lambda p: "/clusters/?year=2021", EVERY_ROLE),
    "cluster-one": (lambda p: f"/clusters/{p.cluster_ids['Cụm thi đua số 1']}/", EVERY_ROLE),
    "person-an-yen-the": (lambda p: f"/persons/{p.person_ids['Nguyễn Văn An']}/", SEES_EVERYONE | {"yenthe"}),
    "person-bich-hiep-hoa": (lambda p: f"/persons/{p.person_ids['Đỗ Thị Bích']}/", SEES_EVERYONE | {"hiephoa"}),
    "person-cuong-so-y-te": (lambda p: f"/persons/{p.person_ids['Ngô Đức Cường']}/", SEES_EVERYONE | {"soyte"}),
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_page_access_matrix(province, username, page):
    url, allowed = PAGES[page]
    response = signed_in(username).get(url(province))
    if username in allowed:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
    else:
        assert response.status_code in {403, 404}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_for_anonymous_redirects_to_the_login_page(province, client, page):
    url = PAGES[page][0](province)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url, safe='/')}"


def test_login_page_loads_for_anonymous(db, client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_login_with_the_demo_password_goes_home(province, client):
    response = client.post("/accounts/login/", {"username": "yenthe", "password": "thidua-demo"})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get("/").status_code == 200


def test_login_with_a_wrong_password_stays_on_the_form(province, client):
    response = client.post("/accounts/login/", {"username": "yenthe", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "url",
    ["/campaigns/abc/", "/campaigns/99999999999999999999/", "/campaigns/0/", "/campaigns/-1/",
     "/campaigns/987654321/", "/units/abc/", "/units/99999999999999999999/", "/clusters/1.5/",
     "/persons/99999999999999999999999/", "/persons/987654321/"],
)
def test_bad_ids_in_page_urls_are_404(province, url):
    assert signed_in("vanphong").get(url).status_code == 404


@pytest.mark.parametrize("url", ["/units/?q=%00", "/units/?q=bac%00giang", "/campaigns/?q=%00"])
def test_nul_in_a_page_query_is_400(province, url):
    assert signed_in("vanphong").get(url).status_code == 400


@pytest.mark.parametrize(
    "url",
    ["/units/?q=" + "a" * 300, "/units/?kind=nonsense", "/units/?page=abc", "/units/?page=99999999999999999999",
     "/clusters/?year=abc", "/clusters/?year=99999", "/clusters/?kind=nonsense", "/campaigns/?status=nonsense",
     "/campaigns/?q=" + "x" * 300],
)
def test_bad_filters_on_list_pages_never_fail(province, url):
    """A list page answers a bad filter with the form's message (200) or a 4xx, never a 500."""
    status = signed_in("vanphong").get(url).status_code
    assert status == 200 or 400 <= status < 500


def test_home_of_the_cluster_head_shows_the_cluster_it_heads(province):
    html = signed_in("hiephoa").get("/").content.decode()
    assert "Cụm thi đua số 1" in html
