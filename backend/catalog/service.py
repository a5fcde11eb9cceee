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

policy_cycles = ResourceService(PolicyCycle, validator=PolicyCycleCreate, search=["code", "name"])
priorities = ResourceService(Priority, validator=PriorityCreate, search=["code", "name"])
sub_priorities = ResourceService(SubPriority, validator=SubPriorityCreate, search=["code", "name"])
strategic_goals = ResourceService(
    StrategicGoal, validator=StrategicGoalCreate, search=["code", "name"]
)
organisations = ResourceService(
    Organisation,
    validator=OrganisationCreate,
    search=["code", "name", "country_code"],
)
indicators = ResourceService(Indicator, validator=IndicatorCreate, search=["code", "name"])


def policy_cycle_of_priority(session: Session, *, priority_id: int) -> int | None:
    return session.exec(select(Priority.policy_cycle_id).where(Priority.id == priority_id)).first()


def organisation_ids_by_code(session: Session) -> dict[str, int]:
    rows: Any = session.exec(select(Organisation.code, Organisation.id)).all()
    return dict(rows)
