"""sessions and login failures: server-side sessions that logout ends, failed logins counted

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from data_access.models import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A changed role ends the user's sessions in the database itself, whoever changes it (a
# command, a direct SQL fix), as ON DELETE CASCADE does for a removed user: a session
# cookie never outlives the rights it was issued for, even if the role is changed back.
TRIGGER = "users_role_ends_sessions"
FUNCTION = "end_sessions_on_role_change"
# SQLite enforces ON DELETE CASCADE only on connections that turned foreign keys on, which
# the sqlite3 shell does not by default; and it hands a removed user's id to the next user
# added. A user deleted by hand would leave their sessions to whoever gets the id next, so
# on SQLite a trigger (which fires on every connection) deletes them as well.
SQLITE_DELETE_TRIGGER = "users_delete_ends_sessions"


def upgrade() -> None:
    # Neither is judged data: the data-version triggers do not watch them.
    op.create_table(
        "user_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_user_sessions_user", "user_sessions", ["user_id"])
    op.create_index("ix_user_sessions_expires", "user_sessions", ["expires_at"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_failures_username", "login_failures", ["username", "failed_at"])
    op.create_index("ix_login_failures_address", "login_failures", ["address", "failed_at"])
    op.create_index("ix_login_failures_failed_at", "login_failures", ["failed_at"])
    _create_session_triggers()


def downgrade() -> None:
    _drop_session_triggers()
    op.drop_index("ix_login_failures_failed_at", table_name="login_failures")
    op.drop_index("ix_login_failures_address", table_name="login_failures")
    op.drop_index("ix_login_failures_username", table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_index("ix_user_sessions_expires", table_name="user_sessions")
    op.drop_index("ix_user_sessions_user", table_name="user_sessions")
    op.drop_table("user_sessions")


def _create_session_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN DELETE FROM user_sessions WHERE user_id = NEW.id; RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {TRIGGER} AFTER UPDATE OF role ON users FOR EACH ROW "
            f"WHEN (OLD.role IS DISTINCT FROM NEW.role) EXECUTE FUNCTION {FUNCTION}()"
        )
        return
    op.execute(
        f"CREATE TRIGGER {TRIGGER} AFTER UPDATE OF role ON users FOR EACH ROW "
        "WHEN OLD.role IS NOT NEW.role "
        "BEGIN DELETE FROM user_sessions WHERE user_id = NEW.id; END"
    )
    op.execute(
        f"CREATE TRIGGER {SQLITE_DELETE_TRIGGER} AFTER DELETE ON users FOR EACH ROW "
        "BEGIN DELETE FROM user_sessions WHERE user_id = OLD.id; END"
    )


def _drop_session_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON users")
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
        return
    op.execute(f"DROP TRIGGER IF EXISTS {SQLITE_DELETE_TRIGGER}")
    op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
