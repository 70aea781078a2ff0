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
def maak_ondertekende_praktijkverklaring_pdf(praktijkverklaring_id: int) -> bool:
    """The signed version: the signed pages plus a page naming the signer and the date."""
    from .ondertekend import maak_ondertekende_pdf

    return bool(maak_ondertekende_pdf(praktijkverklaring_id).pdf_ondertekend)


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
            registratie__isnull=False,
            pdf="",
            uitgegeven_op__lt=grens,
            praktijkverklaring__traject__deelnemer__geanonimiseerd_op__isnull=True,
        ).values_list("pk", flat=True)
    )
    for pk in pks:
        maak_mbo_verklaring_pdf.delay(pk)
    # Praktijkverklaringen whose PDF job was lost (they cannot be sent to sign without it).
    from .models import Praktijkverklaring

    pv_pks = list(
        Praktijkverklaring.objects.filter(
            pdf="",
            status="concept",
            created_at__lt=grens,
            traject__deelnemer__geanonimiseerd_op__isnull=True,
        ).values_list("pk", flat=True)
    )
    for pk in pv_pks:
        render_praktijkverklaring_pdf.delay(pk)
    # Signed ones whose signed version was lost.
    getekend = list(
        Praktijkverklaring.objects.filter(
            pdf_ondertekend="",
            status="ondertekend",
            ondertekend_op__lt=grens,
            traject__deelnemer__geanonimiseerd_op__isnull=True,
        ).values_list("pk", flat=True)
    )
    for pk in getekend:
        maak_ondertekende_praktijkverklaring_pdf.delay(pk)
    return len(pks) + len(pv_pks) + len(getekend)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def mail_verklaring_aan_deelnemer(mbo_verklaring_id: int) -> None:
    """E-mail the sealed mbo-verklaring to the participant; SMTP failures are retried."""
    from .services import mail_deelnemer

    mail_deelnemer(mbo_verklaring_id)
