"""The matching list ranks the open leerbanen of the candidate's pilot by fit, nearness,
recognition, start window and hours, and says why per row (docs/matching.md). A fixed set of
leerbanen and candidates, asserted row by row with its explanation."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from erkenningen.constants import ErkenningStatus
from leerbanen.constants import MatchStatus
from leerbanen.matching import haversine_km, rangschik, vernieuw
from leerbanen.models import Leerbaan, Match
from leerbanen.services import accepteer, sluit_leerbaan, stel_voor
from pilots.roles import Role

from .leerbanen_support import (
    erkenning,
    kwalificatie,
    leerbaan,
    positief_advies,
    wsp,
    zoekvraag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet(world):
    """Pilot alpha (arbeidsmarktregio Alfaregio) with leerbanen A-I and a candidate who wishes
    the six werkprocessen of crebo 25250 in Alfastad (subregio Alfaland-Noord), 32 hours, from
    ten days from now."""
    a = world.alpha
    a.pilot.arbeidsmarktregio = "Alfaregio"
    a.pilot.save()
    vandaag = timezone.localdate()
    k1, wps1 = kwalificatie("25250", "Logistiek medewerker", "Transport en logistiek", 6)
    k2, _ = kwalificatie("25251", "Chauffeur", "Transport en logistiek", 2)
    k3, _ = kwalificatie("25260", "Helpende zorg", "Zorg en welzijn", 2)
    w = wsp(a)
    lb = {}
    lb["A"] = leerbaan(a, titel="A", werkprocessen=wps1[:5])
    erkenning(a.leerbedrijf, k1)
    lb["B"] = leerbaan(
        a, titel="B", organisatie=world.shared_org, contactpersoon=w, kwalificaties=[k1],
        plaats="Anderdorp", postcode="9993 AA", subregio=a.subregio, uren_per_week=24,
        start_vanaf=vandaag + timedelta(days=20), start_tot=vandaag + timedelta(days=90),
    )  # fmt: skip
    erkenning(world.shared_org, k1, ErkenningStatus.AANGEVRAAGD)
    lb["C"] = leerbaan(
        a, titel="C", kwalificaties=[k2], plaats="Verweg", postcode="9994 AA", uren_per_week=40,
        start_vanaf=vandaag - timedelta(days=10), start_tot=vandaag + timedelta(days=100),
    )  # fmt: skip
    lb["D"] = leerbaan(a, titel="D", kwalificaties=[k3], uren_per_week=16)
    erkenning(a.leerbedrijf, k3)
    lb["I"] = leerbaan(
        a, titel="I", kwalificaties=[k3], uren_per_week=16, start_vanaf=vandaag - timedelta(days=5)
    )
    # Left out: closed, start window passed, full, another pilot.
    lb["E"] = leerbaan(a, titel="E", kwalificaties=[k1])
    sluit_leerbaan(actor=a.users[Role.PROJECTLEIDER], leerbaan=lb["E"])
    lb["F"] = leerbaan(a, titel="F", kwalificaties=[k1])
    Leerbaan.objects.filter(pk=lb["F"].pk).update(
        start_vanaf=vandaag - timedelta(days=30), start_tot=vandaag - timedelta(days=1)
    )
    lb["G"] = leerbaan(a, titel="G", kwalificaties=[k1], plaatsen=1)
    positief_advies(a, a.deelnemer)
    ander = zoekvraag(a, a.deelnemer)
    m = stel_voor(actor=a.users[Role.MBO_MEDEWERKER], zoekvraag=ander, leerbaan=lb["G"])
    accepteer(actor=a.users[Role.PRAKTIJKOPLEIDER], match=m)
    b = world.beta
    lb["H"] = leerbaan(
        b, titel="H", kwalificaties=[k1], contactpersoon=b.users[Role.PRAKTIJKOPLEIDER]
    )
    positief_advies(a)
    zk = zoekvraag(
        a, werkprocessen=wps1, plaats="alfastad", postcode4="9991", subregio=a.subregio,
        uren_per_week=32, start_vanaf=vandaag + timedelta(days=10), sector="Transport en logistiek",
    )  # fmt: skip
    return {"world": world, "lb": lb, "zk": zk, "k": (k1, k2, k3)}


def _rijen(zk, user=None):
    qs = Leerbaan.objects.all() if user is None else Leerbaan.objects.for_user(user)
    with override("nl"):
        rijen = rangschik(qs, zk)
        return [(Leerbaan.objects.get(pk=r.leerbaan_id).titel, r.score, r.uitleg) for r in rijen]


class TestTheRanking:
    def test_every_open_leerbaan_is_ranked_row_by_row_with_its_explanation(self, opzet):
        assert _rijen(opzet["zk"]) == [
            ("A", 120, "zelfde crebo +40, 5 van 6 werkprocessen +25, zelfde gemeente +20, "
             "erkend +15, start past +10, uren passen +10"),
            ("B", 97, "zelfde crebo +40, 6 van 6 werkprocessen +30, zelfde subregio +12, "
             "erkenning aangevraagd +5, start binnen een maand +5, uren passen bijna +5"),
            # Same score: the earlier start first.
            ("I", 45, "zelfde gemeente +20, erkend +15, start past +10"),
            ("D", 45, "zelfde gemeente +20, erkend +15, start past +10"),
            ("C", 35, "zelfde sector +15, zelfde arbeidsmarktregio +5, niet erkend +0, "
             "start past +10, uren passen bijna +5"),
        ]  # fmt: skip

    def test_closed_full_passed_and_other_pilots_leerbanen_are_left_out(self, opzet):
        titels = {t for t, _s, _u in _rijen(opzet["zk"])}
        assert not titels & {"E", "F", "G", "H"}

    def test_a_candidate_without_wishes_is_ranked_by_nearness_and_recognition(self, opzet):
        a = opzet["world"].alpha
        positief_advies(a, a.deelnemer)
        zk = zoekvraag(a, a.deelnemer)  # no wishes at all (G is taken by this candidate)
        rijen = _rijen(zk)
        assert rijen[0] == ("I", 30, "zelfde arbeidsmarktregio +5, erkend +15, start past +10")
        # Ties: the earliest start window first (I), then the oldest leerbaan (A, D, G).
        assert [t for t, _s, _u in rijen] == ["I", "A", "D", "G", "C", "B"]

    def test_with_postcode_centroids_nearness_is_the_distance(self, opzet, tmp_path):
        bestand = tmp_path / "centroids.csv"
        # Fictional coordinates, for this test only.
        bestand.write_text(
            "postcode4,lat,lon\n9991,52.000000,5.000000\n9994,52.100000,5.000000\n",
            encoding="utf-8",
        )
        call_command("import_postcodes", str(bestand), "--bron", "Fictieve testwaarden")
        rijen = {t: (s, u) for t, s, u in _rijen(opzet["zk"])}
        # 0 km for A (same postcode), 11 km for C; B has no centroid: the subregio counts.
        assert rijen["A"] == (120, "zelfde crebo +40, 5 van 6 werkprocessen +25, 0 km +20, "
                                   "erkend +15, start past +10, uren passen +10")  # fmt: skip
        assert rijen["C"] == (47, "zelfde sector +15, 11 km +17, niet erkend +0, start past +10, "
                                  "uren passen bijna +5")  # fmt: skip
        assert rijen["B"][1].startswith(
            "zelfde crebo +40, 6 van 6 werkprocessen +30, zelfde subregio +12"
        )

    def test_haversine_measures_a_degree_of_latitude_as_111_km(self):
        assert round(haversine_km((52.0, 5.0), (53.0, 5.0))) == 111


class TestTheMatchingPage:
    def test_the_page_shows_the_rows_with_their_explanation(self, client, opzet):
        a = opzet["world"].alpha
        client.force_login(a.users[Role.MBO_MEDEWERKER])
        r = client.get(reverse("leerbanen:matching", args=[opzet["zk"].pk]))
        assert r.status_code == 200
        body = r.content.decode()
        assert "zelfde crebo +40, 5 van 6 werkprocessen +25, zelfde gemeente +20" in body
        assert body.index(">A</a>") < body.index(">B</a>") < body.index(">C</a>")
        assert "5 open leerbanen" in body

    def test_a_proposed_leerbaan_shows_it_instead_of_the_button(self, client, opzet):
        a = opzet["world"].alpha
        stel_voor(
            actor=a.users[Role.MBO_MEDEWERKER], zoekvraag=opzet["zk"], leerbaan=opzet["lb"]["A"]
        )
        client.force_login(a.users[Role.MBO_MEDEWERKER])
        body = client.get(reverse("leerbanen:matching", args=[opzet["zk"].pk])).content.decode()
        assert (
            reverse("leerbanen:voorstellen", args=[opzet["zk"].pk, opzet["lb"]["A"].pk]) not in body
        )
        assert reverse("leerbanen:voorstellen", args=[opzet["zk"].pk, opzet["lb"]["B"].pk]) in body
        assert Match.objects.filter(status=MatchStatus.VOORGESTELD).count() == 1


class TestQueryCount:
    def test_the_ranking_and_its_page_cost_the_same_with_5_or_60_leerbanen(self, client, opzet):
        a = opzet["world"].alpha
        client.force_login(a.users[Role.MBO_MEDEWERKER])
        url = reverse("leerbanen:matching", args=[opzet["zk"].pk])
        client.get(url)  # warm: session, caches

        def tel() -> tuple[int, int, int]:
            with CaptureQueriesContext(connection) as rang:
                rangschik(Leerbaan.objects.all(), opzet["zk"])
            vernieuw()  # the kept order is out of date: the page ranks (cold), then keeps it
            with CaptureQueriesContext(connection) as koud:
                assert client.get(url).status_code == 200
            with CaptureQueriesContext(connection) as warm:
                assert client.get(url).status_code == 200
            return len(rang), len(koud), len(warm)

        weinig = tel()
        k1, _k2, _k3 = opzet["k"]
        for i in range(55):
            lb = leerbaan(a, titel=f"Extra {i}", kwalificaties=[k1], plaats=f"Dorp {i}")
            if i % 3 == 0:
                Match.objects.create(
                    leerbaan=lb, zoekvraag=opzet["zk"], status=MatchStatus.AFGEWEZEN, reden="x"
                )
        veel = tel()
        assert weinig == veel
        assert veel[0] <= 12


def test_the_matching_docs_name_every_weight():
    tekst = (Path(__file__).resolve().parent.parent / "docs" / "matching.md").read_text()
    from leerbanen import matching

    for naam in ("ZELFDE_CREBO", "ZELFDE_SECTOR", "WERKPROCESSEN", "ZELFDE_GEMEENTE",
                 "ZELFDE_SUBREGIO", "ZELFDE_REGIO", "ERKEND", "AANGEVRAAGD", "START_PAST",
                 "START_BINNEN_MAAND", "UREN_PASSEN", "UREN_BIJNA"):  # fmt: skip
        assert f"+{getattr(matching, naam)}" in tekst, naam
