"""Reading the import files of `import_praktijkloket`: CSV as it is, XLSX (first sheet)
converted to CSV so that line numbers in errors are the spreadsheet's rows."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from deelnemers.constants import DeelnemerStatus
from praktijkleren.importing import ImportErrors, Row, read_csv

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
}


class Upload(Protocol):
    def read(self) -> bytes: ...


@dataclass
class Bestand:
    name: str  # as the user named it, for error messages
    csv_path: Path  # UTF-8 CSV (an XLSX is converted first)


@contextmanager
def bestanden(
    source: Path | str | Mapping[str, bytes | Upload], errors: list[str]
) -> Iterator[dict[str, Bestand]]:
    with tempfile.TemporaryDirectory(prefix="praktijkloket-") as tmp:
        tmpdir = Path(tmp)
        found: dict[str, Bestand] = {}
        for kind in KINDS:
            for ext in ("csv", "xlsx"):
                name = f"{kind}.{ext}"
                if isinstance(source, Mapping):
                    if name not in source:
                        continue
                    item = source[name]
                    data = item if isinstance(item, bytes) else item.read()
                else:
                    path = Path(source) / name
                    if not path.is_file():
                        continue
                    data = path.read_bytes()
                target = tmpdir / name
                if ext == "xlsx":
                    try:
                        data = _xlsx_naar_csv(data)
                    except ValueError as exc:
                        errors.append(f"{name}:0: -: {exc}")
                        continue
                target.write_bytes(data)
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


def _xlsx_naar_csv(data: bytes) -> bytes:
    """The first sheet as CSV, row n on line n, so errors name the spreadsheet's row."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any unreadable workbook is one error for the user
        raise ValueError(f"cannot read the spreadsheet ({type(exc).__name__})") from exc
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        writer.writerow([_cel(v) for v in row])
    workbook.close()
    return out.getvalue().encode("utf-8")


def lees(bestand: Bestand, required: list[str], optional: list[str]) -> tuple[list[Row], Any]:
    errors = ImportErrors(bestand.name)
    rows = list(read_csv(bestand.csv_path, required=required, optional=optional, errors=errors))
    return rows, errors
