"""Eligibility as the law reads, one table: for each title and form with conditions, under each regime that applies
(Luật 2003 with NĐ 91/2017 to 31/12/2023; Luật 2022 with NĐ 98/2023 to 30/06/2025; Luật 2022 with NĐ 152/2025
since 01/07/2025), a history, the award judged on its year (and, for a form, the day its dossier was sent), the
regime the engine picks, the overall verdict and the pass/fail of the named nodes of the rule tree.

Each case names the article it is about, as the catalog cites it. Histories run through each alternative of an
"any of" and fail each condition; the boundaries the texts set (more than 50 %, at least 70 %, at most 15 %, ten
months, the end of a discipline) are tried on both sides; a person's history follows them across units and a unit's
follows it across a merger. Every case also checks that the verdict's money coefficient is the regime's.

A node is named by its path of codes from the root ("grounds/point-d/two-cstd-cs") or, without a slash, by the
first node of that code depth-first; ``None`` as the expected value says the regime has no such node at all.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from tests.awards.conftest import (  # noqa: F401 (english: a fixture)
    award_type,
    english,
    grant,
    new_person,
    new_unit,
    rate,
)
from thidua.awards import catalog, eligibility, services
from thidua.org import services as org_services

pytestmark = pytest.mark.usefixtures("english")

D = datetime.date
L03, N98, N152 = "luat-2003-nd91", "luat-2022-nd98", "luat-2022-nd152"

#: The days a 2025 form is sent: before 01/07/2025 it is judged under NĐ 98/2023, after it under NĐ 152/2025.
APRIL_2025, DECEMBER_2025 = D(2025, 4, 15), D(2025, 12, 10)

FORMS = {code for code, _n, kind, *_rest in catalog.AWARD_TYPES if kind == "form"}


# ── the world each case builds on ───────────────────────────────────────────────────────────────────────────────

class World:
    """A department with a person working there since 2010 (the nominee unless a setup says otherwise), and the
    collective nominee (the department unless a setup says otherwise). Codes start with LAW- (none in the demo)."""

    def __init__(self):
        self.unit = new_unit("LAW-A", "Sở Thử luật A")
        self.person = new_person("Phạm Thị Luật", self.unit, since=D(2010, 1, 1))
        self.person_unit = self.unit
        self.collective = self.unit
        self._people = 0

    def someone(self, unit=None):
        """Another person of the unit (a colleague holding a title, a member)."""
        self._people += 1
        return new_person(f"Đồng nghiệp Luật {self._people}", unit or self.unit, since=D(2010, 1, 1))


Setup = Callable[[World], object]


def steps(*parts: Setup) -> Setup:
    def run(w: World) -> None:
        for part in parts:
            part(w)
    return run


def nothing(w: World) -> None:
    pass


def rated(rating: str, *years: int) -> Setup:
    return lambda w: rate(w.person, w.person_unit, years, rating)


def excellent(*years: int) -> Setup:
    return rated("excellent", *years)


def good(*years: int) -> Setup:
    return rated("good", *years)


def holds(code: str, *years: int) -> Setup:
    """The nominee person holds the title or form in those years (registry, granted in their unit)."""
    return lambda w: [grant(code, y, person=w.person, unit=w.person_unit) for y in years]


def colleagues_hold(code: str, year: int, count: int) -> Setup:
    """``count`` other people of the unit hold the title that year (a quota's claims, a member's title)."""
    return lambda w: [grant(code, year, person=w.someone(), unit=w.unit) for _ in range(count)]


def works(year: int, level: str = "grassroots", kind: str = "initiative", count: int = 1) -> Setup:
    """``count`` recognised initiatives (or research topics) of the nominee person in ``year``."""
    return lambda w: [services.initiative_record(by=None, person=w.person, year=year, title=f"{kind} {year} số {n}",
                                                 level=level, kind=kind) for n in range(count)]


def disciplined(year: int, measure: str = "reprimand", ends_on: datetime.date | None = None) -> Setup:
    return lambda w: services.discipline_record(by=None, person=w.person, year=year, measure=measure,
                                                decision_reference=f"{year}/QĐ-KL", ends_on=ends_on)


def inquiry(opened_on: datetime.date, closed_on: datetime.date | None = None, *, kind: str = "inspection",
            on_unit: bool = False) -> Setup:
    """A matter opened (and perhaps concluded) about the nominee person, or about the collective."""
    def run(w: World) -> None:
        target = {"unit": w.collective} if on_unit else {"person": w.person}
        services.inquiry_record(by=None, kind=kind, opened_on=opened_on, closed_on=closed_on, **target)
    return run


def figures(year: int, *, members: int = 20, advanced: int = 20, completed: int | None = None,
            rating: str = "excellent", worst: str = "", exceeded: bool | None = None) -> Setup:
    """The collective nominee's figures for the year."""
    return lambda w: services.unit_year_record(
        by=None, unit=w.collective, year=year, member_count=members,
        members_completed=members if completed is None else completed, advanced_workers=advanced, rating=rating,
        worst_discipline=worst, exceeded_targets=exceeded)


def collective(kind: str) -> Setup:
    """The collective nominee is a unit of that kind (armed forces, a commune)."""
    def run(w: World) -> None:
        w.collective = new_unit(f"LAW-{kind.upper()}", f"Đơn vị thử luật ({kind})", kind=kind)
    return run


def member_holds(code: str, year: int) -> Setup:
    """A member of the collective nominee holds the title that year."""
    return lambda w: grant(code, year, person=w.someone(w.collective), unit=w.collective)


def employed_from(start: datetime.date) -> Setup:
    """The nominee person is newly recruited on ``start``."""
    def run(w: World) -> None:
        w.person = new_person("Trần Văn Mới", w.unit, since=start)
    return run


def moved(on: datetime.date) -> Setup:
    """The nominee person moves to another unit on ``on``: later facts are recorded there, and the nominee is
    proposed by the new unit."""
    def run(w: World) -> None:
        new = new_unit("LAW-B", "Sở Thử luật B")
        org_services.employment_record(by=None, person=w.person, unit=new, started_on=on)
        w.person_unit = new
    return run


def merged(on: datetime.date, *before: Setup) -> Setup:
    """``before`` happens to the collective nominee (the predecessor); then it merges on ``on`` into a successor,
    which becomes the nominee."""
    def run(w: World) -> None:
        old = new_unit("LAW-CU", "Trung tâm Thử luật Cũ", kind="department")
        new = new_unit("LAW-MOI", "Trung tâm Thử luật Mới", kind="department")
        w.collective = old
        for part in before:
            part(w)
        org_services.lineage_record(by=None, kind="merge", source=old, target=new, effective_on=on,
                                    decision_reference="Nghị quyết thử luật")
        w.collective = new
    return run


def stranger(w: World) -> None:
    """The collective nominee is a unit that is no successor of anything."""
    w.collective = new_unit("LAW-KHAC", "Trung tâm Thử luật Khác", kind="department")


# ── the table ───────────────────────────────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class Case:
    name: str
    article: str
    setup: Setup
    code: str
    year: int
    regime: str
    eligible: bool
    nodes: dict[str, bool | None]
    on: datetime.date | None = None  # the day a form's dossier is sent (a title: the day it is proposed)
    kind: str = "merit"
    explains: dict[str, str] = field(default_factory=dict)  # node path -> words its explanation contains


def case(*args, xfail: str = "", **kwargs):
    built = Case(*args, **kwargs)
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(built, id=built.name, marks=marks)


L2003, L2022 = "Luật 2003", "Luật 2022"

CASES = [
    # ── Lao động tiên tiến ─────────────────────────────────────────────────────────────────────────────────────
    case("ldtt-2021-good", f"Điểm a khoản 1 Điều 24 {L2003}", good(2021), "LDTT", 2021, L03, True,
         {"rating": True, "no-discipline": True, "service-10-months": True, "one-award": True, "no-pending": None}),
    case("ldtt-2021-only-completed", f"Điểm a khoản 1 Điều 24 {L2003}", rated("completed", 2021), "LDTT", 2021, L03,
         False, {"rating": False, "no-discipline": True}),
    case("ldtt-2021-reprimand", "Điều 10 NĐ 91/2017 (khiển trách trở lên)", steps(good(2021), disciplined(2021)),
         "LDTT", 2021, L03, False, {"rating": True, "no-discipline": False}),
    case("ldtt-2021-ten-full-months", "Điều 10 NĐ 91/2017 (dưới 10 tháng)",
         steps(employed_from(D(2021, 3, 1)), good(2021)), "LDTT", 2021, L03, True, {"service-10-months": True}),
    case("ldtt-2021-one-day-short-of-ten-months", "Điều 10 NĐ 91/2017 (dưới 10 tháng)",
         steps(employed_from(D(2021, 3, 2)), good(2021)), "LDTT", 2021, L03, False, {"service-10-months": False}),
    case("ldtt-2021-moved-mid-year-keeps-its-months", "Điều 10 NĐ 91/2017 (dưới 10 tháng)",
         steps(moved(D(2021, 6, 15)), good(2021)), "LDTT", 2021, L03, True,
         {"service-10-months": True, "rating": True}),
    case("ldtt-2021-already-awarded", f"Điểm b khoản 2 Điều 6 {L2003}", steps(good(2021), holds("LDTT", 2021)),
         "LDTT", 2021, L03, False, {"one-award": False}),
    case("ldtt-2024-good", f"Điểm a khoản 1 Điều 24 {L2022}", good(2024), "LDTT", 2024, N98, True,
         {"rating": True, "no-pending": True, "one-award": True, "no-discipline": None, "service-10-months": None}),
    case("ldtt-2025-discipline-ends-31-12-2025", "Điều 4 NĐ 152/2025 (tính từ khi chấp hành xong kỷ luật)",
         steps(good(2025), disciplined(2025, ends_on=D(2025, 12, 31))), "LDTT", 2025, N152, False,
         {"rating": True, "no-discipline": False}),
    case("ldtt-2026-discipline-ended-31-12-2025", "Điều 4 NĐ 152/2025 (tính từ khi chấp hành xong kỷ luật)",
         steps(good(2026), disciplined(2025, ends_on=D(2025, 12, 31))), "LDTT", 2026, N152, True,
         {"no-discipline": True}),
    case("ldtt-2026-discipline-ends-01-01-2026", "Điều 4 NĐ 152/2025 (tính từ khi chấp hành xong kỷ luật)",
         steps(good(2026), disciplined(2025, ends_on=D(2026, 1, 1))), "LDTT", 2026, N152, False,
         {"no-discipline": False}),
    case("ldtt-2025-inspection-pending", "Điều 4 NĐ 152/2025 (đang thanh tra, kiểm tra)",
         steps(good(2025), inquiry(D(2025, 11, 1))), "LDTT", 2025, N152, False, {"no-pending": False}),
    case("ldtt-2025-inspection-concluded", "Điều 4 NĐ 152/2025 (đang thanh tra, kiểm tra)",
         steps(good(2025), inquiry(D(2025, 3, 1), D(2025, 10, 1))), "LDTT", 2025, N152, True, {"no-pending": True}),
    case("ldtt-2025-inspection-opened-before-it-is-proposed", "Điều 4 NĐ 152/2025 (chưa khen thưởng hoặc đề nghị "
         "cấp trên khen thưởng trong thời gian đang thanh tra, kiểm tra)",
         steps(good(2025), inquiry(D(2026, 1, 5))), "LDTT", 2025, N152, False, {"no-pending": False},
         on=D(2026, 1, 15)),
    # ── Chiến sĩ tiên tiến ────────────────────────────────────────────────────────────────────────────────────
    case("cstt-2021-good", f"Khoản 1 Điều 24 {L2003}; Điều 10 NĐ 91/2017", good(2021), "CS_TIEN_TIEN", 2021, L03,
         True, {"rating": True, "service-10-months": True}),
    case("cstt-2024-only-completed", f"Khoản 2 Điều 24 {L2022}", rated("completed", 2024), "CS_TIEN_TIEN", 2024,
         N98, False, {"rating": False}),
    # ── Chiến sĩ thi đua cơ sở, Luật 2003 ─────────────────────────────────────────────────────────────────────
    case("cstd-cs-2021-ldtt-held-and-initiative", f"Khoản 1, khoản 2 Điều 23 {L2003}",
         steps(figures(2021), holds("LDTT", 2021), works(2021)), "CSTD_CS", 2021, L03, True,
         {"ldtt-standard": True, "ldtt-standard/ldtt-held": True, "initiative-or-research": True,
          "initiative-or-research/initiative": True, "quota-15": True, "one-award": True}),
    case("cstd-cs-2021-rated-good-and-research", f"Khoản 2 Điều 23 {L2003} (đề tài nghiên cứu khoa học)",
         steps(figures(2021), good(2021), works(2021, kind="research")), "CSTD_CS", 2021, L03, True,
         {"ldtt-standard/ldtt-held": False, "ldtt-standard/ldtt-conditions/rating": True,
          "initiative-or-research/initiative": False, "initiative-or-research/research": True}),
    case("cstd-cs-2021-excellent-without-initiative", f"Khoản 2 Điều 23 {L2003}",
         steps(figures(2021), excellent(2021)), "CSTD_CS", 2021, L03, False,
         {"ldtt-standard": True, "initiative-or-research": False}),
    case("cstd-cs-2021-initiative-of-the-year-before", f"Khoản 2 Điều 23 {L2003}",
         steps(figures(2021), good(2021), works(2020)), "CSTD_CS", 2021, L03, False,
         {"initiative-or-research": False}),
    case("cstd-cs-2021-below-ldtt-standard", f"Khoản 1 Điều 23 {L2003}",
         steps(figures(2021), rated("completed", 2021), works(2021)), "CSTD_CS", 2021, L03, False,
         {"ldtt-standard": False, "initiative-or-research": True}),
    case("cstd-cs-2021-quota-third-of-20-ldtt", "Khoản 3 Điều 9 NĐ 91/2017 (không quá 15%)",
         steps(figures(2021, members=30, advanced=20), colleagues_hold("CSTD_CS", 2021, 2), good(2021), works(2021)),
         "CSTD_CS", 2021, L03, True, {"quota-15": True}),
    case("cstd-cs-2021-quota-fourth-of-20-ldtt", "Khoản 3 Điều 9 NĐ 91/2017 (không quá 15%)",
         steps(figures(2021, members=30, advanced=20), colleagues_hold("CSTD_CS", 2021, 3), good(2021), works(2021)),
         "CSTD_CS", 2021, L03, False, {"quota-15": False, "ldtt-standard": True, "initiative-or-research": True}),
    case("cstd-cs-2021-reprimanded-is-not-of-ldtt-standard", f"Khoản 1 Điều 23 {L2003}; Điều 10 NĐ 91/2017",
         steps(figures(2021), excellent(2021), works(2021), disciplined(2021)), "CSTD_CS", 2021, L03, False,
         {"ldtt-standard": False}),
    # ── Chiến sĩ thi đua cơ sở, Luật 2022 ─────────────────────────────────────────────────────────────────────
    case("cstd-cs-2024-excellent-without-initiative", f"Khoản 2 Điều 23 {L2022} (hoàn thành xuất sắc nhiệm vụ)",
         excellent(2024), "CSTD_CS", 2024, N98, True,
         {"ldtt-standard/ldtt-conditions/rating": True, "excellent-or-initiative/excellent": True,
          "excellent-or-initiative/initiative": False, "quota-15": None, "no-discipline": None},
         explains={"excellent-or-initiative": "Khoản 2 Điều 23"}),
    case("cstd-cs-2024-good-with-initiative", f"Khoản 2 Điều 23 {L2022} (sáng kiến được cơ sở công nhận)",
         steps(good(2024), works(2024)), "CSTD_CS", 2024, N98, True,
         {"excellent-or-initiative/excellent": False, "excellent-or-initiative/initiative": True}),
    case("cstd-cs-2025-good-with-research", f"Khoản 2 Điều 23 {L2022} (đề tài khoa học đã nghiệm thu)",
         steps(good(2025), works(2025, kind="research")), "CSTD_CS", 2025, N152, True,
         {"excellent-or-initiative/research": True, "no-discipline": True, "no-pending": True}),
    case("cstd-cs-2024-good-and-nothing-else", f"Khoản 2 Điều 23 {L2022}", good(2024), "CSTD_CS", 2024, N98, False,
         {"ldtt-standard": True, "excellent-or-initiative": False}),
    case("cstd-cs-2024-no-quota-after-three-of-20", f"Điều 23 {L2022} (no quota)",
         steps(figures(2024, members=30, advanced=20), colleagues_hold("CSTD_CS", 2024, 3), excellent(2024)),
         "CSTD_CS", 2024, N98, True, {"quota-15": None}),
    case("cstd-cs-2025-reprimanded-nd152", "Điều 4 NĐ 152/2025 (tính từ khi chấp hành xong kỷ luật)",
         steps(excellent(2025), disciplined(2025, ends_on=D(2025, 9, 30))), "CSTD_CS", 2025, N152, False,
         {"no-discipline": False, "excellent-or-initiative": True}),
    # ── Chiến sĩ thi đua cấp tỉnh ─────────────────────────────────────────────────────────────────────────────
    case("cstd-tinh-2021-three-years-and-province-initiative", f"Điều 22 {L2003}; khoản 2 Điều 9 NĐ 91/2017",
         steps(holds("CSTD_CS", 2019, 2020, 2021), works(2020, "province")), "CSTD_TINH", 2021, L03, True,
         {"three-cstd-cs": True, "province-initiative": True, "one-award": True}),
    case("cstd-tinh-2021-a-gap-in-2020", f"Điều 22 {L2003} (ba lần liên tục)",
         steps(holds("CSTD_CS", 2018, 2019, 2021), works(2020, "province")), "CSTD_TINH", 2021, L03, False,
         {"three-cstd-cs": False, "province-initiative": True}),
    case("cstd-tinh-2021-grassroots-initiative-only", "Khoản 2 Điều 9 NĐ 91/2017",
         steps(holds("CSTD_CS", 2019, 2020, 2021), works(2021)), "CSTD_TINH", 2021, L03, False,
         {"three-cstd-cs": True, "province-initiative": False}),
    case("cstd-tinh-2021-years-used-for-2020", f"Điều 22 {L2003}; điểm b khoản 2 Điều 6 {L2003}",
         steps(holds("CSTD_CS", 2018, 2019, 2020, 2021), holds("CSTD_TINH", 2020), works(2021, "province")),
         "CSTD_TINH", 2021, L03, False, {"three-cstd-cs": False, "province-initiative": True}),
    case("cstd-tinh-2021-history-follows-a-person-who-moved", f"Điều 22 {L2003}",
         steps(holds("CSTD_CS", 2019), moved(D(2020, 1, 1)), holds("CSTD_CS", 2020, 2021),
               works(2021, "province", "research")), "CSTD_TINH", 2021, L03, True,
         {"three-cstd-cs": True, "province-initiative": True}),
    case("cstd-tinh-2024-three-years-across-the-regimes", f"Điều 22 {L2022}",
         steps(holds("CSTD_CS", 2022, 2023, 2024), works(2023, "province")), "CSTD_TINH", 2024, N98, True,
         {"three-cstd-cs": True, "province-initiative": True, "no-discipline": None, "no-pending": True}),
    case("cstd-tinh-2026-three-years-and-province-research", f"Điểm a, b khoản 1 Điều 22 {L2022}",
         steps(holds("CSTD_CS", 2024, 2025, 2026), works(2025, "province", "research")), "CSTD_TINH", 2026, N152,
         True, {"three-cstd-cs": True, "province-initiative": True, "no-discipline": True}),
    case("cstd-tinh-2026-discipline-in-2024", "Điều 4 NĐ 152/2025 (tính từ khi chấp hành xong kỷ luật)",
         steps(holds("CSTD_CS", 2024, 2025, 2026), works(2025, "province"), disciplined(2024)), "CSTD_TINH", 2026,
         N152, False, {"three-cstd-cs": True, "no-discipline": False}),
    # ── Tập thể lao động tiên tiến ─────────────────────────────────────────────────────────────────────────────
    case("ttldtt-2021-exactly-50-percent", f"Điểm c khoản 1 Điều 28 {L2003} (trên 50%)",
         figures(2021, members=20, advanced=10, rating="good"), "TTLDTT", 2021, L03, False,
         {"rating": True, "ldtt-share": False, "no-warning": True}),
    case("ttldtt-2021-51-percent", f"Điểm c khoản 1 Điều 28 {L2003} (trên 50%)",
         figures(2021, members=100, advanced=51, rating="good"), "TTLDTT", 2021, L03, True,
         {"rating": True, "ldtt-share": True, "no-warning": True, "one-award": True}),
    case("ttldtt-2021-a-member-warned", f"Điểm c khoản 1 Điều 28 {L2003} (cảnh cáo trở lên)",
         figures(2021, advanced=15, rating="good", worst="warning"), "TTLDTT", 2021, L03, False,
         {"ldtt-share": True, "no-warning": False}),
    case("ttldtt-2021-a-member-reprimanded", f"Điểm c khoản 1 Điều 28 {L2003} (cảnh cáo trở lên)",
         figures(2021, advanced=15, rating="good", worst="reprimand"), "TTLDTT", 2021, L03, True,
         {"no-warning": True}),
    case("ttldtt-2021-only-completed", f"Điểm a khoản 1 Điều 28 {L2003}",
         figures(2021, advanced=15, rating="completed"), "TTLDTT", 2021, L03, False, {"rating": False}),
    case("ttldtt-2024-exactly-70-percent", f"Khoản 1 Điều 28 {L2022} (ít nhất 70%)",
         figures(2024, members=20, advanced=14, rating="good"), "TTLDTT", 2024, N98, True,
         {"ldtt-share": True, "no-pending": True}),
    case("ttldtt-2025-60-percent-is-not-enough-any-more", f"Khoản 1 Điều 28 {L2022} (ít nhất 70%)",
         figures(2025, members=20, advanced=12, rating="good"), "TTLDTT", 2025, N152, False, {"ldtt-share": False}),
    # ── Tập thể lao động xuất sắc ──────────────────────────────────────────────────────────────────────────────
    case("ttldxs-2021-exactly-70-percent", f"Điểm c, d khoản 1 Điều 27 {L2003} (ít nhất 70%)",
         steps(figures(2021, members=100, advanced=70), member_holds("CSTD_CS", 2021)), "TTLDXS", 2021, L03, True,
         {"rating": True, "all-completed": True, "ldtt-70": True, "member-cstd": True, "no-warning": True}),
    case("ttldxs-2021-69-percent", f"Điểm c khoản 1 Điều 27 {L2003} (ít nhất 70%)",
         steps(figures(2021, members=100, advanced=69), member_holds("CSTD_CS", 2021)), "TTLDXS", 2021, L03, False,
         {"ldtt-70": False, "all-completed": True}),
    case("ttldxs-2021-one-member-did-not-complete", f"Điểm c khoản 1 Điều 27 {L2003} (100% hoàn thành nhiệm vụ)",
         steps(figures(2021, members=20, completed=19, advanced=18), member_holds("CSTD_CS", 2021)), "TTLDXS", 2021,
         L03, False, {"all-completed": False, "ldtt-70": True}),
    case("ttldxs-2021-no-member-cstd", f"Điểm d khoản 1 Điều 27 {L2003}", figures(2021), "TTLDXS", 2021, L03, False,
         {"member-cstd": False}),
    case("ttldxs-2021-a-member-warned", f"Điểm d khoản 1 Điều 27 {L2003} (cảnh cáo trở lên)",
         steps(figures(2021, worst="warning"), member_holds("CSTD_CS", 2021)), "TTLDXS", 2021, L03, False,
         {"no-warning": False, "member-cstd": True}),
    case("ttldxs-2021-only-good", f"Điểm a khoản 1 Điều 27 {L2003}",
         steps(figures(2021, rating="good"), member_holds("CSTD_CS", 2021)), "TTLDXS", 2021, L03, False,
         {"rating": False}),
    case("ttldxs-2024-a-member-warned-is-no-bar-any-more", f"Khoản 1 Điều 27 {L2022} (no discipline clause)",
         steps(figures(2024, worst="warning"), member_holds("CSTD_CS", 2024)), "TTLDXS", 2024, N98, True,
         {"no-warning": None, "member-cstd": True, "ldtt-70": True}),
    case("ttldxs-2025-merged-predecessor-figures-and-member", f"Khoản 1 Điều 27 {L2022} (sáp nhập)",
         merged(D(2025, 7, 1), figures(2025, members=20, advanced=14), member_holds("CSTD_CS", 2025)), "TTLDXS",
         2025, N152, True, {"rating": True, "all-completed": True, "ldtt-70": True, "member-cstd": True}),
    case("ttldxs-2025-a-unit-without-predecessor-has-no-figures", f"Khoản 1 Điều 27 {L2022}", stranger, "TTLDXS",
         2025, N152, False, {"rating": False, "ldtt-70": False, "member-cstd": False}),
    # ── Đơn vị tiên tiến, Đơn vị quyết thắng (armed forces) ───────────────────────────────────────────────────
    case("dvtt-2021-armed-forces-51-percent-cstt", f"Khoản 2 Điều 28 {L2003}",
         steps(collective("armed_forces"), figures(2021, members=100, advanced=51, rating="good")), "DV_TIEN_TIEN",
         2021, L03, True, {"armed-forces": True, "rating": True, "cstt-share": True}),
    case("dvtt-2021-not-armed-forces", f"Khoản 2 Điều 28 {L2003}", figures(2021, rating="good"), "DV_TIEN_TIEN",
         2021, L03, False, {"armed-forces": False, "cstt-share": True}),
    case("dvtt-2024-armed-forces", f"Điều 28 {L2022}", steps(collective("armed_forces"), figures(2024, rating="good")),
         "DV_TIEN_TIEN", 2024, N98, True, {"armed-forces": True, "cstt-share": None, "no-pending": True}),
    case("dvqt-2024-armed-forces-with-a-cstd", f"Khoản 2 Điều 27 {L2022}",
         steps(collective("armed_forces"), figures(2024), member_holds("CSTD_CS", 2024)), "DV_QUYET_THANG", 2024,
         N98, True, {"armed-forces": True, "rating": True, "member-cstd": True}),
    case("dvqt-2024-no-member-cstd", f"Khoản 2 Điều 27 {L2022} (điểm d khoản 1)",
         steps(collective("armed_forces"), figures(2024)), "DV_QUYET_THANG", 2024, N98, False, {"member-cstd": False}),
    case("dvqt-2021-no-member-cstd", f"Khoản 2 Điều 27 {L2003} (các điểm a, b, d và đ khoản 1)",
         steps(collective("armed_forces"), figures(2021)), "DV_QUYET_THANG", 2021, L03, False,
         {"armed-forces": True, "rating": True, "member-cstd": False}),
    # ── Xã, phường, thị trấn tiêu biểu ────────────────────────────────────────────────────────────────────────
    case("xa-2024-commune", "Nghị định số 86/2023/NĐ-CP", collective("commune"), "XA_TIEU_BIEU", 2024, N98, True,
         {"commune": True, "no-pending": True}),
    case("xa-2024-not-a-commune", "Nghị định số 86/2023/NĐ-CP", nothing, "XA_TIEU_BIEU", 2024, N98, False,
         {"commune": False}),
    case("xa-2021-no-such-title", f"{L2003} (no such title)", collective("commune"), "XA_TIEU_BIEU", 2021, L03,
         False, {"commune": None}),
    # ── Cờ thi đua của UBND tỉnh (the vote's passing side is in test_eligibility) ─────────────────────────────
    case("co-tinh-2024-exceeded-but-no-vote", f"Khoản 1 Điều 26 {L2022}", figures(2024, exceeded=True), "CO_TINH",
         2024, N98, False, {"exceeded-targets": True, "cluster-vote": False}),
    case("co-tinh-2021-targets-not-exceeded", f"Điều 26 {L2003}; Điều 12 NĐ 91/2017",
         figures(2021, exceeded=False), "CO_TINH", 2021, L03, False,
         {"exceeded-targets": False, "cluster-vote": False}),
    # ── Bằng khen của Chủ tịch UBND tỉnh (cá nhân), Luật 2022 ──────────────────────────────────────────────────
    case("bk-cn-2025-movement", f"Điểm a khoản 1 Điều 74 {L2022}", nothing, "BK_CN", 2025, N152, True,
         {"grounds": True, "grounds/movement": True, "grounds/point-d": False, "no-discipline": True,
          "no-pending": True, "one-award": True},
         on=DECEMBER_2025, kind="campaign", explains={"grounds": "Điểm a khoản 1 Điều 74"}),
    case("bk-cn-2025-ad-hoc", f"Điểm b khoản 1 Điều 74 {L2022}", nothing, "BK_CN", 2025, N152, True,
         {"grounds/ad-hoc": True, "grounds/movement": False}, on=DECEMBER_2025, kind="ad_hoc",
         explains={"grounds": "Điểm b khoản 1 Điều 74"}),
    case("bk-cn-2025-contribution", f"Điểm c khoản 1 Điều 74 {L2022}", nothing, "BK_CN", 2025, N152, True,
         {"grounds/contribution": True}, on=DECEMBER_2025, kind="service",
         explains={"grounds": "Điểm c khoản 1 Điều 74"}),
    case("bk-cn-2025-two-consecutive-cstd-cs", f"Điểm d khoản 1 Điều 74 {L2022} (02 lần liên tục CSTĐ cơ sở)",
         holds("CSTD_CS", 2024, 2025), "BK_CN", 2025, N152, True,
         {"grounds/point-d": True, "grounds/point-d/two-cstd-cs": True, "grounds/point-d/two-years": False,
          "grounds/movement": False}, on=DECEMBER_2025, explains={"grounds": "Điểm d khoản 1 Điều 74"}),
    case("bk-cn-2025-two-excellent-years-two-initiatives", f"Điểm d khoản 1 Điều 74 {L2022} (02 sáng kiến)",
         steps(excellent(2024, 2025), works(2024), works(2025)), "BK_CN", 2025, N152, True,
         {"grounds/point-d/two-years": True, "grounds/point-d/two-years/excellent-2": True,
          "grounds/point-d/two-years/two-works/initiatives-2": True,
          "grounds/point-d/two-years/two-works/research-2": False}, on=DECEMBER_2025,
         explains={"grounds": "Điểm d khoản 1 Điều 74"}),
    case("bk-cn-2025-two-excellent-years-two-research-topics", f"Điểm d khoản 1 Điều 74 {L2022} (02 đề tài khoa học)",
         steps(excellent(2024, 2025), works(2024, kind="research", count=2)), "BK_CN", 2025, N152, True,
         {"grounds/point-d/two-years/two-works/initiatives-2": False,
          "grounds/point-d/two-years/two-works/research-2": True}, on=DECEMBER_2025),
    case("bk-cn-2025-one-initiative-and-one-research-topic", f"Điểm d khoản 1 Điều 74 {L2022}",
         steps(excellent(2024, 2025), works(2024), works(2025, kind="research")), "BK_CN", 2025, N152, False,
         {"grounds/point-d/two-years/excellent-2": True, "grounds/point-d/two-years/two-works": False,
          "grounds": False}, on=DECEMBER_2025),
    case("bk-cn-2025-one-cstd-cs-only", f"Điểm d khoản 1 Điều 74 {L2022}", holds("CSTD_CS", 2025), "BK_CN", 2025,
         N152, False, {"grounds/point-d/two-cstd-cs": False, "grounds": False}, on=DECEMBER_2025),
    case("bk-cn-2025-a-good-year-breaks-the-two", f"Điểm d khoản 1 Điều 74 {L2022}",
         steps(good(2024), excellent(2025), works(2024), works(2025)), "BK_CN", 2025, N152, False,
         {"grounds/point-d/two-years/excellent-2": False, "grounds/point-d/two-years/two-works": True},
         on=DECEMBER_2025),
    case("bk-cn-2025-cstd-cs-2024-already-counted", "Khoản 9 Điều 30 NĐ 98/2023; điểm c khoản 2 Điều 5 Luật 2022",
         steps(holds("CSTD_CS", 2024, 2025), holds("BK_CN", 2024)), "BK_CN", 2025, N152, False,
         {"grounds/point-d/two-cstd-cs": False}, on=DECEMBER_2025),
    case("bk-cn-2025-sent-in-april", "Điều 4, Điều 58 NĐ 98/2023 (dossier sent before 01/07/2025)", nothing, "BK_CN",
         2025, N98, True, {"grounds/movement": True, "no-discipline": True}, on=APRIL_2025, kind="campaign"),
    case("bk-cn-2025-sent-in-april-inspection-opened-in-july", "Điều 4 NĐ 98/2023",
         inquiry(D(2025, 7, 1)), "BK_CN", 2025, N98, True, {"no-pending": True}, on=APRIL_2025, kind="campaign"),
    case("bk-cn-2025-sent-in-december-inspection-opened-in-july", "Điều 4 NĐ 152/2025",
         inquiry(D(2025, 7, 1)), "BK_CN", 2025, N152, False, {"no-pending": False, "grounds": True},
         on=DECEMBER_2025, kind="campaign"),
    case("bk-cn-2025-sent-in-april-inspection-pending", "Điều 4 NĐ 98/2023 (đang thanh tra, kiểm tra)",
         inquiry(D(2025, 3, 1)), "BK_CN", 2025, N98, False, {"no-pending": False}, on=APRIL_2025, kind="campaign"),
    case("bk-cn-2025-discipline-ended-in-2025", "Điều 4 NĐ 152/2025 (tính từ khi chấp hành xong kỷ luật)",
         disciplined(2024, ends_on=D(2025, 3, 31)), "BK_CN", 2025, N152, False,
         {"no-discipline": False, "grounds": True}, on=DECEMBER_2025, kind="campaign"),
    case("bk-cn-2024-discipline-the-year-before", f"Khoản 1 Điều 74 {L2022} (gương mẫu chấp hành tốt)",
         disciplined(2023), "BK_CN", 2024, N98, False, {"no-discipline": False}, on=D(2025, 1, 15),
         kind="campaign"),
    # ── Bằng khen (cá nhân), Luật 2003 ─────────────────────────────────────────────────────────────────────────
    case("bk-cn-2021-movement", "Điểm a khoản 1 Điều 39 NĐ 91/2017", nothing, "BK_CN", 2021, L03, True,
         {"grounds/movement": True, "no-discipline": True, "no-pending": None}, on=D(2022, 1, 15), kind="campaign",
         explains={"grounds": "Điểm a khoản 1 Điều 39"}),
    case("bk-cn-2021-two-excellent-years-two-initiatives", "Điểm c khoản 1 Điều 39 NĐ 91/2017",
         steps(excellent(2020, 2021), works(2020), works(2021)), "BK_CN", 2021, L03, True,
         {"grounds/two-years": True, "grounds/two-years/initiatives-2": True}, on=D(2022, 1, 15),
         explains={"grounds": "Điểm c khoản 1 Điều 39"}),
    case("bk-cn-2021-contribution-is-no-ground", "Khoản 1 Điều 39 NĐ 91/2017", nothing, "BK_CN", 2021, L03, False,
         {"grounds": False, "grounds/contribution": None}, on=D(2022, 1, 15), kind="service"),
    case("bk-cn-2021-reprimanded-in-2020", "Khoản 1 Điều 39 NĐ 91/2017 (gương mẫu chấp hành)",
         disciplined(2020), "BK_CN", 2021, L03, False, {"no-discipline": False, "grounds": True},
         on=D(2022, 1, 15), kind="campaign"),
    # ── Bằng khen (tập thể) ────────────────────────────────────────────────────────────────────────────────────
    case("bk-tt-2021-two-excellent-years", "Điểm c khoản 2 Điều 39 NĐ 91/2017",
         steps(figures(2020), figures(2021)), "BK_TT", 2021, L03, True,
         {"grounds/excellent-2": True, "no-warning": True}, on=D(2022, 1, 15)),
    case("bk-tt-2024-holds-ttldxs", f"Điều 74 {L2022} (Tập thể lao động xuất sắc)",
         steps(figures(2024, rating="good"), lambda w: grant("TTLDXS", 2024, unit=w.collective)), "BK_TT", 2024, N98,
         True, {"grounds/ttldxs": True, "grounds/excellent-2": False}, on=D(2025, 1, 15)),
    case("bk-tt-2024-a-member-warned", f"Điều 74 {L2022} (cảnh cáo trở lên)",
         steps(figures(2023), figures(2024, worst="warning")), "BK_TT", 2024, N98, False,
         {"grounds/excellent-2": True, "no-warning": False}, on=D(2025, 1, 15)),
    case("bk-tt-2025-merged-predecessor-rating-counts", f"Điều 74 {L2022} (sáp nhập)",
         steps(merged(D(2025, 7, 1), figures(2024)), figures(2025)), "BK_TT", 2025, N152, True,
         {"grounds/excellent-2": True, "no-warning": True}, on=DECEMBER_2025),
    case("bk-tt-2025-stranger-has-no-2024-rating", f"Điều 74 {L2022}", steps(stranger, figures(2025)), "BK_TT",
         2025, N152, False, {"grounds/excellent-2": False}, on=DECEMBER_2025),
    case("bk-tt-2025-inspection-of-the-predecessor-pending", "Điều 4 NĐ 152/2025 (sáp nhập)",
         steps(merged(D(2025, 7, 1), figures(2024), inquiry(D(2025, 5, 1), on_unit=True)), figures(2025)), "BK_TT",
         2025, N152, False, {"grounds/excellent-2": True, "no-pending": False}, on=DECEMBER_2025),
    # ── Giấy khen ──────────────────────────────────────────────────────────────────────────────────────────────
    case("gk-cn-2021-good", "Khoản 1 Điều 40 NĐ 91/2017", good(2021), "GK_CN", 2021, L03, True, {"rating": True},
         on=D(2022, 1, 15)),
    case("gk-cn-2024-good", f"Khoản 2 Điều 75 {L2022}", good(2024), "GK_CN", 2024, N98, True,
         {"rating": True, "no-discipline": None}, on=D(2025, 1, 15)),
    case("gk-cn-2025-only-completed", f"Khoản 2 Điều 75 {L2022}", rated("completed", 2025), "GK_CN", 2025, N152,
         False, {"rating": False, "no-discipline": True}, on=DECEMBER_2025),
    case("gk-tt-2024-good", f"Khoản 2 Điều 75 {L2022}", figures(2024, rating="good"), "GK_TT", 2024, N98, True,
         {"rating": True}, on=D(2025, 1, 15)),
    # ── Chiến sĩ thi đua toàn quốc, Bằng khen Thủ tướng, Huân chương ──────────────────────────────────────────
    case("cstd-tq-2021-two-provincial-titles", f"Điều 21 {L2003}", holds("CSTD_TINH", 2017, 2020), "CSTD_TQ", 2021,
         L03, True, {"two-cstd-tinh": True}),
    case("cstd-tq-2026-two-provincial-titles-national-initiative", f"Điểm a, b khoản 1 Điều 21 {L2022}",
         steps(holds("CSTD_TINH", 2021, 2024), works(2025, "national")), "CSTD_TQ", 2026, N152, True,
         {"two-cstd-tinh": True, "national-initiative": True, "no-discipline": True}),
    case("cstd-tq-2026-provincial-initiative-only", f"Điểm b khoản 1 Điều 21 {L2022}",
         steps(holds("CSTD_TINH", 2021, 2024), works(2025, "province")), "CSTD_TQ", 2026, N152, False,
         {"two-cstd-tinh": True, "national-initiative": False}),
    case("bk-ttg-cn-2026-discipline-within-five-years", "Điều 4 NĐ 152/2025 (tính từ khi chấp hành xong kỷ luật)",
         disciplined(2023), "BK_TTG_CN", 2026, N152, False, {"no-discipline": False}, on=D(2027, 1, 15)),
    case("hcld-3-2025-disciplinary-consideration-pending", "Điều 4 NĐ 152/2025 (đang xem xét thi hành kỷ luật)",
         inquiry(D(2025, 10, 1), kind="discipline"), "HCLD_3", 2025, N152, False, {"no-pending": False},
         on=DECEMBER_2025),
]


# ── running a case ─────────────────────────────────────────────────────────────────────────────────────────────

def find(tree: list[eligibility.RuleResult], path: str) -> eligibility.RuleResult | None:
    """The node at ``path`` (codes from the root, joined by "/"), or the first node of that code depth-first."""
    if "/" in path:
        nodes, found = tree, None
        for code in path.split("/"):
            found = next((n for n in nodes if n.code == code), None)
            if found is None:
                return None
            nodes = found.children
        return found
    for node in tree:
        if node.code == path:
            return node
        inner = find(node.children, path)
        if inner is not None:
            return inner
    return None


def judge(case: Case, world: World) -> eligibility.Verdict:
    kind = award_type(case.code)
    if kind.recipient == "person":
        who = {"person_id": world.person.pk, "unit_id": world.person_unit.pk,
               "proposing_unit_id": world.person_unit.pk}
    else:
        who = {"unit_id": world.collective.pk, "proposing_unit_id": world.collective.pk}
    nominee = eligibility.Nominee(key="law", award_type_id=kind.pk, year=case.year, kind=case.kind, on=case.on, **who)
    return eligibility.evaluate([nominee])["law"]


def _paths(nodes: list[dict], prefix: str = ""):
    for node in nodes:
        yield prefix + node["code"]
        yield from _paths(node.get("children", []), prefix + node["code"] + "/")


def test_cases_cover_the_catalog():
    """At least 60 cases; every title and form with conditions in some regime has one; forms say when sent; and
    every node a case names is one of the catalog's (in the case's regime, unless the case expects it absent or
    is marked as showing the catalog wrong), so a misspelt code cannot pass as "absent"."""
    cases = [p.values[0] for p in CASES]
    marked = {p.values[0].name for p in CASES if p.marks}
    assert len(cases) >= 60
    assert len({c.name for c in cases}) == len(cases)
    all_terms = catalog.regime_terms()
    with_rules = {code for by_type in all_terms.values() for code, spec in by_type.items()
                  if spec["rules"] and code not in {"BK_HGD", "BK_TTG_TT", "CO_CP", "HCLD_1", "HCLD_2"}}
    assert with_rules <= {c.code for c in cases}
    assert all(c.on is not None for c in cases if c.code in FORMS)
    assert {c.regime for c in cases} == {r["code"] for r in catalog.REGIMES}
    for c in cases:
        known = {regime: set(_paths(by_type[c.code]["rules"])) if c.code in by_type else set()
                 for regime, by_type in all_terms.items()}

        def named(path: str, paths: set[str]) -> bool:
            return path in paths if "/" in path else any(p.split("/")[-1] == path for p in paths)

        for path, expected in [*c.nodes.items(), *((p, True) for p in c.explains)]:
            assert any(named(path, paths) for paths in known.values()), (c.name, path)
            if c.name not in marked:
                assert named(path, known[c.regime]) is (expected is not None), (c.name, path)


@pytest.mark.parametrize("case", CASES)
def test_law(province, case: Case):
    world = World()
    case.setup(world)
    verdict = judge(case, world)
    nodes = {path: (node.passed if (node := find(verdict.tree, path)) is not None else None) for path in case.nodes}
    assert (verdict.regime.code, nodes, verdict.eligible) == (case.regime, case.nodes, case.eligible), (
        case.article, [r.as_dict() for r in verdict.tree])
    # The money is the regime's, as the catalog sets it (none when the regime does not know the award).
    spec = catalog.regime_terms()[case.regime].get(case.code)
    if spec is None:
        assert verdict.terms is None
    else:
        expected = spec["money_coefficient"]
        assert verdict.terms.money_coefficient == (Decimal(expected) if expected is not None else None)
    for path, words in case.explains.items():
        assert words in find(verdict.tree, path).explanation, (path, find(verdict.tree, path).explanation)


# ── the regime chosen, and its money, by day ───────────────────────────────────────────────────────────────────

@pytest.mark.parametrize(("code", "year", "on", "regime", "money"), [
    ("BK_CN", 2025, APRIL_2025, N98, None),              # NĐ 98/2023 Điều 58: the coefficient was not found
    ("BK_CN", 2025, DECEMBER_2025, N152, Decimal("1.50")),  # NĐ 152/2025 Điều 54
    ("BK_CN", 2023, D(2023, 12, 31), L03, Decimal("1.00")),  # NĐ 91/2017 Điều 73 khoản 1
    ("BK_CN", 2023, D(2024, 1, 1), N98, None),
    ("BK_CN", 2025, D(2025, 6, 30), N98, None),
    ("BK_CN", 2025, D(2025, 7, 1), N152, Decimal("1.50")),
    ("LDTT", 2021, None, L03, Decimal("0.30")),          # a title is judged on 31/12 of its year
    ("LDTT", 2023, D(2024, 1, 15), L03, Decimal("0.30")),  # even when proposed in 2024
    ("LDTT", 2024, None, N98, Decimal("0.30")),
    ("LDTT", 2025, APRIL_2025, N152, Decimal("0.30")),    # a 2025 title is judged on 31/12/2025
    ("HCLD_3", 2021, D(2022, 1, 15), L03, None),          # NĐ 91 Điều 70: hạng Ba not read
    ("HCLD_3", 2024, D(2025, 1, 15), N98, Decimal("4.50")),
])
def test_regime_and_money_by_day(province, code, year, on, regime, money):
    world = World()
    nominee = eligibility.Nominee(key="law", award_type_id=award_type(code).pk, year=year, on=on,
                                  person_id=world.person.pk, unit_id=world.unit.pk, proposing_unit_id=world.unit.pk)
    verdict = eligibility.evaluate([nominee])["law"]
    assert (verdict.regime.code, verdict.terms.money_coefficient) == (regime, money)
    assert verdict.judged_on == (on if award_type(code).kind == "form" else D(year, 12, 31))
