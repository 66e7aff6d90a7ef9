"""admin status changes: the committee's administrative decisions, each with its reason

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 13:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from data_access.models import UTCDateTime

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The record only: the status itself lives on the innovation, whose update moves the
    # data version (0001's trigger). No trigger here.
    op.create_table(
        "admin_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("innovation_id", sa.Integer(), nullable=False),
        sa.Column("old_status", sa.String(length=20), nullable=False),
        sa.Column("new_status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["innovation_id"], ["innovations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_admin_status_changes_innovation", "admin_status_changes", ["innovation_id", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_admin_status_changes_innovation", table_name="admin_status_changes")
    op.drop_table("admin_status_changes")
