"""The browser import (ImportOpdracht): the preview of an upload, confirming it, running a
confirmed import (the Celery task `tasks.voer_import_uit`) and the sweeper. The import itself is
`importeer_praktijkloket`, all or nothing; this module keeps the uploaded files privately and
reports status and progress."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pilots.models import Pilot
from praktijkleren import outbox
from praktijkleren.importmeldingen import Melding, melding
from praktijkleren.models import User

from ..models import ImportOpdracht
from ..tasks import voer_import_uit
from .context import ImportResultaat
from .meldingen import ONVERWACHT
from .praktijkloket import importeer_praktijkloket
from .wijzigingen import zonder_waarden

logger = logging.getLogger(__name__)

Status = ImportOpdracht.Status


def _als_json(result: ImportResultaat) -> dict[str, Any]:
    counts = {
        kind: {what: int(c[what]) for what in ("created", "updated", "unchanged")}
        for kind, c in result.counts.items()
    }
    return {
        "counts": counts,
        # As the command line prints them, and with their parts for a translated page.
        "errors": [str(e) for e in result.errors],
        "warnings": [str(w) for w in result.warnings],
        "meldingen": {
            "errors": [Melding.uit(e).als_dict() for e in result.errors],
            "warnings": [Melding.uit(w).als_dict() for w in result.warnings],
        },
        "wijzigingen": result.wijzigingen,
    }


def _voorbeeld_zonder_waarden(voorbeeld: dict[str, Any] | None) -> dict[str, Any]:
    voorbeeld = dict(voorbeeld or {})
    if voorbeeld.get("wijzigingen"):
        voorbeeld["wijzigingen"] = zonder_waarden(voorbeeld["wijzigingen"])
    return voorbeeld


def meldingen(gegevens: dict[str, Any], soort: str) -> list[Melding]:
    """The errors or warnings of a preview or result, with their parts (an older one: parsed
    from the text)."""
    opgeslagen = gegevens.get("meldingen", {}).get(soort)
    if opgeslagen is None:
        opgeslagen = gegevens.get(soort, [])
    return [Melding.uit(m) for m in opgeslagen]


def _verwijder_bestanden(opdracht: ImportOpdracht) -> None:
    for pad in opdracht.bestanden.values():
        if default_storage.exists(pad):
            default_storage.delete(pad)
    opdracht.bestanden = {}


def maak_voorbeeld(
    *, actor: User | None, pilot: Pilot, bestanden: dict[str, bytes]
) -> ImportOpdracht:
    """Store the uploaded files privately (MEDIA_ROOT `imports/<id>/`, never served), check
    them with a dry run of the import for this pilot and keep what would change as the preview.
    With errors the files are removed at once: such an upload can never be confirmed."""
    opdracht = ImportOpdracht.objects.create(pilot=pilot, created_by=actor)
    result = importeer_praktijkloket(map=bestanden, actor=actor, pilot=pilot, dry_run=True)
    opdracht.voorbeeld = _als_json(result)
    if not result.errors:
        opdracht.bestanden = {
            naam: default_storage.save(f"imports/{opdracht.pk}/{naam}", ContentFile(data))
            for naam, data in bestanden.items()
        }
    opdracht.save(update_fields=["voorbeeld", "bestanden"])
    return opdracht


def kan_bevestigen(opdracht: ImportOpdracht) -> bool:
    return (
        opdracht.status == Status.VOORBEELD
        and bool(opdracht.bestanden)
        and not opdracht.voorbeeld.get("errors")
    )


def bevestig(*, actor: User | None, opdracht: ImportOpdracht) -> ImportOpdracht:
    """Confirm a previewed import without errors; the task runs it after the commit."""
    with transaction.atomic():
        opdracht = ImportOpdracht.objects.select_for_update().get(pk=opdracht.pk)
        if not kan_bevestigen(opdracht):
            raise ValidationError(
                _("This import cannot be confirmed (it has errors or was confirmed already).")
            )
        opdracht.status = Status.BEVESTIGD
        opdracht.voortgang = 0
        opdracht.save(update_fields=["status", "voortgang"])
        pk = opdracht.pk
        outbox.schrijf_taak(voer_import_uit, pk)
    return opdracht


def _voortgang(opdracht: ImportOpdracht, procent: int) -> None:
    # Committed at once (outside the import's transaction) so the page can show it.
    opdracht.voortgang = procent
    ImportOpdracht.objects.filter(pk=opdracht.pk).update(voortgang=procent)


def voer_uit(*, opdracht_id: int) -> str:
    """Run a confirmed import for real (all or nothing). Safe to run twice: only a confirmed
    import starts. Ends `klaar` with the counts, or `mislukt` with the errors (for example when
    the data changed since the preview); the uploaded files are removed either way."""
    with transaction.atomic():
        opdracht = (
            ImportOpdracht.objects.select_for_update(of=("self",))
            .select_related("pilot", "created_by")
            .filter(pk=opdracht_id)
            .first()
        )
        if opdracht is None or opdracht.status != Status.BEVESTIGD:
            return opdracht.status if opdracht else "missing"
        opdracht.status = Status.BEZIG
        opdracht.gestart_op = timezone.now()
        opdracht.voortgang = 0
        opdracht.save(update_fields=["status", "gestart_op", "voortgang"])

    result = ImportResultaat()
    try:
        bestanden: dict[str, bytes] = {}
        stappen = max(len(opdracht.bestanden), 1)
        for i, (naam, pad) in enumerate(sorted(opdracht.bestanden.items()), start=1):
            with default_storage.open(pad, "rb") as fh:
                bestanden[naam] = fh.read()
            _voortgang(opdracht, 20 * i // stappen)
        result = importeer_praktijkloket(
            map=bestanden, actor=opdracht.created_by, pilot=opdracht.pilot, dry_run=False
        )
    except Exception:  # a broken job must not stay "running" for ever
        logger.exception("Import %s failed", opdracht.pk)
        result.errors.append(melding("-", 0, "-", ONVERWACHT))
    result.wijzigingen = zonder_waarden(result.wijzigingen)
    opdracht.resultaat = _als_json(result)
    # The preview's values (names, dates of birth) are not kept once the import has run.
    opdracht.voorbeeld = _voorbeeld_zonder_waarden(opdracht.voorbeeld)
    opdracht.status = Status.MISLUKT if result.errors else Status.KLAAR
    opdracht.voortgang = 100
    opdracht.klaar_op = timezone.now()
    _verwijder_bestanden(opdracht)
    opdracht.save(
        update_fields=["resultaat", "voorbeeld", "status", "voortgang", "klaar_op", "bestanden"]
    )
    return opdracht.status


def telling(counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Rows kind / created / updated / unchanged for a table, in import order."""
    volgorde = {
        "pilots": 0,
        "kwalificaties": 1,
        "kerntaken": 2,
        "werkprocessen": 3,
        "organisaties": 4,
        "partners": 5,
        "deelnemers": 6,
        "trajecten": 7,
        "verklaringen": 8,
    }
    rijen = sorted(counts.items(), key=lambda kv: volgorde.get(kv[0], len(volgorde)))
    return [{"soort": kind, **c} for kind, c in rijen]


def ruim_op(*, nu: datetime | None = None) -> dict[str, int]:
    """Sweeper (every 15 minutes): a confirmed import still waiting after 10 minutes is queued
    again (a lost job); one "running" for over an hour had its worker die (the all-or-nothing
    transaction was rolled back) and is queued again; a preview never confirmed within a day
    loses its stored files and is closed."""
    nu = nu or timezone.now()
    opnieuw = 0

    def queue(pk: int) -> None:
        outbox.schrijf_taak(voer_import_uit, pk)

    for opdracht in ImportOpdracht.objects.filter(
        status=Status.BEVESTIGD, created_at__lt=nu - timedelta(minutes=10)
    ):
        queue(opdracht.pk)
        opnieuw += 1
    for opdracht in ImportOpdracht.objects.filter(
        status=Status.BEZIG, gestart_op__lt=nu - timedelta(hours=1)
    ):
        opdracht.status = Status.BEVESTIGD
        opdracht.save(update_fields=["status"])
        queue(opdracht.pk)
        opnieuw += 1
    gesloten = 0
    for opdracht in ImportOpdracht.objects.filter(
        status=Status.VOORBEELD, created_at__lt=nu - timedelta(days=1)
    ).exclude(bestanden={}):
        _verwijder_bestanden(opdracht)
        opdracht.voorbeeld = _voorbeeld_zonder_waarden(opdracht.voorbeeld)
        opdracht.save(update_fields=["bestanden", "voorbeeld"])
        gesloten += 1
    return {"opnieuw": opnieuw, "opgeruimd": gesloten}
