"""The committee's accounts console: profiles, roles, reset links, login locks, own passwords.

What /akun and `users profile|role|reset|unlock` do, on top of data_access.users (accounts
and sessions) and data_access.invitations (the one-time links): a profile names the person
where the product names an approver or a signatory (display name, NIP, jabatan; the
username stands in without one), a role changes among the non-juror roles (juri accounts
are the jury desk's, /kelola-juri), a reset is a new one-time link, and a login lock is
lifted by forgetting the name's failures. Every change is recorded (data_access.audit) in
its own transaction, never with a password or a token. The last admin is never removed nor
demoted, and nobody removes or demotes their own account.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.i18n import Message, t
from data_access.invitations import invite, reinvite
from data_access.login_limits import lift_lock, locked_names
from data_access.models import JUROR_ROLE, Edition, Invitation, Juror, User, UserSession, utcnow
from data_access.nip import NIP_DIGITS, digits_of, format_nip
from data_access.users import (
    ADMIN_ROLE,
    UserError,
    authenticate,
    check_new_account,
    check_not_last_admin,
    check_password,
    hash_password,
    record_account,
    remove_user,
    session_token_hash,
)

# The roles the console gives; a juri account is made on /kelola-juri, tied to its juror.
CONSOLE_ROLES = (ADMIN_ROLE, "viewer", "bupati")
NAME_LENGTH = 200  # a display name or a jabatan
_SPACES = re.compile(r"\s+")


class WrongPassword(UserError):
    """The current password given to change one's own is not the account's."""


@dataclass(frozen=True)
class Profile:
    """How the product names a person: display name, NIP and jabatan, else the username."""

    username: str
    display_name: str | None = None
    nip: str | None = None
    jabatan: str | None = None

    @property
    def name(self) -> str:
        """Return the display name, or the username when there is none."""
        return self.display_name or self.username

    def signatory(self, lang: str = "id") -> str:
        """Return the approver's line: "Dra. Nama, M.Si. (NIP 19650412 199003 2 001)"."""
        if not self.nip:
            return self.name
        return t("profile.signatory", lang, name=self.name, nip=format_nip(self.nip))


@dataclass(frozen=True)
class ConsoleAccount:
    """One account as /akun lists it."""

    username: str
    role: str
    display_name: str | None
    nip: str | None
    jabatan: str | None
    juror_code: str | None
    juror_name: str | None
    edition_code: str | None
    locked_until: datetime | None  # the name is locked (data_access.login_limits) until then
    link_until: datetime | None  # a one-time link is live until then
    # The account came with a one-time link (/akun, an invitation) none of which was used
    # yet: its person has not set a password, so nobody can log in with it.
    awaiting_password: bool = False


# ---------------------------------------------------------------- profiles
def normalize_nip(raw: str | None) -> str | None:
    """Return an NIP as its 18 digits (spaces typed in it dropped), None when empty."""
    digits = digits_of(raw)
    if digits is None:
        raise UserError(Message("refused.nip", digits=NIP_DIGITS))
    return digits or None


def _text(raw: str | None, key: str) -> str | None:
    """Return a display name or jabatan on one line, None when empty; refuse odd text."""
    text = _SPACES.sub(" ", raw or "").strip()
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise UserError(Message(key, length=NAME_LENGTH))
    if len(text) > NAME_LENGTH:
        raise UserError(Message(key, length=NAME_LENGTH))
    return text or None


def _profile_values(
    display_name: str | None, nip: str | None, jabatan: str | None
) -> dict[str, str | None]:
    """Return a profile's columns as typed in, checked and tidied (or raise UserError)."""
    return {
        "display_name": _text(display_name, "refused.display_name"),
        "nip": normalize_nip(nip),
        "jabatan": _text(jabatan, "refused.jabatan"),
    }


def _user(session: Session, username: str) -> User:
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise UserError(Message("refused.no_user", username=username))
    return user


def profile(session: Session, username: str) -> Profile:
    """Return how the product names a user (only the username when it has no profile)."""
    row = session.execute(
        select(User.display_name, User.nip, User.jabatan).where(User.username == username)
    ).first()
    return Profile(username) if row is None else Profile(username, *row)


def signatory(session: Session, username: str | None, lang: str = "id") -> str:
    """Return the line naming an approver: display name and NIP, else the username."""
    if not username:
        return ""
    return profile(session, username).signatory(lang)


def set_profile(
    session: Session,
    username: str,
    *,
    display_name: str | None,
    nip: str | None,
    jabatan: str | None,
    by: str,
) -> Profile:
    """Set a user's display name, NIP and jabatan (empty clears one); recorded when changed."""
    user = _user(session, username)
    new = _profile_values(display_name, nip, jabatan)
    changed = sorted(k for k, v in new.items() if getattr(user, k) != v)
    for key, value in new.items():
        setattr(user, key, value)
    if changed:
        session.flush()
        record_account(session, audit.ACCOUNT_PROFILE, user, by=by, fields=changed)
    return Profile(username, user.display_name, user.nip, user.jabatan)


# ---------------------------------------------------------------- the committee's changes
def add_account(
    session: Session,
    username: str,
    role: str,
    *,
    display_name: str | None = None,
    nip: str | None = None,
    jabatan: str | None = None,
    by: str,
    now: datetime | None = None,
) -> str:
    """Create a non-juror account with its profile; return its one-time link's token.

    Nobody types a password for another person: the account opens nothing until its
    owner sets one through the link (/undangan).
    """
    if role == JUROR_ROLE:
        raise UserError(Message("refused.console_juri"))
    check_new_account(session, username, role, None)
    # Checked before the account exists, so a bad NIP creates nothing.
    fields = _profile_values(display_name, nip, jabatan)
    account, token = invite(session, username, role, juror_id=None, by=by, now=now)
    user = session.execute(select(User).where(User.id == account.id)).scalar_one()
    for key, value in fields.items():
        setattr(user, key, value)
    session.flush()
    return token


def change_role(
    session: Session, username: str, role: str, *, by: str, person: bool = True
) -> None:
    """Give an account another non-juror role (its sessions end: trigger 0004); recorded.

    `person`: `by` is an account (the web), which may not change its own role; the
    command line's `by` is the system's user name, which names no account.
    """
    user = _user(session, username)
    if role not in CONSOLE_ROLES or user.role == JUROR_ROLE:
        raise UserError(Message("refused.console_juri"))
    if user.role == role:
        raise UserError(Message("refused.same_role", username=username))
    if person and username == by:
        raise UserError(Message("refused.own_role"))
    if role != ADMIN_ROLE:
        check_not_last_admin(session, user)
    old = user.role
    user.role = role
    session.flush()
    # The audit view (data_access/audit_words.py) names the new role from new_role.
    record_account(session, audit.ACCOUNT_ROLE, user, by=by, old_role=old, new_role=role)


def remove_account(session: Session, username: str, *, by: str) -> None:
    """Remove an account on a person's word: never their own, never the last admin."""
    if username == by:
        raise UserError(Message("refused.remove_self"))
    remove_user(session, username, by=by)


def reset_link(session: Session, username: str, *, by: str, now: datetime | None = None) -> str:
    """Make a new one-time link for an account (older live links die); return its token."""
    return reinvite(session, username, by=by, now=now)


def unlock(session: Session, username: str, *, by: str) -> int:
    """Lift a name's login lock: forget its failed logins; recorded. Refused when none."""
    user = _user(session, username)
    forgotten = lift_lock(session, username)
    if not forgotten:
        raise UserError(Message("refused.not_locked", username=username))
    record_account(session, audit.ACCOUNT_UNLOCKED, user, by=by, failures=forgotten)
    return forgotten


# ---------------------------------------------------------------- one's own password
def change_own_password(
    session: Session, username: str, current: str, new: str, *, keep_token: str
) -> int:
    """Change a person's own password and end their other sessions; return how many ended.

    Raises WrongPassword (before any write) when `current` is not the password, so the
    caller can count it as a failed login of the name; UserError when `new` breaks the
    rules. The session whose token is `keep_token` stays.
    """
    account = authenticate(session, username, current)
    if account is None:
        raise WrongPassword(Message("refused.current_password"))
    check_password(new)
    user = _user(session, username)
    user.password_hash = hash_password(new)
    ended = session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id,
            UserSession.token_hash != session_token_hash(keep_token),
        )
    )
    count = int(cast(CursorResult[Any], ended).rowcount or 0)
    record_account(
        session, audit.ACCOUNT_PASSWORD, user, by=username, via="own", sessions_ended=count
    )
    session.flush()
    return count


# ---------------------------------------------------------------- the list
def _awaiting(links: tuple[datetime | None, datetime] | None, created: datetime) -> bool:
    """Return True for an account made by a link (invite stamps both alike) none of whose
    links was used: nobody knows its password yet. A reset leaves the old password working."""
    if links is None:
        return False
    used, first = links
    return used is None and first <= created


def console(session: Session, *, now: datetime | None = None) -> list[ConsoleAccount]:
    """Return every account by name, with its profile, juror, lock and live link."""
    now = now or utcnow()
    live = session.execute(
        select(Invitation.user_id, func.max(Invitation.expires_at))
        .where(
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .group_by(Invitation.user_id)
    ).all()
    links = {user_id: until for user_id, until in live}
    # Accounts with links: whether any was used (a password set through it) and when the
    # first was made (with the account itself, for an account made by a link).
    linked = {
        user_id: (used, first)
        for user_id, used, first in session.execute(
            select(
                Invitation.user_id, func.max(Invitation.used_at), func.min(Invitation.created_at)
            ).group_by(Invitation.user_id)
        )
    }
    locks = locked_names(session, now=now)
    rows = session.execute(
        select(
            User.id,
            User.username,
            User.role,
            User.display_name,
            User.nip,
            User.jabatan,
            Juror.code,
            Juror.name,
            Edition.code,
            User.created_at,
        )
        .outerjoin(Juror, Juror.id == User.juror_id)
        .outerjoin(Edition, Edition.id == Juror.edition_id)
        .order_by(User.username)
    ).all()
    return [
        ConsoleAccount(
            username=r.username,
            role=r.role,
            display_name=r.display_name,
            nip=r.nip,
            jabatan=r.jabatan,
            juror_code=r[6],
            juror_name=r[7],
            edition_code=r[8],
            locked_until=locks.get(r.username),
            link_until=links.get(r.id),
            awaiting_password=_awaiting(linked.get(r.id), r.created_at),
        )
        for r in rows
    ]
