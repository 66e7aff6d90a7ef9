"""Who is asking, and what they may do: the account of a request, roles, secured callbacks.

Every Dash callback of the project is registered through `secure_callback`, which
checks the viewer's role on the server before the callback runs; a request without
the right session gets 204 No Content, whatever inputs it claims. Pages record who may
open them (`protect_page`); the guard that sends a browser to /login, and the login and
logout views, are the `auth` blueprint's (dashboard/auth_routes.py).

A login's session lives on the server too (table user_sessions): the signed cookie carries
a random token, and the account counts as logged in only while its row exists. Logging
out deletes the row, and so do removing the user and changing their role, so a copied
cookie is worthless from then on. A ceremony screen signed in with its display token is
an account with the kiosk role for as long as its token is not revoked.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import logging
import os
import secrets
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from dash import Dash
from dash.exceptions import PreventUpdate
from flask import Flask, g, request, session
from sqlalchemy.exc import SQLAlchemyError

from dashboard.services import services
from data_access.models import KioskScreen
from data_access.settings import Settings
from data_access.users import SESSION_LIFETIME, Account, live_session, touch_session

log = logging.getLogger(__name__)

ADMIN, VIEWER, BUPATI = "admin", "viewer", "bupati"
# The people who read the dashboard's pages. A juror is not one of them: a `juri` account
# opens /penilaian (its own list) and nothing else, and no Dash callback runs for it.
EVERYONE = frozenset({ADMIN, VIEWER, BUPATI})
COMMITTEE = frozenset({ADMIN})
JURI = "juri"
JURI_HOME = "/penilaian"
# A ceremony screen opened with a display token: it may read the kiosk and nothing else.
KIOSK = "kiosk"
KIOSK_AUDIENCE = EVERYONE | {KIOSK}
KIOSK_PATH = "/kiosk"
SECURED_KEY = "kipp_secured_callbacks"
PAGE_ROLES_KEY = "kipp_page_roles"
LOGIN_PATH, LOGOUT_PATH = "/login", "/logout"
# The methods that read a page: HEAD is answered as GET (without the body), so it is
# guarded as GET everywhere.
READ_METHODS = frozenset({"GET", "HEAD"})


# ---------------------------------------------------------------- secret key
def secret_key(settings: Settings) -> str:
    """Return SECRET_KEY, or a key kept in the instance folder so sessions survive restarts."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.instance_dir) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole into a private (0600) temporary file, then linked into place: a
        # worker racing us either wins or reads the winner's complete key, never an empty file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key-")
        try:
            with os.fdopen(handle, "w", encoding="ascii") as file:
                file.write(secrets.token_urlsafe(48))
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it, or set SECRET_KEY")
    return key


# ---------------------------------------------------------------- the current account
# A check that only reads runs outside a transaction: one round trip, no BEGIN or COMMIT.
OUTSIDE_TRANSACTION = {"isolation_level": "AUTOCOMMIT"}


def current_account() -> Account | None:
    """Return the logged-in account of this request (checked against the database once)."""
    if "kipp_account" not in g:
        account = None
        user_id, token = session.get("uid"), session.get("sid")
        screen_id = session.get("kiosk")
        if isinstance(screen_id, int):
            account = _kiosk_account(screen_id)
        elif isinstance(user_id, int) and isinstance(token, str):
            account = _user_account(user_id, token)
        g.kipp_account = account
    return g.kipp_account


def _user_account(user_id: int, token: str) -> Account | None:
    """Return the account of a login session while its server-side row lives.

    One read outside a transaction (no BEGIN, no COMMIT: a round trip, not three, on every
    request); the expiry slides in a transaction of its own only when due.
    """
    try:
        with services().session() as db:
            db.connection(execution_options=OUTSIDE_TRANSACTION)
            found = live_session(db, user_id, token)
    except SQLAlchemyError:
        # Database away: trust the signed session for the moment. Every data callback
        # reads the data version first, so it then answers "stale" and serves nothing,
        # cached or not.
        return Account(user_id, str(session.get("name", "")), str(session.get("role")))
    if found is None:
        return None
    account, due = found
    if due:
        try:
            with services().session() as db:
                touch_session(db, token)
                db.commit()
        except SQLAlchemyError as exc:  # a busy writer: a later request slides it
            log.debug("session expiry not slid: %s", getattr(exc, "orig", None) or exc)
    # A changed role ends the session's rights at once (the database also ends the
    # session itself: see migration 0004).
    if account.role != session.get("role"):
        return None
    return account


def kiosk_key(stored_hash: str) -> str:
    """Return what a screen's session keeps of its token: enough to tell tokens apart."""
    return hashlib.sha256(f"kipp-kiosk-session:{stored_hash}".encode()).hexdigest()[:32]


def _kiosk_account(screen_id: int) -> Account | None:
    """Return a ceremony screen as an account with the kiosk role (None once revoked)."""
    try:
        with services().session() as db:
            db.connection(execution_options=OUTSIDE_TRANSACTION)
            row = db.get(KioskScreen, screen_id)
            screen = None if row is None else (row.name, kiosk_key(row.token_hash))
    except SQLAlchemyError:
        return Account(-screen_id, str(session.get("name", "")), str(session.get("role")))
    # The session must belong to this screen's token, not merely to its id: SQLite hands a
    # revoked screen's id to the next screen registered, which must not revive the session.
    if screen is None or not hmac.compare_digest(screen[1], str(session.get("kiosk_key", ""))):
        return None
    return Account(-screen_id, screen[0], KIOSK)


def kiosk_screen_id() -> int | None:
    """Return the id of the ceremony screen making this request, if it is one."""
    account = current_account()
    return -account.id if account is not None and account.role == KIOSK else None


def has_role(roles: Iterable[str]) -> bool:
    """Return True when the current account has one of the roles."""
    account = current_account()
    return account is not None and account.role in roles


def home_path(role: str | None) -> str:
    """Return where an account lands after login and where "back" leads: a page it may open
    (/penilaian for a juror, the ceremony screen for a screen's session, else /)."""
    if role == JURI:
        return JURI_HOME
    return KIOSK_PATH if role == KIOSK else "/"


# ---------------------------------------------------------------- secured callbacks
# The role a request's viewer was judged to have before Dash ran its callback: the stored
# answers' hook (dashboard/stored_answers.py) judges every viewer of a live part, the one
# that computes an answer as those it then serves, and a secured callback takes its word
# instead of asking the database a second time in the same request.
JUDGED_ROLE = "kipp_judged_role"


def secure_callback(app: Dash, *args, roles: Iterable[str], **kwargs) -> Callable:
    """Register a Dash callback that runs only for a session with one of the roles."""
    allowed = frozenset(roles)
    if not allowed:
        raise ValueError("secure_callback needs at least one role")

    def decorator(function: Callable) -> Callable:
        @functools.wraps(function)
        def guarded(*call_args, **call_kwargs):
            judged = g.get(JUDGED_ROLE)  # by the stored answers' hook, earlier in this request
            if not (judged in allowed if judged is not None else has_role(allowed)):
                raise PreventUpdate  # 204: nothing for a viewer without the right
            return function(*call_args, **call_kwargs)

        before = set(app.callback_map)
        app.callback(*args, **kwargs)(guarded)
        registry = app.server.extensions.setdefault(SECURED_KEY, {})
        for key in set(app.callback_map) - before:
            registry[key] = allowed
        return guarded

    return decorator


# ---------------------------------------------------------------- pages
def protect_page(server: Flask, path: str, roles: Iterable[str]) -> None:
    """Record which roles may open a page path."""
    server.extensions.setdefault(PAGE_ROLES_KEY, {})[path] = frozenset(roles)


# ---------------------------------------------------------------- CSRF for our forms
def csrf_token() -> str:
    """Return this session's token for forms that change state."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def csrf_ok() -> bool:
    """Return True when the posted form carries this session's token."""
    sent = request.form.get("csrf", "")
    return bool(sent) and hmac.compare_digest(sent, session.get("csrf", ""))


def init_app(server: Flask, settings: Settings) -> None:
    """Set up signed session cookies (the key, their name and lifetime) on the Flask server."""
    server.secret_key = secret_key(settings)
    server.config.update(
        SESSION_COOKIE_NAME="kipp_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
    )
    server.extensions.setdefault(PAGE_ROLES_KEY, {})
