"""The provincial catalog of emulation titles and commendation forms, with the rules a computer can check.

Seeded by a data migration; afterwards it is data the council office edits (numbers, legal basis, coefficients),
because the law changes (Luật Thi đua, khen thưởng 2022, Nghị định 98/2023/NĐ-CP, Nghị định 152/2025/NĐ-CP,
Thông tư 15/2025/TT-BNV) and provinces differ. The citations name the article of the 2022 Law the rule comes from;
the office should check them against the texts in force in its province.
"""

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
DECREE = "Nghị định số 98/2023/NĐ-CP"
CHAIRMAN = "Chủ tịch Ủy ban nhân dân tỉnh"
HEAD = "Thủ trưởng cơ quan, đơn vị"

ONE_AWARD = {"kind": "one_award", "params": {},
             "legal_basis": f"Khoản 3 Điều 5 {LAW}: một thành tích chỉ được đề nghị một hình thức khen thưởng"}

#: code, name, kind, level, recipient, issuing authority, legal basis, money coefficient, certificate heading,
#: rules (kind, params, legal basis).
AWARD_TYPES = [
    {
        "code": "LDTT", "name": "Lao động tiên tiến", "kind": "title", "level": "grassroots",
        "recipient": "person", "issuing_authority": HEAD, "legal_basis": f"Điều 24 {LAW}",
        "money_coefficient": "0.30", "certificate_heading": "",
        "rules": [
            {"kind": "rating", "params": {"min": "good", "years": 1},
             "legal_basis": f"Điểm a khoản 1 Điều 24 {LAW}: hoàn thành tốt nhiệm vụ trở lên"},
            {"kind": "discipline", "params": {"max": None, "years": 1},
             "legal_basis": f"Khoản 1 Điều 24 {LAW}: chấp hành tốt chủ trương, chính sách, pháp luật"},
            ONE_AWARD,
        ],
    },
    {
        "code": "CSTD_CS", "name": "Chiến sĩ thi đua cơ sở", "kind": "title", "level": "grassroots",
        "recipient": "person", "issuing_authority": HEAD, "legal_basis": f"Điều 23 {LAW}",
        "money_coefficient": "1.00", "certificate_heading": "",
        "rules": [
            {"kind": "prerequisite", "params": {"codes": ["LDTT"], "years_back": 0},
             "legal_basis": f"Điểm a Điều 23 {LAW}: đạt danh hiệu Lao động tiên tiến"},
            {"kind": "rating", "params": {"min": "excellent", "years": 1},
             "legal_basis": f"Điều 23 {LAW}: hoàn thành xuất sắc nhiệm vụ"},
            {"kind": "initiative", "params": {"min_level": "grassroots", "years": 1},
             "legal_basis": f"Điểm b Điều 23 {LAW}: có sáng kiến được công nhận"},
            {"kind": "quota", "params": {"of": "LDTT", "percent": 15},
             "legal_basis": f"Điều 4 {DECREE}: Chiến sĩ thi đua cơ sở không quá 15% số cá nhân đạt Lao động tiên tiến"},
            ONE_AWARD,
        ],
    },
    {
        "code": "CSTD_TINH", "name": "Chiến sĩ thi đua cấp tỉnh", "kind": "title", "level": "province",
        "recipient": "person", "issuing_authority": CHAIRMAN, "legal_basis": f"Điều 22 {LAW}",
        "money_coefficient": "3.00", "certificate_heading": "",
        "rules": [
            {"kind": "consecutive", "params": {"codes": ["CSTD_CS"], "years": 3, "include_current": True},
             "legal_basis": f"Điểm a khoản 2 Điều 22 {LAW}: 03 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở"},
            {"kind": "initiative", "params": {"min_level": "province", "years": 3},
             "legal_basis": f"Điểm b khoản 2 Điều 22 {LAW}: sáng kiến có phạm vi ảnh hưởng trong tỉnh"},
            ONE_AWARD,
        ],
    },
    {
        "code": "TTLDTT", "name": "Tập thể lao động tiên tiến", "kind": "title", "level": "grassroots",
        "recipient": "collective", "issuing_authority": HEAD, "legal_basis": f"Điều 28 {LAW}",
        "money_coefficient": "0.80", "certificate_heading": "",
        "rules": [
            {"kind": "rating", "params": {"min": "good", "years": 1},
             "legal_basis": f"Điểm a khoản 2 Điều 28 {LAW}: hoàn thành tốt nhiệm vụ"},
            {"kind": "unit_share", "params": {"field": "advanced_workers", "percent": 50},
             "legal_basis": f"Điểm c khoản 2 Điều 28 {LAW}: ít nhất 50% cá nhân đạt Lao động tiên tiến"},
            {"kind": "unit_discipline", "params": {"max": "reprimand"},
             "legal_basis": f"Điểm d khoản 2 Điều 28 {LAW}: không có cá nhân bị kỷ luật từ cảnh cáo trở lên"},
            ONE_AWARD,
        ],
    },
    {
        "code": "TTLDXS", "name": "Tập thể lao động xuất sắc", "kind": "title", "level": "province",
        "recipient": "collective", "issuing_authority": CHAIRMAN, "legal_basis": f"Điều 27 {LAW}",
        "money_coefficient": "1.50", "certificate_heading": "",
        "rules": [
            {"kind": "rating", "params": {"min": "excellent", "years": 1},
             "legal_basis": f"Điểm a khoản 1 Điều 27 {LAW}: hoàn thành xuất sắc nhiệm vụ"},
            {"kind": "unit_share", "params": {"field": "members_completed", "percent": 100},
             "legal_basis": f"Điểm c khoản 1 Điều 27 {LAW}: 100% cá nhân hoàn thành nhiệm vụ"},
            {"kind": "unit_share", "params": {"field": "advanced_workers", "percent": 70},
             "legal_basis": f"Điểm c khoản 1 Điều 27 {LAW}: ít nhất 70% cá nhân đạt Lao động tiên tiến"},
            {"kind": "unit_discipline", "params": {"max": "reprimand"},
             "legal_basis": f"Điểm d khoản 1 Điều 27 {LAW}: không có cá nhân bị kỷ luật từ cảnh cáo trở lên"},
            ONE_AWARD,
        ],
    },
    {
        "code": "CO_TINH", "name": "Cờ thi đua của Ủy ban nhân dân tỉnh", "kind": "title", "level": "province",
        "recipient": "collective", "issuing_authority": CHAIRMAN, "legal_basis": f"Điều 26 {LAW}",
        "money_coefficient": "8.00", "certificate_heading": "",
        "rules": [
            {"kind": "cluster_vote", "params": {},
             "legal_basis": f"Điểm a khoản 1 Điều 26 {LAW}: tiêu biểu xuất sắc, dẫn đầu cụm, khối thi đua "
                            "(bình xét, suy tôn)"},
            {"kind": "rating", "params": {"min": "excellent", "years": 1},
             "legal_basis": f"Điểm a khoản 1 Điều 26 {LAW}: hoàn thành vượt mức các chỉ tiêu, nhiệm vụ"},
            ONE_AWARD,
        ],
    },
    {
        "code": "BK_CN", "name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (cá nhân)", "kind": "form",
        "level": "province", "recipient": "person", "issuing_authority": CHAIRMAN,
        "legal_basis": f"Điều 74 {LAW}", "money_coefficient": "1.00", "certificate_heading": "BẰNG KHEN",
        "rules": [
            {"kind": "rating", "params": {"min": "excellent", "years": 2},
             "legal_basis": f"Khoản 1 Điều 74 {LAW}: 02 năm liên tục hoàn thành xuất sắc nhiệm vụ"},
            {"kind": "discipline", "params": {"max": None, "years": 2},
             "legal_basis": f"Khoản 1 Điều 74 {LAW}: gương mẫu chấp hành chủ trương, chính sách, pháp luật"},
            ONE_AWARD,
        ],
    },
    {
        "code": "BK_TT", "name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (tập thể)", "kind": "form",
        "level": "province", "recipient": "collective", "issuing_authority": CHAIRMAN,
        "legal_basis": f"Điều 74 {LAW}", "money_coefficient": "2.00", "certificate_heading": "BẰNG KHEN",
        "rules": [
            {"kind": "rating", "params": {"min": "excellent", "years": 2},
             "legal_basis": f"Khoản 2 Điều 74 {LAW}: 02 năm liên tục hoàn thành xuất sắc nhiệm vụ"},
            {"kind": "unit_discipline", "params": {"max": "reprimand"},
             "legal_basis": f"Khoản 2 Điều 74 {LAW}: nội bộ đoàn kết, thực hiện tốt quy chế dân chủ"},
            ONE_AWARD,
        ],
    },
    {
        "code": "GK_CN", "name": "Giấy khen (cá nhân)", "kind": "form", "level": "grassroots", "recipient": "person",
        "issuing_authority": HEAD, "legal_basis": f"Điều 75 {LAW}", "money_coefficient": "0.30",
        "certificate_heading": "GIẤY KHEN",
        "rules": [
            {"kind": "rating", "params": {"min": "good", "years": 1},
             "legal_basis": f"Khoản 1 Điều 75 {LAW}: hoàn thành tốt nhiệm vụ"},
            ONE_AWARD,
        ],
    },
    {
        "code": "GK_TT", "name": "Giấy khen (tập thể)", "kind": "form", "level": "grassroots",
        "recipient": "collective", "issuing_authority": HEAD, "legal_basis": f"Điều 75 {LAW}",
        "money_coefficient": "0.60", "certificate_heading": "GIẤY KHEN",
        "rules": [
            {"kind": "rating", "params": {"min": "good", "years": 1},
             "legal_basis": f"Khoản 2 Điều 75 {LAW}: hoàn thành tốt nhiệm vụ"},
            ONE_AWARD,
        ],
    },
]


def install(award_type_model, rule_model) -> None:
    """Create the catalog rows that are missing (by code); rows already there are left as the office set them."""
    existing = set(award_type_model.objects.values_list("code", flat=True))
    for order, spec in enumerate(AWARD_TYPES, start=1):
        if spec["code"] in existing:
            continue
        values = {k: v for k, v in spec.items() if k != "rules"}
        award_type = award_type_model.objects.create(order=order * 10, **values)
        for rule_order, rule in enumerate(spec["rules"], start=1):
            rule_model.objects.create(award_type=award_type, order=rule_order * 10, **rule)
