"""Every person's own password: GET and POST /akun/sandi.

Open to every signed-in role (admin, viewer, bupati, juri; never a ceremony screen): the
current password, the new one twice, by the rules every password follows
(data_access.users.check_password). A wrong current password counts as a failed login of
the name (data_access.login_limits), so the form is no faster way to guess than /login;
a name or address over its limit gets the login's 429 page. After a change the person's
other sessions end and this one stays. CSRF as on every form, the body bounded before it
is read, the outcome shown once after a redirect (PRG); a refusal is answered in place
(the passwords are never sent back).
"""

from __future__ import annotations

import logging
from urllib.parse import quote, urlencode

from flask import Blueprint, redirect, render_template, request, session
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.auth import EVERYONE, JURI, LOGIN_PATH, csrf_ok, csrf_token, current_account
from dashboard.auth_routes import forbidden_page, limited_page
from dashboard.committee_forms import html_answer, no_store
from dashboard.html import render_page
from dashboard.poll import forget_sessions
from dashboard.services import services
from data_access.accounts import WrongPassword, change_own_password
from data_access.i18n import LANGUAGES, Message, normalize_lang, t
from data_access.login_limits import client_key, record_failure, retry_after
from data_access.users import MIN_PASSWORD_LENGTH, Account, UserError

log = logging.getLogger(__name__)

PASSWORD_PATH = "/akun/sandi"  # noqa: S105 (a page's path)
PASSWORD_ROLES = EVERYONE | {JURI}
# Three passwords and a token: well under a kilobyte. Larger is refused unread.
PASSWORD_MAX_BYTES = 4 * 1024
MAX_PASSWORD = 1024  # argon2 takes any length; nobody types more
FLASH_KEY = "password_done"

password_pages = Blueprint("password", __name__)


def _account() -> Account | object:
    """Return the person's account, or the answer to anyone else (login or 403)."""
    account = current_account()
    if account is None:
        return no_store(redirect(f"{LOGIN_PATH}?next={quote(PASSWORD_PATH, safe='/')}"))
    if account.role not in PASSWORD_ROLES:
        body, status = forbidden_page(account.role)
        return html_answer(body, status)
    return account


def _page(account: Account, lang: str, *, error: str = "", done: str = "", status: int = 200):
    page = render_template(
        "password.html",
        lang=lang,
        t=lambda key, **values: t(key, lang, **values),
        title=t("password.title", lang),
        intro=t("password.intro", lang, username=account.username),
        username=account.username,
        error=error,
        done=done,
        csrf=csrf_token(),
        action=f"{PASSWORD_PATH}?{urlencode({'lang': lang})}",
        rule=t("invite.rule", lang, length=MIN_PASSWORD_LENGTH),
        min_length=MIN_PASSWORD_LENGTH,
    )
    return html_answer(page, status)


@password_pages.get(PASSWORD_PATH)
def password_page():
    """Show the form to change one's own password (and, once, that it was changed)."""
    account = _account()
    if not isinstance(account, Account):
        return account
    lang = normalize_lang(request.args.get("lang"))
    done = session.pop(FLASH_KEY, None)
    text = done.get(lang, "") if isinstance(done, dict) else ""
    return _page(account, lang, done=text)


@password_pages.post(PASSWORD_PATH)
def change_password():
    """Check the current password and set the new one; end the person's other sessions."""
    account = _account()
    if not isinstance(account, Account):
        return account
    lang = normalize_lang(request.args.get("lang"))
    request.max_content_length = PASSWORD_MAX_BYTES
    try:
        form = request.form
    except RequestEntityTooLarge:
        return html_answer(render_page(t("password.title", lang), "", lang), 413)
    if not csrf_ok():
        return _page(account, lang, error=t("auth.expired", lang), status=400)
    current, new, repeat = (
        form.get(name, "")[:MAX_PASSWORD] for name in ("current", "new", "repeat")
    )
    if not (current and new and repeat):
        return _page(account, lang, error=t("password.missing", lang), status=400)
    if new != repeat:
        return _page(account, lang, error=t("invite.differ", lang), status=400)
    token = session.get("sid")
    if not isinstance(token, str):  # a session from before the server kept them: log in again
        return no_store(redirect(f"{LOGIN_PATH}?next={quote(PASSWORD_PATH, safe='/')}"))
    address = client_key(request.remote_addr)
    wrong = False
    try:
        with services().session() as db, db.begin():
            wait = retry_after(db, account.username, address)
            if wait is None:
                try:
                    ended = change_own_password(
                        db, account.username, current, new, keep_token=token
                    )
                except WrongPassword:
                    # Nothing was written before the check: the failure alone commits.
                    record_failure(db, account.username, address)
                    wrong = True
    except UserError as exc:  # the new password breaks the rules: nothing changed
        return _page(account, lang, error=_said(exc, lang), status=400)
    except SQLAlchemyError as exc:
        log.warning("akun/sandi: database not usable: %s", getattr(exc, "orig", None) or exc)
        return _page(account, lang, error=t("password.db_error", lang), status=503)
    if wait is not None:
        log.warning("password change refused for %d s: too many failures from %s", wait, address)
        answer = html_answer(limited_page(lang, wait), 429)
        answer.headers["Retry-After"] = str(wait)
        return answer
    if wrong:
        log.info("akun/sandi by %s: wrong current password", account.username)
        return _page(account, lang, error=t("password.wrong", lang), status=401)
    log.info("akun/sandi by %s: password changed, %d other sessions ended", account.username, ended)
    forget_sessions()
    done = Message("password.done", count=ended)
    session[FLASH_KEY] = {language: done.text(language) for language in LANGUAGES}
    return no_store(redirect(f"{PASSWORD_PATH}?{urlencode({'lang': lang})}#hasil", code=303))


def _said(exc: UserError, lang: str) -> str:
    message = exc.args[0] if exc.args else ""
    return message.text(lang) if isinstance(message, Message) else str(message)
