"""Numbers typed by people or sent to the API, checked before they reach a DECIMAL column (``to_decimal``), and
numbers as Vietnamese readers write them, everywhere (pages, messages, documents, spreadsheets' text):
a comma before the decimals, a dot between thousands, and a (non-breaking) space before the per cent sign:
``1.234,5``, ``83,3 %`` (TCVN / the office's documents; the space keeps "%" on the number's line).
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PERCENT_SPACE = "\u00a0"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def vi_number(value, digits: int | None = None, *, trim: bool = True) -> str:
    """``1234.5`` → ``1.234,5``; ``digits`` decimals (rounded half up), trailing zeros dropped when ``trim``;
    ``None`` → ``""``."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    if digits is not None:
        number = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    if trim:
        fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    return f"{sign}{out},{fraction}" if fraction else f"{sign}{out}"


def vi_percent(value, digits: int = 1) -> str:
    """``83.333`` → ``83,3 %`` (non-breaking space); ``100`` → ``100 %``; ``None`` → ``""``."""
    if value is None or value == "":
        return ""
    return f"{vi_number(value, digits)}{PERCENT_SPACE}%"


def share_percent(part, whole, digits: int = 1) -> str:
    """``part`` of ``whole`` as a Vietnamese percentage (``5, 6`` → ``83,3 %``); ``""`` when ``whole`` is 0."""
    whole = _decimal(whole)
    part = _decimal(part)
    if not whole or part is None:
        return ""
    return vi_percent(part * 100 / whole, digits)


_GROUPED_DOTS = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")
_PLAIN = re.compile(r"^\d+(\.\d+)?$")


def parse_number(value) -> Decimal:
    """A number typed in a form or read from a spreadsheet cell, as a Decimal; raises ValueError with the message.

    Read in Vietnamese notation (``1.234,5``, ``83,3``) and plain notation (``1234.5``): when both a dot and a comma
    appear the last one is the decimal mark; a lone comma is the decimal mark; dots that group digits by three
    (``12.345.678``, ``1.234``) are thousands separators; any other lone dot is the decimal mark. A trailing ``%``
    and spaces (also non-breaking ones) are ignored: ``vi_number``'s and ``vi_percent``'s text reads back."""
    if isinstance(value, bool):
        raise ValueError(_("A yes/no value is not a number."))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(_("Not a number."))
        return Decimal(str(value))
    if isinstance(value, datetime.date | datetime.time):
        raise ValueError(_("The cell holds a date, not a number."))
    if not isinstance(value, str):
        raise ValueError(_("Not a number."))
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if text.startswith("="):
        raise ValueError(_("The cell holds a formula; type the value itself."))
    negative = text.startswith("-")
    text = text.lstrip("+-")
    if text.endswith("%"):
        text = text[:-1]
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in text:
        text = text.replace(",", ".") if text.count(",") == 1 else text.replace(",", "")
    elif _GROUPED_DOTS.match(text):
        text = text.replace(".", "")
    if not _PLAIN.match(text):
        raise ValueError(_("“%(text)s” is not a number.") % {"text": value.strip()[:40]})
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(text)s” is not a number.") % {"text": value.strip()[:40]}) from None
    return -number if negative else number


def to_decimal(value, *, field: str, limit: Decimal, step: Decimal) -> Decimal:
    """``value`` as a Decimal rounded to ``step`` (half up), or a ``ValidationError`` on ``field``: not a number
    (text, yes/no, infinity, NaN) or larger than ``limit`` in size."""
    if isinstance(value, bool):
        raise ValidationError({field: _("Enter a number.")})
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    if abs(number) > limit:
        raise ValidationError({field: _("The number is too large.")})
    return number.quantize(step, rounding=ROUND_HALF_UP)
