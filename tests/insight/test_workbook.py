"""Workbooks: text that looks like a formula stays text in Excel."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from matcher.insight.workbook import table


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("x")', "+SUM(A1)", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_it_writes_a_formula_like_value_as_quoted_text(value: str) -> None:
    content = table("Blad", ["a", "b"], [[value, Decimal("2.50")]])
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula anywhere in the sheet
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    cell, number = sheet.cell(2, 1), sheet.cell(2, 2)
    # XML reads a carriage return back as a line feed; a spreadsheet shows both as a new line.
    assert (cell.value, cell.data_type, cell.quotePrefix) == (value.replace("\r", "\n"), "s", True)
    assert number.value == 2.5 and number.data_type == "n"


def test_it_leaves_plain_text_without_a_quote_prefix() -> None:
    sheet = load_workbook(io.BytesIO(table("Blad", ["a"], [["Koken = samen eten"]]))).active
    assert sheet is not None and sheet.cell(2, 1).quotePrefix is False
