"""What a verklaring counts as in the monitor is stored on its register entry when it is written
(issue 16, item 3): its number of distinct werkprocessen and the kwalificatie contributing most of
them (crebo, naam, niveau, domein). The national export groups on those columns in the database
and never reads the werkprocessen JSON again; it still reproduces the example's expected.json."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.export import monitor_export
from monitoring.importeren import importeer_praktijkloket
from pilots.roles import Role
from trajecten.constants import TrajectStatus
from trajecten.models import Traject
from verklaringen.kenmerken import Kenmerken, kenmerken
from verklaringen.models import Registratie
from verklaringen.services import geef_uit, maak_mbo_verklaring

from .shared_formats import EXAMPLE
from .test_verklaringen import signed_pv
from .test_verklaringen import traject as traject  # the fixture

pytestmark = pytest.mark.django_db
PEILDATUM = date(2026, 11, 1)


def wp(crebo: str, code: str, naam: str = "", niveau: str = "2", domein: str = "Zorg"):
    return {"crebo": crebo, "code": code, "kwalificatie": naam or f"Kwalificatie {crebo}",
            "niveau": niveau, "domein": domein}  # fmt: skip


def _stored(r: Registratie) -> Kenmerken:
    r.refresh_from_db()
    return Kenmerken(
        r.aantal_werkprocessen, r.kwalificatie_crebo, r.kwalificatie_naam,
        r.kwalificatie_niveau, r.kwalificatie_domein,
    )  # fmt: skip


def _registratie(world: Any, nummer: str, werkprocessen: list[dict[str, Any]], **extra: Any):
    a = world.alpha
    fields = {
        "pilot": a.pilot, "deelnemer": a.deelnemer, "instelling": a.mbo,
        "instelling_naam": a.mbo.naam, "houder_naam": "x", "uitgegeven_op": date(2026, 10, 20),
        "werkprocessen": werkprocessen, **extra,
    }  # fmt: skip
    return Registratie.objects.create(nummer=nummer, verificatiecode=nummer, **fields)


class TestWhatAVerklaringCountsAs:
    def test_the_kwalificatie_contributing_most_distinct_werkprocessen(self):
        k = kenmerken(
            [wp("25251", "W1", "Zorg A", "Entree"), wp("25180", "W1"),
             wp("25251", "W2", "Zorg A (later)"), wp("25251", "W1"), wp("25180", "W1")]
        )  # fmt: skip
        # W1 of 25251 and W1 of 25180 twice each: 3 distinct werkprocessen, 2 of them 25251,
        # named after its first werkproces on the list.
        assert k == Kenmerken(3, "25251", "Zorg A", "Entree", "Zorg")

    def test_a_tie_goes_to_the_lowest_crebo(self):
        k = kenmerken([wp("25300", "W1"), wp("25300", "W2"), wp("25100", "W1"), wp("25100", "W2")])
        assert (k.aantal_werkprocessen, k.crebo) == (4, "25100")

    def test_no_werkprocessen_count_as_none(self):
        assert kenmerken([]) == kenmerken(None) == Kenmerken(0, "", "", "", "")


class TestStoredOnTheRegisterEntry:
    def test_when_created_and_when_the_werkprocessen_are_corrected(self, world):
        r = _registratie(world, "K-1", [wp("25180", "W1", "Kok"), wp("25180", "W2", "Kok")])
        assert _stored(r) == Kenmerken(2, "25180", "Kok", "2", "Zorg")
        r.werkprocessen = [wp("25250", "W1", "Assistent", "Entree", "Bouw")]
        r.save(update_fields=["werkprocessen"])
        assert _stored(r) == Kenmerken(1, "25250", "Assistent", "Entree", "Bouw")

    def test_vul_kenmerken_fills_an_unsaved_entry_for_bulk_create(self, world):
        a = world.alpha
        r = Registratie(
            nummer="K-2", verificatiecode="K-2", pilot=a.pilot, instelling=a.mbo,
            uitgegeven_op=date(2026, 10, 1), werkprocessen=[wp("25180", "W1", "Kok")],
        )  # fmt: skip
        r.vul_kenmerken()
        assert (r.aantal_werkprocessen, r.kwalificatie_crebo, r.kwalificatie_naam) == (
            1, "25180", "Kok",
        )  # fmt: skip
        (r,) = Registratie.objects.bulk_create([r])
        assert _stored(r) == Kenmerken(1, "25180", "Kok", "2", "Zorg")

    def test_imported_verklaringen_store_what_they_count_as(self):
        assert importeer_praktijkloket(map=EXAMPLE).errors == []
        registraties = list(Registratie.objects.all())
        assert len(registraties) == 23
        for r in registraties:
            assert _stored(r) == kenmerken(r.werkprocessen)
            assert r.aantal_werkprocessen > 0


@pytest.mark.django_db(transaction=True)
def test_an_issued_verklaring_stores_what_it_counts_as(world, traject):
    pv = signed_pv(world, traject)
    mv = maak_mbo_verklaring(actor=world.user(Role.MBO_MEDEWERKER), praktijkverklaring=pv)
    registratie = geef_uit(actor=world.user(Role.EXAMENCOMMISSIE), mbo_verklaring=mv)
    (gedrukt,) = pv.inhoud["werkprocessen"]
    assert _stored(registratie) == Kenmerken(
        1, gedrukt["crebo"], gedrukt["kwalificatie"], gedrukt["niveau"], gedrukt["domein"]
    )


class TestTheExport:
    def test_it_never_reads_the_werkprocessen_and_reproduces_expected_json(self):
        assert importeer_praktijkloket(map=EXAMPLE).errors == []
        with CaptureQueriesContext(connection) as queries:
            data = monitor_export(peildatum=date(2021, 1, 13))
        assert data == json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        assert "verklaringen_registratie" in sql
        assert '"verklaringen_registratie"."werkprocessen"' not in sql

    def test_it_counts_each_verklaring_under_its_stored_kwalificatie(self, world):
        Traject.objects.filter(pk=world.alpha.traject.pk).update(status=TrajectStatus.LOPEND)
        _registratie(
            world, "K-3", [wp("25180", "W1", "Kok", "2", "Horeca"), wp("25180", "W2"),
                           wp("25251", "W1", "Zorg A", "Entree", "Zorg")],
            uitgegeven_op=date(2026, 10, 20), brancheorganisaties=["VGN", "ActiZ"],
        )  # fmt: skip
        # The participant's second: the same crebo printed with another name.
        _registratie(
            world, "K-4", [wp("25180", "W3", "Kok (nieuw)", "2", "Horeca")],
            uitgegeven_op=date(2026, 10, 25), brancheorganisaties=["ActiZ", "VGN"],
        )  # fmt: skip
        data = monitor_export(peildatum=PEILDATUM, aanvullend=True)
        assert data["per_kwalificatie"] == [
            {"crebo": "25180", "naam": "Kok", "niveau": "2", "verklaring_1": 1,
             "verklaring_2": 1, "verklaring_3_of_meer": 0, "totaal": 2},
        ]  # fmt: skip
        assert data["per_domein"] == [{"domein": "Horeca", "verklaringen": 2}]
        niveau_2 = next(r for r in data["per_niveau"] if r["niveau"] == "2")
        assert niveau_2 == {"niveau": "2", "verklaringen": 2, "deelnemers": 1}
        assert data["werkprocessen_per_verklaring"] == [
            {"werkprocessen": 1, "verklaringen": 1}, {"werkprocessen": 3, "verklaringen": 1},
        ]  # fmt: skip
        assert data["per_brancheorganisatie"] == [
            {"brancheorganisaties": "ActiZ, VGN", "verklaring_1": 1, "verklaring_2": 1,
             "verklaring_3_of_meer": 0, "totaal": 2},
        ]  # fmt: skip
        alpha = next(r for r in data["per_pilot"] if r["pilot"] == "alpha")
        assert (alpha["verklaringen"], alpha["deelnemers_met_verklaring"]) == (2, 1)
