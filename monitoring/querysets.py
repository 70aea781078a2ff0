"""Monitor reports hold counts and the projectleider's story, no personal data. They are for the
projectleider of the pilot (who writes and submits them) and, once submitted, for SBB."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import ScopedQuerySet

from .constants import RapportStatus


class MonitorRapportQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> MonitorRapportQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        eigen = Q(pilot__in=roles.pilot_ids_with(user, Cap.PILOT_CHANGE))
        if action == "reopen":
            return (
                self.filter(status=RapportStatus.INGEDIEND)
                if roles.has_national(user, Cap.COUNTS_NATIONAL)
                else self.none()
            )
        if action != "view":
            return self.filter(eigen)
        if roles.has_national(user, Cap.COUNTS_NATIONAL):
            return self.filter(eigen | ~Q(status=RapportStatus.CONCEPT))
        return self.filter(eigen)
