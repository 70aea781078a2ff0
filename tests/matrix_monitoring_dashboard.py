"""Tenancy-matrix cases for the monitoring dashboard URLs (merged into tests/test_tenancy_matrix.py)."""

from __future__ import annotations

from datetime import date

from monitoring.constants import RapportStatus
from monitoring.models import MonitorRapport

from .conftest import World
from .matrix_support import BH, PL, SBB, Case, one, other_of, own_other, pilot_code, statuses

# A pilot's charts: its projectleider, SBB and the beheerder; other roles of the pilot 403.
DASHBOARD = statuses(403, **{PL: 200, SBB: 200, BH: 200})
# National figures: SBB and the beheerder only.
LANDELIJK = statuses(403, **{SBB: 200, BH: 200})
# The PDF of a submitted report: whoever may read the report.
RAPPORT_PDF = statuses(403, **{PL: 200, SBB: 200, BH: 200})


def _rapport(w: World, p: str) -> dict[str, int]:
    return {"pk": w.extra[f"dashboard_rapport_{p}"].pk}


CASES: dict[str, Case] = {
    "monitoring:dashboard": own_other(DASHBOARD, other_of(DASHBOARD), pilot_code),
    "monitoring:landelijk": one(LANDELIJK),
    "monitoring:landelijk-pdf": one(LANDELIJK),
    "monitoring:rapport-pdf": own_other(RAPPORT_PDF, other_of(RAPPORT_PDF), _rapport),
}


def setup(world: World) -> None:
    """Add the objects these cases need to the matrix world (both pilots)."""
    for p in ("alpha", "beta"):
        world.extra[f"dashboard_rapport_{p}"] = MonitorRapport.objects.create(
            pilot=getattr(world, p).pilot,
            periode_start=date(2026, 7, 1),
            periode_eind=date(2026, 8, 31),
            status=RapportStatus.INGEDIEND,
            cijfers={"periode": "2026-07/08"},
            verschillen="Zoals verwacht",
        )
