"""Browser fixtures for the end-to-end tests: Playwright driving the system's Debian chromium.

The browser is never downloaded (no `playwright install`): CI installs the `chromium` package.
One browser per module keeps the suite fast; every test gets a fresh context (cookies, storage).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

# Every browser test fails on a Content-Security-Policy violation or a Permissions-Policy error
# its pages log (tests/e2e/csp_guard.py).
from .csp_guard import _no_csp_violations  # noqa: F401

# Playwright's sync API runs an event loop in the test thread; without this Django refuses ORM
# calls there (SynchronousOnlyOperation). Test-only: the live server runs in its own thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
# Fail fast: a page of this app answers well within a second on the live server.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found: the e2e tests need Debian's chromium "
            "(apt-get install chromium). Do not run `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A phone-sized page in a fresh context; the browser asks for Dutch, like our users."""
    context = browser.new_context(viewport=PHONE, locale="nl-NL", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def demo(live_server: Any) -> dict[str, int]:
    """The `make run` demo data set, loaded into the live server's database."""
    from praktijkleren.demo import seed_demo

    return seed_demo()
