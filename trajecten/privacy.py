"""Trajecten's part of a participant's personal data (registered with deelnemers.privacy).

Anonymising clears the free text written about the person (progress entries and STARR
reflections, samenvattend oordeel, quality reviews, reasons and explanations) and the old values
of it in the audit trail; the werkprocessen, statuses and dates stay, because the monitor counts
them and an issued verklaring rests on them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deelnemers.inzage import weergave
from deelnemers.models import Deelnemer
from deelnemers.privacy import PrivacyHandler
from praktijkleren.models import AuditEvent

from .models import (
    KwaliteitsMoment,
    Nameting,
    Traject,
    TrajectWerkproces,
    Uitstroom,
    VoortgangEntry,
)

# Free text about the person in audit changes (old and new values).
VRIJE_TEKST = frozenset(
    {"samenvattend_oordeel", "stopreden", "toelichting", "tekst", "starr", "reden"}
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
    # The audit trail keeps old and new values of these texts: they would undo the erasure.
    for model, rijen in (
        (Traject, trajecten),
        (TrajectWerkproces, TrajectWerkproces.objects.filter(traject__in=trajecten)),
        (VoortgangEntry, VoortgangEntry.objects.filter(traject_werkproces__traject__in=trajecten)),
        (KwaliteitsMoment, KwaliteitsMoment.objects.filter(traject__in=trajecten)),
        (Uitstroom, Uitstroom.objects.filter(traject__in=trajecten)),
        (Nameting, Nameting.objects.filter(traject__in=trajecten)),
    ):
        ids = [str(pk) for pk in rijen.values_list("pk", flat=True)]
        events = AuditEvent.objects.filter(object_type=model._meta.label_lower, object_id__in=ids)
        for event in events:
            # Statuses and dates stay (the werkproces history); the texts go.
            kept = {k: v for k, v in event.changes.items() if k not in VRIJE_TEKST}
            if kept != event.changes:
                AuditEvent.objects.filter(pk=event.pk).update(changes=kept)


# How the inzage letter shows this section (labels from the model's fields).
WEERGAVE = {"trajecten": weergave(Traject, ["leerbedrijf", "startdatum", "status"])}

HANDLER = PrivacyHandler(exporteer=exporteer, anonimiseer=anonimiseer, weergave=WEERGAVE)
