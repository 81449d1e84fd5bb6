"""Diacritics-insensitive text: "bac giang" finds "Bắc Giang", "d" finds "đ"."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ``text``, drop Vietnamese tone and vowel marks, turn đ into d and squeeze spaces."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


#: Characters no text field keeps and no document holds: the C0 controls except tab, line feed and carriage return
#: (XML 1.0, and so XLSX and DOCX, cannot hold them at all), DEL and the C1 controls (legal XML but invisible, and
#: read as garbage by Word, Excel and PDF viewers), the non-characters U+FFFE and U+FFFF (not XML), and surrogate
#: code points (a Python string only holds one when it is unpaired, which UTF-8 cannot encode).
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` without the characters of ``UNPRINTABLE``; tabs and line breaks stay. Every writer of XLSX, DOCX
    and PDF passes its text through this, so a row stored before input was cleaned never breaks an export."""
    if not text:
        return text
    return UNPRINTABLE.sub("", text)


def has_unprintable(text: str) -> bool:
    return bool(text) and UNPRINTABLE.search(text) is not None
