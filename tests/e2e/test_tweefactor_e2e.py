"""Two factors in a real browser on a phone (390 px): a projectleider logs in, is sent to the
enrolment, adds the TOTP secret shown on the page (the test computes the code as an app would),
sees the recovery codes, logs out, and logs in again with a code."""

from __future__ import annotations

import base64
import re
import time
from typing import Any

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from pilots.roles import Role
from tests.factories import PASSWORD, MembershipFactory, PilotFactory, UserFactory

from .test_shell_browser import log_in, open_menu

pytestmark = pytest.mark.e2e

PAGE_WIDTH = "document.documentElement.scrollWidth - window.innerWidth"


def app_code(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for this base32 secret (30 s steps, 6 digits)."""
    totp = TOTP(base64.b32decode(secret), step=30, t0=0, digits=6)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def test_enrol_totp_see_recovery_codes_and_log_in_with_a_code(
    page: Page, live_server: Any, settings: Any, artifacts: Any
) -> None:
    settings.TWO_FACTOR_REQUIRED = True
    user = UserFactory(email="pl@tweefactor.test", first_name="Tessa", last_name="Tweefactor")
    MembershipFactory(user=user, pilot=PilotFactory(code="tfa"), role=Role.PROJECTLEIDER)

    log_in(page, user.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/tweede-factor/instellen/"))
    expect(page.locator("main svg")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret
    assert page.evaluate(PAGE_WIDTH) <= 0, "the enrolment page scrolls sideways"
    page.screenshot(path=artifacts / "tweefactor-instellen.png", full_page=True)

    page.get_by_role("textbox", name=re.compile("code", re.I)).fill(app_code(secret))
    page.locator("main form").get_by_role("button").click()

    codes = page.locator("ol.herstelcodes li")
    expect(codes).to_have_count(10)
    assert page.evaluate(PAGE_WIDTH) <= 0, "the recovery codes scroll sideways"
    page.screenshot(path=artifacts / "tweefactor-herstelcodes.png", full_page=True)

    open_menu(page).get_by_role("button", name=re.compile("uitloggen|log out", re.I)).click()
    expect(page).to_have_url(re.compile(r"/account/inloggen/"))

    log_in(page, user.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/tweede-factor/\?next="))
    # The code of the enrolment was used: an app shows the next one 30 s later; the next step
    # is within the allowed clock drift.
    page.get_by_role("textbox", name=re.compile("code", re.I)).fill(app_code(secret, steps_ahead=1))
    page.locator("main form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_contain_text("Tessa")
    assert page.evaluate(PAGE_WIDTH) <= 0
