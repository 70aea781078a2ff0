"""Figures computed from the records (never typed in). Counts only, no personal data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from deelnemers.constants import DeelnemerStatus
from deelnemers.models import Deelnemer
from leerbanen.constants import MatchStatus
from leerbanen.models import Match
from pilots.constants import OrganisatieSoort
from pilots.models import Partner, Pilot
from trajecten.models import Traject
from verklaringen.constants import RegistratieStatus
from verklaringen.models import Registratie

from . import definities


@dataclass
class PilotKengetallen:
    """The start page's and the pilot page's figures. `deelnemers` counts participants (who
    started a route, `definities.deelnemers`), `actief` those active in the current period
    (`definities.actief`), `aangemeld` every dossier, referrals that never started included;
    `per_status` is by the dossiers' status."""

    pilot: Pilot
    partners: int
    leerbedrijven: int
    deelnemers: int
    actief: int = 0
    periode: str = ""
    aangemeld: int = 0
    per_status: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def streef_percentage(self) -> int | None:
        if not self.pilot.streefaantal:
            return None
        return round(100 * self.deelnemers / self.pilot.streefaantal)


def _status_rows(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(value, str(label), counts.get(value, 0)) for value, label in DeelnemerStatus.choices]


def pilot_kengetallen(*, pilot: Pilot, vandaag: date | None = None) -> PilotKengetallen:
    """Partners, leerbedrijven, participants (all and active in the current period) and dossiers
    by status of one pilot (a fixed number of queries)."""
    vandaag = vandaag or timezone.localdate()
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
    start, eind = definities.periode_van(vandaag)
    return PilotKengetallen(
        pilot=pilot,
        partners=partners["partners"],
        leerbedrijven=partners["leerbedrijven"],
        deelnemers=definities.deelnemers(pilot=pilot, peildatum=vandaag).count(),
        actief=definities.actief(pilot, start, eind, peildatum=vandaag),
        periode=definities.periode_naam(start, eind),
        aangemeld=sum(counts.values()),
        per_status=_status_rows(counts),
    )


def landelijk_overzicht(*, vandaag: date | None = None) -> list[dict[str, object]]:
    """One row per pilot with aggregate counts, for SBB and the ministries (two queries):
    participants as `definities` counts them; in a traject and completed by dossier status."""
    vandaag = vandaag or timezone.localdate()
    rows = Pilot.objects.annotate(
        n_partners=Count("partners__organisatie", distinct=True),
        n_in_traject=Count(
            "deelnemers", filter=Q(deelnemers__status=DeelnemerStatus.IN_TRAJECT), distinct=True
        ),
        n_afgerond=Count(
            "deelnemers", filter=Q(deelnemers__status=DeelnemerStatus.AFGEROND), distinct=True
        ),
    ).order_by("naam")
    per_pilot = dict(
        definities.deelnemers(peildatum=vandaag).values_list("pilot_id").annotate(n=Count("pk"))
    )
    return [
        {
            "pilot": p,
            "deelnemers": per_pilot.get(p.pk, 0),
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
    # Participants registered without intake or advice (imported registrations): their own
    # step beside the funnel, not in it.
    zonder_intake: int = 0

    @property
    def rijen(self) -> list[tuple[str, int]]:
        """The steps, then the registrations without intake (for a chart and its table)."""
        return [*self.stappen, (_("Registered without intake"), self.zonder_intake)]


def _funnel_annotaties(qs: QuerySet[Deelnemer]) -> QuerySet[Deelnemer]:
    from intake.models import Advies, Intake

    return qs.annotate(
        has_intake=Exists(Intake.objects.filter(deelnemer=OuterRef("pk"))),
        has_advies=Exists(Advies.objects.filter(deelnemer=OuterRef("pk"))),
        is_gestart=definities.is_deelnemer_q(),
        has_verklaring=Exists(
            Registratie.objects.filter(deelnemer=OuterRef("pk"), status=RegistratieStatus.GELDIG)
        ),
        # A leerbaan found: a match accepted by the leerbedrijf, or a traject agreed (with or
        # without the matching list: many leerbedrijven are found outside the platform).
        has_leerbaan=Exists(
            Match.objects.filter(
                zoekvraag__deelnemer=OuterRef("pk"), status=MatchStatus.GEACCEPTEERD
            )
        )
        | Exists(Traject.objects.filter(deelnemer=OuterRef("pk"))),
    )


# Each step is the one before plus one condition, so the funnel never widens. Participants
# without intake and advice (imported registrations) are not referrals: their own step.
ZONDER_INTAKE = Q(is_gestart=True, has_intake=False, has_advies=False)
STAPPEN = {
    "aangemeld": ~ZONDER_INTAKE,
    "intake": Q(has_intake=True),
    "advies": Q(has_intake=True, has_advies=True),
    "leerbaan": Q(has_intake=True, has_advies=True, has_leerbaan=True),
    "gestart": Q(has_intake=True, has_advies=True, has_leerbaan=True, is_gestart=True),
    "verklaring": Q(
        has_intake=True, has_advies=True, has_leerbaan=True, is_gestart=True, has_verklaring=True
    ),
}


def _stap_labels() -> dict[str, str]:
    return {
        "aangemeld": _("Referred"),
        "intake": _("Reached intake"),
        "advies": _("Advice given"),
        "leerbaan": _("Leerbaan found"),
        "gestart": _("Started a route"),
        "verklaring": _("Received a praktijkverklaring"),
    }


def funnel_totalen(*, pilot: Pilot | None) -> dict[str, int]:
    """The funnel's counts per step key and "zonder_intake", of one pilot or of all (one
    aggregate query)."""
    qs = _funnel_annotaties(
        Deelnemer.objects.filter(pilot=pilot) if pilot is not None else Deelnemer.objects.all()
    )
    return qs.aggregate(
        zonder_intake=Count("pk", filter=ZONDER_INTAKE),
        **{key: Count("pk", filter=q) for key, q in STAPPEN.items()},
    )


def funnel_stappen(
    *, pilot: Pilot | None, totals: dict[str, int] | None = None
) -> tuple[list[tuple[str, int]], int]:
    """The funnel's steps (each <= the one before) and the number registered without intake,
    labelled; from `totals` when the caller has them (kept in the cache)."""
    if totals is None:
        totals = funnel_totalen(pilot=pilot)
    labels = _stap_labels()
    return [(labels[key], totals[key]) for key in STAPPEN], totals["zonder_intake"]


def referral_funnel(*, pilot: Pilot) -> Funnel:
    """The referral funnel of one pilot, computed from the records (counts only)."""
    from statistics import median

    from django.db.models import Min
    from django.db.models.functions import TruncMonth

    from intake.constants import Route
    from intake.models import Advies

    stappen, zonder_intake = funnel_stappen(pilot=pilot)
    qs = _funnel_annotaties(Deelnemer.objects.filter(pilot=pilot))
    per_org = (
        qs.values("verwijzer_organisatie__naam")
        .annotate(
            aangemeld=Count("pk", filter=STAPPEN["aangemeld"], distinct=True),
            intake=Count("pk", filter=STAPPEN["intake"], distinct=True),
            advies=Count("pk", filter=STAPPEN["advies"], distinct=True),
            leerbaan=Count("pk", filter=STAPPEN["leerbaan"], distinct=True),
            gestart=Count("pk", filter=STAPPEN["gestart"], distinct=True),
        )
        .order_by("-aangemeld", "verwijzer_organisatie__naam")
    )
    per_maand = (
        qs.filter(STAPPEN["aangemeld"])
        .annotate(maand=TruncMonth("aangemeld_op"))
        .values("maand")
        .annotate(n=Count("pk", distinct=True))
        .order_by("maand")
    )
    routes = dict(
        Advies.objects.filter(deelnemer__pilot=pilot)
        .values_list("route")
        .annotate(n=Count("deelnemer", distinct=True))
    )
    dagen = [
        (timezone.localdate(d["eerste_advies"]) - d["aangemeld_op"]).days
        for d in qs.annotate(eerste_advies=Min("adviezen__gegeven_op"))
        .filter(eerste_advies__isnull=False)
        .values("aangemeld_op", "eerste_advies")
    ]
    return Funnel(
        stappen=stappen,
        per_organisatie=[
            {**row, "organisatie": row["verwijzer_organisatie__naam"] or _("unknown")}
            for row in per_org
            if row["aangemeld"]  # organisations of registrations without intake only: none
        ],
        per_maand=[(row["maand"].strftime("%Y-%m"), row["n"]) for row in per_maand],
        per_route=[(str(label), routes.get(value, 0)) for value, label in Route.choices],
        mediaan_dagen_tot_advies=median(dagen) if dagen else None,
        zonder_intake=zonder_intake,
    )
