"""The country workbook: one row per action the country takes part in, its figures to fill."""

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from backend import i18n
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
from backend.spreadsheets.texts import STATES_TO_CHOOSE, Words

TEMPLATE = "country"
DATA_SHEET = "Figures"
# The locked columns that say which action and organisation a row is for, and their widths.
KEY_COLUMNS = [
    ("participation", 8),
    ("action", 10),
    ("plan", 22),
    ("priority", 9),
    ("title", 48),
    ("leader", 10),
    ("organisation", 13),
    ("role", 12),
]
EDITABLE = Protection(locked=False)
NARRATIVE_ALIGNMENT = Alignment(wrap_text=True, vertical="top")


def plain(figure: Decimal | str | None) -> str:
    """A stored figure as the metadata keeps it: exact text, '' when empty."""
    if figure is None:
        return ""
    if isinstance(figure, Decimal):
        return format(figure.normalize(), "f")
    return figure


def bounds(indicator: Indicator) -> tuple[Decimal, Decimal]:
    """The smallest and largest figure the indicator accepts."""
    low = indicator.min_value if indicator.min_value is not None else -MAX_FIGURE
    high = indicator.max_value if indicator.max_value is not None else MAX_FIGURE
    return low.normalize(), high.normalize()


def _validation(indicator: Indicator, words: Words) -> DataValidation:
    name = words.indicator(indicator)
    if indicator.kind == IndicatorKind.choice:
        choices = ",".join(indicator.choices or [])
        return DataValidation(
            type="list",
            formula1=f'"{choices}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=words("validation.not_a_choice"),
            error=words("validation.choose", indicator=name, choices=choices),
        )
    low, high = bounds(indicator)
    whole = indicator.kind == IndicatorKind.integer
    # The largest figure the tool stores is a technical limit, not a rule worth reading.
    if high == MAX_FIGURE:
        key = "validation.whole_from" if whole else "validation.number_from"
        error = words(key, indicator=name, low=low)
    else:
        key = "validation.whole_between" if whole else "validation.number_between"
        error = words(key, indicator=name, low=low, high=high)
    return DataValidation(
        type="whole" if whole else "decimal",
        operator="between",
        formula1=format(low, "f"),
        formula2=format(high, "f"),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=words("validation.not_a_figure"),
        error=error,
    )


def title_line(words: Words, *, country: str, cycle: str) -> str:
    """The Instructions sheet's first line, by which an upload that lost its metadata is
    still recognised."""
    return words("country.title", country=country, cycle=cycle)


def _instructions(workbook: Workbook, report: CountryReport, words: Words) -> None:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Instructions"
    cycle = report.cycle
    previous = report.previous_cycle.code if report.previous_cycle else words("country.no_previous")
    lines = [
        title_line(words, country=report.country, cycle=cycle.code),
        words("country.due", due=cycle.due_on, start=cycle.period_start, end=cycle.period_end),
        "",
        words("country.step_rows", sheet=DATA_SHEET, country=report.country),
        words("country.step_columns"),
        words("country.step_previous", previous=previous),
        words(
            "country.step_state",
            submitted=words.state(ReportState.submitted),
            draft=words.state(ReportState.draft),
        ),
        words(
            "country.step_locked",
            submitted=words.state(ReportState.submitted),
            accepted=words.state(ReportState.accepted),
        ),
        words("country.step_empty"),
        words("country.step_layout"),
        words("country.step_upload"),
        "",
        LIMITE,
    ]
    instructions(sheet, lines)


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Ascending numbers as runs of consecutive ones: [2, 3, 4, 7] -> [(2, 4), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def _state_validations(
    sheet: Worksheet, report: CountryReport, state_column: int, words: Words
) -> None:
    """Each row's dropdown offers the states a person may set, and the row's own state so
    that a row left as it is passes; one validation per state the rows are in."""
    letter = get_column_letter(state_column)
    rows_in: dict[str, list[int]] = {}
    for row_number, row in enumerate(report.rows, start=2):
        rows_in.setdefault(row.state, []).append(row_number)
    for state, row_numbers in rows_in.items():
        offered = [words.state(state)] if state not in STATES_TO_CHOOSE else []
        offered += [words.state(choosable) for choosable in STATES_TO_CHOOSE]
        validation = DataValidation(
            type="list",
            formula1=f'"{",".join(offered)}"',
            allow_blank=False,
            showErrorMessage=True,
            error=words("validation.state", choices=", ".join(offered)),
        )
        sheet.add_data_validation(validation)
        for first, last in _runs(row_numbers):
            validation.add(f"{letter}{first}:{letter}{last}")


def build_country_workbook(
    report: CountryReport, *, generated_by: str, language: i18n.Language | str = "en"
) -> bytes:
    """The workbook as .xlsx bytes, with its signed metadata, written in `language`."""
    words = Words(language)
    workbook = Workbook()
    _instructions(workbook, report, words)
    sheet = workbook.create_sheet(DATA_SHEET)
    editable: list[EditableCell] = []

    column = 1
    for column_key, width in KEY_COLUMNS:
        header(sheet, column, words(f"column.{column_key}"), width)
        column += 1
    figure_columns: dict[int, int] = {}
    for indicator in report.indicators:
        header(sheet, column, words.indicator(indicator, with_unit=True), 14)
        figure_columns[indicator.id or 0] = column
        validation = _validation(indicator, words)
        sheet.add_data_validation(validation)
        if report.rows:
            letter = get_column_letter(column)
            validation.add(f"{letter}2:{letter}{len(report.rows) + 1}")
        header(
            sheet, column + 1, words("column.previous", indicator=words.indicator(indicator)), 11
        )
        column += 2
    narrative_column, state_column = column, column + 1
    header(sheet, narrative_column, words("column.narrative"), 60)
    header(sheet, state_column, words("column.state"), 12)
    _state_validations(sheet, report, state_column, words)

    for row_number, row in enumerate(report.rows, start=2):
        keys = [
            row.participation_id,
            row.action_code,
            row.plan_code,
            row.priority,
            row.title,
            row.leader,
            row.organisation,
            words.role(row.role),
        ]
        for column_number, value in enumerate(keys, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            write(cell, value)
            styled(cell, fill=LOCKED_FILL)
        key = {"participation_id": row.participation_id}
        # A row handed in is shown as it is and cannot be typed into: nothing of it is
        # editable until it is returned (or reopened).
        own: dict[str, Any] = {"fill": LOCKED_FILL} if row.locked else {"protection": EDITABLE}
        for indicator in report.indicators:
            indicator_id = indicator.id or 0
            column_number = figure_columns[indicator_id]
            current = row.values.get(indicator_id)
            cell = sheet.cell(row=row_number, column=column_number)
            write(cell, current if not isinstance(current, Decimal) else excel_number(current))
            styled(cell, **own)
            if not row.locked:
                editable.append(
                    EditableCell(DATA_SHEET, cell.coordinate, key, indicator.code, plain(current))
                )
            before = sheet.cell(row=row_number, column=column_number + 1)
            previous = row.previous.get(indicator_id)
            write(before, previous if not isinstance(previous, Decimal) else excel_number(previous))
            styled(before, fill=LOCKED_FILL, font=PREVIOUS_FONT)
        narrative = sheet.cell(row=row_number, column=narrative_column)
        write(narrative, row.narrative)
        styled(narrative, alignment=NARRATIVE_ALIGNMENT, **own)
        state = sheet.cell(row=row_number, column=state_column)
        write(state, words.state(row.state))
        styled(state, **own)
        if not row.locked:
            editable.append(
                EditableCell(DATA_SHEET, narrative.coordinate, key, "narrative", row.narrative)
            )
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
                # Rows handed in have no editable cell, and are the workbook's all the same.
                "locked_rows": [
                    [row_number, row.participation_id]
                    for row_number, row in enumerate(report.rows, start=2)
                    if row.locked
                ],
                "language": words.language.value,
            },
            editable,
        ),
    )
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
