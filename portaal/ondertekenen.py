"""Signing from the portal (docs/portaal.md, "Signing in the portal").

The portal login proved what the signing link proves: the person controls the participant's
e-mail address (a personal link and a 6-digit code, both e-mailed to it). So the participant
signs their own open signatures here with the signing app's own checks and record
(`ondertekening.kern.controleer_tekenen`, `leg_vast`, way "online"), but only those sent to that
same address: a signature asked at another address is signed through the link in that e-mail.
An audit event ties each signature to the login request that proved the address."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from deelnemers.models import Deelnemer
from ondertekening.constants import GebeurtenisSoort, Wijze
from ondertekening.kern import controleer_tekenen, is_open, leg_vast, stuk, vergrendel
from ondertekening.models import Ondertekening
from praktijkleren import audit

from . import laden
from .models import Inlogverzoek


def zelfde_adres(o: Ondertekening, deelnemer: Deelnemer) -> bool:
    return bool(o.email) and o.email.strip().casefold() == deelnemer.email.strip().casefold()


def te_tekenen(deelnemer: Deelnemer) -> tuple[list[Ondertekening], list[Ondertekening]]:
    """The participant's open signatures: those they can sign here, and those asked at another
    address (signed through the link in that e-mail)."""
    open_ = [o for o in laden.ondertekeningen(deelnemer) if is_open(o)]
    hier = [o for o in open_ if zelfde_adres(o, deelnemer)]
    elders = [o for o in open_ if not zelfde_adres(o, deelnemer)]
    return hier, elders


@transaction.atomic
def teken(
    *, deelnemer: Deelnemer, naam: str, akkoord: bool, ip: str | None, ua: str
) -> list[Ondertekening]:
    """Sign every open document the participant can sign here at once, each on exactly the PDF
    it was sent as (its SHA-256), as the signing link does."""
    hier, _elders = te_tekenen(deelnemer)
    if not hier:
        raise ValidationError(_geen())
    vergrendel(hier)
    rijen = [
        o
        for o in Ondertekening.objects.select_for_update(of=("self",))
        .filter(pk__in=[o.pk for o in hier])
        .order_by("pk")
        if is_open(o) and zelfde_adres(o, deelnemer)
    ]
    if not rijen:
        raise ValidationError(_geen())
    naam = " ".join(naam.split())
    fouten: dict[str, Any] = controleer_tekenen(rijen, naam=naam, akkoord=akkoord)
    if fouten:
        raise ValidationError(fouten)
    leg_vast(
        rijen,
        actor=None,
        wijze=Wijze.ONLINE,
        soort=GebeurtenisSoort.GETEKEND,
        naam=naam,
        ip=ip,
        ua=ua,
    )
    login = (
        Inlogverzoek.objects.for_deelnemer(deelnemer.pk)
        .filter(ingelogd_op__isnull=False)
        .order_by("-ingelogd_op")
        .first()
    )
    for o in rijen:
        audit.record(
            actor=None,
            action="portaal.ondertekend",
            obj=o,
            pilot_id=stuk(o).pilot_id,
            changes={
                "inlogverzoek": login.pk if login else None,
                "ingelogd_op": login.ingelogd_op.isoformat() if login and login.ingelogd_op else "",
            },
        )
    return rijen


def _geen() -> str:
    from django.utils.translation import gettext as _

    return _("There is nothing for you to sign here at the moment.")
