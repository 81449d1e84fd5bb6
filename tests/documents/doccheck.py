"""The văn thư's desk check of a generated DOCX, read back from the file (python-docx), never from the code that
wrote it: Nghị định 30/2020/NĐ-CP, Phụ lục I.

``check_layout`` returns the list of faults a văn thư would send the document back for (empty when none): paper and
margins, fonts, the header (issuing body in upper case and bold, the rule under it 1/3–1/2 of its last line, the
national title and motto with its rule as long as the motto, the number and symbol, the place and date in italics),
the signature block kept on one page, and the Nơi nhận. ``Doc`` gives the parts the content checks read.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import docx
from docx.oxml.ns import qn
from docx.shared import Emu, Mm

from thidua.documents.nd30 import NATIONAL_MOTTO, NATIONAL_TITLE, text_width

NUMBER = re.compile(r"^Số: ?(\d{2,}|\d{2}|\s+)/[A-ZĐ]+(?:-[A-ZĐ0-9]+)+$")
PLACE_DATE = re.compile(
    r"^[A-ZĐÂÊÔƠƯÁÀẢÃẠ][^,]*, ngày (?:\d{2} tháng (?:0[12]|[3-9]|1[0-2]) năm \d{4}|\s+tháng\s+năm)$")
TNR = "Times New Roman"


def _text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph._p.iter(qn("w:t")))


def _bold(paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.font.bold for r in runs)


def _italic(paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.font.italic for r in runs)


def _has_bottom_border(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:pBdr")) is not None and ppr.find(qn("w:pBdr")).find(
        qn("w:bottom")) is not None


def _rule_length(paragraph, available: Emu) -> int:
    pf = paragraph.paragraph_format
    return int(available) - int(pf.left_indent or 0) - int(pf.right_indent or 0)


def _cell_width(cell) -> int:
    tc_w = cell._tc.tcPr.find(qn("w:tcW"))
    return int(Emu(int(tc_w.get(qn("w:w"))) * 635))  # twips → EMU


@dataclass
class Doc:
    document: docx.document.Document
    header_left: list  # paragraphs of the header's top-left cell
    header_right: list
    number: str
    place_date: str
    paragraphs: list[str]  # body paragraphs' text, in order (tables excluded)
    recipients: list[str]  # the Nơi nhận lines after the label
    signature: list[str]  # non-empty lines of the signature cell
    tables: list  # every table after the header and the closing

    @property
    def issuer_lines(self) -> list[str]:
        """The issuing body's lines (bold ones) of the header, without the superior body."""
        return [_text(p) for p in self.header_left if _text(p).strip() and _bold(p)]

    @property
    def superior_line(self) -> str:
        lines = [_text(p) for p in self.header_left if _text(p).strip() and not _bold(p)]
        return lines[0] if lines else ""

    def basis(self) -> list[str]:
        """The căn cứ and proposal lines before "QUYẾT ĐỊNH:"."""
        out = []
        for text in self.paragraphs:
            if text.strip() == "QUYẾT ĐỊNH:":
                break
            if text.startswith(("Căn cứ", "Theo đề nghị", "Xét đề nghị")):
                out.append(text)
        return out

    def rows(self, table) -> list[list[str]]:
        return [[c.text for c in row.cells] for row in table.rows]


def signature_table(document):
    """The signature block of minutes: the last table before "Nơi nhận:" whose every row may not split."""
    body = document.element.body
    found = None
    for child in body.iterchildren():
        if child.tag == qn("w:p") and "".join(t.text or "" for t in child.iter(qn("w:t"))) == "Nơi nhận:":
            break
        if child.tag == qn("w:tbl"):
            rows = child.findall(qn("w:tr"))
            if rows and all(r.trPr is not None and r.trPr.find(qn("w:cantSplit")) is not None for r in rows):
                found = child
    if found is None:
        return None
    return next(t for t in document.tables if t._tbl is found)


def read(data: bytes) -> Doc:
    document = docx.Document(io.BytesIO(data))
    tables = document.tables
    header = tables[0]
    top_left, top_right = header.rows[0].cells
    bottom_left, bottom_right = header.rows[1].cells
    closing = next((t for t in tables if any("Nơi nhận:" in c.text for c in t.rows[0].cells)), None)
    recipients, signature = [], []
    if closing is not None:
        left, right = closing.rows[0].cells[0], closing.rows[0].cells[-1]
        lines = [_text(p) for p in left.paragraphs if _text(p).strip()]
        recipients = lines[1:] if lines and lines[0] == "Nơi nhận:" else lines
        signature = [_text(p) for p in right.paragraphs if _text(p).strip()]
    if closing is None:  # minutes: the signatures, then "Nơi nhận:" and its lines at the left margin
        texts = [_text(p) for p in document.paragraphs]
        if "Nơi nhận:" in texts:
            after = texts[texts.index("Nơi nhận:") + 1:]
            recipients = [t for t in after if t.strip()]
        table = signature_table(document)
        if table is not None:
            signature = [_text(p) for row in table.rows for c in row.cells for p in c.paragraphs if _text(p).strip()]
    others = [t for t in tables if t is not header and t is not closing]
    return Doc(document=document, header_left=list(top_left.paragraphs), header_right=list(top_right.paragraphs),
               number=" ".join(_text(p) for p in bottom_left.paragraphs).strip(),
               place_date=" ".join(_text(p) for p in bottom_right.paragraphs).strip(),
               paragraphs=[_text(p) for p in document.paragraphs if _text(p).strip()],
               recipients=recipients, signature=signature, tables=others)


def check_layout(data: bytes, *, symbol: str | None = None) -> list[str]:
    """The faults of ``data`` against NĐ 30/2020's layout (empty list: none)."""
    faults: list[str] = []
    doc = read(data)
    d = doc.document
    section = d.sections[0]
    if abs(section.page_width - Mm(210)) > Mm(0.5) or abs(section.page_height - Mm(297)) > Mm(0.5):
        faults.append("paper is not A4 portrait")
    for name, value, low, high in (("top", section.top_margin, 20, 25), ("bottom", section.bottom_margin, 20, 25),
                                   ("left", section.left_margin, 30, 35), ("right", section.right_margin, 15, 20)):
        if not Mm(low) - Mm(0.05) <= value <= Mm(high) + Mm(0.05):
            faults.append(f"{name} margin {value.mm:.1f} mm outside {low}–{high} mm")
    # Fonts: the defaults are Times New Roman for every script, and no run sets another font.
    defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(
        qn("w:rFonts"))
    for key in ("w:ascii", "w:hAnsi", "w:cs"):
        if defaults is None or defaults.get(qn(key)) != TNR:
            faults.append(f"default font ({key}) is not {TNR}")
    for fonts in d.element.body.iter(qn("w:rFonts")):
        for key in ("w:ascii", "w:hAnsi"):
            if fonts.get(qn(key)) not in (None, TNR):
                faults.append(f"a run uses the font {fonts.get(qn(key))}")
    # Header, left: the issuing body in upper case and bold, then its rule, 1/3 to 1/2 of the line above it.
    left_width = _cell_width(d.tables[0].rows[0].cells[0])
    right_width = _cell_width(d.tables[0].rows[0].cells[1])
    lines = doc.issuer_lines
    if not lines:
        faults.append("no issuing body in the header")
    for line in lines + ([doc.superior_line] if doc.superior_line else []):
        if line != line.upper():
            faults.append(f"issuing body not in upper case: {line!r}")
    rules = [p for p in doc.header_left if _has_bottom_border(p)]
    if len(rules) != 1:
        faults.append("the issuing body has no rule under it")
    elif lines:
        above = min(int(text_width(lines[-1], 13, bold=True)), left_width)
        ratio = _rule_length(rules[0], Emu(left_width)) / above
        if not 1 / 3 - 0.01 <= ratio <= 1 / 2 + 0.01:
            faults.append(f"the rule under the issuing body is {ratio:.2f} of its line (1/3–1/2)")
    right = [(_text(p), p) for p in doc.header_right]
    texts = [t for t, _p in right if t.strip()]
    if texts[:2] != [NATIONAL_TITLE, NATIONAL_MOTTO] or not all(_bold(p) for t, p in right if t.strip()):
        faults.append("national title and motto missing or not bold")
    motto_rules = [p for _t, p in right if _has_bottom_border(p)]
    if len(motto_rules) != 1:
        faults.append("the motto has no rule")
    else:
        motto = int(text_width(NATIONAL_MOTTO, 14, bold=True))
        length = _rule_length(motto_rules[0], Emu(right_width))
        if abs(length - motto) > int(Mm(1)):
            faults.append("the motto's rule is not as long as the motto")
    if not NUMBER.match(doc.number):
        faults.append(f"number and symbol malformed: {doc.number!r}")
    if symbol is not None and not doc.number.endswith(f"/{symbol}"):
        faults.append(f"symbol is not {symbol}: {doc.number!r}")
    if not PLACE_DATE.match(doc.place_date):
        faults.append(f"place and date malformed: {doc.place_date!r}")
    date_paragraphs = [p for p in d.tables[0].rows[1].cells[1].paragraphs if _text(p).strip()]
    if not date_paragraphs or not _italic(date_paragraphs[0]):
        faults.append("place and date not in italics")
    # The signature block: rows that cannot split, their lines kept together, the text before kept with it.
    closing = next((t for t in d.tables if any("Nơi nhận:" in c.text for c in t.rows[0].cells)), None)
    block = closing if closing is not None else signature_table(d)
    if block is None:
        faults.append("no signature block")
    else:
        for row in block.rows:
            tr_pr = row._tr.trPr
            if tr_pr is None or tr_pr.find(qn("w:cantSplit")) is None:
                faults.append("the signature block may split across pages")
        cells = [block.rows[0].cells[-1]] if closing is not None else [c for r in block.rows for c in r.cells]
        paragraphs = [p for c in cells for p in c.paragraphs]
        if closing is not None and not all(p.paragraph_format.keep_with_next for p in paragraphs[:-1]):
            faults.append("the signature block's lines are not kept together")
        if closing is None:  # every signer's lines stay together (an empty place holds nothing to keep)
            signed = [c for c in cells if c.text.strip()]
            last_row = {id(p._p) for c in block.rows[-1].cells for p in c.paragraphs[-1:]}
            kept = [p for c in signed for p in c.paragraphs if id(p._p) not in last_row]
            if not all(p.paragraph_format.keep_with_next for p in kept):
                faults.append("the signature block's lines are not kept together")
        previous = block._tbl.getprevious()
        if previous is not None and previous.tag == qn("w:p"):
            ppr = previous.pPr
            keep = ppr is not None and ppr.find(qn("w:keepNext")) is not None
            if not keep:
                faults.append("the last paragraph before the signature is not kept with it")
        for cell in cells:
            lines = [_text(p) for p in cell.paragraphs if _text(p).strip()]
            if lines and len(lines) < 2:
                faults.append(f"a signature has no name under its title: {lines}")
        if closing is not None:
            label = next(p for p in closing.rows[0].cells[0].paragraphs if _text(p) == "Nơi nhận:")
        else:
            label = next((p for p in d.paragraphs if _text(p) == "Nơi nhận:"), None)
        if label is None:
            faults.append("no Nơi nhận")
        elif not (_bold(label) and _italic(label)):
            faults.append("'Nơi nhận:' is not bold italic")
    if not doc.recipients:
        faults.append("Nơi nhận is empty")
    else:
        for line in doc.recipients[:-1]:
            if not (line.startswith(("- ", "+ ")) and line.endswith((";", ":"))):
                faults.append(f"Nơi nhận line malformed: {line!r}")
        if not (doc.recipients[-1].startswith("- Lưu: VT") and doc.recipients[-1].endswith(".")):
            faults.append(f"the last Nơi nhận line is not the archive: {doc.recipients[-1]!r}")
    return faults
