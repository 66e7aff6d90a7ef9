"""Dashboard accounts: add, list, remove, and check a password (argon2id hashes)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data_access.models import ROLES, User

USERNAME = re.compile(r"^[A-Za-z0-9._-]{2,80}$")
MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()
# Verifying against this keeps a login for an unknown name as slow as for a known one.
_DUMMY_HASH = _hasher.hash("kipp-live-timing-equaliser")


class UserError(ValueError):
    """A refused account change, with its reason in both languages."""


@dataclass(frozen=True)
class Account:
    """A logged-in or listed user, without the password hash."""

    id: int
    username: str
    role: str
    created_at: datetime | None = None


def add_user(session: Session, username: str, password: str, role: str) -> Account:
    """Create a user with an argon2id password hash."""
    if not USERNAME.match(username):
        raise UserError(
            "Nama pengguna 2-80 karakter: huruf, angka, titik, garis bawah atau tanda hubung / "
            "username must be 2-80 letters, digits, dots, underscores or hyphens"
        )
    if role not in ROLES:
        raise UserError(f"Peran harus salah satu dari / role must be one of: {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(
            f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter / "
            f"password must have at least {MIN_PASSWORD_LENGTH} characters"
        )
    if session.execute(select(User.id).where(User.username == username)).first():
        raise UserError(f"Pengguna '{username}' sudah ada / user '{username}' already exists")
    user = User(username=username, password_hash=_hasher.hash(password), role=role)
    session.add(user)
    session.flush()
    return Account(user.id, user.username, user.role, user.created_at)


def list_users(session: Session) -> list[Account]:
    """Return every user, by name."""
    rows = session.execute(
        select(User.id, User.username, User.role, User.created_at).order_by(User.username)
    ).all()
    return [Account(*row) for row in rows]


def remove_user(session: Session, username: str) -> None:
    """Delete a user, or raise UserError when there is none of that name."""
    if not session.execute(delete(User).where(User.username == username)).rowcount:
        raise UserError(f"Pengguna '{username}' tidak ada / no user '{username}'")


def get_account(session: Session, user_id: int) -> Account | None:
    """Return the account with this id, or None when it was removed."""
    row = session.execute(
        select(User.id, User.username, User.role, User.created_at).where(User.id == user_id)
    ).first()
    return Account(*row) if row else None


def authenticate(session: Session, username: str, password: str) -> Account | None:
    """Return the account when the password matches, else None (in constant-ish time)."""
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return Account(user.id, user.username, user.role, user.created_at)
