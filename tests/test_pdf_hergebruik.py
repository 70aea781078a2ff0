"""What PDFs can share is made once per thread (issue 16, item 5): the font configuration and
a document's parsed stylesheet. The verklaring is laid out with blocks and tables only."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from pypdf import PdfReader

from praktijkleren import pdf
from verklaringen.document import STYLESHEET, TEMPLATE


def test_one_thread_reuses_its_fonts_and_stylesheet():
    fonts, (css,) = pdf._herbruikbaar(STYLESHEET)
    again_fonts, (again_css,) = pdf._herbruikbaar(STYLESHEET)
    assert again_fonts is fonts and again_css is css
    # a document without a stylesheet of its own shares the fonts
    assert pdf._herbruikbaar(None) == (fonts, [])


def test_another_thread_has_its_own():
    mine = pdf._herbruikbaar(STYLESHEET)
    theirs: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: theirs.update(r=pdf._herbruikbaar(STYLESHEET)))
    thread.start()
    thread.join()
    assert theirs["r"][0] is not mine[0] and theirs["r"][1][0] is not mine[1][0]


def test_an_unknown_stylesheet_is_refused():
    with pytest.raises(ValueError, match="No stylesheet"):
        pdf._herbruikbaar("pdf/bestaat-niet.css")


def test_the_verklaring_has_no_costly_layout_and_its_style_still_applies():
    css = Path(finders.find(STYLESHEET)).read_text(encoding="utf-8")
    compact = css.replace(" ", "")
    assert "display:flex" not in compact and "display:grid" not in compact
    _html, data = pdf.render_pdf(
        "overeenkomsten/pdf/_style.html", {}, stylesheet=STYLESHEET, pdf_variant="pdf/a-3b"
    )
    assert data.startswith(b"%PDF")
    # the page size and margins of the verklaring's stylesheet: A4
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842
    # the verklaring's template carries no style of its own: all of it is parsed once
    assert "<style" not in get_template(TEMPLATE).template.source
