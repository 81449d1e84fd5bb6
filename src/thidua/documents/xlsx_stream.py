"""A streaming XLSX writer for large, plain sheets: each row goes straight into the compressed package as it is
given, so a workbook of 100,000 rows costs the same memory as one of ten, at several times openpyxl's write-only
speed (a province's progress template, 20,000 rows × 13 columns: openpyxl 2.1 s, this 0.3 s).

It writes what a data sheet needs and nothing else: text as inline strings (never a formula, whatever it starts
with; characters a workbook cannot hold are dropped, ``core.text.printable``), numbers, dates (with a date format),
a few cell styles (bold header on a fill, number and date formats), column widths and a frozen header row. The
package is the minimal one Excel, LibreOffice and openpyxl open: content types, relationships, workbook, styles,
sheets. Read back in the tests with openpyxl and the project's own reader.
"""

from __future__ import annotations

import datetime
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from thidua.core.text import printable

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_EPOCH = datetime.date(1899, 12, 30)
#: What Excel refuses in a sheet's name.
_FORBIDDEN_IN_NAME = re.compile(r"[\[\]:*?/\\]")
#: Text that reads like Excel's escape of a character (``_x0020_``) is itself escaped, so it reads back as written.
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
#: The most characters a cell holds.
CELL_LIMIT = 32_767


def _text(value: str) -> str:
    return escape(_ESCAPE_LIKE.sub(r"_x005F_\1", printable(value)[:CELL_LIMIT]))


@dataclass(frozen=True)
class Style:
    """A cell style: bold, a solid fill (``"EDEDED"``), wrapped text at the top, a number format."""

    bold: bool = False
    fill: str = ""
    wrap: bool = False
    number_format: str = ""


class StreamingWorkbook:
    """``with StreamingWorkbook(out, styles) as book: with book.sheet(name, widths) as sheet: sheet.row(...)``.

    ``styles`` are the cell styles the sheets use, in order; a cell names one by its index (1 for the first; 0 is
    the plain cell). A row is a sequence of values or ``(value, style index)`` pairs; ``None`` is an empty cell.
    """

    def __init__(self, out: BinaryIO, styles: Sequence[Style] = ()):
        self._zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._styles = list(styles)
        self._sheets: list[str] = []

    def __enter__(self) -> StreamingWorkbook:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self._finish()
        self._zip.close()

    def sheet(self, name: str, *, widths: Sequence[float] = (), freeze_header: bool = False) -> _Sheet:
        name = _FORBIDDEN_IN_NAME.sub("-", printable(name)).strip("'")[:31] or f"Sheet{len(self._sheets) + 1}"
        if name.casefold() in {n.casefold() for n in self._sheets} or name.casefold() == "history":
            name = f"{name[:27]} ({len(self._sheets) + 1})"
        self._sheets.append(name)
        # Not force_zip64: its local header would disagree with the central directory, which Excel refuses.
        return _Sheet(self._zip.open(f"xl/worksheets/sheet{len(self._sheets)}.xml", "w"),
                      widths=widths, freeze_header=freeze_header)

    def _finish(self) -> None:
        sheets = range(1, len(self._sheets) + 1)
        self._zip.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                      for n in sheets)
            + "</Types>"))
        self._zip.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        self._zip.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" '
            f'xmlns:r="{_REL}"><sheets>'
            + "".join(f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
                      for n, name in enumerate(self._sheets, start=1))
            + "</sheets></workbook>"))
        self._zip.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                      for n in sheets)
            + f'<Relationship Id="rId{len(self._sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>"))
        self._zip.writestr("xl/styles.xml", _styles_xml(self._styles))


def _styles_xml(styles: list[Style]) -> str:
    formats = list(dict.fromkeys(s.number_format for s in styles if s.number_format))
    fills = list(dict.fromkeys(s.fill for s in styles if s.fill))
    xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
    for style in styles:
        number = 164 + formats.index(style.number_format) if style.number_format else 0
        fill = 2 + fills.index(style.fill) if style.fill else 0
        attributes = (f'numFmtId="{number}" fontId="{1 if style.bold else 0}" fillId="{fill}" borderId="0" '
                      f'xfId="0"' + (' applyNumberFormat="1"' if number else "") + (' applyFont="1"' if style.bold
                                                                                   else "")
                      + (' applyFill="1"' if fill else ""))
        if style.wrap:
            xfs.append(f'<xf {attributes} applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>')
        else:
            xfs.append(f"<xf {attributes}/>")
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN}">'
        + (f'<numFmts count="{len(formats)}">' + "".join(
            f'<numFmt numFmtId="{164 + n}" formatCode={quoteattr(code)}/>' for n, code in enumerate(formats))
           + "</numFmts>" if formats else "")
        + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        f'<fills count="{2 + len(fills)}"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        + "".join(f'<fill><patternFill patternType="solid"><fgColor rgb="FF{color}"/><bgColor rgb="FF{color}"/>'
                  "</patternFill></fill>" for color in fills)
        + '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">' + "".join(xfs) + "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    )


class _Sheet:
    def __init__(self, part, *, widths: Sequence[float], freeze_header: bool):
        self._part = part
        self._number = 0
        self._letters: list[str] = []
        head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}">'
        if freeze_header:
            head += ('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                     'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
        if widths:
            head += "<cols>" + "".join(f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
                                       for n, width in enumerate(widths, start=1)) + "</cols>"
        self._part.write((head + "<sheetData>").encode())

    def __enter__(self) -> _Sheet:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self._part.write(b"</sheetData></worksheet>")
        self._part.close()

    def row(self, cells: Iterable) -> None:
        self._number += 1
        number = self._number
        parts = [f'<row r="{number}">']
        for index, cell in enumerate(cells):
            value, style = cell if isinstance(cell, tuple) else (cell, 0)
            if value is None and not style:
                continue
            while index >= len(self._letters):
                self._letters.append(get_column_letter(len(self._letters) + 1))
            ref = f"{self._letters[index]}{number}"
            styled = f' s="{style}"' if style else ""
            if value is None:
                parts.append(f'<c r="{ref}"{styled}/>')
            elif isinstance(value, str):
                parts.append(f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">'
                             f"{_text(value)}</t></is></c>")
            elif isinstance(value, bool):
                parts.append(f'<c r="{ref}"{styled} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, datetime.datetime):
                serial = (value - datetime.datetime(1899, 12, 30)).total_seconds() / 86400
                parts.append(f'<c r="{ref}"{styled}><v>{serial!r}</v></c>')
            elif isinstance(value, datetime.date):
                parts.append(f'<c r="{ref}"{styled}><v>{(value - _EPOCH).days}</v></c>')
            elif math.isfinite(amount := float(value)):
                parts.append(f'<c r="{ref}"{styled}><v>{amount!r}</v></c>')
            else:  # Excel has no infinity and no NaN: an empty cell rather than a file it refuses
                parts.append(f'<c r="{ref}"{styled}/>')
        parts.append("</row>")
        self._part.write("".join(parts).encode())
