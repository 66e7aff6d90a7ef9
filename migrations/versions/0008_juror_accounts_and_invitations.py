"""juror accounts and invitations: the juri role tied to one juror, one-time invitation links

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-13 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from data_access.models import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Migration 0004's trigger, widened: a session ends when its user's role OR juror changes
# (a juri account moved to another juror must not keep reading the first one's list).
TRIGGER = "users_role_ends_sessions"
FUNCTION = "end_sessions_on_role_change"
SQLITE_DELETE_TRIGGER = "users_delete_ends_sessions"
OLD_ROLES = "role IN ('admin', 'viewer', 'bupati')"
NEW_ROLES = "role IN ('admin', 'viewer', 'bupati', 'juri')"
JUROR_FOR_JURI = (
    "(role = 'juri' AND juror_id IS NOT NULL) OR (role <> 'juri' AND juror_id IS NULL)"
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # SQLite rebuilds `users` (a new CHECK): dropping the old table runs ON DELETE
        # CASCADE on user_sessions. Keep the sessions aside so an upgrade logs nobody out.
        op.execute("CREATE TEMP TABLE kept_user_sessions AS SELECT * FROM user_sessions")
    _drop_triggers()
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("juror_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_users_juror", "jurors", ["juror_id"], ["id"], ondelete="CASCADE"
        )
        batch.drop_constraint("role_known", type_="check")
        batch.create_check_constraint("role_known", NEW_ROLES)
        batch.create_check_constraint("juror_for_juri", JUROR_FOR_JURI)
        batch.create_index("ix_users_juror", ["juror_id"])
    if sqlite:
        op.execute("INSERT INTO user_sessions SELECT * FROM kept_user_sessions")
        op.execute("DROP TABLE kept_user_sessions")
    _create_triggers(watch_juror=True)
    # Not judged data: the data-version triggers do not watch invitations.
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_invitations_user", "invitations", ["user_id", "created_at"])


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index("ix_invitations_user", table_name="invitations")
    op.drop_table("invitations")
    # The older schema knows no juri role: those accounts (and their sessions) go.
    op.execute("DELETE FROM users WHERE role = 'juri'")
    if sqlite:
        op.execute("CREATE TEMP TABLE kept_user_sessions AS SELECT * FROM user_sessions")
    _drop_triggers()
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_juror")
        batch.drop_constraint("juror_for_juri", type_="check")
        batch.drop_constraint("role_known", type_="check")
        batch.create_check_constraint("role_known", OLD_ROLES)
        batch.drop_constraint("fk_users_juror", type_="foreignkey")
        batch.drop_column("juror_id")
    if sqlite:
        op.execute("INSERT INTO user_sessions SELECT * FROM kept_user_sessions")
        op.execute("DROP TABLE kept_user_sessions")
    _create_triggers(watch_juror=False)


def _create_triggers(*, watch_juror: bool) -> None:
    columns = "role, juror_id" if watch_juror else "role"
    if op.get_bind().dialect.name == "postgresql":
        changed = "OLD.role IS DISTINCT FROM NEW.role"
        if watch_juror:
            changed += " OR OLD.juror_id IS DISTINCT FROM NEW.juror_id"
        op.execute(
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN DELETE FROM user_sessions WHERE user_id = NEW.id; RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {TRIGGER} AFTER UPDATE OF {columns} ON users FOR EACH ROW "
            f"WHEN ({changed}) EXECUTE FUNCTION {FUNCTION}()"
        )
        return
    changed = "OLD.role IS NOT NEW.role"
    if watch_juror:
        changed += " OR OLD.juror_id IS NOT NEW.juror_id"
    op.execute(
        f"CREATE TRIGGER {TRIGGER} AFTER UPDATE OF {columns} ON users FOR EACH ROW "
        f"WHEN {changed} "
        "BEGIN DELETE FROM user_sessions WHERE user_id = NEW.id; END"
    )
    op.execute(
        f"CREATE TRIGGER {SQLITE_DELETE_TRIGGER} AFTER DELETE ON users FOR EACH ROW "
        "BEGIN DELETE FROM user_sessions WHERE user_id = OLD.id; END"
    )


def _drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON users")
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
        return
    op.execute(f"DROP TRIGGER IF EXISTS {SQLITE_DELETE_TRIGGER}")
    op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
