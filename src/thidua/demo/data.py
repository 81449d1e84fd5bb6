"""The demo province: real unit names of Bắc Giang in 2021, grouped in illustrative 2021 clusters and blocks.

The names are real; the grouping into clusters and blocks, and who heads each, is illustrative.
"""

from thidua.org.enums import ClusterKind, UnitKind

PROVINCE = ("UBND-BG", "Ủy ban nhân dân tỉnh Bắc Giang", "UBND tỉnh Bắc Giang", UnitKind.PROVINCE)
SUCCESSOR = ("UBND-BN", "Ủy ban nhân dân tỉnh Bắc Ninh", "UBND tỉnh Bắc Ninh", UnitKind.PROVINCE)
#: Nghị quyết 202/2025/QH15 merged Bắc Giang into Bắc Ninh from 1/7/2025; district level ended the same day.
MERGER_DECISION = "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"
MERGER_DATE = (2025, 7, 1)

LOCALITIES = [
    ("TP-BG", "UBND thành phố Bắc Giang", "TP Bắc Giang"),
    ("H-HH", "UBND huyện Hiệp Hòa", "Hiệp Hòa"),
    ("H-LG", "UBND huyện Lạng Giang", "Lạng Giang"),
    ("H-LNAM", "UBND huyện Lục Nam", "Lục Nam"),
    ("H-LNGAN", "UBND huyện Lục Ngạn", "Lục Ngạn"),
    ("H-SD", "UBND huyện Sơn Động", "Sơn Động"),
    ("H-TY", "UBND huyện Tân Yên", "Tân Yên"),
    ("H-VY", "UBND huyện Việt Yên", "Việt Yên"),
    ("H-YD", "UBND huyện Yên Dũng", "Yên Dũng"),
    ("H-YT", "UBND huyện Yên Thế", "Yên Thế"),
]

DEPARTMENTS = [
    ("VP-UBND", "Văn phòng UBND tỉnh", "VP UBND tỉnh"),
    ("VP-DDBQH", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "VP Đoàn ĐBQH và HĐND"),
    ("SNV", "Sở Nội vụ", "Sở Nội vụ"),
    ("STC", "Sở Tài chính", "Sở Tài chính"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"),
    ("SCT", "Sở Công Thương", "Sở Công Thương"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT"),
    ("SXD", "Sở Xây dựng", "Sở Xây dựng"),
    ("SGTVT", "Sở Giao thông vận tải", "Sở GTVT"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
    ("SYT", "Sở Y tế", "Sở Y tế"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT"),
    ("STP", "Sở Tư pháp", "Sở Tư pháp"),
    ("SNGV", "Sở Ngoại vụ", "Sở Ngoại vụ"),
    ("TTR", "Thanh tra tỉnh", "Thanh tra tỉnh"),
    ("BDT", "Ban Dân tộc tỉnh", "Ban Dân tộc"),
    ("BQL-KCN", "Ban Quản lý các khu công nghiệp tỉnh", "BQL các KCN"),
]

CENTRAL_AGENCIES = [
    ("CA", "Công an tỉnh", "Công an tỉnh"),
    ("BCHQS", "Bộ Chỉ huy Quân sự tỉnh", "Bộ CHQS tỉnh"),
    ("TAND", "Tòa án nhân dân tỉnh", "TAND tỉnh"),
    ("VKSND", "Viện Kiểm sát nhân dân tỉnh", "VKSND tỉnh"),
    ("CTHADS", "Cục Thi hành án dân sự tỉnh", "Cục THADS"),
    ("CT", "Cục Thuế tỉnh", "Cục Thuế"),
    ("KBNN", "Kho bạc Nhà nước Bắc Giang", "KBNN Bắc Giang"),
    ("BHXH", "Bảo hiểm xã hội tỉnh", "BHXH tỉnh"),
    ("NHNN", "Ngân hàng Nhà nước Việt Nam - Chi nhánh tỉnh Bắc Giang", "NHNN Chi nhánh Bắc Giang"),
    ("CTK", "Cục Thống kê tỉnh", "Cục Thống kê"),
    ("BD", "Bưu điện tỉnh Bắc Giang", "Bưu điện tỉnh"),
    ("VIETTEL", "Viettel Bắc Giang", "Viettel Bắc Giang"),
]

ENTERPRISES = [
    ("PCBG", "Công ty Điện lực Bắc Giang", "Điện lực Bắc Giang"),
]

MASS_ORGANISATIONS = [
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "UBMTTQ tỉnh"),
    ("LDLD", "Liên đoàn Lao động tỉnh", "LĐLĐ tỉnh"),
    ("TD", "Tỉnh đoàn Bắc Giang", "Tỉnh đoàn"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN tỉnh"),
    ("HND", "Hội Nông dân tỉnh", "Hội Nông dân tỉnh"),
    ("HCCB", "Hội Cựu chiến binh tỉnh", "Hội CCB tỉnh"),
    ("LMHTX", "Liên minh Hợp tác xã tỉnh", "Liên minh HTX tỉnh"),
    ("HCTD", "Hội Chữ thập đỏ tỉnh", "Hội Chữ thập đỏ tỉnh"),
]

PRESS = [
    ("BAO-BG", "Báo Bắc Giang", "Báo Bắc Giang"),
    ("DAI-PTTH", "Đài Phát thanh và Truyền hình tỉnh Bắc Giang", "Đài PT-TH tỉnh"),
]

#: (name, kind, head code, deputy code, member codes) for 2021.
CLUSTERS_2021 = [
    ("Cụm thi đua số 1", ClusterKind.CLUSTER, "H-HH", "H-TY", ["H-HH", "H-TY", "H-VY", "H-YT", "TP-BG"]),
    ("Cụm thi đua số 2", ClusterKind.CLUSTER, "H-LNAM", "H-LNGAN", ["H-LNAM", "H-LNGAN", "H-SD", "H-LG", "H-YD"]),
    ("Khối các cơ quan tổng hợp", ClusterKind.BLOCK, "VP-UBND", "SNV",
     ["VP-UBND", "VP-DDBQH", "SNV", "STTTT", "SNGV", "BDT", "TTR", "STP"]),
    ("Khối kinh tế", ClusterKind.BLOCK, "SKHDT", "STC",
     ["SKHDT", "STC", "SCT", "SNNPTNT", "STNMT", "SXD", "SGTVT", "SKHCN", "BQL-KCN"]),
    ("Khối văn hóa - xã hội", ClusterKind.BLOCK, "SYT", "SGDDT",
     ["SYT", "SGDDT", "SLDTBXH", "SVHTTDL", "BAO-BG", "DAI-PTTH"]),
    ("Khối nội chính", ClusterKind.BLOCK, "CA", "BCHQS", ["CA", "BCHQS", "TAND", "VKSND", "CTHADS"]),
    ("Khối các cơ quan Trung ương và doanh nghiệp", ClusterKind.BLOCK, "CT", "KBNN",
     ["CT", "KBNN", "BHXH", "NHNN", "CTK", "BD", "VIETTEL", "PCBG"]),
    ("Khối các đoàn thể", ClusterKind.BLOCK, "MTTQ", "LDLD",
     ["MTTQ", "LDLD", "TD", "HLHPN", "HND", "HCCB", "LMHTX", "HCTD"]),
]

DEMO_PASSWORD = "thidua-demo"

#: (username, full name, role, unit code, what the login is for)
DEMO_USERS = [
    ("vanphong", "Nguyễn Thị Thu", "council_office", "SNV", "Thường trực HĐTĐKT tỉnh (Sở Nội vụ)"),
    ("chutich", "Lê Ánh Dương", "leader", "UBND-BG", "Chủ tịch UBND tỉnh"),
    ("hiephoa", "Trần Văn Hùng", "unit_clerk", "H-HH", "Cán bộ TĐKT UBND huyện Hiệp Hòa (cụm trưởng Cụm 1)"),
    ("yenthe", "Hoàng Thị Lan", "unit_clerk", "H-YT", "Cán bộ TĐKT UBND huyện Yên Thế"),
    ("soyte", "Phạm Minh Đức", "unit_clerk", "SYT", "Cán bộ TĐKT Sở Y tế (khối trưởng Khối VH-XH)"),
    ("thanhvien", "Vũ Quang Huy", "council_member", "SNV", "Thành viên Hội đồng TĐKT tỉnh"),
]
