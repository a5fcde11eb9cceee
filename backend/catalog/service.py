"""Queries and rules of the catalog."""

from typing import Any

from sqlmodel import Session, select

from backend.catalog.models import (
    Indicator,
    IndicatorCreate,
    Organisation,
    OrganisationCreate,
    PolicyCycle,
    PolicyCycleCreate,
    Priority,
    PriorityCreate,
    StrategicGoal,
    StrategicGoalCreate,
    SubPriority,
    SubPriorityCreate,
)
from backend.resources import ResourceService

policy_cycles = ResourceService(
    PolicyCycle, validator=PolicyCycleCreate, search=[PolicyCycle.code, PolicyCycle.name]
)
priorities = ResourceService(
    Priority, validator=PriorityCreate, search=[Priority.code, Priority.name]
)
sub_priorities = ResourceService(
    SubPriority, validator=SubPriorityCreate, search=[SubPriority.code, SubPriority.name]
)
strategic_goals = ResourceService(
    StrategicGoal, validator=StrategicGoalCreate, search=[StrategicGoal.code, StrategicGoal.name]
)
organisations = ResourceService(
    Organisation,
    validator=OrganisationCreate,
    search=[Organisation.code, Organisation.name, Organisation.country_code],
)
indicators = ResourceService(
    Indicator, validator=IndicatorCreate, search=[Indicator.code, Indicator.name]
)


def policy_cycle_of_priority(session: Session, *, priority_id: int) -> int | None:
    return session.exec(select(Priority.policy_cycle_id).where(Priority.id == priority_id)).first()


def organisation_ids_by_code(session: Session) -> dict[str, int]:
    rows: Any = session.exec(select(Organisation.code, Organisation.id)).all()
    return dict(rows)
