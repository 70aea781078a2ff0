"""What is collected, reported: the additional monitor tables (docs/monitoring.md). Counts only.

One implementation for the national export (`monitor_export(..., aanvullend=True)`), the
dashboards and the bi-monthly report: each table is computed over a queryset of participants
(`definities.deelnemers` or `definities.actieve_deelnemers`) and a window of dates (`van`..`tot`,
`van` empty for "everything up to `tot`"). Every table is aggregated in the database, whatever the
number of pilots; the tables per participant field (target group, benefit, situation, referral
channel) come from one statement together, the others from one query each. Rows hold codes (the
labels belong to the page that shows them); a value that was not recorded is `niet geregistreerd`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from typing import Any

from django.db import connection, models
from django.db.models import Count, Q, QuerySet

from deelnemers.constants import Doelgroep, Situatie, Uitkering
from deelnemers.models import Deelnemer
from kwalificaties.models import Werkproces
from pilots.constants import OrganisatieSoort, PartnerRol
from pilots.models import Pilot
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


# The participants per value of each field the tables count, in one statement (the participants
# computed once); the target groups grouped per stored value, split into codes in Python.
_PER_VELD = """
WITH d (doelgroep, uitkering, situatie, verwijzer) AS ({deelnemers})
SELECT 'doelgroep', doelgroep, NULL, count(*) FROM d GROUP BY doelgroep
UNION ALL
SELECT 'uitkering', NULL, uitkering, count(*) FROM d GROUP BY uitkering
UNION ALL
SELECT 'situatie', NULL, situatie, count(*) FROM d GROUP BY situatie
UNION ALL
SELECT 'verwijzer', NULL, verwijzer, count(*) FROM d GROUP BY verwijzer
"""


def _per_veld(deelnemers: QuerySet[Deelnemer]) -> dict[str, Counter[str]]:
    """Table -> code -> participants, for the target groups (a participant counts in each group
    they belong to), benefit, situation and kind of referring organisation."""
    veld = doelgroep_veld()
    sql, params = (
        deelnemers.order_by()
        .values_list(veld, "uitkering", "situatie", "verwijzer_organisatie__soort")
        .query.sql_with_params()
    )
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    with connection.cursor() as cursor:
        cursor.execute(_PER_VELD.format(deelnemers=sql), params)
        for tabel, doelgroep, waarde, n in cursor:
            if tabel == "doelgroep":
                counts[tabel].update(doelgroep_telling(veld, doelgroep, n))
            else:
                counts[tabel][waarde or NIET_GEREGISTREERD] += n
    return counts


def doelgroep_telling(veld: str, waarde: Any, n: int) -> Counter[str]:
    """`n` participants with the stored value `waarde` of `veld` (`doelgroep_veld()`, read with
    plain SQL: a JSON list may come as text) counted per target group."""
    if isinstance(waarde, str) and isinstance(Deelnemer._meta.get_field(veld), models.JSONField):
        waarde = json.loads(waarde)
    return Counter({code: n for code in doelgroep_codes(waarde) or [NIET_GEREGISTREERD]})


def _in_venster(veld: str, van: date | None, tot: date) -> Q:
    q = Q(**{f"{veld}__lte": tot})
    return q & Q(**{f"{veld}__gte": van}) if van is not None else q


# --- the tables ---------------------------------------------------------------------------------


def per_doelgroep(
    deelnemers: QuerySet[Deelnemer], per_veld: dict[str, Counter[str]] | None = None
) -> list[dict[str, Any]]:
    """Participants per target group; a participant counts in each group they belong to.
    `per_veld`: `_per_veld(deelnemers)` when the caller has it already."""
    counts = (_per_veld(deelnemers) if per_veld is None else per_veld)["doelgroep"]
    return [{"doelgroep": c, "deelnemers": n} for c, n in _geordend(counts, Doelgroep.values)]


def per_uitkering(
    deelnemers: QuerySet[Deelnemer], per_veld: dict[str, Counter[str]] | None = None
) -> list[dict[str, Any]]:
    counts = (_per_veld(deelnemers) if per_veld is None else per_veld)["uitkering"]
    return [{"uitkering": c, "deelnemers": n} for c, n in _geordend(counts, Uitkering.values)]


def per_situatie(
    deelnemers: QuerySet[Deelnemer], per_veld: dict[str, Counter[str]] | None = None
) -> list[dict[str, Any]]:
    counts = (_per_veld(deelnemers) if per_veld is None else per_veld)["situatie"]
    return [{"situatie": c, "deelnemers": n} for c, n in _geordend(counts, Situatie.values)]


def per_verwijzer(
    deelnemers: QuerySet[Deelnemer], per_veld: dict[str, Counter[str]] | None = None
) -> list[dict[str, Any]]:
    """Participants per kind of referring organisation (the referral channel)."""
    counts = (_per_veld(deelnemers) if per_veld is None else per_veld)["verwijzer"]
    return [
        {"verwijzer": c, "deelnemers": n} for c, n in _geordend(counts, OrganisatieSoort.values)
    ]


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


# Started trajecten (`t`) by the number of distinct kwalificaties of their agreed werkprocessen:
# one join and two groupings, not a subquery per traject.
_PER_TRAJECT = """
WITH t (id) AS ({trajecten})
SELECT k, count(*) FROM (
    SELECT t.id, count(DISTINCT w.{kwalificatie}) AS k
    FROM t LEFT JOIN {traject_werkproces} tw ON tw.{traject} = t.id
    LEFT JOIN {werkproces_tabel} w ON w.id = tw.{werkproces}
    GROUP BY t.id
) x GROUP BY k
"""


def kwalificaties_per_traject(
    deelnemers: QuerySet[Deelnemer], van: date | None, tot: date
) -> list[dict[str, Any]]:
    """Started trajecten that ran in the window, by the number of distinct kwalificaties of their
    agreed werkprocessen (0: none agreed, as for imported trajecten)."""
    qs = gestarte_trajecten().filter(startdatum__lte=tot, deelnemer__in=deelnemers.values("pk"))
    if van is not None:
        qs = qs.filter(Q(einddatum__isnull=True) | Q(einddatum__gte=van))
    sql, params = qs.order_by().values_list("pk").query.sql_with_params()
    q = connection.ops.quote_name
    tw, w = TrajectWerkproces._meta, Werkproces._meta
    statement = _PER_TRAJECT.format(
        trajecten=sql,
        traject_werkproces=q(tw.db_table),
        traject=q(tw.get_field("traject").column),
        werkproces=q(tw.get_field("werkproces").column),
        werkproces_tabel=q(w.db_table),
        kwalificatie=q(w.get_field("kwalificatie").column),
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    return [{"kwalificaties": k, "trajecten": n} for k, n in sorted(rows)]


def partners_per_pilot(pilots: list[Pilot] | QuerySet[Pilot]) -> list[dict[str, Any]]:
    """Per pilot: its partners per role in the collaboration, and the distinct organisations.
    One query; a queryset of pilots is filtered in the database (no list of ids)."""
    qs = (
        pilots
        if isinstance(pilots, QuerySet)
        else Pilot.objects.filter(pk__in=[p.pk for p in pilots])
    )
    per_rol = {
        f"rol_{rol}": Count("partners__organisatie", filter=Q(partners__rol=rol), distinct=True)
        for rol in PartnerRol.values
    }
    rows = (
        qs.order_by()
        .annotate(**per_rol, organisaties=Count("partners__organisatie", distinct=True))
        .values("code", *per_rol, "organisaties")
    )
    return [
        {
            "pilot": row["code"],
            **{rol: row[f"rol_{rol}"] for rol in PartnerRol.values},
            "organisaties": row["organisaties"],
        }
        for row in sorted(rows, key=lambda row: row["code"])
    ]


def aanvullende_tabellen(
    deelnemers: QuerySet[Deelnemer],
    *,
    van: date | None,
    tot: date,
    pilots: list[Pilot] | QuerySet[Pilot],
    per_veld: dict[str, Counter[str]] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Every additional table, in the order of AANVULLENDE_TABELLEN. `per_veld`: the counts of
    `_per_veld(deelnemers)` when the caller has them already (the national export)."""
    if per_veld is None:
        per_veld = _per_veld(deelnemers)
    return {
        "per_doelgroep": per_doelgroep(deelnemers, per_veld),
        "per_uitkering": per_uitkering(deelnemers, per_veld),
        "per_situatie": per_situatie(deelnemers, per_veld),
        "per_verwijzer": per_verwijzer(deelnemers, per_veld),
        "uitstroom": uitstroom(deelnemers, van, tot),
        "nametingen": nametingen(deelnemers, van, tot),
        "kwalificaties_per_traject": kwalificaties_per_traject(deelnemers, van, tot),
        "partners_per_pilot": partners_per_pilot(pilots),
    }
