"""The action workbook: one action's report and each participant's figures, to read or share."""

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from backend import i18n
from backend.reporting.models import ReportState
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
)
from backend.spreadsheets.texts import Words

REPORT_SHEET = "Report"
CONTRIBUTIONS_SHEET = "Contributions"
KEY_COLUMNS = [
    ("organisation", 13),
    ("name", 36),
    ("country", 9),
    ("role", 12),
    ("state", 12),
    ("submitted_at", 18),
]


def action_workbook_filename(report: ActionCycleReport) -> str:
    return safe_filename(
        "empact",
        report.cycle.code,
        report.action.code,
        report.plan.short_code,
        "action-workbook.xlsx",
    )


def action_name(report: ActionCycleReport) -> str:
    """The action as people name it, with its plan: every plan has its own OA 2.1."""
    return f"{report.plan.short_code} · {report.action.code}"


def _instructions(
    workbook: Workbook, report: ActionCycleReport, generated_by: str, words: Words
) -> None:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Instructions"
    cycle = report.cycle
    previous = report.previous_cycle.code if report.previous_cycle else words("action.none")
    lines = [
        words("action.title", action=action_name(report), plan=report.plan.code, cycle=cycle.code),
        words("action.generated", moment=dt.datetime.now(dt.UTC), person=generated_by),
        words("action.period", start=cycle.period_start, end=cycle.period_end, due=cycle.due_on),
        "",
        words("action.report_sheet", sheet=REPORT_SHEET),
        words("action.contributions_sheet", sheet=CONTRIBUTIONS_SHEET, previous=previous),
        words("action.empty", not_started=words.state(ReportState.not_started)),
        words("action.read_only"),
        "",
        LIMITE,
    ]
    instructions(sheet, lines)


def _report(workbook: Workbook, report: ActionCycleReport, words: Words) -> None:
    sheet = workbook.create_sheet(REPORT_SHEET)
    action, stored = report.action, report.report
    co_leaders = [row.organisation for row in report.rows if row.role == "co_leader"]
    state = stored.state if stored else ReportState.not_started
    rows: list[tuple[str, object]] = [
        ("cycle", report.cycle.code),
        ("action", action_name(report)),
        ("title", action.title),
        ("plan", f"{report.plan.code}: {report.plan.name}"),
        ("priority", f"{report.priority.code}: {words.named(report.priority)}"),
        ("goal", f"{report.goal.code}: {words.named(report.goal)}"),
        ("leader", f"{report.leader.code}: {words.named(report.leader)}"),
        ("co_leaders", ", ".join(co_leaders)),
        ("action_state", words(f"action_state.{action.state}")),
        (
            "action_period",
            words(
                "report.period",
                start=words.date(action.start_date),
                end=words.date(action.end_date),
            ),
        ),
        ("state", words.state(state)),
        ("submitted_at", words.moment(stored.submitted_at) if stored else ""),
        ("rag", words(f"rag.{stored.rag_status}") if stored and stored.rag_status else ""),
        ("progress", stored.progress if stored else ""),
        ("achievements", stored.achievements if stored else ""),
        ("obstacles", stored.obstacles if stored else ""),
        ("next_steps", stored.next_steps if stored else ""),
    ]
    header(sheet, 1, words("column.field"), 22)
    header(sheet, 2, words("column.value"), 100)
    for row_number, (label, value) in enumerate(rows, start=2):
        label_cell = sheet.cell(row=row_number, column=1)
        write(label_cell, words(f"report.{label}"))
        label_cell.font = Font(bold=True)
        label_cell.fill = LOCKED_FILL
        label_cell.alignment = TOP
        value_cell = sheet.cell(row=row_number, column=2)
        write(value_cell, value)
        value_cell.alignment = WRAPPED
    sheet.freeze_panes = "A2"
    print_setup(sheet)


def _contributions(workbook: Workbook, report: ActionCycleReport, words: Words) -> None:
    sheet = workbook.create_sheet(CONTRIBUTIONS_SHEET)
    column = 1
    for column_key, width in KEY_COLUMNS:
        header(sheet, column, words(f"column.{column_key}"), width)
        column += 1
    figure_columns: dict[int, int] = {}
    for indicator in report.indicators:
        header(sheet, column, words.indicator(indicator, with_unit=True), 14)
        header(
            sheet, column + 1, words("column.previous", indicator=words.indicator(indicator)), 11
        )
        figure_columns[indicator.id or 0] = column
        column += 2
    narrative_column = column
    header(sheet, narrative_column, words("column.narrative"), 60)

    for row_number, row in enumerate(report.rows, start=2):
        keys = [
            row.organisation,
            row.organisation_name,
            row.country,
            words.role(row.role),
            words.state(row.state),
            words.moment(row.submitted_at),
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


def build_action_workbook(
    report: ActionCycleReport, *, generated_by: str, language: i18n.Language | str = "en"
) -> bytes:
    """The workbook as .xlsx bytes, written in `language`; it is for reading only, nothing
    in it is read back."""
    words = Words(language)
    workbook = Workbook()
    _instructions(workbook, report, generated_by, words)
    _report(workbook, report, words)
    _contributions(workbook, report, words)
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
