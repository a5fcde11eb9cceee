"""Queries behind the workbooks: what a country reports in a cycle, and what it had before."""

from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from backend.catalog.models import Indicator, Organisation, Priority
from backend.errors import InvalidInput, NotFound
from backend.plans.models import ActionPlan, OperationalAction, Participation
from backend.reporting.contributions import LOCKED
from backend.reporting.models import Contribution, IndicatorValue, ReportingCycle, ReportState
from backend.reporting.workflow import in_cycle, running_reopenings


@dataclass
class CountryRow:
    """One (action, participation) of the country in the cycle, with what is stored."""

    participation_id: int
    action_id: int
    organisation_id: int
    action_code: str
    plan_code: str
    priority: str
    title: str
    leader: str
    organisation: str
    role: str
    narrative: str = ""
    state: str = ReportState.not_started
    # Handed in (submitted or accepted) and no reopening runs: nothing of the row changes.
    locked: bool = False
    values: dict[int, Decimal | str] = field(default_factory=dict)
    previous: dict[int, Decimal | str] = field(default_factory=dict)


@dataclass
class CountryReport:
    cycle: ReportingCycle
    previous_cycle: ReportingCycle | None
    country: str
    indicators: list[Indicator]
    rows: list[CountryRow]


def previous_cycle(session: Session, *, cycle: ReportingCycle) -> ReportingCycle | None:
    return session.exec(
        select(ReportingCycle)
        .where(
            col(ReportingCycle.policy_cycle_id) == cycle.policy_cycle_id,
            col(ReportingCycle.period_end) < cycle.period_start,
        )
        .order_by(col(ReportingCycle.period_end).desc())
        .limit(1)
    ).first()


def country_report(session: Session, *, cycle_id: int, country: str) -> CountryReport:
    """Everything the country workbook of `country` in reporting cycle `cycle_id` shows."""
    cycle = session.get(ReportingCycle, cycle_id)
    if cycle is None:
        raise NotFound(f"No reporting cycle with id {cycle_id}.")
    country = country.upper()
    known = session.exec(
        select(col(Organisation.id)).where(col(Organisation.country_code) == country).limit(1)
    ).first()
    if known is None:
        raise InvalidInput("country", f"no organisation of country {country!r}")
    before = previous_cycle(session, cycle=cycle)
    indicators = list(
        session.exec(
            select(Indicator)
            .where(
                col(Indicator.policy_cycle_id) == cycle.policy_cycle_id,
                col(Indicator.active).is_(True),
            )
            .order_by(col(Indicator.position), col(Indicator.code))
        ).all()
    )
    member = sa.orm.aliased(Organisation)
    leader = sa.orm.aliased(Organisation)
    query = (
        sa.select(
            col(Participation.id),
            col(OperationalAction.id),
            col(Participation.organisation_id),
            col(OperationalAction.code),
            col(ActionPlan.code),
            col(Priority.code),
            col(OperationalAction.title),
            col(leader.code),
            col(member.code),
            col(Participation.role),
        )
        .join(OperationalAction, col(OperationalAction.id) == col(Participation.action_id))
        .join(ActionPlan, col(ActionPlan.id) == col(OperationalAction.action_plan_id))
        .join(Priority, col(Priority.id) == col(ActionPlan.priority_id))
        .join(member, col(member.id) == col(Participation.organisation_id))
        .join(leader, col(leader.id) == col(OperationalAction.leader_id))
        .where(col(member.country_code) == country, *in_cycle(cycle))
        .order_by(col(ActionPlan.code), col(OperationalAction.code), col(member.code))
    )
    rows = [
        CountryRow(
            participation_id=p_id,
            action_id=a_id,
            organisation_id=o_id,
            action_code=a_code,
            plan_code=plan,
            priority=priority,
            title=title,
            leader=leader_code,
            organisation=member_code,
            role=str(role),
        )
        for p_id, a_id, o_id, a_code, plan, priority, title, leader_code, member_code, role in (
            session.execute(query).all()
        )
    ]
    by_participation = {row.participation_id: row for row in rows}
    by_cell = {(row.action_id, row.organisation_id): row for row in rows}
    for participation_id, narrative, state in session.execute(
        sa.select(
            col(Contribution.participation_id), col(Contribution.narrative), col(Contribution.state)
        ).where(
            col(Contribution.reporting_cycle_id) == cycle.id,
            col(Contribution.participation_id).in_(list(by_participation)),
        )
    ):
        by_participation[participation_id].narrative = narrative
        by_participation[participation_id].state = str(state)
    reopened_actions, reopened_countries = running_reopenings(session, cycle_id=cycle.id or 0)
    for handed_in in rows:
        handed_in.locked = (
            handed_in.state in LOCKED
            and handed_in.action_id not in reopened_actions
            and country not in reopened_countries
        )
    cycles = {cycle.id: "values"} | ({before.id: "previous"} if before else {})
    organisation_ids = sorted({row.organisation_id for row in rows})
    for cycle_of, action_id, organisation_id, indicator_id, value, text in session.execute(
        sa.select(
            col(IndicatorValue.reporting_cycle_id),
            col(IndicatorValue.action_id),
            col(IndicatorValue.organisation_id),
            col(IndicatorValue.indicator_id),
            col(IndicatorValue.value),
            col(IndicatorValue.text_value),
        ).where(
            col(IndicatorValue.reporting_cycle_id).in_(list(cycles)),
            col(IndicatorValue.organisation_id).in_(organisation_ids),
        )
    ):
        row = by_cell.get((action_id, organisation_id))
        if row is not None:
            figure = value if value is not None else text
            assert figure is not None
            getattr(row, cycles[cycle_of])[indicator_id] = figure
    return CountryReport(cycle, before, country, indicators, rows)
