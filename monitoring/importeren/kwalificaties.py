"""kwalificaties.csv -> `Kwalificatie`/`Kerntaak`/`Werkproces` through
`kwalificaties.services.import_kwalificaties` (key crebo + werkproces_code)."""

from __future__ import annotations

from kwalificaties.services import COLUMNS as KWALIFICATIE_COLUMNS
from kwalificaties.services import OPTIONAL_COLUMNS as KWALIFICATIE_OPTIONAL
from kwalificaties.services import import_kwalificaties
from praktijkleren.importing import ImportFailed

from .bestanden import Bestand, lees
from .context import ImportContext


def importeer_kwalificaties(ctx: ImportContext, bestand: Bestand) -> None:
    """Import the kwalificatiestructuur; not in a single-pilot upload (national reference data)."""
    if ctx.only_pilot is not None:
        ctx.result.errors.append(
            f"{bestand.name}:1: -: the kwalificatiestructuur is national reference data; "
            "it cannot be imported for one pilot"
        )
        return
    rows, _errors = lees(bestand, KWALIFICATIE_COLUMNS, KWALIFICATIE_OPTIONAL)
    try:
        # A savepoint of its own: on errors it stores nothing, and the other files are
        # still checked so that every error is listed.
        done = import_kwalificaties(path=bestand.csv_path)
    except ImportFailed as exc:
        # import_kwalificaties names the file after the path: the CSV copy of an XLSX is
        # stored under the user's file name, so the messages name the user's file.
        ctx.result.errors.extend(exc.messages)
        return
    result = ctx.result
    result.tel("kwalificaties", "created", done.kwalificaties_created)
    result.tel("kwalificaties", "updated", done.kwalificaties_updated)
    result.tel(
        "kwalificaties",
        "unchanged",
        len({row["crebo"] for row in rows})
        - done.kwalificaties_created
        - done.kwalificaties_updated,
    )
    result.tel("werkprocessen", "created", done.werkprocessen_created)
    result.tel("werkprocessen", "updated", done.werkprocessen_updated)
    result.tel(
        "werkprocessen",
        "unchanged",
        len(rows) - done.werkprocessen_created - done.werkprocessen_updated,
    )
