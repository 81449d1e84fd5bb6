"""Who may read what through the API: every demo role and anonymous against every endpoint.

The unit directory, clusters and launched campaigns are open to every signed-in role; people are personal
data (the office and the leadership see all, a unit's staff see that unit's people); drafts are seen only by
the office and the leadership. What a user may not see is a 404, as if it did not exist.
"""

import pytest

from tests.support import DEMO_USERNAMES
from thidua.accounts.models import User
from thidua.campaigns import services as campaign_services
from thidua.org.models import Person

ROLES = [*DEMO_USERNAMES, None]
EVERY_ROLE = set(DEMO_USERNAMES)
SEES_EVERYONE = {"vanphong", "chutich"}

#: endpoint name → (URL for the province, who gets 200); everyone else gets 401 (anonymous) or 404.
ENDPOINTS = {
    "health": (lambda p: "/api/v1/health", EVERY_ROLE | {None}),
    "openapi": (lambda p: "/api/v1/openapi.json", EVERY_ROLE | {None}),
    "campaigns": (lambda p: "/api/v1/campaigns", EVERY_ROLE),
    "campaign": (lambda p: f"/api/v1/campaigns/{p.campaign_id}", EVERY_ROLE),
    "units": (lambda p: "/api/v1/units?q=bac giang", EVERY_ROLE),
    "unit": (lambda p: f"/api/v1/units/{p.unit_ids['H-HH']}", EVERY_ROLE),
    "clusters": (lambda p: "/api/v1/clusters?year=2021", EVERY_ROLE),
    "cluster": (lambda p: f"/api/v1/clusters/{p.cluster_ids['Khối văn hóa - xã hội']}", EVERY_ROLE),
    "person-an-yen-the": (lambda p: f"/api/v1/persons/{p.person_ids['Nguyễn Văn An']}",
                          SEES_EVERYONE | {"yenthe"}),
    "person-bich-hiep-hoa": (lambda p: f"/api/v1/persons/{p.person_ids['Đỗ Thị Bích']}",
                             SEES_EVERYONE | {"hiephoa"}),
    "person-cuong-so-y-te": (lambda p: f"/api/v1/persons/{p.person_ids['Ngô Đức Cường']}",
                             SEES_EVERYONE | {"soyte"}),
}


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
@pytest.mark.parametrize("username", ROLES, ids=lambda u: u or "anonymous")
def test_permission_matrix(province, api_client, username, endpoint):
    url, allowed = ENDPOINTS[endpoint]
    response = api_client(username).get(url(province))
    if username in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == (401 if username is None else 404)
        assert response.json()["detail"] != ""


def test_permission_matrix_covers_every_api_route(db, client):
    """A new endpoint must be added to the matrix above."""
    documented = set(client.get("/api/v1/openapi.json").json()["paths"])
    covered = {"/api/v1/health", "/api/v1/openapi.json", "/api/v1/auth/token", "/api/v1/campaigns",
               "/api/v1/campaigns/{campaign_id}", "/api/v1/units", "/api/v1/units/{unit_id}", "/api/v1/clusters",
               "/api/v1/clusters/{cluster_id}", "/api/v1/persons/{person_id}"}
    assert documented <= covered


@pytest.mark.parametrize(
    "url",
    ["/api/v1/campaigns", "/api/v1/campaigns/1", "/api/v1/units", "/api/v1/units/1", "/api/v1/clusters",
     "/api/v1/clusters?year=2021", "/api/v1/clusters/1", "/api/v1/persons/1"],
)
def test_everything_but_health_needs_a_login(province, client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.json()["detail"] != ""


def test_anonymous_sees_no_data_in_the_401(province, client):
    assert "Bắc Giang" not in client.get("/api/v1/units?q=bac giang").content.decode()


# --- drafts ----------------------------------------------------------------------------------------------------


@pytest.fixture
def draft_id(province) -> int:
    return campaign_services.campaign_create(by=None, code="KH-NHAP", title="Kế hoạch thi đua (dự thảo)",
                                             year=2021).pk


@pytest.mark.parametrize("username", sorted(SEES_EVERYONE))
def test_draft_campaign_is_seen_by_the_office_and_the_leadership(province, api_client, draft_id, username):
    client = api_client(username)
    assert [c["code"] for c in client.get("/api/v1/campaigns").json()] == ["KH-NHAP", "NR-2021"]
    response = client.get(f"/api/v1/campaigns/{draft_id}")
    assert response.status_code == 200
    assert (response.json()["code"], response.json()["status"]) == ("KH-NHAP", "draft")


@pytest.mark.parametrize("username", ["yenthe", "soyte", "hiephoa", "thanhvien"])
def test_draft_campaign_is_hidden_from_other_roles(province, api_client, draft_id, username):
    client = api_client(username)
    assert [c["code"] for c in client.get("/api/v1/campaigns").json()] == ["NR-2021"]
    assert [c["code"] for c in client.get("/api/v1/campaigns?status=draft").json()] == []
    assert [c["code"] for c in client.get("/api/v1/campaigns?q=du thao").json()] == []
    response = client.get(f"/api/v1/campaigns/{draft_id}")
    assert response.status_code == 404
    assert response.json()["detail"] != ""


def test_draft_campaign_hidden_answer_equals_a_missing_campaign(province, api_client, draft_id):
    client = api_client("yenthe")
    hidden = client.get(f"/api/v1/campaigns/{draft_id}")
    missing = client.get("/api/v1/campaigns/987654321")
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


def test_draft_campaign_once_launched_is_seen_by_everyone(province, api_client, draft_id):
    from thidua.campaigns.models import Campaign

    draft = Campaign.objects.get(pk=draft_id)
    campaign_services.content_area_add(by=None, campaign=draft, order=1, title="Nội dung", body="Nội dung")
    campaign_services.campaign_transition(by=None, campaign=draft, to="launched")
    assert api_client("yenthe").get(f"/api/v1/campaigns/{draft_id}").status_code == 200


# --- people ----------------------------------------------------------------------------------------------------


def test_clerk_reads_a_person_of_the_own_unit(province, api_client):
    response = api_client("yenthe").get(f"/api/v1/persons/{province.person_ids['Nguyễn Văn An']}")
    assert response.status_code == 200
    assert response.json() == {"id": province.person_ids["Nguyễn Văn An"], "full_name": "Nguyễn Văn An",
                               "date_of_birth": None}


@pytest.mark.parametrize("full_name", ["Đỗ Thị Bích", "Ngô Đức Cường"])
def test_clerk_cannot_read_another_units_person(province, api_client, full_name):
    response = api_client("yenthe").get(f"/api/v1/persons/{province.person_ids[full_name]}")
    assert response.status_code == 404


@pytest.mark.parametrize("username", sorted(SEES_EVERYONE))
def test_office_and_leadership_read_every_person(province, api_client, username):
    client = api_client(username)
    for full_name, person_id in province.person_ids.items():
        response = client.get(f"/api/v1/persons/{person_id}")
        assert (response.status_code, response.json()["full_name"]) == (200, full_name)


def test_clerk_walking_through_person_ids_gets_only_the_own_units_people(province, api_client):
    """An attacker's loop: ids 1..50 (and every real id, wherever the sequence stands) as the Yên Thế clerk."""
    client = api_client("yenthe")
    ids = set(range(1, 51)) | set(Person.objects.values_list("pk", flat=True))
    readable = {i for i in sorted(ids) if client.get(f"/api/v1/persons/{i}").status_code == 200}
    assert readable == {province.person_ids["Nguyễn Văn An"]}


# --- a signed-in user without any role -------------------------------------------------------------------------


def test_user_without_a_role_sees_nothing(province, api_client):
    User.objects.create_user(username="norole", password="thidua-demo")
    client = api_client("norole")
    assert client.get("/api/v1/campaigns").json() == []
    assert client.get("/api/v1/units").json() == []
    assert client.get("/api/v1/clusters?year=2021").json() == []
    assert client.get(f"/api/v1/campaigns/{province.campaign_id}").status_code == 404
    assert client.get(f"/api/v1/persons/{province.person_ids['Nguyễn Văn An']}").status_code == 404
