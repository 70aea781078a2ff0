"""Demo data of leerbanen (called by praktijkleren.demo.seed_demo): a few leerbanen in
Noorderkwartier recorded by the WSP, and a candidate with a positive advice looking for one."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from deelnemers.constants import DeelnemerStatus
from deelnemers.models import Deelnemer
from kwalificaties.models import Kwalificatie, Werkproces

from .models import Leerbaan, Zoekvraag
from .selectors import huidig_advies, is_positief
from .services import leg_leerbaan_vast, zoek_leerbaan


def seed_leerbanen(
    *, today: date, pilot: Any, orgs: dict[str, Any], wsp: Any, praktijkopleider: Any, mbo: Any
) -> None:
    """Once: three open leerbanen and the first waiting candidate with a positive advice marked
    as looking for a leerbaan (with wishes), so the matching list has something to rank."""
    if Leerbaan.objects.filter(pilot=pilot).exists():
        return
    kwalificaties = list(Kwalificatie.objects.order_by("crebo")[:3])
    if not kwalificaties:
        return
    eerste = kwalificaties[0]
    wps = list(Werkproces.objects.filter(kwalificatie=eerste).order_by("code")[:4])
    specs = [
        ("Medewerker groenvoorziening", orgs["groenwerk"], "1704 BM", "Heerhugowaard",
         praktijkopleider, [], wps, 32, 2),
        ("Medewerker facilitaire dienst", orgs["sw"], "1812 LV", "Alkmaar", wsp,
         kwalificaties[1:2], [], 24, 1),
        ("Helpende in de zorg", orgs["zorg"], "1741 BN", "Schagen", wsp,
         kwalificaties[2:3], [], 28, 1),
    ]  # fmt: skip
    for titel, org, postcode, plaats, contact, kwal, werkprocessen, uren, plaatsen in specs:
        leg_leerbaan_vast(
            actor=wsp, pilot=pilot, organisatie=org, titel=titel, postcode=postcode,
            plaats=plaats, uren_per_week=uren, start_vanaf=today,
            start_tot=today + timedelta(days=90), contactpersoon=contact,
            kwalificaties=kwal or [eerste], werkprocessen=werkprocessen, plaatsen=plaatsen,
        )  # fmt: skip
    for deelnemer in Deelnemer.objects.filter(
        pilot=pilot, status=DeelnemerStatus.ADVIES_GEGEVEN
    ).order_by("pk"):
        if (
            is_positief(huidig_advies(deelnemer))
            and not Zoekvraag.objects.filter(deelnemer=deelnemer).exists()
        ):
            zoek_leerbaan(
                actor=mbo, deelnemer=deelnemer, postcode4="1811", plaats="Alkmaar",
                uren_per_week=32, werkprocessen=wps, start_vanaf=today + timedelta(days=14),
                toelichting="Wil buiten werken.",
            )  # fmt: skip
            break
