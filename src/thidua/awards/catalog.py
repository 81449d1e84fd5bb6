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
               {"reference": "152/2025/NĐ-CP", "title": "Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi "
                                                      "tiết thi hành một số điều của Luật Thi đua, khen thưởng"}]},
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


# ── Luật 2003/2013 with NĐ 91/2017 ──────────────────────────────────────────────────────────────────────────────

def _regime_2003() -> dict:
    one = leaf("one-award", "one_award", f"Khoản 3 Điều 6 {L2003}: không tặng thưởng nhiều hình thức cho một "
               "thành tích đạt được", "Một thành tích một hình thức khen thưởng")
    no_discipline = leaf("no-discipline", "discipline", f"Điểm b khoản 1 Điều 24 {L2003}: chấp hành tốt chủ "
                         "trương, chính sách, pháp luật", "Không bị kỷ luật trong năm", max=None, years=1)
    money = f"{ND91}"
    return {
        "LDTT": terms(f"Điều 24 {L2003}", "unit", "0.30", f"Điều 71 {money}", [
            leaf("rating", "rating", f"Điểm a khoản 1 Điều 24 {L2003}: hoàn thành tốt nhiệm vụ được giao",
                 "Hoàn thành tốt nhiệm vụ trở lên", min="good", years=1),
            no_discipline,
            leaf("service-10-months", "service_months", f"Khoản 2 Điều 10 {ND91}: thời gian công tác dưới 10 "
                 "tháng không xét", "Đủ 10 tháng công tác trong năm", months=10),
            one,
        ]),
        "CSTD_CS": terms(f"Điều 23 {L2003}", "unit", "1.00", f"Điều 71 {money}", [
            leaf("ldtt", "prerequisite", f"Khoản 1 Điều 23 {L2003}: là Lao động tiên tiến",
                 "Đạt Lao động tiên tiến trong năm", codes=["LDTT", "CS_TIEN_TIEN"], years_back=0),
            leaf("initiative-or-research", "initiative", f"Khoản 2 Điều 23 {L2003}: có sáng kiến được cơ sở công "
                 "nhận hoặc đề tài nghiên cứu khoa học đã nghiệm thu được áp dụng",
                 "Sáng kiến hoặc đề tài nghiên cứu khoa học", min_level="grassroots", years=1,
                 kinds=["initiative", "research"]),
            leaf("quota-15", "quota", f"Khoản 3 Điều 9 {ND91}: số cá nhân được công nhận Chiến sĩ thi đua cơ sở "
                 "không quá 15% tổng số cá nhân đạt Lao động tiên tiến", "Không quá 15% số Lao động tiên tiến",
                 of="LDTT", percent=15),
            one,
        ]),
        "CSTD_TINH": terms(f"Điều 22 {L2003}", "province", "3.00", f"Điều 71 {money}", [
            leaf("three-cstd-cs", "consecutive", f"Khoản 1 Điều 22 {L2003}: có 03 lần liên tục đạt danh hiệu "
                 "Chiến sĩ thi đua cơ sở", "03 lần liên tục Chiến sĩ thi đua cơ sở", codes=["CSTD_CS"], years=3,
                 include_current=True, unused=True),
            leaf("province-initiative", "initiative", f"Khoản 1 Điều 22 {L2003}: sáng kiến, đề tài có tác dụng "
                 "ảnh hưởng đối với tỉnh", "Sáng kiến hoặc đề tài có phạm vi ảnh hưởng trong tỉnh",
                 min_level="province", years=3, kinds=["initiative", "research"]),
            one,
        ]),
        "TTLDTT": terms(f"Điều 28 {L2003}", "unit", "0.80", f"Điều 71 {money}", [
            leaf("rating", "rating", f"Điểm a khoản 2 Điều 28 {L2003}: hoàn thành tốt nhiệm vụ và kế hoạch",
                 "Hoàn thành tốt nhiệm vụ", min="good", years=1),
            leaf("ldtt-share", "unit_share", f"Điểm c khoản 2 Điều 28 {L2003}: có trên 50% cá nhân đạt danh hiệu "
                 "Lao động tiên tiến", "Trên 50% cá nhân đạt Lao động tiên tiến", field="advanced_workers",
                 percent=50, strict=True),
            leaf("no-warning", "unit_discipline", f"Điểm c khoản 2 Điều 28 {L2003}: không có cá nhân bị kỷ luật "
                 "từ hình thức cảnh cáo trở lên", "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên",
                 max="reprimand"),
            one,
        ]),
        "TTLDXS": terms(f"Điều 27 {L2003}", "province", "1.50", f"Điều 71 {money}", [
            leaf("rating", "rating", f"Điểm a khoản 1 Điều 27 {L2003}: hoàn thành xuất sắc nhiệm vụ",
                 "Hoàn thành xuất sắc nhiệm vụ", min="excellent", years=1),
            leaf("all-completed", "unit_share", f"Điểm c khoản 1 Điều 27 {L2003}: 100% cá nhân hoàn thành nhiệm "
                 "vụ", "100% cá nhân hoàn thành nhiệm vụ", field="members_completed", percent=100),
            leaf("ldtt-70", "unit_share", f"Điểm c khoản 1 Điều 27 {L2003}: ít nhất 70% cá nhân đạt Lao động "
                 "tiên tiến", "Ít nhất 70% cá nhân đạt Lao động tiên tiến", field="advanced_workers", percent=70),
            leaf("member-cstd", "member_title", f"Điểm d khoản 1 Điều 27 {L2003}: có cá nhân đạt danh hiệu Chiến "
                 "sĩ thi đua cơ sở", "Có cá nhân đạt Chiến sĩ thi đua cơ sở", codes=["CSTD_CS"], count=1),
            leaf("no-warning", "unit_discipline", f"Điểm d khoản 1 Điều 27 {L2003}: không có cá nhân bị kỷ luật "
                 "từ hình thức cảnh cáo trở lên", "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên",
                 max="reprimand"),
            one,
        ]),
        "CO_TINH": terms(f"Điều 26 {L2003}", "province", "15.50", f"Điều 71 {money}", [
            leaf("exceeded-targets", "targets_exceeded", f"Khoản 1 Điều 26 {L2003}: hoàn thành vượt mức các chỉ "
                 "tiêu thi đua và nhiệm vụ được giao trong năm", "Hoàn thành vượt mức các chỉ tiêu"),
            leaf("cluster-vote", "cluster_vote", f"Khoản 1 Điều 26 {L2003}: là tập thể tiêu biểu xuất sắc "
                 "(bình xét, suy tôn trong cụm, khối thi đua)", "Dẫn đầu cụm, khối thi đua qua bình xét"),
            one,
        ]),
        "BK_CN": terms(f"Điều 72 {L2003}; Điều 38 {ND91}", "province", "1.00", f"Điều 71 {money}", [
            leaf("no-discipline", "discipline", f"Khoản 1 Điều 38 {ND91}: gương mẫu chấp hành chủ trương, chính "
                 "sách, pháp luật", "Không bị kỷ luật trong thời gian tính thành tích", max=None, years=2),
            any_of("grounds", f"Khoản 1 Điều 38 {ND91}", "Đạt một trong các tiêu chuẩn",
                   leaf("movement", "commendation_kind", f"Điểm a khoản 1 Điều 38 {ND91}: có thành tích xuất sắc "
                        "được bình xét trong các phong trào thi đua", "Thành tích trong phong trào thi đua",
                        kinds=["campaign"]),
                   leaf("ad-hoc", "commendation_kind", f"Điểm b khoản 1 Điều 38 {ND91}: lập được nhiều thành tích "
                        "có phạm vi ảnh hưởng trong tỉnh (đột xuất)", "Thành tích đột xuất",
                        kinds=["ad_hoc"]),
                   all_of("two-years", f"Điểm c khoản 1 Điều 38 {ND91}: có 02 năm trở lên liên tục hoàn thành "
                          "xuất sắc nhiệm vụ, trong thời gian đó có 02 sáng kiến được công nhận",
                          "02 năm liên tục hoàn thành xuất sắc nhiệm vụ và 02 sáng kiến",
                          leaf("excellent-2", "rating", f"Điểm c khoản 1 Điều 38 {ND91}",
                               "02 năm liên tục hoàn thành xuất sắc nhiệm vụ", min="excellent", years=2,
                               unused=True),
                          leaf("initiatives-2", "initiative", f"Điểm c khoản 1 Điều 38 {ND91}",
                               "02 sáng kiến được công nhận", min_level="grassroots", years=2, count=2,
                               unused=True))),
            one,
        ]),
        "BK_TT": terms(f"Điều 72 {L2003}; Điều 38 {ND91}", "province", "2.00", f"Điều 71 {money}", [
            any_of("grounds", f"Khoản 2 Điều 38 {ND91}", "Đạt một trong các tiêu chuẩn",
                   leaf("movement", "commendation_kind", f"Điểm a khoản 2 Điều 38 {ND91}: có thành tích xuất sắc "
                        "được bình xét trong các phong trào thi đua", "Thành tích trong phong trào thi đua",
                        kinds=["campaign"]),
                   leaf("ad-hoc", "commendation_kind", f"Điểm b khoản 2 Điều 38 {ND91}: lập được nhiều thành tích "
                        "có phạm vi ảnh hưởng trong tỉnh (đột xuất)", "Thành tích đột xuất", kinds=["ad_hoc"]),
                   leaf("excellent-2", "rating", f"Điểm c khoản 2 Điều 38 {ND91}: có 02 năm trở lên liên tục "
                        "hoàn thành xuất sắc nhiệm vụ", "02 năm liên tục hoàn thành xuất sắc nhiệm vụ",
                        min="excellent", years=2, unused=True)),
            leaf("no-warning", "unit_discipline", f"Khoản 2 Điều 38 {ND91}: nội bộ đoàn kết, thực hiện tốt quy "
                 "chế dân chủ (không có cá nhân bị kỷ luật từ cảnh cáo)", "Không có cá nhân bị kỷ luật từ cảnh cáo "
                 "trở lên", max="reprimand"),
            one,
        ]),
        "GK_CN": terms(f"Điều 75 {L2003}; Điều 40 {ND91}", "unit", "0.30", f"Điều 71 {money}", [
            leaf("rating", "rating", f"Khoản 1 Điều 40 {ND91}: hoàn thành tốt nhiệm vụ",
                 "Hoàn thành tốt nhiệm vụ", min="good", years=1),
            one,
        ]),
        "GK_TT": terms(f"Điều 75 {L2003}; Điều 40 {ND91}", "unit", "0.60", f"Điều 71 {money}", [
            leaf("rating", "rating", f"Khoản 2 Điều 40 {ND91}: hoàn thành tốt nhiệm vụ",
                 "Hoàn thành tốt nhiệm vụ", min="good", years=1),
            one,
        ]),
        "CSTD_TQ": terms(f"Điều 21 {L2003}", "centre", "4.50", f"Điều 71 {money}", [
            leaf("two-cstd-tinh", "consecutive", f"Điều 21 {L2003}: có 02 lần liên tục đạt danh hiệu Chiến sĩ thi "
                 "đua cấp tỉnh", "02 lần liên tục Chiến sĩ thi đua cấp tỉnh", codes=["CSTD_TINH"], years=6,
                 include_current=True),
        ]),
        "CO_CP": terms(f"Điều 25 {L2003}", "centre", "24.50", f"Điều 71 {money}", []),
        "BK_TTG_CN": terms(f"Điều 71 {L2003}", "centre", "1.50", f"Điều 71 {money}", []),
        "BK_TTG_TT": terms(f"Điều 71 {L2003}", "centre", "3.00", f"Điều 71 {money}", []),
        "HCLD_1": terms(f"Điều 44 {L2003}", "centre", "9.00", f"Điều 71 {money}", []),
        "HCLD_2": terms(f"Điều 44 {L2003}", "centre", "7.50", f"Điều 71 {money}", []),
        "HCLD_3": terms(f"Điều 44 {L2003}", "centre", "4.50", f"Điều 71 {money}", []),
    }


# ── Luật 2022 with NĐ 98/2023, then NĐ 152/2025 ─────────────────────────────────────────────────────────────────

def _regime_2022(decree: str) -> dict:
    one = leaf("one-award", "one_award", f"Khoản 3 Điều 5 {L2022}: không tặng nhiều hình thức khen thưởng cho "
               "một thành tích đạt được", "Một thành tích một hình thức khen thưởng")
    pending = [leaf("no-pending", "no_pending_inquiry", f"Khoản 2 Điều 4 {decree}: chưa xét khen thưởng khi "
                    "đang bị xem xét kỷ luật, thanh tra, kiểm tra, điều tra, giải quyết khiếu nại, tố cáo",
                    "Không có việc đang xem xét chưa kết luận")] if decree == ND152 else []
    from_end = decree == ND152

    def no_discipline(years: int, basis: str) -> dict:
        label = ("Không bị kỷ luật; thành tích chỉ tính từ khi hết thời hạn kỷ luật" if from_end
                 else "Không bị kỷ luật trong thời gian tính thành tích")
        citation = (f"Khoản 3 Điều 4 {ND152}: thời gian tính thành tích tính từ khi hết thời hạn chịu kỷ luật"
                    if from_end else basis)
        return leaf("no-discipline", "discipline", citation, label, max=None, years=years, from_end=from_end)

    money = decree
    bk_person, bk_collective = ("1.00", "2.00")
    return {
        "LDTT": terms(f"Điều 24 {L2022}", "unit", "0.30", f"Điều 54 {money}", [
            leaf("rating", "rating", f"Điểm a khoản 1 Điều 24 {L2022}: hoàn thành tốt nhiệm vụ trở lên",
                 "Hoàn thành tốt nhiệm vụ trở lên", min="good", years=1),
            no_discipline(1, f"Điểm b khoản 1 Điều 24 {L2022}: chấp hành tốt chủ trương, chính sách, pháp luật"),
            *pending,
            one,
        ]),
        "CS_TIEN_TIEN": terms(f"Điều 24 {L2022}", "unit", "0.30", f"Điều 54 {money}", [
            leaf("rating", "rating", f"Điểm a khoản 2 Điều 24 {L2022}: hoàn thành tốt nhiệm vụ trở lên",
                 "Hoàn thành tốt nhiệm vụ trở lên", min="good", years=1),
            no_discipline(1, f"Khoản 2 Điều 24 {L2022}"),
            *pending,
            one,
        ]),
        "CSTD_CS": terms(f"Điều 23 {L2022}", "unit", "1.00", f"Điều 54 {money}", [
            leaf("ldtt-standard", "rating", f"Khoản 1 Điều 23 {L2022}: đạt tiêu chuẩn danh hiệu Lao động tiên tiến "
                 "(điểm a khoản 1 Điều 24: hoàn thành tốt nhiệm vụ trở lên)", "Đạt tiêu chuẩn Lao động tiên tiến",
                 min="good", years=1),
            any_of("excellent-or-initiative", f"Khoản 2 Điều 23 {L2022}", "Một trong các tiêu chuẩn của khoản 2",
                   leaf("excellent", "rating", f"Khoản 2 Điều 23 {L2022}: hoàn thành xuất sắc nhiệm vụ",
                        "Hoàn thành xuất sắc nhiệm vụ", min="excellent", years=1),
                   leaf("initiative", "initiative", f"Khoản 2 Điều 23 {L2022}: có sáng kiến được cơ sở công nhận",
                        "Sáng kiến được cơ sở công nhận", min_level="grassroots", years=1, kinds=["initiative"]),
                   leaf("research", "initiative", f"Khoản 2 Điều 23 {L2022}: có đề tài khoa học, đề án khoa học, "
                        "công trình khoa học và công nghệ đã được nghiệm thu", "Đề tài khoa học đã nghiệm thu",
                        min_level="grassroots", years=1, kinds=["research"])),
            *pending,
            one,
        ]),
        "CSTD_TINH": terms(f"Điều 22 {L2022}", "province", "3.00", f"Điều 54 {money}", [
            leaf("three-cstd-cs", "consecutive", f"Điểm a khoản 2 Điều 22 {L2022}: có 03 lần liên tục đạt danh hiệu "
                 "Chiến sĩ thi đua cơ sở", "03 lần liên tục Chiến sĩ thi đua cơ sở", codes=["CSTD_CS"], years=3,
                 include_current=True, unused=True),
            leaf("province-initiative", "initiative", f"Điểm b khoản 2 Điều 22 {L2022}: sáng kiến, đề tài có phạm "
                 "vi ảnh hưởng trong tỉnh", "Sáng kiến hoặc đề tài có phạm vi ảnh hưởng trong tỉnh",
                 min_level="province", years=3, kinds=["initiative", "research"]),
            no_discipline(3, f"Khoản 2 Điều 22 {L2022}"),
            *pending,
            one,
        ]),
        "TTLDTT": terms(f"Điều 28 {L2022}", "unit", "0.80", f"Điều 54 {money}", [
            leaf("rating", "rating", f"Khoản 1 Điều 28 {L2022}: hoàn thành tốt nhiệm vụ",
                 "Hoàn thành tốt nhiệm vụ", min="good", years=1),
            leaf("ldtt-share", "unit_share", f"Khoản 1 Điều 28 {L2022}: có ít nhất 70% cá nhân đạt danh hiệu Lao "
                 "động tiên tiến (tỉnh quy định chi tiết theo khoản cuối Điều 28)", "Ít nhất 70% cá nhân đạt Lao "
                 "động tiên tiến", field="advanced_workers", percent=70),
            leaf("no-warning", "unit_discipline", f"Khoản 1 Điều 28 {L2022}: không có cá nhân bị kỷ luật "
                 "từ hình thức cảnh cáo trở lên", "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên",
                 max="reprimand"),
            *pending,
            one,
        ]),
        "TTLDXS": terms(f"Điều 27 {L2022}", "province", "1.50", f"Điều 54 {money}", [
            leaf("rating", "rating", f"Điểm a khoản 1 Điều 27 {L2022}: hoàn thành xuất sắc nhiệm vụ",
                 "Hoàn thành xuất sắc nhiệm vụ", min="excellent", years=1),
            leaf("all-completed", "unit_share", f"Điểm c khoản 1 Điều 27 {L2022}: 100% cá nhân hoàn thành nhiệm "
                 "vụ", "100% cá nhân hoàn thành nhiệm vụ", field="members_completed", percent=100),
            leaf("ldtt-70", "unit_share", f"Điểm c khoản 1 Điều 27 {L2022}: ít nhất 70% cá nhân đạt Lao động "
                 "tiên tiến", "Ít nhất 70% cá nhân đạt Lao động tiên tiến", field="advanced_workers", percent=70),
            leaf("member-cstd", "member_title", f"Điểm d khoản 1 Điều 27 {L2022}: có cá nhân đạt danh hiệu Chiến "
                 "sĩ thi đua cơ sở", "Có cá nhân đạt Chiến sĩ thi đua cơ sở", codes=["CSTD_CS"], count=1),
            *pending,
            one,
        ]),
        "DV_QUYET_THANG": terms(f"Điều 27 {L2022}", "province", "1.50", f"Điều 54 {money}", [
            leaf("armed-forces", "recipient_kind", f"Khoản 2 Điều 27 {L2022}: đơn vị thuộc lực lượng vũ trang",
                 "Đơn vị thuộc lực lượng vũ trang", unit_kinds=["armed_forces"]),
            leaf("rating", "rating", f"Khoản 2 Điều 27 {L2022}: hoàn thành xuất sắc nhiệm vụ",
                 "Hoàn thành xuất sắc nhiệm vụ", min="excellent", years=1),
            leaf("no-warning", "unit_discipline", f"Khoản 2 Điều 27 {L2022}: không có cá nhân bị kỷ luật từ hình "
                 "thức cảnh cáo trở lên", "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên", max="reprimand"),
            *pending,
            one,
        ]),
        "DV_TIEN_TIEN": terms(f"Điều 28 {L2022}", "unit", "0.80", f"Điều 54 {money}", [
            leaf("armed-forces", "recipient_kind", f"Khoản 2 Điều 28 {L2022}: đơn vị thuộc lực lượng vũ trang",
                 "Đơn vị thuộc lực lượng vũ trang", unit_kinds=["armed_forces"]),
            leaf("rating", "rating", f"Khoản 2 Điều 28 {L2022}: hoàn thành tốt nhiệm vụ",
                 "Hoàn thành tốt nhiệm vụ", min="good", years=1),
            *pending,
            one,
        ]),
        "XA_TIEU_BIEU": terms(f"Điều 29 {L2022}", "province", "3.00", f"Điều 54 {money}", [
            leaf("commune", "recipient_kind", f"Điều 29 {L2022}: xã, phường, thị trấn",
                 "Là xã, phường, thị trấn", unit_kinds=["commune"]),
            leaf("exceeded-targets", "targets_exceeded", f"Điều 29 {L2022}: hoàn thành vượt mức các chỉ tiêu "
                 "kinh tế, văn hóa, xã hội trong năm", "Hoàn thành vượt mức các chỉ tiêu"),
            *pending,
            one,
        ]),
        "CO_TINH": terms(f"Điều 26 {L2022}", "province", "8.00", f"Điều 54 {money}", [
            leaf("exceeded-targets", "targets_exceeded", f"Điểm a khoản 1 Điều 26 {L2022}: hoàn thành vượt mức "
                 "các chỉ tiêu thi đua và nhiệm vụ được giao trong năm", "Hoàn thành vượt mức các chỉ tiêu"),
            leaf("cluster-vote", "cluster_vote", f"Điểm a khoản 1 Điều 26 {L2022}: là tập thể tiêu biểu xuất sắc, "
                 "dẫn đầu phong trào thi đua (bình xét, suy tôn trong cụm, khối)",
                 "Dẫn đầu cụm, khối thi đua qua bình xét"),
            *pending,
            one,
        ]),
        "BK_CN": terms(f"Khoản 1 Điều 74 {L2022}", "province", bk_person, f"Điều 54 {money}", [
            no_discipline(2, f"Khoản 1 Điều 74 {L2022}: gương mẫu chấp hành chủ trương, chính sách, pháp luật"),
            any_of("grounds", f"Khoản 1 Điều 74 {L2022}", "Đạt một trong các tiêu chuẩn",
                   leaf("movement", "commendation_kind", f"Điểm a khoản 1 Điều 74 {L2022}: có thành tích xuất sắc "
                        "được bình xét trong các phong trào thi đua", "Thành tích trong phong trào thi đua",
                        kinds=["campaign"]),
                   leaf("ad-hoc", "commendation_kind", f"Điểm b khoản 1 Điều 74 {L2022}: lập được thành tích đột "
                        "xuất", "Thành tích đột xuất", kinds=["ad_hoc"]),
                   leaf("contribution", "commendation_kind", f"Điểm c khoản 1 Điều 74 {L2022}: có đóng góp vào sự "
                        "phát triển kinh tế - xã hội, công tác xã hội, từ thiện nhân đạo", "Đóng góp, cống hiến",
                        kinds=["service"]),
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
            *pending,
            one,
        ]),
        "BK_TT": terms(f"Khoản 2 Điều 74 {L2022}", "province", bk_collective, f"Điều 54 {money}", [
            any_of("grounds", f"Khoản 2 Điều 74 {L2022}", "Đạt một trong các tiêu chuẩn",
                   leaf("movement", "commendation_kind", f"Điểm a khoản 2 Điều 74 {L2022}: có thành tích xuất sắc "
                        "được bình xét trong các phong trào thi đua", "Thành tích trong phong trào thi đua",
                        kinds=["campaign"]),
                   leaf("ad-hoc", "commendation_kind", f"Điểm b khoản 2 Điều 74 {L2022}: lập được thành tích đột "
                        "xuất", "Thành tích đột xuất", kinds=["ad_hoc"]),
                   all_of("two-years", f"Điểm c khoản 2 Điều 74 {L2022}: 02 năm liên tục hoàn thành xuất sắc "
                          "nhiệm vụ", "02 năm liên tục hoàn thành xuất sắc nhiệm vụ",
                          leaf("excellent-2", "rating", f"Điểm c khoản 2 Điều 74 {L2022}",
                               "02 năm liên tục hoàn thành xuất sắc nhiệm vụ", min="excellent", years=2,
                               unused=True)),
                   leaf("ttldxs", "prerequisite", f"Điểm d khoản 2 Điều 74 {L2022}: đạt danh hiệu Tập thể lao động "
                        "xuất sắc", "Đạt Tập thể lao động xuất sắc", codes=["TTLDXS"], years_back=0)),
            leaf("no-warning", "unit_discipline", f"Khoản 2 Điều 74 {L2022}: nội bộ đoàn kết (không có cá nhân "
                 "bị kỷ luật từ cảnh cáo trở lên)", "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên",
                 max="reprimand"),
            *pending,
            one,
        ]),
        "BK_HGD": terms(f"Khoản 3 Điều 74 {L2022}", "province", "1.00", f"Điều 54 {money}", []),
        "GK_CN": terms(f"Điều 75 {L2022}", "unit", "0.30", f"Điều 54 {money}", [
            leaf("rating", "rating", f"Khoản 1 Điều 75 {L2022}: hoàn thành tốt nhiệm vụ",
                 "Hoàn thành tốt nhiệm vụ", min="good", years=1),
            *pending,
            one,
        ]),
        "GK_TT": terms(f"Điều 75 {L2022}", "unit", "0.60", f"Điều 54 {money}", [
            leaf("rating", "rating", f"Khoản 2 Điều 75 {L2022}: hoàn thành tốt nhiệm vụ",
                 "Hoàn thành tốt nhiệm vụ", min="good", years=1),
            *pending,
            one,
        ]),
        "CSTD_TQ": terms(f"Điều 21 {L2022}", "centre", "4.50", f"Điều 54 {money}", [
            leaf("two-cstd-tinh", "consecutive", f"Điều 21 {L2022}: có 02 lần liên tục đạt danh hiệu Chiến sĩ thi "
                 "đua cấp tỉnh", "02 lần liên tục Chiến sĩ thi đua cấp tỉnh", codes=["CSTD_TINH"], years=6,
                 include_current=True),
            *pending,
        ]),
        "CO_CP": terms(f"Điều 25 {L2022}", "centre", "12.00", f"Điều 54 {money}", [*pending]),
        "BK_TTG_CN": terms(f"Điều 71 {L2022}", "centre", "1.50", f"Điều 54 {money}", [*pending]),
        "BK_TTG_TT": terms(f"Điều 71 {L2022}", "centre", "3.00", f"Điều 54 {money}", [*pending]),
        "HCLD_1": terms(f"Điều 45 {L2022}", "centre", "9.00", f"Điều 54 {money}", [*pending]),
        "HCLD_2": terms(f"Điều 45 {L2022}", "centre", "7.50", f"Điều 54 {money}", [*pending]),
        "HCLD_3": terms(f"Điều 45 {L2022}", "centre", "4.50", f"Điều 54 {money}", [*pending]),
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
            regimes[spec["code"]] = regime_model.objects.create(**spec)
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
            terms_model.objects.create(award_type=award_type, regime=regime, legal_basis=spec["legal_basis"],
                                       decided_by=spec["decided_by"], money_coefficient=spec["money_coefficient"],
                                       money_basis=spec["money_basis"])
            _install_rules(rule_model, award_type, regime, spec["rules"])
