"""The look every workbook shares: header rows, locked cells, instructions, printing, names."""

import re
from copy import copy
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from backend.spreadsheets.cells import write

HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")
PREVIOUS_FONT = Font(color="595959", italic=True)
TITLE_FONT = Font(bold=True, size=14)
WRAPPED = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LIMITE = "Contains LIMITE information: handle and share it as such."


def header(sheet: Worksheet, column: int, text: str, width: float) -> None:
    """A cell of the header row, and its column's width."""
    cell = sheet.cell(row=1, column=column)
    write(cell, text)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = WRAPPED
    sheet.column_dimensions[get_column_letter(column)].width = width


def instructions(sheet: Worksheet, lines: list[str], *, width: float = 110) -> None:
    """One line of text per row, the first as the title."""
    for row, line in enumerate(lines, start=1):
        write(sheet.cell(row=row, column=1), line)
    sheet["A1"].font = TITLE_FONT
    sheet.column_dimensions["A"].width = width


def print_setup(sheet: Worksheet | WriteOnlyWorksheet, *, title_rows: str = "1:1") -> None:
    """Landscape, as wide as one page, the header row repeated on every printed page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows


def excel_number(figure: Decimal) -> int | float:
    """Excel holds doubles: whole figures as integers, others as the nearest double."""
    return int(figure) if figure == figure.to_integral_value() else float(figure)


def excel_value(figure: Decimal | str | None) -> int | float | str | None:
    return excel_number(figure) if isinstance(figure, Decimal) else figure


def safe_filename(*parts: str) -> str:
    """Parts joined by '-', every character outside [A-Za-z0-9._-] replaced by '-'."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(parts))


# Per workbook: the style combinations given to cells so far, by the identity of their style
# objects (kept alive here, so an identity is never reused while it is a key).
_REGISTERED: "WeakKeyDictionary[Any, dict[tuple[int, ...], tuple[Any, ...]]]" = WeakKeyDictionary()


def styled(
    cell: Cell,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    alignment: Alignment | None = None,
    protection: Protection | None = None,
) -> Cell:
    """Give `cell` these style objects. A combination is registered with the workbook once;
    later cells get its style indices copied, as openpyxl's own worksheet copy does. Setting
    `cell.fill` and the like on every cell makes openpyxl hash the style objects again per
    cell, which is most of the time it takes to build a big sheet."""
    registered = _REGISTERED.setdefault(cell.parent.parent, {})
    key = (id(font), id(fill), id(alignment), id(protection))
    found = registered.get(key)
    if found is not None:
        cell._style = copy(found[0])
        return cell
    for name, value in (
        ("font", font),
        ("fill", fill),
        ("alignment", alignment),
        ("protection", protection),
    ):
        if value is not None:
            setattr(cell, name, value)
    registered[key] = (copy(cell._style), font, fill, alignment, protection)
    return cell
