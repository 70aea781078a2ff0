"""Who may see which traject - all in SQL.

Trajecten know two more actions than view and change: "voortgang" (record progress: the mbo, the
projectleider and the granted praktijkopleider and jobcoach) and "beoordelen" (mark a werkproces
beheerst: only the traject's own praktijkopleider with an active praktijkopleider role in its
pilot).
"""

from __future__ import annotations

from typing import Any

from deelnemers.querysets import followed_deelnemer_ids, traject_grants, unie
from pilots import roles
from pilots.roles import Cap, Role
from pilots.tenancy import ParentScopedQuerySet, ScopedQuerySet


def _praktijkopleider_pilots(user: Any) -> Any:
    """Pilots in which the user is an active praktijkopleider (subquery of pilot ids)."""
    from pilots.models import Membership

    return Membership.objects.filter(
        user_id=user.pk, active=True, role=Role.PRAKTIJKOPLEIDER, pilot__isnull=False
    ).values("pilot_id")


class TrajectQuerySet(ScopedQuerySet):
    pilot_lookup = "deelnemer__pilot"

    def for_user(self, user: Any, action: str = "view") -> TrajectQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if action == "beoordelen":
            # Judging mastery is the traject's own praktijkopleider's, nobody else's (not even a
            # national role): the judgement ends up on the praktijkverklaring they sign.
            return self.filter(
                praktijkopleider_id=user.pk, deelnemer__pilot__in=_praktijkopleider_pilots(user)
            )
        if roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        beheer = self.model._default_manager
        granted = roles.pilots_met(user, Cap.DEELNEMER_VIEW_GRANTED)
        # Each way in is its own indexed branch of a UNION, never one OR over them (issue 16).
        # A branch need not repeat the pilots: the caller keeps the rows to the user's pilots.
        via_grant = traject_grants(user).values("content_object_id")
        if action == "voortgang":
            # Recording progress: the mbo and the projectleider, and the praktijkopleider and
            # jobcoach through their per-object grant while they hold a role with granted access.
            wijzigbaar = roles.pilots_met(user, Cap.DEELNEMER_CHANGE)
            if not granted:
                return self.filter(deelnemer__pilot_id__in=wijzigbaar)
            takken = [via_grant]
            if wijzigbaar:
                takken.append(beheer.filter(deelnemer__pilot_id__in=wijzigbaar).values("pk"))
            return self.filter(
                deelnemer__pilot_id__in=sorted(set(wijzigbaar) | set(granted)),
                pk__in=unie(takken, beheer.none().values("pk")),
            )
        if action != "view":
            return self.filter(deelnemer__pilot_id__in=roles.pilots_met(user, Cap.DEELNEMER_CHANGE))
        alle = roles.pilots_met(user, Cap.DEELNEMER_VIEW_ALL)
        binnen = self.filter(deelnemer__pilot_id__in=sorted(set(alle) | set(granted)))
        if not granted:
            return binnen
        takken = [via_grant]
        gevolgd = followed_deelnemer_ids(user)
        takken.append(beheer.filter(deelnemer__in=gevolgd).values("pk"))
        if alle:
            takken.append(beheer.filter(deelnemer__pilot_id__in=alle).values("pk"))
        return binnen.filter(pk__in=unie(takken, beheer.none().values("pk")))


class TrajectChildQuerySet(ParentScopedQuerySet):
    """Agreed werkprocessen and quality reviews: visible and changeable as their
    traject is, for every traject action (view, change, voortgang, beoordelen)."""

    parent = "traject"
    pilot_lookup = "traject__deelnemer__pilot"


class VoortgangEntryQuerySet(ParentScopedQuerySet):
    """Progress entries: as the traject of their werkproces."""

    parent = "traject_werkproces__traject"
    pilot_lookup = "traject_werkproces__traject__deelnemer__pilot"


class TrajectGrantQuerySet(ParentScopedQuerySet):
    """Per-object grants on a traject: visible as the traject is."""

    parent = "content_object"
    pilot_lookup = "content_object__deelnemer__pilot"
