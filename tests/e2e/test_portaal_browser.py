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
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from deelnemers.models import Toestemming
from ondertekening.constants import PartijRol
from ondertekening.models import Ondertekening
from pilots.roles import Role
from verklaringen.models import MboVerklaring, Praktijkverklaring, Registratie

from ..overeenkomsten_support import genereer, klaar_traject, verstuur
from .axe_crawl import axe_violations
from .conftest import PHONE, TIMEOUT_MS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE_WIDTH = "document.documentElement.scrollWidth - window.innerWidth"
LINK = re.compile(r"https?://[^\s]+(/mijn/inloggen/[\w-]+/)")


def _klaar(world: Any) -> Any:
    """A participant whose OOK, POK and PLOK are out for signing, with an issued verklaring."""
    traject = klaar_traject(world)
    mbo = world.user(Role.MBO_MEDEWERKER)
    genereer(traject, mbo)
    staff = Client()
    staff.force_login(mbo)
    verstuur(staff, traject)
    d = traject.deelnemer
    Toestemming.objects.create(deelnemer=d, gegeven=True, doelen=["delen_partners"])
    pv = Praktijkverklaring.objects.create(
        traject=traject, volgnummer=1, inhoud={"deelnemer": {"naam": str(d)}}
    )
    registratie = Registratie.objects.create(
        nummer="MV-2027-000042", verificatiecode="QRSTUVWXYZ23", pilot=d.pilot, deelnemer=d,
        instelling=world.alpha.mbo, instelling_naam=world.alpha.mbo.naam,
        uitgegeven_op=timezone.localdate(), houder_naam=str(d),
        werkprocessen=[{"code": "B1-K1-W1", "naam": "Ontvangt goederen", "crebo": "25256"}],
    )  # fmt: skip
    mv = MboVerklaring.objects.create(
        praktijkverklaring=pv, mbo_instelling=world.alpha.mbo, registratie=registratie,
        uitgegeven_op=timezone.now(),
    )  # fmt: skip
    mv.pdf.save("mv.pdf", ContentFile(b"%PDF-1.7\n% e2e\n"))
    return d


def _check(page: Any, label: str, violations: list[str], too_wide: list[str]) -> None:
    violations.extend(axe_violations(page, label))
    if page.evaluate(PAGE_WIDTH) > 0:
        too_wide.append(label)


def test_a_participant_logs_in_signs_follows_progress_and_shares_their_verklaring(
    page: Any, browser: Any, live_server: Any, world: Any, artifacts: Any
) -> None:
    d = _klaar(world)
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

    # Share the verklaring with an employer.
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
    expect(employer.locator("main")).to_contain_text("MV-2027-000042")
    expect(employer.locator("main")).to_contain_text(str(d))
    _check(employer, "gedeeld", violations, too_wide)
    employer.screenshot(path=str(artifacts / "portaal-gedeeld-telefoon.png"), full_page=True)
    werkgever.close()

    page.goto("/mijn/delen/")
    expect(page.locator("[data-gebruikt='1']")).to_be_visible()
    assert not violations, "\n".join(violations)
    assert not too_wide, too_wide
