"""Tenancy-matrix cases for the monitoring import URLs (merged into tests/test_tenancy_matrix.py)."""

from __future__ import annotations

from typing import Any

from monitoring.models import ImportOpdracht

from .conftest import World
from .matrix_support import (
    BH,
    PILOT_CHANGE,
    PILOT_CHANGE_POST,
    PL,
    SBB,
    Case,
    Variant,
    other_of,
    own_other,
    pilot_code,
    statuses,
)

# The upload form posted empty is refused with the form (400), for the projectleider only.
UPLOAD_POST = statuses(403, **{PL: 400, BH: 400})
# The export: projectleider (own pilot), SBB-monitor and beheerder (national).
EXPORT = statuses(403, **{PL: 200, SBB: 200, BH: 200})
EXPORT_BAD = statuses(403, **{PL: 400, SBB: 400, BH: 400})


def _opdracht(w: World, p: str) -> dict[str, Any]:
    return {"pk": w.extra[f"import_{p}"].pk}


def _variants(case: Case, label: str) -> list[Variant]:
    for v in case.variants:
        v.label = f"{v.label} {label}"
    return case.variants


CASES: dict[str, Case] = {
    "monitoring:import-upload": Case(
        _variants(own_other(PILOT_CHANGE, other_of(PILOT_CHANGE), pilot_code), "get")
        + _variants(
            own_other(UPLOAD_POST, other_of(UPLOAD_POST), pilot_code, method="post"), "post"
        )
    ),
    "monitoring:import": own_other(PILOT_CHANGE, other_of(PILOT_CHANGE), _opdracht),
    # A finished import cannot be confirmed again: back to its page.
    "monitoring:import-bevestigen": own_other(
        PILOT_CHANGE_POST, other_of(PILOT_CHANGE_POST), _opdracht, method="post"
    ),
    "monitoring:export": Case(
        [
            Variant("form", lambda w: {}, EXPORT),
            Variant(
                "json",
                lambda w: {},
                EXPORT,
                data=lambda w: {"peildatum": "2021-01-13", "format": "json"},
            ),
            Variant(
                "csv",
                lambda w: {},
                EXPORT,
                data=lambda w: {"peildatum": "2021-01-13", "format": "csv"},
            ),
            Variant(
                "bad date",
                lambda w: {},
                EXPORT_BAD,
                data=lambda w: {"peildatum": "13-01-2021", "format": "xlsx"},
            ),
        ]
    ),
}


def setup(world: World) -> None:
    """Add the objects these cases need to the matrix world (both pilots)."""
    for p in ("alpha", "beta"):
        pw = getattr(world, p)
        world.extra[f"import_{p}"] = ImportOpdracht.objects.create(
            pilot=pw.pilot,
            created_by=pw.users[PL],
            status=ImportOpdracht.Status.KLAAR,
            voortgang=100,
            voorbeeld={"counts": {"deelnemers": {"created": 1, "updated": 0, "unchanged": 0}}},
            resultaat={
                "counts": {"deelnemers": {"created": 1, "updated": 0, "unchanged": 0}},
                "errors": [],
            },
        )
