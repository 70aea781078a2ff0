"""The in-process measurements of `bench/national.py`: each a pair of callables (the product's
work and its baseline) timed A B A B ... over the rounds, plus the import as a child process."""

from __future__ import annotations

import copy
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The peildatum of the example's expected.json (and of bench/monitor_export.py).
PEILDATUM = date(2021, 1, 13)


@dataclass
class Pair:
    """Seconds per call of A and of its baseline B, one value per round."""

    a: list[float] = field(default_factory=list)
    b: list[float] = field(default_factory=list)

    @property
    def ma(self) -> float:
        return statistics.median(self.a)

    @property
    def mb(self) -> float:
        return statistics.median(self.b)

    @property
    def ratio(self) -> float:
        """Median of the per-round ratios (neighbouring measurements share the machine's mood)."""
        return statistics.median(x / y for x, y in zip(self.a, self.b, strict=True))


def per_call(fn: Callable[[], Any], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def repeats(fn: Callable[[], Any], seconds: float) -> int:
    """Calls per measurement so that one lasts about `seconds` (at least one); also warms up."""
    once = per_call(fn, 1)
    return max(1, min(50, round(seconds / max(once, 1e-4))))


def describe(exc: BaseException) -> str:
    """An error as one short line for the table (the product may be mid-change)."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:200]


@dataclass
class Timed:
    """The product's work A and its baseline B, made by `make` (A, B, facts for the table) and
    timed in turns, each measurement lasting about `seconds`. An exception, in making or in any
    round, ends the pair and is reported instead of its figure."""

    make: Callable[[], tuple[Callable[[], Any], Callable[[], Any], dict[str, Any]]]
    seconds: float
    pair: Pair = field(default_factory=Pair)
    info: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    _a: Callable[[], Any] | None = None
    _b: Callable[[], Any] | None = None
    _reps: tuple[int, int] = (1, 1)

    def warm(self) -> None:
        try:
            self._a, self._b, self.info = self.make()
            self._reps = (repeats(self._a, self.seconds), repeats(self._b, self.seconds))
        except Exception as exc:
            self.error = describe(exc)

    def round(self) -> None:
        if self.error or self._a is None or self._b is None:
            return
        try:
            a = per_call(self._a, self._reps[0])
            b = per_call(self._b, self._reps[1])
        except Exception as exc:
            self.error = describe(exc)
            return
        self.pair.a.append(a)
        self.pair.b.append(b)


# --- the export against the SQL baseline -----------------------------------------------------


def export() -> Any:
    """The national export with the additional tables, computed (the bench process runs with a
    dummy cache, so `monitor_export` never answers from a kept result)."""
    from monitoring.export import monitor_export

    return monitor_export(peildatum=PEILDATUM, aanvullend=True)


def export_pair() -> tuple[Callable[[], Any], Callable[[], Any], dict[str, Any]]:
    """The export, and `tight_sql(peildatum, aanvullend=True)` of bench/monitor_export.py (while
    that file offers only its per-table queries: those, `run_sql`), after checking with its
    `check` that both compute the same export: a baseline of other work would mean nothing."""
    sys.path.insert(0, str(ROOT / "bench"))
    import monitor_export as m  # bench/monitor_export.py

    tight = getattr(m, "tight_sql", None)
    if tight is None:
        name = "run_sql (one query per table: tight_sql not available)"
        return export, m.run_sql, {"baseline": name, "differs": ""}

    def sql() -> Any:
        return tight(PEILDATUM, aanvullend=True)

    try:
        m.check(export(), sql())
        differs = ""
    except AssertionError as exc:
        differs = str(exc) or "the figures differ"
    return export, sql, {"baseline": "tight_sql (one statement)", "differs": differs}


class Databases:
    """The default connection swapped between the large and the small (growth) database,
    both kept open and warm."""

    def __init__(self, small_name: str) -> None:
        from django.db import connections

        self.connections = connections
        self.big = connections["default"]
        settings = dict(self.big.settings_dict)
        settings["NAME"] = small_name
        self.small = self.big.__class__(settings, "default")

    def small_export(self) -> Any:
        """The export on the small database."""
        self.connections["default"] = self.small
        try:
            return export()
        finally:
            self.connections["default"] = self.big

    def close(self) -> None:
        self.small.close()


def growth_pair(small_name: str) -> tuple[Callable[[], Any], Callable[[], Any], dict[str, Any]]:
    databases = Databases(small_name)
    return export, databases.small_export, {"databases": databases}


# --- the access filter --------------------------------------------------------------------------


def access_pair(
    user_id: int, pilot_id: int
) -> tuple[Callable[[], Any], Callable[[], Any], dict[str, Any]]:
    """The praktijkopleider's participants through `for_user`, and a tenant-only filter of the
    same number of rows. Each call works on a fresh copy of the user, as a request would (roles
    are memoised on the user object)."""
    from deelnemers.models import Deelnemer
    from praktijkleren.models import User

    user = User.objects.get(pk=user_id)
    n = len(list(Deelnemer.objects.for_user(copy.copy(user))))

    def guardian() -> Any:
        return list(Deelnemer.objects.for_user(copy.copy(user)))

    def tenant() -> Any:
        return list(Deelnemer.objects.filter(pilot_id=pilot_id)[:n])

    return guardian, tenant, {"rows": n}


# --- PDFs ------------------------------------------------------------------------------------


def pdf_pair(
    mbo_verklaring_id: int,
) -> tuple[Callable[[], Any], Callable[[], Any], dict[str, Any]]:
    """Render and seal an issued mbo-verklaring (the product's `render_mbo_verklaring` and
    `zegel`), and a minimal WeasyPrint page."""
    from weasyprint import HTML

    from verklaringen.document import render_mbo_verklaring
    from verklaringen.models import MboVerklaring
    from verklaringen.zegel import zegel

    mv = MboVerklaring.objects.select_related(
        "registratie", "praktijkverklaring", "mbo_instelling", "uitgegeven_door"
    ).get(pk=mbo_verklaring_id)

    def verklaring() -> bytes:
        _html, pdf = render_mbo_verklaring(mv)
        return zegel(pdf, mv.mbo_instelling)

    def minimal() -> bytes:
        return HTML(string="<p>x</p>").write_pdf()

    return verklaring, minimal, {}


# --- the import ------------------------------------------------------------------------------


@dataclass
class ImportFigures:
    available: bool
    rows: int = 0
    seconds: float = 0.0
    rows_per_s: float = 0.0
    peak_mb: float = 0.0
    note: str = ""
    failed: bool = False


def run_import(args: list[str], env: dict[str, str]) -> ImportFigures:
    """`bench/importeren.py --json` (its last line: rows, seconds, rows_per_s, peak_mb)."""
    script = ROOT / "bench" / "importeren.py"
    if not script.exists():
        return ImportFigures(False, note="bench/importeren.py does not exist yet")
    out = subprocess.run(
        [sys.executable, str(script), "--json", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = [line for line in out.stdout.strip().splitlines() if line.strip()]
    try:
        data = json.loads(lines[-1])
    except (IndexError, ValueError):
        tail = (out.stderr or out.stdout).strip().splitlines()[-3:]
        note = f"bench/importeren.py failed (exit {out.returncode}): " + " | ".join(tail)
        return ImportFigures(False, note=note, failed=True)
    return ImportFigures(
        True,
        rows=int(data["rows"]),
        seconds=float(data["seconds"]),
        rows_per_s=float(data["rows_per_s"]),
        peak_mb=float(data["peak_mb"]),
    )
