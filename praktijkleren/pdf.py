"""One way to make PDFs: render a template to HTML, then WeasyPrint to PDF.

WeasyPrint is imported lazily (it is heavy) and may fetch nothing but the app's own static files:
no network, no file:// outside the static folders.

What can be reused between PDFs is kept per thread (issue 16): the font configuration (Pango's
font map, so the fonts are looked up and loaded once) and a document's stylesheet parsed once
(`stylesheet=`, a path in the static files). Per thread, because WeasyPrint's objects are not
made to be shared between threads; a Celery or gunicorn worker renders in one thread anyway.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STATIC_PREFIX = "static:"


def _url_fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    if url.startswith(STATIC_PREFIX):
        path = finders.find(url.removeprefix(STATIC_PREFIX).lstrip("/"))
        if path:
            from weasyprint.urls import default_url_fetcher

            return default_url_fetcher(f"file://{path}")
    raise ValueError(f"PDF rendering may not fetch {url!r}")


_per_thread = threading.local()


def _herbruikbaar(stylesheet: str | None) -> tuple[Any, list[Any]]:
    """This thread's font configuration, and `stylesheet` parsed with it (once)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_per_thread, "fonts"):
        _per_thread.fonts = FontConfiguration()
        _per_thread.stylesheets = {}
    if stylesheet is None:
        return _per_thread.fonts, []
    if stylesheet not in _per_thread.stylesheets:
        path = finders.find(stylesheet)
        if not path:
            raise ValueError(f"No stylesheet {stylesheet!r} in the static files")
        _per_thread.stylesheets[stylesheet] = CSS(
            filename=path, font_config=_per_thread.fonts, url_fetcher=_url_fetcher
        )
    return _per_thread.fonts, [_per_thread.stylesheets[stylesheet]]


def render_pdf(
    template: str,
    context: dict[str, Any],
    *,
    pdf_variant: str | None = None,
    stylesheet: str | None = None,
) -> tuple[str, bytes]:
    """Render `template` with `context`; return the HTML (for tests) and the PDF bytes.

    `pdf_variant` is WeasyPrint's, e.g. "pdf/a-3b" for documents that must be archivable.
    `stylesheet` is the document's stylesheet in the static files, parsed once per thread."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    fonts, stylesheets = _herbruikbaar(stylesheet)
    options: dict[str, Any] = {"pdf_variant": pdf_variant} if pdf_variant else {}
    pdf = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=_url_fetcher).write_pdf(
        stylesheets=stylesheets, font_config=fonts, **options
    )
    return html, pdf


def sha256(data: bytes) -> str:
    """The fingerprint a signature and the register refer to: SHA-256 of the exact bytes."""
    return hashlib.sha256(data).hexdigest()
