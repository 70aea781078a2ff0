"""The import of existing registrations streams (issue 16, item 4): files are read row by row and
written in batches, so its queries grow with the number of batches, not of rows, and it stays all
or nothing with every error named by file and line, also in a later batch."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from deelnemers.models import Deelnemer
from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces
from monitoring.export import monitor_export
from monitoring.importeren import importeer_praktijkloket
from pilots.models import Organisatie, Partner, Pilot
from praktijkleren.models import AuditEvent
from trajecten.models import Traject
from verklaringen.kenmerken import kenmerken
from verklaringen.models import Registratie

from .shared_formats import EXAMPLE
from .test_praktijkloket import read_rows, write_rows

pytestmark = pytest.mark.django_db

BATCH = 50
# Queries a batch may cost, whatever its size: lookups (pilots, leerbedrijven, participants,
# trajecten, werkprocessen, partnerships, register entries, verification codes), an INSERT per
# model with new rows, an UPDATE per model with changed ones, the names of changed references.
PER_BATCH = 14
MODELS = [
    Pilot, Organisatie, Partner, Kwalificatie, Kerntaak, Werkproces, Deelnemer, Traject,
    Registratie, AuditEvent,
]  # fmt: skip
# Per copy of the example: the rows of the three files that are copied (kwalificaties once).
REKEYED = {"pilots.csv": ["code"], "deelnemers.csv": ["pilot", "deelnemer_id"]}
REKEYED["verklaringen.csv"] = REKEYED["deelnemers.csv"]


def multiplied(folder: Path, copies: int) -> Path:
    """The example `copies` times over, pilots and participants renamed `<key>-<k>`."""
    folder.mkdir()
    write_rows(folder / "kwalificaties.csv", read_rows(EXAMPLE / "kwalificaties.csv"))
    for name, columns in REKEYED.items():
        header, *body = read_rows(EXAMPLE / name)
        idx = [header.index(c) for c in columns]
        rows = [header]
        for k in range(copies):
            for row in body:
                rows.append([f"{v}-{k}" if i in idx else v for i, v in enumerate(row)])
        write_rows(folder / name, rows)
    return folder


def batches(folder: Path) -> int:
    return sum(
        math.ceil((len(read_rows(p)) - 1) / BATCH) for p in folder.iterdir() if p.suffix == ".csv"
    )


def queries_of(run) -> int:  # type: ignore[no-untyped-def]
    """The queries `run` makes, everything it stored rolled back after."""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            run()
        transaction.set_rollback(True)
    return len(captured)


@pytest.fixture(autouse=True)
def small_batches(settings):  # type: ignore[no-untyped-def]
    settings.IMPORT_BATCH_SIZE = BATCH


class TestQueriesGrowWithBatchesNotRows:
    def test_a_first_import_of_three_times_the_rows_costs_only_the_extra_batches(self, tmp_path):
        one, three = multiplied(tmp_path / "n", 2), multiplied(tmp_path / "3n", 6)

        def run(folder: Path) -> None:
            assert importeer_praktijkloket(map=folder).errors == []

        n, n3 = queries_of(lambda: run(one)), queries_of(lambda: run(three))
        extra = batches(three) - batches(one)
        assert 0 < extra < 10
        assert n3 - n <= PER_BATCH * extra, (n, n3, extra)
        # One query per row would have cost this much more, at least (a participant and a
        # traject per participant, a register entry per verklaring).
        rows = sum(len(read_rows(three / f)) - len(read_rows(one / f)) for f in REKEYED)
        assert n3 - n < rows / 5

    def test_updating_three_times_the_rows_costs_only_the_extra_batches(self, tmp_path):
        def changed(folder: Path) -> Path:
            assert importeer_praktijkloket(map=folder).errors == []
            for name, column, value in (
                ("deelnemers.csv", "achternaam", "Anders"),
                ("deelnemers.csv", "mbo_instelling", "Nieuw College"),
                ("verklaringen.csv", "brancheorganisaties", "NVG"),
            ):
                header, *body = read_rows(folder / name)
                for row in body:
                    row[header.index(column)] = value
                write_rows(folder / name, [header, *body])
            return folder

        one, three = multiplied(tmp_path / "n", 2), multiplied(tmp_path / "3n", 6)
        results = []

        def run(folder: Path) -> None:
            result = importeer_praktijkloket(map=changed(folder))
            assert result.errors == [] and result.counts["deelnemers"]["updated"]
            results.append(result)

        # Each folder imported once as it is (not counted), then again changed (counted).
        counted = []
        for folder in (one, three):
            with transaction.atomic():
                assert importeer_praktijkloket(map=folder).errors == []
                with CaptureQueriesContext(connection) as captured:
                    run(folder)
                transaction.set_rollback(True)
            counted.append(len(captured))
        n, n3 = counted
        extra = batches(three) - batches(one)
        assert n3 - n <= PER_BATCH * extra, (n, n3, extra)
        assert results[1].counts["deelnemers"]["updated"] == 3 * 76
        assert results[1].counts["verklaringen"]["updated"] == 3 * 46
        # The preview names the new mbo-instelling of a changed participant.
        velden = {v["veld"]: v for v in results[1].wijzigingen[0]["velden"]}
        assert velden["mbo_instelling"]["nieuw"] == "Nieuw College"


class TestAnErrorInALaterBatch:
    def test_rolls_back_the_batches_and_files_before_it_and_names_file_and_line(self, tmp_path):
        folder = multiplied(tmp_path / "n", 3)
        header, *body = read_rows(folder / "deelnemers.csv")
        met_verklaring = {row[1] for row in read_rows(folder / "verklaringen.csv")}
        # A participant in the third batch without verklaringen (else those say so too).
        i = next(i for i in range(100, len(body)) if body[i][1] not in met_verklaring)
        body[i][header.index("geboortedatum")] = "1999-02-30"
        write_rows(folder / "deelnemers.csv", [header, *body])
        header, *body = read_rows(folder / "verklaringen.csv")
        body[-1][header.index("volgnummer")] = "nul"  # the last line of the last batch
        write_rows(folder / "verklaringen.csv", [header, *body])

        result = importeer_praktijkloket(map=folder)

        assert result.errors == [
            f"deelnemers.csv:{i + 2}: geboortedatum: '1999-02-30' is not a date (YYYY-MM-DD)",
            f"verklaringen.csv:{len(body) + 1}: volgnummer: 'nul' is not a whole number of at "
            "least 1",
        ]
        assert i + 2 > 2 * BATCH
        assert all(not m.objects.exists() for m in MODELS)

    def test_lists_every_error_of_every_batch_in_line_order(self, tmp_path):
        folder = multiplied(tmp_path / "n", 4)
        header, *body = read_rows(folder / "deelnemers.csv")
        for i in (3, 60, 140):
            body[i][header.index("geslacht")] = "Q"
        body[110] = list(body[80])  # line 112 repeats line 82

        write_rows(folder / "deelnemers.csv", [header, *body])

        result = importeer_praktijkloket(map=folder)

        assert [e for e in result.errors if e.startswith("deelnemers.csv")] == [
            "deelnemers.csv:5: geslacht: 'Q' is not M, V or X",
            "deelnemers.csv:62: geslacht: 'Q' is not M, V or X",
            "deelnemers.csv:112: deelnemer_id: appears twice (first on line 82)",
            "deelnemers.csv:142: geslacht: 'Q' is not M, V or X",
        ]
        # Besides: the verklaringen of the participants whose row failed, nothing else.
        assert all(
            e.startswith("verklaringen.csv:")
            and e.endswith("the participant's row in deelnemers has errors")
            for e in result.errors[4:]
        )
        assert not Deelnemer.objects.exists()

    def test_an_xlsx_names_the_spreadsheet_row_of_a_later_batch(self, tmp_path):
        folder = multiplied(tmp_path / "n", 4)
        header, *body = read_rows(folder / "deelnemers.csv")
        body[120][header.index("inschrijfdatum")] = "gisteren"
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in [header, *body]:
            sheet.append(row)
        workbook.save(folder / "deelnemers.xlsx")
        (folder / "deelnemers.csv").unlink()

        result = importeer_praktijkloket(map=folder)

        assert "deelnemers.xlsx:122: inschrijfdatum: 'gisteren' is not a date (YYYY-MM-DD)" in (
            result.errors
        )
        assert not Pilot.objects.exists()


class TestWhatTheBulkWritesKeep:
    def test_a_second_import_in_batches_changes_nothing(self, tmp_path):
        folder = multiplied(tmp_path / "n", 3)
        assert importeer_praktijkloket(map=folder).errors == []
        before = {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}
        again = importeer_praktijkloket(map=folder)
        assert again.errors == [] and not again.changed
        assert again.counts["deelnemers"]["unchanged"] == 3 * 38
        assert {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS} == before

    def test_verklaringen_carry_their_kwalificatie_and_get_distinct_codes(self, tmp_path):
        assert importeer_praktijkloket(map=multiplied(tmp_path / "n", 3)).errors == []
        registraties = list(Registratie.objects.all())
        assert len(registraties) == 3 * 23
        for r in registraties:
            k = kenmerken(r.werkprocessen)
            assert r.kwalificatie_crebo == k.crebo != ""
            assert (r.kwalificatie_niveau, r.aantal_werkprocessen) == (
                k.niveau,
                k.aantal_werkprocessen,
            )
            assert r.nummer == f"EXT-{r.verificatiecode}"
        assert len({r.verificatiecode for r in registraties}) == len(registraties)

    def test_each_new_partnership_is_audited_as_the_pilots_service_does(self, tmp_path):
        assert importeer_praktijkloket(map=multiplied(tmp_path / "n", 2)).errors == []
        events = AuditEvent.objects.filter(action="partner.create")
        assert sorted(int(e.object_id) for e in events) == sorted(
            Partner.objects.values_list("pk", flat=True)
        )
        partner = Partner.objects.select_related("organisatie").first()
        assert partner is not None
        event = events.get(object_id=str(partner.pk))
        assert (event.object_type, event.pilot_id) == ("pilots.partner", partner.pilot_id)
        assert event.changes == {"organisatie": partner.organisatie.naam, "rol": partner.rol}
        # One event per pilot with the counts, as before.
        assert AuditEvent.objects.filter(action="import_praktijkloket").count() == 6

    def test_the_monitor_figures_show_the_import_at_once(self, tmp_path):
        peildatum = date(2021, 1, 13)
        assert monitor_export(peildatum=peildatum)["totalen"]["deelnemers"] == 0  # kept now
        with transaction.atomic():  # committed as far as the test's transaction goes
            assert importeer_praktijkloket(map=multiplied(tmp_path / "n", 2)).errors == []
        assert monitor_export(peildatum=peildatum)["totalen"]["pilots"] == 6
