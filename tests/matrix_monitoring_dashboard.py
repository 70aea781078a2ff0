"""Tenancy-matrix cases for the monitoring dashboard URLs (merged into tests/test_tenancy_matrix.py)."""

from __future__ import annotations

from .conftest import World
from .matrix_support import Case

CASES: dict[str, Case] = {}


def setup(world: World) -> None:
    """Add the objects these cases need to the matrix world (both pilots)."""
