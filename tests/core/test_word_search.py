"""Searching people and awards by name matches whole words or their beginnings, without diacritics, the exact name
first: "nguyen van an" finds Nguyễn Văn An (then Nguyễn Văn Anh), never Nguyễn Văn Thắng."""

from __future__ import annotations

import datetime

from tests.support import signed_in
from thidua.awards.selectors import award_search
from thidua.core.text import fold
from thidua.org import services as org
from thidua.org.models import Person
from thidua.org.selectors import person_list


def _people(province):
    unit = province.unit("H-YT")
    for name in ("Nguyễn Văn Thắng", "Nguyễn Văn Anh", "Trần An Nguyên"):
        person = org.person_create(by=None, full_name=name)
        org.employment_record(by=None, person=person, unit=unit, started_on=datetime.date(2020, 1, 1))


def test_whole_words_or_their_beginnings_the_exact_name_first(province):
    _people(province)
    found = [p.full_name for p in person_list(user=province.user("vanphong"), q="nguyen van an")]
    assert found[0] == "Nguyễn Văn An"
    assert "Nguyễn Văn Anh" in found
    assert "Nguyễn Văn Thắng" not in found  # "an" is inside "thang", not at a word's beginning
    assert "Trần An Nguyên" not in found  # no word of it begins with "van"
    either = [p.full_name for p in person_list(user=province.user("vanphong"), q="an nguyen")]
    assert "Trần An Nguyên" in either and "Nguyễn Văn An" in either  # the words in any order


def test_a_word_s_beginning_is_enough_and_diacritics_do_not_matter(province):
    _people(province)
    found = {p.full_name for p in person_list(user=province.user("vanphong"), q="NGUY THẮNG")}
    assert found == {"Nguyễn Văn Thắng"}  # the demo's and this test's
    assert person_list(user=province.user("vanphong"), q="guyen").count() == 0  # not the middle of a word


def test_the_scoping_still_applies(province):
    _people(province)
    # Sở Y tế's clerk sees the people working at Sở Y tế, not Yên Thế's.
    assert person_list(user=province.user("soyte"), q="nguyen van").filter(full_name="Nguyễn Văn Thắng").count() == 0


def test_award_search_matches_word_beginnings_only(province):
    user = province.user("vanphong")
    every = list(award_search(user=user, q="nguyen"))
    assert every, "the demo's registry holds people named Nguyễn"
    for award in award_search(user=user, q="van an"):
        words = fold(award.search_text).split(" ")
        assert any(w.startswith("van") for w in words) and any(w.startswith("an") for w in words)


def test_the_people_page_lists_the_exact_name_first(province):
    _people(province)
    html = signed_in("vanphong").get("/people/", {"q": "nguyen van an"}).content.decode()
    assert html.index("Nguyễn Văn An") < html.index("Nguyễn Văn Anh")
    assert "Nguyễn Văn Thắng" not in html
    assert Person.objects.filter(full_name="Nguyễn Văn Thắng").exists()
