"""Numbers typed by people or sent to the API, checked before they reach a DECIMAL column."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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
