"""Importing existing registrations and the national monitor export
(../shared/formats/IMPORT_EXPORT.md, issue 6 item 1)."""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from deelnemers.models import Deelnemer
from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces
from monitoring.export import monitor_export
from monitoring.importeren import importeer_praktijkloket
from pilots.models import Organisatie, Partner, Pilot
from pilots.roles import Role
from praktijkleren.models import AuditEvent
from trajecten.models import Traject
from verklaringen.constants import Herkomst, RegistratieStatus
from verklaringen.models import Registratie

from .shared_formats import EXAMPLE

pytestmark = pytest.mark.django_db


PEILDATUM = date(2021, 1, 13)
FILES = ["pilots.csv", "kwalificaties.csv", "deelnemers.csv", "verklaringen.csv"]
MODELS = [
    Pilot, Organisatie, Partner, Kwalificatie, Kerntaak, Werkproces, Deelnemer, Traject,
    Registratie, AuditEvent,
]  # fmt: skip
ERROR_LINE = re.compile(r"^[a-z]+\.(csv|xlsx):\d+: [a-z_]+|-: \S.*$")


def expected() -> dict[str, Any]:
    return json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))


def assert_same_export(actual: dict[str, Any], wanted: dict[str, Any]) -> None:
    if actual != wanted:
        diff = difflib.unified_diff(
            json.dumps(wanted, indent=1, ensure_ascii=False).splitlines(),
            json.dumps(actual, indent=1, ensure_ascii=False).splitlines(),
            "expected.json",
            "monitor_export",
            lineterminator="",
        )
        pytest.fail("The export differs from expected.json:\n" + "\n".join(diff))


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every model the import touches, all fields."""
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    folder = tmp_path / "example"
    folder.mkdir()
    for name in FILES:
        shutil.copy(EXAMPLE / name, folder / name)
    return folder


@pytest.fixture
def imported(example: Path) -> Path:
    result = importeer_praktijkloket(map=example)
    assert result.errors == []
    return example


class TestImportingTheExample:
    def test_the_test_database_starts_without_pilots_participants_or_qualifications(self):
        assert all(not m.objects.exists() for m in MODELS)

    def test_the_export_on_the_peildatum_reproduces_expected_json(self, imported):
        assert_same_export(monitor_export(peildatum=PEILDATUM), expected())

    def test_imported_verklaringen_are_registered_as_issued_outside_the_product(self, imported):
        registraties = Registratie.objects.all()
        assert registraties.count() == 23
        assert {r.herkomst for r in registraties} == {Herkomst.EXTERN}
        assert {r.status for r in registraties} == {RegistratieStatus.GELDIG}
        assert all(r.pdf_sha256 == "" and r.nummer.startswith("EXT-") for r in registraties)
        r = Registratie.objects.get(deelnemer__referentie="noorderkwartier-0001", volgnummer=1)
        assert r.houder_naam == "Lars de Vries"
        assert r.instelling.naam == "Marlijn Academie" == r.instelling_naam
        assert r.leerbedrijf is not None and r.leerbedrijf.leerbedrijf_id == "LB100002"
        assert r.brancheorganisaties == ["Techniek Nederland"]
        assert [w["code"] for w in r.werkprocessen][:2] == ["B1-K2-W3", "B1-K1-W1"]
        assert r.werkprocessen[0]["crebo"] == "25252"
        assert r.werkprocessen[0]["kerntaak"]["code"] == "B1-K2"

    def test_a_participant_gets_one_imported_traject_with_their_leerbedrijf(self, imported):
        d = Deelnemer.objects.get(referentie="noorderkwartier-0004")
        assert d.aangemeld_op == date(2019, 5, 26) and d.status == "afgerond"
        (traject,) = d.trajecten.all()
        assert traject.startdatum == d.aangemeld_op
        assert traject.einddatum == date(2019, 11, 1)
        assert traject.status == "afgerond"
        assert traject.leerbedrijf is not None and traject.leerbedrijf.naam.startswith("Leerbed")
        assert not d.toestemmingen.exists()

    def test_organisations_are_created_once_and_reused(self, imported):
        assert Organisatie.objects.filter(soort="mbo_instelling").count() == 3
        assert Organisatie.objects.exclude(leerbedrijf_id="").count() == 7


class TestImportingTwice:
    def test_importing_the_same_files_again_changes_nothing(self, imported):
        before = snapshot()
        result = importeer_praktijkloket(map=imported)
        assert result.errors == [] and not result.changed
        assert result.counts["deelnemers"]["unchanged"] == 38
        assert result.counts["verklaringen"]["unchanged"] == 23
        assert snapshot() == before

    def test_a_changed_row_updates_its_record_and_nothing_else(self, imported):
        rows = read_rows(imported / "verklaringen.csv")
        assert rows[1][1] == "noorderkwartier-0001"
        rows[1][7] = "Techniek Nederland;NVG"
        write_rows(imported / "verklaringen.csv", rows)
        before = snapshot()
        result = importeer_praktijkloket(map=imported)
        assert result.counts["verklaringen"]["updated"] == 1
        assert result.counts["verklaringen"]["unchanged"] == 22
        after = snapshot()
        changed = [
            (a["id"], a["brancheorganisaties"])
            for a, b in zip(after["Registratie"], before["Registratie"], strict=True)
            if a != b
        ]
        r = Registratie.objects.get(deelnemer__referentie="noorderkwartier-0001", volgnummer=1)
        assert changed == [(r.pk, ["Techniek Nederland", "NVG"])]
        assert {k: v for k, v in after.items() if k not in ("Registratie", "AuditEvent")} == {
            k: v for k, v in before.items() if k not in ("Registratie", "AuditEvent")
        }
        assert AuditEvent.objects.filter(action="import_praktijkloket").count() == 4

    def test_a_dry_run_tells_what_would_change_and_stores_nothing(self, example):
        result = importeer_praktijkloket(map=example, dry_run=True)
        assert result.errors == [] and result.dry_run
        assert result.counts["deelnemers"]["created"] == 38
        assert all(not m.objects.exists() for m in MODELS)


class TestAFileWithErrors:
    @pytest.fixture
    def broken(self, example: Path) -> Path:
        deelnemers = read_rows(example / "deelnemers.csv")
        header = deelnemers[0]
        deelnemers[3][header.index("geboortedatum")] = "1999-13-01"  # line 4
        deelnemers[5][header.index("voornaam")] = ""  # line 6
        deelnemers.append(list(deelnemers[9]))  # line 40 repeats line 10
        write_rows(example / "deelnemers.csv", deelnemers)
        verklaringen = read_rows(example / "verklaringen.csv")
        verklaringen[0].append("opmerking")  # an unknown column
        for row in verklaringen[1:]:
            row.append("")
        wp = verklaringen[0].index("werkprocessen")
        verklaringen[6][wp] = verklaringen[6][wp] + ";99999:B1-K1-W1"  # line 7
        write_rows(example / "verklaringen.csv", verklaringen)
        return example

    def test_nothing_is_stored_and_every_error_is_listed_with_file_and_line(self, broken):
        result = importeer_praktijkloket(map=broken)
        assert all(not m.objects.exists() for m in MODELS)
        for message in [
            "deelnemers.csv:4: geboortedatum: '1999-13-01' is not a date (YYYY-MM-DD)",
            "deelnemers.csv:6: voornaam: required value is empty",
            "deelnemers.csv:40: deelnemer_id: appears twice (first on line 10)",
            "verklaringen.csv:1: opmerking: unknown column",
            "verklaringen.csv:7: werkprocessen: '99999:B1-K1-W1' is not a crebo:werkproces_code "
            "in the kwalificatiestructuur",
        ]:
            assert message in result.errors
        assert all(ERROR_LINE.match(m) for m in result.errors), result.errors
        # Besides: the verklaring of the participant whose row failed; nothing else.
        assert result.errors == [
            "deelnemers.csv:4: geboortedatum: '1999-13-01' is not a date (YYYY-MM-DD)",
            "deelnemers.csv:6: voornaam: required value is empty",
            "deelnemers.csv:40: deelnemer_id: appears twice (first on line 10)",
            "verklaringen.csv:1: opmerking: unknown column",
            "verklaringen.csv:4: deelnemer_id: the participant's row in deelnemers has errors",
            "verklaringen.csv:7: werkprocessen: '99999:B1-K1-W1' is not a crebo:werkproces_code "
            "in the kwalificatiestructuur",
        ]

    def test_the_command_lists_the_errors_on_stderr_and_fails(self, broken):
        err = io.StringIO()
        with pytest.raises(CommandError, match="nothing was stored"):
            call_command("import_praktijkloket", str(broken), stdout=io.StringIO(), stderr=err)
        lines = err.getvalue().splitlines()
        assert "deelnemers.csv:6: voornaam: required value is empty" in lines
        assert not Pilot.objects.exists()

    def test_a_projectleider_upload_may_only_hold_their_own_pilot(self, imported):
        own = Pilot.objects.get(code="justitie")
        result = importeer_praktijkloket(map=imported, pilot=own)
        assert "kwalificaties.csv:1: -: the kwalificatiestructuur is national reference data; " \
            "it cannot be imported for one pilot" in result.errors  # fmt: skip
        assert "pilots.csv:2: code: 'noorderkwartier' is not your pilot (justitie)" in (
            result.errors
        )
        assert "deelnemers.csv:2: pilot: 'noorderkwartier' is not your pilot (justitie)" in (
            result.errors
        )


def _as_xlsx(src: Path, target: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for i, row in enumerate(read_rows(src)):
        cells: list[Any] = []
        for value in row:
            if i and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                cells.append(date.fromisoformat(value))  # a real date cell
            elif i and re.fullmatch(r"[1-9]\d{0,3}", value):
                cells.append(int(value))  # a number cell (tranche, volgnummer ...)
            else:
                cells.append(value or None)
        sheet.append(cells)
    workbook.save(target)


class TestXlsx:
    def test_the_same_files_as_xlsx_import_the_same(self, tmp_path):
        folder = tmp_path / "xlsx"
        folder.mkdir()
        for name in FILES:
            _as_xlsx(EXAMPLE / name, folder / name.replace(".csv", ".xlsx"))
        result = importeer_praktijkloket(map=folder)
        assert result.errors == []
        assert_same_export(monitor_export(peildatum=PEILDATUM), expected())

    def test_uploaded_files_are_imported_from_a_mapping(self, tmp_path):
        _as_xlsx(EXAMPLE / "pilots.csv", tmp_path / "pilots.xlsx")
        files = {"pilots.xlsx": (tmp_path / "pilots.xlsx").read_bytes()}
        result = importeer_praktijkloket(map=files)
        assert result.errors == [] and Pilot.objects.count() == 3

    def test_an_xlsx_error_names_the_spreadsheet_row(self, tmp_path):
        folder = tmp_path / "xlsx"
        folder.mkdir()
        rows = read_rows(EXAMPLE / "pilots.csv")
        rows[2][rows[0].index("soort")] = "provinciaal"
        write_rows(tmp_path / "pilots.csv", rows)
        _as_xlsx(tmp_path / "pilots.csv", folder / "pilots.xlsx")
        result = importeer_praktijkloket(map=folder)
        assert result.errors == [
            "pilots.xlsx:3: soort: 'provinciaal' is not regionaal or landelijk"
        ]


class TestExportCommand:
    def test_json_goes_to_stdout(self, imported):
        out = io.StringIO()
        call_command("monitor_export", "--peildatum", "2021-01-13", stdout=out)
        assert_same_export(json.loads(out.getvalue()), expected())
        assert out.getvalue().startswith('{\n "peildatum": "2021-01-13",')

    def test_json_to_a_file_is_expected_json_byte_for_byte(self, imported, tmp_path):
        target = tmp_path / "export.json"
        call_command(
            "monitor_export", "--peildatum", "2021-01-13", "--output", str(target),
            stdout=io.StringIO(),
        )  # fmt: skip
        assert target.read_bytes() == (EXAMPLE / "expected.json").read_bytes()

    def test_csv_writes_one_file_per_table(self, imported, tmp_path):
        target = tmp_path / "csv"
        call_command(
            "monitor_export", "--peildatum", "2021-01-13", "--format", "csv",
            "--output", str(target), stdout=io.StringIO(),
        )  # fmt: skip
        names = sorted(p.name for p in target.iterdir())
        assert "per_pilot.csv" in names and "totalen.csv" in names and len(names) == 10
        rows = read_rows(target / "per_pilot.csv")
        assert rows[0][:3] == ["pilot", "naam", "soort"]
        assert [r[0] for r in rows[1:]] == ["justitie", "noorderkwartier", "rivierenland"]
        assert read_rows(target / "totalen.csv")[1][:3] == ["2021-01-13", "3", "35"]

    def test_xlsx_writes_one_sheet_per_table(self, imported, tmp_path):
        target = tmp_path / "export.xlsx"
        call_command(
            "monitor_export", "--peildatum", "2021-01-13", "--format", "xlsx",
            "--output", str(target), stdout=io.StringIO(),
        )  # fmt: skip
        workbook = load_workbook(target)
        assert "per_kwalificatie" in workbook.sheetnames and len(workbook.sheetnames) == 10
        values = list(workbook["leeftijdsgroepen"].values)
        assert values[0] == ("groep", "deelnemers") and values[2] == ("18-22", 13)

    def test_one_pilot_and_a_bad_peildatum(self, imported):
        out = io.StringIO()
        call_command(
            "monitor_export", "--peildatum", "2021-01-13", "--pilot", "rivierenland", stdout=out
        )
        data = json.loads(out.getvalue())
        assert [p["pilot"] for p in data["per_pilot"]] == ["rivierenland"]
        assert data["totalen"]["deelnemers"] == 9 and data["totalen"]["verklaringen"] == 4
        with pytest.raises(CommandError, match="not a date"):
            call_command("monitor_export", "--peildatum", "13-01-2021")


class TestWhatIsCounted:
    def test_product_issued_verklaringen_count_and_revoked_ones_do_not(self, imported):
        d = Deelnemer.objects.get(referentie="rivierenland-0001")
        base = Registratie.objects.filter(deelnemer=d).first() or Registratie.objects.first()
        assert base is not None
        common = {
            "pilot": d.pilot,
            "deelnemer": d,
            "instelling": base.instelling,
            "instelling_naam": "x",
            "houder_naam": "x",
            "werkprocessen": base.werkprocessen,
            "uitgegeven_op": date(2021, 1, 10),
        }
        Registratie.objects.create(nummer="MV-1", verificatiecode="A1", volgnummer=9, **common)
        Registratie.objects.create(
            nummer="MV-2", verificatiecode="A2", status=RegistratieStatus.INGETROKKEN, **common
        )
        data = monitor_export(peildatum=PEILDATUM)
        assert data["totalen"]["verklaringen"] == expected()["totalen"]["verklaringen"] + 1
        niet = {r["brancheorganisaties"]: r["totaal"] for r in data["per_brancheorganisatie"]}
        assert niet["niet geregistreerd"] == 6

    def test_the_export_counts_only_what_was_registered_by_the_peildatum(self, imported):
        data = monitor_export(peildatum=date(2019, 1, 1))
        assert data["totalen"]["deelnemers"] == 0 and data["actief_per_periode"] == []
        assert len(data["per_pilot"]) == 3 and data["per_niveau"][0]["verklaringen"] == 0


def _meer_pilots(n: int) -> None:
    """n more pilots, each with participants and a verklaring, copied from the example."""
    template = Registratie.objects.order_by("pk").first()
    assert template is not None
    instelling = template.instelling
    for i in range(n):
        pilot = Pilot.objects.create(
            code=f"extra-{i}", naam=f"Extra {i}", soort="regionaal", tranche=3,
            startdatum=date(2020, 1, 1),
        )  # fmt: skip
        for j in range(3):
            d = Deelnemer.objects.create(
                pilot=pilot, referentie=f"x{j}", voornaam="A", achternaam="B",
                geboortedatum=date(1990, 1, 1), geslacht="V", aangemeld_op=date(2020, 2, 1),
                mbo_instelling=instelling,
            )  # fmt: skip
            # a started traject: a participant is someone who started a route
            Traject.objects.create(
                deelnemer=d, leerbedrijf=template.leerbedrijf, startdatum=date(2020, 2, 1),
                status="lopend",
            )  # fmt: skip
            Registratie.objects.create(
                nummer=f"T-{i}-{j}", verificatiecode=f"T{i}X{j}", pilot=pilot, deelnemer=d,
                instelling=instelling, instelling_naam="x", houder_naam="x",
                uitgegeven_op=date(2020, 6, 1), werkprocessen=template.werkprocessen,
                volgnummer=1,
            )  # fmt: skip


class TestQueries:
    def test_the_number_of_queries_does_not_grow_with_the_number_of_pilots(
        self, imported, django_assert_max_num_queries
    ):
        with CaptureQueriesContext(connection) as small:
            monitor_export(peildatum=PEILDATUM)
        _meer_pilots(12)
        with django_assert_max_num_queries(len(small)):
            data = monitor_export(peildatum=PEILDATUM)
        assert data["totalen"]["pilots"] == 15 and data["totalen"]["deelnemers"] == 35 + 36


def signed_in(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


URL = "/api/v1/monitor-export/"


class TestApi:
    def test_a_projectleider_gets_only_their_own_pilot(self, world):
        client = signed_in(world.user(Role.PROJECTLEIDER))
        response = client.get(URL, {"peildatum": "2026-12-31", "pilot": world.alpha.pilot.code})
        assert response.status_code == 200
        assert [p["pilot"] for p in response.json()["per_pilot"]] == [world.alpha.pilot.code]
        other = client.get(URL, {"peildatum": "2026-12-31", "pilot": world.beta.pilot.code})
        assert other.status_code == 404
        missing = client.get(URL, {"peildatum": "2026-12-31"})
        assert missing.status_code == 400 and "pilot" in missing.json()

    def test_sbb_gets_the_national_export(self, world):
        response = signed_in(world.sbb).get(URL, {"peildatum": "2026-12-31"})
        assert response.status_code == 200
        pilots = {p["pilot"] for p in response.json()["per_pilot"]}
        assert pilots == {world.alpha.pilot.code, world.beta.pilot.code}
        assert "Adaalpha" not in response.content.decode()

    def test_other_roles_are_refused_and_anonymous_callers_must_sign_in(self, world):
        query = {"peildatum": "2026-12-31", "pilot": world.alpha.pilot.code}
        assert signed_in(world.user(Role.MBO_MEDEWERKER)).get(URL, query).status_code == 403
        assert APIClient().get(URL, query).status_code == 401

    def test_a_bad_peildatum_is_a_structured_400(self, world):
        response = signed_in(world.sbb).get(URL, {"peildatum": "31-12-2026"})
        assert response.status_code == 400
        assert list(response.json()) == ["peildatum"]

    def test_csv_is_a_zip_with_one_file_per_table(self, world):
        response = signed_in(world.sbb).get(URL, {"peildatum": "2026-12-31", "format": "csv"})
        assert response.status_code == 200 and response["Content-Type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        assert "per_pilot.csv" in archive.namelist()
        assert archive.read("totalen.csv").decode().startswith("peildatum,pilots,")
