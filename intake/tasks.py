from celery import shared_task

from .services import stuur_advies_herinneringen


@shared_task
def advies_herinneringen() -> int:
    """Daily: remind the mbo of dossiers without an advice a week after referral."""
    return stuur_advies_herinneringen()
