"""The committee's accounts console: GET /akun and its forms' POST routes.

What the command line does (`users add|remove|profile|role|reinvite|unlock`), in the
browser: every account with its profile, role, juror, login lock and live link; add a
non-juror account, whose one-time link (the jurors' invitation machinery, /undangan) is
shown once on the page the post redirects to; edit a profile; change a role; make a reset
link; lift a login lock; remove an account behind the page's own confirmation. The shared
form machinery (role, CSRF, body limit, PRG, outcomes in both languages) is
dashboard/committee_forms.py, as /layar's and /kelola-juri's. Every change is recorded by
data_access.accounts in its transaction.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, render_template, request

from dashboard.auth import COMMITTEE, csrf_token, current_account
from dashboard.committee_forms import CommitteeForms, by_whom, html_answer
from dashboard.console_routes import CONSOLE_PATH
from dashboard.jury_desk_routes import DESK_PATH
from dashboard.poll import forget_sessions
from dashboard.services import services
from data_access import accounts
from data_access.accounts import CONSOLE_ROLES, format_nip
from data_access.db import transaction
from data_access.formatting import format_datetime, format_time
from data_access.i18n import Message, t
from data_access.invitations import INVITATION_LIFETIME, invitation_url
from data_access.models import utcnow
from data_access.users import UserError

log = logging.getLogger(__name__)

ACCOUNTS_PATH = "/akun"
ACCOUNTS_ROLES = COMMITTEE
ADD_PATH = f"{ACCOUNTS_PATH}/tambah"
PROFILE_PATH = f"{ACCOUNTS_PATH}/profil"
ROLE_PATH = f"{ACCOUNTS_PATH}/peran"
RESET_PATH = f"{ACCOUNTS_PATH}/atur-ulang"
UNLOCK_PATH = f"{ACCOUNTS_PATH}/buka-kunci"
REMOVE_PATH = f"{ACCOUNTS_PATH}/hapus"
POST_PATHS = (ADD_PATH, PROFILE_PATH, ROLE_PATH, RESET_PATH, UNLOCK_PATH, REMOVE_PATH)
# The hub's (/konsol) words for this page.
TITLE_KEY, DESCRIPTION_KEY = "accounts.title", "accounts.description"
# A username, a role and a profile: well under a kilobyte. Larger is refused unread.
ACCOUNTS_MAX_BYTES = 4 * 1024
MAX_FIELD = 400  # a display name or jabatan is at most 200; longer is refused by its rule
SCRIPT = "/assets/jury/kipp-copy.js"
ZONE = ZoneInfo("Asia/Jakarta")  # the committee's; links and locks end in WIB
LINK_MARK = "\x00"  # where a sentence's link goes

accounts_pages = Blueprint("accounts", __name__)

FORMS = CommitteeForms(
    path=ACCOUNTS_PATH,
    title_key=TITLE_KEY,
    flash_key="accounts_flash",
    max_bytes=ACCOUNTS_MAX_BYTES,
    max_field=MAX_FIELD,
    refusals=(UserError,),
    message_of=lambda refusal: (
        refusal.args[0] if isinstance(refusal.args[0], Message) else Message("desk.refused")
    ),
    too_large_key="accounts.too_large",
    db_error_key="accounts.db_error",
    log_name="akun",
)


def _row(account: accounts.ConsoleAccount, me: str, lang: str) -> dict[str, object]:
    """Return what the list shows of one account, in the page's language."""
    juror = (
        t(
            "accounts.juror",
            lang,
            code=account.juror_code,
            name=account.juror_name or "",
            edition=account.edition_code or "",
        )
        if account.juror_code
        else ""
    )
    return {
        "username": account.username,
        "me": account.username == me,
        "display_name": account.display_name or "",
        "nip": format_nip(account.nip) if account.nip else "",
        "jabatan": account.jabatan or "",
        "role": account.role,
        "role_name": t(f"accounts.role.{account.role}", lang),
        "juri": account.juror_code is not None,
        "juror": juror,
        "locked": account.locked_until is not None,
        "login": t(
            "accounts.locked", lang, time=format_time(account.locked_until, lang=lang, tz=ZONE)
        )
        if account.locked_until
        else t("accounts.awaiting_password", lang)
        if account.awaiting_password
        else t("accounts.open", lang),
        "link": t(
            "accounts.link_live",
            lang,
            until=format_datetime(account.link_until, lang=lang, tz=ZONE),
        )
        if account.link_until
        else "",
    }


@accounts_pages.get(ACCOUNTS_PATH)
def accounts_page():
    """Show the committee every account, the forms to change them, and a new link once."""
    loaded = FORMS.load(accounts.console)
    if isinstance(loaded, Response):
        return loaded
    lang, found = loaded
    flash = FORMS.pop_flash()
    if flash and flash.get("link"):
        until = format_datetime(utcnow() + INVITATION_LIFETIME, lang=lang, tz=ZONE)
        flash = {**flash, "link_text": t("accounts.link_until", lang, until=until)}
    account = current_account()
    me = account.username if account is not None else ""
    page = render_template(
        "accounts.html",
        lang=lang,
        t=lambda key, **values: t(key, lang, **values),
        title=t(TITLE_KEY, lang),
        flash=flash,
        flash_text=(flash or {}).get("text", {}).get(lang, ""),
        accounts=[_row(a, me, lang) for a in found],
        roles=[(role, t(f"accounts.role.{role}", lang)) for role in CONSOLE_ROLES],
        desk_href=f"{DESK_PATH}?{urlencode({'lang': lang})}",
        # The sentence around the link to /kelola-juri, in the page's language.
        juri_note=t("accounts.juri_note", lang, link=LINK_MARK).split(LINK_MARK, 1),
        csrf=csrf_token(),
        paths={
            "add": ADD_PATH,
            "profile": PROFILE_PATH,
            "role": ROLE_PATH,
            "reset": RESET_PATH,
            "unlock": UNLOCK_PATH,
            "remove": REMOVE_PATH,
        },
        query=f"?lang={lang}",
        script=SCRIPT,
        back=f"{CONSOLE_PATH}?{urlencode({'lang': lang})}",
    )
    return html_answer(page)


def _post(action) -> Response:
    return FORMS.post_to_page(action)


def _link(token: str) -> str:
    return request.host_url.rstrip("/") + invitation_url(token)


def _username(fields: dict[str, str]) -> str:
    return fields.get("username", "")[:80]


@accounts_pages.post(ADD_PATH)
def add_account():
    """Add a non-juror account with its profile: its one-time link shown once."""

    def act(fields: dict[str, str]):
        username = _username(fields)
        with transaction(services().engine) as session:
            token = accounts.add_account(
                session,
                username,
                fields.get("role", ""),
                display_name=fields.get("display_name"),
                nip=fields.get("nip"),
                jabatan=fields.get("jabatan"),
                by=by_whom(),
            )
        return Message("accounts.made", username=username), _link(token)

    return _post(act)


@accounts_pages.post(PROFILE_PATH)
def edit_profile():
    """Set an account's display name, NIP and jabatan."""

    def act(fields: dict[str, str]):
        username = _username(fields)
        with transaction(services().engine) as session:
            accounts.set_profile(
                session,
                username,
                display_name=fields.get("display_name"),
                nip=fields.get("nip"),
                jabatan=fields.get("jabatan"),
                by=by_whom(),
            )
        return Message("accounts.profile_saved", username=username), None

    return _post(act)


@accounts_pages.post(ROLE_PATH)
def change_role():
    """Give an account another non-juror role; its sessions end."""

    def act(fields: dict[str, str]):
        username = _username(fields)
        with transaction(services().engine) as session:
            accounts.change_role(session, username, fields.get("role", ""), by=by_whom())
        forget_sessions()  # the database ended them (trigger): this worker sees it at once
        return Message("accounts.role_changed", username=username), None

    return _post(act)


@accounts_pages.post(RESET_PATH)
def reset_link():
    """Make a new one-time link to set the account's password; older links die."""

    def act(fields: dict[str, str]):
        username = _username(fields)
        with transaction(services().engine) as session:
            token = accounts.reset_link(session, username, by=by_whom())
        return Message("accounts.reset_made", username=username), _link(token)

    return _post(act)


@accounts_pages.post(UNLOCK_PATH)
def unlock():
    """Lift an account's login lock."""

    def act(fields: dict[str, str]):
        username = _username(fields)
        with transaction(services().engine) as session:
            accounts.unlock(session, username, by=by_whom())
        return Message("accounts.unlocked", username=username), None

    return _post(act)


@accounts_pages.post(REMOVE_PATH)
def remove_account():
    """Remove an account (never one's own, never the last admin)."""

    def act(fields: dict[str, str]):
        username = _username(fields)
        with transaction(services().engine) as session:
            accounts.remove_account(session, username, by=by_whom())
        forget_sessions()
        return Message("accounts.removed", username=username), None

    return _post(act)
