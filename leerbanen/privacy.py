"""Leerbanen's part of a participant's personal data (registered with deelnemers.privacy).

The search ("leerbaan gezocht") holds the candidate's wishes: where they live (postcode digits,
gemeente), hours, crebos, werkprocessen, sector and a note; a match holds the proposer's note
and, when declined, the leerbedrijf's reason, both about the candidate. The inzage lists them.
Anonymising clears the wishes' place and the free texts (also their values in the audit
trail); the statuses and dates stay, because the monitor counts "leerbaan gevonden" and the time
from advice to placement. A leerbaan itself holds no participant's data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from deelnemers.inzage import weergave
from deelnemers.models import Deelnemer
from deelnemers.privacy import PrivacyHandler
from praktijkleren.models import AuditEvent

from .models import Match, Zoekvraag

VRIJE_TEKST = frozenset({"toelichting", "reden", "postcode4", "plaats"})


def exporteer(deelnemer: Deelnemer, iso: Callable[[Any], Any]) -> dict[str, Any]:
    zoekvragen = Zoekvraag.objects.filter(deelnemer=deelnemer).prefetch_related(
        "kwalificaties", "werkprocessen"
    )
    matches = (
        Match.objects.filter(zoekvraag__deelnemer=deelnemer)
        .select_related("leerbaan__organisatie")
        .order_by("voorgesteld_op", "pk")
    )
    return {
        "leerbaan_gezocht": [
            {
                "status": z.status,
                "postcode4": z.postcode4,
                "plaats": z.plaats,
                "uren_per_week": z.uren_per_week,
                "kwalificaties": sorted(k.crebo for k in z.kwalificaties.all()),
                "werkprocessen": sorted(w.code for w in z.werkprocessen.all()),
                "start_vanaf": iso(z.start_vanaf),
                "sector": z.sector,
                "toelichting": z.toelichting,
            }
            for z in zoekvragen
        ],
        "leerbaan_matches": [
            {
                "leerbaan": m.leerbaan.titel,
                "leerbedrijf": m.leerbaan.organisatie.naam,
                "status": m.status,
                "toelichting": m.toelichting,
                "voorgesteld_op": iso(m.voorgesteld_op),
                "beantwoord_op": iso(m.beantwoord_op),
                "reden": m.reden,
                "geplaatst_op": iso(m.geplaatst_op),
            }
            for m in matches
        ],
    }


def anonimiseer(deelnemer: Deelnemer) -> None:
    zoekvragen = Zoekvraag.objects.filter(deelnemer=deelnemer)
    matches = Match.objects.filter(zoekvraag__deelnemer=deelnemer)
    zoekvragen.update(postcode4="", plaats="", toelichting="")
    matches.update(toelichting="", reden="")
    # The audit trail keeps old and new values of these texts: they would undo the erasure.
    for model, rijen in ((Zoekvraag, zoekvragen), (Match, matches)):
        ids = [str(pk) for pk in rijen.values_list("pk", flat=True)]
        events = AuditEvent.objects.filter(object_type=model._meta.label_lower, object_id__in=ids)
        for event in events:
            kept = {k: v for k, v in (event.changes or {}).items() if k not in VRIJE_TEKST}
            if kept != event.changes:
                AuditEvent.objects.filter(pk=event.pk).update(changes=kept)


WEERGAVE = {
    "leerbaan_gezocht": weergave(
        Zoekvraag,
        [
            "status",
            "postcode4",
            "plaats",
            "uren_per_week",
            "kwalificaties",
            "werkprocessen",
            "start_vanaf",
            "sector",
            "toelichting",
        ],
        titel=_("Looking for a leerbaan: your wishes"),
    ),
    "leerbaan_matches": weergave(
        Match,
        ["leerbaan", "status", "toelichting", "voorgesteld_op", "beantwoord_op", "reden"],
        titel=_("Leerbanen you were proposed for"),
        labels={"leerbedrijf": _("leerbedrijf"), "geplaatst_op": _("placed on")},
    ),
}

HANDLER = PrivacyHandler(exporteer=exporteer, anonimiseer=anonimiseer, weergave=WEERGAVE)
