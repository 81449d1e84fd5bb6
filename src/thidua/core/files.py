"""Uploaded documents are recognised by their content, never by their name or the browser's content type."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class DocumentKind:
    extension: str
    content_type: str
    label: str


PDF = DocumentKind("pdf", "application/pdf", "PDF")
DOCX = DocumentKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX")
JPEG = DocumentKind("jpg", "image/jpeg", "JPEG")
PNG = DocumentKind("png", "image/png", "PNG")
TIFF = DocumentKind("tif", "image/tiff", "TIFF")
XLSX = DocumentKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")

#: Content types of the documents the application generates, by the extension of their file name.
GENERATED = {kind.extension: kind.content_type for kind in (PDF, DOCX, XLSX)}


def file_response(content: bytes, filename: str, *, inline: bool = False):
    """A generated document (DOCX, XLSX, PDF) as a download, or shown in the browser when ``inline``; the content
    type follows the file name's extension."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(content, content_type=GENERATED[filename.rsplit(".", 1)[-1].lower()])
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


def _is_docx(file) -> bool:
    """A DOCX is a ZIP holding a Word main part; a renamed ZIP or XLSX is not."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def detect_document_kind(file) -> DocumentKind | None:
    """PDF, DOCX or a scanned image (JPEG, PNG, TIFF), told apart by their first bytes."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    if head.startswith(b"PK\x03\x04") and _is_docx(file):
        file.seek(0)
        return DOCX
    return None


def max_upload_bytes() -> int:
    return int(getattr(settings, "THIDUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def check_document_upload(file) -> tuple[DocumentKind, str]:
    """Refuse an empty, oversized or unrecognised file; return its kind and SHA-256."""
    limit = max_upload_bytes()
    if file is None or not file.size:
        raise ValidationError(_("Choose a file to send."))
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)}
        )
    kind = detect_document_kind(file)
    if kind is None:
        raise ValidationError(
            _("The file is not a PDF, a DOCX or a scanned image (JPEG, PNG, TIFF), whatever its name says.")
        )
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return kind, digest.hexdigest()
