"""The import of existing registrations (`import_praktijkloket`), all or nothing: the files in
the order pilots, kwalificaties, deelnemers, verklaringen, each through its importer with the
run's `ImportContext`, in one transaction that is rolled back on any error or a dry run. Each
file is read and written in batches (`bestanden.batch_grootte`), so memory stays constant and
the number of queries grows with the batches, not the rows."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path

from django.db import IntegrityError, connection, transaction

from pilots.models import Pilot
from praktijkleren.importing import ImportFailed
from praktijkleren.importmeldingen import melding
from praktijkleren.models import User

from ..cijfers import vernieuw
from . import meldingen as m
from .bestanden import Bestand, Upload, bestanden
from .context import ImportContext, ImportResultaat
from .deelnemers import importeer_deelnemers
from .kwalificaties import importeer_kwalificaties
from .pilots import importeer_pilots
from .verklaringen import importeer_verklaringen

logger = logging.getLogger(__name__)
# pg_advisory_xact_lock key of the import (any fixed number no other code uses).
LOCK_KEY = 7_356_812_001

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
            result.errors.append(melding("-", 0, "-", m.GEEN_BESTANDEN))
            return result
        try:
            with transaction.atomic():
                _een_tegelijk()
                ctx = ImportContext.laad(result=result, actor=actor, pilot=pilot)
                _importeer(ctx, files)
                _plannen_weer_vrij()
                if result.errors or dry_run:
                    transaction.set_rollback(True)
        except ImportFailed as exc:  # pragma: no cover - defensive, errors are collected
            result.errors.extend(exc.messages)
        except IntegrityError:
            # Someone else stored one of the same records meanwhile (outside an import, or on a
            # database without the lock below): nothing was stored, the user may try again.
            logger.warning(
                "Import rolled back: a record was stored at the same time", exc_info=True
            )
            result.counts.clear()
            result.errors.append(melding("-", 0, "-", m.TEGELIJK))
    return result


def _een_tegelijk() -> None:
    """One import at a time (also a dry run: it writes too, then rolls back): a second one
    waits until the first has committed, then sees what it stored. The lock ends with the
    transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            # Every batch looks its records up by key, in tables this transaction is filling:
            # their statistics stay those from before it (a few rows), so the planner would
            # read a whole table for each batch, ever longer. Index scans keep a batch's
            # lookups as cheap at the end as at the start. Until the transaction ends.
            cursor.execute("SET LOCAL enable_seqscan = off")


def _plannen_weer_vrij() -> None:
    """Whatever transaction the import ran in goes on with the planner's usual choices."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")


def _importeer(ctx: ImportContext, files: dict[str, Bestand]) -> None:
    for kind, importeer in IMPORTEURS:
        if kind in files:
            importeer(ctx, files[kind])
    if not ctx.result.errors:
        ctx.record_audit()
    if ctx.result.changed:
        # The records were written in bulk, which sends no post_save: mark the monitor figures
        # out of date once, as the first save would have.
        vernieuw()
