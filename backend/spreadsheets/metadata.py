"""The hidden metadata sheet: what a workbook is, the base value of each editable cell, and a
signature that shows whether any of it was changed outside the tool."""

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook

from backend.errors import InvalidUpload
from backend.settings import server_key
from backend.spreadsheets.cells import write

SHEET = "_empact"
TEMPLATE_VERSION = 1


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
    rows.append(["cells", len(metadata.cells)])
    rows += [
        [
            c.sheet,
            c.cell,
            json.dumps(c.key, sort_keys=True),
            c.field,
            json.dumps(c.base, default=str),
        ]
        for c in metadata.cells
    ]
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            write(sheet.cell(row=row_number, column=column), value)


def read_metadata(workbook: Workbook) -> Metadata:
    """The metadata of a workbook made by this tool; refuses one whose metadata was altered."""
    if SHEET not in workbook.sheetnames:
        raise InvalidUpload("This workbook was not made by this tool (its metadata is missing).")
    sheet = workbook[SHEET]
    if hasattr(sheet, "reset_dimensions"):  # read-only: no padding to a claimed grid
        sheet.reset_dimensions()
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    try:
        sent = str(rows[0][1])
        header: dict[str, Any] = {}
        index = 1
        while rows[index][0] != "cells":
            header[str(rows[index][0])] = json.loads(str(rows[index][1]))
            index += 1
        count = int(rows[index][1])
        cells = [
            EditableCell(
                sheet=str(row[0]),
                cell=str(row[1]),
                key=json.loads(str(row[2])),
                field=str(row[3]),
                base=json.loads(str(row[4])),
            )
            for row in rows[index + 1 : index + 1 + count]
        ]
        template = str(header.pop("template"))
        version = int(header.pop("template_version"))
    except (IndexError, KeyError, TypeError, ValueError):
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
