"""Online signing: a personal link per party (single use, 14 days), a 6-digit code e-mailed to
the same address (limited attempts), then the signer types their name and confirms.

Recorded per signature: who, when, IP address, user agent and the SHA-256 of the exact PDF; every
step is an `OndertekenGebeurtenis`. What a document is, and what happens once it is signed, its
app tells through an adapter (`adapters.py`).
"""

from __future__ import annotations

import hmac
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from praktijkleren import audit
from praktijkleren.models import User
from praktijkleren.validators import controleer_invoer
from trajecten.models import Traject

from .adapters import adapter_for, met_document
from .constants import (
    CODE_GELDIG_MINUTEN,
    LINK_GELDIG_DAGEN,
    MAX_CODE_POGINGEN,
    MAX_CODES_PER_LINK,
    GebeurtenisSoort,
    Wijze,
)
from .kern import (  # re-exported: the views, privacy and tests use them from here
    _hash,
    _mail,
    base_url,
    blokkades,
    controleer_tekenen,
    is_open,
    leg_vast,
    log,
    persoon,
    stuk,
    vergrendel,
    zelfde_naam,
)
from .models import Ondertekening

__all__ = [
    "LinkOngeldig",
    "Partij",
    "_hash",
    "base_url",
    "blokkades",
    "controleer_code",
    "is_open",
    "log",
    "opnieuw_versturen",
    "persoon",
    "stuk",
    "stuur_code",
    "teken",
    "vervallen",
    "vind",
    "vind_alle",
    "vraag_ondertekeningen",
    "vraag_ondertekeningen_samen",
    "zelfde_naam",
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


def _stuur_link(rijen: list[Ondertekening], soort: str, *, verleng: bool = True) -> None:
    """Issue one new secret link for these signatures of one person (the previous link stops
    working) and e-mail it once, listing every document."""
    o = rijen[0]
    token = secrets.token_urlsafe(32)
    nu = timezone.now()
    verloopt = o.link_verloopt_op
    if verleng or verloopt is None:
        verloopt = nu + timedelta(days=LINK_GELDIG_DAGEN)
    for r in rijen:
        r.token_hash = _hash(token)
        r.verstuurd_op = nu
        r.link_verloopt_op = verloopt
        if verleng:
            r.code_hash = ""
            r.code_pogingen = 0
            r.codes_verstuurd = 0
        r.save()
        log(r, soort)
    with translation.override(settings.LANGUAGE_CODE):
        stukken = [stuk(r) for r in rijen]
    context = {
        "o": o,
        "stuk": stukken[0],
        "stukken": stukken,
        "deelnemer": stukken[0].deelnemer,
        "geldig_tot": verloopt,
        "herinnering": soort == GebeurtenisSoort.HERINNERING,
    }
    _mail(
        to=o.email,
        naam=o.naam,
        link=base_url() + reverse("ondertekenen", args=[token]),
        subject=gettext_lazy("Please sign: %(soort)s for %(deelnemer)s"),
        args={"soort": ", ".join(s.kort for s in stukken), "deelnemer": stukken[0].deelnemer},
        template="ondertekening/email/ondertekenen.txt",
        context=context,
    )


def stuur_link(ondertekening: Ondertekening, soort: str, *, verleng: bool = True) -> None:
    """A new link for this signature and every other still open one of the same session (a
    reminder or a new link from the mbo covers the whole group). A new link from the mbo
    (`verleng`) also lifts a block after wrong codes; a reminder does not. The caller holds the
    transaction."""
    rijen = [
        r
        for r in Ondertekening.objects.select_for_update()
        .filter(groep=ondertekening.groep)
        .order_by("pk")
        if r.pk == ondertekening.pk or is_open(r)
    ]
    if ondertekening.email:
        _stuur_link(rijen, soort, verleng=verleng)


@transaction.atomic
def vraag_ondertekeningen_samen(
    *,
    actor: User | None,
    traject: Traject,
    stukken: Iterable[tuple[models.Model, Iterable[Partij], str]],
) -> list[Ondertekening]:
    """Ask every party to sign documents sent together (each exactly the PDF with its SHA-256):
    one signature row per party per document, and ONE link by e-mail per person (same address,
    case-insensitive, and same name), listing all their documents; one code signs them all. A
    party without an e-mail address gets no link: they sign in person or on paper."""
    stukken = [(document, list(partijen), sha256) for document, partijen, sha256 in stukken]
    # A signatory's name goes into the e-mail and onto the PDF: refuse control characters
    # before anything is sent (the document app shows this on its own form).
    controleer_invoer(
        {f"naam_{p.rol}": p.naam for _d, partijen, _s in stukken for p in partijen},
        regels=[f"naam_{p.rol}" for _d, partijen, _s in stukken for p in partijen],
    )
    groepen: dict[tuple[str, str], uuid.UUID] = {}
    per_groep: dict[uuid.UUID, list[Ondertekening]] = {}
    result = []
    for document, partijen, sha256 in stukken:
        adapter_for(document)  # a document nobody can sign is a programming error, caught here
        for partij in partijen:
            groep = (
                groepen.setdefault(persoon(partij.email, partij.naam), uuid.uuid4())
                if partij.email
                else uuid.uuid4()
            )
            ondertekening = Ondertekening.objects.create(
                document=document,
                traject=traject,
                rol=partij.rol,
                organisatie_id=partij.organisatie_id,
                naam=partij.naam,
                email=partij.email,
                document_sha256=sha256,
                groep=groep,
            )
            per_groep.setdefault(groep, []).append(ondertekening)
            result.append(ondertekening)
    for rijen in per_groep.values():
        if rijen[0].email:
            _stuur_link(rijen, GebeurtenisSoort.VERSTUURD)
    return result


def vraag_ondertekeningen(
    *,
    actor: User | None,
    document: models.Model,
    traject: Traject,
    partijen: Iterable[Partij],
    sha256: str,
) -> list[Ondertekening]:
    """Ask every party to sign one document (exactly the PDF with this SHA-256). The document's
    app marks it as out for signing."""
    return vraag_ondertekeningen_samen(
        actor=actor, traject=traject, stukken=[(document, partijen, sha256)]
    )


@transaction.atomic
def opnieuw_versturen(*, actor: User, ondertekening: Ondertekening) -> Ondertekening:
    """Send a party a fresh link (valid 14 days again); the old link stops working. Also the way
    to unblock a link after too many wrong codes."""
    ondertekening = Ondertekening.objects.select_for_update().get(pk=ondertekening.pk)
    if ondertekening.getekend_op:
        raise ValidationError(_("This party has already signed."))
    if not ondertekening.email:
        raise ValidationError(
            _("This party has no e-mail address: sign in person or upload a paper signature.")
        )
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
        if not o.email:
            continue
        _mail(
            to=o.email,
            naam=o.naam,
            # The old link only says the version was changed; the new version's e-mail brings
            # the link to sign it.
            link="",
            subject=gettext_lazy("Changed: %(soort)s for %(deelnemer)s"),
            args={"soort": doc.kort, "deelnemer": doc.deelnemer},
            template="ondertekening/email/vervallen.txt",
            context={"o": o, "stuk": doc},
        )


def _vind(token: str, *, lock: bool = False) -> list[Ondertekening]:
    """The open signatures a link belongs to (one person's session), or LinkOngeldig with the
    reason in the signer's words."""
    qs = Ondertekening.objects.prefetch_related(met_document())
    if lock:
        qs = qs.select_for_update(of=("self",))
    rijen = list(qs.filter(token_hash=_hash(token)).order_by("pk")) if token else []
    if not rijen:
        raise LinkOngeldig(
            _("This signing link is not valid. It may have been replaced by a newer link.")
        )
    open_ = [o for o in rijen if is_open(o)]
    if not open_:
        getekend = [o.getekend_op for o in rijen if o.getekend_op]
        if getekend:
            raise LinkOngeldig(
                _("This link has already been used: you signed on %(datum)s.")
                % {"datum": date_format(timezone.localtime(max(getekend)), "DATETIME_FORMAT")},
                rijen[0],
            )
        raise LinkOngeldig(
            _("This version of the agreement was changed and is no longer valid. "
              "You will receive a new link for the new version."),
            rijen[0],
        )  # fmt: skip
    o = open_[0]
    if o.link_verloopt_op and o.link_verloopt_op < timezone.now():
        raise LinkOngeldig(
            _("This link expired on %(datum)s. Ask the mbo-instelling to send you a new link.")
            % {"datum": date_format(timezone.localtime(o.link_verloopt_op), "DATE_FORMAT")},
            o,
        )
    if o.code_pogingen >= MAX_CODE_POGINGEN:
        raise LinkOngeldig(
            _("Too many wrong codes were entered. Ask the mbo-instelling to send you a new link."),
            o,
        )
    return open_


def vind(token: str, *, lock: bool = False) -> Ondertekening:
    """The first open signature of the session a link belongs to (it carries the link and code
    state every open signature of the session shares)."""
    return _vind(token, lock=lock)[0]


def vind_alle(token: str) -> list[Ondertekening]:
    """Every open signature of the session a link belongs to: what the signer signs at once."""
    return _vind(token)


@transaction.atomic
def stuur_code(*, token: str, ip: str | None, ua: str) -> Ondertekening:
    """E-mail a fresh 6-digit code (valid 15 minutes) to the party's address: one code for the
    whole session."""
    rijen = _vind(token, lock=True)
    o = rijen[0]
    if blokkades(rijen):
        raise ValidationError(
            _("Signing is not possible at the moment. The mbo-instelling has been told and will "
              "contact you.")
        )  # fmt: skip
    if o.codes_verstuurd >= MAX_CODES_PER_LINK:
        raise ValidationError(
            _("The maximum number of codes for this link has been sent. "
              "Ask the mbo-instelling to send you a new link.")
        )  # fmt: skip
    code = f"{secrets.randbelow(10**6):06d}"
    verstuurd = o.codes_verstuurd + 1
    for r in rijen:
        r.code_hash = _hash(f"{o.groep}:{code}")
        r.code_verloopt_op = timezone.now() + timedelta(minutes=CODE_GELDIG_MINUTEN)
        r.codes_verstuurd = verstuurd
        r.save(update_fields=["code_hash", "code_verloopt_op", "codes_verstuurd"])
        log(r, GebeurtenisSoort.CODE_VERSTUURD, ip, ua)
    _mail(
        to=o.email,
        naam=o.naam,
        # No link: the signer has the signing page open, and a code e-mail that is forwarded
        # or leaks must not carry both halves (the link and the code) at once.
        link="",
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
        rijen = _vind(token, lock=True)
        o = rijen[0]
        code = "".join(code.split())
        if not o.code_hash or o.code_verloopt_op is None:
            raise ValidationError(_("Request a code first."))
        if o.code_verloopt_op < timezone.now():
            raise ValidationError(_("This code has expired. Request a new code."))
        if hmac.compare_digest(o.code_hash, _hash(f"{o.groep}:{code}")):
            for r in rijen:
                r.code_hash = ""  # a code is used once
                r.save(update_fields=["code_hash"])
                log(r, GebeurtenisSoort.CODE_GOED, ip, ua)
            return o
        pogingen = o.code_pogingen + 1
        over = MAX_CODE_POGINGEN - pogingen
        for r in rijen:
            r.code_pogingen = pogingen
            r.save(update_fields=["code_pogingen"])
            log(r, GebeurtenisSoort.CODE_FOUT, ip, ua)
            if over <= 0:
                log(r, GebeurtenisSoort.GEBLOKKEERD, ip, ua)
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
def teken(*, token: str, naam: str, akkoord: bool, ip: str | None, ua: str) -> list[Ondertekening]:
    """Sign every open document of the session at once, each on exactly the PDF the signer was
    shown (its own SHA-256, events and audit event)."""
    vergrendel(_vind(token))
    rijen = _vind(token, lock=True)
    naam = " ".join(naam.split())
    fouten = controleer_tekenen(rijen, naam=naam, akkoord=akkoord)
    if fouten:
        raise ValidationError(fouten)
    # Single use: the link now only says that it was used.
    leg_vast(
        rijen,
        actor=None,
        wijze=Wijze.ONLINE,
        soort=GebeurtenisSoort.GETEKEND,
        naam=naam,
        ip=ip,
        ua=ua,
    )
    return rijen
