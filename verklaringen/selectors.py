"""Read operations on verklaringen: the traject page section and stacking per participant."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count

from kwalificaties.models import Kwalificatie, Werkproces
from pilots import roles
from pilots.roles import Cap

from .constants import PraktijkverklaringStatus, RegistratieStatus
from .models import MboVerklaring, Praktijkverklaring, Registratie
from .services import beheerste_werkprocessen


def traject_context(traject: Any, user: Any) -> dict[str, Any]:
    """Context for templates/verklaringen/_traject_verklaringen.html on the traject page."""
    return {
        "praktijkverklaringen": Praktijkverklaring.objects.filter(traject=traject).order_by(
            "-volgnummer"
        ),
        "verklaring_can_prepare": roles.has_cap(
            user, Cap.DEELNEMER_CHANGE, traject.deelnemer.pilot_id
        ),
        "beheerst_aantal": beheerste_werkprocessen(traject).count(),
    }


def stapeling(deelnemer: Any) -> dict[str, Any]:
    """Every werkproces mastered across the participant's valid verklaringen and, per
    kwalificatie touched, how many of its werkprocessen are covered and which remain: the
    distance to an mbo-certificaat or diploma."""
    registraties = list(
        Registratie.objects.filter(deelnemer=deelnemer, status=RegistratieStatus.GELDIG).order_by(
            "uitgegeven_op", "pk"
        )
    )
    gedekt: dict[str, set[str]] = defaultdict(set)
    beheerst: dict[tuple[str, str], dict[str, Any]] = {}
    for r in registraties:
        for w in r.werkprocessen:
            gedekt[w["crebo"]].add(w["code"])
            beheerst.setdefault((w["crebo"], w["code"]), {**w, "registratie": r.nummer})
    kwalificaties = Kwalificatie.objects.filter(crebo__in=gedekt).annotate(
        totaal=Count("werkprocessen")
    )
    alle = defaultdict(list)
    for wp in (
        Werkproces.objects.filter(kwalificatie__crebo__in=gedekt)
        .order_by("code")
        .values("kwalificatie__crebo", "code", "naam")
    ):
        alle[wp["kwalificatie__crebo"]].append(wp)
    per_kwalificatie = [
        {
            "kwalificatie": k,
            "totaal": k.totaal,
            "gedekt": len(gedekt[k.crebo]),
            "resterend": [w for w in alle[k.crebo] if w["code"] not in gedekt[k.crebo]],
        }
        for k in kwalificaties.order_by("crebo")
    ]
    return {
        "registraties": registraties,
        "beheerst": sorted(beheerst.values(), key=lambda w: (w["crebo"], w["code"])),
        "per_kwalificatie": per_kwalificatie,
    }


def klaar_voor_uitgifte(user: Any, pilot: Any) -> Any:
    """The mbo-verklaringen of `pilot` that `user` may issue (examencommissie of the
    institution) and that wait for it: not issued, and the praktijkverklaring in them signed
    (what `services.geef_uit` requires). Oldest first."""
    return (
        MboVerklaring.objects.for_user(user, "issue")
        .filter(
            registratie__isnull=True,
            praktijkverklaring__status=PraktijkverklaringStatus.ONDERTEKEND,
            praktijkverklaring__traject__deelnemer__pilot=pilot,
        )
        .select_related("praktijkverklaring__traject__deelnemer", "mbo_instelling")
        .order_by("created_at", "pk")
    )
