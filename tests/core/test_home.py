import pytest

from tests.support import count_queries, grow, signed_in


@pytest.mark.parametrize("username", ["vanphong", "chutich", "hiephoa", "yenthe", "soyte", "thanhvien"])
def test_home_page_query_count_does_not_grow_with_the_data(province, username):
    client = signed_in(username)
    before = count_queries(client, "/")
    grow(province, factor=10)
    assert count_queries(client, "/") == before


def test_home_page_of_the_office_counts_campaigns_and_units_in_sql(province):
    text = signed_in("vanphong").get("/").content.decode()
    assert "56</span>" in text  # the unit count
    grow(province, factor=10)
    assert f"{56 * 11}</span>" in signed_in("vanphong").get("/").content.decode()


def test_home_page_says_which_cluster_a_unit_heads_or_deputises(province):
    assert "Năm 2021, đơn vị của bạn làm trưởng Cụm thi đua số 1." in signed_in("hiephoa").get("/").content.decode()
    assert "Năm 2021, đơn vị của bạn làm phó trưởng Khối các cơ quan tổng hợp." in (
        signed_in("vanphong").get("/").content.decode())
    assert "đơn vị của bạn làm" not in signed_in("yenthe").get("/").content.decode()


def test_home_page_of_a_clerk_lists_the_seed_deadline(province):
    text = signed_in("yenthe").get("/").content.decode()
    assert "30/09/2021" in text
