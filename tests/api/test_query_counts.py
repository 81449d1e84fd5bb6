"""Query counts of the API do not grow with the data: the same count on the demo and on ten times the demo."""

import pytest

from tests.support import add_children, count_queries, grow
from thidua.campaigns.models import Campaign
from thidua.org.models import Cluster, Unit

LIST_URLS = [
    "/api/v1/campaigns",
    "/api/v1/campaigns?q=thi dua",
    "/api/v1/units",
    "/api/v1/units?q=bac giang",
    "/api/v1/units?kind=locality",
    "/api/v1/clusters?year=2021",
    "/api/v1/clusters",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_query_count_does_not_grow_with_the_data(province, api_client, url):
    clients = {username: api_client(username) for username in ("vanphong", "yenthe")}
    before = {username: count_queries(client, url) for username, client in clients.items()}
    grow(province, factor=10)
    assert {username: count_queries(client, url) for username, client in clients.items()} == before


def test_grow_really_adds_ten_times_the_rows(province, api_client):
    """The guard above means something only if the lists are longer afterwards."""
    client = api_client("vanphong")
    lengths = [len(client.get(url).json()) for url in ("/api/v1/campaigns", "/api/v1/clusters?year=2021")]
    grow(province, factor=10)
    assert [len(client.get(url).json()) for url in ("/api/v1/campaigns", "/api/v1/clusters?year=2021")] == [
        lengths[0] * 11, lengths[1] * 11]
    assert Unit.objects.count() == 56 * 11


def test_campaign_detail_query_count_does_not_grow_with_other_campaigns(province, api_client):
    clients = {username: api_client(username) for username in ("vanphong", "yenthe")}
    url = f"/api/v1/campaigns/{province.campaign_id}"
    before = {username: count_queries(client, url) for username, client in clients.items()}
    grow(province, factor=10)
    assert {username: count_queries(client, url) for username, client in clients.items()} == before


def test_campaign_detail_query_count_does_not_grow_with_its_own_parts(province, api_client):
    """Ten times the content areas, deadlines, recipients, participants and distribution lines of one campaign."""
    clients = {username: api_client(username) for username in ("vanphong", "yenthe")}
    campaign = Campaign.objects.get(pk=province.campaign_id)
    spare = list(Unit.objects.filter(clusters__isnull=True).order_by("pk"))
    add_children(campaign, clusters=[], units=spare[:1], factor=1)
    url = f"/api/v1/campaigns/{campaign.pk}"
    before = {username: count_queries(client, url) for username, client in clients.items()}
    grow(province, factor=10)
    extra_clusters = list(Cluster.objects.filter(name__startswith="Cụm tăng trưởng"))
    loose = list(Unit.objects.filter(code__startswith="GROW-", clusters__isnull=True).order_by("pk"))
    add_children(campaign, clusters=extra_clusters, units=loose, factor=10)
    detail = clients["vanphong"].get(url).json()
    assert (len(detail["contents"]), len(detail["deadlines"]), len(detail["distribution"])) == (108, 12, 120)
    assert len(detail["participants"]) == 54 + 1 + 5 * len(extra_clusters) + 50
    assert {username: count_queries(client, url) for username, client in clients.items()} == before
