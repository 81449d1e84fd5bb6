"""The council office's appraisal queue is paged: 50 dossiers a page, soonest due first, and a number of queries
that does not grow with the dossiers waiting."""

from __future__ import annotations

import datetime
import html
import re

from django.utils import timezone

from tests.support import count_queries, signed_in  # `province` comes from tests/awards/conftest.py
from thidua.awards.enums import CommendationKind, NominationStatus, Route
from thidua.awards.models import Nomination


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


def _add_dossiers(province, count: int) -> None:
    today = timezone.localdate()
    Nomination.objects.bulk_create([
        Nomination(unit_id=province.unit_ids["H-YT"], year=2021, kind=CommendationKind.MERIT, route=Route.CHAIRMAN,
                   status=NominationStatus.IN_APPRAISAL, title=f"Hồ sơ phân trang {i}",
                   received_on=today, appraisal_due_on=today + datetime.timedelta(days=i % 30))
        for i in range(count)
    ])


def test_appraisal_queue_is_paged_with_a_constant_query_count(province):
    client = signed_in("vanphong")
    _add_dossiers(province, 5)
    before = count_queries(client, "/appraisal/")
    _add_dossiers(province, 100)
    assert count_queries(client, "/appraisal/") == before

    waiting = Nomination.objects.filter(route__in=[Route.CHAIRMAN, Route.COUNCIL, Route.CENTRE], status__in=[
        "submitted", "received", "in_appraisal", "appraised", "at_council"]).count()
    assert waiting > 100
    first = client.get("/appraisal/")
    assert len(_rows(first, 'id="queue"')) == 50
    pages = -(-waiting // 50)
    last = client.get(f"/appraisal/?page={pages}")
    assert len(_rows(last, 'id="queue"')) == waiting - 50 * (pages - 1)
    assert f"?page={pages - 1}" in _pager(last)
