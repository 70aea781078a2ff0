"""The files of `import_praktijkloket` and their columns: CSV as it is, XLSX (first sheet)
converted to CSV so that line numbers in errors are the spreadsheet's rows; and the checks of a
row's values that need nothing but the row (required, length, date, number, duplicate)."""

from __future__ import annotations

import csv
import io
import itertools
import re
import tempfile
from collections.abc import Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings

from deelnemers.constants import DeelnemerStatus
from kwalificaties.models import Kerntaak, Kwalificatie, Kwalificatiedossier, Werkproces
from praktijkleren.importing import ImportErrors, Row, parse_date
from praktijkleren.importmeldingen import melding
from praktijkleren.validators import JAAR_MAX, JAAR_MIN, heeft_stuurtekens

from . import meldingen as m
from .lezen import rijen

# Rows per batch unless settings.IMPORT_BATCH_SIZE says otherwise.
BATCH_SIZE = 1000
KINDS = ("pilots", "kwalificaties", "deelnemers", "verklaringen")
PILOT_COLUMNS = ["code", "naam", "soort", "tranche", "startdatum"]
PILOT_OPTIONAL = ["arbeidsmarktregio", "streefaantal"]
DEELNEMER_COLUMNS = [
    "pilot", "deelnemer_id", "voornaam", "achternaam", "geboortedatum", "geslacht",
    "inschrijfdatum", "mbo_instelling",
]  # fmt: skip
DEELNEMER_OPTIONAL = ["leerbedrijf_id", "leerbedrijf_naam", "einddatum", "status"]
VERKLARING_COLUMNS = [
    "pilot", "deelnemer_id", "volgnummer", "datum_afgifte", "leerbedrijf_id", "werkprocessen",
]  # fmt: skip
VERKLARING_OPTIONAL = ["leerbedrijf_naam", "brancheorganisaties"]
KWALIFICATIE_COLUMNS = [
    "crebo", "naam", "niveau", "domein",
    "kerntaak_code", "kerntaak_naam", "werkproces_code", "werkproces_naam",
]  # fmt: skip
# Accepted as before (not in the contract): a known dossier is linked, a description is kept.
KWALIFICATIE_OPTIONAL = ["dossier", "werkproces_omschrijving"]

STATUSSEN = {
    "aangemeld": DeelnemerStatus.AANGEMELD,
    "in_traject": DeelnemerStatus.IN_TRAJECT,
    "afgerond": DeelnemerStatus.AFGEROND,
    "gestopt": DeelnemerStatus.GESTOPT,
}
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
LIMITS = {
    "pilots": {"code": 50, "naam": 200, "arbeidsmarktregio": 100},
    "deelnemers": {
        "deelnemer_id": 40,
        "voornaam": 100,
        "achternaam": 150,
        "mbo_instelling": 200,
        "leerbedrijf_id": 20,
        "leerbedrijf_naam": 200,
    },
    "verklaringen": {"leerbedrijf_id": 20, "leerbedrijf_naam": 200},
    # Bounded by the fields they are stored in.
    "kwalificaties": {
        column: int(getattr(model._meta.get_field(name), "max_length", 0) or 0)
        for column, model, name in [
            ("naam", Kwalificatie, "naam"),
            ("domein", Kwalificatie, "domein"),
            ("dossier", Kwalificatiedossier, "naam"),
            ("kerntaak_code", Kerntaak, "code"),
            ("kerntaak_naam", Kerntaak, "naam"),
            ("werkproces_code", Werkproces, "code"),
            ("werkproces_naam", Werkproces, "naam"),
        ]
    },
}


class Upload(Protocol):
    def read(self) -> bytes: ...


@dataclass
class Bestand:
    name: str  # as the user named it, for error messages
    csv_path: Path  # UTF-8 CSV: the file itself, or a copy of an upload or a converted XLSX


def batch_grootte() -> int:
    """Rows per batch: each batch is checked, looked up and written with a fixed number of
    queries, so memory stays constant and queries grow per batch, not per row."""
    return int(getattr(settings, "IMPORT_BATCH_SIZE", BATCH_SIZE))


@contextmanager
def bestanden(
    source: Path | str | Mapping[str, bytes | Upload], errors: list[str]
) -> Iterator[dict[str, Bestand]]:
    """The files of the import by kind. A CSV in a folder is read where it is; an upload is
    written to a temporary folder first, and an XLSX converted to CSV there, row by row."""
    with tempfile.TemporaryDirectory(prefix="praktijkloket-") as tmp:
        tmpdir = Path(tmp)
        found: dict[str, Bestand] = {}
        for kind in KINDS:
            for ext in ("csv", "xlsx"):
                name = f"{kind}.{ext}"
                inhoud: Path | io.BytesIO
                if isinstance(source, Mapping):
                    if name not in source:
                        continue
                    item = source[name]
                    data = item if isinstance(item, bytes) else item.read()
                    if ext == "csv":
                        (tmpdir / name).write_bytes(data)
                        found.setdefault(kind, Bestand(name, tmpdir / name))
                        continue
                    inhoud = io.BytesIO(data)
                else:
                    path = Path(source) / name
                    if not path.is_file():
                        continue
                    if ext == "csv":
                        found.setdefault(kind, Bestand(name, path))
                        continue
                    inhoud = path
                target = tmpdir / f"{name}.csv"
                try:
                    _xlsx_naar_csv(inhoud, target)
                except ValueError as exc:
                    errors.append(melding(name, 0, "-", m.SPREADSHEET, soort=exc))
                    continue
                found.setdefault(kind, Bestand(name, target))
        yield found


def _cel(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # A line break inside a cell would shift the line numbers of the rows below it.
    return " ".join(str(value).splitlines())


def _xlsx_naar_csv(inhoud: Path | io.BytesIO, target: Path) -> None:
    """The first sheet as CSV in `target`, row n on line n, so errors name the spreadsheet's
    row; read and written one row at a time (openpyxl's read-only mode)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(inhoud, read_only=True, data_only=True)
    except Exception as exc:  # any unreadable workbook is one error for the user
        raise ValueError(type(exc).__name__) from exc
    try:
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                writer.writerow([_cel(v) for v in row])
    except Exception as exc:  # a broken sheet inside a readable workbook
        target.unlink(missing_ok=True)
        raise ValueError(type(exc).__name__) from exc
    finally:
        workbook.close()


def lees(
    bestand: Bestand, required: list[str], optional: list[str]
) -> tuple[Iterator[tuple[Row, ...]], ImportErrors]:
    """The rows of a file in batches, read as they are needed, and the file's errors (a
    missing column, a line that is not UTF-8 ... and those the importer adds)."""
    errors = ImportErrors(bestand.name)
    rows = rijen(bestand.csv_path, required=required, optional=optional, errors=errors)
    return itertools.batched(rows, batch_grootte()), errors


# --- checks of one row's values ------------------------------------------------------------------


def controleer(rows: Iterable[Row], errors: ImportErrors, kind: str, required: list[str]) -> None:
    """Every required value present, no value longer than its column allows, and no line break
    in a name or code (they are printed on documents and put in e-mails)."""
    for row in rows:
        for column in required:
            if not row[column]:
                errors.add(row.line, column, m.VERPLICHT)
        for column, limit in LIMITS.get(kind, {}).items():
            if heeft_stuurtekens(row[column]):
                errors.add(row.line, column, m.REGELEINDE)
            elif len(row[column]) > limit:
                errors.add(row.line, column, m.TE_LANG, lengte=len(row[column]), max=limit)


def datum(row: Row, column: str, errors: ImportErrors) -> date | None:
    """The column's date, None when empty or not a date (then an error is added)."""
    value = row[column]
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        errors.add(row.line, column, m.GEEN_DATUM, waarde=value)
    elif not JAAR_MIN <= parsed.year <= JAAR_MAX:
        errors.add(row.line, column, m.JAAR_BUITEN, waarde=value, min=JAAR_MIN, max=JAAR_MAX)
        return None
    return parsed


def geheel(row: Row, column: str, errors: ImportErrors, minimum: int = 0) -> int | None:
    """The column's whole number (at least `minimum`), None when empty or invalid."""
    value = row[column]
    if not value:
        return None
    if not value.isdigit() or int(value) < minimum:
        errors.add(row.line, column, m.GEEN_GETAL, waarde=value, minimum=minimum)
        return None
    return int(value)


def dubbel(
    seen: dict[Hashable, int], key: Hashable, row: Row, errors: ImportErrors, column: str
) -> bool:
    """True (and an error) when `key` appeared on an earlier line of the file."""
    if key in seen:
        errors.add(row.line, column, m.DUBBEL, regel=seen[key])
        return True
    seen[key] = row.line
    return False
