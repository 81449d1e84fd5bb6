"""What the minutes (biên bản) of a council meeting and of a vote count share: who issues them, the place on the
date line, the words of a time, the table of the count and the signatures side by side.

A council's minutes are issued by the council, under the body it belongs to (NĐ 30/2020, Phụ lục I, mục II.3:
"UBND TỈNH BẮC GIANG" over "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"; a department's council: "SỞ Y TẾ" over it); their
ký hiệu is "BB-HĐTĐKT". A cluster's or block's vote count is issued by its head unit (its own header, ký hiệu
"BB-<its abbreviation>"). Minutes are signed by those who ran the meeting (the secretary on the left, the chair
on the right) or by the vote-counting board, each title over the room for the signature and the name, then "Nơi
nhận" below (NĐ 30/2020, Phụ lục III, the form of a biên bản).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from docx.shared import Cm, Emu

from thidua.core.numbers import share_percent, vi_percent
from thidua.core.text import fold

from .nd30 import OfficialDocument, _cant_split, _CellText, _layout_table, add_run, format_paragraph

#: The council's own name in its header, broken where it fits the header's left column at 13 pt bold.
COUNCIL_LINES = ["HỘI ĐỒNG THI ĐUA -", "KHEN THƯỞNG"]
COUNCIL_SYMBOL = "BB-HĐTĐKT"
BLANK_TIME = "..... giờ ..... phút"
#: The administrative words before a place's name ("tỉnh Bắc Giang" → "Bắc Giang").
_PLACE_PREFIXES = ("thành phố ", "tỉnh ", "huyện ", "quận ", "thị xã ", "xã ", "phường ", "thị trấn ")
#: The count's columns: (key, header, width in cm, alignment).
COUNT_COLUMNS = [
    ("stt", "STT", 0.9, "center"),
    ("name", "Họ và tên / Tập thể", 3.4, "left"),
    ("award", "Danh hiệu, hình thức", 2.6, "left"),
    ("issued", "Phiếu phát ra", 1.3, "center"),
    ("returned", "Phiếu thu về", 1.3, "center"),
    ("valid", "Phiếu hợp lệ", 1.3, "center"),
    ("invalid", "Phiếu không hợp lệ", 1.4, "center"),
    ("votes", "Phiếu đồng ý", 1.3, "center"),
    ("share", "Tỷ lệ", 1.6, "center"),
    ("threshold", "Ngưỡng", 1.4, "center"),
    ("verdict", "Kết quả", 1.7, "center"),
]


# ----------------------------------------------------------------------------------------------------------------
# Words


def strip_place(words: str) -> str:
    """"Bắc Giang" from "tỉnh Bắc Giang", "Hiệp Hòa" from "huyện Hiệp Hòa"."""
    for prefix in _PLACE_PREFIXES:
        if fold(words).startswith(fold(prefix)):
            return words[len(prefix):].strip()
    return words.strip()


def place_name(unit, on: datetime.date) -> str:
    """The place on the date line of a body's minutes: a committee's own place ("Hiệp Hòa"), else the province's
    ("Bắc Giang")."""
    from thidua.org.naming import place_words, split_committee, unit_on

    from .award_decision import province_committee

    if unit is not None:
        current = unit_on(unit, on)
        head, rest = split_committee(current.name)
        if head and place_words(rest):
            return strip_place(place_words(rest))
    return province_committee(on)[1]


def council_issuer(unit, on: datetime.date) -> tuple[str, list[str]]:
    """(the superior line, the own lines) of the council of ``unit`` on ``on``: the unit's name in one line above
    the council's ("UBND TỈNH BẮC GIANG"; "SỞ Y TẾ"); the province's council when ``unit`` is None."""
    from thidua.org.naming import header_lines, short_committee, split_committee, unit_on

    from .award_decision import province_unit

    unit = unit if unit is not None else province_unit(on)
    if unit is None:
        return "", COUNCIL_LINES
    current = unit_on(unit, on)
    if split_committee(current.name)[0]:
        return short_committee(current.name).upper(), list(COUNCIL_LINES)
    return " ".join(header_lines(current, on)[1]).upper(), list(COUNCIL_LINES)


def time_words(at: datetime.time | datetime.datetime | None) -> str:
    """``08 giờ 00 phút``; dots for the clerk when the time is not on record."""
    if at is None:
        return BLANK_TIME
    return f"{at.hour:02d} giờ {at.minute:02d} phút"


def day_words(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "..../..../........"


def two(number: int) -> str:
    """Counts in minutes take two digits ("09/10 thành viên")."""
    return f"{number:02d}"


def percent(value) -> str:
    return vi_percent(value)


def share(part: int, whole: int) -> str:
    return share_percent(part, whole) or vi_percent(0)


def board_members(text: str) -> list[tuple[str, str]]:
    """The vote-counting board, one member per line "name, role" → [(name, role)]."""
    out = []
    for raw in (text or "").splitlines():
        line = raw.strip().lstrip("-+•").strip()
        if not line:
            continue
        name, _comma, role = line.partition(",")
        out.append((name.strip(), role.strip()))
    return out


def board_title(role: str) -> str:
    """The title printed over a counting board member's signature: "TRƯỞNG BAN KIỂM PHIẾU", "ỦY VIÊN BAN KIỂM
    PHIẾU"."""
    role = role.strip() or "Thành viên"
    folded = fold(role)
    if "kiem phieu" in folded:
        return role.upper()
    if folded.startswith(("truong ban", "pho truong ban")):
        return f"{role} kiểm phiếu".upper()
    return f"{role} Ban kiểm phiếu".upper()


def is_board_head(role: str) -> bool:
    return fold(role).startswith("truong ban") or fold(role).startswith("truong to")


# ----------------------------------------------------------------------------------------------------------------
# Layout


def close_list(lines: list[str]) -> list[str]:
    """The items of a list each end with ";", the last one with "."."""
    if lines and lines[-1].endswith(";"):
        lines[-1] = lines[-1][:-1] + "."
    return lines


def add_lines(doc: OfficialDocument, lines: Sequence[str], *, indent: bool = True) -> None:
    for line in lines:
        doc.add_paragraph(line, indent=indent)


def add_count_table(doc: OfficialDocument, rows: Sequence[dict], *, award_column: bool = True,
                    name_header: str = "") -> None:
    """The count, one row per candidate: ballots issued, returned, valid, invalid, votes for, share, threshold and
    the verdict."""
    columns = [c for c in COUNT_COLUMNS if award_column or c[0] != "award"]
    headers = [name_header if c[0] == "name" and name_header else c[1] for c in columns]
    doc.add_table(headers, [[row.get(c[0], "") for c in columns] for row in rows],
                  widths=[c[2] for c in columns], align=[c[3] for c in columns], size=11)


def add_signatures(doc: OfficialDocument, signers: Sequence[dict], *, signature_lines: int = 4) -> None:
    """The signatures side by side, two to a row, each title over the room for the signature and the name (bold,
    centred). Every row may not split, and every paragraph up to the last name stays with the next, so the block
    stays on one page with the paragraph before it."""
    body = doc.document.paragraphs
    if body:
        body[-1].paragraph_format.keep_with_next = True
    signers = list(signers) or [{"title": "", "name": ""}]
    half = Emu(int(doc.body_width) // 2)
    rows = [signers[i:i + 2] for i in range(0, len(signers), 2)]
    table = _layout_table(doc.document, [half, Emu(int(doc.body_width) - int(half))], rows=len(rows))
    for row_index, (row, pair) in enumerate(zip(table.rows, rows, strict=True)):
        _cant_split(row)
        if len(pair) == 1:  # a lone signer sits on the right, where a single signature goes
            pair = [None, pair[0]]
        for cell, signer in zip(row.cells, pair, strict=True):
            if signer is None or not (signer.get("title") or signer.get("name")):
                continue  # an empty place (a context always names two signers, for a Word template's fields)
            text = _CellText(cell)
            add_run(format_paragraph(text.paragraph(), align="center", before=6 if row_index == 0 else 12,
                                     keep_with_next=True), signer["title"].upper(), size=doc.font_size, bold=True)
            if signer.get("note"):
                add_run(format_paragraph(text.paragraph(), align="center", keep_with_next=True), signer["note"],
                        size=doc.font_size - 1, italic=True)
            for _ in range(signature_lines):
                format_paragraph(text.paragraph(), keep_with_next=True)
            last = row_index == len(rows) - 1
            add_run(format_paragraph(text.paragraph(), align="center", keep_with_next=not last), signer["name"],
                    size=doc.font_size, bold=True)


def two_signers(signers: list[dict]) -> list[dict]:
    """At least two signers (an empty place first when only one signs: it sits on the right)."""
    return signers if len(signers) >= 2 else [{"title": "", "name": ""}, *signers]


def add_recipients(doc: OfficialDocument, lines: Sequence[str]) -> None:
    """"Nơi nhận:" (12 pt, bold italic) and its lines (11 pt) at the left margin, under the signatures."""
    from .nd30 import RECIPIENTS_LABEL

    add_run(format_paragraph(doc.document.add_paragraph(), before=12, keep_with_next=True), RECIPIENTS_LABEL,
            size=12, bold=True, italic=True)
    lines = list(lines)
    for index, line in enumerate(lines):
        paragraph = format_paragraph(doc.document.add_paragraph(), left=Cm(0.5) if line.startswith("+") else None,
                                     keep_with_next=index < len(lines) - 1)
        add_run(paragraph, line, size=11)


def loop(name: str, item: str = "line") -> list[str]:
    """A list of lines as docxtpl fields (one paragraph per line)."""
    return [f"{{%p for {item} in {name} %}}", f"{{{{ {item} }}}}", "{%p endfor %}"]


def count_placeholders(rows: str) -> list[dict]:
    """The count's rows as docxtpl row tags over ``rows``."""
    keys = [c[0] for c in COUNT_COLUMNS]
    opening = {key: "" for key in keys}
    opening["stt"] = f"{{%tr for r in {rows} %}}"
    closing = {key: "" for key in keys}
    closing["stt"] = "{%tr endfor %}"
    return [opening, {key: f"{{{{ r.{key} }}}}" for key in keys}, closing]
