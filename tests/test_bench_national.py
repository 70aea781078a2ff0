"""bench/national.py (`make bench`) keeps working: at the smallest scale, one round, it generates
its data set, serves it with gunicorn, measures, and prints every figure of issue 16 with its
target, so the benchmark cannot rot unnoticed. The figures themselves are not asserted: one
round on a tiny data set on a busy machine says nothing about them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

# Every figure of the targets table, with (the start of) its target.
TARGETS = {
    "export": "<= 1.2 x SQL + 50 ms",
    "growth": "<= 10x the cost",
    "import_rows_per_s": ">= 5,000 rows/s",
    "import_peak_mb": "< 200 MB at 127k rows",
    "health": "reference",
    "deelnemers": ">= 0.25 x /health/",
    "dashboard": ">= 0.25 x /health/",
    "landelijk": ">= 0.25 x /health/",
    "api_projectleider": ">= 0.25 x /health/",
    "api_praktijkopleider": ">= 0.25 x /health/",
    "mijn_deelnemers": ">= 0.25 x /health/",
    "access_filter": "<= 1.5x",
    "pdf": "<= 3x",
}
# Measured in the run itself (the import is bench/importeren.py's, growth needs --growth).
IN_RUN = [
    "export",
    "health",
    "deelnemers",
    "dashboard",
    "landelijk",
    "api_projectleider",
    "api_praktijkopleider",
    "mijn_deelnemers",
    "access_filter",
    "pdf",
]


def _database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "postgres") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_the_national_benchmark_prints_every_figure_with_its_target(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the benchmark makes its database on PostgreSQL")
    output = tmp_path / "national.json"
    run = subprocess.run(
        [
            sys.executable,
            "bench/national.py",
            "--scale",
            "1",
            "--rounds",
            "1",
            "--seconds",
            "0.2",
            "--output",
            str(output),
            "--import-args=--rows 2000",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": _database_url()},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    figures = {f["key"]: f for f in json.loads(output.read_text())["figures"]}
    assert list(figures) == list(TARGETS)
    table = run.stdout[run.stdout.index("Figure") :]
    for key, target in TARGETS.items():
        figure = figures[key]
        assert figure["target"].startswith(target), key
        line = next(line for line in table.splitlines() if line.startswith(figure["figure"]))
        assert figure["measured"] in line and figure["target"] in line, key
        assert line.rstrip().endswith(("PASS", "FAIL", "n/a")), key
    importer = (ROOT / "bench" / "importeren.py").exists()
    for key in [*IN_RUN, "import_rows_per_s"] if importer else IN_RUN:
        assert figures[key]["pass"] is not None, (key, figures[key]["measured"])
        assert "not measured" not in figures[key]["measured"], key
    for key in ("health", "deelnemers", "landelijk", "mijn_deelnemers"):
        assert figures[key]["statuses"] == [200], (key, figures[key]["statuses"])
