"""The seed plan (Kế hoạch, Bắc Giang 2021) read by ``parse_plan``: nothing lost, nothing invented."""

import datetime
from pathlib import Path

import pytest

import thidua.demo
from thidua.documents.plan_text import paragraphs, parse_plan

SEED_DIR = Path(thidua.demo.__file__).parent / "seed"
SEED_FILES = sorted(SEED_DIR.glob("*.txt"))

#: The first words of each numbered content area of section II, in order.
FIRST_WORDS = [
    (1, "Thi đua giữ vững thành quả chống dịch"),
    (2, "Thi đua đẩy nhanh hơn nữa tiến độ khôi phục sản xuất"),
    (3, "Thi đua thực hiện hiệu quả kế hoạch cải thiện môi trường đầu tư"),
    (4, "Thi đua phấn đấu hoàn thành vượt mức nhiệm vụ thu ngân sách"),
    (5, "Thi đua tập trung chỉ đạo giải quyết các tồn tại"),
    (6, "Thi đua thực hiện tốt chương trình và kế hoạch năm học 2021-2022"),
    (7, "Tiếp tục thi đua thực hiện tốt nhiệm vụ cải cách hành chính"),
    (8, "Thi đua làm tốt công tác bảo đảm quốc phòng - an ninh"),
    (9, "Thi đua thực hiện tốt công tác phối hợp với các cơ quan của Đảng"),
]

DISTRIBUTION = [
    ("Ban TĐKT Trung ương", "b/c", 0),
    ("TT Tỉnh uỷ, TT HĐND tỉnh", "b/c", 0),
    ("Chủ tịch, các PCT UBND tỉnh", "", 0),
    ("Thành viên Hội đồng TĐKT tỉnh", "", 0),
    ("Cơ quan, tổ chức trong khối thi đua cấp tỉnh", "", 0),
    ("UBND các huyện, thành phố", "", 0),
    ("VP UBND tỉnh", "", 0),
    ("LĐVP, TKCT, TH", "", 1),
    ("Công TTĐT tỉnh", "", 1),
    ("Lưu: VT, NC", "", 1),
]


@pytest.fixture(scope="module", params=SEED_FILES, ids=lambda p: p.name)
def seed(request) -> str:
    return request.param.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plan(seed):
    return parse_plan(seed)


def test_seed_directory_holds_the_bac_giang_plan():
    assert [p.name for p in SEED_FILES] == ["ke-hoach-thi-dua-nuoc-rut-bac-giang-2021.txt"]


def test_plan_contents_are_nine_numbered_one_to_nine(plan):
    assert [order for order, _title, _body in plan.contents] == list(range(1, 10))


@pytest.mark.parametrize(("order", "first_words"), FIRST_WORDS)
def test_plan_content_area_starts_with_its_first_words(plan, order, first_words):
    _order, title, body = plan.contents[order - 1]
    assert title[: len(first_words)] == first_words
    assert body[: len(first_words)] == first_words


def test_plan_content_titles_are_the_first_clause_of_the_body(plan):
    for _order, title, body in plan.contents:
        assert body[: len(title)] == title
        assert body[len(title)] in ";."


def test_plan_content_area_nine_joins_the_page_break(plan):
    _order, title, body = plan.contents[8]
    assert "các cơ quan của Đảng, HĐND các cấp" in body
    assert title == (
        "Thi đua thực hiện tốt công tác phối hợp với các cơ quan của Đảng, HĐND các cấp, Mặt trận Tổ quốc, "
        "các đoàn thể trong quá trình thực hiện các nhiệm vụ"
    )


def test_plan_content_area_two_joins_the_page_break_inside_a_sentence(plan):
    assert "liên quan đến phòng, chống dịch COVID-19. Rà soát" in plan.contents[1][2]


def test_plan_purpose_joins_the_page_break_inside_a_quotation(plan):
    assert "“phòng là cơ bản, chiến lược lâu dài, chống là quan trọng, thường xuyên”" in plan.purpose


def test_plan_submission_due_on_is_30_september_2021(plan):
    assert plan.submission_due_on == datetime.date(2021, 9, 30)


def test_plan_submission_clause_names_both_recipients(plan):
    assert "cụm trưởng, khối trưởng" in plan.submission_clause
    assert "Thường trực Hội đồng Thi đua - Khen thưởng tỉnh (qua Sở Nội vụ)" in plan.submission_clause
    assert "chậm nhất ngày 30/9/2021" in plan.submission_clause


def test_plan_legal_basis_is_the_prime_ministers_decision_1497(plan):
    assert len(plan.legal_basis) == 1
    assert "1497/QĐ-TTg ngày 10/9/2021" in plan.legal_basis[0]
    assert plan.legal_basis[0] == (
        "Quyết định số 1497/QĐ-TTg ngày 10/9/2021 của Thủ tướng Chính phủ về ban hành Kế hoạch triển khai "
        "Phong trào thi đua đặc biệt “Cả nước đoàn kết, chung sức, đồng lòng thi đua phòng, chống và chiến "
        "thắng đại dịch COVID-19”"
    )


def test_plan_number_is_blank_and_symbol_is_kh_ubnd(plan):
    assert (plan.number, plan.symbol) == ("", "KH-UBND")


def test_plan_place_and_date_are_kept_as_printed(plan):
    assert plan.place == "Bắc Giang"
    assert plan.dated == "ngày tháng 9 năm 2021"


def test_plan_title_and_theme(plan):
    assert plan.title == (
        "Phát động đợt thi đua “nước rút” - chiến thắng đại dịch COVID-19, thực hiện thắng lợi các nhiệm vụ, "
        "chỉ tiêu phát triển kinh tế-xã hội năm 2021"
    )
    assert plan.theme == (
        "Thi đua chiến thắng đại dịch COVID-19, thực hiện thắng lợi các nhiệm vụ, chỉ tiêu phát triển kinh tế - "
        "xã hội năm 2021"
    )


def test_plan_distribution_list_has_ten_lines(plan):
    assert plan.distribution == DISTRIBUTION


def test_plan_distribution_first_line_is_reported_to_the_central_board(plan):
    assert plan.distribution[0] == ("Ban TĐKT Trung ương", "b/c", 0)


def test_plan_signer_is_the_chairman(plan):
    assert (plan.signer_title, plan.signer_name) == ("CHỦ TỊCH", "Lê Ánh Dương")


def test_plan_keeps_no_markdown_emphasis(plan):
    texts = [plan.title, plan.theme, plan.preamble, plan.purpose, plan.requirements, plan.implementation,
             plan.submission_clause, *plan.legal_basis, *(body for _o, _t, body in plan.contents)]
    assert [t for t in texts if "*" in t] == []


def test_plan_implementation_starts_with_section_three_item_one(plan):
    assert plan.implementation.split("\n\n")[0][:20] == "1. Giám đốc Sở, Thủ "
    assert len(plan.implementation.split("\n\n")) == 5


def test_plan_with_a_number_keeps_it(seed):
    numbered = parse_plan(seed.replace("Số: /KH-UBND", "Số: 215/KH-UBND", 1))
    assert (numbered.number, numbered.symbol) == ("215", "KH-UBND")


def test_plan_text_without_its_sections_is_refused_with_value_error():
    with pytest.raises(ValueError):
        parse_plan("Số: 1/KH-UBND\n\nBắc Giang, ngày 1 tháng 9 năm 2021\n\nKẾ HOẠCH\n\nTiêu đề\n")


def test_plan_text_without_a_reference_line_is_refused_with_value_error():
    with pytest.raises(ValueError):
        parse_plan("KẾ HOẠCH\n\nTiêu đề\n")


def test_paragraphs_join_a_page_break_after_a_comma():
    assert paragraphs("Một, hai,\n\nba bốn.\n\nNăm.") == ["Một, hai, ba bốn.", "Năm."]


def test_paragraphs_join_a_page_break_before_a_lower_case_word():
    assert paragraphs("chiến lược\n\nlâu dài.\n\nMới.") == ["chiến lược lâu dài.", "Mới."]


def test_paragraphs_drop_emphasis_and_squeeze_spaces():
    assert paragraphs("***Chủ   đề***\n   in đậm\n\n**30/9/2021**") == ["Chủ đề in đậm", "30/9/2021"]
