"""score history by moment: the audit trail's newest lines without sorting the whole history

The audit view (data_access/audit_view.py) pages every record newest first; the score
history is the one that grows to a million lines, and the rehearsal stamps its lines
inside the scoring window, so their ids do not follow their moments. An index on
(at, id) gives the newest lines (and a date range) directly.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 15:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_score_history_at", "score_history", ["at", "id"])


def downgrade() -> None:
    op.drop_index("ix_score_history_at", table_name="score_history")
