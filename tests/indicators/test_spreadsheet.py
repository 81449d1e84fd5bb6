"""The progress workbook: the template, and the reader's checks of every cell (no database needed)."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from thidua.indicators import spreadsheet
from thidua.indicators.spreadsheet import COLUMNS, SheetRejected, TemplateRow, parse_date, parse_number, read_sheet

D = Decimal
HEADER = [msgid for _key, msgid, _width, _filled in COLUMNS]
# The template's columns: K period ending, L value, M note.
PERIOD = datetime.date(2021, 10, 31)


def row(unit="H-YT", indicator="YT-01", period=PERIOD, value="90,5", note="") -> list:
    return [unit, "", indicator, "", "%", 1, 2, None, None, None, period, value, note]


def workbook(*rows, header=HEADER) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    if header is not None:
        sheet.append(header)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def rejected(file) -> SheetRejected:
    with pytest.raises(SheetRejected) as caught:
        read_sheet(file)
    return caught.value


# ── numbers ─────────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("text", "expected"), [
    ("1.234,5", "1234.5"),          # Vietnamese notation
    ("1234.5", "1234.5"),           # plain
    ("12,5", "12.5"),               # a lone comma is the decimal mark
    ("1.234", "1234"),              # dots grouping by three are thousands
    ("12.345.678", "12345678"),
    ("12.345.678,25", "12345678.25"),
    ("1,234.5", "1234.5"),          # English notation: the last mark is the decimal one
    ("1,234,567", "1234567"),
    ("0.5", "0.5"),
    ("85%", "85"),                  # a percent typed as text: the number of points
    ("85,5 %", "85.5"),
    ("-3,5", "-3.5"),
    ("+7", "7"),
    (" 1 234,5 ", "1234.5"),        # spaces between groups
    ("\u00a01.234,5", "1234.5"),    # a non-breaking space pasted from a web page
    ("42", "42"),
])
def test_parse_number_reads_vietnamese_and_plain_notation(text, expected):
    assert parse_number(text) == D(expected)


@pytest.mark.parametrize(("cell", "expected"), [(12, "12"), (12.5, "12.5"), (0.1, "0.1")])
def test_parse_number_keeps_numeric_cells_exact(cell, expected):
    assert parse_number(cell) == D(expected)


@pytest.mark.parametrize(("cell", "message"), [
    ("mười hai", "“mười hai” is not a number."),
    ("1.2.3", "“1.2.3” is not a number."),
    ("12a", "“12a” is not a number."),
    ("=A1*2", "The cell holds a formula; type the value itself."),
    (datetime.date(2021, 10, 31), "The cell holds a date, not a number."),
    (datetime.datetime(2021, 10, 31, 0, 0), "The cell holds a date, not a number."),
    (True, "A yes/no value is not a number."),
    (float("nan"), "Not a number."),
])
def test_parse_number_refuses_with_a_clear_message(cell, message):
    with translation.override("en"), pytest.raises(ValueError) as caught:
        parse_number(cell)
    assert str(caught.value) == message


# ── dates ───────────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("cell", [
    "31/10/2021", "31-10-2021", "31.10.2021", "2021-10-31", datetime.date(2021, 10, 31),
    datetime.datetime(2021, 10, 31, 0, 0),
])
def test_parse_date_reads_day_first_and_iso_dates(cell):
    assert parse_date(cell) == PERIOD


@pytest.mark.parametrize(("cell", "message"), [
    ("31/13/2021", "“31/13/2021” is not a date; write it as dd/mm/yyyy."),
    ("10/2021", "“10/2021” is not a date; write it as dd/mm/yyyy."),
    ("=TODAY()", "The cell holds a formula; type the date itself."),
    (44500, "The cell holds a number; format it as a date (dd/mm/yyyy)."),
])
def test_parse_date_refuses_with_a_clear_message(cell, message):
    with translation.override("en"), pytest.raises(ValueError) as caught:
        parse_date(cell)
    assert str(caught.value) == message


# ── what is an XLSX ─────────────────────────────────────────────────────────────────────────────────────────


def zipped(names: list[str]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    out.seek(0)
    return out


def test_is_xlsx_takes_a_real_workbook():
    assert spreadsheet.is_xlsx(workbook(row()))


@pytest.mark.parametrize("content", [
    io.BytesIO(b"unit_code;value\nH-YT;12,5\n"),  # a CSV renamed .xlsx
    io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),  # an old .xls (OLE2)
    io.BytesIO(b"PK\x03\x04 not really a zip"),
    io.BytesIO(b""),
])
def test_is_xlsx_refuses_other_files(content):
    assert not spreadsheet.is_xlsx(content)


def test_is_xlsx_refuses_a_docx_and_a_plain_zip():
    assert not spreadsheet.is_xlsx(zipped(["[Content_Types].xml", "word/document.xml"]))
    assert not spreadsheet.is_xlsx(zipped(["data.csv"]))


@pytest.mark.parametrize("content", [io.BytesIO(b"not a workbook"), zipped(["word/document.xml"])])
def test_reader_refuses_a_file_that_is_not_xlsx(content):
    with translation.override("en"):
        error = rejected(content)
    assert (error.message, error.errors) == ("The file is not an Excel workbook (.xlsx), whatever its name says.", [])


def test_reader_refuses_a_damaged_workbook():
    with translation.override("en"):
        error = rejected(zipped(["[Content_Types].xml", "xl/workbook.xml"]))
    assert error.message == "The workbook cannot be opened: it is damaged or not a real .xlsx file."


# ── reading a sheet ─────────────────────────────────────────────────────────────────────────────────────────


def test_reader_returns_each_filled_row_with_its_number():
    rows = read_sheet(workbook(
        row(value="1.234,5", note="  Đã kiểm tra  "),
        row(unit=None, indicator=None, period=None, value=None),  # an empty row is skipped
        row(indicator="NS-01", period="30/11/2021", value=12.5),
    ))
    assert [(r.row, r.unit_code, r.indicator_code, r.period_end, r.value, r.note) for r in rows] == [
        (2, "H-YT", "YT-01", PERIOD, D("1234.5"), "Đã kiểm tra"),
        (4, "H-YT", "NS-01", datetime.date(2021, 11, 30), D("12.5"), ""),
    ]
    assert (rows[0].letters["period_end"], rows[0].letters["value"], rows[0].letters["note"]) == ("K", "L", "M")


def test_one_bad_cell_rejects_the_file_and_names_its_row_and_column():
    with translation.override("en"):
        error = rejected(workbook(row(), row(), row(value="chín mươi"), row()))
    assert error.message == "Nothing was saved: the file has errors."
    assert error.errors == [{"row": 4, "column": "L", "message": "“chín mươi” is not a number."}]


def test_text_formula_and_date_in_number_cells_are_each_named():
    with translation.override("en"):
        error = rejected(workbook(
            row(value="nhiều"),
            row(value="=L2*2"),
            row(value=datetime.date(2021, 10, 1)),
            row(period="=TODAY()"),
            row(period="tháng 10"),
        ))
    assert error.errors == [
        {"row": 2, "column": "L", "message": "“nhiều” is not a number."},
        {"row": 3, "column": "L", "message": "The cell holds a formula; type the value itself."},
        {"row": 4, "column": "L", "message": "The cell holds a date, not a number."},
        {"row": 5, "column": "K", "message": "The cell holds a formula; type the date itself."},
        {"row": 6, "column": "K", "message": "“tháng 10” is not a date; write it as dd/mm/yyyy."},
    ]


def test_missing_cells_of_a_started_row_are_named():
    with translation.override("en"):
        error = rejected(workbook(
            row(unit=None, indicator=None),
            row(period=None),
            row(value=None, note="chưa có số liệu"),
        ))
    assert error.errors == [
        {"row": 2, "column": "A", "message": "The unit code is missing."},
        {"row": 2, "column": "C", "message": "The indicator code is missing."},
        {"row": 3, "column": "K", "message": "The period's end date is missing."},
        {"row": 4, "column": "L", "message": "The value is missing."},
    ]


def test_empty_sheet_is_refused():
    with translation.override("en"):
        error = rejected(workbook(header=None))
    assert (error.message, error.errors) == ("The sheet is empty: download the template and fill it.", [])


def test_headers_without_any_value_are_refused():
    with translation.override("en"):
        error = rejected(workbook(row(period=None, value=None)))
    assert error.message == "No row has a value: fill the yellow columns and upload again."


def test_missing_headers_are_listed():
    header = [h for h in HEADER if h not in ("Value for the period", "Unit code (do not change)")]
    with translation.override("en"):
        error = rejected(workbook(["H-YT", "YT-01", PERIOD, "1"], header=header))
    assert error.message == ("The first row must hold the template's headers; missing: "
                             "“Unit code (do not change)”, “Value for the period”.")
    assert error.errors == [
        {"row": 1, "column": None, "message": "Missing column Unit code (do not change)."},
        {"row": 1, "column": None, "message": "Missing column Value for the period."},
    ]


def test_columns_are_found_by_header_in_any_order_and_errors_use_the_files_letters():
    header = ["Value for the period", "Period ending", "Indicator code (do not change)", "Unit code (do not change)"]
    rows = read_sheet(workbook(["12,5", "31/10/2021", "YT-01", "H-YT"], header=header))
    assert [(r.unit_code, r.indicator_code, r.period_end, r.value) for r in rows] == [
        ("H-YT", "YT-01", PERIOD, D("12.5"))]
    with translation.override("en"):
        error = rejected(workbook(["x", "31/10/2021", "YT-01", "H-YT"], header=header))
    assert error.errors == [{"row": 2, "column": "A", "message": "“x” is not a number."}]


def test_headers_are_matched_in_either_language_whatever_the_case_and_accents():
    with translation.override("vi"):
        vietnamese = [str(translation.gettext(msgid)) for msgid in HEADER]
    assert [r.value for r in read_sheet(workbook(row(value="1.234,5"), header=vietnamese))] == [D("1234.5")]
    shouted = [h.upper() for h in HEADER]
    assert [r.value for r in read_sheet(workbook(row(value="7"), header=shouted))] == [D("7")]


def test_errors_stop_at_the_limit_and_count_the_rest():
    with translation.override("en"):
        error = rejected(workbook(*[row(value="?") for _ in range(spreadsheet.MAX_ERRORS + 50)]))
    assert len(error.errors) == spreadsheet.MAX_ERRORS + 1
    assert error.errors[0] == {"row": 2, "column": "L", "message": "“?” is not a number."}
    assert error.errors[-1] == {"row": None, "column": None, "message": "…and 50 more errors."}


def test_more_rows_than_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)  # the real limit (100,000) is read the same way
    assert len(read_sheet(workbook(*[row() for _ in range(3)]))) == 3
    with translation.override("en"):
        error = rejected(workbook(*[row() for _ in range(4)]))
    assert (error.message, error.errors) == ("The file has more than 3 filled rows; split it into smaller files.", [])


def test_progress_is_reported_while_reading_a_long_file():
    seen = []
    rows = read_sheet(workbook(*[row() for _ in range(10_000)]), on_progress=seen.append)
    assert len(rows) == 10_000
    assert seen and seen == sorted(seen) and all(0 <= p <= 100 for p in seen)


# ── the template ────────────────────────────────────────────────────────────────────────────────────────────


def template_row(**overrides) -> TemplateRow:
    values = {"unit_code": "H-YT", "unit_name": "UBND huyện Yên Thế", "indicator_code": "YT-01",
              "indicator_name": "Tỷ lệ tiêm chủng", "unit_of_measure": "%", "baseline": D("36.3"),
              "target_value": D("99.1"), "due_on": datetime.date(2021, 12, 31), "current_value": D("88.1"),
              "last_period_end": datetime.date(2021, 11, 30)}
    return TemplateRow(**{**values, **overrides})


def test_template_is_prefilled_and_reads_back_once_filled():
    content = spreadsheet.build_template(title="Đợt thi đua", period_end=datetime.date(2021, 12, 31), rows=[
        template_row(), template_row(indicator_code="NS-01", current_value=None, last_period_end=None)])
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[2]][:11] == [
        "H-YT", "UBND huyện Yên Thế", "YT-01", "Tỷ lệ tiêm chủng", "%", 36.3, 99.1,
        datetime.datetime(2021, 12, 31), 88.1, datetime.datetime(2021, 11, 30), datetime.datetime(2021, 12, 31)]
    assert sheet["I3"].value is None and sheet["J3"].value is None
    assert book.sheetnames[1] != "" and book.worksheets[1]["A1"].value == "Đợt thi đua"
    # Unfilled, the template holds no value: nothing to import.
    with pytest.raises(SheetRejected):
        read_sheet(io.BytesIO(content))
    sheet["L2"] = "95,2"
    sheet["L3"] = 120
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    rows = read_sheet(out)
    assert [(r.indicator_code, r.period_end, r.value) for r in rows] == [
        ("YT-01", datetime.date(2021, 12, 31), D("95.2")), ("NS-01", datetime.date(2021, 12, 31), D("120"))]


def test_a_percent_formatted_cell_is_read_in_percent_points():
    """Excel keeps "85,5 %" as 0.855 with a percent format; the indicator's unit is the percent itself."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(row(value=0.855))
    sheet.append(row(indicator="YT-02", value=0.855))
    value_column = COLUMNS.index(next(c for c in COLUMNS if c[0] == "value")) + 1
    sheet.cell(row=2, column=value_column).number_format = "0.0%"
    sheet.cell(row=3, column=value_column).number_format = "0.000"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    rows = read_sheet(out)
    assert [r.value for r in rows] == [Decimal("85.500"), Decimal("0.855")]
