"""The leaf checks. Each takes the rule (its numbers in ``params``), the nominee and the facts, and answers
``(passed, explanation)`` or ``(passed, explanation, declared)`` where ``declared`` says the answer rests on a fact
nobody has confirmed yet. The kinds and their parameters:

``prerequisite``  ``{"codes": [...], "years_back": 0, "count": 1}`` holds one of the titles in the year (or up to
                  ``years_back`` years before; ``count`` times in that span); a title asked for in the same dossier
                  counts for its year.
``consecutive``   ``{"codes": [...], "years": 3, "include_current": true, "unused": false}`` holds one of the
                  titles in each of N consecutive years ending with the award year (or the year before).
``rating``        ``{"min": "excellent", "years": 1, "unused": false}`` rated at least ``min`` in each of the last
                  N years.
``initiative``    ``{"min_level": "grassroots", "years": 1, "count": 1, "kinds": ["initiative"],
                  "unused": false}`` at least ``count`` recognised initiatives (or research topics) at that level or
                  higher in the last N years.
``discipline``    ``{"max": null, "years": 1, "from_end": false}`` no disciplinary measure heavier than ``max``
                  (null: none at all) in the last N years; with ``from_end`` none whose period runs into them
                  (achievements count only from the end of a discipline).
``quota``         ``{"of": "LDTT", "percent": 15}`` in the proposing unit and year, this title's awards and open
                  nominations are at most ``percent`` % of the advanced workers (rounded down).
``one_award``     one achievement earns one award: no other award or open nomination of the same recipient and
                  year for the same title, nor another commendation form for the same kind of achievement.
``cluster_vote``  the unit passed (within the quota) a closed emulation-flag vote of the year.
``unit_share``    ``{"field": "advanced_workers" | "members_completed", "percent": 70, "strict": false}`` of the
                  members (``strict``: more than the percentage).
``unit_discipline`` ``{"max": "reprimand"}`` no member disciplined more heavily than ``max``.
``service_months`` ``{"months": 10}`` full calendar months worked in the year (any unit, from employment records).
``member_title``  ``{"codes": ["CSTD_CS"], "count": 1}`` members of the collective holding the title in the year.
``targets_exceeded`` the collective's figures say it exceeded its targets for the year.
``commendation_kind`` ``{"kinds": ["campaign"]}`` the dossier proposes that kind of commendation (the achievement
                  itself is the office's to appraise).
``no_pending_inquiry`` no disciplinary consideration, inspection, complaint or investigation open on the day judged.
``recipient_kind`` ``{"unit_kinds": ["commune"]}`` the collective is of that kind.

``unused``: years already counted for an earlier award of the same title or form are not counted again (one
achievement, one award).
"""

from __future__ import annotations

import calendar
import datetime
import math

from thidua.core.numbers import vi_percent

from ..enums import (
    DISCIPLINE_ORDER,
    LEVEL_ORDER,
    RATING_ORDER,
    AwardKind,
    AwardLevel,
    CommendationKind,
    DisciplineMeasure,
    InitiativeKind,
    InquiryKind,
    Rating,
    RuleKind,
)
from .facts import Facts, Nominee
from .text import _, label, valid


def _count(rule, name: str, default: int, *, minimum: int) -> int:
    """A whole-number parameter of a rule; ValueError (explained by the caller) when it is not one or is below
    ``minimum``."""
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


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _first_unused(rule, nominee: Nominee, facts: Facts, first: int) -> tuple[int, str]:
    """With ``unused``, the window starts after the last year already counted for this title or form."""
    if not rule.params.get("unused"):
        return first, ""
    last = facts.last_award_year(nominee, nominee.award_type_id)
    if last is None or last < first:
        return first, ""
    note = _(" (years up to %(year)s were counted for the %(title)s of %(year)s)") % {
        "year": last, "title": facts.types[nominee.award_type_id].name}
    return last + 1, note


def check_prerequisite(rule, nominee: Nominee, facts: Facts):
    codes = rule.params.get("codes", [])
    back = _count(rule, "years_back", 0, minimum=0)
    times = _count(rule, "count", 1, minimum=1)
    wanted = {facts.code_ids[c] for c in codes if c in facts.code_ids}
    held = facts.titles_held(nominee)
    first = nominee.year - back
    years = [y for y in range(first, nominee.year + 1) if held.get(y, set()) & wanted]
    names = facts.type_names(codes)
    if times > 1:
        values = {"title": names, "times": times, "span": _span(first, nominee.year),
                  "years": _years(years) or "—"}
        if len(years) >= times:
            return True, _("Holds %(title)s %(times)s times in %(span)s (%(years)s).") % values
        return False, _("Needs %(title)s %(times)s times in %(span)s; holds it in: %(years)s.") % values
    if years:
        return True, _("Holds %(title)s in %(years)s.") % {"title": names, "years": _years(years)}
    return False, _("Does not hold %(title)s in %(years)s, in the registry or in this dossier.") % {
        "title": names, "years": _span(first, nominee.year)}


def check_consecutive(rule, nominee: Nominee, facts: Facts):
    codes = rule.params.get("codes", [])
    count = _count(rule, "years", 1, minimum=1)
    last = nominee.year if rule.params.get("include_current", True) else nominee.year - 1
    first = last - count + 1
    wanted = {facts.code_ids[c] for c in codes if c in facts.code_ids}
    held = facts.titles_held(nominee)
    missing = [y for y in range(first, last + 1) if not held.get(y, set()) & wanted]
    names = facts.type_names(codes)
    earliest, note = _first_unused(rule, nominee, facts, first)
    used = [y for y in range(first, min(earliest, last + 1))]
    values = {"count": count, "title": names, "span": _span(first, last)}
    if not missing and not used:
        return True, _("Holds %(title)s in each of the %(count)s consecutive years %(span)s.") % values
    if not missing:
        return False, _("Holds %(title)s in each of the %(count)s consecutive years %(span)s, but %(years)s were "
                        "already counted%(note)s.") % {**values, "years": _years(used), "note": note}
    return False, _("Needs %(title)s in each of the %(count)s consecutive years %(span)s; missing: %(missing)s.") % {
        **values, "missing": _years(missing)}


def rating_label(value: str) -> str:
    return label(Rating, value)


def check_rating(rule, nominee: Nominee, facts: Facts):
    minimum = rule.params.get("min", Rating.GOOD)
    count = _count(rule, "years", 1, minimum=1)
    first = nominee.year - count + 1
    limit = RATING_ORDER.index(minimum)
    got, missing, short, declared = [], [], [], False
    for year in range(first, nominee.year + 1):
        fact = facts.rating_of(nominee, year)
        declared = declared or (bool(fact.value) and fact.declared)
        if not fact.value:
            missing.append(year)
        elif RATING_ORDER.index(fact.value) > limit:
            short.append(f"{year}: {rating_label(fact.value)}")
        else:
            got.append(f"{year}: {rating_label(fact.value)}")
    need = _("needs at least “%(rating)s” in %(span)s") % {"rating": rating_label(minimum),
                                                           "span": _span(first, nominee.year)}
    earliest, note = _first_unused(rule, nominee, facts, first)
    if not missing and not short and earliest > first:
        return False, _("Rated %(ratings)s, but %(years)s were already counted%(note)s.") % {
            "ratings": "; ".join(got), "years": _span(first, earliest - 1), "note": note}, declared
    if not missing and not short:
        return True, _("Rated %(ratings)s (%(need)s).") % {"ratings": "; ".join(got), "need": need}, declared
    parts = []
    if short:
        parts.append(_("rated %(ratings)s") % {"ratings": "; ".join(short)})
    if missing:
        parts.append(_("no rating on record for %(years)s") % {"years": _years(missing)})
    return False, _("Not eligible: %(parts)s (%(need)s).") % {"parts": "; ".join(parts), "need": need}, declared


def check_initiative(rule, nominee: Nominee, facts: Facts):
    minimum = rule.params.get("min_level", "grassroots")
    count = _count(rule, "years", 1, minimum=1)
    needed = _count(rule, "count", 1, minimum=1)
    kinds = rule.params.get("kinds") or [InitiativeKind.INITIATIVE]
    if any(not valid(InitiativeKind, k) for k in kinds):
        raise ValueError("kinds")
    first = nominee.year - count + 1
    first, note = _first_unused(rule, nominee, facts, first)
    ok = sorted(((year, level, title, kind, declared)
                 for year, level, title, kind, declared in facts.initiatives.get(nominee.person_id, ())
                 if first <= year <= nominee.year and kind in kinds
                 and LEVEL_ORDER.index(level) >= LEVEL_ORDER.index(minimum)), reverse=True)
    what = _(" or ").join(label(InitiativeKind, k).lower() for k in kinds)
    level_name = label(AwardLevel, minimum).lower()
    if len(ok) >= needed:
        used = ok[:needed]
        listed = "; ".join(_("“%(title)s” (%(kind)s, %(level)s level, %(year)s)") % {
            "title": title, "kind": label(InitiativeKind, kind).lower(),
            "level": label(AwardLevel, level).lower(), "year": year} for year, level, title, kind, _d in used)
        return True, _("Recognised: %(list)s.") % {"list": listed}, any(row[4] for row in used)
    if first > nominee.year:
        return False, _("No year left to count%(note)s.") % {"note": note}
    return False, _("Needs %(count)s %(what)s recognised at %(level)s level or higher in %(span)s; found "
                    "%(found)s%(note)s.") % {"count": needed, "what": what, "level": level_name,
                                             "span": _span(first, nominee.year), "found": len(ok), "note": note}


def measure_label(value: str) -> str:
    return label(DisciplineMeasure, value)


def heavier(measure: str, maximum: str | None) -> bool:
    if not maximum:
        return True
    return DISCIPLINE_ORDER.index(measure) > DISCIPLINE_ORDER.index(maximum)


def check_discipline(rule, nominee: Nominee, facts: Facts):
    maximum = rule.params.get("max") or None
    if maximum is not None and not valid(DisciplineMeasure, maximum):
        raise ValueError("max")
    count = _count(rule, "years", 1, minimum=1)
    first = nominee.year - count + 1
    from_end = bool(rule.params.get("from_end"))
    window_start = datetime.date(first, 1, 1)
    found = []
    for year, measure, ends_on, declared in facts.disciplines.get(nominee.person_id, ()):
        if not heavier(measure, maximum):
            continue
        if (from_end and year <= nominee.year and ends_on >= window_start) or (first <= year <= nominee.year):
            found.append((year, measure, ends_on, declared))
    if not found:
        if maximum:
            return True, _("No disciplinary measure heavier than %(measure)s in %(span)s.") % {
                "measure": measure_label(maximum).lower(), "span": _span(first, nominee.year)}
        return True, _("No disciplinary measure in %(span)s.") % {"span": _span(first, nominee.year)}
    listed = "; ".join(_("%(measure)s (%(year)s, in effect until %(until)s)") % {
        "measure": measure_label(m).lower(), "year": y, "until": _day(e)} for y, m, e, _d in sorted(found))
    if from_end:
        latest = max(e for _y, _m, e, _d in found)
        return False, _("Disciplined: %(list)s; achievements count only from %(day)s.") % {
            "list": listed, "day": _day(latest + datetime.timedelta(days=1))}, any(r[3] for r in found)
    return False, _("Disciplined: %(list)s.") % {"list": listed}, any(r[3] for r in found)


def _claim_counted(nominee: Nominee, facts: Facts) -> bool:
    """Whether the nominee is already among the claims counted: an item of its dossier, or awarded from it."""
    if nominee.nomination_id is not None and (nominee.key, nominee.nomination_id) in facts.item_ids:
        return True
    return nominee.nomination_id is not None and any(
        row[-1] == nominee.key for row in facts.person_awards.get(nominee.person_id, ()))


def check_quota(rule, nominee: Nominee, facts: Facts):
    percent = _percent(rule, 15)
    of_code = rule.params.get("of", "LDTT")
    unit_id = nominee.proposing_unit_id or nominee.unit_id
    record = facts.unit_record(unit_id, nominee.year)
    declared = False
    if record is not None:
        base, declared = record.advanced_workers, record.declared
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
              "percent": vi_percent(percent, 2), "cap": cap, "claimed": claimed,
              "title": facts.types[nominee.award_type_id].name}
    text = _("The unit has %(base)s × %(of)s in %(year)s, so at most %(percent)s = %(cap)s × %(title)s; "
             "awarded and proposed: %(claimed)s.") % values
    return claimed <= cap, text, declared


def check_one_award(rule, nominee: Nominee, facts: Facts):
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
            facts.recipient_key(nominee.person_id, nominee.unit_id, nominee.year), ()):
        if item["id"] == nominee.key or not facts.same_recipient(item, nominee):
            continue
        if clashes(item["award_type_id"], item["nomination__kind"], item["nomination__campaign_id"]):
            where = (_("in this dossier") if item["nomination_id"] == nominee.nomination_id
                     else _("in dossier #%(id)s") % {"id": item["nomination_id"]})
            return False, _("Also proposed for %(title)s for %(year)s %(where)s.") % {
                "title": facts.types[item["award_type_id"]].name, "year": nominee.year, "where": where}
    return True, _("No other award or proposal for the same achievement in %(year)s.") % {"year": nominee.year}


def check_cluster_vote(rule, nominee: Nominee, facts: Facts):
    wins = [win for unit_id in facts.lineage_of(nominee.unit_id) for win in facts.flag_wins.get(unit_id, ())
            if win[0] == nominee.year]
    if wins:
        year, question, votes, electorate = wins[0]
        return True, _("Passed the vote “%(question)s” with %(votes)s of %(electorate)s votes.") % {
            "question": question, "votes": votes, "electorate": electorate}
    return False, _("Did not pass a closed emulation-flag vote of its cluster or block in %(year)s.") % {
        "year": nominee.year}


def check_unit_share(rule, nominee: Nominee, facts: Facts):
    field_name = rule.params.get("field", "advanced_workers")
    if field_name not in ("advanced_workers", "members_completed"):
        raise ValueError("field")
    percent = _percent(rule, 70)
    strict = bool(rule.params.get("strict"))
    record = facts.unit_record(nominee.unit_id, nominee.year)
    what = (_("advanced workers (LĐTT)") if field_name == "advanced_workers"
            else _("members who completed their tasks"))
    if record is None or not record.member_count:
        return False, _("No figures on record for the collective in %(year)s.") % {"year": nominee.year}
    value = getattr(record, field_name)
    share = value * 100 / record.member_count
    values = {"value": value, "members": record.member_count, "what": what,
              "share": vi_percent(share), "percent": vi_percent(percent, 2)}
    if strict:
        text = _("%(value)s of %(members)s members are %(what)s (%(share)s; more than %(percent)s "
                 "needed).") % values
        passed = value * 100 > percent * record.member_count
    else:
        text = _("%(value)s of %(members)s members are %(what)s (%(share)s; at least %(percent)s "
                 "needed).") % values
        passed = value * 100 >= percent * record.member_count
    return passed, text, record.declared


def check_unit_discipline(rule, nominee: Nominee, facts: Facts):
    maximum = rule.params.get("max") or None
    if maximum is not None and not valid(DisciplineMeasure, maximum):
        raise ValueError("max")
    record = facts.unit_record(nominee.unit_id, nominee.year)
    if record is None:
        return False, _("No figures on record for the collective in %(year)s.") % {"year": nominee.year}
    declared = record.declared
    worst = record.worst_discipline
    if worst and heavier(worst, maximum):
        return False, _("A member was disciplined (%(measure)s) in %(year)s.") % {
            "measure": measure_label(worst).lower(), "year": nominee.year}, declared
    if maximum:
        return True, _("No member disciplined more heavily than %(measure)s in %(year)s.") % {
            "measure": measure_label(maximum).lower(), "year": nominee.year}, declared
    return True, _("No member disciplined in %(year)s.") % {"year": nominee.year}, declared


def full_months(periods, year: int) -> list[int]:
    """The calendar months of ``year`` wholly covered by the periods ``(started_on, ended_on or None)``."""
    months = []
    for month in range(1, 13):
        start = datetime.date(year, month, 1)
        end = datetime.date(year, month, calendar.monthrange(year, month)[1])
        day, covered = start, True
        while day <= end and covered:
            covering = [e for s, e in periods if s <= day and (e is None or e >= day)]
            if not covering:
                covered = False
            else:
                reach = max(end if e is None else e for e in covering)
                day = reach + datetime.timedelta(days=1)
        if covered:
            months.append(month)
    return months


def check_service_months(rule, nominee: Nominee, facts: Facts):
    needed = _count(rule, "months", 10, minimum=1)
    periods = facts.employments.get(nominee.person_id, ())
    if not periods:
        return False, _("No employment on record in %(year)s.") % {"year": nominee.year}
    months = full_months(periods, nominee.year)
    values = {"months": len(months), "year": nominee.year, "needed": needed}
    if len(months) >= needed:
        return True, _("Worked %(months)s full months in %(year)s (at least %(needed)s needed).") % values
    return False, _("Worked only %(months)s full months in %(year)s (at least %(needed)s needed).") % values


def check_member_title(rule, nominee: Nominee, facts: Facts):
    codes = rule.params.get("codes", [])
    needed = _count(rule, "count", 1, minimum=1)
    wanted = {facts.code_ids[c] for c in codes if c in facts.code_ids}
    found = facts.members_holding(nominee.unit_id, nominee.year, wanted)
    if nominee.nomination_id:
        found += sum(1 for item in facts.items_by_dossier.get(nominee.nomination_id, ())
                     if item["person_id"] and item["unit_id"] in facts.lineage_of(nominee.unit_id)
                     and item["award_type_id"] in wanted)
    values = {"found": found, "title": facts.type_names(codes), "year": nominee.year, "needed": needed}
    if found >= needed:
        return True, _("%(found)s member(s) hold %(title)s in %(year)s (at least %(needed)s needed).") % values
    return False, _("%(found)s member(s) hold %(title)s in %(year)s (at least %(needed)s needed).") % values


def check_targets_exceeded(rule, nominee: Nominee, facts: Facts):
    record = facts.unit_record(nominee.unit_id, nominee.year)
    if record is None or record.exceeded_targets is None:
        return False, _("Nothing on record about the collective's targets in %(year)s.") % {"year": nominee.year}
    if record.exceeded_targets:
        return True, _("Exceeded its targets in %(year)s.") % {"year": nominee.year}, record.declared
    return False, _("Did not exceed its targets in %(year)s.") % {"year": nominee.year}, record.declared


def check_commendation_kind(rule, nominee: Nominee, facts: Facts):
    kinds = rule.params.get("kinds") or []
    if not kinds or any(not valid(CommendationKind, k) for k in kinds):
        raise ValueError("kinds")
    proposed = label(CommendationKind, nominee.kind).lower()
    if nominee.kind in kinds:
        return True, _("Proposed as: %(kind)s; the achievement stated in the dossier is for the office to "
                       "appraise.") % {"kind": proposed}, True
    wanted = _(" or ").join(label(CommendationKind, k).lower() for k in kinds)
    return False, _("Proposed as: %(kind)s, not %(wanted)s.") % {"kind": proposed, "wanted": wanted}


def check_no_pending_inquiry(rule, nominee: Nominee, facts: Facts, *, on: datetime.date):
    keys = [("p", nominee.person_id)] if nominee.person_id else [("u", u) for u in facts.lineage_of(nominee.unit_id)]
    pending = [row for key in keys for row in facts.inquiries.get(key, ())
               if row[1] <= on and (row[2] is None or row[2] > on)]
    if not pending:
        return True, _("Nothing pending on %(day)s.") % {"day": _day(on)}
    listed = "; ".join(_("%(kind)s opened on %(day)s%(ref)s") % {
        "kind": label(InquiryKind, kind).lower(), "day": _day(opened),
        "ref": f" ({ref})" if ref else ""} for kind, opened, _closed, ref, _d in pending)
    return False, _("Not yet concluded on %(day)s: %(list)s.") % {"day": _day(on), "list": listed}, any(
        row[4] for row in pending)


def check_recipient_kind(rule, nominee: Nominee, facts: Facts):
    from thidua.org.enums import UnitKind

    kinds = rule.params.get("unit_kinds") or []
    if not kinds or any(not valid(UnitKind, k) for k in kinds):
        raise ValueError("unit_kinds")
    kind = facts.unit_kinds.get(nominee.unit_id, "")
    shown = label(UnitKind, kind).lower() if valid(UnitKind, kind) else "—"
    wanted = _(" or ").join(label(UnitKind, k).lower() for k in kinds)
    if kind in kinds:
        return True, _("The collective is a %(kind)s.") % {"kind": shown}
    return False, _("The collective is a %(kind)s, not a %(wanted)s.") % {"kind": shown, "wanted": wanted}


CHECKS = {
    RuleKind.PREREQUISITE: check_prerequisite,
    RuleKind.CONSECUTIVE: check_consecutive,
    RuleKind.RATING: check_rating,
    RuleKind.INITIATIVE: check_initiative,
    RuleKind.DISCIPLINE: check_discipline,
    RuleKind.QUOTA: check_quota,
    RuleKind.ONE_AWARD: check_one_award,
    RuleKind.CLUSTER_VOTE: check_cluster_vote,
    RuleKind.UNIT_SHARE: check_unit_share,
    RuleKind.UNIT_DISCIPLINE: check_unit_discipline,
    RuleKind.SERVICE_MONTHS: check_service_months,
    RuleKind.MEMBER_TITLE: check_member_title,
    RuleKind.TARGETS_EXCEEDED: check_targets_exceeded,
    RuleKind.COMMENDATION_KIND: check_commendation_kind,
    RuleKind.NO_PENDING_INQUIRY: check_no_pending_inquiry,
    RuleKind.RECIPIENT_KIND: check_recipient_kind,
}

#: Checks that need the day judged.
DATED = {RuleKind.NO_PENDING_INQUIRY}

#: Rules about a person's own record make no sense for a collective, and the other way round.
PERSON_ONLY = {RuleKind.INITIATIVE, RuleKind.DISCIPLINE, RuleKind.QUOTA, RuleKind.SERVICE_MONTHS}
COLLECTIVE_ONLY = {RuleKind.CLUSTER_VOTE, RuleKind.UNIT_SHARE, RuleKind.UNIT_DISCIPLINE, RuleKind.MEMBER_TITLE,
                   RuleKind.TARGETS_EXCEEDED, RuleKind.RECIPIENT_KIND}
