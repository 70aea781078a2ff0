"""The browser import (upload, preview, confirm, progress) and the export download."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.renderers import JSONRenderer

from deelnemers.models import Deelnemer
from kwalificaties.models import Werkproces
from monitoring import cijfers
from monitoring.export import monitor_export
from monitoring.importeren import importeer_praktijkloket
from monitoring.importeren.opdracht import voer_uit
from monitoring.models import ImportOpdracht
from pilots.roles import Role
from verklaringen.models import Registratie

from .conftest import World
from .shared_formats import EXAMPLE

PL, MBO = Role.PROJECTLEIDER, Role.MBO_MEDEWERKER
SOURCE = "noorderkwartier"
IMPORTED = [f"alpha-000{i}" for i in range(1, 6)]
IMPORTED_BETA = [f"beta-000{i}" for i in range(1, 6)]


def _rows(name: str, pilot_column: str, limit: int | None = None) -> list[dict[str, str]]:
    with (EXAMPLE / name).open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r[pilot_column] == SOURCE]
    return rows[:limit] if limit else rows


def _csv(rows: list[dict[str, str]], code: str = "alpha") -> bytes:
    """The example's rows of one pilot, moved to pilot `code`."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: v.replace(SOURCE, code) for k, v in row.items()})
    return out.getvalue().encode()


def _deelnemers(code: str = "alpha", limit: int = 5) -> list[dict[str, str]]:
    return _rows("deelnemers.csv", "pilot", limit)


def _verklaringen(deelnemers: list[dict[str, str]]) -> list[dict[str, str]]:
    ids = {d["deelnemer_id"] for d in deelnemers}
    return [r for r in _rows("verklaringen.csv", "pilot") if r["deelnemer_id"] in ids]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _upload(client: Client, code: str = "alpha", **files: bytes) -> Any:
    data = {kind: SimpleUploadedFile(f"{kind}.csv", content) for kind, content in files.items()}
    return client.post(reverse("monitoring:import-upload", kwargs={"code": code}), data)


def _stored_imports() -> list[str]:
    if not default_storage.exists("imports"):
        return []
    folders, _files = default_storage.listdir("imports")
    return [f for folder in folders for f in default_storage.listdir(f"imports/{folder}")[1]]


@pytest.fixture
def kwalificaties(world: World) -> None:
    """The national kwalificatiestructuur of the example (imported as SBB would)."""
    data = (EXAMPLE / "kwalificaties.csv").read_bytes()
    result = importeer_praktijkloket(map={"kwalificaties.csv": data})
    assert not result.errors


@pytest.fixture
def pl(world: World) -> Client:
    return _client(world.alpha.users[PL])


class TestUpload:
    def test_the_upload_page_offers_the_three_files_to_the_projectleider(self, world, pl):
        response = pl.get(reverse("monitoring:import-upload", kwargs={"code": "alpha"}))
        assert response.status_code == 200
        for name in ("pilots", "deelnemers", "verklaringen"):
            assert f'name="{name}"' in response.text
        assert 'name="kwalificaties"' not in response.text

    def test_an_upload_with_errors_lists_them_per_file_and_row_and_stores_nothing(
        self, world, pl, kwalificaties
    ):
        rows = _deelnemers()
        rows[1] = {**rows[1], "geboortedatum": "31-02-1990"}
        rows[3] = {**rows[3], "voornaam": ""}
        before = Deelnemer.objects.count()
        response = _upload(pl, deelnemers=_csv(rows))
        assert response.status_code == 302
        opdracht = ImportOpdracht.objects.get()
        assert response["Location"] == reverse("monitoring:import", kwargs={"pk": opdracht.pk})
        page = pl.get(response["Location"])
        assert page.status_code == 200
        assert 'data-bestand="deelnemers.csv"' in page.text
        assert 'data-regel="3"' in page.text  # header is line 1: rows[1] is line 3
        assert 'data-regel="5"' in page.text
        assert "geboortedatum" in page.text and "voornaam" in page.text
        assert "Nothing can be imported until every error is corrected" in page.text
        assert "Confirm and import" not in page.text
        assert Deelnemer.objects.count() == before
        assert opdracht.status == ImportOpdracht.Status.VOORBEELD
        assert opdracht.bestanden == {} and _stored_imports() == []

    def test_a_valid_upload_previews_the_counts_and_stores_nothing_until_confirmed(
        self, world, pl, kwalificaties
    ):
        rows = _deelnemers()
        verklaringen = _verklaringen(rows)
        before = (Deelnemer.objects.count(), Registratie.objects.count())
        response = _upload(pl, deelnemers=_csv(rows), verklaringen=_csv(verklaringen))
        page = pl.get(response["Location"])
        assert page.status_code == 200
        assert 'data-soort="deelnemers"><th scope="row">Participants</th><td data-created="5"' in (
            page.text
        )
        assert (
            f'data-soort="verklaringen"><th scope="row">Declarations</th><td data-created="{len(verklaringen)}"'
            in page.text
        )
        assert "Confirm and import" in page.text
        assert (Deelnemer.objects.count(), Registratie.objects.count()) == before
        opdracht = ImportOpdracht.objects.get()
        assert opdracht.voorbeeld["counts"]["deelnemers"]["created"] == 5
        assert sorted(opdracht.bestanden) == ["deelnemers.csv", "verklaringen.csv"]
        assert opdracht.bestanden["deelnemers.csv"] == f"imports/{opdracht.pk}/deelnemers.csv"
        assert default_storage.exists(opdracht.bestanden["deelnemers.csv"])

    def test_another_pilots_rows_are_refused(self, world, pl):
        rows = _deelnemers(limit=2)
        response = _upload(pl, deelnemers=_csv(rows, code="beta"))
        opdracht = ImportOpdracht.objects.get()
        assert opdracht.voorbeeld["errors"]
        assert all(e.startswith("deelnemers.csv:") for e in opdracht.voorbeeld["errors"])
        page = pl.get(response["Location"])
        assert 'data-regel="2"' in page.text and "Confirm and import" not in page.text
        assert not Deelnemer.objects.filter(referentie__in=IMPORTED_BETA).exists()

    def test_an_xlsx_file_is_accepted(self, world, pl, kwalificaties):
        from openpyxl import Workbook

        workbook = Workbook()
        reader = csv.reader(io.StringIO(_csv(_deelnemers(limit=2)).decode()))
        for row in reader:
            workbook.active.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = SimpleUploadedFile("Deelnemers export.XLSX", buffer.getvalue())
        response = pl.post(
            reverse("monitoring:import-upload", kwargs={"code": "alpha"}), {"deelnemers": upload}
        )
        assert response.status_code == 302
        opdracht = ImportOpdracht.objects.get()
        assert opdracht.voorbeeld["errors"] == []
        counts = opdracht.voorbeeld["counts"]
        assert counts["deelnemers"] == {"created": 2, "updated": 0, "unchanged": 0}
        assert counts["trajecten"] == {"created": 2, "updated": 0, "unchanged": 0}
        assert list(opdracht.bestanden) == ["deelnemers.xlsx"]

    @pytest.mark.parametrize(
        ("files", "message"),
        [
            ({}, "Choose at least one file."),
            ({"deelnemers": SimpleUploadedFile("deelnemers.pdf", b"%PDF")}, "not allowed"),
            (
                {"deelnemers": SimpleUploadedFile("deelnemers.csv", b"x" * (10 * 1024 * 1024 + 1))},
                "the maximum is 10.0",
            ),
        ],
    )
    def test_a_wrong_or_too_large_file_is_refused_with_the_form(self, world, pl, files, message):
        response = pl.post(reverse("monitoring:import-upload", kwargs={"code": "alpha"}), files)
        assert response.status_code == 400
        assert message in response.text
        assert not ImportOpdracht.objects.exists()

    def test_the_upload_page_lists_recent_imports_in_a_fixed_number_of_queries(
        self, world, pl, django_assert_max_num_queries
    ):
        url = reverse("monitoring:import-upload", kwargs={"code": "alpha"})
        ImportOpdracht.objects.create(pilot=world.alpha.pilot, created_by=world.alpha.users[PL])
        pl.get(url)  # warm the session and the pilot
        with django_assert_max_num_queries(30) as one:
            pl.get(url)
        for _ in range(8):
            ImportOpdracht.objects.create(
                pilot=world.alpha.pilot, created_by=world.alpha.users[MBO]
            )
        ImportOpdracht.objects.create(pilot=world.beta.pilot, created_by=world.beta.users[PL])
        with django_assert_max_num_queries(len(one.captured_queries)):
            response = pl.get(url)
        assert response.text.count("data-import=") == 9


class TestConfirm:
    def _preview(self, pl: Client) -> ImportOpdracht:
        rows = _deelnemers()
        _upload(pl, deelnemers=_csv(rows), verklaringen=_csv(_verklaringen(rows)))
        return ImportOpdracht.objects.get()

    def test_confirming_runs_the_import_and_the_records_exist(
        self, world, pl, kwalificaties, django_capture_on_commit_callbacks
    ):
        opdracht = self._preview(pl)
        url = reverse("monitoring:import-bevestigen", kwargs={"pk": opdracht.pk})
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = pl.post(url)
        # One import task queued (the other hook marks the kept monitor figures out of date).
        taken = [c for c in callbacks if c is not cijfers._na_commit]
        assert response.status_code == 302 and len(taken) == 1
        opdracht.refresh_from_db()
        assert opdracht.status == ImportOpdracht.Status.KLAAR
        assert opdracht.voortgang == 100 and opdracht.gestart_op and opdracht.klaar_op
        assert opdracht.resultaat["counts"]["deelnemers"]["created"] == 5
        assert opdracht.resultaat["errors"] == []
        assert Deelnemer.objects.filter(pilot=world.alpha.pilot, referentie="alpha-0001").exists()
        assert Registratie.objects.filter(deelnemer__pilot=world.alpha.pilot).count() == len(
            _verklaringen(_deelnemers())
        )
        assert opdracht.bestanden == {} and _stored_imports() == []
        page = pl.get(reverse("monitoring:import", kwargs={"pk": opdracht.pk}))
        assert 'data-status="klaar"' in page.text and "Result" in page.text
        assert 'http-equiv="refresh"' not in page.text
        # Safe to run twice; confirming again is refused.
        assert voer_uit(opdracht_id=opdracht.pk) == "klaar"
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            pl.post(url)
        assert [c for c in callbacks if c is not cijfers._na_commit] == []
        assert Deelnemer.objects.filter(referentie__in=IMPORTED).count() == 5

    def test_a_known_leerbedrijf_keeps_its_name_with_a_dutch_warning_and_becomes_a_partner(
        self, world, pl, kwalificaties, django_capture_on_commit_callbacks
    ):
        """Preview and result list the warning (translated); the import is not stopped; the
        mbo-instelling and leerbedrijf named become partners of the pilot."""
        known = world.alpha.leerbedrijf
        rows = [
            {**r, "leerbedrijf_id": known.leerbedrijf_id, "leerbedrijf_naam": "Een andere naam"}
            for r in _deelnemers(limit=2)
        ]
        _upload(pl, deelnemers=_csv(rows))
        opdracht = ImportOpdracht.objects.get()
        warning = "deelnemers.csv:2: leerbedrijf_naam: differs from the registered name of " \
            "this leerbedrijf (kept)"  # fmt: skip
        assert opdracht.voorbeeld["warnings"] == [warning]  # once per file and leerbedrijf
        assert opdracht.voorbeeld["counts"]["partners"] == {
            "created": 2, "updated": 0, "unchanged": 1
        }  # fmt: skip  # two mbo-instellingen; the leerbedrijf was a partner already
        url = reverse("monitoring:import", kwargs={"pk": opdracht.pk})
        dutch = Client()
        dutch.force_login(world.alpha.users[PL])
        dutch.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
        for page in (dutch.get(url), None):
            if page is None:
                with django_capture_on_commit_callbacks(execute=True):
                    pl.post(reverse("monitoring:import-bevestigen", kwargs={"pk": opdracht.pk}))
                page = dutch.get(url)
            assert 'data-waarschuwingen="deelnemers.csv"' in page.text
            assert "wijkt af van de geregistreerde naam van dit leerbedrijf (behouden)" in page.text
        opdracht.refresh_from_db()
        assert opdracht.status == ImportOpdracht.Status.KLAAR
        assert opdracht.resultaat["warnings"] == [warning]
        known.refresh_from_db()
        assert known.naam == "Leerbedrijf Alphastad"
        instelling = Deelnemer.objects.get(referentie="alpha-0001").mbo_instelling
        assert instelling is not None
        assert world.alpha.pilot.partners.filter(organisatie=instelling, rol="opleider").exists()
        assert world.alpha.pilot.partners.filter(organisatie=known, rol="leerbedrijf").count() == 1

    def test_the_sweeper_runs_a_lost_job_and_clears_old_previews(
        self, world, pl, kwalificaties, django_capture_on_commit_callbacks
    ):
        from datetime import timedelta

        from django.utils import timezone

        from monitoring.importeren.opdracht import ruim_op

        opdracht = self._preview(pl)
        # confirmed, but the job never reached a worker (a broker outage)
        ImportOpdracht.objects.filter(pk=opdracht.pk).update(
            status=ImportOpdracht.Status.BEVESTIGD,
            created_at=timezone.now() - timedelta(minutes=11),
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert ruim_op() == {"opnieuw": 1, "opgeruimd": 0}
        opdracht.refresh_from_db()
        assert opdracht.status == ImportOpdracht.Status.KLAAR
        assert Deelnemer.objects.filter(referentie__in=IMPORTED).count() == 5
        # a preview nobody confirmed loses its stored files after a day
        ImportOpdracht.objects.all().delete()
        oud = self._preview(pl)
        ImportOpdracht.objects.filter(pk=oud.pk).update(
            created_at=timezone.now() - timedelta(days=2)
        )
        assert ruim_op()["opgeruimd"] == 1
        oud.refresh_from_db()
        assert oud.bestanden == {} and _stored_imports() == []

    def test_a_running_import_shows_its_progress_and_refreshes_itself(self, world, pl):
        opdracht = ImportOpdracht.objects.create(
            pilot=world.alpha.pilot, status=ImportOpdracht.Status.BEZIG, voortgang=40
        )
        page = pl.get(reverse("monitoring:import", kwargs={"pk": opdracht.pk}))
        assert '<meta http-equiv="refresh" content="2">' in page.text
        assert 'data-voortgang="40"' in page.text and 'data-status="bezig"' in page.text
        assert "Confirm and import" not in page.text

    def test_the_task_does_nothing_for_an_import_that_is_running_or_not_confirmed(self, world):
        for status in (ImportOpdracht.Status.BEZIG, ImportOpdracht.Status.VOORBEELD):
            opdracht = ImportOpdracht.objects.create(pilot=world.alpha.pilot, status=status)
            assert voer_uit(opdracht_id=opdracht.pk) == status
            opdracht.refresh_from_db()
            assert opdracht.status == status and opdracht.voortgang == 0

    def test_data_that_changed_since_the_preview_fails_the_import_and_stores_nothing(
        self, world, pl, kwalificaties, django_capture_on_commit_callbacks
    ):
        opdracht = self._preview(pl)
        Werkproces.objects.all().delete()  # the verklaringen now name unknown werkprocessen
        with django_capture_on_commit_callbacks(execute=True):
            pl.post(reverse("monitoring:import-bevestigen", kwargs={"pk": opdracht.pk}))
        opdracht.refresh_from_db()
        assert opdracht.status == ImportOpdracht.Status.MISLUKT
        assert opdracht.resultaat["errors"]
        assert all(e.startswith("verklaringen.csv:") for e in opdracht.resultaat["errors"])
        assert not Deelnemer.objects.filter(referentie__in=IMPORTED).exists()
        assert _stored_imports() == []
        page = pl.get(reverse("monitoring:import", kwargs={"pk": opdracht.pk}))
        assert "The import failed and nothing was stored" in page.text
        assert 'data-bestand="verklaringen.csv"' in page.text


class TestImportAccess:
    def test_another_pilots_projectleider_gets_404_and_other_roles_403(self, world):
        opdracht = ImportOpdracht.objects.create(pilot=world.alpha.pilot)
        urls = [
            reverse("monitoring:import-upload", kwargs={"code": "alpha"}),
            reverse("monitoring:import", kwargs={"pk": opdracht.pk}),
        ]
        for url in urls:
            assert _client(world.beta.users[PL]).get(url).status_code == 404
            assert _client(world.alpha.users[MBO]).get(url).status_code == 403
            assert _client(world.sbb).get(url).status_code == 403
        confirm = reverse("monitoring:import-bevestigen", kwargs={"pk": opdracht.pk})
        assert _client(world.beta.users[PL]).post(confirm).status_code == 404
        assert _client(world.alpha.users[MBO]).post(confirm).status_code == 403
        response = _upload(_client(world.beta.users[PL]), deelnemers=b"pilot\nalpha\n")
        assert response.status_code == 404
        assert ImportOpdracht.objects.count() == 1


EXPORT = reverse("monitoring:export")


def _expected(pilot: Any = None) -> Any:
    from datetime import date

    data = monitor_export(peildatum=date(2021, 1, 13), pilot=pilot)
    return json.loads(JSONRenderer().render(data))


class TestExport:
    def test_sbb_downloads_the_national_export_as_json(self, world):
        response = _client(world.sbb).get(EXPORT, {"peildatum": "2021-01-13", "format": "json"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert (
            response["Content-Disposition"]
            == 'attachment; filename="monitor-landelijk-2021-01-13.json"'
        )
        data = json.loads(response.content)
        assert data == _expected()
        assert {r["pilot"] for r in data["per_pilot"]} == {"alpha", "beta"}

    def test_sbb_may_filter_one_pilot(self, world):
        response = _client(world.sbb).get(
            EXPORT, {"peildatum": "2021-01-13", "format": "json", "pilot": "beta"}
        )
        assert json.loads(response.content) == _expected(world.beta.pilot)

    def test_sbb_downloads_csv_as_a_zip_and_xlsx(self, world):
        client = _client(world.sbb)
        response = client.get(EXPORT, {"peildatum": "2021-01-13", "format": "csv"})
        assert response["Content-Type"] == "application/zip"
        assert "monitor-landelijk-2021-01-13.zip" in response["Content-Disposition"]
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            totalen = list(csv.DictReader(io.StringIO(archive.read("totalen.csv").decode())))
            per_pilot = list(csv.DictReader(io.StringIO(archive.read("per_pilot.csv").decode())))
        expected = _expected()
        assert totalen[0]["peildatum"] == "2021-01-13"
        assert int(totalen[0]["pilots"]) == expected["totalen"]["pilots"] == 2
        assert [r["pilot"] for r in per_pilot] == ["alpha", "beta"]

        response = client.get(EXPORT, {"peildatum": "2021-01-13", "format": "xlsx"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "monitor-landelijk-2021-01-13.xlsx" in response["Content-Disposition"]
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        assert "totalen" in workbook.sheetnames and "per_pilot" in workbook.sheetnames
        rows = list(workbook["per_pilot"].iter_rows(values_only=True))
        assert rows[0][0] == "pilot" and [r[0] for r in rows[1:]] == ["alpha", "beta"]

    @pytest.mark.parametrize("formaat", ["json", "csv", "xlsx"])
    def test_a_projectleider_downloads_only_their_own_pilot(self, world, pl, formaat):
        response = pl.get(EXPORT, {"peildatum": "2021-01-13", "format": formaat, "pilot": "beta"})
        assert response.status_code == 200
        assert "monitor-alpha-2021-01-13." in response["Content-Disposition"]
        if formaat == "json":
            assert json.loads(response.content) == _expected(world.alpha.pilot)
            return
        if formaat == "csv":
            with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
                text = archive.read("per_pilot.csv").decode()
            pilots = [r["pilot"] for r in csv.DictReader(io.StringIO(text))]
        else:
            workbook = load_workbook(io.BytesIO(response.content), read_only=True)
            pilots = [r[0] for r in list(workbook["per_pilot"].iter_rows(values_only=True))[1:]]
        assert pilots == ["alpha"]

    def test_the_form_defaults_to_today_and_a_bad_date_is_a_form_error(self, world, pl):
        from django.utils import timezone

        page = pl.get(EXPORT)
        assert page.status_code == 200
        assert f'value="{timezone.localdate().isoformat()}"' in page.text
        assert 'id="id_pilot"' not in page.text  # the projectleider exports their own pilot
        response = pl.get(EXPORT, {"peildatum": "13-01-2021", "format": "json"})
        assert response.status_code == 400
        assert "Enter a date as YYYY-MM-DD." in response.text
        assert "Content-Disposition" not in response

    def test_roles_without_figures_get_403(self, world):
        assert _client(world.alpha.users[MBO]).get(EXPORT).status_code == 403
        response = _client(world.alpha.users[MBO]).get(EXPORT, {"peildatum": "2021-01-13"})
        assert response.status_code == 403

    def test_the_export_form_uses_a_fixed_number_of_queries(
        self, world, django_assert_max_num_queries
    ):
        from .factories import PilotFactory

        client = _client(world.sbb)
        client.get(EXPORT)
        with django_assert_max_num_queries(30) as one:
            client.get(EXPORT)
        for i in range(5):
            PilotFactory(code=f"extra{i}", naam=f"Extra {i}")
        with django_assert_max_num_queries(len(one.captured_queries)):
            response = client.get(EXPORT)
        select = response.text.split('id="id_pilot"', 1)[1].split("</select>", 1)[0]
        assert select.count("<option") == 1 + 7
