"""The demo's reporting cycles, lived through the workflow services on dates relative to today.

The flows move cycles by calling the workflow services (DESIGN.md: flows are thin); the demo
calls the same services, on the dates the daily tick would have called them: the previous
half-year's cycle opened, was reminded, closed and consolidated; the current one opened three
weeks ago and has reached the first step of the reminder ladder. What people wrote and
handed in between those steps is written in the order it happened, so that every message
lists what was owed on its day. Every timestamp lies before the day the demo is loaded.
"""

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.audit.models import AuditSource
from backend.audit.service import system_actor
from backend.catalog.models import Organisation
from backend.notifications.service import deliver_pending
from backend.plans.models import ActionState, ParticipationRole
from backend.reporting import workflow
from backend.reporting.models import (
    ActionReport,
    Contribution,
    CycleState,
    IndicatorValue,
    RagStatus,
    ReportingCycle,
    ReportState,
    ValueSource,
)
from backend.settings import Settings
from seed.demo_plans import (
    COMMON_INDICATORS,
    LEADER_INDICATORS,
    RANDOM_SEED,
    TOPIC_INDICATORS,
    Action,
    Plan,
    draw_state,
    figure,
)
from seed.demo_texts import contribution_text, report_texts
from seed.reference import SeedReport
from seed.shared import CycleSpec, ReferenceIds, ensure_cycles
from seed.store import ensure, existing_ids

# The open cycle opened three weeks ago and is due in ten days: the first step of the
# reminder ladder (two weeks before the due date) was reached four days ago.
OPENED_DAYS_AGO = 21
DUE_IN_DAYS = 10
CLOSES_DAYS_AFTER_DUE = 16
# A half-year's cycle opens some weeks before the half-year ends and closes about a month
# after: the half-year reported on is the one this many days back.
REPORTED_DAYS_AGO = 45
# When the daily tick runs (the default cron): the moment the flows moved the cycles.
TICK = dt.time(6, tzinfo=dt.UTC)
# The half-years the demo may have open: the one before must lie in the OAP 2026-2027 too.
FIRST_OPEN = (2026, 2)
LAST_OPEN = (2027, 2)
# Chance that a report or contribution is accepted / submitted / draft; the rest is not started.
CLOSED_MIX = (0.70, 0.20, 0.05)
OPEN_MIX = (0.04, 0.10, 0.28)
LATE_SHARE = 0.15
RATINGS = [RagStatus.green] * 3 + [RagStatus.amber] * 2 + [RagStatus.red]
ACTOR = system_actor(AuditSource.flow, source_ref="demo")

HalfYear = tuple[int, int]


def _half_year(day: dt.date) -> HalfYear:
    return (day.year, 1 if day.month <= 6 else 2)


def _before(half: HalfYear) -> HalfYear:
    year, number = half
    return (year, 1) if number == 2 else (year - 1, 2)


def _period(half: HalfYear) -> tuple[dt.date, dt.date]:
    year, number = half
    if number == 1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return dt.date(year, 7, 1), dt.date(year, 12, 31)


def cycle_specs(today: dt.date) -> tuple[CycleSpec, CycleSpec]:
    """The demo's (closed, open) reporting cycles for the day it is loaded."""
    days = dt.timedelta
    current = min(max(_half_year(today - days(REPORTED_DAYS_AGO)), FIRST_OPEN), LAST_OPEN)
    opens_on = today - days(OPENED_DAYS_AGO)
    due_on = today + days(DUE_IN_DAYS)
    start, end = _period(current)
    open_cycle = CycleSpec(
        f"{current[0]}-H{current[1]}",
        start,
        end,
        opens_on,
        due_on,
        due_on + days(CLOSES_DAYS_AFTER_DUE),
        CycleState.planned,
        OPEN_MIX,
    )
    previous = _before(current)
    start, end = _period(previous)
    # Usually open from mid-June to the end of July; always closed before the next opened.
    closes_on = min(end + days(31), opens_on - days(1))
    due_on = min(end + days(15), closes_on - days(7))
    closed_cycle = CycleSpec(
        f"{previous[0]}-H{previous[1]}",
        start,
        end,
        min(end - days(15), due_on - days(21)),
        due_on,
        closes_on,
        CycleState.planned,
        CLOSED_MIX,
    )
    return closed_cycle, open_cycle


def at_tick(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, TICK)


@dataclass(frozen=True)
class Write:
    """A report or contribution as someone left it, and when."""

    moment: dt.datetime
    table: str
    row: dict[str, Any]


@dataclass
class CycleLife:
    """Everything the demo's cycles are made of; `live` runs one cycle's life."""

    session: Session
    report: SeedReport
    ids: ReferenceIds
    plans: Sequence[Plan]
    action_id: Callable[[Plan, Action], int]
    participation_ids: dict[tuple[Any, ...], int]
    users: dict[str, int]
    today: dt.date
    settings: Settings | None
    rng: random.Random = field(default_factory=lambda: random.Random(RANDOM_SEED + 1))
    names: dict[str, str] = field(default_factory=dict)

    def live(self, spec: CycleSpec, cycle_id: int, *, close: bool) -> None:
        session = self.session
        opened_at = at_tick(spec.opens_on)
        workflow.start_opening(session, cycle_id=cycle_id, actor=ACTOR, now=opened_at)
        plan_ids = workflow.plans_to_open(session, cycle_id=cycle_id)
        for plan_id in plan_ids:
            workflow.create_reports(
                session, cycle_id=cycle_id, plan_id=plan_id, actor=ACTOR, now=opened_at
            )
        for plan_id in plan_ids:
            workflow.create_contributions(
                session, cycle_id=cycle_id, plan_id=plan_id, actor=ACTOR, now=opened_at
            )
        workflow.notify_opening(session, cycle_id=cycle_id, now=opened_at)
        self._deliver(opened_at)

        # Written before the cycle closes, or before today while it is open.
        until = at_tick(spec.closes_on) if close else at_tick(self.today) - dt.timedelta(hours=6)
        writes, values = self._writes(spec, cycle_id, opened_at, until)
        cycle = workflow.get_cycle(session, cycle_id)
        for day in self._reminder_days(cycle, until.date()):
            moment = at_tick(day)
            self._write([w for w in writes if w.moment < moment])
            writes = [w for w in writes if w.moment >= moment]
            workflow.send_reminders(session, cycle_id=cycle_id, today=day, now=moment)
            self._deliver(moment)
        self._write(writes)
        _, count = ensure(
            session,
            IndicatorValue,
            ["reporting_cycle_id", "action_id", "organisation_id", "indicator_id"],
            values,
        )
        self.report.add("indicator_values", count)
        self._count(cycle_id)
        if not close:
            return
        closed_at = at_tick(spec.closes_on)
        workflow.close_cycle(session, cycle_id=cycle_id, actor=ACTOR, now=closed_at)
        self._deliver(closed_at)
        # The next day's tick consolidates what closed.
        consolidated_at = at_tick(spec.closes_on + dt.timedelta(days=1))
        workflow.consolidate_cycle(session, cycle_id=cycle_id, actor=ACTOR, now=consolidated_at)
        # The flow's next step, rendering the workbook to keep, is left out: it would take most
        # of the demo's load time, and the API renders the same workbook from the same final
        # figures on request when none is kept.
        self._deliver(consolidated_at)

    def _deliver(self, moment: dt.datetime) -> None:
        deliver_pending(self.session, settings=self.settings, at=moment + dt.timedelta(minutes=1))

    def _count(self, cycle_id: int) -> None:
        for name, model in (("action_reports", ActionReport), ("contributions", Contribution)):
            count = self.session.execute(
                sa.select(sa.func.count()).where(col(model.reporting_cycle_id) == cycle_id)
            ).scalar_one()
            self.report.add(name, count)

    @staticmethod
    def _reminder_days(cycle: ReportingCycle, until: dt.date) -> list[dt.date]:
        """The days the ladder's steps were reached, before `until`."""
        days = [cycle.due_on + dt.timedelta(days=step[1]) for step in workflow.LADDER]
        return sorted(day for day in days if cycle.opens_on < day < until)

    def _handed_in(
        self, spec: CycleSpec, opened_at: dt.datetime, until: dt.datetime
    ) -> dt.datetime:
        """When a report or contribution was submitted: mostly by the due date, some late."""
        rng = self.rng
        first = opened_at.date() + dt.timedelta(days=1)
        last = min(spec.due_on, until.date() - dt.timedelta(days=1))
        if rng.random() < LATE_SHARE and until.date() - spec.due_on > dt.timedelta(days=1):
            first, last = spec.due_on + dt.timedelta(days=1), until.date() - dt.timedelta(days=1)
        else:
            first = max(first, last - dt.timedelta(days=20))
        day = first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
        minutes = rng.randrange(8 * 60, 18 * 60)
        return dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)

    def _reviewed(self, submitted: dt.datetime, until: dt.datetime) -> dt.datetime | None:
        reviewed = submitted + dt.timedelta(days=self.rng.randint(1, 10), hours=2)
        return reviewed if reviewed < until else None

    def _writes(
        self, spec: CycleSpec, cycle_id: int, opened_at: dt.datetime, until: dt.datetime
    ) -> tuple[list[Write], list[dict[str, Any]]]:
        rng = self.rng
        report_ids = existing_ids(self.session, ActionReport, ["reporting_cycle_id", "action_id"])
        contribution_ids = existing_ids(
            self.session, Contribution, ["reporting_cycle_id", "participation_id"]
        )
        writes: list[Write] = []
        values: list[dict[str, Any]] = []
        drafted = opened_at + dt.timedelta(days=2)
        for plan in self.plans:
            reviewer = self.users[f"driver-{plan.short_code.lower()}"]
            for action in plan.actions:
                if (
                    action.state == ActionState.cancelled
                    or action.start_date > spec.period_end
                    or action.end_date < spec.period_start
                ):
                    continue
                the_action = self.action_id(plan, action)
                state = draw_state(rng, spec.report_mix)
                if state != ReportState.not_started:
                    rag = rng.choice(RATINGS)
                    submitted = (
                        self._handed_in(spec, opened_at, until)
                        if state != ReportState.draft
                        else None
                    )
                    reviewed = (
                        self._reviewed(submitted, until)
                        if submitted and state == ReportState.accepted
                        else None
                    )
                    if state == ReportState.accepted and reviewed is None:
                        state = ReportState.submitted
                    leader = self.users.get(f"leader-{action.leader.lower()}")
                    row = {
                        "id": report_ids[(cycle_id, the_action)],
                        "state": state,
                        "rag_status": rag,
                        **report_texts(rng, rag, spec.code),
                        "submitted_at": submitted,
                        "submitted_by_id": leader if submitted else None,
                        "reviewed_at": reviewed,
                        "reviewed_by_id": reviewer if reviewed else None,
                    }
                    writes.append(Write(submitted or drafted, "action_reports", row))
                self._contributions(
                    spec, cycle_id, plan, action, opened_at, until, contribution_ids, writes, values
                )
        return sorted(writes, key=lambda write: write.moment), values

    def _contributions(
        self,
        spec: CycleSpec,
        cycle_id: int,
        plan: Plan,
        action: Action,
        opened_at: dt.datetime,
        until: dt.datetime,
        contribution_ids: dict[tuple[Any, ...], int],
        writes: list[Write],
        values: list[dict[str, Any]],
    ) -> None:
        rng, ids = self.rng, self.ids
        the_action = self.action_id(plan, action)
        indicators = COMMON_INDICATORS + TOPIC_INDICATORS[plan.topic_code]
        for code, role in action.participants.items():
            participation = self.participation_ids[(the_action, ids.organisation[code])]
            state = draw_state(rng, spec.report_mix)
            if state == ReportState.not_started:
                continue
            submitted = self._handed_in(spec, opened_at, until) if state in workflow.DONE else None
            writes.append(
                Write(
                    submitted or opened_at + dt.timedelta(days=2),
                    "contributions",
                    {
                        "id": contribution_ids[(cycle_id, participation)],
                        "state": state,
                        "narrative": contribution_text(
                            rng, self.names.get(code, code), f"{plan.short_code} {action.code}"
                        ),
                        "submitted_at": submitted,
                    },
                )
            )
            if role == ParticipationRole.partner:
                continue
            reported = list(indicators)
            if role == ParticipationRole.leader:
                reported += LEADER_INDICATORS
            for indicator in reported:
                text: str | None = None
                amount: Decimal | None
                if indicator == "countries_taking_part":
                    amount = Decimal(len(action.participants))
                elif indicator == "joint_investigation_team":
                    amount, text = None, rng.choice(["none", "none", "planned", "established"])
                elif rng.random() < 0.15:  # not every participant has every figure
                    continue
                else:
                    amount = figure(rng, indicator)
                values.append(
                    {
                        "reporting_cycle_id": cycle_id,
                        "action_id": the_action,
                        "organisation_id": ids.organisation[code],
                        "indicator_id": ids.indicator[indicator],
                        "value": amount,
                        "text_value": text,
                        "source": ValueSource.seed,
                        "source_ref": "demo",
                    }
                )

    def _write(self, writes: Sequence[Write]) -> None:
        """The reports and contributions as their writers left them, one UPDATE per table."""
        for table_name, model in (
            ("action_reports", ActionReport),
            ("contributions", Contribution),
        ):
            rows = [write.row for write in writes if write.table == table_name]
            if not rows:
                continue
            table: sa.Table = model.__table__  # type: ignore[union-attr]
            names = [name for name in rows[0] if name != "id"]
            statement = (
                sa.update(table)
                .where(table.c.id == sa.bindparam("row_id"))
                .values({name: sa.bindparam(f"new_{name}") for name in names})
            )
            self.session.execute(
                statement,
                [
                    {"row_id": row["id"], **{f"new_{name}": row[name] for name in names}}
                    for row in rows
                ],
            )


def load_cycles(
    session: Session,
    report: SeedReport,
    *,
    ids: ReferenceIds,
    plans: Sequence[Plan],
    action_id: Callable[[Plan, Action], int],
    participation_ids: dict[tuple[Any, ...], int],
    users: dict[str, int],
    today: dt.date,
    settings: Settings | None,
) -> None:
    """The closed and the open cycle of the demo, unless the demo's actions report already:
    a second run (on any day) changes nothing; the daily tick moves the cycles on."""
    action_ids = [action_id(plan, action) for plan in plans for action in plan.actions]
    reported = session.exec(
        select(col(ActionReport.id)).where(col(ActionReport.action_id).in_(action_ids)).limit(1)
    ).first()
    if reported is not None:
        return
    closed, current = cycle_specs(today)
    cycle_ids = ensure_cycles(session, report, ids, [closed, current])
    names = dict(session.execute(sa.select(col(Organisation.code), col(Organisation.name))).all())
    life = CycleLife(
        session, report, ids, plans, action_id, participation_ids, users, today, settings
    )
    life.names = names
    for spec, close in ((closed, True), (current, False)):
        cycle_id = cycle_ids[(spec.code,)]
        if workflow.get_cycle(session, cycle_id).state == CycleState.planned:
            life.live(spec, cycle_id, close=close)
