"""Importing the kwalificatiestructuur with `manage.py import_kwalificaties FILE`.

The file format is kwalificaties.csv of ../shared/formats/IMPORT_EXPORT.md (one row per
werkproces). The import is all or nothing, idempotent on crebo + werkproces_code, and lists every
error as `file:line: column: reason` (English by design: it is a command-line tool).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from kwalificaties.models import Kerntaak, Kwalificatie, Werkproces

from .shared_formats import EXAMPLE as EXAMPLE_DIR

pytestmark = pytest.mark.django_db

EXAMPLE = EXAMPLE_DIR / "kwalificaties.csv"
SHIPPED = Path(settings.BASE_DIR) / "kwalificaties" / "data" / "kwalificaties.csv"
HEADER = "crebo,naam,niveau,domein,kerntaak_code,kerntaak_naam,werkproces_code,werkproces_naam"
ERROR_LINE = re.compile(r"^kwalificaties\.csv:(\d+): ([a-z_()-]+|-): \S.*$")
NOTHING = {"kwalificaties": 0, "kerntaken": 0, "werkprocessen": 0}


def run_import(path: Path) -> str:
    out = io.StringIO()
    call_command("import_kwalificaties", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def failing_import(path: Path) -> list[str]:
    """Run an import that must fail; return its error lines (one per error)."""
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_kwalificaties", str(path), stdout=io.StringIO(), stderr=err)
    return [line for line in err.getvalue().splitlines() if line.strip()]


def write(tmp_path: Path, content: str | bytes, folder: str = "upload") -> Path:
    """Write an import file named kwalificaties.csv (the name appears in error messages)."""
    path = tmp_path / folder / "kwalificaties.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def counts() -> dict[str, int]:
    return {
        "kwalificaties": Kwalificatie.objects.count(),
        "kerntaken": Kerntaak.objects.count(),
        "werkprocessen": Werkproces.objects.count(),
    }


def expected_counts(path: Path) -> dict[str, int]:
    """Count what a file describes, independently of the importer."""
    rows = read_rows(path)
    return {
        "kwalificaties": len({r["crebo"] for r in rows}),
        "kerntaken": len({(r["crebo"], r["kerntaak_code"]) for r in rows}),
        "werkprocessen": len({(r["crebo"], r["werkproces_code"]) for r in rows}),
    }


def read_rows(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    data = [line for line in lines if not line.lstrip().startswith("#")]
    return list(csv.DictReader(io.StringIO("".join(data), newline="")))


def error_positions(errors: list[str]) -> list[tuple[int, str]]:
    """(line, column) of every error, after checking each has the `file:line: column:` form."""
    positions = []
    for message in errors:
        match = ERROR_LINE.match(message)
        assert match, f"not in the form file:line: column: reason: {message!r}"
        positions.append((int(match.group(1)), match.group(2)))
    return positions


def row(
    crebo: str = "99001",
    naam: str = "Testkwalificatie",
    niveau: str = "2",
    domein: str = "Testdomein",
    kt: str = "B1-K1",
    kt_naam: str = "Kerntaak 1",
    wp: str = "B1-K1-W1",
    wp_naam: str = "Werkproces 1",
) -> str:
    return ",".join(f'"{v}"' for v in (crebo, naam, niveau, domein, kt, kt_naam, wp, wp_naam))


class TestImportingTheExampleFile:
    def test_it_creates_every_kwalificatie_kerntaak_and_werkproces_in_the_file(self):
        output = run_import(EXAMPLE)

        expected = expected_counts(EXAMPLE)
        assert counts() == expected
        assert (
            f"kwalificaties: {expected['kwalificaties']} created, 0 updated; "
            f"werkprocessen: {expected['werkprocessen']} created, 0 updated"
        ) in output

    def test_every_werkproces_hangs_under_its_kerntaak_and_kwalificatie_with_the_file_s_fields(
        self,
    ):
        run_import(EXAMPLE)

        stored = {
            (w.kwalificatie.crebo, w.code): w
            for w in Werkproces.objects.select_related("kerntaak__kwalificatie", "kwalificatie")
        }
        for r in read_rows(EXAMPLE):
            wp = stored[(r["crebo"], r["werkproces_code"])]
            assert wp.naam == r["werkproces_naam"]
            assert wp.kerntaak.code == r["kerntaak_code"]
            assert wp.kerntaak.naam == r["kerntaak_naam"]
            assert wp.kerntaak.kwalificatie_id == wp.kwalificatie_id
            kwal = wp.kwalificatie
            assert (kwal.naam, kwal.niveau, kwal.domein) == (r["naam"], r["niveau"], r["domein"])

    def test_a_qualification_name_with_commas_is_read_whole(self):
        run_import(EXAMPLE)

        kwal = Kwalificatie.objects.get(crebo="25250")
        assert kwal.naam == "Assistent bouwen, wonen en onderhoud"
        assert kwal.niveau == "Entree"
        assert kwal.domein == "Afbouw, hout en onderhoud"
        assert list(kwal.kerntaken.values_list("code", flat=True)) == ["B1-K1", "B1-K2"]


class TestImportingAgain:
    def test_importing_the_same_file_twice_changes_nothing(self):
        run_import(EXAMPLE)
        before = counts()
        keys = {
            "kwalificaties": sorted(Kwalificatie.objects.values_list("crebo", "pk")),
            "kerntaken": sorted(Kerntaak.objects.values_list("kwalificatie__crebo", "code", "pk")),
            "werkprocessen": sorted(
                Werkproces.objects.values_list("kwalificatie__crebo", "code", "pk", "naam")
            ),
        }

        output = run_import(EXAMPLE)

        assert "kwalificaties: 0 created, 0 updated; werkprocessen: 0 created, 0 updated" in output
        assert counts() == before
        assert sorted(Kwalificatie.objects.values_list("crebo", "pk")) == keys["kwalificaties"]
        assert (
            sorted(Kerntaak.objects.values_list("kwalificatie__crebo", "code", "pk"))
            == keys["kerntaken"]
        )
        assert (
            sorted(Werkproces.objects.values_list("kwalificatie__crebo", "code", "pk", "naam"))
            == keys["werkprocessen"]
        )

    def test_a_changed_werkproces_title_updates_that_record_and_nothing_else(self, tmp_path):
        run_import(EXAMPLE)
        target = Werkproces.objects.get(kwalificatie__crebo="25251", code="B1-K2-W3")
        before = counts()
        text = EXAMPLE.read_text(encoding="utf-8")
        old_title = "Werkproces 3 van kerntaak 2 (Assistent dienstverlening en zorg)"
        assert text.count(old_title) == 1
        changed = write(tmp_path, text.replace(old_title, "Verzorgt de cliënt (herzien)"))

        output = run_import(changed)

        assert "kwalificaties: 0 created, 0 updated; werkprocessen: 0 created, 1 updated" in output
        target.refresh_from_db()
        assert target.naam == "Verzorgt de cliënt (herzien)"
        assert Werkproces.objects.get(pk=target.pk).kwalificatie.crebo == "25251"
        assert counts() == before

    def test_a_changed_qualification_name_updates_the_kwalificatie_in_place(self, tmp_path):
        run_import(EXAMPLE)
        pk = Kwalificatie.objects.get(crebo="25251").pk
        text = EXAMPLE.read_text(encoding="utf-8")
        changed = write(
            tmp_path,
            text.replace("25251,Assistent dienstverlening en zorg,", "25251,Assistent zorg,"),
        )

        output = run_import(changed)

        assert "kwalificaties: 0 created, 1 updated" in output
        assert Kwalificatie.objects.get(crebo="25251").naam == "Assistent zorg"
        assert Kwalificatie.objects.get(crebo="25251").pk == pk


class TestAFileWithErrors:
    ROW_ERRORS = "\n".join(
        [
            HEADER,  # 1
            row(crebo="99001"),  # 2 fine
            row(crebo="1234"),  # 3 crebo: four digits
            row(crebo="99002", niveau="5"),  # 4 niveau
            row(crebo="99003", kt="B1-K1", wp="B1-K2-W1"),  # 5 werkproces not under kerntaak
            row(crebo="99004", wp="B1-K1-W1"),  # 6 fine
            row(crebo="99004", wp="B1-K1-W1", wp_naam="Nog eens"),  # 7 duplicate of line 6
            row(crebo="99005", naam="Eerste naam", wp="B1-K1-W1"),  # 8 fine
            row(crebo="99005", naam="Andere naam", wp="B1-K1-W2"),  # 9 naam differs from line 8
            row(crebo="99006", wp_naam=""),  # 10 empty required value
            row(crebo="99007"),  # 11 fine
            "",
        ]
    )

    def test_nothing_is_stored_and_every_row_error_is_listed_with_its_line_and_column(
        self, tmp_path
    ):
        errors = failing_import(write(tmp_path, self.ROW_ERRORS))

        assert sorted(error_positions(errors)) == [
            (3, "crebo"),
            (4, "niveau"),
            (5, "werkproces_code"),
            (7, "werkproces_code"),
            (9, "naam"),
            (10, "werkproces_naam"),
        ]
        assert counts() == NOTHING

    def test_the_reasons_name_the_offending_values(self, tmp_path):
        errors = failing_import(write(tmp_path, self.ROW_ERRORS))
        by_line = {int(ERROR_LINE.match(e).group(1)): e for e in errors}

        assert "'1234'" in by_line[3]
        assert "'5'" in by_line[4]
        assert "B1-K2-W1" in by_line[5] and "B1-K1" in by_line[5]
        assert "line 6" in by_line[7]  # points at the first occurrence
        assert "line 8" in by_line[9] and "Eerste naam" in by_line[9]

    def test_an_unknown_column_and_a_missing_required_column_are_both_listed(self, tmp_path):
        header = HEADER.replace(",domein,", ",opmerking,")
        content = f"{header}\n{row()}\n"

        errors = failing_import(write(tmp_path, content))

        assert sorted(error_positions(errors)) == [(1, "domein"), (1, "opmerking")]
        assert counts() == NOTHING

    def test_an_unknown_column_is_an_error_even_when_every_required_column_is_there(self, tmp_path):
        content = f"{HEADER},toelichting\n{row()},iets\n"

        errors = failing_import(write(tmp_path, content))

        assert error_positions(errors) == [(1, "toelichting")]
        assert counts() == NOTHING

    @pytest.mark.parametrize(
        ("column", "value"),
        [
            ("naam", "Medewerker " + "heel lang " * 25),  # the model holds 200 characters
            ("werkproces_code", "B1-K1-W1234567890"),  # the model holds 14 characters
        ],
    )
    def test_a_value_too_long_to_store_is_listed_as_an_error_not_a_crash(
        self, tmp_path, column, value
    ):
        values = {"naam": "Testkwalificatie", "werkproces_code": "B1-K1-W1"} | {column: value}
        too_long = row(crebo="99002", naam=values["naam"], wp=values["werkproces_code"])
        content = f"{HEADER}\n{row()}\n{too_long}\n"

        errors = failing_import(write(tmp_path, content))

        assert error_positions(errors) == [(3, column)]
        assert counts() == NOTHING

    def test_a_column_that_appears_twice_in_the_header_is_an_error(self, tmp_path):
        content = f"{HEADER},crebo\n{row(crebo='99001')},99002\n"

        errors = failing_import(write(tmp_path, content))

        assert error_positions(errors) == [(1, "crebo")]
        assert counts() == NOTHING

    def test_a_failed_import_leaves_an_earlier_import_untouched(self, tmp_path):
        run_import(EXAMPLE)
        before = counts()
        wp = Werkproces.objects.get(kwalificatie__crebo="25250", code="B1-K1-W1")
        text = EXAMPLE.read_text(encoding="utf-8")
        broken = (
            text.replace(
                "Werkproces 1 van kerntaak 1 (Assistent bouwen, wonen en onderhoud)", "Nieuw", 1
            )
            + row(crebo="2525X")
            + "\n"
        )

        errors = failing_import(write(tmp_path, broken))

        assert error_positions(errors) == [(len(text.splitlines()) + 1, "crebo")]
        assert counts() == before
        wp.refresh_from_db()
        assert wp.naam == "Werkproces 1 van kerntaak 1 (Assistent bouwen, wonen en onderhoud)"

    def test_the_command_fails_with_a_command_error_for_a_missing_file(self, tmp_path):
        with pytest.raises(CommandError):
            call_command(
                "import_kwalificaties",
                str(tmp_path / "bestaat-niet.csv"),
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )


class TestEncodingAndComments:
    def test_a_utf8_byte_order_mark_is_accepted(self, tmp_path):
        content = b"\xef\xbb\xbf" + f"{HEADER}\n{row(naam='Medewerker één')}\n".encode()

        run_import(write(tmp_path, content))

        kwal = Kwalificatie.objects.get(crebo="99001")
        assert kwal.naam == "Medewerker één"
        assert kwal.werkprocessen.get().code == "B1-K1-W1"

    def test_comment_lines_before_the_header_are_skipped(self, tmp_path):
        content = "\n".join(
            ["# Bron: SBB, peildatum 2026-01-01", "# tweede regel, met komma", HEADER, row(), ""]
        )

        run_import(write(tmp_path, content))

        assert counts() == {"kwalificaties": 1, "kerntaken": 1, "werkprocessen": 1}

    def test_line_numbers_count_the_comment_lines_too(self, tmp_path):
        content = "\n".join(
            [
                "# Bron: SBB",  # 1
                "# Niet gecontroleerd",  # 2
                HEADER,  # 3
                row(wp="B1-K1-W1"),  # 4
                row(wp="B1-K1-W2", niveau="Hoog"),  # 5
                row(wp="B1-K1-W3", crebo="99002", kt="B1-K9", wp_naam=""),  # 6
                "",
            ]
        )

        path = write(tmp_path, content)

        positions = error_positions(failing_import(path))

        assert (5, "niveau") in positions
        assert (6, "werkproces_code") in positions  # B1-K1-W3 is not under B1-K9
        assert (6, "werkproces_naam") in positions
        assert all(line in (5, 6) for line, _ in positions)
        assert "Hoog" in path.read_text().splitlines()[5 - 1]

    def test_line_numbers_stay_right_after_a_quoted_cell_with_a_line_break(self, tmp_path):
        content = "\n".join(
            [
                HEADER,  # 1
                row(wp_naam="Werkproces met\neen regelovergang"),  # 2-3
                row(crebo="99002", niveau="9"),  # 4
                "",
            ]
        )

        errors = failing_import(write(tmp_path, content))

        assert error_positions(errors) == [(4, "niveau")]

    def test_a_file_that_is_not_utf8_gives_a_clear_error_and_stores_nothing(self, tmp_path):
        content = f"{HEADER}\n{row(naam='Medewerker café')}\n".encode("latin-1")

        errors = failing_import(write(tmp_path, content))

        assert len(errors) == 1
        assert errors[0].startswith("kwalificaties.csv:")
        assert "UTF-8" in errors[0]
        assert counts() == NOTHING


class TestTheShippedReferenceFile:
    """The shipped file is a crebo list (no werkprocessen: see tests/test_kwalificaties_import.py)."""

    def test_it_imports_without_errors(self):
        output = run_import(SHIPPED)

        assert "kwalificaties: 13 created" in output
        assert counts() == {"kwalificaties": 13, "kerntaken": 0, "werkprocessen": 0}
        assert "kwalificaties: 0 created, 0 updated" in run_import(SHIPPED)  # idempotent

    def test_it_holds_the_nine_entree_qualifications_and_some_at_niveau_2(self):
        run_import(SHIPPED)

        entree = {str(c) for c in range(25250, 25259)}
        assert entree <= set(
            Kwalificatie.objects.filter(niveau="Entree").values_list("crebo", flat=True)
        )
        assert Kwalificatie.objects.filter(niveau="2").count() >= 3
