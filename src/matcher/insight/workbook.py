"""Workbooks for the Trendrapportage: a sheet of figures and a sheet that explains them."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

Cells = Sequence[Sequence[str]]


def workbook(
    columns: Sequence[str], rows: Cells, explained_columns: Sequence[str], explained: Cells
) -> bytes:
    """An XLSX file: 'Cijfers' with a bold, frozen header, and 'Uitleg' explaining them."""
    book = Workbook()
    figures = book.active
    assert figures is not None
    figures.title = "Cijfers"
    for sheet, header, lines in (
        (figures, columns, rows),
        (book.create_sheet("Uitleg"), explained_columns, explained),
    ):
        sheet.append(list(header))
        for line in lines:
            sheet.append(list(line))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    figures.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
