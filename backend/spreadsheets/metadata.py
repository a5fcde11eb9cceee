"""The hidden metadata sheet: what a workbook is, the base value of each editable cell, and a
signature that shows whether any of it was changed outside the tool."""

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from openpyxl import Workbook

from backend.errors import InvalidUpload
from backend.settings import server_key
from backend.spreadsheets.cells import write

SHEET = "_empact"
TEMPLATE_VERSION = 1
# The layout of the cell list: one row per run of cells sharing a key. Workbooks written
# before it hold one row per cell, and are read as well.
BY_KEY = "by key"
# A cell holds at most 32,767 characters; longer JSON continues in the next column.
CELL_TEXT = 32_000


@dataclass
class EditableCell:
    """Where a value may be typed, what it means, and what it was when the file was made."""

    sheet: str
    cell: str
    key: dict[str, int]
    field: str
    base: Any


@dataclass
class Metadata:
    template: str
    version: int
    fields: dict[str, Any]
    cells: list[EditableCell] = field(default_factory=list)


def _canonical(metadata: Metadata) -> bytes:
    content = {
        "template": metadata.template,
        "version": metadata.version,
        "fields": metadata.fields,
        "cells": [[c.sheet, c.cell, c.key, c.field, c.base] for c in metadata.cells],
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), default=str).encode()


def signature(metadata: Metadata) -> str:
    return hmac.new(server_key(), _canonical(metadata), hashlib.sha256).hexdigest()


def write_metadata(workbook: Workbook, metadata: Metadata) -> None:
    """Add the very hidden metadata sheet; users of Excel cannot unhide it from the menu."""
    sheet = workbook.create_sheet(SHEET)
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True
    header = {
        "template": metadata.template,
        "template_version": metadata.version,
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **metadata.fields,
    }
    metadata.fields = {k: v for k, v in header.items() if k not in ("template", "template_version")}
    rows: list[list[Any]] = [["signature", signature(metadata)]]
    rows += [[key, json.dumps(value, default=str)] for key, value in header.items()]
    # One row per run of cells sharing a key (a row of figures, say), its cells as JSON text
    # split over as many columns as it needs: far fewer cells than one row per cell.
    rows.append(["cells", len(metadata.cells), BY_KEY])
    for (sheet_name, key), run in groupby(
        metadata.cells, key=lambda c: (c.sheet, json.dumps(c.key, sort_keys=True))
    ):
        text = json.dumps([[c.cell, c.field, c.base] for c in run], default=str, ensure_ascii=False)
        chunks = [text[i : i + CELL_TEXT] for i in range(0, len(text), CELL_TEXT)] or [""]
        rows.append([sheet_name, key, *chunks])
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            write(sheet.cell(row=row_number, column=column), value)


def _cells(rows: list[list[Any]], count: int) -> list[EditableCell]:
    """Cells written one per row: sheet, cell, key, field, base."""
    return [
        EditableCell(
            sheet=str(row[0]),
            cell=str(row[1]),
            key=json.loads(str(row[2])),
            field=str(row[3]),
            base=json.loads(str(row[4])),
        )
        for row in rows[:count]
    ]


def _cells_by_key(rows: list[list[Any]], count: int) -> list[EditableCell]:
    """Cells written one row per run sharing a key: sheet, key, then their JSON in chunks."""
    cells: list[EditableCell] = []
    for row in rows:
        if len(cells) >= count:
            break
        sheet, key = str(row[0]), json.loads(str(row[1]))
        text = "".join(str(chunk) for chunk in row[2:] if chunk is not None)
        cells += [
            EditableCell(sheet=sheet, cell=str(cell), key=key, field=str(name), base=base)
            for cell, name, base in json.loads(text)
        ]
    if len(cells) != count:
        raise ValueError("the metadata holds another number of cells than it says")
    return cells


def read_metadata(workbook: Workbook) -> Metadata:
    """The metadata of a workbook made by this tool; refuses one whose metadata was altered."""
    if SHEET not in workbook.sheetnames:
        raise InvalidUpload("This workbook was not made by this tool (its metadata is missing).")
    sheet = workbook[SHEET]
    if hasattr(sheet, "reset_dimensions"):  # read-only: no padding to a claimed grid
        sheet.reset_dimensions()
    return metadata_from_rows([list(row) for row in sheet.iter_rows(values_only=True)])


def metadata_from_rows(rows: list[list[Any]]) -> Metadata:
    """The metadata from the values of the metadata sheet's rows (None for empty cells)."""
    try:
        sent = str(rows[0][1])
        header: dict[str, Any] = {}
        index = 1
        while rows[index][0] != "cells":
            header[str(rows[index][0])] = json.loads(str(rows[index][1]))
            index += 1
        count = int(rows[index][1])
        by_key = len(rows[index]) > 2 and rows[index][2] == BY_KEY
        cells = (
            _cells_by_key(rows[index + 1 :], count) if by_key else _cells(rows[index + 1 :], count)
        )
        template = str(header.pop("template"))
        version = int(header.pop("template_version"))
    except (IndexError, KeyError, TypeError, ValueError, RecursionError):
        # ValueError: a number longer than Python reads; RecursionError: nesting too deep.
        raise InvalidUpload(
            "The workbook's metadata is damaged: download a new workbook."
        ) from None
    metadata = Metadata(template, version, header, cells)
    if not hmac.compare_digest(signature(metadata), sent):
        raise InvalidUpload(
            "The workbook's hidden keys or metadata were changed outside the tool: download a "
            "new workbook and copy your figures into it."
        )
    return metadata
