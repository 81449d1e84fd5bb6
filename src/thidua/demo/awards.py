"""The demo's commendations: the holiday calendar, people with five years of history, the registry of past awards,
a closed emulation-flag vote, and the 2021 dossiers at every step of their path.

The people and their facts are invented (names typical of Bắc Giang); they are chosen so that every kind of rule
in the catalog has, among the 2021 nominees, someone who passes it and someone who fails it:

=================  ===========================================================================================
rule               passes / fails (2021 nominee, dossier)
=================  ===========================================================================================
prerequisite       Giáp Thị Thu Hà (CSTĐ cơ sở, LĐTT 2021 on record) / Trần Đức Minh (no LĐTT 2021)
consecutive        Nguyễn Thị Hồng Nhung (CSTĐ cơ sở 2018–2019 at Yên Thế, 2020–2021 at Hiệp Hòa) /
                   Thân Văn Toàn (CSTĐ cơ sở 2019 and 2021, not 2020)
rating             most / Vi Thị Hoa (Bằng khen: only "good" in 2020), Đặng Văn Hải, Dương Văn Khánh
initiative         Nhung (province level, 2021) / Toàn (grassroots level only)
discipline         most / Đặng Văn Hải (warning, 2021), Dương Văn Khánh (reprimand, 2020)
quota              Hiệp Hòa, Yên Thế / Ban Dân tộc: 3 CSTĐ cơ sở for 16 LĐTT (at most 2), dossier returned
one_award          most / Nguyễn Văn Thắng, proposed for a Bằng khen and a Giấy khen for the same achievement
unit_share         Sở Tài chính (TTLĐXS) / Sở KH&ĐT (TTLĐXS: 58 of 60 members completed their tasks)
unit_discipline    Sở Tài chính, Sở Y tế / UBND huyện Yên Thế (a member warned in 2021)
cluster_vote       Sở KH&ĐT (8 of 9 votes in Khối kinh tế) / Sở Tài chính (1 of 9)
=================  ===========================================================================================
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from thidua.accounts.models import User
from thidua.awards import catalog, services
from thidua.awards.enums import NominationStatus
from thidua.awards.models import Award, AwardType, Nomination
from thidua.campaigns.models import Campaign
from thidua.core.audit import log_actions
from thidua.core.models import Holiday
from thidua.core.workdays import add_working_days
from thidua.evaluation import services as evaluation
from thidua.evaluation.enums import AwardQuota
from thidua.evaluation.models import BallotCast, Candidate
from thidua.org import services as org
from thidua.org.models import Cluster, Person, Unit

S = NominationStatus
D = datetime.date

# ── holidays ─────────────────────────────────────────────────────────────────────────────────────────────────


def _run(start: str, days: int, name: str) -> list[tuple[str, str]]:
    first = D.fromisoformat(start)
    return [((first + datetime.timedelta(days=n)).isoformat(), name) for n in range(days)]


NEW_YEAR = "Tết Dương lịch"
HUNG_KINGS = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
VICTORY = "Ngày Chiến thắng (30/4)"
LABOUR = "Ngày Quốc tế Lao động (1/5)"
NATIONAL = "Quốc khánh (2/9)"
NATIONAL_NEXT = "Quốc khánh (ngày nghỉ liền kề)"
CULTURE = "Ngày Văn hóa Việt Nam (24/11)"


def _makeup(name: str) -> str:
    return f"Nghỉ bù {name[0].lower()}{name[1:]}"


def _swap(saturday: str) -> str:
    return f"Nghỉ hoán đổi (làm bù thứ Bảy {saturday})"


#: Public holidays and the days off the government announced (Bộ Luật Lao động 2019, Điều 112: Tết Dương lịch,
#: 5 days of Tết Nguyên đán, Giỗ Tổ, 30/4, 1/5, 2/9 and a day next to it; a holiday on a weekend is made up on the
#: next working day). Tết runs over the announced days off, weekends included. 2027 follows the custom (5 days
#: of Tết around the lunar new year, made up where they fall on a weekend) as far as it is announced.
HOLIDAYS: list[tuple[str, str]] = [
    # 2021: Tết Tân Sửu on Friday 12/2.
    ("2021-01-01", NEW_YEAR),
    *_run("2021-02-10", 7, "Tết Nguyên đán Tân Sửu"),
    ("2021-04-21", HUNG_KINGS), ("2021-04-30", VICTORY), ("2021-05-01", LABOUR), ("2021-05-03", _makeup(LABOUR)),
    ("2021-09-02", NATIONAL), ("2021-09-03", NATIONAL_NEXT),
    # 2022: Tết Nhâm Dần on Tuesday 1/2.
    ("2022-01-01", NEW_YEAR), ("2022-01-03", _makeup(NEW_YEAR)),
    *_run("2022-01-31", 5, "Tết Nguyên đán Nhâm Dần"),
    ("2022-04-10", HUNG_KINGS), ("2022-04-11", _makeup(HUNG_KINGS)),
    ("2022-04-30", VICTORY), ("2022-05-01", LABOUR), ("2022-05-02", _makeup(VICTORY)), ("2022-05-03", _makeup(LABOUR)),
    ("2022-09-01", NATIONAL_NEXT), ("2022-09-02", NATIONAL),
    # 2023: Tết Quý Mão on Sunday 22/1.
    ("2023-01-01", NEW_YEAR), ("2023-01-02", _makeup(NEW_YEAR)),
    *_run("2023-01-20", 7, "Tết Nguyên đán Quý Mão"),
    ("2023-04-29", HUNG_KINGS), ("2023-04-30", VICTORY), ("2023-05-01", LABOUR),
    ("2023-05-02", _makeup(HUNG_KINGS)), ("2023-05-03", _makeup(VICTORY)),
    ("2023-09-01", NATIONAL_NEXT), ("2023-09-02", NATIONAL), ("2023-09-04", _makeup(NATIONAL)),
    # 2024: Tết Giáp Thìn on Saturday 10/2.
    ("2024-01-01", NEW_YEAR),
    *_run("2024-02-08", 7, "Tết Nguyên đán Giáp Thìn"),
    ("2024-04-18", HUNG_KINGS), ("2024-04-29", _swap("04/5/2024")), ("2024-04-30", VICTORY), ("2024-05-01", LABOUR),
    ("2024-09-02", NATIONAL), ("2024-09-03", NATIONAL_NEXT),
    # 2025: Tết Ất Tỵ on Wednesday 29/1.
    ("2025-01-01", NEW_YEAR),
    *_run("2025-01-27", 6, "Tết Nguyên đán Ất Tỵ"),
    ("2025-04-07", HUNG_KINGS), ("2025-04-30", VICTORY), ("2025-05-01", LABOUR), ("2025-05-02", _swap("26/4/2025")),
    ("2025-09-01", NATIONAL_NEXT), ("2025-09-02", NATIONAL),
    # 2026: Tết Bính Ngọ on Tuesday 17/2.
    ("2026-01-01", NEW_YEAR),
    *_run("2026-02-16", 5, "Tết Nguyên đán Bính Ngọ"),
    ("2026-04-26", HUNG_KINGS), ("2026-04-27", _makeup(HUNG_KINGS)), ("2026-04-30", VICTORY), ("2026-05-01", LABOUR),
    ("2026-08-31", _swap("22/8/2026")), ("2026-09-01", NATIONAL_NEXT), ("2026-09-02", NATIONAL),
    ("2026-11-24", CULTURE),
    # 2027: Tết Đinh Mùi on Saturday 6/2.
    ("2027-01-01", NEW_YEAR),
    *_run("2027-02-04", 7, "Tết Nguyên đán Đinh Mùi"),
    ("2027-04-16", HUNG_KINGS), ("2027-04-30", VICTORY), ("2027-05-01", LABOUR), ("2027-05-03", _makeup(LABOUR)),
    ("2027-09-02", NATIONAL), ("2027-09-03", NATIONAL_NEXT),
    ("2027-11-24", CULTURE),
]

# ── people and their history ─────────────────────────────────────────────────────────────────────────────────

FIRST_YEAR, LAST_YEAR = 2017, 2021
RATING_CODES = {"E": "excellent", "G": "good", "C": "completed", "N": "not_completed"}


@dataclass
class Someone:
    """A demo person: jobs (unit code, start, position), a rating per year 2017–2021 (E/G/C/N), recognised
    initiatives (year, level, title, recognised by), discipline (year, measure, decision) and the titles and forms
    already in the registry (code -> years)."""

    name: str
    born: str
    national_id: str
    jobs: list[tuple[str, str, str]]
    ratings: str
    titles: dict[str, list[int]]
    initiatives: list[tuple[int, str, str, str]] = field(default_factory=list)
    discipline: list[tuple[int, str, str]] = field(default_factory=list)

    def unit_in(self, year: int) -> str:
        """The unit the person worked in during ``year`` (the last job started by then)."""
        return [code for code, start, _position in self.jobs if int(start[:4]) <= year][-1]


ALL = list(range(FIRST_YEAR, LAST_YEAR + 1))
UNTIL_2020 = list(range(FIRST_YEAR, LAST_YEAR))

PEOPLE = [
    # Hiệp Hòa
    Someone("Nguyễn Thị Hồng Nhung", "1986-05-14", "024186003517",
            [("H-YT", "2012-09-01", "Chuyên viên Phòng Nội vụ"), ("H-HH", "2020-01-01", "Phó Trưởng phòng Nội vụ")],
            "EEEEE", {"LDTT": ALL, "CSTD_CS": [2018, 2019, 2020, 2021]},
            initiatives=[
                (2018, "grassroots", "Sổ theo dõi điện tử hồ sơ thi đua, khen thưởng của huyện",
                 "Hội đồng sáng kiến huyện Yên Thế"),
                (2019, "grassroots", "Quy trình bình xét danh hiệu thi đua theo phiếu điện tử tại các xã, thị trấn",
                 "Hội đồng sáng kiến huyện Yên Thế"),
                (2020, "grassroots", "Bộ mẫu hồ sơ khen thưởng dùng chung cho các xã, thị trấn",
                 "Hội đồng sáng kiến huyện Hiệp Hòa"),
                (2021, "province", "Tiếp nhận và thẩm định hồ sơ khen thưởng cấp huyện trên môi trường điện tử",
                 "Hội đồng sáng kiến tỉnh Bắc Giang"),
            ]),
    Someone("Thân Văn Toàn", "1979-11-02", "024079001842",
            [("H-HH", "2010-08-01", "Trưởng phòng Tài chính - Kế hoạch")],
            "GEEGE", {"LDTT": ALL, "CSTD_CS": [2019, 2021], "BK_CN": [2019]},
            initiatives=[
                (2019, "grassroots", "Giao dự toán ngân sách xã theo kết quả thực hiện nhiệm vụ",
                 "Hội đồng sáng kiến huyện Hiệp Hòa"),
                (2021, "grassroots", "Theo dõi giải ngân vốn đầu tư công theo tuần trên bảng tính dùng chung",
                 "Hội đồng sáng kiến huyện Hiệp Hòa"),
            ]),
    Someone("Giáp Thị Thu Hà", "1990-03-08", "024190007236",
            [("H-HH", "2015-03-01", "Chuyên viên Văn phòng HĐND và UBND huyện")],
            "GGEGE", {"LDTT": ALL},
            initiatives=[(2021, "grassroots", "Hẹn trả kết quả thủ tục hành chính qua tin nhắn tại Bộ phận một cửa",
                          "Hội đồng sáng kiến huyện Hiệp Hòa")]),
    Someone("Nguyễn Văn Thắng", "1976-09-25", "024076004418",
            [("H-HH", "2009-10-01", "Phó Chánh Văn phòng HĐND và UBND huyện")],
            "GGGEE", {"LDTT": ALL}),
    # Yên Thế
    Someone("Trần Đức Minh", "1983-07-21", "024083002975",
            [("H-YT", "2016-07-01", "Trưởng phòng Nông nghiệp và Phát triển nông thôn")],
            "GGGGE", {"LDTT": UNTIL_2020},
            initiatives=[(2021, "grassroots", "Liên kết chăn nuôi gà đồi Yên Thế theo chuỗi giá trị",
                          "Hội đồng sáng kiến huyện Yên Thế")]),
    Someone("Đặng Văn Hải", "1975-01-15", "024075006630",
            [("H-YT", "2008-05-01", "Chuyên viên Phòng Tài nguyên và Môi trường")],
            "GCGGC", {"LDTT": [2017, 2019, 2020]},
            discipline=[(2021, "warning", "Quyết định số 215/QĐ-UBND ngày 16/8/2021 của Chủ tịch UBND huyện Yên Thế")]),
    Someone("Nguyễn Thị Thanh Huyền", "1988-12-03", "024188005104",
            [("H-YT", "2013-09-01", "Phó Trưởng phòng Giáo dục và Đào tạo")],
            "GEGEE", {"LDTT": ALL},
            initiatives=[(2020, "grassroots", "Dạy học trực tuyến cho học sinh vùng đồi trong thời gian giãn cách",
                          "Hội đồng sáng kiến UBND huyện Yên Thế"),
                         (2021, "grassroots", "Kho học liệu số dùng chung cho các trường tiểu học",
                          "Hội đồng sáng kiến UBND huyện Yên Thế")]),
    # Sở Y tế
    Someone("Phạm Thị Thanh Thủy", "1974-04-17", "024174000926",
            [("SYT", "2005-06-01", "Phó Giám đốc Sở")],
            "EEEEE", {"LDTT": ALL, "CSTD_CS": [2020, 2021]},
            initiatives=[
                (2020, "grassroots", "Phân luồng, sàng lọc người bệnh nghi nhiễm COVID-19 tại cơ sở khám bệnh",
                 "Hội đồng sáng kiến Sở Y tế"),
                (2021, "grassroots", "Điều phối thu dung, điều trị người bệnh COVID-19 theo ba tầng",
                 "Hội đồng sáng kiến Sở Y tế"),
            ]),
    Someone("Nguyễn Đức Trung", "1981-08-30", "024081003381",
            [("SYT", "2011-02-01", "Trưởng phòng Nghiệp vụ Y")],
            "GEEEE", {"LDTT": ALL}),
    Someone("Vi Thị Hoa", "1987-06-11", "024187008842",
            [("SYT", "2014-04-01", "Chuyên viên Phòng Tổ chức cán bộ")],
            "GGGGE", {"LDTT": ALL}),
    # Sở Kế hoạch và Đầu tư
    Someone("Dương Văn Khánh", "1980-02-19", "024080007713",
            [("SKHDT", "2007-09-01", "Trưởng phòng Đăng ký kinh doanh")],
            "EGECE", {"LDTT": [2017, 2018, 2019, 2021]},
            discipline=[(2020, "reprimand",
                         "Quyết định số 96/QĐ-SKHĐT ngày 12/5/2020 của Giám đốc Sở Kế hoạch và Đầu tư")]),
    # Sở Tài chính
    Someone("Nguyễn Thị Minh Trang", "1992-10-07", "024192001265",
            [("STC", "2016-10-01", "Chuyên viên Phòng Quản lý ngân sách")],
            "GGEEE", {"LDTT": ALL, "CSTD_CS": [2021]},
            initiatives=[(2020, "grassroots", "Đối chiếu số liệu thu, chi ngân sách tự động với Kho bạc",
                          "Hội đồng sáng kiến Sở Tài chính"),
                         (2021, "grassroots", "Theo dõi giải ngân vốn đầu tư công theo thời gian thực",
                          "Hội đồng sáng kiến Sở Tài chính")]),
    # Ban Dân tộc
    Someone("Hà Thị Nguyệt", "1984-01-28", "024184004057",
            [("BDT", "2012-02-01", "Phó Chánh Văn phòng")],
            "GEGEE", {"LDTT": ALL},
            initiatives=[(2021, "grassroots", "Sổ tay chính sách dân tộc bằng tiếng Nùng, tiếng Dao",
                          "Hội đồng sáng kiến Ban Dân tộc tỉnh")]),
    Someone("Lăng Văn Thành", "1982-05-05", "024082009318",
            [("BDT", "2010-06-01", "Trưởng phòng Chính sách dân tộc")],
            "GGEGE", {"LDTT": ALL},
            initiatives=[(2021, "grassroots", "Theo dõi hỗ trợ nhà ở cho hộ nghèo dân tộc thiểu số trên bản đồ số",
                          "Hội đồng sáng kiến Ban Dân tộc tỉnh")]),
    Someone("Triệu Thị Xuân", "1991-11-13", "024191002749",
            [("BDT", "2016-03-01", "Chuyên viên Phòng Tuyên truyền - Địa bàn")],
            "GGGEE", {"LDTT": ALL},
            initiatives=[(2021, "grassroots", "Tuyên truyền pháp luật cho đồng bào vùng cao qua loa truyền thanh thôn",
                          "Hội đồng sáng kiến Ban Dân tộc tỉnh")]),
]

#: unit code -> per year 2017–2021: (members, members who completed their tasks, LĐTT, rating, worst discipline).
UNIT_YEARS = {
    "H-HH": [(92, 91, 62, "G", ""), (94, 93, 64, "G", ""), (95, 95, 66, "E", ""), (97, 96, 68, "E", ""),
             (98, 98, 70, "E", "")],
    "H-YT": [(84, 83, 55, "G", ""), (85, 83, 52, "G", ""), (86, 85, 57, "G", ""), (87, 86, 58, "G", ""),
             (88, 86, 58, "G", "warning")],
    "SYT": [(60, 60, 48, "G", ""), (61, 61, 50, "E", ""), (63, 63, 53, "E", ""), (64, 64, 56, "E", ""),
            (66, 66, 58, "E", "")],
    "SKHDT": [(56, 56, 44, "E", ""), (57, 57, 46, "E", ""), (58, 58, 47, "E", ""), (59, 58, 44, "E", "reprimand"),
              (60, 58, 45, "E", "")],
    "STC": [(68, 67, 50, "G", ""), (69, 69, 52, "G", ""), (70, 70, 54, "E", ""), (71, 71, 55, "E", ""),
            (72, 72, 56, "E", "")],
    "BDT": [(20, 20, 14, "G", ""), (21, 21, 15, "G", ""), (21, 21, 15, "G", ""), (22, 22, 16, "G", ""),
            (22, 22, 16, "G", "")],
}

#: Collectives' titles and forms already in the registry: (unit code, award type code, years).
UNIT_AWARDS = [
    ("H-HH", "TTLDTT", [2017, 2018]), ("H-HH", "TTLDXS", [2019, 2020]), ("H-HH", "CO_TINH", [2019]),
    ("H-YT", "TTLDTT", UNTIL_2020),
    ("SYT", "TTLDTT", [2017]), ("SYT", "TTLDXS", [2018, 2019, 2020]),
    ("SKHDT", "TTLDXS", [2017, 2018, 2019, 2020]),
    ("STC", "TTLDTT", [2017, 2018]), ("STC", "TTLDXS", [2019, 2020]),
    ("BDT", "TTLDTT", UNTIL_2020),
]

#: Who decides a unit's grassroots titles, for the references of its decisions: (symbol, signer, first number).
UNIT_DECIDERS = {
    "H-HH": ("QĐ-UBND", "Chủ tịch UBND huyện Hiệp Hòa", 18),
    "H-YT": ("QĐ-UBND", "Chủ tịch UBND huyện Yên Thế", 25),
    "SYT": ("QĐ-SYT", "Giám đốc Sở Y tế", 12),
    "SKHDT": ("QĐ-SKHĐT", "Giám đốc Sở Kế hoạch và Đầu tư", 9),
    "STC": ("QĐ-STC", "Giám đốc Sở Tài chính", 15),
    "BDT": ("QĐ-BDT", "Trưởng Ban Dân tộc tỉnh", 4),
}
PROVINCE_LEVEL = {"CSTD_TINH", "TTLDXS", "CO_TINH", "BK_CN", "BK_TT"}
#: The Chairman's yearly decision on the province-level titles and forms, by the year they are for.
PROVINCE_DECISIONS = {2017: (196, "30/01/2018"), 2018: (211, "28/01/2019"), 2019: (245, "25/02/2020"),
                      2020: (158, "29/01/2021")}


def _reference(code: str, unit_code: str, year: int) -> str:
    if code in PROVINCE_LEVEL:
        number, signed = PROVINCE_DECISIONS[year]
        return f"Quyết định số {number}/QĐ-UBND ngày {signed} của Chủ tịch UBND tỉnh Bắc Giang"
    symbol, signer, first = UNIT_DECIDERS[unit_code]
    return (f"Quyết định số {first + 7 * (year - FIRST_YEAR)}/{symbol} ngày {8 + year % 7:02d}/01/{year + 1} "
            f"của {signer}")


# ── loading ──────────────────────────────────────────────────────────────────────────────────────────────────


#: The province's regulation after the merger of 1/7/2025 (its numbers are the office's to enter: the texts read
#: for the demo did not show them, see docs/law/nd152-2025-va-quy-dinh-tinh.md).
PROVINCE_REGULATION = {"name": "Quy định về công tác thi đua, khen thưởng trên địa bàn tỉnh Bắc Ninh",
                       "decision_reference": "86/2025/QĐ-UBND ngày 03/12/2025", "valid_from": D(2025, 12, 3)}


def _load_province_regulation() -> None:
    from thidua.awards import regulation
    from thidua.awards.models import LegalRegime

    if not LegalRegime.objects.filter(decision_reference=PROVINCE_REGULATION["decision_reference"]).exists():
        regulation.province_regulation_create(by=None, **PROVINCE_REGULATION)


def load_awards(campaign: Campaign, units: dict[str, Unit]) -> dict[str, int]:
    """Everything above, through the services (by the system); the holidays and the ballots of the closed vote
    in one insert each. Returns counts."""
    holidays = _load_holidays()
    # The catalog comes with the migrations; a database emptied since (``flush``, transactional tests) lacks it.
    catalog.install()
    _load_province_regulation()
    types = {t.code: t for t in AwardType.objects.all()}
    people = _load_people(units, types)
    _load_unit_years(units, types)
    flag = _load_flag_vote(campaign, units)
    dossiers = _load_dossiers(campaign, units, people, types)
    from .councils import load_councils

    dossiers.update(load_councils(campaign, units, people, types, dossiers))
    return {"holidays": holidays, "people": len(people), "awards": Award.objects.count(),
            "dossiers": len(dossiers), "ballots": flag}


def _load_holidays() -> int:
    """The calendar is reference data with no service of its own (the office edits it in the admin)."""
    return len(Holiday.objects.bulk_create([Holiday(date=D.fromisoformat(day), name=name) for day, name in HOLIDAYS]))


def _load_people(units: dict[str, Unit], types: dict[str, AwardType]) -> dict[str, Person]:
    people = {}
    for someone in PEOPLE:
        person = org.person_create(by=None, full_name=someone.name, date_of_birth=D.fromisoformat(someone.born),
                                   national_id=someone.national_id)
        for code, start, position in someone.jobs:
            org.employment_record(by=None, person=person, unit=units[code], position=position,
                                  started_on=D.fromisoformat(start))
        for year, letter in zip(ALL, someone.ratings, strict=True):
            services.rating_record(by=None, person=person, unit=units[someone.unit_in(year)], year=year,
                                   rating=RATING_CODES[letter])
        for year, level, title, recognised_by in someone.initiatives:
            services.initiative_record(by=None, person=person, year=year, title=title, level=level,
                                       recognition_reference=recognised_by)
        for year, measure, decision in someone.discipline:
            services.discipline_record(by=None, person=person, year=year, measure=measure,
                                       decision_reference=decision)
        for code, years in someone.titles.items():
            for year in years:
                unit_code = someone.unit_in(year)
                services.award_register(by=None, award_type=types[code], year=year, person=person,
                                        unit=units[unit_code], decision_reference=_reference(code, unit_code, year))
        people[someone.name] = person
    return people


#: Collectives whose 2021 figures say they exceeded their targets (the Cờ thi đua asks it).
EXCEEDED_TARGETS_2021 = {"SKHDT", "SYT", "H-HH"}


def _load_unit_years(units: dict[str, Unit], types: dict[str, AwardType]) -> None:
    for code, rows in UNIT_YEARS.items():
        for year, (members, completed, advanced, rating, worst) in zip(ALL, rows, strict=True):
            services.unit_year_record(by=None, unit=units[code], year=year, member_count=members,
                                      members_completed=completed, advanced_workers=advanced,
                                      rating=RATING_CODES[rating], worst_discipline=worst,
                                      exceeded_targets=(code in EXCEEDED_TARGETS_2021) if year == 2021 else None)
    for code, type_code, years in UNIT_AWARDS:
        for year in years:
            services.award_register(by=None, award_type=types[type_code], year=year, unit=units[code],
                                    decision_reference=_reference(type_code, code, year))


FLAG_BLOCK = "Khối kinh tế"
#: Ballots for each candidate in the block's emulation-flag vote (one choice per ballot; every member voted).
FLAG_VOTES = {"SKHDT": 8, "STC": 1}
#: Who held and counted that vote, for its minutes (the block's head, Sở KH&ĐT, chaired; names invented).
FLAG_MINUTES = {
    "place": "Hội trường Sở Kế hoạch và Đầu tư", "chair_name": "Nguyễn Văn Phúc", "secretary_name": "Lê Thị Thu Trang",
    "counting_board": "Hoàng Minh Tuấn, Trưởng ban\nĐào Thị Hương, Ủy viên\nTrịnh Văn Long, Ủy viên",
}


def _local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def _load_flag_vote(campaign: Campaign, units: dict[str, Unit]) -> int:
    """Khối kinh tế's vote for the 2021 Cờ thi đua, held and closed in December 2021. The round is opened by the
    service; the ballots (secret: only who voted, and the counters) are written as the ballot service writes them,
    since the vote is long closed."""
    block = Cluster.objects.get(year=campaign.year, name=FLAG_BLOCK)
    voting_round = evaluation.round_create(
        by=None, campaign=campaign, cluster=block, award=AwardQuota.EMULATION_FLAG,
        question="Suy tôn đơn vị dẫn đầu Khối kinh tế năm 2021, đề nghị tặng Cờ thi đua của UBND tỉnh",
        candidates=[units[code].pk for code in FLAG_VOTES], threshold_percent="70", quorum_percent="70",
        opens_at=_local(2021, 12, 10, 14), closes_at=_local(2021, 12, 10, 16, 30), **FLAG_MINUTES)
    voters = list(block.memberships.filter(year=campaign.year).order_by("unit__code").values_list("unit_id", flat=True))
    BallotCast.objects.bulk_create([BallotCast(round=voting_round, voter_unit_id=unit_id) for unit_id in voters])
    for code, votes in FLAG_VOTES.items():
        Candidate.objects.filter(round=voting_round, unit=units[code]).update(votes=votes)
    log_actions("evaluation.ballot.cast", actor=None, items=[(voting_round, {}) for _ in voters])
    return len(voters)


# ── the 2021 dossiers ────────────────────────────────────────────────────────────────────────────────────────

DOING_WELL = "Hoàn thành xuất sắc nhiệm vụ năm 2021"
COVID = ("Có thành tích xuất sắc trong đợt thi đua “nước rút” chiến thắng đại dịch COVID-19, thực hiện thắng lợi "
         "các nhiệm vụ năm 2021")

#: unit code, kind, title, nominees (award type code, person name or None for the unit itself, achievement).
DOSSIERS = {
    "draft": ("H-HH", "merit", "Đề nghị khen thưởng năm 2021 của UBND huyện Hiệp Hòa", [
        ("CSTD_TINH", "Nguyễn Thị Hồng Nhung", "04 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở (2018–2021); "
                                               "sáng kiến được công nhận cấp tỉnh năm 2021"),
        ("CSTD_TINH", "Thân Văn Toàn", "Chiến sĩ thi đua cơ sở các năm 2019, 2021"),
        ("BK_CN", "Nguyễn Văn Thắng", COVID),
    ]),
    # The district's own titles and Giấy khen go to its Chairman, not to the province (Luật 2022 Điều 80).
    "hiephoa_unit": ("H-HH", "merit", "Đề nghị công nhận danh hiệu thi đua và tặng Giấy khen năm 2021 (Chủ tịch UBND "
                                    "huyện Hiệp Hòa quyết định)", [
        ("CSTD_CS", "Giáp Thị Thu Hà", "Hoàn thành xuất sắc nhiệm vụ; sáng kiến cấp huyện năm 2021"),
        ("GK_CN", "Nguyễn Văn Thắng", COVID),
    ]),
    "submitted": ("H-YT", "merit", "Đề nghị khen thưởng năm 2021 của UBND huyện Yên Thế", [
        ("BK_CN", "Nguyễn Thị Thanh Huyền", "02 năm liên tục hoàn thành xuất sắc nhiệm vụ (2020–2021), 02 sáng "
                                            "kiến được công nhận"),
        ("TTLDTT", None, "Hoàn thành tốt nhiệm vụ năm 2021"),
    ]),
    "submitted_unit": ("H-YT", "merit", "Đề nghị công nhận danh hiệu thi đua năm 2021 (Chủ tịch UBND huyện Yên Thế "
                                        "quyết định)", [
        ("CSTD_CS", "Trần Đức Minh", "Xây dựng chuỗi liên kết chăn nuôi gà đồi Yên Thế"),
        ("LDTT", "Đặng Văn Hải", "Hoàn thành nhiệm vụ năm 2021"),
    ]),
    "overdue": ("SKHDT", "merit", "Đề nghị tặng danh hiệu và Bằng khen năm 2021 của Sở Kế hoạch và Đầu tư", [
        ("TTLDXS", None, "Hoàn thành xuất sắc nhiệm vụ năm 2021"),
        ("BK_CN", "Dương Văn Khánh", "Cải cách thủ tục đăng ký doanh nghiệp giai đoạn 2020–2021"),
    ]),
    "in_time": ("STC", "merit", "Đề nghị khen thưởng năm 2021 của Sở Tài chính", [
        ("TTLDXS", None, "Hoàn thành xuất sắc nhiệm vụ năm 2021"),
        ("CO_TINH", None, "Hoàn thành vượt mức nhiệm vụ thu, chi ngân sách năm 2021"),
        ("BK_CN", "Nguyễn Thị Minh Trang", "02 năm liên tục hoàn thành xuất sắc nhiệm vụ (2020–2021)"),
    ]),
    "returned": ("BDT", "merit", "Đề nghị công nhận danh hiệu Chiến sĩ thi đua cơ sở năm 2021 của Ban Dân tộc tỉnh", [
        ("CSTD_CS", "Hà Thị Nguyệt", DOING_WELL),
        ("CSTD_CS", "Lăng Văn Thành", DOING_WELL),
        ("CSTD_CS", "Triệu Thị Xuân", DOING_WELL),
    ]),
    "decided": ("SYT", "campaign", "Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh trong đợt thi đua “nước rút” "
                                   "năm 2021 của Sở Y tế", [
        ("BK_TT", None, COVID),
        ("BK_CN", "Phạm Thị Thanh Thủy", COVID),
        ("BK_CN", "Nguyễn Đức Trung", COVID),
        ("BK_CN", "Vi Thị Hoa", COVID),
    ]),
}

RETURN_REASON = ("Số đề nghị danh hiệu Chiến sĩ thi đua cơ sở (03 cá nhân) vượt tỷ lệ không quá 15% số cá nhân đạt "
                 "danh hiệu Lao động tiên tiến của đơn vị (16 cá nhân, tối đa 02). Đề nghị các phòng thuộc Ban bình "
                 "xét lại và trình lại hồ sơ.")
NOT_TWO_YEARS = ("Thành tích trong đợt thi đua chưa tiêu biểu xuất sắc so với các cá nhân được đề nghị; năm 2020 xếp "
                 "loại hoàn thành tốt nhiệm vụ.")
COUNCIL_MINUTES = "Biên bản họp Hội đồng Thi đua - Khen thưởng tỉnh ngày 10/01/2022"
#: The office's tờ trình is illustrative, like the decision's number.
DECISION = {"number": "125", "symbol": "QĐ-UBND", "signed_on": D(2022, 1, 15), "signer_name": "Lê Ánh Dương",
            "proposal_number": "08/TTr-SNV", "proposal_on": D(2022, 1, 11),
            "signer_title": "CHỦ TỊCH", "issuing_authority": "Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang"}
REVOKED = "Nguyễn Đức Trung"
REVOCATION_REASON = ("Kê khai không trung thực thành tích (Kết luận thanh tra số 45/KL-TTr ngày 20/6/2022 của "
                     "Thanh tra tỉnh): thu hồi Bằng khen và tiền thưởng.")
#: Calendar days before the demo's today the two dossiers in appraisal were received: 25 working days after the
#: first is past (overdue), after the second is weeks ahead.
RECEIVED_DAYS_AGO = {"overdue": 60, "in_time": 5}
#: The day each 2021 dossier was sent (the decided one on 20/12/2021).
SENT_ON = {"submitted": D(2022, 1, 10), "submitted_unit": D(2022, 1, 10), "hiephoa_unit": D(2022, 1, 7),
           "overdue": D(2021, 12, 28), "in_time": D(2022, 1, 5),
           "returned": D(2021, 12, 24)}


def _load_dossiers(campaign: Campaign, units: dict[str, Unit], people: dict[str, Person],
                   types: dict[str, AwardType]) -> dict[str, Nomination]:
    office = User.objects.get(username="vanphong")
    dossiers, items = {}, {}
    for key, (unit_code, kind, title, nominees) in DOSSIERS.items():
        unit = units[unit_code]
        nomination = services.nomination_create(by=None, unit=unit, year=campaign.year, kind=kind,
                                                campaign=campaign, title=title)
        for code, name, achievement in nominees:
            item = services.item_add(by=None, nomination=nomination, award_type=types[code],
                                     person=people[name] if name else None, unit=unit, achievement=achievement)
            items[(key, code, name)] = item
        dossiers[key] = nomination

    def move(key: str, *steps: str, **kwargs) -> None:
        for to in steps:
            nomination = Nomination.objects.get(pk=dossiers[key].pk)
            extra = kwargs if to in (S.IN_APPRAISAL, S.RETURNED, S.APPROVED) else {}
            if to == S.SUBMITTED:
                extra = {**extra, "confirm_failures": True}  # some demo nominees fail on purpose
            services.nomination_transition(by=None, nomination=nomination, to=to, **extra)

    move("submitted", S.SUBMITTED)
    move("submitted_unit", S.SUBMITTED)
    # Hiệp Hòa's own titles went to its Chairman; its Giấy khen for Thắng is the same achievement as the Bằng khen
    # still in the district's draft to the province (one achievement, one award).
    move("hiephoa_unit", S.SUBMITTED)
    move("overdue", S.SUBMITTED, S.RECEIVED, S.IN_APPRAISAL, appraiser=office)
    move("in_time", S.SUBMITTED, S.RECEIVED, S.IN_APPRAISAL, appraiser=office)
    move("returned", S.SUBMITTED, S.RECEIVED, S.RETURNED, reason=RETURN_REASON)
    move("decided", S.SUBMITTED, S.RECEIVED, S.IN_APPRAISAL, appraiser=office)
    decided = [item for (key, _c, _n), item in items.items() if key == "decided"]
    services.appraisal_record(by=None, nomination=Nomination.objects.get(pk=dossiers["decided"].pk), verdicts=[
        {"item_id": item.pk, "eligible": item.person_id != people["Vi Thị Hoa"].pk,
         "reason": NOT_TWO_YEARS if item.person_id == people["Vi Thị Hoa"].pk else "Đủ điều kiện theo quy định."}
        for item in decided])
    # Bằng khen go from the appraisal straight to the Chairman (no vote of the Council).
    move("decided", S.APPRAISED, S.APPROVED)
    services.decision_create(by=None, items=[i.pk for i in decided if i.person_id != people["Vi Thị Hoa"].pk],
                             **DECISION)
    revoked = Award.objects.get(nomination_item=items[("decided", "BK_CN", REVOKED)])
    services.award_revoke(by=None, award=revoked, reason=REVOCATION_REASON)
    Award.objects.filter(pk=revoked.pk).update(revoked_at=_local(2022, 6, 27, 9))
    _date_the_path(dossiers)
    dossiers.update(_load_later_dossiers(units, people, types))
    return dossiers


#: Dossiers of 2025 that show the regimes changing on 01/07/2025: an ad-hoc Bằng khen sent in April (judged under
#: Nghị định 98/2023) and one sent in December (under Nghị định 152/2025). Key: (unit, sent on, person, achievement).
LATER_DOSSIERS = {
    "bk_2025_nd98": ("SYT", D(2025, 4, 15), "Phạm Thị Thanh Thủy",
                     "Cứu chữa thành công ca bệnh hiếm gặp tháng 3/2025, được báo chí toàn quốc đưa tin"),
    "bk_2025_nd152": ("SYT", D(2025, 12, 10), "Nguyễn Đức Trung",
                      "Tham gia cứu hộ, cấp cứu người bị nạn trong bão số 3 (tháng 9/2025)"),
}


def _load_later_dossiers(units: dict[str, Unit], people: dict[str, Person],
                         types: dict[str, AwardType]) -> dict[str, Nomination]:
    found = {}
    for key, (unit_code, sent_on, name, achievement) in LATER_DOSSIERS.items():
        nomination = services.nomination_create(
            by=None, unit=units[unit_code], year=sent_on.year, kind="ad_hoc",
            title=f"Đề nghị tặng Bằng khen đột xuất năm {sent_on.year} của Sở Y tế")
        services.item_add(by=None, nomination=nomination, award_type=types["BK_CN"], person=people[name],
                          unit=units[unit_code], achievement=achievement)
        services.nomination_transition(by=None, nomination=nomination, to=S.SUBMITTED, confirm_failures=True)
        Nomination.objects.filter(pk=nomination.pk).update(
            submitted_at=_local(sent_on.year, sent_on.month, sent_on.day, 9),
            completeness_due_on=add_working_days(sent_on, services.incomplete_return_days()))
        nomination.refresh_from_db()
        services.eligibility_recheck(by=None, nomination=nomination)
        found[key] = nomination
    return found


def _date_the_path(dossiers: dict[str, Nomination]) -> None:
    """The services stamp today's date on each move; put the dossiers on a believable timeline instead: the
    decided one in the winter of 2021–2022, the two in appraisal received some days before today."""
    today = timezone.localdate()
    for key, days in RECEIVED_DAYS_AGO.items():
        received = today - datetime.timedelta(days=days)
        Nomination.objects.filter(pk=dossiers[key].pk).update(
            submitted_at=_local(received.year, received.month, received.day, 8) - datetime.timedelta(days=1),
            received_on=received, appraisal_due_on=add_working_days(received, services.appraisal_days()))
    # The seed's 2021 dossiers were sent in the winter of 2021–2022: their forms are judged under the law then in
    # force (Luật 2003/2013 and Nghị định 91/2017), whatever day the demo is loaded.
    for key, day in SENT_ON.items():
        Nomination.objects.filter(pk=dossiers[key].pk).update(
            submitted_at=_local(day.year, day.month, day.day, 8),
            completeness_due_on=add_working_days(day, services.incomplete_return_days()))
    received = D(2021, 12, 21)
    Nomination.objects.filter(pk=dossiers["decided"].pk).update(
        submitted_at=_local(2021, 12, 20, 15), received_on=received,
        appraisal_due_on=add_working_days(received, services.appraisal_days()), appraised_on=D(2022, 1, 6))
    for nomination in Nomination.objects.filter(pk__in=[d.pk for d in dossiers.values()]).exclude(status=S.DRAFT):
        services.eligibility_recheck(by=None, nomination=nomination)
