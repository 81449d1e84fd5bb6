"""The printed certificate (Bằng khen, Giấy khen) of an award: a one-page A4 landscape PDF, either in full (frame,
national title, heading and every line) or for the official pre-printed blank (phôi), with only the variable text,
each line at the position the council office saved for the award type (``CertificateLayout``); and every
certificate of a decision as one PDF, in the order of the decision's annex.

Only award types with a ``certificate_heading`` have one; titles (Lao động tiên tiến, Cờ thi đua…) and revoked
awards are refused with a ``ValidationError`` (a 4xx in the API). The Vietnamese text must read back exactly, so
every string is NFC and the font is a Unicode TrueType font embedded as a subset with its ToUnicode map (fpdf2
writes it): Liberation Serif, metric-compatible with Times New Roman, from Debian's ``fonts-liberation2`` in
``settings.THIDUA_CERTIFICATE_FONT_DIR``. Nothing is copied into the repository.

A position on the blank is in millimetres from the sheet's top-left corner: ``x`` is where the line's anchor sits
across the sheet (its left end for ``align`` "L", its centre for "C", its right end for "R"), ``y`` the baseline
of its first line (the dotted line the text sits on), ``width`` the most the line may take before it is shrunk or
wrapped, ``size`` the font size in points.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from thidua.core.text import fold, printable

from .award_decision import achievement_of, annex_order, authority_in_full, province_committee, signature_authority
from .nd30 import NATIONAL_MOTTO, NATIONAL_TITLE, date_line, date_words

FONT_PACKAGE = "fonts-liberation2"
FONT_FAMILY = "LiberationSerif"
#: fpdf2 style → file name in the font directory.
FONT_FILES = {"": "LiberationSerif-Regular.ttf", "B": "LiberationSerif-Bold.ttf", "I": "LiberationSerif-Italic.ttf"}
PAGE_WIDTH, PAGE_HEIGHT = 297, 210  # A4 landscape, mm
TEXT_WIDTH = 245  # mm, the width the centred lines may take inside the frame
HEADING_COLOUR = (180, 0, 0)
HEAD_OF_UNIT = "thu truong co quan, don vi"  # the catalog's issuing authority of a Giấy khen, folded
PT = 25.4 / 72  # one point in mm
LINE_SPACING = 0.5  # a line's height in mm per point of font size (the full certificate's spacing)
SIZE_RANGE = (8, 48)  # pt: what the office may set for a line on the blank
ALIGNMENTS = ("L", "C", "R")

#: The variable lines printed on the blank, in the order of the office's form; each one's font style and the
#: smallest size it is shrunk to before it wraps (None: it wraps at its size).
FIELDS: dict[str, tuple[str, float | None]] = {
    "name": ("B", 18),
    "unit": ("I", 12),
    "achievement": ("", None),
    "decision": ("", None),
    "registry": ("", None),
    "date": ("I", None),
    "authority": ("B", None),
    "signer": ("B", None),
}
#: Where the full certificate prints each line (baselines read back from it), used until the office saves its own.
DEFAULT_POSITIONS: dict[str, dict] = {
    "name": {"x": 148.5, "y": 99.2, "width": 245, "size": 30, "align": "C"},
    "unit": {"x": 148.5, "y": 110.5, "width": 245, "size": 17, "align": "C"},
    "achievement": {"x": 148.5, "y": 122.7, "width": 225, "size": 16, "align": "C"},
    "decision": {"x": 84.5, "y": 166.6, "width": 125, "size": 13, "align": "C"},
    "registry": {"x": 84.5, "y": 173.9, "width": 125, "size": 11, "align": "C"},
    "date": {"x": 212.5, "y": 157.0, "width": 125, "size": 14, "align": "C"},
    "authority": {"x": 212.5, "y": 165.0, "width": 125, "size": 14, "align": "C"},
    "signer": {"x": 212.5, "y": 189.3, "width": 125, "size": 15, "align": "C"},
}
#: What the test page prints in each box.
SAMPLE_TEXT = {
    "name": "Nguyễn Thị Hằng Nguyệt",
    "unit": "Sở Y tế tỉnh Bắc Giang",
    "achievement": "Đã có thành tích xuất sắc trong phong trào thi đua năm 2025",
    "decision": "Quyết định số 125/QĐ-UBND, ngày 20 tháng 12 năm 2025",
    "registry": "Sổ khen thưởng số: 1234",
    "date": "Bắc Giang, ngày 20 tháng 12 năm 2025",
    "authority": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "signer": "Lê Ánh Dương",
}
ACHIEVEMENT_LINES = 3  # the achievement wraps to at most this many lines, smaller if need be
MIN_WRAPPED_SIZE = 10


class CertificateFontMissing(ImproperlyConfigured):
    """The certificate font is not installed: a set-up fault of the server, not of the request."""


def font_paths() -> dict[str, Path]:
    directory = Path(settings.THIDUA_CERTIFICATE_FONT_DIR)
    return {style: directory / name for style, name in FONT_FILES.items()}


def missing_fonts() -> list[Path]:
    """The certificate font files that are not there (the system check reports them)."""
    return [path for path in font_paths().values() if not path.is_file()]


def _nfc(text: str | None) -> str:
    """NFC, without the characters a PDF cannot show (``core.text.printable``: old rows may hold them)."""
    return printable(unicodedata.normalize("NFC", text or "")).strip()


class _Certificate(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        missing = missing_fonts()
        if missing:
            raise CertificateFontMissing(_(
                "The certificate font Liberation Serif is missing (%(files)s): install the Debian package "
                "%(package)s, or point THIDUA_CERTIFICATE_FONT_DIR to the directory that holds it."
            ) % {"files": ", ".join(str(path) for path in missing), "package": FONT_PACKAGE})
        for style, path in font_paths().items():
            self.add_font(FONT_FAMILY, style, str(path))
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.set_creator("thidua")

    def line_at(self, y: float, text: str, *, size: float, style: str = "", colour=(0, 0, 0),
                width: float = TEXT_WIDTH, x: float | None = None, shrink_to: float | None = None) -> float:
        """One centred line at ``y`` (mm), shrunk down to ``shrink_to`` points when too wide, wrapped beyond that.
        Returns the y below it."""
        x = (PAGE_WIDTH - width) / 2 if x is None else x
        while shrink_to is not None and size > shrink_to:
            self.set_font(FONT_FAMILY, style, size)
            if self.get_string_width(text) <= width:
                break
            size -= 1
        return self.block_at(y, text, size=size, style=style, colour=colour, width=width, x=x)

    def block_at(self, y: float, text: str, *, size: float, style: str = "", colour=(0, 0, 0),
                 width: float = TEXT_WIDTH, x: float | None = None, max_lines: int | None = None,
                 min_size: float = 10) -> float:
        """Centred text wrapped to ``width``; with ``max_lines`` the size drops until it fits. Returns the y below."""
        x = (PAGE_WIDTH - width) / 2 if x is None else x
        text = printable(text)
        while True:
            self.set_font(FONT_FAMILY, style, size)
            height = size * LINE_SPACING
            lines = self.multi_cell(width, height, text, align="C", dry_run=True, output=MethodReturnValue.LINES)
            if max_lines is None or len(lines) <= max_lines or size <= min_size:
                break
            size -= 1
        self.set_text_color(*colour)
        self.set_xy(x, y)
        self.multi_cell(width, height, text, align="C")
        self.set_text_color(0, 0, 0)
        return y + height * len(lines)

    def frame(self) -> None:
        self.set_draw_color(*HEADING_COLOUR)
        self.set_line_width(1.2)
        self.rect(9, 9, PAGE_WIDTH - 18, PAGE_HEIGHT - 18)
        self.set_line_width(0.4)
        self.rect(12, 12, PAGE_WIDTH - 24, PAGE_HEIGHT - 24)
        self.set_draw_color(0, 0, 0)

    # ── the blank: text at a saved position ──

    def _wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap at the current font; explicit line breaks are kept."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current = ""
            for word in paragraph.split():
                candidate = f"{current} {word}" if current else word
                if current and self.get_string_width(candidate) > width:
                    lines.append(current)
                    current = word
                else:
                    current = candidate
            lines.append(current)
        return [line for line in lines if line] or [""]

    def fit(self, text: str, position: dict, style: str, shrink_to: float | None,
            max_lines: int | None = None) -> tuple[float, list[str]]:
        """The size and the lines ``text`` prints in at ``position``: one line shrunk down to ``shrink_to`` points
        when too wide, else wrapped to the width (at most ``max_lines``, the size dropping until it fits)."""
        size = float(position["size"])
        width = float(position["width"])
        floor = min(size, shrink_to if shrink_to is not None else (MIN_WRAPPED_SIZE if max_lines else size))
        while True:
            self.set_font(FONT_FAMILY, style, size)
            lines = self._wrap(text, width)
            fits = len(lines) <= (1 if shrink_to is not None else (max_lines or len(lines)))
            if fits or size - 1 < floor:
                return size, lines
            size -= 1

    def place(self, text: str, position: dict, *, style: str = "", shrink_to: float | None = None,
              max_lines: int | None = None) -> list[tuple[float, float, str]]:
        """``text`` at ``position`` (see the module's docstring): each line's baseline at ``y`` and the lines below
        one line-height apart. Returns (x, baseline, line) of each line written, in mm."""
        size, lines = self.fit(text, position, style, shrink_to, max_lines)
        self.set_font(FONT_FAMILY, style, size)
        x, y, align = float(position["x"]), float(position["y"]), position.get("align", "C")
        written = []
        for index, line in enumerate(lines):
            line_width = self.get_string_width(line)
            left = x if align == "L" else x - line_width / 2 if align == "C" else x - line_width
            baseline = y + index * size * LINE_SPACING
            if line:
                self.text(left, baseline, line)
            written.append((left, baseline, line))
        return written

    def box_of(self, position: dict, lines: int = 1) -> tuple[float, float, float, float]:
        """The box a position's text takes (left, top, width, height in mm), from its anchor and width."""
        x, y, width, size = (float(position[key]) for key in ("x", "y", "width", "size"))
        align = position.get("align", "C")
        left = x if align == "L" else x - width / 2 if align == "C" else x - width
        top = y - size * PT * 0.9
        return left, top, width, size * PT * 1.15 + (lines - 1) * size * LINE_SPACING


# ── the text of one certificate ──


@dataclass
class CertificateText:
    """What a certificate prints for one award; the lines of the blank are ``lines`` (by ``FIELDS`` name)."""

    heading: str
    authority: str
    lines: dict[str, str] = field(default_factory=dict)


def _check_printable(award) -> str:
    heading = _nfc(award.award_type.certificate_heading)
    if not heading:
        raise ValidationError(_("%(title)s has no printed certificate: only the forms with a certificate heading "
                                "(Bằng khen, Giấy khen) are printed.") % {"title": award.award_type.name})
    if award.status == "revoked":
        raise ValidationError(_("This award has been revoked (%(reason)s): its certificate is not printed.") % {
            "reason": award.revocation_reason or "-"})
    return heading


def printable_award(award) -> bool:
    """Whether the award prints a certificate (a form with a heading, not revoked)."""
    return bool(_nfc(award.award_type.certificate_heading)) and award.status != "revoked"


def _authority(award, committee: tuple[str, str]) -> str:
    """Who grants it, in full: "Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang"; a Giấy khen's "Thủ trưởng cơ quan, đơn
    vị" becomes the head of the person's unit (or of the body a collective belongs to) when that is known."""
    authority = award.decision.issuing_authority if award.decision_id else award.award_type.issuing_authority
    if fold(authority) == HEAD_OF_UNIT and award.unit_id:
        body = award.unit if award.person_id else award.unit.parent
        if body is not None:
            return f"Thủ trưởng {body.name}"
    return authority_in_full(authority, committee)


def _recipient(award, book) -> str:
    """A person's name; a collective's full name with the body it belongs to and the province on the day
    (``org.naming.NameBook.full_name``: "Sở Y tế tỉnh Bắc Giang")."""
    if not award.person_id and award.unit_id and award.award_type.recipient == "collective":
        return _nfc(book.full_name(award.unit))
    return _nfc(award.recipient_name)


def certificate_text(award, *, committees: dict | None = None) -> CertificateText:
    """The text of ``award``'s certificate; refused (``ValidationError``) when it prints none. ``committees``
    caches, by day across a batch, the province's committee and the units' names (``NameBook``)."""
    from thidua.org.naming import NameBook

    heading = _check_printable(award)
    decision = award.decision if award.decision_id else None
    dated = decision.signed_on if decision else None
    day = dated or datetime.date(award.year, 12, 31)
    committees = {} if committees is None else committees
    if day not in committees:
        committees[day] = (province_committee(day), NameBook(day))
    committee, book = committees[day]
    reference = _nfc(decision.reference if decision else award.decision_reference)
    lines = {
        "name": _recipient(award, book),
        "unit": _nfc(award.unit.name) if award.person_id and award.unit_id else "",
        "achievement": _nfc(achievement_of(award)),
        "decision": f"Quyết định số {reference}" + (f", {date_words(dated)}" if dated else ""),
        "registry": f"Sổ khen thưởng số: {award.pk}",
        "date": "", "authority": "", "signer": "",
    }
    if decision:
        lines["date"] = date_line(committee[1], dated)
        over = _nfc(signature_authority(decision.issuing_authority, decision.signer_title))
        lines["authority"] = "\n".join(p for p in (over, _nfc(decision.signer_title).upper()) if p)
        lines["signer"] = _nfc(decision.signer_name)
    return CertificateText(heading=heading, authority=_nfc(_authority(award, committee)), lines=lines)


# ── the pages ──


def _full_page(pdf: _Certificate, text: CertificateText) -> None:
    lines = text.lines
    pdf.add_page()
    pdf.frame()
    y = pdf.line_at(20, NATIONAL_TITLE, size=14, style="B")
    y = pdf.line_at(y + 0.5, NATIONAL_MOTTO, size=14, style="B")
    pdf.set_font(FONT_FAMILY, "B", 14)
    rule = pdf.get_string_width(NATIONAL_MOTTO)
    pdf.set_line_width(0.3)
    pdf.line((PAGE_WIDTH - rule) / 2, y + 0.5, (PAGE_WIDTH + rule) / 2, y + 0.5)

    y = pdf.line_at(y + 8, text.authority.upper(), size=18, style="B", shrink_to=13)
    y = pdf.line_at(y + 3, "TẶNG", size=16, style="B")
    y = pdf.line_at(y + 2, text.heading.upper(), size=40, style="B", colour=HEADING_COLOUR, shrink_to=28)
    y = pdf.line_at(y + 4, lines["name"], size=30, style="B", shrink_to=18)
    if lines["unit"]:
        y = pdf.line_at(y + 1, lines["unit"], size=17, style="I", shrink_to=12)
    if lines["achievement"]:
        pdf.block_at(y + 4, lines["achievement"], size=16, width=225, max_lines=ACHIEVEMENT_LINES)

    # The foot: the decision and the registry number on the left, the date and the signature on the right.
    left_x, column = 22, 125
    right_x = PAGE_WIDTH - 22 - column
    foot = 152
    pdf.block_at(foot + 10, lines["decision"], size=13, width=column, x=left_x)
    pdf.block_at(foot + 18, lines["registry"], size=11, width=column, x=left_x)
    if lines["date"]:
        pdf.block_at(foot, lines["date"], size=14, style="I", width=column, x=right_x)
        y = foot + 8
        for line in lines["authority"].split("\n"):
            y = pdf.block_at(y, line, size=14, style="B", width=column, x=right_x)
        pdf.block_at(PAGE_HEIGHT - 26, lines["signer"], size=15, style="B", width=column, x=right_x)


def _blank_page(pdf: _Certificate, text: CertificateText, positions: dict[str, dict]) -> None:
    """Only the variable text, each line at its position on the pre-printed blank."""
    pdf.add_page()
    for name, (style, shrink_to) in FIELDS.items():
        value = text.lines.get(name, "")
        if value:
            pdf.place(value, positions[name], style=style, shrink_to=shrink_to,
                      max_lines=ACHIEVEMENT_LINES if name == "achievement" else None)


def _positions_for(award_type, cache: dict | None = None) -> dict[str, dict]:
    from thidua.awards.certificates import positions_of

    if cache is None:
        return positions_of(award_type)
    if award_type.pk not in cache:
        cache[award_type.pk] = positions_of(award_type)
    return cache[award_type.pk]


def render_certificate(award, *, blank: bool = False, positions: dict[str, dict] | None = None) -> bytes:
    """``award`` is an ``Award`` with ``award_type``, ``unit`` and ``decision`` loaded (``selectors.award_get``).
    ``blank``: only the variable text, at ``positions`` (default: the award type's saved layout)."""
    text = certificate_text(award)
    pdf = _Certificate()
    pdf.set_title(_nfc(f"{text.heading}: {text.lines['name']}"))
    pdf.set_author(text.authority)
    if blank:
        _blank_page(pdf, text, positions or _positions_for(award.award_type))
    else:
        _full_page(pdf, text)
    return bytes(pdf.output())


def render_certificates(awards: Iterable, *, blank: bool = False, title: str = "") -> bytes:
    """Every certificate of ``awards`` as one PDF, a page each, in the order of the decision's annex (by title or
    form, then as granted); revoked awards and titles without a certificate are left out. Refused
    (``ValidationError``) when none is left."""
    ordered = [award for award in annex_order(list(awards)) if printable_award(award)]
    if not ordered:
        raise ValidationError(_("No certificate to print: the decision grants no Bằng khen or Giấy khen that is "
                                "still in force."))
    pdf = _Certificate()
    pdf.set_title(_nfc(title) or "Bằng khen, Giấy khen")
    committees: dict = {}
    layouts: dict = {}
    for award in ordered:
        text = certificate_text(award, committees=committees)
        if blank:
            _blank_page(pdf, text, _positions_for(award.award_type, layouts))
        else:
            _full_page(pdf, text)
    return bytes(pdf.output())


def render_test_page(positions: dict[str, dict], *, heading: str = "") -> bytes:
    """The blank's test page, to print on plain paper and hold against a blank: a millimetre grid (a line every
    10 mm, labelled, every 50 mm darker) and each line's box with sample text at its position."""
    pdf = _Certificate()
    pdf.set_title(f"Trang in thử trên phôi {_nfc(heading)}".strip())
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, "", 6)
    for x in range(0, PAGE_WIDTH + 1, 10):
        pdf.set_draw_color(*((120, 120, 120) if x % 50 == 0 else (200, 200, 200)))
        pdf.set_line_width(0.3 if x % 50 == 0 else 0.1)
        pdf.line(x, 0, x, PAGE_HEIGHT)
        if 0 < x < PAGE_WIDTH:
            pdf.set_text_color(110, 110, 110)
            pdf.text(x + 0.5, 3, str(x))
            pdf.text(x + 0.5, PAGE_HEIGHT - 1.5, str(x))
    for y in range(0, PAGE_HEIGHT + 1, 10):
        pdf.set_draw_color(*((120, 120, 120) if y % 50 == 0 else (200, 200, 200)))
        pdf.set_line_width(0.3 if y % 50 == 0 else 0.1)
        pdf.line(0, y, PAGE_WIDTH, y)
        if 0 < y < PAGE_HEIGHT:
            pdf.set_text_color(110, 110, 110)
            pdf.text(0.8, y - 0.6, str(y))
            pdf.text(PAGE_WIDTH - 6, y - 0.6, str(y))
    for name, (style, shrink_to) in FIELDS.items():
        position = positions[name]
        pdf.set_text_color(0, 0, 0)
        written = pdf.place(SAMPLE_TEXT[name], position, style=style, shrink_to=shrink_to,
                            max_lines=ACHIEVEMENT_LINES if name == "achievement" else None)
        left, top, width, height = pdf.box_of(position, len(written))
        pdf.set_draw_color(0, 90, 200)
        pdf.set_line_width(0.2)
        pdf.rect(left, top, width, height)
        anchor_x, baseline = float(position["x"]), float(position["y"])
        pdf.line(anchor_x - 2, baseline, anchor_x + 2, baseline)  # a small cross at the anchor, on the baseline
        pdf.line(anchor_x, baseline - 2, anchor_x, baseline + 2)
        pdf.set_font(FONT_FAMILY, "", 6)
        pdf.set_text_color(0, 90, 200)
        pdf.text(left + 0.5, top - 0.8, f"{name}: x={position['x']} y={position['y']} "
                                       f"w={position['width']} {position['size']}pt {position.get('align', 'C')}")
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)
    return bytes(pdf.output())


def file_name(award, *, blank: bool = False) -> str:
    return f"chung-nhan-khen-thuong-{award.pk}{'-phoi' if blank else ''}.pdf"


def batch_file_name(decision, *, blank: bool = False) -> str:
    return f"bang-khen-quyet-dinh-{decision.pk}{'-phoi' if blank else ''}.pdf"
