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


def word_search(queryset, field: str, q: str):
    """Rows whose folded text ``field`` has every word of ``q`` as a word or a word's beginning ("nguyen van an"
    finds Nguyễn Văn An and Nguyễn Văn Anh, not Nguyễn Văn Thắng), annotated with ``match_rank``: 0 for the whole
    text equal to the query, 1 for a text that starts with it, 2 otherwise — for the caller to order by. The folded
    text keeps single spaces between words (``fold``), so a word begins at the start or after a space; the same
    lookups on SQLite and PostgreSQL."""
    from django.db.models import Case, IntegerField, Q, Value, When

    folded = fold(q)
    if not folded:
        return queryset.annotate(match_rank=Value(2, output_field=IntegerField()))
    for word in folded.split(" "):
        queryset = queryset.filter(Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"}))
    return queryset.annotate(match_rank=Case(
        When(**{field: folded}, then=Value(0)), When(**{f"{field}__startswith": folded}, then=Value(1)),
        default=Value(2), output_field=IntegerField()))
