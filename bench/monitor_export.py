"""Benchmark: `monitor_export` (with the additional tables) against the tightest SQL we can write
for the same figures: one statement, shared sub-results computed once (CTEs), the JSON built in
the database.

Creates a throw-away database (`test_<name>` next to DATABASE_URL's, migrated, dropped at the
end), imports the example data set `--copies` times over (as copies x 3 pilots, through the
import service, from generated CSV files), checks that both give the same export, then times the
national export both ways, interleaved (A B A B ...), and prints the medians, the ratio and the
target of issue 16 (export <= 1.2 x the SQL + 50 ms). PostgreSQL only. See bench/README.md.

    DATABASE_URL=postgres://... .venv/bin/python bench/monitor_export.py [--copies 100] [--runs 7]

`tight_sql(peildatum, aanvullend)` is the baseline on its own (bench/national.py times it too).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praktijkleren.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

from deelnemers.constants import Doelgroep, Geslacht, Situatie, Uitkering  # noqa: E402
from kwalificaties.constants import Niveau  # noqa: E402
from monitoring import definities, tabellen  # noqa: E402
from monitoring.export import LEEFTIJDSGROEPEN, NIET_GEREGISTREERD, ONBEKEND  # noqa: E402
from monitoring.export import _zonder_jit as zonder_jit  # noqa: E402
from pilots.constants import OrganisatieSoort, PartnerRol  # noqa: E402
from trajecten.constants import TrajectStatus, UitstroomSoort  # noqa: E402
from trajecten.models.uitstroom import Behaald  # noqa: E402
from verklaringen.constants import RegistratieStatus  # noqa: E402

# ../shared/formats beside the checkout (as in CI), else the workplace's shared folder.
EXAMPLE = next(
    (
        p
        for p in (
            Path(__file__).resolve().parents[2] / "shared" / "formats" / "example",
            Path("/work/shared/formats/example"),
        )
        if p.is_dir()
    ),
    Path("/work/shared/formats/example"),
)
PEILDATUM = date(2021, 1, 13)

# --- the tight statement ---------------------------------------------------------------------
# Sub-results, each computed once: `d` the counted participants with their inschrijfdatum and
# einddatum (monitoring/definities.py); `v` their counted verklaringen with the kenmerken stored on
# the register entry, their position per participant and their place in the order of participant
# and position; `lb` leerbedrijven (trajecten plus verklaringen) per participant; `pp` the per-pilot
# counts; `m`..`dk` the change per two-month period `k` in active participants and in pilots with
# any (active from the period of the inschrijfdatum up to that of the einddatum: +1, then -1),
# summed over the periods at the end. Text that the export sorts in Python is sorted with
# COLLATE "C" (code points).
WITH = """
WITH g AS (
    SELECT deelnemer_id, min(startdatum) AS start,
           CASE WHEN bool_or(status = %(lopend)s) THEN NULL ELSE max(einddatum) END AS eind
    FROM trajecten_traject
    WHERE status = ANY(%(gestart)s) AND startdatum IS NOT NULL
    GROUP BY deelnemer_id
), d AS MATERIALIZED (
    SELECT dd.id, dd.pilot_id, dd.geslacht, dd.geboortedatum, g.start, g.eind,
           dd.mbo_instelling_id, dd.doelgroepen, dd.uitkering, dd.situatie,
           dd.verwijzer_organisatie_id
    FROM deelnemers_deelnemer dd JOIN g ON g.deelnemer_id = dd.id
    WHERE g.start <= %(p)s
), v AS MATERIALIZED (
    SELECT r.pilot_id, r.deelnemer_id, r.leerbedrijf_id, r.aantal_werkprocessen AS aantal,
           r.kwalificatie_crebo AS crebo, r.kwalificatie_naam AS naam,
           r.kwalificatie_niveau AS niveau, r.kwalificatie_domein AS domein,
           r.brancheorganisaties AS branches,
           row_number() OVER (PARTITION BY r.deelnemer_id
                              ORDER BY r.uitgegeven_op, r.volgnummer, r.id) AS pos,
           row_number() OVER (ORDER BY r.deelnemer_id, r.uitgegeven_op, r.volgnummer, r.id)
               AS volgorde
    FROM verklaringen_registratie r JOIN d ON d.id = r.deelnemer_id
    WHERE r.status = %(geldig)s AND r.uitgegeven_op <= %(p)s
), lb AS MATERIALIZED (
    SELECT d.pilot_id, t.leerbedrijf_id, d.id AS deelnemer_id
    FROM trajecten_traject t JOIN d ON d.id = t.deelnemer_id
    WHERE t.leerbedrijf_id IS NOT NULL
    UNION ALL
    SELECT pilot_id, leerbedrijf_id, deelnemer_id FROM v WHERE leerbedrijf_id IS NOT NULL
), pd AS (
    SELECT pilot_id, count(*) AS n,
           count(*) FILTER (WHERE geslacht = %(man)s) AS man,
           count(*) FILTER (WHERE geslacht = %(vrouw)s) AS vrouw,
           count(*) FILTER (WHERE geslacht = %(x)s) AS x
    FROM d GROUP BY pilot_id
), po AS (
    SELECT pilot_id, count(*) AS n FROM d
    WHERE NOT EXISTS (SELECT 1 FROM lb WHERE lb.deelnemer_id = d.id)
    GROUP BY pilot_id
), pv AS (
    SELECT pilot_id, count(*) AS n, count(DISTINCT deelnemer_id) AS dn FROM v GROUP BY pilot_id
), pl AS (
    SELECT pilot_id, count(DISTINCT leerbedrijf_id) AS n FROM lb GROUP BY pilot_id
), pp AS (
    SELECT p.code, p.naam, p.soort, p.tranche, coalesce(pd.n, 0) AS deelnemers,
           coalesce(pd.man, 0) AS man, coalesce(pd.vrouw, 0) AS vrouw, coalesce(pd.x, 0) AS x,
           coalesce(pv.dn, 0) AS met_verklaring, coalesce(pv.n, 0) AS verklaringen,
           coalesce(pl.n, 0) AS leerbedrijven, coalesce(po.n, 0) AS onbekend
    FROM pilots_pilot p
    LEFT JOIN pd ON pd.pilot_id = p.id
    LEFT JOIN pv ON pv.pilot_id = p.id
    LEFT JOIN pl ON pl.pilot_id = p.id
    LEFT JOIN po ON po.pilot_id = p.id
), m AS (
    SELECT pilot_id, (extract(year FROM start)::int * 12 + extract(month FROM start)::int - 1) / 2
               AS ks,
           (extract(year FROM eind)::int * 12 + extract(month FROM eind)::int - 1) / 2 AS ke,
           count(*) AS n
    FROM d GROUP BY 1, 2, 3
), e AS (
    SELECT pilot_id, ks AS k, n FROM m WHERE ke IS NULL OR ke >= ks
    UNION ALL
    SELECT pilot_id, ke + 1, -n FROM m WHERE ke >= ks
), pe AS (
    SELECT pilot_id, k, sum(n) AS n,
           (sum(sum(n)) OVER (PARTITION BY pilot_id ORDER BY k) > 0)::int AS actief
    FROM e GROUP BY pilot_id, k
), dk AS (
    SELECT k, sum(n) AS n, sum(wordt) AS pilots
    FROM (SELECT k, n, actief - coalesce(lag(actief) OVER (PARTITION BY pilot_id ORDER BY k), 0)
                           AS wordt
          FROM pe) x
    GROUP BY k
), perioden AS (
    SELECT k, make_date(k * 2 / 12, mod(k * 2, 12) + 1, 1) AS eerste
    FROM generate_series((SELECT min(ks) FROM m),
                         (extract(year FROM %(p)s::date)::int * 12
                          + extract(month FROM %(p)s::date)::int - 1) / 2) k
), kw AS (
    SELECT crebo, min(volgorde) AS eerste, count(*) AS n,
           count(*) FILTER (WHERE pos = 1) AS p1, count(*) FILTER (WHERE pos = 2) AS p2,
           count(*) FILTER (WHERE pos >= 3) AS p3
    FROM v WHERE aantal > 0 GROUP BY crebo
), br AS (
    SELECT coalesce((SELECT string_agg(b, ', ' ORDER BY b COLLATE "C")
                     FROM jsonb_array_elements_text(x.branches) b), %(niet)s) AS naam,
           x.n, x.p1, x.p2, x.p3
    FROM (SELECT branches, count(*) AS n, count(*) FILTER (WHERE pos = 1) AS p1,
                 count(*) FILTER (WHERE pos = 2) AS p2, count(*) FILTER (WHERE pos >= 3) AS p3
          FROM v GROUP BY branches) x
)"""

# The additional tables' sub-results (monitoring/tabellen.py): a value per participant.
WITH_AANVULLEND = """, dg AS (
    SELECT c, count(*) AS n
    FROM (SELECT DISTINCT d.id, c
          FROM d, jsonb_array_elements_text(
                      CASE WHEN jsonb_typeof(d.doelgroepen) = 'array' THEN d.doelgroepen
                           ELSE '[]' END) c
          WHERE c <> '') x
    GROUP BY c
    UNION ALL
    SELECT %(niet)s, count(*) FROM d
    WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(
                          CASE WHEN jsonb_typeof(d.doelgroepen) = 'array' THEN d.doelgroepen
                               ELSE '[]' END) c
                      WHERE c <> '')
), uk AS (
    SELECT coalesce(nullif(uitkering, ''), %(niet)s) AS c, count(*) AS n FROM d GROUP BY 1
), st AS (
    SELECT coalesce(nullif(situatie, ''), %(niet)s) AS c, count(*) AS n FROM d GROUP BY 1
), vw AS (
    SELECT coalesce(nullif(o.soort, ''), %(niet)s) AS c, count(*) AS n
    FROM d LEFT JOIN pilots_organisatie o ON o.id = d.verwijzer_organisatie_id GROUP BY 1
), us AS (
    SELECT u.soort, count(*) AS n, count(*) FILTER (WHERE u.behaald = %(certificaat)s) AS cert,
           count(*) FILTER (WHERE u.behaald = %(diploma)s) AS dipl
    FROM trajecten_uitstroom u JOIN trajecten_traject t ON t.id = u.traject_id
    JOIN d ON d.id = t.deelnemer_id
    WHERE u.datum <= %(p)s GROUP BY 1
), nm AS (
    SELECT CASE WHEN n.beantwoord_op IS NULL OR n.beantwoord_op > %(p)s THEN %(niet_beantwoord)s
                ELSE coalesce(nullif(n.situatie, ''), %(onbekend_soort)s) END AS s,
           n.maanden, count(*) AS n
    FROM trajecten_nameting n JOIN trajecten_traject t ON t.id = n.traject_id
    JOIN d ON d.id = t.deelnemer_id
    WHERE n.gevraagd_op <= %(p)s GROUP BY 1, 2
), kt AS (
    SELECT coalesce(k.n, 0) AS k, count(*) AS n
    FROM trajecten_traject t JOIN d ON d.id = t.deelnemer_id
    LEFT JOIN (SELECT tw.traject_id, count(DISTINCT w.kwalificatie_id) AS n
               FROM trajecten_trajectwerkproces tw
               JOIN kwalificaties_werkproces w ON w.id = tw.werkproces_id
               GROUP BY tw.traject_id) k ON k.traject_id = t.id
    WHERE t.status = ANY(%(gestart)s) AND t.startdatum IS NOT NULL AND t.startdatum <= %(p)s
    GROUP BY 1
), pr AS (
    SELECT pilot_id, rol, count(DISTINCT organisatie_id) AS n
    FROM pilots_partner GROUP BY 1, 2
), pn AS (
    SELECT pilot_id, count(DISTINCT organisatie_id) AS n FROM pilots_partner GROUP BY 1
)"""

SELECT = """
SELECT json_build_object(
    'peildatum', to_char(%(p)s::date, 'YYYY-MM-DD'),
    'totalen', (SELECT json_build_object(
        'pilots', count(*), 'deelnemers', coalesce(sum(deelnemers), 0),
        'deelnemers_met_verklaring', coalesce(sum(met_verklaring), 0),
        'verklaringen', coalesce(sum(verklaringen), 0),
        'leerbedrijven', (SELECT count(DISTINCT leerbedrijf_id) FROM lb),
        'leerbedrijf_onbekend', coalesce(sum(onbekend), 0)) FROM pp),
    'per_pilot', (SELECT coalesce(json_agg(json_build_object(
        'pilot', code, 'naam', naam, 'soort', soort, 'tranche', tranche,
        'deelnemers', deelnemers, 'man', man, 'vrouw', vrouw, 'x', x,
        'deelnemers_met_verklaring', met_verklaring, 'verklaringen', verklaringen,
        'leerbedrijven', leerbedrijven, 'leerbedrijf_onbekend', onbekend) ORDER BY code), '[]')
        FROM pp),
    'leeftijdsgroepen', (SELECT json_agg(json_build_object('groep', g.groep,
                                                           'deelnemers', coalesce(n.n, 0))
                                         ORDER BY g.i)
        FROM unnest(%(groepen)s::text[]) WITH ORDINALITY g(groep, i)
        LEFT JOIN (SELECT CASE WHEN a <= 17 THEN 1 WHEN a <= 22 THEN 2 WHEN a <= 27 THEN 3
                               WHEN a <= 54 THEN 4 ELSE 5 END AS i, count(*) AS n
                   FROM (SELECT date_part('year', age(start, geboortedatum)) AS a FROM d) x
                   GROUP BY 1) n ON n.i = g.i),
    'per_mbo_instelling', (SELECT coalesce(json_agg(json_build_object(
            'mbo_instelling', naam, 'deelnemers', n) ORDER BY naam COLLATE "C"), '[]')
        FROM (SELECT coalesce(nullif(o.naam, ''), %(onbekend)s) AS naam, count(*) AS n
              FROM d LEFT JOIN pilots_organisatie o ON o.id = d.mbo_instelling_id
              GROUP BY 1) x),
    'per_niveau', (SELECT json_agg(json_build_object('niveau', k.niveau,
                                                     'verklaringen', coalesce(n.n, 0),
                                                     'deelnemers', coalesce(n.dn, 0))
                                   ORDER BY k.i)
        FROM unnest(%(niveaus)s::text[]) WITH ORDINALITY k(niveau, i)
        LEFT JOIN (SELECT niveau, count(*) AS n, count(DISTINCT deelnemer_id) AS dn
                   FROM v WHERE aantal > 0 GROUP BY niveau) n ON n.niveau = k.niveau),
    'per_domein', (SELECT coalesce(json_agg(json_build_object('domein', domein,
                                                              'verklaringen', n)
                                            ORDER BY domein COLLATE "C"), '[]')
        FROM (SELECT domein, count(*) AS n FROM v WHERE aantal > 0 GROUP BY domein) x),
    'per_kwalificatie', (SELECT coalesce(json_agg(json_build_object(
            'crebo', kw.crebo, 'naam', v.naam, 'niveau', v.niveau, 'verklaring_1', kw.p1,
            'verklaring_2', kw.p2, 'verklaring_3_of_meer', kw.p3, 'totaal', kw.n)
            ORDER BY kw.crebo COLLATE "C"), '[]')
        FROM kw JOIN v ON v.volgorde = kw.eerste),
    'werkprocessen_per_verklaring', (SELECT coalesce(json_agg(json_build_object(
            'werkprocessen', aantal, 'verklaringen', n) ORDER BY aantal), '[]')
        FROM (SELECT aantal, count(*) AS n FROM v GROUP BY aantal) x),
    'per_brancheorganisatie', (SELECT coalesce(json_agg(json_build_object(
            'brancheorganisaties', naam, 'verklaring_1', p1, 'verklaring_2', p2,
            'verklaring_3_of_meer', p3, 'totaal', n) ORDER BY naam COLLATE "C"), '[]')
        FROM (SELECT naam, sum(n) AS n, sum(p1) AS p1, sum(p2) AS p2, sum(p3) AS p3
              FROM br GROUP BY naam) x),
    'actief_per_periode', (SELECT coalesce(json_agg(json_build_object(
            'periode', to_char(eerste, 'YYYY-MM') || '/'
                       || to_char(eerste + interval '1 month', 'MM'),
            'pilots_met_actieve_deelnemers', pilots, 'actieve_deelnemers', n) ORDER BY k), '[]')
        FROM (SELECT perioden.k, eerste,
                     sum(coalesce(dk.pilots, 0)) OVER (ORDER BY perioden.k) AS pilots,
                     sum(coalesce(dk.n, 0)) OVER (ORDER BY perioden.k) AS n
              FROM perioden LEFT JOIN dk ON dk.k = perioden.k) x){aanvullend}
)::text"""

# Codes in the order of their choices (also when zero), then other codes found (sorted), then
# `niet geregistreerd` (monitoring.tabellen._geordend); `{t}` holds (c, n).
GEORDEND = """(SELECT json_agg(json_build_object('{key}', c, 'deelnemers', n)
                         ORDER BY o, c COLLATE "C")
        FROM (SELECT k.c, coalesce(t.n, 0) AS n, k.i AS o
              FROM unnest(%({codes})s::text[]) WITH ORDINALITY k(c, i)
              LEFT JOIN {t} t ON t.c = k.c
              UNION ALL
              SELECT c, n, 1000000 FROM {t} WHERE c <> ALL(%({codes})s) AND c <> %(niet)s
              UNION ALL
              SELECT %(niet)s, coalesce((SELECT sum(n) FROM {t} WHERE c = %(niet)s), 0),
                     2000000) x)"""

AANVULLEND = """,
    'per_doelgroep', {doelgroep},
    'per_uitkering', {uitkering},
    'per_situatie', {situatie},
    'per_verwijzer', {verwijzer},
    'uitstroom', (SELECT json_agg(json_build_object(
            'uitstroom', k.s, 'trajecten', coalesce(us.n, 0),
            'mbo_certificaat', coalesce(us.cert, 0), 'mbo_diploma', coalesce(us.dipl, 0))
            ORDER BY k.i)
        FROM unnest(%(uitstroom)s::text[]) WITH ORDINALITY k(s, i)
        LEFT JOIN us ON us.soort = k.s),
    'nametingen', (SELECT json_agg(json_build_object(
            'situatie', k.s,
            'na_6_maanden', coalesce((SELECT n FROM nm WHERE nm.s = k.s AND maanden = 6), 0),
            'na_12_maanden', coalesce((SELECT n FROM nm WHERE nm.s = k.s AND maanden = 12), 0))
            ORDER BY k.i)
        FROM unnest(%(nameting)s::text[]) WITH ORDINALITY k(s, i)),
    'kwalificaties_per_traject', (SELECT coalesce(json_agg(json_build_object(
            'kwalificaties', k, 'trajecten', n) ORDER BY k), '[]') FROM kt),
    'partners_per_pilot', (SELECT coalesce(json_agg(rij ORDER BY code COLLATE "C"), '[]')
        FROM (SELECT p.code, jsonb_build_object('pilot', p.code)
                     || jsonb_object_agg(r.rol, coalesce(pr.n, 0))
                     || jsonb_build_object('organisaties', coalesce(max(pn.n), 0)) AS rij
              FROM pilots_pilot p CROSS JOIN unnest(%(rollen)s::text[]) r(rol)
              LEFT JOIN pr ON pr.pilot_id = p.id AND pr.rol = r.rol
              LEFT JOIN pn ON pn.pilot_id = p.id
              GROUP BY p.id, p.code) x)"""


def _statement(aanvullend: bool) -> str:
    if not aanvullend:
        return WITH + SELECT.replace("{aanvullend}", "")
    geordend = {
        naam: GEORDEND.format(key=naam, codes=naam, t=t)
        for naam, t in (
            ("doelgroep", "dg"),
            ("uitkering", "uk"),
            ("situatie", "st"),
            ("verwijzer", "vw"),
        )
    }
    return WITH + WITH_AANVULLEND + SELECT.replace("{aanvullend}", AANVULLEND.format(**geordend))


def _params(peildatum: date) -> dict[str, Any]:
    return {
        "p": peildatum,
        "lopend": TrajectStatus.LOPEND.value,
        "gestart": [status.value for status in definities.GESTART],
        "geldig": RegistratieStatus.GELDIG.value,
        "man": Geslacht.MAN.value,
        "vrouw": Geslacht.VROUW.value,
        "x": Geslacht.X.value,
        "niet": NIET_GEREGISTREERD,
        "onbekend": ONBEKEND,
        "groepen": LEEFTIJDSGROEPEN,
        "niveaus": Niveau.values,
        "doelgroep": Doelgroep.values,
        "uitkering": Uitkering.values,
        "situatie": Situatie.values,
        "verwijzer": OrganisatieSoort.values,
        "uitstroom": UitstroomSoort.values,
        "nameting": [*UitstroomSoort.values, tabellen.NIET_BEANTWOORD],
        "niet_beantwoord": tabellen.NIET_BEANTWOORD,
        "onbekend_soort": UitstroomSoort.ONBEKEND.value,
        "certificaat": Behaald.CERTIFICAAT.value,
        "diploma": Behaald.DIPLOMA.value,
        "rollen": PartnerRol.values,
    }


def tight_sql(peildatum: date, aanvullend: bool = True) -> dict[str, Any]:
    """The national monitor export (as `monitor_export(peildatum=..., aanvullend=...)`) in one
    statement on Django's default connection, JIT off as for the export; the parsed JSON."""
    with zonder_jit(), connection.cursor() as cursor:
        cursor.execute(_statement(aanvullend), _params(peildatum))
        (tekst,) = cursor.fetchone()
    data: dict[str, Any] = json.loads(tekst)
    return data


# --- the data set ------------------------------------------------------------------------------


def generate(folder: Path, copies: int) -> None:
    """The example `copies` times, pilots renamed `<code>-<k>`; kwalificaties once."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kwalificaties.csv").write_bytes((EXAMPLE / "kwalificaties.csv").read_bytes())
    for name, columns in (
        ("pilots.csv", ["code"]),
        ("deelnemers.csv", ["pilot", "deelnemer_id"]),
        ("verklaringen.csv", ["pilot", "deelnemer_id"]),
    ):
        with (EXAMPLE / name).open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        header, body = rows[0], rows[1:]
        idx = [header.index(c) for c in columns]
        with (folder / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            for k in range(copies):
                for row in body:
                    row = list(row)
                    for i in idx:
                        row[i] = f"{row[i]}-{k}"
                    writer.writerow(row)


# --- measuring ---------------------------------------------------------------------------------


def check(export: dict[str, Any], sql: dict[str, Any]) -> None:
    """The two ways give the same export (a benchmark of different work would mean nothing)."""
    verschil = [k for k in {**export, **sql} if export.get(k) != sql.get(k)]
    assert not verschil, f"monitor_export and the SQL differ in: {', '.join(verschil)}"


def interleaved(a: Callable[[], Any], b: Callable[[], Any], runs: int) -> tuple[list[float], ...]:
    """Seconds per run of `a` and of `b`, run in turns (A B A B ...)."""
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(runs):
        for fn, times in ((a, ta), (b, tb)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return ta, tb


# The export keeps its result in the cache (monitoring/cijfers.py): measure the computation.
ZONDER_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the SQL side is PostgreSQL).")

    from monitoring.export import monitor_export
    from monitoring.importeren import importeer_praktijkloket

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            generate(Path(tmp), args.copies)
            start = time.perf_counter()
            result = importeer_praktijkloket(map=Path(tmp))
            if result.errors:
                sys.exit("\n".join(result.errors[:20]))
            print(f"imported in {time.perf_counter() - start:.1f} s:", *result.samenvatting())
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        with override_settings(CACHES=ZONDER_CACHE):
            export = lambda: monitor_export(peildatum=PEILDATUM, aanvullend=True)  # noqa: E731
            sql = lambda: tight_sql(PEILDATUM, aanvullend=True)  # noqa: E731
            check(export(), sql())
            t_export, t_sql = interleaved(export, sql, args.runs)
        m_export, m_sql = statistics.median(t_export), statistics.median(t_sql)
        doel = 1.2 * m_sql + 0.050
        print(f"runs: {args.runs} interleaved, copies: {args.copies} ({3 * args.copies} pilots)")
        print(f"monitor_export median {m_export * 1000:8.1f} ms")
        print(f"tight SQL      median {m_sql * 1000:8.1f} ms")
        print(
            f"ratio {m_export / m_sql:.2f}; target: export <= 1.2 x SQL + 50 ms = "
            f"{doel * 1000:.1f} ms: {'met' if m_export <= doel else 'NOT met'}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
