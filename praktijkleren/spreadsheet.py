"""Writing CSV and XLSX that a spreadsheet cannot turn against its reader (formula injection).

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
Excel and LibreOffice: a pilot or organisation named `=HYPERLINK("http://…"&B2, …)` would
become a live formula in SBB's national export. Every CSV and XLSX the product writes goes
through this module (`tests/test_export_formules.py` fails on a writer elsewhere):

- CSV: such a text gets a leading `'` (the OWASP advice; a spreadsheet shows the rest as text).
- XLSX: such a text is a text cell (`data_type` "s") with Excel's quote prefix, so it stays text
  when someone edits the cell; the value itself is not changed.

Only text is neutralised: numbers (negative ones too), dates and empty cells keep their type.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


def lijkt_formule(value: Any) -> bool:
    """True for a text that a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULE_TEKENS)


def csv_cel(value: Any) -> Any:
    """The value for a CSV cell: a formula-like text with a leading `'`, anything else as is."""
    return "'" + value if lijkt_formule(value) else value


class CsvWriter:
    """`csv.writer` whose rows are neutralised cell by cell (same arguments)."""

    def __init__(self, out: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cel(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def xlsx_cel(cell: Cell, value: Any) -> None:
    """Put `value` in an XLSX cell: a formula-like text as a text cell, never a formula."""
    cell.value = value
    if lijkt_formule(value):
        # openpyxl makes a text starting with "=" a formula; the quote prefix keeps Excel
        # from doing the same when the cell is edited.
        cell.data_type = "s"
        cell.quotePrefix = True


def xlsx_werkmap() -> Workbook:
    """An empty workbook (without openpyxl's default sheet)."""
    from openpyxl import Workbook

    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    return workbook


def xlsx_rij(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row to the sheet, each value through `xlsx_cel`."""
    from openpyxl.cell import Cell

    cells = []
    for value in values:
        cell = Cell(sheet)
        xlsx_cel(cell, value)
        cells.append(cell)
    sheet.append(cells)


def xlsx_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
