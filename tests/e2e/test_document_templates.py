"""End-to-end: the council office edits the Nơi nhận of the province's decisions, previews it, saves it, and the
next decision it downloads carries it.

``vanphong`` opens the document templates from the main menu, opens the decision kind, adds "Báo Bắc Giang;" to the
Nơi nhận, previews (the decision printed with the unsaved wording shows the line, nothing is saved yet), saves
(version 1 in the history), then opens the demo's decision awaiting the Chairman's signature and downloads its
document: read back with python-docx, its Nơi nhận lists the new line before the archive line.

Elements are found by URL, id and data, not by interface text.
"""

from __future__ import annotations

import io

import pytest

from tests.e2e.conftest import expect

pytestmark = pytest.mark.browser

NEW_LINE = "Báo Bắc Giang;"


def _recipients(content: bytes) -> list[str]:
    """The Nơi nhận lines of the decision's closing (the left cell of its table), read back from the file."""
    import docx

    document = docx.Document(io.BytesIO(content))
    for table in document.tables:
        for row in table.rows:
            lines = [p.text.strip() for p in row.cells[0].paragraphs if p.text.strip()]
            if lines and lines[0].startswith("Nơi nhận"):
                return lines[1:]
    raise AssertionError("the decision has no Nơi nhận")


def test_office_edits_the_recipients_of_decisions_and_the_next_decision_carries_them(page, login, e2e_demo,
                                                                                     tmp_path):
    from thidua.awards.enums import DecisionStatus
    from thidua.awards.models import Decision
    from thidua.documents.models import DocumentKind, DocumentTemplate

    decision = Decision.objects.get(status=DecisionStatus.AWAITING_SIGNATURE, issuer_unit__isnull=True)
    login("vanphong")

    page.locator("#nav-document-templates").click()
    page.wait_for_url("**/van-ban/mau/")
    page.locator("#kind-decision").click()
    page.wait_for_url("**/van-ban/mau/decision/")

    recipients = page.locator("#id_recipients")
    before = recipients.input_value()
    assert "Như Điều 3;" in before and NEW_LINE not in before
    recipients.fill(f"{before.rstrip()}\n{NEW_LINE}")

    page.locator("#wording-preview").click()
    page.wait_for_load_state()
    expect(page.locator("#preview-text")).to_contain_text(f"- {NEW_LINE}")
    # The preview keeps the edit in the form and saves nothing.
    assert NEW_LINE in page.locator("#id_recipients").input_value()
    assert not DocumentTemplate.objects.filter(kind=DocumentKind.DECISION).exists()

    page.locator("#id_note").fill("Thêm Báo Bắc Giang")
    page.locator("#wording-save").click()
    page.wait_for_url("**/van-ban/mau/decision/")
    expect(page.locator('#versions tr[data-version="1"]')).to_contain_text("Thêm Báo Bắc Giang")
    saved = DocumentTemplate.objects.get(kind=DocumentKind.DECISION)
    assert saved.content["recipients"][-1] == NEW_LINE

    page.goto(f"/decisions/{decision.pk}/")
    with page.expect_download() as download:
        page.locator("#decision-document").click()
    path = tmp_path / "decision.docx"
    download.value.save_as(path)
    lines = _recipients(path.read_bytes())
    assert lines[:3] == ["- Như Điều 3;", "- Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
                         "- Sở Nội vụ (Ban Thi đua - Khen thưởng);"]
    assert lines[3:] == [f"- {NEW_LINE}", "- Lưu: VT, NC."]
