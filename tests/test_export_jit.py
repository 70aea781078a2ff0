"""The national export's queries run without PostgreSQL's JIT (issue 16): at national scale one
of its plans (active per period: correlated EXISTS and MAX) crossed the JIT cost threshold and
spent about 145 ms compiling, more than the query took. The setting is local to the export: the
connection has its own setting again afterwards."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.export import monitor_export

pytestmark = pytest.mark.django_db


def _jit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        return cursor.fetchone()[0]


def test_the_export_runs_without_jit_and_restores_the_setting(world):
    voor = _jit()
    with CaptureQueriesContext(connection) as queries:
        export = monitor_export(peildatum=date(2026, 11, 1), aanvullend=True)
    sql = [q["sql"].strip() for q in queries.captured_queries]
    uit = sql.index("SET LOCAL jit = off")
    terug = next(i for i, s in enumerate(sql) if s.startswith("SELECT set_config('jit'"))
    # Every query of the export runs between the two: only the savepoint and SHOW jit before.
    export_queries = [s for s in sql[uit + 1 : terug] if not s.startswith(("SAVEPOINT", "RELEASE"))]
    assert len(export_queries) > 5
    assert all(s.startswith(("SAVEPOINT", "SHOW jit")) for s in sql[:uit])
    assert all(s.startswith("RELEASE SAVEPOINT") for s in sql[terug + 1 :])
    assert _jit() == voor
    assert export["peildatum"] == "2026-11-01"
