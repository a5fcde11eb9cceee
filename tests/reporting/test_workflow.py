"""The life of a reporting cycle on the demo data, through the service functions the flows call."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from backend import i18n
from backend.access.models import Role, RoleGrant, User
from backend.audit.models import AuditSource
from backend.audit.service import system_actor
from backend.catalog.models import Aggregation, Indicator, Organisation, Priority, StrategicGoal
from backend.errors import Conflict
from backend.notifications.models import Notification
from backend.plans.models import ActionPlan, ActionState, OperationalAction, Participation
from backend.reporting import workflow
from backend.reporting.models import (
    ActionReport,
    Contribution,
    CycleFlow,
    CycleState,
    IndicatorValue,
    ReportingCycle,
    ReportState,
)
from tests.demo_cycles import CLOSED_CYCLE, FREE_HALF_YEAR, OPEN_CYCLE

ACTOR = system_actor(AuditSource.flow)


def new_cycle(
    session: Session, code: str = FREE_HALF_YEAR.code, **dates: dt.date
) -> ReportingCycle:
    """A planned cycle in the demo's policy cycle, beside the demo's own two: by default on the
    half-year the demo leaves free, with that half-year's standard dates."""
    demo = session.exec(select(ReportingCycle).where(col(ReportingCycle.code) == OPEN_CYCLE)).one()
    half = FREE_HALF_YEAR
    cycle = ReportingCycle(
        policy_cycle_id=demo.policy_cycle_id,
        code=code,
        period_start=dates.get("period_start", half.start),
        period_end=dates.get("period_end", half.end),
        opens_on=dates.get("opens_on", half.opens_on),
        due_on=dates.get("due_on", half.due_on),
        closes_on=dates.get("closes_on", half.closes_on),
    )
    session.add(cycle)
    session.commit()
    return cycle


def open_all(session: Session, cycle_id: int) -> None:
    workflow.start_opening(session, cycle_id=cycle_id, actor=ACTOR)
    for plan_id in workflow.plans_to_open(session, cycle_id=cycle_id):
        workflow.create_reports(session, cycle_id=cycle_id, plan_id=plan_id)
        workflow.create_contributions(session, cycle_id=cycle_id, plan_id=plan_id)
    workflow.notify_opening(session, cycle_id=cycle_id)
    session.commit()


def reporting_actions(session: Session, cycle: ReportingCycle) -> set[int]:
    """Computed here without the service: actions of the policy cycle, running during the
    period, not cancelled."""
    rows = session.execute(
        sa.text(
            "SELECT a.id FROM operational_actions a "
            "JOIN action_plans p ON p.id = a.action_plan_id "
            "JOIN priorities r ON r.id = p.priority_id "
            "WHERE r.policy_cycle_id = :policy AND a.state <> 'cancelled' "
            "AND a.start_date <= :end AND a.end_date >= :start"
        ),
        {"policy": cycle.policy_cycle_id, "start": cycle.period_start, "end": cycle.period_end},
    )
    return {row[0] for row in rows}


def count(session: Session, model: Any, cycle_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(model).where(model.reporting_cycle_id == cycle_id)
    ).one()


class TestOpening:
    def test_every_reporting_action_gets_one_report_and_every_participation_one_contribution(
        self, session: Session
    ) -> None:
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        expected = reporting_actions(session, cycle)
        assert expected
        reports = session.exec(
            select(col(ActionReport.action_id)).where(
                col(ActionReport.reporting_cycle_id) == cycle.id
            )
        ).all()
        assert sorted(reports) == sorted(expected)
        participations = session.exec(
            select(func.count()).where(col(Participation.action_id).in_(expected))
        ).one()
        assert count(session, Contribution, cycle.id or 0) == participations
        session.refresh(cycle)
        assert cycle.state == CycleState.open

    def test_opening_twice_creates_and_sends_nothing_more(self, session: Session) -> None:
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        before = {
            name: count(session, model, cycle.id or 0)
            for name, model in (
                ("reports", ActionReport),
                ("contributions", Contribution),
                ("notifications", Notification),
            )
        }
        assert before["notifications"] > 0
        open_all(session, cycle.id or 0)
        after = {
            name: count(session, model, cycle.id or 0)
            for name, model in (
                ("reports", ActionReport),
                ("contributions", Contribution),
                ("notifications", Notification),
            )
        }
        assert after == before

    def test_a_cancelled_action_gets_no_report(self, session: Session) -> None:
        cycle = new_cycle(session)
        action = session.exec(select(OperationalAction).limit(1)).one()
        action.state = ActionState.cancelled
        session.add(action)
        session.commit()
        open_all(session, cycle.id or 0)
        reported = session.exec(
            select(func.count()).where(
                col(ActionReport.reporting_cycle_id) == cycle.id,
                col(ActionReport.action_id) == action.id,
            )
        ).one()
        assert reported == 0

    def test_the_opening_message_tells_a_coordinator_what_its_country_owes(
        self, session: Session
    ) -> None:
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        nec_de = session.exec(select(User).where(col(User.username) == "nec-de")).one()
        (message,) = session.exec(
            select(Notification).where(
                col(Notification.user_id) == nec_de.id,
                col(Notification.reporting_cycle_id) == cycle.id,
            )
        ).all()
        due = i18n.date(FREE_HALF_YEAR.due_on, "en")  # as in "15 Jul 2027"
        assert FREE_HALF_YEAR.code in message.subject and due in message.subject
        assert "Contributions of DE" in message.body
        assert "country-workbook?country=DE" in message.body

    def test_a_closed_cycle_does_not_open_again(self, session: Session) -> None:
        closed = session.exec(
            select(ReportingCycle).where(col(ReportingCycle.code) == CLOSED_CYCLE)
        ).one()
        with pytest.raises(Conflict, match="cannot open again"):
            workflow.start_opening(session, cycle_id=closed.id or 0, actor=ACTOR)


def users_with(session: Session, role: Role, **scope: Any) -> set[int]:
    query = select(col(RoleGrant.user_id)).where(col(RoleGrant.role) == role)
    for name, value in scope.items():
        query = query.where(getattr(RoleGrant, name) == value)
    return set(session.exec(query).all())


def recipients(session: Session, cycle_id: int, key_part: str) -> set[int]:
    return set(
        session.exec(
            select(col(Notification.user_id)).where(
                col(Notification.reporting_cycle_id) == cycle_id,
                col(Notification.key).contains(key_part),
            )
        ).all()
    )


class TestReminders:
    def test_the_ladder_steps_follow_the_due_date(self, session: Session) -> None:
        cycle = new_cycle(session)
        cycle.state = CycleState.open
        due = cycle.due_on
        steps = {
            offset: (workflow.reminder_step(cycle, due + dt.timedelta(days=offset)) or ("",))[0]
            for offset in (-20, -14, -10, -7, -1, 0, 2, 3, 6, 7, 10)
        }
        assert steps == {
            -20: "",
            -14: "due-in-14",
            -10: "due-in-14",
            -7: "due-in-7",
            -1: "due-in-1",
            0: "due-in-1",
            2: "due-in-1",
            3: "overdue-3",
            6: "overdue-3",
            7: "overdue-7",
            10: "overdue-7",
        }
        cycle.state = CycleState.closed
        assert workflow.reminder_step(cycle, due) is None

    def test_before_the_due_date_whoever_owes_gets_one_digest_per_step(
        self, session: Session
    ) -> None:
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        day = cycle.due_on - dt.timedelta(days=7)
        sent = workflow.send_reminders(session, cycle_id=cycle.id or 0, today=day)
        assert sent > 0
        assert workflow.send_reminders(session, cycle_id=cycle.id or 0, today=day) == 0
        reminded = recipients(session, cycle.id or 0, "reminder:due-in-7")
        assert len(reminded) == sent
        assert users_with(session, Role.nec, country_code="DE") <= reminded
        owers = set().union(
            *(users_with(session, role) for role in (Role.leader, Role.nec, Role.participant))
        )
        assert reminded <= owers
        assert not (users_with(session, Role.europol) - owers) & reminded

    def test_nothing_owed_means_no_reminder(self, session: Session) -> None:
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        models: list[Any] = [ActionReport, Contribution]
        for model in models:
            session.execute(
                sa.update(model)
                .where(col(model.reporting_cycle_id) == cycle.id)
                .values(state=ReportState.submitted)
            )
        session.commit()
        day = cycle.due_on - dt.timedelta(days=1)
        assert workflow.send_reminders(session, cycle_id=cycle.id or 0, today=day) == 0

    def test_a_week_overdue_the_drivers_and_europol_hear_of_it(self, session: Session) -> None:
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        day = cycle.due_on + dt.timedelta(days=7)
        workflow.send_reminders(session, cycle_id=cycle.id or 0, today=day)
        reminded = recipients(session, cycle.id or 0, "reminder:overdue-7")
        assert users_with(session, Role.europol) <= reminded
        assert users_with(session, Role.driver) & reminded
        assert not users_with(session, Role.nec) & reminded - users_with(session, Role.europol)


def close(session: Session, cycle: ReportingCycle) -> dict[str, int]:
    result = workflow.close_cycle(session, cycle_id=cycle.id or 0, actor=ACTOR)
    session.commit()
    return result


class TestClosing:
    def test_what_was_not_submitted_becomes_missing(self, session: Session) -> None:
        cycle = new_cycle(session)
        open_all(session, cycle.id or 0)
        report = session.exec(
            select(ActionReport).where(col(ActionReport.reporting_cycle_id) == cycle.id)
        ).first()
        assert report is not None
        report.state = ReportState.submitted
        session.add(report)
        session.commit()
        missing = close(session, cycle)
        session.refresh(cycle)
        assert cycle.state == CycleState.closed
        states = dict(
            session.execute(
                sa.select(col(ActionReport.state), func.count())
                .where(col(ActionReport.reporting_cycle_id) == cycle.id)
                .group_by(col(ActionReport.state))
            ).all()
        )
        assert states[ReportState.submitted] == 1
        assert states[ReportState.missing] == missing["action-reports"]
        assert set(states) == {ReportState.submitted, ReportState.missing}
        assert close(session, cycle) == {"action-reports": 0, "contributions": 0}

    def test_a_planned_cycle_cannot_close(self, session: Session) -> None:
        cycle = new_cycle(session)
        with pytest.raises(Conflict, match="never opened"):
            workflow.close_cycle(session, cycle_id=cycle.id or 0, actor=ACTOR)


def direct_totals(session: Session, cycle_id: int) -> dict[str, dict[tuple[str, str], Decimal]]:
    """Per priority, country (or organisation without one), strategic goal and in all, and
    per indicator: worked out in Python from the stored rows, one by one, by each
    indicator's rule (the sum, or the largest figure); indicators never totalled left out."""
    totals: dict[str, dict[tuple[str, str], Decimal]] = {
        name: {} for name in ("by_priority", "by_country", "by_strategic_goal", "all")
    }
    rows = session.execute(
        sa.select(
            col(Priority.code),
            col(Organisation.country_code),
            col(Organisation.code),
            col(StrategicGoal.code),
            col(Indicator.code),
            col(Indicator.aggregation),
            col(IndicatorValue.value),
        )
        .join(Indicator, col(Indicator.id) == col(IndicatorValue.indicator_id))
        .join(OperationalAction, col(OperationalAction.id) == col(IndicatorValue.action_id))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .join(Priority, col(Priority.id) == col(ActionPlan.priority_id))
        .join(StrategicGoal, col(StrategicGoal.id) == col(OperationalAction.strategic_goal_id))
        .join(Organisation, col(Organisation.id) == col(IndicatorValue.organisation_id))
        .where(
            col(IndicatorValue.reporting_cycle_id) == cycle_id,
            col(IndicatorValue.value).is_not(None),
            col(Indicator.aggregation) != Aggregation.none,
        )
    )
    for priority, country, organisation, goal, indicator, rule, value in rows:
        for name, group in (
            ("by_priority", priority),
            ("by_country", country or organisation),
            ("by_strategic_goal", goal),
            ("all", "all"),
        ):
            key = (group, indicator)
            figure = Decimal(str(value))
            if key not in totals[name]:
                totals[name][key] = figure
            elif rule == Aggregation.max:
                totals[name][key] = max(totals[name][key], figure)
            else:
                totals[name][key] += figure
    return totals


class TestConsolidating:
    def test_totals_equal_the_stored_figures_and_a_second_run_changes_nothing(
        self, session: Session
    ) -> None:
        cycle = session.exec(
            select(ReportingCycle).where(col(ReportingCycle.code) == CLOSED_CYCLE)
        ).one()
        now = dt.datetime(2026, 8, 15, tzinfo=dt.UTC)
        kept = workflow.consolidate_cycle(session, cycle_id=cycle.id or 0, actor=ACTOR, now=now)
        session.commit()
        session.refresh(cycle)
        assert cycle.state == CycleState.consolidated
        expected = direct_totals(session, cycle.id or 0)
        assert expected["by_priority"] and expected["by_country"]
        for name in ("by_priority", "by_country", "by_strategic_goal"):
            kept_totals = {
                (group, indicator): Decimal(total)
                for group, by_indicator in kept.figures[name].items()
                for indicator, total in by_indicator.items()
            }
            assert kept_totals == {key: total.normalize() for key, total in expected[name].items()}
        assert {code: Decimal(total) for code, total in kept.figures["totals"].items()} == {
            code: total.normalize() for (_, code), total in expected["all"].items()
        }
        assert "| reports |" in kept.summary and CLOSED_CYCLE in kept.summary
        # The workbook is rendered by a step of its own, from what was kept.
        assert kept.workbook == b""
        size = workflow.keep_consolidated_workbook(session, cycle_id=cycle.id or 0)
        assert size == len(kept.workbook) and kept.workbook.startswith(b"PK")

        again = workflow.consolidate_cycle(
            session, cycle_id=cycle.id or 0, actor=ACTOR, now=now + dt.timedelta(days=1)
        )
        assert again.created_at == kept.created_at and again.summary == kept.summary

    def test_an_open_cycle_is_closed_first(self, session: Session) -> None:
        cycle = session.exec(
            select(ReportingCycle).where(col(ReportingCycle.code) == OPEN_CYCLE)
        ).one()
        with pytest.raises(Conflict, match="close it first"):
            workflow.consolidate_cycle(
                session, cycle_id=cycle.id or 0, actor=ACTOR, now=dt.datetime.now(dt.UTC)
            )


class TestTheDailyTick:
    def test_each_cycle_gets_the_step_its_dates_call_for(self, session: Session) -> None:
        cycle = new_cycle(session)
        cycle_id = cycle.id or 0

        def step(day: dt.date) -> CycleFlow | None:
            return dict(workflow.due_steps(session, today=day)).get(cycle_id)

        assert step(cycle.opens_on - dt.timedelta(days=1)) is None
        assert step(cycle.opens_on) == CycleFlow.open_cycle
        open_all(session, cycle_id)
        assert step(cycle.opens_on) == CycleFlow.send_reminders
        assert step(cycle.closes_on) == CycleFlow.close_cycle
        close(session, cycle)
        assert step(cycle.closes_on + dt.timedelta(days=1)) == CycleFlow.consolidate_cycle
        workflow.consolidate_cycle(
            session, cycle_id=cycle_id, actor=ACTOR, now=dt.datetime.now(dt.UTC)
        )
        assert step(cycle.closes_on + dt.timedelta(days=2)) is None
