"""Tables and schemas of action plans, operational actions and participations."""

import datetime as dt
import enum
from decimal import Decimal
from typing import Annotated

import sqlalchemy as sa
from pydantic import model_validator
from sqlmodel import Field, Relationship, SQLModel

from backend import i18n
from backend.catalog.models import Organisation
from backend.errors import field_label
from backend.plans import texts  # noqa: F401 - its words, wherever its records go
from backend.records import JsonDecimal, Pattern, RuleBroken, Versioned, enum_type

PERIOD_PATTERN = r"^\d{4}(-\d{4})?$"
SHORT_CODE_PATTERN = r"^[A-Z0-9][A-Z0-9-]*$"


class ActionPlanCoDriver(SQLModel, table=True):
    """A co-driver of a plan: a Member State authority sharing the driver's work."""

    __tablename__ = "action_plan_co_drivers"
    action_plan_id: int = Field(foreign_key="action_plans.id", primary_key=True, ondelete="CASCADE")
    organisation_id: int = Field(foreign_key="organisations.id", primary_key=True, index=True)


class ActionPlanBase(SQLModel):
    priority_id: int = Field(foreign_key="priorities.id", index=True)
    sub_priority_id: int | None = Field(default=None, index=True)
    code: str = Field(min_length=1, max_length=40, description="e.g. OAP 2026-2027 3.1")
    short_code: Annotated[str, Pattern(SHORT_CODE_PATTERN)] = Field(
        max_length=20, description="Short name used in account names, e.g. CYBER"
    )
    name: str = Field(min_length=1, max_length=300)
    period: Annotated[str, Pattern(PERIOD_PATTERN)] = Field(
        max_length=9, description="e.g. 2026-2027"
    )
    driver_id: int = Field(foreign_key="organisations.id", index=True)

    @model_validator(mode="after")
    def _period_in_order(self) -> "ActionPlanBase":
        years = [int(part) for part in self.period.split("-")]
        if years != sorted(years):
            raise RuleBroken("period", i18n.message("plans.period_forwards"))
        return self


class ActionPlan(ActionPlanBase, Versioned, table=True):
    """An operational action plan (OAP) of one priority, or one of its sub-priorities."""

    __tablename__ = "action_plans"
    __table_args__ = (
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("short_code"),
        # A sub-priority must belong to the plan's priority.
        sa.ForeignKeyConstraint(
            ["priority_id", "sub_priority_id"], ["sub_priorities.priority_id", "sub_priorities.id"]
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    co_drivers: list[Organisation] = Relationship(
        link_model=ActionPlanCoDriver, sa_relationship_kwargs={"lazy": "selectin"}
    )

    @property
    def co_driver_ids(self) -> list[int]:
        return sorted(organisation.id for organisation in self.co_drivers if organisation.id)


class ActionPlanCreate(ActionPlanBase):
    co_driver_ids: list[int] = Field(default_factory=list, max_length=10)


class ActionPlanUpdate(SQLModel):
    sub_priority_id: int | None = None
    code: str | None = Field(default=None, min_length=1, max_length=40)
    short_code: Annotated[str, Pattern(SHORT_CODE_PATTERN)] | None = Field(
        default=None, max_length=20
    )
    name: str | None = Field(default=None, min_length=1, max_length=300)
    period: Annotated[str, Pattern(PERIOD_PATTERN)] | None = Field(default=None, max_length=9)
    driver_id: int | None = None
    co_driver_ids: list[int] | None = Field(default=None, max_length=10)
    version: int


class ActionPlanPublic(ActionPlanBase):
    id: int
    version: int
    co_driver_ids: list[int]


class ActionState(enum.StrEnum):
    planned = "planned"
    ongoing = "ongoing"
    completed = "completed"
    cancelled = "cancelled"


ACTION_CODE_PATTERN = r"^OA \d{1,2}\.\d{1,3}$"


class OperationalActionBase(SQLModel):
    action_plan_id: int = Field(foreign_key="action_plans.id", index=True)
    code: Annotated[str, Pattern(ACTION_CODE_PATTERN)] = Field(
        max_length=12, description="e.g. OA 3.2"
    )
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=20_000)
    strategic_goal_id: int = Field(foreign_key="strategic_goals.id", index=True)
    leader_id: int = Field(foreign_key="organisations.id", index=True)
    start_date: dt.date
    end_date: dt.date
    state: ActionState = Field(
        default=ActionState.planned, sa_type=enum_type(ActionState, "action_state")
    )
    expected_results: str = Field(default="", max_length=20_000)
    budget_eur: JsonDecimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    grant_reference: str = Field(default="", max_length=40)

    @model_validator(mode="after")
    def _dates_in_order(self) -> "OperationalActionBase":
        if self.end_date < self.start_date:
            raise RuleBroken(
                "end_date", i18n.message("errors.not_before", other=field_label("start_date"))
            )
        return self


class OperationalAction(OperationalActionBase, Versioned, table=True):
    __tablename__ = "operational_actions"
    __table_args__ = (
        sa.UniqueConstraint("action_plan_id", "code"),
        sa.CheckConstraint("end_date >= start_date", name="dates_in_order"),
        sa.CheckConstraint("budget_eur >= 0", name="budget_not_negative"),
    )
    id: int | None = Field(default=None, primary_key=True)


class OperationalActionCreate(OperationalActionBase):
    pass


class OperationalActionUpdate(SQLModel):
    code: Annotated[str, Pattern(ACTION_CODE_PATTERN)] | None = Field(default=None, max_length=12)
    title: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    strategic_goal_id: int | None = None
    leader_id: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    state: ActionState | None = None
    expected_results: str | None = Field(default=None, max_length=20_000)
    budget_eur: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    grant_reference: str | None = Field(default=None, max_length=40)
    version: int


class OperationalActionPublic(OperationalActionBase):
    id: int
    version: int
    # Read only, from the action's plan (e.g. "CCH"): codes repeat from one plan to another.
    plan_short_code: str = ""


class ParticipationRole(enum.StrEnum):
    leader = "leader"
    co_leader = "co_leader"
    participant = "participant"
    partner = "partner"


class ParticipationBase(SQLModel):
    action_id: int = Field(foreign_key="operational_actions.id", index=True)
    organisation_id: int = Field(foreign_key="organisations.id", index=True)
    role: ParticipationRole = Field(
        default=ParticipationRole.participant,
        sa_type=enum_type(ParticipationRole, "participation_role"),
    )


class Participation(ParticipationBase, Versioned, table=True):
    """One organisation taking part in one action, in one role."""

    __tablename__ = "participations"
    __table_args__ = (sa.UniqueConstraint("action_id", "organisation_id"),)
    id: int | None = Field(default=None, primary_key=True)


class ParticipationCreate(ParticipationBase):
    pass


class ParticipationUpdate(SQLModel):
    role: ParticipationRole | None = None
    version: int


class ParticipationPublic(ParticipationBase):
    id: int
    version: int
