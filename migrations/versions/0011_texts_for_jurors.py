"""texts for jurors: innovation summary, proposal link and predecessor, criterion description

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-16 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Plain ADD/DROP COLUMN, not batch mode: every column is nullable, so SQLite (3.35 and later
# for DROP) alters the table in place, and the tables' triggers and the rows that reference
# them by foreign key stay untouched (a batch copy would drop and rebuild innovations).


def upgrade() -> None:
    op.add_column("innovations", sa.Column("summary", sa.Text(), nullable=True))
    op.add_column("innovations", sa.Column("proposal_url", sa.String(length=2000), nullable=True))
    op.add_column("innovations", sa.Column("continues", sa.String(length=140), nullable=True))
    op.add_column("criteria", sa.Column("description", sa.String(length=300), nullable=True))


def downgrade() -> None:
    op.drop_column("criteria", "description")
    op.drop_column("innovations", "continues")
    op.drop_column("innovations", "proposal_url")
    op.drop_column("innovations", "summary")
