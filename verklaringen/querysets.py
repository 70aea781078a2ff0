"""Who may see and act on verklaringen, in SQL.

- Praktijkverklaring and mbo-verklaring are visible as their traject is; preparing them is for
  the mbo and projectleider (Cap.DEELNEMER_CHANGE).
- Issuing an mbo-verklaring and revoking a registered one ("issue") is for a user with the
  examencommissie role of that mbo-instelling in that pilot.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from pilots import roles
from pilots.roles import Cap, Role
from pilots.tenancy import ScopedQuerySet


def _trajecten(user: Any, action: str) -> Any:
    from trajecten.models import Traject

    return Traject.objects.for_user(user, action).values("pk")


def examencommissie_van(user: Any, pilot_ref: str, organisatie_ref: str) -> Q:
    """True for rows whose pilot and institution the user is examencommissie of."""
    from pilots.models import Membership

    return Q(
        Exists(
            Membership.objects.filter(
                user_id=user.pk,
                active=True,
                role=Role.EXAMENCOMMISSIE,
                pilot_id=OuterRef(pilot_ref),
                organisatie_id=OuterRef(organisatie_ref),
            )
        )
    )


class PraktijkverklaringQuerySet(ScopedQuerySet):
    pilot_lookup = "traject__deelnemer__pilot"

    def for_user(self, user: Any, action: str = "view") -> PraktijkverklaringQuerySet:
        return self.filter(traject__in=_trajecten(user, "view" if action == "view" else "change"))


class MboVerklaringQuerySet(ScopedQuerySet):
    pilot_lookup = "praktijkverklaring__traject__deelnemer__pilot"

    def for_user(self, user: Any, action: str = "view") -> MboVerklaringQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if action == "issue":
            # Only the examencommissie of the institution, never a national role.
            return self.filter(
                examencommissie_van(
                    user, "praktijkverklaring__traject__deelnemer__pilot_id", "mbo_instelling_id"
                )
            )
        return self.filter(
            praktijkverklaring__traject__in=_trajecten(
                user, "view" if action == "view" else "change"
            )
        )


class ExamenresultaatQuerySet(ScopedQuerySet):
    """An exam result is visible and changed as its mbo-verklaring is."""

    pilot_lookup = "mbo_verklaring__praktijkverklaring__traject__deelnemer__pilot"

    def for_user(self, user: Any, action: str = "view") -> ExamenresultaatQuerySet:
        from .models import MboVerklaring

        return self.filter(
            mbo_verklaring__in=MboVerklaring.objects.for_user(user, action).values("pk")
        )


class RegistratieQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> RegistratieQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if action == "issue":
            # Only the examencommissie of the institution, never a national role.
            return self.filter(examencommissie_van(user, "pilot_id", "instelling_id"))
        if roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        from deelnemers.models import Deelnemer

        return self.filter(
            Q(pilot__in=roles.pilot_ids_with(user, Cap.DEELNEMER_VIEW_ALL))
            | Q(deelnemer__in=Deelnemer.objects.for_user(user, "view").values("pk"))
        )
