"""Who is asking: login and logout routes, the page guard, and the secured callback wrapper.

Every Dash callback of the project is registered through `secure_callback`, which
checks the viewer's role on the server before the callback runs; a request without
the right session gets 204 No Content, whatever inputs it claims. Page requests are
guarded too, but only for convenience (a redirect to /login): layouts carry no data.
HEAD is guarded exactly as GET.

A display token's link (/kiosk?token=...) makes an anonymous browser a ceremony screen,
but never replaces a person's session: where someone is logged in, it answers a page
saying so (409), with a logout button that comes back to the link.

A login's session lives on the server too (table user_sessions): the signed cookie carries
a random token, and the account counts as logged in only while its row exists. Logging
out deletes the row, and so do removing the user and changing their role, so a copied
cookie is worthless from then on. Failed logins are counted in the database
(data_access.login_limits), which answers 429 to an address that keeps guessing.
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
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from dash import Dash
from dash.exceptions import PreventUpdate
from flask import Flask, current_app, g, redirect, render_template, request, session
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from dashboard.html import render_page
from dashboard.i18n import normalize_lang, t
from dashboard.services import services
from data_access.formatting import format_time
from data_access.kiosks import screen_for_token, token_hash
from data_access.login_limits import client_key, forget_failures, record_failure, retry_after
from data_access.models import KioskScreen, utcnow
from data_access.settings import Settings
from data_access.users import (
    SESSION_LIFETIME,
    Account,
    authenticate,
    end_session,
    session_account,
    start_session,
)

ADMIN, VIEWER, BUPATI = "admin", "viewer", "bupati"
EVERYONE = frozenset({ADMIN, VIEWER, BUPATI})
COMMITTEE = frozenset({ADMIN})
# A ceremony screen opened with a display token: it may read the kiosk and nothing else.
KIOSK = "kiosk"
KIOSK_AUDIENCE = EVERYONE | {KIOSK}
KIOSK_PATH = "/kiosk"
SECURED_KEY = "kipp_secured_callbacks"
PAGE_ROLES_KEY = "kipp_page_roles"
log = logging.getLogger(__name__)
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
    """Return the account of a login session while its server-side row lives."""
    try:
        with services().session() as db:
            account = session_account(db, user_id, token)
            db.commit()  # in place of the rollback on close; keeps a slid expiry
    except SQLAlchemyError:
        # Database away: trust the signed session for the moment. Every data callback
        # reads the data version first, so it then answers "stale" and serves nothing,
        # cached or not.
        return Account(user_id, str(session.get("name", "")), str(session.get("role")))
    # A changed role ends the session's rights at once (the database also ends the
    # session itself: see migration 0004).
    if account is not None and account.role != session.get("role"):
        return None
    return account


def _end_server_session() -> None:
    """Delete this browser's login session on the server, if it has one."""
    token = session.get("sid")
    if not isinstance(token, str):
        return
    try:
        with services().session() as db, db.begin():
            end_session(db, token)
    except SQLAlchemyError as exc:
        # The cookie is cleared all the same; the row runs out with SESSION_LIFETIME.
        log.warning("session not ended in the database: %s", getattr(exc, "orig", None) or exc)


def _kiosk_key(stored_hash: str) -> str:
    """Return what a screen's session keeps of its token: enough to tell tokens apart."""
    return hashlib.sha256(f"kipp-kiosk-session:{stored_hash}".encode()).hexdigest()[:32]


def _kiosk_account(screen_id: int) -> Account | None:
    """Return a ceremony screen as an account with the kiosk role (None once revoked)."""
    try:
        with services().session() as db:
            row = db.get(KioskScreen, screen_id)
            screen = None if row is None else (row.name, _kiosk_key(row.token_hash))
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


# ---------------------------------------------------------------- secured callbacks
def secure_callback(app: Dash, *args, roles: Iterable[str], **kwargs) -> Callable:
    """Register a Dash callback that runs only for a session with one of the roles."""
    allowed = frozenset(roles)
    if not allowed:
        raise ValueError("secure_callback needs at least one role")

    def decorator(function: Callable) -> Callable:
        @functools.wraps(function)
        def guarded(*call_args, **call_kwargs):
            if not has_role(allowed):
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


def _kiosk_login(token: str):
    """Start a screen's session from its display token; no login form ever reaches a TV."""
    lang = normalize_lang(request.args.get("lang"))
    try:
        with services().session() as db:
            screen = screen_for_token(db, token)
    except SQLAlchemyError as exc:
        log.warning("kiosk token: database not readable: %s", getattr(exc, "orig", None) or exc)
        if isinstance(session.get("kiosk"), int):
            return None  # a screen already signed in carries on with its last good frame
        return _kiosk_wait_page(lang), 503
    if screen is None:
        body = Markup("<p>{}</p>").format(t("kiosk.token_invalid.body", lang))
        return render_page(t("kiosk.token_invalid.title", lang), body, lang), 403
    account = current_account()
    if account is not None and account.role != KIOSK:
        # A person's session is never traded for a screen's: they would be logged out of
        # /kendali in the middle of a ceremony by following a link.
        return _person_browser_page(lang, account), 409, {"Cache-Control": "no-store"}
    key = _kiosk_key(token_hash(token))
    if session.get("kiosk") != screen.id or session.get("kiosk_key") != key:
        _end_server_session()
        session.clear()  # a fresh session: whoever used this browser before is signed out
        session.permanent = True
        session.update({"kiosk": screen.id, "kiosk_key": key, "role": KIOSK, "name": screen.name})
        g.pop("kipp_account", None)
    return None


def _person_browser_page(lang: str, account: Account) -> str:
    """Explain that this browser is a person's, and how to make a screen of one."""
    other = "en" if lang == "id" else "id"
    args = request.args.to_dict()
    args["lang"] = other
    return render_template(
        "kiosk_person.html",
        lang=lang,
        title=t("kiosk_person.title", lang),
        body=t("kiosk_person.body", lang, name=account.username),
        what_now=t("kiosk_person.what_now", lang),
        tv_hint=t("kiosk_person.tv_hint", lang),
        logout_hint=t("kiosk_person.logout_hint", lang),
        t_logout=t("kiosk_person.logout", lang),
        t_back=t("kiosk_person.back", lang),
        csrf=csrf_token(),
        logout_path=LOGOUT_PATH,
        # Back here once logged out: the link then makes this browser the screen.
        next=request.full_path.rstrip("?"),
        other_href=f"{KIOSK_PATH}?{urlencode(args)}",
        other_name=t("auth.switch_language", lang),
    )


def _kiosk_wait_page(lang: str) -> str:
    return render_template("kiosk_wait.html", lang=lang, text=t("kiosk.reconnecting", lang))


def _guard_pages():
    # HEAD is GET without the body: it gets exactly GET's answer, refusals included.
    if request.method not in READ_METHODS:
        return None
    if request.path.rstrip("/") == KIOSK_PATH and "token" in request.args:
        refused = _kiosk_login(request.args.get("token", ""))
        if refused is not None:
            return refused
    page_roles = current_app.extensions.get(PAGE_ROLES_KEY, {})
    roles = page_roles.get(request.path.rstrip("/") or "/")
    if roles is None:
        return None
    account = current_account()
    if account is None:
        target = request.full_path.rstrip("?")
        return redirect(f"{LOGIN_PATH}?next={_quote(target)}")
    if account.role not in roles:
        lang = normalize_lang(request.args.get("lang"))
        body = render_page(
            t("auth.forbidden.title", lang),
            Markup("<p>{}</p><p><a href='/'>{}</a></p>").format(
                t("auth.forbidden.body", lang), t("auth.forbidden.back", lang)
            ),
            lang,
        )
        return body, 403
    return None


def _quote(path: str) -> str:
    return quote(path, safe="/")


def _safe_next(target: str | None) -> str:
    """Return a local path to go to after login (never another site)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


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


def _login_page(lang: str, *, error: str = "", username: str = "", next_path: str = "/") -> str:
    other = "en" if lang == "id" else "id"
    return render_template(
        "login.html",
        title=t("auth.title", lang),
        lang=lang,
        error=error,
        csrf=csrf_token(),
        next=next_path,
        next_q=f"&next={_quote(next_path)}" if next_path != "/" else "",
        username=username,
        t_user=t("auth.username", lang),
        t_password=t("auth.password", lang),
        t_submit=t("auth.submit", lang),
        other=other,
        other_name=t("auth.switch_language", lang),
    )


def _limited_page(lang: str, seconds: int) -> str:
    # The time shown is rounded up to the minute, so trying then always works.
    free_at = utcnow() + timedelta(seconds=seconds + 59)
    body = Markup(
        "<div class='alert alert-warning' role='alert'>{}</div><p><a href='{}'>{}</a></p>"
    ).format(
        t("auth.limited.body", lang, time=format_time(free_at.replace(second=0), lang=lang)),
        f"{LOGIN_PATH}?lang={lang}",
        t("auth.limited.back", lang),
    )
    return render_page(t("auth.limited.title", lang), body, lang)


def login():
    """Show the login form, or check the posted credentials and start a session."""
    lang = normalize_lang(request.args.get("lang"))
    if request.method in READ_METHODS:
        return _login_page(lang, next_path=_safe_next(request.args.get("next")))
    next_path = _safe_next(request.form.get("next"))
    username = request.form.get("username", "").strip()
    if not csrf_ok():
        return _login_page(lang, error=t("auth.expired", lang), next_path=next_path), 400
    address = client_key(request.remote_addr)
    account = token = None
    try:
        with services().session() as db, db.begin():
            # Checked before the password: a refused attempt learns nothing and costs no argon2.
            wait = retry_after(db, username, address)
            if wait is None:
                account = authenticate(db, username, request.form.get("password", ""))
                if account is None:
                    record_failure(db, username, address)
                else:
                    forget_failures(db, username, address)
                    previous = session.get("sid")
                    if isinstance(previous, str):
                        end_session(db, previous)  # this browser's earlier login, if any
                    token = start_session(db, account.id)
    except SQLAlchemyError as exc:
        log.warning("login: database not readable: %s", getattr(exc, "orig", None) or exc)
        page = _login_page(
            lang, error=t("home.db_error.title", lang), username=username, next_path=next_path
        )
        return page, 503
    if wait is not None:
        # The name is left out: people type their password there by mistake.
        log.warning("login refused for %d s: too many failed logins from %s", wait, address)
        return _limited_page(lang, wait), 429, {"Retry-After": str(wait)}
    if account is None or token is None:
        page = _login_page(
            lang, error=t("auth.failed", lang), username=username, next_path=next_path
        )
        return page, 401
    session.clear()  # a fresh session on login: no fixation
    session.permanent = True
    session.update(
        {"uid": account.id, "sid": token, "role": account.role, "name": account.username}
    )
    g.pop("kipp_account", None)
    csrf_token()
    return redirect(next_path)


def logout():
    """End the session, here and on the server (POST with the form's token), then log in.

    A form may name a local page to go to afterwards (`next`): the kiosk link's page sends
    a person back to the screen's address, which then opens as the screen.
    """
    if request.method == "POST" and csrf_ok():
        _end_server_session()
        session.clear()
        g.pop("kipp_account", None)
        next_path = request.form.get("next")
        if next_path:
            return redirect(_safe_next(next_path))
    return redirect(LOGIN_PATH)


def install_auth(server: Flask, settings: Settings) -> None:
    """Set up sessions, the login/logout routes and the page guard on the Flask server."""
    server.secret_key = secret_key(settings)
    server.config.update(
        SESSION_COOKIE_NAME="kipp_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
    )
    server.add_url_rule(LOGIN_PATH, "login", login, methods=["GET", "POST"])
    server.add_url_rule(LOGOUT_PATH, "logout", logout, methods=["GET", "POST"])
    server.extensions.setdefault(PAGE_ROLES_KEY, {})
    server.before_request(_guard_pages)
