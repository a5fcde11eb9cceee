"""The demo lives relative to the day it is loaded: its cycles went through the workflow
services, people were told, nothing is dated in the future, and its words agree with its data.
"""

import datetime as dt
import email
import email.policy
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select
from typer.testing import CliRunner

from backend import migrations
from backend.access.models import User
from backend.audit.models import AuditEvent
from backend.cli import app
from backend.database import metadata
from backend.notifications.models import Notification
from backend.plans.models import ActionState, OperationalAction
from backend.reporting import workflow
from backend.reporting.models import (
    ActionReport,
    Consolidation,
    Contribution,
    CycleState,
    RagStatus,
    ReportingCycle,
    ReportState,
)
from backend.settings import Settings
from backend.spreadsheets.consolidated_workbook import COMPLETENESS_SHEET
from seed.demo import cycle_specs, load_demo
from tests.conftest import sign_in

# Planning dates that rightly lie ahead: when the open cycle's period ends, when it is due
# and closes, when an action is to end, until when a reopening lasts. An action's start is
# checked apart: only a planned action starts in the future.
FUTURE_ALLOWED = {
    ("reporting_cycles", "period_end"),
    ("reporting_cycles", "due_on"),
    ("reporting_cycles", "closes_on"),
    ("operational_actions", "end_date"),
    ("operational_actions", "start_date"),
    ("participations", "end_date"),
    ("reopenings", "until"),
}
# A day on which the open cycle is another half-year than on the real date of these tests.
OTHER_DAY = dt.date(2027, 3, 10)


def _cycle(session: Session, state: CycleState) -> ReportingCycle:
    (cycle,) = session.exec(select(ReportingCycle).where(col(ReportingCycle.state) == state)).all()
    return cycle


def _user_id(session: Session, username: str) -> int:
    user_id = session.exec(select(col(User.id)).where(col(User.username) == username)).one()
    assert user_id is not None
    return user_id


def _timestamp_columns() -> list[sa.Column[Any]]:
    columns = [
        column
        for table in metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, sa.Date | sa.DateTime)
        or isinstance(getattr(column.type, "impl", None), sa.Date | sa.DateTime)
    ]
    assert len(columns) > 15, "every date and time column is found"
    return columns


def _in_the_future(session: Session, now: dt.datetime) -> list[str]:
    """Every date or time column's values after `now` (dates: after its day), by column."""
    found = []
    for column in _timestamp_columns():
        table = column.table
        if (table.name, column.name) in FUTURE_ALLOWED:
            continue
        latest = session.execute(sa.select(sa.func.max(column))).scalar_one()
        limit: dt.date = now if isinstance(latest, dt.datetime) else now.date()
        if latest is not None and latest > limit:
            found.append(f"{table.name}.{column.name}: {latest}")
    started = session.exec(
        select(col(OperationalAction.code), col(OperationalAction.start_date)).where(
            col(OperationalAction.state) != ActionState.planned,
            col(OperationalAction.start_date) > now.date(),
        )
    ).all()
    found += [f"{code} not planned but starts on {start}" for code, start in started]
    return found


def _dump(session: Session, *, leave_out: set[str]) -> dict[str, list[tuple[Any, ...]]]:
    dump = {}
    for table in metadata.sorted_tables:
        columns = [c for c in table.columns if f"{table.name}.{c.name}" not in leave_out]
        query = sa.select(*columns).order_by(*table.primary_key.columns)
        dump[table.name] = [tuple(row) for row in session.execute(query)]
    return dump


class TestCycles:
    def test_the_open_cycle_opened_weeks_ago_and_is_due_within_two_weeks(
        self, session: Session
    ) -> None:
        today = dt.datetime.now(dt.UTC).date()
        cycle = _cycle(session, CycleState.open)
        assert today - dt.timedelta(days=42) <= cycle.opens_on <= today - dt.timedelta(days=14)
        assert today < cycle.due_on <= today + dt.timedelta(days=14)
        assert workflow.reminder_step(cycle, today) is not None

    def test_the_coordinator_was_told_of_the_opening_and_reminded(self, session: Session) -> None:
        cycle = _cycle(session, CycleState.open)
        messages = session.exec(
            select(Notification).where(
                col(Notification.user_id) == _user_id(session, "nec-de"),
                col(Notification.reporting_cycle_id) == cycle.id,
            )
        ).all()
        keys = {message.key: message for message in messages}
        opened = keys[f"cycle:{cycle.id}:opened"]
        assert cycle.code in opened.subject and "DE" in opened.body
        reminders = [m for key, m in keys.items() if ":reminder:" in key]
        assert reminders and all("Reminder" in m.body and "DE" in m.body for m in reminders)
        assert all(m.emailed_at is not None and m.emailed_at >= m.created_at for m in messages)
        assert opened.created_at.date() == cycle.opens_on

    def test_the_closed_cycle_owes_nothing_and_its_gaps_are_missing(self, session: Session) -> None:
        cycle = _cycle(session, CycleState.consolidated)
        for model in (ActionReport, Contribution):
            states = dict(
                session.exec(
                    select(col(model.state), func.count())
                    .where(col(model.reporting_cycle_id) == cycle.id)
                    .group_by(col(model.state))
                ).all()
            )
            assert not set(states) & set(workflow.OWED), model
            assert states[ReportState.missing] > 0

    def test_the_consolidation_and_its_workbook_agree_on_what_is_missing(
        self, session: Session, anonymous: TestClient
    ) -> None:
        cycle = _cycle(session, CycleState.consolidated)
        kept = session.get(Consolidation, cycle.id)
        assert kept is not None
        europol = sign_in(anonymous, "europol")
        response = europol.get(f"/api/reporting-cycles/{cycle.id}/consolidated-workbook")
        assert response.status_code == 200, response.text
        missing = session.exec(
            select(func.count()).where(
                col(ActionReport.reporting_cycle_id) == cycle.id,
                col(ActionReport.state) == ReportState.missing,
            )
        ).one()
        assert kept.figures["reports_by_state"]["missing"] == missing
        (reports_line,) = [
            line for line in kept.summary.splitlines() if line.startswith("| reports")
        ]
        assert reports_line.split("|")[4].strip() == str(missing)
        sheet = load_workbook(io.BytesIO(response.content), read_only=True)[COMPLETENESS_SHEET]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        header = next(i for i, row in enumerate(rows) if row and row[0] == "Plan")
        column = rows[header].index("Action report")
        states = [row[column] for row in rows[header + 1 :]]
        assert states.count("Missing") == missing and "Draft" not in states

    def test_the_cycles_moved_through_the_services_on_their_dates(self, session: Session) -> None:
        closed, current = _cycle(session, CycleState.consolidated), _cycle(session, CycleState.open)
        kept = session.get(Consolidation, closed.id)
        assert kept is not None and kept.created_at.date() > closed.closes_on
        assert closed.closes_on < current.opens_on
        moves = session.exec(
            select(col(AuditEvent.detail), col(AuditEvent.occurred_at))
            .where(col(AuditEvent.resource) == "reporting-cycles")
            .order_by(col(AuditEvent.id))
        ).all()
        details = [detail for detail, _ in moves]
        assert details[:4] == [
            f"reporting cycle {closed.code}: Open",
            f"reporting cycle {closed.code}: Closed",
            f"reporting cycle {closed.code}: Consolidated",
            f"reporting cycle {current.code}: Open",
        ]
        times = [occurred for _, occurred in moves[:4]]
        assert times == sorted(times) and times[3].date() == current.opens_on


class TestTimes:
    def test_no_seeded_timestamp_lies_in_the_future(self, session: Session) -> None:
        assert _in_the_future(session, dt.datetime.now(dt.UTC)) == []

    def test_action_states_follow_their_dates(self, session: Session) -> None:
        today = dt.datetime.now(dt.UTC).date()
        wrong = []
        for code, state, start, end in session.exec(
            select(
                col(OperationalAction.code),
                col(OperationalAction.state),
                col(OperationalAction.start_date),
                col(OperationalAction.end_date),
            ).where(col(OperationalAction.state) != ActionState.cancelled)
        ):
            expected = (
                ActionState.planned
                if start > today
                else ActionState.completed
                if end < today
                else ActionState.ongoing
            )
            if state != expected:
                wrong.append((code, state, start, end))
        assert wrong == []


class TestWords:
    def test_titles_are_unique_within_each_plan(self, session: Session) -> None:
        repeated = session.exec(
            select(col(OperationalAction.action_plan_id), col(OperationalAction.title))
            .group_by(col(OperationalAction.action_plan_id), col(OperationalAction.title))
            .having(func.count() > 1)
        ).all()
        assert repeated == []

    def test_titles_are_written_as_sentences(self, session: Session) -> None:
        titles = session.exec(select(col(OperationalAction.title))).all()
        assert all(title[0].isupper() for title in titles)
        # A lowered acronym such as "vAT (MTIC)".
        assert [t for t in titles if re.search(r"\b[a-z][A-Z]", t)] == []

    def test_narratives_agree_with_their_rating(self, session: Session) -> None:
        rows = session.exec(
            select(col(ActionReport.rag_status), col(ActionReport.progress)).where(
                col(ActionReport.rag_status).is_not(None)
            )
        ).all()
        assert {rag for rag, _ in rows} == set(RagStatus)
        for rag, progress in rows:
            if rag == RagStatus.red:
                assert "as planned" not in progress
                assert re.search(r"[Oo]ff track|stalled", progress), progress
            if rag == RagStatus.green:
                assert "off track" not in progress.lower() and "delay" not in progress


def _fresh_demo(new_database: Callable[[], Engine], today: dt.date, mail: Path) -> Engine:
    engine = new_database()
    migrations.upgrade(engine)
    with Session(engine) as session:
        load_demo(session, today=today, settings=Settings(data_dir=mail))
        session.commit()
    return engine


class TestAnotherDay:
    def test_two_loads_for_the_same_day_give_the_same_demo(
        self, new_database: Callable[[], Engine], tmp_path: Path
    ) -> None:
        first = _fresh_demo(new_database, OTHER_DAY, tmp_path / "first")
        second = _fresh_demo(new_database, OTHER_DAY, tmp_path / "second")
        # Salted password hashes differ by design.
        leave_out = {"users.password_hash"}
        with Session(first) as one, Session(second) as other:
            assert _dump(one, leave_out=leave_out) == _dump(other, leave_out=leave_out)
            assert _in_the_future(one, dt.datetime.combine(OTHER_DAY, dt.time(), dt.UTC)) == []
            closed, current = cycle_specs(OTHER_DAY)
            assert (closed.code, current.code) == ("2026-H2", "2027-H1")
            assert _cycle(one, CycleState.open).code == current.code
            assert _cycle(one, CycleState.consolidated).code == closed.code
        names = sorted(path.name for path in (tmp_path / "first" / "outbox").iterdir())
        assert names == sorted(path.name for path in (tmp_path / "second" / "outbox").iterdir())


def _emails_to(outbox: Path, address: str) -> list[Any]:
    found = []
    for path in sorted(outbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if address in str(message["To"]):
            found.append(message)
    return found


@pytest.mark.usefixtures("database_file")
def test_right_after_seed_demo_the_outbox_holds_the_coordinators_emails(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    first = runner.invoke(app, ["seed", "--demo"])
    assert first.exit_code == 0, first.output
    outbox = tmp_path / "outbox"
    sent = sorted(outbox.iterdir())
    today = dt.datetime.now(dt.UTC).date()
    _, current = cycle_specs(today)
    subjects = [str(m["Subject"]) for m in _emails_to(outbox, "nec-de@example.org")]
    opening = [s for s in subjects if current.code in s and "is open" in s]
    reminders = [s for s in subjects if current.code in s and "due in" in s]
    assert len(opening) == 1 and len(reminders) == 1, subjects

    second = runner.invoke(app, ["seed", "--demo"])
    assert second.exit_code == 0, second.output
    assert "Nothing to add" in second.output
    assert sorted(outbox.iterdir()) == sent
