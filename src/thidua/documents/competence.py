"""The texts that give the one who signs a decision on commendations the competence to sign it, as the decision
cites them first among its căn cứ.

A People's Committee Chairman decides under the law on the organisation of local government in force on the
signing day (read: the 2015 law, Luật số 77/2015/QH13 of 19/6/2015 in force from 01/01/2016, amended by Luật số
47/2019/QH14 of 22/11/2019 in force from 01/07/2020; the 2025 law of 19/02/2025 in force from 01/03/2025, which
replaced it; the law of 16/6/2025 on two-level local government, cited as in force by provincial bodies in July
2025). Decisions of provincial committees cite them as "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6
năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày
22 tháng 11 năm 2019;" (e.g. Quyết định 65/2024/QĐ-UBND Tiền Giang) and "Căn cứ Luật Tổ chức chính quyền địa
phương ngày 16 tháng 6 năm 2025;" (Nghị quyết 18/2025/NQ-HĐND Thanh Hóa, 21/7/2025). The notes are in
docs/law/tham-quyen-hoi-dong-thoi-han.md.

A unit's head decides under the text that sets up the unit and its powers (its founding decision or regulation):
the unit's ``competence_basis`` when the office recorded it; otherwise the line names the kind of text and the body
that issued it and leaves the number for the clerk, never a guessed number.
"""

from __future__ import annotations

import datetime

#: (in force from, in force until, the căn cứ line without "Căn cứ " and the final ";").
LOCAL_GOVERNMENT_LAWS = [
    (datetime.date(2016, 1, 1), datetime.date(2020, 6, 30),
     "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"),
    (datetime.date(2020, 7, 1), datetime.date(2025, 2, 28),
     "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ "
     "chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019"),
    (datetime.date(2025, 3, 1), datetime.date(2025, 6, 15),
     "Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025"),
    (datetime.date(2025, 6, 16), None,
     "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"),
]


def local_government_law(on: datetime.date) -> str:
    """The căn cứ line of the law on local government in force on ``on`` ("" before 2016: not read)."""
    for start, end, text in LOCAL_GOVERNMENT_LAWS:
        if start <= on and (end is None or on <= end):
            return f"Căn cứ {text};"
    return ""


def unit_competence(unit, superior: str) -> str:
    """The căn cứ line of a unit head's competence: the unit's founding text as recorded, else the kind of text
    with the number left blank for the clerk. ``superior`` is the body above it in full ("Ủy ban nhân dân tỉnh Bắc
    Giang")."""
    recorded = (getattr(unit, "competence_basis", "") or "").strip().rstrip(";.")
    if recorded:
        return f"Căn cứ {recorded};"
    by = f" của {superior}" if superior else ""
    return (f"Căn cứ Quyết định số ........{by} quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của "
            f"{unit.name};")
