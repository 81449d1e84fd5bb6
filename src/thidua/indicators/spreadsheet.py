"""The progress workbook: a pre-filled template to download, and the reader for the filled copy.

The sheet has one row per target. Columns A–J describe it (filled by the system, for reading); the clerk fills
"period ending", "value" and "note". Columns are found by their header text (in Vietnamese or English), so a
reordered copy still reads. The reader checks cells only; whether a unit or a target exists is the service's job.

A number formatted as a percentage in Excel (kept as 0.85, shown 85 %) is read as 85: the sheet's values are in
the indicator's unit. Numbers are read in Vietnamese notation (``1.234,5``) and plain notation (``1234.5``): when
both a dot and a comma appear the last one is the decimal mark; a lone comma is the decimal mark; dots that group
digits by three (``12.345.678``, ``1.234``) are thousands separators; any other lone dot is the decimal mark.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl.utils import get_column_letter

from thidua.core.numbers import parse_number  # noqa: F401  (read here; the notations are in core.numbers)
from thidua.core.text import fold

from .xlsx_reader import Columns, UnreadableWorkbook, read_rows

#: The most rows one file may hold: a whole province's targets for several periods.
MAX_ROWS = 100_000
#: Reading stops collecting errors after this many (the count of the rest is reported).
MAX_ERRORS = 200

# (key, header msgid, width, filled by the clerk)
COLUMNS = [
    ("unit_code", gettext_noop("Unit code (do not change)"), 12, False),
    ("unit_name", gettext_noop("Unit name"), 34, False),
    ("indicator_code", gettext_noop("Indicator code (do not change)"), 12, False),
    ("indicator_name", gettext_noop("Indicator name"), 44, False),
    ("unit_of_measure", gettext_noop("Unit of measure"), 12, False),
    ("baseline", gettext_noop("Baseline"), 12, False),
    ("target_value", gettext_noop("Target value"), 12, False),
    ("due_on", gettext_noop("Target due date"), 12, False),
    ("current_value", gettext_noop("Latest value"), 12, False),
    ("last_period_end", gettext_noop("Latest period"), 12, False),
    ("period_end", gettext_noop("Period ending"), 14, True),
    ("value", gettext_noop("Value for the period"), 14, True),
    ("note", gettext_noop("Note"), 40, True),
]
REQUIRED = ("unit_code", "indicator_code", "period_end", "value")
DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMAT = "#,##0.####"


def header_labels(key: str) -> set[str]:
    """Every folded header text that names column ``key``: the English msgid and each translation."""
    msgid = next(c[1] for c in COLUMNS if c[0] == key)
    labels = {fold(msgid)}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels.add(fold(_(msgid)))
    return labels


@dataclass(frozen=True)
class TemplateRow:
    unit_code: str
    unit_name: str
    indicator_code: str
    indicator_name: str
    unit_of_measure: str
    baseline: Decimal
    target_value: Decimal
    due_on: datetime.date
    current_value: Decimal | None
    last_period_end: datetime.date | None


def build_template(*, title: str, rows: Iterable[TemplateRow], period_end: datetime.date | None = None) -> bytes:
    """The workbook to fill, each row streamed into the package as it is read (``documents.xlsx_stream``: a
    province's 20,000 targets in a fraction of a second, memory flat in the rows). ``period_end`` pre-fills the
    period column."""
    from thidua.documents.xlsx_stream import StreamingWorkbook, Style

    given, filled, number, date = 1, 2, 3, 4  # the styles below, in order
    styles = [Style(bold=True, fill="EDEDED", wrap=True), Style(bold=True, fill="FFF2CC", wrap=True),
              Style(number_format=NUMBER_FORMAT), Style(number_format=DATE_FORMAT)]
    out = io.BytesIO()
    with StreamingWorkbook(out, styles) as book:
        with book.sheet(_("Progress"), widths=[width for _key, _msgid, width, _filled in COLUMNS],
                        freeze_header=True) as sheet:
            sheet.row([(_(msgid), filled if is_filled else given) for _key, msgid, _width, is_filled in COLUMNS])
            period = (period_end, date) if period_end else None
            for row in rows:
                sheet.row([
                    row.unit_code, row.unit_name, row.indicator_code, row.indicator_name, row.unit_of_measure,
                    (row.baseline, number), (row.target_value, number), (row.due_on, date),
                    (row.current_value, number) if row.current_value is not None else None,
                    (row.last_period_end, date) if row.last_period_end else None,
                    period,
                ])
        with book.sheet(_("Instructions"), widths=[110]) as guide:
            for line in [title, "", *instructions()]:
                guide.row([line or None])
    return out.getvalue()


def instructions() -> list[str]:
    return [
        _("Fill the yellow columns: the period's end date (dd/mm/yyyy), the value, and a note if needed."),
        _("Leave a row's yellow cells empty to skip it. Do not change the unit and indicator codes."),
        _("Numbers may be written 1.234,5 (Vietnamese) or 1234.5; type values, not formulas."),
        _("The file is checked as a whole: if any cell is wrong nothing is saved, and every wrong cell is listed "
          "with its row and column."),
        _("A value for a period that already has one replaces it; the old value stays in the history."),
    ]


# ── reading ─────────────────────────────────────────────────────────────────────────────────────────────────


class SheetRejected(Exception):
    """The file cannot be taken: ``errors`` are ``{"row", "column", "message"}`` (row and column may be None)."""

    def __init__(self, message: str, errors: list[dict]):
        super().__init__(message)
        self.message = message
        self.errors = errors


@dataclass(frozen=True)
class SheetRow:
    row: int
    unit_code: str
    indicator_code: str
    period_end: datetime.date
    value: Decimal
    note: str
    #: column letters by key, as found in this file (for error messages)
    letters: dict


def is_xlsx(file) -> bool:
    """An XLSX is a ZIP holding a workbook part; a DOCX, a renamed ZIP or an old XLS is not."""
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    if head != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("="):
            raise ValueError(_("The cell holds a formula; type the date itself."))
        match = _DATE_TEXT.match(text)
        try:
            if match:
                return datetime.date(int(match[3]), int(match[2]), int(match[1]))
            match = _ISO_DATE.match(text)
            if match:
                return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
        raise ValueError(_("“%(text)s” is not a date; write it as dd/mm/yyyy.") % {"text": text[:40]})
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(_("The cell holds a number; format it as a date (dd/mm/yyyy)."))
    raise ValueError(_("Not a date; write it as dd/mm/yyyy."))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheet(file, *, on_progress: Callable[[int], None] | None = None) -> list[SheetRow]:
    """Every filled row of the first sheet, or ``SheetRejected`` listing every bad cell (nothing half-read)."""
    from thidua.core.files import OfficeFileRefused, check_office_zip

    not_xlsx = _("The file is not an Excel workbook (.xlsx), whatever its name says.")
    file.seek(0)
    if file.read(4) != b"PK\x03\x04" or not zipfile.is_zipfile(file):  # the ZIP's end record only
        raise SheetRejected(not_xlsx, [])
    try:
        check_office_zip(file, "xlsx")
    except OfficeFileRefused as exc:
        raise SheetRejected(exc.messages[0], []) from None
    if not is_xlsx(file):
        raise SheetRejected(not_xlsx, [])
    try:
        columns = Columns(len(COLUMNS) + 20)
        return _read(read_rows(file, columns=columns, on_fraction=on_progress), columns)
    except OfficeFileRefused as exc:
        raise SheetRejected(exc.messages[0], []) from None
    except (UnreadableWorkbook, zipfile.BadZipFile, zlib.error, EOFError, OSError):
        # A part that unpacks to other than its declared size fails its checksum: damaged (or forged).
        raise SheetRejected(_("The workbook cannot be opened: it is damaged or not a real .xlsx file."), []) from None


def _read(rows, columns: Columns) -> list[SheetRow]:
    header_number, header = next(rows, (0, None))
    if header is None or all(_blank(v) for v in header):
        raise SheetRejected(_("The sheet is empty: download the template and fill it."), [])
    where = _find_columns(header, header_number)
    columns.wanted = {where[key] for key in (*REQUIRED, "note") if key in where}
    errors: list[dict] = []
    extra_errors = 0
    parsed: list[SheetRow] = []
    count = 0
    idx_unit, idx_ind, idx_period, idx_value = (where[k] for k in REQUIRED)
    idx_note = where.get("note")
    letters = {key: get_column_letter(i + 1) for key, i in where.items()}

    def fail(row_number: int, key: str | None, message: str) -> None:
        nonlocal extra_errors
        if len(errors) < MAX_ERRORS:
            errors.append({"row": row_number, "column": letters.get(key) if key else None, "message": message})
        else:
            extra_errors += 1

    for row_number, values in rows:
        period_cell, value_cell = values[idx_period], values[idx_value]
        note_cell = values[idx_note] if idx_note is not None else None
        if _blank(period_cell) and _blank(value_cell) and _blank(note_cell):
            continue
        count += 1
        if count > MAX_ROWS:
            raise SheetRejected(
                _("The file has more than %(n)s filled rows; split it into smaller files.")
                % {"n": f"{MAX_ROWS:,}".replace(",", ".")}, [])
        unit_code = "" if _blank(values[idx_unit]) else str(values[idx_unit]).strip()
        indicator_code = "" if _blank(values[idx_ind]) else str(values[idx_ind]).strip()
        ok = True
        if not unit_code:
            fail(row_number, "unit_code", _("The unit code is missing."))
            ok = False
        if not indicator_code:
            fail(row_number, "indicator_code", _("The indicator code is missing."))
            ok = False
        period = value = None
        if _blank(period_cell):
            fail(row_number, "period_end", _("The period's end date is missing."))
            ok = False
        else:
            try:
                period = parse_date(period_cell)
            except ValueError as exc:
                fail(row_number, "period_end", str(exc))
                ok = False
        if _blank(value_cell):
            fail(row_number, "value", _("The value is missing."))
            ok = False
        else:
            try:
                value = parse_number(value_cell)
            except ValueError as exc:
                fail(row_number, "value", str(exc))
                ok = False
        note = "" if _blank(note_cell) else str(note_cell).strip()
        if ok:
            parsed.append(SheetRow(row_number, unit_code, indicator_code, period, value, note, letters))
    if count == 0 and not errors:
        raise SheetRejected(_("No row has a value: fill the yellow columns and upload again."), [])
    if extra_errors:
        errors.append({"row": None, "column": None,
                       "message": _("…and %(n)s more errors.") % {"n": extra_errors}})
    if errors:
        raise SheetRejected(_("Nothing was saved: the file has errors."), errors)
    return parsed


def _find_columns(header: list, row_number: int) -> dict[str, int]:
    folded = [fold(str(v)) if not _blank(v) else "" for v in header]
    where: dict[str, int] = {}
    for key, _msgid, _width, _filled in COLUMNS:
        labels = header_labels(key)
        for index, text in enumerate(folded):
            if text in labels:
                where[key] = index
                break
    missing = [key for key in REQUIRED if key not in where]
    if missing:
        names = ", ".join(f"“{_(next(c[1] for c in COLUMNS if c[0] == key))}”" for key in missing)
        raise SheetRejected(
            _("The first row must hold the template's headers; missing: %(names)s.") % {"names": names},
            [{"row": row_number, "column": None, "message": _("Missing column %(name)s.") % {"name": _(
                next(c[1] for c in COLUMNS if c[0] == key))}} for key in missing],
        )
    return where
