"""Outgoing e-mail: queued through Celery after the transaction commits, so a slow or failing
SMTP server never blocks or breaks a user's request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction


def deliver(*, subject: str, body: str, to: list[str], html: str | None = None) -> int:
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def queue_email(*, subject: str, body: str, to: list[str], html: str | None = None) -> None:
    """Send an e-mail after commit (in-process without a broker, by a worker with Redis)."""
    from .tasks import send_email

    transaction.on_commit(lambda: send_email.delay(subject=subject, body=body, to=to, html=html))
