"""A message to one person, kept in their inbox and sent by email once."""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Notification(SQLModel, table=True):
    """One message to one user. `key` makes sending idempotent: the same key for the same
    person is one message, however often a flow runs."""

    __tablename__ = "notifications"
    __table_args__ = (sa.UniqueConstraint("user_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    key: str = Field(max_length=200)
    reporting_cycle_id: int | None = Field(
        default=None, foreign_key="reporting_cycles.id", index=True
    )
    subject: str = Field(max_length=300)
    body: str = Field(max_length=50_000)
    created_at: dt.datetime
    read_at: dt.datetime | None = None
    emailed_at: dt.datetime | None = None


class NotificationPublic(SQLModel):
    id: int
    reporting_cycle_id: int | None
    subject: str
    body: str
    created_at: dt.datetime
    read_at: dt.datetime | None
