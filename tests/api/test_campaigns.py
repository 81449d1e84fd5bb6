"""GET /api/v1/campaigns and /campaigns/{id}: the shapes of DESIGN.md §4 and the seed plan's values."""

import pytest

from thidua.campaigns import services
from thidua.campaigns.enums import CampaignStatus

LIST_KEYS = {"id", "code", "title", "kind", "status", "starts_on", "ends_on"}
DETAIL_KEYS = LIST_KEYS | {"plan", "theme", "legal_basis", "contents", "deadlines", "participants", "distribution"}
TITLE = ("Phát động đợt thi đua “nước rút” - chiến thắng đại dịch COVID-19, thực hiện thắng lợi các nhiệm vụ, "
         "chỉ tiêu phát triển kinh tế-xã hội năm 2021")


@pytest.fixture
def office(province, api_client):
    return api_client("vanphong")


@pytest.fixture
def detail(province, office):
    response = office.get(f"/api/v1/campaigns/{province.campaign_id}")
    assert response.status_code == 200
    return response.json()


def test_campaign_list_is_the_seed_campaign(province, office):
    response = office.get("/api/v1/campaigns")
    assert response.status_code == 200
    assert response.json() == [{"id": province.campaign_id, "code": "NR-2021", "title": TITLE, "kind": "sprint",
                                "status": "launched", "starts_on": None, "ends_on": "2021-12-31"}]


def test_campaign_list_rows_have_exactly_the_documented_keys(province, office):
    services.campaign_create(by=None, code="TD-2022", title="Phong trào 2022", year=2022)
    rows = office.get("/api/v1/campaigns").json()
    assert [set(row) for row in rows] == [LIST_KEYS, LIST_KEYS]


def test_campaign_list_is_newest_year_first(province, office):
    services.campaign_create(by=None, code="TD-2022", title="Phong trào 2022", year=2022)
    assert [c["code"] for c in office.get("/api/v1/campaigns").json()] == ["TD-2022", "NR-2021"]


def test_campaign_list_filters_by_status(province, office):
    services.campaign_create(by=None, code="TD-2022", title="Phong trào 2022", year=2022)
    assert [c["code"] for c in office.get("/api/v1/campaigns?status=draft").json()] == ["TD-2022"]
    assert [c["code"] for c in office.get("/api/v1/campaigns?status=launched").json()] == ["NR-2021"]
    assert office.get("/api/v1/campaigns?status=closed").json() == []


def test_campaign_list_search_ignores_diacritics(province, office):
    assert [c["code"] for c in office.get("/api/v1/campaigns?q=nuoc rut").json()] == ["NR-2021"]
    assert [c["code"] for c in office.get("/api/v1/campaigns?q=NƯỚC RÚT").json()] == ["NR-2021"]
    assert [c["code"] for c in office.get("/api/v1/campaigns?q=dai dich").json()] == ["NR-2021"]
    assert office.get("/api/v1/campaigns?q=khong co").json() == []


def test_campaign_detail_has_exactly_the_documented_keys(detail):
    assert set(detail) == DETAIL_KEYS
    assert set(detail["plan"]) == {"number", "symbol", "issued_on", "place", "issuer", "signer_name",
                                   "signer_title"}


def test_campaign_detail_header_values(province, detail):
    assert {k: detail[k] for k in LIST_KEYS} == {"id": province.campaign_id, "code": "NR-2021", "title": TITLE,
                                                "kind": "sprint", "status": "launched", "starts_on": None,
                                                "ends_on": "2021-12-31"}
    assert detail["theme"] == ("Thi đua chiến thắng đại dịch COVID-19, thực hiện thắng lợi các nhiệm vụ, chỉ tiêu "
                               "phát triển kinh tế - xã hội năm 2021")


def test_campaign_detail_plan_keeps_the_blank_number_and_date(detail):
    assert detail["plan"] == {"number": "", "symbol": "KH-UBND", "issued_on": None, "place": "Bắc Giang",
                              "issuer": "Ủy ban nhân dân tỉnh Bắc Giang", "signer_name": "Lê Ánh Dương",
                              "signer_title": "Chủ tịch"}


def test_campaign_detail_legal_basis(detail):
    assert len(detail["legal_basis"]) == 1
    assert detail["legal_basis"][0][:47] == "Quyết định số 1497/QĐ-TTg ngày 10/9/2021 của Th"


def test_campaign_detail_contents_are_nine_in_order(detail):
    assert [c["order"] for c in detail["contents"]] == list(range(1, 10))
    assert [set(c) for c in detail["contents"]] == [{"order", "title", "body"}] * 9
    assert detail["contents"][6]["title"] == "Tiếp tục thi đua thực hiện tốt nhiệm vụ cải cách hành chính"
    assert "các cơ quan của Đảng, HĐND các cấp" in detail["contents"][8]["body"]


def test_campaign_detail_deadline_is_30_september_2021_with_two_recipients(detail):
    assert len(detail["deadlines"]) == 1
    deadline = detail["deadlines"][0]
    assert set(deadline) == {"id", "code", "title", "due_on", "recipients"}
    assert {k: deadline[k] for k in ("code", "title", "due_on", "recipients")} == {
        "code": "VB-PHAT-DONG", "title": "Văn bản phát động đợt thi đua “nước rút”", "due_on": "2021-09-30",
        "recipients": ["cluster_head", "council_office"]}


def test_campaign_detail_participants_are_every_unit_of_the_2021_clusters(province, detail):
    participants = detail["participants"]
    assert [set(p) for p in participants] == [{"unit_id", "cluster_id"}] * 54
    by_unit = {p["unit_id"]: p["cluster_id"] for p in participants}
    assert len(by_unit) == 54
    assert by_unit[province.unit_ids["H-YT"]] == province.cluster_ids["Cụm thi đua số 1"]
    assert by_unit[province.unit_ids["SYT"]] == province.cluster_ids["Khối văn hóa - xã hội"]
    assert province.unit_ids["UBND-BG"] not in by_unit


def test_campaign_detail_lists_a_directly_added_unit_without_a_cluster(province, office):
    services.participation_add(by=None, campaign=province.campaign(), unit=province.unit("UBND-BN"))
    participants = office.get(f"/api/v1/campaigns/{province.campaign_id}").json()["participants"]
    assert {"unit_id": province.unit_ids["UBND-BN"], "cluster_id": None} in participants
    assert len(participants) == 55


def test_campaign_detail_distribution_list(detail):
    assert len(detail["distribution"]) == 10
    assert detail["distribution"][0] == {"name": "Ban TĐKT Trung ương", "purpose": "b/c"}
    assert detail["distribution"][1] == {"name": "TT Tỉnh uỷ, TT HĐND tỉnh", "purpose": "b/c"}
    assert detail["distribution"][9] == {"name": "Lưu: VT, NC", "purpose": ""}


def test_campaign_detail_named_unit_recipient_is_the_units_name(province, office):
    services.deadline_create(by=None, campaign=province.campaign(), code="BC", title="Báo cáo",
                             due_on="2021-12-15", recipients=[province.unit("SNV")])
    deadlines = office.get(f"/api/v1/campaigns/{province.campaign_id}").json()["deadlines"]
    assert [(d["code"], d["due_on"], d["recipients"]) for d in deadlines] == [
        ("VB-PHAT-DONG", "2021-09-30", ["cluster_head", "council_office"]),
        ("BC", "2021-12-15", ["Sở Nội vụ"])]


def test_campaign_detail_follows_a_transition(province, office):
    services.campaign_transition(by=None, campaign=province.campaign(), to=CampaignStatus.EVALUATING)
    assert office.get(f"/api/v1/campaigns/{province.campaign_id}").json()["status"] == "evaluating"


def test_campaign_detail_of_an_unknown_id_is_404_with_a_detail(province, office):
    response = office.get("/api/v1/campaigns/987654321")
    assert response.status_code == 404
    assert response.json()["detail"] != ""
