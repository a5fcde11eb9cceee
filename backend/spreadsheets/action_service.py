"""Queries behind the action workbook: one action's report and every participant's part."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.access.policy import Operation, Principal, condition
from backend.catalog.models import Indicator, Organisation, Priority, StrategicGoal
from backend.errors import InvalidInput, NotFound
from backend.plans.models import ActionPlan, OperationalAction, Participation, ParticipationRole
from backend.reporting.models import (
    ActionReport,
    Contribution,
    IndicatorValue,
    ReportingCycle,
    ReportState,
)
from backend.spreadsheets.service import previous_cycle

# Leaders first, then co-leaders, participants and partners, as an action's page lists them.
ROLE_ORDER = [
    ParticipationRole.leader,
    ParticipationRole.co_leader,
    ParticipationRole.participant,
    ParticipationRole.partner,
]


@dataclass
class ContributionRow:
    """One participation of the action, with what it reported in the cycle and before."""

    participation_id: int
    organisation_id: int
    organisation: str
    organisation_name: str
    country: str
    role: str
    state: str = ReportState.not_started
    narrative: str = ""
    submitted_at: dt.datetime | None = None
    values: dict[int, Decimal | str] = field(default_factory=dict)
    previous: dict[int, Decimal | str] = field(default_factory=dict)


@dataclass
class ActionCycleReport:
    """Everything the action workbook of one action in one reporting cycle shows."""

    cycle: ReportingCycle
    previous_cycle: ReportingCycle | None
    action: OperationalAction
    plan: ActionPlan
    priority: Priority
    goal: StrategicGoal
    leader: Organisation
    report: ActionReport | None
    indicators: list[Indicator]
    rows: list[ContributionRow]


def readable_action(
    session: Session, *, action_id: int, principal: Principal
) -> OperationalAction | None:
    """The action if `principal` may download its workbook; None if unknown or refused."""
    return session.exec(
        select(OperationalAction).where(
            col(OperationalAction.id) == action_id,
            condition(principal, "action-workbooks", Operation.read),
        )
    ).first()


def action_exists(session: Session, *, action_id: int) -> bool:
    return (
        session.exec(
            select(col(OperationalAction.id)).where(col(OperationalAction.id) == action_id)
        ).first()
        is not None
    )


def active_indicators(session: Session, *, policy_cycle_id: int) -> list[Indicator]:
    return list(
        session.exec(
            select(Indicator)
            .where(
                col(Indicator.policy_cycle_id) == policy_cycle_id,
                col(Indicator.active).is_(True),
            )
            .order_by(col(Indicator.position), col(Indicator.code))
        ).all()
    )


def action_cycle_report(
    session: Session, *, cycle_id: int, action: OperationalAction
) -> ActionCycleReport:
    """The report, contributions and figures of `action` in reporting cycle `cycle_id`."""
    cycle = session.get(ReportingCycle, cycle_id)
    if cycle is None:
        raise NotFound(f"No reporting cycle with id {cycle_id}.")
    plan = session.get(ActionPlan, action.action_plan_id)
    priority = session.get(Priority, plan.priority_id) if plan else None
    goal = session.get(StrategicGoal, action.strategic_goal_id)
    leader = session.get(Organisation, action.leader_id)
    assert plan is not None and priority is not None and goal is not None and leader is not None
    if priority.policy_cycle_id != cycle.policy_cycle_id:
        raise InvalidInput(
            "action", f"{action.code} is not an action of the policy cycle of {cycle.code}"
        )
    before = previous_cycle(session, cycle=cycle)
    report = session.exec(
        select(ActionReport).where(
            col(ActionReport.reporting_cycle_id) == cycle.id,
            col(ActionReport.action_id) == action.id,
        )
    ).first()
    role_rank = sa.case(
        {role: rank for rank, role in enumerate(ROLE_ORDER)},
        value=col(Participation.role),
        else_=len(ROLE_ORDER),
    )
    query = (
        sa.select(
            col(Participation.id),
            col(Participation.organisation_id),
            col(Organisation.code),
            col(Organisation.name),
            col(Organisation.country_code),
            col(Participation.role),
            col(Contribution.state),
            col(Contribution.narrative),
            col(Contribution.submitted_at),
        )
        .join(Organisation, col(Organisation.id) == col(Participation.organisation_id))
        .outerjoin(
            Contribution,
            sa.and_(
                col(Contribution.participation_id) == col(Participation.id),
                col(Contribution.reporting_cycle_id) == cycle.id,
            ),
        )
        .where(col(Participation.action_id) == action.id)
        .order_by(role_rank, col(Organisation.code))
    )
    rows = [
        ContributionRow(
            participation_id=participation_id,
            organisation_id=organisation_id,
            organisation=code,
            organisation_name=name,
            country=country or "",
            role=str(role),
            state=str(state or ReportState.not_started),
            narrative=narrative or "",
            submitted_at=submitted_at,
        )
        for (
            participation_id,
            organisation_id,
            code,
            name,
            country,
            role,
            state,
            narrative,
            submitted_at,
        ) in session.execute(query).all()
    ]
    by_organisation = {row.organisation_id: row for row in rows}
    cycles = {cycle.id: "values"} | ({before.id: "previous"} if before else {})
    for cycle_of, organisation_id, indicator_id, value, text in session.execute(
        sa.select(
            col(IndicatorValue.reporting_cycle_id),
            col(IndicatorValue.organisation_id),
            col(IndicatorValue.indicator_id),
            col(IndicatorValue.value),
            col(IndicatorValue.text_value),
        ).where(
            col(IndicatorValue.action_id) == action.id,
            col(IndicatorValue.reporting_cycle_id).in_(list(cycles)),
        )
    ):
        row = by_organisation.get(organisation_id)
        if row is not None:
            figure = value if value is not None else text
            assert figure is not None
            getattr(row, cycles[cycle_of])[indicator_id] = figure
    return ActionCycleReport(
        cycle=cycle,
        previous_cycle=before,
        action=action,
        plan=plan,
        priority=priority,
        goal=goal,
        leader=leader,
        report=report,
        indicators=active_indicators(session, policy_cycle_id=cycle.policy_cycle_id),
        rows=rows,
    )
