"""Demo data for `make run`: one traject whose agreements are out for signing (the signing
e-mails, with their personal links, appear in the terminal of `make run`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from deelnemers.models import Deelnemer
from kwalificaties.models import Werkproces
from pilots.models import Organisatie
from trajecten.models import Traject
from trajecten.services import maak_traject, registreer_erkenning

from .models import OvereenkomstVersie
from .services import (
    genereer_overeenkomsten,
    render_versie_pdf,
    verstuur_ter_ondertekening,
    wijzig_overeenkomst,
)


def seed_overeenkomsten(
    *, today: date, mbo: Any, praktijkopleider: Any, orgs: dict[str, Organisatie]
) -> None:
    deelnemer = Deelnemer.objects.filter(referentie="DEMO-004").first()  # Dennis Smit
    if deelnemer is None or Traject.objects.filter(deelnemer=deelnemer).exists():
        return
    werkprocessen = list(
        Werkproces.objects.filter(kwalificatie__niveau="Entree")
        .select_related("kwalificatie")
        .order_by("kwalificatie__crebo", "code")[:3]
    )
    if not werkprocessen:
        return
    deelnemer.email = "dennis.smit@example.test"
    deelnemer.save(update_fields=["email"])
    start = today + timedelta(days=14)
    traject = maak_traject(
        actor=mbo,
        deelnemer=deelnemer,
        werkprocessen=werkprocessen,
        leerbedrijf=orgs["groenwerk"],
        mbo_instelling=orgs["roc"],
        startdatum=start,
        geplande_einddatum=start + timedelta(weeks=26),
        praktijkopleider=praktijkopleider,
        uren_per_week=32,
        financieringsbron="perspectief_op_werk",
    )
    for erkenning in traject.erkenningen.all():
        registreer_erkenning(actor=mbo, erkenning=erkenning, erkend=True)
    genereer_overeenkomsten(actor=mbo, traject=traject)
    # The PLOK is signed for the mobility team by a klantmanager of the referring gemeente:
    # version 2 shows how a change makes a new version.
    plok = traject.overeenkomsten.get(soort="plok")
    versie = plok.huidige_versie
    assert versie is not None
    partijen = [
        {
            **p,
            "organisatie_id": orgs["denhelder"].pk,
            "organisatie": orgs["denhelder"].naam,
            "naam": "Karim Boukhari",
            "email": "klantmanager@denhelder.demo",
        }
        if p["rol"] == "mobiliteitsteam"
        else p
        for p in versie.inhoud["partijen"]
    ]
    wijzig_overeenkomst(actor=mbo, overeenkomst=plok, wijzigingen={"partijen": partijen})
    # Seeding runs in one transaction: render now (the queued task will find the PDFs done).
    for versie in OvereenkomstVersie.objects.filter(overeenkomst__traject=traject, pdf=""):
        render_versie_pdf(versie.pk)
    verstuur_ter_ondertekening(actor=mbo, traject=traject)
