"""Intake's part of a participant's personal data (registered with deelnemers.privacy)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deelnemers.inzage import weergave
from deelnemers.models import Deelnemer
from deelnemers.privacy import PrivacyHandler

from .constants import SOFT_CRITERIA
from .models import Advies, Intake


def exporteer(deelnemer: Deelnemer, iso: Callable[[Any], Any]) -> dict[str, Any]:
    return {
        "intakes": [
            {
                "gepland_op": iso(i.gepland_op),
                "startkwalificatie": i.startkwalificatie,
                "duo_check_resultaat": i.duo_check_resultaat,
                "notities": i.notities,
            }
            for i in Intake.objects.filter(deelnemer=deelnemer)
        ],
        "adviezen": [
            {
                "route": a.route,
                "alternatief_soort": a.alternatief_soort,
                "alternatief": a.alternatief,
                "onderbouwing": a.onderbouwing,
                "reden_praktijkverklaring": a.reden_praktijkverklaring,
                "volgende_stap": a.volgende_stap,
                "gegeven_op": iso(a.gegeven_op),
            }
            for a in Advies.objects.filter(deelnemer=deelnemer)
        ],
    }


def anonimiseer(deelnemer: Deelnemer) -> None:
    """Notes and free text go; the criteria, routes, kinds of alternative and dates that
    monitoring counts stay."""
    Intake.objects.filter(deelnemer=deelnemer).update(
        notities="",
        leeftijd_uitzondering="",
        startkwalificatie_reden="",
        duo_check_door="",
        **{f"{c}_toelichting": "" for c in SOFT_CRITERIA},
    )
    Advies.objects.filter(deelnemer=deelnemer).update(
        onderbouwing="", reactie_kandidaat="", alternatief="", reden_praktijkverklaring=""
    )


# How the inzage letter shows these sections (labels from the models' fields).
WEERGAVE = {
    "intakes": weergave(
        Intake, ["gepland_op", "startkwalificatie", "duo_check_resultaat", "notities"]
    ),
    "adviezen": weergave(
        Advies,
        [
            "route", "alternatief_soort", "alternatief", "onderbouwing",
            "reden_praktijkverklaring", "volgende_stap", "gegeven_op",
        ],
    ),
}  # fmt: skip

HANDLER = PrivacyHandler(exporteer=exporteer, anonimiseer=anonimiseer, weergave=WEERGAVE)
