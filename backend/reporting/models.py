"""Tables and schemas of reporting cycles and of what is reported in them."""

import datetime as dt
import enum
from decimal import Decimal
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import model_validator
from sqlmodel import Field, SQLModel

from backend import i18n
from backend.errors import field_label
from backend.records import (
    Figure,
    JsonDecimal,
    Pattern,
    RuleBroken,
    Versioned,
    enum_type,
)
from backend.reporting import texts  # noqa: F401 - its words, wherever its records go

CYCLE_CODE_PATTERN = r"^\d{4}-(H[12]|Q[1-4]|Y)$"


def _not_before(other: str) -> i18n.Message:
    return i18n.message("errors.not_before", other=field_label(other))


class CycleState(enum.StrEnum):
    planned = "planned"
    open = "open"
    closed = "closed"
    consolidated = "consolidated"


class ReportingCycleBase(SQLModel):
    policy_cycle_id: int = Field(foreign_key="policy_cycles.id", index=True)
    code: Annotated[str, Pattern(CYCLE_CODE_PATTERN)] = Field(
        max_length=10, description="e.g. 2026-H1"
    )
    period_start: dt.date
    period_end: dt.date
    opens_on: dt.date
    due_on: dt.date
    closes_on: dt.date

    @model_validator(mode="after")
    def _dates_in_order(self) -> "ReportingCycleBase":
        if self.period_end < self.period_start:
            raise RuleBroken("period_end", _not_before("period_start"))
        if self.due_on < self.opens_on:
            raise RuleBroken("due_on", _not_before("opens_on"))
        if self.closes_on < self.due_on:
            raise RuleBroken("closes_on", _not_before("due_on"))
        return self


class ReportingCycle(ReportingCycleBase, Versioned, table=True):
    """One reporting round (six-monthly by default) in which every action reports."""

    __tablename__ = "reporting_cycles"
    __table_args__ = (
        sa.UniqueConstraint("code"),
        sa.CheckConstraint("period_end >= period_start", name="period_in_order"),
        sa.CheckConstraint("opens_on <= due_on AND due_on <= closes_on", name="dates_in_order"),
    )
    id: int | None = Field(default=None, primary_key=True)
    state: CycleState = Field(
        default=CycleState.planned, sa_type=enum_type(CycleState, "cycle_state")
    )
    # The day it actually closed, which may come before or after the planned closes_on.
    closed_on: dt.date | None = None


class ReportingCycleCreate(ReportingCycleBase):
    pass


class ReportingCycleUpdate(SQLModel):
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    opens_on: dt.date | None = None
    due_on: dt.date | None = None
    closes_on: dt.date | None = None
    version: int


class ReportingCyclePublic(ReportingCycleBase):
    id: int
    version: int
    state: CycleState
    closed_on: dt.date | None = None


class ReportState(enum.StrEnum):
    not_started = "not_started"
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    accepted = "accepted"
    # Not submitted when the cycle closed.
    missing = "missing"


class RagStatus(enum.StrEnum):
    green = "green"
    amber = "amber"
    red = "red"


class ActionReportContent(SQLModel):
    rag_status: RagStatus | None = Field(
        default=None, sa_type=enum_type(RagStatus, "rag_status"), description="On track?"
    )
    progress: str = Field(default="", max_length=20_000)
    achievements: str = Field(default="", max_length=20_000)
    obstacles: str = Field(default="", max_length=20_000)
    next_steps: str = Field(default="", max_length=20_000)


class ActionReport(ActionReportContent, Versioned, table=True):
    """What one operational action reports in one cycle."""

    __tablename__ = "action_reports"
    __table_args__ = (sa.UniqueConstraint("reporting_cycle_id", "action_id"),)
    id: int | None = Field(default=None, primary_key=True)
    reporting_cycle_id: int = Field(foreign_key="reporting_cycles.id", index=True)
    action_id: int = Field(foreign_key="operational_actions.id", index=True)
    state: ReportState = Field(
        default=ReportState.not_started, sa_type=enum_type(ReportState, "report_state")
    )
    submitted_at: dt.datetime | None = None
    submitted_by_id: int | None = Field(default=None, foreign_key="users.id")
    reviewed_at: dt.datetime | None = None
    reviewed_by_id: int | None = Field(default=None, foreign_key="users.id")
    review_comment: str = Field(
        default="", max_length=5_000, sa_column_kwargs={"server_default": ""}
    )


class ActionReportCreate(ActionReportContent):
    reporting_cycle_id: int
    action_id: int


class ActionReportUpdate(SQLModel):
    rag_status: RagStatus | None = None
    progress: str | None = Field(default=None, max_length=20_000)
    achievements: str | None = Field(default=None, max_length=20_000)
    obstacles: str | None = Field(default=None, max_length=20_000)
    next_steps: str | None = Field(default=None, max_length=20_000)
    version: int


class ActionReportPublic(ActionReportContent):
    id: int
    version: int
    reporting_cycle_id: int
    action_id: int
    state: ReportState
    submitted_at: dt.datetime | None
    submitted_by_id: int | None
    reviewed_at: dt.datetime | None
    reviewed_by_id: int | None
    review_comment: str


class Contribution(Versioned, table=True):
    """What one participant reports for its part of one action in one cycle."""

    __tablename__ = "contributions"
    __table_args__ = (sa.UniqueConstraint("reporting_cycle_id", "participation_id"),)
    id: int | None = Field(default=None, primary_key=True)
    reporting_cycle_id: int = Field(foreign_key="reporting_cycles.id", index=True)
    participation_id: int = Field(foreign_key="participations.id", index=True)
    state: ReportState = Field(
        default=ReportState.not_started, sa_type=enum_type(ReportState, "contribution_state")
    )
    narrative: str = Field(default="", max_length=20_000)
    submitted_at: dt.datetime | None = None
    submitted_by_id: int | None = Field(default=None, foreign_key="users.id")
    reviewed_at: dt.datetime | None = None
    reviewed_by_id: int | None = Field(default=None, foreign_key="users.id")
    review_comment: str = Field(
        default="", max_length=5_000, sa_column_kwargs={"server_default": ""}
    )


class ContributionCreate(SQLModel):
    reporting_cycle_id: int
    participation_id: int
    narrative: str = Field(default="", max_length=20_000)


class ContributionUpdate(SQLModel):
    narrative: str | None = Field(default=None, max_length=20_000)
    version: int


class ContributionPublic(SQLModel):
    id: int
    version: int
    reporting_cycle_id: int
    participation_id: int
    state: ReportState
    narrative: str
    submitted_at: dt.datetime | None
    submitted_by_id: int | None
    reviewed_at: dt.datetime | None
    reviewed_by_id: int | None
    review_comment: str


class ValueSource(enum.StrEnum):
    """Which channel a figure came in through."""

    web = "web"
    upload = "upload"
    flow = "flow"
    seed = "seed"


class IndicatorValue(Versioned, table=True):
    """One figure: what one organisation reports for one indicator of one action in a cycle."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        sa.UniqueConstraint(
            "reporting_cycle_id",
            "action_id",
            "organisation_id",
            "indicator_id",
            name="uq_indicator_values_cell",
        ),
        # Only an organisation taking part in the action can report a figure for it.
        sa.ForeignKeyConstraint(
            ["action_id", "organisation_id"],
            ["participations.action_id", "participations.organisation_id"],
            name="fk_indicator_values_participation",
        ),
        sa.CheckConstraint(
            "(value IS NULL AND text_value IS NOT NULL)"
            " OR (value IS NOT NULL AND text_value IS NULL)",
            name="one_value",
        ),
        sa.Index("ix_indicator_values_action_cycle", "action_id", "reporting_cycle_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    reporting_cycle_id: int = Field(foreign_key="reporting_cycles.id")
    action_id: int = Field(foreign_key="operational_actions.id")
    organisation_id: int = Field(foreign_key="organisations.id", index=True)
    indicator_id: int = Field(foreign_key="indicators.id", index=True)
    value: Decimal | None = Field(default=None, max_digits=15, decimal_places=3)
    text_value: str | None = Field(default=None, max_length=200)
    source: ValueSource = Field(
        default=ValueSource.web, sa_type=enum_type(ValueSource, "value_source")
    )
    source_ref: str = Field(default="", max_length=80, description="e.g. the upload batch id")


class IndicatorValueCreate(SQLModel):
    reporting_cycle_id: int
    action_id: int
    organisation_id: int
    indicator_id: int
    value: Figure | None = None
    text_value: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _one_value(self) -> "IndicatorValueCreate":
        if (self.value is None) == (self.text_value is None):
            raise RuleBroken("value", i18n.message("reporting.one_value"))
        return self


class IndicatorValueUpdate(SQLModel):
    value: Figure | None = None
    text_value: str | None = Field(default=None, min_length=1, max_length=200)
    version: int


class IndicatorValuePublic(SQLModel):
    id: int
    version: int
    reporting_cycle_id: int
    action_id: int
    organisation_id: int
    indicator_id: int
    value: JsonDecimal | None
    text_value: str | None
    source: ValueSource
    source_ref: str


class Reopening(Versioned, table=True):
    """Europol's leave to write again in a closed cycle, for one action or one country, until
    the end of a day; after it the cycle is closed again for them by itself."""

    __tablename__ = "reopenings"
    __table_args__ = (
        sa.CheckConstraint(
            "(action_id IS NULL) <> (country_code IS NULL)", name="one_action_or_one_country"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    reporting_cycle_id: int = Field(foreign_key="reporting_cycles.id", index=True)
    action_id: int | None = Field(default=None, foreign_key="operational_actions.id")
    country_code: str | None = Field(default=None, max_length=2)
    reason: str = Field(max_length=2_000)
    until: dt.date = Field(description="the last day writes are allowed")
    granted_by_id: int | None = Field(default=None, foreign_key="users.id")
    granted_at: dt.datetime


class ReopeningCreate(SQLModel):
    reporting_cycle_id: int
    action_id: int | None = None
    country_code: Annotated[str, Pattern(r"^[A-Z]{2}$")] | None = None
    reason: str = Field(min_length=3, max_length=2_000)
    until: dt.date

    @model_validator(mode="after")
    def _one_target(self) -> "ReopeningCreate":
        if (self.action_id is None) == (self.country_code is None):
            raise RuleBroken("action_id", i18n.message("reporting.either_action_or_country"))
        return self


class ReopeningPublic(SQLModel):
    id: int
    version: int
    reporting_cycle_id: int
    action_id: int | None
    country_code: str | None
    reason: str
    until: dt.date
    granted_by_id: int | None
    granted_at: dt.datetime


class CycleFlow(enum.StrEnum):
    open_cycle = "open_cycle"
    send_reminders = "send_reminders"
    close_cycle = "close_cycle"
    consolidate_cycle = "consolidate_cycle"


class CycleRun(SQLModel, table=True):
    """A flow run started for a cycle, from the API, the command line or the daily tick."""

    __tablename__ = "cycle_runs"
    id: int | None = Field(default=None, primary_key=True)
    reporting_cycle_id: int = Field(foreign_key="reporting_cycles.id", index=True)
    flow: CycleFlow = Field(sa_type=enum_type(CycleFlow, "cycle_flow"))
    flow_run_id: str = Field(default="", max_length=36, index=True)
    state: str = Field(default="SCHEDULED", max_length=20)
    requested_by: str = Field(default="", max_length=100)
    created_at: dt.datetime
    finished_at: dt.datetime | None = None
    # In English, for logs and the command line; `outcome` says the same to each reader.
    message: str = Field(default="", max_length=2_000)
    # What the run did, as [{"key": ..., "params": {...}}]: written in the reader's language.
    outcome: list[dict[str, Any]] | None = Field(default=None, sa_type=sa.JSON)


class CycleRunPublic(SQLModel):
    id: int
    reporting_cycle_id: int
    flow: CycleFlow
    flow_run_id: str
    state: str
    requested_by: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    message: str


class Consolidation(SQLModel, table=True):
    """What consolidating a cycle produced, kept with the cycle."""

    __tablename__ = "consolidations"
    reporting_cycle_id: int = Field(foreign_key="reporting_cycles.id", primary_key=True)
    created_at: dt.datetime
    summary: str = Field(description="markdown, as published on the flow run")
    figures: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    workbook: bytes = Field(sa_type=sa.LargeBinary)
