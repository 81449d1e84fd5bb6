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


class NameBook:
    """The units as they stand on one day, for a whole document: the mergers and renamings in force read once,
    then the units each name needs (the successors and the bodies above) fetched in a few batches, whatever the
    number of units asked about."""

    def __init__(self, on: datetime.date) -> None:
        self.on = on
        self._next = dict(UnitLineage.objects.filter(kind__in=(LineageKind.MERGE, LineageKind.RENAME),
                                                     effective_on__lte=on)
                          .order_by("effective_on", "id").values_list("source_id", "target_id"))
        self._units: dict[int, Unit] = {}

    def prime(self, units) -> None:
        """Load, in batches, every unit the names of ``units`` will need."""
        for unit in units:
            self._units.setdefault(unit.pk, unit)
        wanted = set(self._units)
        while True:
            missing = set()
            for pk in wanted:
                unit = self._units[pk]
                for other in (self._next.get(pk), unit.parent_id):
                    if other is not None and other not in self._units:
                        missing.add(other)
            if not missing:
                return
            self._units.update({u.pk: u for u in Unit.objects.filter(pk__in=missing)})
            wanted = missing

    def _get(self, pk: int) -> Unit:
        if pk not in self._units:
            self.prime([Unit.objects.get(pk=pk)])
        return self._units[pk]

    def unit_on(self, unit: Unit) -> Unit:
        """``unit``, or after it merged into or was renamed to another by the day, that successor (to the end of the
        chain). A split has several successors and is not followed."""
        self.prime([unit])
        seen = {unit.pk}
        current = unit
        while (target := self._next.get(current.pk)) is not None and target not in seen:
            seen.add(target)
            current = self._get(target)
        return current

    def parent_on(self, unit: Unit) -> Unit | None:
        """The body directly above ``unit`` on the day (after the province merged: the merged province)."""
        return None if unit.parent_id is None else self.unit_on(self._get(unit.parent_id))

    def header_lines(self, unit: Unit) -> tuple[str, list[str]]:
        """See the module function ``header_lines``."""
        unit = self.unit_on(unit)
        head, rest = split_committee(unit.name)
        if head:
            return "", [head.upper(), rest.upper()]
        parent = self.parent_on(unit)
        return (short_committee(parent.name).upper() if parent is not None else ""), [unit.name.upper()]

    def full_name(self, unit: Unit) -> str:
        """See the module function ``full_name``."""
        unit = self.unit_on(unit)
        if unit.kind == UnitKind.PROVINCE:
            return unit.name
        head, rest = split_committee(unit.name)
        names = [f"{head} {rest}" if head else unit.name]
        parent = self.parent_on(unit)
        while parent is not None and parent.kind != UnitKind.PROVINCE and len(names) < 6:
            names.append(parent.name)
            parent = self.parent_on(parent)
        province = place_words(parent.name) if parent is not None else ""
        if province and fold(names[-1]).endswith(" tinh"):  # "Ban Dân tộc tỉnh" → "Ban Dân tộc tỉnh Bắc Giang"
            names[-1] = f"{names[-1][:-len(' tỉnh')]} {province}"
        elif province and fold(province) not in fold(names[-1]):
            if split_committee(names[-1])[0]:  # "Ủy ban nhân dân huyện Hiệp Hòa" + ", tỉnh Bắc Giang"
                names[-1] = f"{names[-1]}, {province}"
            else:  # "Sở Y tế" + " tỉnh Bắc Giang"
                names[-1] = f"{names[-1]} {province}"
        return ", ".join(names)


def unit_on(unit: Unit, on: datetime.date) -> Unit:
    """The unit that stands for ``unit`` on ``on``: itself, or after it merged into or was renamed to another on
    or before that day, that successor (followed to the end of the chain). A split is not followed."""
    return NameBook(on).unit_on(unit)


def parent_on(unit: Unit, on: datetime.date) -> Unit | None:
    """The body directly above ``unit`` on ``on`` (a department's province after the province merged: the merged
    province)."""
    return NameBook(on).parent_on(unit)


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
    return NameBook(on).header_lines(unit)


def full_name(unit: Unit, on: datetime.date | None = None) -> str:
    """The collective's name as a decision's annex or a certificate prints it: with the body it belongs to and the
    province. "Sở Y tế tỉnh Bắc Giang"; "Ủy ban nhân dân huyện Hiệp Hòa, tỉnh Bắc Giang"; "Phòng Nghiệp vụ Y, Sở
    Y tế tỉnh Bắc Giang"; a unit outside the province's tree keeps its own name. For many units, one
    ``NameBook``."""
    return NameBook(on or datetime.date.today()).full_name(unit)


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
