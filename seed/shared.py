"""What the demo and the stress data set share: reference ids by code, plans and cycles."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Session, col

from backend.catalog.models import (
    Indicator,
    Organisation,
    PolicyCycle,
    Priority,
    StrategicGoal,
    SubPriority,
)
from backend.plans.models import ActionPlan
from backend.reporting.models import CycleState, ReportingCycle
from seed.reference import SeedReport
from seed.store import ensure, existing_ids

POLICY_CYCLE = "2026-2029"
PERIOD = "2026-2027"


@dataclass(frozen=True)
class CycleSpec:
    code: str
    period_start: dt.date
    period_end: dt.date
    opens_on: dt.date
    due_on: dt.date
    closes_on: dt.date
    state: CycleState
    # Chance that a report is accepted / submitted / draft; the rest is not started.
    report_mix: tuple[float, float, float]


class ReferenceIds:
    """Ids of the reference rows the demo refers to, by their codes."""

    def __init__(self, session: Session) -> None:
        self.session = session
        cycles = existing_ids(session, PolicyCycle, ["code"])
        self.policy_cycle = cycles[(POLICY_CYCLE,)]
        self.priority = {
            code: id_
            for (cycle, code), id_ in existing_ids(
                session, Priority, ["policy_cycle_id", "code"]
            ).items()
            if cycle == self.policy_cycle
        }
        priority_of = {id_: code for code, id_ in self.priority.items()}
        self.sub_priority = {
            code: id_
            for (priority, code), id_ in existing_ids(
                session, SubPriority, ["priority_id", "code"]
            ).items()
            if priority in priority_of
        }
        self.goal = {
            code: id_
            for (cycle, code), id_ in existing_ids(
                session, StrategicGoal, ["policy_cycle_id", "code"]
            ).items()
            if cycle == self.policy_cycle
        }
        self.indicator = {
            code: id_
            for (cycle, code), id_ in existing_ids(
                session, Indicator, ["policy_cycle_id", "code"]
            ).items()
            if cycle == self.policy_cycle
        }
        self.organisation = {
            code: id_ for (code,), id_ in existing_ids(session, Organisation, ["code"]).items()
        }

    def topics(self) -> list[tuple[str, str | None, str]]:
        """One (priority, sub-priority, name) per plan: sub-priorities get their own plan."""
        subs: dict[str, list[tuple[str, str]]] = defaultdict(list)
        rows = self.session.execute(
            sa.select(col(Priority.code), col(SubPriority.code), col(SubPriority.name))
            .join(SubPriority, col(SubPriority.priority_id) == col(Priority.id))
            .where(col(Priority.policy_cycle_id) == self.policy_cycle)
        )
        for priority_code, sub_code, sub_name in rows:
            subs[priority_code].append((sub_code, sub_name))
        names: dict[str, str] = dict(
            self.session.execute(
                sa.select(col(Priority.code), col(Priority.name)).where(
                    col(Priority.policy_cycle_id) == self.policy_cycle
                )
            ).all()
        )
        topics: list[tuple[str, str | None, str]] = []
        for priority_code in sorted(names, key=int):
            if subs[priority_code]:
                for sub_code, sub_name in sorted(subs[priority_code]):
                    topics.append((priority_code, sub_code, sub_name))
            else:
                topics.append((priority_code, None, names[priority_code]))
        return topics


class PlanRow(Protocol):
    """What an action plan's row is made of, in the demo's and the stress data set's plans."""

    @property
    def code(self) -> str: ...
    @property
    def short_code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def priority_code(self) -> str: ...
    @property
    def sub_priority_code(self) -> str | None: ...
    @property
    def driver(self) -> str: ...


def ensure_plans(
    session: Session,
    report: SeedReport,
    ids: "ReferenceIds",
    plans: Sequence[PlanRow],
    period: str = PERIOD,
) -> dict[tuple[Any, ...], int]:
    """The action plans of `period`, inserted when missing; their ids by (code,)."""
    plan_ids, count = ensure(
        session,
        ActionPlan,
        ["code"],
        (
            {
                "priority_id": ids.priority[plan.priority_code],
                "sub_priority_id": ids.sub_priority.get(plan.sub_priority_code or ""),
                "code": plan.code,
                "short_code": plan.short_code,
                "name": plan.name,
                "period": period,
                "driver_id": ids.organisation[plan.driver],
            }
            for plan in plans
        ),
    )
    report.add("action_plans", count)
    return plan_ids


def ensure_cycles(
    session: Session, report: SeedReport, ids: "ReferenceIds", cycles: Sequence[Any]
) -> dict[tuple[Any, ...], int]:
    """The reporting cycles, inserted when missing; their ids by (code,)."""
    cycle_ids, count = ensure(
        session,
        ReportingCycle,
        ["code"],
        (
            {
                "policy_cycle_id": ids.policy_cycle,
                "code": spec.code,
                "period_start": spec.period_start,
                "period_end": spec.period_end,
                "opens_on": spec.opens_on,
                "due_on": spec.due_on,
                "closes_on": spec.closes_on,
                "state": spec.state,
            }
            for spec in cycles
        ),
    )
    report.add("reporting_cycles", count)
    return cycle_ids
