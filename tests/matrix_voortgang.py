"""Tenancy-matrix cases for the voortgang URLs (merged into tests/test_tenancy_matrix.py).

Recording progress ("voortgang"): mbo-medewerker, projectleider and the traject's granted
praktijkopleider and jobcoach. Marking a werkproces beheerst: only the traject's own
praktijkopleider (not even the beheerder). Quality reviews: mbo-medewerker and projectleider."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from pilots.roles import Role
from trajecten.constants import TrajectStatus
from trajecten.models import TrajectWerkproces

from .conftest import World
from .factories import traject_rij
from .matrix_support import (
    BH,
    DEELNEMER_EDIT,
    JC,
    MBO,
    PL,
    PO,
    SBB,
    VW,
    WSP,
    Case,
    Variant,
    done,
    merge,
    other_of,
    own_other,
    own_other_write,
    statuses,
)

VIEWERS = statuses(200, **{SBB: 404, WSP: 403})
RECORDERS_POST = statuses(403, **{PL: 302, MBO: 302, PO: 302, JC: 302, BH: 302, SBB: 404})
JUDGE_POST = statuses(403, **{PO: 302, SBB: 404})
API_VIEWERS = statuses(200, anon=401, **{SBB: 404, WSP: 403})
API_RECORDERS = statuses(403, anon=401, **{PL: 201, MBO: 201, PO: 201, JC: 201, BH: 201, SBB: 404})
API_STATUS = statuses(403, anon=401, **{PL: 200, MBO: 200, PO: 200, JC: 200, BH: 200, SBB: 404})
API_JUDGE = statuses(403, anon=401, **{PO: 200, SBB: 404})


def _tw(w: World, p: str) -> TrajectWerkproces:
    return w.extra[f"tw_{p}"]


def _tw_pk(w: World, p: str) -> dict[str, Any]:
    return {"pk": _tw(w, p).pk}


def _traject_pk(w: World, p: str) -> dict[str, Any]:
    return {"pk": getattr(w, p).traject.pk}


def _entry(w: World) -> dict[str, Any]:
    return {"soort": "opdracht", "datum": timezone.localdate().isoformat(), "tekst": "Pallets"}


def _api_entry(p: str) -> Any:
    return lambda w: {**_entry(w), "traject_werkproces": _tw(w, p).pk}


def _moment(w: World, p: str) -> dict[str, Any]:
    return {"moment": "start", "datum": timezone.localdate().isoformat(), "uitkomst": "op_koers"}


BEZIG = {"status": "bezig"}
BEHEERST = {"status": "beheerst", "samenvattend_oordeel": "Werkt zelfstandig en veilig."}


def _both(own: dict[str, int], kwargs: Any, data: dict[str, Any], label: str = "") -> list:
    return [
        Variant(f"own{label}", lambda w: kwargs(w, "alpha"), own, "post", lambda w: data),
        Variant(
            f"other{label}",
            lambda w: kwargs(w, "beta"),
            other_of(own),
            "post",
            lambda w: data,
        ),
    ]


def _status_kwargs(w: World, p: str) -> dict[str, Any]:
    return {"pk": getattr(w, p).traject.pk, "werkproces_pk": _tw(w, p).pk}


# Marking beheerst needs a traject that has started (issue 11): its own running traject.
def _gestart_pk(w: World, p: str) -> dict[str, Any]:
    return {"pk": w.extra[f"tw_gestart_{p}"].pk}


def _gestart_status_kwargs(w: World, p: str) -> dict[str, Any]:
    tw = w.extra[f"tw_gestart_{p}"]
    return {"pk": tw.traject_id, "werkproces_pk": tw.pk}


CASES: dict[str, Case] = {
    "trajecten:mijn-deelnemers": Case(
        [Variant("-", lambda w: {}, statuses(403, **{VW: 200, PO: 200, JC: 200, BH: 200}))]
    ),
    "trajecten:voortgang-werkproces": own_other(VIEWERS, other_of(VIEWERS), _tw_pk),
    "trajecten:voortgang-entry": Case(
        [
            Variant("own", lambda w: _tw_pk(w, "alpha"), RECORDERS_POST, "post", _entry),
            Variant("other", lambda w: _tw_pk(w, "beta"), other_of(RECORDERS_POST), "post", _entry),
        ]
    ),
    "trajecten:voortgang-status": Case(
        _both(RECORDERS_POST, _tw_pk, BEZIG)
        + _both(JUDGE_POST, _gestart_pk, BEHEERST, ", beheerst")
    ),
    # A review recorded (302); a PUT (no form data) shows the form again with its errors.
    "trajecten:voortgang-kwaliteitsmoment": merge(
        own_other(DEELNEMER_EDIT, other_of(DEELNEMER_EDIT), _traject_pk),
        own_other_write(
            done(DEELNEMER_EDIT), other_of(done(DEELNEMER_EDIT)), _traject_pk, "post", _moment
        ),
        own_other_write(DEELNEMER_EDIT, other_of(DEELNEMER_EDIT), _traject_pk, "put"),
    ),
    "traject-list": Case([Variant("-", lambda w: {}, statuses(200, anon=401))]),
    "traject-detail": own_other(API_VIEWERS, other_of(API_VIEWERS), _traject_pk),
    "traject-voortgang": Case(
        [
            Variant(
                "own", lambda w: _traject_pk(w, "alpha"), API_RECORDERS, "post", _api_entry("alpha")
            ),
            Variant(
                "other",
                lambda w: _traject_pk(w, "beta"),
                other_of(API_RECORDERS),
                "post",
                _api_entry("beta"),
            ),
        ]
    ),
    "traject-werkproces-status": Case(
        _both(API_STATUS, _status_kwargs, BEZIG)
        + _both(API_JUDGE, _gestart_status_kwargs, BEHEERST, ", beheerst")
    ),
}


def setup(world: World) -> None:
    """Add the objects these cases need to the matrix world (both pilots)."""
    for p in ("alpha", "beta"):
        pw = getattr(world, p)
        world.extra[f"tw_{p}"] = TrajectWerkproces.objects.create(
            traject=pw.traject, werkproces=world.extra["werkproces"]
        )
        gestart = traject_rij(
            actor=pw.users[Role.MBO_MEDEWERKER],
            deelnemer=pw.deelnemer,
            leerbedrijf=pw.leerbedrijf,
            praktijkopleider=pw.users[Role.PRAKTIJKOPLEIDER],
            jobcoach=pw.users[Role.JOBCOACH],
            status=TrajectStatus.LOPEND,
            startdatum=timezone.localdate() - timedelta(days=30),
        )
        world.extra[f"tw_gestart_{p}"] = TrajectWerkproces.objects.create(
            traject=gestart, werkproces=world.extra["werkproces"]
        )
