"""The uploader's own workbook handed back with every problem marked where it is.

Bad cells are filled red and conflicting ones amber, each with a comment saying what is wrong;
an Errors sheet lists them all with a link to each cell. Nothing else in the file changes, so
the user can correct it and upload it again.
"""

import io
from typing import Any

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from sqlmodel import Session, col, select

from backend import i18n
from backend.catalog.models import Indicator
from backend.reporting.models import ReportingCycle
from backend.spreadsheets.cells import write
from backend.spreadsheets.models import CellOutcome, Upload, UploadCell, UploadFile
from backend.spreadsheets.texts import Words

ERRORS_SHEET = "Errors"
ERROR_FILL = PatternFill("solid", fgColor="FF9999")
CONFLICT_FILL = PatternFill("solid", fgColor="FFD966")
HEADER_FONT = Font(bold=True)
LINK_FONT = Font(color="0563C1", underline="single")
AUTHOR = "EMPACT"


def _indicators(session: Session, upload: Upload) -> dict[str, Indicator]:
    """The indicators of the upload's cycle by code, to name the figures' cells."""
    cycle = session.get(ReportingCycle, upload.reporting_cycle_id)
    if cycle is None:
        return {}
    return {
        indicator.code: indicator
        for indicator in session.exec(
            select(Indicator).where(col(Indicator.policy_cycle_id) == cycle.policy_cycle_id)
        ).all()
    }


def _marks(
    session: Session, upload: Upload, words: Words, indicators: dict[str, Indicator]
) -> list[dict[str, Any]]:
    """Every problem of the plan, and every conflict with both of its values."""
    marks = [
        {**problem, "fill": ERROR_FILL}
        for problem in upload.problems
        if problem.get("cell") and problem.get("severity") != "warning"
    ]
    conflicts = session.exec(
        select(UploadCell)
        .where(
            col(UploadCell.upload_id) == upload.id,
            col(UploadCell.outcome) == CellOutcome.conflict,
        )
        .order_by(col(UploadCell.id))
    ).all()
    for cell in conflicts:
        marks.append(
            {
                "sheet": cell.sheet,
                "cell": cell.cell,
                "field": cell.field,
                "severity": "conflict",
                "message": words(
                    "problem.conflict",
                    field=words.field(cell.field, indicators),
                    proposed=words.quoted(cell.proposed),
                    base=words.quoted(cell.base),
                    stored=words.quoted(cell.stored),
                ),
                "fill": CONFLICT_FILL,
            }
        )
    return marks


def build_error_workbook(
    session: Session, upload: Upload, *, language: i18n.Language | str = "en"
) -> bytes:
    """The uploaded file with its problems marked, as .xlsx bytes, its Errors sheet and
    comments written in `language`."""
    stored = session.get(UploadFile, upload.id)
    assert stored is not None  # every upload keeps its file
    workbook = load_workbook(io.BytesIO(stored.content))
    words = Words(language)
    indicators = _indicators(session, upload)
    marks = _marks(session, upload, words, indicators)
    for mark in marks:
        if mark["sheet"] not in workbook.sheetnames:
            continue
        cell = workbook[mark["sheet"]][mark["cell"]]
        cell.fill = mark["fill"]
        comment = Comment(mark["message"], AUTHOR)
        comment.width, comment.height = 300, 120
        cell.comment = comment

    name, number = ERRORS_SHEET, 1
    while name in workbook.sheetnames:  # the user's own sheets stay as they are
        number += 1
        name = f"{ERRORS_SHEET} {number}"
    sheet = workbook.create_sheet(name, 0)
    for column, (title, width) in enumerate(
        [
            (words("errors.sheet"), 12),
            (words("errors.cell"), 8),
            (words("errors.field"), 22),
            (words("errors.severity"), 12),
            (words("errors.what"), 100),
        ],
        start=1,
    ):
        header = sheet.cell(row=1, column=column)
        write(header, title)
        header.font = HEADER_FONT
        sheet.column_dimensions[header.column_letter].width = width
    for row, mark in enumerate(marks, start=2):
        write(sheet.cell(row=row, column=1), mark["sheet"])
        link = sheet.cell(row=row, column=2)
        write(link, mark["cell"])
        link.hyperlink = Hyperlink(
            ref=link.coordinate, location=f"'{mark['sheet']}'!{mark['cell']}"
        )
        link.font = LINK_FONT
        write(sheet.cell(row=row, column=3), words.field(mark.get("field") or "", indicators))
        write(sheet.cell(row=row, column=4), words(f"severity.{mark['severity']}"))
        write(sheet.cell(row=row, column=5), mark["message"])
    if not marks:
        write(sheet.cell(row=2, column=5), words("errors.none"))
    sheet.freeze_panes = "A2"
    workbook.active = 0
    for other in workbook.worksheets[1:]:
        other.sheet_view.tabSelected = False
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
