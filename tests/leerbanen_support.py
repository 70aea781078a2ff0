"""Shared building blocks of the leerbanen and matching tests (no tests of its own): kwalificaties
with werkprocessen, a WSP member, a positive advice, leerbanen recorded through the service."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from erkenningen.constants import ErkenningSoort, ErkenningStatus
from erkenningen.models import Erkenning
from intake.constants import Route
from intake.services import geef_advies
from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces
from leerbanen.services import leg_leerbaan_vast, zoek_leerbaan
from pilots.roles import Role

from .conftest import PilotWorld


def kwalificatie(
    crebo: str, naam: str, domein: str, n: int
) -> tuple[Kwalificatie, list[Werkproces]]:
    k, _ = Kwalificatie.objects.get_or_create(
        crebo=crebo, defaults={"naam": naam, "niveau": "2", "domein": domein}
    )
    kt, _ = Kerntaak.objects.get_or_create(
        kwalificatie=k, code="B1-K1", defaults={"naam": "Kerntaak"}
    )
    wps = [
        Werkproces.objects.get_or_create(
            kerntaak=kt,
            kwalificatie=k,
            code=f"B1-K1-W{i + 1}",
            defaults={"naam": f"Werkproces {i + 1}"},
        )[0]
        for i in range(n)
    ]
    return k, wps


def wsp(pw: PilotWorld) -> Any:
    """The pilot's werkgeversservicepunt member (tests/conftest.py)."""
    return pw.users[Role.WSP]


def positief_advies(
    pw: PilotWorld, deelnemer: Any = None, route: str = Route.PRAKTIJKVERKLARING
) -> Any:
    return geef_advies(
        actor=pw.users[Role.MBO_MEDEWERKER],
        deelnemer=deelnemer or pw.other_deelnemer,
        route=route,
        onderbouwing="Leert het best in de praktijk.",
        volgende_stap="Leerbaan zoeken met het WSP.",
    )


def erkenning(org: Any, k: Kwalificatie, status: str = ErkenningStatus.ERKEND) -> Erkenning:
    return Erkenning.objects.create(
        organisatie=org,
        kwalificatie=k,
        soort=ErkenningSoort.LEERBEDRIJF,
        status=status,
        sinds=date(2024, 3, 1) if status == ErkenningStatus.ERKEND else None,
        bron="SBB register",
        gecontroleerd_op=date(2026, 11, 20),
        vastgelegd_op=timezone.now(),
    )


def leerbaan(pw: PilotWorld, **kw: Any) -> Any:
    """A leerbaan recorded by the pilot's projectleider; by default at the pilot's leerbedrijf,
    its praktijkopleider the contact person, open from today for 60 days."""
    vandaag = timezone.localdate()
    fields: dict[str, Any] = {
        "organisatie": pw.leerbedrijf,
        "titel": "Medewerker magazijn",
        "postcode": "9991 AA",
        "plaats": "Alfastad",
        "uren_per_week": 32,
        "start_vanaf": vandaag,
        "start_tot": vandaag + timedelta(days=60),
        "contactpersoon": pw.users[Role.PRAKTIJKOPLEIDER],
    }
    fields.update(kw)
    return leg_leerbaan_vast(actor=pw.users[Role.PROJECTLEIDER], pilot=pw.pilot, **fields)


def zoekvraag(pw: PilotWorld, deelnemer: Any = None, **kw: Any) -> Any:
    deelnemer = deelnemer or pw.other_deelnemer
    return zoek_leerbaan(actor=pw.users[Role.MBO_MEDEWERKER], deelnemer=deelnemer, **kw)
