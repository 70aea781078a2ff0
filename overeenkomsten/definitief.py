"""The final PDF of a fully signed version: the exact pages that were signed, followed by an
audit page that lists every signature event."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from ondertekening.definitief import stuur_definitief
from ondertekening.selectors import gebeurtenissen_van
from praktijkleren.pdf import render_pdf, sha256

from .models import OvereenkomstVersie


def maak_definitief(versie_id: int) -> OvereenkomstVersie:
    """Idempotent: a version that already has its final PDF is returned as it is."""
    from pypdf import PdfReader, PdfWriter

    with transaction.atomic():
        versie = (
            OvereenkomstVersie.objects.select_for_update()
            .select_related("overeenkomst")
            .get(pk=versie_id)
        )
        if versie.definitief_pdf or not versie.pdf:
            return versie
        ondertekeningen = list(versie.ondertekeningen.order_by("pk"))
        gebeurtenissen = gebeurtenissen_van(versie)
        context = {
            "versie": versie,
            "ondertekeningen": ondertekeningen,
            "gebeurtenissen": gebeurtenissen,
            "gemaakt_op": timezone.now(),
        }
        with translation.override(settings.LANGUAGE_CODE):
            _html, audit_pdf = render_pdf("overeenkomsten/pdf/auditpagina.html", context)
        writer = PdfWriter()
        with versie.pdf.open("rb") as original:
            writer.append(PdfReader(io.BytesIO(original.read())))
        writer.append(PdfReader(io.BytesIO(audit_pdf)))
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
        naam = f"{versie.overeenkomst.soort}-v{versie.nummer}-ondertekend.pdf"
        versie.definitief_pdf.save(naam, ContentFile(data), save=False)
        versie.definitief_sha256 = sha256(data)
        versie.save(update_fields=["definitief_pdf", "definitief_sha256"])
        # Every signer with an e-mail address gets a link to it, valid 30 days (issue 11).
        stuur_definitief(versie)
        return versie
