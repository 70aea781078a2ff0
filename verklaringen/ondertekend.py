"""The signed version of a praktijkverklaring: the exact pages the praktijkopleider signed,
followed by a page that names the signer (the praktijkopleider, by name) and the date. The
signed pages are not re-rendered, so their fingerprint stays the one that was signed."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation

from praktijkleren.pdf import render_pdf

from .constants import PraktijkverklaringStatus
from .models import Praktijkverklaring

TEMPLATE = "verklaringen/pdf/praktijkverklaring_ondertekening.html"


def maak_ondertekende_pdf(praktijkverklaring_id: int) -> Praktijkverklaring:
    """Idempotent: a praktijkverklaring that has its signed PDF (or is not signed, or whose
    dossier was anonymised) is returned as it is."""
    from pypdf import PdfReader, PdfWriter

    with transaction.atomic():
        pv = (
            Praktijkverklaring.objects.select_for_update(of=("self",))
            .select_related("traject__deelnemer")
            .get(pk=praktijkverklaring_id)
        )
        if (
            pv.pdf_ondertekend
            or not pv.pdf
            or pv.status != PraktijkverklaringStatus.ONDERTEKEND
            or pv.traject.deelnemer.geanonimiseerd_op
        ):
            return pv
        ondertekening = (
            pv.ondertekeningen.filter(getekend_op__isnull=False).order_by("-getekend_op").first()
        )
        context = {"pv": pv, "ondertekening": ondertekening, "inhoud": pv.inhoud}
        with translation.override(settings.LANGUAGE_CODE):
            _html, pagina = render_pdf(TEMPLATE, context)
        writer = PdfWriter()
        with pv.pdf.open("rb") as origineel:
            writer.append(PdfReader(io.BytesIO(origineel.read())))
        writer.append(PdfReader(io.BytesIO(pagina)))
        buffer = io.BytesIO()
        writer.write(buffer)
        pv.pdf_ondertekend.save(
            f"praktijkverklaring-{pv.pk}-ondertekend.pdf",
            ContentFile(buffer.getvalue()),
            save=False,
        )
        pv.save(update_fields=["pdf_ondertekend"])
        return pv
