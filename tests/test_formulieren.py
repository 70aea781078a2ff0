"""Forms in the manner of GOV.UK and the NL Design System, the base layout, and the language
(issue 15): an error summary at the top of every form with links to the fields, "Fout:" before
each message, required and conditionally required fields marked, Dutch blank choices, a skip
link, landmarks, the footer's public pages, and Dutch whatever the browser asks."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pilots.roles import Role
from praktijkleren.tweefactor import VRIJE_URLS

from .test_aanmelding import referral

AANMELDEN = "deelnemers:aanmelden"


def _html(response: Any) -> str:
    return response.content.decode()


def _summary(html: str) -> str:
    match = re.search(r'<div class="foutoverzicht"[^>]*>(.*?)</div>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


class TestErrorSummary:
    def test_a_bad_referral_shows_a_summary_with_a_link_to_each_field_in_error(self, client, world):
        client.force_login(world.user(Role.VERWIJZER))
        response = client.post(
            reverse(AANMELDEN), referral(voornaam="", geboortedatum="", email="", telefoon="")
        )
        html = _html(response)
        summary = _summary(html)
        assert 'role="alert"' in summary and 'tabindex="-1"' in summary
        assert "Er is een probleem" in summary
        assert '<a href="#id_voornaam">Vul de voornaam in.</a>' in summary
        assert '<a href="#id_geboortedatum">' in summary
        # Each field's message starts with a visible "Fout:", tied to the input.
        assert re.search(
            r'id="id_voornaam_error"><p class="error"><span class="fout-prefix">Fout:</span>', html
        )
        assert 'aria-describedby="id_voornaam_error"' in html
        # The service's either-or rule (e-mail or phone) links to the e-mail field.
        response = client.post(reverse(AANMELDEN), referral(email="", telefoon=""))
        assert '<a href="#id_email">' in _summary(_html(response))

    def test_a_summary_of_a_radio_group_links_to_its_first_option(self, client, world):
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        url = reverse("trajecten:traject-afsluiten", args=[world.alpha.traject.pk])
        summary = _summary(_html(client.post(url, {})))
        assert '<a href="#id_afloop_0">' in summary

    def test_the_login_page_has_the_summary_too(self, client, world):
        html = _html(client.post(reverse("login"), {"username": "x@x.test", "password": "nee"}))
        assert '<a href="#id_username">' in _summary(html)

    def test_the_public_verification_form_has_the_summary(self, client, db):
        html = _html(client.get(reverse("verificatie"), {"code": "?"}))
        assert '<a href="#id_code">' in _summary(html)

    def test_a_form_without_errors_has_no_summary(self, client, world):
        client.force_login(world.user(Role.VERWIJZER))
        assert "data-foutoverzicht" not in _html(client.get(reverse(AANMELDEN)))


class TestRequiredFields:
    def test_required_fields_say_verplicht_and_conditional_ones_say_when(self, client, world):
        client.force_login(world.user(Role.VERWIJZER))
        html = _html(client.get(reverse(AANMELDEN)))
        assert re.search(r'<label for="id_voornaam">Voornaam <span class="verplicht">'
                         r"\(verplicht\)</span></label>", html)  # fmt: skip
        assert "(dit of telefoon is verplicht)" in html
        assert "(verplicht om de aanmelding op te slaan)" in html
        # An optional field carries no mark.
        assert not re.search(r'<label for="id_wens">[^<]*<span class="verplicht', html)

    def test_the_reason_for_stopping_early_is_marked_conditionally_required(self, client, world):
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        url = reverse("trajecten:traject-afsluiten", args=[world.alpha.traject.pk])
        assert "(verplicht als het traject voortijdig stopte)" in _html(client.get(url))

    def test_radios_and_checkboxes_are_a_fieldset_with_the_label_beside_each_option(
        self, client, world
    ):
        client.force_login(world.user(Role.VERWIJZER))
        html = _html(client.get(reverse(AANMELDEN)))
        assert re.search(r'<fieldset class="keuzes">\s*<legend>Doelgroepen', html)
        assert re.search(r'<label for="id_doelgroepen_0"><input type="checkbox"', html)


class TestBaseLayout:
    def test_the_skip_link_comes_first_and_leads_to_main(self, client, world):
        client.force_login(world.user(Role.VERWIJZER))
        html = _html(client.get(reverse("home")))
        body = html.split("<body>", 1)[1].lstrip()
        assert body.startswith('<a class="skiplink" href="#inhoud">Naar de inhoud</a>')
        assert '<main id="inhoud" tabindex="-1">' in html

    def test_everything_is_inside_a_landmark(self, client, world):
        client.force_login(world.user(Role.VERWIJZER))
        html = _html(client.get(reverse("home")))
        header = html.split('<header class="kop">', 1)[1].split("</header>", 1)[0]
        assert 'class="contextbar"' in header
        between = html.split("</header>", 1)[1].split("<main", 1)[0]
        assert not between.strip()
        assert "<footer" in html.split("</main>", 1)[1]

    def test_messages_are_a_valid_list_in_a_status_region(self, client, world):
        client.force_login(world.user(Role.MBO_MEDEWERKER))
        url = reverse("deelnemers:status", args=[world.alpha.deelnemer.pk])
        html = _html(client.post(url, {"status": "gestopt", "reden": ""}, follow=True))
        assert re.search(r'<div role="status"><ul class="messages"><li class="msg-error">', html)
        assert not re.search(r'<li[^>]*role="status"', html)

    def test_the_footer_links_to_privacy_accessibility_and_contact(self, client, db):
        html = _html(client.get(reverse("login")))
        footer = html.split("<footer", 1)[1]
        for name in ("privacyverklaring", "toegankelijkheidsverklaring", "contact"):
            assert f'href="{reverse(name)}"' in footer


class TestPublicPages:
    @pytest.mark.parametrize(
        ("name", "kop"),
        [
            ("privacyverklaring", "Privacyverklaring"),
            ("toegankelijkheidsverklaring", "Toegankelijkheidsverklaring"),
            ("contact", "Contact"),
        ],
    )
    def test_anyone_reads_the_page_in_dutch(self, client, db, name, kop):
        response = client.get(reverse(name))
        assert response.status_code == 200
        html = _html(response)
        assert f"<h1>{kop}</h1>" in html
        assert settings.CONTACT_EMAIL in html
        assert name in VRIJE_URLS

    def test_the_accessibility_statement_gives_the_wcag_status(self, client, db):
        html = _html(client.get(reverse("toegankelijkheidsverklaring")))
        assert "WCAG" in html and "2.1" in html and "gedeeltelijk" in html

    def test_the_privacy_statement_says_how_long_data_are_kept(self, client, db):
        html = _html(client.get(reverse("privacyverklaring")))
        assert "12 maanden" in html and "Autoriteit Persoonsgegevens" in html

    def test_english_is_there_by_choice(self, client, db):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        assert "<h1>Accessibility statement</h1>" in _html(
            client.get(reverse("toegankelijkheidsverklaring"))
        )


class TestLanguage:
    def test_an_english_browser_gets_dutch(self, db):
        client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
        response = client.get(reverse("login"))
        html = _html(response)
        assert '<html lang="nl">' in html and "Inloggen" in html
        assert response["Content-Language"] == "nl"

    def test_english_only_by_the_language_switcher(self, db):
        client = Client(HTTP_ACCEPT_LANGUAGE="nl")
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        html = _html(client.get(reverse("login")))
        assert '<html lang="en">' in html and "Forgot your password?" in html

    def test_the_blank_choice_of_a_model_field_is_dutch(self, client, world):
        client.force_login(world.user(Role.PROJECTLEIDER))
        html = _html(client.get(reverse("pilots:organisatie-create")))
        assert "Select an option" not in html
        assert "- Kies een optie -" in html
