"""Ceremony screens: display tokens that open /kiosk without a login, and nothing else.

A token is shown once, when created; the database keeps only its SHA-256, so a copy of
the database does not open any screen. A token belongs to one edition (the only one, or
the one named when it is created): its screen shows that edition whatever is imported
later. Each screen reports what it shows, so the control page can list every connected
screen.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from data_access import audit
from data_access.db import short_lock_wait
from data_access.i18n import Message
from data_access.models import Edition, KioskScreen, utcnow

NAME = re.compile(r"^[\w .()-]{1,80}$", re.UNICODE)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
KIOSK_PATH = "/kiosk"
# A screen's presence never keeps its poll waiting longer than this for a writer's lock.
PRESENCE_LOCK_WAIT_MS = 100
# Who the audit record names when a caller names nobody (a test, a script).
SYSTEM = "system"


class KioskError(ValueError):
    """A refused screen change, with its reason in both languages."""


@dataclass(frozen=True)
class Screen:
    """A registered ceremony screen (never its token)."""

    id: int
    name: str
    created_at: datetime | None
    last_seen_at: datetime | None
    shown: str
    edition_code: str | None  # the edition it showed last
    # The edition the screen belongs to; None for a token older than migration 0006 made
    # while the database held several editions: that screen follows the default edition.
    bound_edition: str | None = None


def _screens(session: Session, *where) -> list[Screen]:
    rows = session.execute(
        select(KioskScreen, Edition.code)
        .outerjoin(Edition, Edition.id == KioskScreen.edition_id)
        .where(*where)
        .order_by(KioskScreen.name)
    )
    return [
        Screen(
            row.id, row.name, row.created_at, row.last_seen_at, row.shown, row.edition_code, code
        )
        for row, code in rows
    ]


def _edition_id(session: Session, code: str | None) -> int | None:
    """Return the id of the edition a new token belongs to (see create_token)."""
    rows = session.execute(select(Edition.code, Edition.id).order_by(Edition.code))
    editions = {code: edition_id for code, edition_id in rows}
    if code is not None:
        code = code.strip()
        if code not in editions:
            raise KioskError(Message("refused.screen_edition", code=code, codes=_codes(editions)))
        return editions[code]
    if len(editions) > 1:
        raise KioskError(Message("refused.screen_editions", codes=_codes(editions)))
    # No edition yet: the screen follows the default edition (data_access.editions).
    return next(iter(editions.values()), None)


def _codes(editions: dict[str, int]) -> str:
    return ", ".join(editions) or "-"


def token_hash(token: str) -> str:
    """Return the stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def kiosk_url(token: str) -> str:
    """Return the path a screen opens."""
    return f"{KIOSK_PATH}?token={token}"


def create_token(
    session: Session, name: str, edition_code: str | None = None, *, by: str = SYSTEM
) -> str:
    """Register a screen of an edition under a name and return its new token (shown only now).

    Without `edition_code` the screen belongs to the only edition; with several editions
    one must be named (KioskError lists them). Made before any edition, it follows the
    default edition. The audit record keeps who registered it, never the token.
    """
    name = _free_name(session, name)
    edition_id = _edition_id(session, edition_code)
    token = secrets.token_urlsafe(32)
    session.add(
        KioskScreen(name=name, token_hash=token_hash(token), shown="", edition_id=edition_id)
    )
    session.flush()
    code = session.scalar(select(Edition.code).where(Edition.id == edition_id))
    audit.record(session, audit.SCREEN_REGISTERED, by=by, edition=code, subject=name)
    return token


def _free_name(session: Session, name: str) -> str:
    """Return a screen name as kept (stripped), refused when malformed or already taken."""
    name = name.strip()
    if not NAME.match(name):
        raise KioskError(Message("refused.screen_name", name=name[:80]))
    if session.execute(select(KioskScreen.id).where(KioskScreen.name == name)).first():
        raise KioskError(Message("refused.screen_exists", name=name))
    return name


def rename(session: Session, name: str, new_name: str, *, by: str = SYSTEM) -> str:
    """Give a screen another name (its link and edition stay); return the name as kept."""
    screen = session.execute(
        select(KioskScreen).where(KioskScreen.name == name.strip())
    ).scalar_one_or_none()
    if screen is None:
        raise KioskError(Message("refused.no_screen", name=name))
    if new_name.strip() == screen.name:
        return screen.name
    old_name, screen.name = screen.name, _free_name(session, new_name)
    session.flush()
    audit.record(session, audit.SCREEN_RENAMED, by=by, subject=screen.name, old=old_name)
    return screen.name


def list_screens(session: Session) -> list[Screen]:
    """Return every registered screen, by name."""
    return _screens(session)


def revoke(session: Session, name: str, *, by: str = SYSTEM) -> None:
    """Remove a screen: its token stops working at its next request (and say so in the audit)."""
    # A DELETE's result is a CursorResult, with a rowcount; execute() is typed Result.
    result = cast(
        CursorResult[Any],
        session.execute(delete(KioskScreen).where(KioskScreen.name == name.strip())),
    )
    if result.rowcount == 0:
        raise KioskError(Message("refused.no_screen", name=name))
    audit.record(session, audit.SCREEN_REVOKED, by=by, subject=name.strip())


def screen_for_token(session: Session, token: str) -> Screen | None:
    """Return the screen a token opens, or None."""
    if not TOKEN.match(token or ""):
        return None
    found = _screens(session, KioskScreen.token_hash == token_hash(token))
    return found[0] if found else None


def get_screen(session: Session, screen_id: int) -> Screen | None:
    """Return a screen by id (None once revoked)."""
    found = _screens(session, KioskScreen.id == screen_id)
    return found[0] if found else None


def record_seen(
    session: Session,
    screen_id: int,
    *,
    shown: str,
    edition_code: str | None,
    now: datetime | None = None,
) -> None:
    """Note that a screen was alive just now and what it showed.

    A courtesy write on the screen's poll: it waits at most PRESENCE_LOCK_WAIT_MS for a
    lock another writer holds (an import, a long CLI transaction), then raises
    OperationalError; the caller rolls back and tries again at a later poll.
    """
    with short_lock_wait(session, PRESENCE_LOCK_WAIT_MS):
        session.execute(
            update(KioskScreen)
            .where(KioskScreen.id == screen_id)
            .values(last_seen_at=now or utcnow(), shown=shown[:120], edition_code=edition_code)
        )
