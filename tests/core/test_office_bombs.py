"""Hostile XLSX and DOCX uploads are refused in seconds and in bounded memory, with a message the user reads.

Two kinds of bomb, each built here: (a) a small workbook whose sheet unpacks to hundreds of MB of identical cells,
declared honestly in the ZIP directory or hidden behind a lying one; (b) a workbook that declares a dimension of
millions of cells, or holds a million shared strings, hundreds of thousands of rows or a row of 100,000 cells, with
or without saying so up front. Each goes through the real upload path (the import page, then the worker's job);
what is refused at the upload never reaches the worker. Peak memory is measured in a fresh process
(``ru_maxrss``), since lxml's allocations are invisible to tracemalloc.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.support import signed_in
from thidua.core.files import check_document_upload, check_office_zip
from thidua.core.jobs import job_run
from thidua.core.models import Job
from thidua.indicators.models import ProgressEntry
from thidua.indicators.spreadsheet import COLUMNS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SECONDS = 5
MEGABYTES = 200

TOO_LARGE = "once unpacked it would be far larger"
SHAPE = "its sheet holds more than"
DIMENSION = "its sheet declares"
TEXTS = "distinct texts"
DAMAGED = "a damaged package"


def _base_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([msgid for _key, msgid, _width, _filled in COLUMNS])
    sheet.append(["H-HH", "Huyện", "YT-01"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _repack(parts: dict[str, object]) -> bytes:
    """The base workbook with ``parts`` replaced (bytes, or a callable writing chunks to the part)."""
    source = zipfile.ZipFile(io.BytesIO(_base_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        names = source.namelist() + [name for name in parts if name not in source.namelist()]
        for name in names:
            content = parts.get(name)
            if content is None:
                target.writestr(name, source.read(name))
            elif isinstance(content, bytes):
                target.writestr(name, content)
            else:
                with target.open(name, "w") as part:
                    content(part)
    return out.getvalue()


HEADER = "".join(f'<c t="inlineStr"><is><t>{msgid}</t></is></c>' for _key, msgid, _w, _f in COLUMNS)


def _sheet(write_rows, *, dimension: str | None = None):
    """A sheet starting with the template's header (so the reader goes on past it), then ``write_rows``."""
    def write(part):
        part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'.encode())
        if dimension:
            part.write(f'<dimension ref="{dimension}"/>'.encode())
        part.write(f'<sheetData><row r="1">{HEADER}</row>'.encode())
        write_rows(part)
        part.write(b"</sheetData></worksheet>")
    return write


def _repeated(chunk: bytes, total: int):
    def write(part):
        block = chunk * max(1, (1 << 20) // len(chunk))
        for _ in range(total // len(block)):
            part.write(block)
    return write


def _numbered_rows(count: int):
    def write(part):
        for start in range(2, count + 2, 50_000):
            stop = min(count + 2, start + 50_000)
            part.write(b"".join(b'<row r="%d">' % i + CELL + b"</row>" for i in range(start, stop)))
    return write


def _lie_about_size(content: bytes, name: str, declared: int) -> bytes:
    """Rewrite the ZIP's local and central headers of ``name`` to declare ``declared`` unpacked bytes."""
    data = bytearray(content)
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo(name)
    data[info.header_offset + 22:info.header_offset + 26] = declared.to_bytes(4, "little")
    encoded = name.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = int.from_bytes(data[at + 28:at + 30], "little")
        if bytes(data[at + 46:at + 46 + name_length]) == encoded:
            data[at + 24:at + 28] = declared.to_bytes(4, "little")
            break
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def _strings(count: int, declared: int):
    def write(part):
        part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="{declared}" '
                   f'uniqueCount="{declared}">'.encode())
        for start in range(0, count, 50_000):
            part.write(b"".join(b"<si><t>s%d</t></si>" % i for i in range(start, min(count, start + 50_000))))
        part.write(b"</sst>")
    return write


CELL = b'<c t="s"><v>0</v></c>'
#: name → (builder, refused at the upload, message fragment)
BOMBS = {
    # (a) hundreds of MB of identical cells, in a file of a few hundred KB
    "sheet_unpacks_to_300_mb": (lambda: _repack({SHEET: _sheet(_repeated(b"<row>" + CELL * 20 + b"</row>",
                                                                          300 << 20))}), True, TOO_LARGE),
    "sheet_size_hidden_by_a_lying_directory": (
        lambda: _lie_about_size(_repack({SHEET: _sheet(_repeated(b"<row>" + CELL * 20 + b"</row>", 300 << 20))}),
                                SHEET, 200_000), True, DAMAGED),
    # (b) a huge shape or a huge count of strings, declared or not
    "declares_a_million_rows_by_16384_columns": (
        lambda: _repack({SHEET: _sheet(lambda part: part.write(b"<row r=\"1\">" + CELL + b"</row>"),
                                       dimension="A1:XFD1048576")}), True, DIMENSION),
    "declares_three_million_shared_strings": (
        lambda: _repack({STRINGS: _strings(1000, 3_000_000)}), True, TEXTS),
    "holds_400000_shared_strings_declaring_one": (lambda: _repack({STRINGS: _strings(400_000, 1)}), True, TEXTS),
    "holds_200000_rows_without_a_dimension": (
        lambda: _repack({SHEET: _sheet(_numbered_rows(200_000))}), True, SHAPE),
    "holds_a_row_of_100000_cells": (
        lambda: _repack({SHEET: _sheet(lambda part: part.write(
            b"<row>" + b"".join(b"<c><v>%d</v></c>" % i for i in range(100_000)) + b"</row>"))}),
        False, SHAPE),
}


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    paths = {}
    for name, (build, _at_upload, _message) in BOMBS.items():
        paths[name] = folder / f"{name}.xlsx"
        paths[name].write_bytes(build())
    return paths


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_bombs_are_small_files_that_unpack_to_far_more(bombs):
    assert max(path.stat().st_size for path in bombs.values()) < 20 * 1024 * 1024  # under the upload limit
    assert bombs["sheet_unpacks_to_300_mb"].stat().st_size < 2 * 1024 * 1024
    archive = zipfile.ZipFile(bombs["sheet_unpacks_to_300_mb"])
    assert archive.getinfo(SHEET).file_size > 250 * 1024 * 1024


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_hostile_workbook_is_refused_within_seconds_through_the_upload_and_the_job(province, bombs, name):
    _build, at_upload, fragment = BOMBS[name]
    client = signed_in("hiephoa", language="en")
    url = f"/campaigns/{province.campaign_id}/progress/import/"
    entries = ProgressEntry.objects.count()
    started = time.monotonic()
    with translation.override("en"):
        response = client.post(url, {"file": SimpleUploadedFile("so-lieu.xlsx", bombs[name].read_bytes(),
                                                                content_type=XLSX_TYPE)})
        if at_upload:
            shown = response.content.decode()
            assert response.status_code == 400
            assert Job.objects.count() == 0
        else:
            assert response.status_code == 302, response.content.decode()[-3000:]
            job = job_run(Job.objects.get().pk)
            assert job.status == Job.Status.FAILED
            shown = client.get(f"/jobs/{job.pk}/").content.decode()
            assert job.message in shown
    elapsed = time.monotonic() - started
    assert fragment in shown
    assert elapsed < SECONDS, f"{name} took {elapsed:.1f}s"
    assert ProgressEntry.objects.count() == entries


READ_ALL = """
import json, resource, sys, time
import django
django.setup()
from thidua.indicators.spreadsheet import SheetRejected, read_sheet
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
results = {}
for path in sys.argv[1:]:
    started = time.monotonic()
    try:
        with open(path, "rb") as file:
            read_sheet(file)
        outcome = "read"
    except SheetRejected as exc:
        outcome = exc.message
    results[path] = [outcome, time.monotonic() - started]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"grew_kb": peak - before, "results": results}))
"""


def test_reading_every_bomb_keeps_the_worker_under_200_mb(bombs):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thidua.config.settings"}
    done = subprocess.run([sys.executable, "-c", READ_ALL, *map(str, bombs.values())], env=env, text=True,
                          capture_output=True, timeout=120, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    outcomes = report["results"]
    assert all(outcome != "read" for outcome, _seconds in outcomes.values()), outcomes
    assert max(seconds for _outcome, seconds in outcomes.values()) < SECONDS, outcomes
    assert report["grew_kb"] < MEGABYTES * 1024, report


def test_check_office_zip_leaves_a_real_workbook_alone_and_at_its_start():
    file = io.BytesIO(_base_workbook())
    file.seek(10)
    check_office_zip(file, "xlsx")
    assert file.tell() == 0


def _docx_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:
            _repeated(b"<w:p><w:r><w:t>a</w:t></w:r></w:p>", 400 << 20)(part)
    return out.getvalue()


def _many_parts() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for index in range(5000):
            archive.writestr(f"p/{index}", b"")
    return out.getvalue()


@pytest.mark.parametrize("build, fragment", [(_docx_bomb, TOO_LARGE), (_many_parts, "too many parts")])
def test_a_hostile_docx_upload_is_refused_with_the_message(build, fragment):
    content = build()
    started = time.monotonic()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        check_document_upload(SimpleUploadedFile("bao-cao.docx", content))
    assert fragment in refused.value.messages[0]
    assert time.monotonic() - started < SECONDS


@pytest.mark.parametrize("name", ["holds_200000_rows_without_a_dimension", "holds_400000_shared_strings_declaring_one"])
def test_the_streaming_reader_bounds_rows_and_strings_on_its_own(bombs, name):
    """Behind the upload's count: the reader stops at the limit too (a file checked under other limits)."""
    from thidua.core.files import OfficeFileRefused
    from thidua.indicators.xlsx_reader import Columns, read_rows

    with translation.override("en"), open(bombs[name], "rb") as file, pytest.raises(OfficeFileRefused) as refused:
        for _row in read_rows(file, columns=Columns(len(COLUMNS))):
            pass
    assert BOMBS[name][2] in refused.value.messages[0]
