"""Eligibility: the catalog's rules checked against the facts on record, with an explanation per rule.

The rules are data (``EligibilityRule``: a kind, its numbers in ``params`` and its legal basis). This module reads
every fact the nominees need in a fixed number of queries, whatever their number, then checks each rule in
Python. The rule kinds and their parameters:

``prerequisite``  ``{"codes": [...], "years_back": 0}`` holds one of the titles in the year (or up to
                  ``years_back`` years before); a title asked for in the same dossier counts for its year.
``consecutive``   ``{"codes": [...], "years": 3, "include_current": true}`` holds one of the titles in each of N
                  consecutive years ending with the award year (or the year before).
``rating``        ``{"min": "excellent", "years": 1}`` rated at least ``min`` in each of the last N years.
``initiative``    ``{"min_level": "grassroots", "years": 1}`` a recognised initiative at that level or higher.
``discipline``    ``{"max": null, "years": 1}`` no disciplinary measure heavier than ``max`` (null: none at all).
``quota``         ``{"of": "LDTT", "percent": 15}`` in the proposing unit and year, this title's awards and open
                  nominations are at most ``percent`` % of the advanced workers (rounded down).
``one_award``     one achievement earns one award: no other award or open nomination of the same recipient and
                  year for the same title, nor another commendation form for the same kind of achievement.
``cluster_vote``  the unit passed (within the quota) a closed emulation-flag vote of the year.
``unit_share``    ``{"field": "advanced_workers" | "members_completed", "percent": 70}`` of the members.
``unit_discipline`` ``{"max": "reprimand"}`` no member disciplined more heavily than ``max``.

History follows people and units: a person's titles, ratings, initiatives and discipline are the person's own,
whichever unit they worked in; a unit's titles, ratings and figures include those of the units that merged into it
or were renamed to it (``UnitLineage``), at any depth.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from thidua.evaluation.enums import AwardQuota
from thidua.org.selectors import unit_predecessors

from .enums import (
    DISCIPLINE_ORDER,
    LEVEL_ORDER,
    RATING_ORDER,
    AwardKind,
    AwardStatus,
    DisciplineMeasure,
    NominationStatus,
    Rating,
    Recipient,
    RuleKind,
)
from .models import Award, AwardType, Discipline, EligibilityRule, Initiative, NominationItem, PersonRating, UnitYear

#: Dossiers whose items count as claims on a quota or an achievement (the proposer has sent them).
OPEN_STATES = [NominationStatus.SUBMITTED, NominationStatus.RECEIVED, NominationStatus.IN_APPRAISAL,
               NominationStatus.APPRAISED, NominationStatus.AT_COUNCIL, NominationStatus.APPROVED]


@dataclass(frozen=True)
class Nominee:
    """What is checked: ``key`` names it in the result (an item id, or anything for a what-if check)."""

    key: object
    award_type_id: int
    year: int
    person_id: int | None = None
    unit_id: int | None = None  # the collective, or the unit a person is nominated in
    proposing_unit_id: int | None = None
    nomination_id: int | None = None
    kind: str = "merit"
    campaign_id: int | None = None


@dataclass
class RuleResult:
    rule: str
    title: str
    passed: bool
    explanation: str
    legal_basis: str

    def as_dict(self) -> dict:
        return {"rule": self.rule, "title": self.title, "passed": self.passed, "explanation": self.explanation,
                "legal_basis": self.legal_basis}


@dataclass
class Verdict:
    eligible: bool
    rules: list[RuleResult] = field(default_factory=list)

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.rules if not r.passed]


def _whole(rule, name: str, default: int) -> int:
    """A whole-number parameter of a rule, ``default`` when missing or not a number (the rule then explains)."""
    params = rule.params if isinstance(rule.params, dict) else {}
    try:
        return max(0, int(params.get(name, default) or default))
    except (TypeError, ValueError):
        return default


def _count(rule, name: str, default: int, *, minimum: int) -> int:
    """A whole-number parameter of a rule; ValueError (explained by ``_run_check``) when it is not one or is
    below ``minimum``."""
    value = rule.params.get(name, default)
    if value is None:
        value = default
    if isinstance(value, bool) or not isinstance(value, int | str) or int(value) < minimum:
        raise ValueError(name)
    return int(value)


def _percent(rule, default: float) -> float:
    """A percentage parameter from 0 to 100; ValueError otherwise."""
    value = rule.params.get("percent", default)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("percent")
    value = float(value)
    if not 0 <= value <= 100:  # also refuses NaN
        raise ValueError("percent")
    return value


def _years(years) -> str:
    return ", ".join(str(y) for y in sorted(years))


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


class Facts:
    """Everything the rules read for a set of nominees, loaded in a fixed number of queries."""

    def __init__(self, nominees: list[Nominee]) -> None:
        self.nominees = nominees
        self.types = {t.pk: t for t in AwardType.objects.all()}
        self.code_ids: dict[str, int] = {t.code: t.pk for t in self.types.values()}
        type_ids = {n.award_type_id for n in nominees}
        self.rules: dict[int, list[EligibilityRule]] = defaultdict(list)
        for rule in EligibilityRule.objects.filter(award_type_id__in=type_ids, active=True).order_by("order", "id"):
            self.rules[rule.award_type_id].append(rule)
        years = {n.year for n in nominees} or {0}
        span = max((_whole(r, "years", 1) + _whole(r, "years_back", 0)
                    for rules in self.rules.values() for r in rules), default=1)
        self.first_year, self.last_year = min(years) - span - 1, max(years)
        self._load_lineage()
        self._load_people()
        self._load_units()
        self._load_open_items()
        self._load_votes()

    # -- loading ------------------------------------------------------------------------------------------------
    def _load_lineage(self) -> None:
        """Each unit's predecessors (merged into it or renamed to it), at any depth."""
        wanted = {n.unit_id for n in self.nominees if n.unit_id} | {
            n.proposing_unit_id for n in self.nominees if n.proposing_unit_id}
        self.lineage: dict[int, frozenset[int]] = unit_predecessors(wanted)

    def lineage_of(self, unit_id: int | None) -> frozenset[int]:
        if unit_id is None:
            return frozenset()
        return self.lineage.get(unit_id, frozenset({unit_id}))

    def _load_people(self) -> None:
        person_ids = {n.person_id for n in self.nominees if n.person_id}
        window = Q(year__gte=self.first_year, year__lte=self.last_year)
        self.ratings: dict[tuple[int, int], str] = {}
        self.initiatives: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        self.disciplines: dict[int, list[tuple[int, str]]] = defaultdict(list)
        self.person_awards: dict[int, list[tuple]] = defaultdict(list)
        if not person_ids:
            return
        for person_id, year, rating in PersonRating.objects.filter(window, person_id__in=person_ids).values_list(
                "person_id", "year", "rating"):
            self.ratings[(person_id, year)] = rating
        for person_id, year, level, title in Initiative.objects.filter(window, person_id__in=person_ids).values_list(
                "person_id", "year", "level", "title"):
            self.initiatives[person_id].append((year, level, title))
        for person_id, year, measure in Discipline.objects.filter(window, person_id__in=person_ids).values_list(
                "person_id", "year", "measure"):
            self.disciplines[person_id].append((year, measure))
        for row in Award.objects.filter(window, person_id__in=person_ids, status=AwardStatus.ACTIVE).values_list(
                "person_id", "year", "award_type_id", "kind", "campaign_id", "decision_reference",
                "decision__number", "decision__symbol", "nomination_item_id"):
            self.person_awards[row[0]].append(row[1:])

    def _load_units(self) -> None:
        unit_ids = set().union(*self.lineage.values()) if self.lineage else set()
        window = Q(year__gte=self.first_year, year__lte=self.last_year)
        self.unit_years: dict[tuple[int, int], UnitYear] = {}
        self.unit_awards: dict[int, list[tuple]] = defaultdict(list)
        self.unit_type_counts: dict[tuple[int, int, int], int] = defaultdict(int)
        if not unit_ids:
            return
        for record in UnitYear.objects.filter(window, unit_id__in=unit_ids):
            self.unit_years[(record.unit_id, record.year)] = record
        for row in Award.objects.filter(window, person__isnull=True, unit_id__in=unit_ids,
                                        status=AwardStatus.ACTIVE).values_list(
                "unit_id", "year", "award_type_id", "kind", "campaign_id", "decision_reference",
                "decision__number", "decision__symbol", "nomination_item_id"):
            self.unit_awards[row[0]].append(row[1:])
        # Individual awards granted in a unit and year (the quota counts them), as a SQL aggregate.
        proposing = {n.proposing_unit_id for n in self.nominees if n.proposing_unit_id}
        for unit_id, year, type_id, count in (
                Award.objects.filter(window, person__isnull=False, unit_id__in=proposing, status=AwardStatus.ACTIVE)
                .values_list("unit_id", "year", "award_type_id").annotate(n=Count("id")).order_by()):
            self.unit_type_counts[(unit_id, year, type_id)] += count

    def _load_open_items(self) -> None:
        """Items of sent dossiers not yet awarded, and every item of the dossiers being checked."""
        nomination_ids = {n.nomination_id for n in self.nominees if n.nomination_id}
        person_ids = {n.person_id for n in self.nominees if n.person_id}
        unit_ids = {n.unit_id for n in self.nominees if n.unit_id and not n.person_id}
        proposing = {n.proposing_unit_id for n in self.nominees if n.proposing_unit_id}
        years = {n.year for n in self.nominees}
        open_items = Q(award__isnull=True) & (
            Q(nomination__status__in=OPEN_STATES) | Q(nomination_id__in=nomination_ids))
        whose = Q(person_id__in=person_ids) | Q(person__isnull=True, unit_id__in=unit_ids) | Q(
            nomination__unit_id__in=proposing)
        self.items = list(
            NominationItem.objects.filter(open_items, whose, nomination__year__in=years).values(
                "id", "nomination_id", "nomination__unit_id", "nomination__year", "nomination__kind",
                "nomination__campaign_id", "award_type_id", "person_id", "unit_id"))
        # Indexes over the items, so each rule looks at its nominee's own items, not at every item loaded.
        self.items_by_dossier: dict[int, list[dict]] = defaultdict(list)
        self.items_by_recipient: dict[tuple, list[dict]] = defaultdict(list)
        self.items_claimed: dict[tuple[int, int, int], int] = defaultdict(int)
        for item in self.items:
            self.items_by_dossier[item["nomination_id"]].append(item)
            self.items_by_recipient[self._recipient_key(item["person_id"], item["unit_id"],
                                                        item["nomination__year"])].append(item)
            self.items_claimed[(item["nomination__unit_id"], item["nomination__year"], item["award_type_id"])] += 1

    @staticmethod
    def _recipient_key(person_id, unit_id, year) -> tuple:
        return ("p", person_id, year) if person_id else ("u", unit_id, year)

    def _load_votes(self) -> None:
        """Closed emulation-flag votes of the years asked for, with who passed within the quota."""
        from django.utils import timezone

        from thidua.evaluation.models import Candidate, VotingRound
        from thidua.evaluation.selectors import result_of

        self.flag_wins: dict[int, list[tuple[int, str, int, int]]] = defaultdict(list)  # unit -> (year, q, v, n)
        if not any(r.kind == RuleKind.CLUSTER_VOTE for rules in self.rules.values() for r in rules):
            return
        years = {n.year for n in self.nominees}
        now = timezone.now()
        rounds = list(VotingRound.objects.filter(award=AwardQuota.EMULATION_FLAG, campaign__year__in=years,
                                                 closes_at__lte=now)
                      .select_related("campaign").annotate(voted=Count("ballots_cast")))
        candidates: dict[int, list] = defaultdict(list)
        for round_id, unit_id, name, votes in Candidate.objects.filter(round__in=rounds).order_by(
                "round_id", "-votes", "unit__name").values_list("round_id", "unit_id", "unit__name", "votes"):
            candidates[round_id].append((unit_id, name, votes))
        for voting_round in rounds:
            result = result_of(voting_round, voted=voting_round.voted, candidates=candidates[voting_round.pk],
                               now=now)
            for row in result.candidates:
                if row.passed and row.within_quota:
                    self.flag_wins[row.unit_id].append((voting_round.campaign.year, voting_round.question,
                                                        row.votes, result.electorate))

    # -- lookups ------------------------------------------------------------------------------------------------
    def titles_held(self, nominee: Nominee) -> dict[int, set[int]]:
        """year -> award type ids the recipient holds (registry), plus those asked for in the same dossier."""
        held: dict[int, set[int]] = defaultdict(set)
        if nominee.person_id:
            for year, type_id, *_rest in self.person_awards.get(nominee.person_id, ()):
                held[year].add(type_id)
        else:
            for unit_id in self.lineage_of(nominee.unit_id):
                for year, type_id, *_rest in self.unit_awards.get(unit_id, ()):
                    held[year].add(type_id)
        if nominee.nomination_id:
            for item in self.items_by_dossier.get(nominee.nomination_id, ()):
                if self._same_recipient(item, nominee):
                    held[item["nomination__year"]].add(item["award_type_id"])
        return held

    @staticmethod
    def _same_recipient(item: dict, nominee: Nominee) -> bool:
        if nominee.person_id:
            return item["person_id"] == nominee.person_id
        return item["person_id"] is None and item["unit_id"] == nominee.unit_id

    def unit_record(self, unit_id: int | None, year: int) -> UnitYear | None:
        """The collective's figures for the year: its own, or else its predecessors' added up."""
        own = self.unit_years.get((unit_id, year))
        if own is not None or unit_id is None:
            return own
        found = [self.unit_years[(u, year)] for u in self.lineage_of(unit_id) if (u, year) in self.unit_years]
        if not found:
            return None
        worst = max((r.worst_discipline for r in found if r.worst_discipline),
                    key=DISCIPLINE_ORDER.index, default="")
        ratings = [r.rating for r in found if r.rating]
        return UnitYear(unit_id=unit_id, year=year, member_count=sum(r.member_count for r in found),
                        members_completed=sum(r.members_completed for r in found),
                        advanced_workers=sum(r.advanced_workers for r in found),
                        rating=max(ratings, key=RATING_ORDER.index) if ratings else "",
                        worst_discipline=worst)

    def rating_of(self, nominee: Nominee, year: int) -> str:
        if nominee.person_id:
            return self.ratings.get((nominee.person_id, year), "")
        record = self.unit_record(nominee.unit_id, year)
        return record.rating if record else ""

    def type_names(self, codes) -> str:
        names = [self.types[self.code_ids[c]].name for c in codes if c in self.code_ids]
        return _(" or ").join(names) if names else ", ".join(codes)


# -- the rules --------------------------------------------------------------------------------------------------

def _check_prerequisite(rule, nominee: Nominee, facts: Facts) -> tuple[bool, str]:
    codes = rule.params.get("codes", [])
    back = _count(rule, "years_back", 0, minimum=0)
    wanted = {facts.code_ids[c] for c in codes if c in facts.code_ids}
    held = facts.titles_held(nominee)
    first = nominee.year - back
    years = [y for y in range(first, nominee.year + 1) if held.get(y, set()) & wanted]
    names = facts.type_names(codes)
    if years:
        return True, _("Holds %(title)s in %(years)s.") % {"title": names, "years": _years(years)}
    return False, _("Does not hold %(title)s in %(years)s, in the registry or in this dossier.") % {
        "title": names, "years": _span(first, nominee.year)}


def _check_consecutive(rule, nominee: Nominee, facts: Facts) -> tuple[bool, str]:
    codes = rule.params.get("codes", [])
    count = _count(rule, "years", 1, minimum=1)
    last = nominee.year if rule.params.get("include_current", True) else nominee.year - 1
    first = last - count + 1
    wanted = {facts.code_ids[c] for c in codes if c in facts.code_ids}
    held = facts.titles_held(nominee)
    missing = [y for y in range(first, last + 1) if not held.get(y, set()) & wanted]
    names = facts.type_names(codes)
    values = {"count": count, "title": names, "span": _span(first, last)}
    if not missing:
        return True, _("Holds %(title)s in each of the %(count)s consecutive years %(span)s.") % values
    return False, _("Needs %(title)s in each of the %(count)s consecutive years %(span)s; missing: %(missing)s.") % {
        **values, "missing": _years(missing)}


def _rating_label(value: str) -> str:
    return Rating(value).label if value in Rating.values else value


def _check_rating(rule, nominee: Nominee, facts: Facts) -> tuple[bool, str]:
    minimum = rule.params.get("min", Rating.GOOD)
    count = _count(rule, "years", 1, minimum=1)
    first = nominee.year - count + 1
    limit = RATING_ORDER.index(minimum)
    got, missing, short = [], [], []
    for year in range(first, nominee.year + 1):
        rating = facts.rating_of(nominee, year)
        if not rating:
            missing.append(year)
        elif RATING_ORDER.index(rating) > limit:
            short.append(f"{year}: {_rating_label(rating)}")
        else:
            got.append(f"{year}: {_rating_label(rating)}")
    need = _("needs at least “%(rating)s” in %(span)s") % {"rating": _rating_label(minimum),
                                                           "span": _span(first, nominee.year)}
    if not missing and not short:
        return True, _("Rated %(ratings)s (%(need)s).") % {"ratings": "; ".join(got), "need": need}
    parts = []
    if short:
        parts.append(_("rated %(ratings)s") % {"ratings": "; ".join(short)})
    if missing:
        parts.append(_("no rating on record for %(years)s") % {"years": _years(missing)})
    return False, _("Not eligible: %(parts)s (%(need)s).") % {"parts": "; ".join(parts), "need": need}


def _check_initiative(rule, nominee: Nominee, facts: Facts) -> tuple[bool, str]:
    minimum = rule.params.get("min_level", "grassroots")
    count = _count(rule, "years", 1, minimum=1)
    first = nominee.year - count + 1
    from .enums import AwardLevel

    ok = [(year, level, title) for year, level, title in facts.initiatives.get(nominee.person_id, ())
          if first <= year <= nominee.year and LEVEL_ORDER.index(level) >= LEVEL_ORDER.index(minimum)]
    level_name = AwardLevel(minimum).label
    if ok:
        year, level, title = max(ok)
        return True, _("Initiative “%(title)s” recognised at %(level)s level in %(year)s.") % {
            "title": title, "level": AwardLevel(level).label.lower(), "year": year}
    return False, _("No initiative recognised at %(level)s level or higher in %(span)s.") % {
        "level": level_name.lower(), "span": _span(first, nominee.year)}


def _measure_label(value: str) -> str:
    return DisciplineMeasure(value).label if value in DisciplineMeasure.values else value


def _heavier(measure: str, maximum: str | None) -> bool:
    if not maximum:
        return True
    return DISCIPLINE_ORDER.index(measure) > DISCIPLINE_ORDER.index(maximum)


def _check_discipline(rule, nominee: Nominee, facts: Facts) -> tuple[bool, str]:
    maximum = rule.params.get("max") or None
    if maximum is not None and maximum not in DisciplineMeasure.values:
        raise ValueError("max")
    count = _count(rule, "years", 1, minimum=1)
    first = nominee.year - count + 1
    found = [(year, measure) for year, measure in facts.disciplines.get(nominee.person_id, ())
             if first <= year <= nominee.year and _heavier(measure, maximum)]
    if not found:
        if maximum:
            return True, _("No disciplinary measure heavier than %(measure)s in %(span)s.") % {
                "measure": _measure_label(maximum).lower(), "span": _span(first, nominee.year)}
        return True, _("No disciplinary measure in %(span)s.") % {"span": _span(first, nominee.year)}
    listed = "; ".join(f"{_measure_label(m).lower()} ({y})" for y, m in sorted(found))
    return False, _("Disciplined: %(list)s.") % {"list": listed}


def _claim_counted(nominee: Nominee, facts: Facts) -> bool:
    """Whether the nominee is already among the claims counted: an item of its dossier, or awarded from it."""
    if nominee.nomination_id is not None and any(
            item["id"] == nominee.key and item["nomination_id"] == nominee.nomination_id for item in facts.items):
        return True
    return nominee.nomination_id is not None and any(
        row[-1] == nominee.key for row in facts.person_awards.get(nominee.person_id, ()))


def _check_quota(rule, nominee: Nominee, facts: Facts) -> tuple[bool, str]:
    percent = _percent(rule, 15)
    of_code = rule.params.get("of", "LDTT")
    unit_id = nominee.proposing_unit_id or nominee.unit_id
    record = facts.unit_record(unit_id, nominee.year)
    if record is not None:
        base = record.advanced_workers
    else:
        of_id = facts.code_ids.get(of_code)
        base = facts.unit_type_counts.get((unit_id, nominee.year, of_id), 0) + facts.items_claimed.get(
            (unit_id, nominee.year, of_id), 0)
    cap = math.floor(base * percent / 100 + 1e-9)
    claimed = facts.unit_type_counts.get((unit_id, nominee.year, nominee.award_type_id), 0) + facts.items_claimed.get(
        (unit_id, nominee.year, nominee.award_type_id), 0)
    if not _claim_counted(nominee, facts):
        claimed += 1  # a what-if nominee (in no dossier yet) would take a place too
    values = {"base": base, "of": facts.type_names([of_code]), "year": nominee.year,
              "percent": f"{percent:g}", "cap": cap, "claimed": claimed,
              "title": facts.types[nominee.award_type_id].name}
    text = _("The unit has %(base)s × %(of)s in %(year)s, so at most %(percent)s%% = %(cap)s × %(title)s; "
             "awarded and proposed: %(claimed)s.") % values
    return claimed <= cap, text


def _check_one_award(rule, nominee: Nominee, facts: Facts) -> tuple[bool, str]:
    this_type = facts.types[nominee.award_type_id]

    def clashes(type_id: int, kind: str, campaign_id) -> bool:
        if type_id == nominee.award_type_id:
            return True
        other = facts.types.get(type_id)
        return (other is not None and other.kind == AwardKind.FORM and this_type.kind == AwardKind.FORM
                and kind == nominee.kind and campaign_id == nominee.campaign_id)

    if nominee.person_id:
        awards = facts.person_awards.get(nominee.person_id, ())
    else:
        awards = facts.unit_awards.get(nominee.unit_id, ())
    for year, type_id, kind, campaign_id, reference, number, symbol, item_id in awards:
        if item_id is not None and item_id == nominee.key:
            continue
        if year == nominee.year and clashes(type_id, kind, campaign_id):
            ref = f"{number}/{symbol}" if number else reference
            return False, _("Already awarded %(title)s for %(year)s (decision %(ref)s).") % {
                "title": facts.types[type_id].name, "year": year, "ref": ref or "—"}
    for item in facts.items_by_recipient.get(
            facts._recipient_key(nominee.person_id, nominee.unit_id, nominee.year), ()):
        if item["id"] == nominee.key or not facts._same_recipient(item, nominee):
            continue
        if clashes(item["award_type_id"], item["nomination__kind"], item["nomination__campaign_id"]):
            where = (_("in this dossier") if item["nomination_id"] == nominee.nomination_id
                     else _("in dossier #%(id)s") % {"id": item["nomination_id"]})
            return False, _("Also proposed for %(title)s for %(year)s %(where)s.") % {
                "title": facts.types[item["award_type_id"]].name, "year": nominee.year, "where": where}
    return True, _("No other award or proposal for the same achievement in %(year)s.") % {"year": nominee.year}


def _check_cluster_vote(rule, nominee: Nominee, facts: Facts) -> tuple[bool, str]:
    wins = [win for unit_id in facts.lineage_of(nominee.unit_id) for win in facts.flag_wins.get(unit_id, ())
            if win[0] == nominee.year]
    if wins:
        year, question, votes, electorate = wins[0]
        return True, _("Passed the vote “%(question)s” with %(votes)s of %(electorate)s votes.") % {
            "question": question, "votes": votes, "electorate": electorate}
    return False, _("Did not pass a closed emulation-flag vote of its cluster or block in %(year)s.") % {
        "year": nominee.year}


def _check_unit_share(rule, nominee: Nominee, facts: Facts) -> tuple[bool, str]:
    field_name = rule.params.get("field", "advanced_workers")
    if field_name not in ("advanced_workers", "members_completed"):
        raise ValueError("field")
    percent = _percent(rule, 70)
    record = facts.unit_record(nominee.unit_id, nominee.year)
    what = (_("advanced workers (LĐTT)") if field_name == "advanced_workers"
            else _("members who completed their tasks"))
    if record is None or not record.member_count:
        return False, _("No figures on record for the collective in %(year)s.") % {"year": nominee.year}
    value = getattr(record, field_name)
    share = value * 100 / record.member_count
    values = {"value": value, "members": record.member_count, "what": what, "share": f"{share:.1f}".rstrip("0")
              .rstrip("."), "percent": f"{percent:g}"}
    text = _("%(value)s of %(members)s members are %(what)s (%(share)s%%; at least %(percent)s%% needed).") % values
    return value * 100 >= percent * record.member_count, text


def _check_unit_discipline(rule, nominee: Nominee, facts: Facts) -> tuple[bool, str]:
    maximum = rule.params.get("max") or None
    if maximum is not None and maximum not in DisciplineMeasure.values:
        raise ValueError("max")
    record = facts.unit_record(nominee.unit_id, nominee.year)
    if record is None:
        return False, _("No figures on record for the collective in %(year)s.") % {"year": nominee.year}
    worst = record.worst_discipline
    if worst and _heavier(worst, maximum):
        return False, _("A member was disciplined (%(measure)s) in %(year)s.") % {
            "measure": _measure_label(worst).lower(), "year": nominee.year}
    if maximum:
        return True, _("No member disciplined more heavily than %(measure)s in %(year)s.") % {
            "measure": _measure_label(maximum).lower(), "year": nominee.year}
    return True, _("No member disciplined in %(year)s.") % {"year": nominee.year}


CHECKS = {
    RuleKind.PREREQUISITE: _check_prerequisite,
    RuleKind.CONSECUTIVE: _check_consecutive,
    RuleKind.RATING: _check_rating,
    RuleKind.INITIATIVE: _check_initiative,
    RuleKind.DISCIPLINE: _check_discipline,
    RuleKind.QUOTA: _check_quota,
    RuleKind.ONE_AWARD: _check_one_award,
    RuleKind.CLUSTER_VOTE: _check_cluster_vote,
    RuleKind.UNIT_SHARE: _check_unit_share,
    RuleKind.UNIT_DISCIPLINE: _check_unit_discipline,
}

#: Rules about a person's own record make no sense for a collective, and the other way round.
PERSON_ONLY = {RuleKind.INITIATIVE, RuleKind.DISCIPLINE, RuleKind.QUOTA}
COLLECTIVE_ONLY = {RuleKind.CLUSTER_VOTE, RuleKind.UNIT_SHARE, RuleKind.UNIT_DISCIPLINE}


def _run_check(rule, nominee: Nominee, facts: Facts) -> tuple[bool, str]:
    """The rule's check; a rule whose kind or parameters the office mistyped fails with that said, rather than
    breaking every page that checks eligibility."""
    check = CHECKS.get(rule.kind)
    if check is not None and isinstance(rule.params, dict):
        try:
            return check(rule, nominee, facts)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    return False, _("The rule is not set up correctly (kind %(kind)s, parameters %(params)s): ask the council "
                    "office to correct it.") % {"kind": rule.kind,
                                                "params": json.dumps(rule.params, ensure_ascii=False)}


def evaluate(nominees: list[Nominee]) -> dict[object, Verdict]:
    """A verdict per nominee key: eligible when every rule of its award type passes."""
    facts = Facts(nominees)
    verdicts = {}
    for nominee in nominees:
        results = []
        award_type = facts.types[nominee.award_type_id]
        for rule in facts.rules.get(nominee.award_type_id, ()):
            is_person = nominee.person_id is not None
            if (is_person and rule.kind in COLLECTIVE_ONLY) or (not is_person and rule.kind in PERSON_ONLY):
                continue
            passed, explanation = _run_check(rule, nominee, facts)
            title = str(RuleKind(rule.kind).label) if rule.kind in RuleKind.values else rule.kind
            results.append(RuleResult(rule=rule.kind, title=title, passed=passed,
                                      explanation=explanation, legal_basis=rule.legal_basis))
        if award_type.recipient == Recipient.PERSON and nominee.person_id is None or (
                award_type.recipient != Recipient.PERSON and nominee.person_id is not None):
            results.insert(0, RuleResult(rule="recipient", title=_("Recipient"), passed=False,
                                         explanation=_("%(title)s is not awarded to this kind of recipient.") % {
                                             "title": award_type.name}, legal_basis=award_type.legal_basis))
        verdicts[nominee.key] = Verdict(eligible=all(r.passed for r in results), rules=results)
    return verdicts
