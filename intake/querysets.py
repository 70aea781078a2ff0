"""Intakes (with their notes) are for the mbo and the projectleider; the advice outcome is also
visible to those who follow the participant (verwijzer, jobcoach) - never the intake notes."""

from __future__ import annotations

from typing import Any

from deelnemers.querysets import followed_deelnemer_ids, unie
from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import ScopedQuerySet


class IntakeQuerySet(ScopedQuerySet):
    pilot_lookup = "deelnemer__pilot"

    def for_user(self, user: Any, action: str = "view") -> IntakeQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        cap = Cap.INTAKE_VIEW if action == "view" else Cap.INTAKE_RECORD
        return self.filter(deelnemer__pilot__in=roles.pilot_ids_with(user, cap))


class AdviesQuerySet(ScopedQuerySet):
    pilot_lookup = "deelnemer__pilot"

    def for_user(self, user: Any, action: str = "view") -> AdviesQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        if action != "view":
            return self.filter(deelnemer__pilot__in=roles.pilot_ids_with(user, Cap.INTAKE_RECORD))
        from deelnemers.models import Deelnemer

        # Indexed branches of a UNION, not an OR (issue 16).
        alle = roles.pilots_met(user, Cap.DEELNEMER_VIEW_ALL)
        if not roles.pilots_met(user, Cap.DEELNEMER_VIEW_GRANTED):
            return self.filter(deelnemer__pilot_id__in=alle)
        takken = [Deelnemer.objects.filter(pilot_id__in=alle).values("pk")] if alle else []
        takken.append(followed_deelnemer_ids(user))
        return self.filter(deelnemer__in=unie(takken, Deelnemer.objects.none().values("pk")))

    def with_reasoning_for(self, user: Any) -> AdviesQuerySet:
        """Advice whose reasoning the user may read: intake material, for the mbo and the
        projectleider only."""
        if roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        return self.filter(deelnemer__pilot__in=roles.pilot_ids_with(user, Cap.INTAKE_VIEW))
