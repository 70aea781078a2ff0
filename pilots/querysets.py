"""Scoped querysets of the tenant models. Every filter runs in SQL."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import ScopedQuerySet

_ACTION_CAP = {"view": Cap.PILOT_VIEW, "change": Cap.PILOT_CHANGE}


class PilotQuerySet(ScopedQuerySet):
    pilot_lookup = "pk"

    def for_user(self, user: Any, action: str = "view") -> PilotQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        cap = _ACTION_CAP.get(action, Cap.PILOT_CHANGE)
        if roles.has_national(user, cap):
            return self.all()
        return self.filter(pk__in=roles.pilot_ids_with(user, cap))


class PilotChildQuerySet(ScopedQuerySet):
    """Subregio's and partners: visible and changeable as their pilot is."""

    def for_user(self, user: Any, action: str = "view") -> PilotChildQuerySet:
        from .models import Pilot

        return self.filter(pilot__in=Pilot.objects.for_user(user, action).values("pk"))


class MembershipQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> MembershipQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        if action == "view":
            return self.filter(
                Q(user_id=user.pk) | Q(pilot__in=roles.pilot_ids_with(user, Cap.MEMBERS_VIEW))
            )
        return self.filter(pilot__in=roles.pilot_ids_with(user, Cap.PILOT_CHANGE))

    def in_pilots_of(self, user: Any) -> MembershipQuerySet:
        # National memberships (no pilot) are in nobody's pilot.
        return super().in_pilots_of(user).filter(pilot__isnull=False)  # type: ignore[return-value]


class OrganisatieQuerySet(ScopedQuerySet):
    """The organisation registry is shared by all pilots and holds no personal data: every
    signed-in user may look organisations up. Changing one is for the projectleiders of a pilot
    in which it is a partner, and for beheerders."""

    pilot_lookup = "partnerships__pilot"

    def for_user(self, user: Any, action: str = "view") -> OrganisatieQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if action == "view" or roles.has_national(user, Cap.ORGANISATIE_CHANGE):
            return self.all()
        from .models import Partner

        return self.filter(
            pk__in=Partner.objects.filter(
                pilot__in=roles.pilot_ids_with(user, Cap.ORGANISATIE_CHANGE)
            ).values("organisatie_id")
        )

    def in_pilots_of(self, user: Any) -> OrganisatieQuerySet:
        return self.filter(pk__in=self.for_user(user, "view").values("pk"))
