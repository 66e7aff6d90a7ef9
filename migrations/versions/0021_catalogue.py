"""the public catalogue: the editions the committee published (with what they show), and
the moment a ceremony's reveal first reached "all" (the awards are public from then on)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Not judged data: no data-version trigger (the catalogue's pages take their version
    # from these rows, the ceremonies, photos and documents themselves).
    op.create_table(
        "catalogue_publications",
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by", sa.String(length=80), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("show_finalists", sa.Boolean(), nullable=False),
        sa.Column("show_innovators", sa.Boolean(), nullable=False),
        sa.Column("show_documents", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["edition_id"], ["editions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("edition_id"),
    )
    with op.batch_alter_table("ceremonies") as batch:
        batch.add_column(sa.Column("completed_at", sa.DateTime(), nullable=True))
    # A ceremony standing at "all" today reached it when it last moved.
    op.execute("UPDATE ceremonies SET completed_at = updated_at WHERE step = 'all'")


def downgrade() -> None:
    with op.batch_alter_table("ceremonies") as batch:
        batch.drop_column("completed_at")
    op.drop_table("catalogue_publications")
