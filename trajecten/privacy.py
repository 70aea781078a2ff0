"""Trajecten's part of a participant's personal data (registered with deelnemers.privacy).

Anonymising clears the free text written about the person (progress entries and STARR
reflections, samenvattend oordeel, quality reviews, reasons and explanations); the werkprocessen,
statuses and dates stay, because the monitor counts them and an issued verklaring rests on them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deelnemers.models import Deelnemer
from deelnemers.privacy import PrivacyHandler

from .models import (
    KwaliteitsMoment,
    Nameting,
    Traject,
    TrajectWerkproces,
    Uitstroom,
    VoortgangEntry,
)


def exporteer(deelnemer: Deelnemer, iso: Callable[[Any], Any]) -> dict[str, Any]:
    return {
        "trajecten": [
            {
                "leerbedrijf": str(t.leerbedrijf or ""),
                "startdatum": iso(t.startdatum),
                "status": t.status,
            }
            for t in Traject.objects.filter(deelnemer=deelnemer).select_related("leerbedrijf")
        ],
    }


def anonimiseer(deelnemer: Deelnemer) -> None:
    trajecten = Traject.objects.filter(deelnemer=deelnemer)
    trajecten.update(stopreden="")
    TrajectWerkproces.objects.filter(traject__in=trajecten).update(samenvattend_oordeel="")
    VoortgangEntry.objects.filter(traject_werkproces__traject__in=trajecten).update(
        tekst="", starr={}
    )
    KwaliteitsMoment.objects.filter(traject__in=trajecten).update(toelichting="")
    Uitstroom.objects.filter(traject__in=trajecten).update(toelichting="")
    Nameting.objects.filter(traject__in=trajecten).update(toelichting="")


HANDLER = PrivacyHandler(exporteer=exporteer, anonimiseer=anonimiseer)
