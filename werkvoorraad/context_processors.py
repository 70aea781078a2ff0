from __future__ import annotations

from html import escape
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe

from pilots import roles
from pilots.roles import Cap

from . import te_doen


def te_doen_van(request: HttpRequest) -> list[te_doen.Lijst]:
    """The user's "Te doen" lists in the current pilot, read once per request."""
    if not hasattr(request, "_te_doen_lijsten"):
        request._te_doen_lijsten = te_doen.lijsten(  # type: ignore[attr-defined]
            getattr(request, "user", None), getattr(request, "pilot", None)
        )
    return request._te_doen_lijsten  # type: ignore[attr-defined]


def te_doen_aantal(request: HttpRequest) -> int:
    """The number in the menu: counts only (one query per list), once per request."""
    if not hasattr(request, "_te_doen_aantal"):
        request._te_doen_aantal = te_doen.aantal(  # type: ignore[attr-defined]
            getattr(request, "user", None), getattr(request, "pilot", None)
        )
    return request._te_doen_aantal  # type: ignore[attr-defined]


def pilot_opties(user: Any, pilot: Any) -> SafeString:
    """The <option>s of the pilot switcher, or "" when there is no other pilot to switch to.

    Built here rather than in a template loop: the SBB-monitor may switch to every pilot (2,600
    at national scale), and a loop of template variables per pilot costs tens of milliseconds
    on every page."""
    from pilots.models import Pilot

    if (
        not roles.has_national(user, Cap.PILOT_VIEW)
        and len(roles.pilots_met(user, Cap.PILOT_VIEW)) <= 1
    ):
        # The pilots a user without a national role sees are those of their memberships, read
        # once per request already: one pilot or none needs no switcher and no query.
        return SafeString("")
    rijen = list(Pilot.objects.for_user(user, "view").values_list("pk", "naam"))
    if len(rijen) <= 1:
        return SafeString("")
    huidig = pilot.pk if pilot else None
    # html.escape is what django.utils.html.escape does, without its lazy-string wrapper.
    return mark_safe(
        "".join(
            f'<option value="{pk}"{" selected" if pk == huidig else ""}>{escape(naam)}</option>'
            for pk, naam in rijen
        )
    )


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Navigation and pilot switcher for the base layout, per the user's roles."""
    user: Any = getattr(request, "user", None)
    if not roles.is_authenticated(user):
        return {}
    pilot = getattr(request, "pilot", None)
    pilot_id = pilot.pk if pilot else None
    current_roles = roles.user_roles(user, pilot_id)  # cached per request
    return {
        "current_pilot": pilot,
        # The number next to "Start" in the menu (counts only, once per request).
        "te_doen_aantal": te_doen_aantal(request),
        # Read only when the page shows the switcher (base.html), once.
        "pilot_opties": SimpleLazyObject(lambda: pilot_opties(user, pilot)),
        "current_roles": [roles.Role(r).label for r in current_roles],
        "nav": {
            "deelnemers": roles.has_cap(user, Cap.DEELNEMER_VIEW_ALL, pilot_id)
            or roles.has_cap(user, Cap.DEELNEMER_VIEW_GRANTED, pilot_id),
            "pilot_beheer": roles.has_cap(user, Cap.PILOT_CHANGE, pilot_id),
            # Praktijkopleider, jobcoach, verwijzer: the participants they follow, with progress.
            "mijn_deelnemers": any(
                Cap.DEELNEMER_VIEW_GRANTED in roles.ROLE_CAPS.get(r, ()) for r in current_roles
            ),
            # Projectleider (own pilot) and SBB (submitted reports of every pilot).
            "monitor": any(
                {Cap.PILOT_CHANGE, Cap.COUNTS_NATIONAL} & roles.ROLE_CAPS.get(r, frozenset())
                for r in current_roles
            ),
            "import": any(
                Cap.PILOT_CHANGE in roles.ROLE_CAPS.get(r, frozenset()) for r in current_roles
            )
            and pilot is not None,
            "aanmelden": pilot_id is not None
            and roles.has_cap(user, Cap.DEELNEMER_REFER, pilot_id),
            "organisaties": True,
            "kwalificaties": True,
            # Shared reference data: everyone who may record or confirm a recognition.
            "erkenningen": any(
                {Cap.ERKENNING_RECORD, Cap.ERKENNING_CONFIRM, Cap.EVERYTHING}
                & roles.ROLE_CAPS.get(r, frozenset())
                for r in current_roles
            ),
            "leerbanen": roles.has_cap(user, Cap.LEERBAAN_VIEW, pilot_id),
            "landelijk": roles.has_national(user, Cap.COUNTS_NATIONAL),
            "admin": user.is_staff,
        },
    }
