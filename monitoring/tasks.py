"""Every Celery task of monitoring: thin shells around the services (`rapport`, `pdf`,
`importeren.opdracht`), taking ids, safe to run twice. The services are imported inside the
tasks because they enqueue these tasks themselves."""

from __future__ import annotations

from datetime import date

from celery import shared_task


@shared_task
def maak_monitor_concepten() -> int:
    """The first day after each two-month period: a draft report per pilot."""
    from .rapport import maak_concepten

    return maak_concepten()


@shared_task
def monitor_herinneringen() -> int:
    """Daily: remind projectleiders of reports not submitted 14 days after the period."""
    from .rapport import stuur_herinneringen

    return stuur_herinneringen()


@shared_task
def maak_rapport_pdf(rapport_id: int) -> bool:
    """Render the report's PDF unless a current one exists; True when a PDF was made."""
    from .pdf import bewaar_rapport_pdf

    return bewaar_rapport_pdf(rapport_id=rapport_id)


@shared_task
def maak_landelijk_pdf(peildatum_iso: str) -> bool:
    """Render the national report of that day once; True when a PDF was made."""
    from .pdf import bewaar_landelijk_pdf

    return bewaar_landelijk_pdf(peildatum=date.fromisoformat(peildatum_iso))


@shared_task
def voer_import_uit(opdracht_id: int) -> str:
    """Run a confirmed browser import (`importeren.opdracht.voer_uit`)."""
    from .importeren.opdracht import voer_uit

    return voer_uit(opdracht_id=opdracht_id)


@shared_task
def ruim_importen_op() -> dict[str, int]:
    """Every 15 minutes: re-queue lost or dead imports, clear stale previews
    (`importeren.opdracht.ruim_op`)."""
    from .importeren.opdracht import ruim_op

    return ruim_op()
