"""The country workbook: one row per action the country takes part in, its figures to fill."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from backend.catalog.models import Indicator, IndicatorKind
from backend.records import MAX_FIGURE
from backend.reporting.models import ReportState
from backend.spreadsheets.cells import write
from backend.spreadsheets.metadata import TEMPLATE_VERSION, EditableCell, Metadata, write_metadata
from backend.spreadsheets.service import CountryReport
from backend.spreadsheets.style import (
    LIMITE,
    LOCKED_FILL,
    PREVIOUS_FONT,
    excel_number,
    header,
    instructions,
    print_setup,
    styled,
)

TEMPLATE = "country"
DATA_SHEET = "Figures"
KEY_COLUMNS = [
    ("Participation", 8),
    ("Action", 10),
    ("Plan", 22),
    ("Priority", 9),
    ("Title", 48),
    ("Leader", 10),
    ("Organisation", 13),
    ("Role", 12),
]
STATES_TO_CHOOSE = [ReportState.draft.value, ReportState.submitted.value]
EDITABLE = Protection(locked=False)
NARRATIVE_ALIGNMENT = Alignment(wrap_text=True, vertical="top")


def plain(figure: Decimal | str | None) -> str:
    """A stored figure as the metadata keeps it: exact text, '' when empty."""
    if figure is None:
        return ""
    if isinstance(figure, Decimal):
        return format(figure.normalize(), "f")
    return figure


def _validation(indicator: Indicator) -> DataValidation:
    error = f"{indicator.name}: "
    if indicator.kind == IndicatorKind.choice:
        choices = ",".join(indicator.choices or [])
        return DataValidation(
            type="list",
            formula1=f'"{choices}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not one of the choices",
            error=error + f"choose one of {choices}.",
        )
    low = indicator.min_value if indicator.min_value is not None else -MAX_FIGURE
    high = indicator.max_value if indicator.max_value is not None else MAX_FIGURE
    whole = indicator.kind == IndicatorKind.integer
    return DataValidation(
        type="whole" if whole else "decimal",
        operator="between",
        formula1=str(low.normalize()),
        formula2=str(high.normalize()),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a valid figure",
        error=error + f"a {'whole number' if whole else 'number'} from {low.normalize():f} to "
        f"{high.normalize():f}.",
    )


def _instructions(workbook: Workbook, report: CountryReport) -> None:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Instructions"
    previous = report.previous_cycle.code if report.previous_cycle else "none"
    lines = [
        f"EMPACT country workbook: {report.country}, reporting cycle {report.cycle.code}",
        f"Due on {report.cycle.due_on.isoformat()}; period {report.cycle.period_start} to "
        f"{report.cycle.period_end}.",
        "",
        f"1. On the sheet '{DATA_SHEET}', each row is one operational action in which an "
        f"organisation of {report.country} takes part.",
        "2. Type the figures in the white columns; grey columns are for reference and locked.",
        f"3. The columns marked 'previous' show what was reported in {previous}.",
        "4. Write the narrative of your contribution, and set its state to 'submitted' when "
        "it is complete (or leave 'draft').",
        "5. Leave a figure empty when there is nothing to report; do not type 0 for unknown.",
        "6. Do not add, remove or reorder rows or columns, and do not rename sheets.",
        "7. Save as .xlsx (not .xlsm or .xls) and upload the file in the tool: you will see "
        "every change before anything is stored.",
        "",
        LIMITE,
    ]
    instructions(sheet, lines)


def build_country_workbook(report: CountryReport, *, generated_by: str) -> bytes:
    """The workbook as .xlsx bytes, with its signed metadata."""
    workbook = Workbook()
    _instructions(workbook, report)
    sheet = workbook.create_sheet(DATA_SHEET)
    editable: list[EditableCell] = []

    column = 1
    for title, width in KEY_COLUMNS:
        header(sheet, column, title, width)
        column += 1
    figure_columns: dict[int, int] = {}
    for indicator in report.indicators:
        unit = f" ({indicator.unit})" if indicator.unit else ""
        header(sheet, column, f"{indicator.name}{unit}", 14)
        figure_columns[indicator.id or 0] = column
        validation = _validation(indicator)
        sheet.add_data_validation(validation)
        if report.rows:
            letter = get_column_letter(column)
            validation.add(f"{letter}2:{letter}{len(report.rows) + 1}")
        header(sheet, column + 1, f"{indicator.name}: previous", 11)
        column += 2
    narrative_column, state_column = column, column + 1
    header(sheet, narrative_column, "Narrative", 60)
    header(sheet, state_column, "State", 12)
    state_validation = DataValidation(
        type="list",
        formula1=f'"{",".join(STATES_TO_CHOOSE)}"',
        allow_blank=False,
        showErrorMessage=True,
        error="Choose draft or submitted.",
    )
    sheet.add_data_validation(state_validation)
    if report.rows:
        letter = get_column_letter(state_column)
        state_validation.add(f"{letter}2:{letter}{len(report.rows) + 1}")

    for row_number, row in enumerate(report.rows, start=2):
        keys = [
            row.participation_id,
            row.action_code,
            row.plan_code,
            row.priority,
            row.title,
            row.leader,
            row.organisation,
            row.role,
        ]
        for column_number, value in enumerate(keys, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            write(cell, value)
            styled(cell, fill=LOCKED_FILL)
        key = {"participation_id": row.participation_id}
        for indicator in report.indicators:
            indicator_id = indicator.id or 0
            column_number = figure_columns[indicator_id]
            current = row.values.get(indicator_id)
            cell = sheet.cell(row=row_number, column=column_number)
            write(cell, current if not isinstance(current, Decimal) else excel_number(current))
            styled(cell, protection=EDITABLE)
            editable.append(
                EditableCell(DATA_SHEET, cell.coordinate, key, indicator.code, plain(current))
            )
            before = sheet.cell(row=row_number, column=column_number + 1)
            previous = row.previous.get(indicator_id)
            write(before, previous if not isinstance(previous, Decimal) else excel_number(previous))
            styled(before, fill=LOCKED_FILL, font=PREVIOUS_FONT)
        narrative = sheet.cell(row=row_number, column=narrative_column)
        write(narrative, row.narrative)
        styled(narrative, protection=EDITABLE, alignment=NARRATIVE_ALIGNMENT)
        editable.append(
            EditableCell(DATA_SHEET, narrative.coordinate, key, "narrative", row.narrative)
        )
        state = sheet.cell(row=row_number, column=state_column)
        write(state, row.state)
        styled(state, protection=EDITABLE)
        editable.append(EditableCell(DATA_SHEET, state.coordinate, key, "state", row.state))

    sheet.column_dimensions["A"].hidden = True
    sheet.freeze_panes = sheet.cell(row=2, column=len(KEY_COLUMNS) + 1)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # people may widen columns to read
    print_setup(sheet)
    write_metadata(
        workbook,
        Metadata(
            TEMPLATE,
            TEMPLATE_VERSION,
            {
                "reporting_cycle_id": report.cycle.id,
                "reporting_cycle": report.cycle.code,
                "country": report.country,
                "generated_by": generated_by,
                "rows": len(report.rows),
            },
            editable,
        ),
    )
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
