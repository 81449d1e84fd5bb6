import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.files import DOCX, JPEG, PDF, PNG, TIFF, check_document_upload, detect_document_kind


def upload(content: bytes, name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def zip_with(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "kind"), [
    (b"%PDF-1.7\n...", PDF),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
    (b"\x89PNG\r\n\x1a\n\x00\x00", PNG),
    (b"II*\x00\x08\x00\x00\x00", TIFF),
    (b"MM\x00*\x00\x00\x00\x08", TIFF),
    (zip_with("[Content_Types].xml", "word/document.xml"), DOCX),
])
def test_documents_are_recognised_by_content(content, kind):
    assert detect_document_kind(upload(content, "whatever.bin")) == kind


@pytest.mark.parametrize("content", [
    b"just text pretending to be a pdf",
    b"MZ\x90\x00executable",
    zip_with("[Content_Types].xml", "xl/workbook.xml"),  # an XLSX is a ZIP but not a DOCX
    zip_with("readme.txt"),
    b"PK\x03\x04 broken zip",
    b"<svg xmlns='http://www.w3.org/2000/svg'/>",
])
def test_other_content_is_not_a_document_whatever_its_name(content):
    assert detect_document_kind(upload(content, "ke-hoach.pdf")) is None


def test_check_refuses_empty_and_oversized_files(settings):
    settings.THIDUA_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError):
        check_document_upload(upload(b"", "a.pdf"))
    with pytest.raises(ValidationError) as error:
        check_document_upload(upload(b"%PDF-" + b"x" * 20, "a.pdf"))
    assert "10" in " ".join(error.value.messages)


def test_check_returns_the_kind_and_sha256_and_rewinds():
    file = upload(b"%PDF-1.4 hello", "a.pdf")
    kind, digest = check_document_upload(file)
    assert kind == PDF
    assert digest == hashlib.sha256(b"%PDF-1.4 hello").hexdigest()
    assert file.read() == b"%PDF-1.4 hello"
