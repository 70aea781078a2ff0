"""The monitor export computed once, not per request (issue 16, item 1).

Every reader of the figures (the pilot and national dashboards, the monitor report and its PDF,
the export download, the command and the API) goes through `monitoring.export.monitor_export`,
which keeps its result in the cache (Redis in production, shared by every web and worker
process) per peildatum, pilot and variant. The key carries a version that changes whenever a
record the figures count is saved or deleted (`vernieuw`, connected in `apps.py`): at once, and
again after the transaction commits (once per transaction), so a computation that read the old
data never serves the new version. A change the signals cannot see (a raw SQL update) is covered
by the time limit. The dashboards' own counts (the referral funnel, trajecten per status) are
kept the same way (`onthouden`), so a dashboard read twice reads no national table the second
time. When the cache is down the figures are computed for every request and every
save goes on: the cache is an optimisation, never a condition.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.cache import cache

from praktijkleren.versies import DataVersie

logger = logging.getLogger(__name__)

VERSIE = "monitoring:cijfers:versie"
# At most this stale for a change no signal saw (seconds).
GELDIG = 10 * 60
CIJFERS = DataVersie(VERSIE, "monitor figures")
_versie = CIJFERS.huidige
_na_commit = CIJFERS.na_commit
# The figures are out of date: the next reader computes them again.
vernieuw = CIJFERS.vernieuw


def onthouden[T](sleutel: str, maak: Callable[[], T]) -> T:
    """`maak`'s result kept in the cache under `sleutel` for the current version of the data,
    or made (and kept). Keep only values that do not depend on the reader's language or role:
    counts, not labels."""
    try:
        volledig = f"monitoring:{_versie()}:{sleutel}"
        data = cache.get(volledig)
    except Exception:
        logger.warning("Cache unavailable: monitor figures computed without it")
        return maak()
    if data is None:
        data = maak()
        try:
            cache.set(volledig, data, GELDIG)
        except Exception:
            logger.warning("Cache unavailable: monitor figures not kept")
    return data


def bewaard(
    *, peildatum: date, pilot_id: int | None, aanvullend: bool, maak: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """The export from the cache, or made by `maak` and kept."""
    wie = pilot_id if pilot_id is not None else "nl"
    return onthouden(f"export:{peildatum.isoformat()}:{wie}:{int(aanvullend)}", maak)
