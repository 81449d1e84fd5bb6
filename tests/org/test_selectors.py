"""Reads for units, clusters and people, scoped to the user."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from thidua.org import selectors


def test_unit_search_on_a_date_leaves_out_units_that_had_ended(province):
    user = province.user("yenthe")
    before = set(selectors.unit_search(user=user, kind="locality", on=datetime.date(2025, 6, 30))
                 .values_list("code", flat=True))
    after = set(selectors.unit_search(user=user, kind="locality", on=datetime.date(2025, 7, 1))
                .values_list("code", flat=True))
    assert (len(before), after) == (10, set())


def test_unit_search_on_a_date_before_the_province_began(province):
    codes = set(selectors.unit_search(user=province.user("yenthe"), kind="province", on=datetime.date(1990, 1, 1))
                .values_list("code", flat=True))
    assert codes == {"UBND-BN"}


def test_unit_search_for_anonymous_is_empty(province):
    assert list(selectors.unit_search(user=AnonymousUser(), q="bac giang")) == []


def test_unit_get_for_anonymous_is_404(province):
    with pytest.raises(Http404):
        selectors.unit_get(user=AnonymousUser(), unit_id=province.unit_ids["H-YT"])


def test_unit_lineage_of_the_old_province(province):
    lineage = selectors.unit_lineage(unit=province.unit("UBND-BG"))
    assert [(row.source.code, row.target.code, row.kind) for row in lineage] == [("UBND-BG", "UBND-BN", "merge")]
    assert selectors.unit_lineage(unit=province.unit("UBND-BN")) == lineage


def test_unit_memberships_of_yen_the(province):
    memberships = selectors.unit_memberships(unit=province.unit("H-YT"))
    assert [(m.year, m.cluster.name, m.cluster.head_unit.code) for m in memberships] == [
        (2021, "Cụm thi đua số 1", "H-HH")]


def test_cluster_years(province):
    assert selectors.cluster_years(user=province.user("soyte")) == [2021]
    assert selectors.cluster_years(user=AnonymousUser()) == []


@pytest.mark.parametrize(("username", "headed"), [
    ("hiephoa", ["Cụm thi đua số 1"]),
    ("soyte", ["Khối văn hóa - xã hội"]),
    ("vanphong", ["Khối các cơ quan tổng hợp"]),
    ("yenthe", []),
])
def test_clusters_headed_by(province, username, headed):
    """Sở Nội vụ is the deputy of its block, so the office's user sees that block among those it leads."""
    clusters = selectors.clusters_headed_by(user=province.user(username), year=2021)
    assert sorted(c.name for c in clusters) == headed


#: The demo's people by unit (the commendations demo adds those with a history: thidua.demo.awards).
YEN_THE = ["Nguyễn Văn An", "Trần Đức Minh", "Đặng Văn Hải", "Nguyễn Thị Thanh Huyền"]
HIEP_HOA = ["Đỗ Thị Bích", "Nguyễn Thị Hồng Nhung", "Thân Văn Toàn", "Giáp Thị Thu Hà", "Nguyễn Văn Thắng"]
#: thidua.demo.councils adds two at Sở Y tế (its own round) and two at Sở GD&ĐT (the council's vote).
SO_Y_TE = ["Ngô Đức Cường", "Phạm Thị Thanh Thủy", "Nguyễn Đức Trung", "Vi Thị Hoa", "Lê Thị Mai", "Đỗ Văn Nam"]
OTHERS = ["Dương Văn Khánh", "Nguyễn Thị Minh Trang", "Hà Thị Nguyệt", "Lăng Văn Thành", "Triệu Thị Xuân",
          "Ngô Thị Lan Anh", "Hoàng Văn Bình"]


@pytest.mark.parametrize(("username", "people"), [
    ("vanphong", YEN_THE + HIEP_HOA + SO_Y_TE + OTHERS),
    ("chutich", YEN_THE + HIEP_HOA + SO_Y_TE + OTHERS),
    ("yenthe", YEN_THE),
    ("hiephoa", HIEP_HOA),
    ("soyte", SO_Y_TE),
    ("thanhvien", []),
])
def test_person_list_is_scoped_to_the_users_units(province, username, people):
    assert sorted(p.full_name for p in selectors.person_list(user=province.user(username))) == sorted(people)


def test_person_list_search_ignores_diacritics(province):
    found = selectors.person_list(user=province.user("vanphong"), q="do thi bich")
    assert [p.full_name for p in found] == ["Đỗ Thị Bích"]


def test_person_get_of_another_units_person_is_404(province):
    with pytest.raises(Http404):
        selectors.person_get(user=province.user("yenthe"), person_id=province.person_ids["Đỗ Thị Bích"])


def _unit(code: str, name: str):
    from thidua.org.models import Unit
    from thidua.org.services import unit_search_text

    unit = Unit(code=code, name=name, short_name="", kind="department")
    unit.search_text = unit_search_text(unit)
    unit.save()
    return unit


def test_unit_search_matches_whole_words_or_their_beginnings(province):
    """"so y" finds Sở Y tế thử (a word "y…"), not Sở Xây dựng thử ("xay" only contains a y); "xay d" finds it."""
    health = _unit("T-YT", "Sở Y tế thử")
    building = _unit("T-XD", "Sở Xây dựng thử")
    user = province.user("yenthe")
    found = list(selectors.unit_search(user=user, q="so y te thu").values_list("pk", flat=True))
    assert health.pk in found and building.pk not in found
    assert building.pk in selectors.unit_search(user=user, q="xay d").values_list("pk", flat=True)
    assert building.pk not in selectors.unit_search(user=user, q="ay dung").values_list("pk", flat=True)


def test_unit_search_puts_names_beginning_with_the_query_first(province):
    exact = _unit("T-VP", "Văn phòng thử")
    later = _unit("T-BVP", "Ban Văn phòng thử")  # alphabetically first, but the name does not begin with the query
    found = list(selectors.unit_search(user=province.user("yenthe"), q="van phong thu").values_list("pk", flat=True))
    assert found.index(exact.pk) < found.index(later.pk)
