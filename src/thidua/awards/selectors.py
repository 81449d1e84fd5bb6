"""Reads for commendations, scoped to the user.

- The catalog is readable by every signed-in user.
- Dossiers: the proposing unit's clerk and head see their unit's dossiers in any state; the council office and the
  leadership see every dossier once it is sent (a draft is the unit's own); council members see dossiers at the
  council and after. Anything else is a 404.
- The registry: the office, the leadership and council members see every award; a unit's staff see the awards of
  their unit and of the units that merged into it, and of the people who work there now.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from thidua.accounts.access import access_of
from thidua.core.text import fold, word_search
from thidua.core.workdays import holidays_between, working_days_between
from thidua.org.models import Employment, Unit
from thidua.org.selectors import unit_predecessors

from . import eligibility
from .enums import CLOCK_STATES, AwardStatus, NominationStatus, Route
from .models import (
    Award,
    AwardTerms,
    AwardType,
    Decision,
    EligibilityRule,
    LegalRegime,
    Nomination,
    NominationItem,
)

S = NominationStatus


def _signed_in(user) -> bool:
    return bool(access_of(user).roles)


def award_types(*, user, active_only: bool = False) -> QuerySet[AwardType]:
    if not _signed_in(user):
        return AwardType.objects.none()
    types = AwardType.objects.prefetch_related("rules")
    if active_only:
        types = types.filter(active=True)
    return types.order_by("order", "code")


def legal_regimes(*, user) -> list[LegalRegime]:
    """Every regime in use, the national ones by date, then the province's."""
    if not _signed_in(user):
        return []
    return list(LegalRegime.objects.filter(active=True).order_by("scope", "valid_from", "id"))


@dataclass
class CatalogEntry:
    """An award type as a regime sets it on a day: its coefficient, who decides it, its legal basis."""

    award_type: AwardType
    regime: LegalRegime | None
    terms: AwardTerms | None

    def __getattr__(self, name):
        return getattr(self.award_type, name)


def award_types_on(*, user, on: datetime.date) -> list[CatalogEntry]:
    """The catalog under the national regime in force on ``on``: the types that regime knows, with its terms
    (three queries)."""
    from .eligibility import regime_on

    regime, _province = regime_on(legal_regimes(user=user), on)
    if regime is None:
        return []
    terms = {t.award_type_id: t for t in AwardTerms.objects.filter(regime=regime)}
    return [CatalogEntry(t, regime, terms[t.pk]) for t in award_types(user=user).prefetch_related(None)
            if t.pk in terms]


@dataclass
class DecisionLaw:
    """What the law in force on a decision's day gives its document: the texts it cites, the decree that sets the
    money, and each award type's coefficient (None where the texts read give none)."""

    regime: LegalRegime | None
    basis: list[str]
    decree: str
    coefficients: dict[int, object]


def decision_law(*, decision: Decision) -> DecisionLaw:
    from .eligibility import regime_on

    # A draft not yet signed is read under the regime in force today, as its page shows it.
    on = decision.signed_on or timezone.localdate()
    regime, _province = regime_on(list(LegalRegime.objects.filter(active=True)), on)
    if regime is None:
        return DecisionLaw(None, [], "", {})
    texts = [t for t in (regime.texts or []) if isinstance(t, dict) and t.get("title")]
    decrees = [t["reference"] for t in texts if "NĐ-CP" in str(t.get("reference", ""))]
    coefficients = dict(AwardTerms.objects.filter(regime=regime).values_list("award_type_id", "money_coefficient"))
    return DecisionLaw(regime, [f"Căn cứ {t['title']};" for t in texts],
                       f"Nghị định số {decrees[-1]}" if decrees else "", coefficients)


def regime_checklist(*, user) -> list[dict]:
    """Each regime with, per award type it knows, its terms and its rules as a tree (for the office's checklist
    page): a fixed number of queries."""
    regimes = legal_regimes(user=user)
    if not regimes:
        return []
    types = {t.pk: t for t in AwardType.objects.all()}
    terms: dict[int, list[AwardTerms]] = {}
    for row in AwardTerms.objects.filter(regime__in=regimes).order_by("award_type__order", "award_type__code"):
        terms.setdefault(row.regime_id, []).append(row)
    rules: dict[tuple[int, int], dict[int | None, list[EligibilityRule]]] = {}
    for rule in EligibilityRule.objects.filter(regime__in=regimes, active=True).order_by("order", "id"):
        rules.setdefault((rule.regime_id, rule.award_type_id), {}).setdefault(rule.parent_id, []).append(rule)

    def tree(children: dict, parent_id) -> list[dict]:
        return [{"rule": r, "children": tree(children, r.pk)} for r in children.get(parent_id, [])]

    out = []
    for regime in regimes:
        entries = [{"type": types[t.award_type_id], "terms": t,
                    "rules": tree(rules.get((regime.pk, t.award_type_id), {}), None)}
                   for t in terms.get(regime.pk, [])]
        province_types = {k[1] for k in rules if k[0] == regime.pk} - {t.award_type_id for t in
                                                                       terms.get(regime.pk, [])}
        entries += [{"type": types[type_id], "terms": None, "rules": tree(rules[(regime.pk, type_id)], None)}
                    for type_id in sorted(province_types, key=lambda i: (types[i].order, types[i].code))]
        out.append({"regime": regime, "entries": entries})
    return out


def award_type_get(*, user, award_type_id: int) -> AwardType:
    found = award_types(user=user).filter(pk=award_type_id).first()
    if found is None:
        raise Http404
    return found


# ── dossiers ─────────────────────────────────────────────────────────────────────────────────────────────────


def nominations_visible(*, user) -> QuerySet[Nomination]:
    access = access_of(user)
    if not access.roles:
        return Nomination.objects.none()
    seen = Q(unit_id__in=access.staff_unit_ids)
    if access.sees_everything:
        seen |= ~Q(status=S.DRAFT)
    if access.is_council_member:
        # The provincial council's members: dossiers from the council on (a unit's own titles are its council's).
        seen |= Q(status__in=[S.AT_COUNCIL, S.APPROVED, S.SENT_TO_CENTRE, S.DECIDED]) & ~Q(route=Route.UNIT)
    return Nomination.objects.filter(seen)


def handles(*, user, nomination: Nomination) -> bool:
    """Whether the user receives, appraises and carries the dossier on: the council office, or for a unit's own
    titles the unit's staff."""
    access = access_of(user)
    if nomination.route == Route.UNIT:
        return nomination.unit_id in access.staff_unit_ids
    return access.is_council_office


def nomination_list(*, user, status: str = "", year: int | None = None, unit_id: int | None = None
                    ) -> QuerySet[Nomination]:
    found = nominations_visible(user=user).select_related("unit", "campaign", "appraiser").annotate(
        item_count=Count("items"))
    if status:
        found = found.filter(status=status)
    if year:
        found = found.filter(year=year)
    if unit_id:
        found = found.filter(unit_id=unit_id)
    return found.order_by("-year", "-id")


def nomination_get(*, user, nomination_id: int) -> Nomination:
    found = nominations_visible(user=user).select_related("unit", "campaign", "appraiser", "council_round").filter(
        pk=nomination_id).first()
    if found is None:
        raise Http404
    return found


def nomination_items(*, nomination: Nomination) -> list[NominationItem]:
    return list(nomination.items.select_related("award_type", "person", "unit", "award").order_by("id"))


def nomination_eligibility(*, nomination: Nomination) -> list[tuple[NominationItem, eligibility.Verdict]]:
    """Each item with its rules checked now (not the stored result)."""
    from .services import nominees_of

    items = nomination_items(nomination=nomination)
    verdicts = eligibility.evaluate(nominees_of(nomination, items))
    return [(item, verdicts[item.pk]) for item in items]


def can_edit(*, user, nomination: Nomination) -> bool:
    access = access_of(user)
    return nomination.status in (S.DRAFT, S.RETURNED) and (
        access.is_council_office or nomination.unit_id in access.staff_unit_ids)


@dataclass
class QueueRow:
    nomination: Nomination
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def days_left(nominations, today: datetime.date) -> dict[int, int]:
    """Working days left until each dossier's appraisal is due (negative: overdue), for the dossiers whose clock
    runs; the holidays are read in one query."""
    running = [n for n in nominations if n.appraisal_due_on and n.status in CLOCK_STATES]
    if not running:
        return {}
    dues = [n.appraisal_due_on for n in running]
    holidays = holidays_between(min([today, *dues]), max([today, *dues]))
    return {n.pk: working_days_between(today, n.appraisal_due_on, holidays) for n in running}


def appraisal_queue(*, user, today: datetime.date | None = None) -> list[QueueRow]:
    """Dossiers at the council office, soonest due first, with the working days left (negative: overdue)."""
    access = access_of(user)
    mine = Q(route=Route.UNIT, unit_id__in=access.staff_unit_ids)
    if access.is_council_office:
        mine |= ~Q(route=Route.UNIT)
    if not access.is_council_office and not access.staff_unit_ids:
        return []
    today = today or timezone.localdate()
    rows = list(Nomination.objects.filter(mine, status__in=[S.SUBMITTED, *CLOCK_STATES, S.APPRAISED, S.AT_COUNCIL])
                .select_related("unit", "appraiser").annotate(item_count=Count("items"))
                .order_by("appraisal_due_on", "submitted_at", "id"))
    left = days_left(rows, today)
    queue = [QueueRow(nomination=nomination, days_left=left.get(nomination.pk)) for nomination in rows]
    # Dossiers on the clock first (by days left), then the others in their order.
    queue.sort(key=lambda r: (r.days_left is None, r.days_left if r.days_left is not None else 0))
    return queue


# ── decisions and the registry ───────────────────────────────────────────────────────────────────────────────


def decision_get(*, user, decision_id: int) -> Decision:
    access = access_of(user)
    if not (access.sees_everything or access.is_council_member):
        raise Http404
    found = Decision.objects.filter(pk=decision_id).first()
    if found is None:
        raise Http404
    return found


def decision_award_rows(*, decision: Decision) -> QuerySet[Award]:
    """A decision's awards in its annex's order, for paging."""
    return decision.awards.select_related("award_type", "person", "unit").order_by("award_type__order", "id")


def decision_awards(*, decision: Decision) -> list[Award]:
    return list(decision_award_rows(decision=decision))


def approved_items(*, user) -> list[NominationItem]:
    """Eligible nominees of approved dossiers still waiting for their decision (the office's decision form)."""
    if not access_of(user).is_council_office:
        return []
    return list(NominationItem.objects.filter(nomination__status=S.APPROVED, appraisal_eligible=True,
                                              award__isnull=True, decision__isnull=True)
                .exclude(council_passed=False)
                .select_related("nomination", "nomination__unit", "award_type", "person", "unit")
                .order_by("nomination_id", "id"))


def with_predecessors(unit_ids: set[int]) -> set[int]:
    """The units plus those that merged into them or were renamed to them, at any depth (one query)."""
    return set().union(*unit_predecessors(unit_ids).values())


def awards_visible(*, user) -> QuerySet[Award]:
    access = access_of(user)
    if _sees_every_award(user):
        return Award.objects.all()
    if not access.roles or not access.staff_unit_ids:
        return Award.objects.none()
    units = with_predecessors(set(access.staff_unit_ids))
    today = timezone.localdate()
    # The people working in the units now: an uncorrelated subquery, run once and matched by the index on
    # person_id (a correlated EXISTS per award scanned every award of the province: 2 s at province scale).
    staff = Employment.objects.filter(unit_id__in=access.staff_unit_ids).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)).values("person_id")
    return Award.objects.filter(Q(unit_id__in=units) | Q(person_id__in=staff))


def units_named(*, user, q: str) -> list[int]:
    """The ids of the units whose name has every word of ``q`` as a word or a word's beginning (diacritics
    ignored), best matches first: what the registry's unit search filters by."""
    from thidua.org.selectors import unit_search

    return list(unit_search(user=user, q=q).values_list("id", flat=True)) if fold(q) else []


def award_search(*, user, person_id: int | None = None, unit_id: int | None = None, year: int | None = None,
                 q: str = "", award_type_id: int | None = None, status: str = "", unit_q: str = "") -> QuerySet[Award]:
    """Awards by person, by unit (with the units merged into it), by units found by the words of their name
    (``unit_q``, with theirs merged too), by year, by the recipient's name ignoring case and diacritics, by title or
    form, by status."""
    found = awards_visible(user=user)
    if person_id:
        found = found.filter(person_id=person_id)
    if unit_id:
        found = found.filter(unit_id__in=with_predecessors({unit_id}))
    elif fold(unit_q):
        found = found.filter(unit_id__in=with_predecessors(set(units_named(user=user, q=unit_q))))
    if year:
        found = found.filter(year=year)
    found = word_search(found, "search_text", q)  # whole words or their beginnings; exact names first
    if award_type_id:
        found = found.filter(award_type_id=award_type_id)
    if status:
        found = found.filter(status=status)
    order = ("match_rank", "-year", "-id") if fold(q) else ("-year", "-id")
    return found.select_related("award_type", "unit", "decision").order_by(*order)


def award_get(*, user, award_id: int) -> Award:
    found = awards_visible(user=user).filter(pk=award_id).select_related(
        "award_type", "person", "unit", "decision").first()
    if found is None:
        raise Http404
    return found


STAT_GROUPS = {
    "year": ("year",),
    "award_type": ("award_type_id", "award_type__name"),
    "level": ("award_type__level",),
    "unit": ("unit_id", "unit__name"),
}


def _spanned(rows: QuerySet, *, year_from: int | None, year_to: int | None, include_revoked: bool) -> QuerySet:
    """Awards, or their tallies, of the years asked for (active only unless revoked ones are included)."""
    if not include_revoked:
        rows = rows.filter(status=AwardStatus.ACTIVE)
    if year_from:
        rows = rows.filter(year__gte=year_from)
    if year_to:
        rows = rows.filter(year__lte=year_to)
    return rows


def _counted(*, user, year_from: int | None, year_to: int | None, include_revoked: bool) -> QuerySet[Award]:
    return _spanned(awards_visible(user=user), year_from=year_from, year_to=year_to, include_revoked=include_revoked)


def _named(rows: list[dict], fields: tuple[str, ...]) -> list[dict]:
    """Statistics rows grouped by a unit's or a title's id, given its name (one query)."""
    if len(fields) > 1:
        key = fields[0]
        model = Unit if key == "unit_id" else AwardType
        names = dict(model.objects.filter(pk__in=[r[key] for r in rows if r[key]]).values_list("pk", "name"))
        for row in rows:
            row[fields[1]] = names.get(row[key])
    return rows


def _counts() -> dict:
    return {"total": Count("id"), "persons": Count("id", filter=Q(person__isnull=False)),
            "collectives": Count("id", filter=Q(person__isnull=True))}


def award_statistics(*, user, group_by: str = "year", year_from: int | None = None, year_to: int | None = None,
                     include_revoked: bool = False) -> list[dict]:
    """Counts of awards grouped in SQL by year, title or form, level or unit."""
    fields = STAT_GROUPS.get(group_by)
    if fields is None:
        raise ValueError(group_by)
    if _sees_every_award(user):
        return _tallied(group_by, year_from=year_from, year_to=year_to, include_revoked=include_revoked)
    found = _counted(user=user, year_from=year_from, year_to=year_to, include_revoked=include_revoked)
    # Grouped by the key alone (names joined afterwards in one query): grouping by unit id and name together
    # costs PostgreSQL 3.5 × on half a million awards (bench: awards.statistics_unit).
    key = fields[0]
    return _named(list(found.values(key).annotate(**_counts()).order_by(key)), fields)


def _sees_every_award(user) -> bool:
    access = access_of(user)
    return bool(access.roles) and (access.sees_everything or access.is_council_member)


def _tallied(group_by: str, *, year_from: int | None, year_to: int | None, include_revoked: bool) -> list[dict]:
    """``award_statistics`` over every award, summed from the tallies (``tallies``) instead of counted."""
    from .models import AwardCount, AwardUnitCount

    fields = STAT_GROUPS[group_by]
    rows = _spanned(AwardUnitCount.objects.all() if group_by == "unit" else AwardCount.objects.all(),
                    year_from=year_from, year_to=year_to, include_revoked=include_revoked)
    key = fields[0]
    found = [{key: row[key], "total": row["persons"] + row["collectives"], "persons": row["persons"],
              "collectives": row["collectives"]}
             for row in rows.values(key).annotate(persons=Sum("persons"), collectives=Sum("collectives")).order_by(key)
             if row["persons"] or row["collectives"]]
    return _named(found, fields)


def award_statistics_all(*, user, year_from: int | None = None, year_to: int | None = None,
                         include_revoked: bool = False) -> dict[str, list[dict]]:
    """Every grouping of ``award_statistics`` at once, as it gives them. Over every award, from the tallies; over a
    clerk's, in four queries instead of six: the counts by year, title and level are added up from one ``GROUP BY
    year, title`` (a few hundred rows), the units keep their own."""
    if _sees_every_award(user):
        span = {"year_from": year_from, "year_to": year_to, "include_revoked": include_revoked}
        return {group: _tallied(group, **span) for group in ("year", "award_type", "level", "unit")}
    found = _counted(user=user, year_from=year_from, year_to=year_to, include_revoked=include_revoked)
    cells = list(found.values("year", "award_type_id").annotate(**_counts()).order_by())
    types = {pk: (name, level) for pk, name, level in AwardType.objects.filter(
        pk__in={c["award_type_id"] for c in cells}).values_list("pk", "name", "level")}

    def summed(key_of, field: str, name_field: str = "", name_of=None) -> list[dict]:
        groups: dict = {}
        for cell in cells:
            group = groups.setdefault(key_of(cell), {"total": 0, "persons": 0, "collectives": 0})
            for count in group:
                group[count] += cell[count]
        rows = []
        for key in sorted(groups):
            row = {field: key, **({name_field: name_of(key)} if name_field else {}), **groups[key]}
            rows.append(row)
        return rows

    return {
        "year": summed(lambda c: c["year"], "year"),
        "award_type": summed(lambda c: c["award_type_id"], "award_type_id", "award_type__name",
                             lambda pk: types[pk][0]),
        "level": summed(lambda c: types[c["award_type_id"]][1], "award_type__level"),
        "unit": award_statistics(user=user, group_by="unit", year_from=year_from, year_to=year_to,
                                 include_revoked=include_revoked),
    }


# ── people: the duplicate warning ────────────────────────────────────────────────────────────────────────────


def person_duplicates(full_name: str, date_of_birth: datetime.date | None) -> QuerySet:
    """People already on file who may be the one being entered without a national ID or civil-servant code: the
    same name ignoring case and diacritics, and the same birth date (any birth date when none is given). Each with
    ``unit_name``, the unit of their current employment. Unscoped on purpose (a duplicate in another unit is still
    a duplicate): the page shows another unit's person by name only."""
    from django.db.models import Subquery

    from thidua.org.models import Person

    folded = fold(full_name)
    if not folded:
        return Person.objects.none()
    found = Person.objects.filter(search_text=folded)
    if date_of_birth is not None:
        found = found.filter(date_of_birth=date_of_birth)
    today = timezone.localdate()
    current = Employment.objects.filter(person=OuterRef("pk"), started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)).order_by("-started_on", "-id")
    return found.annotate(unit_name=Subquery(current.values("unit__name")[:1])).order_by("id")


def person_facts(*, person) -> dict[str, list]:
    """A person's ratings, initiatives and disciplinary measures, newest first (``person`` comes from
    ``org.selectors.person_get``, which scopes it to the user)."""
    from .models import Discipline, Initiative, PersonRating

    return {
        "ratings": list(PersonRating.objects.filter(person=person).select_related("unit").order_by("-year")),
        "initiatives": list(Initiative.objects.filter(person=person).order_by("-year", "id")),
        "disciplines": list(Discipline.objects.filter(person=person).order_by("-year", "id")),
    }


def unit_year_list(*, user, unit) -> list:
    """A collective's yearly figures, newest first: for the office, the leadership and the unit's own staff."""
    from .models import UnitYear

    access = access_of(user)
    if not (access.sees_everything or unit.pk in access.staff_unit_ids):
        raise Http404
    return list(UnitYear.objects.filter(unit=unit).order_by("-year"))


# ── decisions on their way to signature, and councils (issue 12) ─────────────────────────────────────────────


def _decision_scope(user, *, awarded: bool = True) -> Q | None:
    """The decisions a user may read: the office, the leadership and council members every one; a unit's staff
    their unit's own and (``awarded``) the issued ones that awarded its people or the unit itself, as the decision is
    sent to them; a signatory those he signs (the province's, or as a unit's head the unit's). None: none."""
    from .models import Signatory

    access = access_of(user)
    if not access.roles:
        return None
    if access.sees_everything or access.is_council_member:
        return Q()
    scope = Q(issuer_unit_id__in=access.staff_unit_ids)
    if awarded and access.staff_unit_ids:  # the issued decisions that awarded the unit's people or the unit
        scope |= Q(pk__in=awards_visible(user=user).filter(decision__isnull=False).values("decision_id"))
    if Signatory.objects.filter(user=user, active=True, unit__kind="province").exists():
        scope |= Q(issuer_unit__isnull=True)
    return scope


def decision_list(*, user, status: str = "", year: int | None = None) -> QuerySet[Decision]:
    """The decisions the user may read (see ``_decision_scope``), newest first, each with ``award_count`` and
    ``item_count``; optionally of one status or year."""
    scope = _decision_scope(user)
    if scope is None:
        return Decision.objects.none()
    found = Decision.objects.filter(scope)
    if status:
        found = found.filter(status=status)
    if year:
        found = found.filter(year=year)
    return (found.select_related("issuer_unit")
            .annotate(award_count=Count("awards", distinct=True), item_count=Count("items", distinct=True))
            .order_by(F("signed_on").desc(nulls_first=True), "-id"))


def decision_view_get(*, user, decision_id: int, whole: bool = False) -> Decision:
    """A decision in any state, for whoever may read it (see ``_decision_scope``); anyone else gets a 404.
    ``whole``: for what only those who read every decision of its issuer get (every certificate it prints), not a
    unit that reads it because it awarded its people."""
    scope = _decision_scope(user, awarded=not whole)
    found = None if scope is None else Decision.objects.filter(scope, pk=decision_id).select_related(
        "issuer_unit", "signed_by", "created_by").first()
    if found is None:
        raise Http404
    return found


def decision_reader(*, user, decision: Decision) -> dict:
    """What the user does with a decision he reads: ``whole`` (prints every certificate; see ``decision_view_get``)
    and ``award_ids``, the awards of it he may open (all for a whole reader, his unit's for an awarded unit)."""
    scope = _decision_scope(user, awarded=False)
    whole = scope is not None and Decision.objects.filter(scope, pk=decision.pk).exists()
    award_ids = None if whole else set(awards_visible(user=user).filter(decision=decision).values_list("pk", flat=True))
    return {"whole": whole, "award_ids": award_ids}


def decision_item_rows(*, decision: Decision) -> QuerySet[NominationItem]:
    """The nominees a decision not yet issued grants (``NominationItem.decision``), for paging."""
    return (decision.items.select_related("nomination__unit", "award_type", "person", "unit")
            .order_by("award_type__order", "nomination_id", "id"))


def decision_items(*, decision: Decision) -> list[NominationItem]:
    """The nominees a decision not yet issued grants (``NominationItem.decision``)."""
    return list(decision_item_rows(decision=decision))


def decisions_to_sign(*, user) -> list[Decision]:
    """The decisions awaiting the user's signature: the province's for its signatories (the Chairman, an authorised
    Vice-Chairman), a unit's own for its head; each with ``nominees`` (its items) loaded (three queries)."""
    from django.db.models import Prefetch

    from .enums import DecisionStatus
    from .models import Signatory

    access = access_of(user)
    if not access.roles:
        return []
    scope = Q(issuer_unit_id__in=access.head_unit_ids)
    if Signatory.objects.filter(user=user, active=True, unit__kind="province").exists():
        scope |= Q(issuer_unit__isnull=True)
    items = NominationItem.objects.select_related("nomination__unit", "award_type", "person", "unit").order_by(
        "award_type__order", "id")
    return list(Decision.objects.filter(scope, status=DecisionStatus.AWAITING_SIGNATURE)
                .select_related("issuer_unit", "created_by")
                .prefetch_related(Prefetch("items", queryset=items, to_attr="nominees")).order_by("id"))


def is_signatory(*, user) -> bool:
    """Whether the user signs decisions (a province's signatory, or a unit's head): the desk is theirs."""
    from .models import Signatory

    access = access_of(user)
    if not access.roles:
        return False
    return bool(access.head_unit_ids) or Signatory.objects.filter(user=user, active=True).exists()


def decisions_in_progress(*, user) -> list[Decision]:
    """Decisions not yet issued that the user prepares: the province's for the office, a unit's for its staff."""
    from .enums import DecisionStatus

    access = access_of(user)
    scope = Q(issuer_unit_id__in=access.staff_unit_ids)
    if access.is_council_office:
        scope |= Q(issuer_unit__isnull=True)
    if not (access.is_council_office or access.staff_unit_ids):
        return []
    return list(Decision.objects.filter(scope).exclude(status=DecisionStatus.ISSUED)
                .select_related("issuer_unit").annotate(item_count=Count("items")).order_by("-id"))


def preparable_items(*, user) -> list[NominationItem]:
    """The nominees the user may put in a decision: eligible nominees of approved dossiers (not voted down), with
    no award and in no decision yet — the province's for the office, a unit's own (the unit route) for its staff."""
    from .enums import Route

    access = access_of(user)
    scope = Q(nomination__route=Route.UNIT, nomination__unit_id__in=access.staff_unit_ids)
    if access.is_council_office:
        scope |= ~Q(nomination__route=Route.UNIT)
    if not (access.is_council_office or access.staff_unit_ids):
        return []
    return list(NominationItem.objects.filter(scope, nomination__status=S.APPROVED, appraisal_eligible=True,
                                              award__isnull=True, decision__isnull=True)
                .exclude(council_passed=False)
                .select_related("nomination", "nomination__unit", "award_type", "person", "unit")
                .order_by("nomination_id", "id"))


def council_get(*, user, unit_id: int | None = None, council_id: int | None = None):
    """The province's council (no ``unit_id`` nor ``council_id``) or a unit's, for whoever may read it: the
    province's for the office, the leadership and its members; a unit's for the unit's staff and its members.
    Else a 404."""
    from . import council as councils
    from .models import Council

    access = access_of(user)
    if not access.roles:
        raise Http404
    if council_id is not None:
        found = Council.objects.filter(pk=council_id).select_related("unit").first()
    elif unit_id is None:
        found = councils.province_council()
    else:
        found = Council.objects.filter(unit_id=unit_id).select_related("unit").first()
    if found is None:
        raise Http404
    member = found.members.filter(user=user, active=True).exists()
    if councils.is_province(found):
        allowed = access.sees_everything or member
    else:
        allowed = found.unit_id in access.staff_unit_ids or member
    if not allowed:
        raise Http404
    return found


def meeting_get(*, user, meeting_id: int):
    """A council meeting, for whoever may read its council (``council_get``)."""
    from .models import CouncilMeeting

    meeting = CouncilMeeting.objects.filter(pk=meeting_id).select_related(
        "council__unit", "chair", "secretary").first()
    if meeting is None:
        raise Http404
    council_get(user=user, council_id=meeting.council_id)
    return meeting


def council_vote_items(*, council) -> list[NominationItem]:
    """The nominees a council may vote on: eligible nominees of dossiers at the council whose route it serves
    (the province's: the council and centre routes; a unit's: the unit's own titles)."""
    from . import council as councils
    from .enums import Route

    if councils.is_province(council):
        scope = Q(nomination__route__in=[Route.COUNCIL, Route.CENTRE])
    else:
        scope = Q(nomination__route=Route.UNIT, nomination__unit_id=council.unit_id)
    return list(NominationItem.objects.filter(scope, nomination__status=S.AT_COUNCIL, appraisal_eligible=True)
                .select_related("nomination__unit", "award_type", "person", "unit").order_by("nomination_id", "id"))


def default_decision_symbol(*, user) -> str:
    """The ký hiệu a new decision of the user starts with: "QĐ-UBND" for the office (the Chairman's), else
    "QĐ-<the unit's abbreviation>" for a unit's own ("QĐ-SYT")."""
    from thidua.org.naming import symbol_of

    access = access_of(user)
    if access.is_council_office or not access.staff_unit_ids:
        return "QĐ-UBND"
    unit = Unit.objects.filter(pk__in=access.staff_unit_ids).order_by("id").first()
    return f"QĐ-{symbol_of(unit)}" if unit else "QĐ-UBND"


def expected_signer(*, decision: Decision) -> tuple[str, str]:
    """(title, name) of whoever is to sign a decision not signed yet: the province's principal signatory (the
    Chairman), or the head of the issuing unit; ("", "") when none is on record."""
    from thidua.accounts.enums import Role
    from thidua.accounts.models import RoleAssignment
    from thidua.org.enums import UnitKind

    from .models import Signatory

    if decision.issuer_unit_id is None:
        row = (Signatory.objects.filter(unit__kind=UnitKind.PROVINCE, principal=True, active=True)
               .select_related("user").order_by("-unit_id", "id").first())
        return (row.title, row.user.get_full_name() or row.user.get_username()) if row else ("", "")
    head = (RoleAssignment.objects.filter(unit_id=decision.issuer_unit_id, role=Role.UNIT_HEAD)
            .select_related("user").order_by("id").first())
    if head is None:
        return "", ""
    title = (Signatory.objects.filter(unit_id=decision.issuer_unit_id, user=head.user, active=True)
             .values_list("title", flat=True).first() or "")
    return title, head.user.get_full_name() or head.user.get_username()


def decision_printed(*, decision: Decision) -> tuple[Decision, list[Award]]:
    """The decision as its document prints it, with its awards: an issued one as issued; before that, a draft
    (unsaved copy) with no number, the date of its signature if signed (else left blank for the signer), the signer
    it is meant for, and its nominees as they will be granted."""
    import copy

    from .enums import DecisionStatus
    from .services import _recipient

    if decision.status == DecisionStatus.ISSUED and decision.signed_on:
        return decision, decision_awards(decision=decision)
    draft = copy.copy(decision)
    draft.signed_on = timezone.localdate(decision.signed_at) if decision.signed_at else None
    if not draft.signer_name:
        draft.signer_title, draft.signer_name = expected_signer(decision=decision)
    awards = []
    for item in decision_items(decision=decision):
        name, unit_id = _recipient(item)
        awards.append(Award(pk=item.pk, award_type=item.award_type, person=item.person, unit_id=unit_id,
                            year=item.nomination.year, recipient_name=name, print_text=item.print_text))
        if unit_id:
            awards[-1].unit = item.unit if item.unit_id == unit_id else item.nomination.unit
    return draft, awards


def decision_document(*, decision: Decision) -> tuple[bytes, str]:
    """The decision with its annex as DOCX (NĐ 30/2020) and its file name (``decision_printed``)."""
    from thidua.documents.award_decision import file_name, render_decision

    printed, awards = decision_printed(decision=decision)
    content = render_decision(printed, awards, law=decision_law(decision=printed))
    if printed is decision:
        return content, file_name(decision)
    return content, f"du-thao-quyet-dinh-{decision.pk}.docx"


# ── the desk: what waits for the user (read by ``thidua.desk``) ──────────────────────────────────────────────


def nominations_returned(*, user) -> QuerySet[Nomination]:
    """The user's units' dossiers returned to them (with ``return_reason``), the longest waiting first."""
    staff = access_of(user).staff_unit_ids
    if not staff:
        return Nomination.objects.none()
    return (Nomination.objects.filter(unit_id__in=staff, status=S.RETURNED).select_related("unit")
            .annotate(item_count=Count("items")).order_by("updated_at", "id"))


def meetings_ahead(*, user, today: datetime.date | None = None) -> QuerySet:
    """The meetings, from today on, of the councils the user sits on (an active member), soonest first."""
    from .models import CouncilMeeting

    if not access_of(user).roles:
        return CouncilMeeting.objects.none()
    today = today or timezone.localdate()
    return (CouncilMeeting.objects.filter(held_on__gte=today, council__members__user=user,
                                          council__members__active=True)
            .select_related("council__unit").order_by("held_on", "id").distinct())
