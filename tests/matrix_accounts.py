"""Tenancy-matrix cases for the start page and the account pages: signing in and out, password
reset, language and pilot switch (merged into tests/test_tenancy_matrix.py)."""

from __future__ import annotations

from .conftest import World
from .matrix_support import BH, SBB, Case, Variant, merge, one, other_of, statuses

# A form page open to anyone; a PUT (an empty form) shows the form again.
OPEN = statuses(200, anon=200)
RESET_TOKEN = {"uidb64": "MQ", "token": "ongeldig-token"}


def _switch(p: str):  # type: ignore[no-untyped-def]
    return lambda w: {"pilot": getattr(w, p).pilot.pk}


CASES: dict[str, Case] = {
    "home": one(statuses(200)),
    "health": one(statuses(200, anon=200)),
    "switch-pilot": Case(
        [
            Variant("own", lambda w: {}, statuses(302), "post", _switch("alpha")),
            Variant(
                "other",
                lambda w: {},
                other_of(statuses(302), **{SBB: 302, BH: 302}),
                "post",
                _switch("beta"),
            ),
        ]
    ),
    # Wrong credentials: the form again, for everyone (failed attempts are counted by axes,
    # in the database, so the cell's rollback forgets them).
    "login": merge(
        one(OPEN),
        one(OPEN, method="post", data=lambda w: {"username": "niemand@x.test", "password": "x"}),
        one(OPEN, method="put"),
    ),
    "logout": one(statuses(302, anon=302), method="post"),
    # An unknown address gets the same answer as a known one (no account enumeration).
    "password_reset": merge(
        one(OPEN),
        one(statuses(302, anon=302), method="post", data=lambda w: {"email": "niemand@x.test"}),
        one(OPEN, method="put"),
    ),
    "password_reset_done": one(OPEN),
    # An invalid link: the page says so, whatever is posted.
    "password_reset_confirm": merge(
        one(OPEN, lambda w: RESET_TOKEN),
        one(
            OPEN,
            lambda w: RESET_TOKEN,
            method="post",
            data=lambda w: {"new_password1": "Matrix-2026-x", "new_password2": "Matrix-2026-x"},
        ),
        one(OPEN, lambda w: RESET_TOKEN, method="put"),
    ),
    "password_reset_complete": one(OPEN),
    "set_language": one(statuses(302, anon=302), method="post", data=lambda w: {"language": "en"}),
}


def setup(world: World) -> None:
    """These pages need nothing beyond the matrix world."""
