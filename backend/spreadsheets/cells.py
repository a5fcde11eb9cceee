"""Writing cells that stay what they are: text is never turned into a live formula."""

from typing import Any

from openpyxl.cell.cell import Cell

from backend.text import for_workbook

# What Excel or LibreOffice would read as the start of a formula (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def write(cell: Cell, value: Any) -> None:
    """Put `value` into `cell`; text is always stored as a plain string, never a formula, and
    holds nothing a workbook cannot (see backend.text)."""
    if isinstance(value, str):
        value = for_workbook(value)
    cell.value = value
    if isinstance(value, str):
        # openpyxl makes any string starting with "=" a formula; force a string instead,
        # and mark leading triggers so that editing the cell in Excel keeps it text.
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
