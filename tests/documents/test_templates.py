"""The council office's wording and Word templates of the documents: versions, the preview, the checks on upload,
and an uploaded template laying out the next document. Documents are read back with python-docx."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.models import User
from thidua.awards.enums import DecisionStatus
from thidua.awards.models import Decision
from thidua.core.models import AuditEvent
from thidua.documents import services, word
from thidua.documents.models import DocumentKind, DocumentTemplate
from thidua.documents.preview import text_of
from thidua.documents.wording import wording_for

DECISION = DocumentKind.DECISION
BASE = "/van-ban/mau/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


@pytest.fixture
def office(demo):
    return User.objects.get(username="vanphong")


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(data: bytes, name: str = "mau.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _office_template(extra: str) -> bytes:
    """The built-in decision template with one more paragraph, as the office would adjust it in Word."""
    document = docx.Document(io.BytesIO(word.default_template(DECISION)))
    document.paragraphs[0].insert_paragraph_before(extra)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _awaiting_decision() -> Decision:
    return Decision.objects.get(status=DecisionStatus.AWAITING_SIGNATURE, issuer_unit__isnull=True)


def _recipients_of(content: bytes) -> list[str]:
    """The lines of the Nơi nhận cell of the decision's closing, read back from the file."""
    document = docx.Document(io.BytesIO(content))
    for table in document.tables:
        for row in table.rows:
            cell = row.cells[0]
            lines = [p.text.strip() for p in cell.paragraphs if p.text.strip()]
            if lines and lines[0].startswith("Nơi nhận"):
                return lines[1:]
    raise AssertionError("no Nơi nhận in the document")


# ── services ────────────────────────────────────────────────────────────────────────────────────────────────────


def test_template_save_makes_a_new_version_with_cleaned_lines(office):
    first = services.template_save(by=office, kind=DECISION, content={
        "recipients": "  Như Điều 3;\n\n Báo   Bắc Giang; \n", "signer_name": "  Lê  Văn  Ký "}, note="Thêm báo")
    assert (first.version, first.created_by) == (1, office)
    assert first.content["recipients"] == ["Như Điều 3;", "Báo Bắc Giang;"]
    assert first.content["signer_name"] == "Lê Văn Ký"
    # Fields not given keep the wording in use (the built-in archive line here).
    assert first.content["archive"] == "Lưu: VT, NC."
    second = services.template_save(by=office, kind=DECISION, content={"archive": "Lưu: VT, TĐKT."})
    assert second.version == 2
    wording = wording_for(DECISION)
    assert (wording.version, wording.recipients, wording.archive) == (2, ["Như Điều 3;", "Báo Bắc Giang;"],
                                                                      "Lưu: VT, TĐKT.")
    event = AuditEvent.objects.filter(action="documents.template.saved").order_by("id").last()
    assert (event.actor, event.target_id) == (office, second.pk)
    assert event.data["changes"] == {"archive": ["Lưu: VT, NC.", "Lưu: VT, TĐKT."]}


def test_template_save_refuses_unknown_kinds_and_unbounded_wording(office):
    with pytest.raises(ValidationError) as error:
        services.template_save(by=office, kind="letter", content={})
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.template_save(by=office, kind=DECISION, content={"recipients": ["x;"] * (services.MAX_LINES + 1)})
    assert "recipients" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.template_save(by=office, kind=DECISION, content={"signer_title": "A" * 400})
    assert "signer_title" in error.value.message_dict
    assert not DocumentTemplate.objects.exclude(kind=DocumentKind.DEADLINE_REPORT, version=1).exists()  # the demo's


def test_only_the_office_changes_templates(demo, media):
    clerk = User.objects.get(username="hiephoa")
    with pytest.raises(PermissionDenied):
        services.template_save(by=clerk, kind=DECISION, content={"recipients": ["Báo Bắc Giang;"]})
    with pytest.raises(PermissionDenied):
        services.word_template_upload(by=clerk, kind=DECISION, file=_upload(word.default_template(DECISION)))
    with pytest.raises(PermissionDenied):
        services.word_template_remove(by=clerk, kind=DECISION)
    assert not DocumentTemplate.objects.exclude(kind=DocumentKind.DEADLINE_REPORT, version=1).exists()  # the demo's


def test_upload_missing_a_required_field_is_refused_naming_it(office, media):
    template = _docx("{{ issuer_lines|join(' ') }} {{ number_line }} {{ place_date }} {{ summary }} {{ authority }}",
                     "{%p for line in basis %}", "{{ line }}", "{%p endfor %}",
                     "{{ article1 }} {{ article2 }} {{ article3 }} {{ signer_title }} {{ signer_name }}")
    with pytest.raises(ValidationError) as error:
        services.word_template_upload(by=office, kind=DECISION, file=_upload(template))
    message = " ".join(error.value.message_dict["file"])
    assert "{{ recipients }} (Nơi nhận)" in message and "{{ sections }} (Danh sách kèm theo)" in message
    assert "number_line" not in message
    assert not DocumentTemplate.objects.exclude(kind=DocumentKind.DEADLINE_REPORT, version=1).exists()  # the demo's


def test_upload_with_a_jinja_syntax_error_is_refused_with_its_line(office, media):
    document = docx.Document(io.BytesIO(word.default_template(DECISION)))
    document.add_paragraph("{{ signer_name ")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(ValidationError) as error:
        services.word_template_upload(by=office, kind=DECISION, file=_upload(out.getvalue()))
    message = " ".join(error.value.message_dict["file"])
    assert "paragraph" in message or "đoạn" in message
    assert "“{{ signer_name”" in message
    assert not DocumentTemplate.objects.exclude(kind=DocumentKind.DEADLINE_REPORT, version=1).exists()  # the demo's


def test_uploaded_template_lays_out_the_next_decision_until_removed(office, media, login):
    services.template_save(by=office, kind=DECISION, content={"recipients": ["Như Điều 3;", "Báo Bắc Giang;"]})
    uploaded = services.word_template_upload(by=office, kind=DECISION,
                                             file=_upload(_office_template("MẪU RIÊNG CỦA VĂN PHÒNG {{ summary }}")))
    assert uploaded.version == 2 and uploaded.word_template
    # The wording in use is carried by the new version.
    assert uploaded.content["recipients"] == ["Như Điều 3;", "Báo Bắc Giang;"]
    event = AuditEvent.objects.get(action="documents.template.word_uploaded")
    assert (event.actor, event.target_id, event.data["version"]) == (office, uploaded.pk, 2)

    response = login("vanphong").get(f"/decisions/{_awaiting_decision().pk}/document.docx")
    assert response.status_code == 200
    lines = text_of(response.content)
    assert [line for line in lines if line.startswith("MẪU RIÊNG")] == [
        "MẪU RIÊNG CỦA VĂN PHÒNG Về việc khen thưởng thành tích năm 2025"]
    assert "{{" not in " ".join(lines)
    assert "- Báo Bắc Giang;" in lines
    # A later wording save keeps the Word template.
    again = services.template_save(by=office, kind=DECISION, content={"signer_name": "Nguyễn Văn Ký"})
    assert again.word_template.name == uploaded.word_template.name

    removed = services.word_template_remove(by=office, kind=DECISION)
    assert removed.version == 4 and not removed.word_template
    assert AuditEvent.objects.get(action="documents.template.word_removed").data["previous"] == 3
    lines = text_of(login("vanphong").get(f"/decisions/{_awaiting_decision().pk}/document.docx").content)
    assert not any(line.startswith("MẪU RIÊNG") for line in lines)
    assert "- Báo Bắc Giang;" in lines
    with pytest.raises(ValidationError):
        services.word_template_remove(by=office, kind=DECISION)


def test_default_template_keeps_every_required_field(demo):
    from docxtpl import DocxTemplate

    for kind, spec in word.load_specs().items():
        found = DocxTemplate(io.BytesIO(word.default_template(kind))).get_undeclared_template_variables(
            jinja_env=word.sandbox())
        assert set(spec.required) <= found, kind


# ── pages ───────────────────────────────────────────────────────────────────────────────────────────────────────


def test_clerk_gets_403_or_404_on_every_page_and_post(demo, media, login):
    clerk = login("hiephoa")
    for url in (BASE, f"{BASE}decision/", f"{BASE}decision/mau-word-mac-dinh.docx", f"{BASE}decision/mau-word.docx",
                f"{BASE}letter/"):
        assert clerk.get(url).status_code in (403, 404), url
    data = {"recipients": "Báo Bắc Giang;", "action": "save"}
    for url in (f"{BASE}decision/", f"{BASE}decision/xem-truoc.docx", f"{BASE}decision/mau-word/go-bo"):
        assert clerk.post(url, data).status_code in (403, 404), url
    response = clerk.post(f"{BASE}decision/mau-word/tai-len", {"word-file": _upload(word.default_template(DECISION))})
    assert response.status_code in (403, 404)
    assert not DocumentTemplate.objects.exclude(kind=DocumentKind.DEADLINE_REPORT, version=1).exists()  # the demo's
    assert "/van-ban/mau/" not in clerk.get("/").content.decode()


def test_office_previews_without_saving_then_saves(demo, login):
    client = login("vanphong")
    page = client.get(f"{BASE}decision/")
    assert page.status_code == 200 and "Như Điều 3;" in page.content.decode()
    recipients = "Như Điều 3;\nChủ tịch, các Phó Chủ tịch UBND tỉnh;\nBáo Bắc Giang;"
    preview = client.post(f"{BASE}decision/", {"recipients": recipients, "archive": "Lưu: VT, NC.",
                                               "action": "preview"})
    assert preview.status_code == 200
    assert "<p>- Báo Bắc Giang;</p>" in preview.content.decode()
    docx_preview = client.post(f"{BASE}decision/xem-truoc.docx", {"recipients": recipients,
                                                                  "archive": "Lưu: VT, NC."})
    assert docx_preview.status_code == 200
    assert _recipients_of(docx_preview.content)[-2:] == ["- Báo Bắc Giang;", "- Lưu: VT, NC."]
    assert not DocumentTemplate.objects.exclude(kind=DocumentKind.DEADLINE_REPORT, version=1).exists()  # the demo's

    saved = client.post(f"{BASE}decision/", {"recipients": recipients, "archive": "Lưu: VT, NC.",
                                             "note": "Thêm Báo Bắc Giang", "action": "save"})
    assert saved.status_code == 302
    assert wording_for(DECISION).recipients[-1] == "Báo Bắc Giang;"
    page = client.get(f"{BASE}decision/").content.decode()
    assert 'data-version="1"' in page and "Thêm Báo Bắc Giang" in page
    document = client.get(f"/decisions/{_awaiting_decision().pk}/document.docx")
    assert "- Báo Bắc Giang;" in _recipients_of(document.content)


def test_bad_uploads_get_a_400_with_the_reason(demo, media, login, settings):
    client = login("vanphong")
    url = f"{BASE}decision/mau-word/tai-len"
    response = client.post(url, {"word-file": _upload(b"%PDF-1.4 not a word file", "mau.docx")})
    assert response.status_code == 400 and "DOCX" in response.content.decode()
    response = client.post(url, {"word-file": _upload(_docx("{{ number_line }}"))})
    assert response.status_code == 400 and "{{ recipients }}" in response.content.decode()
    settings.THIDUA_WORD_TEMPLATE_MAX_BYTES = 1000
    response = client.post(url, {"word-file": _upload(word.default_template(DECISION))})
    assert response.status_code == 400
    assert not DocumentTemplate.objects.exclude(kind=DocumentKind.DEADLINE_REPORT, version=1).exists()  # the demo's


def test_office_downloads_the_default_and_the_current_template(demo, media, login):
    client = login("vanphong")
    default = client.get(f"{BASE}decision/mau-word-mac-dinh.docx")
    assert default.status_code == 200
    assert "{{ signer_name }}" in " ".join(text_of(default.content))
    assert client.get(f"{BASE}decision/mau-word.docx").status_code == 404
    upload = client.post(f"{BASE}decision/mau-word/tai-len", {"word-file": _upload(_office_template("MẪU V1"))})
    assert upload.status_code == 302
    current = client.get(f"{BASE}decision/mau-word.docx")
    assert current.status_code == 200 and "MẪU V1" in text_of(current.content)
    assert client.post(f"{BASE}decision/mau-word/go-bo").status_code == 302
    assert client.get(f"{BASE}decision/mau-word.docx").status_code == 404


def test_every_kind_previews_and_takes_its_default_template_back(demo, media, login):
    client = login("vanphong")
    for kind in DocumentKind.values:
        page = client.post(f"{BASE}{kind}/", {"recipients": "Báo Bắc Giang;", "archive": "Lưu: VT.",
                                              "action": "preview"})
        assert page.status_code == 200, kind
        text = page.content.decode()
        if word.spec_for(kind) is None:
            assert 'id="preview-none"' in text, kind
            continue
        assert "<p>- Báo Bắc Giang;</p>" in text, kind
        upload = client.post(f"{BASE}{kind}/mau-word/tai-len", {"word-file": _upload(word.default_template(kind))})
        assert upload.status_code == 302, (kind, upload.content.decode()[:2000])
    # The previews saved nothing: the uploads carry the built-in wording.
    assert all("Báo Bắc Giang;" not in t.content["recipients"] for t in DocumentTemplate.objects.all())
