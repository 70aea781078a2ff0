"""The monitoring dashboards, per pilot and national: counts only, computed in SQL.

The figures reuse what exists: participants active per period and verklaringen by niveau and
domein come from the national export (`monitor_export`, the contract SBB reads), the pilot's
referral funnel from `selectors.referral_funnel`. Trajecten by status and outflow by kind are one
aggregate query each. Every dashboard takes a fixed number of queries, whatever the number of
pilots or periods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from deelnemers.constants import DeelnemerStatus
from deelnemers.models import Deelnemer
from intake.models import Advies, Intake
from kwalificaties.constants import Niveau
from pilots.models import Pilot
from trajecten.constants import TrajectStatus, UitstroomSoort
from trajecten.models import Traject, Uitstroom

from .charts import bar_chart
from .export import monitor_export
from .rapport import periode_van
from .selectors import referral_funnel

AANTAL_PERIODEN = 6


@dataclass
class Grafiek:
    """One chart with the table beside it: the same rows feed both."""

    key: str
    titel: str
    kolom: str
    rijen: list[tuple[str, int]]
    svg: SafeString = field(init=False)

    def __post_init__(self) -> None:
        self.svg = bar_chart(self.rijen, title=self.titel)


@dataclass
class Dashboard:
    peildatum: date
    grafieken: list[Grafiek]
    pilot: Pilot | None = None
    # National only: one row of counts per pilot.
    per_pilot: list[dict[str, Any]] = field(default_factory=list)


def laatste_perioden(peildatum: date, aantal: int = AANTAL_PERIODEN) -> list[str]:
    """Labels ("2026-09/10") of the last `aantal` two-month periods up to the peildatum."""
    labels: list[str] = []
    start, eind = periode_van(peildatum)
    for _i in range(aantal):
        labels.append(f"{start:%Y-%m}/{eind:%m}")
        start, eind = periode_van(start - timedelta(days=1))
    return labels[::-1]


def _actief(export: dict[str, Any], peildatum: date) -> list[tuple[str, int]]:
    per_label = {r["periode"]: r["actieve_deelnemers"] for r in export["actief_per_periode"]}
    return [(label, per_label.get(label, 0)) for label in laatste_perioden(peildatum)]


def _trajecten_per_status(pilot: Pilot | None) -> list[tuple[str, int]]:
    qs = Traject.objects.all() if pilot is None else Traject.objects.filter(deelnemer__pilot=pilot)
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    return [(str(label), counts.get(value, 0)) for value, label in TrajectStatus.choices]


def _uitstroom_per_soort(pilot: Pilot | None) -> list[tuple[str, int]]:
    qs = Uitstroom.objects.all()
    if pilot is not None:
        qs = qs.filter(traject__deelnemer__pilot=pilot)
    counts = dict(qs.order_by().values_list("soort").annotate(n=Count("pk")))
    return [(str(label), counts.get(value, 0)) for value, label in UitstroomSoort.choices]


def _landelijke_funnel() -> list[tuple[str, int]]:
    """The referral funnel of all pilots together, with the steps and definitions of
    `selectors.referral_funnel` (which is per pilot), in one aggregate query."""
    started = [DeelnemerStatus.IN_TRAJECT, DeelnemerStatus.AFGEROND, DeelnemerStatus.GESTOPT]
    qs = Deelnemer.objects.annotate(
        has_intake=Exists(Intake.objects.filter(deelnemer=OuterRef("pk"))),
        has_advies=Exists(Advies.objects.filter(deelnemer=OuterRef("pk"))),
        has_traject=Exists(Traject.objects.filter(deelnemer=OuterRef("pk"))),
    )
    totals = qs.aggregate(
        aangemeld=Count("pk"),
        intake=Count("pk", filter=Q(has_intake=True)),
        advies=Count("pk", filter=Q(has_advies=True)),
        gestart=Count("pk", filter=Q(status__in=started) | Q(has_traject=True)),
    )
    return [
        (_("Referred"), totals["aangemeld"]),
        (_("Reached intake"), totals["intake"]),
        (_("Advice given"), totals["advies"]),
        (_("Started a route"), totals["gestart"]),
    ]


def _grafieken(
    export: dict[str, Any],
    peildatum: date,
    funnel: list[tuple[str, int]],
    pilot: Pilot | None,
) -> list[Grafiek]:
    niveau_labels = dict(Niveau.choices)
    return [
        Grafiek(
            "actief",
            _("Active participants per period"),
            _("Period"),
            _actief(export, peildatum),
        ),
        Grafiek("funnel", _("Referral funnel"), _("Step"), funnel),
        Grafiek(
            "niveau",
            _("Verklaringen by niveau"),
            _("Niveau"),
            [
                (str(niveau_labels.get(r["niveau"], r["niveau"])), r["verklaringen"])
                for r in export["per_niveau"]
            ],
        ),
        Grafiek(
            "domein",
            _("Verklaringen by domein"),
            _("Domein"),
            [(r["domein"] or _("unknown"), r["verklaringen"]) for r in export["per_domein"]],
        ),
        Grafiek("trajecten", _("Trajecten by status"), _("Status"), _trajecten_per_status(pilot)),
        Grafiek("uitstroom", _("Outflow by kind"), _("Outflow"), _uitstroom_per_soort(pilot)),
    ]


def pilot_dashboard(*, pilot: Pilot, peildatum: date | None = None) -> Dashboard:
    """The charts of one pilot (counts only)."""
    peildatum = peildatum or timezone.localdate()
    export = monitor_export(peildatum=peildatum, pilot=pilot)
    funnel = referral_funnel(pilot=pilot).stappen
    return Dashboard(
        peildatum=peildatum, grafieken=_grafieken(export, peildatum, funnel, pilot), pilot=pilot
    )


def landelijk_dashboard(*, peildatum: date | None = None) -> Dashboard:
    """The charts of all pilots together plus a row of counts per pilot; never personal data."""
    peildatum = peildatum or timezone.localdate()
    export = monitor_export(peildatum=peildatum)
    trajecten: dict[str, dict[str, int]] = {}
    for code, status, n in (
        Traject.objects.order_by()
        .values_list("deelnemer__pilot__code", "status")
        .annotate(n=Count("pk"))
    ):
        trajecten.setdefault(code, {})[status] = n
    per_pilot = [
        {
            "code": row["pilot"],
            "naam": row["naam"],
            "deelnemers": row["deelnemers"],
            "deelnemers_met_verklaring": row["deelnemers_met_verklaring"],
            "verklaringen": row["verklaringen"],
            "leerbedrijven": row["leerbedrijven"],
            "lopend": trajecten.get(row["pilot"], {}).get(TrajectStatus.LOPEND, 0),
            "afgerond": trajecten.get(row["pilot"], {}).get(TrajectStatus.AFGEROND, 0),
            "gestopt": trajecten.get(row["pilot"], {}).get(TrajectStatus.GESTOPT, 0),
        }
        for row in export["per_pilot"]
    ]
    return Dashboard(
        peildatum=peildatum,
        grafieken=_grafieken(export, peildatum, _landelijke_funnel(), None),
        per_pilot=per_pilot,
    )
