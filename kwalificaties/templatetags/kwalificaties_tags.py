"""`{% voorbeeldgegevens rows %}`: the notice shown wherever werkprocessen that are not the
official kwalificatiestructuur appear (example data, or added by an import). `rows` may hold
Werkproces objects, rows with a `.werkproces` (TrajectWerkproces) or the dicts an agreement or
verklaring keeps ({crebo, code, ...})."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from ..constants import Herkomst
from ..models import Werkproces

register = template.Library()


def _herkomsten(rows: Any) -> list[tuple[str, str]]:
    """(herkomst, 'crebo code') of every row that is not official."""
    found, lookups = [], []
    for row in rows or []:
        wp = getattr(row, "werkproces", row)
        if isinstance(wp, Werkproces):
            if wp.herkomst != Herkomst.OFFICIEEL:
                found.append((wp.herkomst, f"{wp.kwalificatie.crebo} {wp.code}"))
        elif isinstance(wp, dict) and wp.get("crebo") and wp.get("code"):
            lookups.append(Q(kwalificatie__crebo=wp["crebo"], code=wp["code"]))
    if lookups:
        q = Q()
        for lookup in lookups:
            q |= lookup
        for herkomst, crebo, code in (
            Werkproces.objects.filter(q)
            .exclude(herkomst=Herkomst.OFFICIEEL)
            .values_list("herkomst", "kwalificatie__crebo", "code")
            .order_by("kwalificatie__crebo", "code")
        ):
            found.append((herkomst, f"{crebo} {code}"))
    return found


@register.inclusion_tag("kwalificaties/_voorbeeldgegevens.html")
def voorbeeldgegevens(rows: Any) -> dict[str, Any]:
    found = _herkomsten(rows)
    return {
        "voorbeeld": [w for h, w in found if h == Herkomst.VOORBEELD],
        "import": [w for h, w in found if h == Herkomst.IMPORT],
    }
