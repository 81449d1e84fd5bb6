"""An indicator's targets are paged (issue 16, part 5: 828 ms and 1.3 MB of HTML for 1,000 units on one page): the
office's grid shows and saves 50 participants a page, in the same order as before; a row of another page posted on
this one is refused and saves nothing; a reader's table is paged too; the queries do not grow with the page."""

from __future__ import annotations

from decimal import Decimal as D

from tests.indicators.test_views import grid_data
from tests.support import count_queries, signed_in
from thidua.campaigns.selectors.plan import campaign_participants
from thidua.indicators.models import Indicator, Target
from thidua.indicators.views import TARGETS_PAGE_SIZE


def _rows(indicator, participants) -> list[dict]:
    targets = {t.unit_id: t for t in indicator.targets.all()}
    return [{"unit": str(p.unit_id),
             "baseline": format(targets[p.unit_id].baseline.normalize(), "f") if p.unit_id in targets else "",
             "target_value": format(targets[p.unit_id].target_value.normalize(), "f") if p.unit_id in targets else "",
             "due_on": targets[p.unit_id].due_on.isoformat() if p.unit_id in targets else ""}
            for p in participants]


def _row_ids(html: str) -> list[int]:
    import re

    return [int(pk) for pk in re.findall(r'<tr id="row-(\d+)"', html)]


def test_the_grid_shows_fifty_participants_a_page_in_order(province):
    indicator = Indicator.objects.get(code="SX-02")
    participants = campaign_participants(campaign=indicator.campaign)
    assert len(participants) > TARGETS_PAGE_SIZE == 50
    client = signed_in("vanphong")
    first = client.get(f"/indicators/{indicator.pk}/targets/").content.decode()
    second = client.get(f"/indicators/{indicator.pk}/targets/?page=2").content.decode()
    assert _row_ids(first) == [p.unit_id for p in participants[:50]]
    assert _row_ids(second) == [p.unit_id for p in participants[50:]]
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert _row_ids(client.get(f"/indicators/{indicator.pk}/targets/?page=abc").content.decode()) == \
        _row_ids(first)  # a bad page number shows the first page, not a 500


def test_the_second_page_saves_its_rows_and_comes_back_to_it(province):
    indicator = Indicator.objects.get(code="SX-02")
    participants = campaign_participants(campaign=indicator.campaign)[50:]
    rows = _rows(indicator, participants)
    rows[-1].update(baseline="10", target_value="77,5", due_on="")
    unit_id = participants[-1].unit_id
    response = signed_in("vanphong").post(f"/indicators/{indicator.pk}/targets/?page=2", grid_data(rows))
    assert response.status_code == 302 and response["Location"].endswith("/targets/?page=2")
    assert Target.objects.get(indicator=indicator, unit_id=unit_id).target_value == D("77.5")


def test_a_row_of_another_page_posted_here_saves_nothing(province):
    indicator = Indicator.objects.get(code="SX-02")
    participants = campaign_participants(campaign=indicator.campaign)
    rows = _rows(indicator, participants[50:])  # the second page's rows, posted on the first
    rows[0].update(baseline="10", target_value="66")
    before = dict(indicator.targets.values_list("unit_id", "version"))
    response = signed_in("vanphong").post(f"/indicators/{indicator.pk}/targets/", grid_data(rows))
    assert response.status_code == 400 and 'id="grid-errors"' in response.content.decode()
    assert dict(indicator.targets.values_list("unit_id", "version")) == before


def test_the_pages_cost_the_same_queries(province):
    indicator = Indicator.objects.get(code="SX-02")
    client = signed_in("vanphong")
    assert count_queries(client, f"/indicators/{indicator.pk}/targets/") == count_queries(
        client, f"/indicators/{indicator.pk}/targets/?page=2")


def test_a_readers_table_is_paged_with_its_total(province):
    indicator = Indicator.objects.get(code="SX-02")
    total = Target.objects.filter(indicator=indicator, approval="approved").count()
    assert total > 50
    html = signed_in("chutich").get(f"/indicators/{indicator.pk}/targets/").content.decode()
    assert html.count('<tr id="target-') == 50 and f"({total})" in html
    rest = signed_in("chutich").get(f"/indicators/{indicator.pk}/targets/?page=2").content.decode()
    assert rest.count('<tr id="target-') == total - 50
