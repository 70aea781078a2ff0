"""Agreement tasks: thin shells around services, safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def render_overeenkomst_pdf(versie_id: int) -> str:
    """Render a version's PDF (once; a second run finds it done)."""
    from .services import render_versie_pdf

    return render_versie_pdf(versie_id).pdf_sha256


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def maak_definitief_pdf(versie_id: int) -> str:
    """Append the audit page to a fully signed version (once)."""
    from .definitief import maak_definitief

    return maak_definitief(versie_id).definitief_sha256


@shared_task
def herstart_pdf_taken() -> int:
    """Sweeper: re-queue PDFs that were requested more than 10 minutes ago and are not ready
    (a broker outage or a crashed worker must not leave a version without its PDF)."""
    from .constants import PdfStatus, VersieStatus
    from .models import OvereenkomstVersie

    grens = timezone.now() - timedelta(minutes=10)
    n = 0
    # Only versions still waiting (a lost job); a failed rendering keeps its reason for a person.
    for pk in (
        OvereenkomstVersie.objects.filter(
            pdf="",
            pdf_status=PdfStatus.WACHT,
            pdf_aangevraagd_op__lt=grens,
            overeenkomst__traject__deelnemer__geanonimiseerd_op__isnull=True,
        )
        .exclude(status=VersieStatus.VERVALLEN)
        .values_list("pk", flat=True)
    ):
        render_overeenkomst_pdf.delay(pk)
        n += 1
    for pk in OvereenkomstVersie.objects.filter(
        status=VersieStatus.ONDERTEKEND,
        definitief_pdf="",
        ondertekend_op__lt=grens,
        bewijs_verwijderd_op__isnull=True,
        overeenkomst__traject__deelnemer__geanonimiseerd_op__isnull=True,
    ).values_list("pk", flat=True):
        maak_definitief_pdf.delay(pk)
        n += 1
    return n


@shared_task
def verwijder_verlopen_bewijs() -> int:
    """Daily: delete the signed agreements whose retention period ended (the pilot's
    `bewaartermijn_documenten_jaren` after the traject ended)."""
    from .bewaartermijn import verwijder_verlopen_bewijs as verwijder

    return verwijder()


@shared_task
def plok_einde_herinneringen() -> int:
    """Daily: tell the mbo and projectleider of PLOKs that end within 4 weeks (once each). The
    reminder for pending signatures is `ondertekening.tasks.ondertekening_herinneringen`."""
    from .herinneringen import stuur_herinneringen

    return stuur_herinneringen()
