"""A streaming reader for the first sheet of an XLSX: rows of cell values, several times faster than openpyxl's
read-only mode because it only builds the cells of the columns asked for.

It reads the parts of the Office Open XML package it needs (workbook, relationships, shared strings, styles, the
sheet) with lxml's ``iterparse``, each through ``LimitedPart`` (no part unpacks past its declared size or the
limit) and with bounds on shared strings, rows and cells per row (``OfficeFileRefused`` past them): a
hostile workbook is refused in seconds, in bounded memory. Nothing after the sheet's data is read.

Values come out as openpyxl would give them: ``str``, ``int``/``float``, ``bool``, ``datetime`` for a number in
a date format, and a formula as its text starting with ``=``.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import from_excel

from thidua.core.files import (
    LimitedPart,
    OfficeLimits,
    too_many_rows_or_cells,
    too_many_shared_strings,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class UnreadableWorkbook(Exception):
    """The package lacks a part or a part is not the XML it should be."""


def column_index(letters: str) -> int:
    """0-based index of a column's letters (A → 0, AA → 26)."""
    index = 0
    for char in letters:
        index = index * 26 + (ord(char) - 64)
    return index - 1


def _xml(archive: zipfile.ZipFile, name: str):
    try:
        with LimitedPart(archive, name) as part:
            return etree.parse(part, _PARSER).getroot()
    except KeyError:
        return None
    except etree.XMLSyntaxError as exc:
        raise UnreadableWorkbook(name) from exc


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    workbook = _xml(archive, "xl/workbook.xml")
    rels = _xml(archive, "xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        raise UnreadableWorkbook("workbook")
    sheet = workbook.find(f"{MAIN}sheets/{MAIN}sheet")
    if sheet is None:
        raise UnreadableWorkbook("no sheet")
    rel_id = sheet.get(f"{REL}id")
    for rel in rels.iter(f"{PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    raise UnreadableWorkbook("sheet relationship")


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """The shared strings, streamed: at most ``MAX_SHARED_STRINGS`` of them and ``MAX_SHARED_STRING_CHARS``
    characters in all, whatever the part's ``count`` attribute says."""
    try:
        part = LimitedPart(archive, "xl/sharedStrings.xml")
    except KeyError:
        return []
    limit, chars_limit = OfficeLimits.get("MAX_SHARED_STRINGS"), OfficeLimits.get("MAX_SHARED_STRING_CHARS")
    strings: list[str] = []
    chars = 0
    with part:
        try:
            for _event, si in etree.iterparse(part, events=("end",), tag=f"{MAIN}si", resolve_entities=False,
                                              no_network=True):
                text = "".join(t.text or "" for t in si.iter(f"{MAIN}t"))
                strings.append(text)
                chars += len(text)
                if len(strings) > limit or chars > chars_limit:
                    raise too_many_shared_strings()
                si.clear()
                while si.getprevious() is not None:
                    del si.getparent()[0]
        except etree.XMLSyntaxError as exc:
            raise UnreadableWorkbook("xl/sharedStrings.xml") from exc
    return strings


def _special_styles(archive: zipfile.ZipFile) -> dict[int, str]:
    """Cell formats that change what a number means: ``"date"`` (a date or time) or ``"percent"`` (Excel keeps 85 %
    as 0.85; the sheet's values are in the indicator's unit, so it is read as 85)."""
    root = _xml(archive, "xl/styles.xml")
    if root is None:
        return {}
    custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in root.iterfind(f"{MAIN}numFmts/{MAIN}numFmt")}
    special = {}
    for index, xf in enumerate(root.iterfind(f"{MAIN}cellXfs/{MAIN}xf")):
        fmt_id = int(xf.get("numFmtId", "0"))
        code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, "General"))
        if is_date_format(code):
            special[index] = "date"
        elif "%" in code.replace('\\%', "").split(";")[0] and '"' not in code:
            special[index] = "percent"
    return special


class Columns:
    """Which columns to read: ``wanted`` may be narrowed while reading (after the header row, to the columns
    that matter); cells elsewhere are skipped without being decoded."""

    def __init__(self, count: int):
        self.count = count
        self.wanted: set[int] | None = None


def read_rows(file, *, columns: Columns, on_fraction=None) -> Iterator[tuple[int, list]]:
    """``(row number, [values of columns 0..columns.count-1])`` for each row present in the first sheet.
    ``on_fraction(percent)`` is told how far through the sheet the reading is, every 2,000 rows."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableWorkbook("zip") from exc
    with archive:
        sheet_path = _first_sheet_path(archive)
        strings = _shared_strings(archive)
        dated = _special_styles(archive)
        try:
            part = LimitedPart(archive, sheet_path)
        except KeyError as exc:
            raise UnreadableWorkbook(sheet_path) from exc
        with part:
            try:
                yield from _sheet_rows(part, strings, dated, columns, on_fraction)
            except etree.XMLSyntaxError as exc:
                raise UnreadableWorkbook(sheet_path) from exc


_ROW, _SHEET_DATA = f"{MAIN}row", f"{MAIN}sheetData"
#: Elements a sheet may hold before its data (sheet views, column widths…); a real one has a few dozen.
MAX_HEAD_ELEMENTS = 50_000


def _sheet_rows(part: LimitedPart, strings, dated, columns: Columns, on_fraction):
    """Every element's end is seen (a cell-by-cell count bounds a row's width before the row is built in full);
    rows are cleared once read, what precedes the data is cleared as it comes, and reading stops at the data's
    end."""
    max_rows, max_cells = OfficeLimits.get("MAX_SHEET_ROWS"), OfficeLimits.get("MAX_SHEET_COLUMNS")
    size = part.limit or 1
    rows = cells = head = 0
    for _event, element in etree.iterparse(part, events=("end",), resolve_entities=False, no_network=True):
        tag = element.tag
        if tag == _CELL:
            cells += 1
            if cells > max_cells:
                raise too_many_rows_or_cells()
        elif tag == _ROW:
            rows += 1
            if rows > max_rows:
                raise too_many_rows_or_cells()
            yield _row_values(element, strings, dated, columns)
            if on_fraction and rows % 2000 == 0:
                on_fraction(min(99, part.tell() * 100 // size))
            cells = 0
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
        elif tag == _SHEET_DATA:
            return
        elif rows == 0 and cells == 0:
            head += 1
            if head > MAX_HEAD_ELEMENTS:
                raise too_many_rows_or_cells()
            parent = element.getparent()
            nested = parent is not None and parent.getparent() is not None
            if nested and next(element.iterancestors(_ROW), None) is None:
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]


_DIGITS = "0123456789"
_CELL = f"{MAIN}c"


def _row_values(row, strings: list[str], dated: dict[int, str], columns: Columns) -> tuple[int, list]:
    number = int(row.get("r", "0"))
    count, wanted = columns.count, columns.wanted
    values: list = [None] * count
    position = -1
    for cell in row.iterchildren(_CELL):
        ref = cell.get("r")
        if ref:
            position = column_index(ref.rstrip(_DIGITS))
            if not number:
                number = int(ref[len(ref.rstrip(_DIGITS)):] or 0)
        else:
            position += 1
        if position >= count or (wanted is not None and position not in wanted):
            continue
        values[position] = _cell_value(cell, strings, dated)
    return number, values


_F, _V, _IS, _T = f"{MAIN}f", f"{MAIN}v", f"{MAIN}is", f"{MAIN}t"


def _cell_value(cell, strings: list[str], dated: dict[int, str]):
    text = None
    for child in cell:  # one pass over <f>, <v>, <is>
        tag = child.tag
        if tag == _V:
            text = child.text
        elif tag == _F:
            return "=" + (child.text or "")
        elif tag == _IS:
            return "".join(t.text or "" for t in child.iter(_T))
    if text is None:
        return None
    kind = cell.get("t")
    if kind == "s":
        try:
            return strings[int(text)]
        except (ValueError, IndexError):
            return None
    if kind in ("str", "e", "inlineStr"):
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    try:
        number = float(text)
    except ValueError:
        return text
    style = cell.get("s")
    special = dated.get(int(style)) if style else None
    if special == "date":
        try:
            return from_excel(number)
        except (ValueError, OverflowError):
            return number
    if special == "percent":
        try:
            return Decimal(text.strip()) * 100
        except InvalidOperation:
            return number
    return int(number) if number.is_integer() and "." not in text and "E" not in text.upper() else number
