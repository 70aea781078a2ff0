"""The "Te doen" list in a real browser (issue 15): every role of the demo logs in on a phone,
finds what waits for them on the start page, with the count next to "Start" in the menu, and
follows the link to where the work is done. The examencommissie, e-mailed that a verklaring is
ready, finds it on the list and issues it.

One test over the seeded demo, so the demo is loaded once; each role in its own browser context.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from deelnemers.constants import DeelnemerStatus
from deelnemers.models import Deelnemer
from deelnemers.services import wijzig_status
from praktijkleren.models import User
from trajecten.constants import WerkprocesStatus
from trajecten.models import Traject
from trajecten.voortgang import zet_werkproces_status
from verklaringen.models import MboVerklaring
from verklaringen.services import (
    bereid_praktijkverklaring_voor,
    maak_mbo_verklaring,
    verstuur_naar_praktijkopleider,
)

from ..overeenkomsten_support import last_code, links
from .conftest import PHONE, TIMEOUT_MS
from .csp_guard import watch
from .test_shell_browser import log_in

pytestmark = pytest.mark.e2e

MBO = "mbo@roc-kustenrivier.demo"
EXAMENCOMMISSIE = "examencommissie@roc-kustenrivier.demo"
PRAKTIJKOPLEIDER = "praktijkopleider@groenwerk.demo"
PROJECTLEIDER = "projectleider@noorderkwartier.demo"
JOBCOACH = "jobcoach@werkom.demo"
VERWIJZER = "verwijzer@alkmaar.demo"


# The Content-Security-Policy violations each page saw (none allowed).
GEZIEN: list[list[str]] = []


def als(browser: Any, live_server: Any, email: str) -> Any:
    """A phone in a fresh context, logged in as `email`, on the start page."""
    context = browser.new_context(viewport=PHONE, locale="nl-NL", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    GEZIEN.append(watch(page))
    log_in(page, email)
    expect(page.locator("[data-te-doen]")).to_be_visible()
    return page


def lijst(page: Any, sleutel: str) -> Any:
    return page.locator(f"[data-te-doen-lijst={sleutel}]")


def volg(page: Any, sleutel: str, tekst: str, live_server: Any, url: str) -> None:
    """Follow the item's link and land on the page where the work is done."""
    lijst(page, sleutel).get_by_role("link", name=re.compile(re.escape(tekst))).first.click()
    expect(page).to_have_url(f"{live_server.url}{url}")
    page.goto("/")


def teken_als_praktijkopleider() -> None:
    """The praktijkopleider signs through the newest personal link (as in their e-mail)."""
    token = links(PRAKTIJKOPLEIDER)[-1]
    signer = Client()
    url = reverse("ondertekenen", args=[token])
    signer.post(url, {"stap": "code"})
    signer.post(url, {"stap": "controleer", "code": last_code(PRAKTIJKOPLEIDER)})
    response = signer.post(url, {"stap": "teken", "naam": "Piet Groen", "akkoord": "on"})
    assert response.status_code == 200


def test_every_role_finds_its_work_and_the_examencommissie_issues_a_verklaring(
    browser: Any, live_server: Any, demo: Any
) -> None:
    GEZIEN.clear()
    mbo = User.objects.get(email=MBO)
    opleider = User.objects.get(email=PRAKTIJKOPLEIDER)
    # Dennis Smit's traject at Groenwerk has started; the praktijkopleider judged two of its
    # werkprocessen mastered and is working on the third; the mbo sent the praktijkverklaring.
    traject = Traject.objects.get(deelnemer__referentie="DEMO-004")
    Traject.objects.filter(pk=traject.pk).update(
        status="lopend", startdatum=timezone.localdate() - timedelta(days=30)
    )
    tws = list(
        traject.traject_werkprocessen.select_related("werkproces").order_by("werkproces__code")
    )
    for tw in (tws[0], tws[2]):
        zet_werkproces_status(
            actor=opleider, traject_werkproces=tw, status=WerkprocesStatus.BEHEERST,
            samenvattend_oordeel="Voert dit zelfstandig uit.",
        )  # fmt: skip
    zet_werkproces_status(actor=opleider, traject_werkproces=tws[1], status=WerkprocesStatus.BEZIG)
    pv = bereid_praktijkverklaring_voor(actor=mbo, traject=traject)
    verstuur_naar_praktijkopleider(actor=mbo, praktijkverklaring=pv)
    # The verwijzer's candidate Anouk de Vries was given a new status this week.
    anouk = Deelnemer.objects.get(referentie="DEMO-001")
    wijzig_status(actor=mbo, deelnemer=anouk, status=DeelnemerStatus.NIET_GESTART, reden="Verhuisd")

    # The praktijkopleider: the werkproces to assess and the praktijkverklaring to sign.
    po = als(browser, live_server, PRAKTIJKOPLEIDER)
    expect(po.locator("nav .teller")).to_have_count(1)
    expect(lijst(po, "beoordelen")).to_contain_text(tws[1].werkproces.code)
    volg(
        po, "beoordelen", tws[1].werkproces.code, live_server,
        reverse("trajecten:voortgang-werkproces", args=[tws[1].pk]),
    )  # fmt: skip
    expect(lijst(po, "tekenen")).to_contain_text("Praktijkverklaring")
    volg(po, "tekenen", "Praktijkverklaring", live_server, traject.get_absolute_url())
    mail.outbox.clear()
    lijst(po, "tekenen").get_by_role("listitem").filter(has_text="Praktijkverklaring").get_by_role(
        "button", name="Stuur mij de link opnieuw"
    ).click()
    expect(po.locator(".messages")).to_contain_text(PRAKTIJKOPLEIDER)
    assert links(PRAKTIJKOPLEIDER)  # a fresh signing link in their e-mail
    teken_als_praktijkopleider()

    # The mbo wraps it in an mbo-verklaring: the examencommissie is e-mailed.
    pv.refresh_from_db()
    mail.outbox.clear()
    mv = maak_mbo_verklaring(actor=mbo, praktijkverklaring=pv, overige_resultaten="Taal 2F")
    (bericht,) = [m for m in mail.outbox if EXAMENCOMMISSIE in m.to]
    assert bericht.body.startswith("Beste Erik Commandeur,")
    assert mv.get_absolute_url() in bericht.body

    # The examencommissie finds it on the list, follows the link and issues it.
    exa = als(browser, live_server, EXAMENCOMMISSIE)
    expect(exa.locator("nav .teller")).to_have_text("1")
    item = lijst(exa, "uit_te_geven").locator("[data-te-doen-item]")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Dennis Smit")
    item.get_by_role("link").click()
    expect(exa).to_have_url(f"{live_server.url}{mv.get_absolute_url()}")
    exa.locator("form[action$='/uitgeven/'] button").click()
    expect(exa.locator("[data-verificatiecode]")).to_be_visible()
    mv.refresh_from_db()
    assert mv.registratie is not None
    exa.goto("/")
    expect(lijst(exa, "uit_te_geven").locator("[data-te-doen-item]")).to_have_count(0)
    expect(exa.locator("nav .teller")).to_have_count(0)

    # The mbo-medewerker: intakes to plan, advice overdue, signatures to send again.
    m = als(browser, live_server, MBO)
    bilal = Deelnemer.objects.get(referentie="DEMO-002")
    expect(lijst(m, "intakes")).to_contain_text("Bilal El Amrani")
    expect(lijst(m, "advies_te_laat")).to_contain_text("Bilal El Amrani")
    volg(m, "intakes", "Bilal El Amrani", live_server, reverse("intake:plan", args=[bilal.pk]))
    volg(
        m, "advies_te_laat", "Bilal El Amrani", live_server,
        reverse("intake:advies", args=[bilal.pk]),
    )  # fmt: skip
    handtekeningen = lijst(m, "handtekeningen")
    expect(handtekeningen).to_contain_text("Dennis Smit")
    handtekeningen.get_by_role("button", name="Opnieuw versturen").first.click()
    expect(m.locator(".messages")).to_contain_text("nieuwe ondertekeningslink")
    volg(m, "handtekeningen", "Dennis Smit", live_server, traject.get_absolute_url())
    expect(lijst(m, "kwaliteit")).to_contain_text("Dennis Smit")
    volg(
        m, "kwaliteit", "Dennis Smit", live_server,
        reverse("trajecten:voortgang-kwaliteitsmoment", args=[traject.pk]),
    )  # fmt: skip

    # The projectleider: the monitor report to fill in.
    pl = als(browser, live_server, PROJECTLEIDER)
    rapport = lijst(pl, "rapport")
    expect(rapport).to_contain_text("Monitorrapportage")
    href = rapport.get_by_role("link").first.get_attribute("href") or ""
    assert re.fullmatch(r"/monitor/\d+/", href)
    volg(pl, "rapport", "Monitorrapportage", live_server, href)
    # ... and the dossier that waits too long for advice.
    expect(lijst(pl, "advies_te_laat")).to_contain_text("Bilal El Amrani")
    volg(pl, "advies_te_laat", "Bilal El Amrani", live_server, bilal.get_absolute_url())

    # The jobcoach: their caseload with the last contact.
    jc = als(browser, live_server, JOBCOACH)
    freek = Traject.objects.get(deelnemer__referentie="DEMO-006")
    expect(lijst(jc, "caseload")).to_contain_text("Freek Mulder")
    volg(jc, "caseload", "Freek Mulder", live_server, freek.get_absolute_url())

    # The verwijzer: the status change of their referral, leading to the dossier.
    vw = als(browser, live_server, VERWIJZER)
    expect(lijst(vw, "statuswijzigingen")).to_contain_text("Niet gestart")
    volg(vw, "statuswijzigingen", "Anouk de Vries", live_server, anouk.get_absolute_url())
    assert MboVerklaring.objects.filter(registratie__isnull=False).count() == 1
    assert not [v for gezien in GEZIEN for v in gezien], "CSP violations"
