"""The consolidated workbook of a reporting cycle: totals per priority and per country,
completeness, narratives, and the figures behind every total.

Written in openpyxl's write-only mode: rows stream to the file as they are made, so that the
Sources sheet of a cycle with a million figures never holds a million rows in memory.
"""

import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from backend import i18n
from backend.spreadsheets.cells import FORMULA_TRIGGERS, write
from backend.spreadsheets.consolidated_service import (
    ColumnKey,
    Completeness,
    ConsolidatedReport,
    CountryGroup,
    NarrativeLine,
    SourceLine,
    Total,
)
from backend.spreadsheets.style import (
    HEADER_FILL,
    HEADER_FONT,
    LIMITE,
    LOCKED_FILL,
    TOP,
    WRAPPED,
    excel_number,
    print_setup,
    safe_filename,
    styled,
    utc_text,
)

INSTRUCTIONS_SHEET = "Instructions"
PRIORITY_SHEET = "By priority"
COUNTRY_SHEET = "By country"
COMPLETENESS_SHEET = "Completeness"
NARRATIVES_SHEET = "Narratives"
SOURCES_SHEET = "Sources"
# Excel's last row: the sources go on in "Sources 2", "Sources 3"... past it.
EXCEL_ROWS = 1_048_576
STATE_FILLS = {
    Completeness.submitted: PatternFill("solid", fgColor="C6EFCE"),
    Completeness.late: PatternFill("solid", fgColor="F8CBAD"),
    Completeness.draft: PatternFill("solid", fgColor="FFEB9C"),
    Completeness.missing: PatternFill("solid", fgColor="FFC7CE"),
}
STATE_MEANINGS = {
    Completeness.submitted: "submitted (or accepted) by the due date",
    Completeness.late: "submitted (or accepted), but after the due date",
    Completeness.draft: "begun but not submitted, or returned for changes",
    Completeness.missing: "not started, or no contribution recorded",
}
NOT_TAKING_PART = "(grey, empty) the organisation does not take part in the action"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
TOTAL_FILL = PatternFill("solid", fgColor="D9E1F2")
SOURCE_COLUMNS = [
    ("Indicator value id", 12),
    ("Plan", 14),
    ("Action", 9),
    ("Organisation", 13),
    ("Indicator", 36),
    ("Value", 14),
    ("Priority", 9),
    (f"Cell in '{PRIORITY_SHEET}'", 11),
    ("Country or organisation", 13),
    (f"Cell in '{COUNTRY_SHEET}'", 11),
]


def consolidated_workbook_filename(report: ConsolidatedReport) -> str:
    return consolidated_filename(report.cycle.code)


def consolidated_filename(cycle_code: str) -> str:
    return safe_filename("empact", cycle_code, "consolidated-workbook.xlsx")


def _cell(
    sheet: WriteOnlyWorksheet,
    value: Any,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    alignment: Alignment | None = None,
) -> Cell:
    """A streamed cell whose text is inert (see cells.write), with its style."""
    cell = WriteOnlyCell(sheet)
    write(cell, value)
    if font is not None or fill is not None or alignment is not None:
        styled(cell, font=font, fill=fill, alignment=alignment)
    return cell


def _inert(sheet: WriteOnlyWorksheet, text: str) -> str | Cell:
    """Text as a plain value when nothing in it can start a formula, else an inert cell."""
    return _cell(sheet, text) if text.startswith(FORMULA_TRIGGERS) else text


def _start(
    workbook: Workbook,
    title: str,
    columns: Sequence[tuple[str, float]],
    *,
    frozen: str,
    legend: Sequence[tuple[str, PatternFill]] = (),
) -> WriteOnlyWorksheet:
    """A new sheet with its widths, frozen panes, print setup and header row, and a legend
    row above the header when given; all of it must be set before the first row streams."""
    sheet = workbook.create_sheet(title)
    for number, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = frozen
    print_setup(sheet, title_rows="1:2" if legend else "1:1")
    if legend:
        sheet.append(
            [
                _cell(sheet, "Legend:", font=BOLD),
                *(_cell(sheet, text, fill=fill) for text, fill in legend),
            ]
        )
    sheet.append(
        [
            _cell(sheet, title, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAPPED)
            for title, _ in columns
        ]
    )
    return sheet


def _figure(total: Total | None) -> int | float | None:
    return None if total is None else excel_number(total.value)


def _instructions(workbook: Workbook, report: ConsolidatedReport, generated_by: str) -> None:
    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET)
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 90
    cycle = report.cycle
    contributions = Counter(report.completeness.values())
    action_reports = Counter(action.report for action in report.actions)
    countries = sum(1 for group in report.groups if group.country_code)
    not_totalled = ", ".join(indicator.name for indicator in report.not_totalled) or "none"
    counted_choices = sorted(
        {column.title.split(":")[0] for column in report.columns if column.how == "count"}
    )

    def line(*values: Any, font: Font | None = None) -> None:
        sheet.append([_cell(sheet, value, font=font) for value in values])

    line(f"EMPACT consolidated workbook: reporting cycle {cycle.code}", font=TITLE)
    line(f"Generated on {utc_text(report.generated_at)} for {generated_by}.")
    line(
        f"Reporting period {i18n.date(cycle.period_start, 'en')} to "
        f"{i18n.date(cycle.period_end, 'en')}; due on {i18n.date(cycle.due_on, 'en')}; "
        f"the cycle is {cycle.state}."
    )
    line(LIMITE, font=BOLD)
    line()
    line("Summary", font=BOLD)
    summary = [
        ("Actions reporting in the cycle", len(report.actions)),
        *((f"Action reports: {state}", action_reports[state]) for state in Completeness),
        ("Contributions expected", len(report.completeness)),
        *((f"Contributions: {state}", contributions[state]) for state in Completeness),
        ("Figures stored in the cycle", report.values_stored),
        ("Figures counted in the totals", report.values_counted),
        ("Priorities", len(report.priorities)),
        ("Countries", countries),
        ("Organisations without a country", len(report.groups) - countries),
    ]
    for label, count in summary:
        line(label, count)
    line()
    line("How the totals are made", font=BOLD)
    for text in [
        f"'{PRIORITY_SHEET}' has one row per priority and '{COUNTRY_SHEET}' one row per "
        "country, all organisations of the country together; an organisation without a "
        "country, such as an EU agency, has a row of its own under its code.",
        "Every figure stored for the cycle is counted, whatever the state of its contribution: "
        f"'{COMPLETENESS_SHEET}' shows what is still draft, late or missing.",
        "Indicators that add up show the sum of the figures; those marked '(largest)' show "
        "the largest single figure reported.",
        "Choice indicators are counted per choice: one column per choice, holding how many "
        "figures gave that choice"
        + (f" ({', '.join(counted_choices)})." if counted_choices else "."),
        f"Not totalled, as their figures do not add up: {not_totalled}.",
        "An empty cell means that no figure was reported. The last row of each totals sheet "
        "totals the rows above it.",
        f"'{SOURCES_SHEET}' lists every figure counted, with the cell of '{PRIORITY_SHEET}' and "
        f"the cell of '{COUNTRY_SHEET}' it is counted in.",
        f"Late: submitted after the due date, {i18n.date(cycle.due_on, 'en')} (UTC).",
    ]:
        line(text)
    line()
    line(f"Legend of '{COMPLETENESS_SHEET}'", font=BOLD)
    for state in Completeness:
        sheet.append(
            [
                _cell(sheet, state.value, fill=STATE_FILLS[state]),
                _cell(sheet, STATE_MEANINGS[state]),
            ]
        )
    sheet.append([_cell(sheet, None, fill=LOCKED_FILL), _cell(sheet, NOT_TAKING_PART)])


def _totals_sheet(
    workbook: Workbook,
    report: ConsolidatedReport,
    title: str,
    keys: Sequence[tuple[str, float]],
    rows: Iterable[tuple[Sequence[str], dict[ColumnKey, Total]]],
) -> None:
    columns = report.columns
    sheet = _start(
        workbook,
        title,
        [*keys, *((column.title, 14) for column in columns)],
        frozen=f"{get_column_letter(len(keys) + 1)}2",
    )
    for labels, totals in rows:
        sheet.append(
            [
                *(_cell(sheet, label, fill=LOCKED_FILL, alignment=TOP) for label in labels),
                *(_figure(totals.get(column.key)) for column in columns),
            ]
        )
    sheet.append(
        [
            _cell(sheet, "All", font=BOLD, fill=TOTAL_FILL),
            *(_cell(sheet, None, fill=TOTAL_FILL) for _ in keys[1:]),
            *(
                _cell(
                    sheet,
                    _figure(report.totals_of_all.get(column.key)),
                    font=BOLD,
                    fill=TOTAL_FILL,
                )
                for column in columns
            ),
        ]
    )


def _by_priority(workbook: Workbook, report: ConsolidatedReport) -> None:
    totals: dict[int, dict[ColumnKey, Total]] = defaultdict(dict)
    for (priority_id, key), total in report.by_priority.items():
        totals[priority_id][key] = total
    _totals_sheet(
        workbook,
        report,
        PRIORITY_SHEET,
        [("Priority", 9), ("Name", 40)],
        (([line.code, line.name], totals[line.id]) for line in report.priorities),
    )


def _by_country(workbook: Workbook, report: ConsolidatedReport) -> None:
    totals: dict[CountryGroup, dict[ColumnKey, Total]] = defaultdict(dict)
    for (group, key), total in report.by_country.items():
        totals[group][key] = total
    _totals_sheet(
        workbook,
        report,
        COUNTRY_SHEET,
        [("Country or organisation", 13), ("Kind", 13)],
        (([group.label, group.kind], totals[group]) for group in report.groups),
    )


def _completeness(workbook: Workbook, report: ConsolidatedReport) -> None:
    keys = [("Plan", 14), ("Action", 9), ("Title", 40), ("Leader", 10), ("Action report", 11)]
    organisations = report.organisations
    sheet = _start(
        workbook,
        COMPLETENESS_SHEET,
        [*keys, *((line.code, 9) for line in organisations)],
        frozen=f"{get_column_letter(len(keys) + 1)}3",
        legend=[
            *((state.value, STATE_FILLS[state]) for state in Completeness),
            ("not taking part", LOCKED_FILL),
        ],
    )
    for action in report.actions:
        row: list[Any] = [
            _cell(sheet, action.plan_short_code, alignment=TOP),
            _cell(sheet, action.code, alignment=TOP),
            _cell(sheet, action.title, alignment=TOP),
            _cell(sheet, action.leader, alignment=TOP),
            _cell(sheet, action.report.value, fill=STATE_FILLS[action.report]),
        ]
        for organisation in organisations:
            state = report.completeness.get((action.id, organisation.id))
            row.append(
                _cell(sheet, None, fill=LOCKED_FILL)
                if state is None
                else _cell(sheet, state.value, fill=STATE_FILLS[state])
            )
        sheet.append(row)


def _narratives(workbook: Workbook, report: ConsolidatedReport) -> None:
    sheet = _start(
        workbook,
        NARRATIVES_SHEET,
        [
            ("Plan", 14),
            ("Action", 9),
            ("Title", 36),
            ("Organisation", 13),
            ("State", 11),
            ("Narrative", 60),
            ("Action report: progress", 60),
        ],
        frozen="A2",
    )
    by_action: dict[int, list[NarrativeLine]] = defaultdict(list)
    for line in report.narratives:
        by_action[line.action_id].append(line)
    for action in report.actions:
        texts = [
            (line.organisation, line.state.value, line.narrative) for line in by_action[action.id]
        ]
        if not texts and action.progress:
            # An action whose participants wrote nothing still shows its report's progress.
            texts = [("", "", "")]
        for organisation, state, narrative in texts:
            sheet.append(
                [
                    _cell(sheet, action.plan_short_code, alignment=TOP),
                    _cell(sheet, action.code, alignment=TOP),
                    _cell(sheet, action.title, alignment=WRAPPED),
                    _cell(sheet, organisation, alignment=TOP),
                    _cell(sheet, state, alignment=TOP),
                    _cell(sheet, narrative, alignment=WRAPPED),
                    _cell(sheet, action.progress, alignment=WRAPPED),
                ]
            )


def _sources(workbook: Workbook, report: ConsolidatedReport, lines: Iterable[SourceLine]) -> None:
    column_of = {column.key: index for index, column in enumerate(report.columns, start=3)}
    title_of = {column.key: column.title for column in report.columns}
    priority_row = {line.id: index for index, line in enumerate(report.priorities, start=2)}
    priority_code = {line.id: line.code for line in report.priorities}
    country_row = {group: index for index, group in enumerate(report.groups, start=2)}
    letter_of: dict[tuple[int, str | None], str] = {}
    part, rows = 1, 1
    sheet = _start(workbook, SOURCES_SHEET, SOURCE_COLUMNS, frozen="A2")
    for line in lines:
        if rows == EXCEL_ROWS:
            part, rows = part + 1, 1
            sheet = _start(workbook, f"{SOURCES_SHEET} {part}", SOURCE_COLUMNS, frozen="A2")
        key = (line.indicator_id, line.text_value if line.value is None else None)
        letter = letter_of.get(key)
        if letter is None:
            letter = letter_of[key] = get_column_letter(column_of[key])
        # Plain values where they cannot read as formulas: openpyxl then reuses one cell per
        # row instead of taking a cell object per value (most of the sheet's time).
        sheet.append(
            [
                line.value_id,
                _inert(sheet, line.plan_short_code),
                _inert(sheet, line.action_code),
                _inert(sheet, line.organisation),
                _inert(sheet, title_of[key]),
                excel_number(line.value)
                if line.value is not None
                else _inert(sheet, line.text_value or ""),
                _inert(sheet, priority_code[line.priority_id]),
                f"{letter}{priority_row[line.priority_id]}",
                _inert(sheet, line.group.label),
                f"{letter}{country_row[line.group]}",
            ]
        )
        rows += 1


def build_consolidated_workbook(
    report: ConsolidatedReport, sources: Iterable[SourceLine], *, generated_by: str
) -> bytes:
    """The workbook as .xlsx bytes; it is for reading only, nothing in it is read back."""
    workbook = Workbook(write_only=True)
    _instructions(workbook, report, generated_by)
    _by_priority(workbook, report)
    _by_country(workbook, report)
    _completeness(workbook, report)
    _narratives(workbook, report)
    _sources(workbook, report, sources)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
