"""keep uploaded files and what each apply wrote

Revision ID: 20261129_04
Revises: 20261129_03
Create Date: 2026-11-29 09:29:50.970837
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261129_04"
down_revision: str | None = "20261129_03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "upload_files",
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["uploads.id"],
            name=op.f("fk_upload_files_upload_id_uploads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("upload_id", name=op.f("pk_upload_files")),
    )
    with op.batch_alter_table("upload_cells", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("written", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("upload_cells", schema=None) as batch_op:
        batch_op.drop_column("written")

    op.drop_table("upload_files")
