"""Uploads and their plans: what a workbook would change, cell by cell, before it does."""

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.records import Versioned, enum_type


class UploadStatus(enum.StrEnum):
    planned = "planned"
    rejected = "rejected"
    applied = "applied"
    reverted = "reverted"


class CellOutcome(enum.StrEnum):
    new = "new"
    changed = "changed"
    unchanged = "unchanged"
    conflict = "conflict"
    rejected = "rejected"


class Upload(Versioned, table=True):
    """One uploaded workbook and the plan made from it."""

    __tablename__ = "uploads"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    filename: str = Field(max_length=255)
    sha256: str = Field(max_length=64, index=True)
    template: str = Field(max_length=30)
    reporting_cycle_id: int = Field(foreign_key="reporting_cycles.id", index=True)
    country: str = Field(max_length=2)
    status: UploadStatus = Field(sa_type=enum_type(UploadStatus, "upload_status"))
    created_at: dt.datetime
    counts: dict[str, int] = Field(default_factory=dict, sa_type=sa.JSON)
    problems: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)


class UploadCell(SQLModel, table=True):
    """One editable cell of an upload whose value differs from what the workbook was made with,
    or from what is stored now."""

    __tablename__ = "upload_cells"
    __table_args__ = (sa.UniqueConstraint("upload_id", "sheet", "cell"),)
    id: int | None = Field(default=None, primary_key=True)
    upload_id: int = Field(foreign_key="uploads.id", index=True, ondelete="CASCADE")
    sheet: str = Field(max_length=31)
    cell: str = Field(max_length=12)
    participation_id: int
    field: str = Field(max_length=60, description="indicator code, narrative or state")
    base: str = Field(default="", max_length=20_000, description="when the workbook was made")
    stored: str = Field(default="", max_length=20_000, description="in the database at planning")
    proposed: str = Field(default="", max_length=20_000, description="in the file")
    outcome: CellOutcome = Field(sa_type=enum_type(CellOutcome, "cell_outcome"))
    message: str = Field(default="", max_length=500)


class UploadPublic(SQLModel):
    id: int
    version: int
    filename: str
    sha256: str
    template: str
    reporting_cycle_id: int
    country: str
    status: UploadStatus
    created_at: dt.datetime
    counts: dict[str, int]
    problems: list[dict[str, Any]]
