"""Tenancy-matrix cases for the second factor (merged into tests/test_tenancy_matrix.py): one's
own verification, enrolment, security page and recovery codes, and the beheerder's reset of
another user's second factor. The matrix runs with TWO_FACTOR_REQUIRED off and without devices:
the verification then sends everyone to the enrolment."""

from __future__ import annotations

from pilots.roles import Role

from .conftest import World
from .matrix_support import BH, Case, Variant, merge, one, statuses

WRONG_CODE = {"token": "000000"}
# National: only the platform beheerder (superusers pass too); anyone else 403.
BEHEERDER = statuses(403, **{BH: 200})
BEHEERDER_POST = statuses(403, **{BH: 302})


def _target(p: str):  # type: ignore[no-untyped-def]
    """A verwijzer of pilot `p` (own: alpha, other: beta) as the user to reset."""
    return lambda w: {"pk": getattr(w, p).users[Role.VERWIJZER].pk}


def _reset(method: str, expected: dict[str, int]) -> list[Variant]:
    return [
        Variant("own", _target("alpha"), expected, method),
        Variant("other", _target("beta"), expected, method),
        # The beheerder's own: refused with a message (their security page is the way).
        Variant("self", lambda w: {"pk": w.beheerder.pk}, expected, method),
        Variant("unknown", lambda w: {"pk": 999999}, statuses(403, **{BH: 404}), method),
    ]


CASES: dict[str, Case] = {
    # No device: everyone is sent to the enrolment, the code is not even tried.
    "tweefactor-verifieer": merge(
        one(statuses(302)), one(statuses(302), method="post", data=lambda w: WRONG_CODE)
    ),
    # The enrolment page for everyone signed in; a wrong code shows the form again.
    "tweefactor-instellen": merge(
        one(statuses(200)), one(statuses(200), method="post", data=lambda w: WRONG_CODE)
    ),
    "beveiliging": one(statuses(200)),
    # New recovery codes without a device: refused with a message, back to the security page.
    "tweefactor-herstelcodes": one(statuses(302), method="post"),
    "pilots:tweefactor-gebruikers": Case(
        [
            Variant("-", lambda w: {}, BEHEERDER),
            Variant("search", lambda w: {}, BEHEERDER, data=lambda w: {"q": "beta"}),
        ]
    ),
    "pilots:tweefactor-herstellen": Case(
        [*_reset("get", BEHEERDER), *_reset("post", BEHEERDER_POST)]
    ),
}


def setup(world: World) -> None:
    """These pages need nothing beyond the matrix world."""
