"""A unit's names as documents print them on a given day: who it is then (after a merger, its successor), its
full name with the province, the two lines of its header, and the abbreviation in its documents' ký hiệu.

Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.3 ("Tên cơ quan, tổ chức ban hành văn bản"): the issuing body's name in
upper case, bold, under the name of its directly superior body (upper case, regular) where it has one; a People's
Committee has none printed above it, and its name is broken where an official breaks it ("ỦY BAN NHÂN DÂN" /
"TỈNH BẮC GIANG"). The abbreviation of the body's name follows the number in the ký hiệu (mục II.4).
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from thidua.core.text import fold

from .enums import LineageKind, UnitKind
from .models import Unit, UnitLineage

COMMITTEE = "Ủy ban nhân dân"
COMMITTEE_SHORT = "UBND"
#: Words that start the place part of a committee's name ("Ủy ban nhân dân | tỉnh Bắc Giang").
_PLACE_WORDS = ("tinh", "thanh pho", "huyen", "quan", "thi xa", "xa", "phuong", "thi tran")
#: Words left out of an abbreviation ("Sở Kế hoạch và Đầu tư" → "SKHĐT").
_SMALL_WORDS = {"va", "cua", "các", "cac"}


def unit_on(unit: Unit, on: datetime.date) -> Unit:
    """The unit that stands for ``unit`` on ``on``: itself, or after it merged into or was renamed to another on
    or before that day, that successor (followed to the end of the chain). A split has several successors and is
    not followed. One query per step of the chain."""
    seen = {unit.pk}
    current = unit
    while True:
        step = (UnitLineage.objects.filter(source=current, kind__in=(LineageKind.MERGE, LineageKind.RENAME),
                                           effective_on__lte=on)
                .select_related("target").order_by("-effective_on", "-id").first())
        if step is None or step.target_id in seen:
            return current
        seen.add(step.target_id)
        current = step.target


def parent_on(unit: Unit, on: datetime.date) -> Unit | None:
    """The body directly above ``unit`` on ``on`` (a department's province after the province merged: the merged
    province)."""
    if unit.parent_id is None:
        return None
    return unit_on(unit.parent, on)


def split_committee(name: str) -> tuple[str, str]:
    """("Ủy ban nhân dân", "tỉnh Bắc Giang") from "Ủy ban nhân dân tỉnh Bắc Giang"; ("", name) for any other."""
    folded = fold(name)
    for prefix in (COMMITTEE, COMMITTEE_SHORT):
        if folded.startswith(fold(prefix) + " "):
            return COMMITTEE, name[len(prefix):].strip()
    return "", name


def place_words(name: str) -> str:
    """"tỉnh Bắc Giang" from "Ủy ban nhân dân tỉnh Bắc Giang" or "UBND tỉnh Bắc Giang"; "" if no place."""
    folded = fold(name)
    for word in _PLACE_WORDS:
        match = re.search(rf"(^|\s){word}\s", folded)
        if match:
            return name[match.start() + len(match.group(1)):].strip()
    return ""


def short_committee(name: str) -> str:
    """"UBND tỉnh Bắc Giang" from "Ủy ban nhân dân tỉnh Bắc Giang" (the parent line of a department's header)."""
    head, rest = split_committee(name)
    return f"{COMMITTEE_SHORT} {rest}" if head else name


def header_lines(unit: Unit, on: datetime.date) -> tuple[str, list[str]]:
    """The issuing body of ``unit`` on ``on`` for the header: (the superior body's line, the body's own lines),
    both to be printed in upper case. A People's Committee: ("", ["ỦY BAN NHÂN DÂN", "TỈNH BẮC GIANG"]); a
    department of the province: ("UBND TỈNH BẮC GIANG", ["SỞ Y TẾ"]); a unit with no superior: ("", [name])."""
    unit = unit_on(unit, on)
    head, rest = split_committee(unit.name)
    if head:
        return "", [head.upper(), rest.upper()]
    parent = parent_on(unit, on)
    above = short_committee(parent.name).upper() if parent is not None else ""
    return above, [unit.name.upper()]


def full_name(unit: Unit, on: datetime.date | None = None) -> str:
    """The collective's name as a decision's annex or a certificate prints it: with the body it belongs to and the
    province. "Sở Y tế tỉnh Bắc Giang"; "Ủy ban nhân dân huyện Hiệp Hòa, tỉnh Bắc Giang"; "Phòng Nghiệp vụ Y, Sở
    Y tế tỉnh Bắc Giang"; a unit outside the province's tree keeps its own name."""
    on = on or datetime.date.today()
    unit = unit_on(unit, on)
    if unit.kind == UnitKind.PROVINCE:
        return unit.name
    head, rest = split_committee(unit.name)
    chain = [Unit(name=f"{head} {rest}", kind=unit.kind, parent_id=unit.parent_id) if head else unit]
    chain[0].parent = unit.parent if unit.parent_id else None
    parent = parent_on(unit, on)
    while parent is not None and parent.kind != UnitKind.PROVINCE and len(chain) < 6:
        chain.append(parent)
        parent = parent_on(parent, on)
    province = place_words(parent.name) if parent is not None else ""
    names = [u.name for u in chain]
    if province and fold(names[-1]).endswith(" tinh"):  # "Ban Dân tộc tỉnh" → "Ban Dân tộc tỉnh Bắc Giang"
        names[-1] = f"{names[-1][:-len(' tỉnh')]} {province}"
    elif province and fold(province) not in fold(names[-1]):
        if split_committee(names[-1])[0]:  # "Ủy ban nhân dân huyện Hiệp Hòa" + ", tỉnh Bắc Giang"
            names[-1] = f"{names[-1]}, {province}"
        else:  # "Sở Y tế" + " tỉnh Bắc Giang"
            names[-1] = f"{names[-1]} {province}"
    return ", ".join(names)


def _initial(word: str) -> str:
    letter = word[:1]
    if letter in "Đđ":
        return "Đ"
    return unicodedata.normalize("NFD", letter)[:1].upper()


def symbol_of(unit: Unit) -> str:
    """The abbreviation of the body in its documents' ký hiệu: the unit's own, else the initials of its name up to
    the place ("Sở Y tế" → "SYT", "Sở Kế hoạch và Đầu tư" → "SKHĐT", "Ủy ban nhân dân huyện Hiệp Hòa" →
    "UBND")."""
    if unit.symbol:
        return unit.symbol
    head, _rest = split_committee(unit.name)
    if head:
        return COMMITTEE_SHORT
    name = re.sub(r"\s+tỉnh$", "", unit.name.strip())
    at = re.search(r"\s(tinh|thanh pho)\s", fold(name))  # "Sở Y tế tỉnh Bắc Giang": the place is not abbreviated
    if at:
        name = name[: at.start()]
    words = [w for w in re.split(r"[\s\-–,()]+", name) if w and fold(w) not in _SMALL_WORDS]
    return "".join(_initial(w) for w in words if w[:1].isalpha()) or unit.code.upper()
