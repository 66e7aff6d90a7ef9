"""Dashboard accounts: add, list, remove, check a password (argon2id), and their sessions."""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, CursorResult, delete, select, update
from sqlalchemy.orm import Session

from data_access import audit
from data_access.db import short_lock_wait
from data_access.i18n import Message
from data_access.models import JUROR_ROLE, ROLES, Edition, Juror, User, UserSession, utcnow

USERNAME = re.compile(r"^[A-Za-z0-9._-]{2,80}$")
MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()
# A session ends after this long without a request (the session cookie's lifetime too).
SESSION_LIFETIME = timedelta(hours=12)
# A session's expiry slides forward with use, written at most this often: one small write
# per active browser every few minutes, not one per callback.
SESSION_TOUCH_EVERY = timedelta(minutes=5)
SESSION_TOUCH_LOCK_WAIT_MS = 100
ADMIN_ROLE = "admin"


@functools.cache
def _dummy_hash() -> str:
    """Verifying against this keeps a login for an unknown name as slow as for a known one.

    Made at the first unknown name, not at import: a hash at full cost is 0.1 s or more, and
    every process that imports this module (each command, each worker) paid it.
    """
    return _hasher.hash("kipp-live-timing-equaliser")


class UserError(ValueError):
    """A refused account change, with its reason in both languages."""


@dataclass(frozen=True)
class Account:
    """A logged-in or listed user, without the password hash."""

    id: int
    username: str
    role: str
    created_at: datetime | None = None
    # The juror a `juri` account scores as; None for every other role.
    juror_id: int | None = None


@dataclass(frozen=True)
class ListedAccount:
    """A user as `users list` shows it: a juri account with its juror and edition."""

    username: str
    role: str
    created_at: datetime | None
    juror_code: str | None
    juror_name: str | None
    edition_code: str | None
    display_name: str | None = None


def check_password(password: str) -> None:
    """Raise UserError when a new password breaks the rules (for every way one is set)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(Message("refused.password_short", length=MIN_PASSWORD_LENGTH))


def hash_password(password: str) -> str:
    """Return the argon2id hash kept for a password that passed check_password."""
    return _hasher.hash(password)


def juror_in_edition(session: Session, edition_code: str, juror_code: str) -> int:
    """Return the id of the juror with that code in the edition, or raise UserError."""
    found = session.execute(
        select(Juror.id)
        .join(Edition, Edition.id == Juror.edition_id)
        .where(Edition.code == edition_code, Juror.code == juror_code)
    ).scalar_one_or_none()
    if found is None:
        raise UserError(Message("refused.no_juror", juror=juror_code, edition=edition_code))
    return found


def check_new_account(session: Session, username: str, role: str, juror_id: int | None) -> None:
    """Raise UserError unless an account of that name, role and juror may be created."""
    if not USERNAME.match(username):
        raise UserError(Message("refused.username"))
    if role not in ROLES:
        raise UserError(f"{Message('refused.role')}: {', '.join(ROLES)}")
    if role == JUROR_ROLE and juror_id is None:
        raise UserError(Message("refused.juri_needs_juror"))
    if role != JUROR_ROLE and juror_id is not None:
        raise UserError(Message("refused.juror_only_juri"))
    if session.execute(select(User.id).where(User.username == username)).first():
        raise UserError(Message("refused.user_exists", username=username))


def add_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    *,
    juror_id: int | None = None,
    by: str | None = None,
) -> Account:
    """Create a user with an argon2id password hash (a `juri` user names their juror).

    Recorded in the audit record as `by`'s doing (the command line and the pages always
    name one); without `by`, a seed's or a test's account, it is not recorded.
    """
    check_new_account(session, username, role, juror_id)
    check_password(password)
    user = User(
        username=username, password_hash=_hasher.hash(password), role=role, juror_id=juror_id
    )
    session.add(user)
    session.flush()
    if by is not None:
        record_added(session, user, by=by)
    return Account(user.id, user.username, user.role, user.created_at, user.juror_id)


def juror_edition(session: Session, juror_id: int | None) -> str | None:
    """Return the edition code of a juri account's juror (None for other accounts)."""
    if juror_id is None:
        return None
    return session.execute(
        select(Edition.code).join(Juror, Juror.edition_id == Edition.id).where(Juror.id == juror_id)
    ).scalar_one_or_none()


def record_account(session: Session, action: str, user: User, *, by: str, **detail: Any) -> None:
    """Record a change of an account (under its juror's edition for a juri account)."""
    edition = juror_edition(session, user.juror_id)
    audit.record(session, action, by=by, edition=edition, subject=user.username, **detail)


def record_added(session: Session, user: User, *, by: str, **detail: object) -> None:
    """Record a new account in the audit record (its role, a juri account's juror)."""
    values: dict[str, Any] = {"role": user.role, **detail}
    juror = session.get(Juror, user.juror_id) if user.juror_id is not None else None
    if juror is not None:
        values["juror"] = juror.code
    record_account(session, audit.ACCOUNT_ADDED, user, by=by, **values)


def admin_count(session: Session) -> int:
    """Return how many admin accounts there are."""
    return len(session.execute(select(User.id).where(User.role == ADMIN_ROLE)).all())


def check_not_last_admin(session: Session, user: User) -> None:
    """Raise UserError when the user is the only admin (removing or demoting it is refused)."""
    if user.role == ADMIN_ROLE and admin_count(session) <= 1:
        raise UserError(Message("refused.last_admin", username=user.username))


def list_users(session: Session) -> list[ListedAccount]:
    """Return every user, by name, with the juror (and its edition) of a juri account."""
    rows = session.execute(
        select(
            User.username,
            User.role,
            User.created_at,
            Juror.code,
            Juror.name,
            Edition.code,
            User.display_name,
        )
        .outerjoin(Juror, Juror.id == User.juror_id)
        .outerjoin(Edition, Edition.id == Juror.edition_id)
        .order_by(User.username)
    ).all()
    return [ListedAccount(*row) for row in rows]


def remove_user(session: Session, username: str, *, by: str | None = None) -> None:
    """Delete a user (its sessions and links go with it); never the last admin.

    Recorded as `by`'s doing (not recorded without one, as add_user). Raises UserError
    when there is none of that name or when it is the only admin.
    """
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise UserError(Message("refused.no_user", username=username))
    check_not_last_admin(session, user)
    if by is not None:  # recorded first: the juror's edition is read through the account
        record_account(session, audit.ACCOUNT_REMOVED, user, by=by, role=user.role)
    # A DELETE's result is a CursorResult, with a rowcount; execute() is typed Result.
    result = cast(CursorResult[Any], session.execute(delete(User).where(User.id == user.id)))
    if not result.rowcount:  # removed meanwhile by another request
        raise UserError(Message("refused.no_user", username=username))
    session.expunge(user)


def authenticate(session: Session, username: str, password: str) -> Account | None:
    """Return the account when the password matches, else None (in constant-ish time)."""
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    try:
        _hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return Account(user.id, user.username, user.role, user.created_at, user.juror_id)


# ---------------------------------------------------------------- sessions
def session_token_hash(token: str) -> str:
    """Return what the database keeps of a session token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user_id: int, *, now: datetime | None = None) -> str:
    """Record a new session of the user and return its random token, kept nowhere else."""
    now = now or utcnow()
    # Logins are rare: a good moment to forget the sessions that ran out.
    session.execute(delete(UserSession).where(UserSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=session_token_hash(token),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.flush()
    return token


def session_account(
    session: Session, user_id: int, token: str, *, now: datetime | None = None
) -> Account | None:
    """Return the account of a live session, sliding its expiry when due (None once ended).

    The caller commits (the expiry may have moved). See live_session and touch_session for
    the two steps apart.
    """
    now = now or utcnow()
    found = live_session(session, user_id, token, now=now)
    if found is None:
        return None
    account, due = found
    if due:
        touch_session(session, token, now=now)
    return account


def live_session(
    session: Session, user_id: int, token: str, *, now: datetime | None = None
) -> tuple[Account, bool] | None:
    """Return a live session's account and whether its expiry is due to slide (None: ended).

    One read of the user and the session together (no write: it may run outside a
    transaction). The token is random and looked up by its hash, so a stale cookie never
    matches a row made later, even where SQLite hands a removed user's id to a new one.
    """
    now = now or utcnow()
    row = session.execute(
        select(
            User.id,
            User.username,
            User.role,
            User.created_at,
            User.juror_id,
            UserSession.last_seen_at,
        )
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            UserSession.token_hash == session_token_hash(token),
            UserSession.user_id == user_id,
            UserSession.expires_at > now,
        )
    ).first()
    if row is None:
        return None
    account = Account(row.id, row.username, row.role, row.created_at, row.juror_id)
    return account, now - row.last_seen_at >= SESSION_TOUCH_EVERY


def touch_session(session: Session, token: str, *, now: datetime | None = None) -> None:
    """Slide a session's expiry from now; the caller commits.

    On every page's refresh path: never wait long for another writer's lock (an import).
    Past the limit this raises OperationalError, and the touch waits for a later request.
    """
    now = now or utcnow()
    with short_lock_wait(session, SESSION_TOUCH_LOCK_WAIT_MS):
        session.execute(
            update(UserSession)
            .where(UserSession.token_hash == session_token_hash(token))
            .values(last_seen_at=now, expires_at=now + SESSION_LIFETIME)
        )


def end_session(session: Session, token: str) -> None:
    """Delete a session: its cookie, wherever copied, opens nothing any more."""
    session.execute(delete(UserSession).where(UserSession.token_hash == session_token_hash(token)))


def live_sessions(
    session: Session | Connection, *, now: datetime | None = None
) -> dict[str, tuple[int, str]]:
    """Return every live session in one query: its token's hash -> (user id, role).

    For checks that must not cost a query each (the live pages' tick): read once a
    second, it tells an ended session (logout, a removed user, a changed role, expiry)
    from a live one without a lookup per request.
    """
    now = now or utcnow()
    rows = session.execute(
        select(UserSession.token_hash, User.id, User.role)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.expires_at > now)
    ).all()
    return {digest: (user_id, role) for digest, user_id, role in rows}
