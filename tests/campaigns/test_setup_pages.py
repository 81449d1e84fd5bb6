"""The council office sets a campaign up on its own pages — the draft from its plan's header, its content areas,
participating clusters and blocks, deadlines and distribution list — and forms a year's clusters, without the
Django admin; a unit's clerk reaches none of it."""

from __future__ import annotations

import pytest

from tests.support import signed_in
from thidua.campaigns.enums import CampaignStatus
from thidua.campaigns.models import Campaign
from thidua.core.models import AuditEvent
from thidua.org.models import Cluster


def _new_campaign(client, **extra):
    data = {"code": "NR-2027", "title": "Phát động thi đua năm 2027", "year": "2027", "kind": "regular",
            "theme": "", "starts_on": "", "ends_on": "", "issuer": "", "place": "Bắc Ninh", "signer_title": "",
            "signer_name": "", **extra}
    return client.post("/campaigns/new/", data)


def test_the_office_creates_a_draft_and_fills_its_plan(province):
    office = signed_in("vanphong")
    assert office.get("/setup/").status_code == 200
    assert office.get("/campaigns/new/").status_code == 200
    response = _new_campaign(office)
    campaign = Campaign.objects.get(code="NR-2027")
    assert response.status_code == 302 and response["Location"] == f"/campaigns/{campaign.pk}/setup/"
    assert campaign.status == CampaignStatus.DRAFT and campaign.year == 2027
    assert AuditEvent.objects.filter(action="campaigns.campaign.created", target_id=campaign.pk).exists()

    # The year's clusters, formed on their page (a unit is in one cluster a year; the head is a member).
    units = province.unit_ids
    formed = office.post("/clusters/new/", {"name": "Khối thử 2027", "kind": "block", "year": "2027",
                                            "members": [units["SYT"], units["SGDDT"]], "head": units["SYT"],
                                            "deputy": units["SGDDT"]})
    assert formed.status_code == 302
    block = Cluster.objects.get(year=2027, name="Khối thử 2027")
    assert (block.head_unit_id, block.deputy_unit_id) == (units["SYT"], units["SGDDT"])
    again = office.post("/clusters/new/", {"name": "Khối khác", "kind": "block", "year": "2027",
                                           "members": [units["SYT"]], "head": units["SYT"]})
    assert again.status_code == 400 and Cluster.objects.filter(year=2027).count() == 1  # SYT is taken in 2027

    setup = f"/campaigns/{campaign.pk}/setup/add/"
    assert office.post(setup, {"part": "content", "order": "1", "title": "Thi đua phòng, chống dịch",
                               "body": "Thực hiện nghiêm các biện pháp phòng, chống dịch."}).status_code == 302
    assert office.post(setup, {"part": "participation", "clusters": [block.pk]}).status_code == 302
    assert office.post(setup, {"part": "distribution", "name": "Bộ Nội vụ",
                               "purpose": "để báo cáo"}).status_code == 302
    campaign.refresh_from_db()
    assert list(campaign.contents.values_list("order", "title")) == [(1, "Thi đua phòng, chống dịch")]
    assert list(campaign.participations.values_list("cluster_id", flat=True)) == [block.pk]
    assert list(campaign.distribution.values_list("name", "purpose")) == [("Bộ Nội vụ", "để báo cáo")]
    page = office.get(f"/campaigns/{campaign.pk}/setup/").content.decode()
    assert "Thi đua phòng, chống dịch" in page and "Khối thử 2027" in page and "Bộ Nội vụ" in page


def test_bad_input_is_a_400_with_nothing_written(province):
    office = signed_in("vanphong")
    assert _new_campaign(office, year="19").status_code == 400
    assert _new_campaign(office, code="NR-2021").status_code == 400  # the code is taken
    assert not Campaign.objects.filter(title="Phát động thi đua năm 2027").exists()
    campaign = Campaign.objects.get(code="NR-2021")
    before = campaign.contents.count()
    assert office.post(f"/campaigns/{campaign.pk}/setup/add/", {"part": "content", "order": "1", "title": "Trùng",
                                                                "body": "x"}).status_code == 400  # order 1 exists
    assert office.post(f"/campaigns/{campaign.pk}/setup/add/", {"part": "nonsense"}).status_code == 400
    assert campaign.contents.count() == before


@pytest.mark.parametrize("path", ["/setup/", "/campaigns/new/", "/clusters/new/", "/setup/holidays/"])
def test_a_unit_clerk_reaches_no_setup_page(province, path):
    assert signed_in("yenthe").get(path).status_code == 403


def test_a_unit_clerk_cannot_write_through_the_setup_pages(province):
    clerk = signed_in("hiephoa")
    campaign = Campaign.objects.get(code="NR-2021")
    assert _new_campaign(clerk).status_code == 403
    assert clerk.post(f"/campaigns/{campaign.pk}/setup/add/", {"part": "distribution", "name": "X"}
                      ).status_code in (403, 404)
    assert clerk.post("/clusters/new/", {"name": "K", "kind": "block", "year": "2030",
                                         "members": [province.unit_ids["H-HH"]]}).status_code == 403
    assert not Campaign.objects.filter(code="NR-2027").exists()
    assert not Cluster.objects.filter(year=2030).exists()
    assert not campaign.distribution.filter(name="X").exists()


def test_the_office_keeps_the_holiday_calendar(province):
    from thidua.core.models import Holiday

    office = signed_in("vanphong")
    assert office.post("/setup/holidays/add/", {"date": "2027-03-03", "name": "Ngày nghỉ bù"}).status_code == 302
    holiday = Holiday.objects.get(date="2027-03-03")
    assert office.post("/setup/holidays/add/", {"date": "2027-03-03", "name": "Lặp lại"}).status_code == 400
    assert "Ngày nghỉ bù" in office.get("/setup/holidays/?year=2027").content.decode()
    assert signed_in("yenthe").post(f"/setup/holidays/{holiday.pk}/delete").status_code == 403
    assert office.post(f"/setup/holidays/{holiday.pk}/delete").status_code == 302
    assert not Holiday.objects.filter(date="2027-03-03").exists()
    assert AuditEvent.objects.filter(action__in=["core.holiday.added", "core.holiday.removed"]).count() == 2
