"""user profiles: the display name, NIP and jabatan that approvals and signatures show

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (("display_name", 200), ("nip", 18), ("jabatan", 200))


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): the users triggers of 0004 and 0008, which end a
    # user's sessions when the role changes or the user goes, stay as they are. A profile
    # moves no figure, so no data-version trigger.
    for name, length in COLUMNS:
        op.add_column("users", sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place, again without rebuilding the table.
    for name, _length in reversed(COLUMNS):
        op.drop_column("users", name)
