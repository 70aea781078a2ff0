"""Draft documents carry a CONCEPT watermark; final ones never do (issue 15). An agreement is a
draft until every party has signed: its download says CONCEPT on every page, while the stored
pages the parties sign (by their SHA-256) and the final PDF with the audit page stay clean. The
monitor report's PDF is a draft until it is submitted."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from monitoring.models import MonitorRapport
from monitoring.pdf import render_rapport
from monitoring.rapport import dien_in, maak_concepten
from overeenkomsten.models import OvereenkomstVersie
from pilots.roles import Role
from praktijkleren.pdf import sha256

from .overeenkomsten_support import genereer, klaar_traject, links, pdf_text, teken, verstuur

pytestmark = pytest.mark.django_db(transaction=True)


def _download(client: Client, versie: OvereenkomstVersie, kind: str) -> bytes:
    response = client.get(reverse("overeenkomsten:pdf", args=[versie.pk, kind]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_draft_agreement_says_concept_on_every_page_and_the_signed_one_does_not(world):
    traject = klaar_traject(world)
    mbo = world.user(Role.MBO_MEDEWERKER)
    client = Client()
    client.force_login(mbo)
    genereer(traject, mbo)
    versies = list(OvereenkomstVersie.objects.filter(overeenkomst__traject=traject))
    assert {v.overeenkomst.soort for v in versies} == {"ook", "pok", "plok"}

    for versie in versies:
        versie.refresh_from_db()
        concept = _download(client, versie, "concept")
        assert "CONCEPT" in pdf_text(concept), versie.overeenkomst.soort
        # What the parties sign is the stored PDF, untouched.
        with versie.pdf.open("rb") as f:
            stored = f.read()
        assert sha256(stored) == versie.pdf_sha256 and "CONCEPT" not in pdf_text(stored)

    verstuur(client, traject)
    for token in links():
        teken(Client(), token)

    for versie in OvereenkomstVersie.objects.filter(overeenkomst__traject=traject):
        assert versie.ondertekend_op is not None and versie.definitief_pdf
        assert "CONCEPT" not in pdf_text(_download(client, versie, "concept"))
        final = pdf_text(_download(client, versie, "definitief"))
        assert "CONCEPT" not in final and versie.overeenkomst.get_soort_display() in final


def test_every_page_of_a_draft_agreement_carries_the_watermark(world):
    traject = klaar_traject(world)
    mbo = world.user(Role.MBO_MEDEWERKER)
    client = Client()
    client.force_login(mbo)
    genereer(traject, mbo)
    versie = OvereenkomstVersie.objects.filter(overeenkomst__traject=traject).first()
    reader = PdfReader(io.BytesIO(_download(client, versie, "concept")))
    assert len(reader.pages) >= 1
    for page in reader.pages:
        assert "CONCEPT" in page.extract_text()


def test_the_monitor_report_pdf_is_a_concept_until_it_is_submitted(world):
    maak_concepten(vandaag=date(2026, 11, 2))
    rapport = MonitorRapport.objects.get(pilot=world.alpha.pilot)
    _html, draft = render_rapport(rapport)
    assert "CONCEPT" in pdf_text(draft)

    rapport = dien_in(
        actor=world.user(Role.PROJECTLEIDER),
        rapport=rapport,
        verschillen="Minder aanmeldingen dan verwacht.",
        wijzigingen="",
    )
    _html, submitted = render_rapport(rapport)
    text = pdf_text(submitted)
    assert "CONCEPT" not in text and "Ingediend" in text
