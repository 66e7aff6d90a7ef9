"""screens bound to an edition, the approval's history, and the lock once Juara III is shown

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from data_access.models import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A display token belongs to one edition: importing another edition later never moves
    # a screen. Tokens made before this revision belong to the only edition when there is
    # exactly one; otherwise they follow the default edition until re-created.
    with op.batch_alter_table("kiosk_screens") as batch:
        batch.add_column(sa.Column("edition_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_kiosk_screens_edition", "editions", ["edition_id"], ["id"], ondelete="CASCADE"
        )
    op.execute(
        "UPDATE kiosk_screens SET edition_id = (SELECT MIN(id) FROM editions) "
        "WHERE (SELECT COUNT(*) FROM editions) = 1"
    )
    # Set the first time Juara III reached the screens: the approval is final from then on.
    with op.batch_alter_table("ceremonies") as batch:
        batch.add_column(sa.Column("locked_at", UTCDateTime(), nullable=True))
    # Every approval, re-approval and cancellation: who, when, the hashes before and after.
    op.create_table(
        "ceremony_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.Column("old_hash", sa.String(length=64), nullable=True),
        sa.Column("new_hash", sa.String(length=64), nullable=True),
        sa.Column("data_version", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "action IN ('approve', 'reapprove', 'cancel')", name="ceremony_approval_action_known"
        ),
        sa.ForeignKeyConstraint(["edition_id"], ["editions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_ceremony_approvals_edition", "ceremony_approvals", ["edition_id", "at"]
    )


def downgrade() -> None:
    op.drop_index("ix_ceremony_approvals_edition", table_name="ceremony_approvals")
    op.drop_table("ceremony_approvals")
    with op.batch_alter_table("ceremonies") as batch:
        batch.drop_column("locked_at")
    with op.batch_alter_table("kiosk_screens") as batch:
        batch.drop_constraint("fk_kiosk_screens_edition", type_="foreignkey")
        batch.drop_column("edition_id")
