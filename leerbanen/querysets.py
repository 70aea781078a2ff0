"""Who sees which leerbaan, search and match - all in SQL.

- Leerbanen hold no personal data beyond the contact person's name: every role with
  `leerbaan.view` in the pilot sees them (projectleider, mbo, verwijzer, WSP), and the contact
  person sees their own. Changing them is `leerbaan.record` (projectleider, mbo, WSP).
- A search (`Zoekvraag`) and a match name a candidate: the roles that see the whole pilot's
  leerbanen work (projectleider, mbo, WSP) see them all; a verwijzer only those of the
  participants they follow. The contact person of a leerbaan sees the matches proposed for it.
- Only the contact person answers a match (action "beantwoorden").
- SBB sees leerbanen as counts only (leerbanen.selectors); the beheerder sees everything.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from pilots import roles
from pilots.roles import Cap
from pilots.tenancy import ScopedQuerySet


def hele_pilot(user: Any) -> list[int]:
    """The pilots where the user's role sees every candidate's search: a role with
    `leerbaan.view` that is not limited to participants granted to them (not the verwijzer)."""
    rollen = {
        r
        for r in roles.roles_with(Cap.LEERBAAN_VIEW)
        if Cap.DEELNEMER_VIEW_GRANTED not in roles.ROLE_CAPS[r]
    }
    return sorted(
        {p for p, role, _o in roles.lidmaatschappen(user) if p is not None and role in rollen}
    )


def gevolgd(user: Any) -> list[int]:
    """The pilots where the user sees only the searches of the participants they follow."""
    heel = set(hele_pilot(user))
    return [p for p in roles.pilots_met(user, Cap.LEERBAAN_VIEW) if p not in heel]


def _deelnemer_filter(user: Any, prefix: str, cap: str) -> Q:
    """Searches (through `prefix` to the participant) the user may see or act on with `cap`."""
    from deelnemers.querysets import followed_deelnemer_ids

    mag = set(roles.pilots_met(user, cap))
    heel = [p for p in hele_pilot(user) if p in mag]
    volg = [p for p in gevolgd(user) if p in mag]
    q = Q(**{f"{prefix}pilot_id__in": heel}) if heel else Q(pk__in=[])
    if volg:
        q |= Q(
            **{
                f"{prefix}pilot_id__in": volg,
                f"{prefix}pk__in": followed_deelnemer_ids(user),
            }
        )
    return q


class LeerbaanQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> LeerbaanQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        if action != "view":
            return self.filter(pilot_id__in=roles.pilots_met(user, Cap.LEERBAAN_RECORD))
        alle = roles.pilots_met(user, Cap.LEERBAAN_VIEW)
        eigen = Q(contactpersoon_id=user.pk, pilot_id__in=roles.pilots_met(user, Cap.PILOT_VIEW))
        return self.filter(Q(pilot_id__in=alle) | eigen) if alle else self.filter(eigen)

    def open(self) -> LeerbaanQuerySet:
        from .constants import LeerbaanStatus

        return self.filter(status=LeerbaanStatus.OPEN)


class ZoekvraagQuerySet(ScopedQuerySet):
    pilot_lookup = "deelnemer__pilot"

    def for_user(self, user: Any, action: str = "view") -> ZoekvraagQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        cap = Cap.LEERBAAN_VIEW if action == "view" else Cap.MATCH_PROPOSE
        return self.filter(_deelnemer_filter(user, "deelnemer__", cap))


class MatchQuerySet(ScopedQuerySet):
    pilot_lookup = "leerbaan__pilot"

    def for_user(self, user: Any, action: str = "view") -> MatchQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        eigen = Q(
            leerbaan__contactpersoon_id=user.pk,
            leerbaan__pilot_id__in=roles.pilots_met(user, Cap.PILOT_VIEW),
        )
        if action == "beantwoorden":
            # Only the contact person answers, not even the beheerder on their behalf.
            return self.filter(eigen)
        if roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        cap = Cap.LEERBAAN_VIEW if action == "view" else Cap.MATCH_PROPOSE
        q = _deelnemer_filter(user, "zoekvraag__deelnemer__", cap)
        return self.filter(q | eigen) if action == "view" else self.filter(q)
