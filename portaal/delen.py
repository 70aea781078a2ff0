"""Sharing a verklaring (docs/portaal.md): the participant makes a link to the public
verification page of one of their issued verklaringen, valid until a date they choose (at most a
year, 30 days unless they choose), and can revoke it. Each time the link is opened, the time is
kept (no IP address, no browser), and the participant sees it."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deelnemers.models import Deelnemer
from ondertekening.kern import _hash
from praktijkleren import audit
from praktijkleren.validators import controleer_invoer
from verklaringen.constants import RegistratieStatus
from verklaringen.models import Registratie

from .models import Deellink, DeellinkGebruik

STANDAARD_DAGEN = 30
MAX_DAGEN = 365


class DeellinkOngeldig(Exception):
    """The shared link does not open the verklaring: 404 unknown, 410 expired or revoked."""

    def __init__(self, reden: str, status: int) -> None:
        super().__init__(reden)
        self.reden = reden
        self.status = status


def _token_hash(token: str) -> str:
    return _hash(f"gedeeld:{token}")


def standaard_einddatum() -> date:
    return timezone.localdate() + timedelta(days=STANDAARD_DAGEN)


@transaction.atomic
def maak_deellink(
    *, deelnemer: Deelnemer, registratie: Registratie, verloopt_op: date | None, omschrijving: str
) -> tuple[Deellink, str]:
    """Make a share link for one of the participant's own verklaringen (the caller loaded it
    through the participant). Returns the link's row and its secret, shown once."""
    vandaag = timezone.localdate()
    fouten: dict[str, str] = {}
    controleer_invoer({"omschrijving": omschrijving}, regels=["omschrijving"])
    if registratie.deelnemer_id != deelnemer.pk:
        raise ValidationError({"registratie": _("Choose one of your own verklaringen.")})
    if registratie.status != RegistratieStatus.GELDIG:
        fouten["registratie"] = _(
            "This verklaring is no longer valid. You cannot share it. Ask the mbo-instelling."
        )
    if verloopt_op is None:
        fouten["verloopt_op"] = _("Enter the date until which the link works.")
    elif verloopt_op < vandaag:
        fouten["verloopt_op"] = _("This date is in the past. Choose a date from today.")
    elif verloopt_op > vandaag + timedelta(days=MAX_DAGEN):
        fouten["verloopt_op"] = _(
            "A link works for at most one year. Choose a date until %(datum)s."
        ) % {"datum": date_format(vandaag + timedelta(days=MAX_DAGEN), "DATE_FORMAT")}
    if fouten or verloopt_op is None:
        raise ValidationError(fouten)
    token = secrets.token_urlsafe(24)
    link = Deellink.objects.create(
        deelnemer=deelnemer,
        registratie=registratie,
        token_hash=_token_hash(token),
        verloopt_op=verloopt_op,
        omschrijving=omschrijving.strip(),
    )
    audit.record(
        actor=None,
        action="portaal.deellink",
        obj=link,
        pilot_id=deelnemer.pilot_id,
        changes={"registratie": registratie.nummer, "verloopt_op": verloopt_op.isoformat()},
    )
    return link, token


@transaction.atomic
def trek_deellink_in(*, deelnemer: Deelnemer, deellink: Deellink) -> Deellink:
    """Revoke a share link of the participant: from now on it answers that it no longer works."""
    link = Deellink.objects.for_deelnemer(deelnemer.pk).select_for_update().get(pk=deellink.pk)
    if link.ingetrokken_op is None:
        link.ingetrokken_op = timezone.now()
        link.save(update_fields=["ingetrokken_op"])
        audit.record(
            actor=None, action="portaal.deellink_ingetrokken", obj=link, pilot_id=deelnemer.pilot_id
        )
    return link


def trek_alle_in(deelnemer: Deelnemer) -> int:
    """Revoke every link of the participant that still works (consent withdrawn)."""
    return (
        Deellink.objects.for_deelnemer(deelnemer.pk)
        .filter(ingetrokken_op__isnull=True)
        .update(ingetrokken_op=timezone.now())
    )


def werkt(link: Deellink) -> bool:
    return link.ingetrokken_op is None and link.verloopt_op >= timezone.localdate()


@transaction.atomic
def open_deellink(token: str) -> Registratie:
    """The verklaring a shared link shows; its use is logged (the time only)."""
    link = (
        Deellink.objects.select_related("registratie__vervangen_door")
        .filter(token_hash=_token_hash(token))
        .first()
        if token
        else None
    )
    if link is None:
        raise DeellinkOngeldig(_("This link does not exist. Check that you copied all of it."), 404)
    if link.ingetrokken_op is not None:
        raise DeellinkOngeldig(
            _("The holder of the verklaring has stopped this link. Ask them for a new link."), 410
        )
    if link.verloopt_op < timezone.localdate():
        raise DeellinkOngeldig(
            _("This link worked until %(datum)s. Ask the holder of the verklaring for a new link.")
            % {"datum": date_format(link.verloopt_op, "DATE_FORMAT")},
            410,
        )
    DeellinkGebruik.objects.create(deellink=link)
    return link.registratie
