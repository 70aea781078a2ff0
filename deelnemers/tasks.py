from celery import shared_task

from .privacy import anonimiseer_verlopen


@shared_task
def anonimiseer_verlopen_aanmeldingen() -> int:
    """Daily: anonymise referrals that never started after the pilot's retention period."""
    return anonimiseer_verlopen()
