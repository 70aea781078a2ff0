"""National-scale benchmark (issue 16, item 8): every target of the issue as a ratio, measured in
one interleaved run (A B A B ..., medians over the rounds).

    DATABASE_URL=postgres://... .venv/bin/python bench/national.py [--scale 100] [--rounds 7]
        [--growth] [--quick] [--keep-db] [--seconds 3] [--output FILE] [--import-args "..."]

Creates a throw-away PostgreSQL database `<name>_national` beside the one in DATABASE_URL
(which is never touched), generates the national data set (`bench/_data.py`, `bench/_users.py`),
starts gunicorn (2 workers, production settings) on it, measures, prints one table (figure,
measured, target, result) and writes it as JSON (default bench/results/national-scale<N>.json).
See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "praktijkleren.settings.test"
# The bench process computes the export every time (the server keeps its own, in Redis).
os.environ["CACHE_URL"] = "dummycache://"

import django  # noqa: E402

django.setup()
# WeasyPrint reports every step of every PDF at INFO.
logging.getLogger("weasyprint").setLevel(logging.WARNING)

from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import _data, _measure, _server, _users  # noqa: E402
from bench._report import PAGES, Pages, Run, figures, machine, revision, table  # noqa: E402


def _paths(code: str) -> dict[str, str]:
    return {
        "health": "/health/",
        "deelnemers": reverse("deelnemers:list"),
        "dashboard": reverse("monitoring:dashboard", args=[code]),
        "landelijk": reverse("monitoring:landelijk"),
        "api_projectleider": "/api/v1/deelnemers/",
        "api_praktijkopleider": "/api/v1/deelnemers/",
        "mijn_deelnemers": reverse("trajecten:mijn-deelnemers"),
    }


# --- databases ---------------------------------------------------------------------------------


def _drop(name: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _kept(name: str, scale: int) -> _data.DataSet | None:
    """The data set of an earlier `--keep-db` run at this scale, if its database is there."""
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            return None
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT data FROM bench_national")
            data = cursor.fetchone()[0]
    except Exception:
        return None
    data = json.loads(data) if isinstance(data, str) else data
    return _data.DataSet(**data) if data.get("scale") == scale else None


def prepare(name: str, scale: int, keep: bool) -> _data.DataSet:
    """A migrated database `name` with the national data set at `scale`; the connection then
    points at it."""
    original = connection.settings_dict["NAME"]
    if keep and (data := _kept(name, scale)) is not None:
        print(f"{name}: reusing the kept data set (scale {scale})", flush=True)
        return data
    connection.close()
    connection.settings_dict["NAME"] = original
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    start = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    data = _data.DataSet(scale=scale)
    with tempfile.TemporaryDirectory() as tmp:
        _data.write_unit(Path(tmp))
        _data.import_unit(Path(tmp))
    _data.replicate(scale)
    _users.add_users(data)
    data.mbo_verklaring = _users.add_mbo_verklaring(data)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    data.counts = _data.counts()
    data.seconds = round(time.perf_counter() - start, 1)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_national (data jsonb)")
        cursor.execute("INSERT INTO bench_national VALUES (%s)", [json.dumps(data.__dict__)])
    print(f"{name}: scale {scale} generated in {data.seconds} s: {data.counts}", flush=True)
    return data


def _database_url(name: str) -> str:
    s = connection.settings_dict
    auth = quote(s.get("USER") or "postgres")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{name}"


# --- the run ---------------------------------------------------------------------------------


def _rounds(args: argparse.Namespace, data: _data.DataSet, timed: dict[str, Any]) -> Pages:
    """The rounds: every in-process pair, then every page at `--clients` (in a rotating order,
    so that no page always follows the same one), against gunicorn on the bench database."""
    pages = Pages()
    server: _server.Server | None = None
    port = 0
    with tempfile.TemporaryDirectory(prefix="bench-static-") as static:
        try:
            env = _server.server_env(
                _database_url(connection.settings_dict["NAME"]), args.redis, static
            )
            _server.collectstatic(env)
            sessions = _server.make_sessions(env, data.users)
            cookie = sessions.pop("__cookie__")
            server = _server.Server(env)
            server.start()
            port = server.port
            paths = _paths(data.pilot_code)
            headers = {
                key: ({"Cookie": f"{cookie}={sessions[role]}"} if role else {})
                for key, _label, role in PAGES
            }
            # Warm-up: one request per client on every page (both workers load their code and
            # connection, the server keeps its figures), its statuses and size reported.
            for key in paths:
                warm = _server.load(
                    server.port, paths[key], headers[key], clients=args.clients, seconds=0
                )
                pages.first[key] = (sorted(warm.statuses), warm.size)
                pages.loads[key] = []
        except Exception as exc:
            pages.error = _measure.describe(exc)
        try:
            keys = list(pages.first)
            for r in range(args.rounds):
                for pair in timed.values():
                    pair.round()
                order = keys[r % len(keys) :] + keys[: r % len(keys)] if keys else []
                for key in [] if pages.error or not port else order:
                    try:
                        pages.loads[key].append(
                            _server.load(
                                port,
                                paths[key],
                                headers[key],
                                clients=args.clients,
                                seconds=args.seconds,
                            )
                        )
                    except Exception as exc:
                        pages.error = _measure.describe(exc)
                print(f"round {r + 1}/{args.rounds} done", flush=True)
        finally:
            if server is not None:
                server.stop()
    return pages


def measure(args: argparse.Namespace, data: _data.DataSet, small: str | None) -> Run:
    timed = {
        "export": _measure.Timed(_measure.export_pair, 0.3),
        "access_filter": _measure.Timed(
            lambda: _measure.access_pair(data.users["praktijkopleider"], data.pilot_id), 0.3
        ),
        "pdf": _measure.Timed(lambda: _measure.pdf_pair(data.mbo_verklaring), 0.5),
    }
    if small:
        timed["growth"] = _measure.Timed(lambda: _measure.growth_pair(small), 0.3)
    for pair in timed.values():
        pair.warm()
    pages = _rounds(args, data, timed)
    if "growth" in timed and "databases" in timed["growth"].info:
        timed["growth"].info.pop("databases").close()
    # bench/importeren.py makes `test_<name>` beside DATABASE_URL's: beside the bench database,
    # so that it never meets the test suite's `test_<name>`.
    env = {**os.environ, "DATABASE_URL": _database_url(connection.settings_dict["NAME"])}
    imported = _measure.run_import(args.import_args.split(), env)
    small_scale = max(1, args.scale // 10) if small else None
    return Run(args.scale, small_scale, args.clients, timed, pages, imported)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100, help="times the national evaluation")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="scale 1, 3 rounds, 1 s per page")
    parser.add_argument("--growth", action="store_true", help="also scale/10, for the growth")
    parser.add_argument("--keep-db", action="store_true", help="keep (and reuse) the databases")
    parser.add_argument("--seconds", type=float, default=3.0, help="load per page and round")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL")
        or os.environ.get("CELERY_BROKER_URL")
        or "redis://127.0.0.1:6379/0",
    )
    parser.add_argument("--import-args", default="", help="passed on to bench/importeren.py")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.quick:
        args.scale, args.rounds, args.seconds, args.growth = 1, 3, 1.0, False
        args.import_args = args.import_args or "--rows 10000"
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the bench database is made beside it).")
    original = connection.settings_dict["NAME"]
    big = f"{original}_national"
    small_scale = max(1, args.scale // 10) if args.growth else None
    small = f"{original}_national_small" if args.growth else None
    started = time.perf_counter()
    try:
        if small and small_scale:
            prepare(small, small_scale, args.keep_db)
            connection.close()
            connection.settings_dict["NAME"] = original
        data = prepare(big, args.scale, args.keep_db)
        m = measure(args, data, small)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        if not args.keep_db:
            for name in filter(None, (big, small)):
                _drop(name)
    rows = figures(m)
    print()
    print(table(rows))
    command = "bench/national.py " + " ".join(argv if argv is not None else sys.argv[1:])
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "revision": revision(),
        "command": command.strip(),
        "scale": args.scale,
        "rounds": args.rounds,
        "clients": args.clients,
        "seconds_per_page": args.seconds,
        "data": data.__dict__,
        "minutes": round((time.perf_counter() - started) / 60, 1),
        "figures": rows,
    }
    output = args.output or ROOT / "bench" / "results" / f"national-scale{args.scale}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten to {output}")


if __name__ == "__main__":
    main()
