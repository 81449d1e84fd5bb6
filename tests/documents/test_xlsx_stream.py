"""The streaming XLSX writer (``documents.xlsx_stream``), read back with openpyxl and with the project's own reader:
values and their types, text that looks like a formula kept as text, characters a workbook cannot hold dropped,
styles, widths, the frozen header, several sheets; and the progress template written with it."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl

from thidua.documents.xlsx_stream import StreamingWorkbook, Style
from thidua.indicators import spreadsheet
from thidua.indicators.xlsx_reader import Columns, read_rows


def streamed() -> bytes:
    out = io.BytesIO()
    with StreamingWorkbook(out, [Style(bold=True, fill="FFF2CC", wrap=True), Style(number_format="#,##0.####"),
                                 Style(number_format="dd/mm/yyyy")]) as book:
        with book.sheet("Tiến độ <1>", widths=[20, 12, 14], freeze_header=True) as sheet:
            sheet.row([("Đơn vị", 1), ("Giá trị", 1), ("Ngày", 1)])
            sheet.row(["UBND huyện Yên Thế", (Decimal("1234.5"), 2), (datetime.date(2021, 12, 31), 3)])
            sheet.row(["=SUM(A1:A2)", (7, 2), None, "Ghi\x01chú & <b>"])
            sheet.row([None, True, (datetime.datetime(2021, 9, 30, 12, 0), 3)])
        with book.sheet("Hướng dẫn", widths=[110]) as guide:
            guide.row(["Dòng một"])
    return out.getvalue()


def test_values_come_back_with_their_types():
    book = openpyxl.load_workbook(io.BytesIO(streamed()))
    assert book.sheetnames == ["Tiến độ <1>", "Hướng dẫn"]
    sheet = book.worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        ["Đơn vị", "Giá trị", "Ngày", None],
        ["UBND huyện Yên Thế", 1234.5, datetime.datetime(2021, 12, 31), None],
        ["=SUM(A1:A2)", 7, None, "Ghichú & <b>"],
        [None, True, datetime.datetime(2021, 9, 30, 12, 0), None],
    ]
    assert sheet["A3"].data_type == "s"  # text, never a formula
    assert book.worksheets[1]["A1"].value == "Dòng một"


def test_styles_widths_and_the_frozen_header():
    sheet = openpyxl.load_workbook(io.BytesIO(streamed())).worksheets[0]
    header = sheet["A1"]
    assert header.font.b and header.fill.fgColor.rgb == "FFFFF2CC" and header.alignment.wrap_text
    assert sheet["B2"].number_format == "#,##0.####" and sheet["C2"].number_format == "dd/mm/yyyy"
    assert not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["C"].width) == (20, 14)


def test_the_projects_own_reader_reads_it():
    columns = Columns(3)
    rows = list(read_rows(io.BytesIO(streamed()), columns=columns))
    assert rows[1] == (2, ["UBND huyện Yên Thế", 1234.5, datetime.datetime(2021, 12, 31)])
    assert rows[2][1][:2] == ["=SUM(A1:A2)", 7]


def test_the_package_holds_only_its_parts():
    names = set(zipfile.ZipFile(io.BytesIO(streamed())).namelist())
    assert names == {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                     "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}


def test_the_progress_template_streams_a_province_of_rows():
    rows = [spreadsheet.TemplateRow(f"DV-{n:04d}", f"Đơn vị {n}", f"CT-{n % 20:02d}", "Tỷ lệ", "%",
                                    Decimal("10"), Decimal("90.5"), datetime.date(2025, 12, 31),
                                    None if n % 7 else Decimal("40.25"), None if n % 7 else datetime.date(2025, 11, 30))
            for n in range(5000)]
    book = openpyxl.load_workbook(io.BytesIO(spreadsheet.build_template(title="Đợt", rows=iter(rows))),
                                  read_only=True)
    sheet = book.worksheets[0]
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 5001
    assert values[1][:10] == ("DV-0000", "Đơn vị 0", "CT-00", "Tỷ lệ", "%", 10, 90.5,
                              datetime.datetime(2025, 12, 31), 40.25, datetime.datetime(2025, 11, 30))
    assert all(value is None for value in values[2][8:11])  # trailing empty cells are not written
    assert values[5000][0] == "DV-4999"


def test_what_excel_refuses_never_reaches_the_file():
    """Sheet names without []:*?/\\ and unique; no infinity or NaN; text that looks like an escape escaped; no
    ZIP64 local header on the sheets (Excel refuses one its central directory does not repeat)."""
    out = io.BytesIO()
    with StreamingWorkbook(out) as book:
        with book.sheet("Quý 1/2021 [bản *nháp*]") as sheet:
            sheet.row(["A_x0020_B", float("inf"), float("nan"), 1e-07, "x" * 40_000])
        with book.sheet("quý 1-2021 -bản -nháp--") as second:
            second.row(["hai"])
    content = out.getvalue()
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames[0] == "Quý 1-2021 -bản -nháp--"
    assert book.sheetnames[1] != book.sheetnames[0] and len(book.sheetnames[1]) <= 31
    cells = [cell.value for cell in book.worksheets[0][1]]
    assert cells[1:4] == [None, None, 1e-07]
    # Excel reads "_x0020_" in a string as a space: the writer escapes the underscore so Excel shows the text as
    # written (openpyxl does not unescape, so it is checked in the sheet's XML).
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert ">A_x005F_x0020_B<" in sheet_xml
    assert len(cells[4]) == 32_767
    archive = zipfile.ZipFile(io.BytesIO(content))
    for info in archive.infolist():
        assert info.extract_version < 45, info.filename
