"""Vietnamese-looking names with diacritics, so that diacritics-insensitive search has real work to do.

Place names are common commune and district names; the combinations are invented, not a real province.
"""

PLACES = [
    "Tân Thịnh", "Đồng Tâm", "Hồng Phong", "Quang Trung", "Hòa Bình", "Phúc Lâm", "Yên Lư", "Nghĩa Trung",
    "Đức Thắng", "Xuân Hương", "Ngọc Châu", "Song Khê", "Đông Lỗ", "Lương Phong", "Thái Đào", "Bảo Sơn",
    "Cẩm Lý", "Đan Hội", "Phì Điền", "Quý Sơn", "Kiên Lao", "Hương Vĩ", "Bố Hạ", "Đồng Kỳ", "Tiến Dũng",
    "Nham Sơn", "Lãng Sơn", "Thắng Cương", "Ngọc Thiện", "Việt Lập", "Liên Chung", "Cao Xá", "Mỹ Hà",
    "Đào Mỹ", "Hương Sơn", "Tân Dĩnh", "Xương Lâm", "Dĩnh Trì", "Đa Mai", "Song Mai", "Tăng Tiến",
    "Vân Trung", "Quảng Minh", "Ninh Sơn", "Hoàng Ninh", "Nội Hoàng", "Tiền Phong", "Yên Định", "Cấm Sơn",
    "Phượng Sơn", "Biên Sơn", "Kim Sơn", "Đèo Gia", "Tân Hoa", "Phú Nhuận", "Đồng Cốc", "Nghĩa Hồ", "Giáp Sơn",
    "An Lạc", "Vân Sơn", "Hữu Sản", "Dương Hưu", "Long Sơn", "Thanh Luận", "Tuấn Đạo", "Lệ Viễn", "Vĩnh Khương",
    "Chiên Sơn", "Quế Sơn", "Bồng Am", "Phúc Sơn", "Tam Tiến", "Đồng Vương", "Hồng Kỳ", "Đồng Hưu", "Canh Nậu",
    "Xuân Lương", "Tam Hiệp", "Hương Vỹ", "Đông Sơn", "Đồng Lạc", "Bố Hạ", "Ngọc Vân", "Lam Cốt", "Liên Sơn",
    "Cao Thượng", "Quế Nham", "Phúc Hòa", "Hợp Đức", "Lan Giới", "Nhã Nam", "Đại Hóa", "Lạc Yên", "Tự Lạn",
    "Hoàng Vân", "Thái Sơn", "Đông Lỗ", "Đoan Bái", "Lương Phong", "Hùng Sơn", "Mai Trung", "Xuân Cẩm",
    "Bắc Lý", "Đức Giang", "Tân Mỹ", "Đồng Phúc", "Lãng Sơn", "Nội Hoàng", "Tư Mại", "Cảnh Thụy", "Trí Yên",
]

DISTRICTS = [
    "Hiệp Hòa", "Lạng Giang", "Lục Nam", "Lục Ngạn", "Sơn Động", "Tân Yên", "Việt Yên", "Yên Dũng", "Yên Thế",
    "Chũ", "Kép", "Đồi Ngô", "Bích Động", "Nếnh", "Neo", "Cầu Gồ", "Thắng", "Vôi", "Cao Thượng", "An Châu",
    "Tiên Du", "Quế Võ", "Thuận Thành", "Gia Bình", "Lương Tài", "Từ Sơn", "Yên Phong", "Đông Anh", "Sóc Sơn",
    "Mê Linh", "Phổ Yên", "Đại Từ", "Định Hóa", "Võ Nhai", "Phú Bình", "Đồng Hỷ", "Bình Gia", "Chi Lăng",
]

PERSONS = [
    "Nguyễn Trãi", "Lê Quý Đôn", "Trần Hưng Đạo", "Ngô Sĩ Liên", "Hoàng Hoa Thám", "Giáp Hải", "Lý Thường Kiệt",
    "Chu Văn An", "Nguyễn Du", "Phan Bội Châu", "Lê Lợi", "Quang Trung", "Tô Hiến Thành", "Nguyễn Đình Chiểu",
    "Võ Thị Sáu", "Hoàng Văn Thụ", "Thân Nhân Trung", "Nguyễn Khuyến", "Đào Sư Tích", "Hà Tông Quyền",
]

SECTORS = [
    ("Sở", "Nội vụ"), ("Sở", "Tài chính"), ("Sở", "Xây dựng"), ("Sở", "Y tế"), ("Sở", "Giáo dục và Đào tạo"),
    ("Sở", "Công Thương"), ("Sở", "Nông nghiệp và Môi trường"), ("Sở", "Khoa học và Công nghệ"),
    ("Sở", "Văn hóa, Thể thao và Du lịch"), ("Sở", "Tư pháp"), ("Sở", "Dân tộc và Tôn giáo"),
    ("Sở", "Ngoại vụ"), ("Ban", "Quản lý các khu công nghiệp"), ("Ban", "Quản lý dự án đầu tư xây dựng"),
    ("Chi cục", "Kiểm lâm"), ("Chi cục", "Thủy lợi"), ("Chi cục", "Chăn nuôi và Thú y"),
    ("Chi cục", "Quản lý đất đai"), ("Chi cục", "Văn thư - Lưu trữ"), ("Chi cục", "Dân số"),
]

#: (template, kind, share, parent): ``{p}`` a place, ``{d}`` a district, ``{s}`` a sector, ``{n}`` a person.
UNIT_TEMPLATES = [
    ("UBND xã {p}, huyện {d}", "locality", 30, "district"),
    ("UBND phường {p}, thị xã {d}", "locality", 8, "district"),
    ("UBND thị trấn {p}, huyện {d}", "locality", 3, "district"),
    ("{s0} {s1} tỉnh", "department", 4, "province"),
    ("Trường THPT {n} huyện {d}", "other", 6, "department"),
    ("Trường THCS {p}, huyện {d}", "other", 8, "district"),
    ("Trung tâm Y tế huyện {d} (cơ sở {p})", "other", 3, "department"),
    ("Bệnh viện Đa khoa khu vực {p}", "other", 2, "department"),
    ("Trạm Y tế xã {p}, huyện {d}", "other", 5, "district"),
    ("Công an xã {p}, huyện {d}", "central_agency", 3, None),
    ("Chi cục Thuế khu vực {d}", "central_agency", 1, None),
    ("Bảo hiểm xã hội huyện {d}", "central_agency", 1, None),
    ("Kho bạc Nhà nước khu vực {d}", "central_agency", 1, None),
    ("Hội Nông dân xã {p}, huyện {d}", "mass_organisation", 4, None),
    ("Đoàn Thanh niên xã {p}, huyện {d}", "mass_organisation", 3, None),
    ("Hội Liên hiệp Phụ nữ huyện {d}", "mass_organisation", 1, None),
    ("Hội Cựu chiến binh xã {p}", "mass_organisation", 2, None),
    ("Đài Phát thanh - Truyền hình huyện {d}", "press", 1, None),
    ("Công ty Cổ phần Đầu tư {p}", "enterprise", 4, None),
    ("Công ty TNHH Một thành viên Thủy lợi {d}", "enterprise", 1, None),
    ("Hợp tác xã Nông nghiệp {p}", "enterprise", 4, None),
    ("Quỹ Tín dụng nhân dân {p}", "enterprise", 2, None),
]

SHORT_PREFIXES = {
    "UBND xã ": "xã ", "UBND phường ": "phường ", "UBND thị trấn ": "TT ", "Trường THPT ": "THPT ",
    "Trường THCS ": "THCS ", "Trung tâm Y tế ": "TTYT ", "Bệnh viện Đa khoa ": "BVĐK ", "Trạm Y tế ": "TYT ",
    "Công an xã ": "CA xã ", "Hội Nông dân ": "HND ", "Đoàn Thanh niên ": "ĐTN ", "Hội Liên hiệp Phụ nữ ": "Hội LHPN ",
    "Hội Cựu chiến binh ": "Hội CCB ", "Công ty Cổ phần ": "CTCP ", "Hợp tác xã ": "HTX ",
}

CAMPAIGN_TITLES = [
    "Phong trào thi đua “Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau”",
    "Thi đua cao điểm chào mừng Đại hội đại biểu Đảng bộ tỉnh lần thứ XX",
    "Phong trào thi đua “Đẩy mạnh chuyển đổi số, xây dựng chính quyền số”",
    "Phong trào thi đua “Dân vận khéo” trong hệ thống chính trị",
    "Phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”",
    "Phong trào thi đua xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu",
    "Thi đua “Đổi mới, sáng tạo trong dạy và học”",
    "Đợt thi đua nước rút hoàn thành thắng lợi nhiệm vụ phát triển kinh tế - xã hội",
    "Phong trào thi đua “Doanh nghiệp Việt Nam thành công, hội nhập và phát triển”",
    "Thi đua đẩy mạnh cải cách hành chính, nâng cao chỉ số PAR Index và SIPAS",
    "Phong trào “Toàn dân bảo vệ an ninh Tổ quốc”",
    "Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”",
    "Thi đua phòng, chống thiên tai, dịch bệnh và bảo vệ môi trường",
    "Phong trào thi đua “Vì môi trường xanh, sạch, đẹp”",
    "Đợt thi đua đặc biệt chào mừng kỷ niệm 80 năm Cách mạng tháng Tám và Quốc khánh 2/9",
    "Phong trào thi đua “Lao động giỏi, lao động sáng tạo”",
    "Thi đua giải ngân vốn đầu tư công và thực hiện các công trình trọng điểm",
    "Phong trào “Học tập suốt đời” và xây dựng xã hội học tập",
    "Thi đua thực hiện sắp xếp đơn vị hành chính và tổ chức chính quyền địa phương hai cấp",
    "Phong trào thi đua “Chung sức xây dựng Bắc Giang giàu đẹp, văn minh”",
]

CONTENT_TITLES = [
    "Đẩy mạnh phát triển kinh tế, phấn đấu hoàn thành vượt mức các chỉ tiêu kế hoạch",
    "Thực hiện tốt công tác phòng, chống dịch bệnh, bảo vệ sức khỏe nhân dân",
    "Đẩy mạnh cải cách hành chính, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
    "Bảo đảm an sinh xã hội, chăm lo đời sống vật chất và tinh thần của Nhân dân",
    "Tập trung xây dựng nông thôn mới, đô thị văn minh",
    "Đẩy mạnh chuyển đổi số trong các cơ quan, đơn vị",
    "Giữ vững quốc phòng, an ninh, bảo đảm trật tự an toàn xã hội",
    "Tăng cường phòng, chống tham nhũng, tiêu cực, thực hành tiết kiệm, chống lãng phí",
    "Quản lý, bảo vệ tài nguyên và môi trường, chủ động ứng phó biến đổi khí hậu",
    "Phát hiện, bồi dưỡng, tổng kết và nhân rộng các điển hình tiên tiến",
    "Nâng cao chất lượng giáo dục và đào tạo, phát triển nguồn nhân lực",
    "Đẩy mạnh công tác thông tin, tuyên truyền về phong trào thi đua",
]

CONTENT_BODY = (
    "Các cơ quan, đơn vị, địa phương chủ động xây dựng kế hoạch cụ thể, phân công nhiệm vụ rõ người, rõ việc, "
    "rõ thời gian hoàn thành; tập trung chỉ đạo giải quyết dứt điểm những nhiệm vụ khó, có nguy cơ không hoàn "
    "thành; định kỳ hằng tháng báo cáo tiến độ thực hiện về Thường trực Hội đồng Thi đua - Khen thưởng tỉnh "
    "(qua Sở Nội vụ) để tổng hợp, báo cáo Chủ tịch UBND tỉnh."
)

DEADLINE_TITLES = [
    "Gửi Kế hoạch phát động phong trào thi đua của đơn vị",
    "Báo cáo sơ kết 6 tháng thực hiện phong trào thi đua",
    "Báo cáo tổng kết phong trào thi đua",
    "Gửi bảng tự chấm điểm thi đua",
    "Gửi biên bản họp bình xét, suy tôn của cụm, khối",
    "Gửi hồ sơ đề nghị khen thưởng",
    "Gửi danh sách điển hình tiên tiến, mô hình hay, cách làm sáng tạo",
    "Báo cáo số liệu thực hiện các chỉ tiêu",
]

DISTRIBUTION = [
    ("Thường trực Tỉnh ủy", "b/c"), ("Thường trực HĐND tỉnh", "b/c"), ("Chủ tịch, các PCT UBND tỉnh", ""),
    ("Ủy ban MTTQ Việt Nam tỉnh", ""), ("Các sở, ban, ngành, đoàn thể tỉnh", "t/h"),
    ("Các cơ quan Trung ương đóng trên địa bàn tỉnh", "t/h"), ("UBND các huyện, thị xã, thành phố", "t/h"),
    ("Báo Bắc Giang, Đài Phát thanh - Truyền hình tỉnh", "đưa tin"), ("Cổng Thông tin điện tử tỉnh", "đăng tải"),
    ("Lưu: VT, NC", ""),
]

LEGAL_BASIS = [
    "Luật Thi đua, khen thưởng ngày 15/6/2022",
    "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành một số điều của "
    "Luật Thi đua, khen thưởng",
    "Thông tư số 15/2025/TT-BNV của Bộ Nội vụ",
]
