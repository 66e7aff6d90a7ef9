"""Invitations: a personal one-time link (/undangan?token=...) with which a juror sets a password.

The committee invites an account (`users invite`); the link's token is random and the
database keeps only its SHA-256, like a session's. A link opens until it expires (7 days),
is used (a password set), or is revoked, by the committee or by a new link for the same
account (re-sending kills the old one). An account has at most one live link.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from data_access import audit
from data_access.i18n import Message
from data_access.models import Edition, Invitation, Juror, User, UserSession, utcnow
from data_access.users import (
    Account,
    UserError,
    check_new_account,
    check_password,
    hash_password,
    record_account,
    record_added,
)

INVITATION_LIFETIME = timedelta(days=7)
INVITATION_PATH = "/undangan"
# What an invitation link is, as /undangan and `users invitations` name it.
LIVE, USED, REVOKED, EXPIRED, UNKNOWN = "live", "used", "revoked", "expired", "unknown"


@dataclass(frozen=True)
class InvitationRow:
    """One invitation as the committee lists it."""

    username: str
    role: str
    juror_code: str | None
    edition_code: str | None
    created_at: datetime
    created_by: str
    expires_at: datetime
    state: str


def invitation_hash(token: str) -> str:
    """Return what the database keeps of an invitation token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    """Return the path the invited person opens (the site's address goes in front)."""
    return f"{INVITATION_PATH}?token={token}"


def _state(row: Invitation, now: datetime) -> str:
    if row.used_at is not None:
        return USED
    if row.revoked_at is not None:
        return REVOKED
    if row.expires_at <= now:
        return EXPIRED
    return LIVE


def _user(session: Session, username: str) -> User:
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise UserError(Message("refused.no_user", username=username))
    return user


def _revoke_live(session: Session, user_id: int, now: datetime) -> int:
    result = session.execute(
        update(Invitation)
        .where(
            Invitation.user_id == user_id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(revoked_at=now)
    )
    return int(cast(CursorResult[Any], result).rowcount or 0)


def _issue(session: Session, user_id: int, by: str, now: datetime) -> str:
    _revoke_live(session, user_id, now)  # one live link per account: the newest
    token = secrets.token_urlsafe(32)
    session.add(
        Invitation(
            user_id=user_id,
            token_hash=invitation_hash(token),
            created_at=now,
            created_by=by[:80],
            expires_at=now + INVITATION_LIFETIME,
        )
    )
    session.flush()
    return token


def invite(
    session: Session,
    username: str,
    role: str,
    *,
    juror_id: int | None,
    by: str,
    now: datetime | None = None,
) -> tuple[Account, str]:
    """Create the account (or reuse it, same role and juror) and return it with a new link's token.

    A new account gets a random password nobody knows: it opens nothing until the link
    sets one. An existing account of another role or juror is refused (remove it first).
    """
    now = now or utcnow()
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        check_new_account(session, username, role, juror_id)
        user = User(
            username=username,
            password_hash=hash_password(secrets.token_urlsafe(32)),
            role=role,
            juror_id=juror_id,
            created_at=now,
        )
        session.add(user)
        session.flush()
        record_added(session, user, by=by, invited=True)
    elif user.role != role or user.juror_id != juror_id:
        raise UserError(Message("refused.invite_other_account", username=username))
    token = _issue(session, user.id, by, now)
    return Account(user.id, user.username, user.role, user.created_at, user.juror_id), token


def reinvite(session: Session, username: str, *, by: str, now: datetime | None = None) -> str:
    """Send an existing account a new link: its earlier links stop working (recorded).

    The same link serves a juror who was never let in and anyone who forgot a password:
    /undangan sets a new one.
    """
    user = _user(session, username)
    token = _issue(session, user.id, by, now or utcnow())
    record_account(session, audit.ACCOUNT_RESET_LINK, user, by=by, role=user.role)
    return token


def revoke_invitation(session: Session, username: str, *, now: datetime | None = None) -> None:
    """Revoke the account's live link, or raise UserError when it has none."""
    if not _revoke_live(session, _user(session, username).id, now or utcnow()):
        raise UserError(Message("refused.no_live_invitation", username=username))


def list_invitations(session: Session, *, now: datetime | None = None) -> list[InvitationRow]:
    """Return every invitation, newest first, with its state now (live/used/revoked/expired)."""
    now = now or utcnow()
    rows = session.execute(
        select(Invitation, User.username, User.role, Juror.code, Edition.code)
        .join(User, User.id == Invitation.user_id)
        .outerjoin(Juror, Juror.id == User.juror_id)
        .outerjoin(Edition, Edition.id == Juror.edition_id)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    ).all()
    return [
        InvitationRow(
            username,
            role,
            juror_code,
            edition_code,
            row.created_at,
            row.created_by,
            row.expires_at,
            _state(row, now),
        )
        for row, username, role, juror_code, edition_code in rows
    ]


def newest_state(session: Session, username: str, *, now: datetime | None = None) -> str | None:
    """Return the state of the account's newest link, None when it never had one."""
    row = session.execute(
        select(Invitation)
        .join(User, User.id == Invitation.user_id)
        .where(User.username == username)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return None if row is None else _state(row, now or utcnow())


def invitation_state(session: Session, token: str, *, now: datetime | None = None) -> str:
    """Return what a link's token is now: live, used, revoked, expired or unknown."""
    row = session.execute(
        select(Invitation).where(Invitation.token_hash == invitation_hash(token))
    ).scalar_one_or_none()
    return UNKNOWN if row is None else _state(row, now or utcnow())


def accept_invitation(
    session: Session, token: str, password: str, *, now: datetime | None = None
) -> Account:
    """Set the password of a live link's account and mark the link used; return the account.

    Raises UserError for a password that breaks the rules (the link stays live), and
    InvitationRefused when the link is not live.
    """
    now = now or utcnow()
    row = session.execute(
        select(Invitation)
        .where(Invitation.token_hash == invitation_hash(token))
        .with_for_update()  # two tabs posting one link: the second finds it used
    ).scalar_one_or_none()
    state = UNKNOWN if row is None else _state(row, now)
    if row is None or state != LIVE:
        raise InvitationRefused(state)
    check_password(password)
    # ON DELETE CASCADE: an invitation never outlives its user.
    user = session.execute(select(User).where(User.id == row.user_id)).scalar_one()
    user.password_hash = hash_password(password)
    row.used_at = now
    # A new password ends every session the old one opened (a reset after a leak); the
    # caller then starts the one of this browser.
    ended = session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    count = int(cast(CursorResult[Any], ended).rowcount or 0)
    record_account(
        session, audit.ACCOUNT_PASSWORD, user, by=user.username, via="link", sessions_ended=count
    )
    session.flush()
    return Account(user.id, user.username, user.role, user.created_at, user.juror_id)


class InvitationRefused(Exception):
    """A link that cannot set a password: its state says why (used, revoked, expired, unknown)."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state
