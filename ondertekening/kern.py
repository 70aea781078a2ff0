"""The core of recording a signature, shared by online signing (`services`) and signing in
person or on paper (`ter_plekke`): what a document is, the checks before signing, and
recording the signatures with their events and audit events."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from praktijkleren import audit
from praktijkleren.mail import Ontvanger, queue_notification
from praktijkleren.models import User
from praktijkleren.validators import geen_stuurtekens

from .adapters import DocumentAdapter, Stuk, adapter_for
from .models import OndertekenGebeurtenis, Ondertekening


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
    *,
    to: str,
    naam: str,
    subject: Promise,
    args: dict[str, Any],
    template: str,
    context: dict[str, Any],
    link: str,
) -> None:
    """E-mail a signing party, in Dutch (they have no account with a language choice), greeting
    them by the name in the document, with their personal link (`link`)."""
    with translation.override(settings.LANGUAGE_CODE):
        queue_notification(
            to=[Ontvanger(to, naam)],
            subject=str(subject) % args,
            template=template,
            link=link,
            context=context,
        )


def persoon(email: str, naam: str) -> tuple[str, str]:
    """Who a party is, for one signing session: the same e-mail address (case-insensitive) and
    the same name. A parent and a child sharing one family address are two people."""
    return email.strip().casefold(), _vergelijkbaar(naam)


def is_open(o: Ondertekening) -> bool:
    """Still to be signed: not signed, not voided, and the document is out for signing."""
    return not o.getekend_op and not o.vervallen_op and stuk(o).open


def blokkades(rijen: Iterable[Ondertekening]) -> list[str]:
    """Why some of these documents may not be signed now (the document's app says), once each."""
    result: list[str] = []
    for o in rijen:
        reden = _adapter(o).blokkade(o.document)
        if reden and reden not in result:
            result.append(reden)
    return result


def vergrendel(rijen: Iterable[Ondertekening]) -> None:
    """Lock the documents of these signatures, always in the same order, before their
    signatures (the order a change of a document locks in)."""
    for type_id, document_id in sorted({(o.document_type_id, o.document_id) for o in rijen}):
        model = ContentType.objects.get_for_id(type_id).model_class()
        assert model is not None
        adapter_for(model).vergrendel(document_id)


def controleer_tekenen(rijen: list[Ondertekening], *, naam: str, akkoord: bool) -> dict[str, Any]:
    """The checks before signing (online and in person): the typed name is the signatory's,
    agreement confirmed, each document still exactly the PDF that was sent, nothing blocks."""
    fouten: dict[str, Any] = {}
    o = rijen[0]
    try:
        geen_stuurtekens(naam)
    except ValidationError as exc:
        fouten["naam"] = exc.messages[0]
    if "naam" in fouten:
        pass  # the typed name goes into the audit page of the PDF: refused as it is
    elif len(naam) < 2:
        fouten["naam"] = _("Type your full name to sign.")
    elif not zelfde_naam(naam, o.naam):
        fouten["naam"] = _(
            "The name you typed does not match the signatory of this document, %(naam)s. "
            "Type the name as it is written there; capitals, spaces and accents may differ."
        ) % {"naam": o.naam}
    if not akkoord:
        fouten["akkoord"] = _("Confirm that you have read what you sign and agree to it.")
    if any(r.document_sha256 != stuk(r).pdf_sha256 for r in rijen):
        fouten["naam"] = _("The document has changed. Open the link again.")
    redenen = blokkades(rijen)
    if redenen:
        fouten[NON_FIELD_ERRORS] = redenen
    return fouten


def leg_vast(
    rijen: list[Ondertekening],
    *,
    actor: User | None,
    wijze: str,
    soort: str,
    naam: str,
    ip: str | None = None,
    ua: str = "",
    **velden: Any,
) -> None:
    """Record the signatures (the caller locked documents and signatures and checked them), one
    event and one audit event each; then each document's app takes over (e.g. the last signature
    marks an agreement version signed)."""
    nu = timezone.now()
    for o in rijen:
        o.getekend_op = nu
        o.getekende_naam = naam[:200]
        o.ip_adres = ip or None
        o.user_agent = ua[:500]
        o.wijze = wijze
        if actor is not None:
            o.vastgelegd_door = actor
            o.vastgelegd_door_naam = (actor.get_full_name() or actor.email)[:200]
        for veld, waarde in velden.items():
            setattr(o, veld, waarde)
        o.save()
        log(o, soort, ip, ua)
        audit.record(
            actor=actor,
            action=f"ondertekening.{soort}",
            obj=o,
            pilot_id=stuk(o).pilot_id,
            changes={"rol": o.rol, "wijze": wijze, "document_sha256": o.document_sha256},
        )
    for o in {(r.document_type_id, r.document_id): r for r in rijen}.values():
        _adapter(o).na_ondertekening(o.document_id)
