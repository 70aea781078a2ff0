"""Reading tabular import files (CSV, UTF-8 with or without BOM) with line numbers, and
collecting every error as `file:line: column: reason` before anything is stored. A cell over
the csv module's field limit, a NUL byte or another control character is a row error, never a
traceback."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .importmeldingen import Melding, reden
from .validators import heeft_stuurtekens

_BESTAND = _("Export the file again as CSV (UTF-8) or XLSX and upload it again.")
_KOP = _("Correct the header row (line 1) to the columns of the format.")
ONLEESBAAR = reden(
    gettext_noop("cannot read the file (%(reden)s)"), _("The file cannot be read"), _BESTAND
)
GEEN_UTF8 = reden(
    gettext_noop("the file is not UTF-8 (%(reden)s at byte %(byte)s)"),
    _("The file is not UTF-8"),
    _BESTAND,
)
LEEG_BESTAND = reden(
    gettext_noop("the file is empty (a header row is required)"), _("Empty file"), _KOP
)
KOLOM_DUBBEL = reden(
    gettext_noop("column appears more than once"), _("Column appears more than once"), _KOP
)
KOLOM_ONBEKEND = reden(gettext_noop("unknown column"), _("Unknown column"), _KOP)
KOLOM_ONTBREEKT = reden(
    gettext_noop("required column is missing"), _("Required column is missing"), _KOP
)
CELLEN = reden(
    gettext_noop("expected %(verwacht)s cells, found %(gevonden)s"),
    _("Wrong number of cells"),
    _("Give every row as many cells as the header row; check for a stray separator."),
)
NUL_BYTE = reden(
    gettext_noop("contains a NUL byte; export the file again as CSV (UTF-8)"),
    _("NUL byte in a cell"),
    _BESTAND,
)
STUURTEKEN = reden(
    gettext_noop("contains a control character; remove it"),
    _("Control character in a cell"),
    _("Remove the invisible control characters from these cells."),
)
CEL_TE_LANG = reden(
    gettext_noop(
        "a cell is longer than %(limiet)s characters (the limit for one cell); shorten it"
    ),
    _("Cell too long"),
    _("Shorten these cells."),
)
GEEN_CSV = reden(
    gettext_noop("the line cannot be read as CSV (%(reden)s)"),
    _("Line is not valid CSV"),
    _("Check the quotes on these lines, or export the file again as CSV (UTF-8)."),
)

# Checks of single values, shared by the imports.
SPREADSHEET = reden(
    gettext_noop("cannot read the spreadsheet (%(soort)s)"),
    _("The spreadsheet cannot be read"),
    _("Save it again as .xlsx, or export the first sheet as CSV (UTF-8)."),
)

VERPLICHT = reden(
    gettext_noop("required value is empty"),
    _("Required value is empty"),
    _("Fill in the named column on these lines."),
)

TE_LANG = reden(
    gettext_noop("too long (%(lengte)s characters, at most %(max)s)"),
    _("Value too long"),
    _("Shorten these values to the number of characters named."),
)

GEEN_DATUM = reden(
    gettext_noop("'%(waarde)s' is not a date (YYYY-MM-DD)"),
    _("Not a date"),
    _("Write dates as YYYY-MM-DD, for example 2026-03-01."),
)


@dataclass
class ImportErrors:
    filename: str
    messages: list[str] = field(default_factory=list)

    def add(self, line: int, column: str, reason: str, **params: Any) -> None:
        """Add `file:line: column: reason`; `reason` is a fixed text (declared with
        `importmeldingen.reden`) with `%(name)s` for the `params`, so a page can translate it."""
        self.messages.append(Melding(self.filename, line, column, reason, params))

    def __bool__(self) -> bool:
        return bool(self.messages)


class ImportFailed(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


def read_csv(
    path: Path | str,
    *,
    required: list[str],
    optional: list[str] | None = None,
    errors: ImportErrors,
) -> Iterator[Row]:
    """Yield rows with their line numbers. Lines starting with `#` before the header are
    comments (for example the source of reference data). Unknown or missing columns are errors."""
    optional = optional or []
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        errors.add(0, "-", ONLEESBAAR, reden=exc.strerror)
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.add(line, "-", GEEN_UTF8, reden=exc.reason, byte=exc.start)
        return
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (
        not lines[skipped].strip() or lines[skipped].lstrip().startswith("#")
    ):
        skipped += 1
    yield from csv_rijen(
        io.StringIO("".join(lines[skipped:]), newline=""), skipped, required, optional, errors
    )


def csv_rijen(
    regels: Iterable[str],
    skipped: int,
    required: list[str],
    optional: list[str],
    errors: ImportErrors,
) -> Iterator[Row]:
    """The rows of CSV text read line by line from `regels` (a file or any iterable of lines),
    which starts with the header after `skipped` comment or blank lines: the header checked
    (unknown, double and missing columns are errors), then each row with its line number.
    Memory does not grow with the file."""
    reader = csv.reader(regels)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        errors.add(skipped + 1, "-", LEEG_BESTAND)
        return
    except csv.Error as exc:
        errors.add(skipped + 1, "-", **_csv_reden(exc))
        return
    header_line = skipped + 1
    seen: set[str] = set()
    for name in header:
        if name in seen:
            errors.add(header_line, name, KOLOM_DUBBEL)
        seen.add(name)
        if name not in required and name not in optional:
            errors.add(header_line, name or "(empty)", KOLOM_ONBEKEND)
    missing = [name for name in required if name not in header]
    for name in missing:
        errors.add(header_line, name, KOLOM_ONTBREEKT)
    if missing:
        return  # rows cannot be read without their required columns
    # Unknown columns are errors, but the rows are still checked so that every error is listed.
    start = header_line
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a cell over the field limit: this row only; read on
            line, start = start + 1, skipped + reader.line_num
            errors.add(line, "-", **_csv_reden(exc))
            continue
        line, start = start + 1, skipped + reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            errors.add(line, "-", CELLEN, verwacht=len(header), gevonden=len(record))
            continue
        values = {h: c.strip() for h, c in zip(header, record, strict=True)}
        # One look at the whole row (the checks look for single characters); each cell only
        # when there is something to report.
        alles = "".join(values.values())
        fout = False
        if "\x00" in alles or heeft_stuurtekens(alles, meerdere_regels=True):
            for name, value in values.items():
                if "\x00" in value:
                    errors.add(line, name, NUL_BYTE)
                    fout = True
                elif heeft_stuurtekens(value, meerdere_regels=True):
                    errors.add(line, name, STUURTEKEN)
                    fout = True
        if not fout:
            yield Row(line=line, values=values)


def _csv_reden(exc: csv.Error) -> dict[str, Any]:
    if "field limit" in str(exc):
        return {"reason": CEL_TE_LANG, "limiet": csv.field_size_limit()}
    return {"reason": GEEN_CSV, "reden": exc}


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None
