"""The action workbook: one action's report and each participant's figures, to read or share."""

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from backend.spreadsheets.action_service import ActionCycleReport
from backend.spreadsheets.cells import write
from backend.spreadsheets.style import (
    LIMITE,
    LOCKED_FILL,
    PREVIOUS_FONT,
    TOP,
    WRAPPED,
    excel_value,
    header,
    instructions,
    print_setup,
    safe_filename,
    utc_text,
)

REPORT_SHEET = "Report"
CONTRIBUTIONS_SHEET = "Contributions"
KEY_COLUMNS = [
    ("Organisation", 13),
    ("Name", 36),
    ("Country", 9),
    ("Role", 12),
    ("State", 12),
    ("Submitted at", 18),
]


def action_workbook_filename(report: ActionCycleReport) -> str:
    return safe_filename(
        "empact",
        report.cycle.code,
        report.action.code,
        report.plan.short_code,
        "action-workbook.xlsx",
    )


def _instructions(workbook: Workbook, report: ActionCycleReport, generated_by: str) -> None:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Instructions"
    previous = report.previous_cycle.code if report.previous_cycle else "none"
    lines = [
        f"EMPACT action workbook: {report.action.code} of {report.plan.code}, reporting cycle "
        f"{report.cycle.code}",
        f"Generated on {utc_text(dt.datetime.now(dt.UTC))} for {generated_by}.",
        f"Reporting period {report.cycle.period_start} to {report.cycle.period_end}; due on "
        f"{report.cycle.due_on}.",
        "",
        f"The sheet '{REPORT_SHEET}' holds the action's report for the cycle as stored in the "
        "tool.",
        f"The sheet '{CONTRIBUTIONS_SHEET}' has one row per organisation taking part in the "
        "action: its state, its narrative and its figures, each beside the figure of the "
        f"previous cycle ({previous}).",
        "An empty figure means that nothing was reported; a state 'not_started' means that "
        "the organisation has not begun its contribution.",
        "This workbook is for reading and sharing only: changes made in it are not read back. "
        "Edit the report and the figures in the tool.",
        "",
        LIMITE,
    ]
    instructions(sheet, lines)


def _report(workbook: Workbook, report: ActionCycleReport) -> None:
    sheet = workbook.create_sheet(REPORT_SHEET)
    action, stored = report.action, report.report
    co_leaders = [row.organisation for row in report.rows if row.role == "co_leader"]
    rows: list[tuple[str, object]] = [
        ("Reporting cycle", report.cycle.code),
        ("Action", action.code),
        ("Title", action.title),
        ("Plan", f"{report.plan.code}: {report.plan.name}"),
        ("Plan short code", report.plan.short_code),
        ("Priority", f"{report.priority.code}: {report.priority.name}"),
        ("Strategic goal", f"{report.goal.code}: {report.goal.name}"),
        ("Leader", f"{report.leader.code}: {report.leader.name}"),
        ("Co-leaders", ", ".join(co_leaders)),
        ("Action state", str(action.state)),
        ("Action period", f"{action.start_date} to {action.end_date}"),
        ("Report state", str(stored.state) if stored else "not_started"),
        ("Submitted at", utc_text(stored.submitted_at) if stored else ""),
        ("RAG status", str(stored.rag_status) if stored and stored.rag_status else ""),
        ("Progress", stored.progress if stored else ""),
        ("Achievements", stored.achievements if stored else ""),
        ("Obstacles", stored.obstacles if stored else ""),
        ("Next steps", stored.next_steps if stored else ""),
    ]
    header(sheet, 1, "Field", 18)
    header(sheet, 2, "Value", 100)
    for row_number, (label, value) in enumerate(rows, start=2):
        label_cell = sheet.cell(row=row_number, column=1)
        write(label_cell, label)
        label_cell.font = Font(bold=True)
        label_cell.fill = LOCKED_FILL
        label_cell.alignment = TOP
        value_cell = sheet.cell(row=row_number, column=2)
        write(value_cell, value)
        value_cell.alignment = WRAPPED
    sheet.freeze_panes = "A2"
    print_setup(sheet)


def _contributions(workbook: Workbook, report: ActionCycleReport) -> None:
    sheet = workbook.create_sheet(CONTRIBUTIONS_SHEET)
    column = 1
    for title, width in KEY_COLUMNS:
        header(sheet, column, title, width)
        column += 1
    figure_columns: dict[int, int] = {}
    for indicator in report.indicators:
        unit = f" ({indicator.unit})" if indicator.unit else ""
        header(sheet, column, f"{indicator.name}{unit}", 14)
        header(sheet, column + 1, f"{indicator.name}: previous", 11)
        figure_columns[indicator.id or 0] = column
        column += 2
    narrative_column = column
    header(sheet, narrative_column, "Narrative", 60)

    for row_number, row in enumerate(report.rows, start=2):
        keys = [
            row.organisation,
            row.organisation_name,
            row.country,
            row.role,
            row.state,
            utc_text(row.submitted_at),
        ]
        for column_number, value in enumerate(keys, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            write(cell, value)
            cell.fill = LOCKED_FILL
            cell.alignment = TOP
        for indicator_id, column_number in figure_columns.items():
            write(
                sheet.cell(row=row_number, column=column_number),
                excel_value(row.values.get(indicator_id)),
            )
            before = sheet.cell(row=row_number, column=column_number + 1)
            write(before, excel_value(row.previous.get(indicator_id)))
            before.font = PREVIOUS_FONT
        narrative = sheet.cell(row=row_number, column=narrative_column)
        write(narrative, row.narrative)
        narrative.alignment = WRAPPED

    sheet.freeze_panes = sheet.cell(row=2, column=2)
    if report.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(narrative_column)}{len(report.rows) + 1}"
    print_setup(sheet)


def build_action_workbook(report: ActionCycleReport, *, generated_by: str) -> bytes:
    """The workbook as .xlsx bytes; it is for reading only, nothing in it is read back."""
    workbook = Workbook()
    _instructions(workbook, report, generated_by)
    _report(workbook, report)
    _contributions(workbook, report)
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
