"""The `jury` blueprint: /undangan (an invitation link sets a password) and /penilaian.

/undangan?token=... is open to anyone holding a live link: it shows a set-password form
(CSRF like /login), and its POST sets the password, marks the link used, logs the juror
in and sends them to their page. A link that is not live gets a page saying why and what
to do; every such attempt counts as a failed login (data_access.login_limits), so link
tokens cannot be guessed faster than passwords. Bodies are bounded before the form is read.

/penilaian (Penilaian Saya) is a plain Flask page rather than a Dash one: a juror gets
nothing from any Dash callback (dashboard/limits.py refuses their callbacks unread), and
a read-only list needs none; the guard (protect_page) and the view both check the role.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from flask import Blueprint, redirect, render_template, request, session
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard import data, work_data
from dashboard.auth import (
    JURI,
    JURI_HOME,
    LOGIN_PATH,
    csrf_ok,
    csrf_token,
    current_account,
    home_path,
)
from dashboard.auth_routes import forbidden_page, limited_page, sign_in
from dashboard.builders.countdown import COUNTDOWN_SCRIPT, countdown_view
from dashboard.builders.sheet import scoring_window
from dashboard.document_form import document_path
from dashboard.html import other_lang_href, render_page
from dashboard.services import services
from data_access.i18n import normalize_lang, stage_name, t
from data_access.invitations import (
    INVITATION_PATH,
    LIVE,
    InvitationRefused,
    accept_invitation,
    invitation_hash,
    invitation_state,
)
from data_access.login_limits import client_key, record_failure, retry_after
from data_access.models import DRAFT, SUBMITTED, Invitation, Juror, User, utcnow
from data_access.users import MIN_PASSWORD_LENGTH, UserError, end_session, start_session

log = logging.getLogger(__name__)

jury = Blueprint("jury", __name__)

# The name failed invitation attempts are counted under (no username can hold brackets).
INVITATION_LIMIT_NAME = "(undangan)"
# The set-password form is a few hundred bytes: anything much larger is refused unread.
INVITATION_MAX_BYTES = 8 * 1024
ASSESSMENT_ROLES = frozenset({JURI})


def _invitee(db, token: str) -> tuple[str, str]:
    """Return (the juror's name, else the display name, else the username; the username)."""
    username, display_name, juror = db.execute(
        select(User.username, User.display_name, Juror.name)
        .join(Invitation, Invitation.user_id == User.id)
        .outerjoin(Juror, Juror.id == User.juror_id)
        .where(Invitation.token_hash == invitation_hash(token))
    ).one()
    return juror or display_name or username, username


def _form_page(lang: str, token: str, name: str, username: str, *, error: str = ""):
    return render_template(
        "invitation.html",
        lang=lang,
        title=t("invite.title", lang),
        welcome=t("invite.welcome", lang, name=name, username=username),
        error=error,
        csrf=csrf_token(),
        token=token,
        username=username,
        action=f"{INVITATION_PATH}?lang={lang}",
        t_password=t("invite.password", lang),
        t_repeat=t("invite.repeat", lang),
        t_rule=t("invite.rule", lang, length=MIN_PASSWORD_LENGTH),
        t_submit=t("invite.submit", lang),
        min_length=MIN_PASSWORD_LENGTH,
        other_href=other_lang_href(lang),
        other_name=t("auth.switch_language", lang),
    )


def _bad_link_page(lang: str, state: str):
    """Say why the link opens nothing, and what to do: ask the committee for a new one."""
    body = Markup(
        "<div class='alert alert-warning' role='alert'>{}</div><p>{}</p>"
        "<p><a href='{}'>{}</a></p><p class='kipp-auth-lang'><a href='{}'>{}</a></p>"
    ).format(
        t(f"invite.bad.{state}", lang),
        t("invite.bad.what_now", lang),
        f"{LOGIN_PATH}?lang={lang}",
        t("invite.bad.login", lang),
        other_lang_href(lang),
        t("auth.switch_language", lang),
    )
    return render_page(t("invite.bad.title", lang), body, lang), 410 if state != "unknown" else 404


def _limited(lang: str, wait: int):
    log.warning("invitation refused for %d s: too many failed attempts", wait)
    return limited_page(lang, wait), 429, {"Retry-After": str(wait)}


@jury.route(INVITATION_PATH, methods=["GET", "POST"])
def invitation():
    """Show the set-password form of a live link, or set the password and log the juror in."""
    lang = normalize_lang(request.args.get("lang"))
    no_store = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    if request.method == "POST":
        request.max_content_length = INVITATION_MAX_BYTES
        try:
            form = request.form
        except RequestEntityTooLarge:
            return render_page(t("invite.bad.title", lang), "", lang), 413
        token = form.get("token", "")
    else:
        form = None
        token = request.args.get("token", "")
    address = client_key(request.remote_addr)
    try:
        with services().session() as db, db.begin():
            wait = retry_after(db, INVITATION_LIMIT_NAME, address)
            if wait is not None:
                return _limited(lang, wait)
            state = invitation_state(db, token) if token else "unknown"
            if state != LIVE:
                record_failure(db, INVITATION_LIMIT_NAME, address)
                return _bad_link_page(lang, state)
            name, username = _invitee(db, token)
    except SQLAlchemyError as exc:
        log.warning("invitation: database not readable: %s", getattr(exc, "orig", None) or exc)
        return render_page(t("home.db_error.title", lang), "", lang), 503
    if form is None:
        return _form_page(lang, token, name, username), 200, no_store
    if not csrf_ok():
        page = _form_page(lang, token, name, username, error=t("auth.expired", lang))
        return page, 400, no_store
    password = form.get("password", "")
    if password != form.get("repeat", ""):
        page = _form_page(lang, token, name, username, error=t("invite.differ", lang))
        return page, 400, no_store
    try:
        with services().session() as db, db.begin():
            account = accept_invitation(db, token, password)
            previous = session.get("sid")
            if isinstance(previous, str):
                end_session(db, previous)  # whoever used this browser before is logged out
            session_token = start_session(db, account.id)
    except UserError as exc:
        page = _form_page(lang, token, name, username, error=_one_language(exc, lang))
        return page, 400, no_store
    except InvitationRefused as exc:  # used or revoked meanwhile (another tab)
        return _bad_link_page(lang, exc.state)
    except SQLAlchemyError as exc:
        log.warning("invitation: database not writable: %s", getattr(exc, "orig", None) or exc)
        return render_page(t("home.db_error.title", lang), "", lang), 503
    sign_in(account, session_token)
    return redirect(f"{home_path(account.role)}?lang={lang}")


def _one_language(exc: UserError, lang: str) -> str:
    message = exc.args[0] if exc.args else ""
    text = getattr(message, "text", None)
    return text(lang) if callable(text) else str(message)


@jury.get(JURI_HOME)
def assessment():
    """Show a juror their own assignments by stage, the next one to do first."""
    lang = normalize_lang(request.args.get("lang"))
    account = current_account()
    # The guard already sent others away (protect_page); checked here again, at the endpoint.
    if account is None:
        return redirect(f"{LOGIN_PATH}?next={JURI_HOME}")
    if account.role not in ASSESSMENT_ROLES or account.juror_id is None:
        return forbidden_page(account.role)
    try:
        found = work_data.juror_assignments(account.juror_id)
    except data.DatabaseProblem as exc:
        log.warning("penilaian: database not readable: %s", getattr(exc, "orig", None) or exc)
        return render_page(t("assessment.title", lang), t("assessment.db_error", lang), lang), 503
    if found is None:
        return forbidden_page(account.role)
    now = utcnow()
    stages = [
        {
            "name": stage_name(stage.code, lang, stage.name),
            "window": scoring_window(stage.start, stage.end, lang),
            "left": t("assessment.left", lang, left=stage.left, total=len(stage.items)),
            "countdown": countdown_view(stage.start, stage.end, found.timezone, now, lang=lang),
            "rows": [
                {
                    "href": (
                        f"{JURI_HOME}/{quote(stage.code, safe='')}/{quote(item.code, safe='')}"
                        f"?lang={lang}"
                    ),
                    "abstain": item.abstain,
                    "code": item.code,
                    "title": item.title,
                    "unit": item.unit,
                    "state": _state_text(item, lang),
                    "css": _state_css(item),
                    "document": (
                        document_path(found.edition_code, item.code) if item.document else None
                    ),
                }
                for item in stage.items
            ],
        }
        for stage in found.stages
    ]
    return (
        render_template(
            "assessment.html",
            lang=lang,
            title=t("assessment.title", lang),
            intro=t(
                "assessment.intro",
                lang,
                juror=found.juror_name,
                group=found.jury_group,
                edition=found.edition_name,
            ),
            left=t("assessment.left", lang, left=found.left, total=found.total),
            none=t("assessment.none", lang),
            stages=stages,
            t_code=t("assessment.code", lang),
            t_innovation=t("assessment.innovation", lang),
            t_unit=t("assessment.unit", lang),
            t_state=t("assessment.state", lang),
            t_document=t("document.link", lang),
            t_new_tab=t("sheet.page.new_tab", lang),
            countdown_script=COUNTDOWN_SCRIPT,
        ),
        200,
        {"Cache-Control": "no-store"},
    )


def _state_text(item, lang: str) -> str:
    """Return Belum dinilai / Draf / Terkirim / Konflik dinyatakan / Abstain, as on record."""
    if item.abstain:
        return t("assessment.abstain", lang)
    if item.conflict == "declared":  # awaiting the committee's decision
        return t("sheet.list.conflict", lang)
    if item.state == SUBMITTED:
        return t("sheet.list.submitted", lang)
    if item.state == DRAFT:
        return t("sheet.list.draft", lang, scored=item.scored, total=item.total)
    if item.scored:  # scores without an app state: imported, they count as submitted
        if item.scored < item.total:  # not all of them: the stage's count still waits for it
            return t("sheet.list.imported_partial", lang, scored=item.scored, total=item.total)
        return t("sheet.list.imported", lang)
    return t("assessment.not_scored", lang)


def _state_css(item) -> str:
    if item.done or item.abstain:
        return "done"
    if item.waiting:  # a declared conflict, a partly imported sheet: the committee's turn
        return "waiting"
    return "partial" if item.state == DRAFT or item.scored else "todo"
