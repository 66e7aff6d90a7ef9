"""confirmed conflicts move the data version: in a stage that lists no assignments, the
committee's confirmation is itself the juror's abstention (SCORING.md 5), so it is judged
data as the assignments' abstain flag is

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 14:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGER = "conflict_declarations_confirm_bump_version"
BUMP = "UPDATE data_version SET version = version + 1 WHERE id = 1"


def upgrade() -> None:
    # Only a confirmation (confirmed_at written) moves the version: a juror's declaration
    # before scoring changes nothing the pages show.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER {TRIGGER} AFTER UPDATE OF confirmed_at ON conflict_declarations "
            "FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
        )
        return
    op.execute(
        f"CREATE TRIGGER {TRIGGER} AFTER UPDATE OF confirmed_at ON conflict_declarations "
        f"BEGIN {BUMP}; END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON conflict_declarations")
        return
    op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
