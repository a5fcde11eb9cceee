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
from backend.spreadsheets import consolidated_texts  # noqa: F401 - registers the texts
from backend.spreadsheets.cells import FORMULA_TRIGGERS, write
from backend.spreadsheets.consolidated_service import (
    ColumnKey,
    Completeness,
    ConsolidatedReport,
    CountryGroup,
    NarrativeLine,
    SourceLine,
    Total,
    TotalColumn,
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
)
from backend.spreadsheets.texts import Words

INSTRUCTIONS_SHEET = "Instructions"
# The sheets' names in English, the language of the workbook a consolidation keeps.
PRIORITY_SHEET = i18n.text("sheets.cons.sheet.priority")
COUNTRY_SHEET = i18n.text("sheets.cons.sheet.country")
COMPLETENESS_SHEET = i18n.text("sheets.cons.sheet.completeness")
NARRATIVES_SHEET = i18n.text("sheets.cons.sheet.narratives")
SOURCES_SHEET = i18n.text("sheets.cons.sheet.sources")
# Excel's last row: the sources go on in "Sources 2", "Sources 3"... past it.
EXCEL_ROWS = 1_048_576
STATE_FILLS = {
    Completeness.submitted: PatternFill("solid", fgColor="C6EFCE"),
    Completeness.late: PatternFill("solid", fgColor="F8CBAD"),
    Completeness.draft: PatternFill("solid", fgColor="FFEB9C"),
    Completeness.missing: PatternFill("solid", fgColor="FFC7CE"),
}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
TOTAL_FILL = PatternFill("solid", fgColor="D9E1F2")


class Sheets:
    """The words of one consolidated workbook, its sheets' names among them, in its
    reader's language."""

    def __init__(self, language: i18n.Language | str) -> None:
        self.words = Words(language)
        self.priority = self("sheet.priority")
        self.country = self("sheet.country")
        self.completeness = self("sheet.completeness")
        self.narratives = self("sheet.narratives")
        self.sources = self("sheet.sources")

    def __call__(self, key: str, /, **params: Any) -> str:
        return self.words(f"cons.{key}", **params)

    def state(self, state: Completeness) -> str:
        return self(f"completeness.{state.value}")

    def column_title(self, column: TotalColumn) -> str:
        if column.how == "count":
            name = self.words.indicator(column.indicator)
            return self("count", indicator=name, choice=column.choice)
        title = self.words.indicator(column.indicator, with_unit=True)
        return self("largest", indicator=title) if column.how == "max" else title

    def source_columns(self) -> list[tuple[str, float]]:
        return [
            (self("column.value_id"), 12),
            (self("column.plan"), 14),
            (self("column.action"), 9),
            (self("column.organisation"), 13),
            (self("column.indicator"), 36),
            (self("column.value"), 14),
            (self("column.priority"), 9),
            (self("column.cell_in", sheet=self.priority), 11),
            (self("column.group"), 13),
            (self("column.cell_in", sheet=self.country), 11),
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
    legend_title: str = "",
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
                _cell(sheet, legend_title, font=BOLD),
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


def _instructions(
    workbook: Workbook, report: ConsolidatedReport, generated_by: str, say: Sheets
) -> None:
    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET)
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 90
    cycle = report.cycle
    contributions = Counter(report.completeness.values())
    action_reports = Counter(action.report for action in report.actions)
    countries = sum(1 for group in report.groups if group.country_code)
    words = say.words
    not_totalled = ", ".join(words.indicator(i) for i in report.not_totalled) or say("none")
    counted_choices = sorted(
        {words.indicator(column.indicator) for column in report.columns if column.how == "count"}
    )

    def line(*values: Any, font: Font | None = None) -> None:
        sheet.append([_cell(sheet, value, font=font) for value in values])

    line(say("title", cycle=cycle.code), font=TITLE)
    line(say("generated", moment=report.generated_at, person=generated_by))
    line(
        say(
            "period",
            start=cycle.period_start,
            end=cycle.period_end,
            due=cycle.due_on,
            state=say(f"cycle_state.{cycle.state}"),
        )
    )
    line(LIMITE, font=BOLD)
    line()
    line(say("summary"), font=BOLD)
    summary = [
        (say("actions"), len(report.actions)),
        *(
            (say("action_reports", state=say.state(state)), action_reports[state])
            for state in Completeness
        ),
        (say("contributions_expected"), len(report.completeness)),
        *(
            (say("contributions", state=say.state(state)), contributions[state])
            for state in Completeness
        ),
        (say("values_stored"), report.values_stored),
        (say("values_counted"), report.values_counted),
        (say("priorities"), len(report.priorities)),
        (say("countries"), countries),
        (say("without_country"), len(report.groups) - countries),
    ]
    for label, count in summary:
        line(label, count)
    line()
    line(say("how"), font=BOLD)
    for text in [
        say("how_rows", priority_sheet=say.priority, country_sheet=say.country),
        say("how_states", completeness_sheet=say.completeness),
        say("how_largest"),
        say("how_choices", choices=f" ({', '.join(counted_choices)})" if counted_choices else ""),
        say("not_totalled", indicators=not_totalled),
        say("how_empty"),
        say(
            "how_sources",
            sources_sheet=say.sources,
            priority_sheet=say.priority,
            country_sheet=say.country,
        ),
        say("how_late", due=cycle.due_on),
    ]:
        line(text)
    line()
    line(say("legend_of", sheet=say.completeness), font=BOLD)
    for state in Completeness:
        sheet.append(
            [
                _cell(sheet, say.state(state), fill=STATE_FILLS[state]),
                _cell(sheet, say(f"meaning.{state.value}")),
            ]
        )
    sheet.append(
        [_cell(sheet, None, fill=LOCKED_FILL), _cell(sheet, say("not_taking_part_meaning"))]
    )


def _totals_sheet(
    workbook: Workbook,
    report: ConsolidatedReport,
    title: str,
    keys: Sequence[tuple[str, float]],
    rows: Iterable[tuple[Sequence[str], dict[ColumnKey, Total]]],
    say: Sheets,
) -> None:
    columns = report.columns
    sheet = _start(
        workbook,
        title,
        [*keys, *((say.column_title(column), 14) for column in columns)],
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
            _cell(sheet, say("all"), font=BOLD, fill=TOTAL_FILL),
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


def _by_priority(workbook: Workbook, report: ConsolidatedReport, say: Sheets) -> None:
    totals: dict[int, dict[ColumnKey, Total]] = defaultdict(dict)
    for (priority_id, key), total in report.by_priority.items():
        totals[priority_id][key] = total
    _totals_sheet(
        workbook,
        report,
        say.priority,
        [(say("column.priority"), 9), (say("column.name"), 40)],
        (([line.code, say.words.named(line)], totals[line.id]) for line in report.priorities),
        say,
    )


def _by_country(workbook: Workbook, report: ConsolidatedReport, say: Sheets) -> None:
    totals: dict[CountryGroup, dict[ColumnKey, Total]] = defaultdict(dict)
    for (group, key), total in report.by_country.items():
        totals[group][key] = total
    _totals_sheet(
        workbook,
        report,
        say.country,
        [(say("column.group"), 13), (say("column.kind"), 13)],
        (([group.label, say(f"kind.{group.kind}")], totals[group]) for group in report.groups),
        say,
    )


def _completeness(workbook: Workbook, report: ConsolidatedReport, say: Sheets) -> None:
    keys = [
        (say("column.plan"), 14),
        (say("column.action"), 9),
        (say("column.title"), 40),
        (say("column.leader"), 10),
        (say("column.action_report"), 11),
    ]
    organisations = report.organisations
    sheet = _start(
        workbook,
        say.completeness,
        [*keys, *((line.code, 9) for line in organisations)],
        frozen=f"{get_column_letter(len(keys) + 1)}3",
        legend=[
            *((say.state(state), STATE_FILLS[state]) for state in Completeness),
            (say("not_taking_part"), LOCKED_FILL),
        ],
        legend_title=say("legend"),
    )
    for action in report.actions:
        row: list[Any] = [
            _cell(sheet, action.plan_short_code, alignment=TOP),
            _cell(sheet, action.code, alignment=TOP),
            _cell(sheet, action.title, alignment=TOP),
            _cell(sheet, action.leader, alignment=TOP),
            _cell(sheet, say.state(action.report), fill=STATE_FILLS[action.report]),
        ]
        for organisation in organisations:
            state = report.completeness.get((action.id, organisation.id))
            row.append(
                _cell(sheet, None, fill=LOCKED_FILL)
                if state is None
                else _cell(sheet, say.state(state), fill=STATE_FILLS[state])
            )
        sheet.append(row)


def _narratives(workbook: Workbook, report: ConsolidatedReport, say: Sheets) -> None:
    sheet = _start(
        workbook,
        say.narratives,
        [
            (say("column.plan"), 14),
            (say("column.action"), 9),
            (say("column.title"), 36),
            (say("column.organisation"), 13),
            (say("column.state"), 11),
            (say("column.narrative"), 60),
            (say("column.progress"), 60),
        ],
        frozen="A2",
    )
    by_action: dict[int, list[NarrativeLine]] = defaultdict(list)
    for line in report.narratives:
        by_action[line.action_id].append(line)
    for action in report.actions:
        texts = [
            (line.organisation, say.state(line.state), line.narrative)
            for line in by_action[action.id]
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


def _sources(
    workbook: Workbook, report: ConsolidatedReport, lines: Iterable[SourceLine], say: Sheets
) -> None:
    column_of = {column.key: index for index, column in enumerate(report.columns, start=3)}
    title_of = {column.key: say.column_title(column) for column in report.columns}
    source_columns = say.source_columns()
    priority_row = {line.id: index for index, line in enumerate(report.priorities, start=2)}
    priority_code = {line.id: line.code for line in report.priorities}
    country_row = {group: index for index, group in enumerate(report.groups, start=2)}
    letter_of: dict[tuple[int, str | None], str] = {}
    part, rows = 1, 1
    sheet = _start(workbook, say.sources, source_columns, frozen="A2")
    for line in lines:
        if rows == EXCEL_ROWS:
            part, rows = part + 1, 1
            sheet = _start(workbook, f"{say.sources} {part}", source_columns, frozen="A2")
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
    report: ConsolidatedReport,
    sources: Iterable[SourceLine],
    *,
    generated_by: str,
    language: i18n.Language | str = "en",
) -> bytes:
    """The workbook as .xlsx bytes, written in `language`; it is for reading only, nothing
    in it is read back."""
    say = Sheets(language)
    workbook = Workbook(write_only=True)
    _instructions(workbook, report, generated_by, say)
    _by_priority(workbook, report, say)
    _by_country(workbook, report, say)
    _completeness(workbook, report, say)
    _narratives(workbook, report, say)
    _sources(workbook, report, sources, say)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
