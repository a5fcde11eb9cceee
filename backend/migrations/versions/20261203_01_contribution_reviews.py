"""contribution reviews: who handed a contribution in, and who returned or accepted it, when
and with what comment, as for action reports

Revision ID: 20261203_01
Revises: 20261202_02
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "20261203_01"
down_revision: str | None = "20261202_02"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contributions") as batch_op:
        batch_op.add_column(sa.Column("submitted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("reviewed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(sa.Column("reviewed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "review_comment",
                sqlmodel.sql.sqltypes.AutoString(length=5000),
                nullable=False,
                server_default="",
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_contributions_submitted_by_id_users"),
            "users",
            ["submitted_by_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_contributions_reviewed_by_id_users"), "users", ["reviewed_by_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("contributions") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_contributions_reviewed_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_contributions_submitted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("review_comment")
        batch_op.drop_column("reviewed_by_id")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("submitted_by_id")
