"""The current pilot of a request, chosen in the pilot switcher."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from . import roles


class CurrentPilotMiddleware:
    """Sets `request.pilot`: the pilot chosen in the switcher, if the user may see it."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils.functional import SimpleLazyObject

        request.pilot = SimpleLazyObject(lambda: current_pilot(request))  # type: ignore[attr-defined]
        return self.get_response(request)


SESSION_PILOT_KEY = "current_pilot_id"


def current_pilot(request: HttpRequest) -> Any:
    from pilots.models import Pilot

    user = request.user
    if not roles.is_authenticated(user):
        return None
    visible = Pilot.objects.for_user(user, "view")
    chosen = request.session.get(SESSION_PILOT_KEY)
    pilot = visible.filter(pk=chosen).first() if chosen else None
    if pilot is None:
        # Default: the first pilot in which the user holds a role, else the first visible one.
        pilot = visible.filter(pk__in=roles.pilot_ids_with(user, "pilot.view")).first()
        pilot = pilot or visible.first()
    return pilot
