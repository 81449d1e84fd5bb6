""""Late" on the deadline overview counts every unit past the due date without an accepted document, with those
that sent nothing, those that sent after the due date and those that sent on time but wait for acceptance apart;
the tiles and the list agree, whatever filter the list shows."""

from __future__ import annotations

import datetime
import re
import zoneinfo

from tests.support import signed_in
from thidua.campaigns.selectors import deadline_overview

from .helpers import receive, seed_deadline, send

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def test_late_counts_every_unit_past_due_without_an_accepted_document(province):
    send(province, "yenthe")
    send(province, "hiephoa", at=datetime.datetime(2021, 10, 4, 9, 0, tzinfo=VN))
    overview = deadline_overview(user=province.user("vanphong"), deadline=seed_deadline())
    counts = overview.counts
    assert counts["total"] == 54
    assert counts["late"] == 54  # nobody has an accepted document, and 30/9/2021 is past
    assert (counts["late_not_sent"], counts["late_sent_late"], counts["late_waiting"]) == (52, 1, 1)
    assert counts["sent_late"] == 1
    late_rows = deadline_overview(user=province.user("vanphong"), deadline=seed_deadline(), late=True).rows
    assert len(late_rows) == counts["late"]


def test_an_accepted_document_is_no_longer_late_even_if_it_was_sent_late(province):
    submission = send(province, "yenthe", at=datetime.datetime(2021, 10, 4, 9, 0, tzinfo=VN)).submission
    receive(province, "hiephoa", submission, "cluster_head")  # Hiệp Hòa heads Yên Thế's cluster
    receive(province, "vanphong", submission, "council_office")
    submission.refresh_from_db()
    assert submission.status == "accepted"
    counts = deadline_overview(user=province.user("vanphong"), deadline=seed_deadline()).counts
    assert counts["late"] == 53 and counts["late_not_sent"] == 53
    assert counts["late_sent_late"] == 0 and counts["sent_late"] == 1


def test_nothing_is_late_before_the_due_date(province):
    send(province, "yenthe")
    before = datetime.datetime(2021, 9, 30, 20, 0, tzinfo=VN)
    counts = deadline_overview(user=province.user("vanphong"), deadline=seed_deadline(), now=before).counts
    assert counts["late"] == 0 and counts["late_not_sent"] == 0 and counts["missing"] == 53


def test_the_page_s_tiles_and_list_agree_and_stay_under_a_filter(province):
    send(province, "yenthe")
    send(province, "hiephoa", at=datetime.datetime(2021, 10, 4, 9, 0, tzinfo=VN))
    client = signed_in("vanphong")
    url = f"/campaigns/deadlines/{seed_deadline().pk}/"
    whole = client.get(url).content.decode()
    late = client.get(url + "?late=1").content.decode()
    missing = client.get(url + "?status=missing").content.decode()

    def tiles(html):
        return [int(n) for n in re.findall(r'<span class="num">(\d+)</span>', html)]

    assert tiles(whole) == tiles(late) == tiles(missing) == [54, 52, 2, 0, 0, 54]
    assert len(re.findall(r'<tr data-unit="\d+"', late)) == 54
    assert len(re.findall(r'<tr data-unit="\d+"', missing)) == 52
    detail = re.search(r'id="late-count".*?</a>', whole, re.S).group(0)
    assert re.search(r"\b52\b.*\b1\b.*\b1\b", re.sub(r"<[^>]+>", " ", detail.split("num")[-1]), re.S)
