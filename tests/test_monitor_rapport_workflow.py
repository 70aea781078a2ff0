"""The bi-monthly monitor report without Celery beat: the projectleider makes the draft of the
last finished period from the report page (the beat task's service, once), saves the story and
the structured fields as a draft, submits after a confirmation step, and a text naming one of the
pilot's participants is refused (SBB must never see names). The demo holds drafts."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from deelnemers.privacy import anonimiseer
from monitoring.constants import RapportStatus
from monitoring.models import MonitorRapport
from monitoring.namen import zoekpatroon
from monitoring.pdf import render_rapport
from monitoring.rapport import bewaar_concept, dien_in, maak_concept, maak_concepten, vorige_periode
from pilots.models import Pilot
from pilots.roles import Role

pytestmark = pytest.mark.django_db

TEKSTEN = {
    "verschillen": "Minder aanmeldingen dan verwacht door de zomer.",
    "wijzigingen": "Een nieuw leerbedrijf in de zorg.",
    "werving_leerbedrijven": "Drie leerbedrijven benaderd, twee erkend.",
    "financiering": "Uit de regiogelden en de Participatiewet.",
    "administratieve_last": "Het dubbel invoeren kost de mbo-school veel tijd.",
}


def _concept(world) -> MonitorRapport:
    rapport, _nieuw = maak_concept(actor=None, pilot=world.alpha.pilot)
    return rapport


def test_the_projectleider_makes_the_draft_from_the_page_once(client, world):
    client.force_login(world.user(Role.PROJECTLEIDER))
    pagina = client.get(reverse("monitoring:rapporten")).content.decode()
    url = reverse("monitoring:rapport-concept", args=[world.alpha.pilot.code])
    assert f'action="{url}"' in pagina and "Conceptrapport maken" in pagina

    response = client.post(url, follow=True)
    start, eind = vorige_periode(timezone.localdate())
    (rapport,) = MonitorRapport.objects.filter(pilot=world.alpha.pilot)
    assert (rapport.periode_start, rapport.periode_eind) == (start, eind)
    assert rapport.status == RapportStatus.CONCEPT
    assert response.redirect_chain[-1][0] == rapport.get_absolute_url()
    assert f"Het conceptrapport {rapport.periode_label} is gemaakt." in response.content.decode()

    # A second click finds the draft; so does the beat task, which makes only beta's.
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == rapport.get_absolute_url()
    assert f"Het rapport {rapport.periode_label} bestaat al" in response.content.decode()
    assert maak_concepten() == Pilot.objects.count() - 1
    assert MonitorRapport.objects.filter(pilot=world.alpha.pilot).count() == 1
    pagina = client.get(reverse("monitoring:rapporten")).content.decode()
    assert f'action="{url}"' not in pagina
    assert reverse("monitoring:rapport", args=[rapport.pk]) in pagina


def test_another_pilots_projectleider_cannot_make_the_draft(client, world):
    url = reverse("monitoring:rapport-concept", args=[world.alpha.pilot.code])
    client.force_login(world.beta.users[Role.PROJECTLEIDER])
    assert client.post(url).status_code == 404
    client.force_login(world.sbb)
    assert client.post(url).status_code == 403
    client.force_login(world.user(Role.MBO_MEDEWERKER))
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405  # POST only
    assert not MonitorRapport.objects.exists()


def test_the_story_saved_as_draft_stays_a_draft(client, world):
    rapport = _concept(world)
    client.force_login(world.user(Role.PROJECTLEIDER))
    response = client.post(
        reverse("monitoring:rapport-opslaan", args=[rapport.pk]), TEKSTEN, follow=True
    )
    assert "Het concept is opgeslagen; het is nog niet ingediend." in response.content.decode()
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.CONCEPT and rapport.ingediend_op is None
    assert rapport.cijfers == {}  # figures are frozen only on submitting
    assert {veld: getattr(rapport, veld) for veld in TEKSTEN} == TEKSTEN
    assert rapport.opgeslagen_op is not None
    html = response.content.decode()
    assert "Drie leerbedrijven benaderd, twee erkend." in html  # back in the form
    assert "Werving van leerbedrijven" in html and "Administratieve last" in html
    # SBB does not see a draft at all
    client.force_login(world.sbb)
    assert client.get(rapport.get_absolute_url()).status_code == 404


def test_submitting_needs_the_confirmation(client, world):
    rapport = _concept(world)
    client.force_login(world.user(Role.PROJECTLEIDER))
    url = reverse("monitoring:rapport-indienen", args=[rapport.pk])

    # Step 1: the texts are saved and shown again with the confirmation; nothing submitted.
    response = client.post(url, TEKSTEN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Monitorrapport indienen" in html and 'name="bevestig"' in html
    assert "Uit de regiogelden en de Participatiewet." in html
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.CONCEPT
    assert rapport.financiering == TEKSTEN["financiering"]

    # Step 2 without the tick: refused, still a draft.
    response = client.post(url, {**TEKSTEN, "stap": "bevestigen"})
    assert response.status_code == 400
    assert "Vink het vakje aan om te bevestigen dat u het rapport indient." in (
        response.content.decode()
    )
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.CONCEPT

    response = client.post(url, {**TEKSTEN, "stap": "bevestigen", "bevestig": "on"})
    assert response.status_code == 302
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.INGEDIEND and rapport.cijfers
    # a submitted report is neither saved nor submitted again
    response = client.post(reverse("monitoring:rapport-opslaan", args=[rapport.pk]), TEKSTEN)
    assert response.status_code == 400
    assert "Deze rapportage is al ingediend." in response.content.decode()


def test_a_missing_story_is_asked_for_before_the_confirmation(client, world):
    rapport = _concept(world)
    client.force_login(world.user(Role.PROJECTLEIDER))
    response = client.post(
        reverse("monitoring:rapport-indienen", args=[rapport.pk]),
        {**TEKSTEN, "verschillen": "  "},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="bevestig"' not in html
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.CONCEPT


def test_a_participants_name_is_refused_with_a_dutch_message(client, world):
    rapport = _concept(world)
    bewaar_concept(
        actor=world.user(Role.PROJECTLEIDER), rapport=rapport, financiering="Uit de regiogelden."
    )
    client.force_login(world.user(Role.PROJECTLEIDER))
    # The alpha participant is "Adaalpha Zichtbaar"; written differently, still found.
    response = client.post(
        reverse("monitoring:rapport-opslaan", args=[rapport.pk]),
        {
            **TEKSTEN,
            "verschillen": "Het gesprek met adaalpha\nZICHTBAAR liep goed.",
            "financiering": "De reiskosten van Zichtbaar betaalt de gemeente.",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Deze tekst noemt “adaalpha ZICHTBAAR”, een deelnemer van deze pilot." in html
    assert "Deze tekst noemt “Zichtbaar”, een deelnemer van deze pilot." in html
    assert "SBB mag geen namen van deelnemers zien" in html
    rapport.refresh_from_db()  # nothing of it stored
    assert rapport.verschillen == "" and rapport.financiering == "Uit de regiogelden."

    # The confirmation step refuses it too, and so does the service itself.
    response = client.post(
        reverse("monitoring:rapport-indienen", args=[rapport.pk]),
        {**TEKSTEN, "stap": "bevestigen", "bevestig": "on", "wijzigingen": "Zichtbaar stopte."},
    )
    assert (
        response.status_code == 400 and "Deze tekst noemt “Zichtbaar”" in response.content.decode()
    )
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        dien_in(
            actor=world.user(Role.PROJECTLEIDER),
            rapport=rapport,
            verschillen="Zoals verwacht.",
            wijzigingen="",
            administratieve_last="Veel werk voor Adaalpha Zichtbaar.",
        )
    assert "“Adaalpha Zichtbaar”" in exc.value.message_dict["administratieve_last"][0]
    rapport.refresh_from_db()
    assert rapport.status == RapportStatus.CONCEPT


def test_what_is_not_a_name_of_the_pilots_participants_passes(world):
    rapport = _concept(world)
    # A word containing the last name, another pilot's participant, and an anonymised one.
    anonimiseer(actor=None, deelnemer=world.alpha.other_deelnemer, reden="Op verzoek")
    rapport = bewaar_concept(
        actor=world.user(Role.PROJECTLEIDER),
        rapport=rapport,
        verschillen="De zichtbaarheid van de pilot groeit; Geheimbeta hoort bij een andere pilot.",
        wijzigingen="De anderen in de regio volgen.",  # "Anderen" was the anonymised last name
    )
    assert rapport.verschillen.startswith("De zichtbaarheid")
    # A last name under four letters counts only with the first name.
    patroon = zoekpatroon([("Jan", "Vos"), ("Ada", "de Boer")])
    assert patroon is not None
    assert not patroon.search("De vos en de haas")
    assert patroon.search("Met jan  vos gesproken")
    assert patroon.search("Gesprek met De Boer")


def test_the_structured_fields_are_shown_to_sbb_after_submitting(client, world):
    rapport = _concept(world)
    pl = world.user(Role.PROJECTLEIDER)
    bewaar_concept(actor=pl, rapport=rapport, **TEKSTEN)
    dien_in(actor=pl, rapport=rapport, verschillen=TEKSTEN["verschillen"], wijzigingen="")
    rapport.refresh_from_db()  # the saved structured fields are kept when not given
    assert rapport.werving_leerbedrijven == TEKSTEN["werving_leerbedrijven"]
    client.force_login(world.sbb)
    html = client.get(rapport.get_absolute_url()).content.decode()
    for veld in ("werving_leerbedrijven", "financiering", "administratieve_last"):
        assert f'data-tekst="{veld}">{TEKSTEN[veld]}</p>' in html
    assert "Werving van leerbedrijven" in html and "Financiering van de trajecten" in html
    with translation.override("nl"):
        pdf_html, _pdf = render_rapport(rapport)
    assert f'data-verhaal="financiering">{TEKSTEN["financiering"]}</p>' in pdf_html
    assert "Administratieve last" in pdf_html


def test_the_demo_holds_drafts():
    from praktijkleren.demo import seed_demo

    vandaag = date(2026, 11, 29)
    seed_demo(today=vandaag)
    seed_demo(today=vandaag)  # run twice: still one draft per pilot
    pilots = Pilot.objects.all()
    assert pilots.exists()
    for pilot in pilots:
        (rapport,) = MonitorRapport.objects.filter(pilot=pilot)
        assert rapport.status == RapportStatus.CONCEPT
        assert (rapport.periode_start, rapport.periode_eind) == (
            date(2026, 9, 1),
            date(2026, 10, 31),
        )
