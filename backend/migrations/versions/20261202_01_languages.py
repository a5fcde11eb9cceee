"""languages: each user's language, flow results as keyed messages, the day a cycle closed,
French names and units of the reference data

Revision ID: 20261202_01
Revises: 20261129_05
Create Date: 2026-12-02 10:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "20261202_01"
down_revision: str | None = "20261129_05"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # As the model's portable enum: VARCHAR and a CHECK constraint (add_column alone would
    # not write the constraint). The server default only fills the existing accounts.
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=32), nullable=False, server_default="en")
        )
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column(
            "language",
            existing_type=sa.String(length=32),
            type_=sa.Enum("en", "fr", name="user_language", native_enum=False, length=32),
            server_default=None,
        )
        batch_op.create_check_constraint(op.f("ck_users_user_language"), "language IN ('en', 'fr')")
    with op.batch_alter_table("cycle_runs") as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.JSON(), nullable=True))
    with op.batch_alter_table("reporting_cycles") as batch_op:
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
    with op.batch_alter_table("priorities") as batch_op:
        batch_op.add_column(
            sa.Column("name_fr", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True)
        )
    with op.batch_alter_table("indicators") as batch_op:
        batch_op.add_column(
            sa.Column("name_fr", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )
        batch_op.add_column(
            sa.Column("unit_fr", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("indicators") as batch_op:
        batch_op.drop_column("unit_fr")
        batch_op.drop_column("name_fr")
    with op.batch_alter_table("priorities") as batch_op:
        batch_op.drop_column("name_fr")
    with op.batch_alter_table("reporting_cycles") as batch_op:
        batch_op.drop_column("closed_on")
    with op.batch_alter_table("cycle_runs") as batch_op:
        batch_op.drop_column("outcome")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_constraint(op.f("ck_users_user_language"), type_="check")
        batch_op.drop_column("language")
