"""Tenancy-matrix cases for the register and the public verification pages and API (merged into
tests/test_tenancy_matrix.py). Also `maak_registratie`, used by the register and verification
tests."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.core.cache import cache

from verklaringen.constants import RegistratieStatus
from verklaringen.models import Registratie

from .conftest import World
from .matrix_support import (
    ANON,
    BH,
    EXA,
    MBO,
    PL,
    SBB,
    WSP,
    Case,
    Variant,
    merge,
    one,
    other_of,
    own_other,
    statuses,
)

# The holder's name as printed; deliberately not the participant's marker name, so the public
# pages (which show it to anyone holding the code) can be checked for other leaks.
HOUDER_ALPHA = "Hendrika Houder"
CODE_ALPHA = "RGSTRA234567"
CODE_BETA = "RGSTRB234567"
_volgnummer = itertools.count(1)

WERKPROCESSEN = [
    {
        "code": "B1-K1-W1",
        "naam": "Bereidt de werkzaamheden voor",
        "kerntaak": {"code": "B1-K1", "naam": "Voert werkzaamheden uit"},
        "crebo": "25250",
        "kwalificatie": "Assistent bouwen, wonen en onderhoud",
        "niveau": "Entree",
        "domein": "Bouw en infra",
    },
    {
        "code": "B1-K1-W2",
        "naam": "Voert onderhoud uit",
        "kerntaak": {"code": "B1-K1", "naam": "Voert werkzaamheden uit"},
        "crebo": "25250",
        "kwalificatie": "Assistent bouwen, wonen en onderhoud",
        "niveau": "Entree",
        "domein": "Bouw en infra",
    },
]


def maak_registratie(world: World, p: str = "alpha", **velden: Any) -> Registratie:
    """A register entry of pilot `p`'s participant, issued by its mbo-instelling."""
    pw = getattr(world, p)
    n = next(_volgnummer)
    data: dict[str, Any] = {
        "nummer": f"PV-2026-{p}-{n:05d}",
        "verificatiecode": f"TSTCDE{n:06d}".replace("0", "Z").replace("1", "Y"),
        "pilot": pw.pilot,
        "deelnemer": pw.deelnemer,
        "instelling": pw.mbo,
        "instelling_naam": pw.mbo.naam,
        "uitgegeven_op": date(2027, 3, 1),
        "houder_naam": str(pw.deelnemer),
        "werkprocessen": WERKPROCESSEN,
        "pdf_sha256": "",
        "status": RegistratieStatus.GELDIG,
    }
    data.update(velden)
    return Registratie.objects.create(**data)


# The register list: roles that see every participant of the pilot; SBB never (holder names).
REGISTER = statuses(403, **{PL: 200, MBO: 200, EXA: 200, BH: 200})
# Revoking: the examencommissie of the issuing institution (and the platform beheerder).
# Only the examencommissie of the institution revokes: not the beheerder either.
INTREKKEN = statuses(403, **{EXA: 200, SBB: 404})
INTREKKEN_POST = statuses(403, **{EXA: 302, SBB: 404})
# Public: anyone, also without an account.
OPENBAAR = statuses(200, anon=200)
OPENBAAR_LEEG = statuses(400, anon=400)
API_VIEW = statuses(200, anon=401, **{SBB: 404, WSP: 403})
API_REVOKE = statuses(403, anon=401, **{EXA: 200, SBB: 404})


def _pk(w: World, p: str) -> dict[str, Any]:
    return {"pk": w.extra[f"registratie_{p}"].pk}


def _reden(w: World) -> dict[str, Any]:
    return {"reden": "Matrix: fout in de naam"}


CASES: dict[str, Case] = {
    "verklaringen:register": one(REGISTER),
    "verklaringen:register-intrekken": Case(
        [
            Variant("own", lambda w: _pk(w, "alpha"), INTREKKEN),
            Variant("other", lambda w: _pk(w, "beta"), other_of(INTREKKEN)),
            Variant(
                "own, POST",
                lambda w: _pk(w, "alpha"),
                INTREKKEN_POST,
                method="post",
                data=_reden,
            ),
            Variant(
                "other, POST",
                lambda w: _pk(w, "beta"),
                other_of(INTREKKEN_POST),
                method="post",
                data=_reden,
            ),
        ]
    ),
    # Checking an uploaded PDF: public; posted without a file, the form says what is missing.
    "verificatie": merge(one(OPENBAAR), one(OPENBAAR_LEEG, method="post")),
    "verificatie-code": Case(
        [
            Variant("alpha's code", lambda w: {"code": CODE_ALPHA}, OPENBAAR),
            Variant(
                "unknown code",
                lambda w: {"code": "ABCDEFGHJKMN"},
                statuses(404, anon=404),
            ),
        ]
    ),
    "registratie-list": one(statuses(200, anon=401)),
    "registratie-detail": own_other(API_VIEW, other_of(API_VIEW), _pk),
    "registratie-revoke": own_other(
        API_REVOKE, other_of(API_REVOKE), _pk, method="post", data=_reden
    ),
    "api-verificatie": merge(
        one(OPENBAAR, data=lambda w: {"code": CODE_ALPHA}), one(OPENBAAR_LEEG, method="post")
    ),
}
assert INTREKKEN[ANON] == 302


def setup(world: World) -> None:
    """A register entry in each pilot; alpha's has a neutral printed name, beta's carries the
    beta markers (so a leak of beta's register shows)."""
    world.extra["registratie_alpha"] = maak_registratie(
        world, "alpha", verificatiecode=CODE_ALPHA, houder_naam=HOUDER_ALPHA
    )
    world.extra["registratie_beta"] = maak_registratie(world, "beta", verificatiecode=CODE_BETA)
    # The public pages are rate limited per IP address; the matrix asks from one address.
    cache.clear()
