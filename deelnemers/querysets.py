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

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from pilots import roles
from pilots.roles import Cap, Role
from pilots.tenancy import ParentScopedQuerySet, ScopedQuerySet


def unie(takken: list[QuerySet], leeg: QuerySet) -> QuerySet:
    """The UNION of the branches (value querysets of one id column); `leeg` when there are
    none. Each branch is its own indexed read; one OR over them would keep PostgreSQL from
    using any index (issue 16: every list scanned the national tables)."""
    if not takken:
        return leeg
    eerste, *rest = takken
    return eerste.union(*rest) if rest else eerste


def _deelnemer_takken(user: Any, granted: list[int]) -> list[QuerySet]:
    """Participants the user follows as a person: granted to them per object (the grant
    table's user index), or referred by an organisation on whose behalf they are verwijzer in
    that same pilot. The caller keeps them to the `granted` pilots, where the user holds a role
    with per-object access."""
    from .models import Deelnemer, DeelnemerUserObjectPermission

    if not granted:
        return []
    takken: list[QuerySet] = [
        DeelnemerUserObjectPermission.objects.filter(
            user_id=user.pk, permission__codename="view_deelnemer"
        ).values("content_object_id")
    ]
    paren = _verwijzer_paren(user)
    if paren:
        takken.append(Deelnemer.objects.filter(paren).values("pk"))
    return takken


def _verwijzer_paren(user: Any) -> Q:
    """The (pilot, organisation) pairs in which the user is verwijzer, as one filter on
    participants (an empty Q when there are none)."""
    paren = Q()
    for pilot_id, role, organisatie_id in roles.lidmaatschappen(user):
        if role == Role.VERWIJZER and pilot_id is not None and organisatie_id is not None:
            paren |= Q(pilot_id=pilot_id, verwijzer_organisatie_id=organisatie_id)
    return paren


def followed_deelnemer_ids(user: Any) -> QuerySet:
    """The ids of the participants the user follows as a person (see `_deelnemer_takken`)."""
    from .models import Deelnemer

    granted = roles.pilots_met(user, Cap.DEELNEMER_VIEW_GRANTED)
    takken = _deelnemer_takken(user, granted)
    leeg = Deelnemer.objects.none().values("pk")
    return Deelnemer.objects.filter(pilot_id__in=granted, pk__in=unie(takken, leeg)).values("pk")


def followed_deelnemers(user: Any) -> Q:
    """`followed_deelnemer_ids` as a filter on participants."""
    return Q(pk__in=followed_deelnemer_ids(user))


def _grants_sql(user: Any) -> tuple[str, list[Any]]:
    """SELECT of the ids of the participants granted to the user per object, on the participant
    or on one of its trajecten: two reads of the grant tables' user index. Written as SQL: for a
    list of 20 the ORM spent longer building this UNION than PostgreSQL spent running it."""
    from django.apps import apps
    from django.contrib.auth.models import Permission

    from .models import DeelnemerUserObjectPermission

    traject = apps.get_model("trajecten", "Traject")
    traject_grant = apps.get_model("trajecten", "TrajectUserObjectPermission")
    permissie = Permission._meta.db_table
    sql = (
        f"SELECT g.content_object_id FROM {DeelnemerUserObjectPermission._meta.db_table} g "
        f"JOIN {permissie} p ON p.id = g.permission_id "
        "WHERE g.user_id = %s AND p.codename = %s "
        f"UNION SELECT t.deelnemer_id FROM {traject_grant._meta.db_table} g "
        f"JOIN {permissie} p ON p.id = g.permission_id "
        f"JOIN {traject._meta.db_table} t ON t.id = g.content_object_id "
        "WHERE g.user_id = %s AND p.codename = %s"
    )
    return sql, [user.pk, "view_deelnemer", user.pk, "view_traject"]


def traject_grants(user: Any) -> QuerySet:
    """The user's per-object grants on trajecten (the grant table's user index). The traject
    app's grant model, looked up by name: that app sits above this one."""
    from django.apps import apps

    grants = apps.get_model("trajecten", "TrajectUserObjectPermission")
    return grants.objects.filter(user_id=user.pk, permission__codename="view_traject")


class DeelnemerQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> DeelnemerQuerySet:
        if not roles.is_authenticated(user):
            return self.none()
        if roles.has_national(user, Cap.EVERYTHING):
            return self.all()
        if action != "view":
            return self.filter(pilot_id__in=roles.pilots_met(user, Cap.DEELNEMER_CHANGE))
        # The user's own pilots first; within them each way in is its own indexed branch. A
        # branch need not repeat the pilots: what it adds in a pilot where the user sees
        # everyone is visible anyway.
        alle = roles.pilots_met(user, Cap.DEELNEMER_VIEW_ALL)
        granted = roles.pilots_met(user, Cap.DEELNEMER_VIEW_GRANTED)
        eigen = sorted(set(alle) | set(granted))
        if not granted:
            return self.filter(pilot_id__in=eigen)
        beheer = self.model._default_manager
        sql, params = _grants_sql(user)
        takken = [beheer.filter(p).values("pk") for p in [_verwijzer_paren(user)] if p]
        if alle:
            takken.append(beheer.filter(pilot_id__in=alle).values("pk"))
        for tak in takken:
            tak_sql, tak_params = tak.order_by().query.sql_with_params()
            sql += f" UNION {tak_sql}"
            params.extend(tak_params)
        return self.filter(pilot_id__in=eigen, pk__in=RawSQL(sql, params))


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
