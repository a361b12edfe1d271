"""XLSX workbooks: the Trendrapportage's figures and the catalogue's tables, for Excel users.

Text is written as text that a spreadsheet never runs: openpyxl would store a value starting
with '=' as a formula, so every text cell is set to the string type, and one that starts like a
formula (= + - @ tab CR) is marked with Excel's quote prefix, as if typed with an apostrophe, so
that editing the cell keeps it text. The value itself stays exactly what the file holds.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Value = str | int | float | Decimal | None
Cells = Sequence[Sequence[Value]]


def workbook(
    columns: Sequence[str], rows: Cells, explained_columns: Sequence[str], explained: Cells
) -> bytes:
    """An XLSX file: 'Cijfers' with a bold, frozen header, and 'Uitleg' explaining them."""
    book = Workbook()
    figures = book.active
    assert figures is not None
    figures.title = "Cijfers"
    _fill(figures, columns, rows)
    _fill(book.create_sheet("Uitleg"), explained_columns, explained)
    return _saved(book)


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Value]]) -> bytes:
    """An XLSX file of one sheet: a bold, frozen header and one row per item."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    _fill(sheet, columns, rows)
    return _saved(book)


def _fill(sheet: Worksheet, header: Sequence[str], lines: Iterable[Sequence[Value]]) -> None:
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in line])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never "f": a text is not a formula
                cell.quotePrefix = cell.value.startswith(FORMULA_STARTS)
    sheet.freeze_panes = "A2"


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
