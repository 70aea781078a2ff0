"""The matching list's order is kept in the cache per version of its data (leerbanen/matching.py
`volgorde`): what a user sees never lags behind the data. Each change a ranking reads shows on
the next page load, and every page shows the rows and reasons the full ranking gives."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from erkenningen.constants import ErkenningStatus
from leerbanen.matching import rangschik
from leerbanen.models import Leerbaan
from leerbanen.services import accepteer, sluit_leerbaan, stel_voor, stop_zoeken
from pilots.roles import Role
from pilots.services import wijzig_organisatie

from .leerbanen_support import erkenning, kwalificatie, leerbaan, positief_advies, zoekvraag

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet(world):
    a = world.alpha
    k, wps = kwalificatie("25250", "Logistiek medewerker", "Transport en logistiek", 6)
    for i in range(12):
        leerbaan(a, titel=f"Baan{i:02d}", kwalificaties=[k], plaats=f"Dorp{i}", uren_per_week=8 + i)
    positief_advies(a)
    zk = zoekvraag(a, werkprocessen=wps, plaats="Dorp3", uren_per_week=16)
    client = Client()
    client.force_login(a.users[Role.MBO_MEDEWERKER])
    return {"world": world, "zk": zk, "k": k, "wps": wps, "client": client}


def _pagina(opzet, page: int = 1) -> list[str]:
    url = reverse("leerbanen:matching", args=[opzet["zk"].pk]) + f"?page={page}"
    body = opzet["client"].get(url).content.decode()
    return re.findall(r">(Baan\d\d|Nieuw)</a>", body)


def _volledig(opzet) -> list[tuple[str, int, str]]:
    with override("nl"):
        return [
            (Leerbaan.objects.get(pk=r.leerbaan_id).titel, r.score, r.uitleg)
            for r in rangschik(Leerbaan.objects.all(), opzet["zk"])
        ]


def test_the_page_shows_the_order_and_reasons_of_the_full_ranking(opzet):
    volledig = _volledig(opzet)
    assert _pagina(opzet) == [t for t, _s, _u in volledig]
    body = opzet["client"].get(reverse("leerbanen:matching", args=[opzet["zk"].pk])).content
    for _titel, _score, uitleg in volledig:
        assert uitleg in body.decode()


def test_a_new_better_leerbaan_is_at_the_top_on_the_next_load(opzet):
    assert _pagina(opzet)[0] == "Baan03"  # same gemeente, hours fit
    a = opzet["world"].alpha
    nieuw = leerbaan(a, titel="Nieuw", werkprocessen=opzet["wps"], plaats="Dorp3", uren_per_week=16)
    erkenning(nieuw.organisatie, opzet["k"], ErkenningStatus.ERKEND)
    assert _pagina(opzet)[0] == "Nieuw"
    assert _pagina(opzet) == [t for t, _s, _u in _volledig(opzet)]


def test_a_closed_or_filled_leerbaan_leaves_the_list_on_the_next_load(opzet):
    a = opzet["world"].alpha
    assert "Baan03" in _pagina(opzet)
    sluit_leerbaan(actor=a.users[Role.PROJECTLEIDER], leerbaan=Leerbaan.objects.get(titel="Baan03"))
    assert "Baan03" not in _pagina(opzet)
    # Another candidate takes the only place of Baan05.
    positief_advies(a, a.deelnemer)
    ander = zoekvraag(a, a.deelnemer)
    m = stel_voor(
        actor=a.users[Role.MBO_MEDEWERKER],
        zoekvraag=ander,
        leerbaan=Leerbaan.objects.get(titel="Baan05"),
    )
    assert "Baan05" in _pagina(opzet)
    accepteer(actor=a.users[Role.PRAKTIJKOPLEIDER], match=m)
    assert "Baan05" not in _pagina(opzet)


def test_changed_wishes_and_loaded_postcodes_rank_again(opzet, tmp_path):
    zk = opzet["zk"]
    assert _pagina(opzet)[0] == "Baan03"
    zk.plaats = "Dorp7"
    zk.save()
    assert _pagina(opzet)[0] == "Baan07"
    # Postcode centroids (fictional values, for this test only) make nearness a distance.
    Leerbaan.objects.filter(titel="Baan09").update(postcode4="9999")
    Leerbaan.objects.exclude(titel="Baan09").update(postcode4="1111")
    zk.postcode4 = "9998"
    zk.save()
    bestand = tmp_path / "centroids.csv"
    bestand.write_text(
        "postcode4,lat,lon\n9998,52.0,5.0\n9999,52.0,5.01\n1111,53.0,6.0\n", encoding="utf-8"
    )
    call_command("import_postcodes", str(bestand), "--bron", "Fictieve testwaarden")
    assert _pagina(opzet)[0] == "Baan09"
    assert _pagina(opzet) == [t for t, _s, _u in _volledig(opzet)]


def test_page_two_holds_the_next_rows_of_the_full_ranking(opzet):
    from leerbanen.views import matching as views

    a = opzet["world"].alpha
    for i in range(12, 60):
        leerbaan(a, titel=f"Baan{i:02d}", kwalificaties=[opzet["k"]], plaats=f"Dorp{i}")
    titels = [t for t, _s, _u in _volledig(opzet)]
    assert len(titels) == 60
    n = views.MATCHING_PER_PAGINA
    assert _pagina(opzet, 1) == titels[:n]
    assert _pagina(opzet, 2) == titels[n : 2 * n]
    assert _pagina(opzet, 3) == titels[2 * n :]


# The rendered rows are kept with the ranked page: what they show follows the data too.


def _rij(opzet, titel: str, taal: str | None = None) -> str:
    client = opzet["client"]
    if taal:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = taal
    body = client.get(reverse("leerbanen:matching", args=[opzet["zk"].pk])).content.decode()
    return next(r for r in body.split("<tr>") if f">{titel}</a>" in r)


def test_a_renamed_leerbedrijf_and_a_changed_leerbaan_show_on_the_next_load(opzet):
    a = opzet["world"].alpha
    eerst = _rij(opzet, "Baan03")
    assert a.leerbedrijf.naam in eerst and "11 u/week" in eerst
    wijzig_organisatie(
        actor=a.users[Role.PROJECTLEIDER],
        organisatie=a.leerbedrijf,
        data={"naam": "Hernoemd Leerbedrijf BV"},
    )
    assert "Hernoemd Leerbedrijf BV" in _rij(opzet, "Baan03")
    baan = Leerbaan.objects.get(titel="Baan03")
    leerbaan(a, leerbaan=baan, titel="Baan03", kwalificaties=[opzet["k"]], plaats="Dorp3",
             uren_per_week=18)  # fmt: skip
    na = _rij(opzet, "Baan03")
    assert "18 u/week" in na and "11 u/week" not in na


def test_the_rows_are_kept_per_language(opzet):
    nl = _rij(opzet, "Baan03")
    assert "zelfde gemeente" in nl and "Voorstellen" in nl
    en = _rij(opzet, "Baan03", taal="en")
    assert "same gemeente" in en and "Propose" in en and "zelfde" not in en
    assert "zelfde gemeente" in _rij(opzet, "Baan03", taal="nl")


def test_a_stopped_search_shows_no_propose_links(opzet):
    assert "Voorstellen" in _rij(opzet, "Baan03")
    stop_zoeken(deelnemer=opzet["zk"].deelnemer, reden="test")
    assert "Voorstellen" not in _rij(opzet, "Baan03")


@pytest.mark.parametrize("page", ["0", "-1", "x", "²", "last", "99999999999999999999", "2"])
def test_any_page_parameter_answers_with_a_page_of_the_ranking(opzet, page):
    url = reverse("leerbanen:matching", args=[opzet["zk"].pk])
    response = opzet["client"].get(url, {"page": page})
    assert response.status_code == 200
    assert re.findall(r">(Baan\d\d)</a>", response.content.decode())
