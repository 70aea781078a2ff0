"""The restore drill of docs/operations.md (bin/restore-drill) works: a backup of the test
database and a media folder, restored into a new database, has the same row count in every table
and the same media files; a restore that loses data fails the drill; the restored database is
dropped afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from deelnemers.models import Deelnemer
from tests.factories import DeelnemerFactory, PilotFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
DRILL = ROOT / "bin" / "restore-drill"

pytestmark = [
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs pg_dump and pg_restore"),
    pytest.mark.django_db(transaction=True),  # the data must be committed for pg_dump to see it
]


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _databases() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database")
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def data(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the drill restores PostgreSQL dumps")
    pilot = PilotFactory()
    UserFactory.create_batch(3)
    DeelnemerFactory.create_batch(4, pilot=pilot)
    media = tmp_path / "media"
    (media / "overeenkomsten" / "2027").mkdir(parents=True)
    (media / "overeenkomsten" / "2027" / "plok 1.pdf").write_bytes(b"%PDF-1.7 ondertekend\n")
    (media / "verklaringen").mkdir()
    (media / "verklaringen" / "praktijkverklaring-é.pdf").write_bytes(os.urandom(2048))
    return media


def _drill(media: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DRILL), *args],
        env={
            **os.environ,
            "DATABASE_URL": _database_url(),
            "MEDIA_ROOT": str(media),
            **(env or {}),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_drill_restores_every_row_and_media_file_into_a_new_database(data, tmp_path):
    target = f"{connection.settings_dict['NAME']}_drill"
    backups = tmp_path / "backups"
    result = _drill(data, "--target", target, "--backup-dir", str(backups))
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("restore-drill: OK: "), result.stdout
    assert "2 media files restored identically" in summary
    tables = int(summary.split("OK: ")[1].split(" tables")[0])
    assert tables > 30  # every app's tables, not an empty schema
    # The backup files are the ones the operator keeps; the restored database is gone.
    assert (backups / "database.dump").stat().st_size > 0
    assert (backups / "media.tgz").stat().st_size > 0
    assert target not in _databases()
    # The source is untouched.
    assert Deelnemer.objects.count() == 4


def test_a_restore_that_loses_data_fails_the_drill(data, tmp_path):
    # A pg_restore that restores nothing (a broken dump, a wrong server version...).
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "pg_restore").write_text("#!/bin/sh\nexit 0\n")
    (fake / "pg_restore").chmod(0o755)
    target = f"{connection.settings_dict['NAME']}_drill_bad"
    result = _drill(data, "--target", target, env={"PATH": f"{fake}:{os.environ['PATH']}"})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "restore-drill: row counts differ" in result.stderr
    assert "-deelnemers_deelnemer 4" in result.stdout
    assert target not in _databases()


def test_the_drill_refuses_a_non_postgres_url(tmp_path):
    result = subprocess.run(
        [str(DRILL)],
        env={**os.environ, "DATABASE_URL": "sqlite:///db.sqlite3"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "DATABASE_URL must be a postgres:// URL" in result.stderr
