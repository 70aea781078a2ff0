"""Read operations on agreements."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from ondertekening.models import Ondertekening
from pilots import roles
from pilots.roles import Cap

from .constants import OvereenkomstSoort, VersieStatus
from .inhoud import financiering_label, nodige_soorten
from .models import Overeenkomst


def overeenkomsten_van(traject: Any) -> list[Overeenkomst]:
    """The traject's agreements, each with its versions and their signatures prefetched."""
    volgorde = list(OvereenkomstSoort.values)  # OOK, POK, PLOK: the order of the process
    overeenkomsten = Overeenkomst.objects.filter(traject=traject).prefetch_related(
        Prefetch("versies__ondertekeningen", queryset=Ondertekening.objects.order_by("pk"))
    )
    return sorted(overeenkomsten, key=lambda o: volgorde.index(o.soort))


def ook_en_pok_ondertekend(
    traject: Any, overeenkomsten: list[Overeenkomst] | None = None
) -> list[str]:
    """The agreements (OOK, POK) that still lack a complete set of signatures; empty when the
    traject may start. Pass the traject's agreements when they are loaded already."""
    if overeenkomsten is None:
        overeenkomsten = overeenkomsten_van(traject)
    huidige = {o.soort: o.huidige_versie for o in overeenkomsten}
    return [
        OvereenkomstSoort(soort).name
        for soort in (OvereenkomstSoort.OOK, OvereenkomstSoort.POK)
        if huidige.get(soort) is None or huidige[soort].status != VersieStatus.ONDERTEKEND  # type: ignore[union-attr]
    ]


def traject_context(traject: Any, user: Any) -> dict[str, Any]:
    """Context for templates/overeenkomsten/_traject_overeenkomsten.html on the traject page."""
    from .services import valideer_voor_ondertekening

    overeenkomsten = overeenkomsten_van(traject)
    nodig = nodige_soorten(traject)
    can_change = roles.has_cap(user, Cap.DEELNEMER_CHANGE, traject.deelnemer.pilot_id)
    rows: list[dict[str, Any]] = []
    for o in overeenkomsten:
        versie = o.huidige_versie
        ondertekeningen = list(versie.ondertekeningen.all()) if versie else []
        rows.append(
            {
                "overeenkomst": o,
                "versie": versie,
                "getekend": sum(1 for x in ondertekeningen if x.getekend_op),
                "partijen": len(ondertekeningen) or len(versie.inhoud["partijen"]) if versie else 0,
            }
        )
    concept = any(r["versie"] and r["versie"].status == VersieStatus.CONCEPT for r in rows)
    return {
        "overeenkomst_rows": rows,
        "overeenkomsten_can_change": can_change,
        "overeenkomsten_compleet": set(nodig) <= {o.soort for o in overeenkomsten},
        "nodige_overeenkomsten": [OvereenkomstSoort(soort).name for soort in nodig],
        "financiering_label": financiering_label(traject.financieringsbron),
        "overeenkomsten_concept": concept,
        "verstuur_fouten": valideer_voor_ondertekening(traject)
        if can_change and concept and overeenkomsten
        else [],
        "nog_te_tekenen": ook_en_pok_ondertekend(traject, overeenkomsten)
        if overeenkomsten
        else ["OOK", "POK"],
    }


def geblokkeerd_door_erkenning(qs: Any) -> Any:
    """The agreement versions of `qs` out for signing whose signing stops on a recognition,
    in SQL (one query however many rows): the rule of `Traject.erkenning_blokkades` (for every
    crebo of the agreed werkprocessen, the leerbedrijf recognised by SBB and the mbo-instelling
    by DUO for the derde leerweg; no leerbedrijf or mbo-instelling is blocking too)."""
    from django.db.models import Exists, OuterRef, Q

    from erkenningen.constants import ErkenningSoort, ErkenningStatus
    from erkenningen.models import Erkenning
    from trajecten.models import TrajectWerkproces

    def erkend(soort: str, organisatie: str) -> Exists:
        return Exists(
            Erkenning.objects.filter(
                organisatie_id=OuterRef(organisatie),
                kwalificatie_id=OuterRef("werkproces__kwalificatie_id"),
                soort=soort,
                status=ErkenningStatus.ERKEND,
            )
        )

    niet_erkend = TrajectWerkproces.objects.filter(
        traject_id=OuterRef("overeenkomst__traject_id")
    ).filter(
        ~erkend(ErkenningSoort.LEERBEDRIJF, "traject__leerbedrijf_id")
        | ~erkend(ErkenningSoort.DERDE_LEERWEG, "traject__mbo_instelling_id")
    )
    return qs.filter(status=VersieStatus.TER_ONDERTEKENING).filter(
        Q(overeenkomst__traject__leerbedrijf__isnull=True)
        | Q(overeenkomst__traject__mbo_instelling__isnull=True)
        | Exists(niet_erkend)
    )
