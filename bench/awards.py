"""Commendations (issue 6): people with ten years of history, the registry of their awards, and a year-end round of
nominations to check.

``Scale.award_persons`` people (province 55,000) work in the synthetic province's units, a few of them moving once
to another unit; three old communes worked until 2022 and then merged into one unit (``UnitLineage``), whose people
and history carry on there. For every person and every year 2015–2025 there is a yearly rating; some years have a
recognised initiative (grassroots or province level) or a disciplinary measure. The registry (2015–2024) is what the
law's rules would have granted, in a fixed order, so it agrees with the rules the bench measures:

- Lao động tiên tiến: rated good or better, no discipline;
- Chiến sĩ thi đua cơ sở: LĐTT, rated excellent, an initiative that year, within 15 % of the unit's LĐTT;
- Chiến sĩ thi đua cấp tỉnh: CSTĐ cơ sở three years running, a province-level initiative in those three years;
- Giấy khen / Bằng khen (persons): a few of the LĐTT, Bằng khen after two excellent years;
- collectives, from their people's figures (``UnitYear``): Tập thể LĐTT (half the members LĐTT), Tập thể LĐXS,
  Giấy khen, Bằng khen, and a few Cờ thi đua.

That is about nine awards per person over the ten years (province ≈ 500,000). Province-level awards point at a
``Decision`` (one per title and year); the others carry the unit's decision reference only, as the registry keeps
awards decided outside the system. One award in about a thousand is revoked, with its reason.

The nomination year is 2025 (its facts are on record, its awards not yet): ``Scale.award_nominees`` nominees
(province 10,000) in one submitted dossier per proposing unit: nine in ten are people (LĐTT, CSTĐ cơ sở — in one
proposing unit in four one more than its 15 % quota allows —, CSTĐ cấp tỉnh with the same person's CSTĐ cơ sở of the
year in the same dossier, Giấy khen, Bằng khen), one in ten collectives (TTLĐTT, TTLĐXS, Giấy khen, Bằng khen, Cờ).

Everything goes in with ``bulk_create`` (rows whose ids are needed) or ``core.bulk.insert_rows`` (one ``COPY`` on
PostgreSQL, many rows per ``INSERT`` on SQLite); nothing goes through the services, which audit row by row.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from thidua.awards import tallies
from thidua.awards.enums import (
    AwardStatus,
    CommendationKind,
    DisciplineMeasure,
    InitiativeKind,
    NominationStatus,
    Rating,
)
from thidua.awards.models import (
    Award,
    AwardType,
    Decision,
    Discipline,
    Initiative,
    Nomination,
    NominationItem,
    PersonRating,
    UnitYear,
)
from thidua.core.bulk import db_datetime, insert_rows
from thidua.core.text import fold
from thidua.org.enums import LineageKind, UnitKind
from thidua.org.models import Employment, Person, Unit, UnitLineage

from .scales import Scale

FIRST_YEAR, NOMINATION_YEAR = 2015, 2025
HISTORY = range(FIRST_YEAR, NOMINATION_YEAR)  # ten years with awards in the registry
YEARS = range(FIRST_YEAR, NOMINATION_YEAR + 1)  # facts: the history and the nomination year
MERGED_IN = 2023  # the old communes' people work in the merged unit from this year
BATCH = 2000
REVOKE_EVERY = 997
MOVE_EVERY = 25  # one person in this many moves to another unit once
PEOPLE_PER_UNIT = 50  # at least: a smaller scale puts its people in fewer units (quotas need LĐTT to count)

SURNAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4),
            ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 2), ("Lý", 1),
            ("Thân", 1), ("Giáp", 1)]
MIDDLE_MALE = [("Văn", 40), ("Đức", 10), ("Minh", 10), ("Quang", 8), ("Hữu", 8), ("Thanh", 6), ("Công", 6),
               ("Xuân", 6), ("Tiến", 6)]
MIDDLE_FEMALE = [("Thị", 50), ("Ngọc", 10), ("Thu", 10), ("Thanh", 8), ("Minh", 8), ("Hồng", 7), ("Kim", 7)]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Hùng", "Khánh", "Long", "Mạnh", "Nam", "Phong",
              "Quân", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Việt", "Vinh", "Hiếu", "Hoàng", "Kiên", "Lâm"]
GIVEN_FEMALE = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Liên", "Linh", "Mai", "Nga",
                "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Trang", "Tuyết", "Uyên", "Vân", "Yến", "Huyền"]
TOPICS = ["Số hóa hồ sơ thủ tục hành chính", "Cải tiến quy trình tiếp nhận và trả kết quả",
          "Ứng dụng phần mềm quản lý văn bản", "Nâng cao chất lượng phục vụ người dân",
          "Tiết kiệm chi phí vận hành", "Đổi mới phương pháp giảng dạy", "Cải tiến quy trình khám chữa bệnh",
          "Mô hình dân vận khéo ở cơ sở"]
#: Ratings from a person's propensity: the share rated excellent; of the rest three in four good, then completed.
PROPENSITY = [0.05, 0.15, 0.3, 0.55, 0.85]
DISCIPLINE_SHARE = 0.006
#: The person slots of a proposing unit's nominees, in turn (LĐTT the most; CSTĐ cơ sở allotted separately).
PERSON_SLOTS = ["LDTT", "LDTT", "GK_CN", "LDTT", "BK_CN", "LDTT", "LDTT", "GK_CN"]
COLLECTIVE_SLOTS = ["TTLDTT", "TTLDTT", "GK_TT", "TTLDXS", "BK_TT", "CO_TINH"]
PROVINCE_LEVEL = {"CSTD_TINH", "BK_CN", "BK_TT", "TTLDXS", "CO_TINH"}
CSTD_QUOTA_PERCENT = 15
OVER_QUOTA_EVERY = 4  # one proposing unit in this many asks for one CSTĐ cơ sở more than its quota


@dataclass
class AwardsData:
    """What the commendation measurements need to know about the rows just built."""

    year: int  # the nomination year
    nominee_item_ids: list[int]  # the items checked by awards.eligibility (in dossiers, submitted)
    name_query: str  # a folded two-word query matching many recipients ("nguyen van")
    person_id: int  # a person with a long record (lookup by person)
    unit_id: int  # the unit three old communes merged into (lookup by unit, with lineage)
    lookup_year: int
    counts: dict[str, int] = field(default_factory=dict)


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([w for w, _n in weighted], [n for _w, n in weighted])[0]


def _name(rng: random.Random) -> str:
    male = rng.random() < 0.5
    middle = _pick(rng, MIDDLE_MALE if male else MIDDLE_FEMALE)
    given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
    return f"{_pick(rng, SURNAMES)} {middle} {given}"


def _rating(rng: random.Random, excellent: float) -> str:
    r = rng.random()
    if r < excellent:
        return Rating.EXCELLENT
    r = (r - excellent) / (1 - excellent)
    if r < 0.75:
        return Rating.GOOD
    return Rating.COMPLETED if r < 0.95 else Rating.NOT_COMPLETED


def _old_communes(target: Unit) -> list[Unit]:
    """Three communes that merged into ``target`` at the start of 2023, with their lineage."""
    old = [Unit(code=f"DV-CU-{k}", name=f"Ủy ban nhân dân xã {name} (cũ)", short_name=f"UBND xã {name}",
                kind=UnitKind.LOCALITY, parent=target.parent, valid_from=datetime.date(2010, 1, 1),
                valid_to=datetime.date(MERGED_IN - 1, 12, 31))
           for k, name in enumerate(["Tân Sỏi", "Đồng Lạc", "Phồn Xương"], start=1)]
    for unit in old:
        unit.search_text = fold(f"{unit.name} {unit.short_name} {unit.code}")
    old = Unit.objects.bulk_create(old)
    UnitLineage.objects.bulk_create([
        UnitLineage(kind=LineageKind.MERGE, source=unit, target=target, effective_on=datetime.date(MERGED_IN, 1, 1),
                    decision_reference="Nghị quyết 1234/NQ-UBTVQH15") for unit in old])
    return old


class _People:
    """Every person's unit, rating, initiative and discipline by year (indexes into ``years``)."""

    def __init__(self, n: int, units: list[Unit], old: list[Unit], target: Unit, rng: random.Random) -> None:
        self.n = n
        self.names = [_name(rng) for _ in range(n)]
        self.unit: list[list[int]] = []
        self.rating: list[list[str]] = []
        self.initiative: list[list[str]] = []  # "" / grassroots / province
        self.discipline: list[list[str]] = []
        self.moved: list[int | None] = []
        measures = [DisciplineMeasure.REPRIMAND] * 3 + [DisciplineMeasure.WARNING] * 2 + [
            DisciplineMeasure.SALARY_DEMOTION]
        homes = [u.pk for u in units][:max(2, n // PEOPLE_PER_UNIT)]  # tiny: a few units of realistic size
        old_ids = [u.pk for u in old]
        for i in range(n):
            if i % 100 == 7 and old_ids:  # the old communes' people, in the merged unit from 2023
                first = old_ids[(i // 100) % len(old_ids)]
                self.unit.append([first if y < MERGED_IN else target.pk for y in YEARS])
                self.moved.append(None)
            elif i % MOVE_EVERY == 3:
                a, b = rng.sample(homes, 2)
                at = rng.randint(FIRST_YEAR + 2, NOMINATION_YEAR - 1)
                self.unit.append([a if y < at else b for y in YEARS])
                self.moved.append(at)
            else:
                self.unit.append([rng.choice(homes)] * len(YEARS))
                self.moved.append(None)
            excellent = rng.choice(PROPENSITY)
            ratings, initiatives, disciplines = [], [], []
            for _y in YEARS:
                rating = _rating(rng, excellent)
                disciplined = rng.choice(measures) if rng.random() < DISCIPLINE_SHARE else ""
                if disciplined and rating == Rating.EXCELLENT:
                    rating = Rating.COMPLETED
                level = ""
                if rating == Rating.EXCELLENT and rng.random() < 0.6:
                    level = "province" if rng.random() < 0.3 else "grassroots"
                ratings.append(rating)
                initiatives.append(level)
                disciplines.append(disciplined)
            self.rating.append(ratings)
            self.initiative.append(initiatives)
            self.discipline.append(disciplines)

    def ldtt(self, i: int, k: int) -> bool:
        return self.rating[i][k] in (Rating.EXCELLENT, Rating.GOOD) and not self.discipline[i][k]


def _grant(people: _People, rng: random.Random) -> tuple[list[tuple[int, int, str]], dict]:
    """``(person index, year index, code)`` for every personal award 2015–2024, and the per-unit-year figures."""
    granted: list[tuple[int, int, str]] = []
    ldtt_count: Counter = Counter()
    for i in range(people.n):
        for k, _y in enumerate(HISTORY):
            if people.ldtt(i, k):
                ldtt_count[(people.unit[i][k], k)] += 1
    cstd = [[False] * len(YEARS) for _ in range(people.n)]
    cstd_taken: Counter = Counter()
    tinh_last: dict[int, int] = {}
    for i in range(people.n):
        for k, _y in enumerate(HISTORY):
            if not people.ldtt(i, k):
                continue
            granted.append((i, k, "LDTT"))
            unit = people.unit[i][k]
            cap = math.floor(ldtt_count[(unit, k)] * CSTD_QUOTA_PERCENT / 100 + 1e-9)
            if people.rating[i][k] == Rating.EXCELLENT and people.initiative[i][k] and cstd_taken[(unit, k)] < cap:
                cstd_taken[(unit, k)] += 1
                cstd[i][k] = True
                granted.append((i, k, "CSTD_CS"))
                if (k >= 2 and cstd[i][k - 1] and cstd[i][k - 2] and tinh_last.get(i, -9) <= k - 3
                        and "province" in people.initiative[i][k - 2:k + 1]):
                    tinh_last[i] = k
                    granted.append((i, k, "CSTD_TINH"))
                continue
            if k >= 1 and people.rating[i][k] == people.rating[i][k - 1] == Rating.EXCELLENT and rng.random() < 0.08:
                granted.append((i, k, "BK_CN"))
            elif rng.random() < 0.06:
                granted.append((i, k, "GK_CN"))
    return granted, {"cstd": cstd}


def _unit_years(people: _People) -> dict[tuple[int, int], list]:
    """``{(unit, year index): [members, completed, ldtt, excellent, worst discipline]}`` from the people."""
    figures: dict[tuple[int, int], list] = {}
    order = list(DisciplineMeasure)
    for i in range(people.n):
        for k, _y in enumerate(YEARS):
            row = figures.setdefault((people.unit[i][k], k), [0, 0, 0, 0, ""])
            row[0] += 1
            row[1] += people.rating[i][k] != Rating.NOT_COMPLETED
            row[2] += people.ldtt(i, k)
            row[3] += people.rating[i][k] == Rating.EXCELLENT
            measure = people.discipline[i][k]
            if measure and (not row[4] or order.index(measure) > order.index(row[4])):
                row[4] = measure
    return figures


def _unit_rating(members: int, completed: int, ldtt: int, worst: str) -> str:
    if worst and worst != DisciplineMeasure.REPRIMAND:
        return Rating.COMPLETED
    if ldtt * 100 >= 70 * members and completed == members:
        return Rating.EXCELLENT
    return Rating.GOOD if ldtt * 2 >= members else Rating.COMPLETED


@transaction.atomic
def build_awards(scale: Scale, step, seed: int = 2030) -> AwardsData:
    """People, their facts, the registry and the 2025 dossiers (after ``data.build``: its units must exist)."""
    rng = random.Random(seed)
    types = {t.code: t for t in AwardType.objects.all()}
    units = list(Unit.objects.exclude(parent__isnull=True).order_by("id"))
    target = next(u for u in units if u.kind == UnitKind.LOCALITY)
    old = _old_communes(target)
    unit_by_id = Unit.objects.in_bulk()

    people = _People(scale.award_persons, units, old, target, rng)
    persons = Person.objects.bulk_create([
        Person(full_name=name, search_text=fold(name),
               date_of_birth=datetime.date(1965 + i % 35, 1 + i % 12, 1 + i % 28),
               civil_servant_code=f"CC{i + 1:08d}" if i % 5 < 3 else None,
               national_id=f"0{i + 1:011d}" if i % 3 == 0 else None)
        for i, name in enumerate(people.names)], batch_size=BATCH)
    pids = [p.pk for p in persons]
    now = db_datetime(timezone.now())
    years = list(YEARS)

    employments = []
    for i in range(people.n):
        first = people.unit[i][0]
        last = people.unit[i][-1]
        if first == last:
            employments.append((now, now, pids[i], last, "Chuyên viên", datetime.date(FIRST_YEAR, 1, 1), None))
        else:
            at = people.moved[i] or MERGED_IN
            employments.append((now, now, pids[i], first, "Chuyên viên", datetime.date(FIRST_YEAR, 1, 1),
                                datetime.date(at - 1, 12, 31)))
            employments.append((now, now, pids[i], last, "Chuyên viên", datetime.date(at, 1, 1), None))
    insert_rows(Employment, ["created_at", "updated_at", "person", "unit", "position", "started_on", "ended_on"],
                employments)

    # The office has confirmed the history; the nomination year's facts are declared with the dossiers.
    confirmed = {year: (now if year < NOMINATION_YEAR else None) for year in years}
    ratings, initiatives, disciplines = [], [], []
    for i in range(people.n):
        for k, year in enumerate(years):
            ratings.append((now, now, pids[i], people.unit[i][k], year, people.rating[i][k], confirmed[year]))
            if people.initiative[i][k]:
                initiatives.append((now, now, pids[i], year, f"{TOPICS[(i + k) % len(TOPICS)]} ({year})",
                                    people.initiative[i][k], f"Hội đồng sáng kiến {year}", InitiativeKind.INITIATIVE,
                                    confirmed[year]))
            if people.discipline[i][k]:
                disciplines.append((now, now, pids[i], year, people.discipline[i][k], f"{i % 90 + 1}/QĐ-KL",
                                    confirmed[year]))
    insert_rows(PersonRating, ["created_at", "updated_at", "person", "unit", "year", "rating", "confirmed_at"],
                ratings)
    insert_rows(Initiative, ["created_at", "updated_at", "person", "year", "title", "level", "recognition_reference",
                             "kind", "confirmed_at"], initiatives)
    insert_rows(Discipline, ["created_at", "updated_at", "person", "year", "measure", "decision_reference",
                             "confirmed_at"], disciplines)
    step(f"{people.n} people ({sum(m is not None for m in people.moved)} moved units once), {len(ratings)} ratings, "
         f"{len(initiatives)} initiatives, {len(disciplines)} disciplinary measures (2015–2025)")

    figures = _unit_years(people)
    unit_years = []
    for (unit_id, k), (members, completed, ldtt, _exc, worst) in sorted(figures.items()):
        rating = _unit_rating(members, completed, ldtt, worst)
        unit_years.append((now, now, unit_id, years[k], members, completed, ldtt, rating, worst,
                           rating == Rating.EXCELLENT, confirmed[years[k]]))  # excellent: it exceeded its targets
    insert_rows(UnitYear, ["created_at", "updated_at", "unit", "year", "member_count", "members_completed",
                           "advanced_workers", "rating", "worst_discipline", "exceeded_targets", "confirmed_at"],
                unit_years)

    granted, extra = _grant(people, rng)
    collective: list[tuple[int, int, str]] = []  # (unit id, year index, code)
    for (unit_id, k), (members, completed, ldtt, _exc, worst) in sorted(figures.items()):
        if years[k] >= NOMINATION_YEAR:
            continue
        rating = _unit_rating(members, completed, ldtt, worst)
        if ldtt * 2 >= members and rating in (Rating.EXCELLENT, Rating.GOOD):
            collective.append((unit_id, k, "TTLDTT"))
            if rating == Rating.EXCELLENT and rng.random() < 0.5:
                collective.append((unit_id, k, "TTLDXS"))
                if rng.random() < 0.1:
                    collective.append((unit_id, k, "CO_TINH"))
            if rng.random() < 0.1:
                collective.append((unit_id, k, "GK_TT" if rng.random() < 0.6 else "BK_TT"))

    decisions = {}
    for code in sorted(PROVINCE_LEVEL):
        for k, year in enumerate(HISTORY):
            decisions[(code, k)] = Decision(number=str(100 + 10 * k + sorted(PROVINCE_LEVEL).index(code)),
                                            symbol="QĐ-UBND", signed_on=datetime.date(year + 1, 3, 15),
                                            signer_name="Nguyễn Văn Đức", signer_title="Chủ tịch",
                                            issuing_authority="Chủ tịch Ủy ban nhân dân tỉnh")
    Decision.objects.bulk_create(list(decisions.values()))

    revoked_at = db_datetime(timezone.now() - datetime.timedelta(days=30))
    award_rows = []
    kinds = Counter()

    def add(code: str, k: int, person: int | None, unit_id: int, name: str) -> None:
        decision = decisions.get((code, k))
        reference = decision.reference if decision else f"{k + 1}/QĐ-{unit_by_id[unit_id].code}"
        revoked = len(award_rows) % REVOKE_EVERY == REVOKE_EVERY - 1
        award_rows.append((now, now, types[code].pk, person, unit_id, years[k], CommendationKind.MERIT,
                           decision.pk if decision else None, reference, name, name, fold(name),
                           AwardStatus.REVOKED if revoked else AwardStatus.ACTIVE, revoked_at if revoked else None,
                           "Khai man thành tích (bench)" if revoked else ""))
        kinds[code] += 1

    # Year by year, so ids grow with the year as a registry filled over time would.
    by_year: dict[int, list] = defaultdict(list)
    for i, k, code in granted:
        by_year[k].append(("p", i, code))
    for unit_id, k, code in collective:
        by_year[k].append(("u", unit_id, code))
    for k in sorted(by_year):
        for what, who, code in by_year[k]:
            if what == "p":
                add(code, k, pids[who], people.unit[who][k], people.names[who])
            else:
                add(code, k, None, who, unit_by_id[who].name)
    insert_rows(Award, ["created_at", "updated_at", "award_type", "person", "unit", "year", "kind", "decision",
                        "decision_reference", "recipient_name", "print_text", "search_text", "status", "revoked_at",
                        "revocation_reason"], award_rows)
    step(f"{len(unit_years)} unit-years, {len(award_rows)} awards 2015–2024 "
         f"({', '.join(f'{n} {c}' for c, n in kinds.most_common())}), {len(decisions)} decisions")
    by_type, by_unit = tallies.rebuild()
    step(f"registry tallies recounted by awards.tallies.rebuild: {by_type} by year and title, {by_unit} by unit")

    item_ids, nominated = _nominations(scale, people, pids, extra["cstd"], figures, units, types, unit_by_id, step)

    # The lookups: the person with most awards, the merged unit, a year in the middle.
    most = Counter(pids[i] for i, _k, _c in granted).most_common(1)[0][0]
    return AwardsData(
        year=NOMINATION_YEAR, nominee_item_ids=item_ids, name_query="nguyen van", person_id=most, unit_id=target.pk,
        lookup_year=2020,
        counts={"persons": people.n, "ratings": len(ratings), "initiatives": len(initiatives),
                "disciplines": len(disciplines), "unit_years": len(unit_years), "awards": len(award_rows),
                "decisions": len(decisions), "nominees": len(item_ids), **nominated,
                **{f"awards_{c}": n for c, n in kinds.items()}},
    )


def _nominations(scale: Scale, people: _People, pids: list[int], cstd, figures, units: list[Unit], types: dict,
                 unit_by_id: dict, step) -> tuple[list[int], dict[str, int]]:
    """The 2025 dossiers, one per proposing unit, submitted: ``Scale.award_nominees`` items (see the module)."""
    k = len(YEARS) - 1  # 2025
    wanted = scale.award_nominees
    n_collective = wanted // 10
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(people.n):
        members[people.unit[i][k]].append(i)
    homes = sorted(members)
    quotas = {u: math.floor(figures[(u, k)][2] * CSTD_QUOTA_PERCENT / 100 + 1e-9) for u in homes}
    # One unit in four asks for one CSTĐ cơ sở more than its quota (each with the LĐTT of the year), plus its CSTĐ
    # cấp tỉnh; the other units share the rest of the nominees.
    over = {u: min(len(members[u]), 2 * (quotas[u] + 1) + 3) for n, u in enumerate(homes) if n % OVER_QUOTA_EVERY == 0}
    if sum(over.values()) > (wanted - n_collective) // 2:
        over = {}
    rest = [u for u in homes if u not in over]
    per_unit, extra = divmod(wanted - n_collective - sum(over.values()), max(1, len(rest)))
    shares = {u: per_unit + (1 if n < extra else 0) for n, u in enumerate(rest)} | over
    items: dict[int, list[tuple[str, int | None, int]]] = defaultdict(list)  # unit -> (code, person idx, unit)
    spare: list[tuple[int, int]] = []
    for unit_id in homes:
        pool = members[unit_id]
        quota = quotas[unit_id]
        want = min(len(pool), shares[unit_id])
        used: set[int] = set()

        def take(*tests, used=used, pool=pool) -> int | None:
            """The first person of the pool not yet nominated who passes the first test anyone passes."""
            for test in tests:
                for i in pool:
                    if i not in used and test(i):
                        used.add(i)
                        return i
            return None

        def strong(i: int) -> bool:
            return people.rating[i][k] == Rating.EXCELLENT and bool(people.initiative[i][k])

        def chain(i: int) -> bool:
            return strong(i) and cstd[i][k - 1] and cstd[i][k - 2]

        def two_excellent(i: int) -> bool:
            return people.rating[i][k] == people.rating[i][k - 1] == Rating.EXCELLENT

        def anyone(_i: int) -> bool:
            return True

        chosen: list[tuple[str, int]] = []
        # A CSTĐ cơ sở comes with the LĐTT of the year, a CSTĐ cấp tỉnh with both (the rules look in the dossier).
        if want >= 5 and (person := take(chain, strong, anyone)) is not None:
            chosen += [("LDTT", person), ("CSTD_CS", person), ("CSTD_TINH", person)]
        n_cstd = quota + 1 if unit_id in over else min(quota, max(1, want // 8))
        while sum(c == "CSTD_CS" for c, _p in chosen) < n_cstd and len(chosen) + 2 <= want:
            if (person := take(strong, anyone)) is None:
                break
            chosen += [("LDTT", person), ("CSTD_CS", person)]
        slot = bk = 0
        while len(chosen) < want:
            code = PERSON_SLOTS[slot % len(PERSON_SLOTS)]
            # Every other Bằng khen goes to someone excellent two years running, the others to anyone.
            person = take(two_excellent, anyone) if code == "BK_CN" and bk % 2 == 0 else take(anyone)
            if person is None:
                break
            chosen.append((code, person))
            slot += 1
            bk += code == "BK_CN"
        spare += [(unit_id, i) for i in pool if i not in used]
        items[unit_id] += [(code, person, unit_id) for code, person in chosen]
    short = wanted - n_collective - sum(len(v) for v in items.values())
    for unit_id, person in spare[:max(0, short)]:
        items[unit_id].append(("LDTT", person, unit_id))
    for n in range(n_collective):
        unit_id = homes[n % len(homes)]
        code = COLLECTIVE_SLOTS[(n + n // len(homes)) % len(COLLECTIVE_SLOTS)]
        proposer = unit_by_id[unit_id].parent_id or unit_id
        items[proposer].append((code, None, unit_id))

    submitted = timezone.make_aware(datetime.datetime(NOMINATION_YEAR, 12, 10, 9, 0))
    proposers = sorted(items)
    dossiers = Nomination.objects.bulk_create([
        Nomination(unit_id=u, year=NOMINATION_YEAR, kind=CommendationKind.MERIT, status=NominationStatus.SUBMITTED,
                   title=f"Đề nghị khen thưởng năm {NOMINATION_YEAR} – {unit_by_id[u].name}"[:300],
                   submitted_at=submitted) for u in proposers], batch_size=BATCH)
    rows = []
    for dossier in dossiers:
        for code, person, unit_id in items[dossier.unit_id]:
            name = people.names[person] if person is not None else unit_by_id[unit_id].name
            rows.append(NominationItem(
                nomination=dossier, award_type=types[code], person_id=pids[person] if person is not None else None,
                unit_id=unit_id, achievement=f"Hoàn thành xuất sắc nhiệm vụ năm {NOMINATION_YEAR}.",
                print_text=f"Đã có thành tích xuất sắc trong công tác năm {NOMINATION_YEAR} – {name}"[:1000]))
    rows = NominationItem.objects.bulk_create(rows, batch_size=BATCH)
    by_type = Counter(code for v in items.values() for code, _p, _u in v)
    step(f"{len(dossiers)} submitted dossiers for {NOMINATION_YEAR}, {len(rows)} nominees "
         f"({', '.join(f'{n} {c}' for c, n in by_type.most_common())})")
    return [r.pk for r in rows], {"dossiers": len(dossiers), **{f"nominees_{c}": n for c, n in by_type.items()}}
