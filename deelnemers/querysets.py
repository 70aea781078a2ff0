"""Who may see which participant (personal data) - all in SQL.

- Projectleider, mbo-medewerker, examencommissie: every participant of their pilot.
- Verwijzer: the participants referred by their own organisation in that pilot, plus those
  granted to them per object (django-guardian, direct FK table).
- Praktijkopleider and jobcoach: only participants (and trajecten) granted to them per object.
- SBB-monitor: none (counts only). Beheerder: all.

Trajecten know two more actions: "voortgang" (record progress: the mbo, the projectleider and the
granted praktijkopleider and jobcoach) and "beoordelen" (mark a werkproces beheerst: only the
traject's own praktijkopleider with an active praktijkopleider role in its pilot).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from pilots import roles
from pilots.roles import Cap, Role
from pilots.tenancy import ParentScopedQuerySet, ScopedQuerySet


def _verwijzer_org_pairs(user: Any) -> Q:
    """Participants referred by an organisation on whose behalf the user is verwijzer in that
    same pilot (one correlated subquery)."""
    from pilots.models import Membership

    return Q(
        Exists(
            Membership.objects.filter(
                user_id=user.pk,
                active=True,
                role=Role.VERWIJZER,
                pilot_id=OuterRef("pilot_id"),
                organisatie_id=OuterRef("verwijzer_organisatie_id"),
            )
        )
    )


def followed_deelnemers(user: Any) -> Q:
    """Participants the user follows as a person: granted per object (verwijzer, jobcoach) or
    referred by their own verwijzer organisation. Applies only in pilots where the user holds a
    role with per-object access."""
    granted_pilots = roles.pilot_ids_with(user, Cap.DEELNEMER_VIEW_GRANTED)
    return _verwijzer_org_pairs(user) | Q(
        pilot__in=granted_pilots,
        deelnemeruserobjectpermission__user_id=user.pk,
        deelnemeruserobjectpermission__permission__codename="view_deelnemer",
    )


class DeelnemerQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> DeelnemerQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        if action != "view":
            return self.filter(pilot__in=roles.pilot_ids_with(user, Cap.DEELNEMER_CHANGE))
        via_traject = Q(
            pilot__in=roles.pilot_ids_with(user, Cap.DEELNEMER_VIEW_GRANTED),
            trajecten__trajectuserobjectpermission__user_id=user.pk,
            trajecten__trajectuserobjectpermission__permission__codename="view_traject",
        )
        cond = (
            Q(pilot__in=roles.pilot_ids_with(user, Cap.DEELNEMER_VIEW_ALL))
            | followed_deelnemers(user)
            | via_traject
        )
        return self.filter(pk__in=self.model._default_manager.filter(cond).values("pk"))


class DeelnemerChildQuerySet(ParentScopedQuerySet):
    """Consent, timeline events and reminders: visible and changeable as their participant."""

    parent = "deelnemer"
    pilot_lookup = "deelnemer__pilot"


class DossierInzageQuerySet(DeelnemerChildQuerySet):
    """The view log is the projectleider's (privacy log), of participants they may see."""

    def for_user(self, user: Any, action: str = "view") -> ParentScopedQuerySet:
        qs = super().for_user(user, action)
        if roles.has_national(user, Cap.EVERYTHING):
            return qs
        return qs.filter(deelnemer__pilot__in=roles.pilot_ids_with(user, Cap.PRIVACY_LOG))


class DeelnemerGrantQuerySet(ParentScopedQuerySet):
    """Per-object grants on a participant: visible as the participant is."""

    parent = "content_object"
    pilot_lookup = "content_object__pilot"
