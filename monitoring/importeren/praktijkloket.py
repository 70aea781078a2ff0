"""The import of existing registrations (`import_praktijkloket`), all or nothing: the files in
the order pilots, kwalificaties, deelnemers, verklaringen, each through its importer with the
run's `ImportContext`, in one transaction that is rolled back on any error or a dry run."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from django.db import transaction

from pilots.models import Pilot
from praktijkleren.importing import ImportFailed
from praktijkleren.models import User

from .bestanden import Bestand, Upload, bestanden
from .context import ImportContext, ImportResultaat
from .deelnemers import importeer_deelnemers
from .kwalificaties import importeer_kwalificaties
from .pilots import importeer_pilots
from .verklaringen import importeer_verklaringen

# In this order: a later file refers to what an earlier one created.
IMPORTEURS: tuple[tuple[str, Callable[[ImportContext, Bestand], None]], ...] = (
    ("pilots", importeer_pilots),
    ("kwalificaties", importeer_kwalificaties),
    ("deelnemers", importeer_deelnemers),
    ("verklaringen", importeer_verklaringen),
)


def importeer_praktijkloket(
    *,
    map: Path | str | Mapping[str, bytes | Upload],
    actor: User | None = None,
    pilot: Pilot | None = None,
    dry_run: bool = False,
) -> ImportResultaat:
    """Import pilots, kwalificaties, deelnemers and verklaringen (CSV or XLSX), all or nothing.

    `map` is a folder or a mapping of file name -> content (uploaded files). With `pilot`, every
    row must belong to that pilot (a projectleider's own upload). With `dry_run`, everything is
    validated and written inside a transaction that is rolled back: the result tells what would
    change. On errors nothing is stored and `errors` lists them all."""
    result = ImportResultaat(dry_run=dry_run)
    with bestanden(map, result.errors) as files:
        if result.errors:
            return result
        if not files:
            result.errors.append(
                "-:0: -: none of pilots, kwalificaties, deelnemers, verklaringen (.csv or .xlsx)"
            )
            return result
        try:
            with transaction.atomic():
                ctx = ImportContext.laad(result=result, actor=actor, pilot=pilot)
                _importeer(ctx, files)
                if result.errors or dry_run:
                    transaction.set_rollback(True)
        except ImportFailed as exc:  # pragma: no cover - defensive, errors are collected
            result.errors.extend(exc.messages)
    return result


def _importeer(ctx: ImportContext, files: dict[str, Bestand]) -> None:
    for kind, importeer in IMPORTEURS:
        if kind in files:
            importeer(ctx, files[kind])
    if not ctx.result.errors:
        ctx.record_audit()
