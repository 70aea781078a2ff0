"""The CONCEPT watermark on a document that is not final yet.

A document rendered from HTML takes `templates/praktijkleren/pdf/_concept.html` in its template.
A stored PDF whose exact bytes are signed (an agreement's version: its SHA-256 is what the parties
sign) must stay as it is; its draft download is stamped instead: the same CSS watermark, rendered
by WeasyPrint on an empty A4 page, laid over every page. The signed pages and the final PDF never
carry it."""

from __future__ import annotations

import io
from functools import lru_cache

from django.conf import settings
from django.utils import translation

from .pdf import render_pdf

STEMPEL_TEMPLATE = "praktijkleren/pdf/concept_stempel.html"


@lru_cache(maxsize=1)
def _stempel() -> bytes:
    # Documents are Dutch whoever asks for them: "CONCEPT".
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(STEMPEL_TEMPLATE, {})[1]


def met_concept_watermerk(pdf: bytes) -> bytes:
    """`pdf` with the CONCEPT watermark over every page."""
    from pypdf import PdfReader, PdfWriter

    stempel = PdfReader(io.BytesIO(_stempel())).pages[0]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        page.merge_page(stempel)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
