"""The matching list of one candidate over N open leerbanen (issue 17): its throughput against
`/health/`, with the list-page target of bench/national.py (>= 0.25 x /health/), and the time of
the ranking itself in-process.

    DATABASE_URL=postgres://... .venv/bin/python bench/matching.py [--leerbanen 5000]
        [--rounds 5] [--seconds 3] [--clients 4] [--output FILE]

Creates a throw-away PostgreSQL database `<name>_matching` beside the one in DATABASE_URL (never
touched; dropped at the end): one pilot with 200 leerbedrijven, 60 kwalificaties of 6
werkprocessen, N open leerbanen (one or two crebos each, half with three werkprocessen, a
recognition for a third of them, postcode centroids with fictional coordinates for a hundred
postcodes), and one candidate looking for a leerbaan (two crebos, six werkprocessen, a postcode
with a centroid). gunicorn (2 workers, production settings) serves it as in bench/national.py.
After the rounds: the first load after a change (the kept list out of date, so it is ranked and
rendered again), one client, once per round. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "praktijkleren.settings.test"
os.environ["CACHE_URL"] = "dummycache://"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import _server  # noqa: E402
from bench._report import machine, revision  # noqa: E402

TARGET = 0.25  # x /health/, the list-page target of bench/national.py


def _database_url(name: str) -> str:
    s = connection.settings_dict
    auth = quote(s.get("USER") or "postgres")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{name}"


def generate(n: int) -> dict[str, Any]:
    """The data set in the (new, migrated) bench database; returns the ids the run needs."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from deelnemers.models import Deelnemer
    from erkenningen.constants import ErkenningSoort, ErkenningStatus
    from erkenningen.models import Erkenning
    from intake.models import Advies
    from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces
    from leerbanen.models import Leerbaan, PostcodeCentroid, Zoekvraag
    from pilots.constants import OrganisatieSoort, PartnerRol
    from pilots.models import Membership, Organisatie, Partner, Pilot, Subregio
    from pilots.roles import Role
    from praktijkleren.models import User

    rnd = random.Random(17)
    vandaag = timezone.localdate()
    pilot = Pilot.objects.create(
        code="bench", naam="Bench", soort="regionaal", tranche=1, startdatum=date(2019, 4, 1),
        arbeidsmarktregio="Benchregio",
    )  # fmt: skip
    subregios = [Subregio.objects.create(pilot=pilot, naam=f"Sub {i}") for i in range(5)]
    mbo = Organisatie.objects.create(naam="ROC Bench", soort=OrganisatieSoort.MBO_INSTELLING)
    orgs = Organisatie.objects.bulk_create(
        Organisatie(
            naam=f"Leerbedrijf {i}", soort=OrganisatieSoort.LEERBEDRIJF, leerbedrijf_id=f"bench-{i}"
        )
        for i in range(200)
    )
    Partner.objects.bulk_create(
        Partner(pilot=pilot, organisatie=o, rol=PartnerRol.LEERBEDRIJF) for o in orgs
    )
    Partner.objects.create(pilot=pilot, organisatie=mbo, rol=PartnerRol.OPLEIDER)
    domeinen = ["Techniek", "Zorg en welzijn", "Handel", "Logistiek", "Horeca", "Bouw"]
    kwals = Kwalificatie.objects.bulk_create(
        Kwalificatie(
            crebo=f"{25000 + i}",
            naam=f"Kwalificatie {i}",
            niveau="2",
            domein=domeinen[i % len(domeinen)],
        )
        for i in range(60)
    )
    kts = Kerntaak.objects.bulk_create(
        Kerntaak(kwalificatie=k, code="B1-K1", naam="Kerntaak") for k in kwals
    )
    wps = Werkproces.objects.bulk_create(
        Werkproces(
            kerntaak=kt,
            kwalificatie=kt.kwalificatie,
            code=f"B1-K1-W{j + 1}",
            naam=f"Werkproces {j + 1}",
        )
        for kt in kts
        for j in range(6)
    )
    per_kwal: dict[int, list[Any]] = {}
    for wp in wps:
        per_kwal.setdefault(wp.kwalificatie_id, []).append(wp)
    contact = User.objects.create_user(email="contact@bench.invalid", password=None)
    Membership.objects.create(user=contact, pilot=pilot, organisatie=None, role=Role.WSP)
    mbo_user = User.objects.create_user(
        email="mbo@bench.invalid", password=None, first_name="Mbo", last_name="Bench"
    )
    Membership.objects.create(user=mbo_user, pilot=pilot, organisatie=mbo, role=Role.MBO_MEDEWERKER)
    TOTPDevice.objects.create(user=mbo_user, name="bench", confirmed=True)
    postcodes = [str(1000 + 7 * i) for i in range(100)]
    # Fictional coordinates, made up for this benchmark (a grid over the middle of the country).
    PostcodeCentroid.objects.bulk_create(
        PostcodeCentroid(
            postcode4=pc,
            lat=Decimal("51.5") + Decimal(i % 10) / 10,
            lon=Decimal("4.5") + Decimal(i // 10) / 10,
            bron="fictief (bench)",
            geimporteerd_op=timezone.now(),
        )
        for i, pc in enumerate(postcodes)
    )
    leerbanen = Leerbaan.objects.bulk_create(
        Leerbaan(
            pilot=pilot, organisatie=orgs[i % len(orgs)], titel=f"Leerbaan {i}",
            postcode=f"{postcodes[i % 150] if i % 150 < 100 else 9000 + i % 50} AB",
            postcode4=postcodes[i % 150] if i % 150 < 100 else str(9000 + i % 50),
            plaats=f"Plaats {i % 40}", subregio=subregios[i % 5] if i % 3 else None,
            uren_per_week=16 + i % 25, start_vanaf=vandaag - timedelta(days=i % 30),
            start_tot=vandaag + timedelta(days=10 + i % 120), plaatsen=1 + i % 3,
            contactpersoon=contact,
        )
        for i in range(n)
    )  # fmt: skip
    kwal_through = Leerbaan.kwalificaties.through
    wp_through = Leerbaan.werkprocessen.through
    kw_rows, wp_rows, erk = [], [], set()
    for i, lb in enumerate(leerbanen):
        eigen = rnd.sample(kwals, 1 + (i % 2))
        for k in eigen:
            kw_rows.append(kwal_through(leerbaan_id=lb.pk, kwalificatie_id=k.pk))
            if i % 3 == 0:
                erk.add((lb.organisatie_id, k.pk))
        if i % 2 == 0:
            for wp in rnd.sample(per_kwal[eigen[0].pk], 3):
                wp_rows.append(wp_through(leerbaan_id=lb.pk, werkproces_id=wp.pk))
    kwal_through.objects.bulk_create(kw_rows, batch_size=5000)
    wp_through.objects.bulk_create(wp_rows, batch_size=5000)
    nu = timezone.now()
    Erkenning.objects.bulk_create(
        Erkenning(
            organisatie_id=o,
            kwalificatie_id=k,
            soort=ErkenningSoort.LEERBEDRIJF,
            status=ErkenningStatus.ERKEND,
            sinds=date(2024, 1, 1),
            bron="SBB register",
            gecontroleerd_op=vandaag,
            vastgelegd_op=nu,
        )
        for o, k in erk
    )
    deelnemer = Deelnemer.objects.create(
        pilot=pilot, voornaam="Kandidaat", achternaam="Bench", geboortedatum=date(1990, 1, 1),
        aangemeld_op=vandaag - timedelta(days=30), mbo_instelling=mbo,
    )  # fmt: skip
    advies = Advies.objects.create(
        deelnemer=deelnemer, route="praktijkverklaring", onderbouwing="-", volgende_stap="-"
    )
    zk = Zoekvraag.objects.create(
        deelnemer=deelnemer, advies=advies, postcode4=postcodes[0], plaats="Plaats 3",
        subregio=subregios[1], uren_per_week=32, start_vanaf=vandaag + timedelta(days=7),
        sector="Zorg en welzijn",
    )  # fmt: skip
    zk.kwalificaties.set(kwals[:2])
    zk.werkprocessen.set(per_kwal[kwals[0].pk])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"zoekvraag": zk.pk, "mbo": mbo_user.pk}


def rank_ms(zoekvraag_id: int, rounds: int) -> float:
    """The median time of the ranking alone (all N leerbanen), in-process, in ms."""
    from leerbanen.matching import rangschik
    from leerbanen.models import Leerbaan, Zoekvraag

    zk = Zoekvraag.objects.select_related("deelnemer__pilot").get(pk=zoekvraag_id)
    rangschik(Leerbaan.objects.all(), zk)
    tijden = []
    for _ in range(max(3, rounds)):
        start = time.perf_counter()
        rangschik(Leerbaan.objects.all(), zk)
        tijden.append((time.perf_counter() - start) * 1000)
    return statistics.median(tijden)


def measure(args: argparse.Namespace, ids: dict[str, Any], name: str) -> dict[str, Any]:
    paths = {
        "health": "/health/",
        "matching": reverse("leerbanen:matching", args=[ids["zoekvraag"]]),
    }
    result: dict[str, Any] = {"health": [], "matching": [], "statuses": {}, "p95_ms": {}}
    with tempfile.TemporaryDirectory(prefix="bench-static-") as static:
        env = _server.server_env(_database_url(name), args.redis, static)
        _server.collectstatic(env)
        sessions = _server.make_sessions(env, {"mbo": ids["mbo"]})
        headers = {
            "health": {},
            "matching": {"Cookie": f"{sessions['__cookie__']}={sessions['mbo']}"},
        }
        server = _server.Server(env)
        server.start()
        try:
            for key, path in paths.items():
                warm = _server.load(
                    server.port, path, headers[key], clients=args.clients, seconds=0
                )
                result["statuses"][key] = sorted(warm.statuses)
                result["size_" + key] = warm.size
            latencies: dict[str, list[float]] = {"health": [], "matching": []}
            for r in range(args.rounds):
                for key in ["health", "matching"] if r % 2 == 0 else ["matching", "health"]:
                    load = _server.load(
                        server.port,
                        paths[key],
                        headers[key],
                        clients=args.clients,
                        seconds=args.seconds,
                    )
                    result[key].append(load.throughput)
                    latencies[key] += load.latencies
                print(f"round {r + 1}/{args.rounds} done", flush=True)
            for key, values in latencies.items():
                values.sort()
                result["p95_ms"][key] = round(values[int(0.95 * (len(values) - 1))] * 1000, 1)
            # The first load after a change: the list is ranked and its page rendered again.
            result["first_load_ms"] = []
            for _ in range(args.rounds):
                _server.vernieuw_matching(env)
                t0 = time.perf_counter()
                status, _size = _server.get(server.port, paths["matching"], headers["matching"])
                result["first_load_ms"].append(round((time.perf_counter() - t0) * 1000, 1))
                result["statuses"]["first_load"] = sorted(
                    {*result["statuses"].get("first_load", []), status}
                )
        finally:
            server.stop()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leerbanen", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL")
        or os.environ.get("CELERY_BROKER_URL")
        or "redis://127.0.0.1:6379/0",
    )
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the bench database is made beside it).")
    original = connection.settings_dict["NAME"]
    name = f"{original}_matching"
    started = time.perf_counter()
    try:
        connection.settings_dict.setdefault("TEST", {})["NAME"] = name
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        t0 = time.perf_counter()
        ids = generate(args.leerbanen)
        print(
            f"{name}: {args.leerbanen} open leerbanen generated in {time.perf_counter() - t0:.1f} s"
        )
        ranking = rank_ms(ids["zoekvraag"], args.rounds)
        m = measure(args, ids, name)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    ratios = [a / b for a, b in zip(m["matching"], m["health"], strict=True) if b]
    ratio = statistics.median(ratios) if ratios else 0.0
    ok = m["statuses"].get("matching") == [200] and ratio >= TARGET
    rows = [
        ("ranking in-process", f"{ranking:.1f} ms for {args.leerbanen} leerbanen", "", ""),
        ("/health/", f"{statistics.median(m['health']):.1f} req/s, p95 {m['p95_ms']['health']} ms",
         "reference", ""),
        ("matching list (mbo)", f"{ratio:.2f} x /health/ ({statistics.median(m['matching']):.1f} "
         f"req/s, p95 {m['p95_ms']['matching']} ms, statuses {m['statuses'].get('matching')})",
         f">= {TARGET} x /health/", "PASS" if ok else "FAIL"),
        ("first load after a change", f"{statistics.median(m['first_load_ms']):.1f} ms (median of "
         f"{len(m['first_load_ms'])}, one client, statuses {m['statuses'].get('first_load')})",
         "", ""),
    ]  # fmt: skip
    print()
    for row in rows:
        print(" | ".join(row))
    command = "bench/matching.py " + " ".join(argv if argv is not None else sys.argv[1:])
    output = args.output or ROOT / "bench" / "results" / f"matching-{args.leerbanen}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": machine(),
                "revision": revision(),
                "command": command.strip(),
                "leerbanen": args.leerbanen,
                "rounds": args.rounds,
                "clients": args.clients,
                "seconds_per_page": args.seconds,
                "minutes": round((time.perf_counter() - started) / 60, 1),
                "ranking_ms": round(ranking, 1),
                "first_load_ms": statistics.median(m["first_load_ms"]),
                "ratio": round(ratio, 3),
                "target": TARGET,
                "pass": ok,
                "raw": m,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nwritten to {output}")


if __name__ == "__main__":
    main()
