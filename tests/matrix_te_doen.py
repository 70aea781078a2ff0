"""Tenancy-matrix cases for the "Te doen" list (merged into tests/test_tenancy_matrix.py): the
start page itself is in matrix_accounts ("home"); here "opnieuw versturen" from the list. It sends
a fresh signing link for a signature on the user's own pilot's traject when they may change that
traject (the mbo, the projectleider); a signatory with an account only for their own signature
(none of the matrix users is the signatory here: 403 for those who see the traject). Another
pilot's signature does not exist for them (404)."""

from __future__ import annotations

from .conftest import World
from .matrix_support import BH, MBO, PL, SBB, Case, other_of, own_other, statuses

OPNIEUW = statuses(403, **{PL: 302, MBO: 302, BH: 302, SBB: 404})


def _ondertekening(w: World, p: str) -> dict[str, int]:
    return {"pk": w.extra[f"ondertekening_{p}"].pk}


CASES: dict[str, Case] = {
    "te-doen-opnieuw": own_other(OPNIEUW, other_of(OPNIEUW), _ondertekening, method="post"),
}


def setup(world: World) -> None:
    """Uses the signature on each pilot's agreement version made by matrix_overeenkomsten."""
