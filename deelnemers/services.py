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
    "toestemming_geldt",
    "trek_toestemming_in",
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


def toestemming_geldt(deelnemer: Deelnemer) -> bool:
    """Does the participant's consent hold? The latest consent row decides: given at referral,
    withdrawn by the participant (docs/privacy.md)."""
    from .models import Toestemming

    laatste = Toestemming.objects.filter(deelnemer=deelnemer).order_by("-vastgelegd_op", "-pk")
    return bool(laatste.values_list("gegeven", flat=True)[:1].first())


def toestemming_ingetrokken(deelnemer: Deelnemer) -> bool:
    """Has the participant withdrawn their consent (the latest consent row is "not given")? A
    dossier without any consent row (an imported registration) has not."""
    from .models import Toestemming

    laatste = Toestemming.objects.filter(deelnemer=deelnemer).order_by("-vastgelegd_op", "-pk")
    return laatste.values_list("gegeven", flat=True)[:1].first() is False


@transaction.atomic
def trek_toestemming_in(*, deelnemer: Deelnemer, door: str) -> Any:
    """The participant withdraws their consent (docs/privacy.md, "Withdrawing consent"): a new
    consent row records it (the one given at referral stays, as proof of the basis until now),
    and a dossier that has not started stops (status "did not start"). A running traject is
    closed by the mbo; the caller tells the projectleider. `door` says who recorded it, for the
    timeline (e.g. "the participant, in the portal")."""
    from django.utils.translation import gettext as _

    from .constants import DeelnemerStatus, EventSoort
    from .models import Toestemming
    from .privacy import NOT_STARTED

    deelnemer = Deelnemer.objects.select_for_update().get(pk=deelnemer.pk)
    if deelnemer.geanonimiseerd_op or not toestemming_geldt(deelnemer):
        raise ValidationError(_("Your consent has already been withdrawn."))
    intrekking = Toestemming.objects.create(
        deelnemer=deelnemer, gegeven=False, doelen=[], vastgelegd_door=None
    )
    reden = _("Consent withdrawn by %(door)s") % {"door": door}
    leg_gebeurtenis_vast(
        deelnemer=deelnemer, actor=None, soort=EventSoort.TOESTEMMING_INGETROKKEN, tekst=reden
    )
    if deelnemer.status in NOT_STARTED and deelnemer.status != DeelnemerStatus.NIET_GESTART:
        wijzig_status(
            actor=None, deelnemer=deelnemer, status=DeelnemerStatus.NIET_GESTART, reden=reden
        )
    audit.record(
        actor=None,
        action="deelnemer.toestemming_ingetrokken",
        obj=deelnemer,
        pilot_id=deelnemer.pilot_id,
        changes={"toestemming": [True, False]},
    )
    return intrekking
