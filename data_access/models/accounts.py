"""Who logs in: users with their role, their sessions, and failed logins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, UTCDateTime, utcnow

ROLES = ("admin", "viewer", "bupati", "juri")
# A juror's account: it sees only its own assignments (/penilaian), and must name its juror.
JUROR_ROLE = "juri"


class User(Base):
    """A person who logs in to the dashboard, with one role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The juror a `juri` account scores as (one juror of one edition); NULL for every other
    # role. ON DELETE CASCADE: a juror goes only with their edition (an import updates
    # jurors by code, never deletes them), and a juri account without its juror could
    # open nothing; SET NULL would break juror_for_juri, RESTRICT would block deleting a
    # rehearsal edition. Changing it ends the user's sessions (trigger, migration 0008).
    juror_id: Mapped[int | None] = mapped_column(ForeignKey("jurors.id", ondelete="CASCADE"))
    # How documents and pages name the person where they approve or sign (migration 0016):
    # "Dra. Nama Contoh, M.Si.", the 18-digit NIP (digits only) and the jabatan. Optional:
    # without them the username stands in (data_access.accounts.profile).
    display_name: Mapped[str | None] = mapped_column(String(200))
    nip: Mapped[str | None] = mapped_column(String(18))
    jabatan: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        CheckConstraint("role IN ('admin', 'viewer', 'bupati', 'juri')", name="role_known"),
        CheckConstraint(
            "(role = 'juri' AND juror_id IS NOT NULL) OR (role <> 'juri' AND juror_id IS NULL)",
            name="juror_for_juri",
        ),
        Index("ix_users_juror", "juror_id"),
    )


class Invitation(Base):
    """A personal one-time link that lets a juror set their password (kept as SHA-256 only).

    It opens /undangan until expires_at; setting a password marks it used, re-sending
    revokes it (a new row takes its place) and so does the committee's revoke.
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_invitations_user", "user_id", "created_at"),)


class UserSession(Base):
    """A logged-in browser: its random session token (kept as its SHA-256 only) and expiry.

    The session cookie carries the token; logging out deletes the row, and so do removing
    the user (ON DELETE CASCADE) and changing their role or juror (triggers, migrations 0004
    and 0008),
    so a copied cookie is worthless from then on.
    """

    __tablename__ = "user_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_user_sessions_user", "user_id"),
        Index("ix_user_sessions_expires", "expires_at"),
    )


class LoginFailure(Base):
    """A refused login attempt, counted per name and per client address to slow guessing."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_login_failures_username", "username", "failed_at"),
        Index("ix_login_failures_address", "address", "failed_at"),
        Index("ix_login_failures_failed_at", "failed_at"),
    )
