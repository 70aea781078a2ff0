"""The Content-Security-Policy in a real browser (Debian chromium): the pages work under it and
report no violation. The API docs (Swagger UI) render their operations, the Django admin works,
the main pages of a projectleider and the dashboards show, the selects submit through the static
script, and the signing page shows the PDF in its frame (object-src 'none')."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from deelnemers.models import Deelnemer
from ondertekening.models import Ondertekening
from pilots.models import Pilot
from pilots.roles import Role
from trajecten.models import Traject

from ..overeenkomsten_support import _pk, genereer, klaar_traject, last_code, links
from .csp_guard import watch
from .test_shell_browser import PROJECTLEIDER, log_in, open_menu

pytestmark = pytest.mark.e2e

BEHEERDER = "beheerder@praktijkleren.demo"
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def violations(page: Page) -> list[str]:
    return watch(page)


def test_the_api_docs_render_the_operations_without_a_violation(
    page: Page, violations: list[str], demo: Any
) -> None:
    log_in(page, PROJECTLEIDER)
    page.goto(reverse("api-docs"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/deelnemers/").first
    expect(operation).to_be_visible()
    operation.click()  # opens the operation: Swagger UI's own styles and scripts at work
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert violations == []


def test_the_admin_works_under_the_policy(page: Page, violations: list[str], demo: Any) -> None:
    log_in(page, BEHEERDER)  # the demo beheerder is a superuser
    page.goto(reverse("admin:index"))
    expect(page.locator("#content-main")).to_be_visible()
    page.goto(reverse("admin:pilots_pilot_changelist"))
    expect(page.locator("#result_list")).to_be_visible()
    page.locator("#result_list tbody tr a").first.click()
    expect(page.locator("#content-main form")).to_be_visible()
    # The admin's own scripts ran (its theme toggle is added by them).
    expect(page.locator("button.theme-toggle").first).to_be_attached()
    assert violations == []


def test_the_main_pages_show_without_a_violation(
    page: Page, violations: list[str], demo: Any
) -> None:
    pilot = Pilot.objects.get(code="noorderkwartier")
    deelnemer = Deelnemer.objects.filter(pilot=pilot).first()
    traject = Traject.objects.filter(deelnemer__pilot=pilot).first()
    assert deelnemer and traject
    log_in(page, PROJECTLEIDER)
    for path in (
        reverse("home"),
        reverse("deelnemers:list"),
        reverse("deelnemers:detail", args=[deelnemer.pk]),
        reverse("trajecten:traject-detail", args=[traject.pk]),
        reverse("pilots:pilot-detail", args=[pilot.code]),
        reverse("monitoring:dashboard", args=[pilot.code]),
        reverse("monitoring:export"),
    ):
        response = page.goto(path)
        assert response and response.status == 200, path
        assert "'nonce-" in response.headers["content-security-policy"]
        expect(page.locator("main h1").first).to_be_visible()
    # The dashboard's chart sits beside its table (the rules moved from a <style> to app.css).
    page.set_viewport_size(DESKTOP)
    page.goto(reverse("monitoring:dashboard", args=[pilot.code]))
    row = page.locator(".chart-tabel-rij").first
    expect(row).to_have_css("display", "flex")
    assert violations == []


def test_the_menu_and_the_language_select_work_through_the_static_script(
    page: Page, violations: list[str], demo: Any
) -> None:
    log_in(page, PROJECTLEIDER)
    expect(open_menu(page)).to_be_visible()
    with page.expect_navigation():
        page.locator("footer select#language").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert violations == []


def test_the_signing_page_shows_the_document_in_its_frame(
    page: Page, violations: list[str], world: Any, live_server: Any
) -> None:
    from django.test import Client

    traject = klaar_traject(world)
    mbo = world.user(Role.MBO_MEDEWERKER)
    genereer(traject, mbo)
    client = Client()
    client.force_login(mbo)
    client.post(reverse("overeenkomsten:verstuur", args=[traject.pk]))
    assert links()
    page.set_viewport_size(DESKTOP)
    shown = 0
    for token in links():
        page.goto(reverse("ondertekenen", args=[token]))
        page.locator("form:has(input[name=stap][value=code]) button").click()
        code = last_code(Ondertekening.objects.get(pk=_pk(token)).email)
        page.locator("input[name=code]").fill(code)
        page.locator("form:has(input[name=stap][value=controleer]) button").click()
        expect(page.locator("[data-stap=tekenen]")).to_be_visible()
        frame = page.locator("iframe.pdf-view")
        if frame.count() == 0:
            continue  # several documents: each opens with its own button
        expect(frame).to_be_visible()
        pdf = f"{live_server.url}{reverse('ondertekenen-pdf', args=[token])}"
        # Chromium's PDF viewer (an extension frame) runs inside the frame: the PDF was let in.
        for _ in range(50):
            if any(f.url.startswith("chrome-extension://") for f in page.frames):
                break
            page.wait_for_timeout(100)
        urls = [f.url for f in page.frames]
        assert any(u.startswith(pdf) for u in urls), urls
        assert any(u.startswith("chrome-extension://") for u in urls), urls
        shown += 1
    assert shown
    assert violations == []
