"""Figures computed from the records (never typed in). Counts only, no personal data."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from deelnemers.constants import DeelnemerStatus
from deelnemers.models import Deelnemer
from pilots.constants import OrganisatieSoort
from pilots.models import Partner, Pilot


@dataclass
class PilotKengetallen:
    pilot: Pilot
    partners: int
    leerbedrijven: int
    deelnemers: int
    per_status: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def streef_percentage(self) -> int | None:
        if not self.pilot.streefaantal:
            return None
        return round(100 * self.deelnemers / self.pilot.streefaantal)


def _status_rows(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(value, str(label), counts.get(value, 0)) for value, label in DeelnemerStatus.choices]


def pilot_kengetallen(*, pilot: Pilot) -> PilotKengetallen:
    """Partners, leerbedrijven and participants by status of one pilot (three queries)."""
    partners = Partner.objects.filter(pilot=pilot).aggregate(
        partners=Count("organisatie", distinct=True),
        leerbedrijven=Count(
            "organisatie",
            distinct=True,
            filter=Q(
                organisatie__soort__in=[OrganisatieSoort.LEERBEDRIJF, OrganisatieSoort.SW_BEDRIJF]
            ),
        ),
    )
    counts = dict(
        Deelnemer.objects.filter(pilot=pilot).values_list("status").annotate(n=Count("pk"))
    )
    return PilotKengetallen(
        pilot=pilot,
        partners=partners["partners"],
        leerbedrijven=partners["leerbedrijven"],
        deelnemers=sum(counts.values()),
        per_status=_status_rows(counts),
    )


def landelijk_overzicht() -> list[dict[str, object]]:
    """One row per pilot with aggregate counts, for SBB and the ministries (one query)."""
    rows = Pilot.objects.annotate(
        n_deelnemers=Count("deelnemers", distinct=True),
        n_partners=Count("partners__organisatie", distinct=True),
        n_in_traject=Count(
            "deelnemers", filter=Q(deelnemers__status=DeelnemerStatus.IN_TRAJECT), distinct=True
        ),
        n_afgerond=Count(
            "deelnemers", filter=Q(deelnemers__status=DeelnemerStatus.AFGEROND), distinct=True
        ),
    ).order_by("naam")
    return [
        {
            "pilot": p,
            "deelnemers": p.n_deelnemers,
            "partners": p.n_partners,
            "in_traject": p.n_in_traject,
            "afgerond": p.n_afgerond,
        }
        for p in rows
    ]
