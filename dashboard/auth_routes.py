"""The `auth` blueprint: /login and /logout, and the guard in front of every page.

Page requests are guarded only for convenience (a redirect to /login): layouts carry no
data, and every callback checks the viewer's role itself (dashboard/auth.py). HEAD is
guarded exactly as GET.

A display token's link (/kiosk?token=...) makes an anonymous browser a ceremony screen,
but never replaces a person's session: where someone is logged in, it answers a page
saying so (409), with a logout button that comes back to the link.

Failed logins are counted in the database (data_access.login_limits), which answers 429
to an address that keeps guessing.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import quote, urlencode, urlsplit

from flask import Blueprint, current_app, g, redirect, render_template, request, session
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth import (
    JURI,
    JURI_HOME,
    KIOSK,
    KIOSK_PATH,
    LOGIN_PATH,
    LOGOUT_PATH,
    PAGE_ROLES_KEY,
    READ_METHODS,
    csrf_ok,
    csrf_token,
    current_account,
    home_path,
    kiosk_key,
)
from dashboard.html import render_page
from dashboard.poll import SESSIONS_KEY
from dashboard.services import services
from data_access.formatting import format_time
from data_access.i18n import normalize_lang, t
from data_access.kiosks import screen_for_token, token_hash
from data_access.login_limits import client_key, forget_failures, record_failure, retry_after
from data_access.models import utcnow
from data_access.users import Account, authenticate, end_session, start_session

log = logging.getLogger(__name__)

auth = Blueprint("auth", __name__)


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
    # This worker's memo of live sessions (stored answers, ticks, news) reads again at once;
    # the other workers' within a second.
    memo = current_app.extensions.get(SESSIONS_KEY)
    if memo is not None:
        memo.forget()


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
        return _kiosk_refused_page(lang), 403, {"Cache-Control": "no-store"}
    account = current_account()
    if account is not None and account.role != KIOSK:
        # A person's session is never traded for a screen's: they would be logged out of
        # /kendali in the middle of a ceremony by following a link.
        return _person_browser_page(lang, account), 409, {"Cache-Control": "no-store"}
    key = kiosk_key(token_hash(token))
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
        home=home_path(account.role),
        csrf=csrf_token(),
        logout_path=LOGOUT_PATH,
        # Back here once logged out: the link then makes this browser the screen.
        next=request.full_path.rstrip("?"),
        other_href=f"{KIOSK_PATH}?{urlencode(args)}",
        other_name=t("auth.switch_language", lang),
    )


def _kiosk_refused_page(lang: str) -> str:
    """Say, across a hall, that this screen's link is not valid and what the committee does."""
    other = "en" if lang == "id" else "id"
    texts = {
        language: {part: t(f"kiosk.token_invalid.{part}", language) for part in REFUSED_PARTS}
        for language in (lang, other)
    }
    return render_template(
        "kiosk_refused.html",
        lang=lang,
        other_lang=other,
        here=texts[lang],
        there=texts[other],
        brand=t("kiosk.brand", lang),
    )


# The refused screen's texts (kiosk.token_invalid.*), in both languages.
REFUSED_PARTS = ("title", "body", "what_now")


def _kiosk_wait_page(lang: str) -> str:
    return render_template("kiosk_wait.html", lang=lang, text=t("kiosk.reconnecting", lang))


def guard_pages():
    """Send a browser to /login for a page it may not open yet (403 for a wrong role).

    A display token's link (/kiosk?token=...) signs the browser in as that screen first.
    """
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
        if account.role == JURI and request.path.rstrip("/") in ("", "/"):
            # A juror's home is their list; "/" (a bookmark, the brand link) leads there.
            return redirect(JURI_HOME)
        return forbidden_page(account.role)
    return None


def forbidden_page(role: str | None):
    """Answer 403 with a page saying so and a link to the account's own home page."""
    lang = normalize_lang(request.args.get("lang"))
    body = render_page(
        t("auth.forbidden.title", lang),
        Markup("<p>{}</p><p><a href='{}'>{}</a></p>").format(
            t("auth.forbidden.body", lang), home_path(role), t("auth.forbidden.back", lang)
        ),
        lang,
    )
    return body, 403


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


def limited_page(lang: str, seconds: int) -> str:
    """Return the page of a refused attempt: too many failures, try again at a given time."""
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


@auth.route(LOGIN_PATH, methods=["GET", "POST"])
def login():
    """Show the login form, or check the posted credentials and start a session."""
    lang = normalize_lang(request.args.get("lang"))
    if request.method in READ_METHODS:
        return _login_page(lang, next_path=_safe_next(request.args.get("next")))
    next_path = _safe_next(request.form.get("next"))
    username = request.form.get("username", "").strip()
    if not csrf_ok():
        return _login_page(lang, error=t("auth.expired", lang), next_path=next_path), 400
    if not username or not request.form.get("password"):
        # A form sent half empty (a browser that ignores `required`, Enter pressed too soon)
        # is no guess at a password: it says so, and the lockout does not count it.
        page = _login_page(
            lang, error=t("auth.missing", lang), username=username, next_path=next_path
        )
        return page, 400
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
        return limited_page(lang, wait), 429, {"Retry-After": str(wait)}
    if account is None or token is None:
        page = _login_page(
            lang, error=t("auth.failed", lang), username=username, next_path=next_path
        )
        return page, 401
    sign_in(account, token)
    if account.role == JURI and next_path != JURI_HOME:
        next_path = JURI_HOME  # a juror opens nothing else: never send them to a 403
    return redirect(next_path)


def sign_in(account: Account, token: str) -> None:
    """Make this browser's cookie the new session's (a fresh cookie: no fixation)."""
    session.clear()
    session.permanent = True
    session.update(
        {"uid": account.id, "sid": token, "role": account.role, "name": account.username}
    )
    g.pop("kipp_account", None)
    csrf_token()


@auth.route(LOGOUT_PATH, methods=["GET", "POST"])
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
