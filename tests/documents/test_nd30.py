"""The Nghị định 30/2020 layout builder: the rules a clerk checks first (dates, number, margins, fonts, header)."""

import datetime
import io
import re

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from thidua.documents.nd30 import (
    NATIONAL_MOTTO,
    NATIONAL_TITLE,
    OfficialDocument,
    PageSetup,
    date_line,
    date_words,
    number_line,
    recipient_lines,
    text_width,
)


@pytest.mark.parametrize(
    ("dated", "expected"),
    [
        (datetime.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (datetime.date(2021, 9, 30), "ngày 30 tháng 9 năm 2021"),
        (datetime.date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
        (datetime.date(2021, 3, 9), "ngày 09 tháng 3 năm 2021"),
        (datetime.date(2021, 10, 10), "ngày 10 tháng 10 năm 2021"),
        (datetime.date(2021, 12, 1), "ngày 01 tháng 12 năm 2021"),
    ],
)
def test_date_words_pad_days_below_10_and_months_1_and_2_only(dated, expected):
    assert date_words(dated) == expected


def test_date_line_and_blank_date():
    assert date_line("Bắc Giang", datetime.date(2026, 1, 5)) == "Bắc Giang, ngày 05 tháng 01 năm 2026"
    blank = date_line("Bắc Giang", None)
    assert re.fullmatch(r"Bắc Giang, ngày +tháng +năm +", blank)


def test_number_line_leaves_the_number_blank_for_the_clerk():
    assert re.fullmatch(r"Số: {4,}/BC-SNV", number_line(None, "BC-SNV"))
    assert number_line(5, "BC-SNV") == "Số: 05/BC-SNV"
    assert number_line("123", "QĐ-UBND") == "Số: 123/QĐ-UBND"


def test_recipient_lines_dash_semicolon_and_archive_last():
    assert recipient_lines(["Chủ tịch UBND tỉnh (b/c)", "- Các PCT UBND tỉnh;", "  "]) == [
        "- Chủ tịch UBND tỉnh (b/c);",
        "- Các PCT UBND tỉnh;",
        "- Lưu: VT.",
    ]
    assert recipient_lines(["- Như trên;", "- Lưu: VT, TĐKT;"]) == ["- Như trên;", "- Lưu: VT, TĐKT."]
    assert recipient_lines([], archive="Lưu: VT, NC.") == ["- Lưu: VT, NC."]
    assert recipient_lines(["Các PCT UBND tỉnh", "Lưu: VT, TĐKT"]) == ["- Các PCT UBND tỉnh;", "- Lưu: VT, TĐKT."]


def test_page_setup_refuses_margins_outside_the_decree():
    with pytest.raises(ValueError):
        PageSetup(left_mm=25)
    with pytest.raises(ValueError):
        PageSetup(top_mm=30)
    assert PageSetup(left_mm=35, right_mm=20).body_width == Mm(155)


def test_text_width_ignores_vietnamese_marks():
    assert text_width("Hạnh phúc", 14) == text_width("Hanh phuc", 14)
    assert text_width("Đ", 13, bold=True) == text_width("D", 13, bold=True)
    assert text_width("W", 12) > text_width("i", 12)


def _sample() -> docx.document.Document:
    doc = OfficialDocument(title="Thử", author="Sở Nội vụ")
    doc.add_header(issuer="Sở Nội vụ", issuer_parent="UBND tỉnh Bắc Giang", symbol="BC-SNV", place="Bắc Giang",
                   dated=datetime.date(2026, 1, 5))
    doc.add_title("Báo cáo", "Kết quả thử nghiệm")
    doc.add_heading("I. PHẦN MỘT")
    doc.add_paragraph("Nội dung thân bài.")
    doc.add_table(["STT", "Đơn vị"], [["1", "Sở Y tế"]], widths=[1, 10])
    doc.add_closing(signer_title="Giám đốc", signer_name="Nguyễn Văn A", authority="",
                    recipients=["Chủ tịch UBND tỉnh (b/c)"], archive="Lưu: VT, TĐKT.")
    return docx.Document(io.BytesIO(doc.to_bytes()))


def test_page_fonts_and_page_numbers():
    document = _sample()
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4, stored in twips
    assert 20 <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
    assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(
        qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{key}")) for key in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert fonts.get(qn("w:asciiTheme")) is None
    # Page numbers at the top, centred, not on the first page.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_header_table():
    header = _sample().tables[0]
    left, right = (cell.paragraphs for cell in header.rows[0].cells)
    assert [p.text for p in left if p.text] == ["UBND TỈNH BẮC GIANG", "SỞ NỘI VỤ"]
    assert not left[0].runs[0].bold and left[1].runs[0].bold
    assert [p.text for p in right if p.text] == [NATIONAL_TITLE, NATIONAL_MOTTO]
    assert all(p.runs[0].bold for p in right if p.text)
    # A rule under the issuing body (shorter than the name) and under the motto (as long as the motto).
    issuer_rule, motto_rule = left[2], right[2]
    for rule in (issuer_rule, motto_rule):
        assert rule._p.pPr.find(qn("w:pBdr")) is not None and rule.text == ""
    left_width, right_width = (cell.width for cell in header.rows[0].cells)
    issuer_rule_length = left_width - 2 * issuer_rule.paragraph_format.left_indent
    motto_rule_length = right_width - 2 * motto_rule.paragraph_format.left_indent
    assert text_width("SỞ NỘI VỤ", 13, bold=True) / 3 - Pt(1) <= issuer_rule_length
    assert issuer_rule_length <= text_width("SỞ NỘI VỤ", 13, bold=True) / 2 + Pt(1)
    assert abs(motto_rule_length - text_width(NATIONAL_MOTTO, 14, bold=True)) <= Pt(1)
    number, dated = (cell.paragraphs[0] for cell in header.rows[1].cells)
    assert re.fullmatch(r"Số: {4,}/BC-SNV", number.text)
    assert dated.text == "Bắc Giang, ngày 05 tháng 01 năm 2026" and dated.runs[0].italic
    # The national title fits on one line of its column.
    assert text_width(NATIONAL_TITLE, 13, bold=True) < right_width


def test_title_body_and_closing():
    document = _sample()
    paragraphs = [p for p in document.paragraphs if p.text]
    kind, summary = paragraphs[0], paragraphs[1]
    assert kind.text == "BÁO CÁO" and kind.runs[0].bold and kind.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert summary.text == "Kết quả thử nghiệm" and summary.runs[0].bold
    body = next(p for p in paragraphs if p.text == "Nội dung thân bài.")
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Cm(1) <= body.paragraph_format.first_line_indent <= Cm(1.27)
    assert body.paragraph_format.space_after >= Pt(6)
    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Đơn vị"]
    assert [c.text for c in table.rows[1].cells] == ["1", "Sở Y tế"]

    recipients, signature = (cell.paragraphs for cell in document.tables[-1].rows[0].cells)
    label = recipients[0]
    assert label.text == "Nơi nhận:"
    assert label.runs[0].bold and label.runs[0].italic and label.runs[0].font.size == Pt(12)
    assert [p.text for p in recipients[1:]] == ["- Chủ tịch UBND tỉnh (b/c);", "- Lưu: VT, TĐKT."]
    assert all(p.runs[0].font.size == Pt(11) for p in recipients[1:])
    texts = [p.text for p in signature if p.text]
    assert texts == ["GIÁM ĐỐC", "Nguyễn Văn A"]
    assert all(p.runs[0].bold for p in signature if p.text)
    assert len(signature) >= 5  # room for the signature and seal


def test_table_rows_keep_text_line_breaks_and_drop_control_characters():
    doc = OfficialDocument()
    doc.add_table(["STT", "Lý do"], [["1", "Thiếu chữ ký\nSai thể thức\x07"], [2, None], ["3", "  lề  "]],
                  widths=[1, 10], align=["center", "left"])
    table = docx.Document(io.BytesIO(doc.to_bytes())).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["STT", "Lý do"], ["1", "Thiếu chữ ký\nSai thể thức"], ["2", ""], ["3", "  lề  "]]
    assert table.rows[1].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert table.rows[1].cells[1].paragraphs[0].runs[0].font.size == Pt(12)


def test_xlsx_text_that_looks_like_a_formula_stays_text():
    import io

    from openpyxl import load_workbook

    from thidua.documents.xlsx import Column, new_workbook, workbook_bytes, write_table

    workbook = new_workbook()
    sheet = workbook.create_sheet("T")
    write_table(sheet, [Column("Lý do")], [["=HYPERLINK(\"http://x\",\"bấm\")"]])
    reread = load_workbook(io.BytesIO(workbook_bytes(workbook)))["T"]
    cells = [c for row in reread.iter_rows() for c in row if c.value and str(c.value).startswith("=")]
    assert [(c.value, c.data_type) for c in cells] == [("=HYPERLINK(\"http://x\",\"bấm\")", "s")]
