"""Writes for commendations: facts, dossiers and their moves, appraisal, decisions, the registry and revocation.

Each public function checks who may act, runs in a transaction and writes an audit event.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.core.audit import log_action, log_actions
from thidua.core.exceptions import StaleVersion
from thidua.core.files import check_document_upload
from thidua.core.permissions import require_council_office, require_staff_or_office
from thidua.core.text import fold
from thidua.core.workdays import add_working_days
from thidua.org.models import Employment, Person, Unit

from . import eligibility, routes, tallies
from .enums import (
    CLOCK_STATES,
    EDITABLE_STATES,
    LEVEL_ORDER,
    RECEIVING_STATES,
    AttachmentKind,
    AwardLevel,
    AwardStatus,
    CommendationKind,
    DisciplineMeasure,
    InitiativeKind,
    InquiryKind,
    NominationStatus,
    Rating,
    Recipient,
    Route,
    StepKind,
)
from .models import (
    Award,
    AwardType,
    Decision,
    Discipline,
    Initiative,
    Inquiry,
    Nomination,
    NominationAttachment,
    NominationItem,
    PersonRating,
    RouteStep,
    UnitYear,
)

S = NominationStatus

#: Moves the council office makes, and the moves back to the proposer.
OFFICE_MOVES = {
    (S.SUBMITTED, S.RECEIVED),
    (S.RECEIVED, S.IN_APPRAISAL),
    (S.IN_APPRAISAL, S.APPRAISED),
    (S.APPRAISED, S.AT_COUNCIL),
    (S.APPRAISED, S.APPROVED),
    (S.AT_COUNCIL, S.APPROVED),
    (S.APPROVED, S.SENT_TO_CENTRE),
} | {(state, S.RETURNED) for state in RECEIVING_STATES}
PROPOSER_MOVES = {(S.DRAFT, S.SUBMITTED), (S.RETURNED, S.SUBMITTED)}


def appraisal_days(regime=None) -> int:
    """Working days to appraise a complete dossier: the regime's, else ``THIDUA_APPRAISAL_WORKING_DAYS``."""
    if regime is not None and regime.appraisal_working_days:
        return regime.appraisal_working_days
    return int(getattr(settings, "THIDUA_APPRAISAL_WORKING_DAYS", 25))


def incomplete_return_days(regime=None) -> int:
    """Working days within which the office returns an incomplete dossier, saying what is missing."""
    if regime is not None and regime.incomplete_return_working_days:
        return regime.incomplete_return_working_days
    return int(getattr(settings, "THIDUA_INCOMPLETE_RETURN_WORKING_DAYS", 5))


def consultation_days(regime=None) -> int:
    """Working days added to the appraisal when consultations (hiệp y) are needed."""
    if regime is not None and regime.consultation_working_days:
        return regime.consultation_working_days
    return int(getattr(settings, "THIDUA_CONSULTATION_WORKING_DAYS", 10))


def require_handler(by, nomination: Nomination) -> None:
    """Who receives, appraises and carries a dossier to its decision: the council office, or for a unit's own
    titles (the unit route) the unit's staff, and never the province."""
    if nomination.route == Route.UNIT:
        if by is not None and nomination.unit_id not in access_of(by).staff_unit_ids:
            raise PermissionDenied(_("This dossier is decided in %(unit)s by its head: only the unit's staff handle "
                                     "it.") % {"unit": nomination.unit.name})
        return
    require_council_office(by)


# ── checks ───────────────────────────────────────────────────────────────────────────────────────────────────




def _require_person_keeper(by, person: Person, unit: Unit | None = None, year: int | None = None) -> None:
    """The office, or the staff of a unit the person works in now, or of ``unit`` for a year the person worked
    there (a former unit rates the years it employed the person; naming one's own unit is not enough)."""
    if by is None:
        return
    access = access_of(by)
    if access.is_council_office:
        return
    if unit is not None and year is not None and unit.pk in access.staff_unit_ids and Employment.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__year__gte=year), person=person, unit=unit,
            started_on__year__lte=year).exists():
        return
    today = timezone.localdate()
    works_there = Employment.objects.filter(person=person, unit_id__in=access.staff_unit_ids,
                                            started_on__lte=today).exclude(ended_on__lt=today).exists()
    if not works_there:
        raise PermissionDenied(_("Only the council office or the staff of the person's unit may record this."))


def _confirmer(by) -> bool:
    """Whether a fact recorded by ``by`` is confirmed as it is recorded: the system's and the office's are; a
    unit's clerk only declares it (the office, or the unit's head, confirms it later)."""
    if by is None:
        return True
    access = access_of(by)
    return access.is_council_office


def _stamp(row, by) -> None:
    if _confirmer(by):
        row.confirmed_at, row.confirmed_by = timezone.now(), by
    else:
        row.confirmed_at = row.confirmed_by = None


FACT_MODELS = {"rating": PersonRating, "initiative": Initiative, "discipline": Discipline, "unit_year": UnitYear,
               "inquiry": Inquiry}


@transaction.atomic
def fact_confirm(*, by, kind: str, fact_id: int):
    """Confirm a declared fact: the office, or the head of the unit the fact belongs to (a person's unit now or
    the unit that rated the year; the collective itself)."""
    model = FACT_MODELS.get(kind)
    if model is None:
        raise ValidationError({"kind": [_("Choose one of the listed values.")]})
    row = model.objects.select_for_update().filter(pk=fact_id).first()
    if row is None:
        raise ValidationError({"fact_id": [_("No such fact.")]})
    access = access_of(by)
    if not access.is_council_office:
        unit_ids = set()
        if getattr(row, "unit_id", None):
            unit_ids.add(row.unit_id)
        person_id = getattr(row, "person_id", None)
        if person_id:
            today = timezone.localdate()
            unit_ids |= set(Employment.objects.filter(person_id=person_id, started_on__lte=today).exclude(
                ended_on__lt=today).values_list("unit_id", flat=True))
        if not unit_ids & access.head_unit_ids:
            raise PermissionDenied(_("Only the council office or the head of the unit may confirm this."))
    row.confirmed_at, row.confirmed_by = timezone.now(), by
    row.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
    target = row.person if getattr(row, "person_id", None) else row.unit
    log_action("awards.fact.confirmed", actor=by, target=target, data={"kind": kind, "fact": row.pk})
    return row


@transaction.atomic
def inquiry_record(*, by, kind: str, opened_on, person: Person | None = None, unit: Unit | None = None,
                   closed_on=None, reference: str = "") -> Inquiry:
    """A disciplinary consideration, inspection, complaint or investigation (while open, no commendation)."""
    if person is None and unit is None:
        raise ValidationError({"person_id": [_("Choose a person or a unit.")]})
    if person is not None:
        _require_person_keeper(by, person)
    else:
        require_staff_or_office(by, unit.pk)
    _choice(kind, InquiryKind, "kind")
    if closed_on is not None and closed_on < opened_on:
        raise ValidationError({"closed_on": [_("The conclusion cannot come before the opening.")]})
    row = Inquiry(person=person, unit=unit, kind=kind, opened_on=opened_on, closed_on=closed_on,
                  reference=(reference or "").strip())
    _stamp(row, by)
    row.save()
    log_action("awards.inquiry.recorded", actor=by, target=person or unit, data={
        "inquiry": row.pk, "kind": kind, "opened_on": opened_on, "closed_on": closed_on,
        "reference": row.reference})
    return row


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"year": [_("Enter a year.")]}) from exc
    if not 1945 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": [_("The year is out of range.")]})
    return year


def _choice(value, choices, field: str):
    if value not in choices.values:
        raise ValidationError({field: [_("Choose one of the listed values.")]})
    return value


def _lock(nomination: Nomination) -> Nomination:
    return Nomination.objects.select_for_update().get(pk=nomination.pk)


def _check_version(nomination: Nomination, version: int | None) -> None:
    if version is not None and int(version) != nomination.version:
        raise StaleVersion(
            _("Someone else changed this dossier (now version %(current)s). Reload it and try again.")
            % {"current": nomination.version}, current_version=nomination.version)


def _bump(nomination: Nomination, fields: list[str]) -> None:
    nomination.version += 1
    nomination.save(update_fields=[*fields, "version", "updated_at"])


# ── facts ────────────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def rating_record(*, by, person: Person, unit: Unit, year: int, rating: str) -> PersonRating:
    """A person's rating for a year (one per year: recording again replaces it, and the event keeps both)."""
    year = _check_year(year)
    _require_person_keeper(by, person, unit, year)
    _choice(rating, Rating, "rating")
    row, created = PersonRating.objects.select_for_update().get_or_create(
        person=person, year=year, defaults={"unit": unit, "rating": rating})
    before = None if created else row.rating
    row.unit, row.rating = unit, rating
    _stamp(row, by)
    row.save(update_fields=["unit", "rating", "confirmed_at", "confirmed_by", "updated_at"])
    log_action("awards.rating.recorded", actor=by, target=person,
               data={"year": year, "unit": unit.pk, "rating": rating, "before": before})
    return row


@transaction.atomic
def initiative_record(*, by, person: Person, year: int, title: str, level: str,
                      recognition_reference: str = "", kind: str = InitiativeKind.INITIATIVE) -> Initiative:
    _require_person_keeper(by, person)
    year = _check_year(year)
    _choice(level, AwardLevel, "level")
    _choice(kind, InitiativeKind, "kind")
    if not (title or "").strip():
        raise ValidationError({"title": [_("This field is required.")]})
    initiative = Initiative(person=person, year=year, title=title.strip(), level=level, kind=kind,
                            recognition_reference=recognition_reference.strip())
    _stamp(initiative, by)
    initiative.save()
    log_action("awards.initiative.recorded", actor=by, target=person,
               data={"initiative": initiative.pk, "year": year, "title": initiative.title, "level": level})
    return initiative


@transaction.atomic
def discipline_record(*, by, person: Person, year: int, measure: str, decision_reference: str = "",
                      ends_on=None) -> Discipline:
    """A disciplinary measure of ``year``, in effect until ``ends_on`` (empty: the end of the year)."""
    _require_person_keeper(by, person)
    year = _check_year(year)
    _choice(measure, DisciplineMeasure, "measure")
    if ends_on is not None and ends_on.year < year:
        raise ValidationError({"ends_on": [_("The discipline cannot end before its year.")]})
    row = Discipline(person=person, year=year, measure=measure, ends_on=ends_on,
                     decision_reference=decision_reference.strip())
    _stamp(row, by)
    row.save()
    log_action("awards.discipline.recorded", actor=by, target=person,
               data={"discipline": row.pk, "year": year, "measure": measure, "decision": row.decision_reference,
                     "ends_on": ends_on})
    return row


@transaction.atomic
def unit_year_record(*, by, unit: Unit, year: int, member_count: int, members_completed: int,
                     advanced_workers: int, rating: str = "", worst_discipline: str = "",
                     exceeded_targets: bool | None = None) -> UnitYear:
    """A collective's figures for a year (replacing any earlier figures for that year)."""
    require_staff_or_office(by, unit.pk)
    year = _check_year(year)
    errors = {}
    counts = {"member_count": member_count, "members_completed": members_completed,
              "advanced_workers": advanced_workers}
    for name, value in counts.items():
        if not isinstance(value, int) or value < 0:
            errors[name] = [_("Enter a whole number, 0 or more.")]
    if not errors:
        for name in ("members_completed", "advanced_workers"):
            if counts[name] > member_count:
                errors[name] = [_("Cannot be more than the number of members.")]
    if rating:
        _choice(rating, Rating, "rating")
    if worst_discipline:
        _choice(worst_discipline, DisciplineMeasure, "worst_discipline")
    if errors:
        raise ValidationError(errors)
    values = {**counts, "rating": rating, "worst_discipline": worst_discipline, "exceeded_targets": exceeded_targets}
    row = UnitYear.objects.select_for_update().filter(unit=unit, year=year).first() or UnitYear(unit=unit, year=year)
    for name, value in values.items():
        setattr(row, name, value)
    _stamp(row, by)
    row.save()
    log_action("awards.unit_year.recorded", actor=by, target=unit, data={"year": year, **values})
    return row


# ── dossiers ─────────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def nomination_create(*, by, unit: Unit, year: int, kind: str = CommendationKind.MERIT, campaign=None,
                      title: str = "") -> Nomination:
    require_staff_or_office(by, unit.pk)
    year = _check_year(year)
    _choice(kind, CommendationKind, "kind")
    if campaign is not None and campaign.year != year:
        raise ValidationError({"campaign_id": [_("The campaign belongs to %(year)s.") % {"year": campaign.year}]})
    nomination = Nomination.objects.create(
        unit=unit, year=year, kind=kind, campaign=campaign, created_by=by if getattr(by, "pk", None) else None,
        title=title.strip() or _("Nomination of %(unit)s, %(year)s") % {"unit": unit.name, "year": year})
    log_action("awards.nomination.created", actor=by, target=nomination,
               data={"unit": unit.pk, "year": year, "kind": kind, "campaign": campaign})
    return nomination


def require_editable(by, nomination: Nomination) -> None:
    """Only the unit's staff or the office, and only while the dossier is a draft or returned (403, then 400)."""
    require_staff_or_office(by, nomination.unit_id)
    if nomination.status not in EDITABLE_STATES:
        raise ValidationError(_("The dossier can only be changed while it is a draft or returned to the unit."))


def achievement_line(achievement: str, year: int) -> str:
    """The line the annex and the certificate print for a nominee ("Đã có thành tích …"), from the achievement
    summary when it is written as one ("Có thành tích xuất sắc …", "Hoàn thành xuất sắc nhiệm vụ năm 2021"), else
    the plain line of the year; never the nominee's name."""
    text = " ".join((achievement or "").split()).rstrip(".;")
    folded = fold(text)
    for start in ("da co thanh tich", "da hoan thanh", "da dat", "co thanh tich", "hoan thanh", "dat thanh tich"):
        if folded.startswith(start):
            if not folded.startswith("da "):
                text = f"đã {text[:1].lower()}{text[1:]}"
            return (text[:1].upper() + text[1:])[:1000]
    return f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {year}"


@transaction.atomic
def item_add(*, by, nomination: Nomination, award_type: AwardType, person: Person | None = None,
             unit: Unit | None = None, achievement: str, print_text: str = "") -> NominationItem:
    """A nominee: a person (nominated in ``unit``, by default the proposing unit) or a collective (``unit``)."""
    nomination = _lock(nomination)
    require_editable(by, nomination)
    errors = {}
    if not award_type.active:
        errors["award_type_id"] = [_("This title or form is no longer in use.")]
    if award_type.recipient == Recipient.PERSON:
        if person is None:
            errors["person_id"] = [_("%(title)s is awarded to a person: choose one.") % {"title": award_type.name}]
    elif person is not None or unit is None:
        errors["unit_id"] = [_("%(title)s is awarded to a collective: choose a unit.") % {"title": award_type.name}]
    achievement = (achievement or "").strip()
    if not achievement:
        errors["achievement"] = [_("Summarise the achievement.")]
    if errors:
        raise ValidationError(errors)
    _check_nominee_unit(by, nomination, unit)
    if person is not None:
        unit = unit or nomination.unit
        if NominationItem.objects.filter(nomination=nomination, person=person, award_type=award_type).exists():
            raise ValidationError(_("This person is already proposed for this title or form in the dossier."))
    elif NominationItem.objects.filter(nomination=nomination, person__isnull=True, unit=unit,
                                       award_type=award_type).exists():
        raise ValidationError(_("This unit is already proposed for this title or form in the dossier."))
    name = person.full_name if person is not None else unit.name
    route = _route_with(nomination, award_type, unit, person)
    item = NominationItem.objects.create(
        nomination=nomination, award_type=award_type, person=person, unit=unit, achievement=achievement,
        print_text=(print_text or "").strip() or achievement_line(achievement, nomination.year))
    nomination.route = route
    _bump(nomination, ["route"])
    log_action("awards.nomination.item_added", actor=by, target=nomination,
               data={"item": item.pk, "award_type": award_type.code, "person": person, "unit": unit,
                     "name": name})
    return item


def _route_with(nomination: Nomination, award_type: AwardType, unit: Unit | None, person: Person | None) -> str:
    """The dossier's route once this nominee joins it (a unit's own titles, and proposals to the centre, travel
    alone)."""
    regimes, terms = catalog = routes.catalog_now()
    new = routes.item_route(nomination, award_type, unit.pk if unit else nomination.unit_id,
                            person.pk if person else None, regimes=regimes, terms=terms)
    current = routes.items_routes(nomination, list(nomination.items.select_related("award_type")), catalog=catalog)
    return routes.combined([new.route, *(r.route for r in current.values())])


def _reroute(nomination: Nomination, items=None) -> str:
    items = items if items is not None else list(nomination.items.select_related("award_type"))
    return routes.combined([r.route for r in routes.items_routes(nomination, items).values()])


def _check_nominee_unit(by, nomination: Nomination, unit: Unit | None) -> None:
    """A unit proposes itself, the units under it and people in them; the council office proposes anyone."""
    if by is None or unit is None or unit.pk == nomination.unit_id or access_of(by).is_council_office:
        return
    seen, current = {unit.pk}, unit.parent
    while current is not None and current.pk not in seen:
        if current.pk == nomination.unit_id:
            return
        seen.add(current.pk)
        current = current.parent
    raise ValidationError({"unit_id": [_("%(unit)s is not %(proposer)s or one of its units: each unit proposes "
                                         "its own.") % {"unit": unit.name, "proposer": nomination.unit.name}]})


@transaction.atomic
def item_remove(*, by, nomination: Nomination, item: NominationItem) -> None:
    nomination = _lock(nomination)
    require_editable(by, nomination)
    if item.nomination_id != nomination.pk:
        raise ValidationError(_("This nominee is not in the dossier."))
    data = {"item": item.pk, "award_type": item.award_type_id, "person": item.person_id, "unit": item.unit_id}
    if item.council_candidacies.exists():
        raise ValidationError(_("The council has voted on this nominee: the record stays."))
    item.delete()
    nomination.route = _reroute(nomination)
    _bump(nomination, ["route"])
    log_action("awards.nomination.item_removed", actor=by, target=nomination, data=data)


@transaction.atomic
def attachment_add(*, by, nomination: Nomination, kind: str, file) -> NominationAttachment:
    nomination = _lock(nomination)
    require_editable(by, nomination)
    _choice(kind, AttachmentKind, "kind")
    document_kind, digest = check_document_upload(file)
    original = (getattr(file, "name", "") or f"tep.{document_kind.extension}").rsplit("/", 1)[-1][:255]
    attachment = NominationAttachment(nomination=nomination, kind=kind, original_name=original, size=file.size,
                                      uploaded_by=by if getattr(by, "pk", None) else None)
    attachment.file.save(f"{digest[:16]}.{document_kind.extension}", file, save=False)
    attachment.save()
    _bump(nomination, [])
    log_action("awards.nomination.attachment_added", actor=by, target=nomination,
               data={"attachment": attachment.pk, "kind": kind, "name": original, "sha256": digest})
    return attachment


@transaction.atomic
def attachment_remove(*, by, nomination: Nomination, attachment: NominationAttachment) -> None:
    nomination = _lock(nomination)
    require_editable(by, nomination)
    if attachment.nomination_id != nomination.pk:
        raise ValidationError(_("This file is not attached to the dossier."))
    data = {"attachment": attachment.pk, "kind": attachment.kind, "name": attachment.original_name}
    attachment.delete()
    _bump(nomination, [])
    log_action("awards.nomination.attachment_removed", actor=by, target=nomination, data=data)


def nominees_of(nomination: Nomination, items=None, *, sent_on=None) -> list[eligibility.Nominee]:
    """The dossier's items as nominees; a commendation form is judged on the day the dossier was sent (``sent_on``
    while it is being sent), a draft's under today's texts."""
    items = items if items is not None else nomination.items.all()
    if sent_on is None and nomination.submitted_at is not None:
        sent_on = timezone.localdate(nomination.submitted_at)
    return [eligibility.Nominee(
        key=item.pk, award_type_id=item.award_type_id, year=nomination.year, person_id=item.person_id,
        unit_id=item.unit_id, proposing_unit_id=nomination.unit_id, nomination_id=nomination.pk,
        kind=nomination.kind, campaign_id=nomination.campaign_id, on=sent_on) for item in items]


def _keep_verdict(item: NominationItem, verdict: eligibility.Verdict) -> None:
    """Keep the check on the item, tree and regime (the page shows what the office saw)."""
    item.eligibility = [node.as_dict() for node in verdict.tree]
    item.eligible_by_rules = verdict.eligible
    item.eligibility_regime = verdict.regime.name if verdict.regime else ""


@transaction.atomic
def eligibility_recheck(*, by, nomination: Nomination) -> dict[int, eligibility.Verdict]:
    """Check a sent dossier's items again under the regime of the day it was sent (a correction of facts, or a
    dossier brought in with its real dates) and keep the result. By the dossier's handler (``require_handler``)."""
    require_handler(by, nomination)
    verdicts = _store_eligibility(nomination)
    log_action("awards.nomination.rechecked", actor=by, target=nomination, data={"failing": _failed_summary(verdicts)})
    return verdicts


def _store_eligibility(nomination: Nomination, *, sent_on=None) -> dict[int, eligibility.Verdict]:
    """Check every item again and keep the result on the item."""
    items = list(nomination.items.all())
    verdicts = eligibility.evaluate(nominees_of(nomination, items, sent_on=sent_on))
    for item in items:
        _keep_verdict(item, verdicts[item.pk])
    NominationItem.objects.bulk_update(items, ["eligibility", "eligible_by_rules", "eligibility_regime",
                                               "updated_at"])
    return verdicts


def _failed_summary(verdicts) -> dict:
    return {str(key): [r.code or r.rule for r in verdict.failed] for key, verdict in verdicts.items()
            if not verdict.eligible}


def _failures_text(nomination: Nomination, verdicts) -> str:
    """The nominees who fail, with the conditions they fail, for the sender to confirm."""
    lines = []
    for item in nomination.items.select_related("award_type", "person", "unit").order_by("id"):
        verdict = verdicts.get(item.pk)
        if verdict is None or verdict.eligible:
            continue
        name = item.person.full_name if item.person else item.unit.name
        failed = "; ".join(f"{r.title} ({r.explanation})" for r in verdict.failed) or "—"
        lines.append(f"{name} – {item.award_type.name}: {failed}")
    return _("Some nominees do not meet the conditions: %(list)s. Confirm to send the dossier anyway; the "
             "council office will appraise them.") % {"list": " | ".join(lines)}


@transaction.atomic
def nomination_transition(*, by, nomination: Nomination, to: str, reason: str = "", appraiser=None,
                          voting_round=None, version: int | None = None,
                          confirm_failures: bool = False) -> Nomination:
    """Move a dossier along its path (see ``OFFICE_MOVES`` and ``PROPOSER_MOVES``); ``decided`` comes only from
    a decision. A return needs a reason; the council's approval needs a passed vote or the minutes' reference;
    sending a dossier with a nominee who fails a rule needs ``confirm_failures`` (the failures are listed).
    The event is ``awards.nomination.transition`` with ``from`` and ``to``."""
    nomination = _lock(nomination)
    _check_version(nomination, version)
    if to not in S.values:
        raise ValidationError({"to": [_("Choose one of the listed values.")]})
    move = (nomination.status, to)
    reason = (reason or "").strip()
    if move in PROPOSER_MOVES:
        require_staff_or_office(by, nomination.unit_id)
    elif move in OFFICE_MOVES:
        require_handler(by, nomination)
        _check_route_move(nomination, to)
    elif to == S.DECIDED:
        raise ValidationError(_("A dossier is decided by issuing a decision over its approved nominees."))
    else:
        raise ValidationError(_("A dossier cannot go from “%(from)s” to “%(to)s”.") % {
            "from": S(nomination.status).label, "to": S(to).label})
    before = nomination.status
    data: dict = {"from": before, "to": to}
    fields = ["status"]
    today = timezone.localdate()
    if to == S.SUBMITTED:
        if not nomination.items.exists():
            raise ValidationError(_("Add at least one nominee before sending the dossier."))
        now = timezone.now()
        if nomination.unit_id not in access_of(by).staff_unit_ids and by is not None \
                and nomination.route == Route.UNIT:
            raise PermissionDenied(_("A unit's own titles are sent to its head by the unit's staff."))
        verdicts = _store_eligibility(nomination, sent_on=timezone.localdate(now))
        failing = _failed_summary(verdicts)
        if failing and not confirm_failures:
            raise ValidationError({"confirm_failures": [_failures_text(nomination, verdicts)]})
        nomination.submitted_at = now
        nomination.route = _reroute(nomination)
        nomination.completeness_due_on = add_working_days(
            timezone.localdate(now), incomplete_return_days(routes.regime_for(timezone.localdate(now))))
        fields += ["submitted_at", "route", "completeness_due_on"]
        data["failing"] = failing
        data["route"] = nomination.route
    elif to == S.RECEIVED:
        nomination.received_on = today
        nomination.appraisal_due_on = add_working_days(today, appraisal_days(routes.regime_for(today)))
        fields += ["received_on", "appraisal_due_on"]
        data["appraisal_due_on"] = nomination.appraisal_due_on
    elif to == S.IN_APPRAISAL:
        appraiser = appraiser or by
        if nomination.route == Route.UNIT:
            if appraiser is None or nomination.unit_id not in access_of(appraiser).staff_unit_ids:
                raise ValidationError({"appraiser": [_("The appraiser must work in %(unit)s.") % {
                    "unit": nomination.unit.name}]})
        elif appraiser is None or not access_of(appraiser).is_council_office:
            raise ValidationError({"appraiser": [_("The appraiser must work in the council office.")]})
        nomination.appraiser = appraiser
        fields.append("appraiser")
        data["appraiser"] = appraiser.pk
    elif to == S.APPRAISED:
        _check_appraisal_complete(nomination)
        nomination.appraised_on = today
        fields.append("appraised_on")
    elif to == S.APPROVED and before == S.AT_COUNCIL:
        _record_council(nomination, voting_round, reason, data)
        fields += ["council_round", "council_reference"]
    elif to == S.APPROVED:
        if not nomination.items.filter(appraisal_eligible=True).exists():
            raise ValidationError(_("No nominee was found eligible: return the dossier instead."))
    elif to == S.SENT_TO_CENTRE:
        _check_centre_steps(nomination)
    elif to == S.RETURNED:
        if not reason:
            raise ValidationError({"reason": [_("Give the reason for returning the dossier.")]})
        nomination.return_reason = reason
        nomination.received_on = nomination.appraisal_due_on = nomination.appraised_on = None
        nomination.appraiser = None
        fields += ["return_reason", "received_on", "appraisal_due_on", "appraised_on", "appraiser"]
        nomination.items.update(appraisal_eligible=None, appraisal_reason="", appraisal_justification="",
                                council_passed=None, council_votes="")
        data["reason"] = reason
    if reason and to != S.RETURNED:
        data["reason"] = reason
    nomination.status = to
    _bump(nomination, fields)
    log_action("awards.nomination.transition", actor=by, target=nomination, data=data)
    if to == S.RETURNED:
        _notify_proposer(nomination, reason)
    elif to == S.SUBMITTED:
        from .notices import nomination_sent

        nomination_sent(nomination)
    return nomination


def _notify_proposer(nomination: Nomination, reason: str) -> None:
    from .notices import nomination_returned

    nomination_returned(nomination, reason)


def _check_appraisal_complete(nomination: Nomination) -> None:
    verdicts = _store_eligibility(nomination)
    items = list(nomination.items.select_related("award_type", "person", "unit"))
    errors = []
    for item in items:
        name = item.person.full_name if item.person else item.unit.name
        if item.appraisal_eligible is None:
            errors.append(_("%(name)s (%(title)s): no appraisal verdict yet.") % {
                "name": name, "title": item.award_type.name})
        elif item.appraisal_eligible and not verdicts[item.pk].eligible and not item.appraisal_justification:
            errors.append(_("%(name)s (%(title)s) fails %(rules)s: marking it eligible needs a written "
                            "justification.") % {"name": name, "title": item.award_type.name,
                                                 "rules": ", ".join(r.title for r in verdicts[item.pk].failed)})
    if errors:
        raise ValidationError(errors)


def needs_vote(nomination: Nomination, items=None) -> dict[int, object]:
    """The eligible nominees whose title needs the council's vote, with the threshold (% of all members)."""
    items = items if items is not None else list(nomination.items.filter(appraisal_eligible=True)
                                                  .select_related("award_type"))
    found = routes.items_routes(nomination, items)
    return {item.pk: found[item.pk].vote_threshold for item in items
            if found[item.pk].vote_threshold is not None}


def _check_route_move(nomination: Nomination, to: str) -> None:
    """The moves each route allows: the council only where a nominee's title needs its vote (and then it is not
    skipped); the centre only for proposals to the centre."""
    if to not in (S.AT_COUNCIL, S.APPROVED, S.SENT_TO_CENTRE) or nomination.status == S.AT_COUNCIL:
        return
    if to == S.SENT_TO_CENTRE:
        if nomination.route != Route.CENTRE:
            raise ValidationError(_("Only a proposal to the centre is sent to the centre."))
        return
    # The council sits for the eligible nominees whose title needs its vote (a council-route dossier whose voted
    # titles were all found not eligible goes straight on) and for every proposal to the centre.
    voting = needs_vote(nomination)
    council_route = nomination.route == Route.CENTRE
    if to == S.AT_COUNCIL and not (voting or council_route):
        raise ValidationError(_("No nominee of this dossier needs the council's vote: it goes straight to the one "
                                "who decides."))
    if to == S.APPROVED and (voting or council_route):
        raise ValidationError(_("The council votes on this dossier first (%(route)s).") % {
            "route": Route(nomination.route).label})


def _record_council(nomination: Nomination, voting_round, reason: str, data: dict) -> None:
    """The council's conclusion: a closed vote of a meeting with quorum of the council serving the dossier's route,
    in which every eligible nominee needing a vote was a candidate. Nominees below their threshold stay in the
    dossier, marked as not passed; they get no decision."""
    from . import council as councils

    eligible = list(nomination.items.filter(appraisal_eligible=True).select_related("award_type", "person", "unit"))
    if not eligible:
        raise ValidationError(_("No nominee was found eligible: return the dossier instead."))
    voting = needs_vote(nomination, eligible)
    if not voting:
        if not reason:
            raise ValidationError({"reason": [_("Give the reference of the minutes of the council's meeting that "
                                                "concluded on this dossier.")]})
        nomination.council_round, nomination.council_reference = None, reason
        return
    if voting_round is None:
        raise ValidationError({"voting_round_id": [_("Choose the council's vote on the nominees.")]})
    meeting = voting_round.meeting
    serving = councils.council_of(nomination.route, nomination.unit)
    if meeting is None or serving is None or meeting.council_id != serving.pk:
        raise ValidationError({"voting_round_id": [_("Choose a vote of %(council)s's meeting.") % {
            "council": serving.name if serving else _("the council")}]})
    result = councils.meeting_round_result(voting_round)
    if not result.closed:
        raise ValidationError({"voting_round_id": [_("The vote has not closed yet.")]})
    if not result.quorum_met:
        raise ValidationError({"voting_round_id": [_("The meeting had no quorum: its vote does not count.")]})
    rows = {row.item_id: row for row in result.candidates}
    missing = [item for item in eligible if item.pk in voting and item.pk not in rows]
    if missing:
        raise ValidationError({"voting_round_id": [_("Not voted on in this round: %(names)s.") % {
            "names": "; ".join(_item_name(i) for i in missing)}]})
    passed = []
    for item in eligible:
        row = rows.get(item.pk)
        if item.pk not in voting or row is None:
            continue
        item.council_passed = row.passed
        item.council_votes = _("%(votes)s of %(members)s members (%(pct)s %%; %(threshold)s %% needed)") % {
            "votes": row.votes, "members": result.members, "pct": councils._pct(row.percent_of_all_members),
            "threshold": councils._pct(row.threshold_percent)}
        item.save(update_fields=["council_passed", "council_votes", "updated_at"])
        if row.passed:
            passed.append(item.pk)
    remaining = [i for i in eligible if i.pk not in voting or i.pk in passed]
    if not remaining:
        raise ValidationError({"voting_round_id": [_("No nominee reached the council's threshold: return the "
                                                     "dossier instead.")]})
    nomination.council_round = voting_round
    nomination.council_reference = reason or _("Meeting of %(council)s on %(day)s") % {
        "council": meeting.council.name, "day": meeting.held_on.strftime("%d/%m/%Y")}
    data["voting_round"] = voting_round.pk
    data["passed"] = passed


def _item_name(item) -> str:
    return item.person.full_name if item.person_id else item.unit.name


def _check_centre_steps(nomination: Nomination) -> None:
    kinds = set(nomination.steps.values_list("kind", flat=True))
    missing = [StepKind(k).label for k in (StepKind.PARTY_OPINION, StepKind.SUBMISSION) if k not in kinds]
    if missing:
        raise ValidationError(_("Record first: %(steps)s.") % {"steps": "; ".join(str(m) for m in missing)})


@transaction.atomic
def route_step_record(*, by, nomination: Nomination, kind: str, reference: str, dated_on: datetime.date,
                      issuer: str = "", note: str = "", granted_item_ids: list[int] | None = None) -> RouteStep:
    """A document on a proposal's way to the centre. The centre's decision (``centre_decision``) enters the
    nominees it grants into the registry and closes the dossier."""
    require_council_office(by)
    nomination = _lock(nomination)
    _choice(kind, StepKind, "kind")
    if nomination.route != Route.CENTRE:
        raise ValidationError(_("Only a proposal to the centre has these steps."))
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": [_("Give the document's number and symbol.")]})
    if not isinstance(dated_on, datetime.date) or dated_on > timezone.localdate():
        raise ValidationError({"dated_on": [_("Enter the document's date (not in the future).")]})
    allowed = {StepKind.CENTRE_DECISION: [S.SENT_TO_CENTRE],
               StepKind.CONSULTATION: [S.RECEIVED, S.IN_APPRAISAL, S.APPRAISED, S.AT_COUNCIL, S.APPROVED]
               }.get(kind, [S.APPROVED])
    if nomination.status not in allowed:
        raise ValidationError(_("This step comes when the dossier is “%(state)s”.") % {
            "state": " / ".join(str(S(a).label) for a in allowed)})
    step = RouteStep.objects.create(nomination=nomination, kind=kind, reference=reference, dated_on=dated_on,
                                    issuer=(issuer or "").strip(), note=(note or "").strip(),
                                    recorded_by=by if getattr(by, "pk", None) else None)
    data = {"step": step.pk, "kind": kind, "reference": reference, "dated_on": dated_on}
    if kind == StepKind.CENTRE_DECISION:
        data["awards"] = _grant_centre(by, nomination, step, granted_item_ids or [])
        nomination.status = S.DECIDED
        _bump(nomination, ["status"])
    elif kind == StepKind.CONSULTATION and nomination.status in CLOCK_STATES and nomination.appraisal_due_on \
            and not nomination.steps.filter(kind=StepKind.CONSULTATION).exclude(pk=step.pk).exists():
        # The appraisal's time limit grows once when consultations are needed.
        nomination.appraisal_due_on = add_working_days(
            nomination.appraisal_due_on, consultation_days(routes.regime_for(nomination.received_on)))
        data["appraisal_due_on"] = nomination.appraisal_due_on
        _bump(nomination, ["appraisal_due_on"])
    else:
        _bump(nomination, [])
    log_action("awards.nomination.step_recorded", actor=by, target=nomination, data=data)
    return step


def _grant_centre(by, nomination: Nomination, step: RouteStep, item_ids: list[int]) -> list[int]:
    candidates = {i.pk: i for i in nomination.items.filter(appraisal_eligible=True).exclude(council_passed=False)
                  .select_related("award_type", "person", "unit", "nomination")}
    unknown = [i for i in item_ids if i not in candidates]
    if unknown:
        raise ValidationError({"granted_item_ids": [_("Not a nominee the province proposed: %(ids)s") % {
            "ids": ", ".join(map(str, unknown))}]})
    reference = step.reference
    awards = []
    for item_id in dict.fromkeys(item_ids):
        item = candidates[item_id]
        name, unit_id = _recipient(item)
        awards.append(Award(award_type=item.award_type, person_id=item.person_id, unit_id=unit_id,
                            year=nomination.year, kind=nomination.kind, campaign_id=nomination.campaign_id,
                            decision_reference=reference, nomination_item=item, recipient_name=name,
                            print_text=item.print_text, search_text=fold(name)))
    Award.objects.bulk_create(awards)
    granted = list(Award.objects.filter(nomination_item_id__in=item_ids).order_by("id"))
    tallies.refresh(granted)
    log_actions("awards.award.granted", actor=by, items=[
        (a, {"decision": reference, "item": a.nomination_item_id, "award_type": a.award_type_id, "year": a.year})
        for a in granted])
    return [a.pk for a in granted]


@transaction.atomic
def appraisal_record(*, by, nomination: Nomination, verdicts: list[dict], version: int | None = None
                     ) -> Nomination:
    """The appraisal's verdict per item: eligible or not, with a reason. Marking eligible an item that fails a
    rule needs a justification (``justification``, or the reason). By the dossier's handler (``require_handler``)."""
    nomination = _lock(nomination)
    require_handler(by, nomination)
    _check_version(nomination, version)
    if nomination.status != S.IN_APPRAISAL:
        raise ValidationError(_("Verdicts are recorded while the dossier is in appraisal."))
    items = {item.pk: item for item in nomination.items.select_related("award_type", "person", "unit")}
    rules = eligibility.evaluate(nominees_of(nomination, list(items.values())))
    errors: dict[str, list[str]] = {}
    changed = []
    for row in verdicts:
        item = items.get(row.get("item_id"))
        key = f"items.{row.get('item_id')}"
        if item is None:
            errors[key] = [_("This nominee is not in the dossier.")]
            continue
        eligible = bool(row.get("eligible"))
        reason = (row.get("reason") or "").strip()
        justification = (row.get("justification") or "").strip()
        verdict = rules[item.pk]
        if not eligible and not reason:
            errors[key] = [_("Give the reason the nominee is not eligible.")]
            continue
        if eligible and not verdict.eligible:
            justification = justification or reason
            if not justification:
                errors[key] = [_("Fails %(rules)s: marking it eligible needs a written justification.") % {
                    "rules": ", ".join(r.title for r in verdict.failed)}]
                continue
        else:
            justification = ""
        item.appraisal_eligible, item.appraisal_reason = eligible, reason
        item.appraisal_justification = justification
        _keep_verdict(item, verdict)
        changed.append(item)
    if errors:
        raise ValidationError(errors)
    NominationItem.objects.bulk_update(changed, ["appraisal_eligible", "appraisal_reason",
                                                 "appraisal_justification", "eligibility", "eligible_by_rules",
                                                 "eligibility_regime",
                                                 "updated_at"])
    _bump(nomination, [])
    log_action("awards.nomination.appraised", actor=by, target=nomination, data={"items": [
        {"item": i.pk, "eligible": i.appraisal_eligible, "reason": i.appraisal_reason,
         "justification": i.appraisal_justification, "rules_passed": i.eligible_by_rules} for i in changed]})
    return nomination


# ── decisions and the registry ───────────────────────────────────────────────────────────────────────────────


def _recipient(item) -> tuple[str, int | None]:
    if item.person_id:
        return item.person.full_name, item.unit_id or item.nomination.unit_id
    return item.unit.name, item.unit_id


def decidable(by, item_ids: list[int], *, decision: Decision | None = None) -> tuple[list[NominationItem],
                                                                                   Unit | None]:
    """The nominees a decision may grant, locked, and its issuer: approved, eligible nominees (not voted down) with
    no award yet and in no other decision, all of one issuer — a unit for its own titles (its staff prepare it), else
    the province (the council office prepares it)."""
    ids = sorted(set(item_ids or []))
    if not ids:
        raise ValidationError({"item_ids": [_("Choose the nominees the decision grants.")]})
    found = list(NominationItem.objects.select_for_update(of=("self",)).filter(pk__in=ids)
                 .select_related("nomination__unit", "person", "unit", "award_type").order_by("id"))
    problems = [str(i) for i in sorted(set(ids) - {item.pk for item in found})]
    if problems:
        raise ValidationError({"item_ids": [_("Unknown nominees: %(ids)s") % {"ids": ", ".join(problems)}]})
    issuers = {item.nomination.unit if item.nomination.route == Route.UNIT else None for item in found}
    if len(issuers) > 1:
        raise ValidationError({"item_ids": [_("A decision is one authority's: a unit's own titles and the "
                                              "province's go in separate decisions.")]})
    issuer = issuers.pop()
    if issuer is None:
        require_council_office(by)
    elif by is not None and issuer.pk not in access_of(by).staff_unit_ids:
        raise PermissionDenied(_("Only the staff of %(unit)s prepare its decisions.") % {"unit": issuer.name})
    bad = [item for item in found if item.nomination.status != S.APPROVED or item.appraisal_eligible is not True
           or item.council_passed is False]
    if bad:
        raise ValidationError({"item_ids": [_("Only eligible nominees of approved dossiers (and, where the council "
                                              "votes, who passed its vote) can be decided: %(ids)s") % {
            "ids": ", ".join(str(i.pk) for i in bad)}]})
    if Award.objects.filter(nomination_item_id__in=ids).exists():
        raise ValidationError({"item_ids": [_("Some of these nominees already have their decision.")]})
    elsewhere = [item for item in found if item.decision_id and (decision is None or item.decision_id != decision.pk)]
    if elsewhere:
        raise ValidationError({"item_ids": [_("Some of these nominees are in a decision waiting for signature: "
                                              "%(ids)s") % {"ids": ", ".join(str(i.pk) for i in elsewhere)}]})
    return found, issuer


def default_authority(found: list[NominationItem], issuer: Unit | None) -> str:
    """A unit's decision is its head's; the province's is the authority of its highest-level title or form (the
    Chairman's decision may also grant a grassroots title to a collective under the province)."""
    if issuer is not None:
        return _("Head of %(unit)s") % {"unit": issuer.name}
    highest = max(found, key=lambda item: LEVEL_ORDER.index(item.award_type.level))
    return highest.award_type.issuing_authority


def grant(*, by, decision: Decision, found: list[NominationItem]) -> list[Award]:
    """Each nominee of an issued decision becomes an Award; decided dossiers close; the proposers are told."""
    awards = []
    for item in found:
        name, unit_id = _recipient(item)
        awards.append(Award(
            award_type=item.award_type, person_id=item.person_id, unit_id=unit_id, year=item.nomination.year,
            kind=item.nomination.kind, campaign_id=item.nomination.campaign_id, decision=decision,
            decision_reference=decision.reference, nomination_item=item, recipient_name=name,
            print_text=item.print_text, search_text=fold(name)))
    Award.objects.bulk_create(awards)
    awards = list(Award.objects.filter(decision=decision).order_by("id"))
    tallies.refresh(awards)
    log_actions("awards.award.granted", actor=by, items=[
        (a, {"decision": decision.pk, "item": a.nomination_item_id, "award_type": a.award_type_id,
             "year": a.year}) for a in awards])
    _close_decided({item.nomination_id for item in found}, by)
    _notify_decided(decision, {item.nomination for item in found})
    return awards


def _notify_decided(decision: Decision, nominations) -> None:
    from .notices import decision_issued

    decision_issued(decision, nominations)


@transaction.atomic
def decision_create(*, by, number: str, symbol: str, signed_on: datetime.date, signer_name: str,
                    signer_title: str, items: list[int], issuing_authority: str = "", scan=None,
                    proposal_number: str = "", proposal_on=None) -> Decision:
    """A decision signed on paper, recorded with its scan (required of a user; the system's imports of past
    decisions may have none): issued as it is recorded, each nominee becoming an Award in the registry. Decisions
    signed in the system go through ``signing``."""
    errors = {}
    for name, value in {"number": number, "symbol": symbol, "signer_name": signer_name,
                        "signer_title": signer_title}.items():
        if not (value or "").strip():
            errors[name] = [_("This field is required.")]
    if not items:
        errors["item_ids"] = [_("Choose the nominees the decision grants.")]
    if not isinstance(signed_on, datetime.date):
        errors["signed_on"] = [_("Enter a date.")]
    elif signed_on > timezone.localdate():
        errors["signed_on"] = [_("A decision cannot be signed in the future.")]
    if scan is None and by is not None:
        errors["scan"] = [_("Attach the scan of the signed decision.")]
    if errors:
        raise ValidationError(errors)
    found, issuer = decidable(by, items)
    if Decision.objects.filter(number=number.strip(), symbol=symbol.strip(), signed_on=signed_on).exists():
        raise ValidationError({"number": [_("A decision with this number and symbol already exists.")]})
    decision = Decision(
        number=number.strip(), symbol=symbol.strip(), signed_on=signed_on, signer_name=signer_name.strip(),
        signer_title=signer_title.strip(), issuer_unit=issuer, year=signed_on.year,
        issuing_authority=issuing_authority.strip() or default_authority(found, issuer),
        proposal_number=(proposal_number or "").strip()[:60], proposal_on=proposal_on,
        created_by=by if getattr(by, "pk", None) else None)
    if scan is not None:
        kind, digest = check_document_upload(scan)
        decision.scan.save(f"{digest[:16]}.{kind.extension}", scan, save=False)
    decision.save()
    awards = grant(by=by, decision=decision, found=found)
    log_action("awards.decision.created", actor=by, target=decision, data={
        "reference": decision.reference, "signed_on": signed_on, "signer": decision.signer_name,
        "items": [i.pk for i in found], "awards": [a.pk for a in awards], "scan": bool(scan)})
    return decision


def _close_decided(nomination_ids: set[int], by) -> None:
    for nomination in Nomination.objects.select_for_update().filter(pk__in=nomination_ids, status=S.APPROVED):
        # A nominee the council voted down gets no decision: it does not hold the dossier open.
        waiting = nomination.items.filter(appraisal_eligible=True, award__isnull=True).exclude(
            council_passed=False).exists()
        if not waiting:
            nomination.status = S.DECIDED
            _bump(nomination, ["status"])
            log_action("awards.nomination.transition", actor=by, target=nomination,
                       data={"from": S.APPROVED, "to": S.DECIDED})


@transaction.atomic
def award_register(*, by, award_type: AwardType, year: int, decision_reference: str, person: Person | None = None,
                   unit: Unit | None = None, kind: str = CommendationKind.MERIT, print_text: str = "") -> Award:
    """An award decided outside the system (earlier years, other authorities), entered into the registry so that
    rules and lookups see it."""
    require_council_office(by)
    year = _check_year(year)
    _choice(kind, CommendationKind, "kind")
    if award_type.recipient == Recipient.PERSON and person is None:
        raise ValidationError({"person_id": [_("%(title)s is awarded to a person: choose one.") % {
            "title": award_type.name}]})
    if award_type.recipient != Recipient.PERSON and (person is not None or unit is None):
        raise ValidationError({"unit_id": [_("%(title)s is awarded to a collective: choose a unit.") % {
            "title": award_type.name}]})
    if not (decision_reference or "").strip():
        raise ValidationError({"decision_reference": [_("Give the reference of the decision.")]})
    name = person.full_name if person else unit.name
    award = Award.objects.create(award_type=award_type, person=person, unit=unit, year=year, kind=kind,
                                 decision_reference=decision_reference.strip(), recipient_name=name,
                                 print_text=(print_text or "").strip(), search_text=fold(name))
    tallies.refresh([award])
    log_action("awards.award.registered", actor=by, target=award, data={
        "award_type": award_type.code, "year": year, "person": person, "unit": unit,
        "decision": award.decision_reference})
    return award


@transaction.atomic
def award_revoke(*, by, award: Award, reason: str) -> Award:
    """Revocation (for example a false declaration) keeps the record, marked revoked, with the reason."""
    require_council_office(by)
    award = Award.objects.select_for_update().get(pk=award.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for revoking the award.")]})
    if award.status == AwardStatus.REVOKED:
        raise ValidationError(_("This award is already revoked."))
    award.status = AwardStatus.REVOKED
    award.revoked_at = timezone.now()
    award.revoked_by = by if getattr(by, "pk", None) else None
    award.revocation_reason = reason
    award.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason", "updated_at"])
    tallies.refresh([award])
    log_action("awards.award.revoked", actor=by, target=award, data={"reason": reason})
    return award
