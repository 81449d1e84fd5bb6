"""End-to-end: a clerk sends the launch document, the council office returns it with a reason, the clerk resends.

Two browser contexts side by side, as two people at two desks: Yên Thế's clerk (``yenthe``) and the council's
standing office (``vanphong``). Elements are found by URL, id, CSS state classes and Vietnamese *data*; where an
interface label is checked, its text comes from the Vietnamese catalog at run time (``_vi``), so the test follows
the translation instead of hard-coding it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import click_and_confirm, expect, sign_in, vi

pytestmark = pytest.mark.browser

CAMPAIGN_TITLE = re.compile("nước rút")
DEADLINE_TITLE = "Văn bản phát động đợt thi đua “nước rút”"
YEN_THE = "UBND huyện Yên Thế"
REASON = "Thiếu chữ ký của Chủ tịch UBND huyện và dấu đỏ; đề nghị gửi lại bản có chữ ký, đóng dấu."
# A small but real PDF (the upload is recognised by its first bytes, never by its name).
PDF_V1 = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" \
         b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PDF_V2 = PDF_V1.replace(b"%%EOF", b"% ban co chu ky, dong dau\n%%EOF")
NOT_A_PDF = "Kế hoạch phát động — chỉ là văn bản thuần, không phải PDF.\n".encode()


def _fill_submission(page, *, number: str, signer: str, summary: str, file) -> None:
    page.locator("#id_document_number").fill(number)
    page.locator("#id_document_date").fill("2021-09-20")
    page.locator("#id_signer").fill(signer)
    page.locator("#id_summary").fill(summary)
    page.set_input_files("#id_file", file)


def _send(page) -> int:
    """Press the form's submit button; the status of the POST's answer."""
    with page.expect_response(lambda r: r.request.method == "POST" and "/submit/" in r.url) as info:
        click_and_confirm(page, page.locator("form.form [type=submit]"))
    return info.value.status


def test_clerk_sends_office_returns_with_a_reason_clerk_resends(
    page, login, new_page, base_url, e2e_demo, media_root, tmp_path, broken_assets, screenshot_dir,
):
    from thidua.campaigns.models import Deadline, SubmissionVersion
    from thidua.org.models import Unit

    deadline = Deadline.objects.get(campaign=e2e_demo, code="VB-PHAT-DONG")
    yen_the = Unit.objects.get(code="H-YT")
    v1_file = tmp_path / "ke-hoach-yen-the.pdf"
    v2_file = tmp_path / "ke-hoach-yen-the-v2.pdf"
    fake_file = tmp_path / "khong-phai-pdf.pdf"  # text, whatever its name says
    v1_file.write_bytes(PDF_V1)
    v2_file.write_bytes(PDF_V2)
    fake_file.write_bytes(NOT_A_PDF)

    # The office opens the overview first: Yên Thế has sent nothing yet.
    office = new_page()
    sign_in(office, "vanphong")
    office.goto(f"/campaigns/deadlines/{deadline.pk}/")
    office_row = office.locator(f"#overview-table tbody tr[data-unit='{yen_the.pk}']")
    expect(office_row).to_contain_text(YEN_THE)
    expect(office_row.locator(".status")).to_have_class(re.compile(r"\bstatus-missing\b"))
    expect(office_row.locator(".status")).to_have_text(vi("Missing"))
    expect(office_row.locator("a[href*='/submissions/']")).to_have_count(0)

    # Yên Thế's clerk: campaign → deadline → send.
    login("yenthe")
    page.goto("/campaigns/")
    page.locator("table a", has_text=CAMPAIGN_TITLE).click()
    page.wait_for_url(re.compile(r"/campaigns/\d+/$"))
    page.locator("#deadlines a", has_text=DEADLINE_TITLE).click()
    page.wait_for_url(re.compile(rf"/campaigns/deadlines/{deadline.pk}/$"))
    expect(page.locator("h1")).to_have_text(DEADLINE_TITLE)
    page.locator("a.button[href*='/submit/']").click()
    page.wait_for_url(re.compile(rf"/campaigns/deadlines/{deadline.pk}/submit/\?unit={yen_the.pk}$"))
    expect(page.locator("h1")).to_contain_text(YEN_THE)

    _fill_submission(page, number="125/KH-UBND", signer="Nguyễn Văn An",
                     summary="Kế hoạch phát động đợt thi đua “nước rút” của huyện Yên Thế", file=v1_file)
    assert _send(page) == 302
    page.wait_for_url(re.compile(r"/campaigns/submissions/\d+/$"))
    submission_url = urlsplit(page.url).path
    status = page.locator("#submission-status")
    expect(status).to_have_class(re.compile(r"\bstatus-submitted\b"))
    expect(status).to_have_text(vi("Submitted"))
    expect(page.locator("p:has(#submission-status)")).to_contain_text(vi("version %(n)s", n=1))
    expect(page.locator("section.version")).to_have_count(1)
    expect(page.locator("#version-1")).to_contain_text("125/KH-UBND")
    expect(page.locator("#version-1")).to_contain_text("ke-hoach-yen-the.pdf")
    expect(page.locator("a[href*='/submit/']")).to_have_count(0)  # nothing to resend before a return
    page.screenshot(path=screenshot_dir / "submission-sent.png", full_page=True)

    # Stored under a generated name in the test's MEDIA_ROOT, with the bytes that were sent.
    stored = SubmissionVersion.objects.get(submission__deadline=deadline, submission__unit=yen_the, number=1)
    assert stored.original_name == "ke-hoach-yen-the.pdf"
    assert stored.file.path.startswith(str(media_root)) and "ke-hoach" not in stored.file.name
    with stored.file.open("rb") as stored_file:
        assert stored_file.read() == PDF_V1

    # The office sees the change, opens the submission and returns it with a reason.
    office.reload()
    expect(office_row.locator(".status")).to_have_class(re.compile(r"\bstatus-submitted\b"))
    expect(office_row.locator(".status")).to_have_text(vi("Submitted"))
    office_row.scroll_into_view_if_needed()
    office.screenshot(path=screenshot_dir / "submission-overview.png")
    office_row.get_by_role("link", name=YEN_THE, exact=True).click()
    office.wait_for_url(f"{base_url}{submission_url}")
    receipt_form = office.locator("form.receipt-form")
    expect(receipt_form).to_have_count(1)  # the office only; the cluster head (Hiệp Hòa) records its own
    receipt_form.locator("textarea[name=reason]").fill(REASON)
    receipt_form.locator("button[name=decision][value=return]").click()
    office.wait_for_url(f"{base_url}{submission_url}")
    expect(office.locator("#submission-status")).to_have_class(re.compile(r"\bstatus-returned\b"))
    expect(office.locator("#submission-status")).to_have_text(vi("Returned"))
    expect(office.locator("#version-1 .receipts li.receipt-return")).to_contain_text(REASON)
    expect(office.locator("form.receipt-form")).to_have_count(0)  # its decision is recorded

    # The clerk sees the reason and sends a new version.
    page.goto(submission_url)
    expect(page.locator("#submission-status")).to_have_class(re.compile(r"\bstatus-returned\b"))
    expect(page.locator("#version-1 .receipts .reason")).to_contain_text(REASON)
    resend = page.locator("a.button[href*='/submit/']")
    expect(resend).to_have_text(vi("Send a new version"))
    page.screenshot(path=screenshot_dir / "submission-returned.png", full_page=True)
    resend.click()
    page.wait_for_url(re.compile(rf"/campaigns/deadlines/{deadline.pk}/submit/\?unit={yen_the.pk}$"))

    # A text file named .pdf is refused by its content; the clerk stays on the form.
    _fill_submission(page, number="125/KH-UBND", signer="Nguyễn Văn An",
                     summary="Kế hoạch phát động (bản có chữ ký, đóng dấu)", file=fake_file)
    assert _send(page) == 400
    refusal = vi("The file is not a PDF, a DOCX or a scanned image (JPEG, PNG, TIFF), whatever its name says.")
    expect(page.get_by_role("alert")).to_contain_text(refusal)
    assert urlsplit(page.url).path == f"/campaigns/deadlines/{deadline.pk}/submit/"
    expect(page.locator("#id_document_number")).to_have_value("125/KH-UBND")  # what was typed is kept
    page.screenshot(path=screenshot_dir / "submission-refused.png", full_page=True)
    assert SubmissionVersion.objects.filter(submission__unit=yen_the).count() == 1

    page.set_input_files("#id_file", v2_file)  # a refused form comes back without its file
    assert _send(page) == 302
    page.wait_for_url(f"{base_url}{submission_url}")
    expect(page.locator("#submission-status")).to_have_class(re.compile(r"\bstatus-submitted\b"))
    expect(page.locator("#submission-status")).to_have_text(vi("Submitted"))
    expect(page.locator("p:has(#submission-status)")).to_contain_text(vi("version %(n)s", n=2))
    expect(page.locator("section.version")).to_have_count(2)
    expect(page.locator("section.version").first).to_have_id("version-2")  # newest first
    expect(page.locator("#version-2")).to_contain_text("ke-hoach-yen-the-v2.pdf")
    expect(page.locator("#version-2 .receipts li.receipt-accept, #version-2 .receipts li.receipt-return")) \
        .to_have_count(0)
    # Version 1 is kept, with the office's return and its reason.
    expect(page.locator("#version-1")).to_contain_text("ke-hoach-yen-the.pdf")
    expect(page.locator("#version-1 .receipts li.receipt-return")).to_have_count(1)
    expect(page.locator("#version-1 .receipts .reason")).to_contain_text(REASON)
    page.screenshot(path=screenshot_dir / "submission-resent.png", full_page=True)

    # Version 1's file is still served, through the permission-checked view, byte for byte.
    with page.expect_download() as download:
        page.locator("#version-1 a[href*='/versions/1/file']").click()
    assert download.value.suggested_filename == "ke-hoach-yen-the.pdf"
    assert Path(download.value.path()).read_bytes() == PDF_V1

    # And the office's overview shows the new version waiting for its receipt.
    office.goto(f"/campaigns/deadlines/{deadline.pk}/")
    expect(office_row.locator(".status")).to_have_class(re.compile(r"\bstatus-submitted\b"))
    expect(office_row).to_contain_text("(v2)")
    assert broken_assets == []
