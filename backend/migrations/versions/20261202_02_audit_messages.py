"""audit messages: each event's detail also as a keyed message, read in each reader's language

Revision ID: 20261202_02
Revises: 20261202_01
Create Date: 2026-12-02 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261202_02"
down_revision: str | None = "20261202_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A new nullable column: SQLite adds it without rebuilding the table.
    op.add_column("audit_events", sa.Column("detail_message", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.drop_column("detail_message")
