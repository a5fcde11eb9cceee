"""Loading a NEW operational action plan from a plan workbook.

Every code is resolved and every row checked before anything is stored, and every problem is
named by sheet, row, column and field. Only a workbook without problems creates anything,
and then through the plans' services, so that their rules and the audit trail apply.
"""

import dataclasses
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel
from pydantic import ValidationError
from sqlmodel import Field, Session, SQLModel, col, select

from backend import i18n
from backend.access.policy import Operation, Principal, may
from backend.audit import service as audit
from backend.audit.models import AuditAction, AuditSource
from backend.catalog.models import Organisation, PolicyCycle, Priority, StrategicGoal, SubPriority
from backend.errors import EmpactError, Forbidden, InvalidUpload, describe_validation_errors
from backend.plans import service as plans
from backend.plans.models import (
    PERIOD_PATTERN,
    SHORT_CODE_PATTERN,
    ActionPlan,
    ActionPlanCreate,
    ActionState,
    OperationalActionCreate,
    ParticipationCreate,
    ParticipationRole,
)
from backend.spreadsheets.metadata import SHEET as METADATA_SHEET
from backend.spreadsheets.metadata import read_metadata
from backend.spreadsheets.plan_workbook import (
    ACTION_COLUMNS,
    ACTIONS_SHEET,
    EARLIEST,
    LATEST,
    PARTICIPANT_COLUMNS,
    PARTICIPANTS_SHEET,
    PLAN_FIELDS,
    PLAN_HEADERS,
    PLAN_SHEET,
    ROLES,
    STATES,
    TEMPLATE,
    Column,
)
from backend.spreadsheets.safety import UploadLimits, open_checked

RESOURCE = "plan-workbooks"
SHEETS = (PLAN_SHEET, ACTIONS_SHEET, PARTICIPANTS_SHEET)
# Enough to fix a workbook by; a garbage file must not make a response of megabytes.
MAX_PROBLEMS = 500
LISTED_IN_DETAIL = 25
ACTION_CODE = re.compile(r"^\s*OA\s*(\d{1,2})\s*\.\s*(\d{1,3})\s*$", re.IGNORECASE)
# Which column of the workbook a field of the plans' schemas comes from.
SCHEMA_FIELDS = {
    "priority_id": "priority",
    "sub_priority_id": "sub_priority",
    "driver_id": "driver",
    "co_driver_ids": "co_drivers",
    "strategic_goal_id": "strategic_goal",
    "leader_id": "leader",
}


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None
    field: str
    message: str

    def text(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        if self.field:
            where += f" ({self.field})"
        return f"{where}: {self.message}"

    def as_field(self) -> dict[str, str]:
        """As an error's `fields` entry: the field and message, and where they are."""
        row = "" if self.row is None else str(self.row)
        return {
            "field": self.field,
            "message": self.message,
            "sheet": self.sheet,
            "row": row,
            "column": self.column or "",
            "cell": f"{self.column}{row}" if self.column and row else "",
        }


class Problems:
    def __init__(self) -> None:
        self.found: list[Problem] = []
        self.more = False

    def add(
        self, sheet: str, row: int | None, column: str | None, field: str, message: str
    ) -> None:
        if len(self.found) >= MAX_PROBLEMS:
            self.more = True
            return
        self.found.append(Problem(sheet, row, column, field, message))

    def in_order(self) -> list[Problem]:
        """Sheet by sheet, row by row, column by column: as someone fixing them reads."""

        def position(problem: Problem) -> tuple[int, int, int]:
            sheet = SHEETS.index(problem.sheet) if problem.sheet in SHEETS else len(SHEETS)
            column = column_index_from_string(problem.column) if problem.column else 0
            return (sheet, problem.row or 0, column)

        return sorted(self.found, key=position)

    def refusal(self) -> InvalidUpload:
        found = self.in_order()
        count = f"at least {len(self.found)}" if self.more else str(len(self.found))
        listed = "; ".join(problem.text() for problem in found[:LISTED_IN_DETAIL])
        rest = len(self.found) - LISTED_IN_DETAIL
        more = f"; and {rest} more" if rest > 0 else ""
        return InvalidUpload(
            f"The plan workbook has {count} problem{'s' if count != '1' else ''}, so no plan "
            f"was created: {listed}{more}.",
            fields=[problem.as_field() for problem in found],
        )


class PlanLoadSummary(SQLModel):
    """What loading a plan workbook created, or would create on a dry run."""

    action_plan_id: int | None = None
    code: str
    short_code: str
    dry_run: bool
    co_drivers: int
    actions: int
    participations: int
    problems: list[dict[str, str]] = Field(default_factory=list)


@dataclass(frozen=True)
class Reading:
    value: Any
    # openpyxl's data type: n(umber), s(tring), d(ate), b(oolean), f(ormula), e(rror)
    kind: str = "n"


BLANK = Reading(None)
Rows = list[list[Reading]]


def _blank(reading: Reading) -> bool:
    return reading.value is None or (isinstance(reading.value, str) and not reading.value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _label(text: str) -> str:
    """A header as it is matched: 'Plan code *' and ' plan  CODE' are both 'plan code'."""
    return " ".join(text.replace("*", " ").lower().split())


def action_code(text: str) -> str | None:
    """'oa3.2' and 'OA 3.2 ' as 'OA 3.2'; None when `text` is no action code."""
    match = ACTION_CODE.match(text)
    return f"OA {int(match[1])}.{int(match[2])}" if match else None


class Cells:
    """The cells of one part of a sheet, read field by field; every problem names its place."""

    def __init__(
        self,
        sheet: str,
        readings: dict[str, Reading],
        places: dict[str, tuple[int | None, str | None]],
        problems: Problems,
        row: int = 0,
        absent: frozenset[str] = frozenset(),
    ) -> None:
        self.sheet = sheet
        self.row = row
        self.readings = readings
        self.places = places
        self.problems = problems
        # Fields already refused: each is named once, not again by every rule after it.
        self.failed: set[str] = set(absent)

    def problem(self, field: str, message: str) -> None:
        row, column = self.places.get(field, (None, None))
        self.problems.add(self.sheet, row, column, field, message)
        self.failed.add(field)

    def reading(self, field: str) -> Reading | None:
        reading = self.readings.get(field, BLANK)
        if _blank(reading):
            return None
        if reading.kind == "f":
            self.problem(field, "formulas are not accepted: type the value")
            return None
        if reading.kind == "e":
            self.problem(field, f"holds the error {reading.value}: type the value")
            return None
        return reading

    def text(self, field: str, *, required: bool = False, missing: str = "is required") -> str:
        reading = self.reading(field)
        if reading is None:
            if required and field not in self.failed:
                self.problem(field, missing)
            return ""
        return _text(reading.value)

    def date(self, field: str) -> dt.date | None:
        reading = self.reading(field)
        if reading is None:
            if field not in self.failed:
                self.problem(field, "is required")
            return None
        value = reading.value
        date: dt.date | None = None
        if isinstance(value, dt.datetime):
            date = value.date()
        elif isinstance(value, dt.date):
            date = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            # A date whose cell lost its date format reads as Excel's day number.
            try:
                converted = from_excel(value)
            except (OverflowError, ValueError):
                converted = None
            date = converted.date() if isinstance(converted, dt.datetime) else None
        else:
            try:
                date = dt.date.fromisoformat(_text(value))
            except ValueError:
                date = None
        if date is None:
            self.problem(field, f"'{_text(value)}' is not a date: type it as YYYY-MM-DD")
        elif not EARLIEST <= date <= LATEST:
            self.problem(field, f"{date} is not between {EARLIEST} and {LATEST}")
            return None
        return date

    def amount(self, field: str) -> Decimal | None:
        reading = self.reading(field)
        if reading is None:
            return None
        value = reading.value
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            # repr() of a double is the shortest text that reads back as it: 12.3, not 12.2999
            text = repr(value) if isinstance(value, float) else _text(value).replace(" ", "")
            amount = Decimal(text)
        except InvalidOperation:
            self.problem(field, f"'{_text(value)}' is not an amount: type a number")
            return None
        if not amount.is_finite():
            self.problem(field, f"'{_text(value)}' is not an amount: type a number")
            return None
        return amount

    def check(self, schema: type[SQLModel], values: dict[str, Any]) -> None:
        """The schema's own rules (lengths, patterns, ranges), on fields not already refused."""
        try:
            schema.model_validate(values)
        except ValidationError as error:
            for found in describe_validation_errors(error.errors()):
                name = found["field"].split(".")[0]
                name = SCHEMA_FIELDS.get(name, name)
                if name not in self.failed:
                    self.problem(name, found["message"])


class Organisations:
    """Organisations by code: exactly as stored, or in other capitals when that is unique."""

    def __init__(self, session: Session) -> None:
        rows = session.exec(select(col(Organisation.id), col(Organisation.code))).all()
        self.exact: dict[str, int] = {code: id for id, code in rows if id is not None}
        folded: dict[str, list[int]] = defaultdict(list)
        for code, id in self.exact.items():
            folded[code.upper()].append(id)
        self.folded = {code: ids[0] for code, ids in folded.items() if len(ids) == 1}

    def find(self, code: str) -> int | None:
        return self.exact.get(code, self.folded.get(code.upper()))

    def resolve(self, cells: Cells, field: str, code: str) -> int | None:
        if not code:
            return None
        found = self.find(code)
        if found is None:
            cells.problem(field, f"no organisation with code '{code}'")
        return found


@dataclass
class NewAction:
    row: int
    code: str
    leader_id: int | None
    leader_code: str
    values: dict[str, Any]


@dataclass
class NewParticipant:
    row: int
    action: str
    organisation_id: int
    role: ParticipationRole


@dataclass
class NewPlan:
    values: dict[str, Any]
    actions: list[NewAction] = field(default_factory=list)
    participants: list[NewParticipant] = field(default_factory=list)

    @property
    def participations(self) -> int:
        """Rows of the sheet, and the leaders that take part without a row of their own."""
        listed = {(p.action, p.organisation_id) for p in self.participants}
        unlisted = {(a.code, a.leader_id) for a in self.actions} - listed
        return len(listed) + len(unlisted)


def _read_rows(sheet: Any) -> Rows:
    # The stored dimensions may be wrong (some writers never update them): read every row.
    sheet.reset_dimensions()
    return [
        [Reading(getattr(cell, "value", None), getattr(cell, "data_type", "n")) for cell in row]
        for row in sheet.iter_rows()
    ]


def _read_workbook(data: bytes, problems: Problems) -> dict[str, Rows]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise InvalidUpload(f"The workbook cannot be read ({error}).") from None
    try:
        if METADATA_SHEET in workbook.sheetnames:
            try:
                template = read_metadata(workbook).template
            except InvalidUpload:
                # A plan workbook is judged by what it holds, not by where it came from.
                template = TEMPLATE
            if template != TEMPLATE:
                raise InvalidUpload(
                    f"This is a {template} workbook, not a plan workbook: download the plan "
                    "workbook template and write the plan in it."
                )
        names = {name.strip().lower(): name for name in workbook.sheetnames}
        found: dict[str, Rows] = {}
        for sheet in SHEETS:
            name = names.get(sheet.lower())
            if name is None:
                problems.add(
                    sheet,
                    None,
                    None,
                    "",
                    f"the sheet '{sheet}' is missing: a plan workbook has the sheets "
                    f"{', '.join(SHEETS)}",
                )
            else:
                found[sheet] = _read_rows(workbook[name])
    finally:
        workbook.close()
    return found


def _plan_cells(rows: Rows, problems: Problems) -> Cells:
    """The plan sheet: a label in column A, its value in column B, in any order."""
    header = [_label(_text(reading.value)) for reading in (rows[0] if rows else [])[:2]]
    expected = [_label(text) for text in PLAN_HEADERS[:2]]
    if header != expected:
        problems.add(
            PLAN_SHEET,
            1,
            "A",
            "header",
            f"row 1 must hold the headers {PLAN_HEADERS[0]} and {PLAN_HEADERS[1]}",
        )
    by_label = {_label(column.header): column for column in PLAN_FIELDS}
    readings: dict[str, Reading] = {}
    places: dict[str, tuple[int | None, str | None]] = {}
    for number, row in enumerate(rows[1:], start=2):
        label = row[0] if row else BLANK
        value = row[1] if len(row) > 1 else BLANK
        if _blank(label):
            if not _blank(value):
                problems.add(PLAN_SHEET, number, "A", "label", "a value without a label")
            continue
        if label.kind == "f":
            problems.add(PLAN_SHEET, number, "A", "label", "formulas are not accepted")
            continue
        column = by_label.get(_label(_text(label.value)))
        if column is None:
            problems.add(
                PLAN_SHEET,
                number,
                "A",
                "label",
                f"'{_text(label.value)}' is not a field of a plan; the fields are "
                f"{', '.join(c.header for c in PLAN_FIELDS)}",
            )
        elif column.field in readings:
            first_row = places[column.field][0]
            problems.add(
                PLAN_SHEET,
                number,
                "A",
                column.field,
                f"'{column.header}' is also on row {first_row}: write each field once",
            )
        else:
            readings[column.field] = value
            places[column.field] = (number, "B")
    cells = Cells(PLAN_SHEET, readings, places, problems)
    for column in PLAN_FIELDS:
        if column.required and column.field not in readings:
            cells.problem(column.field, f"the row '{column.header}' is missing")
    return cells


def _table_cells(
    sheet: str, rows: Rows | None, columns: list[Column], problems: Problems
) -> list[Cells]:
    """One `Cells` per filled row of a table sheet whose row 1 names the columns."""
    if rows is None:  # the sheet is missing, and that is already said
        return []
    by_label = {_label(column.header): column for column in columns}
    positions: dict[str, int] = {}
    for index, reading in enumerate(rows[0] if rows else []):
        if _blank(reading):
            continue
        letter = get_column_letter(index + 1)
        column = by_label.get(_label(_text(reading.value)))
        if column is None:
            problems.add(
                sheet,
                1,
                letter,
                "header",
                f"'{_text(reading.value)}' is not a column of this sheet; its columns are "
                f"{', '.join(c.header for c in columns)}",
            )
        elif column.field in positions:
            problems.add(sheet, 1, letter, column.field, f"the column '{column.header}' is twice")
        else:
            positions[column.field] = index
    absent = frozenset(column.field for column in columns if column.field not in positions)
    for column in columns:
        if column.required and column.field in absent:
            problems.add(sheet, 1, None, column.field, f"the column '{column.header}' is missing")
    headed = set(positions.values()) | {
        index for index, reading in enumerate(rows[0] if rows else []) if not _blank(reading)
    }
    found = []
    for number, row in enumerate(rows[1:], start=2):
        if all(_blank(reading) for reading in row):
            continue
        for index, reading in enumerate(row):
            if index not in headed and not _blank(reading):
                problems.add(
                    sheet,
                    number,
                    get_column_letter(index + 1),
                    "",
                    "a value in a column without a header: remove it",
                )
        readings = {
            name: row[index] if index < len(row) else BLANK for name, index in positions.items()
        }
        places: dict[str, tuple[int | None, str | None]] = {
            name: (number, get_column_letter(index + 1)) for name, index in positions.items()
        }
        found.append(Cells(sheet, readings, places, problems, number, absent))
    return found


def _first_id(session: Session, query: Any) -> int | None:
    found = session.exec(query).first()
    return int(found) if found is not None else None


def _read_plan(
    session: Session, cells: Cells, organisations: Organisations
) -> tuple[dict[str, Any], int | None]:
    """The values of the new plan, and the id of its policy cycle."""
    code = cells.text("code", required=True)
    short_code = cells.text("short_code", required=True).upper()
    name = cells.text("name", required=True)
    period = cells.text("period", required=True)
    if short_code and not re.match(SHORT_CODE_PATTERN, short_code):
        cells.problem("short_code", f"'{short_code}' may hold only capitals, digits and hyphens")
    if period and not re.match(PERIOD_PATTERN, period):
        cells.problem("period", f"'{period}' is not a period: write the years, e.g. 2026-2027")
    if code and _first_id(session, select(col(ActionPlan.id)).where(col(ActionPlan.code) == code)):
        cells.problem(
            "code",
            f"a plan with code '{code}' already exists: a workbook loads new plans only, so "
            "give this one a code of its own (change existing plans in the web UI)",
        )
    if short_code and _first_id(
        session, select(col(ActionPlan.id)).where(col(ActionPlan.short_code) == short_code)
    ):
        cells.problem(
            "short_code",
            f"a plan with short code '{short_code}' already exists: a workbook loads new plans "
            "only, so give this one a short code of its own",
        )

    cycle_code = cells.text("policy_cycle", required=True)
    cycle_id = None
    if cycle_code:
        cycle_id = _first_id(
            session, select(col(PolicyCycle.id)).where(col(PolicyCycle.code) == cycle_code)
        )
        if cycle_id is None:
            cells.problem("policy_cycle", f"no policy cycle with code '{cycle_code}'")
    priority_code = cells.text("priority", required=True)
    priority_id = None
    if priority_code and cycle_id is not None:
        priority_id = _first_id(
            session,
            select(col(Priority.id)).where(
                col(Priority.policy_cycle_id) == cycle_id, col(Priority.code) == priority_code
            ),
        )
        if priority_id is None:
            cells.problem(
                "priority", f"no priority with code '{priority_code}' in policy cycle {cycle_code}"
            )
    sub_code = cells.text("sub_priority")
    sub_priority_id = None
    if sub_code and priority_id is not None:
        sub_priority_id = _first_id(
            session,
            select(col(SubPriority.id)).where(
                col(SubPriority.priority_id) == priority_id, col(SubPriority.code) == sub_code
            ),
        )
        if sub_priority_id is None:
            cells.problem(
                "sub_priority",
                f"no sub-priority with code '{sub_code}' in priority {priority_code}",
            )

    driver_code = cells.text("driver", required=True)
    driver_id = organisations.resolve(cells, "driver", driver_code)
    co_driver_ids: list[int] = []
    for co_code in re.split(r"[,;\n]", cells.text("co_drivers")):
        co_code = co_code.strip()
        found = organisations.resolve(cells, "co_drivers", co_code)
        if found is not None and found == driver_id:
            cells.problem("co_drivers", f"{co_code} is the driver and cannot also be a co-driver")
        elif found is not None and found not in co_driver_ids:
            co_driver_ids.append(found)
    values = {
        "priority_id": priority_id or 0,
        "sub_priority_id": sub_priority_id,
        "code": code,
        "short_code": short_code,
        "name": name,
        "period": period,
        "driver_id": driver_id or 0,
        "co_driver_ids": co_driver_ids,
    }
    cells.check(ActionPlanCreate, values)
    return values, cycle_id


def _read_action(
    cells: Cells, goals: dict[str, int] | None, organisations: Organisations
) -> NewAction:
    written = cells.text("code", required=True)
    code = action_code(written) if written else None
    if written and code is None:
        cells.problem(
            "code",
            f"'{written}' is not an action code: write OA, the goal's number, a dot and the "
            "action's number, e.g. OA 3.2",
        )
    title = cells.text("title", required=True)
    goal_code = cells.text("strategic_goal", required=True)
    goal_id = None
    if goal_code and goals is not None:
        goal_id = goals.get(goal_code)
        if goal_id is None:
            cells.problem(
                "strategic_goal",
                f"no strategic goal with code '{goal_code}' in the plan's policy cycle",
            )
    leader_code = cells.text(
        "leader",
        required=True,
        missing="an action needs a leader: write the code of the organisation leading it",
    )
    leader_id = organisations.resolve(cells, "leader", leader_code)
    budget = cells.amount("budget_eur")
    if budget is not None and budget < 0:
        cells.problem("budget_eur", f"{budget} is below 0: write the planned budget in euros")
    start = cells.date("start_date")
    end = cells.date("end_date")
    if start is not None and end is not None and end < start:
        cells.problem("end_date", f"{end} is before the start date {start}: dates out of order")
    state = cells.text("state").lower() or ActionState.planned.value
    if state not in STATES:
        cells.problem("state", f"'{state}' is not a state: write one of {', '.join(STATES)}")
    values = {
        "code": code or written,
        "title": title,
        "description": cells.text("description"),
        "strategic_goal_id": goal_id or 0,
        "leader_id": leader_id or 0,
        # Stand-ins for refused dates, so that the other rules are still checked.
        "start_date": start or end or EARLIEST,
        "end_date": end or start or EARLIEST,
        "state": state if state in STATES else ActionState.planned.value,
        "expected_results": cells.text("expected_results"),
        "budget_eur": budget,
        "grant_reference": cells.text("grant_reference"),
    }
    cells.check(OperationalActionCreate, {"action_plan_id": 0, **values})
    return NewAction(cells.row, code or written, leader_id, leader_code, values)


def _read_participant(
    cells: Cells,
    actions: dict[str, NewAction],
    organisations: Organisations,
    seen: dict[tuple[str, int], int],
) -> NewParticipant | None:
    written = cells.text("action", required=True)
    code = action_code(written) or written
    action = actions.get(code)
    if written and action is None:
        cells.problem("action", f"no action with code '{written}' on the sheet {ACTIONS_SHEET}")
    organisation_code = cells.text("organisation", required=True)
    organisation_id = organisations.resolve(cells, "organisation", organisation_code)
    leader_id = action.leader_id if action is not None else None
    leads = organisation_id is not None and organisation_id == leader_id
    role_text = cells.text("role")
    # An empty role is the usual one: leader for the action's leader, participant otherwise.
    role: ParticipationRole | None = (
        ParticipationRole.leader if leads else ParticipationRole.participant
    )
    if role_text:
        normalised = re.sub(r"[\s-]+", "_", role_text.lower())
        role = ParticipationRole(normalised) if normalised in ROLES else None
        if role is None:
            cells.problem("role", f"'{role_text}' is not a role: write one of {', '.join(ROLES)}")
    if action is None or organisation_id is None or role is None:
        return None
    earlier = seen.setdefault((action.code, organisation_id), cells.row)
    if earlier != cells.row:
        cells.problem(
            "organisation",
            f"{organisation_code} is already in {action.code} on row {earlier}: one row per "
            "organisation and action",
        )
        return None
    if role == ParticipationRole.leader and not leads and action.leader_id is not None:
        cells.problem(
            "role", f"only the action's leader ({action.leader_code}) has the role leader"
        )
    elif role != ParticipationRole.leader and leads:
        cells.problem(
            "role", f"{organisation_code} leads {action.code} and so takes part as leader"
        )
    return NewParticipant(cells.row, action.code, organisation_id, role)


def read_plan_workbook(session: Session, data: bytes, problems: Problems) -> NewPlan:
    """The new plan a workbook describes; what is wrong with it goes to `problems`."""
    rows = _read_workbook(data, problems)
    organisations = Organisations(session)
    plan = NewPlan(values={})
    goals: dict[str, int] | None = None
    if PLAN_SHEET in rows:
        plan.values, cycle_id = _read_plan(
            session, _plan_cells(rows[PLAN_SHEET], problems), organisations
        )
        if cycle_id is not None:
            goals = {
                code: id
                for id, code in session.exec(
                    select(col(StrategicGoal.id), col(StrategicGoal.code)).where(
                        col(StrategicGoal.policy_cycle_id) == cycle_id
                    )
                ).all()
                if id is not None
            }
    actions: dict[str, NewAction] = {}
    for cells in _table_cells(ACTIONS_SHEET, rows.get(ACTIONS_SHEET), ACTION_COLUMNS, problems):
        action = _read_action(cells, goals, organisations)
        if not action.code:
            continue
        if action.code in actions:
            cells.problem(
                "code",
                f"{action.code} is also on row {actions[action.code].row}: each action has a "
                "code of its own",
            )
            continue
        actions[action.code] = action
        plan.actions.append(action)
    seen: dict[tuple[str, int], int] = {}
    for cells in _table_cells(
        PARTICIPANTS_SHEET, rows.get(PARTICIPANTS_SHEET), PARTICIPANT_COLUMNS, problems
    ):
        participant = _read_participant(cells, actions, organisations, seen)
        if participant is not None:
            plan.participants.append(participant)
    return plan


def load_plan_workbook(
    session: Session,
    data: bytes,
    principal: Principal,
    actor: audit.Actor,
    *,
    dry_run: bool,
    limits: UploadLimits | None = None,
) -> PlanLoadSummary:
    """Create the new plan a workbook describes, in the caller's transaction; with `dry_run`,
    only check it. Refuses the whole workbook, naming every problem, when anything is wrong."""
    if not may(principal, RESOURCE, Operation.create):
        raise Forbidden("Your roles do not create action plans from workbooks.")
    open_checked(data, limits)
    problems = Problems()
    plan = read_plan_workbook(session, data, problems)
    if problems.found:
        raise problems.refusal()
    summary = PlanLoadSummary(
        code=plan.values["code"],
        short_code=plan.values["short_code"],
        dry_run=dry_run,
        co_drivers=len(plan.values["co_driver_ids"]),
        actions=len(plan.actions),
        participations=plan.participations,
    )
    if dry_run:
        return summary
    digest = hashlib.sha256(data).hexdigest()
    batch = dataclasses.replace(
        actor, source=AuditSource.upload, source_ref=f"plan-workbook:{digest}"
    )
    summary.action_plan_id = _create(session, plan, batch)
    audit.record(
        session,
        actor=batch,
        action=AuditAction.create,
        resource=RESOURCE,
        record_id=summary.action_plan_id,
        changes={
            "actions": [None, summary.actions],
            "participations": [None, summary.participations],
        },
        detail=i18n.message("audit.plan_loaded", plan=summary.code, sha256=digest),
    )
    return summary


def _create(session: Session, plan: NewPlan, actor: audit.Actor) -> int:
    """Store the plan through the services; a rule they refuse is named where it comes from."""
    where = Problem(PLAN_SHEET, None, None, "", "")
    try:
        record = plans.action_plans.create(
            session, data=ActionPlanCreate.model_validate(plan.values), actor=actor
        )
        assert record.id is not None
        action_ids: dict[str, int] = {}
        for action in plan.actions:
            where = Problem(ACTIONS_SHEET, action.row, None, "", "")
            stored = plans.operational_actions.create(
                session,
                data=OperationalActionCreate.model_validate(
                    {"action_plan_id": record.id, **action.values}
                ),
                actor=actor,
            )
            assert stored.id is not None
            action_ids[action.code] = stored.id
        for participant in plan.participants:
            if participant.role == ParticipationRole.leader:
                continue  # the action's leader took part as it was stored
            where = Problem(PARTICIPANTS_SHEET, participant.row, None, "", "")
            plans.participations.create(
                session,
                data=ParticipationCreate(
                    action_id=action_ids[participant.action],
                    organisation_id=participant.organisation_id,
                    role=participant.role,
                ),
                actor=actor,
            )
    except EmpactError as error:
        problem = dataclasses.replace(where, message=error.detail)
        raise InvalidUpload(
            f"The plan workbook was refused, so no plan was created: {problem.text()}",
            fields=[problem.as_field()],
        ) from None
    return record.id
