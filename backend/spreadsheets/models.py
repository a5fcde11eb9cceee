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


class UploadFile(SQLModel, table=True):
    """The uploaded bytes, kept apart so that listing uploads never reads them: the error
    workbook is made from them."""

    __tablename__ = "upload_files"
    upload_id: int = Field(foreign_key="uploads.id", primary_key=True, ondelete="CASCADE")
    content: bytes = Field(sa_type=sa.LargeBinary)


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
    written: bool = Field(
        default=False,
        sa_column_kwargs={"server_default": sa.false()},
        description="applied: what a revert puts back",
    )


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


class UploadCellPublic(SQLModel):
    """One cell of an upload's plan that is not unchanged."""

    id: int
    sheet: str
    cell: str
    participation_id: int
    field: str
    base: str
    stored: str
    proposed: str
    outcome: CellOutcome
    message: str
    written: bool


class UploadDetail(UploadPublic):
    """An upload with the cells its plan would change, reject or ask about."""

    cells: list[UploadCellPublic]


class UploadApply(SQLModel):
    choices: dict[str, str] = Field(
        default_factory=dict,
        description='Per conflicting cell, e.g. {"J5": "file"}: "file" writes the uploaded '
        'value, "stored" keeps the one in the database.',
    )
