"""Tenancy-matrix cases for the public pages of the footer (praktijkleren/pages.py): the privacy
statement, the toegankelijkheidsverklaring and contact are open to anyone, signed in or not, and
show no pilot's data (merged into tests/test_tenancy_matrix.py)."""

from __future__ import annotations

from .conftest import World
from .matrix_support import Case, one, statuses

OPEN = statuses(200, anon=200)

CASES: dict[str, Case] = {
    "privacyverklaring": one(OPEN),
    "toegankelijkheidsverklaring": one(OPEN),
    "contact": one(OPEN),
}


def setup(world: World) -> None:
    """The pages need no objects."""
