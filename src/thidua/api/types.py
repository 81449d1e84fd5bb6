"""Input types shared by every endpoint: text without NUL characters and with a length limit, bounded ids."""

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

MAX_ID = 2**63 - 1


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    return value


def Text(max_length: int = 255, min_length: int = 0):  # noqa: N802  (reads like a type)
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=max_length, min_length=min_length),
        AfterValidator(_no_nul),
    ]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=1900, le=2200)]
Limit = Annotated[int, Field(ge=1, le=1000)]
Offset = Annotated[int, Field(ge=0, le=MAX_ID)]
