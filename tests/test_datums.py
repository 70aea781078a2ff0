"""Dutch dates on every page and document (issue 15, docs/dates.md): "12 maart 2026" in documents
and sentences, "12-03-2026" where space is tight, periods as "sep-okt 2026" (with an en dash). No ISO date
(YYYY-MM-DD) in the text a person reads; input values, attributes and the machine formats of
exports and the API keep theirs."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from pypdf import PdfReader

from monitoring.definities import TOT, periode_label, periode_naam
from monitoring.models import MonitorRapport
from monitoring.rapport import maak_concepten
from overeenkomsten.models import OvereenkomstVersie
from pilots.roles import Role
from verklaringen.models import MboVerklaring, Praktijkverklaring

from .overeenkomsten_support import klaar_traject
from .test_privacy_documents import _issued_verklaring, _signed_agreements

ISO_DATUM = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


class _Zichtbaar(HTMLParser):
    """The text a person sees: no attributes (values of inputs, data-*, datetime), no scripts,
    styles or the contents of a textarea (an input value)."""

    VERBORGEN = frozenset({"script", "style", "textarea", "template"})

    def __init__(self) -> None:
        super().__init__()
        self.delen: list[str] = []
        self.diepte = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.VERBORGEN:
            self.diepte += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VERBORGEN and self.diepte:
            self.diepte -= 1

    def handle_data(self, data: str) -> None:
        if not self.diepte:
            self.delen.append(data)


def zichtbare_tekst(html: str) -> str:
    parser = _Zichtbaar()
    parser.feed(html)
    return " ".join(parser.delen)


def pdf_tekst(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def geen_iso(tekst: str, waar: str) -> None:
    gevonden = ISO_DATUM.findall(tekst)
    assert not gevonden, f"ISO date(s) {gevonden} in {waar}"


def test_the_dutch_formats_are_one_style():
    with translation.override("nl"):
        assert date_format(date(2026, 3, 12)) == "12 maart 2026"
        assert date_format(date(2026, 3, 2), "SHORT_DATE_FORMAT") == "02-03-2026"
        assert date_format(datetime(2026, 3, 2, 9, 5), "DATETIME_FORMAT") == "2 maart 2026 09:05"
        assert (
            date_format(datetime(2026, 3, 2, 9, 5), "SHORT_DATETIME_FORMAT") == "02-03-2026 09:05"
        )


def test_a_period_reads_as_its_months_and_keeps_its_key_in_exports():
    with translation.override("nl"):
        assert periode_naam(date(2026, 1, 1), date(2026, 2, 28)) == f"jan{TOT}feb 2026"
        assert periode_naam(date(2026, 3, 1), date(2026, 4, 30)) == f"mrt{TOT}apr 2026"
    # The SBB export and the API keep the machine key (/work/shared/formats).
    assert periode_label(date(2026, 3, 1), date(2026, 4, 30)) == "2026-03/04"


@pytest.mark.django_db
def test_the_monitor_report_names_its_period_in_words(client, world):
    maak_concepten(vandaag=date(2026, 11, 2))
    rapport = MonitorRapport.objects.get(pilot=world.alpha.pilot)
    client.force_login(world.user(Role.PROJECTLEIDER))
    html = client.get(rapport.get_absolute_url()).content.decode()
    tekst = zichtbare_tekst(html)
    assert f"sep{TOT}okt 2026" in tekst
    assert "2026-09/10" not in tekst
    geen_iso(tekst, "the monitor report page")


@pytest.mark.django_db
def test_the_monitor_report_pdf_has_dutch_dates(world):
    from monitoring.pdf import render_rapport

    maak_concepten(vandaag=date(2026, 11, 2))
    rapport = MonitorRapport.objects.get(pilot=world.alpha.pilot)
    _html, pdf = render_rapport(rapport)
    tekst = pdf_tekst(pdf)
    assert f"sep{TOT}okt 2026" in tekst and "1 september 2026" in tekst
    geen_iso(tekst, "the monitor report PDF")


@pytest.mark.django_db(transaction=True)
def test_no_document_or_page_of_a_traject_shows_an_iso_date(world):
    traject = klaar_traject(world)
    versies = _signed_agreements(world, traject)
    _issued_verklaring(world, traject)
    pv = Praktijkverklaring.objects.get(traject=traject)
    mv = MboVerklaring.objects.get(praktijkverklaring=pv)

    # The documents, as stored and served.
    for versie in OvereenkomstVersie.objects.filter(pk__in=versies):
        for bestand in (versie.pdf, versie.definitief_pdf):
            with bestand.open("rb") as f:
                geen_iso(pdf_tekst(f.read()), bestand.name)
    for bestand in (pv.pdf, pv.pdf_ondertekend, mv.pdf):
        if bestand:
            with bestand.open("rb") as f:
                tekst = pdf_tekst(f.read())
            geen_iso(tekst, bestand.name)
    with mv.pdf.open("rb") as f:
        assert "2 november 2026" in pdf_tekst(f.read())  # the learning period, in words

    # The pages that show them, in Dutch.
    client = Client()
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    paginas = [
        traject.deelnemer.get_absolute_url(),
        reverse("trajecten:traject-detail", args=[traject.pk]),
        pv.get_absolute_url(),
        mv.get_absolute_url(),
        *(reverse("overeenkomsten:detail", args=[o.pk]) for o in traject.overeenkomsten.all()),
    ]
    for url in paginas:
        response = client.get(url)
        assert response.status_code == 200, url
        geen_iso(zichtbare_tekst(response.content.decode()), url)


@pytest.mark.django_db
def test_the_history_of_personal_data_shows_labels_and_dutch_dates(client, world):
    from deelnemers.privacy import wijzig_persoonsgegevens

    d = world.alpha.deelnemer
    wijzig_persoonsgegevens(
        actor=world.user(Role.PROJECTLEIDER),
        deelnemer=d,
        data={"geboortedatum": date(1991, 3, 5), "situatie": "werkend"},
    )
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    html = client.get(reverse("deelnemers:persoonsgegevens", args=[d.pk])).content.decode()
    tekst = zichtbare_tekst(html)
    assert "Geboortedatum: 4 maart 1991 → 5 maart 1991" in tekst
    assert "Situatie:" in tekst and "Werkend" in tekst
    assert "geboortedatum:" not in tekst
    geen_iso(tekst, "the history of personal data")
