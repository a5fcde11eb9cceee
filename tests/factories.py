"""Plain factory functions: each stores one valid record, overridable field by field."""

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from backend.catalog.models import (
    Indicator,
    IndicatorKind,
    Organisation,
    OrganisationKind,
    PolicyCycle,
    Priority,
    StrategicGoal,
)
from backend.plans.models import ActionPlan, OperationalAction, Participation, ParticipationRole
from backend.reporting.models import (
    ActionReport,
    Contribution,
    IndicatorValue,
    ReportingCycle,
    ValueSource,
)

_numbers = itertools.count(1)


def _next() -> int:
    return next(_numbers)


def _store(session: Session, record: Any) -> Any:
    # Committed (a savepoint in tests): the record exists before any request, as it would.
    session.add(record)
    session.commit()
    session.refresh(record)
    return record


def make_policy_cycle(session: Session, **overrides: Any) -> PolicyCycle:
    year = 2100 - _next() % 50
    values = {"code": f"T{_next():04d}", "name": "Test cycle", "start_year": year}
    values["end_year"] = values["start_year"]
    return _store(session, PolicyCycle(**{**values, **overrides}))


def make_priority(session: Session, **overrides: Any) -> Priority:
    if "policy_cycle_id" not in overrides:
        overrides["policy_cycle_id"] = make_policy_cycle(session).id
    values = {"code": str(_next()), "name": "Test priority"}
    return _store(session, Priority(**{**values, **overrides}))


def make_goal(session: Session, **overrides: Any) -> StrategicGoal:
    if "policy_cycle_id" not in overrides:
        overrides["policy_cycle_id"] = make_policy_cycle(session).id
    values = {"code": str(_next()), "name": "Test goal"}
    return _store(session, StrategicGoal(**{**values, **overrides}))


def make_organisation(session: Session, **overrides: Any) -> Organisation:
    values = {"code": f"ORG{_next()}", "name": "Test agency", "kind": OrganisationKind.eu_agency}
    return _store(session, Organisation(**{**values, **overrides}))


def organisation(session: Session, code: str) -> Organisation:
    return session.exec(select(Organisation).where(Organisation.code == code)).one()


def make_indicator(session: Session, **overrides: Any) -> Indicator:
    if "policy_cycle_id" not in overrides:
        overrides["policy_cycle_id"] = make_policy_cycle(session).id
    values = {
        "code": f"kpi_{_next()}",
        "name": "Test figure",
        "unit": "items",
        "kind": IndicatorKind.integer,
        "min_value": Decimal(0),
    }
    return _store(session, Indicator(**{**values, **overrides}))


def make_plan(session: Session, **overrides: Any) -> ActionPlan:
    if "priority_id" not in overrides:
        overrides["priority_id"] = make_priority(session).id
    if "driver_id" not in overrides:
        overrides["driver_id"] = organisation(session, "NL").id
    number = _next()
    values = {
        "code": f"OAP T{number}",
        "short_code": f"T{number}",
        "name": "Test plan",
        "period": "2026-2027",
    }
    return _store(session, ActionPlan(**{**values, **overrides}))


def make_action(session: Session, **overrides: Any) -> OperationalAction:
    """An action with its leader's participation, as the service would store it."""
    if "action_plan_id" not in overrides:
        overrides["action_plan_id"] = make_plan(session).id
    if "strategic_goal_id" not in overrides:
        plan = session.get(ActionPlan, overrides["action_plan_id"])
        priority = session.get(Priority, plan.priority_id) if plan else None
        assert priority is not None
        overrides["strategic_goal_id"] = make_goal(
            session, policy_cycle_id=priority.policy_cycle_id
        ).id
    if "leader_id" not in overrides:
        overrides["leader_id"] = organisation(session, "DE").id
    values = {
        "code": f"OA 1.{_next()}",
        "title": "Test action",
        "start_date": dt.date(2026, 1, 1),
        "end_date": dt.date(2027, 12, 31),
    }
    action = _store(session, OperationalAction(**{**values, **overrides}))
    make_participation(
        session,
        action_id=action.id,
        organisation_id=action.leader_id,
        role=ParticipationRole.leader,
    )
    return action


def make_participation(session: Session, **overrides: Any) -> Participation:
    if "action_id" not in overrides:
        overrides["action_id"] = make_action(session).id
    if "organisation_id" not in overrides:
        overrides["organisation_id"] = make_organisation(session).id
    return _store(session, Participation(**overrides))


def make_reporting_cycle(session: Session, **overrides: Any) -> ReportingCycle:
    if "policy_cycle_id" not in overrides:
        overrides["policy_cycle_id"] = make_policy_cycle(session).id
    year = 2100 + _next() % 800
    values = {
        "code": f"{year}-H1",
        "period_start": dt.date(year, 1, 1),
        "period_end": dt.date(year, 6, 30),
        "opens_on": dt.date(year, 6, 15),
        "due_on": dt.date(year, 7, 15),
        "closes_on": dt.date(year, 7, 31),
    }
    return _store(session, ReportingCycle(**{**values, **overrides}))


def make_report(session: Session, **overrides: Any) -> ActionReport:
    if "reporting_cycle_id" not in overrides:
        overrides["reporting_cycle_id"] = make_reporting_cycle(session).id
    if "action_id" not in overrides:
        overrides["action_id"] = make_action(session).id
    return _store(session, ActionReport(**overrides))


def make_contribution(session: Session, **overrides: Any) -> Contribution:
    if "reporting_cycle_id" not in overrides:
        overrides["reporting_cycle_id"] = make_reporting_cycle(session).id
    if "participation_id" not in overrides:
        overrides["participation_id"] = make_participation(session).id
    return _store(session, Contribution(**overrides))


def make_value(session: Session, **overrides: Any) -> IndicatorValue:
    """A figure for an action's leader in a reporting cycle of the action's policy cycle."""
    if "action_id" not in overrides:
        overrides["action_id"] = make_action(session).id
    action = session.get(OperationalAction, overrides["action_id"])
    assert action is not None
    overrides.setdefault("organisation_id", action.leader_id)
    if "reporting_cycle_id" not in overrides or "indicator_id" not in overrides:
        goal = session.get(StrategicGoal, action.strategic_goal_id)
        assert goal is not None
        overrides.setdefault(
            "reporting_cycle_id",
            make_reporting_cycle(session, policy_cycle_id=goal.policy_cycle_id).id,
        )
        overrides.setdefault(
            "indicator_id", make_indicator(session, policy_cycle_id=goal.policy_cycle_id).id
        )
    values = {"value": Decimal(7), "source": ValueSource.web}
    return _store(session, IndicatorValue(**{**values, **overrides}))
