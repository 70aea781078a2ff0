"""Signing for everyone (issue 11): one session per person (one link, one code for all their
documents), signing in person on the mbo's device or on paper for a party without e-mail, the
final signed document e-mailed to every signer as a 30-day link, and the refusal hook."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ondertekening.constants import MAX_SCAN_BYTES, GebeurtenisSoort, PartijRol, Wijze
from ondertekening.models import Ondertekening
from ondertekening.services import Partij, _hash, vraag_ondertekeningen_samen
from overeenkomsten.constants import VersieStatus
from overeenkomsten.models import OvereenkomstVersie
from pilots.roles import Role
from praktijkleren.models import AuditEvent

from .overeenkomsten_support import (
    genereer,
    klaar_traject,
    last_code,
    links,
    pdf_text,
    teken,
    verstuur,
)

# Real commits: the PDFs and e-mails are queued on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

DEFINITIEF = re.compile(r"https?://[^\s]+(/ondertekenen/definitief/[\w-]+/)")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def mbo(world):
    return world.user(Role.MBO_MEDEWERKER)


@pytest.fixture
def traject(world):
    return klaar_traject(world)


@pytest.fixture
def nl(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    return client


def _zonder_email(traject):
    """The participant has no e-mail address (before the agreements are generated)."""
    deelnemer = traject.deelnemer
    deelnemer.email = ""
    deelnemer.save(update_fields=["email"])


def _bevestig(signer, token, email):
    url = reverse("ondertekenen", args=[token])
    signer.get(url)
    signer.post(url, {"stap": "code"})
    signer.post(url, {"stap": "controleer", "code": last_code(email)})
    return url


def test_one_code_signs_the_ook_pok_and_plok_of_the_participant(client, world, traject, mbo):
    genereer(traject, mbo)
    client.force_login(mbo)
    mail.outbox.clear()
    verstuur(client, traject)
    email = traject.deelnemer.email
    # one e-mail with one link for the participant, listing the three documents
    (uitnodiging,) = [m for m in mail.outbox if email in m.to]
    assert len(links(email)) == 1
    for titel in ("OOK", "POK", "PLOK"):
        assert titel in uitnodiging.subject
    assert "met één code" in uitnodiging.body
    token = links(email)[0]
    signer = Client()
    url = _bevestig(signer, token, email)
    assert len([m for m in mail.outbox if email in m.to and "code" in m.subject.lower()]) == 1
    html = signer.get(url).content.decode()
    assert "3 documenten" in html and "Alle 3 documenten ondertekenen" in html
    eigen = list(Ondertekening.objects.filter(traject=traject, rol=PartijRol.DEELNEMER))
    # each document has its own "bekijk PDF" link, serving exactly that document
    for o in eigen:
        pdf = signer.get(reverse("ondertekenen-pdf", args=[token]), {"stuk": o.pk})
        assert pdf.status_code == 200
        assert b"".join(pdf.streaming_content) == o.document.pdf.open("rb").read()
    # another party's signature is not reachable through this link
    ander = Ondertekening.objects.filter(traject=traject).exclude(rol=PartijRol.DEELNEMER)[0]
    assert signer.get(url + "document.pdf", {"stuk": ander.pk}).status_code == 404

    response = signer.post(
        url,
        {"stap": "teken", "naam": eigen[0].naam, "akkoord": "on"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 200
    assert response.content.decode().count("U heeft de ") == 3
    shas = set()
    for o in Ondertekening.objects.filter(traject=traject, rol=PartijRol.DEELNEMER):
        assert o.getekend_op and o.wijze == Wijze.ONLINE and o.ip_adres == "203.0.113.9"
        assert o.document_sha256 == o.document.pdf_sha256
        shas.add(o.document_sha256)
        soorten = set(o.gebeurtenissen.values_list("soort", flat=True))
        assert {"verstuurd", "geopend", "code_verstuurd", "code_goed", "getekend"} <= soorten
    assert len(shas) == 3  # each row its own document's fingerprint
    assert AuditEvent.objects.filter(action="ondertekening.getekend").count() == 3
    # the link is used up
    assert "al gebruikt" in Client().get(url).content.decode()


def test_a_typed_name_that_does_not_match_is_refused_in_dutch(world, traject, mbo, client):
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    token = links(traject.deelnemer.email)[0]
    response = teken(Client(), token, naam="Iemand Anders")
    assert response.status_code == 400
    assert "hoort niet bij de ondertekenaar van dit document" in response.content.decode()
    assert not Ondertekening.objects.filter(getekend_op__isnull=False).exists()


def test_a_parent_sharing_the_address_of_the_child_gets_a_link_of_their_own(world, traject, mbo):
    versies = [o.huidige_versie for o in genereer(traject, mbo).values()][:2]
    mail.outbox.clear()
    adres = "Familie@Example.test"
    vraag_ondertekeningen_samen(
        actor=mbo,
        traject=traject,
        stukken=[
            (
                v,
                [
                    Partij(rol=PartijRol.DEELNEMER, naam="Sam de Vries", email=adres),
                    Partij(
                        rol=PartijRol.VERTEGENWOORDIGER,
                        naam="Anna de Vries",
                        email=adres.lower(),
                    ),
                ],
                v.pdf_sha256,
            )
            for v in versies
        ],
    )
    assert len(mail.outbox) == 2 and len(set(links())) == 2
    rijen = Ondertekening.objects.filter(traject=traject)
    assert rijen.count() == 4
    groepen = {o.rol: set() for o in rijen}
    for o in rijen:
        groepen[o.rol].add(o.groep)
    assert len(groepen["deelnemer"]) == 1 and len(groepen["vertegenwoordiger"]) == 1
    assert groepen["deelnemer"] != groepen["vertegenwoordiger"]


def test_a_participant_without_email_signs_in_person_on_the_mbo_device(nl, world, traject, mbo):
    _zonder_email(traject)
    genereer(traject, mbo)
    nl.force_login(mbo)
    mail.outbox.clear()
    verstuur(nl, traject)
    eigen = list(Ondertekening.objects.filter(traject=traject, rol=PartijRol.DEELNEMER))
    assert len(eigen) == 3 and {o.email for o in eigen} == {""}
    assert all(not o.token_hash and not o.verstuurd_op for o in eigen)
    assert len(mail.outbox) == 3  # the mbo, the leerbedrijf, the mobility team
    # the traject's agreements panel offers both ways
    html = nl.get(traject.get_absolute_url()).content.decode()
    url = reverse("ondertekenen-ter-plekke", args=[eigen[0].pk])
    assert url in html and reverse("ondertekenen-papier", args=[eigen[0].pk]) in html
    assert "Ter plekke ondertekenen" in html
    page = nl.get(url).content.decode()
    assert page.count('data-stuk="') == 3 and "geen e-mailadres" in page
    # nothing filled in: each missing step named in Dutch, nothing signed
    response = nl.post(url, {"naam": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bevestig dat de ondertekenaar zelf aanwezig is." in html
    assert "Bevestig dat u een identiteitsbewijs hebt gecontroleerd." in html
    assert "Kies het soort identiteitsbewijs dat u hebt gecontroleerd." in html
    assert not Ondertekening.objects.filter(getekend_op__isnull=False).exists()
    # the wrong name
    data = {
        "aanwezig": "on",
        "id_gecontroleerd": "on",
        "id_document": "identiteitskaart",
        "naam": "Iemand Anders",
        "akkoord": "on",
    }
    assert "hoort niet bij de ondertekenaar" in nl.post(url, data).content.decode()
    response = nl.post(url, {**data, "naam": eigen[0].naam.lower()}, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302
    for o in Ondertekening.objects.filter(traject=traject, rol=PartijRol.DEELNEMER):
        assert o.getekend_op and o.wijze == Wijze.TER_PLEKKE
        assert o.vastgelegd_door == mbo and o.id_document == "identiteitskaart"
        assert o.ip_adres == "198.51.100.4" and o.document_sha256 == o.document.pdf_sha256
        assert o.gebeurtenissen.filter(soort=GebeurtenisSoort.TER_PLEKKE).exists()
    assert AuditEvent.objects.filter(action="ondertekening.ter_plekke", actor=mbo).count() == 3
    # nothing left for this person
    assert nl.get(url).status_code == 302

    # the others sign online; the audit page of each final PDF names how each signed
    for token in links():
        teken(Client(), token)
    for versie in OvereenkomstVersie.objects.filter(overeenkomst__traject=traject):
        assert versie.status == VersieStatus.ONDERTEKEND
        text = pdf_text(versie.definitief_pdf.read())
        assert "Ter plekke, op het apparaat van de mbo-instelling" in text
        assert "identiteitskaart" in text.lower() and mbo.get_full_name() in text
        assert "Online (persoonlijke link en code per e-mail)" in text


def test_a_party_with_email_can_also_sign_in_person(client, world, traject, mbo):
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    o = Ondertekening.objects.filter(traject=traject, rol=PartijRol.DEELNEMER).first()
    token = links(o.email)[0]
    response = client.post(
        reverse("ondertekenen-ter-plekke", args=[o.pk]),
        {
            "aanwezig": "on",
            "id_gecontroleerd": "on",
            "id_document": "paspoort",
            "naam": o.naam,
            "akkoord": "on",
        },
    )
    assert response.status_code == 302
    assert Ondertekening.objects.filter(rol="deelnemer", wijze="ter_plekke").count() == 3
    # the online link now says it was used
    assert Client().get(reverse("ondertekenen", args=[token])).status_code == 410


def _papier(nl, o, **changes):
    data = {
        "documenten": [x.pk for x in Ondertekening.objects.filter(traject=o.traject, rol=o.rol)],
        "scan": SimpleUploadedFile("scan.png", PNG, content_type="image/png"),
        "datum": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "verklaring": "on",
        **changes,
    }
    return nl.post(reverse("ondertekenen-papier", args=[o.pk]), data)


def test_a_paper_signature_is_recorded_with_its_scan_and_bad_uploads_store_nothing(
    nl, world, traject, mbo
):
    _zonder_email(traject)
    genereer(traject, mbo)
    nl.force_login(mbo)
    verstuur(nl, traject)
    o = Ondertekening.objects.filter(traject=traject, rol=PartijRol.DEELNEMER).first()
    page = nl.get(reverse("ondertekenen-papier", args=[o.pk])).content.decode()
    assert f"de op papier gezette handtekening van {o.naam}" in page
    media = Path(settings.MEDIA_ROOT) / "ondertekening"
    slecht = {
        "De scan moet een PDF-, JPEG- of PNG-bestand zijn.": {
            "scan": SimpleUploadedFile("scan.png", b"GIF89a niet goed", content_type="image/png")
        },
        "het maximum is 10,0\xa0MB": {
            "scan": SimpleUploadedFile("groot.pdf", b"%PDF-" + b"0" * MAX_SCAN_BYTES)
        },
        "kan niet in de toekomst liggen": {
            "datum": (timezone.localdate() + timedelta(days=1)).isoformat()
        },
        "Bevestig de verklaring over de scan.": {"verklaring": ""},
        "Upload de scan van de papieren handtekening.": {"scan": ""},
        "Kies ten minste één document": {"documenten": []},
    }
    for melding, changes in slecht.items():
        response = _papier(nl, o, **changes)
        assert response.status_code == 400, melding
        assert melding in response.content.decode(), melding
    assert not Ondertekening.objects.filter(getekend_op__isnull=False).exists()
    assert not media.exists() or not any(media.rglob("*"))
    assert not AuditEvent.objects.filter(action="ondertekening.papier").exists()

    response = _papier(nl, o)
    assert response.status_code == 302
    rijen = Ondertekening.objects.filter(traject=traject, rol=PartijRol.DEELNEMER)
    scans = {r.scan.name for r in rijen}
    assert len(scans) == 1 and rijen[0].scan.read() == PNG
    for r in rijen:
        assert r.wijze == Wijze.PAPIER and r.vastgelegd_door == mbo
        assert r.papier_datum == timezone.localdate() - timedelta(days=2)
        assert "Ik verklaar dat deze scan de op papier gezette handtekening van" in r.verklaring
        assert r.scan_sha256 and r.gebeurtenissen.filter(soort="papier").exists()
    assert AuditEvent.objects.filter(action="ondertekening.papier").count() == 3
    # the scan is part of the participant's inzage and is deleted when anonymised
    from deelnemers.privacy import anonimiseer, inzage

    export = inzage(traject.deelnemer)["ondertekeningen"]
    assert {e["wijze"] for e in export} == {"papier"} and all(e["scan"] for e in export)
    pad = Path(rijen[0].scan.path)
    anonimiseer(actor=world.user(Role.PROJECTLEIDER), deelnemer=traject.deelnemer, reden="AVG")
    assert not pad.exists()
    assert not Ondertekening.objects.exclude(scan="").exists()


def test_every_signer_gets_a_30_day_link_to_the_final_pdf(client, world, traject, mbo):
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    for token in links():
        teken(Client(), token)
    versies = list(OvereenkomstVersie.objects.filter(overeenkomst__traject=traject))
    assert all(v.definitief_pdf for v in versies)
    berichten = [m for m in mail.outbox if DEFINITIEF.search(m.body)]
    # one per signer per document: OOK 2, POK 3, PLOK 3
    assert len(berichten) == 8
    assert all(m.subject.startswith("Ondertekend:") for m in berichten)
    for m in berichten:
        (adres,) = m.to
        pad = DEFINITIEF.search(m.body).group(1)
        response = Client().get(pad)
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        # exactly the final PDF of that signer's own document
        token = pad.rstrip("/").rsplit("/", 1)[-1]
        o = Ondertekening.objects.get(definitief_token_hash=_hash(f"definitief:{token}"))
        assert o.email == adres and data == o.document.definitief_pdf.open("rb").read()
        assert o.definitief_verloopt_op - timezone.now() > timedelta(days=29, hours=23)
    # expired: a clear Dutch 410
    Ondertekening.objects.update(definitief_verloopt_op=timezone.now() - timedelta(minutes=1))
    response = Client().get(DEFINITIEF.search(berichten[0].body).group(1))
    assert response.status_code == 410
    assert "Deze link is verlopen op" in response.content.decode()
    assert Client().get("/ondertekenen/definitief/verzonnen/").status_code == 404


def test_no_final_pdf_email_for_a_signer_without_email(client, world, traject, mbo):
    _zonder_email(traject)
    genereer(traject, mbo)
    client.force_login(mbo)
    verstuur(client, traject)
    o = Ondertekening.objects.filter(traject=traject, rol=PartijRol.DEELNEMER).first()
    _papier(client, o)
    for token in links():
        teken(Client(), token)
    assert OvereenkomstVersie.objects.filter(status=VersieStatus.ONDERTEKEND).count() == 3
    berichten = [m for m in mail.outbox if DEFINITIEF.search(m.body)]
    assert len(berichten) == 5 and all(m.to != [""] for m in berichten)
    assert not Ondertekening.objects.filter(rol="deelnemer").exclude(definitief_token_hash="")


def _trek_erkenning_in(world, mbo):
    """The leerbedrijf's SBB recognition is revoked, through the real register."""
    from erkenningen.constants import ErkenningSoort, ErkenningStatus
    from erkenningen.models import Erkenning
    from erkenningen.services import leg_vast

    erkenning = Erkenning.objects.get(
        organisatie=world.alpha.leerbedrijf, soort=ErkenningSoort.LEERBEDRIJF
    )
    leg_vast(
        actor=mbo,
        organisatie=erkenning.organisatie,
        kwalificatie=erkenning.kwalificatie,
        soort=erkenning.soort,
        status=ErkenningStatus.INGETROKKEN,
        sinds=timezone.localdate(),
        bron="SBB register",
        gecontroleerd_op=timezone.localdate(),
    )


def test_the_blokkade_hook_refuses_signing_with_its_message(nl, world, traject, mbo):
    genereer(traject, mbo)
    nl.force_login(mbo)
    verstuur(nl, traject)
    email = traject.deelnemer.email
    signer = Client()
    url = _bevestig(signer, links(email)[0], email)
    _trek_erkenning_in(world, mbo)  # after the code was confirmed
    html = signer.get(url).content.decode()
    assert "Ondertekenen is op dit moment niet mogelijk" in html
    assert "Leerbedrijf Alphastad" in html and "ingetrokken" in html
    assert 'data-stap="tekenen"' not in html
    naam = Ondertekening.objects.filter(email=email).first().naam
    response = signer.post(url, {"stap": "teken", "naam": naam, "akkoord": "on"})
    assert response.status_code == 400
    assert "Ondertekenen is op dit moment niet mogelijk" in response.content.decode()
    # in person and on paper too
    o = Ondertekening.objects.filter(email=email).first()
    response = nl.post(
        reverse("ondertekenen-ter-plekke", args=[o.pk]),
        {
            "aanwezig": "on",
            "id_gecontroleerd": "on",
            "id_document": "rijbewijs",
            "naam": naam,
            "akkoord": "on",
        },
    )
    assert response.status_code == 400
    assert "Ondertekenen is op dit moment niet mogelijk" in response.content.decode()
    assert _papier(nl, o).status_code == 400
    assert not Ondertekening.objects.filter(getekend_op__isnull=False).exists()
