"""Tenancy-matrix cases for the erkenningen URLs (merged into tests/test_tenancy_matrix.py).

The register is shared reference data without personal data: every role reads it, the
mbo-medewerker and the projectleider (of any pilot) and the beheerder record it, SBB confirms
it. The record of the other pilot's leerbedrijf answers the same as the own (not tenant-owned).
The admin shows it read-only: no add, change or delete, not even for the beheerder."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from erkenningen.constants import ErkenningSoort, ErkenningStatus
from erkenningen.services import leg_vast

from .conftest import World
from .matrix_support import (
    BH,
    MBO,
    PL,
    PL_STAFF,
    SBB,
    WRITE_METHODS,
    Case,
    Variant,
    done,
    merge,
    one,
    statuses,
)

RECORD = statuses(403, **{PL: 200, MBO: 200, BH: 200})
CONFIRM = statuses(403, **{SBB: 302, BH: 302})
ADMIN_VIEW = statuses(302, **{BH: 200, PL_STAFF: 200})
ADMIN_REFUSED = statuses(302, **{BH: 403, PL_STAFF: 403})


def _today() -> str:
    return timezone.localdate().isoformat()


def _record_data(w: World) -> dict[str, Any]:
    return {
        "organisatie": w.alpha.leerbedrijf.pk,
        "kwalificatie": w.extra["kwalificatie"].pk,
        "soort": ErkenningSoort.LEERBEDRIJF,
        "status": ErkenningStatus.AANGEVRAAGD,
        "sinds": _today(),
        "bron": "SBB register",
        "gecontroleerd_op": _today(),
        "contact": "SBB-adviseur Matrix",
    }


def _change_data(w: World) -> dict[str, Any]:
    return {
        "status": ErkenningStatus.INGETROKKEN,
        "sinds": _today(),
        "bron": "SBB register",
        "gecontroleerd_op": _today(),
    }


def _form(kwargs: Any, data: Any) -> Case:
    """GET, a valid POST and a PUT (a form view takes it as a POST without form data: the form
    again with its errors, so the answers of the GET), on alpha's and beta's record."""
    variants = []
    for label, key in (("own", "erkenning_alpha"), ("other", "erkenning_beta")):
        kw = kwargs(key)
        variants += [
            Variant(label, kw, RECORD),
            Variant(f"{label}, post", kw, done(RECORD), method="post", data=data),
            Variant(f"{label}, put", kw, RECORD, method="put"),
        ]
    return Case(variants)


def _pk(key: str) -> Any:
    return lambda w: {"pk": w.extra[key].pk}


def _obj(key: str) -> Any:
    return lambda w: {"object_id": w.extra[key].pk}


CASES: dict[str, Case] = {
    "erkenningen:list": one(statuses(200)),
    "erkenningen:create": merge(
        one(RECORD),
        one(done(RECORD), method="post", data=_record_data),
        one(RECORD, method="put"),
    ),
    "erkenningen:update": _form(_pk, _change_data),
    "erkenningen:confirm": Case(
        [
            Variant("own", _pk("erkenning_alpha"), CONFIRM, method="post"),
            Variant("other", _pk("erkenning_beta"), CONFIRM, method="post"),
            # A record that does not exist: 404 for SBB; the others are refused before.
            Variant(
                "missing", lambda w: {"pk": 987654}, statuses(403, **{SBB: 404, BH: 404}), "post"
            ),
        ]
    ),
    # The admin: look up only.
    "admin:erkenningen_erkenning_changelist": merge(
        one(ADMIN_VIEW),
        # The delete action is not offered: the list again, nothing deleted.
        one(
            ADMIN_VIEW,
            method="post",
            data=lambda w: {
                "action": "delete_selected",
                "_selected_action": [w.extra["erkenning_alpha"].pk],
                "post": "yes",
            },
        ),
    ),
    "admin:erkenningen_erkenning_add": merge(one(ADMIN_REFUSED), one(ADMIN_REFUSED, method="post")),
    "admin:erkenningen_erkenning_change": merge(
        one(ADMIN_VIEW, _obj("erkenning_alpha")),
        one(ADMIN_REFUSED, _obj("erkenning_alpha"), method="post"),
    ),
    "admin:erkenningen_erkenning_history": one(ADMIN_VIEW, _obj("erkenning_alpha")),
    "admin:erkenningen_erkenning_delete": merge(
        one(ADMIN_REFUSED, _obj("erkenning_alpha")),
        one(ADMIN_REFUSED, _obj("erkenning_alpha"), method="post", data=lambda w: {"post": "yes"}),
    ),
    # The bare object URL only redirects to the change URL, whatever the method.
    "admin/erkenningen/erkenning/<path:object_id>/": merge(
        one(statuses(302), _obj("erkenning_alpha")),
        *(one(statuses(302), _obj("erkenning_alpha"), method=m) for m in WRITE_METHODS),
    ),
}


def setup(world: World) -> None:
    """A recognition of each pilot's leerbedrijf for the matrix world's kwalificatie."""
    sinds = timezone.localdate() - timedelta(days=400)
    for p in ("alpha", "beta"):
        world.extra[f"erkenning_{p}"] = leg_vast(
            actor=world.beheerder,
            organisatie=getattr(world, p).leerbedrijf,
            kwalificatie=world.extra["kwalificatie"],
            soort=ErkenningSoort.LEERBEDRIJF,
            status=ErkenningStatus.ERKEND,
            sinds=sinds,
            bron="SBB register",
            gecontroleerd_op=timezone.localdate(),
        )
