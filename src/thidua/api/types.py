"""Input types shared by every endpoint: text cleaned of control characters and with a length limit, dates in a
sensible range, bounded ids."""

import datetime
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from thidua.core.dates import validate_birth_date, validate_official_date
from thidua.core.text import printable

MAX_ID = 2**63 - 1


def _clean_text(value: object) -> object:
    """The application's rule for text (see ``core.middleware.CleanTextInputMiddleware``): NUL is refused, the
    other characters of ``core.text.UNPRINTABLE`` are stripped; tabs and line breaks stay. Runs before the length
    limits, so a value that was nothing but control characters is empty (and refused where text is required)."""
    if not isinstance(value, str):
        return value
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    return printable(value)


def Text(max_length: int = 255, min_length: int = 0):  # noqa: N802  (reads like a type)
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=max_length, min_length=min_length),
        BeforeValidator(_clean_text),  # wraps the constraints: runs first
    ]


def _django_check(validator):
    """A ``core.dates`` validator as a pydantic one: its Vietnamese message becomes the 422's ``msg``."""

    def check(value: datetime.date | None) -> datetime.date | None:
        if value is None:  # an optional date left out
            return value
        try:
            validator(value)
        except DjangoValidationError as exc:
            raise ValueError(exc.messages[0]) from None
        return value

    return check


#: A decision's, meeting's, deadline's or reported value's date: 1945 to ten years ahead (``core.dates``).
OfficialDate = Annotated[datetime.date, AfterValidator(_django_check(validate_official_date))]
#: The same, optional (``None`` when left out).
OptionalOfficialDate = Annotated[datetime.date | None, AfterValidator(_django_check(validate_official_date))]
#: A vote's opening or closing time: its day in the range of ``OfficialDate``.
OfficialDateTime = Annotated[datetime.datetime, AfterValidator(_django_check(validate_official_date))]
#: A date of birth: 1900 to today.
BirthDate = Annotated[datetime.date, AfterValidator(_django_check(validate_birth_date))]

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=1900, le=2200)]
Limit = Annotated[int, Field(ge=1, le=1000)]
Offset = Annotated[int, Field(ge=0, le=MAX_ID)]
