"""users: dashboard accounts with a role

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 19:40:00
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from data_access.models import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Not watched by the data-version triggers: accounts are not judged data.
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("role IN ('admin', 'viewer', 'bupati')", name="role_known"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    # Shared caches key figures by data version: start the counter at a random point, so a
    # database created afresh under the same URL never repeats an older one's versions.
    if op.get_bind().dialect.name == "postgresql":  # SQLite integers are 64-bit already
        op.alter_column("data_version", "version", type_=sa.BigInteger())
    offset = secrets.randbelow(2**30) + 1
    op.execute(sa.text("UPDATE data_version SET version = version + :o").bindparams(o=offset))


def downgrade() -> None:
    op.drop_table("users")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("data_version", "version", type_=sa.Integer())
