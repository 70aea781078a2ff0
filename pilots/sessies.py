"""Sessions that end (docs/security.md "Sessions").

Every session ends `SESSION_ABSOLUTE_HOURS` after login, however active (the cookie's age alone
would be renewed with every save). A user whose roles give access to personal data (every role
but SBB-monitor: a user holding only that one is exempt) is also logged out after
`SESSION_IDLE_MINUTES` without a request. The activity stamp is written at most once a minute,
so most requests do not write the session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .roles import Role, is_authenticated

START = "sessie_start"  # login, epoch seconds
ACTIEF = "sessie_actief"  # last request, written at most once a minute
IDLE = "sessie_idle"  # does the idle timeout apply (the user's roles, checked with ACTIEF)
STAMP_SECONDS = 60


def idle_geldt(user: Any) -> bool:
    """Every user but one whose only roles are SBB-monitor (national counts, no personal data)."""
    if user.is_superuser or user.is_staff:
        return True
    from .models import Membership

    rollen = set(
        Membership.objects.filter(user_id=user.pk, active=True).values_list("role", flat=True)
    )
    return rollen != {Role.SBB_MONITOR}


def _stempel(request: HttpRequest, now: int) -> None:
    request.session[ACTIEF] = now
    request.session[IDLE] = idle_geldt(request.user)


def _bij_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # A new login (Django gave the session a new id) starts the 12 hours again. All stamps are
    # written here, so the requests of the first minute do not write the session.
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[START] = now
        request.session[ACTIEF] = now
        request.session[IDLE] = idle_geldt(user)


def connect() -> None:
    """Called from `PilotsConfig.ready()`."""
    user_logged_in.connect(_bij_login, dispatch_uid="pilots.sessies.login")


def verlopen(request: HttpRequest, now: int) -> bool:
    session = request.session
    start = session.get(START)
    if not isinstance(start, int):
        # A session from before these stamps: it starts now (the cookie age bounds it too).
        session[START] = start = now
        _stempel(request, now)
        return False
    if now - start > settings.SESSION_ABSOLUTE_HOURS * 3600:
        return True
    actief = session.get(ACTIEF)
    if not isinstance(actief, int):
        _stempel(request, now)
        return False
    idle = session.get(IDLE)
    if idle is None:
        idle = idle_geldt(request.user)
        session[IDLE] = idle
    if idle and now - actief > settings.SESSION_IDLE_MINUTES * 60:
        return True
    if now - actief >= STAMP_SECONDS:
        _stempel(request, now)
    return False


class SessieTimeoutMiddleware:
    """After the authentication and message middleware: ends sessions that are too old or
    idle too long: logged out, and sent to the login page with a message (the API answers as
    for anyone not logged in)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_authenticated(request.user) and verlopen(request, int(time.time())):
            logout(request)
            if not request.path.startswith("/api/"):
                messages.warning(request, _("Your session has expired. Log in again to continue."))
                terug = request.get_full_path() if request.method in ("GET", "HEAD") else "/"
                return redirect_to_login(terug)
        return self.get_response(request)
