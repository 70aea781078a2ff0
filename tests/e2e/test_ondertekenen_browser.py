"""The agreements end to end in a real browser: the mbo-medewerker agrees a traject, generates the
OOK, POK and PLOK and sends them; every party signs through its own link (the participant on a
390 px phone); the final PDFs carry the parties, the start date and the audit page; then the
traject starts."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from deelnemers.models import Deelnemer
from kwalificaties.models import Werkproces
from ondertekening.models import Ondertekening
from overeenkomsten.constants import VersieStatus
from overeenkomsten.models import OvereenkomstVersie
from pilots.models import Organisatie
from praktijkleren.models import User
from trajecten.constants import TrajectStatus
from trajecten.models import Traject

from ..overeenkomsten_support import LINK, pdf_text
from .conftest import CHROMIUM_ARGS, TIMEOUT_MS  # noqa: F401
from .test_shell_browser import log_in

pytestmark = pytest.mark.e2e

MBO = "mbo@roc-kustenrivier.demo"
PAGE_WIDTH = "document.documentElement.scrollWidth - window.innerWidth"
START = date(2026, 11, 2)


def sign(page: Any, path: str, email: str, naam: str, screenshot: Any = None) -> None:
    """One party's signing: open the link, get a code by e-mail, confirm it, type the name."""
    page.goto(path)
    page.locator("form:has(input[name=stap][value=code]) button").click()
    expect(page.locator("input[name=code]")).to_be_visible()
    expect(page.locator("input[name=code]")).to_be_focused()  # issue 11: focus on the code
    subject = [m.subject for m in mail.outbox if email in m.to and "code" in m.subject.lower()][-1]
    page.locator("input[name=code]").fill(re.findall(r"\d{6}", subject)[0])
    page.locator("form:has(input[name=stap][value=controleer]) button").click()
    expect(page.locator("[data-stap=tekenen]")).to_be_visible()
    # The typed name must match the signatory the page shows (issue 11).
    expect(page.locator("[data-ondertekenaar]")).to_have_text(naam)
    page.locator("input[name=naam]").fill(naam)
    page.locator("input[name=akkoord]").check()
    if screenshot:
        page.screenshot(path=str(screenshot), full_page=True)
    page.locator("form:has(input[name=stap][value=teken]) button").click()
    expect(page.locator("[data-ondertekend]")).to_be_visible()


def test_three_agreements_are_generated_and_signed_online_by_every_party(
    page: Any, browser: Any, live_server: Any, demo: Any, artifacts: Any
) -> None:
    deelnemer = Deelnemer.objects.get(voornaam="Bilal", achternaam="El Amrani")
    deelnemer.email = "bilal@example.test"
    deelnemer.save(update_fields=["email"])
    roc = Organisatie.objects.get(naam__startswith="ROC")
    groenwerk = Organisatie.objects.get(naam="Groenwerk Noord BV")
    opleider = User.objects.get(email="praktijkopleider@groenwerk.demo")
    werkprocessen = list(
        Werkproces.objects.filter(kwalificatie__crebo="25255").order_by("code")[:3]
    ) or list(Werkproces.objects.order_by("kwalificatie__crebo", "code")[:3])

    desktop = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL", base_url=live_server.url
    )
    desktop.set_default_timeout(TIMEOUT_MS)
    mbo = desktop.new_page()
    log_in(mbo, MBO)
    mbo.goto(f"/deelnemers/{deelnemer.pk}/trajecten/nieuw/")
    mbo.locator("select[name=mbo_instelling]").select_option(str(roc.pk))
    mbo.locator("select[name=leerbedrijf]").select_option(str(groenwerk.pk))
    mbo.locator("select[name=praktijkopleider]").select_option(str(opleider.pk))
    mbo.locator("input[name=startdatum]").fill(START.isoformat())
    mbo.locator("input[name=geplande_einddatum]").fill("2027-07-02")
    mbo.locator("input[name=uren_per_week]").fill("32")
    # Perspectief op Werk needs a PLOK (issue 11); the participant keeps the benefit.
    mbo.locator("select[name=financieringsbron]").select_option("perspectief_op_werk")
    mbo.locator("select[name=loon_of_uitkering]").select_option("uitkering")
    for w in werkprocessen:  # the werkproces picker: open the kwalificatie, tick (issue 15)
        vinkje = mbo.locator(f"input[name=werkprocessen][value='{w.pk}']")
        if not vinkje.is_visible():
            mbo.locator(f"[data-wp-groep]:has(input[value='{w.pk}']) > summary").click()
        vinkje.check()
    mbo.locator("main form button[type=submit]").click()
    expect(mbo.locator("[data-erkenning]").first).to_be_visible()
    traject = Traject.objects.get(deelnemer=deelnemer)

    # Groenwerk (SBB) and the ROC (DUO) are recognised for the crebo in the erkenning register
    # of the demo: nothing blocks; the agreements are generated and sent.
    expect(mbo.locator("[data-warning=erkenning]")).to_have_count(0)
    mbo.locator("form[action$='/genereren/'] button").click()
    expect(mbo.locator("[data-overeenkomst]")).to_have_count(3)
    mail.outbox.clear()
    mbo.locator("form[action$='/versturen/'] button").click()
    expect(mbo.locator(".msg-success")).to_be_visible()
    mbo.screenshot(path=str(artifacts / "overeenkomsten-verstuurd.png"), full_page=True)

    invitations = [(m.to[0], LINK.search(m.body)) for m in mail.outbox if LINK.search(m.body)]
    # OOK 2 parties, POK 3, PLOK 3: one link per person for all their agreements (issue 11)
    assert len(invitations) == 4
    pages = {
        "bilal@example.test": page,  # the participant, on a phone
        MBO: mbo,
        "praktijkopleider@groenwerk.demo": None,
        "verwijzer@alkmaar.demo": None,
    }
    assert {to for to, _m in invitations} == set(pages)
    # Each types their name as the agreement names them (the typed name must match, issue 11).
    names = dict(Ondertekening.objects.filter(traject=traject).values_list("email", "naam"))
    assert names["bilal@example.test"] == "Bilal El Amrani"
    signers = {to: (names[to], signer_page) for to, signer_page in pages.items()}
    for to, match in invitations:
        naam, signer_page = signers[to]
        if signer_page is None:  # another person, another browser
            context = browser.new_context(locale="nl-NL", base_url=live_server.url)
            context.set_default_timeout(TIMEOUT_MS)
            signer_page = context.new_page()
            signers[to] = (naam, signer_page)
        path = match.group(0)[match.group(0).index("/ondertekenen/") :]
        shot = artifacts / "ondertekenen-telefoon.png" if signer_page is page else None
        sign(signer_page, path, to, naam, screenshot=shot)
        if signer_page is page:
            assert page.evaluate(PAGE_WIDTH) <= 0
    page.screenshot(path=str(artifacts / "ondertekend-telefoon.png"), full_page=True)

    versies = OvereenkomstVersie.objects.filter(overeenkomst__traject=traject)
    assert {v.status for v in versies} == {VersieStatus.ONDERTEKEND}
    for versie in versies:
        data = versie.definitief_pdf.read()
        (artifacts / f"{versie.overeenkomst.soort}-ondertekend.pdf").write_bytes(data)
        text = pdf_text(data)
        assert "2 november 2026" in text and "Auditpagina" in text
        assert "Bilal El Amrani" in text
        soort = versie.overeenkomst.soort
        if soort in ("ook", "pok"):  # the mbo-instelling is a party
            assert roc.naam in text and names[MBO] in text
        if soort in ("pok", "plok"):  # the leerbedrijf is a party
            assert "Groenwerk Noord BV" in text and names["praktijkopleider@groenwerk.demo"] in text
        if soort == "plok":  # signed for the mobility team by the gemeente's klantmanager
            assert "Gemeente Alkmaar" in text and names["verwijzer@alkmaar.demo"] in text

    # With OOK and POK signed, the mbo starts the traject.
    mbo.goto(traject.get_absolute_url())
    mbo.locator("form[action$='/starten/'] button").click()
    expect(mbo.locator(".msg-success")).to_be_visible()
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.LOPEND
    desktop.close()
