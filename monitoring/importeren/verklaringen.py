"""verklaringen.csv -> `verklaringen.Registratie` with herkomst `extern`: each row a
praktijkverklaring issued outside the product, registered without PDF or seal. Its leerbedrijf
becomes a partner (leerbedrijf) of the pilot."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from deelnemers.models import Deelnemer
from kwalificaties.models import Werkproces
from pilots.constants import PartnerRol
from verklaringen.constants import Herkomst, RegistratieStatus
from verklaringen.models import Registratie
from verklaringen.services import nieuwe_verificatiecode, werkproces_zoals_gedrukt

from . import meldingen as m
from .bestanden import (
    VERKLARING_COLUMNS,
    VERKLARING_OPTIONAL,
    Bestand,
    controleer,
    datum,
    dubbel,
    geheel,
    lees,
)
from .context import ImportContext


def importeer_verklaringen(ctx: ImportContext, bestand: Bestand) -> None:
    """verklaringen.csv -> `Registratie` with herkomst `extern` (key: participant + volgnummer);
    the werkprocessen as printed on product-issued ones."""
    rows, errors = lees(bestand, VERKLARING_COLUMNS, VERKLARING_OPTIONAL)
    controleer(rows, errors, "verklaringen", VERKLARING_COLUMNS)
    deelnemers = {
        (d.pilot_id, d.referentie): d
        for d in Deelnemer.objects.filter(pilot_id__in=[p.pk for p in ctx.pilots.values()])
        .exclude(referentie="")
        .select_related("mbo_instelling")
    }
    werkprocessen = {
        (w.kwalificatie.crebo, w.code): werkproces_zoals_gedrukt(w)
        for w in Werkproces.objects.select_related("kwalificatie", "kerntaak")
    }
    bestaand = {
        (r.deelnemer_id, r.volgnummer): r
        for r in Registratie.objects.filter(herkomst=Herkomst.EXTERN, deelnemer__isnull=False)
    }
    seen: dict[Hashable, int] = {}
    for row in rows:
        before = len(errors.messages)
        pilot = ctx.pilot_van(row, errors)
        deelnemer = None
        if pilot is not None and row["deelnemer_id"]:
            deelnemer = deelnemers.get((pilot.pk, row["deelnemer_id"]))
            if deelnemer is None and (pilot.code, row["deelnemer_id"]) in ctx.afgekeurd:
                errors.add(row.line, "deelnemer_id", m.DEELNEMER_AFGEKEURD)
            elif deelnemer is None:
                errors.add(
                    row.line,
                    "deelnemer_id",
                    m.ONBEKENDE_DEELNEMER,
                    id=row["deelnemer_id"],
                    pilot=pilot.code,
                )
            elif deelnemer.mbo_instelling is None:
                errors.add(row.line, "deelnemer_id", m.GEEN_INSTELLING)
        volgnummer = geheel(row, "volgnummer", errors, minimum=1)
        if pilot is not None and row["deelnemer_id"] and volgnummer is not None:
            key = (pilot.pk, row["deelnemer_id"], volgnummer)
            dubbel(seen, key, row, errors, "volgnummer")
        afgifte = datum(row, "datum_afgifte", errors)
        lijst = []
        for item in (i.strip() for i in row["werkprocessen"].split(";")):
            if not item:
                continue
            crebo, _sep, code = item.partition(":")
            wp = werkprocessen.get((crebo.strip(), code.strip()))
            if wp is None:
                errors.add(row.line, "werkprocessen", m.ONBEKEND_WERKPROCES, item=item)
            else:
                lijst.append(wp)
        if row["werkprocessen"] and not lijst and len(errors.messages) == before:
            errors.add(row.line, "werkprocessen", m.GEEN_WERKPROCES)
        if len(errors.messages) > before:
            continue
        leerbedrijf = ctx.leerbedrijf(row, errors)
        if leerbedrijf is False or deelnemer is None or pilot is None:
            continue
        instelling = deelnemer.mbo_instelling
        assert instelling is not None
        if leerbedrijf:
            ctx.partner(pilot, leerbedrijf, PartnerRol.LEERBEDRIJF)
        fields: dict[str, Any] = {
            "pilot_id": pilot.pk,
            "instelling_id": instelling.pk,
            "instelling_naam": instelling.naam,
            "uitgegeven_op": afgifte,
            "houder_naam": f"{deelnemer.voornaam} {deelnemer.achternaam}",
            "werkprocessen": lijst,
            "leerbedrijf_id": leerbedrijf.pk if leerbedrijf else None,
            "brancheorganisaties": [
                b.strip() for b in row["brancheorganisaties"].split(";") if b.strip()
            ],
            "status": RegistratieStatus.GELDIG,
        }
        registratie = bestaand.get((deelnemer.pk, volgnummer))
        if registratie is None:
            code = nieuwe_verificatiecode()
            bestaand[(deelnemer.pk, volgnummer)] = Registratie.objects.create(
                nummer=f"EXT-{code}",
                verificatiecode=code,
                herkomst=Herkomst.EXTERN,
                deelnemer=deelnemer,
                volgnummer=volgnummer,
                **fields,
            )
            ctx.tel("verklaringen", "created", pilot)
        else:
            changed = ctx.update(
                registratie,
                fields,
                soort="verklaringen",
                bestand=bestand.name,
                row=row,
                naam=f"{row['deelnemer_id']} #{volgnummer}",
            )
            what = "updated" if changed else "unchanged"
            ctx.tel("verklaringen", what, pilot)
    ctx.fouten(errors)
