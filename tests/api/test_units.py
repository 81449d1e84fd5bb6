"""GET /api/v1/units: the directory, searched without caring about case or diacritics."""

import pytest

UNIT_KEYS = {"id", "code", "name", "kind", "parent_id", "valid_from", "valid_to"}


@pytest.fixture
def clerk(province, api_client):
    return api_client("yenthe")


def names(client, query: str) -> list[str]:
    response = client.get(f"/api/v1/units{query}")
    assert response.status_code == 200, response.content
    return [u["name"] for u in response.json()]


def test_units_bac_giang_finds_the_city(clerk):
    found = names(clerk, "?q=bac giang")
    assert "UBND thành phố Bắc Giang" in found
    assert "Ủy ban nhân dân tỉnh Bắc Giang" in found
    assert "UBND huyện Yên Thế" not in found


def test_units_search_with_and_without_diacritics_agree(clerk):
    assert names(clerk, "?q=bac giang") == names(clerk, "?q=Bắc Giang") == names(clerk, "?q=BẮC   GIANG")


def test_units_d_finds_the_stroked_d(clerk):
    assert names(clerk, "?q=dai phat thanh") == ["Đài Phát thanh và Truyền hình tỉnh Bắc Giang"]
    assert names(clerk, "?q=Đài phát") == ["Đài Phát thanh và Truyền hình tỉnh Bắc Giang"]


def test_units_search_matches_every_word_in_any_order(clerk):
    assert names(clerk, "?q=the yen") == ["UBND huyện Yên Thế"]


def test_units_search_matches_the_code_and_short_name(clerk):
    assert names(clerk, "?q=H-YT") == ["UBND huyện Yên Thế"]
    assert names(clerk, "?q=so%20kh%26dt") == ["Sở Kế hoạch và Đầu tư"]


def test_units_search_without_a_match_is_an_empty_list(clerk):
    assert names(clerk, "?q=khong ton tai") == []


def test_units_kind_filter_lists_the_ten_localities(clerk):
    assert sorted(names(clerk, "?kind=locality")) == sorted([
        "UBND thành phố Bắc Giang", "UBND huyện Hiệp Hòa", "UBND huyện Lạng Giang", "UBND huyện Lục Nam",
        "UBND huyện Lục Ngạn", "UBND huyện Sơn Động", "UBND huyện Tân Yên", "UBND huyện Việt Yên",
        "UBND huyện Yên Dũng", "UBND huyện Yên Thế"])


def test_units_kind_and_q_combine(clerk):
    assert names(clerk, "?kind=press&q=bac giang") == ["Báo Bắc Giang", "Đài Phát thanh và Truyền hình tỉnh Bắc Giang"]
    assert names(clerk, "?kind=locality&q=bao") == []


def test_units_without_filters_list_every_unit(province, clerk):
    assert len(names(clerk, "")) == len(province.unit_ids) == 56


def test_units_limit_and_offset_page_through_the_list(clerk):
    every = names(clerk, "")
    assert names(clerk, "?limit=5") == every[:5]
    assert names(clerk, "?limit=5&offset=5") == every[5:10]
    assert names(clerk, "?offset=1000") == []


def test_units_row_carries_the_documented_values(province, clerk):
    rows = clerk.get("/api/v1/units?q=TP-BG").json()
    assert len(rows) == 1
    assert UNIT_KEYS <= set(rows[0])
    assert {k: rows[0][k] for k in UNIT_KEYS} == {
        "id": province.unit_ids["TP-BG"], "code": "TP-BG", "name": "UBND thành phố Bắc Giang", "kind": "locality",
        "parent_id": province.unit_ids["UBND-BG"], "valid_from": None, "valid_to": "2025-06-30"}


def test_unit_detail_by_id(province, clerk):
    response = clerk.get(f"/api/v1/units/{province.unit_ids['UBND-BG']}")
    assert response.status_code == 200
    assert {k: response.json()[k] for k in ("code", "kind", "parent_id", "valid_from", "valid_to")} == {
        "code": "UBND-BG", "kind": "province", "parent_id": None, "valid_from": "1997-01-01",
        "valid_to": "2025-06-30"}
