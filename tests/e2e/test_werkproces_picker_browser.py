"""The werkproces picker in a real browser (issue 15, item 3), on the demo's 98 werkprocessen
(13 kwalificaties) in the small test world (faster than the whole demo).

On a 390 px phone the mbo-medewerker finds werkprocessen by typing, ticks them with a thumb, sees
the counts follow, keeps them through a form error and agrees the traject. Without JavaScript
the same picker is a grouped checkbox list that opens per kwalificatie and posts a leerlijn.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from kwalificaties.constants import Herkomst
from kwalificaties.models import Werkproces
from kwalificaties.services import import_kwalificaties
from pilots.roles import Role
from praktijkleren.demo import KWALIFICATIES_CSV, VOORBEELD_WERKPROCESSEN_CSV
from trajecten.models import Leerlijn, Traject

from ..factories import PASSWORD
from .conftest import PHONE, TIMEOUT_MS
from .csp_guard import watch
from .test_shell_browser import log_in

pytestmark = pytest.mark.e2e

CREBO = "25255"
PAGE_WIDTH = "document.documentElement.scrollWidth - window.innerWidth"
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture
def mbo(world: Any) -> Any:
    """The world's mbo-medewerker, with the demo's example kwalificatiestructuur loaded."""
    import_kwalificaties(
        path=KWALIFICATIES_CSV,
        werkprocessen=VOORBEELD_WERKPROCESSEN_CSV,
        herkomst=Herkomst.VOORBEELD,
    )
    return world.user(Role.MBO_MEDEWERKER)


def box(page: Any, wp: Werkproces) -> Any:
    return page.locator(f"input[name=werkprocessen][value='{wp.pk}']")


def test_on_a_phone_the_mbo_searches_ticks_and_keeps_werkprocessen_through_an_error(
    page: Any, world: Any, mbo: Any, artifacts: Any
) -> None:
    deelnemer = world.alpha.other_deelnemer
    totaal = Werkproces.objects.count()
    eerste, tweede = Werkproces.objects.filter(kwalificatie__crebo=CREBO).order_by("code")[:2]
    in_groep = Werkproces.objects.filter(kwalificatie__crebo=CREBO).count()
    log_in(page, mbo.email, PASSWORD)
    page.goto(reverse("trajecten:traject-create", args=[deelnemer.pk]))

    # Everything but a werkproces: the error summary links to the first box, which opens.
    page.locator("select[name=mbo_instelling]").select_option(str(world.alpha.mbo.pk))
    page.locator("select[name=leerbedrijf]").select_option(str(world.alpha.leerbedrijf.pk))
    page.locator("input[name=startdatum]").fill("2026-11-02")
    page.locator("input[name=geplande_einddatum]").fill("2026-10-01")
    page.locator("main form button[type=submit]").click()
    page.locator("[data-foutoverzicht] a", has_text="Kies minstens één werkproces").click()
    expect(page.locator("input[name=werkprocessen]").first).to_be_focused()
    expect(page.locator("input[name=werkprocessen]").first).to_be_visible()
    page.locator("[data-wp-groep][open] > summary").click()  # closed again

    picker = page.locator("[data-werkproces-picker]")
    zoek = picker.get_by_role("searchbox", name="Zoek een werkproces")
    expect(zoek).to_be_visible()  # the script shows the search box
    expect(picker.locator("[data-wp-totaal]")).to_have_text(f"0 van {totaal} werkprocessen gekozen")
    expect(picker.locator("details[open]")).to_have_count(0)

    # Crebo and code together find exactly one werkproces; the result is announced.
    zoek.fill(f"{CREBO} {eerste.code}")
    expect(picker.locator("[data-wp-item]:visible")).to_have_count(1)
    expect(picker.locator("[data-wp-zoekstatus]")).to_have_text(
        f"1 van {totaal} werkprocessen getoond"
    )
    picker.locator(f"label[for='{box(page, eerste).get_attribute('id')}']").click()
    expect(box(page, eerste)).to_be_checked()
    expect(picker.locator("[data-wp-totaal]")).to_have_text(f"1 van {totaal} werkprocessen gekozen")

    # The crebo alone shows its whole kwalificatie; a word that matches nothing says so.
    zoek.fill(CREBO)
    expect(picker.locator("[data-wp-item]:visible")).to_have_count(in_groep)
    box(page, tweede).check()
    picker.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "werkproces-picker-telefoon.png"))
    groep = picker.locator(f"[data-wp-groep]:has(input[value='{tweede.pk}'])")
    expect(groep.locator("summary [data-wp-telling]")).to_have_text(f"2 van {in_groep} gekozen")
    kerntaak = picker.locator(f"[data-wp-kerntaak]:has(input[value='{eerste.pk}'])")
    expect(kerntaak.locator("[data-wp-telling]")).to_contain_text("gekozen")
    zoek.fill("qqqzzz")
    expect(picker.locator("[data-wp-item]:visible")).to_have_count(0)
    expect(picker.locator("[data-wp-zoekstatus]")).to_have_text(
        "Geen werkproces gevonden met deze zoekterm."
    )
    # Enter in the search box does not submit the form; Escape clears the search.
    zoek.press("Enter")
    zoek.press("Escape")
    expect(zoek).to_have_value("")
    expect(picker.locator("[data-wp-groep]:visible")).to_have_count(
        Werkproces.objects.values("kwalificatie").distinct().count()
    )
    expect(groep).to_have_attribute("open", "")  # it holds the ticks: it stays open

    # Accessible, and no horizontal scrolling down to 320 CSS px.
    result = Axe().run(page, context="[data-werkproces-picker]", options=AXE_OPTIONS)
    assert result.violations_count == 0, result.generate_report()
    assert page.evaluate(PAGE_WIDTH) <= 0
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate(PAGE_WIDTH) <= 0
    groep.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "werkproces-picker-320.png"))
    page.set_viewport_size(PHONE)

    # A form error (the end date, still before the start): the ticks, the counts and the open
    # group survive it.
    page.locator("main form button[type=submit]").click()
    expect(
        page.get_by_text("De geplande einddatum moet na de startdatum liggen.").first
    ).to_be_visible()
    expect(box(page, eerste)).to_be_checked()
    expect(box(page, tweede)).to_be_checked()
    expect(picker.locator("[data-wp-totaal]")).to_have_text(f"2 van {totaal} werkprocessen gekozen")
    expect(groep).to_have_attribute("open", "")

    page.locator("input[name=geplande_einddatum]").fill("2027-07-02")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-erkenning]").first).to_be_visible()
    traject = Traject.objects.get(deelnemer=deelnemer)
    assert set(traject.werkprocessen.all()) == {eerste, tweede}


def test_without_javascript_the_grouped_checkboxes_post_a_leerlijn(
    browser: Any, live_server: Any, world: Any, mbo: Any, artifacts: Any
) -> None:
    context = browser.new_context(
        viewport=PHONE, locale="nl-NL", base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    violations = watch(page)
    eerste, tweede = Werkproces.objects.filter(kwalificatie__crebo=CREBO).order_by("code")[:2]
    log_in(page, mbo.email, PASSWORD)
    page.goto(reverse("trajecten:leerlijnen", args=[world.alpha.pilot.code]))

    picker = page.locator("[data-werkproces-picker]")
    expect(picker.locator("[data-wp-zoekblok]")).to_be_hidden()
    expect(picker.locator("[data-wp-totaal]")).to_be_hidden()
    expect(picker.locator("[data-wp-groep]").first).to_be_visible()
    # <details> opens without script; the checkboxes are plain form fields.
    groep = picker.locator(f"[data-wp-groep]:has(input[value='{eerste.pk}'])")
    groep.locator("summary").click()
    expect(box(page, eerste)).to_be_visible()
    # A tap on the label ticks the box it belongs to.
    page.locator(f"label[for='{box(page, eerste).get_attribute('id')}']").click()
    expect(box(page, eerste)).to_be_checked()
    box(page, tweede).check()
    page.screenshot(path=str(artifacts / "werkproces-picker-zonder-js.png"), full_page=True)
    page.locator("input[name=naam]").fill("Groen basis")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".msg-success")).to_be_visible()
    leerlijn = Leerlijn.objects.get(pilot=world.alpha.pilot, naam="Groen basis")
    assert set(leerlijn.werkprocessen.all()) == {eerste, tweede}
    context.close()
    assert not violations, violations
