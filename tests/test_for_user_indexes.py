"""Access filters the planner can answer from indexes (issue 16, item 2).

At national scale `for_user` built `pk IN (one subquery with OR-ed conditions over the grants)`;
the OR kept PostgreSQL from using any index, so a praktijkopleider's list of 20 participants
scanned every participant, traject and grant in the country (measured 104 ms against 4 ms for a
tenant-only filter of the same size). Now each way in (the pilots where a role sees everyone,
per-object grants, the verwijzer's organisation) is its own indexed branch of a UNION, inside
the user's own pilots.

The test asks the planner with sequential scans disabled: a plan that still reads a national
table whole (sequentially, or all of an index without a condition) has no index to use (the small tables the planner may scan whole anyway -
auth_permission - are not national)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction

from deelnemers.models import Deelnemer, Herinnering
from intake.models import Advies, Intake
from overeenkomsten.models import Overeenkomst
from pilots.roles import Role
from trajecten.models import Traject, VoortgangEntry
from trajecten.selectors.voortgang import mijn_trajecten
from verklaringen.models import MboVerklaring, Praktijkverklaring

from .conftest import PILOT_ROLES, World

pytestmark = pytest.mark.django_db

NATIONAL_TABLES = {
    "deelnemers_deelnemer",
    "deelnemers_deelnemeruserobjectpermission",
    "trajecten_traject",
    "trajecten_trajectuserobjectpermission",
    "pilots_membership",
    "intake_advies",
    "intake_intake",
    "deelnemers_herinnering",
    "trajecten_voortgangentry",
    "trajecten_trajectwerkproces",
    "overeenkomsten_overeenkomst",
    "verklaringen_praktijkverklaring",
    "verklaringen_mboverklaring",
}

QUERYSETS: dict[str, Any] = {
    "deelnemers": lambda u: Deelnemer.objects.for_user(u, "view"),
    "deelnemers-change": lambda u: Deelnemer.objects.for_user(u, "change"),
    "trajecten": lambda u: Traject.objects.for_user(u, "view"),
    "trajecten-voortgang": lambda u: Traject.objects.for_user(u, "voortgang"),
    "adviezen": lambda u: Advies.objects.for_user(u, "view"),
    "intakes": lambda u: Intake.objects.for_user(u, "view"),
    "herinneringen": lambda u: Herinnering.objects.for_user(u, "view"),
    "voortgang": lambda u: VoortgangEntry.objects.for_user(u, "view"),
    "overeenkomsten": lambda u: Overeenkomst.objects.for_user(u, "view"),
    "praktijkverklaringen": lambda u: Praktijkverklaring.objects.for_user(u, "view"),
    "mbo-verklaringen": lambda u: MboVerklaring.objects.for_user(u, "view"),
}


def _sequential_scans(sql: str, params: Any) -> set[str]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found: set[str] = set()

    def walk(node: dict[str, Any]) -> None:
        kind = node.get("Node Type", "")
        # A sequential scan, or an index read whole (no condition on the index), reads the table.
        if kind == "Seq Scan" or (kind.startswith("Index") and "Index Cond" not in node):
            found.add(node["Relation Name"])
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found & NATIONAL_TABLES


@pytest.fixture
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")


@pytest.mark.usefixtures("postgres_only")
@pytest.mark.parametrize("role", PILOT_ROLES)
@pytest.mark.parametrize("naam", list(QUERYSETS))
def test_an_access_filter_can_use_indexes(world: World, role: str, naam: str):
    user = world.user(role, "alpha")
    try:
        sql, params = QUERYSETS[naam](user).query.sql_with_params()
    except EmptyResultSet:
        return  # the role may see none of these: the query is not even sent
    assert _sequential_scans(sql, params) == set()


@pytest.mark.usefixtures("postgres_only")
def test_my_participants_can_use_indexes(world: World):
    """The praktijkopleider's "Mijn deelnemers" query, as the page runs it."""
    from django.test.utils import CaptureQueriesContext

    user = world.user(Role.PRAKTIJKOPLEIDER, "alpha")
    with CaptureQueriesContext(connection) as ctx:
        mijn_trajecten(user)
    scans = {
        tabel
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT")
        for tabel in _sequential_scans(q["sql"], None)
    }
    assert scans == set()
