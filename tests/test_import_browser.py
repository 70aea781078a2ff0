"""The registration import in the browser, as a Dutch projectleider reads it: errors in Dutch,
grouped by kind with what to do and every file and line; another pilot's rows explained once;
the preview saying per updated record which field changes from what to what; nothing stored on
a failing import (issue 15)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import unescape

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from deelnemers.models import Deelnemer
from monitoring.importeren import importeer_praktijkloket
from monitoring.models import ImportOpdracht
from pilots.roles import Role
from verklaringen.models import Registratie

from .conftest import World
from .shared_formats import EXAMPLE

SOURCE = "noorderkwartier"


def _rows(name: str, limit: int | None = None) -> list[dict[str, str]]:
    with (EXAMPLE / name).open(encoding="utf-8") as fh:
        rows = [
            {k: v.replace(SOURCE, "alpha") for k, v in r.items()}
            for r in csv.DictReader(fh)
            if r["pilot"] == SOURCE
        ]
    return rows[:limit] if limit else rows


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _xlsx(rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(html: str) -> str:
    """The page as a reader sees it: tags removed, white space collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def kwalificaties(world: World) -> None:
    result = importeer_praktijkloket(
        map={"kwalificaties.csv": (EXAMPLE / "kwalificaties.csv").read_bytes()}
    )
    assert not result.errors


@pytest.fixture
def pl(world: World) -> Client:
    client = Client()
    client.force_login(world.alpha.users[Role.PROJECTLEIDER])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    return client


def _upload(client: Client, **files: tuple[str, bytes]) -> tuple[ImportOpdracht, str]:
    data = {kind: SimpleUploadedFile(name, content) for kind, (name, content) in files.items()}
    response = client.post(reverse("monitoring:import-upload", kwargs={"code": "alpha"}), data)
    assert response.status_code == 302
    opdracht = ImportOpdracht.objects.latest("pk")
    page = client.get(response["Location"])
    assert page.status_code == 200
    return opdracht, page.text


class TestErrors:
    def test_errors_are_dutch_grouped_by_kind_with_what_to_do_and_each_line(
        self, world, pl, kwalificaties
    ):
        rows = _rows("deelnemers.csv", limit=5)
        for i in (0, 2, 4):
            rows[i] = {**rows[i], "geboortedatum": "31-02-1990"}
        rows[3] = {**rows[3], "voornaam": ""}
        verklaringen = [
            r for r in _rows("verklaringen.csv") if r["deelnemer_id"] == rows[1]["deelnemer_id"]
        ]
        verklaringen[0] = {**verklaringen[0], "werkprocessen": "99999:B1-K1-W1"}
        before = (Deelnemer.objects.count(), Registratie.objects.count())

        opdracht, html = _upload(
            pl,
            deelnemers=("deelnemers.csv", _csv(rows)),
            verklaringen=("verklaringen.csv", _csv(verklaringen)),
        )
        text = _text(html)

        assert "Geen datum (3 rijen)" in text
        assert "Schrijf datums als JJJJ-MM-DD, bijvoorbeeld 2026-03-01." in text
        assert "'31-02-1990' is geen datum (JJJJ-MM-DD)" in text
        assert "Verplichte waarde ontbreekt (1 rij)" in text
        assert "Onbekende crebo of onbekend werkproces (1 rij)" in text
        assert "laat de beheerder de kwalificatie eerst importeren" in text
        # Every error still names its file and line (the header is line 1).
        for line in ("2", "4", "6"):
            assert f'data-bestand="deelnemers.csv" data-regel="{line}"' in html
        assert 'data-bestand="deelnemers.csv" data-regel="5"' in html
        assert 'data-bestand="verklaringen.csv" data-regel="2"' in html
        for english in ("is not a date", "required value is empty", "is not a crebo:werkproces"):
            assert english not in html
        assert "Bevestigen en importeren" not in text
        # Nothing is stored: no record, no kept file.
        assert (Deelnemer.objects.count(), Registratie.objects.count()) == before
        assert opdracht.bestanden == {}

    def test_an_xlsx_file_names_the_spreadsheet_rows_in_dutch(self, world, pl, kwalificaties):
        rows = _rows("deelnemers.csv", limit=3)
        rows[2] = {**rows[2], "geslacht": "Q"}
        _opdracht, html = _upload(pl, deelnemers=("deelnemers.xlsx", _xlsx(rows)))
        text = _text(html)
        assert "Onbekend geslacht (1 rij)" in text
        assert "'Q' is niet M, V of X" in text
        assert 'data-bestand="deelnemers.xlsx" data-regel="4"' in html

    def test_many_errors_of_one_kind_fold_their_lines_in_a_details(self, world, pl, kwalificaties):
        rows = [{**r, "inschrijfdatum": "gisteren"} for r in _rows("deelnemers.csv", limit=8)]
        _opdracht, html = _upload(pl, deelnemers=("deelnemers.csv", _csv(rows)))
        assert "Geen datum (8 rijen)" in _text(html)
        (details,) = re.findall(r"<details>(.*?)</details>", html, re.S)
        assert "Toon de 8 regels" in details
        assert all(f'data-regel="{line}"' in details for line in range(2, 10))


class TestAnotherPilot:
    def test_rows_of_another_pilot_are_explained_once_and_nothing_is_stored(
        self, world, pl, kwalificaties
    ):
        rows = _rows("deelnemers.csv")
        assert len(rows) >= 8
        for i, row in enumerate(rows):
            if i >= 2:
                row["pilot"] = "beta" if i % 2 else "gamma"
        before = Deelnemer.objects.count()

        opdracht, html = _upload(pl, deelnemers=("deelnemers.csv", _csv(rows)))
        text = _text(html)

        n = len(rows) - 2
        explanation = (
            f"{n} rijen horen bij een andere pilot (codes beta, gamma) en worden geweigerd"
        )
        assert text.count(explanation) == 1
        assert text.count("horen bij een andere pilot") == 1
        assert "Hier importeert u alleen de registraties van uw eigen pilot" in text
        assert "is not your pilot" not in html
        # Each refused row is still listed with its line, folded away.
        (details,) = re.findall(r"<details>(.*?)</details>", html, re.S)
        assert f"Toon de {n} regels" in details
        assert all(f'data-regel="{line}"' in details for line in range(4, len(rows) + 2))
        assert Deelnemer.objects.count() == before
        assert opdracht.bestanden == {}


class TestPreviewOfChanges:
    def test_the_preview_lists_each_update_as_field_old_to_new_with_dutch_labels(
        self, world, pl, kwalificaties
    ):
        rows = _rows("deelnemers.csv", limit=3)
        first = importeer_praktijkloket(map={"deelnemers.csv": _csv(rows)}, pilot=world.alpha.pilot)
        assert not first.errors
        oud = rows[1]["achternaam"]
        geboren = date.fromisoformat(rows[1]["geboortedatum"]).strftime("%d-%m-%Y")
        rows[1] = {**rows[1], "achternaam": "Nieuwenhuis", "geboortedatum": "2001-04-05"}

        opdracht, html = _upload(pl, deelnemers=("deelnemers.csv", _csv(rows)))
        text = _text(html)

        assert opdracht.voorbeeld["counts"]["deelnemers"]["updated"] == 1
        assert "Wat gaat er veranderen" in text
        assert f"Achternaam: {oud} → Nieuwenhuis" in text
        assert f"Geboortedatum: {geboren} → 05-04-2001" in text
        assert f"{rows[1]['deelnemer_id']} (deelnemers.csv, regel 3)" in text
        # Unchanged rows are not listed; nothing is stored before confirming.
        assert rows[0]["deelnemer_id"] not in text
        assert Deelnemer.objects.get(referentie=rows[1]["deelnemer_id"]).achternaam == oud

    def test_after_the_import_the_old_and_new_names_are_no_longer_kept(
        self, world, pl, kwalificaties, django_capture_on_commit_callbacks
    ):
        """Privacy: the values of a change (a name, a date of birth) live only as long as the
        preview; the result keeps which fields changed, not from what to what."""
        rows = _rows("deelnemers.csv", limit=3)
        assert not importeer_praktijkloket(
            map={"deelnemers.csv": _csv(rows)}, pilot=world.alpha.pilot
        ).errors
        oud = rows[1]["achternaam"]
        rows[1] = {**rows[1], "achternaam": "Nieuwenhuis"}
        opdracht, _html = _upload(pl, deelnemers=("deelnemers.csv", _csv(rows)))
        url = reverse("monitoring:import-bevestigen", kwargs={"pk": opdracht.pk})
        with django_capture_on_commit_callbacks(execute=True):
            assert pl.post(url).status_code == 302
        opdracht.refresh_from_db()
        assert opdracht.status == ImportOpdracht.Status.KLAAR
        opgeslagen = str(opdracht.voorbeeld) + str(opdracht.resultaat)
        assert "Nieuwenhuis" not in opgeslagen and oud not in opgeslagen
        text = _text(pl.get(reverse("monitoring:import", kwargs={"pk": opdracht.pk})).text)
        assert "Wat is er veranderd" in text
        assert "Achternaam (gewijzigd; de waarden worden na het importeren niet bewaard)" in text
        assert "Nieuwenhuis" not in text
        assert Deelnemer.objects.get(referentie=rows[1]["deelnemer_id"]).achternaam == (
            "Nieuwenhuis"
        )

    def test_importing_the_same_file_again_lists_no_changes(self, world, pl, kwalificaties):
        rows = _rows("deelnemers.csv", limit=3)
        assert not importeer_praktijkloket(
            map={"deelnemers.csv": _csv(rows)}, pilot=world.alpha.pilot
        ).errors
        opdracht, html = _upload(pl, deelnemers=("deelnemers.csv", _csv(rows)))
        assert opdracht.voorbeeld["wijzigingen"] == []
        assert "data-wijzigingen" not in html
        assert "Bevestigen en importeren" in _text(html)


class TestCommandLine:
    def test_the_command_line_keeps_the_english_file_line_column_reason(self, world):
        rows = _rows("deelnemers.csv", limit=2)
        rows[1] = {**rows[1], "geboortedatum": "1990/01/01"}
        result = importeer_praktijkloket(
            map={"deelnemers.csv": _csv(rows)}, pilot=world.alpha.pilot, dry_run=True
        )
        assert result.errors == [
            "deelnemers.csv:3: geboortedatum: '1990/01/01' is not a date (YYYY-MM-DD)"
        ]


class TestKwalificatiesImport:
    def test_the_beheerder_reads_the_errors_in_dutch_grouped_with_what_to_do(
        self, world, tmp_path, settings
    ):
        settings.MEDIA_ROOT = str(tmp_path / "media")
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
        client.force_login(world.beheerder)
        lijst = (
            "crebo,kwalificatie,kwalificatiedossier,dossier_crebo,niveau,domein,versie,bron,"
            "geldig_vanaf\n"
            "9901,Testmedewerker,Testdossier,99000,2,Zorg en welzijn,2025,SBB,2025-08-01\n"
            "99002,Tweede,Testdossier,99000,2,Zorg en welzijn,2025,SBB,1-8-2025\n"
            "99003,Derde,Testdossier,99000,2,Zorg en welzijn,2025,SBB,morgen\n"
        )
        response = client.post(
            reverse("kwalificaties:import-upload"),
            {"crebolijst": SimpleUploadedFile("crebolijst.csv", lijst.encode())},
        )
        assert response.status_code == 302
        html = client.get(response["Location"]).text
        text = _text(html)
        assert "Ongeldige crebo (1 rij)" in text
        assert "'9901' is geen crebonummer van vijf cijfers" in text
        assert "Geen datum (2 rijen)" in text
        assert "Schrijf datums als JJJJ-MM-DD" in text
        assert 'data-regel="3"' in html and 'data-regel="4"' in html
        assert "is not a" not in html
