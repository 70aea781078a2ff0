"""Tenancy-matrix cases for the monitor export API (merged into tests/test_tenancy_matrix.py).

Counts only: SBB-monitor and beheerder may ask for any pilot (or all); a projectleider only for
their own pilot; other pilot roles get 403 for their own pilot and 404 for another."""

from __future__ import annotations

from typing import Any

from .conftest import World
from .matrix_support import BH, PL, SBB, Case, Variant, other_of, statuses

EXPORT = statuses(403, anon=401, **{PL: 200, SBB: 200, BH: 200})


def _query(p: str) -> Any:
    return lambda w: {"peildatum": "2026-12-31", "pilot": getattr(w, p).pilot.code}


CASES: dict[str, Case] = {
    "api-monitor-export": Case(
        [
            Variant("own", lambda w: {}, EXPORT, data=_query("alpha")),
            Variant("other", lambda w: {}, other_of(EXPORT), data=_query("beta")),
        ]
    ),
}


def setup(world: World) -> None:
    """The export needs nothing beyond the matrix world (its pilots and participants)."""
