"""The participant's own dossier (issue 17): signing their agreements in the portal, their
progress with their own STARR reflections, their verklaring as the sealed PDF and their data
(inzage as JSON and PDF); the portal's data in the inzage and erased on anonymising."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from deelnemers.models import Toestemming
from deelnemers.privacy import anonimiseer
from ondertekening.constants import PartijRol, Wijze
from ondertekening.models import Ondertekening
from pilots.roles import Role
from portaal.models import Deellink, DeellinkGebruik, Inlogverzoek
from praktijkleren.models import AuditEvent
from trajecten.models import VoortgangEntry

from .overeenkomsten_support import genereer, klaar_traject, verstuur
from .test_portaal import deelnemer_met_toegang, log_in, uitgegeven_verklaring
from .test_portaal_delen import GEDEELD, maak

pytestmark = pytest.mark.django_db(transaction=True)


def verstuurd_traject(world):
    traject = klaar_traject(world)
    mbo = world.user(Role.MBO_MEDEWERKER)
    genereer(traject, mbo)
    staff = Client()
    staff.force_login(mbo)
    verstuur(staff, traject)
    Toestemming.objects.create(deelnemer=traject.deelnemer, gegeven=True, doelen=[])
    return traject


def test_the_participant_signs_their_agreements_in_the_portal(client, world):
    traject = verstuurd_traject(world)
    d = traject.deelnemer
    log_in(client, d)
    dossier = client.get(reverse("portaal-dossier")).content.decode()
    assert "Onderwijsovereenkomst (OOK): wat u en de school" in dossier
    pagina = client.get(reverse("portaal-ondertekenen"))
    assert pagina.content.decode().count("data-stuk=") == 3
    eigen = Ondertekening.objects.filter(traject=traject, rol=PartijRol.DEELNEMER)
    pdf = client.get(reverse("portaal-document", args=[eigen[0].pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    fout = client.post(reverse("portaal-ondertekenen"), {"naam": "Iemand Anders", "akkoord": "on"})
    assert fout.status_code == 400 and "hoort niet bij de ondertekenaar" in fout.content.decode()
    response = client.post(reverse("portaal-ondertekenen"), {"naam": str(d), "akkoord": "on"})
    assert response.status_code == 302
    assert {o.wijze for o in eigen} == {Wijze.ONLINE} and all(o.getekend_op for o in eigen)
    assert AuditEvent.objects.filter(action="portaal.ondertekend").count() == 3
    # Other parties still sign through their own links.
    assert Ondertekening.objects.filter(traject=traject, getekend_op__isnull=True).exists()


def test_a_signature_asked_at_another_address_is_not_signed_in_the_portal(client, world):
    traject = verstuurd_traject(world)
    d = traject.deelnemer
    d.email = "nieuw@alpha.test"
    d.save(update_fields=["email"])
    log_in(client, d)
    pagina = client.get(reverse("portaal-ondertekenen")).content.decode()
    assert "data-elders" in pagina and 'data-stap="tekenen"' not in pagina
    response = client.post(reverse("portaal-ondertekenen"), {"naam": str(d), "akkoord": "on"})
    assert response.status_code == 400
    assert not Ondertekening.objects.filter(traject=traject, getekend_op__isnull=False).exists()


def test_the_participant_reads_progress_and_adds_a_starr_reflection(client, world):
    traject = klaar_traject(world)
    d = traject.deelnemer
    Toestemming.objects.create(deelnemer=d, gegeven=True, doelen=[])
    tw = traject.traject_werkprocessen.order_by("werkproces__code").first()
    log_in(client, d)
    assert tw.werkproces.code in client.get(reverse("portaal-voortgang")).content.decode()
    url = reverse("portaal-reflectie", args=[tw.pk])
    leeg = client.post(url, {"datum": timezone.localdate().isoformat()})
    assert leeg.status_code == 400 and "Schrijf op wat u deed." in leeg.content.decode()
    assert not VoortgangEntry.objects.exists()
    response = client.post(
        url,
        {"datum": timezone.localdate().isoformat(), "situatie": "Vrachtwagen kwam te laat", "actie": "Pakbon "
         "gecontroleerd", "reflectie": "Eerst tellen, dan tekenen"},
    )  # fmt: skip
    assert response.status_code == 302
    entry = VoortgangEntry.objects.get()
    assert entry.door_deelnemer and entry.auteur is None and entry.soort == "starr"
    assert "door u geschreven" in client.get(reverse("portaal-voortgang")).content.decode()


def test_the_participant_downloads_their_verklaring_and_their_data(client, world):
    d = deelnemer_met_toegang(world)
    mv = uitgegeven_verklaring(world)
    log_in(client, d)
    pdf = client.get(reverse("portaal-verklaring-pdf", args=[mv.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    maak(client, mv.registratie)
    data = json.loads(client.get(reverse("portaal-inzage", args=["json"])).content)
    assert data["deelnemer"]["voornaam"] == "Adaalpha"
    assert data["portaal_deellinks"][0]["registratie"] == "MV-2027-000001"
    assert data["portaal_inlogverzoeken"][0]["ingelogd_op"]
    brief = client.get(reverse("portaal-inzage", args=["pdf"]))
    assert brief.status_code == 200 and brief.content.startswith(b"%PDF")
    assert client.get(reverse("portaal-inzage", args=["xml"])).status_code == 404


def test_anonymising_erases_the_portal_data(client, world):
    d = deelnemer_met_toegang(world)
    mv = uitgegeven_verklaring(world)
    log_in(client, d)
    pad = GEDEELD.search(maak(client, mv.registratie).content.decode()).group(1)
    Client().get(pad)
    anonimiseer(actor=world.user(Role.PROJECTLEIDER), deelnemer=d, reden="Verzoek")
    assert not Inlogverzoek.objects.exists() and not Deellink.objects.exists()
    assert not DeellinkGebruik.objects.exists()
    assert Client().get(pad).status_code == 404
    assert client.get(reverse("portaal-dossier")).status_code == 302


def test_the_dossier_page_costs_the_same_with_one_or_three_agreements(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    traject = verstuurd_traject(world)
    log_in(client, traject.deelnemer)
    client.get(reverse("portaal-dossier"))

    laatste: list = []

    def kosten() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as q:
            body = client.get(reverse("portaal-dossier")).content.decode()
        laatste[:] = q.captured_queries
        return len(q.captured_queries), body.count("overeenkomst (")

    drie, getoond = kosten()
    assert getoond >= 3
    eigen = Ondertekening.objects.filter(traject=traject, rol=PartijRol.DEELNEMER).order_by("pk")
    Ondertekening.objects.filter(pk__in=[o.pk for o in eigen[1:]]).update(
        vervallen_op=timezone.now()
    )
    een, getoond_een = kosten()
    assert getoond_een < getoond
    assert drie == een, "\n".join(q["sql"][:200] for q in laatste)
