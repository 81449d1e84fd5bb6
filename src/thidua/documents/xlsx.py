"""Tables in XLSX with openpyxl: a merged title and subtitle, a bold filled header row, bordered and wrapped data
cells, column widths, the header frozen, an autofilter, and A4 print settings.

Excel has no time zones: aware datetimes are converted to local time (Asia/Ho_Chi_Minh) and stored naive, so the
cells are real Excel dates that sort and filter.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from thidua.core.text import printable

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
FONT_NAME = "Times New Roman"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", start_color="D9E2F3", end_color="D9E2F3")
_TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
_SUBTITLE_FONT = Font(name=FONT_NAME, size=12, italic=True)
_HEADER_FONT = Font(name=FONT_NAME, size=12, bold=True)
_CELL_FONT = Font(name=FONT_NAME, size=12)


@dataclass(frozen=True)
class Column:
    """One column: its header, width in characters, horizontal alignment and, if needed, a number format
    (datetimes and dates get ``DATETIME_FORMAT`` and ``DATE_FORMAT`` by default)."""

    header: str
    width: float = 15
    align: str = "left"
    number_format: str | None = None


@dataclass(frozen=True)
class TableArea:
    """Where ``write_table`` put things (1-based row numbers)."""

    header_row: int
    first_row: int
    last_row: int  # == header_row when there are no data rows
    last_column: str  # letter


def naive_local(value: datetime.datetime, tz: datetime.tzinfo = LOCAL_TZ) -> datetime.datetime:
    """``value`` in local time without tzinfo, whole seconds (an aware value is converted first; a naive one is
    taken as local already)."""
    if value.tzinfo is not None:
        value = value.astimezone(tz).replace(tzinfo=None)
    return value.replace(microsecond=0)


def excel_value(value: object) -> object:
    """A cell value: datetimes made naive local time, text without the characters a workbook cannot hold
    (``core.text.printable``: rows stored before input was cleaned must not break the export), ``None`` left empty,
    everything else unchanged."""
    if isinstance(value, datetime.datetime):
        return naive_local(value)
    if isinstance(value, str):
        return printable(value)
    return value


def text_cell(cell) -> None:
    """Keep a text cell text: a value starting with "=" (a unit name, a return reason) is never a formula, so no
    spreadsheet injection."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"


def write_only_cell(ws, value: object = None) -> WriteOnlyCell:
    """A cell of a write-only sheet holding ``value`` as ``excel_value`` makes it, text kept text (``text_cell``)."""
    cell = WriteOnlyCell(ws, excel_value(value))
    text_cell(cell)
    return cell


def new_workbook(*, creator: str = "", title: str = "") -> Workbook:
    """An empty workbook (no default sheet) with its document properties set."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = printable(creator)
    workbook.properties.lastModifiedBy = printable(creator)
    workbook.properties.title = printable(title)
    workbook.properties.language = "vi-VN"
    return workbook


def write_table(ws: Worksheet, columns: Sequence[Column], rows: Iterable[Sequence[object]], *, title: str = "",
                subtitle: str = "", on_row: Callable[[int], None] | None = None) -> TableArea:
    """Write a titled table into an empty sheet and return where it went.

    ``rows`` is consumed lazily; ``on_row(n)`` is called after the n-th data row. The title and subtitle are merged
    across all columns; a blank row separates them from the header, which is frozen and carries an autofilter.
    """
    last_column = get_column_letter(len(columns))
    row_number = 1
    for text, font, height in ((title, _TITLE_FONT, 36), (subtitle, _SUBTITLE_FONT, 32)):
        if not text:
            continue
        cell = ws.cell(row=row_number, column=1, value=excel_value(text))
        cell.font = font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.merge_cells(f"A{row_number}:{last_column}{row_number}")
        ws.row_dimensions[row_number].height = height
        row_number += 1
    if row_number > 1:
        row_number += 1  # a blank row before the header

    header_row = row_number
    for index, column in enumerate(columns, 1):
        cell = ws.cell(row=header_row, column=index, value=excel_value(column.header))
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = column.width

    alignments = [Alignment(horizontal=column.align, vertical="top", wrap_text=True) for column in columns]
    last_row = header_row
    for count, values in enumerate(rows, 1):
        last_row = header_row + count
        for index, (column, value) in enumerate(zip(columns, values, strict=True), 1):
            value = excel_value(value)
            cell = ws.cell(row=last_row, column=index, value=value)
            text_cell(cell)
            cell.font = _CELL_FONT
            cell.border = _BORDER
            cell.alignment = alignments[index - 1]
            if column.number_format:
                cell.number_format = column.number_format
            elif isinstance(value, datetime.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
        if on_row is not None:
            on_row(count)

    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sum(c.width for c in columns) > 110 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    return TableArea(header_row=header_row, first_row=header_row + 1, last_row=last_row, last_column=last_column)


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
