"""The consolidated deadline report: the DOCX reads back listing exactly the missing, late and returned units, and
the XLSX holds one row per unit with real dates. Built by hand, no database."""

import dataclasses
import datetime
import io
import re
import zipfile
from zoneinfo import ZoneInfo

import docx
import pytest
from docx.table import Table
from openpyxl import load_workbook

from thidua.documents.deadline_report import (
    NONE_TEXT,
    SECTION_LATE,
    SECTION_MISSING,
    SECTION_RETURNED,
    DeadlineReport,
    ReceiptCell,
    ReportRow,
    render_docx,
    render_xlsx,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = datetime.UTC
HEAD = "Cụm trưởng/khối trưởng"
OFFICE = "Thường trực HĐTĐKT (Sở Nội vụ)"


def at(*args, tz=VN) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=tz)


ROWS = [
    ReportRow("Sở Y tế", "Khối văn hóa - xã hội", "accepted", False, at(2021, 9, 28, 9, 15), 1, "125/KH-SYT",
              [ReceiptCell(HEAD, "accept", "", at(2021, 9, 29, 8, 0)),
               ReceiptCell(OFFICE, "accept", "", at(2021, 9, 29, 10, 30))]),
    ReportRow("UBND huyện Yên Thế", "Cụm thi đua số 1", "missing", False, None, 0, ""),
    ReportRow("Sở Giáo dục và Đào tạo", "Khối văn hóa - xã hội", "submitted", True,
              at(2021, 10, 2, 7, 5, tz=UTC), 1, "88/KH-SGDĐT", [ReceiptCell(HEAD, "accept", "", at(2021, 10, 2, 16))]),
    ReportRow("UBND huyện Hiệp Hòa", "Cụm thi đua số 2", "returned", False, at(2021, 9, 30, 16, 45), 2,
              "301/KH-UBND", [ReceiptCell(HEAD, "accept", "", at(2021, 10, 1, 8, 0)),
                              ReceiptCell(OFFICE, "return", "Thiếu chữ ký, đóng dấu", at(2021, 10, 1, 9, 0))],
              return_reason="Thiếu chữ ký, đóng dấu"),
    ReportRow("Báo Bắc Giang", "", "returned", True, at(2021, 10, 3, 8, 0), 1, "12/KH-BBG",
              [ReceiptCell(OFFICE, "return", "Sai thể thức", at(2021, 10, 4, 9, 0))], return_reason="Sai thể thức"),
    ReportRow("UBND thành phố Bắc Giang", "Cụm thi đua số 1", "missing", False, None, 0, ""),
    ReportRow("Sở Tài chính", "Khối kinh tế - tổng hợp", "submitted", False, datetime.datetime(2021, 9, 30, 23, 59),
              1, "77/KH-STC"),
]

EXPECTED = {
    SECTION_MISSING: {"UBND huyện Yên Thế", "UBND thành phố Bắc Giang"},
    SECTION_LATE: {"Sở Giáo dục và Đào tạo", "Báo Bắc Giang"},
    SECTION_RETURNED: {"UBND huyện Hiệp Hòa", "Báo Bắc Giang"},
}


@pytest.fixture
def report() -> DeadlineReport:
    return DeadlineReport(
        issuer="SỞ NỘI VỤ",
        issuer_parent="UBND TỈNH BẮC GIANG",
        place="Bắc Giang",
        dated=datetime.date(2021, 10, 5),
        campaign_title="Phát động đợt thi đua “nước rút” - chiến thắng đại dịch COVID-19",
        deadline_title="Văn bản phát động đợt thi đua “nước rút”",
        deadline_description="Gửi văn bản phát động về cụm trưởng, khối trưởng và Thường trực Hội đồng TĐKT tỉnh./.",
        due_on=datetime.date(2021, 9, 30),
        recipients=[HEAD, OFFICE],
        rows=list(ROWS),
        signer_title="Giám đốc",
        signer_name="Nguyễn Văn Bình",
    )


def read_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def listed_units(document) -> dict[str, set[str] | None]:
    """The unit names listed under each of the three section headings (None: the section is absent)."""
    found: dict[str, set[str] | None] = dict.fromkeys(EXPECTED)
    current = None
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            if current is not None:
                header = [cell.text for cell in block.rows[0].cells]
                column = header.index("Đơn vị")
                found[current] |= {row.cells[column].text for row in block.rows[1:]}
            continue
        text = block.text.strip()
        if not text:
            continue
        heading = re.fullmatch(r"\d+\. (.+)", text)
        if heading and heading.group(1) in EXPECTED:
            current = heading.group(1)
            found[current] = set()
        elif text == NONE_TEXT and current is not None:
            pass
        else:
            current = None
    return found


def test_docx_lists_exactly_the_missing_late_and_returned_units(report):
    assert listed_units(read_docx(render_docx(report))) == EXPECTED


def test_docx_writes_none_for_an_empty_list(report):
    on_time = dataclasses.replace(report, rows=[row for row in ROWS if not row.late and row.status != "returned"])
    document = read_docx(render_docx(on_time))
    assert listed_units(document) == {
        SECTION_MISSING: {"UBND huyện Yên Thế", "UBND thành phố Bắc Giang"},
        SECTION_LATE: set(),
        SECTION_RETURNED: set(),
    }
    texts = [p.text for p in document.paragraphs]
    for section in (SECTION_LATE, SECTION_RETURNED):
        heading = next(i for i, text in enumerate(texts) if text.endswith(section))
        assert texts[heading + 1] == NONE_TEXT


def test_docx_header_title_counts_and_closing(report):
    document = read_docx(render_docx(report))
    header = document.tables[0]
    left = header.rows[0].cells[0].text
    right = header.rows[0].cells[1].text
    assert "UBND TỈNH BẮC GIANG" in left and "SỞ NỘI VỤ" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert re.fullmatch(r"Số: {4,}/BC-SNV", header.rows[1].cells[0].text)
    assert header.rows[1].cells[1].text == "Bắc Giang, ngày 05 tháng 10 năm 2021"

    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Kết quả gửi văn bản phát động đợt thi đua “nước rút”" in texts
    body = "\n".join(texts)
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang." in texts
    assert "- Thời hạn gửi: chậm nhất ngày 30/09/2021." in texts
    assert f"- Văn bản gửi về: {HEAD}; {OFFICE}." in texts
    # Counts as the office writes them: two digits, the part of the whole, shares in Vietnamese notation.
    assert "- Tổng số đơn vị phải gửi văn bản: 07 đơn vị." in texts
    assert ("- Đã gửi văn bản: 05/07 đơn vị (71,4\u00a0%); trong đó gửi đúng hạn 03 đơn vị, gửi muộn 02 đơn vị."
            in texts)
    assert ("- Tình hình tiếp nhận: 01 đơn vị đã được tất cả nơi nhận tiếp nhận, 02 đơn vị đang chờ tiếp nhận, "
            "02 đơn vị bị trả lại văn bản.") in texts
    assert "- Chưa gửi văn bản: 02/07 đơn vị (28,6\u00a0%)." in texts
    assert ("- Yêu cầu cụ thể: Gửi văn bản phát động về cụm trưởng, khối trưởng và Thường trực Hội đồng TĐKT tỉnh."
            in texts)  # the quoted clause's own end mark ./. is dropped
    # No calque of the English "the deadline's requirements" / "results of the deadline".
    for calque in ("yêu cầu của thời hạn", "thực hiện thời hạn"):
        assert calque not in body.lower()
    assert "kính báo cáo Chủ tịch UBND tỉnh xem xét, chỉ đạo./." in body

    late = next(t for t in document.tables if [c.text for c in t.rows[0].cells][-1] == "Thời điểm gửi")
    assert [[c.text for c in row.cells][1:] for row in late.rows[1:]] == [
        ["Sở Giáo dục và Đào tạo", "Khối văn hóa - xã hội", "02/10/2021 14:05"],  # 07:05 UTC is 14:05 local
        ["Báo Bắc Giang", "", "03/10/2021 08:00"],
    ]
    returned = next(t for t in document.tables if [c.text for c in t.rows[0].cells][-1] == "Lý do trả lại")
    assert [row.cells[3].text for row in returned.rows[1:]] == ["Thiếu chữ ký, đóng dấu", "Sai thể thức"]

    closing = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    recipients, signature = closing.rows[0].cells
    assert [p.text for p in recipients.paragraphs] == ["Nơi nhận:", "- Chủ tịch UBND tỉnh (b/c);", "- Lưu: VT, TĐKT."]
    assert [p.text for p in signature.paragraphs if p.text] == ["GIÁM ĐỐC", "Nguyễn Văn Bình"]


def test_docx_annex_lists_every_unit_in_order(report):
    document = read_docx(render_docx(report))
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == [
        "STT", "Đơn vị", "Cụm, khối thi đua", "Trạng thái", "Muộn", "Thời điểm gửi", "Số, ký hiệu"]
    rows = [[c.text for c in row.cells] for row in annex.rows[1:]]
    assert [row[1] for row in rows] == [row.unit_name for row in ROWS]
    assert [row[3] for row in rows] == ["Đã tiếp nhận", "Chưa gửi", "Đã gửi", "Bị trả lại", "Bị trả lại", "Chưa gửi",
                                        "Đã gửi"]
    assert [row[4] for row in rows] == ["", "", "Muộn", "", "Muộn", "", ""]
    assert rows[0][5:] == ["28/09/2021 09:15", "125/KH-SYT"]


@pytest.mark.parametrize(
    ("dated", "line"),
    [
        (datetime.date(2026, 1, 5), "Bắc Giang, ngày 05 tháng 01 năm 2026"),
        (datetime.date(2021, 9, 30), "Bắc Giang, ngày 30 tháng 9 năm 2021"),
    ],
)
def test_docx_date_line(report, dated, line):
    document = read_docx(render_docx(dataclasses.replace(report, dated=dated)))
    assert document.tables[0].rows[1].cells[1].text == line


def test_docx_uses_the_given_distribution(report):
    custom = dataclasses.replace(report, distribution=["- Chủ tịch, các PCT UBND tỉnh (b/c);", "- Như trên;"])
    closing = next(t for t in read_docx(render_docx(custom)).tables
                   if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    assert [p.text for p in closing.rows[0].cells[0].paragraphs] == [
        "Nơi nhận:", "- Chủ tịch, các PCT UBND tỉnh (b/c);", "- Như trên;", "- Lưu: VT, TĐKT."]


def _sheet_rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_table(report):
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    assert workbook.sheetnames == ["Tổng hợp", "Số liệu"]
    sheet = workbook["Tổng hợp"]
    values = _sheet_rows(sheet)
    header_row = next(i for i, row in enumerate(values) if row[0] == "STT")
    assert "Văn bản phát động đợt thi đua" in " ".join(str(v) for row in values[:header_row] for v in row if v)
    assert "30/09/2021" in " ".join(str(v) for row in values[:header_row] for v in row if v)
    assert {"A1:I1", "A2:I2"} <= {str(r) for r in sheet.merged_cells.ranges}  # title and subtitle
    assert values[header_row] == ["STT", "Đơn vị", "Cụm/Khối", "Trạng thái", "Muộn", "Thời điểm gửi", "Số/ký hiệu",
                                  HEAD, OFFICE]
    header_cell = sheet.cell(row=header_row + 1, column=1)
    assert header_cell.font.bold and header_cell.fill.fgColor.rgb.endswith("D9E2F3")
    data = values[header_row + 1:]
    assert len(data) == len(ROWS)
    assert [row[0] for row in data] == list(range(1, len(ROWS) + 1))
    assert [row[1] for row in data] == [row.unit_name for row in ROWS]
    assert [row[2] for row in data] == [row.cluster_name or None for row in ROWS]
    assert [row[3] for row in data] == ["Đã tiếp nhận", "Chưa gửi", "Đã gửi", "Bị trả lại", "Bị trả lại", "Chưa gửi",
                                        "Đã gửi"]
    assert [row[4] for row in data] == [None, None, "Muộn", None, "Muộn", None, None]
    expected_times = [
        datetime.datetime(2021, 9, 28, 9, 15), None, datetime.datetime(2021, 10, 2, 14, 5),
        datetime.datetime(2021, 9, 30, 16, 45), datetime.datetime(2021, 10, 3, 8, 0), None,
        datetime.datetime(2021, 9, 30, 23, 59),
    ]
    assert [row[5] for row in data] == expected_times
    for offset, expected in enumerate(expected_times):
        cell = sheet.cell(row=header_row + 2 + offset, column=6)
        if expected is not None:
            assert isinstance(cell.value, datetime.datetime) and cell.value.tzinfo is None
            assert cell.number_format == "dd/mm/yyyy hh:mm"
    assert [row[6] for row in data] == [row.document_number or None for row in ROWS]
    assert [row[7:] for row in data] == [
        ["Tiếp nhận 29/09/2021", "Tiếp nhận 29/09/2021"],
        [None, None],
        ["Tiếp nhận 02/10/2021", None],
        ["Tiếp nhận 01/10/2021", "Trả lại: Thiếu chữ ký, đóng dấu"],
        [None, "Trả lại: Sai thể thức"],
        [None, None],
        [None, None],
    ]
    assert sheet.freeze_panes == f"A{header_row + 2}"
    assert sheet.auto_filter.ref == f"A{header_row + 1}:I{header_row + 1 + len(ROWS)}"
    assert sheet.column_dimensions["B"].width >= 30


def test_xlsx_counts_sheet(report):
    sheet = load_workbook(io.BytesIO(render_xlsx(report)))["Số liệu"]
    rows = [row for row in _sheet_rows(sheet) if isinstance(row[1], int)]
    counts = {row[0]: row[1] for row in rows}
    assert counts == {
        "Tổng số đơn vị phải gửi": 7,
        "Đã gửi văn bản": 5,
        "Gửi đúng hạn": 3,
        "Gửi muộn": 2,
        "Đã được tiếp nhận đầy đủ": 1,
        "Đang chờ tiếp nhận": 2,
        "Bị trả lại văn bản": 2,
        "Chưa gửi văn bản": 2,
    }
    # The share is a number (a fraction of the whole) with a percentage format, not text.
    assert [row[2] for row in rows] == pytest.approx([1, 5 / 7, 3 / 7, 2 / 7, 1 / 7, 2 / 7, 2 / 7, 2 / 7])
    first = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=2).value == 7)
    assert sheet.cell(row=first, column=3).number_format == "0.0%"


def test_counts_and_shares_for_no_and_many_units(report):
    document = read_docx(render_docx(dataclasses.replace(report, rows=[])))
    texts = [p.text for p in document.paragraphs]
    assert "- Tổng số đơn vị phải gửi văn bản: 00 đơn vị." in texts
    assert "- Chưa gửi văn bản: 00/00 đơn vị." in texts  # no share of nothing
    many = [dataclasses.replace(ROWS[1], unit_name=f"Xã {n}") for n in range(1234)] + [ROWS[0]] * 20
    texts = [p.text for p in read_docx(render_docx(dataclasses.replace(report, rows=many))).paragraphs]
    assert "- Tổng số đơn vị phải gửi văn bản: 1.254 đơn vị." in texts
    assert "- Chưa gửi văn bản: 1.234/1.254 đơn vị (98,4\u00a0%)." in texts
    sheet = load_workbook(io.BytesIO(render_xlsx(dataclasses.replace(report, rows=[]))))["Số liệu"]
    assert [row[1:] for row in _sheet_rows(sheet) if isinstance(row[1], int)] == [[0, None]] * 8


@pytest.mark.parametrize("render", [render_docx, render_xlsx])
@pytest.mark.parametrize("rows", [ROWS, [], ROWS * 5])
def test_progress_rises_to_100(report, render, rows):
    seen: list[int] = []
    render(dataclasses.replace(report, rows=list(rows)), progress=seen.append)
    assert seen[0] == 0 and seen[-1] == 100
    assert seen == sorted(seen) and all(0 <= value <= 100 for value in seen)
    assert len(seen) >= 3


@pytest.mark.parametrize(
    ("render", "part", "content_type"),
    [
        (render_docx, "word/document.xml",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
        (render_xlsx, "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    ],
)
def test_outputs_are_office_zip_packages(report, render, part, content_type):
    data = render(report)
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        assert part in package.namelist()
        assert content_type in package.read("[Content_Types].xml").decode()


def test_the_default_word_template_of_the_report_prints_the_same_text_as_the_layout(report):
    """The office's starting point: the built-in layout with fields; filled with a report it says what the built-in
    layout says (every paragraph and every table cell)."""
    import io

    import docx

    from thidua.documents import deadline_report, word

    def text(content: bytes) -> list[str]:
        document = docx.Document(io.BytesIO(content))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return [p.text for p in document.paragraphs if p.text.strip()] + [c for c in cells if c.strip()]

    ctx = deadline_report.report_context(report)
    filled = word.render_template(word.default_template("deadline_report"), ctx)
    assert text(filled) == text(deadline_report.layout(ctx))
    assert any(line.startswith("Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh") for line in text(filled))
