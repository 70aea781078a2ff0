"""Versions of data kept in the cache (the monitor's figures, the matching lists).

A reader builds its cache key with the current version (`huidige`); any change to the records
the data rests on makes a new version (`vernieuw`, connected to the models' signals by the app
that keeps the data): at once, and again after the transaction commits (once per transaction), so
a computation that read the old data is never kept under the new version. A change no signal
sees is covered by the time the kept data live. When the cache (Redis) is down nothing is kept:
`huidige` raises and the caller computes without the cache; `vernieuw` only logs."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


class DataVersie:
    def __init__(self, sleutel: str, wat: str) -> None:
        self.sleutel = sleutel
        self.wat = wat  # what is kept, for the log
        # One bound method, so a transaction registers it once (`vernieuw`).
        self.na_commit = self._nieuw

    def huidige(self) -> str:
        versie = cache.get(self.sleutel)
        if versie is None:
            cache.add(self.sleutel, uuid.uuid4().hex, None)
            versie = cache.get(self.sleutel) or "0"
        return str(versie)

    def _nieuw(self) -> None:
        try:
            cache.set(self.sleutel, uuid.uuid4().hex, None)
        except Exception:  # the cache (Redis) is down: nothing kept to make stale
            logger.warning("Cache unavailable: %s not marked out of date", self.wat)

    def vernieuw(self, **_kwargs: Any) -> None:
        """The kept data are out of date: the next reader computes them again."""
        self._nieuw()
        connection = transaction.get_connection()
        if connection.in_atomic_block and any(
            func is self.na_commit for _sids, func, _robust in connection.run_on_commit
        ):
            return
        transaction.on_commit(self.na_commit)
