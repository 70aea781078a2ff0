"""The additional monitor tables on the Praktijkloket example (issue 12, the monitor, item 2).

Expected numbers are worked out by hand from ../shared/formats/example/ (peildatum 2021-01-13):
- 38 rows in deelnemers.csv; the three `L` rows (status aangemeld) register after the peildatum,
  so 35 participants count. The example records no target group, benefit, situation or
  referring organisation: all 35 are `niet geregistreerd` in those tables.
- No outflow and no follow-ups are recorded: every row of those tables is 0.
- Each of the 35 has one imported traject (running or ended) without agreed werkprocessen:
  35 trajecten with 0 kwalificaties.
- Partners: the import makes each mbo-instelling named in a pilot's deelnemers rows an opleider
  (all three pilots name Marlijn Academie, Noorderpoort and ROC Ter AA) and each leerbedrijf in its
  deelnemers and verklaringen rows a leerbedrijf partner: justitie LB100001, LB100007 (2);
  noorderkwartier LB100001-LB100004 (4); rivierenland LB100001, LB100005, LB100006 (3).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from rest_framework.test import APIClient

from deelnemers.constants import Doelgroep, Situatie, Uitkering
from monitoring.export import monitor_export
from monitoring.importeren import importeer_praktijkloket
from monitoring.tabellen import AANVULLENDE_TABELLEN
from pilots.constants import OrganisatieSoort, PartnerRol
from trajecten.constants import UitstroomSoort

from .shared_formats import EXAMPLE

pytestmark = pytest.mark.django_db

PEILDATUM = date(2021, 1, 13)
CONTRACT = [
    "peildatum", "totalen", "per_pilot", "leeftijdsgroepen", "per_mbo_instelling", "per_niveau",
    "per_domein", "per_kwalificatie", "werkprocessen_per_verklaring", "per_brancheorganisatie",
    "actief_per_periode",
]  # fmt: skip


@pytest.fixture
def imported() -> None:
    result = importeer_praktijkloket(map=EXAMPLE)
    assert result.errors == []


def _expected() -> dict[str, Any]:
    return json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))


def _alleen_niet_geregistreerd(rows: list[dict[str, Any]], key: str, codes: list[str]) -> None:
    assert [r[key] for r in rows] == [*codes, "niet geregistreerd"]
    assert [r["deelnemers"] for r in rows] == [0] * len(codes) + [35]


def test_the_additional_tables_on_the_example(imported):
    data = monitor_export(peildatum=PEILDATUM, aanvullend=True)
    # The contract's keys first and unchanged, the additional tables after them.
    assert list(data) == CONTRACT + AANVULLENDE_TABELLEN
    assert {k: data[k] for k in CONTRACT} == _expected()

    _alleen_niet_geregistreerd(data["per_doelgroep"], "doelgroep", Doelgroep.values)
    _alleen_niet_geregistreerd(data["per_uitkering"], "uitkering", Uitkering.values)
    _alleen_niet_geregistreerd(data["per_situatie"], "situatie", Situatie.values)
    _alleen_niet_geregistreerd(data["per_verwijzer"], "verwijzer", OrganisatieSoort.values)
    assert data["uitstroom"] == [
        {"uitstroom": s, "trajecten": 0, "mbo_certificaat": 0, "mbo_diploma": 0}
        for s in UitstroomSoort.values
    ]
    assert data["nametingen"] == [
        {"situatie": s, "na_6_maanden": 0, "na_12_maanden": 0}
        for s in [*UitstroomSoort.values, "niet beantwoord"]
    ]
    assert data["kwalificaties_per_traject"] == [{"kwalificaties": 0, "trajecten": 35}]
    nul = dict.fromkeys(PartnerRol.values, 0)
    assert data["partners_per_pilot"] == [
        {"pilot": "justitie", **nul, "opleider": 3, "leerbedrijf": 2, "organisaties": 5},
        {"pilot": "noorderkwartier", **nul, "opleider": 3, "leerbedrijf": 4, "organisaties": 7},
        {"pilot": "rivierenland", **nul, "opleider": 3, "leerbedrijf": 3, "organisaties": 6},
    ]


def test_without_aanvullend_the_export_is_exactly_the_contract(imported, tmp_path: Path):
    assert monitor_export(peildatum=PEILDATUM) == _expected()
    target = tmp_path / "export.json"
    call_command(
        "monitor_export", "--peildatum", "2021-01-13", "--output", str(target),
        stdout=io.StringIO(),
    )  # fmt: skip
    assert target.read_bytes() == (EXAMPLE / "expected.json").read_bytes()


def test_one_pilot_counts_its_own(imported):
    data = monitor_export(peildatum=PEILDATUM, pilot=_pilot("rivierenland"), aanvullend=True)
    # rivierenland has 9 participants registered by the peildatum (expected.json per_pilot).
    assert data["per_doelgroep"][-1] == {"doelgroep": "niet geregistreerd", "deelnemers": 9}
    assert data["kwalificaties_per_traject"] == [{"kwalificaties": 0, "trajecten": 9}]
    assert [r["pilot"] for r in data["partners_per_pilot"]] == ["rivierenland"]


def _pilot(code: str) -> Any:
    from pilots.models import Pilot

    return Pilot.objects.get(code=code)


def test_the_command_writes_the_new_tables_as_json_csv_and_xlsx(imported, tmp_path: Path):
    out = io.StringIO()
    call_command("monitor_export", "--peildatum", "2021-01-13", "--aanvullend", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data)[len(CONTRACT) :] == AANVULLENDE_TABELLEN

    folder = tmp_path / "csv"
    call_command(
        "monitor_export", "--peildatum", "2021-01-13", "--format", "csv", "--aanvullend",
        "--output", str(folder), stdout=io.StringIO(),
    )  # fmt: skip
    names = {p.name for p in folder.iterdir()}
    assert {f"{t}.csv" for t in AANVULLENDE_TABELLEN} <= names and len(names) == 18
    with (folder / "kwalificaties_per_traject.csv").open(encoding="utf-8") as f:
        assert list(csv.reader(f)) == [["kwalificaties", "trajecten"], ["0", "35"]]

    target = tmp_path / "export.xlsx"
    call_command(
        "monitor_export", "--peildatum", "2021-01-13", "--format", "xlsx", "--aanvullend",
        "--output", str(target), stdout=io.StringIO(),
    )  # fmt: skip
    workbook = load_workbook(target)
    assert workbook.sheetnames[-len(AANVULLENDE_TABELLEN) :] == AANVULLENDE_TABELLEN
    rows = list(workbook["partners_per_pilot"].values)
    assert rows[0][0] == "pilot" and rows[0][-1] == "organisaties"
    assert [(r[0], r[-1]) for r in rows[1:]] == [
        ("justitie", 5), ("noorderkwartier", 7), ("rivierenland", 6),
    ]  # fmt: skip


def test_the_api_and_the_download_offer_them(imported, world):
    client = APIClient()
    client.force_authenticate(world.sbb)
    url = "/api/v1/monitor-export/"
    plain = client.get(url, {"peildatum": "2021-01-13"}).json()
    assert "per_doelgroep" not in plain
    extra = client.get(url, {"peildatum": "2021-01-13", "aanvullend": "true"}).json()
    assert list(extra)[-len(AANVULLENDE_TABELLEN) :] == AANVULLENDE_TABELLEN
    archive = client.get(url, {"peildatum": "2021-01-13", "aanvullend": "1", "format": "csv"})
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        assert "per_situatie.csv" in z.namelist()

    from django.test import Client
    from django.urls import reverse

    browser = Client()
    browser.force_login(world.sbb)
    form = browser.get(reverse("monitoring:export")).content.decode()
    assert 'name="aanvullend"' in form
    response = browser.get(
        reverse("monitoring:export"),
        {"peildatum": "2021-01-13", "format": "xlsx", "aanvullend": "1"},
    )
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert set(AANVULLENDE_TABELLEN) <= set(workbook.sheetnames)
