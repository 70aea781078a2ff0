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
from .opslag import Opslag

SOORTEN = frozenset(PilotSoort.values)


def importeer_pilots(ctx: ImportContext, bestand: Bestand) -> None:
    """Create or update each row's pilot; in a single-pilot upload only that pilot's row.
    Per batch: one query for the pilots it names, one INSERT, the UPDATEs of changed ones."""
    batches, errors = lees(bestand, PILOT_COLUMNS, PILOT_OPTIONAL)
    only = ctx.only_pilot
    seen: dict[Hashable, int] = {}
    opslag = Opslag(Pilot)
    for batch in batches:
        controleer(batch, errors, "pilots", PILOT_COLUMNS)
        ctx.zoek_pilots(row["code"] for row in batch)
        for row in batch:
            before = len(errors.messages)
            code = row["code"]
            if code and not SLUG_RE.match(code):
                errors.add(row.line, "code", m.GEEN_SLUG, code=code)
            if code and only is not None and code != only.code:
                errors.add(row.line, "code", m.ANDERE_PILOT, code=code, pilot=only.code)
            if code:
                dubbel(seen, code, row, errors, "code")
            if row["soort"] and row["soort"] not in SOORTEN:
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
                opslag.object(code=code, **fields)
            else:
                changed = ctx.update(
                    pilot, fields, soort="pilots", bestand=bestand.name, row=row, naam=code
                )
                opslag.wijzig(pilot, changed)
                ctx.tel("pilots", "updated" if changed else "unchanged", pilot)
        nieuw = opslag.nieuw
        opslag.bewaar()
        for pilot in nieuw:  # counted once they have a key
            ctx.pilots[pilot.code] = pilot
            ctx.tel("pilots", "created", pilot)
        ctx.benoem()
    ctx.fouten(errors)
