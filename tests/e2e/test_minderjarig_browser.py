"""A participant of 17 and her parent sign on their phones (issue 11), 390 px wide: the demo's
Anouk de Vries is 17 at the start, so her father, the wettelijk vertegenwoordiger, co-signs the
OOK and POK (not the PLOK) with his own link, code and name, although they are separate people."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from ondertekening.constants import PartijRol
from ondertekening.models import Ondertekening
from ondertekening.services import opnieuw_versturen
from praktijkleren.models import User

from ..overeenkomsten_support import LINK
from .conftest import CHROMIUM_ARGS, TIMEOUT_MS  # noqa: F401

pytestmark = pytest.mark.e2e

PAGE_WIDTH = "document.documentElement.scrollWidth - window.innerWidth"


def _sign_all(page: Any, o: Ondertekening, n: int, screenshot: Any) -> None:
    """Open a fresh link for this person, confirm the e-mailed code and sign all n documents."""
    mail.outbox.clear()
    opnieuw_versturen(actor=User.objects.get(email="mbo@roc-kustenrivier.demo"), ondertekening=o)
    (message,) = [m for m in mail.outbox if o.email in m.to]
    link = LINK.search(message.body)
    assert link is not None
    page.goto(link.group(0)[link.group(0).index("/ondertekenen/") :])
    page.locator("form:has(input[name=stap][value=code]) button").click()
    code = [m for m in mail.outbox if o.email in m.to and "code" in m.subject.lower()][-1]
    page.locator("input[name=code]").fill(re.findall(r"\d{6}", code.subject)[0])
    page.locator("form:has(input[name=stap][value=controleer]) button").click()
    expect(page.locator("[data-stukken] [data-stuk]")).to_have_count(n)
    # In the order of the process: OOK, POK, then PLOK.
    volgorde = page.locator("[data-stukken] [data-stuk]").evaluate_all(
        "els => els.map(e => e.dataset.stuk)"
    )
    assert volgorde == ["OOK", "POK", "PLOK"][:n]
    expect(page.locator("[data-ondertekenaar]")).to_have_text(o.naam)
    page.locator("input[name=naam]").fill(o.naam)
    page.locator("input[name=akkoord]").check()
    assert page.evaluate(PAGE_WIDTH) <= 0  # no sideways scrolling on a phone
    page.screenshot(path=str(screenshot), full_page=True)
    page.locator("form:has(input[name=stap][value=teken]) button").click()
    expect(page.locator("[data-ondertekend] [data-stuk]")).to_have_count(n)


def test_a_17_year_old_and_her_parent_each_sign(
    page: Any, browser: Any, live_server: Any, demo: Any, artifacts: Any
) -> None:
    rijen = Ondertekening.objects.filter(traject__deelnemer__referentie="DEMO-001")
    deelnemer = rijen.filter(rol=PartijRol.DEELNEMER).order_by("pk")
    ouder = rijen.filter(rol=PartijRol.VERTEGENWOORDIGER).order_by("pk")
    # The parent signs the OOK and POK, not the PLOK; the participant all three.
    assert deelnemer.count() == 3 and ouder.count() == 2
    assert {o.document.overeenkomst.soort for o in ouder} == {"ook", "pok"}
    assert ouder[0].naam == "Marco de Vries" and ouder[0].groep != deelnemer[0].groep

    _sign_all(page, deelnemer[0], 3, artifacts / "minderjarig-deelnemer.png")
    parent = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="nl-NL", base_url=live_server.url
    )
    parent.set_default_timeout(TIMEOUT_MS)
    _sign_all(parent.new_page(), ouder[0], 2, artifacts / "minderjarig-ouder.png")

    assert all(o.getekend_op and o.getekende_naam == "Marco de Vries" for o in ouder.all())
    assert all(o.getekend_op for o in deelnemer.all())
    # What is still open is the organisations' part only.
    open_rollen = set(rijen.filter(getekend_op__isnull=True).values_list("rol", flat=True))
    assert open_rollen == {PartijRol.MBO, PartijRol.LEERBEDRIJF, PartijRol.MOBILITEITSTEAM}
