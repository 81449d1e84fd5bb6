"""Human labels for audit actions and their detail keys, shown in the History of each page.

The codes stay stable in the database (``app.entity.verb``); only their labels are translated. Each app registers
its own labels with ``register`` (from its ``AppConfig.ready``, in its ``audit_labels`` module); the core lists only
its own.
"""

import re

from django.utils.translation import gettext_lazy as _

from .numbers import vi_number

ACTION_LABELS = {
    "core.job.started": _("Background job started"),
    "core.job.requeued": _("Background job run again (its worker stopped)"),
    "core.job.abandoned": _("Background job failed (its worker stopped)"),
    "core.holiday.added": _("Holiday added"),
    "core.holiday.removed": _("Holiday removed"),
}

KEY_LABELS = {
    "after": _("values"),
    "changes": _("changes"),
    "status": _("status"),
    "order": _("order"),
    "title": _("title"),
    "name": _("name"),
    "purpose": _("purpose"),
    "code": _("code"),
    "due_on": _("due on"),
    "recipients": _("recipients"),
    "unit": _("unit"),
    "cluster": _("cluster or block"),
    "role": _("role"),
    "target_name": _("to unit"),
    "effective_on": _("effective on"),
    "decision_reference": _("decision"),
    "position": _("position"),
    "started_on": _("from"),
    "ended_on": _("to"),
    "members": _("members"),
    "head": _("head"),
    "deputy": _("deputy"),
    "year": _("year"),
    "kind": _("kind"),
    "version": _("version"),
    "late": _("late"),
    "document_number": _("number and symbol"),
    "document_date": _("document date"),
    "file": _("file"),
    "size": _("size"),
    "reason": _("reason"),
    "recipient": _("recipient"),
    "offset_days": _("days from the due date"),
    "units": _("units"),
    "day": _("day"),
    "received_by": _("received by"),
    "recipient_unit": _("recipient"),
    "sha256": _("SHA-256 checksum"),
    "entry": _("entry"),
    "period_end": _("period ending"),
    "value": _("value"),
    "note": _("note"),
    "source": _("entered through"),
    "job": _("background job"),
    "row": _("row"),
    "origin": _("origin"),
    "bulk": _("bulk entry"),
    "rows": _("rows"),
    "targets": _("targets"),
    "replaced": _("replaced values"),
    "file_name": _("file name"),
    "completion": _("completion (%)"),
    "current_value": _("current value"),
    "baseline": _("baseline"),
    "baseline_on": _("baseline date"),
    "target_value": _("target"),
    "approval": _("approval"),
    "content_area": _("content area"),
    "unit_of_measure": _("unit of measure"),
    "direction": _("direction"),
    "aggregation": _("combining values over time"),
    "frequency": _("reporting frequency"),
    "description": _("how it is measured"),
    "stage": _("stage"),
    "total": _("total"),
    "total_max": _("maximum total"),
    "criteria": _("criteria"),
    "bands": _("classification bands"),
    "tie_rule": _("tie rule"),
    "sheets": _("score sheets"),
    "revision": _("published revision"),
    "question": _("question"),
    "candidates": _("candidates"),
    "electorate": _("electorate"),
    "threshold_percent": _("pass threshold (%)"),
    "quorum_percent": _("quorum (%)"),
    "award": _("award"),
    "max_choices": _("most choices per ballot"),
    "opens_at": _("opens at"),
    "closes_at": _("closes at"),
    "failing": _("rules failed"),
    "from": _("from"),
    "to": _("to"),
    "appraisal_due_on": _("appraisal due on"),
    "appraiser": _("appraiser"),
    "voting_round": _("council vote"),
    "item": _("nominee"),
    "items": _("nominees"),
    "award_type": _("title or form"),
    "person": _("person"),
    "attachment": _("attachment"),
    "rating": _("rating"),
    "before": _("before"),
    "initiative": _("initiative"),
    "level": _("level"),
    "measure": _("measure"),
    "discipline": _("disciplinary measure"),
    "decision": _("decision"),
    "member_count": _("members"),
    "members_completed": _("members who completed their tasks"),
    "advanced_workers": _("advanced workers (LĐTT)"),
    "worst_discipline": _("heaviest discipline of a member"),
    "campaign": _("campaign"),
    "reference": _("reference"),
    "signed_on": _("signed on"),
    "signer": _("signer"),
    "awards": _("awards"),
    "eligible": _("eligible"),
    "justification": _("justification"),
    "rules_passed": _("passes the rules"),
    "previous": _("previous version"),
}


def action_label(code: str) -> str:
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    if code.startswith("admin."):
        return str(_("Edited in administration"))
    return code


def key_label(key: str) -> str:
    return str(KEY_LABELS.get(key, key))


#: Stored codes shown by their labels (statuses, recipients, decisions), registered by the apps.
VALUE_LABELS: dict = {}
#: Codes labelled only where no app registered a label of its own for them.
FALLBACK_VALUE_LABELS: dict = {}


def _pairs(choices) -> list:
    return list(choices.items()) if isinstance(choices, dict) else list(choices.choices)


#: Detail keys whose value is the id of a unit, a person or a user, with the function that names a set of them
#: (``ids -> {id: name}``, registered by the apps that own those records): the history shows "UBND huyện Yên Thế",
#: not 23, and names a page of events in one query per kind (``name_events``).
NAME_KEYS: dict = {}


def register(*, actions: dict | None = None, keys: dict | None = None, values=(), fallback_values=(),
             names: dict | None = None) -> None:
    """An app's labels for its audit actions, detail keys and stored codes (``TextChoices`` or dicts), called from
    its ``AppConfig.ready``: the core knows no domain app. A later app's value label replaces an earlier one's;
    ``fallback_values`` label only the codes nobody else labels; ``names`` maps a detail key holding an id to a
    function naming a set of such ids (``{id: name}``, a gone record left out)."""
    ACTION_LABELS.update(actions or {})
    KEY_LABELS.update(keys or {})
    NAME_KEYS.update(names or {})
    for choices in values:
        VALUE_LABELS.update(_pairs(choices))
    for choices in fallback_values:
        for value, label in _pairs(choices):
            FALLBACK_VALUE_LABELS.setdefault(value, label)


def _value_labels() -> dict[str, str]:
    """Stored codes that read better as their labels (statuses, recipients, decisions)."""
    labels = {value: str(label) for value, label in FALLBACK_VALUE_LABELS.items()}
    labels.update({value: str(label) for value, label in VALUE_LABELS.items()})
    return labels


#: Detail keys whose value is a change written as [before, after].
CHANGE_KEYS = {"status", "changes", "delivery"}
#: Keys whose values are measured numbers (stored as "1083.3000"): shown in Vietnamese notation, "1.083,3". Codes
#: ("1.1"), years and ids are left as they are.
NUMBER_KEYS = {"value", "completion", "current_value", "baseline", "target_value", "projected_value", "total",
               "points", "indicator_points", "max_points", "min_points", "threshold_percent", "quorum_percent",
               "percent", "money_coefficient", "vote_threshold_percent"}
_DECIMAL_TEXT = re.compile(r"^-?\d+(\.\d+)?$")


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _named_ids(data) -> list[tuple[str, int]]:
    """``(key, id)`` of every id a ``NAME_KEYS`` key holds in an event's details: at the top, or as a change's
    before and after (``{"changes": {"head_unit_id": [3, 7]}}``)."""
    found = []
    for key, value in data.items() if isinstance(data, dict) else ():
        if key in NAME_KEYS and _is_id(value):
            found.append((key, value))
        elif key in ("changes", "recomputed") and isinstance(value, dict):
            found += [(inner, pk) for inner, pair in value.items() if inner in NAME_KEYS and isinstance(pair, list)
                      for pk in pair if _is_id(pk)]
    return found


def name_events(events) -> list:
    """The events with ``names`` set (``{key: {id: name}}``): every id held by a ``NAME_KEYS`` detail key of any of
    them named in one query per naming function (a unit's history page: one for units, one for people, one for
    users)."""
    events = list(events)
    wanted: dict = {}
    for event in events:
        for key, pk in _named_ids(event.data):
            wanted.setdefault(NAME_KEYS[key], set()).add(pk)
    found = {naming: naming(ids) for naming, ids in wanted.items()}
    for event in events:
        event.names = {}
        for key, pk in _named_ids(event.data):
            event.names.setdefault(key, {})[pk] = found[NAME_KEYS[key]].get(pk)
    return events


def detail_lines(event) -> list[tuple[str, str]]:
    """An event's details as (label, text) lines, ids named from ``event.names`` (``name_events``) or, for an event
    not named in a batch, one lookup each."""
    names = getattr(event, "names", None)
    data = event.data if isinstance(event.data, dict) else {}
    return [(key_label(key), value_text(value, key, names=names)) for key, value in data.items()]


def _name(key: str, pk: int, names: dict | None) -> str:
    if names is not None and pk in names.get(key, {}):
        name = names[key][pk]
    else:
        name = NAME_KEYS[key]({pk}).get(pk)
    return name or f"#{pk}"


def value_text(value, key: str = "", *, number: bool | None = None, names: dict | None = None) -> str:
    """An audit value as a person reads it: yes/no, labels for codes, names for ids of ``NAME_KEYS`` (from
    ``names`` when given, ``{key: {id: name}}``), "before → after" for changes only, numbers of ``NUMBER_KEYS`` in
    Vietnamese notation."""
    number = key in NUMBER_KEYS if number is None else number
    if value is None or value == "":
        return "—"
    if key in NAME_KEYS and _is_id(value):
        return _name(key, value, names)
    if isinstance(value, dict) and key in ("changes", "recomputed"):
        return "; ".join(
            f"{key_label(k)}: " + (" → ".join("—" if pk is None else _name(k, pk, names) for pk in v)
                                   if k in NAME_KEYS and isinstance(v, list) and all(
                                       pk is None or _is_id(pk) for pk in v)
                                   else value_text(v, "changes", number=k in NUMBER_KEYS))
            for k, v in value.items())
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dict):
        return "; ".join(f"{key_label(k)}: {value_text(v, number=k in NUMBER_KEYS)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        if key in CHANGE_KEYS and len(value) == 2:
            return f"{value_text(value[0], number=number)} → {value_text(value[1], number=number)}"
        return ", ".join(value_text(v, number=number) for v in value)
    if number and (isinstance(value, int | float) or (isinstance(value, str) and _DECIMAL_TEXT.match(value))):
        return vi_number(value)
    if isinstance(value, str):
        return _value_labels().get(value, value)
    return str(value)
