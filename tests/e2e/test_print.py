"""End-to-end: a page printed from the browser carries a heading with the reader's unit and the date of printing,
and the page number at the foot of every page; the menu and the language switch are not printed.

Chromium prints the page to PDF (``page.pdf``, the print stylesheet applies) and pypdf reads the text back.
"""

from __future__ import annotations

import io
import re

import pytest

pytestmark = pytest.mark.browser


def _pdf_pages(page) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().strftime("%d/%m/%Y")


def test_a_printed_page_has_the_unit_the_date_and_page_numbers(page, login, e2e_demo):
    from thidua.org.models import Unit

    login("vanphong")
    page.goto(f"/campaigns/{e2e_demo.pk}/")
    pages = _pdf_pages(page)
    first = pages[0]

    office = Unit.objects.get(code="SNV").name
    assert office.upper() in first[:200], first[:200]  # the heading leads the first page, in capitals
    assert _today() in first[:200]
    assert e2e_demo.title.split("“")[0].strip() in first  # the page's own content is printed

    # The page number at the foot of each page: "1 / N" … "N / N".
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"(?<!\d){number} / {total}(?!\d)", text), (number, text[-120:])

    # The screen's furniture is not printed: the menu bar (with the sign-out button and the language switch),
    # the skip link and the footer.
    sign_out = page.locator("header.topbar button").inner_text().strip()
    footer = page.locator("footer.footer").inner_text().strip()
    whole = " ".join(pages)
    for text in (sign_out, footer, "English", page.locator(".skip-link").inner_text().strip()):
        assert text and text not in whole, text
    page.emulate_media(media="print")
    assert not page.locator("header.topbar").is_visible()
    assert not page.locator("header.topbar nav").is_visible()


def test_the_print_heading_is_not_shown_on_screen(page, login, e2e_demo):
    login("yenthe")
    page.goto("/")
    heading = page.locator("#print-heading")
    assert heading.count() == 1
    assert not heading.is_visible()
    page.emulate_media(media="print")
    assert heading.is_visible()
    assert heading.inner_text().split("\n")[0].strip().upper() == "UBND HUYỆN YÊN THẾ"
