"""The development mail backend (`make run`): each e-mail printed to the terminal as a person
reads it, not as it travels. Django's console backend prints the MIME source, where
quoted-printable encoding breaks a long signing link over lines (with "=" at each break) and
spells "ë" as "=C3=AB"; here the headers, the decoded text and the attachments' names and sizes
are printed, so a link can be copied whole."""

from __future__ import annotations

from email.message import EmailMessage as MimeMessage
from email.message import Message
from typing import Any

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend

HEADERS = ("From", "To", "Cc", "Reply-To", "Subject", "Date")


def _tekst(part: Message) -> str:
    if isinstance(part, MimeMessage):
        return str(part.get_content())
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(part.get_content_charset() or "utf-8", errors="replace")


def _grootte(part: Message) -> int:
    payload = part.get_payload(decode=True)
    return len(payload) if isinstance(payload, bytes) else 0


def leesbaar(message: Any) -> str:
    """An e-mail (Django's EmailMessage) as readable text: headers, a blank line, the plain
    text body, then one line per attachment or HTML alternative."""
    mime = message.message()
    regels = [f"{h}: {mime[h]}" for h in HEADERS if mime[h]]
    teksten: list[str] = []
    bijlagen: list[str] = []
    for part in mime.walk():
        if part.is_multipart():
            continue
        naam = part.get_filename()
        if naam is None and part.get_content_type() == "text/plain":
            teksten.append(_tekst(part))
        elif naam is None and part.get_content_type() == "text/html":
            bijlagen.append(f"[HTML version: {_grootte(part)} bytes]")
        else:
            soort = part.get_content_type()
            bijlagen.append(f"[Attachment: {naam or '-'} ({soort}, {_grootte(part)} bytes)]")
    return "\n".join([*regels, "", *teksten, *bijlagen]).rstrip("\n") + "\n"


class EmailBackend(DjangoConsoleBackend):
    """Print each e-mail readably (see the module docstring); the stream is stdout."""

    def write_message(self, message: Any) -> None:
        self.stream.write(leesbaar(message))
        self.stream.write("-" * 79 + "\n")
