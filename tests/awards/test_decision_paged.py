"""A decision's awards are paged, 100 a page, numbered on from page to page, with the total (issue 16, part 5: a
decision of several hundred awards was one page); the queries do not grow with the page."""

from __future__ import annotations

import re

from tests.documents.test_certificates import _award, _decision, _person
from tests.support import count_queries, signed_in


def test_a_decision_of_130_awards_shows_100_then_30_numbered_on(province):
    decision = _decision(number="731", status="issued")
    made = [_award(decision, "BK_CN", person=_person(f"Người được khen {i:03d}"), unit=province.unit("SYT"))
            for i in range(130)]
    client = signed_in("vanphong")
    first = client.get(f"/decisions/{decision.pk}/").content.decode()
    second = client.get(f"/decisions/{decision.pk}/?page=2").content.decode()
    shown = [re.findall(r'<tr id="award-(\d+)">', page) for page in (first, second)]
    assert [len(ids) for ids in shown] == [100, 30]
    assert [int(pk) for pk in shown[0] + shown[1]] == [award.pk for award in made]
    assert "(130)" in first and 'rel="next"' in first
    number = second[second.index(f'id="award-{made[100].pk}"'):]
    assert re.search(r'<td class="num">(\d+)</td>', number).group(1) == "101"
    assert count_queries(client, f"/decisions/{decision.pk}/") == count_queries(
        client, f"/decisions/{decision.pk}/?page=2")
