"""Crawl a signed-in user's pages from the start page and run axe-core on each (issue 15).

The crawl follows same-origin links (GET only) breadth-first. It visits each URL pattern
(`django.urls.resolve(path).route`) once (`per_pattern`; new patterns before second examples),
so the pages of every kind are checked without opening every participant. It never follows
links that leave the session or the page: logout, language and pilot switches, downloads (PDF,
CSV, XLSX, JSON) and the admin beyond its index.

    result = crawl(page, ["/"], max_pages=40)
    assert not result.violations, result.report()
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve

# WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices: the issue names `region` and
# `heading-order`, which are best-practice rules.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
# URL names a crawl never opens: they end the session, switch language or pilot, or download a
# file instead of showing a page.
SKIP_NAMES = {
    "logout",
    "set_language",
    "switch-pilot",
    "deelnemers:inzage-export",
    "overeenkomsten:pdf",
    "verklaringen:praktijkverklaring-pdf",
    "verklaringen:mbo-verklaring-pdf",
    "ondertekenen-pdf",
    "monitoring:export",
    "monitoring:landelijk-pdf",
    "monitoring:rapport-pdf",
    "schema",
}
DOWNLOAD_SUFFIXES = (".pdf", ".csv", ".xlsx", ".json", ".zip", ".svg", ".png")
DOWNLOAD_QUERY = ("format=", "formaat=", "download", "export")
LINKS = "els => els.map(e => e.href)"

_axe = Axe()


@dataclass
class CrawlResult:
    pages: list[str] = field(default_factory=list)
    patterns: set[str] = field(default_factory=set)
    violations: list[str] = field(default_factory=list)
    # Patterns linked to but not opened before the page cap.
    left: set[str] = field(default_factory=set)

    def report(self) -> str:
        return f"{len(self.violations)} axe violations:\n" + "\n".join(self.violations)


def pattern_of(path: str) -> str | None:
    """The URL pattern of a path (`route` with its name), or None for one a crawl skips."""
    if path == "/admin/":
        return "admin:index"
    if path.startswith("/admin/") or path.startswith("/static/") or path.startswith("/media/"):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name in SKIP_NAMES:
        return None
    # The API is read by programs; only its documentation page is a page for people.
    if path.startswith("/api/") and match.view_name != "api-docs":
        return None
    return f"{match.view_name} {match.route}"


def followable(url: str, origin: str) -> str | None:
    """The same-origin path (with query) of a link worth opening, or None."""
    url, _fragment = urldefrag(url)
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    if parts.path.lower().endswith(DOWNLOAD_SUFFIXES):
        return None
    if any(word in parts.query.lower() for word in DOWNLOAD_QUERY):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def axe_violations(page: Any, label: str) -> list[str]:
    """axe-core's violations on the open page, one line per element: page → rule → selector."""
    results = _axe.run(page, options=AXE_OPTIONS)
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(
                f"{label} → {violation['id']} → {target} → {violation['help']} "
                f"({violation['impact']})"
            )
    return lines


def check(page: Any, path: str, result: CrawlResult) -> bool:
    """Open `path` and run axe on it; False when it is not an HTML page of ours."""
    try:
        response = page.goto(path)
    except Exception as exc:  # a download or an aborted navigation is not a page
        if "Download is starting" in str(exc) or "ERR_ABORTED" in str(exc):
            return False
        raise
    if response is None or response.status != 200:
        return False
    if "text/html" not in (response.headers.get("content-type") or ""):
        return False
    if page.locator("#swagger-ui").count():
        # The API documentation renders after it fetched the schema.
        page.locator("#swagger-ui .information-container").wait_for()
    result.pages.append(path)
    result.violations += axe_violations(page, path)
    return True


def crawl(
    page: Any,
    start: list[str],
    *,
    max_pages: int,
    per_pattern: int = 1,
    skip: frozenset[str] = frozenset(),
) -> CrawlResult:
    """Breadth-first from `start` over the links of each page; see the module docstring."""
    result = CrawlResult()
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url or start[0]))
    seen: set[str] = set()
    visits: dict[str, int] = {}
    # Two queues: the first example of a pattern goes before a second example of another.
    new: deque[tuple[str, str]] = deque()
    again: deque[tuple[str, str]] = deque()

    def offer(path: str) -> None:
        if path in seen:
            return
        key = pattern_of(urlsplit(path).path)
        if key is None or key.split(" ", 1)[0] in skip:
            return
        seen.add(path)
        if visits.get(key, 0) == 0 and all(k != key for _p, k in new):
            new.append((path, key))
        else:
            again.append((path, key))

    for path in start:
        offer(path)
    while (new or again) and len(result.pages) < max_pages:
        path, key = new.popleft() if new else again.popleft()
        if visits.get(key, 0) >= per_pattern:
            continue
        # A second example only when the pattern has path parameters (another object);
        # list pages with another query string are the same page.
        if visits.get(key, 0) and ("<" not in key or "?" in path):
            continue
        if not check(page, path, result):
            continue
        visits[key] = visits.get(key, 0) + 1
        result.patterns.add(key)
        for href in page.eval_on_selector_all("a[href]", LINKS):
            if (link := followable(href, origin)) is not None:
                offer(link)
    result.left = {key for _path, key in new if key not in result.patterns}
    return result
