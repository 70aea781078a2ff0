"""Content-Security-Policy violations in the browser tests, collected per page.

`watch(page)` records every violation the page reports: the `securitypolicyviolation` events of
each document (listened to from a script Playwright adds before the page's own, which the
policy does not govern) and the console errors Chromium writes for them, and also its errors
about the Permissions-Policy header (a feature it does not know).

Used by tests/e2e/test_csp_e2e.py. As a plugin it checks every browser test that uses the
`page` fixture and fails it on a violation at teardown:

    pytest -p tests.e2e.csp_guard tests/e2e
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.documentURI}`);
  console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
});
"""
MARKERS = ("Content Security Policy", "CSP violation", "Permissions-Policy", "Permissions policy")


def watch(page: Any) -> list[str]:
    """Start recording on `page` (before it navigates); the list fills as violations happen."""
    seen: list[str] = []
    page.add_init_script(LISTENER)

    def on_console(message: Any) -> None:
        if message.type in ("error", "warning") and any(m in message.text for m in MARKERS):
            seen.append(f"{message.text} ({page.url})")

    page.on("console", on_console)
    return seen


@pytest.fixture(autouse=True)
def _no_csp_violations(request: pytest.FixtureRequest) -> Iterator[None]:
    if "page" not in request.fixturenames:
        yield
        return
    seen = watch(request.getfixturevalue("page"))
    yield
    assert not seen, "Content-Security-Policy violations or Permissions-Policy errors:\n" + (
        "\n".join(seen)
    )
