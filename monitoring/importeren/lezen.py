"""Reading an import file row by row, in constant memory: the same rows, line numbers and errors
as `praktijkleren.importing.read_csv`, which reads the whole file first.

The file is checked to be UTF-8 in a first pass over its bytes (in chunks), so that a file that
is not yields its one error and no rows, as before; the second pass hands the text to the csv
module line by line and yields each row as it is read."""

from __future__ import annotations

import codecs
import csv
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from praktijkleren.importing import (
    CEL_TE_LANG,
    CELLEN,
    GEEN_CSV,
    GEEN_UTF8,
    KOLOM_DUBBEL,
    KOLOM_ONBEKEND,
    KOLOM_ONTBREEKT,
    LEEG_BESTAND,
    NUL_BYTE,
    ONLEESBAAR,
    STUURTEKEN,
    ImportErrors,
    Row,
)
from praktijkleren.validators import heeft_stuurtekens

CHUNK = 1 << 20
BOM = codecs.BOM_UTF8


def rijen(
    path: Path, *, required: list[str], optional: list[str], errors: ImportErrors
) -> Iterator[Row]:
    """Yield the rows of a CSV file with their line numbers. Lines starting with `#` before the
    header are comments. Unknown or missing columns, a row with the wrong number of cells, a NUL
    byte or another control character are errors (the row is then not yielded)."""
    try:
        if not _utf8(path, errors):
            return
        f = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        errors.add(0, "-", ONLEESBAAR, reden=exc.strerror)
        return
    with f:
        yield from _lees(f, required, optional, errors)


def _utf8(path: Path, errors: ImportErrors) -> bool:
    """True when the whole file is UTF-8 (a BOM allowed); else one error naming the line and the
    byte (counted after the BOM)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = newlines = 0  # bytes fed so far (after the BOM), and the line breaks in them
    with path.open("rb") as f:
        chunk = f.read(CHUNK)
        if chunk.startswith(BOM):
            chunk = chunk[len(BOM) :]
        while True:
            final = not chunk
            pending = decoder.getstate()[0]
            try:
                decoder.decode(chunk, final=final)
            except UnicodeDecodeError as exc:
                # exc.object is what was still pending (part of a character, no line break)
                # followed by this chunk.
                line = newlines + exc.object[: exc.start].count(b"\n") + 1
                byte = offset - len(pending) + exc.start
                errors.add(line, "-", GEEN_UTF8, reden=exc.reason, byte=byte)
                return False
            if final:
                return True
            offset += len(chunk)
            newlines += chunk.count(b"\n")
            chunk = f.read(CHUNK)


def _lees(f: Any, required: list[str], optional: list[str], errors: ImportErrors) -> Iterator[Row]:
    skipped = 0
    eerste: list[str] = []
    for regel in f:
        if regel.strip() and not regel.lstrip().startswith("#"):
            eerste = [regel]
            break
        skipped += 1
    reader = csv.reader(itertools.chain(eerste, f))
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
