"""The leerbanen in the monitor (issue 17): counts only, for the pilot and the national
dashboards. SBB sees leerbanen only as these counts, never a leerbaan, an employer or a person.

- Open leerbanen per sector: open leerbanen whose start window has not passed, counted once per
  sector (the `domein` of the kwalificaties they teach; a leerbaan teaching two sectors counts
  in both).
- Time from advice to placement: for each accepted match whose traject was agreed, the days
  from the advice the search rested on to the placement, as a median and in bands.
- The funnel's step "leerbaan gevonden" is in `selectors.STAPPEN`.

Each function is one aggregate query, whatever the number of pilots or leerbanen."""

from __future__ import annotations

from statistics import median
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from leerbanen.constants import LeerbaanStatus, MatchStatus
from leerbanen.models import Leerbaan, Match
from pilots.models import Pilot


def open_leerbanen_per_sector(pilot: Pilot | None) -> list[tuple[str, int]]:
    """(sector, open leerbanen) of one pilot or of all, the largest first."""
    qs = Leerbaan.kwalificaties.through.objects.filter(
        leerbaan__status=LeerbaanStatus.OPEN, leerbaan__start_tot__gte=timezone.localdate()
    )
    if pilot is not None:
        qs = qs.filter(leerbaan__pilot=pilot)
    rijen = (
        qs.values("kwalificatie__domein")
        .annotate(n=Count("leerbaan_id", distinct=True))
        .order_by("-n", "kwalificatie__domein")
    )
    return [(r["kwalificatie__domein"] or _("unknown"), r["n"]) for r in rijen]


# Bands of the days from advice to placement: (upper bound inclusive, label).
BANDEN: list[tuple[int | None, str]] = [
    (30, "0-30"),
    (60, "31-60"),
    (90, "61-90"),
    (180, "91-180"),
    (None, "> 180"),
]


def dagen_tot_plaatsing(pilot: Pilot | None) -> list[int]:
    """Days from the advice to the placement, per placed match (one query)."""
    qs = Match.objects.filter(
        status=MatchStatus.GEACCEPTEERD,
        geplaatst_op__isnull=False,
        zoekvraag__advies__isnull=False,
    )
    if pilot is not None:
        qs = qs.filter(leerbaan__pilot=pilot)
    rijen = qs.order_by().values_list("zoekvraag__advies__gegeven_op", "geplaatst_op")
    return [
        max(0, (geplaatst - timezone.localdate(advies)).days)
        for advies, geplaatst in rijen
        if geplaatst is not None
    ]


def plaatsing(pilot: Pilot | None) -> dict[str, Any]:
    """The median days from advice to placement (None without placements) and the bands."""
    dagen = dagen_tot_plaatsing(pilot)
    banden = []
    ondergrens = -1
    for grens, label in BANDEN:
        n = sum(1 for d in dagen if d > ondergrens and (grens is None or d <= grens))
        banden.append((_("%(band)s days") % {"band": label}, n))
        ondergrens = grens if grens is not None else ondergrens
    return {"mediaan": median(dagen) if dagen else None, "aantal": len(dagen), "banden": banden}


def open_per_pilot() -> dict[str, int]:
    """Open leerbanen (start window not passed) per pilot code (one query)."""
    rijen = (
        Leerbaan.objects.filter(status=LeerbaanStatus.OPEN, start_tot__gte=timezone.localdate())
        .order_by()
        .values("pilot__code")
        .annotate(n=Count("pk"))
    )
    return {r["pilot__code"]: r["n"] for r in rijen}
