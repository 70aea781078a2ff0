"""Transactional outbox: every e-mail and follow-up task is a row (`OutboxBericht`) written in the
transaction of the change that causes it, and performed after commit, exactly once.

- `schrijf_email(...)` / `schrijf_taak(task, *args)` write the row and register a robust
  on-commit dispatch that hands only the row's id to the broker (`outbox_verstuur`). A broker
  outage is logged and the row stays pending: the user's request still succeeds.
- `verstuur(id)` (the task) locks the row, skips it when it is done or being done elsewhere,
  performs it (an e-mail is sent from the worker; a task is handed to its own Celery task, with
  its own queue and time limits) and marks it sent in the same transaction.
- `veeg()` (beat, every minute, and each worker start) offers what is still pending again.
- `ruim_op()` (daily) deletes sent rows after `BEWAARDAGEN` days: they hold e-mail content.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxBericht

logger = logging.getLogger(__name__)

# A pending row younger than this is left to its own on-commit dispatch.
WACHTTIJD = timedelta(seconds=10)
# A row offered to the broker is offered again only after this long (its message may be lost).
OPNIEUW_NA = timedelta(minutes=5)
# After this many failed attempts the sweeper stops; /health/ keeps showing the row's age.
MAX_POGINGEN = 10
# Sent rows (e-mail content is personal data) are deleted after this many days.
BEWAARDAGEN = 7
# Publishing must fail fast when the broker is down: the user is waiting for the response.
PUBLICEER_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def schrijf_email(*, subject: str, body: str, to: list[str], html: str | None = None) -> int:
    """Write an e-mail to the outbox in the current transaction; it is sent after commit."""
    bericht = OutboxBericht.objects.create(
        soort=OutboxBericht.Soort.EMAIL,
        argumenten={"subject": subject, "body": body, "to": list(to), "html": html},
    )
    _na_commit(bericht.pk)
    return bericht.pk


def schrijf_taak(task: Any, *args: Any) -> int:
    """Write a follow-up task (a Celery task or its dotted name, with JSON-serialisable
    positional arguments) to the outbox; it is queued after commit."""
    naam = task if isinstance(task, str) else task.name
    bericht = OutboxBericht.objects.create(
        soort=OutboxBericht.Soort.TAAK, taak=naam, argumenten={"args": list(args)}
    )
    _na_commit(bericht.pk)
    return bericht.pk


def _na_commit(bericht_id: int) -> None:
    transaction.on_commit(lambda: bied_aan(bericht_id), robust=True)


def bied_aan(bericht_id: int) -> bool:
    """Hand the row's id to the broker. False (logged, the row stays pending) when it is down."""
    from .tasks import outbox_verstuur

    try:
        outbox_verstuur.apply_async((bericht_id,), retry=True, retry_policy=PUBLICEER_RETRY)
    except Exception as exc:
        if _eager():
            raise  # in-process (no broker): the task itself failed; let the caller see it
        logger.warning(
            "outbox: broker unreachable, message %s stays pending (%s: %s)",
            bericht_id,
            type(exc).__name__,
            exc,
        )
        return False
    OutboxBericht.objects.filter(pk=bericht_id, verzonden_op__isnull=True).update(
        aangeboden_op=timezone.now()
    )
    return True


def _eager() -> bool:
    from .celery import app

    return bool(app.conf.task_always_eager)


def verstuur(bericht_id: int) -> bool:
    """Perform one outbox row, exactly once: True when this call performed it; False when it was
    done already, is being done by another worker right now, or no longer exists."""
    try:
        with transaction.atomic():
            bericht = (
                OutboxBericht.objects.select_for_update(skip_locked=True)
                .filter(pk=bericht_id, verzonden_op__isnull=True)
                .first()
            )
            if bericht is None:
                return False
            _voer_uit(bericht)
            bericht.verzonden_op = timezone.now()
            bericht.pogingen += 1
            bericht.laatste_fout = ""
            bericht.save(update_fields=["verzonden_op", "pogingen", "laatste_fout"])
            return True
    except Exception as exc:
        OutboxBericht.objects.filter(pk=bericht_id, verzonden_op__isnull=True).update(
            pogingen=F("pogingen") + 1, laatste_fout=f"{type(exc).__name__}: {exc}"[:1000]
        )
        raise


def _voer_uit(bericht: OutboxBericht) -> None:
    if bericht.soort == OutboxBericht.Soort.EMAIL:
        from .mail import deliver

        a = bericht.argumenten
        deliver(subject=a["subject"], body=a["body"], to=a["to"], html=a.get("html"))
        return
    # A task is queued on its own (its queue, time limits, retries); its message carries ids.
    _taak(bericht.taak).apply_async(tuple(bericht.argumenten.get("args", [])))


def _taak(naam: str) -> Any:
    from .celery import app

    try:
        return app.tasks[naam]
    except KeyError:
        from django.utils.module_loading import import_string

        return import_string(naam)


def veeg(*, alles: bool = False, nu: datetime | None = None) -> int:
    """Offer pending rows to the broker again, each once per sweep: those older than WACHTTIJD
    never offered, or offered more than OPNIEUW_NA ago (`alles`, at a worker's start: every
    pending row, since the broker may have lost its messages; a row whose own dispatch is in
    flight is then offered twice, which is harmless). Concurrent sweepers skip each
    other's rows; a second delivery of an id is harmless. Returns how many were offered."""
    nu = nu or timezone.now()
    wachtend = OutboxBericht.objects.filter(verzonden_op__isnull=True, pogingen__lt=MAX_POGINGEN)
    if not alles:
        wachtend = wachtend.filter(aangemaakt_op__lt=nu - WACHTTIJD)
        wachtend = wachtend.filter(aangeboden_op__isnull=True) | wachtend.filter(
            aangeboden_op__lt=nu - OPNIEUW_NA
        )
    n = 0
    with transaction.atomic():
        ids = list(
            wachtend.select_for_update(skip_locked=True)
            .order_by("aangemaakt_op")
            .values_list("pk", flat=True)[:500]
        )
        for pk in ids:
            try:
                aangeboden = bied_aan(pk)
            except Exception:  # in-process only: the row's own work failed, it stays pending
                logger.exception("outbox: message %s failed", pk)
                continue
            if not aangeboden:
                break  # the broker is down: the next sweep tries again
            n += 1
    if n:
        logger.info("outbox: offered %s pending message(s) again", n)
    return n


def ruim_op(*, nu: datetime | None = None) -> int:
    """Delete rows sent more than BEWAARDAGEN days ago (privacy: e-mail content)."""
    nu = nu or timezone.now()
    n, _ = OutboxBericht.objects.filter(verzonden_op__lt=nu - timedelta(days=BEWAARDAGEN)).delete()
    return n


def status(nu: datetime | None = None) -> dict[str, Any]:
    """For /health/: how many rows are pending and the age in seconds of the oldest."""
    nu = nu or timezone.now()
    wachtend = OutboxBericht.objects.filter(verzonden_op__isnull=True)
    oudste = wachtend.order_by("aangemaakt_op").values_list("aangemaakt_op", flat=True).first()
    return {
        "outbox_pending": wachtend.count(),
        "outbox_oldest_pending_seconds": int((nu - oudste).total_seconds()) if oudste else None,
    }
