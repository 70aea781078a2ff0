"""deelnemers.csv -> `Deelnemer` (key pilot + `referentie` = deelnemer_id) and the participant's
imported `Traject` (their first traject, created when missing). The mbo-instelling and the
leerbedrijf of a row become partners of the row's pilot (opleider, leerbedrijf)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from deelnemers.constants import DeelnemerStatus, Geslacht
from deelnemers.models import Deelnemer
from pilots.constants import PartnerRol
from trajecten.constants import TrajectStatus
from trajecten.models import Traject

from . import meldingen as m
from .bestanden import (
    DEELNEMER_COLUMNS,
    DEELNEMER_OPTIONAL,
    STATUSSEN,
    Bestand,
    controleer,
    datum,
    dubbel,
    lees,
)
from .context import ImportContext


def importeer_deelnemers(ctx: ImportContext, bestand: Bestand) -> None:
    """Create or update each row's participant and traject. A row in error is remembered in
    `ctx.afgekeurd`, so that its verklaringen say why they cannot be imported."""
    rows, errors = lees(bestand, DEELNEMER_COLUMNS, DEELNEMER_OPTIONAL)
    controleer(rows, errors, "deelnemers", DEELNEMER_COLUMNS)
    pilot_ids = {p.pk for p in ctx.pilots.values()}
    bestaand = {
        (d.pilot_id, d.referentie): d
        for d in Deelnemer.objects.filter(pilot_id__in=pilot_ids).exclude(referentie="")
    }
    trajecten: dict[int, Traject] = {}
    for t in Traject.objects.filter(deelnemer__in=[d.pk for d in bestaand.values()]).order_by(
        "-pk"
    ):
        trajecten[t.deelnemer_id] = t  # the first (lowest pk) traject wins
    seen: dict[Hashable, int] = {}
    for row in rows:
        before = len(errors.messages)
        pilot = ctx.pilot_van(row, errors)
        if pilot is not None and row["deelnemer_id"]:
            dubbel(seen, (pilot.pk, row["deelnemer_id"]), row, errors, "deelnemer_id")
        geboortedatum = datum(row, "geboortedatum", errors)
        inschrijfdatum = datum(row, "inschrijfdatum", errors)
        einddatum = datum(row, "einddatum", errors)
        if row["geslacht"] and row["geslacht"] not in Geslacht.values:
            errors.add(row.line, "geslacht", m.GESLACHT, waarde=row["geslacht"])
        if row["status"] and row["status"] not in STATUSSEN:
            errors.add(row.line, "status", m.STATUS, waarde=row["status"])
        if einddatum and inschrijfdatum and einddatum < inschrijfdatum:
            errors.add(row.line, "einddatum", m.EIND_VOOR_START)
        if len(errors.messages) > before:
            ctx.afgekeurd.add((row["pilot"], row["deelnemer_id"]))
            continue
        leerbedrijf = ctx.leerbedrijf(row, errors)
        if leerbedrijf is False or pilot is None:
            ctx.afgekeurd.add((row["pilot"], row["deelnemer_id"]))
            continue
        instelling = ctx.instelling(row["mbo_instelling"])
        # Named in the pilot's registrations: a partner, so new trajecten can be agreed with it.
        ctx.partner(pilot, instelling, PartnerRol.OPLEIDER)
        if leerbedrijf:
            ctx.partner(pilot, leerbedrijf, PartnerRol.LEERBEDRIJF)
        status = STATUSSEN.get(row["status"]) or (
            DeelnemerStatus.AFGEROND if einddatum else DeelnemerStatus.IN_TRAJECT
        )
        fields: dict[str, Any] = {
            "voornaam": row["voornaam"],
            "achternaam": row["achternaam"],
            "geboortedatum": geboortedatum,
            "geslacht": row["geslacht"],
            "aangemeld_op": inschrijfdatum,
            "mbo_instelling_id": instelling.pk,
            "status": status,
        }
        key = (pilot.pk, row["deelnemer_id"])
        deelnemer = bestaand.get(key)
        if deelnemer is None:
            deelnemer = bestaand[key] = Deelnemer.objects.create(
                pilot=pilot, referentie=row["deelnemer_id"], **fields
            )
            ctx.tel("deelnemers", "created", pilot)
        else:
            naam = row["deelnemer_id"]
            changed = ctx.update(
                deelnemer, fields, soort="deelnemers", bestand=bestand.name, row=row, naam=naam
            )
            what = "updated" if changed else "unchanged"
            ctx.tel("deelnemers", what, pilot)
        if einddatum:
            traject_status = (
                TrajectStatus.GESTOPT if status == DeelnemerStatus.GESTOPT
                else TrajectStatus.AFGEROND
            )  # fmt: skip
        elif status == DeelnemerStatus.AANGEMELD:
            traject_status = TrajectStatus.GEPLAND
        else:
            traject_status = TrajectStatus.LOPEND
        t_fields: dict[str, Any] = {
            "leerbedrijf_id": leerbedrijf.pk if leerbedrijf else None,
            "mbo_instelling_id": instelling.pk,
            "startdatum": inschrijfdatum,
            "einddatum": einddatum,
            "status": traject_status,
        }
        traject = trajecten.get(deelnemer.pk)
        if traject is None:
            trajecten[deelnemer.pk] = Traject.objects.create(deelnemer=deelnemer, **t_fields)
            ctx.tel("trajecten", "created", pilot)
        else:
            changed = ctx.update(
                traject,
                t_fields,
                soort="trajecten",
                bestand=bestand.name,
                row=row,
                naam=row["deelnemer_id"],
            )
            what = "updated" if changed else "unchanged"
            ctx.tel("trajecten", what, pilot)
    ctx.fouten(errors)
