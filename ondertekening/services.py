"""Online signing: a personal link per party (single use, 14 days), a 6-digit code e-mailed to
the same address (limited attempts), then the signer types their name and confirms.

Recorded per signature: who, when, IP address, user agent and the SHA-256 of the exact PDF; every
step is an `OndertekenGebeurtenis`. What a document is, and what happens once it is signed, its
app tells through an adapter (`adapters.py`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from praktijkleren import audit
from praktijkleren.mail import queue_email
from praktijkleren.models import User
from trajecten.models import Traject

from .adapters import DocumentAdapter, Stuk, adapter_for, adapters
from .constants import (
    CODE_GELDIG_MINUTEN,
    LINK_GELDIG_DAGEN,
    MAX_CODE_POGINGEN,
    MAX_CODES_PER_LINK,
    GebeurtenisSoort,
)
from .models import OndertekenGebeurtenis, Ondertekening

__all__ = [
    "LinkOngeldig",
    "Partij",
    "controleer_code",
    "log",
    "opnieuw_versturen",
    "stuk",
    "stuur_code",
    "teken",
    "vervallen",
    "vind",
    "vraag_ondertekeningen",
]


@dataclass(frozen=True)
class Partij:
    """A party asked to sign, as the document names them."""

    rol: str
    naam: str
    email: str
    organisatie_id: int | None = None


class LinkOngeldig(Exception):
    """The signing link cannot be used; `reden` says why (shown to the signer)."""

    def __init__(self, reden: str, ondertekening: Ondertekening | None = None) -> None:
        super().__init__(reden)
        self.reden = reden
        self.ondertekening = ondertekening


def _adapter(ondertekening: Ondertekening) -> DocumentAdapter[Any]:
    model = ContentType.objects.get_for_id(ondertekening.document_type_id).model_class()
    assert model is not None
    return adapter_for(model)


def stuk(ondertekening: Ondertekening) -> Stuk:
    """The document this signature is for, as the signing page and e-mails show it."""
    return _adapter(ondertekening).stuk(ondertekening.document)


def _hash(secret: str) -> str:
    # Keyed with SECRET_KEY so a database copy alone cannot confirm a guessed code.
    return hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256).hexdigest()


def base_url() -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def _vergelijkbaar(naam: str) -> str:
    """A name without case, accents or extra spaces: "Zoë  de Vries" ~ "zoe de vries"."""
    zonder_accenten = "".join(
        c for c in unicodedata.normalize("NFKD", naam) if not unicodedata.combining(c)
    )
    return " ".join(zonder_accenten.casefold().split())


def zelfde_naam(getypt: str, ondertekenaar: str) -> bool:
    """Does the typed name match the signatory? Case, spacing and diacritics may differ."""
    return _vergelijkbaar(getypt) == _vergelijkbaar(ondertekenaar)


def log(ondertekening: Ondertekening, soort: str, ip: str | None = None, ua: str = "") -> None:
    OndertekenGebeurtenis.objects.create(
        ondertekening=ondertekening, soort=soort, ip_adres=ip or None, user_agent=ua[:500]
    )


def _mail(
    *, to: str, subject: Promise, args: dict[str, Any], template: str, context: dict[str, Any]
) -> None:
    """E-mail a signing party, in Dutch: they have no account with a language choice."""
    with translation.override(settings.LANGUAGE_CODE):
        queue_email(subject=str(subject) % args, body=render_to_string(template, context), to=[to])


def stuur_link(ondertekening: Ondertekening, soort: str, *, verleng: bool = True) -> None:
    """Issue a new secret link (the previous one stops working) and e-mail it. A new link from
    the mbo (`verleng`) also lifts a block after wrong codes; a reminder does not."""
    token = secrets.token_urlsafe(32)
    nu = timezone.now()
    ondertekening.token_hash = _hash(token)
    ondertekening.verstuurd_op = nu
    if verleng or ondertekening.link_verloopt_op is None:
        ondertekening.link_verloopt_op = nu + timedelta(days=LINK_GELDIG_DAGEN)
    if verleng:
        ondertekening.code_hash = ""
        ondertekening.code_pogingen = 0
        ondertekening.codes_verstuurd = 0
    ondertekening.save()
    log(ondertekening, soort)
    doc = stuk(ondertekening)
    context = {
        "o": ondertekening,
        "stuk": doc,
        "deelnemer": doc.deelnemer,
        "link": base_url() + reverse("ondertekenen", args=[token]),
        "geldig_tot": ondertekening.link_verloopt_op,
        "herinnering": soort == GebeurtenisSoort.HERINNERING,
    }
    _mail(
        to=ondertekening.email,
        subject=gettext_lazy("Please sign: %(soort)s for %(deelnemer)s"),
        args={"soort": doc.kort, "deelnemer": doc.deelnemer},
        template="ondertekening/email/ondertekenen.txt",
        context=context,
    )


@transaction.atomic
def vraag_ondertekeningen(
    *,
    actor: User | None,
    document: models.Model,
    traject: Traject,
    partijen: Iterable[Partij],
    sha256: str,
) -> list[Ondertekening]:
    """Ask every party to sign `document` (exactly the PDF with this SHA-256): one signature row
    and a personal link by e-mail each. The document's app marks it as out for signing."""
    adapter_for(document)  # a document nobody can sign is a programming error, caught here
    result = []
    for partij in partijen:
        ondertekening = Ondertekening.objects.create(
            document=document,
            traject=traject,
            rol=partij.rol,
            organisatie_id=partij.organisatie_id,
            naam=partij.naam,
            email=partij.email,
            document_sha256=sha256,
        )
        stuur_link(ondertekening, GebeurtenisSoort.VERSTUURD)
        result.append(ondertekening)
    return result


@transaction.atomic
def opnieuw_versturen(*, actor: User, ondertekening: Ondertekening) -> Ondertekening:
    """Send a party a fresh link (valid 14 days again); the old link stops working. Also the way
    to unblock a link after too many wrong codes."""
    ondertekening = Ondertekening.objects.select_for_update().get(pk=ondertekening.pk)
    if ondertekening.getekend_op:
        raise ValidationError(_("This party has already signed."))
    doc = stuk(ondertekening)
    if ondertekening.vervallen_op or not doc.open:
        raise ValidationError(_("This version is no longer out for signing."))
    stuur_link(ondertekening, GebeurtenisSoort.OPNIEUW_VERSTUURD)
    audit.record(
        actor=actor, action="ondertekening.opnieuw", obj=ondertekening, pilot_id=doc.pilot_id
    )
    return ondertekening


def vervallen(*, document: models.Model) -> None:
    """The document changed: every signature on it (given or pending) is void, and kept; tell
    every party. Runs in the caller's transaction, which has locked the document."""
    ondertekeningen = list(Ondertekening.objects.van(document).filter(vervallen_op__isnull=True))
    if not ondertekeningen:
        return
    # Built in Dutch: the e-mail shows its title.
    with translation.override(settings.LANGUAGE_CODE):
        doc = adapter_for(document).stuk(document)
    nu = timezone.now()
    for o in ondertekeningen:
        # The link keeps working only to say that this version was changed.
        o.vervallen_op = nu
        o.save(update_fields=["vervallen_op"])
        log(o, GebeurtenisSoort.VERVALLEN)
        _mail(
            to=o.email,
            subject=gettext_lazy("Changed: %(soort)s for %(deelnemer)s"),
            args={"soort": doc.kort, "deelnemer": doc.deelnemer},
            template="ondertekening/email/vervallen.txt",
            context={"o": o, "stuk": doc},
        )


def vind(token: str, *, lock: bool = False) -> Ondertekening:
    """The signature a link belongs to, or LinkOngeldig with the reason in the signer's words."""
    qs = Ondertekening.objects.prefetch_related(
        GenericPrefetch("document", [a.documenten() for a in adapters()])
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    o = qs.filter(token_hash=_hash(token)).first() if token else None
    if o is None:
        raise LinkOngeldig(
            _("This signing link is not valid. It may have been replaced by a newer link.")
        )
    if o.getekend_op:
        raise LinkOngeldig(
            _("This link has already been used: you signed on %(datum)s.")
            % {"datum": timezone.localtime(o.getekend_op).strftime("%d-%m-%Y %H:%M")},
            o,
        )
    if o.vervallen_op or not stuk(o).open:
        raise LinkOngeldig(
            _("This version of the agreement was changed and is no longer valid. "
              "You will receive a new link for the new version."),
            o,
        )  # fmt: skip
    if o.link_verloopt_op and o.link_verloopt_op < timezone.now():
        raise LinkOngeldig(
            _("This link expired on %(datum)s. Ask the mbo-instelling to send you a new link.")
            % {"datum": timezone.localtime(o.link_verloopt_op).strftime("%d-%m-%Y")},
            o,
        )
    if o.code_pogingen >= MAX_CODE_POGINGEN:
        raise LinkOngeldig(
            _("Too many wrong codes were entered. Ask the mbo-instelling to send you a new link."),
            o,
        )
    return o


@transaction.atomic
def stuur_code(*, token: str, ip: str | None, ua: str) -> Ondertekening:
    """E-mail a fresh 6-digit code (valid 15 minutes) to the party's address."""
    o = vind(token, lock=True)
    if o.codes_verstuurd >= MAX_CODES_PER_LINK:
        raise ValidationError(
            _("The maximum number of codes for this link has been sent. "
              "Ask the mbo-instelling to send you a new link.")
        )  # fmt: skip
    code = f"{secrets.randbelow(10**6):06d}"
    o.code_hash = _hash(f"{o.pk}:{code}")
    o.code_verloopt_op = timezone.now() + timedelta(minutes=CODE_GELDIG_MINUTEN)
    o.codes_verstuurd += 1
    o.save(update_fields=["code_hash", "code_verloopt_op", "codes_verstuurd"])
    log(o, GebeurtenisSoort.CODE_VERSTUURD, ip, ua)
    _mail(
        to=o.email,
        subject=gettext_lazy("Your signing code: %(code)s"),
        args={"code": code},
        template="ondertekening/email/code.txt",
        context={"o": o, "code": code, "minuten": CODE_GELDIG_MINUTEN},
    )
    return o


def controleer_code(*, token: str, code: str, ip: str | None, ua: str) -> Ondertekening:
    """Check the code. A wrong code counts as an attempt (kept even though the request fails);
    after 5 the link is blocked."""
    with transaction.atomic():
        o = vind(token, lock=True)
        code = "".join(code.split())
        if not o.code_hash or o.code_verloopt_op is None:
            raise ValidationError(_("Request a code first."))
        if o.code_verloopt_op < timezone.now():
            raise ValidationError(_("This code has expired. Request a new code."))
        if hmac.compare_digest(o.code_hash, _hash(f"{o.pk}:{code}")):
            o.code_hash = ""  # a code is used once
            o.save(update_fields=["code_hash"])
            log(o, GebeurtenisSoort.CODE_GOED, ip, ua)
            return o
        o.code_pogingen += 1
        o.save(update_fields=["code_pogingen"])
        log(o, GebeurtenisSoort.CODE_FOUT, ip, ua)
        over = MAX_CODE_POGINGEN - o.code_pogingen
        if over <= 0:
            log(o, GebeurtenisSoort.GEBLOKKEERD, ip, ua)
    if over <= 0:
        raise ValidationError(
            _("Too many wrong codes were entered. Ask the mbo-instelling to send you a new link.")
        )
    raise ValidationError(
        ngettext(
            "This code is not correct. You have %(n)d attempt left.",
            "This code is not correct. You have %(n)d attempts left.",
            over,
        )
        % {"n": over}
    )


@transaction.atomic
def teken(*, token: str, naam: str, akkoord: bool, ip: str | None, ua: str) -> Ondertekening:
    """Record the signature on exactly the PDF the signer was shown. Then the document's app
    takes over (e.g. the last signature marks an agreement version signed)."""
    # Lock in the same order as a change of the document (document first, then signature).
    gevonden = vind(token)
    _adapter(gevonden).vergrendel(gevonden.document_id)
    o = vind(token, lock=True)
    naam = " ".join(naam.split())
    fouten = {}
    if len(naam) < 2:
        fouten["naam"] = _("Type your full name to sign.")
    elif not zelfde_naam(naam, o.naam):
        fouten["naam"] = _(
            "The name you typed does not match the signatory of this document, %(naam)s. "
            "Type the name as it is written there; capitals, spaces and accents may differ."
        ) % {"naam": o.naam}
    if not akkoord:
        fouten["akkoord"] = _("Confirm that you have read the agreement and agree to it.")
    doc = stuk(o)
    if o.document_sha256 != doc.pdf_sha256:
        fouten["naam"] = _("The document has changed. Open the link again.")
    if fouten:
        raise ValidationError(fouten)
    o.getekend_op = timezone.now()
    o.getekende_naam = naam[:200]
    o.ip_adres = ip or None
    o.user_agent = ua[:500]
    # Single use: the link now only says that it was used.
    o.save()
    log(o, GebeurtenisSoort.GETEKEND, ip, ua)
    _adapter(o).na_ondertekening(o.document_id)
    audit.record(
        actor=None,
        action="ondertekening.getekend",
        obj=o,
        pilot_id=doc.pilot_id,
        changes={"rol": o.rol, "document_sha256": o.document_sha256},
    )
    return o
