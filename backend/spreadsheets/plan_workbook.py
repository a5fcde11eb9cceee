"""The plan workbook: an operational action plan as a driver writes one, with its actions and
who takes part in each, every reference given by its code."""

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session, col, select

from backend.catalog.models import Organisation, PolicyCycle, Priority, StrategicGoal, SubPriority
from backend.plans.models import (
    ActionPlan,
    ActionState,
    OperationalAction,
    Participation,
    ParticipationRole,
)
from backend.records import natural_key
from backend.spreadsheets.cells import write
from backend.spreadsheets.metadata import TEMPLATE_VERSION, Metadata, write_metadata
from backend.spreadsheets.style import LIMITE, LOCKED_FILL, header, instructions, print_setup

TEMPLATE = "plan"
INSTRUCTIONS_SHEET = "Instructions"
PLAN_SHEET = "Plan"
ACTIONS_SHEET = "Actions"
PARTICIPANTS_SHEET = "Participants"
CODES_SHEET = "Codes"
PLAN_HEADERS = ("Field", "Value", "What to write")
DATE_FORMAT = "yyyy-mm-dd"
# Rows below the data that keep their validation, so that rows typed in are checked too.
ROWS_TO_ADD = 500
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)
ROLES = [role.value for role in ParticipationRole]
STATES = [state.value for state in ActionState]


@dataclass(frozen=True)
class Column:
    """A column of a data sheet, or a row of the plan sheet: its header and what it holds."""

    header: str
    field: str
    help: str
    required: bool = False
    width: float = 14


PLAN_FIELDS = [
    Column("Plan code", "code", "The plan's full code, e.g. OAP 2026-2027 3.1.", True),
    Column(
        "Short code",
        "short_code",
        "Capitals, digits and hyphens, e.g. CYBER; used in the drivers' account names.",
        True,
    ),
    Column("Name", "name", "The plan's name.", True),
    Column("Period", "period", "The years the plan covers, e.g. 2026-2027.", True),
    Column("Policy cycle", "policy_cycle", "Code of the policy cycle, e.g. 2026-2029.", True),
    Column("Priority", "priority", "Code of the EU crime priority in that cycle, e.g. 3.", True),
    Column(
        "Sub-priority",
        "sub_priority",
        "Code of the sub-priority, e.g. 3.1; empty when the plan covers the whole priority.",
    ),
    Column("Driver", "driver", "Code of the driving organisation, e.g. NL.", True),
    Column(
        "Co-drivers",
        "co_drivers",
        "Codes of the co-driving organisations, separated by commas, e.g. DE, FR.",
    ),
]
ACTION_COLUMNS = [
    Column(
        "Code", "code", "The action's code: OA, goal number, dot, number, e.g. OA 3.2.", True, 10
    ),
    Column("Title", "title", "The action's title.", True, 48),
    Column("Strategic goal", "strategic_goal", "Code of the strategic goal, e.g. 3.", True, 10),
    Column("Leader", "leader", "Code of the organisation leading the action, e.g. DE.", True, 12),
    Column("Start date", "start_date", "First day of the action, as a date.", True, 12),
    Column("End date", "end_date", "Last day of the action, not before the start.", True, 12),
    Column("State", "state", f"One of {', '.join(STATES)}; empty means planned.", False, 11),
    Column("Description", "description", "What the action does.", False, 60),
    Column("Expected results", "expected_results", "Results, indicators and targets.", False, 48),
    Column("Budget (EUR)", "budget_eur", "Planned budget in euros, or empty.", False, 14),
    Column("Grant reference", "grant_reference", "EMPACT grant, e.g. POL.13405.", False, 16),
]
PARTICIPANT_COLUMNS = [
    Column("Action", "action", "Code of an action on the sheet Actions, e.g. OA 3.2.", True, 10),
    Column("Organisation", "organisation", "Code of the organisation taking part.", True, 14),
    Column(
        "Role",
        "role",
        f"One of {', '.join(ROLES)}; only the action's leader is leader. Empty means "
        "participant, or leader for the action's leader.",
        False,
        12,
    ),
]


@dataclass
class ActionRow:
    code: str
    title: str
    strategic_goal: str
    leader: str
    start_date: dt.date
    end_date: dt.date
    state: str
    description: str
    expected_results: str
    budget_eur: Decimal | None
    grant_reference: str


@dataclass
class ParticipantRow:
    action: str
    organisation: str
    role: str


@dataclass
class PlanContent:
    """A stored plan as the workbook shows it: every reference by code."""

    id: int
    values: dict[str, str]
    actions: list[ActionRow] = field(default_factory=list)
    participants: list[ParticipantRow] = field(default_factory=list)


@dataclass
class CodeLists:
    """The codes a plan may refer to, listed on the sheet Codes."""

    organisations: list[tuple[str, str, str]]
    priorities: list[tuple[str, str, str, str]]
    goals: list[tuple[str, str, str]]


def plan_content(
    session: Session, *, plan_id: int, scope: sa.ColumnElement[bool]
) -> PlanContent | None:
    """Plan `plan_id` with its actions and participations, or None when it is not in `scope`."""
    plan = session.exec(select(ActionPlan).where(col(ActionPlan.id) == plan_id, scope)).first()
    if plan is None or plan.id is None:
        return None
    priority = session.get(Priority, plan.priority_id)
    assert priority is not None
    cycle = session.get(PolicyCycle, priority.policy_cycle_id)
    assert cycle is not None
    sub_priority = session.get(SubPriority, plan.sub_priority_id) if plan.sub_priority_id else None
    organisations: dict[int | None, str] = dict(
        session.exec(select(col(Organisation.id), col(Organisation.code))).all()
    )
    goals: dict[int | None, str] = dict(
        session.exec(
            select(col(StrategicGoal.id), col(StrategicGoal.code)).where(
                col(StrategicGoal.policy_cycle_id) == cycle.id
            )
        ).all()
    )
    values = {
        "code": plan.code,
        "short_code": plan.short_code,
        "name": plan.name,
        "period": plan.period,
        "policy_cycle": cycle.code,
        "priority": priority.code,
        "sub_priority": sub_priority.code if sub_priority else "",
        "driver": organisations[plan.driver_id],
        "co_drivers": ", ".join(sorted(organisation.code for organisation in plan.co_drivers)),
    }
    actions = session.exec(
        select(OperationalAction).where(col(OperationalAction.action_plan_id) == plan.id)
    ).all()
    codes = {action.id: action.code for action in actions}
    participations = session.exec(
        select(Participation).where(col(Participation.action_id).in_(list(codes)))
    ).all()
    roles = {role: index for index, role in enumerate(ParticipationRole)}
    return PlanContent(
        id=plan.id,
        values=values,
        actions=sorted(
            (
                ActionRow(
                    code=action.code,
                    title=action.title,
                    strategic_goal=goals.get(action.strategic_goal_id, ""),
                    leader=organisations[action.leader_id],
                    start_date=action.start_date,
                    end_date=action.end_date,
                    state=str(action.state),
                    description=action.description,
                    expected_results=action.expected_results,
                    budget_eur=action.budget_eur,
                    grant_reference=action.grant_reference,
                )
                for action in actions
            ),
            key=lambda row: natural_key(row.code),
        ),
        participants=sorted(
            (
                ParticipantRow(
                    action=codes[participation.action_id],
                    organisation=organisations[participation.organisation_id],
                    role=str(participation.role),
                )
                for participation in participations
            ),
            key=lambda row: (
                natural_key(row.action),
                roles[ParticipationRole(row.role)],
                row.organisation,
            ),
        ),
    )


def code_lists(session: Session) -> CodeLists:
    """Every organisation, priority, sub-priority and strategic goal, by code."""
    organisations = session.exec(
        select(Organisation.code, Organisation.name, Organisation.kind).order_by(
            col(Organisation.code)
        )
    ).all()
    cycles = dict(session.exec(select(col(PolicyCycle.id), col(PolicyCycle.code))).all())
    priorities = session.exec(select(Priority)).all()
    sub_priorities = session.exec(select(SubPriority)).all()
    goals = session.exec(select(StrategicGoal)).all()
    priority_rows = [
        (cycles[priority.policy_cycle_id], priority.code, "", priority.name)
        for priority in priorities
    ]
    by_id = {priority.id: priority for priority in priorities}
    priority_rows += [
        (
            cycles[by_id[sub.priority_id].policy_cycle_id],
            by_id[sub.priority_id].code,
            sub.code,
            sub.name,
        )
        for sub in sub_priorities
    ]
    return CodeLists(
        organisations=[(code, name, str(kind)) for code, name, kind in organisations],
        priorities=sorted(
            priority_rows, key=lambda row: (row[0], natural_key(row[1]), natural_key(row[2]))
        ),
        goals=sorted(
            ((cycles[goal.policy_cycle_id], goal.code, goal.name) for goal in goals),
            key=lambda row: (row[0], natural_key(row[1]), row[1]),
        ),
    )


def _instructions(workbook: Workbook, content: PlanContent | None) -> None:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = INSTRUCTIONS_SHEET
    title = (
        f"EMPACT plan workbook: {content.values['code']}"
        if content
        else "EMPACT plan workbook: a new operational action plan"
    )
    lines = [
        title,
        "",
        "How to write a new operational action plan (OAP) in this workbook:",
        f"1. On the sheet '{PLAN_SHEET}', fill the column Value of every row; rows marked * are "
        "required.",
        f"2. On the sheet '{ACTIONS_SHEET}', write one row per operational action.",
        f"3. On the sheet '{PARTICIPANTS_SHEET}', write one row per organisation taking part in "
        "an action. The leader of an action takes part as leader even when you leave its row "
        "out.",
        "4. Every reference is matched by its code, never by its name: policy cycle, priority, "
        f"sub-priority, strategic goal and organisations. The sheet '{CODES_SHEET}' lists them.",
        "5. Type values, not formulas: a cell holding a formula is refused.",
        "6. Type dates as dates (e.g. 2026-01-01).",
        "7. Do not rename sheets or change the header row; add as many rows as you need.",
        "8. Loading the workbook creates a NEW plan: its plan code and short code must not be "
        "used by any plan yet. To start from an existing plan, change both. Every problem is "
        "listed by sheet, row and column, and nothing is created until there are none.",
        "",
        f"Sheet '{PLAN_SHEET}':",
        *_described(PLAN_FIELDS),
        "",
        f"Sheet '{ACTIONS_SHEET}', one row per action:",
        *_described(ACTION_COLUMNS),
        "",
        f"Sheet '{PARTICIPANTS_SHEET}', one row per organisation in an action:",
        *_described(PARTICIPANT_COLUMNS),
        "",
        LIMITE,
    ]
    instructions(sheet, lines, width=120)


def _described(columns: list[Column]) -> list[str]:
    return [
        f"   {column.header}{' *' if column.required else ''}: {column.help}" for column in columns
    ]


def _print_setup(sheet: Worksheet) -> None:
    sheet.freeze_panes = "A2"
    print_setup(sheet)


def _choices(values: list[str], what: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=f'"{",".join(values)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=f"Not a {what}",
        error=f"Choose one of {', '.join(values)}.",
    )


def _validate(sheet: Worksheet, validation: DataValidation, column: int, last_row: int) -> None:
    letter = get_column_letter(column)
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{last_row}")


def _organisation_list(organisations: int) -> DataValidation:
    # A warning, not a stop: an organisation added since the download is still accepted.
    return DataValidation(
        type="list",
        formula1=f"{CODES_SHEET}!$A$2:$A${organisations + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Unknown organisation",
        error=f"Not an organisation code of the sheet {CODES_SHEET}.",
    )


def _plan_sheet(workbook: Workbook, content: PlanContent | None) -> None:
    sheet = workbook.create_sheet(PLAN_SHEET)
    for column, (text, width) in enumerate(zip(PLAN_HEADERS, (18, 40, 80), strict=True), 1):
        header(sheet, column, text, width)
    for row, plan_field in enumerate(PLAN_FIELDS, start=2):
        label = sheet.cell(row=row, column=1)
        write(label, plan_field.header + (" *" if plan_field.required else ""))
        label.fill = LOCKED_FILL
        label.font = Font(bold=True)
        value = sheet.cell(row=row, column=2)
        write(value, content.values[plan_field.field] if content else None)
        # Text, so that Excel keeps codes such as 3.10 or 2026-2027 as they are typed.
        value.number_format = "@"
        write(sheet.cell(row=row, column=3), plan_field.help)
    _print_setup(sheet)


def _table(workbook: Workbook, title: str, columns: list[Column]) -> Worksheet:
    sheet = workbook.create_sheet(title)
    for number, column in enumerate(columns, start=1):
        header(sheet, number, column.header + (" *" if column.required else ""), column.width)
    _print_setup(sheet)
    return sheet


def _number(amount: Decimal | None) -> int | float | None:
    """Excel holds doubles: whole amounts as integers, others as the nearest double."""
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _actions_sheet(workbook: Workbook, rows: list[ActionRow], organisations: int) -> None:
    sheet = _table(workbook, ACTIONS_SHEET, ACTION_COLUMNS)
    fields = [column.field for column in ACTION_COLUMNS]
    for row_number, row in enumerate(rows, start=2):
        for number, name in enumerate(fields, start=1):
            cell = sheet.cell(row=row_number, column=number)
            value: Any = getattr(row, name)
            write(cell, _number(value) if name == "budget_eur" else value)
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif name in ("title", "description", "expected_results"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    last_row = len(rows) + 1 + ROWS_TO_ADD
    dates = DataValidation(
        type="date",
        operator="between",
        formula1=str(int(to_excel(EARLIEST))),
        formula2=str(int(to_excel(LATEST))),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a date",
        error=f"Type a date from {EARLIEST.isoformat()} to {LATEST.isoformat()}.",
    )
    budget = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not an amount",
        error="Type the amount in euros, 0 or more.",
    )
    sheet.add_data_validation(dates)
    for name in ("start_date", "end_date"):
        letter = get_column_letter(fields.index(name) + 1)
        dates.add(f"{letter}2:{letter}{last_row}")
    _validate(sheet, budget, fields.index("budget_eur") + 1, last_row)
    _validate(sheet, _choices(STATES, "state"), fields.index("state") + 1, last_row)
    if organisations:
        _validate(sheet, _organisation_list(organisations), fields.index("leader") + 1, last_row)


def _participants_sheet(workbook: Workbook, rows: list[ParticipantRow], organisations: int) -> None:
    sheet = _table(workbook, PARTICIPANTS_SHEET, PARTICIPANT_COLUMNS)
    for row_number, row in enumerate(rows, start=2):
        write(sheet.cell(row=row_number, column=1), row.action)
        write(sheet.cell(row=row_number, column=2), row.organisation)
        write(sheet.cell(row=row_number, column=3), row.role)
    last_row = len(rows) + 1 + ROWS_TO_ADD
    _validate(sheet, _choices(ROLES, "role"), 3, last_row)
    if organisations:
        _validate(sheet, _organisation_list(organisations), 2, last_row)


def _codes_sheet(workbook: Workbook, codes: CodeLists) -> None:
    """Reference only: what the codes of the other sheets may be. Never read back."""
    sheet = workbook.create_sheet(CODES_SHEET)
    blocks: list[tuple[int, list[tuple[str, float]], list[tuple[str, ...]]]] = [
        (1, [("Organisation", 14), ("Name", 40), ("Kind", 18)], list(codes.organisations)),
        (
            5,
            [("Policy cycle", 12), ("Priority", 9), ("Sub-priority", 11), ("Name", 50)],
            list(codes.priorities),
        ),
        (10, [("Policy cycle", 12), ("Strategic goal", 10), ("Name", 50)], list(codes.goals)),
    ]
    for first, headers, rows in blocks:
        for offset, (text, width) in enumerate(headers):
            header(sheet, first + offset, text, width)
        for row_number, row in enumerate(rows, start=2):
            for offset, value in enumerate(row):
                write(sheet.cell(row=row_number, column=first + offset), value)
    sheet.freeze_panes = "A2"


def build_plan_workbook(
    content: PlanContent | None, codes: CodeLists, *, generated_by: str
) -> bytes:
    """The workbook of a stored plan, or the empty template when `content` is None, as .xlsx
    bytes."""
    workbook = Workbook()
    _instructions(workbook, content)
    _plan_sheet(workbook, content)
    organisations = len(codes.organisations)
    _actions_sheet(workbook, content.actions if content else [], organisations)
    _participants_sheet(workbook, content.participants if content else [], organisations)
    _codes_sheet(workbook, codes)
    write_metadata(
        workbook,
        Metadata(
            TEMPLATE,
            TEMPLATE_VERSION,
            {
                "action_plan_id": content.id if content else None,
                "action_plan": content.values["code"] if content else "",
                "generated_by": generated_by,
                "actions": len(content.actions) if content else 0,
                "participations": len(content.participants) if content else 0,
            },
        ),
    )
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
