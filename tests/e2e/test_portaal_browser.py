"""The participant portal end to end on a 390 px phone (issue 17): the participant logs in with
the e-mailed link and code, signs their agreements, reads their progress and shares their
verklaring; an employer, in another browser, opens the link and sees the verification page.
axe reports no violation on any portal page, and no page scrolls sideways."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from deelnemers.models import Toestemming
from ondertekening.constants import PartijRol
from ondertekening.models import Ondertekening
from pilots.roles import Role
from trajecten.constants import WerkprocesStatus
from trajecten.voortgang import zet_werkproces_status
from verklaringen.mbo_verklaring import maak_mbo_verklaring
from verklaringen.models import Registratie
from verklaringen.services import geef_uit

from ..overeenkomsten_support import genereer, klaar_traject, pdf_text, verstuur
from ..test_verklaringen import gestart, signed_pv
from .axe_crawl import axe_violations
from .conftest import PHONE, TIMEOUT_MS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE_WIDTH = "document.documentElement.scrollWidth - window.innerWidth"
LINK = re.compile(r"https?://[^\s]+(/mijn/inloggen/[\w-]+/)")


def _klaar(world: Any) -> Any:
    """A participant whose OOK, POK and PLOK are out for signing."""
    traject = klaar_traject(world)
    mbo = world.user(Role.MBO_MEDEWERKER)
    genereer(traject, mbo)
    staff = Client()
    staff.force_login(mbo)
    verstuur(staff, traject)
    Toestemming.objects.create(deelnemer=traject.deelnemer, gegeven=True, doelen=["delen_partners"])
    return traject


def _geef_verklaring_uit(world: Any, traject: Any) -> Registratie:
    """The staff side, as it happens after the agreements: the traject runs, the praktijkopleider
    marks a werkproces beheerst and signs the praktijkverklaring, the mbo makes the
    mbo-verklaring and the examencommissie issues it (registered, PDF/A, sealed)."""
    traject = gestart(traject)
    w1 = traject.traject_werkprocessen.order_by("werkproces__code").first()
    zet_werkproces_status(
        actor=world.user(Role.PRAKTIJKOPLEIDER), traject_werkproces=w1,
        status=WerkprocesStatus.BEHEERST, samenvattend_oordeel="Ontvangt zelfstandig goederen.",
    )  # fmt: skip
    pv = signed_pv(world, traject)
    mv = maak_mbo_verklaring(actor=world.user(Role.MBO_MEDEWERKER), praktijkverklaring=pv)
    return geef_uit(actor=world.user(Role.EXAMENCOMMISSIE), mbo_verklaring=mv)


def _check(page: Any, label: str, violations: list[str], too_wide: list[str]) -> None:
    violations.extend(axe_violations(page, label))
    if page.evaluate(PAGE_WIDTH) > 0:
        too_wide.append(label)


def test_a_participant_logs_in_signs_follows_progress_and_shares_their_verklaring(
    page: Any, browser: Any, live_server: Any, world: Any, artifacts: Any
) -> None:
    traject = _klaar(world)
    d = traject.deelnemer
    violations: list[str] = []
    too_wide: list[str] = []
    mail.outbox.clear()

    page.goto("/mijn/inloggen/")
    _check(page, "inloggen", violations, too_wide)
    page.locator("input[name=email]").fill(d.email)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-verstuurd]")).to_be_visible()
    _check(page, "inloggen-verstuurd", violations, too_wide)
    (link,) = [LINK.search(m.body).group(1) for m in mail.outbox if LINK.search(m.body)]
    page.goto(link)
    _check(page, "inloglink", violations, too_wide)
    page.locator("[data-actie=code]").click()
    expect(page.locator("input[name=code]")).to_be_visible()
    _check(page, "inloglink-code", violations, too_wide)
    subject = [m.subject for m in mail.outbox if "code" in m.subject.lower()][-1]
    page.locator("input[name=code]").fill(re.findall(r"\d{6}", subject)[0])
    page.locator("[data-actie=bevestig]").click()
    expect(page.locator("[data-stand]")).to_be_visible()
    _check(page, "dossier", violations, too_wide)
    page.screenshot(path=str(artifacts / "portaal-dossier-telefoon.png"), full_page=True)

    # Sign the three agreements at once.
    page.locator("[data-naar-ondertekenen]").click()
    expect(page.locator("[data-stuk]")).to_have_count(3)
    _check(page, "ondertekenen", violations, too_wide)
    page.locator("input[name=naam]").fill(str(d))
    page.locator("input[name=akkoord]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".msg-success")).to_be_visible()
    expect(page.locator("[data-getekend]")).to_have_count(3)
    assert all(
        o.getekend_op
        for o in Ondertekening.objects.filter(traject__deelnemer=d, rol=PartijRol.DEELNEMER)
    )

    # Progress, and writing a reflection.
    page.goto("/mijn/voortgang/")
    expect(page.locator("[data-werkproces]").first).to_be_visible()
    _check(page, "voortgang", violations, too_wide)
    page.locator("[data-schrijf]").first.click()
    _check(page, "reflectie", violations, too_wide)
    page.locator("textarea[name=situatie]").fill("De vrachtwagen kwam te laat.")
    page.locator("textarea[name=actie]").fill("Ik heb de pakbon gecontroleerd.")
    page.locator("textarea[name=reflectie]").fill("Eerst tellen, dan tekenen.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-reflectie]").first).to_be_visible()

    # The verklaring is issued; the participant downloads the sealed PDF and shares it.
    registratie = _geef_verklaring_uit(world, traject)
    page.goto("/mijn/")
    pdf_link = page.locator("a[href*='/mijn/verklaringen/']").first
    pdf = page.request.get(pdf_link.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert registratie.nummer in pdf_text(pdf.body())
    page.goto("/mijn/delen/")
    _check(page, "delen", violations, too_wide)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-nieuwe-link]")).to_be_visible()
    _check(page, "delen-nieuw", violations, too_wide)
    url = page.locator("[data-url]").input_value()
    page.goto("/mijn/gegevens/")
    _check(page, "gegevens", violations, too_wide)
    page.goto("/mijn/toestemming/")
    _check(page, "toestemming", violations, too_wide)

    werkgever = browser.new_context(viewport=PHONE, locale="nl-NL")
    werkgever.set_default_timeout(TIMEOUT_MS)
    employer = werkgever.new_page()
    employer.goto(live_server.url + urlsplit(url).path)
    expect(employer.locator("main")).to_contain_text(registratie.nummer)
    expect(employer.locator("main")).to_contain_text(str(d))
    _check(employer, "gedeeld", violations, too_wide)
    employer.screenshot(path=str(artifacts / "portaal-gedeeld-telefoon.png"), full_page=True)
    werkgever.close()

    page.goto("/mijn/delen/")
    expect(page.locator("[data-gebruikt='1']")).to_be_visible()
    assert not violations, "\n".join(violations)
    assert not too_wide, too_wide
