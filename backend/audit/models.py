"""The audit event table and its public schema."""

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from backend.records import enum_type


class AuditAction(enum.StrEnum):
    create = "create"
    update = "update"
    delete = "delete"
    transition = "transition"
    login = "login"
    logout = "logout"
    login_failed = "login_failed"
    denied = "denied"


class AuditSource(enum.StrEnum):
    web = "web"
    upload = "upload"
    flow = "flow"
    cli = "cli"


class AuditEventBase(SQLModel):
    occurred_at: dt.datetime
    user_id: int | None = Field(default=None, index=True)
    username: str = Field(default="", max_length=255)
    organisation_id: int | None = None
    roles: str = Field(default="", max_length=200, description="Roles the actor held")
    source: AuditSource = Field(sa_type=enum_type(AuditSource, "audit_source"))
    source_ref: str = Field(default="", max_length=80, description="Request, batch or run id")
    client_address: str = Field(default="", max_length=64)
    action: AuditAction = Field(sa_type=enum_type(AuditAction, "audit_action"))
    resource: str = Field(default="", max_length=60, index=True)
    record_id: int | None = None
    changes: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    detail: str = Field(default="", max_length=500)


class AuditEvent(AuditEventBase, table=True):
    """One thing that happened; rows are only ever inserted, each sealing the one before."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_record", "resource", "record_id"),)
    # Deliberately no foreign key to users: the trail outlives the accounts it names.
    id: int | None = Field(default=None, primary_key=True)
    previous_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)
    # The detail as a keyed message ({"key", "params"}), for each reader's language; None on
    # events written before messages were kept, whose detail is English only.
    detail_message: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON(none_as_null=True))


class AuditEventPublic(AuditEventBase):
    id: int
    hash: str
    description: str = Field(
        default="", description="The detail in the reader's language (`detail` is English)"
    )
