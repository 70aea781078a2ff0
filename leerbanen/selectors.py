"""Reads of leerbanen: the current advice, places taken, the erkenning of a leerbaan's crebos,
candidates who may look for a leerbaan, and the counts the monitoring layer shows (open
leerbanen per sector, time from advice to placement, "leerbaan gevonden"). The counts return
numbers and dates only, no personal data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from erkenningen.constants import ErkenningSoort, ErkenningStatus
from erkenningen.models import Erkenning
from intake.constants import Route
from intake.models import Advies
from kwalificaties.models import Kwalificatie

from .constants import LeerbaanStatus, MatchStatus
from .models import Leerbaan, Match, Zoekvraag

# The advice that makes a candidate look for a leerbaan: praktijkleren met de praktijkverklaring.
POSITIEVE_ROUTES = (Route.PRAKTIJKVERKLARING,)


def mag_leerbanen_zien(user: Any) -> bool:
    """The leerbanen pages are for whoever sees a pilot's leerbanen (`Cap.LEERBAAN_VIEW`) and for
    the contact persons of leerbanen; SBB sees leerbanen only as counts (the dashboards)."""
    from pilots import roles
    from pilots.roles import Cap

    return (
        roles.has_cap(user, Cap.LEERBAAN_VIEW)
        or Leerbaan.objects.filter(contactpersoon_id=user.pk).exists()
    )


def huidig_advies(deelnemer: Any) -> Advies | None:
    """The candidate's current advice (the latest revision), or None."""
    return Advies.objects.filter(deelnemer=deelnemer).order_by("-gegeven_op", "-pk").first()


def is_positief(advies: Advies | None) -> bool:
    return advies is not None and advies.route in POSITIEVE_ROUTES


def met_positief_advies(deelnemers: QuerySet) -> QuerySet:
    """The participants whose current advice is positive (one SQL filter)."""
    laatste = Advies.objects.filter(deelnemer=OuterRef("pk")).order_by("-gegeven_op", "-pk")
    return deelnemers.annotate(_route=Subquery(laatste.values("route")[:1])).filter(
        _route__in=POSITIEVE_ROUTES
    )


def bezette_plaatsen(leerbaan: Leerbaan) -> int:
    """Places taken: accepted matches (whether or not their traject is agreed yet)."""
    return Match.objects.filter(leerbaan=leerbaan, status=MatchStatus.GEACCEPTEERD).count()


@dataclass(frozen=True)
class CreboErkenning:
    kwalificatie: Kwalificatie
    status: str  # ErkenningStatus value; "geen" when nothing is recorded
    label: str
    referentie: str


def erkenningen(leerbaan: Leerbaan) -> list[CreboErkenning]:
    """Per crebo of the leerbaan, the leerbedrijf's SBB recognition from the register (one
    query for the recognitions, whatever the number of crebos)."""
    kwalificaties = sorted(leerbaan.kwalificaties.all(), key=lambda k: k.crebo)
    rijen = {
        e.kwalificatie_id: e
        for e in Erkenning.objects.select_related("organisatie", "kwalificatie").filter(
            organisatie_id=leerbaan.organisatie_id,
            soort=ErkenningSoort.LEERBEDRIJF,
            kwalificatie__in=[k.pk for k in kwalificaties],
        )
    }
    labels = dict(ErkenningStatus.choices)
    result = []
    for k in kwalificaties:
        e = rijen.get(k.pk)
        status = e.status if e is not None else ErkenningStatus.GEEN
        result.append(
            CreboErkenning(k, status, str(labels[status]), e.referentie if e is not None else "")
        )
    return result


# --- counts for monitoring (no personal data) ----------------------------------------------


def open_per_sector(pilot_ids: Iterable[int]) -> dict[str, int]:
    """Open leerbanen (start window not passed) per sector, the `domein` of their
    kwalificaties, in the given pilots. A leerbaan teaching crebos of two sectors counts in
    both; so the sectors may add up to more than the number of leerbanen."""
    rijen = (
        Leerbaan.kwalificaties.through.objects.filter(
            leerbaan__pilot_id__in=list(pilot_ids),
            leerbaan__status=LeerbaanStatus.OPEN,
            leerbaan__start_tot__gte=timezone.localdate(),
        )
        .values("kwalificatie__domein")
        .annotate(n=Count("leerbaan_id", distinct=True))
        .order_by("kwalificatie__domein")
    )
    return {r["kwalificatie__domein"]: r["n"] for r in rijen}


def open_leerbanen(pilot_ids: Iterable[int]) -> int:
    """The number of open leerbanen (start window not passed) in the given pilots."""
    return Leerbaan.objects.filter(
        pilot_id__in=list(pilot_ids),
        status=LeerbaanStatus.OPEN,
        start_tot__gte=timezone.localdate(),
    ).count()


@dataclass(frozen=True)
class Plaatsing:
    pilot_id: int
    deelnemer_id: int
    advies_op: date
    geaccepteerd_op: date
    geplaatst_op: date | None  # the day the traject was agreed from the match

    @property
    def dagen(self) -> int | None:
        """Days from the advice to the placement (the traject agreed)."""
        return (self.geplaatst_op - self.advies_op).days if self.geplaatst_op else None


def plaatsingen(pilot_ids: Iterable[int]) -> list[Plaatsing]:
    """Accepted matches in the given pilots with the date of the advice the search was based
    on, the date of acceptance and of placement: for "time from advice to placement"."""
    rijen = (
        Match.objects.filter(
            leerbaan__pilot_id__in=list(pilot_ids), status=MatchStatus.GEACCEPTEERD
        )
        .order_by("beantwoord_op", "pk")
        .values_list(
            "leerbaan__pilot_id",
            "zoekvraag__deelnemer_id",
            "zoekvraag__advies__gegeven_op",
            "beantwoord_op",
            "geplaatst_op",
        )
    )
    return [
        Plaatsing(p, d, timezone.localdate(a), timezone.localdate(b), g) for p, d, a, b, g in rijen
    ]


def leerbaan_gevonden(pilot_ids: Iterable[int]) -> dict[int, date]:
    """Per participant in the given pilots who found a leerbaan (a match accepted): the day
    the first was accepted. The funnel's step "leerbaan gevonden"."""
    result: dict[int, date] = {}
    for p in plaatsingen(pilot_ids):
        result.setdefault(p.deelnemer_id, p.geaccepteerd_op)
    return result


def te_beantwoorden(user: Any, pilot: Any) -> QuerySet:
    """Proposals waiting for the user's answer as contact person, in the pilot, oldest first."""
    return (
        Match.objects.for_user(user, "beantwoorden")
        .filter(leerbaan__pilot=pilot, status=MatchStatus.VOORGESTELD)
        .select_related("leerbaan", "zoekvraag__deelnemer")
        .order_by("voorgesteld_op", "pk")
    )


def voorstel_regel(match: Match) -> tuple[str, str, str]:
    """A proposal as a line of the contact person's "Te doen" list: title, link, explanation."""
    datum = date_format(timezone.localtime(match.voorgesteld_op), "j F Y")
    return (
        f"{match.zoekvraag.deelnemer} · {match.leerbaan.titel}",
        match.get_absolute_url(),
        _("proposed on %(datum)s") % {"datum": datum},
    )


def contactpersonen(pilot: Any) -> QuerySet:
    """Who can be a leerbaan's contact person: active members of the pilot on behalf of one of
    its leerbedrijven, and its WSP."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from pilots.constants import OrganisatieSoort
    from pilots.models import Membership
    from pilots.roles import Role

    leden = Membership.objects.filter(pilot=pilot, active=True).filter(
        Q(role=Role.WSP)
        | Q(
            organisatie__soort__in=[OrganisatieSoort.LEERBEDRIJF, OrganisatieSoort.SW_BEDRIJF],
            organisatie__partnerships__pilot=pilot,
        )
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=leden.values("user_id"))
        .order_by("last_name", "first_name", "email")
    )


def zoekvraag_van(deelnemer: Any) -> Zoekvraag | None:
    """The participant's search for a leerbaan (the caller checks access to it)."""
    return Zoekvraag.objects.filter(deelnemer=deelnemer).first()
