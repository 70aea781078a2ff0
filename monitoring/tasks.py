"""Monitor tasks: thin shells around `rapport.py`, safe to run twice."""

from __future__ import annotations

from celery import shared_task

# Tasks defined beside their services, registered with the worker through this module.
from . import import_taak, rapport_pdf  # noqa: F401


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
