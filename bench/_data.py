"""The national data set of `bench/national.py`: the example of ../shared/formats/example/
shaped into one national evaluation (26 pilots, 784 participants, ~405 verklaringen), imported
through the product's own import service, then copied `scale - 1` times in SQL, then the users,
memberships and per-object grants the measured pages need.

Copying in SQL (`INSERT ... SELECT` with every column of the table, the ids shifted per copy and
the foreign keys between copied tables shifted with them) keeps whatever the import stores,
including columns added after this file was written, and takes seconds where importing 120,000
rows would take minutes. Unique text columns get a `-<copy>` suffix.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection

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
# One national evaluation (DOMAIN.md): 26 pilots (23 regional, 3 national), 784 participants,
# about 405 verklaringen (40,504 at 100 times). The first pilot of each copy is a large one
# (243 participants): the pilot whose lists and grants are measured.
PILOTS, DEELNEMERS, VERKLARINGEN, GROOT = 26, 784, 405, 243
# A praktijkopleider follows this many trajecten (their grants).
PER_PRAKTIJKOPLEIDER = 20
# Copied per national copy, with a row filter (None: all rows). Foreign keys between them are
# shifted with the copy; foreign keys to anything else (kwalificaties, mbo-instellingen, which
# the nation shares) are kept.
TABLES: list[tuple[str, str | None]] = [
    ("pilots_pilot", None),
    ("pilots_organisatie", "soort = 'leerbedrijf'"),
    ("pilots_partner", None),
    ("deelnemers_deelnemer", None),
    ("trajecten_traject", None),
    ("verklaringen_registratie", None),
]
# Text columns that get the copy number although no unique index asks for it (readability).
SUFFIX_ALWAYS = {("pilots_pilot", "naam")}


@dataclass
class DataSet:
    """What the measurements need to know about the generated data."""

    scale: int
    counts: dict[str, int] = field(default_factory=dict)
    pilot_code: str = ""  # the large pilot of the first copy
    pilot_id: int = 0
    users: dict[str, int] = field(default_factory=dict)  # role -> user id of the measured users
    grants: int = 0  # of the measured praktijkopleider
    mbo_verklaring: int = 0  # the issued mbo-verklaring whose PDF is measured
    seconds: float = 0.0


def _read(name: str) -> tuple[list[str], list[list[str]]]:
    with (EXAMPLE / name).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def sizes() -> list[int]:
    """Participants per pilot of one national copy: one large pilot, the rest spread evenly."""
    rest, n = DEELNEMERS - GROOT, PILOTS - 1
    return [GROOT] + [rest // n + (1 if i < rest % n else 0) for i in range(n)]


def write_unit(folder: Path) -> None:
    """One national evaluation as import files: each pilot a re-keyed copy of an example pilot
    (its participants repeated until the pilot's size, leerbedrijven per pilot), verklaringen
    thinned evenly to `VERKLARINGEN`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kwalificaties.csv").write_bytes((EXAMPLE / "kwalificaties.csv").read_bytes())
    p_head, p_rows = _read("pilots.csv")
    d_head, d_rows = _read("deelnemers.csv")
    v_head, v_rows = _read("verklaringen.csv")
    regionaal = [r for r in p_rows if r[p_head.index("soort")] == "regionaal"]
    landelijk = [r for r in p_rows if r[p_head.index("soort")] != "regionaal"] or regionaal
    di = {
        c: d_head.index(c) for c in ("pilot", "deelnemer_id", "leerbedrijf_id", "leerbedrijf_naam")
    }
    vi = {
        c: v_head.index(c) for c in ("pilot", "deelnemer_id", "leerbedrijf_id", "leerbedrijf_naam")
    }
    pilots, deelnemers, verklaringen = [], [], []
    for j, size in enumerate(sizes()):
        # 23 regional pilots, 3 national ones (the last three).
        bron = landelijk[j % len(landelijk)] if j >= PILOTS - 3 else regionaal[j % len(regionaal)]
        code = f"{bron[0]}-{j}"
        pilots.append([code, f"{bron[1]} {j}", *bron[2:]])
        eigen = [r for r in d_rows if r[di["pilot"]] == bron[0]]
        for n, src in zip(range(size), itertools.cycle(eigen), strict=False):
            row = list(src)
            row[di["pilot"]], row[di["deelnemer_id"]] = code, f"{code}-{n:04d}"
            if row[di["leerbedrijf_id"]]:
                row[di["leerbedrijf_id"]] += f"-{j}"
                row[di["leerbedrijf_naam"]] += f" {j}"
            deelnemers.append(row)
            for v in v_rows:
                if v[vi["pilot"]] == bron[0] and v[vi["deelnemer_id"]] == src[di["deelnemer_id"]]:
                    v = list(v)
                    v[vi["pilot"]], v[vi["deelnemer_id"]] = code, row[di["deelnemer_id"]]
                    if v[vi["leerbedrijf_id"]]:
                        v[vi["leerbedrijf_id"]] += f"-{j}"
                        v[vi["leerbedrijf_naam"]] += f" {j}"
                    verklaringen.append(v)
    total = len(verklaringen)
    if total > VERKLARINGEN:  # keep VERKLARINGEN of them, spread evenly
        verklaringen = [
            v
            for i, v in enumerate(verklaringen)
            if (i + 1) * VERKLARINGEN // total > i * VERKLARINGEN // total
        ]
    _write(folder / "pilots.csv", p_head, pilots)
    _write(folder / "deelnemers.csv", d_head, deelnemers)
    _write(folder / "verklaringen.csv", v_head, verklaringen)


def import_unit(folder: Path) -> list[str]:
    """Import one national copy with the product's import service (all or nothing)."""
    from monitoring.importeren import importeer_praktijkloket

    result = importeer_praktijkloket(map=folder)
    if result.errors:
        raise RuntimeError("import of the national unit failed:\n" + "\n".join(result.errors[:20]))
    return result.samenvatting()


def _columns(cursor: Any, table: str) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return cursor.fetchall()


def _foreign_keys(cursor: Any, table: str) -> dict[str, str]:
    """column -> referenced table, for single-column foreign keys."""
    cursor.execute(
        """SELECT a.attname, c.confrelid::regclass::text
           FROM pg_constraint c JOIN pg_attribute a
             ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
           WHERE c.contype = 'f' AND c.conrelid = %s::regclass AND array_length(c.conkey, 1) = 1""",
        [table],
    )
    return dict(cursor.fetchall())


def _unique_text_columns(cursor: Any, table: str, shifted: set[str]) -> set[str]:
    """Text columns of unique indexes that no shifted foreign key makes unique per copy."""
    cursor.execute(
        """SELECT array_agg(a.attname::text), array_agg(format_type(a.atttypid, a.atttypmod))
           FROM pg_index i JOIN pg_attribute a
             ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
           WHERE i.indrelid = %s::regclass AND i.indisunique AND NOT i.indisprimary
           GROUP BY i.indexrelid""",
        [table],
    )
    result: set[str] = set()
    for names, types in cursor.fetchall():
        if shifted & set(names):
            continue
        result |= {n for n, t in zip(names, types, strict=True) if "char" in t or t == "text"}
    return result


def replicate(scale: int) -> None:
    """Copies 1 .. scale-1 of what the import stored, in SQL (ids shifted by a per-table
    offset times the copy number)."""
    if scale <= 1:
        return
    names = [t for t, _f in TABLES]
    with connection.cursor() as cursor:
        offsets = {}
        for table in names:
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
            offsets[table] = cursor.fetchone()[0]
        for table, where in TABLES:
            fks = {c: t for c, t in _foreign_keys(cursor, table).items() if t in offsets}
            unique = _unique_text_columns(cursor, table, set(fks))
            cols, exprs = [], []
            for col, _type in _columns(cursor, table):
                cols.append(f'"{col}"')
                if col == "id":
                    exprs.append(f"id + k * {offsets[table]}")
                elif col in fks:
                    ref = fks[col]
                    # Only rows of the copied set move (a shared mbo-instelling stays).
                    filt = dict(TABLES)[ref]
                    if filt:
                        exprs.append(
                            f'CASE WHEN "{col}" IN (SELECT id FROM {ref} WHERE {filt} '
                            f'AND id < {offsets[ref]}) THEN "{col}" + k * {offsets[ref]} '
                            f'ELSE "{col}" END'
                        )
                    else:
                        exprs.append(f'"{col}" + k * {offsets[ref]}')
                elif col in unique or (table, col) in SUFFIX_ALWAYS:
                    exprs.append(
                        f"""CASE WHEN "{col}" = '' THEN "{col}" ELSE "{col}" || '-' || k END"""
                    )
                else:
                    exprs.append(f'"{col}"')
            cond = f"WHERE {where}" if where else ""
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(cols)}) "
                f"SELECT {', '.join(exprs)} FROM {table}, generate_series(1, %s) k {cond}",
                [scale - 1],
            )
        for table in names:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )


def counts() -> dict[str, int]:
    result = {}
    with connection.cursor() as cursor:
        for table in (
            "pilots_pilot",
            "deelnemers_deelnemer",
            "trajecten_traject",
            "verklaringen_registratie",
            "praktijkleren_user",
            "trajecten_trajectuserobjectpermission",
            "deelnemers_deelnemeruserobjectpermission",
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")
            result[table] = cursor.fetchone()[0]
    return result
