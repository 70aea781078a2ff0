"""The error summary takes focus on every path a form renders it by (issue 15): the form include
(templates/includes/form.html), the summary include of a hand-rendered form
(templates/includes/foutoverzicht.html) and the login page's own. A link in it moves focus to
its field. (The referral and signing forms: tests/e2e/test_toetsenbord_browser.py.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from trajecten.models import TrajectWerkproces

from .test_shell_browser import LOGIN_PATH, log_in

pytestmark = pytest.mark.e2e

PRAKTIJKOPLEIDER = "praktijkopleider@groenwerk.demo"
SUMMARY = "[data-foutoverzicht]"


def test_the_summary_of_the_form_include_and_the_login_takes_focus(page: Any) -> None:
    # The form include, on the public verification page (a GET form).
    page.goto("/verificatie/")
    page.locator("form[method=get] button[type=submit]").click()
    summary = page.locator(SUMMARY)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Er is een probleem")
    expect(page.locator("#id_code_error")).to_contain_text("Fout:")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_code")).to_be_focused()

    # The login page's own summary.
    page.goto(LOGIN_PATH)
    page.locator("#id_username").fill("niemand@example.test")
    page.locator("#id_password").fill("fout")
    page.locator("main form").get_by_role("button").click()
    expect(page.locator(SUMMARY)).to_be_focused()
    page.locator(SUMMARY).get_by_role("link").click()
    expect(page.locator("#id_username")).to_be_focused()


def test_the_summary_of_a_hand_rendered_form_takes_focus(page: Any, demo: Any) -> None:
    tw = (
        TrajectWerkproces.objects.filter(traject__praktijkopleider__email=PRAKTIJKOPLEIDER)
        .order_by("pk")
        .first()
    )
    assert tw is not None
    log_in(page, PRAKTIJKOPLEIDER)
    page.goto(reverse("trajecten:voortgang-werkproces", args=[tw.pk]))
    page.locator("#nieuw form input[name=datum]").fill("")
    page.locator("#nieuw form button[type=submit]").click()
    summary = page.locator(SUMMARY)
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_datum")).to_be_focused()
