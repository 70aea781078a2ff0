"""Tenancy-matrix cases for the API's general endpoints: root, token, schema, pilots,
organisations, kwalificaties, participants, intakes and advice (merged into
tests/test_tenancy_matrix.py). PUT and PATCH are sent as JSON."""

from __future__ import annotations

from typing import Any

from .conftest import World
from .factories import PASSWORD
from .matrix_support import (
    BH,
    INTAKE_API,
    JC,
    MBO,
    PL,
    PO,
    SBB,
    VW,
    WSP,
    Case,
    Variant,
    merge,
    one,
    other_of,
    own_other,
    own_other_write,
    pilot_code,
    statuses,
)

API_ALL = statuses(200, anon=401)
# Changing a pilot: its projectleider and the beheerder; the others who may read it 403.
PILOT_UPDATE = statuses(403, anon=401, **{PL: 200, BH: 200})
# Changing the shared organisation registry: the projectleider (an organisation that is a
# partner of their pilot) and the beheerder.
ORGANISATIE_CREATE = statuses(403, anon=401, **{PL: 201, BH: 201})
ORGANISATIE_UPDATE = statuses(403, anon=401, **{PL: 200, BH: 200})
ORGANISATIE_UPDATE_OTHER = statuses(403, anon=401, **{BH: 200})


WRONG_LOGIN = {"username": "x", "password": "y"}


def _pl_login(w: World) -> dict[str, Any]:
    return {"username": w.user(PL).email, "password": PASSWORD}


def aanmelding(pilot: str) -> dict[str, Any]:
    return {
        "pilot": pilot,
        "voornaam": "Matrix",
        "achternaam": "Kandidaat",
        "geboortedatum": "1990-01-01",
        "email": "matrix@example.test",
        "situatie": "werkzoekend",
        "toestemming": True,
    }


def _pilot(w: World, p: str) -> dict[str, Any]:
    return {
        "naam": "Pilot Matrixregio",
        "soort": "regionaal",
        "tranche": 2,
        "arbeidsmarktregio": "Matrixland",
        "doelgroep": "",
        "startdatum": "2019-04-01",
        "streefaantal": 50,
        "financieringsbronnen": [],
    }


def _organisatie(w: World, p: str = "") -> dict[str, Any]:
    return {"naam": "Matrix Bouw BV", "soort": "leerbedrijf", "plaats": "Utrecht"}


def _organisatie_pk(w: World, p: str) -> dict[str, Any]:
    return {"pk": getattr(w, p).verwijzer_org.pk}


def _organisatie_update(w: World, p: str) -> dict[str, Any]:
    return {"naam": f"Gemeente {p.title()}stad", "soort": "gemeente", "plaats": "Utrecht"}


CASES: dict[str, Case] = {
    "api-root": one(API_ALL),
    # The token endpoint ignores the caller's session: wrong credentials are a 400 for everyone,
    # right ones give a token of that account (not the caller's) to everyone.
    "api-token": Case(
        [
            Variant("wrong", lambda w: {}, statuses(400, anon=400), "post", lambda w: WRONG_LOGIN),
            Variant("right", lambda w: {}, statuses(200, anon=200), "post", _pl_login),
        ]
    ),
    "schema": one(statuses(200, anon=200)),
    "api-docs": one(statuses(200, anon=200)),
    "pilot-list": one(API_ALL),
    "pilot-detail": merge(
        own_other(API_ALL, other_of(API_ALL), pilot_code),
        own_other_write(
            PILOT_UPDATE, other_of(PILOT_UPDATE, **{SBB: 403}), pilot_code, "put", _pilot
        ),
        own_other_write(
            PILOT_UPDATE,
            other_of(PILOT_UPDATE, **{SBB: 403}),
            pilot_code,
            "patch",
            lambda w, p: {"streefaantal": 60},
        ),
    ),
    "organisatie-list": merge(
        one(API_ALL), one(ORGANISATIE_CREATE, method="post", data=_organisatie)
    ),
    "organisatie-detail": merge(
        own_other(API_ALL, API_ALL, _organisatie_pk),
        own_other_write(
            ORGANISATIE_UPDATE,
            ORGANISATIE_UPDATE_OTHER,
            _organisatie_pk,
            "put",
            _organisatie_update,
        ),
        own_other_write(
            ORGANISATIE_UPDATE,
            ORGANISATIE_UPDATE_OTHER,
            _organisatie_pk,
            "patch",
            lambda w, p: {"plaats": "Matrixstad"},
        ),
    ),
    "kwalificatie-list": one(API_ALL),
    "kwalificatie-detail": one(API_ALL, lambda w: {"crebo": w.extra["kwalificatie"].crebo}),
    "deelnemer-list": one(API_ALL),
    "intake-list": one(API_ALL),
    "intake-detail": own_other(
        INTAKE_API, other_of(INTAKE_API), lambda w, p: {"pk": w.extra[f"intake_{p}"].pk}
    ),
    "advies-list": one(API_ALL),
    "advies-detail": own_other(
        INTAKE_API, other_of(INTAKE_API), lambda w, p: {"pk": w.extra[f"advies_{p}"].pk}
    ),
    "deelnemer-aanmelden": Case(
        [
            Variant(
                "own",
                lambda w: {},
                statuses(403, anon=401, **{PL: 201, MBO: 201, VW: 201, BH: 201}),
                method="post",
                data=lambda w: aanmelding("alpha"),
            ),
            Variant(
                "other",
                lambda w: {},
                statuses(404, anon=401, **{SBB: 403, BH: 201}),
                method="post",
                data=lambda w: aanmelding("beta"),
            ),
        ]
    ),
    "deelnemer-detail": Case(
        [
            Variant(
                "own",
                lambda w: {"pk": w.alpha.deelnemer.pk},
                statuses(200, anon=401, **{SBB: 404, WSP: 403}),
            ),
            Variant(
                "own, not granted",
                lambda w: {"pk": w.alpha.other_deelnemer.pk},
                statuses(200, anon=401, **{VW: 403, PO: 403, JC: 403, SBB: 404, WSP: 403}),
            ),
            Variant(
                "other",
                lambda w: {"pk": w.beta.deelnemer.pk},
                other_of(statuses(200, anon=401, **{SBB: 404})),
            ),
        ]
    ),
}


def setup(world: World) -> None:
    """These endpoints need nothing beyond the matrix world."""
