"""A verwijzer refers a candidate on a phone in a real browser, follows the dossier, and never
sees intake notes or the reasoning of the advice."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from deelnemers.models import Deelnemer, Toestemming
from intake.services import geef_advies, leg_criteria_vast, plan_intake
from pilots.models import Organisatie
from praktijkleren.models import User

from .test_shell_browser import log_in, open_menu

pytestmark = pytest.mark.e2e

VERWIJZER = "verwijzer@alkmaar.demo"
PAGE_WIDTH = "document.documentElement.scrollWidth - window.innerWidth"


def fill_referral(
    page: Any, *, voornaam: str, achternaam: str, geboren: date, consent: bool = True
) -> None:
    page.get_by_label("Voornaam").fill(voornaam)
    page.get_by_label("Achternaam").fill(achternaam)
    page.get_by_label("Geboortedatum").fill(geboren.isoformat())
    page.get_by_label("E-mailadres").fill("kandidaat@example.test")
    page.get_by_label("Situatie").select_option("werkzoekend")
    consent_box = page.get_by_label("De kandidaat geeft toestemming om zijn of haar gegevens")
    if consent:
        consent_box.check()
    page.get_by_role("button", name="Aanmelden").click()


def test_a_verwijzer_refers_a_candidate_on_a_phone(page: Any, demo: Any, artifacts: Any) -> None:
    log_in(page, VERWIJZER)
    nav = open_menu(page)
    nav.get_by_role("link", name="Kandidaat aanmelden").click()
    # Measured once the form page has loaded (not while the click still navigates).
    expect(page.get_by_label("Voornaam")).to_be_visible()
    page.wait_for_load_state()
    assert page.evaluate(PAGE_WIDTH) <= 0
    fill_referral(page, voornaam="Sara", achternaam="Bouzid", geboren=date(1996, 4, 12))
    expect(page.locator("h1")).to_contain_text("Sara Bouzid")
    expect(page.locator('[data-field="status"]')).to_contain_text("Aangemeld")
    assert page.evaluate(PAGE_WIDTH) <= 0
    page.screenshot(path=str(artifacts / "aanmelden-dossier.png"), full_page=True)
    deelnemer = Deelnemer.objects.get(achternaam="Bouzid")
    assert deelnemer.verwezen_door == User.objects.get(email=VERWIJZER)
    assert deelnemer.verwijzer_organisatie == Organisatie.objects.get(naam="Gemeente Alkmaar")
    assert Toestemming.objects.get(deelnemer=deelnemer).gegeven


@pytest.mark.parametrize(
    ("voornaam", "achternaam", "geboren", "consent", "message"),
    [
        ("Sara", "Bouzid", date(1996, 4, 12), False, "Zonder toestemming van de kandidaat"),
        (
            "Sara",
            "Bouzid",
            date.today() + timedelta(days=30),
            True,
            "De geboortedatum ligt in de toekomst.",
        ),
        ("Sara", "Bouzid", date.today() - timedelta(days=15 * 365), True, "jonger dan 16"),
        ("Sara", "", date(1996, 4, 12), True, "Vul de achternaam in."),
    ],
)
def test_bad_referrals_get_a_dutch_message_and_store_nothing(
    page: Any,
    demo: Any,
    voornaam: str,
    achternaam: str,
    geboren: date,
    consent: bool,
    message: str,
) -> None:
    before = Deelnemer.objects.count()
    log_in(page, VERWIJZER)
    page.goto("/deelnemers/aanmelden/")
    fill_referral(page, voornaam=voornaam, achternaam=achternaam, geboren=geboren, consent=consent)
    expect(page.locator("main")).to_contain_text(message)
    assert Deelnemer.objects.count() == before


def test_a_duplicate_is_flagged(page: Any, demo: Any) -> None:
    existing = Deelnemer.objects.filter(pilot__code="noorderkwartier").first()
    before = Deelnemer.objects.count()
    log_in(page, VERWIJZER)
    page.goto("/deelnemers/aanmelden/")
    fill_referral(
        page,
        voornaam=existing.voornaam,
        achternaam=existing.achternaam,
        geboren=existing.geboortedatum,
    )
    expect(page.locator("main")).to_contain_text("al aangemeld bij deze pilot")
    assert Deelnemer.objects.count() == before


def test_the_verwijzer_sees_own_referrals_and_the_advice_outcome_only(page: Any, demo: Any) -> None:
    verwijzer = User.objects.get(email=VERWIJZER)
    mbo = User.objects.get(email="mbo@roc-kustenrivier.demo")
    alkmaar = Organisatie.objects.get(naam="Gemeente Alkmaar")
    own = Deelnemer.objects.filter(pilot__code="noorderkwartier", verwijzer_organisatie=alkmaar)
    others = Deelnemer.objects.filter(pilot__code="noorderkwartier").exclude(
        verwijzer_organisatie=alkmaar
    )
    target = own.filter(status="aangemeld").first()
    intake = plan_intake(actor=mbo, deelnemer=target, gepland_op=timezone.now())
    leg_criteria_vast(
        actor=mbo,
        intake=intake,
        data={"startkwalificatie": "geen", "notities": "Geheime intakenotitie XYZ"},
    )
    geef_advies(actor=mbo, deelnemer=target, route="praktijkverklaring",
                onderbouwing="Vertrouwelijke onderbouwing XYZ", volgende_stap="Leerbaan zoeken")  # fmt: skip
    log_in(page, verwijzer.email)
    page.goto("/deelnemers/")
    listing = page.locator("main table").inner_text()
    assert all(str(d) in listing for d in own)
    assert not any(str(d) in listing for d in others)
    page.get_by_role("link", name=str(target)).click()
    main = page.locator("main")
    expect(main).to_contain_text("Praktijkverklaring")
    expect(main).to_contain_text("Leerbaan zoeken")
    text = main.inner_text()
    assert "Vertrouwelijke onderbouwing XYZ" not in text and "Geheime intakenotitie XYZ" not in text
