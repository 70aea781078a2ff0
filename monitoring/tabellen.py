"""What is collected, reported: the additional monitor tables (docs/monitoring.md). Counts only.

One implementation for the national export (`monitor_export(..., aanvullend=True)`), the
dashboards and the bi-monthly report: each table is computed over a queryset of participants
(`definities.deelnemers` or `definities.actieve_deelnemers`) and a window of dates (`van`..`tot`,
`van` empty for "everything up to `tot`"). Every table is one aggregate query, whatever the number
of pilots. Rows hold codes (the labels belong to the page that shows them); a value that was not
recorded is `niet geregistreerd`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from deelnemers.constants import Doelgroep, Situatie, Uitkering
from deelnemers.models import Deelnemer
from pilots.constants import OrganisatieSoort, PartnerRol
from pilots.models import Partner, Pilot
from trajecten.constants import UitstroomSoort
from trajecten.models import Nameting, TrajectWerkproces, Uitstroom
from trajecten.models.uitstroom import Behaald

from .definities import gestarte_trajecten

NIET_GEREGISTREERD = "niet geregistreerd"
NIET_BEANTWOORD = "niet beantwoord"

# The keys of the additional tables, in the order they follow the contract's keys.
AANVULLENDE_TABELLEN = [
    "per_doelgroep",
    "per_uitkering",
    "per_situatie",
    "per_verwijzer",
    "uitstroom",
    "nametingen",
    "kwalificaties_per_traject",
    "partners_per_pilot",
]


# --- the target groups: the one place that knows how they are stored ----------------------------


def doelgroep_veld() -> str:
    """The field holding a participant's target groups: the list `doelgroepen` (several groups per
    participant), or the older single choice `doelgroep`."""
    namen = {f.name for f in Deelnemer._meta.get_fields()}
    return "doelgroepen" if "doelgroepen" in namen else "doelgroep"


def doelgroep_codes(waarde: Any) -> list[str]:
    """A stored value of `doelgroep_veld()` as a list of codes."""
    if isinstance(waarde, (list, tuple)):
        return [str(c) for c in dict.fromkeys(waarde) if c]
    return [str(waarde)] if waarde else []


# --- helpers ------------------------------------------------------------------------------------


def _geordend(counts: Counter[str], codes: list[str]) -> list[tuple[str, int]]:
    """Every known code in the order of its choices (also when zero), then unknown codes found,
    then `niet geregistreerd`."""
    extra = sorted(c for c in counts if c not in codes and c != NIET_GEREGISTREERD)
    return [(c, counts.get(c, 0)) for c in [*codes, *extra, NIET_GEREGISTREERD]]


def _per_veld(
    deelnemers: QuerySet[Deelnemer], veld: str, codes: list[str]
) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for waarde, n in deelnemers.order_by().values_list(veld).annotate(n=Count("pk")):
        counts[waarde or NIET_GEREGISTREERD] += n
    return _geordend(counts, codes)


def _in_venster(veld: str, van: date | None, tot: date) -> Q:
    q = Q(**{f"{veld}__lte": tot})
    return q & Q(**{f"{veld}__gte": van}) if van is not None else q


# --- the tables ---------------------------------------------------------------------------------


def per_doelgroep(deelnemers: QuerySet[Deelnemer]) -> list[dict[str, Any]]:
    """Participants per target group; a participant counts in each group they belong to."""
    counts: Counter[str] = Counter()
    for waarde, n in deelnemers.order_by().values_list(doelgroep_veld()).annotate(n=Count("pk")):
        codes = doelgroep_codes(waarde) or [NIET_GEREGISTREERD]
        for code in codes:
            counts[code] += n
    return [{"doelgroep": c, "deelnemers": n} for c, n in _geordend(counts, Doelgroep.values)]


def per_uitkering(deelnemers: QuerySet[Deelnemer]) -> list[dict[str, Any]]:
    rows = _per_veld(deelnemers, "uitkering", Uitkering.values)
    return [{"uitkering": c, "deelnemers": n} for c, n in rows]


def per_situatie(deelnemers: QuerySet[Deelnemer]) -> list[dict[str, Any]]:
    rows = _per_veld(deelnemers, "situatie", Situatie.values)
    return [{"situatie": c, "deelnemers": n} for c, n in rows]


def per_verwijzer(deelnemers: QuerySet[Deelnemer]) -> list[dict[str, Any]]:
    """Participants per kind of referring organisation (the referral channel)."""
    rows = _per_veld(deelnemers, "verwijzer_organisatie__soort", OrganisatieSoort.values)
    return [{"verwijzer": c, "deelnemers": n} for c, n in rows]


def uitstroom(deelnemers: QuerySet[Deelnemer], van: date | None, tot: date) -> list[dict[str, Any]]:
    """Outflow per kind (recorded in the window), with the certificaten and diploma's obtained."""
    qs = Uitstroom.objects.filter(
        _in_venster("datum", van, tot), traject__deelnemer__in=deelnemers.values("pk")
    )
    counts = {
        soort: (n, cert, dipl)
        for soort, n, cert, dipl in qs.order_by()
        .values_list("soort")
        .annotate(
            n=Count("pk"),
            cert=Count("pk", filter=Q(behaald=Behaald.CERTIFICAAT)),
            dipl=Count("pk", filter=Q(behaald=Behaald.DIPLOMA)),
        )
    }
    return [
        {
            "uitstroom": soort,
            "trajecten": counts.get(soort, (0, 0, 0))[0],
            "mbo_certificaat": counts.get(soort, (0, 0, 0))[1],
            "mbo_diploma": counts.get(soort, (0, 0, 0))[2],
        }
        for soort in UitstroomSoort.values
    ]


def nametingen(
    deelnemers: QuerySet[Deelnemer], van: date | None, tot: date
) -> list[dict[str, Any]]:
    """The follow-ups asked in the window, 6 and 12 months after the end: the situation answered
    by `tot`, else `niet beantwoord`."""
    qs = Nameting.objects.filter(
        _in_venster("gevraagd_op", van, tot), traject__deelnemer__in=deelnemers.values("pk")
    )
    counts: Counter[tuple[int, str]] = Counter()
    for maanden, situatie, beantwoord_op, n in (
        qs.order_by().values_list("maanden", "situatie", "beantwoord_op").annotate(n=Count("pk"))
    ):
        if beantwoord_op is None or beantwoord_op > tot:
            situatie = NIET_BEANTWOORD
        counts[(maanden, situatie or UitstroomSoort.ONBEKEND)] += n
    return [
        {"situatie": s, "na_6_maanden": counts[(6, s)], "na_12_maanden": counts[(12, s)]}
        for s in [*UitstroomSoort.values, NIET_BEANTWOORD]
    ]


def kwalificaties_per_traject(
    deelnemers: QuerySet[Deelnemer], van: date | None, tot: date
) -> list[dict[str, Any]]:
    """Started trajecten that ran in the window, by the number of distinct kwalificaties of their
    agreed werkprocessen (0: none agreed, as for imported trajecten)."""
    aantal = (
        TrajectWerkproces.objects.filter(traject=OuterRef("pk"))
        .order_by()
        .values("traject")
        .annotate(k=Count("werkproces__kwalificatie", distinct=True))
        .values("k")
    )
    qs = gestarte_trajecten().filter(startdatum__lte=tot, deelnemer__in=deelnemers.values("pk"))
    if van is not None:
        qs = qs.filter(Q(einddatum__isnull=True) | Q(einddatum__gte=van))
    rows = (
        qs.order_by()
        .annotate(k=Coalesce(Subquery(aantal, output_field=IntegerField()), Value(0)))
        .values_list("k")
        .annotate(n=Count("pk"))
    )
    return [{"kwalificaties": k, "trajecten": n} for k, n in sorted(rows)]


def partners_per_pilot(pilots: list[Pilot] | QuerySet[Pilot]) -> list[dict[str, Any]]:
    """Per pilot: its partners per role in the collaboration, and the distinct organisations."""
    ids = [p.pk for p in pilots]
    per_rol: dict[int, Counter[str]] = {pk: Counter() for pk in ids}
    for pilot_id, rol, n in (
        Partner.objects.filter(pilot_id__in=ids)
        .order_by()
        .values_list("pilot_id", "rol")
        .annotate(n=Count("organisatie", distinct=True))
    ):
        per_rol[pilot_id][rol] = n
    organisaties = dict(
        Partner.objects.filter(pilot_id__in=ids)
        .order_by()
        .values_list("pilot_id")
        .annotate(n=Count("organisatie", distinct=True))
    )
    return [
        {
            "pilot": p.code,
            **{rol: per_rol[p.pk][rol] for rol in PartnerRol.values},
            "organisaties": organisaties.get(p.pk, 0),
        }
        for p in sorted(pilots, key=lambda p: p.code)
    ]


def aanvullende_tabellen(
    deelnemers: QuerySet[Deelnemer],
    *,
    van: date | None,
    tot: date,
    pilots: list[Pilot] | QuerySet[Pilot],
) -> dict[str, list[dict[str, Any]]]:
    """Every additional table, in the order of AANVULLENDE_TABELLEN."""
    return {
        "per_doelgroep": per_doelgroep(deelnemers),
        "per_uitkering": per_uitkering(deelnemers),
        "per_situatie": per_situatie(deelnemers),
        "per_verwijzer": per_verwijzer(deelnemers),
        "uitstroom": uitstroom(deelnemers, van, tot),
        "nametingen": nametingen(deelnemers, van, tot),
        "kwalificaties_per_traject": kwalificaties_per_traject(deelnemers, van, tot),
        "partners_per_pilot": partners_per_pilot(pilots),
    }
