"""Writes for indicators, targets and progress entries. Each checks permission, runs in one transaction and audits.

Who may write:

- the council office defines indicators, sets targets (approved at once, in bulk or one by one) and decides on
  pledges; it may also record values for any unit;
- a unit's clerk or head pledges its own targets (waiting for approval) and records its own values;
- values are recorded only for approved targets, while the campaign is running.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import access_of
from thidua.campaigns.enums import CampaignStatus
from thidua.campaigns.models import Campaign, ContentArea
from thidua.campaigns.selectors.plan import campaign_participants
from thidua.core.audit import changes, log_action, log_actions, snapshot
from thidua.core.bulk import db_datetime, db_json, insert_rows, update_rows
from thidua.core.exceptions import StaleVersion
from thidua.core.files import check_document_upload
from thidua.core.numbers import to_decimal as parse_decimal
from thidua.core.permissions import require_council_office, require_staff_or_office
from thidua.org.models import Unit

from . import progress, rollups
from .enums import Aggregation, Direction, EntrySource, Frequency, TargetApproval, TargetOrigin
from .import_check import NOTE_LIMIT, ImportPlan, ImportRejected, progress_import_check
from .models import Indicator, ProgressEntry, Target

INDICATOR_FIELDS = ["content_area", "code", "name", "unit_of_measure", "direction", "aggregation", "frequency",
                    "description", "min_value", "max_value"]
TARGET_FIELDS = ["baseline", "baseline_on", "target_value", "due_on", "approval"]


# ── checks ───────────────────────────────────────────────────────────────────────────────────────────────────


_require_office = require_council_office




def _require_editable(campaign: Campaign) -> None:
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.LAUNCHED):
        raise ValidationError(_("The campaign is no longer running: its indicators and targets are frozen."))


def _require_running(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.LAUNCHED:
        raise ValidationError(_("The campaign is not running: values can no longer be recorded."))


def to_decimal(value, *, field: str) -> Decimal:
    """A number within what the database keeps (14 digits before the point, 4 after)."""
    return parse_decimal(value, field=field, limit=progress.VALUE_LIMIT, step=progress.VALUE_STEP)


def _check_goal(*, direction: str, baseline: Decimal, target_value: Decimal, baseline_on: datetime.date,
                due_on: datetime.date) -> None:
    errors = {}
    if direction == Direction.HIGHER_BETTER and target_value < baseline:
        errors["target_value"] = _("Higher is better: the target cannot be below the baseline.")
    if direction == Direction.LOWER_BETTER and target_value > baseline:
        errors["target_value"] = _("Lower is better: the target cannot be above the baseline.")
    if due_on <= baseline_on:
        errors["due_on"] = _("The due date must come after the baseline date.")
    if errors:
        raise ValidationError(errors)


def _participant_ids(campaign: Campaign) -> set[int]:
    return {p.unit_id for p in campaign_participants(campaign=campaign)}


def default_baseline_on(campaign: Campaign) -> datetime.date:
    """The campaign's start, or the first day of its year when the plan gives none."""
    return campaign.starts_on or datetime.date(campaign.year, 1, 1)


def default_due_on(campaign: Campaign) -> datetime.date:
    return campaign.ends_on or datetime.date(campaign.year, 12, 31)


# ── indicators ──────────────────────────────────────────────────────────────────────────────────────────────


def _clean_indicator(campaign: Campaign, data: dict, *, exclude_pk: int | None = None) -> dict:
    errors = {}
    area = data.get("content_area")
    if not isinstance(area, ContentArea) or area.campaign_id != campaign.pk:
        errors["content_area"] = _("Choose one of this campaign's content areas.")
    for name, limit in (("code", 40), ("name", 300), ("unit_of_measure", 40)):
        value = (data.get(name) or "").strip()
        data[name] = value
        if not value:
            errors[name] = _("This field is required.")
        elif len(value) > limit:
            errors[name] = _("At most %(n)s characters.") % {"n": limit}
    for name, choices in (("direction", Direction), ("aggregation", Aggregation), ("frequency", Frequency)):
        if data.get(name) not in choices.values:
            errors[name] = _("Choose one of the listed values.")
    if "code" not in errors:
        from thidua.campaigns.models import CODE_VALIDATOR

        try:
            CODE_VALIDATOR(data["code"])
        except ValidationError as exc:
            errors["code"] = exc.messages[0]
    clash = Indicator.objects.filter(campaign=campaign, code__iexact=data.get("code", ""))
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if "code" not in errors and clash.exists():
        errors["code"] = _("This campaign already has an indicator with this code.")
    data["description"] = (data.get("description") or "").strip()
    for name in ("min_value", "max_value"):
        if data.get(name) in (None, ""):
            data[name] = None
            continue
        try:
            data[name] = to_decimal(data[name], field=name)
        except ValidationError as exc:
            errors[name] = exc.messages[0]
    if data.get("min_value") is not None and data.get("max_value") is not None and "max_value" not in errors \
            and data["min_value"] > data["max_value"]:
        errors["max_value"] = _("The highest plausible value must not be below the lowest.")
    if errors:
        raise ValidationError(errors)
    return data


def _check_value_range(indicator: Indicator, value: Decimal) -> Decimal:
    """``value`` if it lies in the indicator's plausible range (0–100 for a percentage), else a clear refusal."""
    problem = progress.out_of_range(value, *progress.value_range(
        unit_of_measure=indicator.unit_of_measure, min_value=indicator.min_value, max_value=indicator.max_value))
    if problem:
        raise ValidationError({"value": problem})
    return value


@transaction.atomic
def indicator_create(
    *, by, campaign: Campaign, content_area: ContentArea, code: str, name: str, unit_of_measure: str,
    direction: str, aggregation: str = Aggregation.LAST, frequency: str = Frequency.MONTHLY, description: str = "",
    min_value=None, max_value=None,
) -> Indicator:
    """The office adds an indicator under one of the campaign's content areas."""
    _require_office(by)
    _require_editable(campaign)
    data = _clean_indicator(campaign, {
        "content_area": content_area, "code": code, "name": name, "unit_of_measure": unit_of_measure,
        "direction": direction, "aggregation": aggregation, "frequency": frequency, "description": description,
        "min_value": min_value, "max_value": max_value,
    })
    indicator = Indicator.objects.create(campaign=campaign, **data)
    log_action("indicators.indicator.created", actor=by, target=indicator,
               data={"after": snapshot(indicator, INDICATOR_FIELDS)})
    return indicator


@transaction.atomic
def indicator_update(*, by, indicator: Indicator, **fields) -> Indicator:
    """The office changes an indicator; a new direction or combining rule re-evaluates every target under it."""
    _require_office(by)
    indicator = Indicator.objects.select_for_update().select_related("campaign").get(pk=indicator.pk)
    _require_editable(indicator.campaign)
    before = snapshot(indicator, INDICATOR_FIELDS)
    data = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
    data.update({k: v for k, v in fields.items() if k in INDICATOR_FIELDS})
    data = _clean_indicator(indicator.campaign, data, exclude_pk=indicator.pk)
    if data["direction"] != indicator.direction and indicator.targets.exists():
        for target in indicator.targets.all():
            _check_goal(direction=data["direction"], baseline=target.baseline, target_value=target.target_value,
                        baseline_on=target.baseline_on, due_on=target.due_on)
    target_ids = list(indicator.targets.values_list("pk", flat=True))
    moved = rollups.keys_of(target_ids) if data["content_area"] != indicator.content_area else set()
    for name, value in data.items():
        setattr(indicator, name, value)
    indicator.save()
    diff = changes(before, snapshot(indicator, INDICATOR_FIELDS))
    if {"direction", "aggregation"} & set(diff):
        _refresh_targets(target_ids, bump_version=True)
    if {"direction", "aggregation", "content_area"} & set(diff):
        rollups.refresh(moved | rollups.keys_of(target_ids))
    log_action("indicators.indicator.updated", actor=by, target=indicator, data={"changes": diff})
    return indicator


# ── targets ─────────────────────────────────────────────────────────────────────────────────────────────────


def _goal_values(campaign: Campaign, indicator: Indicator, *, baseline, target_value, due_on, baseline_on) -> dict:
    errors = {}
    values = {}
    for name, raw in (("baseline", baseline), ("target_value", target_value)):
        try:
            values[name] = to_decimal(raw, field=name)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    for name, raw in (("due_on", due_on), ("baseline_on", baseline_on)):
        if not isinstance(raw, datetime.date):
            errors[name] = _("Enter a valid date.")
        values[name] = raw
    if errors:
        raise ValidationError(errors)
    _check_goal(direction=indicator.direction, **values)
    return values


def _check_version(target: Target, version: int | None) -> None:
    if version is not None and int(version) != target.version:
        raise StaleVersion(
            _("Someone changed this target after you opened it (now version %(now)s, yours %(yours)s). "
              "Look at the latest values and try again.") % {"now": target.version, "yours": version},
            current_version=target.version,
        )


def _locked(target: Target) -> Target:
    return Target.objects.select_for_update().select_related("indicator__campaign", "unit").get(pk=target.pk)


@transaction.atomic
def target_set(
    *, by, indicator: Indicator, unit: Unit, baseline, target_value, due_on: datetime.date | None = None,
    baseline_on: datetime.date | None = None, version: int | None = None,
) -> Target:
    """The office sets (or changes) a unit's target; it is approved at once. A changed goal re-evaluates it."""
    _require_office(by)
    return _set_one(by=by, indicator=indicator, unit=unit, baseline=baseline, target_value=target_value,
                    due_on=due_on, baseline_on=baseline_on, version=version, origin=TargetOrigin.ASSIGNED)


def _set_one(*, by, indicator, unit, baseline, target_value, due_on, baseline_on, version, origin,
             participants: set[int] | None = None) -> Target:
    campaign = indicator.campaign
    _require_editable(campaign)
    if unit.pk not in (participants if participants is not None else _participant_ids(campaign)):
        raise ValidationError(_("%(unit)s does not take part in this campaign.") % {"unit": unit.name})
    existing = Target.objects.select_for_update().filter(indicator=indicator, unit=unit).first()
    # Dates left out keep the target's own (a new target gets the campaign's).
    values = _goal_values(campaign, indicator, baseline=baseline, target_value=target_value,
                          due_on=due_on or (existing.due_on if existing else default_due_on(campaign)),
                          baseline_on=baseline_on or (existing.baseline_on if existing else
                                                      default_baseline_on(campaign)))
    approval = TargetApproval.APPROVED if origin == TargetOrigin.ASSIGNED else TargetApproval.PENDING
    if existing is None:
        target = Target.objects.create(indicator=indicator, unit=unit, origin=origin, approval=approval,
                                       decided_by=by if approval == TargetApproval.APPROVED else None, **values)
        log_action("indicators.target.created", actor=by, target=target,
                   data={"after": snapshot(target, TARGET_FIELDS), "origin": origin})
        return target
    _check_version(existing, version)
    if origin == TargetOrigin.PLEDGED and existing.approval == TargetApproval.APPROVED:
        raise ValidationError(_("This target is already approved; ask the council office to change it."))
    before = snapshot(existing, TARGET_FIELDS)
    for name, value in values.items():
        setattr(existing, name, value)
    existing.approval = approval
    existing.origin = origin if origin == TargetOrigin.PLEDGED else existing.origin
    existing.decided_by = by if approval == TargetApproval.APPROVED else None
    existing.save()
    _refresh_targets([existing.pk], bump_version=True)
    rollups.refresh_targets([existing.pk])
    existing.refresh_from_db()
    log_action("indicators.target.updated", actor=by, target=existing,
               data={"changes": changes(before, snapshot(existing, TARGET_FIELDS))})
    return existing


@transaction.atomic
def targets_set_bulk(*, by, indicator: Indicator, rows: list[dict]) -> list[Target]:
    """The office sets many units' targets for one indicator at once: all or nothing.

    ``rows`` are ``{"unit_id", "baseline", "target_value", "due_on"}``; a row with no baseline and no target is
    skipped. Errors are raised together, keyed ``"row N: field"``.
    """
    _require_office(by)
    _require_editable(indicator.campaign)
    participants = _participant_ids(indicator.campaign)
    units = Unit.objects.in_bulk([r["unit_id"] for r in rows if r.get("unit_id")])
    existing = {t.unit_id: t for t in Target.objects.filter(indicator=indicator, unit_id__in=list(units))}
    errors: dict[str, list[str]] = {}
    planned = []
    for number, row in enumerate(rows, start=1):
        if row.get("baseline") in (None, "") and row.get("target_value") in (None, ""):
            continue
        unit = units.get(row.get("unit_id"))
        if unit is None or unit.pk not in participants:
            errors[f"row {number}"] = [_("This unit does not take part in this campaign.")]
            continue
        current = existing.get(unit.pk)
        try:
            values = _goal_values(
                indicator.campaign, indicator, baseline=row.get("baseline"), target_value=row.get("target_value"),
                due_on=row.get("due_on") or (current.due_on if current else default_due_on(indicator.campaign)),
                baseline_on=row.get("baseline_on") or (current.baseline_on if current
                                                       else default_baseline_on(indicator.campaign)),
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"{unit.name}: {field}"] = messages
            continue
        if current is not None and current.approval == TargetApproval.APPROVED and all(
                getattr(current, name) == value for name, value in values.items()):
            continue  # unchanged: no new version, no event
        planned.append((unit, values))
    if errors:
        raise ValidationError(errors)
    # New targets in one insert (each audited); changed ones one by one, as a single change would be.
    created = Target.objects.bulk_create([
        Target(indicator=indicator, unit=unit, origin=TargetOrigin.ASSIGNED, approval=TargetApproval.APPROVED,
               decided_by=by, **values)
        for unit, values in planned if unit.pk not in existing
    ])
    log_actions("indicators.target.created", actor=by, label=lambda t: f"{indicator.code} – {t.unit.name}", items=[
        (t, {"after": snapshot(t, TARGET_FIELDS), "origin": TargetOrigin.ASSIGNED, "bulk": True}) for t in created
    ])
    changed = [
        _set_one(by=by, indicator=indicator, unit=unit, version=None, origin=TargetOrigin.ASSIGNED,
                 participants=participants, **values)
        for unit, values in planned if unit.pk in existing
    ]
    return created + changed



@transaction.atomic
def target_pledge(
    *, by, indicator: Indicator, unit: Unit, baseline, target_value, due_on: datetime.date | None = None,
    version: int | None = None,
) -> Target:
    """A unit registers its own target (its pledge); it waits for the office's approval."""
    require_staff_or_office(by, unit.pk)
    if by is not None and access_of(by).is_council_office and unit.pk not in access_of(by).staff_unit_ids:
        raise PermissionDenied(_("A pledge comes from the unit itself; the office sets targets directly."))
    return _set_one(by=by, indicator=indicator, unit=unit, baseline=baseline, target_value=target_value,
                    due_on=due_on, baseline_on=None, version=version, origin=TargetOrigin.PLEDGED)


@transaction.atomic
def target_decide(*, by, target: Target, approve: bool, reason: str = "", version: int | None = None) -> Target:
    """The office approves a pledged target, or rejects it with a reason (the unit may pledge again)."""
    _require_office(by)
    target = _locked(target)
    _check_version(target, version)
    _require_editable(target.indicator.campaign)
    if target.approval != TargetApproval.PENDING:
        raise ValidationError(_("Only a target waiting for approval can be approved or rejected."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Give the reason for rejecting the pledge.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("At most %(n)s characters.") % {"n": 500}})
    target.approval = TargetApproval.APPROVED if approve else TargetApproval.REJECTED
    target.decided_by = by
    target.decision_reason = reason
    target.version = F("version") + 1
    target.save(update_fields=["approval", "decided_by", "decision_reason", "version", "updated_at"])
    rollups.refresh_targets([target.pk])
    target.refresh_from_db()
    log_action("indicators.target.approved" if approve else "indicators.target.rejected", actor=by, target=target,
               data={"reason": reason} if reason else {})
    return target


# ── progress ────────────────────────────────────────────────────────────────────────────────────────────────


def check_period(target: Target, period_end, *, today: datetime.date) -> datetime.date:
    if not isinstance(period_end, datetime.date) or isinstance(period_end, datetime.datetime):
        raise ValidationError({"period_end": _("Enter a valid date.")})
    if period_end > today:
        raise ValidationError({"period_end": _("The period cannot end in the future.")})
    if period_end <= target.baseline_on:
        raise ValidationError({"period_end": _("The period must end after the baseline date (%(date)s).")
                               % {"date": f"{target.baseline_on:%d/%m/%Y}"}})
    if period_end > target.due_on:
        raise ValidationError({"period_end": _("The period cannot end after the target's due date (%(date)s).")
                               % {"date": f"{target.due_on:%d/%m/%Y}"}})
    return period_end


def check_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise ValidationError({"note": _("At most %(n)s characters.") % {"n": NOTE_LIMIT}})
    return note


@transaction.atomic
def progress_record(
    *, by, target: Target, period_end: datetime.date, value, note: str = "", version: int, evidence=None,
    source: str = EntrySource.FORM, today: datetime.date | None = None,
) -> ProgressEntry:
    """A clerk records the value for the period ending ``period_end``: a new entry, or a correction replacing the
    current one for that period (kept in the history). ``version`` must be the target's version the clerk saw."""
    target = _locked(target)
    require_staff_or_office(by, target.unit_id)
    _check_version(target, version)
    _require_running(target.indicator.campaign)
    if target.approval != TargetApproval.APPROVED:
        raise ValidationError(_("Values are recorded only for approved targets."))
    errors = {}
    checked = {}
    for name, check in (
        ("period_end", lambda: check_period(target, period_end, today=today or timezone.localdate())),
        ("value", lambda: _check_value_range(target.indicator, to_decimal(value, field="value"))),
        ("note", lambda: check_note(note)),
    ):
        try:
            checked[name] = check()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    digest = ""
    if evidence is not None:
        try:
            _kind, digest = check_document_upload(evidence)
        except ValidationError as exc:
            errors["evidence"] = exc.messages
    if errors:
        raise ValidationError(errors)
    previous = ProgressEntry.objects.filter(target=target, period_end=checked["period_end"], is_current=True).first()
    if previous is not None:
        ProgressEntry.objects.filter(pk=previous.pk).update(is_current=False)
    entry = ProgressEntry(target=target, period_end=checked["period_end"], value=checked["value"],
                          note=checked["note"], entered_by=by if getattr(by, "pk", None) else None, source=source,
                          replaces=previous)
    if evidence is not None:
        entry.evidence_name = evidence.name[:255]
        entry.evidence_sha256 = digest
        entry.evidence.save(f"{digest[:16]}-{timezone.now():%Y%m%d%H%M%S}", evidence, save=False)
    entry.save()
    before = {"status": target.status, "completion": target.completion, "current_value": target.current_value}
    _refresh_targets([target.pk], bump_version=True)
    rollups.refresh_targets([target.pk], since=entry.period_end)
    target.refresh_from_db()
    log_action("indicators.progress.recorded", actor=by, target=target, data={
        "entry": entry.pk, "period_end": entry.period_end, "value": [previous.value if previous else None,
                                                                     entry.value],
        "note": entry.note, "source": source,
        "changes": changes(before, {"status": target.status, "completion": target.completion,
                                    "current_value": target.current_value}),
    })
    entry.refresh_from_db()
    return entry


@dataclass(slots=True)
class NewEntry:
    """An imported value on its way into the database (lighter than a model instance)."""

    target_id: int
    period_end: datetime.date
    value: Decimal
    note: str
    replaces_id: int | None
    row: int
    completion: Decimal | None = None


#: Above this many targets, one query over the whole campaign is cheaper than lists of ids.
WIDE = 2000


def _in_parts(queryset, ids: list[int], *, field: str, campaign_field: str, campaign: Campaign | None):
    """The queryset restricted to ``ids``: in slices of 2,000 ids, or, for many ids of one campaign, one query
    over the campaign (the caller keeps only the rows it asked for)."""
    if campaign is not None and len(ids) > WIDE:
        yield queryset.filter(**{campaign_field: campaign})
        return
    for start in range(0, len(ids), WIDE):
        yield queryset.filter(**{f"{field}__in": ids[start:start + WIDE]})


def _advance_targets(new_entries: list[NewEntry], replaced: dict, campaign: Campaign | None = None) -> list[int]:
    """Move targets forward by new entries without reading their history, when that gives the same result as
    ``_refresh_targets``: each new period is after the target's latest one, or replaces the latest one (the latest
    value, the sum and the mean then move forward from what is kept or summed in SQL). Sets each new entry's
    completion and saves the targets (version + 1). Returns the targets that need a full re-evaluation (back-filled
    periods)."""
    by_target: dict[int, list[NewEntry]] = {}
    for entry in new_entries:
        by_target.setdefault(entry.target_id, []).append(entry)
    rescan: list[int] = []
    ids = sorted(by_target)
    # For means: the sum and count of each target's current values, computed in SQL (replaced values are already
    # marked, so they are left out), to which the new values are added as ``evaluate`` would.
    sums: dict[int, tuple[Decimal, int]] = {}
    means = ProgressEntry.objects.filter(is_current=True, target__indicator__aggregation=Aggregation.AVERAGE)
    for part in _in_parts(means, ids, field="target_id", campaign_field="target__indicator__campaign",
                          campaign=campaign):
        for target_id, total, number in part.values("target_id").annotate(
                total=Sum("value"), number=Count("pk")).values_list("target_id", "total", "number").order_by():
            sums[target_id] = (Decimal(total).quantize(progress.VALUE_STEP), number)
    # The caller (``progress_import``) has locked these targets already.
    for part in _in_parts(Target.objects.all(), ids, field="pk", campaign_field="indicator__campaign",
                          campaign=campaign):
        rows = []
        for (pk, baseline, baseline_on, target_value, due_on, version, current, last, count, direction,
             aggregation) in part.values_list(
                "pk", "baseline", "baseline_on", "target_value", "due_on", "version", "current_value",
                "last_period_end", "entry_count", "indicator__direction", "indicator__aggregation"):
            if pk not in by_target:
                continue
            entries = sorted(by_target[pk], key=lambda e: e.period_end)
            if last is not None and entries[0].period_end < last:
                rescan.append(pk)
                continue
            goal = progress.Goal(direction=direction, aggregation=aggregation, baseline=baseline,
                                 target=target_value, baseline_on=baseline_on, due_on=due_on)
            total, number = sums.get(pk, (Decimal(0), 0))
            for entry in entries:
                old = replaced.get((pk, entry.period_end))
                if aggregation == Aggregation.SUM:
                    current = (current or Decimal(0)) - (old[1] if old else Decimal(0)) + entry.value
                elif aggregation == Aggregation.AVERAGE:
                    total, number = total + entry.value, number + 1
                    current = total / number
                else:
                    current = entry.value
                if not old:
                    count += 1
                last = entry.period_end
                entry.completion = progress.completion(direction=goal.direction, baseline=goal.baseline,
                                                       target=goal.target, value=current)
            current = progress.bounded(current)
            status, projected = progress.judge(goal, current=current, last=last)
            rows.append((current, last, count, entries[-1].completion, projected, status, version + 1, pk))
        update_rows(Target, ["current_value", "last_period_end", "entry_count", "completion", "projected_value",
                              "status", "version"], rows)
    return rescan


def _refresh_targets(target_ids: list[int], *, bump_version: bool) -> int:
    """Re-evaluate targets from their current entries and keep the results on the rows (and on each entry, its
    completion as of its period). Called inside the writers' transactions; reads in chunks of 2,000 targets."""
    updated = 0
    for start in range(0, len(target_ids), 2000):
        chunk = target_ids[start:start + 2000]
        targets = {
            t.pk: t for t in Target.objects.filter(pk__in=chunk).select_for_update(of=("self",))
            .select_related("indicator").only(
                "baseline", "baseline_on", "target_value", "due_on", "version", "current_value", "last_period_end",
                "entry_count", "completion", "projected_value", "status", "indicator__direction",
                "indicator__aggregation",
            )
        }
        entries: dict[int, list[tuple]] = {pk: [] for pk in targets}
        for row in (ProgressEntry.objects.filter(target_id__in=chunk, is_current=True)
                    .values_list("target_id", "period_end", "value", "pk", "completion")):
            entries[row[0]].append(row[1:])
        changed_entries = []
        for pk, target in targets.items():
            rows = sorted(entries[pk])
            goal = progress.Goal(
                direction=target.indicator.direction, aggregation=target.indicator.aggregation,
                baseline=target.baseline, target=target.target_value, baseline_on=target.baseline_on,
                due_on=target.due_on,
            )
            result = progress.evaluate(goal, [(row[0], row[1]) for row in rows])
            for (_period, _value, entry_pk, stored), computed in zip(rows, result.series, strict=True):
                if stored != computed:
                    changed_entries.append(ProgressEntry(pk=entry_pk, completion=computed))
            target.current_value = result.current_value
            target.last_period_end = result.last_period_end
            target.entry_count = result.entry_count
            target.completion = result.completion
            target.projected_value = result.projected_value
            target.status = result.status
            if bump_version:
                target.version += 1
        update_rows(
            Target, ["current_value", "last_period_end", "entry_count", "completion", "projected_value", "status",
                     "version"],
            [(t.current_value, t.last_period_end, t.entry_count, t.completion, t.projected_value, t.status,
              t.version, t.pk) for t in targets.values()],
        )
        update_rows(ProgressEntry, ["completion"], [(e.completion, e.pk) for e in changed_entries])
        updated += len(targets)
    return updated


# ── Excel import ────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def progress_import_start(*, by, campaign: Campaign, file) -> Job:  # noqa: F821
    """Check the upload (size, real XLSX) and queue the import; the worker reads, checks and writes it."""
    import uuid
    import zipfile

    from django.core.files.storage import default_storage
    from django.template.defaultfilters import filesizeformat

    from thidua.core.files import OfficeFileRefused, check_office_zip, max_upload_bytes
    from thidua.core.jobs import job_start

    from .spreadsheet import is_xlsx

    access = access_of(by)
    if not (access.is_council_office or access.staff_unit_ids):
        raise PermissionDenied(_("Only the council office or a unit's clerk may import values."))
    _require_running(campaign)
    if file is None or not file.size:
        raise ValidationError({"file": _("Choose a file to send.")})
    if file.size > max_upload_bytes():
        raise ValidationError({"file": _("The file is %(size)s; the limit is %(limit)s.") % {
            "size": filesizeformat(file.size), "limit": filesizeformat(max_upload_bytes())}})
    file.seek(0)
    if file.read(4) != b"PK\x03\x04" or not zipfile.is_zipfile(file):  # is_zipfile reads the ZIP's end record only
        raise ValidationError({"file": _("The file is not an Excel workbook (.xlsx), whatever its name says.")})
    # A hostile package (a ZIP bomb, millions of declared cells) is refused here, before it reaches the worker.
    try:
        check_office_zip(file, "xlsx")
    except OfficeFileRefused as exc:
        raise ValidationError({"file": exc.messages}) from None
    if not is_xlsx(file):
        raise ValidationError({"file": _("The file is not an Excel workbook (.xlsx), whatever its name says.")})
    file.seek(0)
    path = default_storage.save(f"imports/{campaign.pk}/{uuid.uuid4().hex}.xlsx", file)
    job = job_start(by=by, kind="indicators.progress_import",
                    params={"campaign_id": campaign.pk, "path": path, "file_name": (file.name or "")[:200]})
    log_action("indicators.progress.import_queued", actor=by, target=campaign,
               data={"job": job.pk, "file_name": (file.name or "")[:200], "size": file.size})
    return job


@transaction.atomic
def progress_import(*, by, campaign: Campaign, rows: list, job=None, today: datetime.date | None = None,
                    on_progress=None, checked: ImportPlan | None = None) -> dict:
    """Write the checked rows of an import (``spreadsheet.SheetRow``): all or nothing.

    The rows are checked by ``import_check.progress_import_check``: the worker calls it before this transaction
    opens and passes its plan as ``checked`` (then the lock is held for the writes only); without one they are
    checked here. Inside, the targets are locked and re-read (a target unapproved since the check rejects the
    file), then, in a constant number of statements per 2,000 rows: replaced entries are marked, new entries are
    inserted, the targets are re-evaluated, and one audit event per value records who changed what from what.
    """
    _require_running(campaign)
    today = today or timezone.localdate()
    on_progress = on_progress or (lambda percent: None)
    plan = checked if checked is not None else progress_import_check(by=by, campaign=campaign, rows=rows,
                                                                      today=today)
    accepted, seen, labels = plan.accepted, plan.seen, plan.labels
    on_progress(10)

    target_ids = sorted({pk for pk, _row in accepted})
    periods = {row.period_end for _pk, row in accepted}
    replaced: dict[tuple[int, datetime.date], tuple[int, Decimal]] = {}
    # Lock the targets first, so the replaced values read next cannot change before they are written.
    wanted = set(target_ids)
    unapproved = []
    for part in _in_parts(Target.objects.select_for_update(), target_ids, field="pk",
                          campaign_field="indicator__campaign", campaign=campaign):
        unapproved += [pk for pk, approval in part.values_list("pk", "approval")
                       if pk in wanted and approval != TargetApproval.APPROVED]
    if unapproved:
        rows_of = {pk: row.row for pk, row in accepted}
        raise ImportRejected(_("Nothing was saved: the file has errors."), [
            {"row": rows_of[pk], "column": None,
             "message": _("This target is not approved yet: values cannot be entered.")} for pk in unapproved[:200]])
    for part in _in_parts(ProgressEntry.objects.filter(is_current=True, period_end__in=periods), target_ids,
                          field="target_id", campaign_field="target__indicator__campaign", campaign=campaign):
        for entry_pk, target_id, period_end, value in part.values_list("pk", "target_id", "period_end", "value"):
            if (target_id, period_end) in seen:
                replaced[(target_id, period_end)] = (entry_pk, value)
    update_rows(ProgressEntry, ["is_current"], [(False, entry_pk) for entry_pk, _value in replaced.values()])
    on_progress(20)
    actor_id = by.pk if getattr(by, "pk", None) else None
    new_entries = [
        NewEntry(pk, row.period_end, row.value.quantize(progress.VALUE_STEP), row.note,
                 replaced.get((pk, row.period_end), (None,))[0], row.row)
        for pk, row in accepted
    ]
    rescan = _advance_targets(new_entries, replaced, campaign)
    on_progress(40)
    now = db_datetime(timezone.now())
    insert_rows(ProgressEntry, ["created_at", "updated_at", "target", "period_end", "value", "note", "evidence",
                                "evidence_name", "evidence_sha256", "entered_by", "source", "is_current", "replaces",
                                "completion"],
                [(now, now, e.target_id, e.period_end, e.value, e.note, "", "", "", actor_id, EntrySource.IMPORT.value,
                  True, e.replaces_id, e.completion) for e in new_entries])
    on_progress(60)
    _refresh_targets(rescan, bump_version=True)
    # The months written to (and, for a sum or a mean filled in backwards, the later ones) of the campaign's rollups.
    if periods:
        rollups.refresh(rollups.keys_of(target_ids, since=min(periods)))
    on_progress(80)
    from django.contrib.contenttypes.models import ContentType

    from thidua.core.models import AuditEvent

    target_type = ContentType.objects.get_for_model(Target).pk
    job_id = getattr(job, "pk", None)
    from thidua.core.audit import actor_name

    name = actor_name(by)
    insert_rows(AuditEvent, ["created_at", "actor", "actor_name", "action", "target_type", "target_id", "target_repr",
                             "data"], [
        (now, actor_id, name, "indicators.progress.recorded", target_type, e.target_id,
         labels.get(e.target_id, "")[:300],
         db_json({"period_end": e.period_end.isoformat(),
                  "value": [str(replaced[(e.target_id, e.period_end)][1])
                            if (e.target_id, e.period_end) in replaced else None, str(e.value)],
                  "note": e.note, "source": EntrySource.IMPORT.value, "job": job_id, "row": e.row}))
        for e in new_entries
    ])
    summary = {"rows": len(accepted), "targets": len(target_ids), "replaced": len(replaced)}
    log_action("indicators.progress.imported", actor=by, target=campaign,
               data={**summary, "job": getattr(job, "pk", None)})
    on_progress(100)
    return summary
