"""Keyboard only (WCAG 2.1.1 and 2.4.7, issue 15): the referral form and signing are done with
Tab, Space, Enter and typing alone. The skip link comes first, focus is always visible (a
3px outline), and after a bad submit the error summary has focus."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from deelnemers.models import Deelnemer
from ondertekening.constants import PartijRol
from ondertekening.models import Ondertekening

from .test_reflow_browser import signing_link
from .test_shell_browser import log_in

pytestmark = pytest.mark.e2e

VERWIJZER = "verwijzer@alkmaar.demo"
ACTIVE = "document.activeElement"
# The focus ring of the element that has focus, as the browser draws it.
RING = """() => { const s = getComputedStyle(document.activeElement);
  return s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0; }"""


def focused(page: Any, attribute: str = "id") -> str:
    return str(page.evaluate(f"{ACTIVE}.getAttribute('{attribute}') || ''"))


def tab_to(page: Any, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has focus; its focus ring is visible."""
    for _i in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"{ACTIVE}.matches({selector!r})"):
            assert page.evaluate(RING) >= 3, f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_referral_is_made_with_the_keyboard_only(page: Any, demo: Any) -> None:
    log_in(page, VERWIJZER)
    page.goto("/deelnemers/aanmelden/")
    # The skip link is the first stop, visible with focus, and leads into the content.
    page.keyboard.press("Tab")
    assert focused(page, "class") == "skiplink"
    expect(page.locator(".skiplink")).to_be_in_viewport()
    assert page.evaluate(RING) >= 3
    page.keyboard.press("Enter")
    assert focused(page) == "inhoud"

    # A submit with nothing filled in: the error summary takes focus, its link leads to the field.
    tab_to(page, "#id_voornaam")
    page.keyboard.press("Enter")
    expect(page.locator("[data-foutoverzicht]")).to_be_focused()
    expect(page.locator("[data-foutoverzicht]")).to_contain_text("Er is een probleem")
    page.keyboard.press("Tab")
    assert page.evaluate(RING) >= 3
    page.keyboard.press("Enter")
    assert focused(page) == "id_voornaam"

    page.keyboard.type("Kees")
    page.keyboard.press("Tab")
    page.keyboard.type("Toetsenbord")
    tab_to(page, "#id_geboortedatum")
    # 12 April 1996 (the field's order of day and month follows the browser's locale).
    page.keyboard.type("12041996")
    geboren = page.locator("#id_geboortedatum").input_value()
    assert geboren in ("1996-04-12", "1996-12-04")
    tab_to(page, "#id_email")
    page.keyboard.type("kees@example.test")
    tab_to(page, "#id_situatie")
    page.keyboard.type("Werkz")
    tab_to(page, "#id_doelgroepen_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_toestemming")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_contain_text("Kees Toetsenbord")
    deelnemer = Deelnemer.objects.get(achternaam="Toetsenbord")
    assert str(deelnemer.geboortedatum) == geboren
    assert deelnemer.situatie == "werkzoekend"
    assert deelnemer.doelgroepen == ["participatiewet"]


def test_a_praktijkopleider_signs_with_the_keyboard_only(page: Any, demo: Any) -> None:
    path, email, naam = signing_link(PartijRol.LEERBEDRIJF)
    page.goto(path)
    tab_to(page, "form:has(input[name=stap][value=code]) button")
    page.keyboard.press("Enter")
    # The code field has focus (issue 11): the code from the e-mail is typed straight in.
    expect(page.locator("input[name=code]")).to_be_focused()
    subject = [m.subject for m in mail.outbox if email in m.to and "code" in m.subject.lower()]
    page.keyboard.type(re.findall(r"\d{6}", subject[-1])[0])
    page.keyboard.press("Enter")
    expect(page.locator("[data-stap=tekenen]")).to_be_visible()

    # Signing without the name: the error summary takes focus.
    tab_to(page, "[data-stap=tekenen] button[type=submit]", limit=80)
    page.keyboard.press("Enter")
    expect(page.locator("[data-foutoverzicht]")).to_be_focused()

    tab_to(page, "input[name=naam]")
    page.keyboard.type(naam)
    tab_to(page, "input[name=akkoord]")
    page.keyboard.press("Space")
    tab_to(page, "[data-stap=tekenen] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-ondertekend]")).to_be_visible()
    ondertekening = Ondertekening.objects.filter(email=email, naam=naam).order_by("pk").first()
    assert ondertekening is not None and ondertekening.getekend_op is not None
