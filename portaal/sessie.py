"""The participant's session in the portal. A participant has no account and no password: they
log in with an e-mailed link plus a 6-digit code (`services`). The session holds only which
participant it is and since when, under its own key; staff logins (`request.user`) are a
different thing, and a participant is anonymous to every staff page.

A later DigiD login (OpenID Connect) ends the same way: `inloggen(request, deelnemer)` after the
identity provider has vouched for the person (docs/portaal.md)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

SESSIE_SLEUTEL = "portaal_deelnemer"
# A portal session ends after 30 minutes without a request, and after 8 hours whatever happens.
INACTIEF_MINUTEN = 30
MAX_UREN = 8


def inloggen(request: HttpRequest, deelnemer: Any) -> None:
    """Start the participant's session: a fresh session key (no fixation), nothing else kept."""
    request.session.flush()
    nu = timezone.now().isoformat()
    request.session[SESSIE_SLEUTEL] = {"id": deelnemer.pk, "sinds": nu, "laatst": nu}


def uitloggen(request: HttpRequest) -> None:
    request.session.flush()


def deelnemer_id(request: HttpRequest) -> int | None:
    """The participant this session is for, or None (never logged in, or expired: then the
    session is ended). Each call counts as activity."""
    gegevens = request.session.get(SESSIE_SLEUTEL)
    if not isinstance(gegevens, dict):
        return None
    try:
        sinds = datetime.fromisoformat(gegevens["sinds"])
        laatst = datetime.fromisoformat(gegevens["laatst"])
        pk = int(gegevens["id"])
    except (KeyError, TypeError, ValueError):
        uitloggen(request)
        return None
    nu = timezone.now()
    if nu - laatst > timedelta(minutes=INACTIEF_MINUTEN) or nu - sinds > timedelta(hours=MAX_UREN):
        uitloggen(request)
        return None
    gegevens["laatst"] = nu.isoformat()
    request.session[SESSIE_SLEUTEL] = gegevens
    return pk
