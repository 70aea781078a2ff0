"""Issue 17 end to end, on a phone with Debian chromium over the demo data: the WSP records a
leerbaan, the mbo proposes the waiting candidate from their matching list, the leerbedrijf's
praktijkopleider accepts, and the mbo agrees the traject pre-filled from the match. axe reports
no violations on the leerbanen pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kwalificaties.models import Kwalificatie
from leerbanen.constants import MatchStatus
from leerbanen.models import Leerbaan, Match, Zoekvraag

from .axe_crawl import axe_violations
from .conftest import PHONE, TIMEOUT_MS
from .csp_guard import watch
from .test_shell_browser import log_in

pytestmark = pytest.mark.e2e

WSP = "wsp@wsp-nhn.demo"
MBO = "mbo@roc-kustenrivier.demo"
PRAKTIJKOPLEIDER = "praktijkopleider@groenwerk.demo"
# The Content-Security-Policy violations each page saw (none allowed).
GEZIEN: list[list[str]] = []


def als(browser: Any, live_server: Any, email: str) -> Any:
    context = browser.new_context(viewport=PHONE, locale="nl-NL", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    GEZIEN.append(watch(page))
    log_in(page, email)
    return page


def geen_axe(page: Any, label: str, gevonden: list[str]) -> None:
    gevonden += axe_violations(page, label)


def test_a_leerbaan_is_recorded_matched_accepted_and_becomes_a_traject(browser, live_server, demo):
    axe: list[str] = []
    crebo = Kwalificatie.objects.order_by("crebo").values_list("crebo", flat=True)[0]
    vandaag = timezone.localdate()

    # The WSP records a leerbaan at Groenwerk, with its praktijkopleider as contact person.
    wsp = als(browser, live_server, WSP)
    wsp.get_by_text("Menu").click()
    wsp.get_by_role("link", name="Leerbanen").click()
    expect(wsp.get_by_role("heading", name="Leerbanen")).to_be_visible()
    geen_axe(wsp, "leerbanen", axe)
    wsp.get_by_role("link", name="Leerbaan vastleggen").click()
    geen_axe(wsp, "leerbaan vastleggen", axe)
    wsp.get_by_label("Leerbedrijf").select_option(label="Groenwerk Noord BV (Heerhugowaard)")
    wsp.get_by_label("Titel").fill("Hovenier in opleiding")
    wsp.get_by_label("Postcode").fill("1704bm")
    wsp.get_by_label("Gemeente of plaats").fill("Alkmaar")
    wsp.get_by_label("Kwalificaties (crebo)").fill(crebo)
    wsp.get_by_label("Uren per week").fill("32")
    wsp.get_by_label("Start vanaf").fill(vandaag.isoformat())
    wsp.get_by_label("Start uiterlijk").fill((vandaag + timedelta(days=60)).isoformat())
    wsp.get_by_label("Contactpersoon").select_option(
        label="Piet Groen (praktijkopleider@groenwerk.demo)"
    )
    wsp.get_by_role("button", name="Opslaan").click()
    expect(wsp.get_by_role("heading", name="Hovenier in opleiding")).to_be_visible()
    expect(wsp.get_by_text("Kwalificaties en de erkenning van het leerbedrijf")).to_be_visible()
    geen_axe(wsp, "leerbaan", axe)
    leerbaan = Leerbaan.objects.get(titel="Hovenier in opleiding")

    # The mbo opens the waiting candidate's matching list and proposes them.
    mbo = als(browser, live_server, MBO)
    mbo.goto("/leerbanen/kandidaten/")
    geen_axe(mbo, "kandidaten", axe)
    zk = Zoekvraag.objects.get()
    mbo.get_by_role("link", name=str(zk.deelnemer)).click()
    expect(mbo.get_by_text("Hoe de score werkt").first).to_be_visible()
    geen_axe(mbo, "matching", axe)
    rij = mbo.locator("tr", has_text="Hovenier in opleiding")
    expect(rij).to_contain_text("zelfde gemeente +20")
    rij.get_by_role("link", name="Voorstellen").click()
    geen_axe(mbo, "voorstellen", axe)
    mbo.get_by_label("Toelichting voor het leerbedrijf").fill("Wil graag buiten werken.")
    mbo.get_by_role("button", name="Voorstellen").click()
    expect(mbo.get_by_text("De kandidaat is voorgesteld")).to_be_visible()
    match = Match.objects.get(leerbaan=leerbaan)

    # The praktijkopleider finds it on the start page and accepts.
    po = als(browser, live_server, PRAKTIJKOPLEIDER)
    po.get_by_role("link", name=f"{zk.deelnemer} · Hovenier in opleiding").click()
    geen_axe(po, "voorstel", axe)
    po.get_by_role("button", name="Kandidaat accepteren").click()
    expect(po.get_by_text("U hebt de kandidaat geaccepteerd.")).to_be_visible()
    match.refresh_from_db()
    assert match.status == MatchStatus.GEACCEPTEERD

    # The mbo agrees the traject: leerbedrijf, start date and hours come from the leerbaan.
    mbo.goto(match.get_absolute_url())
    mbo.get_by_role("link", name="Traject afspreken").click()
    expect(mbo.get_by_label("Leerbedrijf")).to_have_value(str(leerbaan.organisatie_id))
    expect(mbo.get_by_label("Startdatum")).to_have_value(vandaag.isoformat())
    mbo.get_by_label("Geplande einddatum").fill((vandaag + timedelta(days=120)).isoformat())
    # The candidate's four wished werkprocessen of the leerbaan's crebo.
    expect(mbo.locator("input[name=werkprocessen]:checked")).to_have_count(4)
    mbo.get_by_role("button", name="Traject afspreken").click()
    expect(mbo.get_by_text("Het traject is afgesproken.")).to_be_visible()
    match.refresh_from_db()
    assert match.traject is not None and match.traject.leerbedrijf_id == leerbaan.organisatie_id
    assert axe == [], "\n".join(axe)
    assert not [v for gezien in GEZIEN for v in gezien], "CSP violations"
