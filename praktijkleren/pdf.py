"""One way to make PDFs: render a template to HTML, then WeasyPrint to PDF.

WeasyPrint is imported lazily (it is heavy) and may fetch nothing but the app's own static files:
no network, no file:// outside the static folders.
"""

from __future__ import annotations

import hashlib
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


def render_pdf(
    template: str, context: dict[str, Any], *, pdf_variant: str | None = None
) -> tuple[str, bytes]:
    """Render `template` with `context`; return the HTML (for tests) and the PDF bytes.

    `pdf_variant` is WeasyPrint's, e.g. "pdf/a-3b" for documents that must be archivable."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    options: dict[str, Any] = {"pdf_variant": pdf_variant} if pdf_variant else {}
    pdf = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=_url_fetcher).write_pdf(**options)
    return html, pdf


def sha256(data: bytes) -> str:
    """The fingerprint a signature and the register refer to: SHA-256 of the exact bytes."""
    return hashlib.sha256(data).hexdigest()
