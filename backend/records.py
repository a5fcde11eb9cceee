"""What every stored record shares: an integer id, an optimistic-lock version, enum columns."""

import enum
import re
from decimal import Decimal
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import Field as PydanticField
from pydantic import PlainSerializer, StringConstraints
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from backend.i18n import Message


class RuleBroken(ValueError):
    """A rule across fields, raised by a model validator, that still names its field."""

    def __init__(self, field: str, message: "str | Message") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Versioned(SQLModel):
    """A record that clients update with the version they read; a stale one gets 409."""

    version: int = Field(default=1, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        # SQLAlchemy adds "AND version = :read_version" to every UPDATE and bumps it, so a
        # concurrent writer that read the same version matches no row and fails.
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def enum_type(enum_class: type[enum.Enum], name: str) -> sa.Enum:
    """A portable enum: VARCHAR plus a CHECK constraint, no database-specific type."""
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


# Figures are stored exactly (NUMERIC) and sent to browsers as JSON numbers.
JsonDecimal = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
MAX_FIGURE = Decimal("999999999999.999")


def Pattern(regex: str) -> StringConstraints:  # noqa: N802 - reads as a type annotation
    """A string that must match `regex` (SQLModel's Field drops `regex`)."""
    return StringConstraints(pattern=regex)


# A reported figure: exact to the gram or cent, within what the column stores.
Figure = Annotated[
    Decimal,
    PydanticField(ge=-MAX_FIGURE, le=MAX_FIGURE, max_digits=15, decimal_places=3),
]

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


def natural_key(code: str) -> list[Any]:
    """'OA 3.10' after 'OA 3.9', '2' before '10': digit runs compare as numbers (every other
    part is text)."""
    return [int(part) if index % 2 else part for index, part in enumerate(re.split(r"(\d+)", code))]
