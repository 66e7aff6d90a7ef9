"""conflict-of-interest declarations and scoring-window extensions

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-14 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from data_access.models import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Neither table is judged data: a declaration changes nothing the ranking shows until the
# committee confirms it, and the confirmation writes `assignments.abstain`, whose trigger
# (0001) moves data_version. An extension changes who may save, not what is saved.


def upgrade() -> None:
    op.create_table(
        "conflict_declarations",
        sa.Column("juror_id", sa.Integer(), nullable=False),
        sa.Column("innovation_id", sa.Integer(), nullable=False),
        sa.Column("conflict", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("declared_at", UTCDateTime(), nullable=False),
        sa.Column("declared_by", sa.String(length=80), nullable=False),
        sa.Column("confirmed_at", UTCDateTime(), nullable=True),
        sa.Column("confirmed_by", sa.String(length=80), nullable=True),
        sa.CheckConstraint(
            "(conflict AND reason IS NOT NULL) OR (NOT conflict AND reason IS NULL)",
            name="conflict_has_reason",
        ),
        sa.CheckConstraint(
            "confirmed_at IS NULL OR conflict", name="conflict_confirmed_only_if_declared"
        ),
        sa.ForeignKeyConstraint(["juror_id"], ["jurors.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["innovation_id"], ["innovations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("juror_id", "innovation_id"),
    )
    op.create_index(
        "ix_conflict_declarations_innovation", "conflict_declarations", ["innovation_id"]
    )
    op.create_table(
        "window_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("juror_id", sa.Integer(), nullable=True),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["stage_id"], ["stages.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["juror_id"], ["jurors.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_window_extensions_stage", "window_extensions", ["stage_id", "juror_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_window_extensions_stage", table_name="window_extensions")
    op.drop_table("window_extensions")
    op.drop_index("ix_conflict_declarations_innovation", table_name="conflict_declarations")
    op.drop_table("conflict_declarations")
