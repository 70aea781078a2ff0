"""The agreements' part of a participant's personal data (registered with deelnemers.privacy).

Anonymising replaces the participant in the content of every version (name, date of birth, their
own signatory line) and deletes the draft PDFs. The signed final PDF (the signed pages with the
audit page) is evidence of what was agreed: it stays, out of reach of every page once the dossier
is anonymised, until the retention task deletes it (`verwijder_verlopen_bewijs`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from deelnemers.inzage import weergave
from deelnemers.models import Deelnemer
from deelnemers.privacy import ANONIEM, PrivacyHandler
from ondertekening.constants import PartijRol
from praktijkleren.files import verwijder_na_commit

from .constants import OvereenkomstSoort, VersieStatus
from .models import Overeenkomst, OvereenkomstVersie


def _versies(deelnemer: Deelnemer) -> Any:
    return OvereenkomstVersie.objects.filter(overeenkomst__traject__deelnemer=deelnemer)


def exporteer(deelnemer: Deelnemer, iso: Callable[[Any], Any]) -> dict[str, Any]:
    return {
        "overeenkomsten": [
            {
                "soort": v.overeenkomst.soort,
                "versie": v.nummer,
                "status": v.status,
                "startdatum": iso(v.startdatum),
                "einddatum": iso(v.einddatum),
                "ondertekend_op": iso(v.ondertekend_op),
            }
            for v in _versies(deelnemer).select_related("overeenkomst").order_by("pk")
        ],
    }


def anoniem(inhoud: dict[str, Any]) -> dict[str, Any]:
    """The content of a version without the participant: what the monitor and the parties'
    own records need (dates, kwalificaties, werkprocessen, organisations) stays."""
    partijen = [
        {**p, "naam": ANONIEM, "email": ""} if p.get("rol") == PartijRol.DEELNEMER else p
        for p in inhoud.get("partijen", [])
    ]
    return {**inhoud, "deelnemer": {"naam": ANONIEM, "geboortedatum": ""}, "partijen": partijen}


def anonimiseer(deelnemer: Deelnemer) -> None:
    for versie in _versies(deelnemer):
        # The signed pages of a version whose final PDF is not made yet are the evidence: they
        # stay until it is (the final PDF contains them).
        wacht_op_definitief = (
            versie.status == VersieStatus.ONDERTEKEND and not versie.definitief_pdf
        )
        if versie.pdf and not wacht_op_definitief:
            verwijder_na_commit(versie.pdf)
        versie.inhoud = anoniem(versie.inhoud)
        versie.save(update_fields=["inhoud", "pdf"])


# How the inzage letter shows this section (labels from the models' fields).
WEERGAVE = {
    "overeenkomsten": weergave(
        OvereenkomstVersie,
        ["status", "startdatum", "einddatum", "ondertekend_op"],
        titel=Overeenkomst._meta.verbose_name_plural,
        labels={
            "soort": Overeenkomst._meta.get_field("soort").verbose_name,
            "versie": _("version"),
        },
        keuzes={"soort": OvereenkomstSoort.choices},
    ),
}

HANDLER = PrivacyHandler(exporteer=exporteer, anonimiseer=anonimiseer, weergave=WEERGAVE)
