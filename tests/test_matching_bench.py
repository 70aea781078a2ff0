"""bench/matching.py keeps working: with 200 leerbanen, one round, it generates its data set,
serves it with gunicorn and prints the matching list's figure with its target. The figure itself
is not asserted: one short round on a busy machine says nothing about it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from .test_bench_national import _database_url

ROOT = Path(__file__).resolve().parent.parent


def test_the_matching_benchmark_prints_its_figure_with_the_target(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the benchmark makes its database on PostgreSQL")
    output = tmp_path / "matching.json"
    run = subprocess.run(
        [
            sys.executable,
            "bench/matching.py",
            "--leerbanen",
            "200",
            "--rounds",
            "1",
            "--seconds",
            "0.2",
            "--output",
            str(output),
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": _database_url()},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "matching list (mbo)" in run.stdout and ">= 0.25 x /health/" in run.stdout
    data = json.loads(output.read_text())
    assert data["leerbanen"] == 200 and data["raw"]["statuses"]["matching"] == [200]
    assert data["ranking_ms"] > 0
    assert "first load after a change" in run.stdout
    assert data["raw"]["statuses"]["first_load"] == [200] and data["first_load_ms"] > 0
