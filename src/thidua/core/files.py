"""Uploaded documents are recognised by their content, never by their name or the browser's content type."""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .numbers import vi_number


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

    from .text import printable

    # Names come from codes and numbers typed by people: a control character would break the header.
    filename = printable(filename)
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
    file.seek(0)
    if file.read(4) == b"PK\x03\x04":
        # Refused before the ZIP's directory is listed (a DOCX is a ZIP; see check_office_zip).
        check_office_zip(file, "docx")
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


# ── Office packages (XLSX, DOCX): refused before any XML parser opens them ─────────────────────────────────


class OfficeLimits:
    """What an uploaded Office package may hold. A province's progress workbook (20,000 targets over several
    periods) is a few MB of XML in a dozen parts; these bounds are far above it and far below what exhausts a
    worker. A sheet's rows bound the reading time too: the progress workbook takes at most 100,000 filled rows
    (``spreadsheet.MAX_ROWS``). Each may be overridden by a ``THIDUA_OFFICE_<NAME>`` setting."""

    MAX_PARTS = 2000
    MAX_PART_BYTES = 150 * 1024 * 1024
    MAX_TOTAL_BYTES = 300 * 1024 * 1024
    #: Uncompressed ÷ compressed size, for parts larger than RATIO_FLOOR_BYTES (small parts compress freely).
    MAX_RATIO = 150
    RATIO_FLOOR_BYTES = 2 * 1024 * 1024
    MAX_SHEET_ROWS = 120_000
    MAX_SHEET_COLUMNS = 500
    MAX_SHEET_CELLS = 10_000_000
    MAX_SHARED_STRINGS = 200_000
    MAX_SHARED_STRING_CHARS = 20_000_000

    @classmethod
    def get(cls, name: str) -> int:
        return int(getattr(settings, f"THIDUA_OFFICE_{name}", getattr(cls, name)))


class OfficeFileRefused(ValidationError):
    """A ValidationError whose message tells the user why the package was refused."""


def _refuse_too_large():
    return OfficeFileRefused(_("The file is refused: once unpacked it would be far larger than a real spreadsheet "
                               "or document of its kind (a damaged or malicious file). Save it again from Excel or "
                               "Word, or split it."))


def _zip_entry_count(file) -> int | None:
    """Entries the ZIP's end-of-central-directory record declares, read without listing them (a ZIP of a million
    tiny entries would cost hundreds of MB as ``ZipInfo`` objects). None when the record is missing or ZIP64."""
    file.seek(0, 2)
    size = file.tell()
    file.seek(max(0, size - 66_000))
    tail = file.read()
    file.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    count = int.from_bytes(tail[at + 10:at + 12], "little")
    return None if count == 0xFFFF else count


class LimitedPart:
    """A ZIP part read through a counter: more bytes than the directory declared (or than the limit) stop the
    reading, whatever the part's header claims."""

    def __init__(self, archive: zipfile.ZipFile, name: str, *, limit: int | None = None):
        info = archive.getinfo(name)
        self.limit = min(info.file_size, limit if limit is not None else OfficeLimits.get("MAX_PART_BYTES"))
        self.raw = archive.open(info)
        self.count = 0

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            n = self.limit - self.count + 1
        data = self.raw.read(min(n, self.limit - self.count + 1))
        self.count += len(data)
        if self.count > self.limit:
            raise _refuse_too_large()
        return data

    def tell(self) -> int:
        return self.count

    def close(self) -> None:
        self.raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _head(archive: zipfile.ZipFile, name: str, size: int = 16_384) -> bytes:
    with LimitedPart(archive, name) as part:
        return part.read(size)


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\"")
_COUNT = re.compile(rb"<(?:\w+:)?sst\b[^>]*?\b(?:uniqueCount|count)=\"(\d+)\"")


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


def _check_sheet_dimension(archive: zipfile.ZipFile, name: str) -> None:
    match = _DIMENSION.search(_head(archive, name))
    if not match or not match.group(3):
        return
    rows = int(match.group(4))
    columns = _column_number(match.group(3))
    if (rows > OfficeLimits.get("MAX_SHEET_ROWS") or columns > OfficeLimits.get("MAX_SHEET_COLUMNS")
            or rows * columns > OfficeLimits.get("MAX_SHEET_CELLS")):
        raise OfficeFileRefused(
            _("The file is refused: its sheet declares %(rows)s rows and %(columns)s columns; at most %(max_rows)s "
              "rows and %(max_columns)s columns are read. Delete the empty rows and columns, or split the file.")
            % {"rows": vi_number(rows), "columns": vi_number(columns),
               "max_rows": vi_number(OfficeLimits.get("MAX_SHEET_ROWS")),
               "max_columns": vi_number(OfficeLimits.get("MAX_SHEET_COLUMNS"))})


def too_many_rows_or_cells() -> OfficeFileRefused:
    return OfficeFileRefused(
        _("The file is refused: its sheet holds more than %(max_rows)s rows or a row of more than %(max_columns)s "
          "cells. Delete the empty rows and columns, or split the file.")
        % {"max_rows": OfficeLimits.get("MAX_SHEET_ROWS"), "max_columns": OfficeLimits.get("MAX_SHEET_COLUMNS")})


_ELEMENT_START = {
    "row": re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]"),
    "si": re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]"),
}
_SCAN_CHUNK = 1024 * 1024


def _count_elements(archive: zipfile.ZipFile, name: str, element: str, *, stop_above: int) -> int:
    """How many ``element`` start tags the part holds, counted in its raw bytes (no XML parser: a few hundred MB a
    second) and through ``LimitedPart``; the count stops once past ``stop_above``. A tag split across two chunks is
    carried to the next one (everything from the chunk's last ``<``)."""
    pattern = _ELEMENT_START[element]
    count = 0
    carry = b""
    with LimitedPart(archive, name) as part:
        while count <= stop_above:
            chunk = part.read(_SCAN_CHUNK)
            if not chunk:
                return count + len(pattern.findall(carry + b" "))
            data = carry + chunk
            cut = data.rfind(b"<")
            if cut < 0 or len(data) - cut > 256:
                cut = len(data)
            count += len(pattern.findall(data, 0, cut))
            carry = data[cut:]
    return count


def _check_counts(archive: zipfile.ZipFile, names: set[str]) -> None:
    """Rows of each sheet and shared strings, counted before any parser builds them (a sheet's dimension and the
    strings' ``count`` attribute may be missing or lie)."""
    max_rows, max_strings = OfficeLimits.get("MAX_SHEET_ROWS"), OfficeLimits.get("MAX_SHARED_STRINGS")
    for name in sorted(names):
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            if _count_elements(archive, name, "row", stop_above=max_rows) > max_rows:
                raise too_many_rows_or_cells()
    if "xl/sharedStrings.xml" in names:
        if _count_elements(archive, "xl/sharedStrings.xml", "si", stop_above=max_strings) > max_strings:
            raise too_many_shared_strings()


def too_many_shared_strings() -> OfficeFileRefused:
    return OfficeFileRefused(
        _("The file is refused: it holds more than %(n)s distinct texts, far more than a real spreadsheet of this "
          "kind. Split it into smaller files.") % {"n": OfficeLimits.get("MAX_SHARED_STRINGS")})


def check_office_zip(file, kind: str) -> None:
    """Refuse an XLSX or DOCX (``kind``: ``"xlsx"`` / ``"docx"``) that would take a reader's memory or time:
    too many parts, a part or the whole too large once unpacked (by the ZIP directory, and again while the few
    parts read here are read), a compression ratio no real document has, and for a workbook a sheet declaring
    more rows, columns or cells, or more shared strings, than the limits (declared, and counted in the parts' raw
    bytes: a few hundredths of a second for a real workbook). Raises ``OfficeFileRefused`` (a
    ValidationError) with the message for the user; leaves the file at its start."""
    file.seek(0)
    count = _zip_entry_count(file)
    if count is None or count > OfficeLimits.get("MAX_PARTS"):
        raise OfficeFileRefused(
            _("The file is refused: it is not a plain Office file (too many parts, or a damaged package). Save it "
              "again from Excel or Word."))
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            total = 0
            for info in infos:
                total += info.file_size
                packed = max(1, info.compress_size)
                bomb = (info.file_size > OfficeLimits.get("RATIO_FLOOR_BYTES")
                        and info.file_size > OfficeLimits.get("MAX_RATIO") * packed)
                if (bomb or info.file_size > OfficeLimits.get("MAX_PART_BYTES")
                        or total > OfficeLimits.get("MAX_TOTAL_BYTES")):
                    raise _refuse_too_large()
            if kind == "xlsx":
                names = {info.filename for info in infos}
                for name in names:
                    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                        _check_sheet_dimension(archive, name)
                if "xl/sharedStrings.xml" in names:
                    match = _COUNT.search(_head(archive, "xl/sharedStrings.xml"))
                    if match and int(match.group(1)) > OfficeLimits.get("MAX_SHARED_STRINGS"):
                        raise too_many_shared_strings()
                _check_counts(archive, names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError, EOFError):
        raise OfficeFileRefused(
            _("The file is refused: it is not a plain Office file (too many parts, or a damaged package). Save it "
              "again from Excel or Word.")) from None
    finally:
        file.seek(0)
