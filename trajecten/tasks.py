from celery import shared_task

from trajecten.uitstroom import stuur_einddatum_herinneringen, vraag_nametingen


@shared_task
def nametingen_vragen() -> int:
    """Daily: ask the verwijzer (or jobcoach) for the situation 6 and 12 months after the end."""
    return vraag_nametingen()


@shared_task
def einddatum_herinneringen() -> int:
    """Daily: remind the mbo and the projectleider once of a traject past its planned end."""
    return stuur_einddatum_herinneringen()
