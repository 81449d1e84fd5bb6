"""The printed certificate (Bằng khen, Giấy khen) of one award: a one-page A4 landscape PDF.

Only award types with a ``certificate_heading`` have one; titles (Lao động tiên tiến, Cờ thi đua…) and revoked
awards are refused with a ``ValidationError`` (a 4xx in the API). The Vietnamese text must read back exactly, so
every string is NFC and the font is a Unicode TrueType font embedded as a subset with its ToUnicode map (fpdf2
writes it): Liberation Serif, metric-compatible with Times New Roman, from Debian's ``fonts-liberation2`` in
``settings.THIDUA_CERTIFICATE_FONT_DIR``. Nothing is copied into the repository.
"""

from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from thidua.core.text import fold, printable

from .award_decision import authority_in_full, province_committee, signature_authority
from .nd30 import NATIONAL_MOTTO, NATIONAL_TITLE, date_line, date_words

FONT_PACKAGE = "fonts-liberation2"
FONT_FAMILY = "LiberationSerif"
#: fpdf2 style → file name in the font directory.
FONT_FILES = {"": "LiberationSerif-Regular.ttf", "B": "LiberationSerif-Bold.ttf", "I": "LiberationSerif-Italic.ttf"}
PAGE_WIDTH, PAGE_HEIGHT = 297, 210  # A4 landscape, mm
TEXT_WIDTH = 245  # mm, the width the centred lines may take inside the frame
HEADING_COLOUR = (180, 0, 0)
HEAD_OF_UNIT = "thu truong co quan, don vi"  # the catalog's issuing authority of a Giấy khen, folded


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
        self.add_page()

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
            height = size * 0.5
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


def _check_printable(award) -> str:
    heading = _nfc(award.award_type.certificate_heading)
    if not heading:
        raise ValidationError(_("%(title)s has no printed certificate: only the forms with a certificate heading "
                                "(Bằng khen, Giấy khen) are printed.") % {"title": award.award_type.name})
    if award.status == "revoked":
        raise ValidationError(_("This award has been revoked (%(reason)s): its certificate is not printed.") % {
            "reason": award.revocation_reason or "-"})
    return heading


def _authority(award, committee: tuple[str, str]) -> str:
    """Who grants it, in full: "Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang"; a Giấy khen's "Thủ trưởng cơ quan, đơn
    vị" becomes the head of the person's unit (or of the body a collective belongs to) when that is known."""
    authority = award.decision.issuing_authority if award.decision_id else award.award_type.issuing_authority
    if fold(authority) == HEAD_OF_UNIT and award.unit_id:
        body = award.unit if award.person_id else award.unit.parent
        if body is not None:
            return f"Thủ trưởng {body.name}"
    return authority_in_full(authority, committee)


def render_certificate(award) -> bytes:
    """``award`` is an ``Award`` with ``award_type``, ``unit`` and ``decision`` loaded (``selectors.award_get``)."""
    heading = _check_printable(award)
    decision = award.decision if award.decision_id else None
    dated = decision.signed_on if decision else None
    committee = province_committee(dated or datetime.date(award.year, 12, 31))
    authority = _nfc(_authority(award, committee))
    reference = _nfc(decision.reference if decision else award.decision_reference)
    name = _nfc(award.recipient_name)

    pdf = _Certificate()
    pdf.set_title(_nfc(f"{heading}: {name}"))
    pdf.set_author(authority)
    pdf.set_creator("thidua")
    pdf.frame()

    y = pdf.line_at(20, NATIONAL_TITLE, size=14, style="B")
    y = pdf.line_at(y + 0.5, NATIONAL_MOTTO, size=14, style="B")
    pdf.set_font(FONT_FAMILY, "B", 14)
    rule = pdf.get_string_width(NATIONAL_MOTTO)
    pdf.set_line_width(0.3)
    pdf.line((PAGE_WIDTH - rule) / 2, y + 0.5, (PAGE_WIDTH + rule) / 2, y + 0.5)

    y = pdf.line_at(y + 8, authority.upper(), size=18, style="B", shrink_to=13)
    y = pdf.line_at(y + 3, "TẶNG", size=16, style="B")
    y = pdf.line_at(y + 2, heading.upper(), size=40, style="B", colour=HEADING_COLOUR, shrink_to=28)
    y = pdf.line_at(y + 4, name, size=30, style="B", shrink_to=18)
    if award.person_id and award.unit_id:
        y = pdf.line_at(y + 1, _nfc(award.unit.name), size=17, style="I", shrink_to=12)
    if award.print_text:
        pdf.block_at(y + 4, _nfc(award.print_text), size=16, width=225, max_lines=3)

    # The foot: the decision and the registry number on the left, the date and the signature on the right.
    left_x, column = 22, 125
    right_x = PAGE_WIDTH - 22 - column
    foot = 152
    decision_line = f"Quyết định số {reference}" + (f", {date_words(dated)}" if dated else "")
    pdf.block_at(foot + 10, decision_line, size=13, width=column, x=left_x)
    pdf.block_at(foot + 18, f"Sổ khen thưởng số: {award.pk}", size=11, width=column, x=left_x)
    if decision:
        pdf.block_at(foot, date_line(committee[1], dated), size=14, style="I", width=column, x=right_x)
        y = foot + 8
        over = signature_authority(decision.issuing_authority, decision.signer_title)
        if over:
            y = pdf.block_at(y, _nfc(over), size=14, style="B", width=column, x=right_x)
        pdf.block_at(y, _nfc(decision.signer_title).upper(), size=14, style="B", width=column, x=right_x)
        pdf.block_at(PAGE_HEIGHT - 26, _nfc(decision.signer_name), size=15, style="B", width=column, x=right_x)
    return bytes(pdf.output())


def file_name(award) -> str:
    return f"chung-nhan-khen-thuong-{award.pk}.pdf"
