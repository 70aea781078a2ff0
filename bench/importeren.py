"""Benchmark: `import_praktijkloket` at national scale, rows per second and peak memory.

Creates a throw-away database (`test_<name>` beside DATABASE_URL's, migrated, dropped at the
end), writes the example data set of ../shared/formats/example multiplied to `--rows` rows in all
(kwalificaties.csv once; pilots.csv, deelnemers.csv and verklaringen.csv once per copy with the
pilots and participants renamed `<key>-<k>`, the last copy cut short to make the number exact),
then imports it with the import service in a fresh Python process, whose peak resident memory
is the import's, not the migrations'. Prints rows/s (rows of all four files over the wall time of
`importeer_praktijkloket` alone) and that peak; with `--json` the last line is one object
{"rows": N, "seconds": s, "rows_per_s": r, "peak_mb": m}. PostgreSQL only. See bench/README.md.

The peak is the process's high-water mark of resident memory, `VmHWM` in /proc/self/status
(Linux), read when the import has returned: Python, Django and the import together. Not
`ru_maxrss`: Linux carries the parent's peak over into a child it forks and execs, so that would
report the benchmark's own migrations. Elsewhere `ru_maxrss` is the fallback.

    DATABASE_URL=postgres://... .venv/bin/python bench/importeren.py [--rows 127000] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praktijkleren.settings.test")

# ../shared/formats beside the checkout (as in CI), else the workplace's shared folder.
EXAMPLE = next(
    (
        p
        for p in (
            ROOT.parent / "shared" / "formats" / "example",
            Path("/work/shared/formats/example"),
        )
        if p.is_dir()
    ),
    Path("/work/shared/formats/example"),
)
# Copied per copy, in this order: any prefix of a copy refers only to rows before it.
COPIED = (
    ("pilots.csv", ["code"]),
    ("deelnemers.csv", ["pilot", "deelnemer_id"]),
    ("verklaringen.csv", ["pilot", "deelnemer_id"]),
)
MB = 1024  # VmHWM and ru_maxrss are in KiB on Linux


def _rows(name: str) -> tuple[list[str], list[list[str]]]:
    with (EXAMPLE / name).open(encoding="utf-8-sig", newline="") as f:
        header, *body = list(csv.reader(f))
    return header, body


def generate(folder: Path, rows: int, *, leerbedrijven: bool = False) -> int:
    """Write `rows` rows in all (without headers) into `folder`; return the number of copies
    (the last one possibly partial). With `leerbedrijven`, every copy has its own leerbedrijven
    too (as many organisations as a national register), else the copies share the example's."""
    folder.mkdir(parents=True, exist_ok=True)
    kwal_header, kwal_body = _rows("kwalificaties.csv")
    per_copy = sum(len(_rows(name)[1]) for name, _columns in COPIED)
    rest = rows - len(kwal_body)
    if rest < 0:
        sys.exit(f"--rows must be at least {len(kwal_body)} (kwalificaties.csv alone).")
    with (folder / "kwalificaties.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([kwal_header, *kwal_body])
    copies = -(-rest // per_copy)
    writers = {}
    files = []
    for name, _columns in COPIED:
        f = (folder / name).open("w", encoding="utf-8", newline="")
        files.append(f)
        writers[name] = csv.writer(f, lineterminator="\n")
        writers[name].writerow(_rows(name)[0])
    try:
        for name, row in _copies(copies, leerbedrijven):
            if rest == 0:
                break
            writers[name].writerow(row)
            rest -= 1
    finally:
        for f in files:
            f.close()
    return copies


def _copies(copies: int, leerbedrijven: bool) -> Iterator[tuple[str, list[str]]]:
    tables = []
    for name, columns in COPIED:
        header, body = _rows(name)
        if leerbedrijven and "leerbedrijf_id" in header:
            columns = [*columns, "leerbedrijf_id"]
        tables.append((name, [header.index(c) for c in columns], body))
    for k in range(copies):
        for name, idx, body in tables:
            for row in body:
                yield name, [f"{v}-{k}" if i in idx and v else v for i, v in enumerate(row)]


def _geheugen(name: str) -> float:
    """`VmHWM` (peak) or `VmRSS` (now) of this process in KiB; ru_maxrss without /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{name}:"):
                return float(line.split()[1])
    except OSError:
        pass
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def child(folder: Path, database: str, batch: int | None) -> None:
    """Import `folder` into `database` in this (fresh) process; print one JSON line."""
    import django
    from django.conf import settings

    if batch:
        settings.IMPORT_BATCH_SIZE = batch
    settings.DATABASES["default"]["NAME"] = database
    django.setup()
    from django.db import connection

    from monitoring.importeren import importeer_praktijkloket

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    before = _geheugen("VmRSS")
    cpu, db_cpu = time.process_time(), _cpu(backend)
    start = time.perf_counter()
    result = importeer_praktijkloket(map=folder)
    seconds = time.perf_counter() - start
    cpu, db_cpu = time.process_time() - cpu, _cpu(backend) - db_cpu
    peak = _geheugen("VmHWM")
    if result.errors:
        sys.exit("\n".join(result.errors[:20]))
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak / MB,
                "start_mb": before / MB,
                "cpu_s": cpu,
                "db_cpu_s": db_cpu,
                "samenvatting": result.samenvatting(),
            }
        )
    )


def _cpu(pid: int) -> float:
    """CPU seconds of the database's server process for our connection, when it runs on this
    machine (NaN when not): on a shared machine, what the import costs apart from waiting."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_child(folder: Path, database: str, batch: int | None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(folder), "--database", database]
    if batch:
        command += ["--batch", str(batch)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"The import failed:\n{done.stderr[-4000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=127_000, help="rows in all four files")
    parser.add_argument("--json", action="store_true", help="last line: one JSON object")
    parser.add_argument("--batch", type=int, help="rows per batch (IMPORT_BATCH_SIZE)")
    parser.add_argument(
        "--leerbedrijven", action="store_true", help="new leerbedrijven per copy, not shared"
    )
    parser.add_argument(
        "--again", action="store_true", help="also time a second import (nothing changes)"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.database, args.batch)
        return

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # Not `test_<name>`: a test run on the same database may be using that one.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_{old_name}_importeren"
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    connection.close()  # the child imports; this process only drops the database at the end
    try:
        with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
            copies = generate(Path(tmp), args.rows, leerbedrijven=args.leerbedrijven)
            first = run_child(Path(tmp), database, args.batch)
            again = run_child(Path(tmp), database, args.batch) if args.again else None
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    figures = {
        "rows": args.rows,
        "seconds": round(first["seconds"], 3),
        "rows_per_s": round(args.rows / first["seconds"], 1),
        "peak_mb": round(first["peak_mb"], 1),
    }
    print(f"rows {args.rows} ({copies} copies of the example, kwalificaties once)")
    print(*first["samenvatting"], sep="\n")
    print(
        f"import: {figures['seconds']:.1f} s, {figures['rows_per_s']:,.0f} rows/s (target >= 5,000)"
    )
    print(
        f"peak memory of the importing process (VmHWM): {figures['peak_mb']:.0f} MB "
        f"(target < 200 MB; {first['start_mb']:.0f} MB before the import began)"
    )
    print(
        f"CPU: {first['cpu_s']:.1f} s in the importing process, {first['db_cpu_s']:.1f} s in "
        "its PostgreSQL server process (the rest of the wall time is waiting: a busy machine)"
    )
    if again is not None:
        print(
            f"again (nothing changes): {again['seconds']:.1f} s, "
            f"{args.rows / again['seconds']:,.0f} rows/s, peak {again['peak_mb']:.0f} MB"
        )
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
