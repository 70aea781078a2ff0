"""Platform tasks. Tasks are thin shells around a service and are enqueued on commit."""

from __future__ import annotations

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, subject: str, body: str, to: list[str], html: str | None = None) -> int:
    """Send one e-mail. SMTP failures (OSError) are retried with backoff."""
    from .mail import deliver

    return deliver(subject=subject, body=body, to=to, html=html)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def outbox_verstuur(bericht_id: int) -> bool:
    """Perform one outbox row (an e-mail or a follow-up task), exactly once. The message carries
    only the row's id; a second delivery does nothing."""
    from . import outbox

    return outbox.verstuur(bericht_id)


@shared_task
def outbox_veeg() -> int:
    """Sweeper (every minute): offer pending outbox rows to the broker again."""
    from . import outbox

    return outbox.veeg()


@shared_task
def outbox_opruimen() -> int:
    """Daily: delete outbox rows sent more than `outbox.BEWAARDAGEN` days ago (privacy)."""
    from . import outbox

    return outbox.ruim_op()
