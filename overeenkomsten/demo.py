"""Demo data for `make run`: the erkenning register, and trajecten whose agreements show every
route (README, "Demo"):

- Dennis Smit (Noorderkwartier, Perspectief op Werk): OOK, POK and PLOK out for signing (the
  signing e-mails, with their personal links, appear in the terminal of `make run`);
- Anouk de Vries (Noorderkwartier), 17 at the start: her father co-signs the OOK and POK;
- Nick Peters (Justitie landelijk, a national pilot): OOK and POK only, no PLOK; he has no
  e-mail address and signs in person at the mbo-instelling;
- Jeroen van Beek (Rivierenland): blocked, "erkenning aangevraagd" for the leerbedrijf.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from deelnemers.models import Deelnemer
from kwalificaties.models import Werkproces
from pilots.models import Organisatie
from trajecten.models import Traject
from trajecten.services import maak_traject

from .models import OvereenkomstVersie
from .services import (
    genereer_overeenkomsten,
    render_versie_pdf,
    verstuur_ter_ondertekening,
    wijzig_overeenkomst,
)


def seed_overeenkomsten(
    *,
    today: date,
    mbo: Any,
    praktijkopleider: Any,
    orgs: dict[str, Organisatie],
    jobcoach: Any = None,
    mbo_justitie: Any = None,
) -> None:
    seed_erkenningen(today=today, mbo=mbo, orgs=orgs)
    _seed_dennis(
        today=today, mbo=mbo, praktijkopleider=praktijkopleider, orgs=orgs, jobcoach=jobcoach
    )
    _seed_routes(
        today=today,
        mbo=mbo,
        praktijkopleider=praktijkopleider,
        orgs=orgs,
        mbo_justitie=mbo_justitie or mbo,
    )


def _seed_dennis(
    *, today: date, mbo: Any, praktijkopleider: Any, orgs: dict[str, Organisatie], jobcoach: Any
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
        loon_of_uitkering="uitkering",
        jobcoach=jobcoach,
    )
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


# The leerbedrijf whose application for the crebo is still pending with SBB.
AANGEVRAAGD_BIJ = "logistiek"
SBB_CONTACT = "SBB-adviseur praktijkleren Marieke de Boer, 088 338 00 00"


def _entree() -> list[Any]:
    from kwalificaties.models import Kwalificatie

    return list(Kwalificatie.objects.filter(niveau="Entree").order_by("crebo"))


def seed_erkenningen(*, today: date, mbo: Any, orgs: dict[str, Organisatie]) -> None:
    """Every demo leerbedrijf recognised by SBB for the Entree kwalificaties, and both
    mbo-instellingen by DUO for the derde leerweg; the logistics centre has applied for the
    first Entree crebo and waits."""
    from erkenningen.constants import ErkenningSoort, ErkenningStatus
    from erkenningen.services import leg_vast

    gecontroleerd = today - timedelta(days=7)
    kwalificaties = _entree()
    for key in ("groenwerk", "logistiek", "zorg", "sw", "roc", "vakcollege"):
        org = orgs[key]
        mbo_instelling = key in ("roc", "vakcollege")
        for i, kwalificatie in enumerate(kwalificaties):
            aangevraagd = key == AANGEVRAAGD_BIJ and i == 0
            leg_vast(
                actor=mbo,
                organisatie=org,
                kwalificatie=kwalificatie,
                soort=ErkenningSoort.DERDE_LEERWEG
                if mbo_instelling
                else ErkenningSoort.LEERBEDRIJF,
                status=ErkenningStatus.AANGEVRAAGD if aangevraagd else ErkenningStatus.ERKEND,
                sinds=None if aangevraagd else date(2019, 8, 1),
                bron="DUO" if mbo_instelling else "SBB register",
                gecontroleerd_op=gecontroleerd,
                contact=SBB_CONTACT if aangevraagd else "",
            )


def _route_traject(
    *,
    referentie: str,
    today: date,
    mbo: Any,
    leerbedrijf: Organisatie,
    mbo_instelling: Organisatie,
    praktijkopleider: Any = None,
    **fields: Any,
) -> Traject | None:
    deelnemer = Deelnemer.objects.filter(referentie=referentie).first()
    kwalificaties = _entree()
    if (
        deelnemer is None
        or not kwalificaties
        or Traject.objects.filter(deelnemer=deelnemer).exists()
    ):
        return None
    werkprocessen = list(
        Werkproces.objects.filter(kwalificatie=kwalificaties[0])
        .select_related("kwalificatie")
        .order_by("code")[:3]
    )
    start = today + timedelta(days=21)
    traject = maak_traject(
        actor=mbo,
        deelnemer=deelnemer,
        werkprocessen=werkprocessen,
        leerbedrijf=leerbedrijf,
        mbo_instelling=mbo_instelling,
        startdatum=start,
        geplande_einddatum=start + timedelta(weeks=26),
        praktijkopleider=praktijkopleider,
        uren_per_week=24,
        **fields,
    )
    genereer_overeenkomsten(actor=mbo, traject=traject)
    if praktijkopleider is None:
        # The werkleider who signs for the leerbedrijf has no account here: named by the mbo.
        for overeenkomst in traject.overeenkomsten.all():
            versie = overeenkomst.huidige_versie
            assert versie is not None
            partijen = [
                {**p, "naam": "Kees Werkman", "email": "k.werkman@werkom.demo"}
                if p["rol"] == "leerbedrijf"
                else p
                for p in versie.inhoud["partijen"]
            ]
            wijzigingen: dict[str, Any] = {"partijen": partijen}
            if "praktijkopleider" in versie.inhoud:
                wijzigingen["praktijkopleider"] = "Kees Werkman"
            if {**versie.inhoud, **wijzigingen} != versie.inhoud:
                wijzig_overeenkomst(actor=mbo, overeenkomst=overeenkomst, wijzigingen=wijzigingen)
    for versie in OvereenkomstVersie.objects.filter(overeenkomst__traject=traject, pdf=""):
        render_versie_pdf(versie.pk)
    return traject


def _seed_routes(
    *, today: date, mbo: Any, praktijkopleider: Any, orgs: dict[str, Organisatie], mbo_justitie: Any
) -> None:
    # A minor: 17 at the start; her father co-signs the OOK and POK.
    anouk = Deelnemer.objects.filter(referentie="DEMO-001").first()
    if anouk is not None and not Traject.objects.filter(deelnemer=anouk).exists():
        start = today + timedelta(days=21)
        anouk.geboortedatum = (
            date(start.year - 17, 1, 15) if start.month > 1 else date(start.year - 18, 6, 15)
        )
        anouk.email = "anouk.devries@example.test"
        anouk.vertegenwoordiger_naam = "Marco de Vries"
        anouk.vertegenwoordiger_email = "marco.devries@example.test"
        anouk.mbo_contact = mbo
        anouk.save()
        traject = _route_traject(
            referentie="DEMO-001", today=today, mbo=mbo, leerbedrijf=orgs["groenwerk"],
            mbo_instelling=orgs["roc"], praktijkopleider=praktijkopleider,
            financieringsbron="gemeente", loon_of_uitkering="loon",
        )  # fmt: skip
        if traject is not None:
            verstuur_ter_ondertekening(actor=mbo, traject=traject)
    # A national pilot: OOK and POK only. Nick Peters is detained and has no e-mail address:
    # he signs in person on the mbo-medewerker's device.
    Deelnemer.objects.filter(referentie="DEMO-014").update(mbo_contact=mbo_justitie)
    traject = _route_traject(
        referentie="DEMO-014", today=today, mbo=mbo_justitie, leerbedrijf=orgs["sw"],
        mbo_instelling=orgs["vakcollege"], financieringsbron="overig",
        kosten_betaald_door="Dienst Justitiële Inrichtingen",
    )  # fmt: skip
    if traject is not None:
        verstuur_ter_ondertekening(actor=mbo_justitie, traject=traject)
    # Blocked: the logistics centre's erkenning for this crebo is still being applied for.
    _route_traject(
        referentie="DEMO-010", today=today, mbo=mbo, leerbedrijf=orgs[AANGEVRAAGD_BIJ],
        mbo_instelling=orgs["roc"], financieringsbron="uwv", loon_of_uitkering="uitkering",
    )  # fmt: skip
