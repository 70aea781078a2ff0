"""The inzage PDF is a letter to the person it is about (issue 15): it opens with who it is for,
from whom, the date and their rights; every value has a label, codes read as words, times are
Dutch time (Europe/Amsterdam) without seconds, and what was never asked (the gender on a referral)
is left out. The JSON export stays machine readable with the keys of docs/privacy.md."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from deelnemers.constants import EventSoort, Geslacht
from deelnemers.models import DeelnemerEvent, Toestemming
from deelnemers.privacy import wijzig_persoonsgegevens
from pilots.roles import Role

pytestmark = pytest.mark.django_db

# Just before midnight UTC on 11 March: in Amsterdam (UTC+1) it is already 12 March, 00:30.
BIJNA_MIDDERNACHT_UTC = datetime(2026, 3, 11, 23, 30, 15, 123456, tzinfo=UTC)
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def _pdf_text(client: Client, pk: int) -> str:
    response = client.get(reverse("deelnemers:inzage-export", args=[pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def deelnemer(world):
    """The world's participant, referred without a gender, with consent and a timeline entry
    recorded just before midnight UTC."""
    d = world.alpha.deelnemer
    Toestemming.objects.create(deelnemer=d, gegeven=True, doelen=["delen_partners", "contact"])
    DeelnemerEvent.objects.create(deelnemer=d, soort=EventSoort.AANGEMELD, tekst="Via de gemeente")
    Toestemming.objects.filter(deelnemer=d).update(vastgelegd_op=BIJNA_MIDDERNACHT_UTC)
    DeelnemerEvent.objects.filter(deelnemer=d).update(at=BIJNA_MIDDERNACHT_UTC)
    return d


@pytest.fixture
def projectleider_client(world):
    client = Client()
    client.force_login(world.user(Role.PROJECTLEIDER))
    return client


def test_the_inzage_pdf_opens_as_a_letter_to_the_person_with_their_rights(
    world, deelnemer, projectleider_client
):
    text = _pdf_text(projectleider_client, deelnemer.pk)
    assert "Aan" in text and f"{deelnemer.voornaam} {deelnemer.achternaam}" in text
    assert f"Beste {deelnemer.voornaam}," in text
    assert f"De pilot {world.alpha.pilot.naam}" in text
    assert "Betreft" in text and "Uw rechten" in text
    assert "Autoriteit Persoonsgegevens" in text
    assert "Met vriendelijke groet" in text
    assert world.user(Role.PROJECTLEIDER).get_full_name() in text


def test_the_inzage_pdf_shows_labels_and_choice_labels_never_raw_keys(
    deelnemer, projectleider_client
):
    text = _pdf_text(projectleider_client, deelnemer.pk)
    for label in ("Persoonsgegevens", "Voornaam", "Achternaam", "Geboortedatum", "Aangemeld op",
                  "Verwijzende organisatie", "Toestemming gegeven", "Vastgelegd op", "Trajecten",
                  "Startdatum", "Wat er in uw dossier is gebeurd"):  # fmt: skip
        assert label in text, label
    # Codes read as their labels: the status, the date of birth in words.
    assert "Aangemeld\n" in text or "Aangemeld " in text
    assert "4 maart 1991" in text
    assert "Gegevens delen met de partners van de pilot" in text  # a purpose of the consent
    for raw in (
        "voornaam",
        "geboortedatum",
        "aangemeld_op",
        "vastgelegd_op",
        "verwijzer_organisatie",
    ):
        assert raw not in text, raw
    assert not SNAKE_CASE.findall(text), SNAKE_CASE.findall(text)


def test_the_inzage_pdf_shows_times_in_amsterdam_without_microseconds(
    deelnemer, projectleider_client
):
    text = _pdf_text(projectleider_client, deelnemer.pk)
    assert "12 maart 2026 00:30" in text
    assert "23:30" not in text and "2026-03-11" not in text
    assert "123456" not in text and ":15" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), "an ISO date in the letter"
    assert "+00:00" not in text


def test_the_gender_is_left_out_when_it_was_never_given(deelnemer, projectleider_client):
    assert deelnemer.geslacht == Geslacht.X  # the referral form does not ask for it
    text = _pdf_text(projectleider_client, deelnemer.pk)
    assert "geslacht" not in text.lower()


def test_the_gender_is_shown_by_its_label_once_it_is_given(world, deelnemer, projectleider_client):
    wijzig_persoonsgegevens(
        actor=world.user(Role.PROJECTLEIDER), deelnemer=deelnemer, data={"geslacht": Geslacht.VROUW}
    )
    text = _pdf_text(projectleider_client, deelnemer.pk)
    assert "Geslacht" in text and "Vrouw" in text


def test_the_json_export_keeps_its_keys_and_iso_times(deelnemer, projectleider_client):
    response = projectleider_client.get(
        reverse("deelnemers:inzage-export", args=[deelnemer.pk, "json"])
    )
    data = json.loads(response.content)
    assert {"voornaam", "geboortedatum", "geslacht", "aangemeld_op"} <= set(data["deelnemer"])
    assert data["deelnemer"]["geboortedatum"] == "1991-03-04"
    assert data["toestemmingen"][0]["vastgelegd_op"] == BIJNA_MIDDERNACHT_UTC.isoformat()
    assert {"trajecten", "tijdlijn", "inzages"} <= set(data)
