"""The award registry as XLSX: one row per award of the current filter, revoked ones with their reason.

A registry holds hundreds of thousands of awards, so nothing is held whole: rows are read as plain tuples
(``REGISTRY_FIELDS``, through ``registry_rows``) with ``.iterator()``, and written into an openpyxl *write-only*
worksheet, which streams each row to a temporary file as it comes. The sheet looks like the other tables of
``documents.xlsx`` (merged title and subtitle, a bold filled header, bordered wrapped cells, frozen header,
autofilter, A4 print settings); in write-only mode the column widths, row heights and the frozen pane are set before
the first row, the merges, autofilter and page setup at the end.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from copy import copy

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from thidua.awards.enums import AwardLevel, AwardStatus

from . import xlsx

#: The columns an export reads from ``Award`` (``values_list()`` names, in this order).
REGISTRY_FIELDS = ("year", "award_type__name", "award_type__level", "person_id", "recipient_name", "unit__name",
                   "decision_reference", "decision__signed_on", "status", "revocation_reason")

COLUMNS = [
    xlsx.Column("Năm", 8, "center"),
    xlsx.Column("Danh hiệu/Hình thức", 32),
    xlsx.Column("Cấp", 10, "center"),
    xlsx.Column("Đối tượng", 12, "center"),
    xlsx.Column("Họ tên / Tên tập thể", 32),
    xlsx.Column("Đơn vị", 32),
    xlsx.Column("Quyết định", 24),
    xlsx.Column("Trạng thái", 12, "center"),
    xlsx.Column("Lý do hủy bỏ", 32),
]

TITLE = "SỔ THEO DÕI DANH HIỆU THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG"
LEVELS = {AwardLevel.GRASSROOTS: "Cơ sở", AwardLevel.PROVINCE: "Tỉnh", AwardLevel.NATIONAL: "Nhà nước"}
STATUSES = {AwardStatus.ACTIVE: "Có hiệu lực", AwardStatus.REVOKED: "Đã hủy bỏ"}


def registry_rows(awards: QuerySet, chunk_size: int = 2000) -> Iterator[tuple]:
    """The awards' export values as ``REGISTRY_FIELDS`` tuples, streamed ``chunk_size`` rows a fetch (a server-side
    cursor on PostgreSQL); the queryset's filters and order are kept."""
    return awards.values_list(*REGISTRY_FIELDS).iterator(chunk_size=chunk_size)


def _line(row: tuple) -> list:
    year, type_name, level, person_id, recipient, unit_name, reference, signed_on, status, reason = row
    decision = f"{reference} ngày {signed_on:%d/%m/%Y}" if reference and signed_on else reference or ""
    return [
        year,
        type_name,
        LEVELS.get(level, level),
        "Cá nhân" if person_id else "Tập thể",
        recipient,
        unit_name or "",
        decision,
        STATUSES.get(status, status),
        reason or None,
    ]


def _styled(ws, value, style) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, xlsx.excel_value(value))  # text the workbook can hold, even from old rows
    cell._style = copy(style)  # the prototype's style ids: far cheaper than setting font, border, alignment again
    xlsx.text_cell(cell)  # typed text (a name, a reason) is never a formula: no spreadsheet injection
    return cell


def render_registry_xlsx(rows: Iterable[tuple] | QuerySet, *, subtitle: str = "",
                         on_rows: Callable[[int], None] | None = None, every: int = 5000) -> bytes:
    """The table of awards. ``rows`` yields ``REGISTRY_FIELDS`` tuples (a queryset of awards is read through
    ``registry_rows``); ``on_rows(n)`` is called after every ``every`` rows written, and once at the end."""
    if isinstance(rows, QuerySet):
        rows = registry_rows(rows)
    workbook = Workbook(write_only=True)
    for name, value in (("creator", "thidua"), ("lastModifiedBy", "thidua"), ("title", "Sổ theo dõi khen thưởng"),
                        ("language", "vi-VN")):
        setattr(workbook.properties, name, value)
    ws = workbook.create_sheet("Khen thưởng")
    last_column = get_column_letter(len(COLUMNS))

    # Before the first row: widths, heights, the frozen pane.
    for index, column in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    heading = [(text, font, height) for text, font, height in
               ((TITLE, xlsx._TITLE_FONT, 36), (subtitle, xlsx._SUBTITLE_FONT, 32)) if text]
    header_row = len(heading) + 2 if heading else 1  # a blank row between the heading and the header
    for number, (_text, _font, height) in enumerate(heading, 1):
        ws.row_dimensions[number].height = height
    ws.freeze_panes = f"A{header_row + 1}"

    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, (text, font, _height) in enumerate(heading, 1):
        cell = WriteOnlyCell(ws, xlsx.excel_value(text))
        cell.font, cell.alignment = font, centred
        ws.append([cell])
        ws.merged_cells.add(f"A{number}:{last_column}{number}")
    if heading:
        ws.append([])
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(ws, column.header)
        cell.font, cell.fill, cell.border, cell.alignment = (xlsx._HEADER_FONT, xlsx._HEADER_FILL, xlsx._BORDER,
                                                             centred)
        header.append(cell)
    ws.append(header)

    styles = []
    for column in COLUMNS:
        prototype = WriteOnlyCell(ws)
        prototype.font, prototype.border = xlsx._CELL_FONT, xlsx._BORDER
        prototype.alignment = Alignment(horizontal=column.align, vertical="top", wrap_text=True)
        styles.append(prototype._style)
    count = 0
    for count, row in enumerate(rows, 1):
        ws.append([_styled(ws, value, style) for value, style in zip(_line(row), styles, strict=True)])
        if on_rows is not None and count % every == 0:
            on_rows(count)
    if on_rows is not None:
        on_rows(count)

    # After the rows: the autofilter over what was written, print titles and page setup.
    ws.auto_filter.ref = f"A{header_row}:{last_column}{header_row + count}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sum(c.width for c in COLUMNS) > 110 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
