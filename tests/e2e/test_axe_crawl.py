"""WCAG 2.1 AA on every page (issue 15): axe-core finds no violation on the pages each role reaches
from its start page, nor on the public pages (login, password reset, verification, signing, the
API documentation).

One test per role, so pytest-xdist spreads them. The crawl (tests/e2e/axe_crawl.py) checks each
URL pattern once, not every participant; the page count per role is printed (`pytest -s`) and
written with the list of pages to test-artifacts/axe-<role>.txt. A last test covers what links
do not reach: a form's error summary and a message after a save.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from pilots.models import Pilot
from praktijkleren.demo import ACCOUNTS

from ..overeenkomsten_support import CODE, LINK
from .axe_crawl import CrawlResult, axe_violations, check, crawl
from .test_shell_browser import log_in

pytestmark = pytest.mark.e2e

# A safety cap above the number of kinds of page a role has (the beheerder has the most, 62);
# a role with more fails below, naming the patterns it did not reach.
MAX_PAGES = 80
# Pages whose content is the same for every role (one's own account, the shared reference
# data, the footer's pages, the API documentation): only their menu differs, and each role's
# menu is checked on every other page of its crawl. The beheerder's crawl, which reaches them
# all, checks them; the other roles skip them (about a hundred pages less per run).
ROLE_INDEPENDENT = frozenset(
    {
        "api-docs", "api-tokens", "beveiliging", "tweefactor-instellen", "privacyverklaring",
        "toegankelijkheidsverklaring", "contact", "verificatie", "kwalificaties:list",
        "kwalificaties:detail", "pilots:organisatie-list", "pilots:organisatie-detail",
    }
)  # fmt: skip


def first_account_per_role() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for email, _first, _last, memberships in ACCOUNTS:
        seen.setdefault(str(memberships[0][0]), email)
    return list(seen.items())


@pytest.mark.parametrize(("role", "email"), first_account_per_role())
def test_axe_finds_no_violation_on_any_page_of_a_role(
    page: Any, demo: Any, artifacts: Path, role: str, email: str
) -> None:
    log_in(page, email)
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)
    skip = frozenset() if role == "beheerder" else ROLE_INDEPENDENT
    result = crawl(page, ["/"], max_pages=MAX_PAGES, skip=skip)
    summary = f"axe: {role} ({email}): {len(result.pages)} pages, {len(result.patterns)} patterns"
    print(f"\n{summary}" + (f"; not reached: {sorted(result.left)}" if result.left else ""))
    # The pages checked, for the release note and for CI's artefacts (test-artifacts/).
    (artifacts / f"axe-{role}.txt").write_text(
        "\n".join([summary, *result.pages, *result.violations]) + "\n", encoding="utf-8"
    )
    assert len(result.pages) > 1, f"the crawl found no pages beyond the start page for {role}"
    assert not result.left, f"raise MAX_PAGES: {role} has pages the crawl did not reach"
    assert not result.violations, result.report()


def test_axe_finds_no_violation_on_the_public_pages(page: Any, demo: Any) -> None:
    invitation = next(m for m in mail.outbox if LINK.search(str(m.body)))
    signing = LINK.search(str(invitation.body)).group(0)  # type: ignore[union-attr]
    paths = [
        reverse("login"),
        reverse("password_reset"),
        reverse("password_reset_done"),
        reverse("verificatie"),
        reverse("api-docs"),
        signing[signing.index("/ondertekenen/") :],
    ]
    result = CrawlResult()
    for path in paths:
        assert check(page, path, result), f"{path} is not a page"
    # The signing page's next steps: enter the e-mailed code, then sign.
    page.locator("form:has(input[name=stap][value=code]) button").click()
    page.locator("input[name=code]").wait_for()
    result.violations += axe_violations(page, "signing: the code")
    subject = [
        str(m.subject) for m in mail.outbox if m.to == invitation.to and CODE.search(str(m.subject))
    ]
    page.locator("input[name=code]").fill(CODE.findall(subject[-1])[0])
    page.locator("form:has(input[name=stap][value=controleer]) button").click()
    page.locator("[data-stap=tekenen]").wait_for()
    result.violations += axe_violations(page, "signing: sign")
    print(f"\naxe: public: {len(result.pages) + 2} pages")
    assert not result.violations, result.report()


def submit(page: Any) -> None:
    """Submit the page's form (the last one with a CSRF token), without the browser's own
    checks: the server's answer is what is checked."""
    form = page.locator("main form:has(input[name=csrfmiddlewaretoken])").last
    form.evaluate("form => { form.noValidate = true; }")
    form.locator("button[type=submit]").last.click()
    page.wait_for_load_state()


def test_axe_finds_no_violation_on_a_form_with_errors_nor_on_a_message(
    page: Any, demo: Any
) -> None:
    """What a crawl of links does not show: the error summary of a form submitted empty and
    the message after a save (ul.messages)."""
    log_in(page, "projectleider@noorderkwartier.demo")
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)
    page.goto(reverse("deelnemers:aanmelden"))
    submit(page)
    assert page.locator("[data-foutoverzicht]").count(), "the empty referral shows its errors"
    violations = axe_violations(page, "aanmelden with errors")
    pilot = Pilot.objects.get(code="noorderkwartier")
    page.goto(reverse("pilots:pilot-update", args=[pilot.code]))
    submit(page)
    assert page.locator(".messages").count(), "a saved pilot shows a message"
    violations += axe_violations(page, "pilot saved, with a message")
    assert not violations, "\n".join(violations)
