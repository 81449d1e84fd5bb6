"""The campaign list is paged: 50 campaigns a page, a pager that keeps the search, and a number of queries that
does not grow with the campaigns behind it."""

from __future__ import annotations

import datetime
import html
import re

from tests.support import count_queries, signed_in  # `province` comes from tests/campaigns/conftest.py
from thidua.campaigns.enums import CampaignKind, CampaignStatus
from thidua.campaigns.models import Campaign
from thidua.core.text import fold


def _rows(response, table: str) -> list[str]:
    assert response.status_code == 200
    page = response.content.decode()
    body = page[page.index(table):]
    body = body[body.index("<tbody>"):body.index("</tbody>")]
    return re.findall(r"<tr[ >]", body)


def _pager(response) -> str:
    page = html.unescape(response.content.decode())
    found = re.search(r'<nav class="pager".*?</nav>', page, re.S)
    return found.group(0) if found else ""


def _add_campaigns(province, count: int) -> None:
    Campaign.objects.bulk_create([
        Campaign(code=f"PAGE-{i:03}", title=f"Phong trào phân trang {i}", year=2021, kind=CampaignKind.REGULAR,
                 status=CampaignStatus.LAUNCHED, starts_on=datetime.date(2021, 1, 1),
                 ends_on=datetime.date(2021, 12, 31), issuer_id=province.unit_ids["UBND-BG"],
                 plan_symbol="KH-UBND", search_text=fold(f"PAGE-{i:03} Phong trào phân trang {i}"))
        for i in range(count)
    ])


def test_campaign_list_is_paged_with_a_constant_query_count(province):
    client = signed_in("yenthe")
    before = count_queries(client, "/campaigns/")
    shown = Campaign.objects.count()
    _add_campaigns(province, 120 - shown + 1)  # 121 campaigns: pages of 50, 50 and 21
    assert count_queries(client, "/campaigns/") == before

    first = client.get("/campaigns/")
    assert len(_rows(first, '<table class="table">')) == 50
    assert "?page=2" in _pager(first) and "?page=0" not in _pager(first)
    last = client.get("/campaigns/?page=3")
    assert len(_rows(last, '<table class="table">')) == 21
    assert "?page=2" in _pager(last) and "?page=4" not in _pager(last)


def test_campaign_list_pager_keeps_the_search(province):
    _add_campaigns(province, 60)
    client = signed_in("yenthe")
    found = client.get("/campaigns/?q=phan+trang")
    assert len(_rows(found, '<table class="table">')) == 50
    assert "?q=phan+trang&page=2" in _pager(found)
    second = client.get("/campaigns/?q=phan+trang&page=2")
    assert len(_rows(second, '<table class="table">')) == 10
