"""Tables and schemas of the catalog: what the policy cycle is made of and who takes part."""

import enum
from decimal import Decimal
from typing import Annotated

import sqlalchemy as sa
from pydantic import field_validator, model_validator
from sqlmodel import Field, SQLModel

from backend import i18n
from backend.catalog import texts  # noqa: F401 - its words, wherever its records go
from backend.errors import Problem, field_label
from backend.records import (
    MAX_FIGURE,
    CountryCode,
    JsonDecimal,
    Pattern,
    RuleBroken,
    Versioned,
    enum_type,
)


class PolicyCycleBase(SQLModel):
    code: str = Field(min_length=4, max_length=20, description="e.g. 2026-2029")
    name: str = Field(min_length=1, max_length=200)
    start_year: int = Field(ge=2000, le=2100)
    end_year: int = Field(ge=2000, le=2100)

    @model_validator(mode="after")
    def _years_in_order(self) -> "PolicyCycleBase":
        if self.end_year < self.start_year:
            raise RuleBroken(
                "end_year", i18n.message("errors.not_before", other=field_label("start_year"))
            )
        return self


class PolicyCycle(PolicyCycleBase, Versioned, table=True):
    __tablename__ = "policy_cycles"
    __table_args__ = (
        sa.UniqueConstraint("code"),
        sa.CheckConstraint("end_year >= start_year", name="years_in_order"),
    )
    id: int | None = Field(default=None, primary_key=True)


class PolicyCycleCreate(PolicyCycleBase):
    pass


class PolicyCycleUpdate(SQLModel):
    code: str | None = Field(default=None, min_length=4, max_length=20)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    start_year: int | None = Field(default=None, ge=2000, le=2100)
    end_year: int | None = Field(default=None, ge=2000, le=2100)
    version: int


class PolicyCyclePublic(PolicyCycleBase):
    id: int
    version: int


class PriorityBase(SQLModel):
    policy_cycle_id: int = Field(foreign_key="policy_cycles.id", index=True)
    code: str = Field(min_length=1, max_length=10, description="Number in the Council list")
    name: str = Field(min_length=1, max_length=300)
    name_fr: str | None = Field(default=None, max_length=300, description="French name")
    description: str = Field(default="", max_length=4000)


class Priority(PriorityBase, Versioned, table=True):
    """An EU crime priority as the Council adopted it for one policy cycle."""

    __tablename__ = "priorities"
    __table_args__ = (sa.UniqueConstraint("policy_cycle_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)


class PriorityCreate(PriorityBase):
    pass


class PriorityUpdate(SQLModel):
    code: str | None = Field(default=None, min_length=1, max_length=10)
    name: str | None = Field(default=None, min_length=1, max_length=300)
    name_fr: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=4000)
    version: int


class PriorityPublic(PriorityBase):
    id: int
    version: int


class SubPriorityBase(SQLModel):
    priority_id: int = Field(foreign_key="priorities.id", index=True)
    code: str = Field(min_length=1, max_length=10, description="e.g. 3.2")
    name: str = Field(min_length=1, max_length=300)


class SubPriority(SubPriorityBase, Versioned, table=True):
    """A part of a priority that the Council names and that gets its own action plan."""

    __tablename__ = "sub_priorities"
    __table_args__ = (
        sa.UniqueConstraint("priority_id", "code"),
        # Target of the plans' (priority_id, sub_priority_id) key.
        sa.UniqueConstraint("priority_id", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)


class SubPriorityCreate(SubPriorityBase):
    pass


class SubPriorityUpdate(SQLModel):
    code: str | None = Field(default=None, min_length=1, max_length=10)
    name: str | None = Field(default=None, min_length=1, max_length=300)
    version: int


class SubPriorityPublic(SubPriorityBase):
    id: int
    version: int


class StrategicGoalBase(SQLModel):
    policy_cycle_id: int = Field(foreign_key="policy_cycles.id", index=True)
    code: str = Field(min_length=1, max_length=10, description="Number used in action codes")
    name: str = Field(min_length=1, max_length=300)
    horizontal: bool = Field(default=True, description="Shared by every MASP of the cycle")
    description: str = Field(default="", max_length=4000)


class StrategicGoal(StrategicGoalBase, Versioned, table=True):
    __tablename__ = "strategic_goals"
    __table_args__ = (sa.UniqueConstraint("policy_cycle_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)


class StrategicGoalCreate(StrategicGoalBase):
    pass


class StrategicGoalUpdate(SQLModel):
    code: str | None = Field(default=None, min_length=1, max_length=10)
    name: str | None = Field(default=None, min_length=1, max_length=300)
    horizontal: bool | None = None
    description: str | None = Field(default=None, max_length=4000)
    version: int


class StrategicGoalPublic(StrategicGoalBase):
    id: int
    version: int


class OrganisationKind(enum.StrEnum):
    member_state = "member_state"
    schengen_associated = "schengen_associated"
    eu_agency = "eu_agency"
    eu_institution = "eu_institution"
    third_country = "third_country"
    international_organisation = "international_organisation"
    private_partner = "private_partner"
    academic_partner = "academic_partner"


COUNTRY_KINDS = frozenset(
    {
        OrganisationKind.member_state,
        OrganisationKind.schengen_associated,
        OrganisationKind.third_country,
    }
)


class OrganisationBase(SQLModel):
    code: str = Field(
        min_length=2, max_length=20, description="ISO 3166 alpha-2 for countries, else acronym"
    )
    name: str = Field(min_length=1, max_length=200)
    kind: OrganisationKind = Field(sa_type=enum_type(OrganisationKind, "organisation_kind"))
    country_code: CountryCode | None = Field(
        default=None,
        max_length=2,
        index=True,
        description="ISO 3166 alpha-2 of the country this organisation is or belongs to",
    )

    @model_validator(mode="after")
    def _countries_carry_their_code(self) -> "OrganisationBase":
        if self.kind in COUNTRY_KINDS and not self.country_code:
            raise RuleBroken("country_code", i18n.message("catalog.country_required"))
        return self


class Organisation(OrganisationBase, Versioned, table=True):
    """A country, agency or partner body that can lead or take part in actions."""

    __tablename__ = "organisations"
    __table_args__ = (sa.UniqueConstraint("code"),)
    id: int | None = Field(default=None, primary_key=True)


class OrganisationCreate(OrganisationBase):
    pass


class OrganisationUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    version: int


class OrganisationPublic(OrganisationBase):
    id: int
    version: int


class IndicatorKind(enum.StrEnum):
    integer = "integer"
    decimal = "decimal"
    amount_eur = "amount_eur"
    mass_kg = "mass_kg"
    choice = "choice"


class Aggregation(enum.StrEnum):
    """How values of one indicator add up across participants and actions."""

    sum = "sum"
    max = "max"
    none = "none"


class IndicatorBase(SQLModel):
    policy_cycle_id: int = Field(foreign_key="policy_cycles.id", index=True)
    code: Annotated[str, Pattern(r"^[a-z][a-z0-9_]*$")] = Field(max_length=60)
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(default="", max_length=30)
    # French texts where a translation exists; French readers see the English one otherwise.
    name_fr: str | None = Field(default=None, max_length=200)
    unit_fr: str | None = Field(default=None, max_length=30)
    kind: IndicatorKind = Field(sa_type=enum_type(IndicatorKind, "indicator_kind"))
    aggregation: Aggregation = Field(
        default=Aggregation.sum, sa_type=enum_type(Aggregation, "indicator_aggregation")
    )
    choices: list[str] | None = Field(default=None, sa_type=sa.JSON)
    min_value: JsonDecimal | None = Field(default=Decimal(0), max_digits=15, decimal_places=3)
    max_value: JsonDecimal | None = Field(default=None, max_digits=15, decimal_places=3)
    description: str = Field(default="", max_length=2000)
    position: int = Field(default=0, ge=0, description="Order in forms and workbooks")
    active: bool = True

    @field_validator("min_value", "max_value")
    @classmethod
    def _within_storage(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and abs(value) > MAX_FIGURE:
            raise Problem("catalog.within_storage", limit=MAX_FIGURE)
        return value

    @model_validator(mode="after")
    def _choices_match_kind(self) -> "IndicatorBase":
        if self.kind == IndicatorKind.choice:
            if not self.choices:
                raise RuleBroken("choices", i18n.message("catalog.choices_required"))
            if self.aggregation != Aggregation.none:
                raise RuleBroken("aggregation", i18n.message("catalog.choice_not_added_up"))
        elif self.choices:
            raise RuleBroken("choices", i18n.message("catalog.choices_only_for_choice"))
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.max_value < self.min_value
        ):
            raise RuleBroken(
                "max_value", i18n.message("errors.not_below", other=field_label("min_value"))
            )
        return self


class Indicator(IndicatorBase, Versioned, table=True):
    """A KPI definition, versioned per policy cycle."""

    __tablename__ = "indicators"
    __table_args__ = (sa.UniqueConstraint("policy_cycle_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)


class IndicatorCreate(IndicatorBase):
    pass


class IndicatorUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    unit: str | None = Field(default=None, max_length=30)
    name_fr: str | None = Field(default=None, max_length=200)
    unit_fr: str | None = Field(default=None, max_length=30)
    description: str | None = Field(default=None, max_length=2000)
    position: int | None = Field(default=None, ge=0)
    active: bool | None = None
    version: int


class IndicatorPublic(IndicatorBase):
    id: int
    version: int
