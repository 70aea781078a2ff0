"""Audit helpers used by services."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.forms.models import model_to_dict

from .models import AuditEvent


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    data = model_to_dict(instance, fields=fields)
    return {
        k: (v if isinstance(v, (int, str, bool, type(None))) else str(v)) for k, v in data.items()
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    pilot_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        pilot_id=pilot_id,
        changes=changes or {},
    )
