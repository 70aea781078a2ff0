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


@dataclass
class Funnel:
    stappen: list[tuple[str, int]]
    per_organisatie: list[dict[str, object]]
    per_maand: list[tuple[str, int]]
    per_route: list[tuple[str, int]]
    mediaan_dagen_tot_advies: float | None


def referral_funnel(*, pilot: Pilot) -> Funnel:
    """The referral funnel of one pilot, computed from the records (counts only)."""
    from statistics import median

    from django.db.models import Exists, Min, OuterRef
    from django.db.models.functions import TruncMonth
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from intake.constants import Route
    from intake.models import Advies, Intake
    from trajecten.models import Traject

    started = [DeelnemerStatus.IN_TRAJECT, DeelnemerStatus.AFGEROND, DeelnemerStatus.GESTOPT]
    qs = Deelnemer.objects.filter(pilot=pilot).annotate(
        has_intake=Exists(Intake.objects.filter(deelnemer=OuterRef("pk"))),
        has_advies=Exists(Advies.objects.filter(deelnemer=OuterRef("pk"))),
        has_traject=Exists(Traject.objects.filter(deelnemer=OuterRef("pk"))),
        eerste_advies=Min("adviezen__gegeven_op"),
    )
    started_q = Q(status__in=started) | Q(has_traject=True)
    totals = qs.aggregate(
        aangemeld=Count("pk", distinct=True),
        intake=Count("pk", filter=Q(has_intake=True), distinct=True),
        advies=Count("pk", filter=Q(has_advies=True), distinct=True),
        gestart=Count("pk", filter=started_q, distinct=True),
    )
    per_org = (
        qs.values("verwijzer_organisatie__naam")
        .annotate(
            aangemeld=Count("pk", distinct=True),
            intake=Count("pk", filter=Q(has_intake=True), distinct=True),
            advies=Count("pk", filter=Q(has_advies=True), distinct=True),
            gestart=Count("pk", filter=started_q, distinct=True),
        )
        .order_by("-aangemeld", "verwijzer_organisatie__naam")
    )
    per_maand = (
        Deelnemer.objects.filter(pilot=pilot)
        .annotate(maand=TruncMonth("aangemeld_op"))
        .values("maand")
        .annotate(n=Count("pk"))
        .order_by("maand")
    )
    routes = dict(
        Advies.objects.filter(deelnemer__pilot=pilot)
        .values_list("route")
        .annotate(n=Count("deelnemer", distinct=True))
    )
    dagen = [
        (timezone.localdate(d["eerste_advies"]) - d["aangemeld_op"]).days
        for d in qs.filter(eerste_advies__isnull=False).values("aangemeld_op", "eerste_advies")
    ]
    return Funnel(
        stappen=[
            (_("Referred"), totals["aangemeld"]),
            (_("Reached intake"), totals["intake"]),
            (_("Advice given"), totals["advies"]),
            (_("Started a route"), totals["gestart"]),
        ],
        per_organisatie=[
            {**row, "organisatie": row["verwijzer_organisatie__naam"] or _("unknown")}
            for row in per_org
        ],
        per_maand=[(row["maand"].strftime("%Y-%m"), row["n"]) for row in per_maand],
        per_route=[(str(label), routes.get(value, 0)) for value, label in Route.choices],
        mediaan_dagen_tot_advies=median(dagen) if dagen else None,
    )
