"""Outgoing e-mail: written to the outbox in the caller's transaction and sent by a worker after
commit, so a slow or failing SMTP server or broker never blocks or breaks a user's request, and the
content (personal data) stays in the database, not in the broker.

Every notification greets its reader by name and links to what it is about
(`queue_notification`): one e-mail per person, its text a template that extends
`templates/email/base.txt` (the greeting, the text, the link)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


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


def site_url(path: str = "") -> str:
    """An absolute address on this site (`SITE_URL`, which follows `make run PORT=...`)."""
    return settings.SITE_URL.rstrip("/") + path


@dataclass(frozen=True)
class Ontvanger:
    """Who an e-mail is for: the address, and the name it greets."""

    email: str
    naam: str


def ontvangers(adressen: Iterable[str | Ontvanger]) -> list[Ontvanger]:
    """The people behind these addresses, once each: an account's full name; an address without
    an account (or an account without a name) is greeted by the address itself. An `Ontvanger`
    (a signing party, named in the document) is kept as it is."""
    from .models import User

    gegeven = [a for a in adressen if a]
    kaal = {a.strip().lower() for a in gegeven if isinstance(a, str)}
    namen = {
        u.email: u.get_full_name()
        for u in User.objects.filter(email__in=kaal).only("email", "first_name", "last_name")
    }
    result: dict[str, Ontvanger] = {}
    for a in gegeven:
        o = a if isinstance(a, Ontvanger) else Ontvanger(a, "")
        sleutel = o.email.strip().lower()
        naam = o.naam or namen.get(sleutel) or o.email
        result.setdefault(sleutel, Ontvanger(o.email.strip(), naam))
    return list(result.values())


def render_notification(*, template: str, context: Mapping[str, Any], naam: str, link: str) -> str:
    """The text of one notification: `template` (extending email/base.txt) with the reader's
    name and the absolute link, without the blank lines that empty blocks leave."""
    body = render_to_string(template, {**context, "naam": naam, "link": link})
    return re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"


def queue_notification(
    *,
    to: Iterable[str | Ontvanger],
    subject: str,
    template: str,
    link: str,
    context: Mapping[str, Any] | None = None,
) -> int:
    """Queue one e-mail per person (`queue_email`), greeting them by name and linking to the
    object: `link` is a path on this site (made absolute) or, for someone without an account,
    the personal link they use; empty only when there is nothing the reader can open (a void
    signing link). Returns the number of e-mails."""
    absoluut = link if not link or "://" in link else site_url(link)
    mensen = ontvangers(to)
    for o in mensen:
        body = render_notification(
            template=template, context=context or {}, naam=o.naam, link=absoluut
        )
        queue_email(subject=subject, body=body, to=[o.email])
    return len(mensen)
