"""Tenancy-matrix cases for the bi-monthly monitor reports (merged into
tests/test_tenancy_matrix.py)."""

from __future__ import annotations

from datetime import date

from monitoring.constants import RapportStatus
from monitoring.models import MonitorRapport

from .conftest import World
from .matrix_support import (
    BH,
    PL,
    SBB,
    Case,
    merge,
    one,
    other_of,
    own_other,
    own_other_write,
    pilot_code,
    statuses,
)

# A submitted report: its projectleider and SBB read it; other roles of the pilot do not.
VIEW = statuses(403, **{PL: 200, SBB: 200, BH: 200})
# Submitting again is refused with the form (400); only the projectleider may try.
INDIENEN = statuses(403, **{PL: 400, BH: 400})
HEROPENEN = statuses(403, **{SBB: 302, BH: 302})
# Making the draft of the last finished period, and saving a draft's texts: the projectleider
# (and the beheerder); a second click finds the existing draft (302 again).
SCHRIJVEN = statuses(403, **{PL: 302, BH: 302})
# SBB never sees a draft: it does not exist for them.
CONCEPT = {**SCHRIJVEN, SBB: 404}


def _rapport(w: World, p: str) -> dict[str, int]:
    return {"pk": w.extra[f"rapport_{p}"].pk}


def _concept(w: World, p: str) -> dict[str, int]:
    return {"pk": w.extra[f"concept_{p}"].pk}


def _label(case: Case, soort: str) -> Case:
    for variant in case.variants:
        variant.label = f"{variant.label} {soort}"
    return case


def _verhaal(w: World, p: str) -> dict[str, str]:
    return {"verschillen": "Zoals verwacht", "financiering": "Uit de regiogelden"}


CASES: dict[str, Case] = {
    "monitoring:rapporten": one(statuses(200)),
    "monitoring:rapport": own_other(VIEW, other_of(VIEW), _rapport),
    "monitoring:rapport-indienen": own_other(INDIENEN, other_of(INDIENEN), _rapport, method="post"),
    "monitoring:rapport-concept": own_other_write(SCHRIJVEN, other_of(SCHRIJVEN), pilot_code),
    # A submitted report is not saved (400 with the form); a draft is.
    "monitoring:rapport-opslaan": merge(
        own_other(INDIENEN, other_of(INDIENEN), _rapport, method="post"),
        _label(own_other_write(CONCEPT, other_of(CONCEPT), _concept, data=_verhaal), "draft"),
    ),
    "monitoring:rapport-heropenen": own_other(
        HEROPENEN, other_of(HEROPENEN), _rapport, method="post"
    ),
}


def setup(world: World) -> None:
    for p in ("alpha", "beta"):
        world.extra[f"rapport_{p}"] = MonitorRapport.objects.create(
            pilot=getattr(world, p).pilot,
            periode_start=date(2026, 9, 1),
            periode_eind=date(2026, 10, 31),
            status=RapportStatus.INGEDIEND,
            cijfers={"periode": "2026-09/10"},
            verschillen="Zoals verwacht",
        )
        world.extra[f"concept_{p}"] = MonitorRapport.objects.create(
            pilot=getattr(world, p).pilot,
            periode_start=date(2026, 5, 1),
            periode_eind=date(2026, 6, 30),
        )
