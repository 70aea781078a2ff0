"""Reading an import file row by row, in constant memory: the same rows, line numbers and errors
as `praktijkleren.importing.read_csv`, which reads the whole file first.

The file is checked to be UTF-8 in a first pass over its bytes (in chunks), so that a file that
is not yields its one error and no rows, as before; the second pass hands the text to the csv
module line by line and yields each row as it is read."""

from __future__ import annotations

import codecs
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from praktijkleren.importing import (
    GEEN_UTF8,
    ONLEESBAAR,
    ImportErrors,
    Row,
    csv_rijen,
)

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
    yield from csv_rijen(itertools.chain(eerste, f), skipped, required, optional, errors)
