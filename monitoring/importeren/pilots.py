"""pilots.csv -> `Pilot` (key `code`)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from pilots.constants import PilotSoort
from pilots.models import Pilot

from . import meldingen as m
from .bestanden import (
    PILOT_COLUMNS,
    PILOT_OPTIONAL,
    SLUG_RE,
    Bestand,
    controleer,
    datum,
    dubbel,
    geheel,
    lees,
)
from .context import ImportContext


def importeer_pilots(ctx: ImportContext, bestand: Bestand) -> None:
    """Create or update each row's pilot; in a single-pilot upload only that pilot's row."""
    rows, errors = lees(bestand, PILOT_COLUMNS, PILOT_OPTIONAL)
    controleer(rows, errors, "pilots", PILOT_COLUMNS)
    only = ctx.only_pilot
    seen: dict[Hashable, int] = {}
    for row in rows:
        before = len(errors.messages)
        code = row["code"]
        if code and not SLUG_RE.match(code):
            errors.add(row.line, "code", m.GEEN_SLUG, code=code)
        if code and only is not None and code != only.code:
            errors.add(row.line, "code", m.ANDERE_PILOT, code=code, pilot=only.code)
        if code:
            dubbel(seen, code, row, errors, "code")
        if row["soort"] and row["soort"] not in PilotSoort.values:
            errors.add(row.line, "soort", m.PILOT_SOORT, waarde=row["soort"])
        tranche = geheel(row, "tranche", errors, minimum=1)
        startdatum = datum(row, "startdatum", errors)
        streefaantal = geheel(row, "streefaantal", errors)
        if len(errors.messages) > before:
            continue
        fields: dict[str, Any] = {
            "naam": row["naam"],
            "soort": row["soort"],
            "tranche": tranche,
            "arbeidsmarktregio": row["arbeidsmarktregio"],
            "startdatum": startdatum,
            "streefaantal": streefaantal,
        }
        pilot = ctx.pilots.get(code)
        if pilot is None:
            pilot = ctx.pilots[code] = Pilot.objects.create(code=code, **fields)
            ctx.tel("pilots", "created", pilot)
        else:
            changed = ctx.update(
                pilot, fields, soort="pilots", bestand=bestand.name, row=row, naam=code
            )
            ctx.tel("pilots", "updated" if changed else "unchanged", pilot)
    ctx.fouten(errors)
