"""Tenancy-matrix cases for the ondertekening URLs (merged into tests/test_tenancy_matrix.py)."""

from __future__ import annotations

from .matrix_support import Case

CASES: dict[str, Case] = {}


def setup(world: object) -> None:
    """Adds nothing yet."""
