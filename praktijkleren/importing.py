"""Reading tabular import files (CSV, UTF-8 with or without BOM) with line numbers, and
collecting every error as `file:line: column: reason` before anything is stored."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass
class ImportErrors:
    filename: str
    messages: list[str] = field(default_factory=list)

    def add(self, line: int, column: str, reason: str) -> None:
        self.messages.append(f"{self.filename}:{line}: {column}: {reason}")

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
    for record in reader:
        line, start = start + 1, skipped + reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            errors.add(line, "-", f"expected {len(header)} cells, found {len(record)}")
            continue
        yield Row(line=line, values={h: c.strip() for h, c in zip(header, record, strict=True)})


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None
