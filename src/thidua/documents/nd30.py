"""Official documents laid out as Nghị định 30/2020/NĐ-CP, Phụ lục I ("thể thức và kỹ thuật trình bày văn bản").

``OfficialDocument`` is a small builder over python-docx that knows the layout only: the A4 page and its margins,
Times New Roman, the header (issuing body, number and symbol, national title and motto, place and date), the
document kind and summary, body paragraphs, headings and tables, the signature block and "Nơi nhận". Callers pass
the words; reports, decisions, certificates and minutes all share it.

The short rules under the issuing body, the motto and the summary are bottom borders of small paragraphs whose
width is measured with Times New Roman's advance widths (metric-compatible Liberation Serif), so no font file is
needed at run time.
"""

from __future__ import annotations

import copy
import datetime
import io
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Mm, Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from thidua.core.text import printable

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # Quốc hiệu
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"  # Tiêu ngữ
RECIPIENTS_LABEL = "Nơi nhận:"
BLANK_NUMBER = " " * 8  # left for the clerk (văn thư), who writes the number in when registering the document
BODY_FIRST_LINE_INDENT = Cm(1.27)  # Phụ lục I, "Nội dung": 1 cm to 1.27 cm
BODY_SPACING = Pt(6)  # Phụ lục I, "Nội dung": at least 6 pt between paragraphs
BODY_LINE_SPACING = 1.15  # Phụ lục I, "Nội dung": from single to 1.5 lines
RULE_RATIO = 0.4  # rules under the issuing body and the summary: 1/3 to 1/2 of the line above

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

# Advance widths (units of 1/2048 em) of ASCII 32..126 in Times New Roman, regular and bold.
_WIDTHS_REGULAR = (
    512, 682, 836, 1024, 1024, 1706, 1593, 369, 682, 682, 1024, 1155, 512, 682, 512, 569, 1024, 1024, 1024,
    1024, 1024, 1024, 1024, 1024, 1024, 1024, 569, 569, 1155, 1155, 1155, 909, 1886, 1479, 1366, 1366, 1479,
    1251, 1139, 1479, 1479, 682, 797, 1479, 1251, 1821, 1479, 1479, 1139, 1479, 1366, 1139, 1251, 1479, 1479,
    1933, 1479, 1479, 1251, 682, 569, 682, 961, 1024, 682, 909, 1024, 909, 1024, 909, 682, 1024, 1024, 569, 569,
    1024, 569, 1593, 1024, 1024, 1024, 1024, 682, 797, 569, 1024, 1024, 1479, 1024, 1024, 909, 983, 410, 983,
    1108,
)  # fmt: skip
_WIDTHS_BOLD = (
    512, 682, 1137, 1024, 1024, 2048, 1706, 569, 682, 682, 1024, 1167, 512, 682, 512, 569, 1024, 1024, 1024,
    1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167, 1167, 1167, 1024, 1905, 1479, 1366, 1479, 1479,
    1366, 1251, 1593, 1593, 797, 1024, 1593, 1366, 1933, 1479, 1593, 1251, 1593, 1479, 1139, 1366, 1479, 1479,
    2048, 1479, 1479, 1366, 682, 569, 682, 1190, 1024, 682, 1024, 1139, 909, 1139, 909, 682, 1024, 1139, 569,
    682, 1139, 569, 1706, 1139, 1024, 1139, 1139, 909, 797, 682, 1139, 1024, 1479, 1024, 1024, 909, 807, 451,
    807, 1065,
)  # fmt: skip
_BASE_LETTER = {"Đ": "D", "đ": "d"}  # the only Vietnamese letters without a canonical decomposition

# Children of w:pPr that come after w:pBdr (ECMA-376 order), for inserting the border in the right place.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
# Children of w:tblPr after w:tblBorders, and after w:tblCellMar.
_AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
_AFTER_TBLCELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription")


# ----------------------------------------------------------------------------------------------------------------
# Words of the header


def date_words(dated: datetime.date | None) -> str:
    """``ngày 05 tháng 01 năm 2026``; ``ngày 30 tháng 9 năm 2021``.

    NĐ 30/2020, Phụ lục I, "Địa danh và thời gian": days below 10 and the months 1 and 2 take a leading zero,
    nothing else does. With no date the blanks are left for the clerk.
    """
    if dated is None:
        return f"ngày{BLANK_NUMBER}tháng{BLANK_NUMBER}năm{BLANK_NUMBER}"
    month = f"{dated.month:02d}" if dated.month <= 2 else str(dated.month)
    return f"ngày {dated.day:02d} tháng {month} năm {dated.year}"


def date_line(place: str, dated: datetime.date | None) -> str:
    """``Bắc Giang, ngày 05 tháng 01 năm 2026`` (NĐ 30/2020, Phụ lục I: a comma follows the place name)."""
    words = date_words(dated)
    return f"{place}, {words}" if place else words[0].upper() + words[1:]


def number_line(number: int | str | None = None, symbol: str = "") -> str:
    """``Số: 05/BC-SNV``, or ``Số:        /BC-SNV`` while the number is left blank for the clerk.

    NĐ 30/2020, Phụ lục I, "Số, ký hiệu": "Số" then a colon; numbers below 10 take a leading zero.
    """
    text = "" if number is None else str(number).strip()
    if text.isdigit() and int(text) < 10:
        text = f"{int(text):02d}"
    text = text or BLANK_NUMBER
    return f"Số: {text}/{symbol}" if symbol else f"Số: {text}"


def recipient_lines(lines: Iterable[str], *, archive: str = "Lưu: VT.") -> list[str]:
    """The "Nơi nhận" lines, each starting with "-" and ending with ";", the last one "- Lưu: VT, ...".

    NĐ 30/2020, Phụ lục I, "Nơi nhận": a dash at the left margin, a semicolon after each recipient, and the
    archive line ("Lưu: VT, <drafting unit>") last, ending with a full stop. Lines starting with "+" (sub-items)
    are kept as given; the archive line is added when missing.
    """
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not line.startswith(("-", "+")):
            line = f"- {line}"
        if line[-1] not in ";.:,":
            line += ";"
        out.append(line)
    if archive.strip() and not any("Lưu:" in line for line in out):
        out.append(f"- {archive.strip()}")
    if out and out[-1].endswith(";") and "Lưu:" in out[-1]:
        out[-1] = out[-1][:-1] + "."
    return out


# ----------------------------------------------------------------------------------------------------------------
# Measuring and low-level formatting


def text_width(text: str, size: float, *, bold: bool = False) -> Length:
    """The printed width of one line of ``text`` in Times New Roman at ``size`` points (accents take no width)."""
    table = _WIDTHS_BOLD if bold else _WIDTHS_REGULAR
    units = 0
    for char in text:
        base = unicodedata.normalize("NFD", char)[:1]  # Vietnamese letters: the base letter, marks take no width
        base = _BASE_LETTER.get(base, base)
        units += table[ord(base) - 32] if 32 <= ord(base) < 127 else 1024
    return Pt(units / 2048 * size)


def add_run(paragraph: Paragraph, text: str, *, size: float | None = None, bold: bool = False,
            italic: bool = False, underline: bool = False) -> Run:
    """Append a run; the font itself comes from the document defaults (Times New Roman). Characters a DOCX cannot
    hold (``core.text.printable``) are dropped, so an old row with a control character still prints."""
    run = paragraph.add_run(printable(text))
    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True
    if underline:
        run.font.underline = True
    return run


def format_paragraph(paragraph: Paragraph, *, align: str = "left", before: float = 0, after: float = 0,
                     line: float | Length | None = 1.0, first_line: Length | None = None,
                     left: Length | None = None, keep_with_next: bool = False) -> Paragraph:
    """Alignment, spacing (points), line spacing (a multiple, or a Length for "exactly") and indents."""
    pf = paragraph.paragraph_format
    pf.alignment = ALIGN[align]
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if isinstance(line, Length):
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = line
    elif line is not None:
        pf.line_spacing = line
    if first_line is not None:
        pf.first_line_indent = first_line
    if left is not None:
        pf.left_indent = left
    if keep_with_next:
        pf.keep_with_next = True
    return paragraph


def add_rule(container: DocxDocument | _Cell, length: Length, available: Length) -> Paragraph:
    """A centred horizontal rule ``length`` long under the previous line, within ``available`` width."""
    return make_rule(container.add_paragraph(), length, available)


def make_rule(paragraph: Paragraph, length: Length, available: Length) -> Paragraph:
    """Turn an empty paragraph into a rule: its bottom border, 1 pt high, indented to ``length``."""
    indent = Emu(max(0, int(available - length)) // 2)
    format_paragraph(paragraph, align="center", line=Pt(1), left=indent)
    paragraph.paragraph_format.right_indent = indent
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    pbdr.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(pbdr, *_AFTER_PBDR)
    return paragraph


def _set_table_borders(table: Table, value: str) -> None:
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *_AFTER_TBLBORDERS)


def _set_cell_margins(table: Table, left: Length, right: Length) -> None:
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblCellMar")):
        tbl_pr.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("top", 0), ("left", left), ("bottom", 0), ("right", right)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(int(Emu(width).twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.insert_element_before(margins, *_AFTER_TBLCELLMAR)


def _set_table_width(table: Table, widths: Sequence[Length]) -> None:
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.insert_element_before(tbl_w, "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                                     "w:tblLayout", "w:tblCellMar", "w:tblLook")
    tbl_w.set(qn("w:w"), str(int(sum(Emu(w).twips for w in widths))))
    tbl_w.set(qn("w:type"), "dxa")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _repeat_as_header(row) -> None:
    """Mark a table row to repeat at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.insert(0, OxmlElement("w:cantSplit"))


def _layout_table(container: DocxDocument | _Cell, widths: Sequence[Length], rows: int = 1) -> Table:
    """A borderless table without cell margins, for laying out the header and the signature block."""
    table = container.add_table(rows=rows, cols=len(widths))
    _set_table_borders(table, "nil")
    _set_cell_margins(table, Emu(0), Emu(0))
    _set_table_width(table, widths)
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return table


def _xml_text(text: str) -> str:
    """``text`` without the characters a DOCX cannot hold (``core.text.printable``; tabs and line breaks stay)."""
    return printable(text)


def _twips_up(mm: float) -> Length:
    """``mm`` rounded up to whole twips (Word stores margins in twips; rounding down could leave 15 mm at 14.99)."""
    return Twips(math.ceil(round(mm * 1440 / 25.4, 6)))


class _CellText:
    """Writes paragraphs into a table cell, using the cell's own empty first paragraph first."""

    def __init__(self, cell: _Cell) -> None:
        self.cell = cell
        self._fresh = True

    def paragraph(self) -> Paragraph:
        if self._fresh:
            self._fresh = False
            return self.cell.paragraphs[0]
        return self.cell.add_paragraph()


# ----------------------------------------------------------------------------------------------------------------
# The builder


@dataclass(frozen=True)
class PageSetup:
    """A4 with the margins of NĐ 30/2020, Phụ lục I, "Định lề trang".

    Top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm; values outside these ranges are refused.
    """

    top_mm: float = 20
    bottom_mm: float = 20
    left_mm: float = 30
    right_mm: float = 15

    def __post_init__(self) -> None:
        for name, low, high in (("top_mm", 20, 25), ("bottom_mm", 20, 25), ("left_mm", 30, 35), ("right_mm", 15, 20)):
            if not low <= getattr(self, name) <= high:
                raise ValueError(f"{name} must be within {low}–{high} mm (NĐ 30/2020, Phụ lục I)")

    @property
    def body_width(self) -> Length:
        return Mm(210 - self.left_mm - self.right_mm)


class OfficialDocument:
    """Builds one official document in the NĐ 30/2020 layout, top to bottom.

    Typical use: ``add_header`` → ``add_title`` → ``add_heading`` / ``add_paragraph`` / ``add_table`` →
    ``add_closing`` → ``to_bytes``. ``font_size`` is the body size, 13 or 14 (Phụ lục I, "Nội dung"); header
    sizes follow it.
    """

    def __init__(self, *, font_size: float = 14, page: PageSetup | None = None, title: str = "",
                 author: str = "") -> None:
        if not 13 <= font_size <= 14:
            raise ValueError("font_size must be 13 or 14 (NĐ 30/2020, Phụ lục I)")
        self.font_size = font_size
        self.page = page or PageSetup()
        self.document: DocxDocument = Document()
        self._set_defaults()
        self._set_page()
        props = self.document.core_properties
        props.title = printable(title)
        props.author = printable(author)
        props.last_modified_by = printable(author)
        props.language = LANGUAGE
        props.comments = ""
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
        props.created = props.modified = now
        props.revision = 1

    # -- set-up ---------------------------------------------------------------------------------------------------

    def _set_defaults(self) -> None:
        """Times New Roman for every script (so Vietnamese never falls back to a theme font), vi-VN, black."""
        styles = self.document.styles.element
        r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = r_pr.find(qn("w:rFonts"))
        for attribute in list(fonts.attrib):
            del fonts.attrib[attribute]
        for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(key), FONT)
        lang = r_pr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:val"), LANGUAGE)
        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), FONT)
        normal.font.size = Pt(self.font_size)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0

    def _set_page(self) -> None:
        """A4 portrait, the margins, and page numbers centred in the top margin from page 2 on (Phụ lục I, "Số
        trang": Arabic numerals, 13–14 pt, centred at the top, not shown on the first page)."""
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = _twips_up(self.page.top_mm), _twips_up(self.page.bottom_mm)
        section.left_margin, section.right_margin = _twips_up(self.page.left_mm), _twips_up(self.page.right_mm)
        section.header_distance = section.footer_distance = Mm(10)
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False  # an empty header of its own on page 1
        paragraph = section.header.paragraphs[0]
        format_paragraph(paragraph, align="center")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), " PAGE ")
        run = add_run(paragraph, "2", size=self.font_size)  # the field's cached result; readers recompute it
        field.append(run._r)  # moves the run into the field
        paragraph._p.append(field)

    @property
    def body_width(self) -> Length:
        return self.page.body_width

    # -- header ---------------------------------------------------------------------------------------------------

    def add_header(self, *, issuer: str | Sequence[str], issuer_parent: str = "", number: int | str | None = None,
                   symbol: str = "", place: str = "", dated: datetime.date | None = None,
                   number_text: str | None = None, date_text: str | None = None) -> Table:
        """The header table of Phụ lục I, "Vị trí trình bày": issuing body and number on the left, national title,
        motto, place and date on the right.

        Left: the parent body in upper case (12–13 pt, regular), the issuing body in upper case (12–13 pt, bold)
        with a rule 1/3–1/2 its length, and "Số: .../<symbol>" (13 pt). Right: the national title (12–13 pt, bold),
        the motto (13–14 pt, bold) with a rule as long as the motto, and the italic place and date (13–14 pt). The
        number and the date sit in a second row so they line up.

        ``issuer`` may be given as the lines an official breaks it into ("ỦY BAN NHÂN DÂN", "TỈNH BẮC GIANG"): the
        rule is then 1/3–1/2 of the last line. ``number_text`` and ``date_text`` replace the computed lines (a Word
        template's fields).
        """
        title_size = self.font_size - 1
        motto_size = self.font_size
        issuer_size = 13
        right = Emu(int(text_width(NATIONAL_TITLE, title_size, bold=True)) + int(Mm(6)))
        right = Emu(max(int(right), int(self.body_width * 0.55)))
        left = Emu(int(self.body_width) - int(right))
        table = _layout_table(self.document, [left, right], rows=2)
        top_left, top_right = (_CellText(cell) for cell in table.rows[0].cells)
        bottom_left, bottom_right = (_CellText(cell) for cell in table.rows[1].cells)

        if issuer_parent:
            add_run(format_paragraph(top_left.paragraph(), align="center"), issuer_parent.upper(), size=issuer_size)
        lines = [issuer] if isinstance(issuer, str) else list(issuer)
        for line in lines:
            add_run(format_paragraph(top_left.paragraph(), align="center"), line.upper(), size=issuer_size, bold=True)
        issuer_width = min(text_width(lines[-1].upper(), issuer_size, bold=True), left)
        make_rule(top_left.paragraph(), Emu(int(issuer_width * RULE_RATIO)), left)

        add_run(format_paragraph(top_right.paragraph(), align="center"), NATIONAL_TITLE, size=title_size, bold=True)
        add_run(format_paragraph(top_right.paragraph(), align="center"), NATIONAL_MOTTO, size=motto_size, bold=True)
        make_rule(top_right.paragraph(), text_width(NATIONAL_MOTTO, motto_size, bold=True), right)

        add_run(format_paragraph(bottom_left.paragraph(), align="center", before=6),
                number_line(number, symbol) if number_text is None else number_text, size=13)
        add_run(format_paragraph(bottom_right.paragraph(), align="center", before=6),
                date_line(place, dated) if date_text is None else date_text, size=self.font_size, italic=True)
        return table

    def add_title(self, kind: str, summary: str = "") -> list[Paragraph]:
        """Document kind (upper case, bold) and summary (trích yếu, bold), centred, with a rule 1/3–1/2 of the
        summary's line below (Phụ lục I, "Tên loại và trích yếu nội dung")."""
        paragraphs = [format_paragraph(self.document.add_paragraph(), align="center", before=18, keep_with_next=True)]
        add_run(paragraphs[0], kind.upper(), size=self.font_size, bold=True)
        last = kind.upper()
        if summary:
            paragraphs.append(format_paragraph(self.document.add_paragraph(), align="center", keep_with_next=True))
            add_run(paragraphs[-1], summary, size=self.font_size, bold=True)
            last = summary
        width = min(text_width(last, self.font_size, bold=True), self.body_width)
        rule = add_rule(self.document, Emu(int(width * RULE_RATIO)), self.body_width)
        rule.paragraph_format.space_after = Pt(12)
        paragraphs.append(rule)
        return paragraphs

    # -- body -----------------------------------------------------------------------------------------------------

    def add_paragraph(self, text: str = "", *, bold: bool = False, italic: bool = False, indent: bool = True,
                      align: str = "justify", size: float | None = None, keep_with_next: bool = False) -> Paragraph:
        """A body paragraph: justified, first line indented 1.27 cm, 6 pt after (Phụ lục I, "Nội dung")."""
        paragraph = format_paragraph(
            self.document.add_paragraph(), align=align, after=float(BODY_SPACING.pt), line=BODY_LINE_SPACING,
            first_line=BODY_FIRST_LINE_INDENT if indent else None, keep_with_next=keep_with_next,
        )
        if text:
            add_run(paragraph, text, size=size, bold=bold, italic=italic)
        return paragraph

    def add_heading(self, text: str, *, italic: bool = False) -> Paragraph:
        """A numbered heading inside the body ("I. ...", "1. ..."): bold, indented like the body, kept with what
        follows."""
        return self.add_paragraph(text, bold=True, italic=italic, keep_with_next=True)

    def add_numbered(self, items: Iterable[str], *, start: int = 1) -> list[Paragraph]:
        """Body paragraphs numbered "1.", "2.", ... in the text itself (so they read back as written)."""
        return [self.add_paragraph(f"{number}. {item}") for number, item in enumerate(items, start)]

    def add_centered(self, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
                     before: float = 0, after: float = 0) -> Paragraph:
        paragraph = format_paragraph(self.document.add_paragraph(), align="center", before=before, after=after,
                                     keep_with_next=True)
        add_run(paragraph, text, size=size, bold=bold, italic=italic)
        return paragraph

    def add_table(self, headers: Sequence[str], rows: Iterable[Sequence[object]], *, widths: Sequence[float],
                  align: Sequence[str] | None = None, size: float = 12) -> Table:
        """A bordered table across the body: bold centred header row repeated on each page, then ``rows``
        (consumed lazily, so the caller may report progress while they are produced). ``widths`` are in cm and
        are scaled to the body width."""
        scale = self.body_width / Cm(sum(widths))
        column_widths = [Emu(int(Cm(width) * scale)) for width in widths]
        align = list(align or ["left"] * len(headers))
        table = self.document.add_table(rows=2, cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _set_table_borders(table, "single")
        _set_cell_margins(table, Cm(0.1), Cm(0.1))
        _set_table_width(table, column_widths)
        header, template = table.rows
        _repeat_as_header(header)
        for cell, text in zip(header.cells, headers, strict=True):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            add_run(format_paragraph(cell.paragraphs[0], align="center", before=3, after=3), text, size=size,
                    bold=True)
        # Data rows are copies of one formatted row with only the text changed: python-docx per cell is slow.
        _cant_split(template)
        for cell, where in zip(template.cells, align, strict=True):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            run = add_run(format_paragraph(cell.paragraphs[0], align=where, before=2, after=2), "-", size=size)
            run._r.t_lst[0].set(qn("xml:space"), "preserve")
        template_tr = template._tr
        table._tbl.remove(template_tr)
        for values in rows:
            tr = copy.deepcopy(template_tr)
            for r, value in zip(tr.iter(qn("w:r")), values, strict=True):
                text = _xml_text("" if value is None else str(value))
                if "\n" in text or "\t" in text:
                    Run(r, None).text = text  # python-docx turns these into w:br and w:tab
                else:
                    r.t_lst[0].text = text
            table._tbl.append(tr)
        self.document.add_paragraph()  # keeps the next table or text from sticking to this one
        return table

    def add_page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- closing --------------------------------------------------------------------------------------------------

    def add_closing(self, *, signer_title: str, signer_name: str = "", authority: str = "",
                    recipients: Iterable[str] = (), archive: str = "Lưu: VT.", signature_lines: int = 4,
                    recipients_formatted: bool = False) -> Table:
        """"Nơi nhận" on the left and the signature block on the right.

        Phụ lục I, "Chức vụ, họ tên và chữ ký": the authority ("TM.", "KT.", "Q.", "TL.", "TUQ." + body) and the
        title in upper case, bold, 13–14 pt; room for the signature and seal; the name bold, centred under the
        title. "Nơi nhận": the label 12 pt bold italic, the lines 11 pt (see ``recipient_lines``; with
        ``recipients_formatted`` the lines are printed as given, archive line included).

        The block is one table row that may not break across pages, and the paragraph before it stays with it, so
        the authority, the title, the room for the signature and the name never split.
        """
        body = self.document.paragraphs
        if body:
            body[-1].paragraph_format.keep_with_next = True
        left = Cm(7.0)
        right = Emu(int(self.body_width) - int(left))
        table = _layout_table(self.document, [left, right])
        _cant_split(table.rows[0])
        recipients_cell, signature_cell = (_CellText(cell) for cell in table.rows[0].cells)

        add_run(format_paragraph(recipients_cell.paragraph(), before=6), RECIPIENTS_LABEL, size=12, bold=True,
                italic=True)
        lines = list(recipients) if recipients_formatted else recipient_lines(recipients, archive=archive)
        for line in lines:
            paragraph = format_paragraph(recipients_cell.paragraph(), left=Cm(0.5) if line.startswith("+") else None)
            add_run(paragraph, line, size=11)

        if authority:
            add_run(format_paragraph(signature_cell.paragraph(), align="center", before=6), authority.upper(),
                    size=self.font_size, bold=True)
        add_run(format_paragraph(signature_cell.paragraph(), align="center", before=0 if authority else 6),
                signer_title.upper(), size=self.font_size, bold=True)
        for _ in range(signature_lines):
            format_paragraph(signature_cell.paragraph(), keep_with_next=True)
        add_run(format_paragraph(signature_cell.paragraph(), align="center"), signer_name, size=self.font_size,
                bold=True)
        for paragraph in signature_cell.cell.paragraphs[:-1]:
            paragraph.paragraph_format.keep_with_next = True
        return table

    # -- output ---------------------------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
