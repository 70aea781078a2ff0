"""The praktijkverklaring end to end in a real browser: the mbo-medewerker prepares it from the
mastered werkprocessen, the praktijkopleider signs it on a phone, the examencommissie issues the
mbo-verklaring, and an employer checks the code on the public page. The sealed PDF lists exactly
the mastered werkprocessen."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from praktijkleren.models import User
from trajecten.constants import WerkprocesStatus
from trajecten.models import Traject
from trajecten.voortgang import zet_werkproces_status
from verklaringen.models import MboVerklaring, Registratie

from ..overeenkomsten_support import LINK, pdf_text
from .conftest import TIMEOUT_MS
from .test_ondertekenen_browser import sign
from .test_shell_browser import log_in

pytestmark = pytest.mark.e2e

MBO = "mbo@roc-kustenrivier.demo"
EXAMENCOMMISSIE = "examencommissie@roc-kustenrivier.demo"
PRAKTIJKOPLEIDER = "praktijkopleider@groenwerk.demo"
PAGE_WIDTH = "document.documentElement.scrollWidth - window.innerWidth"


def desktop_page(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL", base_url=live_server.url
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def test_prepare_sign_issue_and_verify_a_praktijkverklaring(
    page: Any, browser: Any, live_server: Any, demo: Any, artifacts: Any
) -> None:
    # The demo traject of Dennis Smit at Groenwerk: the praktijkopleider judged two of its three
    # werkprocessen mastered (recorded through the begeleidingsinstrument's service).
    traject = Traject.objects.get(deelnemer__referentie="DEMO-004")
    # Nothing is marked beheerst before the traject has started (issue 11): it started a month ago.
    Traject.objects.filter(pk=traject.pk).update(
        status="lopend", startdatum=timezone.localdate() - timedelta(days=30)
    )
    traject.refresh_from_db()
    opleider = User.objects.get(email=PRAKTIJKOPLEIDER)
    tws = list(
        traject.traject_werkprocessen.select_related("werkproces").order_by("werkproces__code")
    )
    mastered, open_ = [tws[0], tws[2]], tws[1]
    for tw in mastered:
        zet_werkproces_status(
            actor=opleider, traject_werkproces=tw, status=WerkprocesStatus.BEHEERST,
            samenvattend_oordeel="Voert dit zelfstandig en netjes uit.",
        )  # fmt: skip
    zet_werkproces_status(actor=opleider, traject_werkproces=open_, status=WerkprocesStatus.BEZIG)

    # The mbo-medewerker prepares the praktijkverklaring and sends it to the praktijkopleider.
    mbo = desktop_page(browser, live_server)
    log_in(mbo, MBO)
    mbo.goto(traject.get_absolute_url())
    mbo.locator("form[action$='/praktijkverklaring/'] button").click()
    expect(mbo.locator("[data-status=concept]")).to_be_visible()
    for tw in mastered:
        expect(mbo.locator(f"[data-werkproces='{tw.werkproces.code}']")).to_be_visible()
    expect(mbo.locator(f"[data-werkproces='{open_.werkproces.code}']")).to_have_count(0)
    mail.outbox.clear()
    mbo.locator("form[action$='/versturen/'] button").click()
    expect(mbo.locator("[data-status=ter_ondertekening]")).to_be_visible()

    # The praktijkopleider signs on a phone, through the personal link.
    (message,) = [m for m in mail.outbox if PRAKTIJKOPLEIDER in m.to]
    link = LINK.search(message.body)
    assert link is not None
    sign(
        page, link.group(0)[link.group(0).index("/ondertekenen/") :], PRAKTIJKOPLEIDER, "Piet Groen"
    )
    assert page.evaluate(PAGE_WIDTH) <= 0

    # The mbo wraps it in an mbo-verklaring with the other results.
    mbo.reload()
    expect(mbo.locator("[data-status=ondertekend]")).to_be_visible()
    mbo.locator("textarea[name=overige_resultaten]").fill("Taal 2F (lessen gevolgd)")
    for veld in mbo.locator("input[name^=branche_]").all():
        veld.fill("Groen, grond en infra")
    mbo.locator("input[name=examen-0-examenonderdeel]").fill("Praktijkexamen groenonderhoud")
    mbo.locator("input[name=examen-0-datum]").fill(timezone.localdate().isoformat())
    mbo.locator("input[name=examen-0-resultaat]").fill("voldoende")
    mbo.locator("form[action$='/mbo-verklaring/'] button").click()
    mv = MboVerklaring.objects.get(praktijkverklaring__traject=traject)
    expect(mbo).to_have_url(f"{live_server.url}{mv.get_absolute_url()}")
    # the mbo-medewerker cannot issue it
    expect(mbo.locator("form[action$='/uitgeven/']")).to_have_count(0)

    # The examencommissie of the institution issues it.
    exa = desktop_page(browser, live_server)
    log_in(exa, EXAMENCOMMISSIE)
    exa.goto(mv.get_absolute_url())
    exa.locator("form[action$='/uitgeven/'] button").click()
    expect(exa.locator("[data-verificatiecode]")).to_be_visible()
    # shown grouped (ABCD-EFGH-JKMN); the attribute carries the code itself
    code = exa.locator("[data-verificatiecode]").get_attribute("data-verificatiecode") or ""
    registratie = Registratie.objects.get(verificatiecode=code)
    exa.screenshot(path=str(artifacts / "mbo-verklaring-uitgegeven.png"), full_page=True)

    # The sealed PDF lists exactly the mastered werkprocessen.
    mv.refresh_from_db()
    data = mv.pdf.read()
    (artifacts / "mbo-verklaring.pdf").write_bytes(data)
    text = pdf_text(data)
    for tw in mastered:
        assert tw.werkproces.code in text
    assert open_.werkproces.code not in text
    assert {w["code"] for w in registratie.werkprocessen} == {tw.werkproces.code for tw in mastered}

    # An employer checks the code on the public page, on a phone, without an account.
    employer = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="nl-NL", base_url=live_server.url
    ).new_page()
    employer.set_default_timeout(TIMEOUT_MS)
    employer.goto("/verificatie/")
    employer.locator("input[name=code]").fill(code)
    employer.locator("form[method=get] button").click()
    result = employer.locator("[data-verificatie]")
    expect(result).to_have_attribute("data-echt", "true")
    expect(result).to_have_attribute("data-status", "geldig")
    expect(employer.locator("[data-houder]")).to_have_text("Dennis Smit")
    for tw in mastered:
        expect(employer.locator("[data-werkprocessen]")).to_contain_text(tw.werkproces.code)
    expect(employer.locator("[data-werkprocessen]")).not_to_contain_text(open_.werkproces.code)
    assert "dennis.smit@example.test" not in employer.content()
    assert employer.evaluate(PAGE_WIDTH) <= 0
    employer.screenshot(path=str(artifacts / "verificatie-telefoon.png"), full_page=True)
