"""The shell in a real browser on a phone: login for every demo role, start page figures, menu,
pilot switcher, participant scoping and the language switcher.

The demo data set (`seed_demo`) is the world here, so what a person sees on `make run` is what
these tests check. Expected values come from the database before a page is opened.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from deelnemers.constants import DeelnemerStatus
from deelnemers.models import Deelnemer
from monitoring import definities
from pilots.constants import OrganisatieSoort
from pilots.models import Organisatie, Partner, Pilot
from praktijkleren.demo import ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.e2e

LOGIN_PATH = "/account/inloggen/"
PROJECTLEIDER = "projectleider@noorderkwartier.demo"
MBO = "mbo@roc-kustenrivier.demo"
VERWIJZER = "verwijzer@alkmaar.demo"
# Nav labels in either language: tests other than the language test do not depend on it.
PARTICIPANTS = re.compile(r"^(Deelnemers|Participants)$")


def log_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(LOGIN_PATH)
    page.get_by_label(re.compile(r"e-mail", re.I)).fill(email)
    page.get_by_label(re.compile(r"password|wachtwoord", re.I)).fill(password)
    page.locator("main form").get_by_role("button").click()


def open_menu(page: Page) -> Any:
    """Open the <details> menu and return its navigation."""
    nav = page.locator("details.menu nav")
    expect(nav).to_be_hidden()
    page.locator("details.menu > summary").click()
    expect(nav).to_be_visible()
    return nav


def names(qs: Any) -> list[str]:
    return [str(d) for d in qs]


def one_account_per_role() -> list[tuple[str, str, str, str]]:
    """(role, email, first name, last name) for the first demo account of each role."""
    seen: dict[str, tuple[str, str, str, str]] = {}
    for email, first, last, memberships in ACCOUNTS:
        role = str(memberships[0][0])
        seen.setdefault(role, (role, email, first, last))
    return list(seen.values())


ROLE_OF_ACCOUNT = {email: role for role, email, _f, _l in one_account_per_role()}


class TestLoginOnAPhone:
    @pytest.mark.parametrize(
        ("email", "first", "last"),
        [(email, first, last) for email, first, last, _m in ACCOUNTS],
        ids=[
            email.split("@")[0] + "@" + email.split("@")[1].split(".")[0] for email, *_ in ACCOUNTS
        ],
    )
    def test_every_demo_account_logs_in_and_sees_a_start_page_without_horizontal_scroll(
        self, page: Page, demo: Any, artifacts: Any, email: str, first: str, last: str
    ) -> None:
        log_in(page, email)

        expect(page).to_have_url(re.compile(r"/$"))
        expect(page.locator("h1")).to_contain_text(first)
        expect(page.locator(".contextbar .who")).to_contain_text(f"{first} {last}")
        # The stylesheet is loaded, otherwise the layout checks below mean nothing.
        assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).display") == (
            "flex"
        )
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= inner_width, (
            f"{email}: the start page scrolls sideways ({scroll_width}px > {inner_width}px)"
        )
        if email in ROLE_OF_ACCOUNT:
            page.screenshot(path=artifacts / f"start-{ROLE_OF_ACCOUNT[email]}.png", full_page=True)

    def test_a_wrong_password_shows_an_error_and_stays_on_the_login_page(
        self, page: Page, demo: Any
    ) -> None:
        log_in(page, PROJECTLEIDER, password="niet-het-wachtwoord")

        alert = page.get_by_role("alert")
        expect(alert).to_be_visible()
        expect(alert).not_to_be_empty()
        expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))
        expect(page.locator("#id_password")).to_be_visible()
        expect(page.locator("#id_username")).to_have_value(PROJECTLEIDER)
        # No session: the start page still sends us to the login page.
        page.goto("/")
        expect(page).to_have_url(re.compile(re.escape(LOGIN_PATH)))


class TestProjectleider:
    def test_sees_the_pilot_figures_and_reaches_the_pilot_page_through_the_menu(
        self, page: Page, demo: Any
    ) -> None:
        pilot = Pilot.objects.get(code="noorderkwartier")
        partner_orgs = Organisatie.objects.filter(
            pk__in=Partner.objects.filter(pilot=pilot).values("organisatie")
        )
        leerbedrijven = partner_orgs.filter(
            soort__in=[OrganisatieSoort.LEERBEDRIJF, OrganisatieSoort.SW_BEDRIJF]
        )
        deelnemers = Deelnemer.objects.filter(pilot=pilot)
        per_status = {s: deelnemers.filter(status=s).count() for s in DeelnemerStatus.values}
        assert deelnemers.count() > 0 and leerbedrijven.count() > 0  # the demo set is not empty
        gestart = definities.deelnemers(pilot=pilot).count()
        assert 0 < gestart < deelnemers.count()  # some referrals never started

        log_in(page, PROJECTLEIDER)

        # "Te doen" comes first on the start page (issue 15); the pilot's card follows.
        expect(page.locator("main h2", has_text="Te doen")).to_be_visible()
        expect(page.get_by_role("heading", name=pilot.naam, level=2)).to_be_visible()
        expect(page.locator('[data-figure="partners"]')).to_have_text(str(partner_orgs.count()))
        expect(page.locator('[data-figure="leerbedrijven"]')).to_have_text(
            str(leerbedrijven.count())
        )
        # Participants are those who started a route (monitoring.definities, issue 12);
        # every dossier counts as a referral.
        expect(page.locator('[data-figure="deelnemers"]')).to_have_text(str(gestart))
        expect(page.locator('[data-figure="aangemeld"]')).to_have_text(str(deelnemers.count()))
        expect(page.locator('[data-figure="streefaantal"]')).to_contain_text(
            str(pilot.streefaantal)
        )
        for status, n in per_status.items():
            expect(page.locator(f'[data-status="{status}"]')).to_have_text(str(n))

        open_menu(page).get_by_role("link", name="Pilots").click()
        expect(page).to_have_url(re.compile(r"/pilots/$"))
        expect(page.locator("h1")).to_have_text("Pilots")

        page.get_by_role("link", name=pilot.naam, exact=True).click()
        expect(page).to_have_url(re.compile(rf"/pilots/{pilot.code}/$"))
        expect(page.locator("h1")).to_have_text(pilot.naam)
        expect(page.locator('[data-figure="deelnemers"]')).to_have_text(str(gestart))


class TestPilotSwitcher:
    def test_mbo_medewerker_switches_pilot_and_sees_only_that_pilots_participants(
        self, page: Page, demo: Any
    ) -> None:
        by_naam = {
            p.naam: names(Deelnemer.objects.filter(pilot=p))
            for p in Pilot.objects.filter(code__in=["noorderkwartier", "rivierenland"])
        }
        assert all(by_naam.values())

        log_in(page, MBO)
        switcher = page.locator("#pilot-switch")
        options = switcher.locator("option").all_text_contents()
        assert sorted(options) == sorted(by_naam), options
        first = switcher.locator("option:checked").text_content()
        assert first in by_naam
        (other,) = (naam for naam in by_naam if naam != first)

        open_menu(page).get_by_role("link", name=PARTICIPANTS).click()
        table = page.locator("main table")
        for name in by_naam[first]:
            expect(table).to_contain_text(name)

        with page.expect_navigation():
            switcher.select_option(label=other)

        expect(page).to_have_url(re.compile(r"/deelnemers/$"))
        expect(page.locator("#pilot-switch option:checked")).to_have_text(other)
        expect(page.locator("main h1")).to_contain_text(other)
        for name in by_naam[other]:
            expect(table).to_contain_text(name)
        for name in by_naam[first]:
            expect(table).not_to_contain_text(name)


class TestVerwijzer:
    def test_sees_only_participants_referred_by_their_own_organisation(
        self, page: Page, demo: Any
    ) -> None:
        pilot = Pilot.objects.get(code="noorderkwartier")
        alkmaar = Organisatie.objects.get(naam="Gemeente Alkmaar")
        in_pilot = Deelnemer.objects.filter(pilot=pilot)
        own = names(in_pilot.filter(verwijzer_organisatie=alkmaar))
        others = names(in_pilot.exclude(verwijzer_organisatie=alkmaar))
        assert own and others

        log_in(page, VERWIJZER)
        open_menu(page).get_by_role("link", name=PARTICIPANTS).click()

        rows = page.locator("main table tbody tr")
        expect(rows).to_have_count(len(own))
        for name in own:
            expect(rows.filter(has_text=name)).to_contain_text(alkmaar.naam)
        body = page.locator("body")
        for name in others:
            expect(body).not_to_contain_text(name)


class TestLanguageSwitcher:
    def test_the_footer_switches_the_interface_between_dutch_and_english(
        self, page: Page, demo: Any
    ) -> None:
        log_in(page, PROJECTLEIDER)
        expect(page.locator("html")).to_have_attribute("lang", "nl")

        with page.expect_navigation():
            page.locator("footer select#language").select_option("en")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        nav = open_menu(page)
        expect(nav.get_by_role("link", name="Participants", exact=True)).to_be_visible()

        with page.expect_navigation():
            page.locator("footer select#language").select_option("nl")
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        nav = open_menu(page)
        expect(nav.get_by_role("link", name="Deelnemers", exact=True)).to_be_visible()
        expect(nav).not_to_contain_text("Participants")
