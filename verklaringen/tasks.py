"""Verklaringen tasks: thin shells around services, safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def render_praktijkverklaring_pdf(praktijkverklaring_id: int) -> str:
    """Render the PDF the praktijkopleider signs (once; a second run finds it done)."""
    from .services import render_praktijkverklaring

    return render_praktijkverklaring(praktijkverklaring_id).pdf_sha256


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def maak_mbo_verklaring_pdf(mbo_verklaring_id: int) -> str:
    """Render, seal and store the PDF of an issued mbo-verklaring (once); returns the SHA-256
    of the sealed PDF as registered."""
    from .document import maak_pdf

    mv = maak_pdf(mbo_verklaring_id)
    return mv.registratie.pdf_sha256 if mv.registratie else ""


@shared_task
def herstart_mbo_verklaring_pdfs() -> int:
    """Sweeper: re-queue issued mbo-verklaringen that have no PDF 10 minutes after issue (a
    broker outage, a crashed worker or a certificate installed after a failure)."""
    from .models import MboVerklaring

    grens = timezone.now() - timedelta(minutes=10)
    pks = list(
        MboVerklaring.objects.filter(
            registratie__isnull=False, pdf="", uitgegeven_op__lt=grens
        ).values_list("pk", flat=True)
    )
    for pk in pks:
        maak_mbo_verklaring_pdf.delay(pk)
    return len(pks)
