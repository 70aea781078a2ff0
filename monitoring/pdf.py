"""The PDF monitor reports, rendered by Celery (`tasks.maak_rapport_pdf`,
`tasks.maak_landelijk_pdf`) with the charts.

A pilot's report is rendered into `MonitorRapport.pdf` by `bewaar_rapport_pdf` (safe to run
twice: a PDF made after the report last changed is kept). The national report is rendered on
request, once per day (`bewaar_landelijk_pdf`).
Both go through `render_pdf` with the dashboard's charts as inline SVG, always in Dutch.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from praktijkleren.pdf import render_pdf

from .constants import RapportStatus
from .dashboard import landelijk_dashboard, pilot_dashboard
from .models import MonitorRapport
from .rapport import rapport_cijfers

RAPPORT_TEMPLATE = "monitoring/pdf/rapport.html"
LANDELIJK_TEMPLATE = "monitoring/pdf/landelijk.html"


def pdf_is_actueel(rapport: MonitorRapport) -> bool:
    """Is the stored PDF made after the report last changed? A draft's figures are computed
    live, so its PDF is current only on the day it was made."""
    if not rapport.pdf or rapport.pdf_gemaakt_op is None:
        return False
    gemaakt = rapport.pdf_gemaakt_op
    if rapport.status != RapportStatus.INGEDIEND and (
        timezone.localdate(gemaakt) != timezone.localdate()
    ):
        return False
    changes = [rapport.created_at, rapport.ingediend_op, rapport.heropend_op]
    return all(moment is None or moment <= gemaakt for moment in changes)


def render_rapport(rapport: MonitorRapport) -> tuple[str, bytes]:
    """The report's figures, the story and the pilot's charts (as at the end of the period)."""
    peildatum = min(rapport.periode_eind, timezone.localdate())
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "rapport": rapport,
            "cijfers": rapport_cijfers(rapport),
            "dashboard": pilot_dashboard(pilot=rapport.pilot, peildatum=peildatum),
            "gemaakt_op": timezone.localtime(),
        }
        return render_pdf(RAPPORT_TEMPLATE, context)


def render_landelijk(peildatum: date | None = None) -> tuple[str, bytes]:
    """The national report: the national charts and a row of counts per pilot."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "dashboard": landelijk_dashboard(peildatum=peildatum),
            "gemaakt_op": timezone.localtime(),
        }
        return render_pdf(LANDELIJK_TEMPLATE, context)


def bewaar_rapport_pdf(*, rapport_id: int) -> bool:
    """Render the report's PDF unless a current one exists; True when a PDF was made. The row
    lock keeps two runs at the same moment from making two files."""
    with transaction.atomic():
        rapport = (
            MonitorRapport.objects.select_for_update(of=("self",))
            .select_related("pilot")
            .filter(pk=rapport_id)
            .first()
        )
        if rapport is None or pdf_is_actueel(rapport):
            return False
        _html, pdf = render_rapport(rapport)
        oud = rapport.pdf.name if rapport.pdf else None
        naam = f"monitorrapport-{rapport.pilot.code}-{rapport.periode_start:%Y-%m}.pdf"
        rapport.pdf.save(naam, ContentFile(pdf), save=False)
        rapport.pdf_gemaakt_op = timezone.now()
        rapport.save(update_fields=["pdf", "pdf_gemaakt_op"])
        if oud and oud != rapport.pdf.name:
            # Delete the replaced file after commit so a rollback never loses the stored PDF.
            storage = rapport.pdf.storage
            transaction.on_commit(lambda: storage.delete(oud))
    return True


def landelijk_pad(peildatum: date) -> str:
    """Where the national report of a day is stored (one per day: counts change daily)."""
    return f"monitor/landelijk/monitor-landelijk-{peildatum:%Y-%m-%d}.pdf"


def bewaar_landelijk_pdf(*, peildatum: date) -> bool:
    """Render the national report of that day once; True when a PDF was made."""
    from django.core.files.storage import default_storage

    pad = landelijk_pad(peildatum)
    if default_storage.exists(pad):
        return False
    _html, pdf = render_landelijk(peildatum)
    if default_storage.exists(pad):  # made meanwhile by another worker
        return False
    default_storage.save(pad, ContentFile(pdf))
    return True
