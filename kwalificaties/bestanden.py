"""Reading the files SBB publishes (CSV or XLSX) as rows with line numbers.

Column names are normalised (lower case, spaces to `_`) and a few of SBB's spellings are taken
as ours (`Crebo kwalificatie` = `crebo`, `Opleidingsdomein` = `domein`, `Geldig vanaf` =
`geldig_vanaf` ...). An XLSX sheet is converted to CSV first, one line per spreadsheet row, so
that line numbers in errors are the spreadsheet's rows. Errors are `file:line: column: reason`.
"""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from praktijkleren.importing import ONLEESBAAR, SPREADSHEET, ImportErrors, Row, read_csv

ALIASES = {
    "crebo_kwalificatie": "crebo",
    "crebonummer": "crebo",
    "crebo_nummer": "crebo",
    "kwalificatie_naam": "kwalificatie",
    "naam_kwalificatie": "kwalificatie",
    "dossier": "kwalificatiedossier",
    "naam_kwalificatiedossier": "kwalificatiedossier",
    "crebo_kwalificatiedossier": "dossier_crebo",
    "crebo_dossier": "dossier_crebo",
    "opleidingsdomein": "domein",
    "geldig_van": "geldig_vanaf",
    "begindatum": "geldig_vanaf",
    "einddatum": "geldig_tot",
    "geldig_t/m": "geldig_tot",
    "versie_dossier": "versie",
}
WERKPROCESSEN_SHEET = "werkprocessen"


def normaliseer(naam: str) -> str:
    key = "_".join(naam.strip().lower().replace("-", " ").split())
    return ALIASES.get(key, key)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())  # a line break in a cell would shift the line numbers


def _xlsx_sheets(path: Path, errors: ImportErrors) -> list[tuple[str, list[list[str]]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        errors.add(0, "-", SPREADSHEET, soort=type(exc).__name__)
        return []
    sheets = []
    for ws in wb.worksheets:
        sheets.append(
            (ws.title, [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)])
        )
    wb.close()
    return sheets


def _write_csv(rows: list[list[str]], target: Path) -> Path:
    with target.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        for i, row in enumerate(rows):
            if i == _header_index(rows):
                row = [normaliseer(c) for c in row]
            while row and row[-1] == "":
                row = row[:-1]  # trailing empty cells of a spreadsheet
            writer.writerow(row)
    return target


def _header_index(rows: list[list[str]]) -> int:
    for i, row in enumerate(rows):
        if any(row) and not row[0].startswith("#"):
            return i
    return len(rows)


def _normalised_csv(path: Path, target: Path) -> Path:
    """The CSV with its header row normalised; the file itself when it cannot be decoded (the
    reader then reports that)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return path
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip() and not line.lstrip().startswith("#"):
            try:
                header = next(csv.reader([line]), [])
            except csv.Error:
                return path  # a header cell over the field limit: the reader reports it
            buf = io.StringIO()
            csv.writer(buf, lineterminator=line[len(line.rstrip("\r\n")) :] or "\n").writerow(
                [normaliseer(h) for h in header]
            )
            lines[i] = buf.getvalue()
            break
    target.write_text("".join(lines), encoding="utf-8")
    return target


def header(path: Path) -> list[str]:
    """The normalised column names of a CSV file (to tell its format); [] if unreadable."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            try:
                return [normaliseer(h) for h in next(csv.reader([line]), [])]
            except csv.Error:
                return []
    return []


class Tabellen:
    """The tables of one uploaded file: CSV (one table) or XLSX (the first sheet, and the sheet
    `werkprocessen` or else the second sheet). Use as a context manager (temporary files)."""

    def __init__(self, path: Path | str, naam: str | None = None) -> None:
        self.path = Path(path)
        self.naam = naam or self.path.name
        self._tmp = tempfile.TemporaryDirectory(prefix="kwalificaties-")
        self.errors = ImportErrors(self.naam)
        self.tabellen: list[Path] = []

    def __enter__(self) -> Tabellen:
        tmp = Path(self._tmp.name)
        if not self.path.exists():
            self.errors.add(0, "-", ONLEESBAAR, reden="no such file")
        elif self.path.suffix.lower() == ".xlsx":
            sheets = _xlsx_sheets(self.path, self.errors)
            named = [rows for title, rows in sheets if title.strip().lower() == WERKPROCESSEN_SHEET]
            first = sheets[0][1] if sheets else []
            second = named[0] if named else (sheets[1][1] if len(sheets) > 1 else None)
            if sheets:
                self.tabellen.append(_write_csv(first, tmp / "0.csv"))
            if second is not None and second is not first:
                self.tabellen.append(_write_csv(second, tmp / "1.csv"))
        else:
            self.tabellen.append(_normalised_csv(self.path, tmp / "0.csv"))
        return self

    def __exit__(self, *exc: object) -> None:
        self._tmp.cleanup()

    def rows(
        self, index: int, required: list[str], optional: list[str], errors: ImportErrors
    ) -> list[Row]:
        return list(read_csv(self.tabellen[index], required=required, optional=optional,
                             errors=errors))  # fmt: skip
