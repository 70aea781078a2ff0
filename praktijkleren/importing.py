"""Reading tabular import files (CSV, UTF-8 with or without BOM) with line numbers, and
collecting every error as `file:line: column: reason` before anything is stored. A cell over
the csv module's field limit, a NUL byte or another control character is a row error, never a
traceback."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .validators import heeft_stuurtekens

_ONZICHTBAAR = re.compile("[\x00-\x1f\x7f-\x9f]")


def _zichtbaar(text: str) -> str:
    """Control characters shown as `\\x00`, so an error message is one readable line."""
    return _ONZICHTBAAR.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@dataclass
class ImportErrors:
    filename: str
    messages: list[str] = field(default_factory=list)

    def add(self, line: int, column: str, reason: str) -> None:
        self.messages.append(f"{self.filename}:{line}: {_zichtbaar(column)}: {_zichtbaar(reason)}")

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
        errors.add(0, "-", f"cannot read the file ({exc.strerror})")
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.add(line, "-", f"the file is not UTF-8 ({exc.reason} at byte {exc.start})")
        return
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (
        not lines[skipped].strip() or lines[skipped].lstrip().startswith("#")
    ):
        skipped += 1
    reader = csv.reader(io.StringIO("".join(lines[skipped:]), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        errors.add(skipped + 1, "-", "the file is empty (a header row is required)")
        return
    except csv.Error as exc:
        errors.add(skipped + 1, "-", _csv_reden(exc))
        return
    header_line = skipped + 1
    seen: set[str] = set()
    for name in header:
        if name in seen:
            errors.add(header_line, name, "column appears more than once")
        seen.add(name)
        if name not in required and name not in optional:
            errors.add(header_line, name or "(empty)", "unknown column")
    missing = [name for name in required if name not in header]
    for name in missing:
        errors.add(header_line, name, "required column is missing")
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
            errors.add(line, "-", _csv_reden(exc))
            continue
        line, start = start + 1, skipped + reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            errors.add(line, "-", f"expected {len(header)} cells, found {len(record)}")
            continue
        values = {h: c.strip() for h, c in zip(header, record, strict=True)}
        fout = False
        for name, value in values.items():
            if "\x00" in value:
                errors.add(line, name, "contains a NUL byte; export the file again as CSV (UTF-8)")
                fout = True
            elif heeft_stuurtekens(value, meerdere_regels=True):
                errors.add(line, name, "contains a control character; remove it")
                fout = True
        if not fout:
            yield Row(line=line, values=values)


def _csv_reden(exc: csv.Error) -> str:
    if "field limit" in str(exc):
        return (
            f"a cell is longer than {csv.field_size_limit()} characters "
            "(the limit for one cell); shorten it"
        )
    return f"the line cannot be read as CSV ({exc})"


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None
