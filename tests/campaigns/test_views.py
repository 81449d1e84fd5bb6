"""The campaign pages: the plan as the seed has it, drafts hidden, transitions by the office only."""

import html

import pytest
from django.utils import translation

from tests.support import add_children, count_queries, grow, signed_in
from thidua.campaigns import services
from thidua.campaigns.enums import RecipientKind
from thidua.campaigns.models import Campaign
from thidua.org.models import Cluster, Unit


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def seed_page(province) -> str:
    response = signed_in("vanphong").get(f"/campaigns/{province.campaign_id}/")
    assert response.status_code == 200
    return page_text(response)


def test_campaign_page_shows_the_nine_content_area_titles(province, seed_page):
    titles = list(province.campaign().contents.order_by("order").values_list("title", flat=True))
    assert len(titles) == 9
    assert [t for t in titles if t not in seed_page] == []


def test_campaign_page_shows_the_deadline_date(seed_page):
    assert "30/09/2021" in seed_page


def test_campaign_page_shows_both_recipients(seed_page):
    with translation.override("vi"):
        labels = [str(RecipientKind.CLUSTER_HEAD.label), str(RecipientKind.COUNCIL_OFFICE.label)]
    assert [label for label in labels if label not in seed_page] == []


def test_campaign_page_shows_the_title_theme_legal_basis_and_signer(seed_page):
    assert "Phát động đợt thi đua “nước rút” - chiến thắng đại dịch COVID-19" in seed_page
    assert "Thi đua chiến thắng đại dịch COVID-19, thực hiện thắng lợi các nhiệm vụ" in seed_page
    assert "1497/QĐ-TTg ngày 10/9/2021" in seed_page
    assert "Lê Ánh Dương" in seed_page


def test_campaign_page_lists_the_participating_clusters(seed_page):
    for name in ["Cụm thi đua số 1", "Khối văn hóa - xã hội", "UBND huyện Yên Thế"]:
        assert name in seed_page


def test_campaign_list_page_shows_the_seed_campaign(province):
    text = page_text(signed_in("yenthe").get("/campaigns/"))
    assert "NR-2021" in text
    assert f"/campaigns/{province.campaign_id}/" in text


@pytest.fixture
def draft(province) -> Campaign:
    return services.campaign_create(by=None, code="KH-NHAP", title="Kế hoạch thi đua (dự thảo)", year=2021)


@pytest.mark.parametrize("username", ["vanphong", "chutich"])
def test_draft_campaign_page_is_seen_by_the_office_and_the_leadership(draft, username):
    client = signed_in(username)
    assert client.get(f"/campaigns/{draft.pk}/").status_code == 200
    assert "KH-NHAP" in page_text(client.get("/campaigns/"))


@pytest.mark.parametrize("username", ["yenthe", "soyte", "hiephoa", "thanhvien"])
def test_draft_campaign_page_is_hidden_from_other_roles(draft, username):
    client = signed_in(username)
    assert client.get(f"/campaigns/{draft.pk}/").status_code == 404
    assert "KH-NHAP" not in page_text(client.get("/campaigns/"))
    assert "KH-NHAP" not in page_text(client.get("/campaigns/?status=draft"))


def test_transition_by_the_office_moves_the_campaign(province):
    response = signed_in("vanphong").post(f"/campaigns/{province.campaign_id}/transition/", {"to": "evaluating"})
    assert (response.status_code, response["Location"]) == (302, f"/campaigns/{province.campaign_id}/")
    assert Campaign.objects.get(pk=province.campaign_id).status == "evaluating"


def test_transition_not_in_the_table_leaves_the_status(province):
    response = signed_in("vanphong").post(f"/campaigns/{province.campaign_id}/transition/", {"to": "closed"})
    assert response.status_code == 302
    assert Campaign.objects.get(pk=province.campaign_id).status == "launched"


def test_transition_to_an_unknown_status_is_400(province):
    response = signed_in("vanphong").post(f"/campaigns/{province.campaign_id}/transition/", {"to": "archived"})
    assert response.status_code == 400
    assert Campaign.objects.get(pk=province.campaign_id).status == "launched"


@pytest.mark.parametrize("username", ["yenthe", "hiephoa", "soyte", "chutich", "thanhvien"])
def test_transition_by_another_role_is_403(province, username):
    response = signed_in(username).post(f"/campaigns/{province.campaign_id}/transition/", {"to": "evaluating"})
    assert response.status_code == 403
    assert Campaign.objects.get(pk=province.campaign_id).status == "launched"


def test_transition_of_a_hidden_draft_by_a_clerk_is_404(draft):
    response = signed_in("yenthe").post(f"/campaigns/{draft.pk}/transition/", {"to": "launched"})
    assert response.status_code == 404


def test_transition_by_get_moves_nothing_and_goes_back_to_the_campaign(province):
    from thidua.campaigns.models import Campaign

    before = Campaign.objects.get(pk=province.campaign_id).status
    response = signed_in("vanphong").get(f"/campaigns/{province.campaign_id}/transition/")
    assert (response.status_code, response["Location"]) == (302, f"/campaigns/{province.campaign_id}/")
    assert Campaign.objects.get(pk=province.campaign_id).status == before


@pytest.mark.parametrize("url", ["/campaigns/", "/campaigns/?status=launched", "/"])
def test_campaign_list_page_query_count_does_not_grow_with_the_data(province, url):
    clients = {username: signed_in(username) for username in ("vanphong", "yenthe")}
    before = {username: count_queries(client, url) for username, client in clients.items()}
    grow(province, factor=10)
    assert {username: count_queries(client, url) for username, client in clients.items()} == before


def test_campaign_page_query_count_does_not_grow_with_other_campaigns(province):
    client = signed_in("vanphong")
    url = f"/campaigns/{province.campaign_id}/"
    before = count_queries(client, url)
    grow(province, factor=10)
    assert count_queries(client, url) == before


def test_campaign_page_query_count_does_not_grow_with_its_own_parts(province):
    """Ten times the content areas, deadlines, recipients, participants and distribution lines of the campaign."""
    client = signed_in("vanphong")
    campaign = province.campaign()
    spare = list(Unit.objects.filter(clusters__isnull=True).order_by("pk"))
    add_children(campaign, clusters=[], units=spare[:1], factor=1)
    url = f"/campaigns/{campaign.pk}/"
    before = count_queries(client, url)
    grow(province, factor=10)
    add_children(campaign, clusters=list(Cluster.objects.filter(name__startswith="Cụm tăng trưởng")),
                 units=list(Unit.objects.filter(code__startswith="GROW-", clusters__isnull=True).order_by("pk")),
                 factor=10)
    assert campaign.contents.count() == 108
    assert count_queries(client, url) == before
