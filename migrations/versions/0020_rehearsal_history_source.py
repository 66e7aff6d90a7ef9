"""score history: the rehearsal jury's lines carry their own source, "rehearsal"

The control page's rehearsal button wrote its lines as the committee's web work ("web"),
the CLI's as "cli": the score history and the audit view could not tell a rehearsal from
a real entry. Only the CHECK on `source` changes; every line already there satisfies the
wider one. SQLite rebuilds the table to change a CHECK (batch mode), which drops its
append-only triggers with it: they are dropped first and made again after.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 16:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "history_source_known"
APPEND_ONLY = "score_history is append-only"  # as 0007 says it
BEFORE = "source IN ('web', 'import', 'cli')"
AFTER = "source IN ('web', 'import', 'cli', 'rehearsal')"


def _replace(check: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(NAME, "score_history", type_="check")
        op.create_check_constraint(NAME, "score_history", check)
        return
    events = ("UPDATE", "DELETE")
    for event in events:
        op.execute(f"DROP TRIGGER IF EXISTS score_history_no_{event.lower()}")
    with op.batch_alter_table("score_history", recreate="always") as batch:
        batch.drop_constraint(NAME, type_="check")
        batch.create_check_constraint(NAME, check)
    for event in events:
        op.execute(
            f"CREATE TRIGGER score_history_no_{event.lower()} BEFORE {event} ON score_history "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
        )


def upgrade() -> None:
    _replace(AFTER)


def downgrade() -> None:
    # Fails while a rehearsal line is kept: the history is append-only, nothing removes it.
    _replace(BEFORE)
