"""List endpoints page with ``limit`` and ``offset`` and say where the next page is (a ``Link: <…>; rel="next"``
header, RFC 8288) until the last one (issue 16, part 5): following the links gives every row once, in order."""

from __future__ import annotations

import re

import pytest

LINK = re.compile(r'^<(?P<url>[^>]+)>; rel="next"$')


def _follow(client, url: str) -> tuple[list[int], int]:
    """Every id the pages give, following the next links; and how many pages it took."""
    ids, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        ids += [row["id"] for row in response.json()]
        pages += 1
        link = response.headers.get("Link")
        url = LINK.match(link).group("url").replace("http://testserver", "") if link else None
        assert pages < 100
    return ids, pages


@pytest.mark.parametrize("path", ["/api/v1/units", "/api/v1/persons", "/api/v1/awards", "/api/v1/nominations",
                                  "/api/v1/decisions"])
def test_following_the_next_links_gives_every_row_once(province, api_client, path):
    client = api_client("vanphong")
    everything = [row["id"] for row in client.get(f"{path}?limit=1000").json()]
    assert len(everything) >= 3, path
    assert "Link" not in client.get(f"{path}?limit=1000").headers
    ids, pages = _follow(client, f"{path}?limit=2")
    assert ids == everything and pages == (len(everything) + 1) // 2


def test_the_next_link_keeps_the_filters(province, api_client):
    client = api_client("vanphong")
    response = client.get("/api/v1/units?q=huyen&kind=locality&limit=2")
    link = response.headers["Link"]
    assert "q=huyen" in link and "kind=locality" in link and "offset=2" in link and "limit=2" in link
    ids, _pages = _follow(client, "/api/v1/units?q=huyen&kind=locality&limit=2")
    assert ids == [row["id"] for row in client.get("/api/v1/units?q=huyen&kind=locality&limit=1000").json()]


def test_targets_page_for_a_campaign(province, api_client):
    client = api_client("vanphong")
    url = f"/api/v1/targets?campaign={province.campaign_id}"
    everything = [row["id"] for row in client.get(url + "&limit=1000").json()]
    ids, _pages = _follow(client, url + "&limit=50")
    assert ids == everything and len(everything) > 50


def test_a_campaigns_score_sheets_page_with_next_links(province, api_client):
    """The score sheets (every current sheet of a campaign: 2,497 at province scale) page like the other lists."""
    client = api_client("vanphong")
    path = f"/api/v1/campaigns/{province.campaign_id}/score-sheets"
    everything = [row["id"] for row in client.get(f"{path}?limit=1000").json()]
    assert len(everything) >= 3
    ids, pages = _follow(client, f"{path}?limit=2")
    assert ids == everything and pages == (len(everything) + 1) // 2
    assert client.get(f"{path}?limit=0").status_code in (400, 422)
