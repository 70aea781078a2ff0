"""Tenancy-matrix case for /favicon.ico (merged into tests/test_tenancy_matrix.py): public, no
data; every browser asks it, signed in or not, and is sent to the icon."""

from __future__ import annotations

from .conftest import World
from .matrix_support import Case, one, statuses

CASES: dict[str, Case] = {
    "favicon": one(statuses(301, anon=301)),
}


def setup(world: World) -> None:
    """The icon needs nothing beyond the matrix world."""
