"""The monitor's definitions, implemented once: who is a participant, and who is active in a
period. The export, the dashboards, the start pages and the bi-monthly report all count through
this module (docs/monitoring.md; contract ../shared/formats/IMPORT_EXPORT.md, "Definitions").

- A **participant** (deelnemer in the figures) is someone who started a route: a `Deelnemer` with
  at least one started traject (status running, completed or stopped early, with a start date).
  Their **inschrijfdatum** is the start date of their first started traject, their **einddatum**
  the end date of their last one, empty while one of them still runs. A referral that never
  started is not a participant (the referral funnel counts it). An imported registration has one
  imported traject that starts on its `inschrijfdatum` and ends on its `einddatum`, so imported
  rows count from their own dates; a row imported with status `aangemeld` has a planned traject
  and has not started.
- A participant is **active in a period** when `inschrijfdatum <= the period's last day` and
  (`einddatum` is empty or `einddatum >= the period's first day`).

Periods are the two-month periods of the report (Jan-Feb, ..., Nov-Dec).
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    DateField,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.formats import date_format

from deelnemers.models import Deelnemer
from pilots.models import Pilot
from trajecten.constants import TrajectStatus
from trajecten.models import Traject

# A traject in one of these statuses has started.
GESTART = (TrajectStatus.LOPEND, TrajectStatus.AFGEROND, TrajectStatus.GESTOPT)


def gestarte_trajecten() -> QuerySet[Traject]:
    """Trajecten that started: running, completed or stopped early, with a start date."""
    return Traject.objects.filter(status__in=GESTART, startdatum__isnull=False)


def is_deelnemer_q(peildatum: date | None = None) -> Q:
    """The participant condition on `Deelnemer` (started a route, on or before the peildatum)."""
    trajecten = gestarte_trajecten().filter(deelnemer=OuterRef("pk"))
    if peildatum is not None:
        trajecten = trajecten.filter(startdatum__lte=peildatum)
    return Q(Exists(trajecten))


def deelnemers(
    *, pilot: Pilot | None = None, peildatum: date | None = None, data: bool = False
) -> QuerySet[Deelnemer]:
    """The participants (of one pilot or all), counted on the peildatum: those whose
    inschrijfdatum is on or before it. With `data=True` each carries `inschrijfdatum` and
    `einddatum` (annotations)."""
    qs = Deelnemer.objects.filter(is_deelnemer_q(peildatum)).order_by()
    if pilot is not None:
        qs = qs.filter(pilot=pilot)
    if not data:
        return qs
    eigen = gestarte_trajecten().filter(deelnemer=OuterRef("pk")).order_by().values("deelnemer")
    loopt = gestarte_trajecten().filter(deelnemer=OuterRef("pk"), status=TrajectStatus.LOPEND)
    return qs.annotate(
        inschrijfdatum=Subquery(eigen.annotate(m=Min("startdatum")).values("m")),
        einddatum=Case(
            When(
                Exists(loopt),
                then=Value(None, output_field=DateField()),
            ),
            default=Subquery(eigen.annotate(m=Max("einddatum")).values("m")),
            output_field=DateField(),
        ),
    )


# --- periods --------------------------------------------------------------------------------------


def periode_van(dag: date) -> tuple[date, date]:
    """The two-month period (Jan-Feb, Mar-Apr, ...) that contains `dag`."""
    eerste_maand = dag.month - (dag.month - 1) % 2
    laatste = eerste_maand + 1
    return date(dag.year, eerste_maand, 1), date(
        dag.year, laatste, calendar.monthrange(dag.year, laatste)[1]
    )


def periode_label(start: date, eind: date) -> str:
    """The period's key in exports, the API and the dashboards' data ("2026-01/02"): a machine
    format (docs/monitoring.md, the SBB export); people read `periode_naam`."""
    return f"{start:%Y-%m}/{eind:%m}"


# Between the months of a period: an en dash, as in "jan-feb 2026" set properly.
TOT = "\u2013"


def periode_naam(start: date, eind: date) -> str:
    """The period as people read it: "jan-feb 2026" with an en dash, in the active language
    ("mrt-apr 2026" in Dutch); a period across a year names both years."""
    eerste, laatste = date_format(start, "b"), date_format(eind, "b")
    if start.year != eind.year:
        return f"{eerste} {start.year}{TOT}{laatste} {eind.year}"
    if start.month == eind.month:
        return f"{eerste} {start.year}"
    return f"{eerste}{TOT}{laatste} {eind.year}"


def perioden(van: date, tot: date) -> list[tuple[str, date, date]]:
    """(label, first day, last day) of the periods from the one containing `van` up to the one
    containing `tot`."""
    result = []
    start, eind = periode_van(van)
    laatste = periode_van(tot)[0]
    while start <= laatste:
        result.append((periode_label(start, eind), start, eind))
        start, eind = periode_van(eind + timedelta(days=1))
    return result


@dataclass(frozen=True)
class ActiefInPeriode:
    periode: str
    start: date
    eind: date
    pilots: int
    deelnemers: int


def is_actief(inschrijfdatum: date, einddatum: date | None, start: date, eind: date) -> bool:
    """The definition of "active in a period" on one participant's dates."""
    return inschrijfdatum <= eind and (einddatum is None or einddatum >= start)


def _geheel_in_maanden(start: date, eind: date) -> bool:
    return start.day == 1 and (eind + timedelta(days=1)).day == 1


@dataclass(frozen=True)
class Looptijd:
    """One participant's dates (no personal data leaves the monitor: counts are made of it)."""

    pilot_id: int
    geboortedatum: date
    inschrijfdatum: date
    einddatum: date | None


def looptijden_query(*, pilot: Pilot | None, peildatum: date) -> QuerySet[Any, Any]:
    """One row per participant counted on the peildatum (grouped started trajecten):
    `deelnemer_id`, `deelnemer__pilot_id`, `deelnemer__geboortedatum`, `start` (the
    inschrijfdatum), `eind` (the last end date) and `loopt` (1 while a traject runs: no einddatum
    yet). For callers that aggregate further in the database (the national export)."""
    qs = gestarte_trajecten()
    if pilot is not None:
        qs = qs.filter(deelnemer__pilot=pilot)
    return (
        qs.order_by()
        .values("deelnemer_id", "deelnemer__pilot_id", "deelnemer__geboortedatum")
        .annotate(
            start=Min("startdatum"),
            eind=Max("einddatum"),
            loopt=Max(Case(When(status=TrajectStatus.LOPEND, then=1), default=0)),
        )
        .filter(start__lte=peildatum)
    )


def looptijden(*, pilot: Pilot | None, peildatum: date) -> list[Looptijd]:
    """Every participant counted on the peildatum with their inschrijfdatum and einddatum, in one
    aggregate query over their started trajecten."""
    rows = looptijden_query(pilot=pilot, peildatum=peildatum).values_list(
        "deelnemer_id", "deelnemer__pilot_id", "deelnemer__geboortedatum", "start", "eind", "loopt"
    )
    return [Looptijd(p, g, start, None if loopt else eind) for _d, p, g, start, eind, loopt in rows]


def actief_per_periode(
    *,
    pilot: Pilot | None,
    peildatum: date,
    periodes: list[tuple[str, date, date]] | None = None,
    rijen: list[Looptijd] | None = None,
) -> list[ActiefInPeriode]:
    """Participants active per period, and the number of pilots with any. Without `periodes`:
    every period from the earliest inschrijfdatum up to the one with the peildatum. `rijen`:
    the `looptijden` when the caller has them already (else one query)."""
    if rijen is None:
        rijen = looptijden(pilot=pilot, peildatum=peildatum)
    if periodes is None:
        starts = [r.inschrijfdatum for r in rijen]
        periodes = perioden(min(starts), peildatum) if starts else []
    # Grouped by pilot and start and end month: periods are whole months, so comparing the
    # first days of the months is exact.
    per_maand: Counter[tuple[int, date, date | None]] = Counter(
        (
            r.pilot_id,
            r.inschrijfdatum.replace(day=1),
            r.einddatum.replace(day=1) if r.einddatum else None,
        )
        for r in rijen
    )
    result = []
    for label, start, eind in periodes:
        if not _geheel_in_maanden(start, eind):
            raise ValueError(f"A period is whole months, not {start} - {eind}.")
        pilots, n = set(), 0
        for (pilot_id, eerste, laatste), aantal in per_maand.items():
            if is_actief(eerste, laatste, start, eind):
                pilots.add(pilot_id)
                n += aantal
        result.append(ActiefInPeriode(label, start, eind, len(pilots), n))
    return result


def actief(pilot: Pilot | None, start: date, eind: date, *, peildatum: date | None = None) -> int:
    """The number of participants active in the period (of one pilot, or of all), counted with
    what was registered on the peildatum (default: the period's last day)."""
    peil = min(eind, peildatum) if peildatum is not None else eind
    periode = [(periode_label(start, eind), start, eind)]
    return actief_per_periode(pilot=pilot, peildatum=peil, periodes=periode)[0].deelnemers


def actieve_deelnemers(
    pilot: Pilot | None, start: date, eind: date, *, peildatum: date | None = None
) -> QuerySet[Deelnemer]:
    """The participants active in the period, as a queryset (for breakdowns in the report);
    `count()` equals `actief(...)`."""
    peil = min(eind, peildatum) if peildatum is not None else eind
    return (
        deelnemers(pilot=pilot, peildatum=peil, data=True)
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=start))
        .order_by()
    )
