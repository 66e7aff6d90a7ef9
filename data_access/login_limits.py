"""Failed logins, counted in the database per name and per client address, to slow guessing.

Why the database and not a rate-limit library's memory or Redis store: the database is the
one store every deployment has and every gunicorn worker (and host) shares, so the limit
holds across workers and restarts without Redis; and counting failures only, the natural
unit here, needs no hook on responses. Logins are rare: three small indexed reads per
attempt and one insert per failure cost nothing next to argon2.

The rules, over the last WINDOW (15 minutes):

- an address with ADDRESS_LIMIT (30) failures may not try any name (password spraying);
- a name with NAME_LIMIT (10) failures may not be tried from an address that took part in
  them. An address with no recent failure for the name may still try it, so nobody can
  lock the real user out by failing on purpose; under a spread-out attack each address
  then gets a single guess for that name.

A success is never counted, nor a form sent with a field empty (the login page answers
that before it gets here); a success clears the failures of its name from its address.
Two attempts racing each other may both pass the check; a limit can then be overrun by
the number of simultaneous requests, never by more.
"""

from __future__ import annotations

import ipaddress
import math
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import Session

from data_access.models import LoginFailure, utcnow

WINDOW = timedelta(minutes=15)
NAME_LIMIT = 10
ADDRESS_LIMIT = 30
NAME_LENGTH = 80  # a longer name cannot exist (users.username is 80 characters)
ADDRESS_LENGTH = 64
UNKNOWN_ADDRESS = "unknown"


def client_key(address: str | None) -> str:
    """Return the address a client is counted under: IPv4 as is, IPv6 by its /64 network."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return (address or "").strip()[:ADDRESS_LENGTH] or UNKNOWN_ADDRESS
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        # One subscriber holds a whole /64: counting single IPv6 addresses would give an
        # attacker 2**64 fresh addresses to guess from.
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _nth_latest(session: Session, condition, since: datetime, n: int) -> datetime | None:
    """Return the time of the n-th most recent failure matching condition, if there are n."""
    return session.execute(
        select(LoginFailure.failed_at)
        .where(condition, LoginFailure.failed_at > since)
        .order_by(LoginFailure.failed_at.desc())
        .offset(n - 1)
        .limit(1)
    ).scalar_one_or_none()


def retry_after(
    session: Session, username: str, address: str, *, now: datetime | None = None
) -> int | None:
    """Return the seconds before this address may try this name again, or None if it may now."""
    now = now or utcnow()
    since, name = now - WINDOW, username[:NAME_LENGTH]
    ends: list[datetime] = []
    address_full = _nth_latest(session, LoginFailure.address == address, since, ADDRESS_LIMIT)
    if address_full is not None:
        ends.append(address_full + WINDOW)
    name_full = _nth_latest(session, LoginFailure.username == name, since, NAME_LIMIT)
    if name_full is not None:
        mine = _nth_latest(
            session, (LoginFailure.username == name) & (LoginFailure.address == address), since, 1
        )
        if mine is not None:
            # Free again once the name falls below its limit or this address's part expires.
            ends.append(min(name_full, mine) + WINDOW)
    if not ends:
        return None
    return max(1, math.ceil((max(ends) - now).total_seconds()))


def record_failure(
    session: Session, username: str, address: str, *, now: datetime | None = None
) -> None:
    """Count a failed login of a name from an address, and forget failures out of the window."""
    now = now or utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - WINDOW))
    session.add(LoginFailure(username=username[:NAME_LENGTH], address=address, failed_at=now))
    session.flush()


def forget_failures(session: Session, username: str, address: str) -> None:
    """Clear the failures of a name from an address, after it logged in successfully."""
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.username == username[:NAME_LENGTH], LoginFailure.address == address
        )
    )


def locked_names(session: Session, *, now: datetime | None = None) -> dict[str, datetime]:
    """Return each name locked now (NAME_LIMIT failures in the window) and when it frees.

    "Locked" is the name's rule above: the addresses that failed on it may not try it
    again until it falls below the limit; other addresses still may.
    """
    now = now or utcnow()
    since = now - WINDOW
    names = session.execute(
        select(LoginFailure.username)
        .where(LoginFailure.failed_at > since)
        .group_by(LoginFailure.username)
        .having(func.count() >= NAME_LIMIT)
    ).scalars()
    found = {}
    for name in names:
        nth = _nth_latest(session, LoginFailure.username == name, since, NAME_LIMIT)
        if nth is not None:
            found[name] = nth + WINDOW
    return found


def lift_lock(session: Session, username: str) -> int:
    """Forget every failure of a name, from every address; return how many there were."""
    result = session.execute(
        delete(LoginFailure).where(LoginFailure.username == username[:NAME_LENGTH])
    )
    return int(cast(CursorResult[Any], result).rowcount or 0)
