"""The monitoring dashboards, per pilot and national: counts only, computed in SQL.

The figures reuse what exists: participants active per period, verklaringen by niveau and
domein and the additional tables (target group, benefit, situation, referral channel, outflow,
follow-ups, kwalificaties per traject, partner roles) come from the national export
(`monitor_export(..., aanvullend=True)`, the contract SBB reads), the referral funnel from
`selectors.funnel_stappen`. Participants and "active" are those of `definities`. Every dashboard
takes a fixed number of queries, whatever the number of pilots or periods.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from deelnemers.constants import Doelgroep, Situatie, Uitkering
from kwalificaties.constants import Niveau
from pilots.constants import OrganisatieSoort, PartnerRol
from pilots.models import Pilot
from trajecten.constants import TrajectStatus, UitstroomSoort
from trajecten.models import Traject

from .charts import bar_chart
from .cijfers import onthouden
from .definities import periode_naam
from .export import monitor_export
from .leerbanen import open_leerbanen_per_sector, open_per_pilot, plaatsing
from .rapport import periode_van
from .selectors import funnel_stappen, funnel_totalen
from .tabellen import NIET_BEANTWOORD, NIET_GEREGISTREERD

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
    # Per pilot: its partners per role (`tabellen.partners_per_pilot`).
    partners: list[dict[str, Any]] = field(default_factory=list)
    # Days from advice to placement through a leerbaan (median; None without placements) and
    # the number of placements it rests on (`leerbanen.plaatsing`).
    plaatsing_mediaan: float | None = None
    plaatsingen: int = 0

    @property
    def partner_rollen(self) -> list[str]:
        return [str(label) for _value, label in PartnerRol.choices]

    @property
    def partner_rijen(self) -> list[tuple[str, list[int], int]]:
        """(pilot code, partners per role in the order of `partner_rollen`, organisations)."""
        rollen = PartnerRol.values  # built anew on every access: once, not per pilot
        return [(r["pilot"], [r[rol] for rol in rollen], r["organisaties"]) for r in self.partners]


def _laatste(peildatum: date, aantal: int) -> list[tuple[str, date, date]]:
    """(key, first day, last day) of the last `aantal` two-month periods up to the peildatum."""
    result: list[tuple[str, date, date]] = []
    start, eind = periode_van(peildatum)
    for _i in range(aantal):
        result.append((f"{start:%Y-%m}/{eind:%m}", start, eind))
        start, eind = periode_van(start - timedelta(days=1))
    return result[::-1]


def laatste_perioden(peildatum: date, aantal: int = AANTAL_PERIODEN) -> list[str]:
    """Keys ("2026-09/10", as in the export) of the last `aantal` two-month periods up to the
    peildatum."""
    return [key for key, _start, _eind in _laatste(peildatum, aantal)]


def _actief(export: dict[str, Any], peildatum: date) -> list[tuple[str, int]]:
    """Active participants per period, labelled as people read a period (periode_naam)."""
    per_label = {r["periode"]: r["actieve_deelnemers"] for r in export["actief_per_periode"]}
    return [
        (periode_naam(start, eind), per_label.get(key, 0))
        for key, start, eind in _laatste(peildatum, AANTAL_PERIODEN)
    ]


def _wie(pilot: Pilot | None) -> str:
    return str(pilot.pk) if pilot is not None else "nl"


def _trajecten_per_status(pilot: Pilot | None) -> list[tuple[str, int]]:
    def tel() -> dict[str, int]:
        qs = (
            Traject.objects.all()
            if pilot is None
            else Traject.objects.filter(deelnemer__pilot=pilot)
        )
        return dict(qs.order_by().values_list("status").annotate(n=Count("pk")))

    counts = onthouden(f"trajecten-per-status:{_wie(pilot)}", tel)
    return [(str(label), counts.get(value, 0)) for value, label in TrajectStatus.choices]


def _funnel(pilot: Pilot | None) -> list[tuple[str, int]]:
    """The funnel's steps, then the registrations without intake as their own step (the counts
    kept in the cache, labelled in the reader's language)."""
    totals = onthouden(f"funnel:{_wie(pilot)}", lambda: funnel_totalen(pilot=pilot))
    stappen, zonder_intake = funnel_stappen(pilot=pilot, totals=totals)
    return [*stappen, (_("Registered without intake"), zonder_intake)]


def _labels(choices: Any) -> dict[str, str]:
    return {
        **{value: str(label) for value, label in choices},
        NIET_GEREGISTREERD: _("not recorded"),
        NIET_BEANTWOORD: _("not answered"),
    }


def _rijen(
    rows: list[dict[str, Any]], key: str, kolom: str, choices: Any = ()
) -> list[tuple[str, int]]:
    labels = _labels(choices)
    return [(labels.get(str(r[key]), str(r[key])), r[kolom]) for r in rows]


def aanvullende_grafieken(tabellen: dict[str, Any]) -> list[Grafiek]:
    """The charts of the additional tables (dashboards and the report's PDF)."""
    partners: dict[str, int] = {rol: 0 for rol in PartnerRol.values}
    for row in tabellen["partners_per_pilot"]:
        for rol in PartnerRol.values:
            partners[rol] += row[rol]
    rol_labels = _labels(PartnerRol.choices)
    return [
        Grafiek(
            "doelgroep",
            _("Participants by target group"),
            _("Target group"),
            _rijen(tabellen["per_doelgroep"], "doelgroep", "deelnemers", Doelgroep.choices),
        ),
        Grafiek(
            "uitkering",
            _("Participants by benefit"),
            _("Benefit"),
            _rijen(tabellen["per_uitkering"], "uitkering", "deelnemers", Uitkering.choices),
        ),
        Grafiek(
            "situatie",
            _("Participants by situation"),
            _("Situation"),
            _rijen(tabellen["per_situatie"], "situatie", "deelnemers", Situatie.choices),
        ),
        Grafiek(
            "verwijzer",
            _("Participants by referral channel"),
            _("Kind of referring organisation"),
            _rijen(tabellen["per_verwijzer"], "verwijzer", "deelnemers", OrganisatieSoort.choices),
        ),
        Grafiek(
            "uitstroom",
            _("Outflow by kind"),
            _("Outflow"),
            _rijen(tabellen["uitstroom"], "uitstroom", "trajecten", UitstroomSoort.choices),
        ),
        Grafiek(
            "behaald",
            _("mbo-certificaten and mbo-diploma's obtained"),
            _("Obtained"),
            [
                (_("mbo-certificaat"), sum(r["mbo_certificaat"] for r in tabellen["uitstroom"])),
                (_("mbo-diploma"), sum(r["mbo_diploma"] for r in tabellen["uitstroom"])),
            ],
        ),
        Grafiek(
            "nameting6",
            _("Follow-up 6 months after the end"),
            _("Situation"),
            _rijen(tabellen["nametingen"], "situatie", "na_6_maanden", UitstroomSoort.choices),
        ),
        Grafiek(
            "nameting12",
            _("Follow-up 12 months after the end"),
            _("Situation"),
            _rijen(tabellen["nametingen"], "situatie", "na_12_maanden", UitstroomSoort.choices),
        ),
        Grafiek(
            "kwalificaties",
            _("Trajecten by number of kwalificaties"),
            _("Kwalificaties"),
            [
                (str(r["kwalificaties"]), r["trajecten"])
                for r in tabellen["kwalificaties_per_traject"]
            ],
        ),
        Grafiek(
            "partners",
            _("Partners by role"),
            _("Role"),
            [(rol_labels[rol], n) for rol, n in partners.items()],
        ),
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
        Grafiek(
            "leerbanen",
            _("Open leerbanen by sector"),
            _("Sector"),
            onthouden(f"leerbanen:{_wie(pilot)}", lambda: open_leerbanen_per_sector(pilot)),
        ),
        Grafiek(
            "plaatsing",
            _("Time from advice to placement"),
            _("Days"),
            _plaatsing(pilot)["banden"],
        ),
        *aanvullende_grafieken(export),
    ]


def _plaatsing(pilot: Pilot | None) -> dict[str, Any]:
    return onthouden(f"plaatsing:{_wie(pilot)}", lambda: plaatsing(pilot))


def _bewaard(wat: str, peildatum: date, maak: Callable[[], Dashboard]) -> Dashboard:
    """A dashboard built once per version of the data, peildatum and language (its charts are
    drawn with the reader's labels) and kept with the figures it shows."""
    sleutel = f"dashboard:{wat}:{peildatum.isoformat()}:{translation.get_language()}"
    return onthouden(sleutel, maak)


def pilot_dashboard(*, pilot: Pilot, peildatum: date | None = None) -> Dashboard:
    """The charts of one pilot (counts only)."""
    peildatum = peildatum or timezone.localdate()
    return _bewaard(str(pilot.pk), peildatum, lambda: _pilot_dashboard(pilot, peildatum))


def _pilot_dashboard(pilot: Pilot, peildatum: date) -> Dashboard:
    export = monitor_export(peildatum=peildatum, pilot=pilot, aanvullend=True)
    return Dashboard(
        peildatum=peildatum,
        grafieken=_grafieken(export, peildatum, _funnel(pilot), pilot),
        pilot=pilot,
        partners=export["partners_per_pilot"],
        plaatsing_mediaan=_plaatsing(pilot)["mediaan"],
        plaatsingen=_plaatsing(pilot)["aantal"],
    )


def _trajecten_per_pilot() -> dict[str, dict[str, int]]:
    trajecten: dict[str, dict[str, int]] = {}
    for code, status, n in (
        Traject.objects.order_by()
        .values_list("deelnemer__pilot__code", "status")
        .annotate(n=Count("pk"))
    ):
        trajecten.setdefault(code, {})[status] = n
    return trajecten


def landelijk_dashboard(*, peildatum: date | None = None) -> Dashboard:
    """The charts of all pilots together plus a row of counts per pilot; never personal data."""
    peildatum = peildatum or timezone.localdate()
    return _bewaard("nl", peildatum, lambda: _landelijk_dashboard(peildatum))


def _landelijk_dashboard(peildatum: date) -> Dashboard:
    export = monitor_export(peildatum=peildatum, aanvullend=True)
    trajecten = onthouden("trajecten-per-pilot", _trajecten_per_pilot)
    leerbanen = onthouden("leerbanen-per-pilot", open_per_pilot)
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
            "open_leerbanen": leerbanen.get(row["pilot"], 0),
        }
        for row in export["per_pilot"]
    ]
    return Dashboard(
        peildatum=peildatum,
        grafieken=_grafieken(export, peildatum, _funnel(None), None),
        per_pilot=per_pilot,
        partners=export["partners_per_pilot"],
        plaatsing_mediaan=_plaatsing(None)["mediaan"],
        plaatsingen=_plaatsing(None)["aantal"],
    )
