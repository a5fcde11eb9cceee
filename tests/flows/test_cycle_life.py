"""A whole reporting cycle run by its Prefect flows on the demo data: open, remind, close,
consolidate, each run twice; and an opening that crashes halfway, run again."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from backend.catalog.models import Indicator, Priority
from backend.notifications.models import Notification
from backend.plans.models import ActionPlan, OperationalAction
from backend.reporting import workflow
from backend.reporting.models import (
    ActionReport,
    Consolidation,
    Contribution,
    CycleState,
    IndicatorValue,
    ReportingCycle,
    ReportState,
)
from backend.spreadsheets.consolidated_workbook import PRIORITY_SHEET
from flows import cycles
from tests.demo_cycles import FREE_HALF_YEAR, OPEN_CYCLE
from tests.flows.conftest import run_flow

pytestmark = pytest.mark.usefixtures("prefect_harness")


def add_cycle(engine: Engine) -> ReportingCycle:
    with Session(engine) as session:
        demo = session.exec(
            select(ReportingCycle).where(col(ReportingCycle.code) == OPEN_CYCLE)
        ).one()
        cycle = ReportingCycle(
            policy_cycle_id=demo.policy_cycle_id,
            code=FREE_HALF_YEAR.code,
            period_start=FREE_HALF_YEAR.start,
            period_end=FREE_HALF_YEAR.end,
            opens_on=FREE_HALF_YEAR.opens_on,
            due_on=FREE_HALF_YEAR.due_on,
            closes_on=FREE_HALF_YEAR.closes_on,
        )
        session.add(cycle)
        session.commit()
        session.refresh(cycle)
        return cycle


def snapshot(engine: Engine, cycle_id: int) -> dict[str, Any]:
    """What a user would compare: per table, the rows of the cycle and their states."""
    with Session(engine) as session:
        cycle = session.get(ReportingCycle, cycle_id)
        assert cycle is not None
        return {
            "state": cycle.state,
            "reports": sorted(
                session.execute(
                    sa.select(col(ActionReport.action_id), col(ActionReport.state)).where(
                        col(ActionReport.reporting_cycle_id) == cycle_id
                    )
                ).all()
            ),
            "contributions": sorted(
                session.execute(
                    sa.select(col(Contribution.participation_id), col(Contribution.state)).where(
                        col(Contribution.reporting_cycle_id) == cycle_id
                    )
                ).all()
            ),
            # The cycle's own: the demo's cycles sent and emailed messages of their own.
            "messages": session.exec(
                select(func.count()).where(col(Notification.reporting_cycle_id) == cycle_id)
            ).one(),
            "emailed": session.exec(
                select(func.count()).where(
                    col(Notification.reporting_cycle_id) == cycle_id,
                    col(Notification.emailed_at).is_not(None),
                )
            ).one(),
        }


def outbox(data_dir: Path) -> int:
    folder = data_dir / "outbox"
    return len(list(folder.glob("*.eml"))) if folder.exists() else 0


def test_open_remind_close_consolidate_each_twice(flow_database: Engine, tmp_path: Path) -> None:
    engine = flow_database
    cycle = add_cycle(engine)
    cycle_id = cycle.id or 0
    with Session(engine) as session:
        expected = {
            action_id
            for (action_id,) in session.execute(
                sa.select(col(OperationalAction.id))
                .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
                .join(Priority, col(Priority.id) == col(ActionPlan.priority_id))
                .where(*workflow.in_cycle(cycle))
            )
        }

    def twice(flow: Any, **kwargs: Any) -> dict[str, Any]:
        """Run the flow, then again: the second run changes nothing and sends nothing."""
        assert run_flow(flow, cycle_id, **kwargs).is_completed()
        first, emailed = snapshot(engine, cycle_id), outbox(tmp_path)
        assert run_flow(flow, cycle_id, **kwargs).is_completed()
        assert snapshot(engine, cycle_id) == first
        assert outbox(tmp_path) == emailed
        return first

    opened = twice(cycles.open_cycle, requested_by="europol")
    assert opened["state"] == CycleState.open
    assert sorted(action for action, _ in opened["reports"]) == sorted(expected)
    assert opened["messages"] > 0 and outbox(tmp_path) == opened["emailed"] > 0

    day = cycle.due_on - dt.timedelta(days=7)
    reminded = twice(cycles.send_reminders, today=day)
    assert reminded["messages"] > opened["messages"]

    # Somebody submits before the cycle closes.
    with Session(engine) as session:
        first = session.exec(
            select(ActionReport).where(col(ActionReport.reporting_cycle_id) == cycle_id)
        ).first()
        assert first is not None
        first.state = ReportState.submitted
        # Five days before the due date.
        first.submitted_at = dt.datetime.combine(
            cycle.due_on - dt.timedelta(days=5), dt.time(0), tzinfo=dt.UTC
        )
        session.add(first)
        session.add(
            IndicatorValue(
                reporting_cycle_id=cycle_id,
                action_id=first.action_id,
                organisation_id=session.exec(
                    select(col(OperationalAction.leader_id)).where(
                        col(OperationalAction.id) == first.action_id
                    )
                ).one(),
                indicator_id=session.exec(
                    select(col(Indicator.id)).where(
                        col(Indicator.policy_cycle_id) == cycle.policy_cycle_id,
                        col(Indicator.code) == "arrests",
                    )
                ).one()
                or 0,
                value=Decimal(17),
            )
        )
        session.commit()

    closed = twice(cycles.close_cycle)
    assert closed["state"] == CycleState.closed
    states = {state for _, state in closed["reports"]}
    assert states == {ReportState.submitted, ReportState.missing}

    consolidated = twice(cycles.consolidate_cycle)
    assert consolidated["state"] == CycleState.consolidated
    with Session(engine) as session:
        kept = session.get(Consolidation, cycle_id)
        assert kept is not None
        totals = session.execute(
            sa.select(col(Priority.code), col(Indicator.name), func.sum(IndicatorValue.value))
            .join(Indicator, col(Indicator.id) == col(IndicatorValue.indicator_id))
            .join(OperationalAction, col(OperationalAction.id) == col(IndicatorValue.action_id))
            .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
            .join(Priority, col(Priority.id) == col(ActionPlan.priority_id))
            .where(col(IndicatorValue.reporting_cycle_id) == cycle_id)
            .group_by(col(Priority.code), col(Indicator.name))
        ).all()
    sheet = load_workbook(io.BytesIO(kept.workbook), read_only=True)[PRIORITY_SHEET]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row and row[0] == "Priority")
    for priority, indicator, total in totals:
        row = next(row for row in rows if row and str(row[0]) == priority)
        column = next(i for i, title in enumerate(header) if str(title).startswith(indicator))
        assert Decimal(str(row[column])) == Decimal(str(total))
    assert "| reports |" in kept.summary


def test_an_opening_that_crashes_halfway_is_finished_by_running_it_again(
    flow_database: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = flow_database
    cycle_id = add_cycle(engine).id or 0
    real = workflow.create_reports
    calls = {"n": 0}

    def crash_on_the_fourth_plan(session: Session, **kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] >= 4:
            raise RuntimeError("the machine went down")
        return real(session, **kwargs)

    monkeypatch.setattr(workflow, "create_reports", crash_on_the_fourth_plan)
    # A crash, not a hiccup: no retry brings this plan's reports back.
    monkeypatch.setattr(cycles, "create_reports", cycles.create_reports.with_options(retries=0))
    assert run_flow(cycles.open_cycle, cycle_id).is_failed()
    partial = snapshot(engine, cycle_id)
    assert 0 < len(partial["reports"])

    monkeypatch.setattr(workflow, "create_reports", real)
    assert run_flow(cycles.open_cycle, cycle_id).is_completed()
    done = snapshot(engine, cycle_id)
    actions = [action for action, _ in done["reports"]]
    assert len(actions) == len(set(actions)) > len(partial["reports"])
    participations = [p for p, _ in done["contributions"]]
    assert len(participations) == len(set(participations))
    with Session(engine) as session:
        per_action = session.execute(
            sa.select(col(ActionReport.action_id), func.count())
            .where(col(ActionReport.reporting_cycle_id) == cycle_id)
            .group_by(col(ActionReport.action_id))
            .having(func.count() > 1)
        ).all()
    assert per_action == []
