"""The verklaringen's part of a participant's personal data (registered with deelnemers.privacy).

An issued verklaring stays in the public register as printed (`Registratie`: number, holder's
name, institution, werkprocessen, SHA-256), for as long as verification is offered: its holder
relies on it for life, as on a diploma. Everything else about the person goes: the participant in
the content of every praktijkverklaring, the other results and the exam results written on the
mbo-verklaring, and the PDFs of praktijkverklaringen (the signed version too) and
mbo-verklaringen (the participant received the sealed PDF; verification needs only the
register)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from deelnemers.inzage import weergave
from deelnemers.models import Deelnemer
from deelnemers.privacy import ANONIEM, PrivacyHandler
from praktijkleren.files import verwijder_na_commit

from .models import Examenresultaat, MboVerklaring, Praktijkverklaring, Registratie


def exporteer(deelnemer: Deelnemer, iso: Callable[[Any], Any]) -> dict[str, Any]:
    return {
        "praktijkverklaringen": [
            {"status": pv.status, "werkprocessen": pv.inhoud.get("werkprocessen", [])}
            for pv in Praktijkverklaring.objects.filter(traject__deelnemer=deelnemer).order_by("pk")
        ],
        "examenresultaten": [
            {
                "examenonderdeel": e.examenonderdeel,
                "datum": iso(e.datum),
                "resultaat": e.resultaat,
                "mbo_certificaat": " ".join(
                    x for x in (e.certificaat_crebo, e.certificaat_naam) if x
                ),
            }
            for e in Examenresultaat.objects.filter(
                mbo_verklaring__praktijkverklaring__traject__deelnemer=deelnemer
            ).order_by("pk")
        ],
        "register": [
            {
                "nummer": r.nummer,
                "verificatiecode": r.verificatiecode,
                "houder_naam": r.houder_naam,
                "instelling": r.instelling_naam,
                "uitgegeven_op": iso(r.uitgegeven_op),
                "status": r.status,
            }
            for r in Registratie.objects.filter(deelnemer=deelnemer).order_by("pk")
        ],
    }


def anonimiseer(deelnemer: Deelnemer) -> None:
    for pv in Praktijkverklaring.objects.filter(traject__deelnemer=deelnemer):
        if pv.pdf:
            verwijder_na_commit(pv.pdf)
        if pv.pdf_ondertekend:
            verwijder_na_commit(pv.pdf_ondertekend)
        pv.inhoud = {**pv.inhoud, "deelnemer": {"naam": ANONIEM, "geboortedatum": ""}}
        pv.save(update_fields=["inhoud", "pdf", "pdf_ondertekend"])
    for mv in MboVerklaring.objects.filter(praktijkverklaring__traject__deelnemer=deelnemer):
        verwijder_na_commit(mv.pdf)
        mv.overige_resultaten = ""
        mv.save(update_fields=["pdf", "overige_resultaten"])
    Examenresultaat.objects.filter(
        mbo_verklaring__praktijkverklaring__traject__deelnemer=deelnemer
    ).delete()


# How the inzage letter shows these sections (labels from the models' fields).
WEERGAVE = {
    "praktijkverklaringen": weergave(
        Praktijkverklaring, ["status"], labels={"werkprocessen": _("werkprocessen")}
    ),
    "examenresultaten": weergave(
        Examenresultaat,
        ["examenonderdeel", "datum", "resultaat"],
        labels={"mbo_certificaat": _("mbo-certificaat")},
    ),
    "register": weergave(
        Registratie,
        ["nummer", "verificatiecode", "houder_naam", "uitgegeven_op", "status"],
        titel=_("Issued verklaringen (register)"),
        labels={"instelling": Registratie._meta.get_field("instelling_naam").verbose_name},
    ),
}

HANDLER = PrivacyHandler(exporteer=exporteer, anonimiseer=anonimiseer, weergave=WEERGAVE)
