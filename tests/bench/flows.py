"""Flow cases: opening a cycle and consolidating one, on the stress data.

Each case runs the steps of its Prefect flow (flows/cycles.py) in the same order and with the
same transactions, one per task, without Prefect's own bookkeeping of the runs: what is
measured is the tool's work, not the orchestrator's.

Baselines: for opening, the raw bulk INSERT of the very rows the opening creates; for
consolidation, the single SQL GROUP BY that computes the same totals.
"""

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from backend.database import get_engine, transaction
from backend.notifications import service as notifications
from backend.notifications.models import Notification
from backend.reporting import workflow
from backend.reporting.models import (
    ActionReport,
    Consolidation,
    Contribution,
    CycleState,
    IndicatorValue,
    ReportingCycle,
)
from tests.bench.harness import Figure, measure, timed
from tests.bench.workbooks import OPEN_CYCLE, cycle_id, grid, xlsxwriter_write

CLOSED_CYCLE = "2028-H2"


def _table(model: Any) -> sa.Table:
    table = model.__table__
    assert isinstance(table, sa.Table)
    return table


# ---- opening ------------------------------------------------------------------------------


def open_steps(cycle: int) -> dict[str, int]:
    """What the open-cycle flow does, task by task."""
    actor = workflow.flow_actor()
    engine = get_engine()
    counts = {"reports": 0, "contributions": 0}
    with transaction(engine) as session:
        workflow.start_opening(session, cycle_id=cycle, actor=actor)
    with transaction(engine, write=False) as session:
        plan_ids = workflow.plans_to_open(session, cycle_id=cycle)
    for plan_id in plan_ids:
        with transaction(engine) as session:
            counts["reports"] += workflow.create_reports(
                session, cycle_id=cycle, plan_id=plan_id, actor=actor
            )
    for plan_id in plan_ids:
        with transaction(engine) as session:
            counts["contributions"] += workflow.create_contributions(
                session, cycle_id=cycle, plan_id=plan_id, actor=actor
            )
    with transaction(engine) as session:
        counts["messages"] = workflow.notify_opening(session, cycle_id=cycle)
    with transaction(engine) as session:
        counts["emails"] = notifications.deliver_pending(session)
    return counts


class Reopenable:
    """The open stress cycle taken back to planned, with nothing created for it, between
    runs; the rows it had are kept to be inserted raw by the baseline."""

    def __init__(self, cycle: int, outbox: Path) -> None:
        self.cycle = cycle
        self.outbox = outbox
        with transaction(write=False) as session:
            self.reports = [
                {"reporting_cycle_id": cycle, "action_id": action_id, "version": 1}
                for (action_id,) in session.execute(
                    sa.select(col(ActionReport.action_id))
                    .where(col(ActionReport.reporting_cycle_id) == cycle)
                    .order_by(col(ActionReport.action_id))
                )
            ]
            self.contributions = [
                {"reporting_cycle_id": cycle, "participation_id": participation_id, "version": 1}
                for (participation_id,) in session.execute(
                    sa.select(col(Contribution.participation_id))
                    .where(col(Contribution.reporting_cycle_id) == cycle)
                    .order_by(col(Contribution.participation_id))
                )
            ]
            self.last_notification = (
                session.execute(sa.select(sa.func.max(col(Notification.id)))).scalar() or 0
            )

    def reset(self) -> None:
        with transaction() as session:
            session.execute(
                sa.delete(Notification).where(col(Notification.id) > self.last_notification)
            )
            session.execute(
                sa.delete(Contribution).where(col(Contribution.reporting_cycle_id) == self.cycle)
            )
            session.execute(
                sa.delete(ActionReport).where(col(ActionReport.reporting_cycle_id) == self.cycle)
            )
            session.execute(
                sa.update(ReportingCycle)
                .where(col(ReportingCycle.id) == self.cycle)
                .values(state=CycleState.planned)
            )
        shutil.rmtree(self.outbox, ignore_errors=True)

    def insert_raw(self) -> None:
        with transaction() as session:
            session.execute(sa.insert(_table(ActionReport)), self.reports)
            session.execute(sa.insert(_table(Contribution)), self.contributions)


def opening_figures(database: str, data_dir: Path, repeats: int) -> list[Figure]:
    cycle = cycle_id(OPEN_CYCLE)
    reopenable = Reopenable(cycle, data_dir / "outbox")
    outcome: dict[str, int] = {}

    def run() -> None:
        outcome.update(open_steps(cycle))
        if outcome["reports"] != len(reopenable.reports):
            raise RuntimeError(f"opened {outcome}, expected {len(reopenable.reports)} reports")

    sample = measure(run, repeats=repeats, before_each=reopenable.reset)
    baseline = measure(reopenable.insert_raw, repeats=repeats, before_each=reopenable.reset)
    # Leave the cycle open with its empty reports, as the flow does.
    reopenable.reset()
    open_steps(cycle)
    return [
        timed(
            sample,
            group="Flows",
            name=f"open a cycle ({outcome['reports']:,} reports, "
            f"{outcome['contributions']:,} contributions, {outcome['messages']:,} messages)",
            database=database,
            baseline_name="raw bulk INSERT of the same rows",
            baseline=baseline,
            target="<= 3",
            extra=dict(outcome),
        )
    ]


# ---- consolidating ------------------------------------------------------------------------


def group_by(cycle: int) -> int:
    """The single GROUP BY behind the consolidated totals: per priority, country, strategic
    goal and indicator."""
    with transaction(write=False) as session:
        return len(session.execute(workflow.totals_query(cycle)).all())


def consolidation_figures(
    database: str, repeats: int, long_repeats: int, *, with_workbook: bool
) -> list[Figure]:
    cycle = cycle_id(CLOSED_CYCLE)
    with transaction(write=False) as session:
        values = session.execute(
            sa.select(sa.func.count())
            .select_from(IndicatorValue)
            .where(col(IndicatorValue.reporting_cycle_id) == cycle)
        ).scalar_one()

    def reset() -> None:
        with transaction() as session:
            session.execute(
                sa.delete(Consolidation).where(col(Consolidation.reporting_cycle_id) == cycle)
            )
            session.execute(
                sa.update(ReportingCycle)
                .where(col(ReportingCycle.id) == cycle)
                .values(state=CycleState.closed)
            )

    def consolidate() -> None:
        with transaction() as session:
            workflow.consolidate_cycle(
                session, cycle_id=cycle, actor=workflow.flow_actor(), now=dt.datetime.now(dt.UTC)
            )

    sample = measure(consolidate, repeats=repeats, before_each=reset)
    groups = group_by(cycle)
    baseline = measure(lambda: group_by(cycle), repeats=repeats)
    figures = [
        timed(
            sample,
            group="Flows",
            name=f"consolidate a cycle ({values:,} figures): totals, completeness, summary",
            database=database,
            baseline_name="one SQL GROUP BY of the same totals",
            baseline=baseline,
            target="<= 3",
            extra={"figures": values, "groups": groups},
        )
    ]
    if with_workbook:
        figures.append(consolidated_workbook_figure(database, cycle, values, long_repeats))
    return figures


def consolidated_workbook_figure(database: str, cycle: int, values: int, repeats: int) -> Figure:
    """The flow's next step: the consolidated workbook, whose Sources sheet lists every figure,
    against xlsxwriter writing the same cells."""

    def forget() -> None:
        with transaction() as session:
            session.execute(
                sa.update(Consolidation)
                .where(col(Consolidation.reporting_cycle_id) == cycle)
                .values(workbook=b"")
            )

    def keep() -> None:
        with transaction() as session:
            workflow.keep_consolidated_workbook(session, cycle_id=cycle)

    sample = measure(keep, repeats=repeats, before_each=forget)
    with transaction(write=False) as session:
        kept = session.get(Consolidation, cycle)
        assert kept is not None
        data = kept.workbook
    sheets = grid(data)
    cells = sum(1 for _, rows in sheets for row in rows for value in row if value != "")
    baseline = measure(lambda: xlsxwriter_write(sheets), repeats=repeats)
    return timed(
        sample,
        group="Export",
        name=f"consolidated workbook ({values:,} figures in its Sources, {cells:,} cells)",
        database=database,
        baseline_name="xlsxwriter writes the same cells, unstyled",
        baseline=baseline,
        target="<= 2",
        extra={"cells": cells, "cells_per_s": cells / sample.median, "bytes": len(data)},
    )
