"""Platform tasks. Tasks are thin shells around a service and are enqueued on commit."""

from __future__ import annotations

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, subject: str, body: str, to: list[str], html: str | None = None) -> int:
    """Send one e-mail. SMTP failures (OSError) are retried with backoff."""
    from .mail import deliver

    return deliver(subject=subject, body=body, to=to, html=html)
