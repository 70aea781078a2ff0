"""Reflow at 320 CSS px (WCAG 1.4.10, issue 15): a phone at 200% zoom or a laptop at 400% shows
each main page without horizontal scrolling. Tables scroll inside their own `.scroll` box, so
the page itself (document.documentElement.scrollWidth) is never wider than the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from deelnemers.models import Deelnemer
from ondertekening.constants import PartijRol
from ondertekening.models import Ondertekening
from ondertekening.services import opnieuw_versturen
from praktijkleren.models import User

from ..overeenkomsten_support import LINK
from .conftest import TIMEOUT_MS
from .test_shell_browser import log_in

pytestmark = pytest.mark.e2e

MBO = "mbo@roc-kustenrivier.demo"
VERWIJZER = "verwijzer@alkmaar.demo"
SMALL = {"width": 320, "height": 640}
# What sticks out, for the failure message.
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => !e.closest('.scroll') && e.getBoundingClientRect().right > 321)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def _small_page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(viewport=SMALL, locale="nl-NL", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def assert_reflows(page: Any, what: str) -> None:
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{what} is {width}px wide at 320px: {page.evaluate(TOO_WIDE)}"


def signing_link(rol: str) -> tuple[str, str, str]:
    """A fresh signing link of Dennis Smit's agreements (out for signing in the demo): the
    path, the signatory's e-mail address and name."""
    o = Ondertekening.objects.filter(traject__deelnemer__referentie="DEMO-004", rol=rol)
    ondertekening = o.order_by("pk").first()
    assert ondertekening is not None
    mail.outbox.clear()
    opnieuw_versturen(actor=User.objects.get(email=MBO), ondertekening=ondertekening)
    match = LINK.search(mail.outbox[-1].body)
    assert match is not None
    link = match.group(0)
    return link[link.index("/ondertekenen/") :], ondertekening.email, ondertekening.naam


def confirm_with_code(page: Any, email: str) -> None:
    page.locator("form:has(input[name=stap][value=code]) button").click()
    subject = [m.subject for m in mail.outbox if email in m.to and "code" in m.subject.lower()]
    page.locator("input[name=code]").fill(re.findall(r"\d{6}", subject[-1])[0])
    page.locator("form:has(input[name=stap][value=controleer]) button").click()
    expect(page.locator("[data-stap=tekenen]")).to_be_visible()


def test_the_main_pages_reflow_at_320_css_px(browser: Any, live_server: Any, demo: Any) -> None:
    page = _small_page(browser, live_server)
    page.goto("/verificatie/")
    assert_reflows(page, "the verification page")

    path, email, _naam = signing_link(PartijRol.LEERBEDRIJF)
    page.goto(path)
    assert_reflows(page, "the signing page (step 1, the code)")
    confirm_with_code(page, email)
    assert_reflows(page, "the signing page (step 2 and 3)")

    log_in(page, MBO)
    assert_reflows(page, "the start page")
    # The menu opened: its links stay on the screen.
    page.locator("details.menu > summary").click()
    assert_reflows(page, "the start page with the menu open")
    deelnemer = Deelnemer.objects.get(referentie="DEMO-004")
    page.goto(deelnemer.get_absolute_url())
    assert_reflows(page, "the dossier")
    traject = deelnemer.trajecten.order_by("pk").first()
    assert traject is not None
    page.goto(traject.get_absolute_url())
    assert_reflows(page, "the traject")

    page.context.clear_cookies()
    log_in(page, VERWIJZER)
    page.goto("/deelnemers/aanmelden/")
    expect(page.locator("#id_voornaam")).to_be_visible()
    assert_reflows(page, "the referral form")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-foutoverzicht]")).to_be_focused()
    assert_reflows(page, "the referral form with errors")
