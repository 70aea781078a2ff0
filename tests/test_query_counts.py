"""The number of queries of every page and API answer that shows intakes, adviezen, agreements
and verklaringen stays the same with few rows and with many (issue 16): a count that grows with
the rows is an N+1.

One data set per module (xdist worker): pilot alpha holds a few full dossiers (intake, advies,
traject with its three agreements sent for signing, a signed praktijkverklaring, an
mbo-verklaring, half of them issued), pilot beta the same kind of dossier many times. Each list
is read by the same role in both pilots and must cost the same. Each detail page is read for an
object with few child rows and for one with many (intakes, advice revisions, agreement
versions, exam results). The national dashboard, which shows every pilot, is read before and after more
dossiers are added. Lists already measured elsewhere with rows of their own (the register, the
registraties API, the participant API, the plain start page) are not repeated here."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deelnemers.services import registreer_deelnemer
from erkenningen.constants import ErkenningStatus
from erkenningen.models import Erkenning
from intake.services import geef_advies, plan_intake
from ondertekening.models import Ondertekening
from overeenkomsten.services import (
    genereer_overeenkomsten,
    huidige_versie,
    render_versie_pdf,
    verstuur_ter_ondertekening,
    wijzig_overeenkomst,
)
from pilots.roles import Role
from trajecten.constants import WerkprocesStatus
from trajecten.models import Traject
from trajecten.services import maak_traject
from trajecten.voortgang import zet_werkproces_status
from verklaringen.mbo_verklaring import maak_mbo_verklaring
from verklaringen.services import (
    bereid_praktijkverklaring_voor,
    geef_uit,
    na_ondertekening,
    render_praktijkverklaring,
    verstuur_naar_praktijkopleider,
)
from verklaringen.tasks import maak_ondertekende_praktijkverklaring_pdf

from .conftest import World
from .factories import erken
from .overeenkomsten_support import EIND, START, twee_werkprocessen

pytestmark = pytest.mark.django_db

FEW = 2
MANY = 10


@pytest.fixture(autouse=True)
def _media_root() -> None:
    """The module's world has one media folder (see `module_world`)."""


def dossier(world: World, p: str, i: int, examens: int = 1) -> dict[str, Any]:
    """A participant of pilot `p` through every step, each with the product's own service; the
    mbo-verklaring lists `examens` exam results."""
    pw = getattr(world, p)
    mbo = pw.users[Role.MBO_MEDEWERKER]
    po = pw.users[Role.PRAKTIJKOPLEIDER]
    d = registreer_deelnemer(
        actor=pw.users[Role.PROJECTLEIDER],
        pilot=pw.pilot,
        voornaam=f"Rij{i}{p}",
        achternaam="Telling",
        geboortedatum=date(1990, 1, 1),
        aangemeld_op=timezone.localdate() - timedelta(days=40),
        verwijzer=pw.users[Role.VERWIJZER],
        verwijzer_organisatie=pw.verwijzer_org,
    )
    d.email = f"rij{i}@{p}.test"
    d.save()
    intake = plan_intake(actor=mbo, deelnemer=d, gepland_op=timezone.now() - timedelta(days=30))
    advies = geef_advies(
        actor=mbo,
        deelnemer=d,
        route="praktijkverklaring",
        onderbouwing="Past bij de leerbaan.",
        volgende_stap="Leerbaan zoeken",
        intake=intake,
    )
    traject = maak_traject(
        actor=mbo,
        deelnemer=d,
        werkprocessen=twee_werkprocessen(),
        leerbedrijf=pw.leerbedrijf,
        mbo_instelling=pw.mbo,
        praktijkopleider=po,
        jobcoach=pw.users[Role.JOBCOACH],
        startdatum=START,
        geplande_einddatum=EIND,
        uren_per_week=32,
        financieringsbron="gemeente",
        loon_of_uitkering="uitkering",
    )
    erken(leerbedrijf=pw.leerbedrijf, mbo_instelling=pw.mbo, kwalificaties=traject.kwalificaties())
    overeenkomsten = genereer_overeenkomsten(actor=mbo, traject=traject)
    for o in overeenkomsten:  # the PDFs the outbox renders after the commit
        render_versie_pdf(huidige_versie(o).pk)
    verstuur_ter_ondertekening(actor=mbo, traject=traject)
    Traject.objects.filter(pk=traject.pk).update(status="lopend")
    traject.refresh_from_db()
    w1, w2 = traject.traject_werkprocessen.order_by("werkproces__code")
    zet_werkproces_status(
        actor=po, traject_werkproces=w1, status=WerkprocesStatus.BEHEERST,
        samenvattend_oordeel="Zelfstandig.",
    )  # fmt: skip
    zet_werkproces_status(actor=po, traject_werkproces=w2, status=WerkprocesStatus.BEZIG)
    pv = bereid_praktijkverklaring_voor(actor=mbo, traject=traject)
    render_praktijkverklaring(pv.pk)
    verstuur_naar_praktijkopleider(actor=mbo, praktijkverklaring=pv)
    # The praktijkopleider signs (the signing flow's result), then its own follow-up runs.
    pv.ondertekeningen.update(getekend_op=timezone.now(), getekende_naam=po.get_full_name())
    na_ondertekening(praktijkverklaring_id=pv.pk)
    maak_ondertekende_praktijkverklaring_pdf(pv.pk)
    pv.refresh_from_db()
    examenresultaten = [
        {"examenonderdeel": f"Examen {k}", "datum": START + timedelta(days=k), "resultaat": "Goed"}
        for k in range(examens)
    ]
    mv = maak_mbo_verklaring(actor=mbo, praktijkverklaring=pv, examenresultaten=examenresultaten)
    if i % 2:
        geef_uit(actor=pw.users[Role.EXAMENCOMMISSIE], mbo_verklaring=mv)
    return {
        "deelnemer": d,
        "traject": traject,
        "overeenkomst": overeenkomsten[0],
        "praktijkverklaring": pv,
        "mbo_verklaring": mv,
        "advies": advies,
    }


def grow(world: World, p: str, rij: dict[str, Any], n: int) -> None:
    """More child rows on one dossier of pilot `p`: intakes with revised advice, and agreement
    versions (each change voids the signatures, so the newest version is a draft)."""
    pw = getattr(world, p)
    mbo = pw.users[Role.MBO_MEDEWERKER]
    d = rij["deelnemer"]
    for k in range(n):
        intake = plan_intake(
            actor=mbo, deelnemer=d, gepland_op=timezone.now() - timedelta(days=20 - k)
        )
        geef_advies(
            actor=mbo, deelnemer=d, route="diploma", onderbouwing=f"Herzien {k}",
            volgende_stap="bbl", intake=intake,
        )  # fmt: skip
        wijzig_overeenkomst(
            actor=mbo, overeenkomst=rij["overeenkomst"], wijzigingen={"uren_per_week": 20 + k}
        )


@pytest.fixture(scope="module")
def data(module_world: World) -> dict[str, Any]:
    alpha = [dossier(module_world, "alpha", i) for i in range(FEW)]
    beta = [dossier(module_world, "beta", i, examens=MANY if i == 0 else 1) for i in range(MANY)]
    grow(module_world, "alpha", alpha[0], 1)
    grow(module_world, "beta", beta[0], MANY)
    return {"world": module_world, "alpha": alpha, "beta": beta}


def count(user: Any, url: str, **extra: Any) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    assert client.get(url, **extra).status_code == 200  # warm up (session, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(queries), response.content.decode()


# A list read by `role` of each pilot: (name, role, url for the pilot's world, marker of a row).
Lijst = tuple[str, str, Callable[[Any], str], str]
LISTS: list[Lijst] = [
    ("deelnemers", Role.MBO_MEDEWERKER, lambda pw: reverse("deelnemers:list"), "Telling"),
    ("mijn-deelnemers", Role.PRAKTIJKOPLEIDER, lambda pw: reverse("trajecten:mijn-deelnemers"),
     "Telling"),
    ("pilot-dashboard", Role.PROJECTLEIDER,
     lambda pw: reverse("monitoring:dashboard", args=[pw.pilot.code]), ""),
    ("start-mbo", Role.MBO_MEDEWERKER, lambda pw: reverse("home"), "data-te-doen-item"),
    ("start-examencommissie", Role.EXAMENCOMMISSIE, lambda pw: reverse("home"),
     "data-te-doen-item"),
    ("start-praktijkopleider", Role.PRAKTIJKOPLEIDER, lambda pw: reverse("home"), ""),
    ("api-intakes", Role.MBO_MEDEWERKER, lambda pw: "/api/v1/intakes/", '"results"'),
    ("api-adviezen", Role.MBO_MEDEWERKER, lambda pw: "/api/v1/adviezen/", '"results"'),
    ("api-overeenkomsten", Role.MBO_MEDEWERKER, lambda pw: "/api/v1/overeenkomsten/",
     '"results"'),
    ("api-mbo-verklaringen", Role.MBO_MEDEWERKER, lambda pw: "/api/v1/mbo-verklaringen/",
     '"results"'),
    ("api-deelnemers", Role.PRAKTIJKOPLEIDER, lambda pw: "/api/v1/deelnemers/", '"results"'),
]  # fmt: skip


@pytest.mark.parametrize("lijst", LISTS, ids=[lijst[0] for lijst in LISTS])
def test_a_list_costs_the_same_with_few_and_many_rows(data: dict[str, Any], lijst: Lijst):
    _naam, role, url, marker = lijst
    world = data["world"]
    few, few_html = count(world.user(role, "alpha"), url(world.alpha))
    many, many_html = count(world.user(role, "beta"), url(world.beta))
    assert marker in few_html and marker in many_html
    if url(world.alpha).startswith("/api/"):
        assert 0 < json.loads(few_html)["count"] < json.loads(many_html)["count"]
    assert many == few, f"{few} queries with {FEW} rows, {many} with {MANY}"


def test_the_projectleider_start_page_with_blocked_agreements(data: dict[str, Any]):
    world = data["world"]
    Erkenning.objects.filter(
        organisatie__in=[world.alpha.leerbedrijf, world.beta.leerbedrijf]
    ).update(status=ErkenningStatus.INGETROKKEN)
    few, _ = count(world.user(Role.PROJECTLEIDER, "alpha"), reverse("home"))
    many, many_html = count(world.user(Role.PROJECTLEIDER, "beta"), reverse("home"))
    assert any(r["overeenkomst"].get_absolute_url() in many_html for r in data["beta"][1:])
    assert many == few


def test_the_mbo_start_page_lists_the_open_signatures(data: dict[str, Any]):
    world = data["world"]
    Ondertekening.objects.filter(getekend_op__isnull=True).update(code_pogingen=5)
    few, _ = count(world.user(Role.MBO_MEDEWERKER, "alpha"), reverse("home"))
    many, many_html = count(world.user(Role.MBO_MEDEWERKER, "beta"), reverse("home"))
    assert "Opnieuw versturen" in many_html
    assert many == few


# A detail page: (name, role, url of one dossier's object).
Detail = tuple[str, str, Callable[[dict[str, Any]], str]]
DETAILS: list[Detail] = [
    ("dossier", Role.MBO_MEDEWERKER, lambda r: r["deelnemer"].get_absolute_url()),
    ("advies", Role.MBO_MEDEWERKER, lambda r: reverse("intake:advies", args=[r["deelnemer"].pk])),
    ("intake-plannen", Role.MBO_MEDEWERKER,
     lambda r: reverse("intake:plan", args=[r["deelnemer"].pk])),
    ("traject", Role.MBO_MEDEWERKER, lambda r: r["traject"].get_absolute_url()),
    ("overeenkomst", Role.MBO_MEDEWERKER, lambda r: r["overeenkomst"].get_absolute_url()),
    ("praktijkverklaring", Role.MBO_MEDEWERKER,
     lambda r: reverse("verklaringen:praktijkverklaring", args=[r["praktijkverklaring"].pk])),
    ("mbo-verklaring", Role.EXAMENCOMMISSIE,
     lambda r: reverse("verklaringen:mbo-verklaring", args=[r["mbo_verklaring"].pk])),
    ("stapeling", Role.MBO_MEDEWERKER,
     lambda r: reverse("verklaringen:stapeling", args=[r["deelnemer"].pk])),
    ("api-deelnemer", Role.MBO_MEDEWERKER,
     lambda r: f"/api/v1/deelnemers/{r['deelnemer'].pk}/"),
    ("api-overeenkomst", Role.MBO_MEDEWERKER,
     lambda r: f"/api/v1/overeenkomsten/{r['overeenkomst'].pk}/"),
    ("api-mbo-verklaring", Role.MBO_MEDEWERKER,
     lambda r: f"/api/v1/mbo-verklaringen/{r['mbo_verklaring'].pk}/"),
]  # fmt: skip


@pytest.mark.parametrize("detail", DETAILS, ids=[detail[0] for detail in DETAILS])
def test_a_detail_page_costs_the_same_with_few_and_many_child_rows(
    data: dict[str, Any], detail: Detail
):
    _naam, role, url = detail
    world = data["world"]
    few, _ = count(world.user(role, "alpha"), url(data["alpha"][0]))
    many, _ = count(world.user(role, "beta"), url(data["beta"][0]))
    assert many == few, f"{few} queries with few child rows, {many} with many"


def test_the_national_dashboard_costs_the_same_with_more_dossiers(data: dict[str, Any]):
    world = data["world"]
    url = reverse("monitoring:landelijk")
    few, _ = count(world.sbb, url)
    for i in range(MANY, MANY + 4):
        dossier(world, "alpha", i)
    many, html = count(world.sbb, url)
    assert "Pilot Alfaregio" in html
    assert many == few
