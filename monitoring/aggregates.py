"""The national export's figures aggregated in the database (issue 16): a statement over the
participants and one over their counted verklaringen, each computing its sub-result once and
grouping it per table. `monitoring.export` builds the export from their rows. The definitions
come from `monitoring.definities` and the export's querysets (compiled into the statements), the
kenmerken of a verklaring from its register entry (`verklaringen.kenmerken`). Plain SQL that
PostgreSQL and SQLite both run.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, models
from django.db.models import F, QuerySet, Window
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, RowNumber

from deelnemers.constants import Geslacht
from deelnemers.models import Deelnemer
from pilots.models import Organisatie, Pilot
from trajecten.models import Traject
from verklaringen.models import Registratie

from . import definities
from .tabellen import NIET_GEREGISTREERD, doelgroep_telling, doelgroep_veld

# The participants' tables in one statement over `l` (definities.looptijden_query: one row per
# participant with the parts of their inschrijfdatum, birth date and last end date): per pilot
# (men, women, x), per age in whole years on the inschrijfdatum, per mbo-instelling (its name),
# per value of the fields the additional tables count (`tabellen.per_veld`: target groups,
# benefit, situation, kind of referring organisation), and the participants active per two-month
# period (index `k`: (year * 12 + month - 1) / 2).
# A participant is active from the period `ks` of their inschrijfdatum up to the period `ke` of
# their einddatum (none while a traject runs): +1 at `ks`, -1 after `ke`. `actief` rows give per
# period the change in active participants and in pilots with any (`pe`: a pilot's running count
# per period where it changes); `export._actief` adds them up. Plain SQL that SQLite runs too.
PER_DEELNEMER = """
WITH l (deelnemer_id, pilot_id, loopt, sj, sm, sd, gj, gm, gd, ej, em) AS ({looptijden}),
d AS (
    SELECT l.pilot_id, dd.geslacht, o.naam AS mbo, dd.{doelgroep} AS doelgroep, dd.uitkering,
           dd.situatie, vo.soort AS verwijzer,
           CAST(sj - gj - CASE WHEN sm < gm OR (sm = gm AND sd < gd) THEN 1 ELSE 0 END
                AS INTEGER) AS leeftijd,
           CAST(sj * 12 + sm - 1 AS INTEGER) / 2 AS ks,
           CASE WHEN loopt = 0 THEN CAST(ej * 12 + em - 1 AS INTEGER) / 2 END AS ke
    FROM l JOIN {deelnemer} dd ON dd.id = l.deelnemer_id
    LEFT JOIN {organisatie} o ON o.id = dd.mbo_instelling_id
    LEFT JOIN {organisatie} vo ON vo.id = dd.verwijzer_organisatie_id
),
m AS (SELECT pilot_id, ks, ke, count(*) AS n FROM d GROUP BY pilot_id, ks, ke),
e AS (
    SELECT pilot_id, ks AS k, n FROM m WHERE ke IS NULL OR ke >= ks
    UNION ALL
    SELECT pilot_id, ke + 1, -n FROM m WHERE ke >= ks
),
pe AS (
    SELECT pilot_id, k, sum(n) AS n,
           CASE WHEN sum(sum(n)) OVER (PARTITION BY pilot_id ORDER BY k) > 0 THEN 1 ELSE 0 END
               AS actief
    FROM e GROUP BY pilot_id, k
)
SELECT 'doelgroep', NULL, NULL, doelgroep, count(*), 0, 0, 0 FROM d GROUP BY doelgroep
UNION ALL
SELECT 'pilot', pilot_id, NULL, NULL, count(*), count(CASE WHEN geslacht = %s THEN 1 END),
       count(CASE WHEN geslacht = %s THEN 1 END), count(CASE WHEN geslacht = %s THEN 1 END)
FROM d GROUP BY pilot_id
UNION ALL
SELECT 'leeftijd', leeftijd, NULL, NULL, count(*), 0, 0, 0 FROM d GROUP BY leeftijd
UNION ALL
SELECT 'mbo', NULL, mbo, NULL, count(*), 0, 0, 0 FROM d GROUP BY mbo
UNION ALL
SELECT 'uitkering', NULL, uitkering, NULL, count(*), 0, 0, 0 FROM d GROUP BY uitkering
UNION ALL
SELECT 'situatie', NULL, situatie, NULL, count(*), 0, 0, 0 FROM d GROUP BY situatie
UNION ALL
SELECT 'verwijzer', NULL, verwijzer, NULL, count(*), 0, 0, 0 FROM d GROUP BY verwijzer
UNION ALL
SELECT 'eerste', min(ks), NULL, NULL, 0, 0, 0, 0 FROM m
UNION ALL
SELECT 'actief', k, NULL, NULL, CAST(sum(n) AS INTEGER), CAST(sum(wordt_actief) AS INTEGER), 0,
       0
FROM (SELECT k, n, actief - coalesce(lag(actief) OVER (PARTITION BY pilot_id ORDER BY k), 0)
                   AS wordt_actief
      FROM pe) x
GROUP BY k
"""


def periode_index(dag: date) -> int:
    return (dag.year * 12 + dag.month - 1) // 2


def per_deelnemer(
    peildatum: date, pilot: Pilot | None
) -> tuple[dict[str, dict[Any, tuple[int, ...]]], dict[str, Counter[str]]]:
    """Table -> value -> counts (`PER_DEELNEMER`), and the participants per value of the fields
    of `tabellen.per_veld` (as `tabellen._per_veld` counts them)."""
    l_sql, l_params = (
        definities.looptijden_query(pilot=pilot, peildatum=peildatum)
        .annotate(
            sj=ExtractYear("start"),
            sm=ExtractMonth("start"),
            sd=ExtractDay("start"),
            gj=ExtractYear("deelnemer__geboortedatum"),
            gm=ExtractMonth("deelnemer__geboortedatum"),
            gd=ExtractDay("deelnemer__geboortedatum"),
            ej=ExtractYear("eind"),
            em=ExtractMonth("eind"),
        )
        .values_list("deelnemer_id", "deelnemer__pilot_id", "loopt", *_L)
        .query.sql_with_params()
    )
    veld = doelgroep_veld()
    doelgroep = Deelnemer._meta.get_field(veld)
    assert isinstance(doelgroep, models.Field)
    sql = PER_DEELNEMER.format(
        looptijden=l_sql,
        deelnemer=connection.ops.quote_name(Deelnemer._meta.db_table),
        doelgroep=connection.ops.quote_name(doelgroep.column or veld),
        organisatie=connection.ops.quote_name(Organisatie._meta.db_table),
    )
    params = [*l_params, Geslacht.MAN, Geslacht.VROUW, Geslacht.X]
    tabellen: dict[str, dict[Any, tuple[int, ...]]] = defaultdict(dict)
    per_veld: dict[str, Counter[str]] = defaultdict(Counter)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for tabel, getal, tekst, doelgroep, *cijfers in cursor:
            if tabel == "doelgroep":
                per_veld[tabel].update(doelgroep_telling(veld, doelgroep, cijfers[0]))
            elif tabel in ("uitkering", "situatie", "verwijzer"):
                per_veld[tabel][tekst or NIET_GEREGISTREERD] += cijfers[0]
            else:
                tabellen[tabel][getal if getal is not None else tekst] = tuple(cijfers)
    return tabellen, per_veld


_L = ["sj", "sm", "sd", "gj", "gm", "gd", "ej", "em"]


@dataclass
class Groep:
    """One group of counted verklaringen (a row of `PER_VERKLARING`)."""

    verklaringen: int = 0
    deelnemers: int = 0
    positie_1: int = 0
    positie_2: int = 0
    positie_3_of_meer: int = 0
    # kwalificatie: its naam and niveau, and the place of its first verklaring in `v`.
    naam: str = ""
    niveau: str = ""
    eerste: int = 0

    def plus(self, other: Groep) -> None:
        """Merge a group that counts as the same value (the same brancheorganisaties in
        another order; the same crebo printed with another naam or niveau)."""
        if other.eerste < self.eerste:
            self.naam, self.niveau, self.eerste = other.naam, other.niveau, other.eerste
        self.verklaringen += other.verklaringen
        self.positie_1 += other.positie_1
        self.positie_2 += other.positie_2
        self.positie_3_of_meer += other.positie_3_of_meer


# The tables over the counted verklaringen `v` in one statement, one GROUP BY each over the
# stored kenmerken (`v` is computed once). `positie`: the verklaring's position among the
# participant's; `volgorde`: its place in the order of participant and position (a kwalificatie
# printed with different names is named after its first verklaring). Leerbedrijven (`lb`) are those
# of the counted verklaringen plus those of the participants' trajecten, per pilot and in all;
# `met_leerbedrijf`: the participants with any, per pilot of the participant.
# Plain SQL that SQLite runs too (the first SELECT fixes each column's type, jsonb for the
# brancheorganisaties); the values are sorted in Python, as Python sorts text.
PER_VERKLARING = """
WITH v (pilot_id, deelnemer_id, leerbedrijf_id, aantal, crebo, naam, niveau, domein, branches,
        positie, volgorde, deelnemer_pilot_id) AS ({verklaringen}),
lb (pilot_id, leerbedrijf_id, deelnemer_id, deelnemer_pilot_id) AS (
    SELECT pilot_id, leerbedrijf_id, deelnemer_id, deelnemer_pilot_id
    FROM v WHERE leerbedrijf_id IS NOT NULL
    UNION ALL {trajecten}
)
SELECT 'branche', NULL, NULL, branches, count(*), 0, count(CASE WHEN positie = 1 THEN 1 END),
       count(CASE WHEN positie = 2 THEN 1 END), count(CASE WHEN positie >= 3 THEN 1 END), NULL,
       NULL, 0
FROM v GROUP BY branches
UNION ALL
SELECT 'pilot', pilot_id, NULL, NULL, count(*), count(DISTINCT deelnemer_id), 0, 0, 0, NULL,
       NULL, 0
FROM v GROUP BY pilot_id
UNION ALL
SELECT 'aantal', aantal, NULL, NULL, count(*), 0, 0, 0, 0, NULL, NULL, 0 FROM v GROUP BY aantal
UNION ALL
SELECT 'niveau', NULL, niveau, NULL, count(*), count(DISTINCT deelnemer_id), 0, 0, 0, NULL, NULL,
       0
FROM v WHERE aantal > 0 GROUP BY niveau
UNION ALL
SELECT 'domein', NULL, domein, NULL, count(*), 0, 0, 0, 0, NULL, NULL, 0
FROM v WHERE aantal > 0 GROUP BY domein
UNION ALL
SELECT 'kwalificatie', NULL, crebo, NULL, count(*), 0, count(CASE WHEN positie = 1 THEN 1 END),
       count(CASE WHEN positie = 2 THEN 1 END), count(CASE WHEN positie >= 3 THEN 1 END), naam,
       niveau, min(volgorde)
FROM v WHERE aantal > 0 GROUP BY crebo, naam, niveau
UNION ALL
SELECT 'leerbedrijven', pilot_id, NULL, NULL, count(DISTINCT leerbedrijf_id), 0, 0, 0, 0, NULL,
       NULL, 0
FROM lb GROUP BY pilot_id
UNION ALL
SELECT 'leerbedrijven', NULL, NULL, NULL, count(DISTINCT leerbedrijf_id), 0, 0, 0, 0, NULL, NULL,
       0
FROM lb
UNION ALL
SELECT 'met_leerbedrijf', deelnemer_pilot_id, NULL, NULL, count(DISTINCT deelnemer_id), 0, 0, 0, 0,
       NULL, NULL, 0
FROM lb GROUP BY deelnemer_pilot_id
"""

# The columns of `v`, in its order.
_V = [
    "pilot_id", "deelnemer_id", "leerbedrijf_id", "aantal_werkprocessen", "kwalificatie_crebo",
    "kwalificatie_naam", "kwalificatie_niveau", "kwalificatie_domein", "brancheorganisaties",
    "positie", "volgorde", "deelnemer__pilot_id",
]  # fmt: skip


def branche_naam(branches: Any) -> str:
    """The brancheorganisaties recorded on a verklaring as one name ("ActiZ, VGN")."""
    if isinstance(branches, (str, bytes)):
        branches = json.loads(branches)
    return ", ".join(sorted(branches)) if branches else NIET_GEREGISTREERD


def per_verklaring(
    verklaringen: QuerySet[Registratie], trajecten: QuerySet[Traject, Any]
) -> dict[str, dict[Any, Groep]]:
    """Table -> value -> its group of counted verklaringen (`PER_VERKLARING`); `trajecten`
    gives (pilot_id, leerbedrijf_id) pairs. The leerbedrijven of all pilots: key None."""
    volgorde = [F("deelnemer_id").asc(), F("uitgegeven_op").asc(), F("volgnummer").asc(),
                F("pk").asc()]  # fmt: skip
    v_sql, v_params = (
        verklaringen.order_by()
        .annotate(
            positie=Window(RowNumber(), partition_by=[F("deelnemer_id")], order_by=volgorde[1:]),
            volgorde=Window(RowNumber(), order_by=volgorde),
        )
        .values_list(*_V)
        .query.sql_with_params()
    )
    t_sql, t_params = trajecten.query.sql_with_params()
    tabellen: dict[str, dict[Any, Groep]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(
            PER_VERKLARING.format(verklaringen=v_sql, trajecten=t_sql), [*v_params, *t_params]
        )
        for tabel, getal, tekst, branches, n, dn, p1, p2, p3, naam, niveau, eerste in cursor:
            groep = Groep(n, dn, p1, p2, p3, naam=naam or "", niveau=niveau or "", eerste=eerste)
            sleutel = (
                branche_naam(branches)
                if tabel == "branche"
                else (getal if getal is not None else tekst)
            )
            if tabel in ("leerbedrijven", "met_leerbedrijf") or sleutel not in tabellen[tabel]:
                tabellen[tabel][sleutel] = groep
            else:
                tabellen[tabel][sleutel].plus(groep)
    return tabellen
