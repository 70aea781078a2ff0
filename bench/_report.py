"""The figures of `bench/national.py` against issue 16's targets: one row per figure (key, label,
measured, target, pass: True, False or None when not measured) with its raw values, the table
printed from them, and the machine and revision the JSON records."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._measure import ImportFigures, Timed
from ._server import Load

ROOT = Path(__file__).resolve().parent.parent
# The pages measured at 4 clients: (key, label, role of the logged-in session or None).
PAGES: list[tuple[str, str, str | None]] = [
    ("health", "/health/", None),
    ("deelnemers", "participant list (projectleider)", "projectleider"),
    ("dashboard", "pilot dashboard (projectleider)", "projectleider"),
    ("landelijk", "national dashboard (SBB-monitor)", "sbb_monitor"),
    ("api_projectleider", "/api/v1/deelnemers/ (projectleider)", "projectleider"),
    ("api_praktijkopleider", "/api/v1/deelnemers/ (praktijkopleider)", "praktijkopleider"),
    ("mijn_deelnemers", '"Mijn deelnemers" (praktijkopleider)', "praktijkopleider"),
]
# Every figure, in the order of the table (tests/test_bench_national.py lists them too).
FIGURES = [
    "export",
    "growth",
    "import_rows_per_s",
    "import_peak_mb",
    *[key for key, _label, _role in PAGES],
    "access_filter",
    "pdf",
]


@dataclass
class Pages:
    """The loads per page and round, the warm-up's statuses and size, and an error that ended
    the page measurements (the server did not start, a request failed)."""

    loads: dict[str, list[Load]] = field(default_factory=dict)
    first: dict[str, tuple[list[int], int]] = field(default_factory=dict)
    error: str = ""


@dataclass
class Run:
    scale: int
    small_scale: int | None
    clients: int
    timed: dict[str, Timed]
    pages: Pages
    imported: ImportFigures


def figures(run: Run) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(key: str, label: str, measured: str, target: str, ok: bool | None, **raw: Any) -> None:
        out.append(
            {"key": key, "figure": label, "measured": measured, "target": target, "pass": ok, **raw}
        )

    def failed(key: str, label: str, target: str) -> bool:
        timed = run.timed.get(key)
        if timed is not None and (timed.error or not timed.pair.a):
            add(key, label, f"error: {timed.error or 'no round completed'}", target, False)
            return True
        return False

    label, target = "Export (monitor_export, uncached) vs SQL baseline", "<= 1.2 x SQL + 50 ms"
    if not failed("export", label, target):
        e, info = run.timed["export"].pair, run.timed["export"].info
        limit = 1.2 * e.mb + 0.050
        note = (
            "" if info["baseline"].startswith("tight_sql") else f" [baseline: {info['baseline']}]"
        )
        if info["differs"]:
            note += f" [baseline DIFFERS: {info['differs']}]"
        add(
            "export",
            label,
            f"{e.ma * 1000:.0f} ms vs {e.mb * 1000:.0f} ms ({e.ratio:.2f}x)" + note,
            f"{target} (= {limit * 1000:.0f} ms)",
            e.ma <= limit and not info["differs"],
            export_ms=round(e.ma * 1000, 1),
            sql_ms=round(e.mb * 1000, 1),
            baseline=info["baseline"],
            baseline_differs=info["differs"],
        )

    if "growth" not in run.timed:
        add(
            "growth",
            "Export growth, scale 10 -> 100",
            "not measured (run with --growth)",
            "<= 10x the cost",
            None,
        )
    else:
        factor = run.scale / (run.small_scale or 1)
        label = f"Export growth, scale {run.small_scale} -> {run.scale}"
        if not failed("growth", label, f"<= {factor:.0f}x the cost"):
            g = run.timed["growth"].pair
            add(
                "growth",
                label,
                f"{g.mb * 1000:.0f} ms -> {g.ma * 1000:.0f} ms ({g.ratio:.2f}x)",
                f"<= {factor:.0f}x the cost",
                g.ratio <= factor,
            )

    imp = run.imported
    if imp.available:
        add(
            "import_rows_per_s",
            "Import (bench/importeren.py)",
            f"{imp.rows_per_s:,.0f} rows/s ({imp.rows:,} rows in {imp.seconds:.1f} s)",
            ">= 5,000 rows/s",
            imp.rows_per_s >= 5000,
            rows=imp.rows,
        )
        add(
            "import_peak_mb",
            "Import peak memory",
            f"{imp.peak_mb:.0f} MB at {imp.rows:,} rows",
            "< 200 MB at 127k rows",
            imp.peak_mb < 200 if imp.rows >= 127_000 else None,
        )
    else:
        add(
            "import_rows_per_s",
            "Import (bench/importeren.py)",
            f"not measured: {imp.note}",
            ">= 5,000 rows/s",
            False if imp.failed else None,
        )
        add("import_peak_mb", "Import peak memory", "not measured", "< 200 MB at 127k rows", None)

    _pages(run, add)

    label, target = "Access filter for_user vs tenant-only of the same size", "<= 1.5x"
    if not failed("access_filter", label, target):
        a, rows = run.timed["access_filter"].pair, run.timed["access_filter"].info["rows"]
        add(
            "access_filter",
            label.replace("for_user", f"for_user ({rows} rows)"),
            f"{a.ma * 1000:.1f} ms vs {a.mb * 1000:.1f} ms ({a.ratio:.2f}x)",
            target,
            a.ratio <= 1.5,
            rows=rows,
        )

    label, target = "Verklaring render + seal vs minimal WeasyPrint page", "<= 3x"
    if not failed("pdf", label, target):
        p = run.timed["pdf"].pair
        add(
            "pdf",
            label,
            f"{p.ma * 1000:.0f} ms vs {p.mb * 1000:.0f} ms ({p.ratio:.2f}x; {1 / p.ma:.1f} PDFs/s)",
            target,
            p.ratio <= 3,
        )
    assert [r["key"] for r in out] == FIGURES
    return out


def _pages(run: Run, add: Any) -> None:
    pages = run.pages
    health = pages.loads.get("health", [])
    for key, label, _role in PAGES:
        target = "reference" if key == "health" else ">= 0.25 x /health/"
        if key == "health":
            label = f"{label} at {run.clients} clients"
        runs = pages.loads.get(key, [])
        if pages.error or not runs or len(runs) != len(health):
            add(key, label, f"error: {pages.error or 'no round completed'}", target, False)
            continue
        tp = statistics.median(r.throughput for r in runs)
        latencies = sorted(x for r in runs for x in r.latencies)
        p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else latencies[0]
        statuses = sorted({s for r in runs for s in r.statuses} | set(pages.first[key][0]))
        text = f"{tp:.1f} req/s, p95 {p95 * 1000:.0f} ms"
        if statuses != [200]:
            text += f", HTTP {statuses}"
        raw = {
            "req_per_s": round(tp, 2),
            "p95_ms": round(p95 * 1000, 1),
            "statuses": statuses,
            "bytes": pages.first[key][1],
        }
        if key == "health":
            add(key, label, text, target, statuses == [200], **raw)
            continue
        ratio = statistics.median(
            a.throughput / b.throughput for a, b in zip(runs, health, strict=True)
        )
        add(
            key,
            label,
            f"{ratio:.2f} x /health/ ({text})",
            target,
            ratio >= 0.25 and statuses == [200],
            ratio=round(ratio, 3),
            **raw,
        )


def table(rows: list[dict[str, Any]]) -> str:
    result = {True: "PASS", False: "FAIL", None: "n/a"}
    cells = [("Figure", "Measured", "Target", "Result")] + [
        (r["figure"], r["measured"], r["target"], result[r["pass"]]) for r in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(4)]
    lines = [" | ".join(c[i].ljust(widths[i]) for i in range(4)).rstrip() for c in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def revision() -> str:
    """The commit measured, and whether the working tree had changes on top of it."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} + uncommitted changes" if dirty else head


def machine() -> str:
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor()
    return (
        f"{platform.node()}: {os.cpu_count()} cores ({model}), Python {platform.python_version()}"
    )
