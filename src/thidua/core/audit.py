"""The audit log: every service that changes state calls ``log_action`` inside its transaction."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def actor_name(actor) -> str:
    """Who the actor is, copied into the event so it outlives the account: full name and username."""
    if not getattr(actor, "pk", None):
        return ""
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return (f"{full} ({actor.username})" if full else str(actor.username))[:300]


def log_action(action: str, *, actor, target: models.Model, data: dict | None = None) -> AuditEvent:
    """Record ``action`` (dotted: ``app.entity.verb``) done by ``actor`` (None = the system) to ``target``."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor_name(actor),
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=target.pk,
        target_repr=str(target)[:300],
        data=_jsonable(data or {}),
    )


def log_actions(action: str, *, actor, items: list[tuple[models.Model, dict]], label=str) -> None:
    """``log_action`` for many objects in one insert (bulk writes: imports, bulk entry): ``items`` are
    ``(object, details)`` pairs; ``label(object)`` names the object (default ``str``)."""
    if not items:
        return
    content_type = ContentType.objects.get_for_model(items[0][0], for_concrete_model=True)
    actor = actor if getattr(actor, "pk", None) else None
    name = actor_name(actor)
    AuditEvent.objects.bulk_create([
        AuditEvent(actor=actor, actor_name=name, action=action, target_type=content_type, target_id=obj.pk,
                   target_repr=label(obj)[:300], data=_jsonable(data))
        for obj, data in items
    ], batch_size=1000)


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    """Values of ``fields`` on ``instance``, ready for an audit event's before/after."""
    return {name: _jsonable(getattr(instance, name)) for name in fields}


def changes(before: dict, after: dict) -> dict:
    """Only the fields whose value changed, as ``{field: [old, new]}``."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def history_for(target: models.Model, *, limit: int = 50) -> list[AuditEvent]:
    """Audit events about one object, newest first, with the actor loaded in the same query and the units, people
    and users their details name looked up once for the page (``audit_labels.name_events``)."""
    from .audit_labels import name_events

    return name_events(
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
            target_id=target.pk,
        )
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )
