"""Online signing: a personal link per party (single use, 14 days), a 6-digit code e-mailed to
the same address (limited attempts), then the signer types their name and confirms.

Recorded per signature: who, when, IP address, user agent and the SHA-256 of the exact PDF. When
every party has signed, the final PDF gets an audit page with every signature event.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praktijkleren import audit
from praktijkleren.mail import queue_email

from .constants import (
    CODE_GELDIG_MINUTEN,
    LINK_GELDIG_DAGEN,
    MAX_CODE_POGINGEN,
    MAX_CODES_PER_LINK,
    GebeurtenisSoort,
    VersieStatus,
)
from .models import OndertekenGebeurtenis, Ondertekening, OvereenkomstVersie


@dataclass
class Stuk:
    """What a signature is for, in the terms the signing flow needs: an agreement version or a
    praktijkverklaring (signed by the praktijkopleider with this same flow)."""

    titel: str
    kort: str
    deelnemer: str
    open: bool  # out for signing
    pdf: Any
    pdf_sha256: str
    pilot_id: int
    nummer: int
    start: Any
    eind: Any
    inhoud: dict[str, Any]


def stuk(o: Ondertekening) -> Stuk:
    if o.versie_id:
        v = o.versie
        assert v is not None
        return Stuk(
            titel=v.overeenkomst.get_soort_display(),
            kort=v.overeenkomst.soort.upper(),
            deelnemer=v.inhoud["deelnemer"]["naam"],
            open=v.status == VersieStatus.TER_ONDERTEKENING,
            pdf=v.pdf,
            pdf_sha256=v.pdf_sha256,
            pilot_id=v.overeenkomst.traject.deelnemer.pilot_id,
            nummer=v.nummer,
            start=v.startdatum,
            eind=v.einddatum,
            inhoud=v.inhoud,
        )
    pv = o.praktijkverklaring
    assert pv is not None
    from verklaringen.constants import PraktijkverklaringStatus

    return Stuk(
        titel=str(gettext_lazy("Praktijkverklaring")),
        kort=str(gettext_lazy("Praktijkverklaring")),
        deelnemer=pv.inhoud["deelnemer"]["naam"],
        open=pv.status == PraktijkverklaringStatus.TER_ONDERTEKENING,
        pdf=pv.pdf,
        pdf_sha256=pv.pdf_sha256,
        pilot_id=pv.traject.deelnemer.pilot_id,
        nummer=pv.volgnummer,
        start=pv.inhoud.get("startdatum"),
        eind=pv.inhoud.get("einddatum"),
        inhoud=pv.inhoud,
    )


class LinkOngeldig(Exception):
    """The signing link cannot be used; `reden` says why (shown to the signer)."""

    def __init__(self, reden: str, ondertekening: Ondertekening | None = None) -> None:
        super().__init__(reden)
        self.reden = reden
        self.ondertekening = ondertekening


def _hash(secret: str) -> str:
    # Keyed with SECRET_KEY so a database copy alone cannot confirm a guessed code.
    return hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256).hexdigest()


def base_url() -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def log(ondertekening: Ondertekening, soort: str, ip: str | None = None, ua: str = "") -> None:
    OndertekenGebeurtenis.objects.create(
        ondertekening=ondertekening, soort=soort, ip_adres=ip or None, user_agent=ua[:500]
    )


def _mail(
    *, to: str, subject: Any, args: dict[str, Any], template: str, context: dict[str, Any]
) -> None:
    """E-mail a signing party, in Dutch: they have no account with a language choice."""
    with translation.override(settings.LANGUAGE_CODE):
        queue_email(subject=str(subject) % args, body=render_to_string(template, context), to=[to])


def _stuur_link(ondertekening: Ondertekening, soort: str, *, verleng: bool = True) -> None:
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
        template="overeenkomsten/email/ondertekenen.txt",
        context=context,
    )


def verstuur_link(ondertekening: Ondertekening) -> None:
    """Send a new signature request its first link (also used for the praktijkverklaring)."""
    _stuur_link(ondertekening, GebeurtenisSoort.VERSTUURD)


def maak_ondertekeningen(*, actor: Any, versie: OvereenkomstVersie) -> list[Ondertekening]:
    """Send a draft version for signing: one signature row and link per party."""
    result = []
    for partij in versie.inhoud["partijen"]:
        ondertekening = Ondertekening.objects.create(
            versie=versie,
            rol=partij["rol"],
            organisatie_id=partij.get("organisatie_id"),
            naam=partij["naam"].strip(),
            email=partij["email"].strip(),
            document_sha256=versie.pdf_sha256,
        )
        _stuur_link(ondertekening, GebeurtenisSoort.VERSTUURD)
        result.append(ondertekening)
    versie.status = VersieStatus.TER_ONDERTEKENING
    versie.verzonden_op = timezone.now()
    versie.save(update_fields=["status", "verzonden_op"])
    return result


@transaction.atomic
def opnieuw_versturen(*, actor: Any, ondertekening: Ondertekening) -> Ondertekening:
    """Send a party a fresh link (valid 14 days again); the old link stops working. Also the way
    to unblock a link after too many wrong codes."""
    ondertekening = Ondertekening.objects.select_for_update().get(pk=ondertekening.pk)
    if ondertekening.getekend_op:
        raise ValidationError(_("This party has already signed."))
    doc = stuk(ondertekening)
    if ondertekening.vervallen_op or not doc.open:
        raise ValidationError(_("This version is no longer out for signing."))
    _stuur_link(ondertekening, GebeurtenisSoort.OPNIEUW_VERSTUURD)
    audit.record(
        actor=actor, action="ondertekening.opnieuw", obj=ondertekening, pilot_id=doc.pilot_id
    )
    return ondertekening


def vervallen_ondertekeningen(*, versie: OvereenkomstVersie) -> None:
    """The agreement changed: every signature on the old version is void; tell every party."""
    nu = timezone.now()
    for o in versie.ondertekeningen.filter(vervallen_op__isnull=True):
        # The link keeps working only to say that this version was changed.
        o.vervallen_op = nu
        o.save(update_fields=["vervallen_op"])
        log(o, GebeurtenisSoort.VERVALLEN)
        _mail(
            to=o.email,
            subject=gettext_lazy("Changed: %(soort)s for %(deelnemer)s"),
            args={
                "soort": versie.overeenkomst.soort.upper(),
                "deelnemer": versie.inhoud["deelnemer"]["naam"],
            },
            template="overeenkomsten/email/vervallen.txt",
            context={"o": o, "versie": versie},
        )


def vind(token: str, *, lock: bool = False) -> Ondertekening:
    """The signature a link belongs to, or LinkOngeldig with the reason in the signer's words."""
    qs = Ondertekening.objects.select_related(
        "versie__overeenkomst__traject__deelnemer", "praktijkverklaring__traject__deelnemer"
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
        template="overeenkomsten/email/code.txt",
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
        _("This code is not correct. You have %(n)d attempts left.") % {"n": over}
    )


@transaction.atomic
def teken(*, token: str, naam: str, akkoord: bool, ip: str | None, ua: str) -> Ondertekening:
    """Record the signature on exactly the PDF the signer was shown. The last signature marks
    the version signed and queues the final PDF with its audit page."""
    # Lock in the same order as a change of the agreement (document first, then signature).
    gevonden = vind(token)
    if gevonden.versie_id:
        OvereenkomstVersie.objects.select_for_update().filter(pk=gevonden.versie_id).first()
    else:
        from verklaringen.models import Praktijkverklaring

        pv_id = gevonden.praktijkverklaring_id
        Praktijkverklaring.objects.select_for_update().filter(pk=pv_id or 0).first()
    o = vind(token, lock=True)
    naam = " ".join(naam.split())
    fouten = {}
    if len(naam) < 2:
        fouten["naam"] = _("Type your full name to sign.")
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
    if o.praktijkverklaring_id:
        from verklaringen.services import na_ondertekening

        na_ondertekening(praktijkverklaring_id=o.praktijkverklaring_id)
    else:
        _versie_getekend(o.versie_id)
    audit.record(
        actor=None,
        action="ondertekening.getekend",
        obj=o,
        pilot_id=doc.pilot_id,
        changes={"rol": o.rol, "document_sha256": o.document_sha256},
    )
    return o


def _versie_getekend(versie_id: Any) -> None:
    """The last signature marks the version signed and queues the final PDF."""
    versie = OvereenkomstVersie.objects.select_for_update().get(pk=versie_id)
    if not versie.ondertekeningen.filter(getekend_op__isnull=True).exists():
        versie.status = VersieStatus.ONDERTEKEND
        versie.ondertekend_op = timezone.now()
        versie.save(update_fields=["status", "ondertekend_op"])
        from .tasks import maak_definitief_pdf

        pk = versie.pk
        transaction.on_commit(lambda: maak_definitief_pdf.delay(pk))
