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


# The demo data set as the first test of this worker process seeded it: every table's rows, the
# generated files and the e-mails sent while seeding (`demo`).
_DEMO: dict[str, Any] = {}


@pytest.fixture
def demo(live_server: Any, tmp_path_factory: Any) -> dict[str, int]:
    """The `make run` demo data set, loaded into the live server's database.

    Seeding renders the demo's agreements with WeasyPrint and takes about six seconds; about
    fifty browser tests need it. The first test of each worker seeds it, and the tables, the
    media files and the e-mails are copied; every later test gets that copy back (a COPY per
    table: a test's set-up went from 6-9 s to 1.2-1.9 s) in the database its predecessor's
    flush left empty."""
    from praktijkleren.demo import seed_demo

    if _DEMO:
        _herstel(_DEMO)
        return dict(_DEMO["ids"])
    ids = seed_demo()
    _DEMO.update(_bewaar(tmp_path_factory.mktemp("demo-media")), ids=dict(ids))
    return ids


def _tabellen() -> list[str]:
    from django.db import connection

    return sorted(connection.introspection.django_table_names(only_existing=True))


def _bewaar(media: Path) -> dict[str, Any]:
    import shutil

    from django.core import mail
    from django.db import connection

    rijen: dict[str, bytes] = {}
    with connection.cursor() as cursor:
        for tabel in _tabellen():
            with cursor.cursor.copy(f'COPY "{tabel}" TO STDOUT') as copy:
                rijen[tabel] = b"".join(bytes(blok) for blok in copy)
    shutil.copytree(settings.MEDIA_ROOT, media, dirs_exist_ok=True)
    return {"rijen": rijen, "media": media, "mails": list(mail.outbox)}


def _herstel(demo: dict[str, Any]) -> None:
    """The seeded demo back in the (flushed) database: every table emptied (the flush's
    post_migrate made content types and permissions anew, with other ids) and refilled, the
    sequences past the restored ids, the media files and the seeding's e-mails back, and nothing
    kept from before (the cache, the content types known to this process)."""
    import shutil

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core import mail
    from django.core.cache import cache
    from django.core.management.color import no_style
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection, transaction

    tabellen = _tabellen()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tabellen))
        for tabel in tabellen:
            with cursor.cursor.copy(f'COPY "{tabel}" FROM STDIN') as copy:
                copy.write(demo["rijen"][tabel])
        for sql in connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        ):
            cursor.execute(sql)
    ContentType.objects.clear_cache()
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    cache.clear()
    shutil.copytree(demo["media"], settings.MEDIA_ROOT, dirs_exist_ok=True)
    mail.outbox.extend(demo["mails"])
