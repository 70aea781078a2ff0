"""The kernel's port to the access rules.

The rules (roles as membership rows, their capabilities) belong to `pilots`, a layer above the
kernel. The kernel's own pilot-scoped model (`AuditEvent`) and the admin site ask them through
this port; `pilots` registers its implementation in `PilotsConfig.ready()`, so the kernel never
imports an app.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

# Capabilities the kernel asks for (values of `pilots.roles.Cap`).
EVERYTHING = "everything"
PRIVACY_LOG = "privacy.log"


class AccessRules(Protocol):
    def pilot_ids_with(self, user: Any, cap: str) -> QuerySet[Any]: ...

    def has_national(self, user: Any, cap: str) -> bool: ...


_rules: AccessRules | None = None


def register(rules: AccessRules) -> None:
    global _rules
    _rules = rules


def rules() -> AccessRules:
    if _rules is None:
        raise ImproperlyConfigured("No access rules registered: is the pilots app installed?")
    return _rules
