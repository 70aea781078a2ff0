"""Roles a user can hold (as membership rows) and what each role may do.

A capability is checked per pilot: `pilot_ids_with(user, capability)` returns an SQL subquery of
the pilots in which the user holds a role with that capability. National roles (SBB-monitor,
platform beheerder) hold memberships without a pilot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import QuerySet


class Role(models.TextChoices):
    PROJECTLEIDER = "projectleider", _("Projectleider")
    MBO_MEDEWERKER = "mbo_medewerker", _("Mbo-medewerker")
    EXAMENCOMMISSIE = "examencommissie", _("Examencommissie")
    VERWIJZER = "verwijzer", _("Verwijzer")
    PRAKTIJKOPLEIDER = "praktijkopleider", _("Praktijkopleider")
    JOBCOACH = "jobcoach", _("Jobcoach")
    # The werkgeversservicepunt: finds leerbanen with employers and records them (issue 17).
    WSP = "wsp", _("Werkgeversservicepunt")
    SBB_MONITOR = "sbb_monitor", _("SBB-monitor")
    BEHEERDER = "beheerder", _("Platform beheerder")


NATIONAL_ROLES = frozenset({Role.SBB_MONITOR, Role.BEHEERDER})


class Cap(models.TextChoices):
    """Capabilities. Roles are granted capabilities; code checks capabilities, not roles."""

    PILOT_VIEW = "pilot.view"
    PILOT_CHANGE = "pilot.change"  # pilot data, partners, subregio's, memberships
    MEMBERS_VIEW = "members.view"
    ORGANISATIE_CHANGE = "organisatie.change"
    DEELNEMER_VIEW_ALL = "deelnemer.view_all"  # every participant of the pilot
    DEELNEMER_VIEW_GRANTED = "deelnemer.view_granted"  # only those granted per object
    DEELNEMER_CHANGE = "deelnemer.change"
    DEELNEMER_REFER = "deelnemer.refer"  # refer a candidate (aanmelding)
    INTAKE_VIEW = "intake.view"  # intake conversations and notes
    INTAKE_RECORD = "intake.record"  # plan intakes, record criteria and the advice
    PRIVACY_LOG = "privacy.log"  # who viewed which dossier
    COUNTS_NATIONAL = "counts.national"  # aggregate figures of all pilots, no personal data
    ERKENNING_RECORD = "erkenning.record"  # record a recognition in the shared register
    ERKENNING_CONFIRM = "erkenning.confirm"  # confirm a recognition (SBB)
    LEERBAAN_VIEW = "leerbaan.view"  # the pilot's leerbanen and who looks for one
    LEERBAAN_RECORD = "leerbaan.record"  # record and change leerbanen
    MATCH_PROPOSE = "match.propose"  # propose a candidate for a leerbaan
    EVERYTHING = "everything"


ROLE_CAPS: dict[str, frozenset[str]] = {
    Role.PROJECTLEIDER: frozenset(
        {
            Cap.PILOT_VIEW,
            Cap.PILOT_CHANGE,
            Cap.MEMBERS_VIEW,
            Cap.ORGANISATIE_CHANGE,
            Cap.DEELNEMER_VIEW_ALL,
            Cap.DEELNEMER_CHANGE,
            Cap.DEELNEMER_REFER,
            Cap.INTAKE_VIEW,
            Cap.PRIVACY_LOG,
            Cap.ERKENNING_RECORD,
            Cap.LEERBAAN_VIEW,
            Cap.LEERBAAN_RECORD,
            Cap.MATCH_PROPOSE,
        }
    ),
    Role.MBO_MEDEWERKER: frozenset(
        {
            Cap.PILOT_VIEW,
            Cap.DEELNEMER_VIEW_ALL,
            Cap.DEELNEMER_CHANGE,
            Cap.DEELNEMER_REFER,
            Cap.INTAKE_VIEW,
            Cap.INTAKE_RECORD,
            Cap.ERKENNING_RECORD,
            Cap.LEERBAAN_VIEW,
            Cap.LEERBAAN_RECORD,
            Cap.MATCH_PROPOSE,
        }
    ),
    Role.EXAMENCOMMISSIE: frozenset({Cap.PILOT_VIEW, Cap.DEELNEMER_VIEW_ALL}),
    Role.VERWIJZER: frozenset(
        {
            Cap.PILOT_VIEW,
            Cap.DEELNEMER_VIEW_GRANTED,
            Cap.DEELNEMER_REFER,
            Cap.LEERBAAN_VIEW,
            Cap.MATCH_PROPOSE,
        }
    ),
    Role.PRAKTIJKOPLEIDER: frozenset({Cap.PILOT_VIEW, Cap.DEELNEMER_VIEW_GRANTED}),
    Role.JOBCOACH: frozenset({Cap.PILOT_VIEW, Cap.DEELNEMER_VIEW_GRANTED}),
    # Sees the pilot's leerbanen and the candidates looking for one (their wishes, not the
    # dossier), records leerbanen and proposes matches.
    Role.WSP: frozenset(
        {Cap.PILOT_VIEW, Cap.LEERBAAN_VIEW, Cap.LEERBAAN_RECORD, Cap.MATCH_PROPOSE}
    ),
    Role.SBB_MONITOR: frozenset({Cap.PILOT_VIEW, Cap.COUNTS_NATIONAL, Cap.ERKENNING_CONFIRM}),
    Role.BEHEERDER: frozenset(set(Cap.values)),
}


def roles_with(cap: str) -> list[str]:
    return [role for role, caps in ROLE_CAPS.items() if cap in caps]


def _memberships(user: Any) -> QuerySet:
    from pilots.models import Membership

    return Membership.objects.filter(user_id=user.pk, active=True)


def is_authenticated(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_national(user: Any, cap: str) -> bool:
    """True when the user holds a national role (no pilot) granting `cap`, or is superuser."""
    if not is_authenticated(user):
        return False
    if user.is_superuser:
        return True
    rollen = roles_with(cap)
    return any(p is None and role in rollen for p, role, _org in lidmaatschappen(user))


def pilot_ids_with(user: Any, cap: str) -> QuerySet:
    """Subquery of pilot ids where the user holds a role with `cap` (national roles excluded)."""
    return (
        _memberships(user).filter(pilot__isnull=False, role__in=roles_with(cap)).values("pilot_id")
    )


def pilots_met(user: Any, *caps: str) -> list[int]:
    """The ids of the pilots where the user holds a role with any of `caps`, read once per
    request with all of the user's memberships (`lidmaatschappen`). Access filters put them in
    their SQL as literal ids, so the planner starts from the user's own pilots (issue 16)."""
    rollen = {role for cap in caps for role in roles_with(cap)}
    return sorted(
        {p for p, role, _org in lidmaatschappen(user) if p is not None and role in rollen}
    )


def lidmaatschappen(user: Any) -> tuple[tuple[int | None, str, int | None], ...]:
    """The user's active memberships as (pilot id, role, organisation id): one query per
    request answers every role check (memoised on the user instance; a new request loads a new
    user object). `forget` drops the memo after the user's memberships change."""
    if not is_authenticated(user):
        return ()
    cache = _cache(user)
    if "lidmaatschappen" not in cache:
        cache["lidmaatschappen"] = tuple(
            _memberships(user).order_by().values_list("pilot_id", "role", "organisatie_id")
        )
    return cache["lidmaatschappen"]


def has_cap(user: Any, cap: str, pilot_id: int | None = None) -> bool:
    """Does the user have `cap` in this pilot (or, with pilot_id None, in any pilot)?"""
    if not is_authenticated(user):
        return False
    if has_national(user, cap):
        return True
    rollen = roles_with(cap)
    return any(
        p is not None and role in rollen and (pilot_id is None or p == pilot_id)
        for p, role, _org in lidmaatschappen(user)
    )


def user_roles(user: Any, pilot_id: int | None) -> list[str]:
    """The roles the user holds in this pilot plus their national roles."""
    if not is_authenticated(user):
        return []
    return sorted({role for p, role, _org in lidmaatschappen(user) if p is None or p == pilot_id})


def forget(user: Any) -> None:
    """Drop the memoised role checks of this user instance (after changing their memberships
    in the same request or test)."""
    if hasattr(user, "_praktijkleren_role_cache"):
        del user._praktijkleren_role_cache


def _cache(user: Any) -> dict:
    # Per-request memo on the user instance; a new request loads a new user object.
    if not hasattr(user, "_praktijkleren_role_cache"):
        user._praktijkleren_role_cache = {}
    return user._praktijkleren_role_cache
