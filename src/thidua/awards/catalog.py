"""The catalog of emulation titles and commendation forms, and what each legal regime says of them: whether the
title exists, who decides it, its money coefficient and its conditions as a tree of checks a computer can make.

Seeded by a migration; afterwards it is data the council office edits. Every citation names the article that was
read (the notes are in ``docs/law/``); where the texts leave a number to the province or say nothing checkable,
the rule says so in its label and its number is a parameter. Conditions that only a reader can judge (an
achievement "tiêu biểu xuất sắc", a model worth copying, internal unity) are not rules: the office appraises them.
"""

from __future__ import annotations

import datetime

# ── the texts ───────────────────────────────────────────────────────────────────────────────────────────────────

L2003 = "Luật Thi đua, khen thưởng 2003 (sửa đổi, bổ sung 2005, 2013)"
ND91 = "Nghị định số 91/2017/NĐ-CP"
L2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15"
ND98 = "Nghị định số 98/2023/NĐ-CP"
ND152 = "Nghị định số 152/2025/NĐ-CP"

#: The texts of each regime; a text's title is written as a decision cites it ("Căn cứ <title>;").
REGIMES = [
    {"code": "luat-2003-nd91", "name": f"{L2003} và {ND91}", "scope": "national",
     "valid_from": datetime.date(2017, 10, 1), "valid_to": datetime.date(2023, 12, 31),
     "texts": [{"reference": "15/2003/QH11", "title": "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003"},
               {"reference": "47/2005/QH11", "title": "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen "
                                                   "thưởng ngày 14 tháng 6 năm 2005"},
               {"reference": "39/2013/QH13", "title": "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen "
                                                   "thưởng ngày 16 tháng 11 năm 2013"},
               {"reference": "91/2017/NĐ-CP", "title": "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của "
                                                     "Chính phủ quy định chi tiết thi hành một số điều của Luật Thi "
                                                     "đua, khen thưởng"}]},
    {"code": "luat-2022-nd98", "name": f"{L2022} và {ND98}", "scope": "national",
     "valid_from": datetime.date(2024, 1, 1), "valid_to": datetime.date(2025, 6, 30),
     "texts": [{"reference": "06/2022/QH15", "title": "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"},
               {"reference": "98/2023/NĐ-CP", "title": "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của "
                                                     "Chính phủ quy định chi tiết thi hành một số điều của Luật Thi "
                                                     "đua, khen thưởng"}]},
    {"code": "luat-2022-nd152", "name": f"{L2022} và {ND152}", "scope": "national",
     "valid_from": datetime.date(2025, 7, 1), "valid_to": None,
     "texts": [{"reference": "06/2022/QH15", "title": "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"},
               {"reference": "152/2025/NĐ-CP", "title": "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của "
                                                      "Chính phủ quy định chi tiết thi hành một số điều của Luật "
                                                      "Thi đua, khen thưởng"}]},
]

# ── the catalog (the same titles and forms across regimes; a regime without terms for one does not know it) ──

HEAD = "Thủ trưởng cơ quan, đơn vị"
CHAIRMAN = "Chủ tịch Ủy ban nhân dân tỉnh"
PM = "Thủ tướng Chính phủ"
PRESIDENT = "Chủ tịch nước"
GOVERNMENT = "Chính phủ"

#: code, name, kind, level, recipient, issuing authority, certificate heading.
AWARD_TYPES = [
    ("LDTT", "Lao động tiên tiến", "title", "grassroots", "person", HEAD, ""),
    ("CS_TIEN_TIEN", "Chiến sĩ tiên tiến", "title", "grassroots", "person", HEAD, ""),
    ("CSTD_CS", "Chiến sĩ thi đua cơ sở", "title", "grassroots", "person", HEAD, ""),
    ("CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh", "title", "province", "person", CHAIRMAN, ""),
    ("TTLDTT", "Tập thể lao động tiên tiến", "title", "grassroots", "collective", HEAD, ""),
    ("DV_TIEN_TIEN", "Đơn vị tiên tiến", "title", "grassroots", "collective", HEAD, ""),
    ("TTLDXS", "Tập thể lao động xuất sắc", "title", "province", "collective", CHAIRMAN, ""),
    ("DV_QUYET_THANG", "Đơn vị quyết thắng", "title", "province", "collective", CHAIRMAN, ""),
    ("XA_TIEU_BIEU", "Xã, phường, thị trấn tiêu biểu", "title", "province", "collective", CHAIRMAN, ""),
    ("CO_TINH", "Cờ thi đua của Ủy ban nhân dân tỉnh", "title", "province", "collective", CHAIRMAN, ""),
    ("BK_CN", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (cá nhân)", "form", "province", "person", CHAIRMAN,
     "BẰNG KHEN"),
    ("BK_TT", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (tập thể)", "form", "province", "collective", CHAIRMAN,
     "BẰNG KHEN"),
    ("BK_HGD", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (hộ gia đình)", "form", "province", "household",
     CHAIRMAN, "BẰNG KHEN"),
    ("GK_CN", "Giấy khen (cá nhân)", "form", "grassroots", "person", HEAD, "GIẤY KHEN"),
    ("GK_TT", "Giấy khen (tập thể)", "form", "grassroots", "collective", HEAD, "GIẤY KHEN"),
    ("CSTD_TQ", "Chiến sĩ thi đua toàn quốc", "title", "national", "person", PM, ""),
    ("CO_CP", "Cờ thi đua của Chính phủ", "title", "national", "collective", PM, ""),
    ("BK_TTG_CN", "Bằng khen của Thủ tướng Chính phủ (cá nhân)", "form", "national", "person", PM, ""),
    ("BK_TTG_TT", "Bằng khen của Thủ tướng Chính phủ (tập thể)", "form", "national", "collective", PM, ""),
    ("HCLD_1", "Huân chương Lao động hạng Nhất (cá nhân)", "form", "national", "person", PRESIDENT, ""),
    ("HCLD_2", "Huân chương Lao động hạng Nhì (cá nhân)", "form", "national", "person", PRESIDENT, ""),
    ("HCLD_3", "Huân chương Lao động hạng Ba (cá nhân)", "form", "national", "person", PRESIDENT, ""),
]


# ── rule builders ───────────────────────────────────────────────────────────────────────────────────────────────

def leaf(code: str, kind: str, basis: str, label: str = "", **params) -> dict:
    return {"code": code, "kind": kind, "legal_basis": basis, "label": label, "params": params}


def group(operator: str, code: str, basis: str, label: str, *children: dict) -> dict:
    return {"code": code, "operator": operator, "legal_basis": basis, "label": label, "children": list(children)}


def any_of(code, basis, label, *children):
    return group("any", code, basis, label, *children)


def all_of(code, basis, label, *children):
    return group("all", code, basis, label, *children)


def terms(basis: str, decided_by: str, money: str | None, money_basis: str, rules: list[dict]) -> dict:
    return {"legal_basis": basis, "decided_by": decided_by, "money_coefficient": money, "money_basis": money_basis,
            "rules": rules}


#: Marks a citation whose article was identified but whose wording could not be read against an official text.
UNREAD = " (nguyên văn chưa đối chiếu được)"


def _ldtt_standard(basis: str, standard: list[dict]) -> dict:
    """"Đạt tiêu chuẩn danh hiệu Lao động tiên tiến": holding the title that year, or meeting every checkable
    condition of it under the same regime (``standard``: its rating, discipline and service rules)."""
    return any_of("ldtt-standard", basis, "Đạt tiêu chuẩn Lao động tiên tiến",
                  leaf("ldtt-held", "prerequisite", f"{basis}: đã được tặng danh hiệu Lao động tiên tiến (Chiến sĩ "
                       "tiên tiến) trong năm", "Được tặng Lao động tiên tiến trong năm",
                       codes=["LDTT", "CS_TIEN_TIEN"], years_back=0),
                  all_of("ldtt-conditions", basis, "Đạt các tiêu chuẩn của danh hiệu Lao động tiên tiến", *standard))


# ── Luật 2003/2013 with NĐ 91/2017 (docs/law/luat-2003-nd91-2017.md) ────────────────────────────────────────────

def _regime_2003() -> dict:
    one = leaf("one-award", "one_award", f"Điểm b khoản 2 Điều 6 {L2003}: không tặng thưởng nhiều hình thức cho "
               "một thành tích đạt được", "Một thành tích một hình thức khen thưởng")
    titles, huan_chuong, forms = f"Điều 69 {ND91}", f"Điều 70 {ND91}", f"Điều 73 {ND91}"
    ldtt_standard = [
        leaf("rating", "rating", f"Điểm a khoản 1 Điều 24 {L2003}: hoàn thành tốt nhiệm vụ được giao",
             "Hoàn thành tốt nhiệm vụ trở lên", min="good", years=1),
        leaf("no-discipline", "discipline", f"Điều 10 {ND91}: không xét tặng đối với cá nhân bị kỷ luật từ hình "
             "thức khiển trách trở lên", "Không bị kỷ luật trong năm", max=None, years=1),
        leaf("service-10-months", "service_months", f"Điều 10 {ND91}: không xét tặng đối với cá nhân mới tuyển "
             "dụng dưới 10 tháng", "Đủ 10 tháng công tác trong năm", months=10),
    ]
    ldtt_rules = [*ldtt_standard, one]
    bk_grounds = [
        leaf("movement", "commendation_kind", f"Điểm a khoản 1 Điều 39 {ND91}{UNREAD}: có thành tích xuất sắc được "
             "bình xét trong các phong trào thi đua", "Thành tích trong phong trào thi đua", kinds=["campaign"]),
        leaf("ad-hoc", "commendation_kind", f"Điểm b khoản 1 Điều 39 {ND91}{UNREAD}: lập được nhiều thành tích có "
             "phạm vi ảnh hưởng trong tỉnh", "Thành tích đột xuất", kinds=["ad_hoc"]),
    ]
    return {
        "LDTT": terms(f"Điều 24 {L2003}; Điều 10 {ND91}", "unit", "0.30", f"Điểm d khoản 1 {titles}", ldtt_rules),
        "CS_TIEN_TIEN": terms(f"Điều 24 {L2003}; Điều 10 {ND91}", "unit", "0.30", f"Điểm d khoản 1 {titles}",
                              ldtt_rules),
        "CSTD_CS": terms(f"Điều 23 {L2003}; khoản 3 Điều 9 {ND91}", "unit", "1.00", f"Điểm c khoản 1 {titles}", [
            _ldtt_standard(f"Khoản 1 Điều 23 {L2003}: đạt các tiêu chuẩn của danh hiệu Lao động tiên tiến hoặc "
                           "Chiến sĩ tiên tiến", ldtt_standard),
            any_of("initiative-or-research", f"Khoản 2 Điều 23 {L2003}", "Sáng kiến hoặc đề tài nghiên cứu khoa học",
                   leaf("initiative", "initiative", f"Khoản 2 Điều 23 {L2003}: có sáng kiến được cơ sở công nhận",
                        "Sáng kiến được cơ sở công nhận", min_level="grassroots", years=1, kinds=["initiative"]),
                   leaf("research", "initiative", f"Khoản 2 Điều 23 {L2003}: có đề tài nghiên cứu khoa học đã "
                        "nghiệm thu được áp dụng", "Đề tài nghiên cứu khoa học đã nghiệm thu",
                        min_level="grassroots", years=1, kinds=["research"])),
            leaf("quota-15", "quota", f"Khoản 3 Điều 9 {ND91}: không quá 15% tổng số cá nhân đạt danh hiệu Lao động "
                 "tiên tiến hoặc Chiến sĩ tiên tiến", "Không quá 15% số Lao động tiên tiến", of="LDTT", percent=15),
            one,
        ]),
        "CSTD_TINH": terms(f"Điều 22 {L2003}; Điều 9 {ND91}", "province", "3.00", f"Điểm b khoản 1 {titles}", [
            leaf("three-cstd-cs", "consecutive", f"Điều 22 {L2003}: trong số những cá nhân có ba lần liên tục đạt "
                 "danh hiệu Chiến sĩ thi đua cơ sở", "03 lần liên tục Chiến sĩ thi đua cơ sở", codes=["CSTD_CS"],
                 years=3, include_current=True, unused=True),
            leaf("province-initiative", "initiative", f"Khoản 2 Điều 9 {ND91}: sáng kiến, đề tài có tác dụng ảnh "
                 "hưởng đối với tỉnh", "Sáng kiến hoặc đề tài có phạm vi ảnh hưởng trong tỉnh",
                 min_level="province", years=3, kinds=["initiative", "research"]),
            one,
        ]),
        "TTLDTT": terms(f"Khoản 1 Điều 28 {L2003}", "unit", "0.80", f"Điểm b khoản 2 {titles}", [
            leaf("rating", "rating", f"Điểm a khoản 1 Điều 28 {L2003}: hoàn thành tốt nhiệm vụ và kế hoạch được giao",
                 "Hoàn thành tốt nhiệm vụ", min="good", years=1),
            leaf("ldtt-share", "unit_share", f"Điểm c khoản 1 Điều 28 {L2003}: có trên 50% cá nhân trong tập thể đạt "
                 "danh hiệu Lao động tiên tiến", "Trên 50% cá nhân đạt Lao động tiên tiến", field="advanced_workers",
                 percent=50, strict=True),
            leaf("no-warning", "unit_discipline", f"Điểm c khoản 1 Điều 28 {L2003}: không có cá nhân bị kỷ luật từ "
                 "hình thức cảnh cáo trở lên", "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên", max="reprimand"),
            one,
        ]),
        "DV_TIEN_TIEN": terms(f"Khoản 2 Điều 28 {L2003}", "unit", "0.80", f"Điểm b khoản 2 {titles}", [
            leaf("armed-forces", "recipient_kind", f"Khoản 2 Điều 28 {L2003}: đơn vị thuộc lực lượng vũ trang",
                 "Đơn vị thuộc lực lượng vũ trang", unit_kinds=["armed_forces"]),
            leaf("rating", "rating", f"Khoản 2 Điều 28 {L2003}: đạt tiêu chuẩn điểm a khoản 1 (hoàn thành tốt nhiệm "
                 "vụ)", "Hoàn thành tốt nhiệm vụ", min="good", years=1),
            leaf("cstt-share", "unit_share", f"Khoản 2 Điều 28 {L2003}: có trên 50% cá nhân đạt danh hiệu Chiến sĩ "
                 "tiên tiến", "Trên 50% cá nhân đạt Chiến sĩ tiên tiến", field="advanced_workers", percent=50,
                 strict=True),
            one,
        ]),
        "TTLDXS": terms(f"Khoản 1 Điều 27 {L2003}", "province", "1.50", f"Điểm a khoản 2 {titles}", [
            leaf("rating", "rating", f"Điểm a khoản 1 Điều 27 {L2003}: sáng tạo, vượt khó hoàn thành xuất sắc nhiệm "
                 "vụ", "Hoàn thành xuất sắc nhiệm vụ", min="excellent", years=1),
            leaf("all-completed", "unit_share", f"Điểm c khoản 1 Điều 27 {L2003}: có 100% cá nhân trong tập thể hoàn "
                 "thành nhiệm vụ được giao", "100% cá nhân hoàn thành nhiệm vụ", field="members_completed",
                 percent=100),
            leaf("ldtt-70", "unit_share", f"Điểm c khoản 1 Điều 27 {L2003}: có ít nhất 70% cá nhân đạt danh hiệu "
                 "Lao động tiên tiến", "Ít nhất 70% cá nhân đạt Lao động tiên tiến", field="advanced_workers",
                 percent=70),
            leaf("member-cstd", "member_title", f"Điểm d khoản 1 Điều 27 {L2003}: có cá nhân đạt danh hiệu Chiến sĩ "
                 "thi đua cơ sở", "Có cá nhân đạt Chiến sĩ thi đua cơ sở", codes=["CSTD_CS"], count=1),
            leaf("no-warning", "unit_discipline", f"Điểm d khoản 1 Điều 27 {L2003}: không có cá nhân bị kỷ luật từ "
                 "hình thức cảnh cáo trở lên", "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên", max="reprimand"),
            one,
        ]),
        "DV_QUYET_THANG": terms(f"Khoản 2 Điều 27 {L2003}", "province", "1.50", f"Điểm a khoản 2 {titles}", [
            leaf("armed-forces", "recipient_kind", f"Khoản 2 Điều 27 {L2003}: đơn vị thuộc lực lượng vũ trang",
                 "Đơn vị thuộc lực lượng vũ trang", unit_kinds=["armed_forces"]),
            leaf("rating", "rating", f"Khoản 2 Điều 27 {L2003}: đạt điểm a khoản 1 (hoàn thành xuất sắc nhiệm vụ)",
                 "Hoàn thành xuất sắc nhiệm vụ", min="excellent", years=1),
            leaf("all-completed", "unit_share", f"Khoản 2 Điều 27 {L2003}: có 100% cá nhân hoàn thành nhiệm vụ",
                 "100% cá nhân hoàn thành nhiệm vụ", field="members_completed", percent=100),
            leaf("cstt-70", "unit_share", f"Khoản 2 Điều 27 {L2003}: có ít nhất 70% cá nhân đạt danh hiệu Chiến sĩ "
                 "tiên tiến", "Ít nhất 70% cá nhân đạt Chiến sĩ tiên tiến", field="advanced_workers", percent=70),
            leaf("member-cstd", "member_title", f"Khoản 2 Điều 27 {L2003}: đạt điểm d khoản 1 (có cá nhân đạt danh "
                 "hiệu Chiến sĩ thi đua cơ sở)", "Có cá nhân đạt Chiến sĩ thi đua cơ sở", codes=["CSTD_CS"],
                 count=1),
            leaf("no-warning", "unit_discipline", f"Khoản 2 Điều 27 {L2003}: đạt điểm d khoản 1 (không có cá nhân bị "
                 "kỷ luật từ hình thức cảnh cáo trở lên)", "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên",
                 max="reprimand"),
            one,
        ]),
        "CO_TINH": terms(f"Điều 26 {L2003}; Điều 12 {ND91}", "province", "8.00", f"Điểm đ khoản 2 {titles}", [
            leaf("exceeded-targets", "targets_exceeded", f"Điều 26 {L2003}{UNREAD}: hoàn thành vượt mức các chỉ tiêu "
                 "thi đua và nhiệm vụ được giao trong năm", "Hoàn thành vượt mức các chỉ tiêu"),
            leaf("cluster-vote", "cluster_vote", f"Điều 12 {ND91}: được thông qua bình xét, đánh giá, so sánh theo "
                 "các khối, cụm thi đua", "Dẫn đầu cụm, khối thi đua qua bình xét"),
            one,
        ]),
        "BK_CN": terms(f"Điều 72 {L2003}; Điều 39 {ND91}", "province", "1.00", f"Khoản 1 {forms}", [
            leaf("no-discipline", "discipline", f"Khoản 1 Điều 39 {ND91}{UNREAD}: gương mẫu chấp hành tốt chủ trương, "
                 "chính sách, pháp luật", "Không bị kỷ luật trong thời gian tính thành tích", max=None, years=2),
            any_of("grounds", f"Khoản 1 Điều 39 {ND91}{UNREAD}", "Đạt một trong các tiêu chuẩn", *bk_grounds,
                   all_of("two-years", f"Điểm c khoản 1 Điều 39 {ND91}{UNREAD}: 02 năm trở lên liên tục hoàn thành "
                          "xuất sắc nhiệm vụ, trong thời gian đó có 02 sáng kiến được công nhận",
                          "02 năm liên tục hoàn thành xuất sắc nhiệm vụ và 02 sáng kiến",
                          leaf("excellent-2", "rating", f"Điểm c khoản 1 Điều 39 {ND91}{UNREAD}",
                               "02 năm liên tục hoàn thành xuất sắc nhiệm vụ", min="excellent", years=2,
                               unused=True),
                          leaf("initiatives-2", "initiative", f"Điểm c khoản 1 Điều 39 {ND91}{UNREAD}",
                               "02 sáng kiến được công nhận", min_level="grassroots", years=2, count=2,
                               unused=True))),
            one,
        ]),
        "BK_TT": terms(f"Điều 72 {L2003}; Điều 39 {ND91}", "province", "2.00", f"Khoản 1 {forms} (tập thể: gấp đôi)", [
            any_of("grounds", f"Khoản 2 Điều 39 {ND91}{UNREAD}", "Đạt một trong các tiêu chuẩn", *bk_grounds,
                   leaf("excellent-2", "rating", f"Điểm c khoản 2 Điều 39 {ND91}{UNREAD}: có 02 năm trở lên liên tục "
                        "hoàn thành xuất sắc nhiệm vụ", "02 năm liên tục hoàn thành xuất sắc nhiệm vụ",
                        min="excellent", years=2, unused=True)),
            leaf("no-warning", "unit_discipline", f"Khoản 2 Điều 39 {ND91}{UNREAD}: nội bộ đoàn kết, không có cá nhân "
                 "bị kỷ luật từ cảnh cáo trở lên", "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên", max="reprimand"),
            one,
        ]),
        "GK_CN": terms(f"Điều 75 {L2003}; Điều 40 {ND91}", "unit", "0.30", f"Khoản 1 {forms}", [
            leaf("rating", "rating", f"Khoản 1 Điều 40 {ND91}{UNREAD}: hoàn thành tốt nhiệm vụ",
                 "Hoàn thành tốt nhiệm vụ", min="good", years=1),
            one,
        ]),
        "GK_TT": terms(f"Điều 75 {L2003}; Điều 40 {ND91}", "unit", "0.60", f"Khoản 1 {forms} (tập thể: gấp đôi)", [
            leaf("rating", "rating", f"Khoản 2 Điều 40 {ND91}{UNREAD}: hoàn thành tốt nhiệm vụ",
                 "Hoàn thành tốt nhiệm vụ", min="good", years=1),
            one,
        ]),
        "CSTD_TQ": terms(f"Điều 21 {L2003}", "centre", "4.50", f"Điểm a khoản 1 {titles}", [
            leaf("two-cstd-tinh", "prerequisite", f"Điều 21 {L2003}{UNREAD}: hai lần liên tục đạt danh hiệu Chiến sĩ "
                 "thi đua cấp tỉnh", "02 lần Chiến sĩ thi đua cấp tỉnh trong 06 năm gần nhất", codes=["CSTD_TINH"],
                 years_back=5, count=2),
        ]),
        "CO_CP": terms(f"Điều 25 {L2003}", "centre", "12.00", f"Điểm d khoản 2 {titles}", []),
        "BK_TTG_CN": terms(f"Điều 71 {L2003}; Điều 38 {ND91}", "centre", "3.50", f"Khoản 1 {forms}", []),
        "BK_TTG_TT": terms(f"Điều 71 {L2003}; Điều 38 {ND91}", "centre", "7.00", f"Khoản 1 {forms} (tập thể: gấp đôi)",
                           []),
        "HCLD_1": terms(f"Điều 44 {L2003}", "centre", "9.00", huan_chuong, []),
        "HCLD_2": terms(f"Điều 45 {L2003}", "centre", None, f"{huan_chuong}: hệ số chưa đối chiếu được", []),
        "HCLD_3": terms(f"Điều 46 {L2003}", "centre", None, f"{huan_chuong}: hệ số chưa đối chiếu được", []),
    }


# ── Luật 2022 with NĐ 98/2023, then NĐ 152/2025 (docs/law/luat-2022-nd98-2023.md, nd152-2025-…md) ────────────

#: Where each decree sets the money: titles, Huân chương, Bằng khen and Giấy khen; and the forms' coefficients
#: (None: not found in the texts read).
MONEY = {
    ND98: {"titles": f"Điều 54 {ND98}", "orders": f"Điều 55 {ND98}", "forms": f"Điều 58 {ND98}",
           "BK_TTG_CN": None, "BK_TTG_TT": None, "BK_CN": None, "BK_TT": None, "BK_HGD": None, "GK_CN": None,
           "GK_TT": None},
    ND152: {"titles": f"{ND152} (mức như Điều 54 {ND98}; số điều chưa xác định)", "orders": f"Điều 51 {ND152}",
            "forms": f"Khoản 1 Điều 54 {ND152}", "BK_TTG_CN": "3.50", "BK_TTG_TT": None, "BK_CN": "1.50",
            "BK_TT": None, "BK_HGD": "2.25", "GK_CN": "0.30", "GK_TT": None},
}


def _regime_2022(decree: str) -> dict:
    one = leaf("one-award", "one_award", f"Điểm c khoản 2 Điều 5 {L2022}: không khen thưởng nhiều lần, nhiều hình "
               "thức cho một thành tích đạt được", "Một thành tích một hình thức khen thưởng")
    pending_basis = f"Khoản 4 Điều 4 {ND152}" if decree == ND152 else f"Điều 4 {ND98}"
    pending = [leaf("no-pending", "no_pending_inquiry", f"{pending_basis}: chưa khen thưởng hoặc đề nghị cấp trên "
                    "khen thưởng trong thời gian đang xem xét thi hành kỷ luật, điều tra, thanh tra, kiểm tra, giải "
                    "quyết khiếu nại, tố cáo", "Không có việc đang xem xét chưa kết luận")]
    from_end = decree == ND152

    def after_discipline(years: int) -> list[dict]:
        """NĐ 152/2025: achievements count only from the end of a discipline's period."""
        if not from_end:
            return []
        return [leaf("no-discipline", "discipline", f"Khoản 4 Điều 4 {ND152}: thành tích được tính từ thời điểm "
                     "chấp hành xong thời gian thi hành kỷ luật", "Thành tích chỉ tính từ khi hết thời hạn kỷ luật",
                     max=None, years=years, from_end=True)]

    money = MONEY[decree]
    titles, orders, forms = money["titles"], money["orders"], money["forms"]

    def form_money(code: str) -> str | None:
        return money[code]

    def form_basis(code: str) -> str:
        if code == "BK_HGD" and money[code] is not None:
            return f"{forms} (hộ gia đình: 1,5 lần mức của cá nhân, theo trả lời của Bộ Nội vụ)"
        return forms if money[code] is not None else f"{forms}: hệ số chưa đối chiếu được"

    def bk_ground(code: str, point: str, kind: str, label: str, text: str) -> dict:
        return leaf(code, "commendation_kind", f"Điểm {point} khoản 1 Điều 74 {L2022}: {text}", label, kinds=[kind])

    return {
        "LDTT": terms(f"Khoản 1 Điều 24 {L2022}", "unit", "0.30", f"{titles}", [
            leaf("rating", "rating", f"Điểm a khoản 1 Điều 24 {L2022}: hoàn thành tốt nhiệm vụ trở lên",
                 "Hoàn thành tốt nhiệm vụ trở lên", min="good", years=1),
            *after_discipline(1), *pending, one,
        ]),
        "CS_TIEN_TIEN": terms(f"Khoản 2 Điều 24 {L2022}", "unit", "0.30", f"{titles}", [
            leaf("rating", "rating", f"Khoản 2 Điều 24 {L2022}: đạt các tiêu chuẩn quy định (hoàn thành tốt nhiệm vụ "
                 "trở lên)", "Hoàn thành tốt nhiệm vụ trở lên", min="good", years=1),
            *after_discipline(1), *pending, one,
        ]),
        "CSTD_CS": terms(f"Điều 23 {L2022}", "unit", "1.00", f"{titles}", [
            _ldtt_standard(f"Khoản 1 Điều 23 {L2022}: đạt tiêu chuẩn danh hiệu Lao động tiên tiến hoặc Chiến sĩ "
                           "tiên tiến", [leaf("rating", "rating", f"Điểm a khoản 1 Điều 24 {L2022}: hoàn thành tốt "
                                              "nhiệm vụ trở lên", "Hoàn thành tốt nhiệm vụ trở lên", min="good",
                                              years=1)]),
            any_of("excellent-or-initiative", f"Khoản 2 Điều 23 {L2022}", "Một trong các tiêu chuẩn của khoản 2",
                   leaf("excellent", "rating", f"Khoản 2 Điều 23 {L2022}: hoàn thành xuất sắc nhiệm vụ",
                        "Hoàn thành xuất sắc nhiệm vụ", min="excellent", years=1),
                   leaf("initiative", "initiative", f"Khoản 2 Điều 23 {L2022}: có sáng kiến được cơ sở công nhận",
                        "Sáng kiến được cơ sở công nhận", min_level="grassroots", years=1, kinds=["initiative"]),
                   leaf("research", "initiative", f"Khoản 2 Điều 23 {L2022}: có đề tài khoa học, đề án khoa học, "
                        "công trình khoa học và công nghệ đã được nghiệm thu", "Đề tài khoa học đã nghiệm thu",
                        min_level="grassroots", years=1, kinds=["research"])),
            *after_discipline(1), *pending, one,
        ]),
        "CSTD_TINH": terms(f"Điều 22 {L2022}", "province", "3.00", f"{titles}", [
            leaf("three-cstd-cs", "consecutive", f"Điểm a khoản 1 Điều 22 {L2022}: trong số những cá nhân có 03 lần "
                 "liên tục được tặng danh hiệu Chiến sĩ thi đua cơ sở", "03 lần liên tục Chiến sĩ thi đua cơ sở",
                 codes=["CSTD_CS"], years=3, include_current=True, unused=True),
            leaf("province-initiative", "initiative", f"Điểm b khoản 1 Điều 22 {L2022}: sáng kiến hoặc đề tài khoa "
                 "học có phạm vi ảnh hưởng trong tỉnh", "Sáng kiến hoặc đề tài có phạm vi ảnh hưởng trong tỉnh",
                 min_level="province", years=3, kinds=["initiative", "research"]),
            *after_discipline(3), *pending, one,
        ]),
        "TTLDTT": terms(f"Khoản 1 Điều 28 {L2022}", "unit", "0.80", f"{titles}", [
            leaf("rating", "rating", f"Khoản 1 Điều 28 {L2022}: hoàn thành tốt nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
                 min="good", years=1),
            leaf("ldtt-share", "unit_share", f"Khoản 1 Điều 28 {L2022} (đọc qua bản dịch của thông tư hướng dẫn; tỉnh "
                 "quy định chi tiết): có ít nhất 70% cá nhân đạt danh hiệu Lao động tiên tiến", "Ít nhất 70% cá nhân "
                 "đạt Lao động tiên tiến", field="advanced_workers", percent=70),
            leaf("no-warning", "unit_discipline", f"Khoản 1 Điều 28 {L2022}: không có cá nhân bị kỷ luật từ hình thức "
                 "cảnh cáo trở lên", "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên", max="reprimand"),
            *pending, one,
        ]),
        "DV_TIEN_TIEN": terms(f"Điều 28 {L2022}", "unit", "0.80", f"{titles}", [
            leaf("armed-forces", "recipient_kind", f"Điều 28 {L2022}{UNREAD}: đơn vị thuộc lực lượng vũ trang",
                 "Đơn vị thuộc lực lượng vũ trang", unit_kinds=["armed_forces"]),
            leaf("rating", "rating", f"Điều 28 {L2022}{UNREAD}: hoàn thành tốt nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
                 min="good", years=1),
            *pending, one,
        ]),
        "TTLDXS": terms(f"Khoản 1 Điều 27 {L2022}", "province", "1.50", f"{titles}", [
            leaf("rating", "rating", f"Điểm a khoản 1 Điều 27 {L2022}: hoàn thành xuất sắc nhiệm vụ được giao",
                 "Hoàn thành xuất sắc nhiệm vụ", min="excellent", years=1),
            leaf("all-completed", "unit_share", f"Điểm c khoản 1 Điều 27 {L2022}: có 100% cá nhân trong tập thể hoàn "
                 "thành nhiệm vụ được giao", "100% cá nhân hoàn thành nhiệm vụ", field="members_completed",
                 percent=100),
            leaf("ldtt-70", "unit_share", f"Điểm c khoản 1 Điều 27 {L2022}: có ít nhất là 70% cá nhân đạt danh hiệu "
                 "Lao động tiên tiến", "Ít nhất 70% cá nhân đạt Lao động tiên tiến", field="advanced_workers",
                 percent=70),
            leaf("member-cstd", "member_title", f"Điểm d khoản 1 Điều 27 {L2022}: có cá nhân đạt danh hiệu Chiến sĩ "
                 "thi đua cơ sở", "Có cá nhân đạt Chiến sĩ thi đua cơ sở", codes=["CSTD_CS"], count=1),
            *pending, one,
        ]),
        "DV_QUYET_THANG": terms(f"Khoản 2 Điều 27 {L2022}", "province", "1.50", f"{titles}", [
            leaf("armed-forces", "recipient_kind", f"Khoản 2 Điều 27 {L2022}: tập thể thuộc lực lượng vũ trang nhân "
                 "dân", "Đơn vị thuộc lực lượng vũ trang", unit_kinds=["armed_forces"]),
            leaf("rating", "rating", f"Khoản 2 Điều 27 {L2022}: đạt tiêu chuẩn điểm a khoản 1 (hoàn thành xuất sắc "
                 "nhiệm vụ)", "Hoàn thành xuất sắc nhiệm vụ", min="excellent", years=1),
            leaf("member-cstd", "member_title", f"Khoản 2 Điều 27 {L2022}: đạt tiêu chuẩn điểm d khoản 1 (có cá nhân "
                 "đạt Chiến sĩ thi đua cơ sở)", "Có cá nhân đạt Chiến sĩ thi đua cơ sở", codes=["CSTD_CS"], count=1),
            *pending, one,
        ]),
        "XA_TIEU_BIEU": terms(f"{L2022}; Nghị định số 86/2023/NĐ-CP (khung tiêu chuẩn){UNREAD}", "province", "2.00",
                              f"{titles}", [
            leaf("commune", "recipient_kind", "Nghị định số 86/2023/NĐ-CP: xã, phường, thị trấn",
                 "Là xã, phường, thị trấn", unit_kinds=["commune"]),
            *pending, one,
        ]),
        "CO_TINH": terms(f"Điều 26 {L2022}", "province", "8.00", f"{titles}", [
            leaf("exceeded-targets", "targets_exceeded", f"Khoản 1 Điều 26 {L2022}{UNREAD}: hoàn thành vượt mức các "
                 "chỉ tiêu thi đua và nhiệm vụ được giao trong năm", "Hoàn thành vượt mức các chỉ tiêu"),
            leaf("cluster-vote", "cluster_vote", f"Khoản 1 Điều 26 {L2022}{UNREAD}: dẫn đầu phong trào thi đua của "
                 "cụm, khối thi đua (bình xét, suy tôn)", "Dẫn đầu cụm, khối thi đua qua bình xét"),
            *pending, one,
        ]),
        "BK_CN": terms(f"Khoản 1 Điều 74 {L2022}", "province", form_money("BK_CN"), form_basis("BK_CN"), [
            *(after_discipline(2) or [leaf(
                "no-discipline", "discipline", f"Khoản 1 Điều 74 {L2022}: gương mẫu chấp hành tốt chủ trương của "
                "Đảng, chính sách, pháp luật của Nhà nước", "Không bị kỷ luật trong thời gian tính thành tích",
                max=None, years=2)]),
            any_of("grounds", f"Khoản 1 Điều 74 {L2022}", "Đạt một trong các tiêu chuẩn",
                   bk_ground("movement", "a", "campaign", "Thành tích trong phong trào thi đua",
                             "có thành tích xuất sắc được bình xét trong các phong trào thi đua do tỉnh phát động"),
                   bk_ground("ad-hoc", "b", "ad_hoc", "Thành tích đột xuất",
                             "lập được nhiều thành tích hoặc thành tích đột xuất, có phạm vi ảnh hưởng"),
                   bk_ground("contribution", "c", "service", "Đóng góp, cống hiến",
                             "có đóng góp vào sự phát triển kinh tế - xã hội, công tác xã hội, từ thiện nhân đạo"),
                   any_of("point-d", f"Điểm d khoản 1 Điều 74 {L2022}", "Điểm d: thành tích nhiều năm",
                          leaf("two-cstd-cs", "consecutive", f"Điểm d khoản 1 Điều 74 {L2022}: có 02 lần liên tục "
                               "được tặng danh hiệu Chiến sĩ thi đua cơ sở", "02 lần liên tục Chiến sĩ thi đua cơ sở",
                               codes=["CSTD_CS"], years=2, include_current=True, unused=True),
                          all_of("two-years", f"Điểm d khoản 1 Điều 74 {L2022}: liên tục từ 02 năm trở lên hoàn "
                                 "thành xuất sắc nhiệm vụ, trong thời gian đó có 02 sáng kiến hoặc 02 đề tài khoa "
                                 "học được công nhận", "02 năm hoàn thành xuất sắc nhiệm vụ và 02 sáng kiến (đề tài)",
                                 leaf("excellent-2", "rating", f"Điểm d khoản 1 Điều 74 {L2022}",
                                      "02 năm liên tục hoàn thành xuất sắc nhiệm vụ", min="excellent", years=2,
                                      unused=True),
                                 any_of("two-works", f"Điểm d khoản 1 Điều 74 {L2022}",
                                        "02 sáng kiến hoặc 02 đề tài khoa học",
                                        leaf("initiatives-2", "initiative", f"Điểm d khoản 1 Điều 74 {L2022}",
                                             "02 sáng kiến được công nhận", min_level="grassroots", years=2,
                                             count=2, kinds=["initiative"], unused=True),
                                        leaf("research-2", "initiative", f"Điểm d khoản 1 Điều 74 {L2022}",
                                             "02 đề tài khoa học đã nghiệm thu", min_level="grassroots", years=2,
                                             count=2, kinds=["research"], unused=True))))),
            *pending, one,
        ]),
        "BK_TT": terms(f"Điều 74 {L2022}", "province", form_money("BK_TT"), form_basis("BK_TT"), [
            any_of("grounds", f"Điều 74 {L2022} (khoản về tập thể){UNREAD}", "Đạt một trong các tiêu chuẩn",
                   leaf("movement", "commendation_kind", f"Điều 74 {L2022}{UNREAD}: có thành tích xuất sắc được bình "
                        "xét trong các phong trào thi đua", "Thành tích trong phong trào thi đua", kinds=["campaign"]),
                   leaf("ad-hoc", "commendation_kind", f"Điều 74 {L2022}{UNREAD}: lập được thành tích đột xuất",
                        "Thành tích đột xuất", kinds=["ad_hoc"]),
                   leaf("excellent-2", "rating", f"Điều 74 {L2022}{UNREAD}: 02 năm liên tục hoàn thành xuất sắc nhiệm "
                        "vụ", "02 năm liên tục hoàn thành xuất sắc nhiệm vụ", min="excellent", years=2, unused=True),
                   leaf("ttldxs", "prerequisite", f"Điều 74 {L2022}{UNREAD}: đạt danh hiệu Tập thể lao động xuất sắc",
                        "Đạt Tập thể lao động xuất sắc", codes=["TTLDXS"], years_back=0)),
            leaf("no-warning", "unit_discipline", f"Điều 74 {L2022}{UNREAD}: nội bộ đoàn kết, không có cá nhân bị kỷ "
                 "luật từ cảnh cáo trở lên", "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên", max="reprimand"),
            *pending, one,
        ]),
        "BK_HGD": terms(f"Điều 74 {L2022}", "province", form_money("BK_HGD"), form_basis("BK_HGD"), [*pending]),
        "GK_CN": terms(f"Điều 75 {L2022}", "unit", form_money("GK_CN"), form_basis("GK_CN"), [
            leaf("rating", "rating", f"Khoản 2 Điều 75 {L2022}: tiêu chuẩn do bộ, ngành, tỉnh quy định chi tiết "
                 "(mặc định: hoàn thành tốt nhiệm vụ)", "Hoàn thành tốt nhiệm vụ", min="good", years=1),
            *after_discipline(1), *pending, one,
        ]),
        "GK_TT": terms(f"Điều 75 {L2022}", "unit", form_money("GK_TT"), form_basis("GK_TT"), [
            leaf("rating", "rating", f"Khoản 2 Điều 75 {L2022}: tiêu chuẩn do bộ, ngành, tỉnh quy định chi tiết "
                 "(mặc định: hoàn thành tốt nhiệm vụ)", "Hoàn thành tốt nhiệm vụ", min="good", years=1),
            *pending, one,
        ]),
        "CSTD_TQ": terms(f"Điều 21 {L2022}", "centre", "4.50", f"{titles}", [
            leaf("two-cstd-tinh", "prerequisite", f"Điểm a khoản 1 Điều 21 {L2022}: trong số những cá nhân có 02 lần "
                 "liên tục được tặng danh hiệu Chiến sĩ thi đua cấp tỉnh", "02 lần Chiến sĩ thi đua cấp tỉnh trong 06 "
                 "năm gần nhất", codes=["CSTD_TINH"], years_back=5, count=2),
            leaf("national-initiative", "initiative", f"Điểm b khoản 1 Điều 21 {L2022}: sáng kiến hoặc đề tài khoa "
                 "học có phạm vi ảnh hưởng trong toàn quốc", "Sáng kiến hoặc đề tài có phạm vi ảnh hưởng toàn quốc",
                 min_level="national", years=6, kinds=["initiative", "research"]),
            *after_discipline(6), *pending,
        ]),
        "CO_CP": terms(f"Điều 25 {L2022}", "centre", "12.00", f"{titles}", [
            leaf("exceeded-targets", "targets_exceeded", f"Điểm a khoản 1 Điều 25 {L2022}: hoàn thành vượt mức các chỉ "
                 "tiêu thi đua và nhiệm vụ được giao trong năm", "Hoàn thành vượt mức các chỉ tiêu"),
            leaf("cluster-vote", "cluster_vote", f"Khoản 1 Điều 25 {L2022}: dẫn đầu cụm, khối thi đua",
                 "Dẫn đầu cụm, khối thi đua qua bình xét"),
            *pending,
        ]),
        "BK_TTG_CN": terms(f"Điều 73 {L2022}", "centre", form_money("BK_TTG_CN"), form_basis("BK_TTG_CN"), [
            *after_discipline(5), *pending]),
        "BK_TTG_TT": terms(f"Điều 73 {L2022}", "centre", form_money("BK_TTG_TT"), form_basis("BK_TTG_TT"), [*pending]),
        "HCLD_1": terms(f"Điều 42 {L2022}", "centre", "9.00", orders, [*after_discipline(5), *pending]),
        "HCLD_2": terms(f"Điều 43 {L2022}", "centre", "7.50", orders, [*after_discipline(5), *pending]),
        "HCLD_3": terms(f"Điều 44 {L2022}", "centre", "4.50", orders, [*after_discipline(5), *pending]),
    }


#: Who decides each type, by which way (see ``routes``): Luật Thi đua, khen thưởng 2022, Điều 80 (and Điều 77–78
#: of the 2003 law before it).
ROUTES = {
    **dict.fromkeys(["LDTT", "CS_TIEN_TIEN", "CSTD_CS", "TTLDTT", "DV_TIEN_TIEN", "GK_CN", "GK_TT"], "unit"),
    **dict.fromkeys(["TTLDXS", "DV_QUYET_THANG", "XA_TIEU_BIEU", "BK_CN", "BK_TT", "BK_HGD"], "chairman"),
    **dict.fromkeys(["CSTD_TINH", "CO_TINH"], "council"),
    **dict.fromkeys(["CSTD_TQ", "CO_CP", "BK_TTG_CN", "BK_TTG_TT", "HCLD_1", "HCLD_2", "HCLD_3"], "centre"),
}

#: The council's secret vote per regime: (share of ALL members, %; the article read). A type not listed needs no
#: vote. Only Nghị định 91/2017 Điều 45 khoản 8 (90 % of all members for CSTĐ cấp tỉnh and toàn quốc) was read in
#: an official text; the other numbers are the issue's (80 % for the Cờ thi đua and CSTĐ cơ sở, 90 % for CSTĐ cấp
#: tỉnh under Nghị định 98/2023 Điều 30 khoản 7), marked unread until someone reads the decree in full; the office
#: corrects them in the admin (docs/law/tham-quyen-hoi-dong-thoi-han.md).
_ND91_VOTE = f"Khoản 8 Điều 45 {ND91}: tỷ lệ phiếu đồng ý từ 90% trở lên tính trên tổng số thành viên Hội đồng"
_UNSET = "tỷ lệ theo văn bản trung ương chưa đối chiếu được; con số do cơ quan thường trực đặt"


def _votes_2022(decree: str) -> dict:
    basis = f"Khoản 7 Điều 30 {ND98}" if decree == ND98 else f"{ND152} (điều khoản chưa xác định)"
    return {"CSTD_TINH": ("90", f"{basis}{UNREAD}"), "CSTD_TQ": ("90", f"{basis}{UNREAD}"),
            "CO_TINH": ("80", f"{basis}{UNREAD}"), "CSTD_CS": ("80", f"{basis}{UNREAD}")}


VOTES = {
    "luat-2003-nd91": {"CSTD_TINH": ("90", _ND91_VOTE), "CSTD_TQ": ("90", _ND91_VOTE),
                       "CO_TINH": ("80", f"{ND91}: {_UNSET}"), "CSTD_CS": ("80", f"{ND91}: {_UNSET}")},
    "luat-2022-nd98": _votes_2022(ND98),
    "luat-2022-nd152": _votes_2022(ND152),
}

#: The council's quorum and the procedure's time limits per regime (None: the regime's number was not read; the
#: settings' defaults apply). The 2/3 quorum and 80 % attendance are the issue's, not read in a decree.
_QUORUM = {"council_quorum": "2/3", "council_attendance_percent": "80"}
PROCEDURE = {
    "luat-2003-nd91": {**_QUORUM, "procedure_basis": f"Khoản 8 Điều 45 {ND91} (biểu quyết); số người dự họp: "
                                                   f"chưa đối chiếu được"},
    "luat-2022-nd98": {**_QUORUM, "appraisal_working_days": 25,
                       "procedure_basis": f"{ND98}: thủ tục hành chính công bố (thẩm định 25 ngày làm việc); số "
                                          f"người dự họp{UNREAD}"},
    "luat-2022-nd152": {**_QUORUM, "procedure_basis": f"{ND152}: thời hạn và số người dự họp{UNREAD}"},
}


def regime_terms() -> dict[str, dict]:
    return {"luat-2003-nd91": _regime_2003(), "luat-2022-nd98": _regime_2022(ND98),
            "luat-2022-nd152": _regime_2022(ND152)}


# ── installing ──────────────────────────────────────────────────────────────────────────────────────────────────

def _install_rules(rule_model, award_type, regime, nodes: list[dict], parent=None) -> None:
    for order, node in enumerate(nodes, start=1):
        rule = rule_model.objects.create(
            award_type=award_type, regime=regime, parent=parent, code=node["code"], order=order * 10,
            operator=node.get("operator", ""), kind=node.get("kind", ""), label=node.get("label", ""),
            params=node.get("params", {}), legal_basis=node["legal_basis"][:500])
        if node.get("children"):
            _install_rules(rule_model, award_type, regime, node["children"], parent=rule)


def _known(model, values: dict) -> dict:
    """The values whose fields the (historical) model has: an early migration installs without later fields."""
    names = {f.name for f in model._meta.get_fields()}
    return {k: v for k, v in values.items() if k in names}


def install(get_model=None) -> None:
    """Create what is missing: regimes (by code), award types (by code), and for each regime the terms and rules of
    the award types it has none for. Rows already there are left as the office set them."""
    if get_model is None:
        from django.apps import apps

        get_model = apps.get_model
    regime_model = get_model("awards", "LegalRegime")
    type_model = get_model("awards", "AwardType")
    terms_model = get_model("awards", "AwardTerms")
    rule_model = get_model("awards", "EligibilityRule")
    regimes = {r.code: r for r in regime_model.objects.all()}
    for spec in REGIMES:
        if spec["code"] not in regimes:
            regimes[spec["code"]] = regime_model.objects.create(**spec, **_known(regime_model,
                                                                                  PROCEDURE.get(spec["code"], {})))
    types = {t.code: t for t in type_model.objects.all()}
    all_terms = regime_terms()
    latest = all_terms[REGIMES[-1]["code"]]
    for order, (code, name, kind, level, recipient, authority, heading) in enumerate(AWARD_TYPES, start=1):
        if code not in types:
            current = latest.get(code) or all_terms["luat-2003-nd91"][code]
            types[code] = type_model.objects.create(
                code=code, name=name, kind=kind, level=level, recipient=recipient, issuing_authority=authority,
                certificate_heading=heading, order=order * 10, legal_basis=current["legal_basis"],
                money_coefficient=current["money_coefficient"] or "0")
    for regime_code, by_type in all_terms.items():
        regime = regimes[regime_code]
        known = set(terms_model.objects.filter(regime=regime).values_list("award_type__code", flat=True))
        for code, spec in by_type.items():
            if code in known:
                continue
            award_type = types[code]
            vote = VOTES.get(regime_code, {}).get(code)
            terms_model.objects.create(award_type=award_type, regime=regime, legal_basis=spec["legal_basis"],
                                       decided_by=spec["decided_by"], money_coefficient=spec["money_coefficient"],
                                       money_basis=spec["money_basis"], **_known(terms_model, {
                                           "route": ROUTES[code], "vote_threshold_percent": vote[0] if vote else None,
                                           "vote_basis": vote[1] if vote else ""}))
            _install_rules(rule_model, award_type, regime, spec["rules"])


def install_procedure(get_model) -> None:
    """Routes, vote thresholds, quorums and time limits on the regimes and terms already installed (the upgrade of a
    database seeded before they existed)."""
    regime_model = get_model("awards", "LegalRegime")
    terms_model = get_model("awards", "AwardTerms")
    for regime in regime_model.objects.filter(code__in=list(PROCEDURE)):
        for name, value in PROCEDURE[regime.code].items():
            setattr(regime, name, value)
        regime.save()
    for terms in terms_model.objects.select_related("award_type", "regime"):
        code = terms.award_type.code
        terms.route = ROUTES.get(code) or {"unit": "unit", "centre": "centre"}.get(terms.decided_by, "chairman")
        vote = VOTES.get(terms.regime.code, {}).get(code)
        terms.vote_threshold_percent, terms.vote_basis = (vote[0], vote[1]) if vote else (None, "")
        terms.save(update_fields=["route", "vote_threshold_percent", "vote_basis"])
