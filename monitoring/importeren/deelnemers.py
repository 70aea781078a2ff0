"""deelnemers.csv -> `Deelnemer` (key pilot + `referentie` = deelnemer_id) and the participant's
imported `Traject` (their first traject, created when missing). The mbo-instelling and the
leerbedrijf of a row become partners of the row's pilot (opleider, leerbedrijf)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any

from deelnemers.constants import DeelnemerStatus, Geslacht
from deelnemers.models import Deelnemer
from pilots.constants import PartnerRol
from pilots.models import Pilot
from praktijkleren.importing import ImportErrors, Row
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
from .context import ImportContext, Orgachtig, per_pilot
from .opslag import Nieuw, Opslag

GESLACHTEN = frozenset(Geslacht.values)


@dataclass(slots=True)
class _Plan:
    """A checked row, to be written once the batch's organisations have keys."""

    row: Row
    pilot: Pilot
    instelling: Orgachtig
    leerbedrijf: Orgachtig | None
    geboortedatum: date | None
    inschrijfdatum: date | None
    einddatum: date | None
    status: str


def importeer_deelnemers(ctx: ImportContext, bestand: Bestand) -> None:
    """Create or update each row's participant and traject. A row in error is remembered in
    `ctx.afgekeurd`, so that its verklaringen say why they cannot be imported. Per batch: a
    query each for its pilots, leerbedrijven, partnerships, participants and trajecten, and an
    INSERT each for what is new."""
    batches, errors = lees(bestand, DEELNEMER_COLUMNS, DEELNEMER_OPTIONAL)
    seen: dict[Hashable, int] = {}
    for batch in batches:
        controleer(batch, errors, "deelnemers", DEELNEMER_COLUMNS)
        ctx.zoek_pilots(row["pilot"] for row in batch)
        ctx.zoek_leerbedrijven(row["leerbedrijf_id"] for row in batch)
        plannen = [p for row in batch if (p := _controleer(ctx, row, errors, seen))]
        ctx.bewaar()  # the organisations and partnerships first: the rows refer to them
        _schrijf(ctx, bestand, plannen)
        ctx.benoem()
    ctx.fouten(errors)


def _controleer(
    ctx: ImportContext, row: Row, errors: ImportErrors, seen: dict[Hashable, int]
) -> _Plan | None:
    """The row checked, with its organisations (added when unknown) and partnerships; None
    (and the row remembered in `ctx.afgekeurd`) when it has errors."""
    before = len(errors.messages)
    pilot = ctx.pilot_van(row, errors)
    if pilot is not None and row["deelnemer_id"]:
        dubbel(seen, (pilot.pk, row["deelnemer_id"]), row, errors, "deelnemer_id")
    geboortedatum = datum(row, "geboortedatum", errors)
    inschrijfdatum = datum(row, "inschrijfdatum", errors)
    einddatum = datum(row, "einddatum", errors)
    if row["geslacht"] and row["geslacht"] not in GESLACHTEN:
        errors.add(row.line, "geslacht", m.GESLACHT, waarde=row["geslacht"])
    if row["status"] and row["status"] not in STATUSSEN:
        errors.add(row.line, "status", m.STATUS, waarde=row["status"])
    if einddatum and inschrijfdatum and einddatum < inschrijfdatum:
        errors.add(row.line, "einddatum", m.EIND_VOOR_START)
    if len(errors.messages) > before:
        ctx.afgekeurd.add((row["pilot"], row["deelnemer_id"]))
        return None
    leerbedrijf = ctx.leerbedrijf(row, errors)
    if leerbedrijf is False or pilot is None:
        ctx.afgekeurd.add((row["pilot"], row["deelnemer_id"]))
        return None
    instelling = ctx.instelling(row["mbo_instelling"])
    # Named in the pilot's registrations: a partner, so new trajecten can be agreed with it.
    ctx.partner(pilot, instelling, PartnerRol.OPLEIDER)
    if leerbedrijf:
        ctx.partner(pilot, leerbedrijf, PartnerRol.LEERBEDRIJF)
    status = STATUSSEN.get(row["status"]) or (
        DeelnemerStatus.AFGEROND if einddatum else DeelnemerStatus.IN_TRAJECT
    )
    return _Plan(
        row, pilot, instelling, leerbedrijf, geboortedatum, inschrijfdatum, einddatum, status
    )


def _schrijf(ctx: ImportContext, bestand: Bestand, plannen: list[_Plan]) -> None:
    """Create or update the batch's participants and their trajecten."""
    if not plannen:
        return
    bestaand: dict[tuple[int, str], Deelnemer] = {}
    for d in Deelnemer.objects.filter(
        per_pilot((p.pilot.pk, p.row["deelnemer_id"]) for p in plannen)
    ).order_by():
        bestaand[(d.pilot_id, d.referentie)] = d
    trajecten: dict[int, Traject] = {}
    for t in Traject.objects.filter(deelnemer__in=[d.pk for d in bestaand.values()]).order_by(
        "-pk"
    ):
        trajecten[t.deelnemer_id] = t  # the first (lowest pk) traject wins
    deelnemer_opslag, traject_opslag = Opslag(Deelnemer), Opslag(Traject)
    for p in plannen:
        row, pilot = p.row, p.pilot
        fields: dict[str, Any] = {
            "voornaam": row["voornaam"],
            "achternaam": row["achternaam"],
            "geboortedatum": p.geboortedatum,
            "geslacht": row["geslacht"],
            "aangemeld_op": p.inschrijfdatum,
            "mbo_instelling_id": p.instelling.pk,
            "status": p.status,
        }
        deelnemer: Deelnemer | Nieuw
        bestaande = bestaand.get((pilot.pk, row["deelnemer_id"]))
        if bestaande is None:
            deelnemer = deelnemer_opslag.maak(
                pilot_id=pilot.pk, referentie=row["deelnemer_id"], **fields
            )
            ctx.tel("deelnemers", "created", pilot)
        else:
            deelnemer = bestaande
            naam = row["deelnemer_id"]
            changed = ctx.update(
                deelnemer, fields, soort="deelnemers", bestand=bestand.name, row=row, naam=naam
            )
            deelnemer_opslag.wijzig(deelnemer, changed)
            ctx.tel("deelnemers", "updated" if changed else "unchanged", pilot)
        if p.einddatum:
            traject_status = (
                TrajectStatus.GESTOPT if p.status == DeelnemerStatus.GESTOPT
                else TrajectStatus.AFGEROND
            )  # fmt: skip
        elif p.status == DeelnemerStatus.AANGEMELD:
            traject_status = TrajectStatus.GEPLAND
        else:
            traject_status = TrajectStatus.LOPEND
        t_fields: dict[str, Any] = {
            "leerbedrijf_id": p.leerbedrijf.pk if p.leerbedrijf else None,
            "mbo_instelling_id": p.instelling.pk,
            "startdatum": p.inschrijfdatum,
            "einddatum": p.einddatum,
            "status": traject_status,
        }
        traject = trajecten.get(deelnemer.pk) if deelnemer.pk is not None else None
        if traject is None:
            # The participant may be new too: its key is taken when the batch is written.
            traject_opslag.maak(deelnemer_id=deelnemer, **t_fields)
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
            traject_opslag.wijzig(traject, changed)
            ctx.tel("trajecten", "updated" if changed else "unchanged", pilot)
    # In this order: a new traject refers to its new participant.
    nieuw = deelnemer_opslag.rijen
    deelnemer_opslag.bewaar()
    traject_opslag.bewaar()
    ctx.nieuwe_deelnemers.update(d.pk for d in nieuw if d.pk is not None)
