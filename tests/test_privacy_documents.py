"""Personal data in the documents leaves one way and is erased one way (docs/privacy.md): the
inzage export holds every app's part, anonymising clears the agreements' content and draft PDFs
and the praktijkverklaring, keeps the signed agreement as evidence (out of reach of every page)
and the register entry as printed, and the retention task deletes the evidence after the pilot's
period."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from deelnemers.privacy import anonimiseer, inzage
from ondertekening.models import Ondertekening
from overeenkomsten.bewaartermijn import verwijder_verlopen_bewijs
from overeenkomsten.constants import VersieStatus
from overeenkomsten.models import OvereenkomstVersie
from overeenkomsten.tasks import herstart_pdf_taken
from pilots.roles import Role
from praktijkleren.models import AuditEvent
from trajecten.constants import TrajectStatus, WerkprocesStatus
from trajecten.models import Traject
from trajecten.services import start_traject
from trajecten.voortgang import zet_werkproces_status
from verklaringen.models import MboVerklaring, Praktijkverklaring, Registratie
from verklaringen.services import (
    bereid_praktijkverklaring_voor,
    geef_uit,
    maak_mbo_verklaring,
    verstuur_naar_praktijkopleider,
)

from .overeenkomsten_support import genereer, klaar_traject, last_code, links, teken, verstuur

pytestmark = pytest.mark.django_db(transaction=True)


def _signed_agreements(world, traject):
    mbo = world.user(Role.MBO_MEDEWERKER)
    genereer(traject, mbo)
    client = Client()
    client.force_login(mbo)
    verstuur(client, traject)
    for token in links():
        teken(Client(), token)
    return OvereenkomstVersie.objects.filter(overeenkomst__traject=traject)


def _issued_verklaring(world, traject) -> Registratie:
    mbo, po = world.user(Role.MBO_MEDEWERKER), world.user(Role.PRAKTIJKOPLEIDER)
    if traject.status == TrajectStatus.GEPLAND:  # nothing is beheerst before the start
        start_traject(actor=mbo, traject=traject)
    for tw in traject.traject_werkprocessen.all():
        zet_werkproces_status(
            actor=po,
            traject_werkproces=tw,
            status=WerkprocesStatus.BEHEERST,
            samenvattend_oordeel="Werkt zelfstandig en nauwkeurig.",
        )
    pv = bereid_praktijkverklaring_voor(actor=mbo, traject=traject)
    verstuur_naar_praktijkopleider(actor=mbo, praktijkverklaring=pv)
    token = links(po.email)[-1]
    signer, url = Client(), reverse("ondertekenen", args=[token])
    signer.post(url, {"stap": "code"})
    signer.post(url, {"stap": "controleer", "code": last_code(po.email)})
    signer.post(url, {"stap": "teken", "naam": po.get_full_name(), "akkoord": "on"})
    pv.refresh_from_db()
    mv = maak_mbo_verklaring(actor=mbo, praktijkverklaring=pv)
    return geef_uit(actor=world.user(Role.EXAMENCOMMISSIE), mbo_verklaring=mv)


def test_the_inzage_holds_every_apps_part_of_the_participant(world):
    traject = klaar_traject(world)
    _signed_agreements(world, traject)
    registratie = _issued_verklaring(world, traject)
    export = inzage(traject.deelnemer)
    for section in (
        "deelnemer",
        "intakes",
        "adviezen",
        "trajecten",
        "ondertekeningen",
        "overeenkomsten",
        "praktijkverklaringen",
        "register",
        "tijdlijn",
    ):
        assert section in export, section
    assert {o["soort"] for o in export["overeenkomsten"]} == {"ook", "pok", "plok"}
    assert [r["nummer"] for r in export["register"]] == [registratie.nummer]


def test_anonymising_clears_the_documents_but_keeps_the_evidence_and_the_register(world):
    traject = klaar_traject(world)
    deelnemer = traject.deelnemer
    naam, email = f"{deelnemer.voornaam} {deelnemer.achternaam}", deelnemer.email
    assert email
    versies = _signed_agreements(world, traject)
    registratie = _issued_verklaring(world, traject)
    pok = versies.get(overeenkomst__soort="pok")
    bewijs = pok.definitief_pdf.read()
    mbo = world.user(Role.MBO_MEDEWERKER)
    client = Client()
    client.force_login(mbo)
    definitief_url = reverse("overeenkomsten:pdf", args=[pok.pk, "definitief"])
    assert client.get(definitief_url).status_code == 200

    anonimiseer(actor=mbo, deelnemer=deelnemer, reden="Verzoek van de deelnemer")

    for versie in versies.all():
        assert naam not in str(versie.inhoud) and email not in str(versie.inhoud)
        assert not versie.pdf  # the draft PDF is gone
    pok.refresh_from_db()
    assert pok.definitief_pdf.read() == bewijs  # the signed agreement is kept as evidence ...
    assert client.get(definitief_url).status_code == 404  # ... out of reach of every page
    pv = Praktijkverklaring.objects.get(traject=traject)
    assert naam not in str(pv.inhoud) and not pv.pdf
    assert not MboVerklaring.objects.get(registratie=registratie).pdf
    registratie.refresh_from_db()  # the register keeps the verklaring as printed
    assert registratie.houder_naam == naam and registratie.status == "geldig"
    response = Client().get(reverse("verificatie-code", args=[registratie.verificatiecode]))
    assert response.status_code == 200 and naam in response.content.decode()
    # No sweeper makes a document of the anonymised dossier again.
    OvereenkomstVersie.objects.filter(overeenkomst__traject=traject).update(
        pdf_status="wacht", pdf_aangevraagd_op=pok.created_at - timedelta(hours=1)
    )
    herstart_pdf_taken()
    assert not OvereenkomstVersie.objects.filter(overeenkomst__traject=traject).exclude(pdf="")


def test_the_retention_task_deletes_signed_agreements_after_the_pilots_period(world):
    traject = klaar_traject(world)
    versies = _signed_agreements(world, traject)
    assert versies.filter(status=VersieStatus.ONDERTEKEND).exclude(definitief_pdf="").count() == 3
    pilot = traject.deelnemer.pilot
    pilot.bewaartermijn_documenten_jaren = 7
    pilot.save()
    Traject.objects.filter(pk=traject.pk).update(
        status=TrajectStatus.AFGEROND, einddatum=date(2020, 3, 1)
    )
    # Not yet: the traject ended less than 7 years ago.
    assert verwijder_verlopen_bewijs(vandaag=date(2027, 2, 28)) == 0
    assert versies.exclude(definitief_pdf="").count() == 3
    # Then: every signed PDF of the traject is deleted, once.
    assert verwijder_verlopen_bewijs(vandaag=date(2027, 3, 2)) == 3
    assert not versies.exclude(definitief_pdf="").exists()
    assert not versies.exclude(pdf="").exists()
    assert not versies.filter(bewijs_verwijderd_op__isnull=True).exists()
    assert verwijder_verlopen_bewijs(vandaag=date(2027, 3, 2)) == 0


def test_anonymising_voids_what_is_still_out_for_signing(world):
    traject = klaar_traject(world)
    mbo = world.user(Role.MBO_MEDEWERKER)
    genereer(traject, mbo)
    client = Client()
    client.force_login(mbo)
    verstuur(client, traject)
    token = links()[0]

    anonimiseer(actor=mbo, deelnemer=traject.deelnemer, reden="Verzoek van de deelnemer")

    assert not Ondertekening.objects.filter(traject=traject, vervallen_op__isnull=True).exists()
    signer = Client()
    assert signer.get(reverse("ondertekenen", args=[token])).status_code == 410
    assert signer.get(reverse("ondertekenen-pdf", args=[token])).status_code == 410


def test_anonymising_clears_the_oordeel_also_from_the_audit_trail_and_the_history(world):
    traject = klaar_traject(world)
    Traject.objects.filter(pk=traject.pk).update(status=TrajectStatus.LOPEND)  # it has started
    po = world.user(Role.PRAKTIJKOPLEIDER)
    tw = traject.traject_werkprocessen.first()
    oordeel = "Geheimoordeel: werkt zelfstandig."
    zet_werkproces_status(
        actor=po,
        traject_werkproces=tw,
        status=WerkprocesStatus.BEHEERST,
        samenvattend_oordeel=oordeel,
    )
    client = Client()
    client.force_login(po)
    page = reverse("trajecten:voortgang-werkproces", args=[tw.pk])
    assert oordeel in client.get(page).content.decode()

    anonimiseer(actor=world.user(Role.PROJECTLEIDER), deelnemer=traject.deelnemer, reden="Verzoek")

    assert oordeel not in client.get(page).content.decode()
    events = AuditEvent.objects.filter(object_type="trajecten.trajectwerkproces")
    assert events.exists() and oordeel not in str(list(events.values_list("changes", flat=True)))
    # The status history stays.
    assert any("status" in e for e in events.values_list("changes", flat=True))


def test_the_inzage_pdf_shows_every_apps_part(world):
    traject = klaar_traject(world)
    _signed_agreements(world, traject)
    client = Client()
    client.force_login(world.user(Role.PROJECTLEIDER))
    response = client.get(reverse("deelnemers:inzage-export", args=[traject.deelnemer.pk, "pdf"]))
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for section in ("Trajecten", "Ondertekeningen", "Overeenkomsten"):
        assert section in text, section
