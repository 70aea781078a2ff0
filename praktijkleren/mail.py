"""Outgoing e-mail: written to the outbox in the caller's transaction and sent by a worker after
commit, so a slow or failing SMTP server or broker never blocks or breaks a user's request, and the
content (personal data) stays in the database, not in the broker."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives


def deliver(*, subject: str, body: str, to: list[str], html: str | None = None) -> int:
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def queue_email(*, subject: str, body: str, to: list[str], html: str | None = None) -> None:
    """Send an e-mail after commit, exactly once, through the outbox (in-process without a
    broker, by a worker with Redis; pending while the broker is down)."""
    from . import outbox

    outbox.schrijf_email(subject=subject, body=body, to=to, html=html)
