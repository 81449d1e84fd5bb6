"""Everything the rules read for a set of nominees, loaded in a fixed number of queries whatever their number:
the regimes and their rules, people's and collectives' facts (with whether each was confirmed), the registry,
open dossiers and closed emulation-flag votes.

History follows people and units: a person's titles, ratings, initiatives and discipline are the person's own,
whichever unit they worked in; a unit's titles, ratings and figures include those of the units that merged into it
or were renamed to it (``UnitLineage``), at any depth.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils.translation import gettext as _

from thidua.evaluation.enums import AwardQuota
from thidua.org.models import Employment
from thidua.org.selectors import unit_predecessors

from ..enums import DISCIPLINE_ORDER, RATING_ORDER, AwardStatus, NominationStatus, RuleKind
from ..models import (
    Award,
    AwardTerms,
    AwardType,
    Discipline,
    EligibilityRule,
    Initiative,
    Inquiry,
    LegalRegime,
    NominationItem,
    PersonRating,
    UnitYear,
)

#: Dossiers whose items count as claims on a quota or an achievement (the proposer has sent them).
OPEN_STATES = [NominationStatus.SUBMITTED, NominationStatus.RECEIVED, NominationStatus.IN_APPRAISAL,
               NominationStatus.APPRAISED, NominationStatus.AT_COUNCIL, NominationStatus.APPROVED]

#: Years of history read before the earliest year asked for when no rule says how far it looks back.
HISTORY_YEARS = 1


def history_years(rules) -> int:
    """How many years before a nominee's year the rules look at: their longest span (``years`` or
    ``years_back`` + 1), and one more so that "years already counted" sees the award just before it."""
    span = HISTORY_YEARS
    for rule in rules:
        params = rule.params if isinstance(rule.params, dict) else {}
        for name, extra in (("years", 0), ("years_back", 1)):
            try:
                span = max(span, int(params.get(name) or 0) + extra)
            except (TypeError, ValueError):
                continue
    return span + 1


def declared(field: str = "confirmed_at"):
    """``True`` where a fact is not confirmed, computed by the database (no datetime is read to test it)."""
    return ExpressionWrapper(Q(**{f"{field}__isnull": True}), output_field=BooleanField())


@dataclass(frozen=True)
class Nominee:
    """What is checked: ``key`` names it in the result (an item id, or anything for a what-if check).

    ``on`` is the date a commendation form is judged on (the decision's date, else the day the dossier was sent);
    a title is judged under the regime in force at the end of its year."""

    key: object
    award_type_id: int
    year: int
    person_id: int | None = None
    unit_id: int | None = None  # the collective, or the unit a person is nominated in
    proposing_unit_id: int | None = None
    nomination_id: int | None = None
    kind: str = "merit"
    campaign_id: int | None = None
    on: datetime.date | None = None


@dataclass(frozen=True)
class Fact:
    """A value read by a rule, and whether it rests on a declaration nobody has confirmed yet."""

    value: object
    declared: bool


class Facts:
    def __init__(self, nominees: list[Nominee]) -> None:
        self.nominees = nominees
        self.types = {t.pk: t for t in AwardType.objects.all()}
        self.code_ids: dict[str, int] = {t.code: t.pk for t in self.types.values()}
        type_ids = {n.award_type_id for n in nominees}
        self.regimes = list(LegalRegime.objects.filter(active=True).order_by("valid_from", "id"))
        self.terms: dict[tuple[int, int], AwardTerms] = {
            (t.award_type_id, t.regime_id): t for t in AwardTerms.objects.filter(award_type_id__in=type_ids)}
        self.rules: dict[tuple[int, int | None], list[EligibilityRule]] = defaultdict(list)
        for rule in EligibilityRule.objects.filter(award_type_id__in=type_ids, active=True).order_by("order", "id"):
            self.rules[(rule.award_type_id, rule.regime_id)].append(rule)
        years = {n.year for n in nominees} or {0}
        self.years = years
        self.first_year = min(years) - history_years(r for rules in self.rules.values() for r in rules)
        self.last_year = max(years)
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
        from thidua.org.models import Unit

        self.unit_kinds: dict[int, str] = dict(Unit.objects.filter(pk__in=wanted).values_list("id", "kind"))

    def lineage_of(self, unit_id: int | None) -> frozenset[int]:
        if unit_id is None:
            return frozenset()
        return self.lineage.get(unit_id, frozenset({unit_id}))

    def _people(self) -> Q:
        """The nominated people as a filter on ``person_id``: those of the dossiers checked as a subquery (a
        province's thousands of ids would otherwise be compiled into every statement), the others as ids."""
        dossiers = {n.nomination_id for n in self.nominees if n.nomination_id and n.person_id}
        loose = {n.person_id for n in self.nominees if n.person_id and not n.nomination_id}
        found = Q(person_id__in=loose) if loose else Q(pk__in=[])
        if dossiers:
            found |= Q(person_id__in=NominationItem.objects.filter(
                nomination_id__in=dossiers, person__isnull=False).values("person_id"))
        return found

    def _load_people(self) -> None:
        person_ids = {n.person_id for n in self.nominees if n.person_id}
        people = self._people()
        window = Q(year__gte=self.first_year, year__lte=self.last_year)
        self.ratings: dict[tuple[int, int], Fact] = {}
        self.initiatives: dict[int, list[tuple]] = defaultdict(list)  # (year, level, title, kind, declared)
        self.disciplines: dict[int, list[tuple]] = defaultdict(list)  # (year, measure, ends_on, declared)
        self.person_awards: dict[int, list[tuple]] = defaultdict(list)
        self.employments: dict[int, list[tuple]] = defaultdict(list)  # (started_on, ended_on)
        self.inquiries: dict[tuple[str, int], list[tuple]] = defaultdict(list)
        unit_ids = set().union(*self.lineage.values()) if self.lineage else set()
        for row in Inquiry.objects.filter(people | Q(unit_id__in=unit_ids)).annotate(
                declared=declared()).values_list("person_id", "unit_id", "kind", "opened_on", "closed_on",
                                                 "reference", "declared"):
            key = ("p", row[0]) if row[0] else ("u", row[1])
            self.inquiries[key].append(row[2:7])
        if not person_ids:
            return
        for person_id, year, rating, is_declared in PersonRating.objects.filter(
                window, people).annotate(declared=declared()).values_list(
                "person_id", "year", "rating", "declared"):
            self.ratings[(person_id, year)] = Fact(rating, is_declared)
        for person_id, year, level, title, kind, is_declared in Initiative.objects.filter(
                window, people).annotate(declared=declared()).values_list(
                "person_id", "year", "level", "title", "kind", "declared"):
            self.initiatives[person_id].append((year, level, title, kind, is_declared))
        # A discipline of an earlier year whose period runs into the window counts too (NĐ 152/2025, Điều 4).
        reaching = Q(year__lt=self.first_year, ends_on__gte=datetime.date(self.first_year, 1, 1))
        for person_id, year, measure, ends_on, is_declared in Discipline.objects.filter(
                window | reaching, people, year__lte=self.last_year).annotate(
                declared=declared()).values_list("person_id", "year", "measure", "ends_on", "declared"):
            self.disciplines[person_id].append((year, measure, ends_on or datetime.date(year, 12, 31), is_declared))
        for row in Award.objects.filter(window, people, status=AwardStatus.ACTIVE).values_list(
                "person_id", "year", "award_type_id", "kind", "campaign_id", "decision_reference",
                "decision__number", "decision__symbol", "nomination_item_id"):
            self.person_awards[row[0]].append(row[1:])
        for person_id, started, ended in Employment.objects.filter(people).values_list(
                "person_id", "started_on", "ended_on"):
            self.employments[person_id].append((started, ended))

    def _load_units(self) -> None:
        unit_ids = set().union(*self.lineage.values()) if self.lineage else set()
        window = Q(year__gte=self.first_year, year__lte=self.last_year)
        self.unit_years: dict[tuple[int, int], UnitYear] = {}
        self.unit_awards: dict[int, list[tuple]] = defaultdict(list)
        self.unit_type_counts: dict[tuple[int, int, int], int] = defaultdict(int)
        if not unit_ids:
            return
        for record in UnitYear.objects.filter(window, unit_id__in=unit_ids).annotate(declared=declared()).defer(
                "confirmed_at", "confirmed_by", "created_at", "updated_at"):
            self.unit_years[(record.unit_id, record.year)] = record
        for row in Award.objects.filter(window, person__isnull=True, unit_id__in=unit_ids,
                                        status=AwardStatus.ACTIVE).values_list(
                "unit_id", "year", "award_type_id", "kind", "campaign_id", "decision_reference",
                "decision__number", "decision__symbol", "nomination_item_id"):
            self.unit_awards[row[0]].append(row[1:])
        # Individual awards granted in a unit in the nominees' years (a quota counts the proposing unit's, a
        # collective's members' titles its lineage's), as a SQL aggregate.
        counted = {n.proposing_unit_id for n in self.nominees if n.proposing_unit_id} | {
            u for n in self.nominees if n.unit_id and not n.person_id for u in self.lineage_of(n.unit_id)}
        for unit_id, year, type_id, count in (
                Award.objects.filter(year__in=self.years, person__isnull=False, unit_id__in=counted,
                                     status=AwardStatus.ACTIVE)
                .values_list("unit_id", "year", "award_type_id").annotate(n=Count("id")).order_by()):
            self.unit_type_counts[(unit_id, year, type_id)] += count

    def _load_open_items(self) -> None:
        """Items of sent dossiers not yet awarded, and every item of the dossiers being checked."""
        nomination_ids = {n.nomination_id for n in self.nominees if n.nomination_id}
        unit_ids = {n.unit_id for n in self.nominees if n.unit_id and not n.person_id}
        proposing = {n.proposing_unit_id for n in self.nominees if n.proposing_unit_id}
        years = {n.year for n in self.nominees}
        open_items = Q(award__isnull=True) & (
            Q(nomination__status__in=OPEN_STATES) | Q(nomination_id__in=nomination_ids))
        whose = self._people() | Q(person__isnull=True, unit_id__in=unit_ids) | Q(
            nomination__unit_id__in=proposing)
        self.items = list(
            NominationItem.objects.filter(open_items, whose, nomination__year__in=years).values(
                "id", "nomination_id", "nomination__unit_id", "nomination__year", "nomination__kind",
                "nomination__campaign_id", "award_type_id", "person_id", "unit_id"))
        # Indexes over the items, so each rule looks at its nominee's own items, not at every item loaded.
        self.items_by_dossier: dict[int, list[dict]] = defaultdict(list)
        self.items_by_recipient: dict[tuple, list[dict]] = defaultdict(list)
        self.items_claimed: dict[tuple[int, int, int], int] = defaultdict(int)
        self.item_ids: set[tuple[int, int]] = set()
        for item in self.items:
            self.items_by_dossier[item["nomination_id"]].append(item)
            self.items_by_recipient[self.recipient_key(item["person_id"], item["unit_id"],
                                                       item["nomination__year"])].append(item)
            self.items_claimed[(item["nomination__unit_id"], item["nomination__year"], item["award_type_id"])] += 1
            self.item_ids.add((item["id"], item["nomination_id"]))

    @staticmethod
    def recipient_key(person_id, unit_id, year) -> tuple:
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
    def awards_of(self, nominee: Nominee) -> list[tuple]:
        """The recipient's awards in the registry: (year, type id, kind, campaign, reference, number, symbol,
        item id); a collective's include its predecessors'."""
        if nominee.person_id:
            return list(self.person_awards.get(nominee.person_id, ()))
        return [row for unit_id in self.lineage_of(nominee.unit_id) for row in self.unit_awards.get(unit_id, ())]

    def titles_held(self, nominee: Nominee, kinds=("merit",)) -> dict[int, set[int]]:
        """year -> award type ids the recipient holds (registry, awards of the given kinds of commendation), plus
        those asked for in the same dossier. Only merit awards count by default: the results of a campaign,
        thematic or ad-hoc commendation are not a basis for a merit award (Khoản 3 Điều 4 Nghị định
        152/2025/NĐ-CP)."""
        held: dict[int, set[int]] = defaultdict(set)
        for year, type_id, kind, *_rest in self.awards_of(nominee):
            if kinds is None or kind in kinds:
                held[year].add(type_id)
        if nominee.nomination_id and (kinds is None or nominee.kind in kinds):
            for item in self.items_by_dossier.get(nominee.nomination_id, ()):
                if self.same_recipient(item, nominee):
                    held[item["nomination__year"]].add(item["award_type_id"])
        return held

    def last_award_year(self, nominee: Nominee, type_id: int) -> int | None:
        """The latest year the recipient was awarded this title or form for merit (its achievements are used up to
        then); a campaign, thematic or ad-hoc award uses none (Khoản 3 Điều 4 Nghị định 152/2025/NĐ-CP)."""
        years = [row[0] for row in self.awards_of(nominee)
                 if row[1] == type_id and row[0] < nominee.year and row[2] == "merit"]
        return max(years, default=None)

    @staticmethod
    def same_recipient(item: dict, nominee: Nominee) -> bool:
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
        exceeded = [r.exceeded_targets for r in found]
        merged = UnitYear(unit_id=unit_id, year=year, member_count=sum(r.member_count for r in found),
                          members_completed=sum(r.members_completed for r in found),
                          advanced_workers=sum(r.advanced_workers for r in found),
                          rating=max(ratings, key=RATING_ORDER.index) if ratings else "",
                          worst_discipline=worst, exceeded_targets=None if None in exceeded else all(exceeded))
        merged.declared = any(r.declared for r in found)
        return merged

    def rating_of(self, nominee: Nominee, year: int) -> Fact:
        if nominee.person_id:
            return self.ratings.get((nominee.person_id, year), Fact("", False))
        record = self.unit_record(nominee.unit_id, year)
        return Fact(record.rating, record.declared) if record else Fact("", False)

    def members_holding(self, unit_id: int | None, year: int, type_ids: set[int]) -> int:
        return sum(self.unit_type_counts.get((u, year, t), 0) for u in self.lineage_of(unit_id) for t in type_ids)

    def type_names(self, codes) -> str:
        names = [self.types[self.code_ids[c]].name for c in codes if c in self.code_ids]
        return _(" or ").join(names) if names else ", ".join(str(c) for c in codes)
