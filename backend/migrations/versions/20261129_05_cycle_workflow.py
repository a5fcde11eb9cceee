"""cycle workflow: reviews, missing reports, reopenings, flow runs, consolidations, inbox

Revision ID: 20261129_05
Revises: 20261129_04
Create Date: 2026-11-29 09:51:38.916783
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "20261129_05"
down_revision: str | None = "20261129_04"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


STATES = ("not_started", "draft", "submitted", "returned", "accepted")


def _report_states(states: tuple[str, ...]) -> None:
    """The CHECK constraints that list the states of reports and contributions."""
    allowed = "state IN (" + ", ".join(f"'{state}'" for state in states) + ")"
    for table, name in (
        ("action_reports", "report_state"),
        ("contributions", "contribution_state"),
    ):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
            batch_op.create_check_constraint(op.f(f"ck_{table}_{name}"), allowed)


def upgrade() -> None:
    op.create_table(
        "consolidations",
        sa.Column("reporting_cycle_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("workbook", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reporting_cycle_id"],
            ["reporting_cycles.id"],
            name=op.f("fk_consolidations_reporting_cycle_id_reporting_cycles"),
        ),
        sa.PrimaryKeyConstraint("reporting_cycle_id", name=op.f("pk_consolidations")),
    )
    op.create_table(
        "cycle_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporting_cycle_id", sa.Integer(), nullable=False),
        sa.Column(
            "flow",
            sa.Enum(
                "open_cycle",
                "send_reminders",
                "close_cycle",
                "consolidate_cycle",
                name="cycle_flow",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("flow_run_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("message", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.ForeignKeyConstraint(
            ["reporting_cycle_id"],
            ["reporting_cycles.id"],
            name=op.f("fk_cycle_runs_reporting_cycle_id_reporting_cycles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle_runs")),
    )
    with op.batch_alter_table("cycle_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cycle_runs_flow_run_id"), ["flow_run_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cycle_runs_reporting_cycle_id"), ["reporting_cycle_id"], unique=False
        )

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("reporting_cycle_id", sa.Integer(), nullable=True),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=50000), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("read_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("emailed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reporting_cycle_id"],
            ["reporting_cycles.id"],
            name=op.f("fk_notifications_reporting_cycle_id_reporting_cycles"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("user_id", "key", name=op.f("uq_notifications_user_id_key")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notifications_reporting_cycle_id"), ["reporting_cycle_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_notifications_user_id"), ["user_id"], unique=False)

    op.create_table(
        "reopenings",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporting_cycle_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("country_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(action_id IS NULL) <> (country_code IS NULL)",
            name=op.f("ck_reopenings_one_action_or_one_country"),
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["operational_actions.id"],
            name=op.f("fk_reopenings_action_id_operational_actions"),
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"], ["users.id"], name=op.f("fk_reopenings_granted_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["reporting_cycle_id"],
            ["reporting_cycles.id"],
            name=op.f("fk_reopenings_reporting_cycle_id_reporting_cycles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reopenings")),
    )
    with op.batch_alter_table("reopenings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reopenings_reporting_cycle_id"), ["reporting_cycle_id"], unique=False
        )

    with op.batch_alter_table("action_reports", schema=None) as batch_op:
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
            batch_op.f("fk_action_reports_reviewed_by_id_users"),
            "users",
            ["reviewed_by_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_action_reports_submitted_by_id_users"),
            "users",
            ["submitted_by_id"],
            ["id"],
        )
    _report_states(STATES + ("missing",))


def downgrade() -> None:
    op.execute("UPDATE action_reports SET state = 'draft' WHERE state = 'missing'")
    op.execute("UPDATE contributions SET state = 'draft' WHERE state = 'missing'")
    _report_states(STATES)
    with op.batch_alter_table("action_reports", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_action_reports_submitted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_action_reports_reviewed_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("review_comment")
        batch_op.drop_column("reviewed_by_id")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("submitted_by_id")

    with op.batch_alter_table("reopenings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reopenings_reporting_cycle_id"))

    op.drop_table("reopenings")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_user_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_reporting_cycle_id"))

    op.drop_table("notifications")
    with op.batch_alter_table("cycle_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cycle_runs_reporting_cycle_id"))
        batch_op.drop_index(batch_op.f("ix_cycle_runs_flow_run_id"))

    op.drop_table("cycle_runs")
    op.drop_table("consolidations")
