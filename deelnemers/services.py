"""Write operations on participants and trajecten."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm

from pilots.models import Organisatie, Pilot
from praktijkleren import audit
from praktijkleren.models import User
from praktijkleren.validators import controleer_invoer, telefoonnummer

from .aanmelding import (
    DEELNEMER_REGELS,
    DEELNEMER_TEKSTEN,
    aanmelden,
    leeftijd,
    leg_gebeurtenis_vast,
    mbo_contacts,
    notify,
    wijzig_status,
)
from .models import Deelnemer
from .validators import normaliseer_doelgroepen

# The referral services live in aanmelding.py; other apps import them from here.
__all__ = [
    "aanmelden",
    "leeftijd",
    "leg_gebeurtenis_vast",
    "leg_inzage_vast",
    "mbo_contacts",
    "notify",
    "registreer_deelnemer",
    "wijzig_status",
]


@transaction.atomic
def registreer_deelnemer(
    *,
    actor: User | None,
    pilot: Pilot,
    voornaam: str,
    achternaam: str,
    geboortedatum: date,
    aangemeld_op: date,
    verwijzer: Any = None,
    verwijzer_organisatie: Organisatie | None = None,
    **fields: Any,
) -> Deelnemer:
    """Register a participant in a pilot; the referring user gets a per-object view grant.
    `doelgroepen` (optional) is a list of `Doelgroep` codes; an unknown code is refused, and so
    are implausible dates, control characters in texts and a phone number that is not one."""
    controleer_invoer(
        {"voornaam": voornaam, "achternaam": achternaam, "geboortedatum": geboortedatum,
         "aangemeld_op": aangemeld_op, **fields},
        regels=DEELNEMER_REGELS, teksten=DEELNEMER_TEKSTEN,
        datums=["geboortedatum", "aangemeld_op"],
    )  # fmt: skip
    if fields.get("telefoon"):
        try:
            fields["telefoon"] = telefoonnummer(fields["telefoon"])
        except ValidationError as exc:
            raise ValidationError({"telefoon": exc.messages}) from exc
    if "doelgroepen" in fields:
        fields["doelgroepen"] = normaliseer_doelgroepen(fields["doelgroepen"])
    deelnemer = Deelnemer.objects.create(
        pilot=pilot,
        voornaam=voornaam,
        achternaam=achternaam,
        geboortedatum=geboortedatum,
        aangemeld_op=aangemeld_op,
        verwijzer_organisatie=verwijzer_organisatie,
        verwezen_door=verwijzer,
        **fields,
    )
    if verwijzer is not None:
        assign_perm("deelnemers.view_deelnemer", verwijzer, deelnemer)
    audit.record(actor=actor, action="deelnemer.create", obj=deelnemer, pilot_id=pilot.pk)
    return deelnemer


def leg_inzage_vast(*, user: Any, deelnemer: Deelnemer) -> None:
    """Record that a user opened a participant's dossier (privacy log)."""
    from .models import DossierInzage

    DossierInzage.objects.create(user=user, deelnemer=deelnemer)
