"""Signing tasks: thin shells around services, safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task
def ondertekening_herinneringen() -> int:
    """Daily: remind parties whose signature (on any document) has been pending for 5 days."""
    from .herinneringen import stuur_herinneringen

    return stuur_herinneringen()
