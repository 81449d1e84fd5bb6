"""The unit directory, clusters and people pages: diacritics-free search, scoping, query counts."""

import html

import pytest

from tests.support import count_queries, grow, signed_in


def page_text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_unit_search_page_bac_giang_finds_the_city(province):
    text = page_text(signed_in("yenthe").get("/units/?q=bac+giang"))
    results = text[text.index('id="unit-table"'):]  # the list itself: the print heading names the reader's unit
    assert "UBND thành phố Bắc Giang" in results
    assert "UBND huyện Yên Thế" not in results


def test_unit_search_page_dai_finds_the_broadcaster(province):
    text = page_text(signed_in("yenthe").get("/units/?q=dai+phat+thanh"))
    assert "Đài Phát thanh và Truyền hình tỉnh Bắc Giang" in text


def test_unit_search_htmx_request_gets_only_the_results(province):
    response = signed_in("yenthe").get("/units/?q=yen+the", HTTP_HX_REQUEST="true")
    text = page_text(response)
    assert "UBND huyện Yên Thế" in text
    assert "<html" not in text


def test_unit_page_shows_the_merger(province):
    text = page_text(signed_in("vanphong").get(f"/units/{province.unit_ids['UBND-BG']}/"))
    assert "Ủy ban nhân dân tỉnh Bắc Ninh" in text
    assert "30/06/2025" in text


def test_cluster_list_page_shows_the_heads(province):
    text = page_text(signed_in("soyte").get("/clusters/?year=2021"))
    assert "Cụm thi đua số 1" in text
    assert "Khối văn hóa - xã hội" in text
    assert "UBND huyện Hiệp Hòa" in text


def test_cluster_page_lists_its_members(province):
    text = page_text(signed_in("yenthe").get(f"/clusters/{province.cluster_ids['Cụm thi đua số 1']}/"))
    for name in ["UBND huyện Hiệp Hòa", "UBND huyện Tân Yên", "UBND huyện Việt Yên", "UBND huyện Yên Thế",
                 "UBND thành phố Bắc Giang"]:
        assert name in text


def test_person_page_shows_the_employment(province):
    text = page_text(signed_in("yenthe").get(f"/persons/{province.person_ids['Nguyễn Văn An']}/"))
    assert "Nguyễn Văn An" in text
    assert "UBND huyện Yên Thế" in text


def test_unit_page_of_another_unit_does_not_show_its_people_to_a_clerk(province):
    text = page_text(signed_in("yenthe").get(f"/units/{province.unit_ids['H-HH']}/"))
    assert "Đỗ Thị Bích" not in text


def test_unit_page_of_the_own_unit_shows_its_people_to_the_clerk(province):
    text = page_text(signed_in("yenthe").get(f"/units/{province.unit_ids['H-YT']}/"))
    assert "Nguyễn Văn An" in text


@pytest.mark.parametrize("url", ["/units/", "/units/?q=bac+giang", "/units/?kind=locality&page=1",
                                 "/clusters/", "/clusters/?year=2021", "/clusters/?year=2021&kind=block"])
def test_list_page_query_count_does_not_grow_with_the_data(province, url):
    clients = {username: signed_in(username) for username in ("vanphong", "yenthe")}
    before = {username: count_queries(client, url) for username, client in clients.items()}
    grow(province, factor=10)
    assert {username: count_queries(client, url) for username, client in clients.items()} == before


@pytest.mark.parametrize("page", ["unit", "cluster"])
def test_detail_page_query_count_does_not_grow_with_the_data(province, page):
    url = {"unit": f"/units/{province.unit_ids['H-YT']}/",
           "cluster": f"/clusters/{province.cluster_ids['Cụm thi đua số 1']}/"}[page]
    client = signed_in("vanphong")
    before = count_queries(client, url)
    grow(province, factor=10)
    assert count_queries(client, url) == before


@pytest.mark.parametrize(("username", "code", "sees_history"), [
    ("yenthe", "H-YT", True), ("yenthe", "H-HH", False), ("vanphong", "H-HH", True), ("chutich", "H-YT", True),
    ("thanhvien", "H-YT", False),
])
def test_unit_page_history_is_shown_to_the_units_staff_and_the_office_only(province, username, code, sees_history):
    response = signed_in(username).get(f"/units/{province.unit_ids[code]}/")
    assert response.status_code == 200
    history = response.context["history"]
    assert (history is not None) is sees_history
    if sees_history:
        # The commendations demo records the unit's figures for 2017–2021 (awards.unit_year.recorded).
        assert [e.action for e in history] == ["awards.unit_year.recorded"] * 5 + ["org.unit.updated",
                                                                                  "org.unit.created"]
