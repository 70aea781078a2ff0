"""Benchmark: `monitor_export` (with the additional tables) against hand-written SQL aggregate
queries for the same figures.

Creates a throw-away database (`test_<name>` next to DATABASE_URL's, migrated, dropped at the
end), imports the example data set 100 times over (as 100 x 3 pilots, through the import service,
from generated CSV files), then times the national export both ways and prints the medians and
their ratio. PostgreSQL only. See bench/README.md.

    DATABASE_URL=postgres://... .venv/bin/python bench/monitor_export.py [--copies 100] [--runs 7]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praktijkleren.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

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

# The same figures in plain SQL (PostgreSQL). `d`: counted participants; `v`: their counted
# verklaringen with their position; `dom`: each verklaring's kwalificatie.
BASE = """
WITH g AS (
    SELECT deelnemer_id, min(startdatum) AS start,
           CASE WHEN bool_or(status = 'lopend') THEN NULL ELSE max(einddatum) END AS eind
    FROM trajecten_traject
    WHERE status IN ('lopend', 'afgerond', 'gestopt') AND startdatum IS NOT NULL
    GROUP BY deelnemer_id
), d AS (
    SELECT dd.id, dd.pilot_id, dd.geslacht, dd.geboortedatum, g.start, g.eind,
           dd.mbo_instelling_id, dd.doelgroepen, dd.uitkering, dd.situatie,
           dd.verwijzer_organisatie_id
    FROM deelnemers_deelnemer dd JOIN g ON g.deelnemer_id = dd.id WHERE g.start <= %(p)s
), v AS (
    SELECT r.id, r.pilot_id, r.deelnemer_id, r.leerbedrijf_id, r.brancheorganisaties,
           r.werkprocessen,
           row_number() OVER (PARTITION BY r.deelnemer_id
                              ORDER BY r.uitgegeven_op, r.volgnummer, r.id) AS pos
    FROM verklaringen_registratie r JOIN d ON d.id = r.deelnemer_id
    WHERE r.status = 'geldig' AND r.uitgegeven_op <= %(p)s
), wp AS (
    SELECT DISTINCT v.id, e->>'crebo' AS crebo, e->>'code' AS code, e->>'niveau' AS niveau,
           e->>'domein' AS domein, e->>'kwalificatie' AS naam
    FROM v, jsonb_array_elements(v.werkprocessen) e
), per AS (
    SELECT id, crebo, count(*) AS n, min(niveau) AS niveau, min(domein) AS domein,
           min(naam) AS naam
    FROM wp GROUP BY id, crebo
), dom AS (
    SELECT DISTINCT ON (per.id) per.id, per.crebo, per.niveau, per.domein, per.naam, v.pos,
           v.deelnemer_id
    FROM per JOIN v ON v.id = per.id ORDER BY per.id, per.n DESC, per.crebo
), lb AS (
    SELECT d.pilot_id, t.leerbedrijf_id, d.id AS deelnemer_id
    FROM trajecten_traject t JOIN d ON d.id = t.deelnemer_id WHERE t.leerbedrijf_id IS NOT NULL
    UNION
    SELECT pilot_id, leerbedrijf_id, deelnemer_id FROM v WHERE leerbedrijf_id IS NOT NULL
)
"""
QUERIES = {
    "per_pilot": BASE
    + """
SELECT p.code, p.naam, p.soort, p.tranche, coalesce(dd.n, 0), coalesce(dd.m, 0),
       coalesce(dd.v, 0), coalesce(dd.x, 0), coalesce(vv.dn, 0), coalesce(vv.n, 0),
       coalesce(ll.n, 0), coalesce(oo.n, 0)
FROM pilots_pilot p
LEFT JOIN (SELECT pilot_id, count(*) AS n, count(*) FILTER (WHERE geslacht = 'M') AS m,
                  count(*) FILTER (WHERE geslacht = 'V') AS v,
                  count(*) FILTER (WHERE geslacht = 'X') AS x
           FROM d GROUP BY pilot_id) dd ON dd.pilot_id = p.id
LEFT JOIN (SELECT pilot_id, count(DISTINCT deelnemer_id) AS dn, count(*) AS n
           FROM v GROUP BY pilot_id) vv ON vv.pilot_id = p.id
LEFT JOIN (SELECT pilot_id, count(DISTINCT leerbedrijf_id) AS n
           FROM lb GROUP BY pilot_id) ll ON ll.pilot_id = p.id
LEFT JOIN (SELECT pilot_id, count(*) AS n FROM d
           WHERE NOT EXISTS (SELECT 1 FROM lb WHERE lb.deelnemer_id = d.id)
           GROUP BY pilot_id) oo ON oo.pilot_id = p.id
ORDER BY p.code""",
    "totalen": BASE
    + """
SELECT (SELECT count(*) FROM pilots_pilot), (SELECT count(*) FROM d),
       (SELECT count(DISTINCT deelnemer_id) FROM v), (SELECT count(*) FROM v),
       (SELECT count(DISTINCT leerbedrijf_id) FROM lb),
       (SELECT count(*) FROM d WHERE NOT EXISTS (SELECT 1 FROM lb WHERE lb.deelnemer_id = d.id))""",
    "leeftijdsgroepen": BASE
    + """
SELECT CASE WHEN a <= 17 THEN '17 en jonger' WHEN a <= 22 THEN '18-22' WHEN a <= 27 THEN '23-27'
            WHEN a <= 54 THEN '28-54' ELSE '55 en ouder' END AS groep, count(*)
FROM (SELECT date_part('year', age(start, geboortedatum)) AS a FROM d) x
GROUP BY 1 ORDER BY 1""",
    "per_mbo_instelling": BASE
    + """
SELECT coalesce(o.naam, 'onbekend'), count(*) FROM d
LEFT JOIN pilots_organisatie o ON o.id = d.mbo_instelling_id
GROUP BY 1 ORDER BY coalesce(o.naam, 'onbekend') COLLATE "C"
""",
    "per_niveau": BASE
    + """SELECT niveau, count(*), count(DISTINCT deelnemer_id) FROM dom GROUP BY 1 ORDER BY 1""",
    "per_domein": BASE
    + """SELECT domein, count(*) FROM dom GROUP BY 1 ORDER BY domein COLLATE "C"
""",
    "per_kwalificatie": BASE
    + """
SELECT crebo, min(naam), min(niveau), count(*) FILTER (WHERE pos = 1),
       count(*) FILTER (WHERE pos = 2), count(*) FILTER (WHERE pos >= 3), count(*)
FROM dom GROUP BY crebo ORDER BY crebo""",
    "werkprocessen_per_verklaring": BASE
    + """
SELECT n, count(*) FROM (SELECT id, count(*) AS n FROM wp GROUP BY id) x GROUP BY n ORDER BY n""",
    "per_brancheorganisatie": BASE
    + """
SELECT b, count(*) FILTER (WHERE pos = 1), count(*) FILTER (WHERE pos = 2),
       count(*) FILTER (WHERE pos >= 3), count(*)
FROM (SELECT v.pos, coalesce((SELECT string_agg(x, ', ' ORDER BY x COLLATE "C")
                              FROM jsonb_array_elements_text(v.brancheorganisaties) x),
                             'niet geregistreerd') AS b FROM v) y
GROUP BY b ORDER BY b COLLATE "C"
""",
    "actief_per_periode": BASE
    + """
, perioden AS (
    SELECT g::date AS eerste, (g + interval '2 months' - interval '1 day')::date AS laatste
    FROM generate_series(
        (SELECT make_date(extract(year FROM min(start))::int,
                          (extract(month FROM min(start))::int - 1) / 2 * 2 + 1, 1) FROM d),
        %(p)s::date, interval '2 months') g
)
SELECT to_char(eerste, 'YYYY-MM') || '/' || to_char(laatste, 'MM'),
       count(DISTINCT d.pilot_id), count(d.pilot_id)
FROM perioden LEFT JOIN d ON d.start <= laatste AND (d.eind IS NULL OR d.eind >= eerste)
GROUP BY eerste, laatste ORDER BY eerste""",
    # The additional tables (monitoring/tabellen.py): codes, 'niet geregistreerd' when empty.
    "per_doelgroep": BASE
    + """
SELECT coalesce(c, 'niet geregistreerd'), count(*) FROM d
LEFT JOIN LATERAL jsonb_array_elements_text(
    CASE WHEN jsonb_typeof(d.doelgroepen) = 'array' THEN d.doelgroepen ELSE '[]' END) c ON true
GROUP BY 1 ORDER BY 1""",
    "per_uitkering": BASE
    + """SELECT coalesce(nullif(uitkering, ''), 'niet geregistreerd'), count(*) FROM d
GROUP BY 1 ORDER BY 1""",
    "per_situatie": BASE
    + """SELECT coalesce(nullif(situatie, ''), 'niet geregistreerd'), count(*) FROM d
GROUP BY 1 ORDER BY 1""",
    "per_verwijzer": BASE
    + """SELECT coalesce(o.soort, 'niet geregistreerd'), count(*) FROM d
LEFT JOIN pilots_organisatie o ON o.id = d.verwijzer_organisatie_id GROUP BY 1 ORDER BY 1""",
    "uitstroom": BASE
    + """
SELECT u.soort, count(*), count(*) FILTER (WHERE u.behaald = 'mbo_certificaat'),
       count(*) FILTER (WHERE u.behaald = 'mbo_diploma')
FROM trajecten_uitstroom u JOIN trajecten_traject t ON t.id = u.traject_id
JOIN d ON d.id = t.deelnemer_id WHERE u.datum <= %(p)s GROUP BY 1 ORDER BY 1""",
    "nametingen": BASE
    + """
SELECT CASE WHEN n.beantwoord_op IS NULL OR n.beantwoord_op > %(p)s THEN 'niet beantwoord'
            ELSE coalesce(nullif(n.situatie, ''), 'onbekend') END, n.maanden, count(*)
FROM trajecten_nameting n JOIN trajecten_traject t ON t.id = n.traject_id
JOIN d ON d.id = t.deelnemer_id WHERE n.gevraagd_op <= %(p)s GROUP BY 1, 2 ORDER BY 1, 2""",
    "kwalificaties_per_traject": BASE
    + """
SELECT coalesce(k.n, 0), count(*)
FROM trajecten_traject t JOIN d ON d.id = t.deelnemer_id
LEFT JOIN (SELECT tw.traject_id, count(DISTINCT w.kwalificatie_id) AS n
           FROM trajecten_trajectwerkproces tw
           JOIN kwalificaties_werkproces w ON w.id = tw.werkproces_id
           GROUP BY tw.traject_id) k ON k.traject_id = t.id
WHERE t.status IN ('lopend', 'afgerond', 'gestopt') AND t.startdatum <= %(p)s
GROUP BY 1 ORDER BY 1""",
    "partners_per_pilot": """
SELECT p.code, pp.rol, count(DISTINCT pp.organisatie_id),
       (SELECT count(DISTINCT x.organisatie_id) FROM pilots_partner x WHERE x.pilot_id = p.id)
FROM pilots_pilot p JOIN pilots_partner pp ON pp.pilot_id = p.id
GROUP BY p.id, p.code, pp.rol ORDER BY p.code, pp.rol""",
}


def run_sql(names: list[str] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    result = {}
    with connection.cursor() as cursor:
        for name in names or list(QUERIES):
            cursor.execute(QUERIES[name], {"p": PEILDATUM})
            result[name] = cursor.fetchall()
    return result


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


def timed(fn: Any, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def check(export: dict[str, Any], sql: dict[str, list[tuple[Any, ...]]]) -> None:
    """The two ways give the same figures (a benchmark of different work would mean nothing)."""
    assert list(sql["totalen"][0]) == list(export["totalen"].values()), "totalen"
    assert [list(r) for r in sql["per_pilot"]] == [list(r.values()) for r in export["per_pilot"]]
    for name in ("per_kwalificatie", "per_domein", "werkprocessen_per_verklaring",
                 "per_brancheorganisatie", "per_mbo_instelling", "actief_per_periode"):  # fmt: skip
        assert [list(r) for r in sql[name]] == [list(r.values()) for r in export[name]], name
    niveaus = {r[0]: list(r) for r in sql["per_niveau"]}
    for row in export["per_niveau"]:
        assert niveaus.get(row["niveau"], [row["niveau"], 0, 0]) == list(row.values()), "niveau"
    for name, key, kolom in (
        ("per_doelgroep", "doelgroep", "deelnemers"),
        ("per_uitkering", "uitkering", "deelnemers"),
        ("per_situatie", "situatie", "deelnemers"),
        ("per_verwijzer", "verwijzer", "deelnemers"),
    ):
        assert dict(sql[name]) == {r[key]: r[kolom] for r in export[name] if r[kolom]}, name
    assert [list(r) for r in sql["uitstroom"]] == sorted(
        list(r.values()) for r in export["uitstroom"] if r["trajecten"]
    ), "uitstroom"
    nametingen = {(s, m): n for s, m, n in sql["nametingen"]}
    for row in export["nametingen"]:
        for m, kolom in ((6, "na_6_maanden"), (12, "na_12_maanden")):
            assert nametingen.get((row["situatie"], m), 0) == row[kolom], "nametingen"
    assert [list(r) for r in sql["kwalificaties_per_traject"]] == [
        list(r.values()) for r in export["kwalificaties_per_traject"]
    ], "kwalificaties_per_traject"
    partners = {(code, rol): n for code, rol, n, _o in sql["partners_per_pilot"]}
    organisaties = {code: o for code, _r, _n, o in sql["partners_per_pilot"]}
    for row in export["partners_per_pilot"]:
        assert organisaties.get(row["pilot"], 0) == row["organisaties"], "partners"
        for rol, n in list(row.items())[1:-1]:
            assert partners.get((row["pilot"], rol), 0) == n, "partners"
    groepen = dict(sql["leeftijdsgroepen"])
    for row in export["leeftijdsgroepen"]:
        assert groepen.get(row["groep"], 0) == row["deelnemers"], "leeftijdsgroepen"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
            cursor.execute("ANALYZE")
        export = lambda: monitor_export(peildatum=PEILDATUM, aanvullend=True)  # noqa: E731
        check(export(), run_sql())
        orm = timed(export, args.runs)
        sql = timed(run_sql, args.runs)
        m_orm, m_sql = statistics.median(orm), statistics.median(sql)
        for name in QUERIES:
            one = timed(lambda n=name: run_sql([n]), 3)
            print(f"  SQL {name:30} median {statistics.median(one) * 1000:7.1f} ms")
        print(f"runs: {args.runs}, copies: {args.copies}")
        print(f"monitor_export   median {m_orm * 1000:8.1f} ms")
        print(f"hand-written SQL median {m_sql * 1000:8.1f} ms")
        print(f"ratio {m_orm / m_sql:.2f} (acceptance: at most 1.5, issue 12)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
