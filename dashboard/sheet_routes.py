"""The `sheet` blueprint: a juror's score sheet (/penilaian/<stage>/<innovation>) and its saves.

A plain Flask page with one small script (assets/jury/kipp-sheet.js), like /penilaian: a
juror gets nothing from any Dash callback. The page carries the sheet as it is on record
(a JSON block the script reads; not executed, so the CSP needs no exception); the script
saves drafts through POST /api/penilaian/<stage>/<innovation>, which answers JSON.
Before the first score the juror declares a conflict of interest or none through
POST /api/penilaian/<stage>/<innovation>/konflik (the same checks): the inputs stay
disabled until "none"; a declared conflict leaves the sheet read-only, awaiting the
committee, and a confirmed one makes it an abstention.

Each request checks, in this order: a session (page: to the login; API: 401), the juri
role (403), the body's size before it is read (413), the CSRF token sent in a header
(403), then that the sheet is an assignment of this juror (404: another juror's sheet,
or one not assigned, cannot be told apart from one that does not exist), then the
stage's window (data_access.jury.windows, extensions included) and the declaration
(403). A save names the revision the page holds: an older one is refused (409) with the
values now on record, for the juror to choose from.
"""

from __future__ import annotations

import hmac
import logging
from decimal import Decimal
from urllib.parse import quote

from flask import Blueprint, jsonify, redirect, render_template, request, session
from markupsafe import Markup
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from dashboard import data, work_data
from dashboard.auth import JURI, JURI_HOME, LOGIN_PATH, csrf_token, current_account
from dashboard.auth_routes import forbidden_page
from dashboard.builders.countdown import COUNTDOWN_SCRIPT
from dashboard.builders.sheet import countdown, script_texts, sheet_json, window_text
from dashboard.document_form import document_path
from dashboard.html import render_page
from data_access.formatting import format_number
from data_access.i18n import normalize_lang, stage_name, t
from data_access.jury.conflicts import ConflictRefused
from data_access.jury.sheet_access import parse_score
from data_access.jury.sheets import (
    DeclarationRequired,
    SheetConflict,
    SheetLocked,
    SheetRefused,
    WindowClosed,
)
from data_access.models import SUBMITTED

log = logging.getLogger(__name__)

sheet = Blueprint("sheet", __name__)

SHEET_PATH = f"{JURI_HOME}/<stage>/<code>"
API_PATH = f"/api{JURI_HOME}/<stage>/<code>"
DECLARE_PATH = f"{API_PATH}/konflik"
SCRIPT = "/assets/jury/kipp-sheet.js"
CSRF_HEADER = "X-CSRF-Token"
# A sheet has a handful of criteria: its scores, comments and note fit well within this.
MAX_BODY_BYTES = 64 * 1024
COMMENT_MAX = 2000
NOTE_MAX = 4000
REASON_MAX = 1000
NO_STORE = {"Cache-Control": "no-store"}


def _lang() -> str:
    return normalize_lang(request.args.get("lang"))


def _juror():
    """Return (the juror's account, None) or (None, the refusal) for this request's session."""
    account = current_account()
    if account is None:
        return None, "anonymous"
    if account.role != JURI or account.juror_id is None:
        return None, account.role
    return account, None


# ---------------------------------------------------------------- the page
@sheet.get(SHEET_PATH)
def sheet_page(stage: str, code: str):
    """Show one of the juror's own sheets: inputs while open, read-only once sent or closed."""
    lang = _lang()
    account, refused = _juror()
    if account is None:
        if refused == "anonymous":
            return redirect(f"{LOGIN_PATH}?next={quote(request.full_path.rstrip('?'), safe='/')}")
        return forbidden_page(refused)
    try:
        found = work_data.juror_sheet(account.juror_id, stage, code)
    except data.DatabaseProblem as exc:
        log.warning("sheet page: database not readable: %s", getattr(exc, "orig", None) or exc)
        return render_page(t("sheet.page.title", lang), t("assessment.db_error", lang), lang), 503
    if found is None:  # with the way back: this card page has no navbar
        body = Markup("<p>{}</p><p><a href='{}'>← {}</a></p>").format(
            t("sheet.page.not_found", lang), f"{JURI_HOME}?lang={lang}", t("sheet.page.back", lang)
        )
        return render_page(t("sheet.page.title", lang), body, lang), 404, NO_STORE
    current = found.sheet
    editable = found.editable()
    criteria = [
        {
            "code": c.code,
            "name": c.name,
            "description": c.description,
            "weight": t("sheet.page.weight", lang, weight=format_number(c.weight, lang=lang)),
            "weight_centi": int(c.weight.scaleb(2)),
        }
        for c in current.criteria
    ]
    api = f"/api{JURI_HOME}/{quote(stage, safe='')}/{quote(code, safe='')}"
    shown = sheet_json(found, lang)
    state = {
        "sheet": shown,
        "api": f"{api}?lang={lang}",
        "declare": f"{api}/konflik?lang={lang}",
        "lang": lang,
        "decimal": "," if lang == "id" else ".",
        "storage": f"kipp-sheet:{account.username}:{found.stage_code}:{found.innovation_code}",
        "weights": {c["code"]: c["weight_centi"] for c in criteria},
        "texts": script_texts(lang),
    }
    return (
        render_template(
            "sheet.html",
            lang=lang,
            title=t("sheet.page.title", lang),
            found=found,
            stage_name=stage_name(found.stage_code, lang, found.stage_name),
            document_href=(
                document_path(found.edition_code, found.innovation_code) if found.document else ""
            ),
            criteria=criteria,
            editable=editable,
            declare=found.can_declare(),
            state=state,
            script=SCRIPT,
            window=window_text(found, lang),
            countdown=countdown(found, lang),
            countdown_script=COUNTDOWN_SCRIPT,
            status=shown["status"],
            reopened=bool(current.reopen_reason) and current.state != SUBMITTED and editable,
            score=shown["score"],
            progress=shown["progress"],
            saved=shown["saved"],
            home=f"{JURI_HOME}?lang={lang}",
            t=lambda key, **values: t(key, lang, **values),
            csrf=csrf_token(),
        ),
        200,
        NO_STORE,
    )


# ---------------------------------------------------------------- the save endpoint
def _refuse(status: int, message: str, **extra: object):
    return jsonify({"message": message, **extra}), status, NO_STORE


def _text_field(value: object, limit: int, lang: str) -> str:
    if not isinstance(value, str):
        raise BadRequest(t("sheet.page.bad_request", lang))
    if len(value) > limit:
        raise BadRequest(t("sheet.page.too_long", lang, limit=limit))
    return value


def _read_body(lang: str):
    """Return (revision, submit, scores, comments, note, field errors) from the JSON body."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest(t("sheet.page.bad_request", lang))
    revision = body.get("revision")
    scores = body.get("scores", {})
    comments = body.get("comments", {})
    if (
        type(revision) is not int
        or revision < 0
        or not isinstance(scores, dict)
        or not isinstance(comments, dict)
        or body.get("action", "save") not in {"save", "submit"}
    ):
        raise BadRequest(t("sheet.page.bad_request", lang))
    values: dict[str, Decimal | None] = {}
    errors: dict[str, str] = {}
    for criterion, typed in scores.items():
        if not isinstance(typed, str) or len(typed) > 10:
            errors[str(criterion)] = t("sheet.page.invalid", lang)
            continue
        try:
            values[criterion] = parse_score(typed)
        except ValueError:
            errors[criterion] = t("sheet.page.invalid", lang)
    texts = {str(k): _text_field(v, COMMENT_MAX, lang) for k, v in comments.items()}
    note = _text_field(body.get("note", ""), NOTE_MAX, lang)
    return revision, body.get("action") == "submit", values, texts, note, errors


def _guard(lang: str):
    """Return (the juror's account, None) or (None, the refusal) for a JSON post.

    In this order: a session (401), the juri role (403), the body's size before it is
    read (413), the CSRF token in its header (403).
    """
    account, refused = _juror()
    if account is None:
        status = 401 if refused == "anonymous" else 403
        return None, _refuse(status, t("auth.forbidden.title", lang))
    request.max_content_length = MAX_BODY_BYTES
    try:
        request.get_data(cache=True)  # read (bounded) before anything parses it
    except RequestEntityTooLarge:
        return None, _refuse(413, t("sheet.page.too_long", lang, limit=MAX_BODY_BYTES))
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        return None, _refuse(403, t("sheet.page.expired", lang))
    return account, None


@sheet.post(API_PATH)
def save_sheet(stage: str, code: str):
    """Save a draft of the juror's own sheet (or submit it); answer the sheet as now on record."""
    lang = _lang()
    account, refusal = _guard(lang)
    if account is None:
        return refusal
    try:
        revision, submit, values, comments, note, errors = _read_body(lang)
    except BadRequest as exc:
        return _refuse(400, exc.description or t("sheet.page.bad_request", lang))
    if errors:
        return _refuse(400, t("sheet.page.invalid", lang), errors=errors)
    try:
        found = work_data.save_juror_sheet(
            account.juror_id,
            stage,
            code,
            values=values,
            comments=comments,
            note=note,
            expected_revision=revision,
            submit=submit,
            actor=account.username,
        )
    except SheetConflict as exc:
        current = work_data.juror_sheet(account.juror_id, stage, code)
        if current is None:  # found a moment ago, in the refused save: gone since
            return _refuse(404, t("sheet.page.not_found", lang))
        return _refuse(409, exc.message.text(lang), sheet=sheet_json(current, lang))
    except SheetLocked as exc:
        current = work_data.juror_sheet(account.juror_id, stage, code)
        extra = {} if current is None else {"sheet": sheet_json(current, lang)}
        return _refuse(423, exc.message.text(lang), **extra)
    except (WindowClosed, DeclarationRequired) as exc:  # read-only: closed, or not declared
        return _refuse(403, _sentence(exc.message.text(lang)))
    except SheetRefused as exc:  # incomplete, an unknown criterion
        status = 400
        if exc.message.key == "sheet.incomplete":
            missing = exc.message.params.get("missing", 0)
            return _refuse(status, t("sheet.page.incomplete", lang, missing=missing))
        return _refuse(status, exc.message.text(lang))
    except data.DatabaseProblem as exc:
        log.warning("sheet save: database not writable: %s", getattr(exc, "orig", None) or exc)
        return _refuse(503, t("sheet.page.error", lang))
    if found is None:
        return _refuse(404, t("sheet.page.not_found", lang))
    return jsonify({"sheet": sheet_json(found, lang)}), 200, NO_STORE


def _sentence(text: str) -> str:
    """Return a catalogue message (written to follow "error:" in English) as a sentence."""
    return text[:1].upper() + text[1:]


@sheet.post(DECLARE_PATH)
def declare(stage: str, code: str):
    """Record the juror's conflict-of-interest declaration on their own sheet's innovation.

    The body is {"conflict": false} (no conflict: the sheet opens) or {"conflict": true,
    "reason": "..."} (for the committee to decide; the sheet stays read-only).
    """
    lang = _lang()
    account, refusal = _guard(lang)
    if account is None:
        return refusal
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or type(body.get("conflict")) is not bool:
        return _refuse(400, t("sheet.page.bad_request", lang))
    reason = None
    if body["conflict"]:
        try:
            reason = _text_field(body.get("reason", ""), REASON_MAX, lang)
        except BadRequest as exc:
            return _refuse(400, exc.description or t("sheet.page.bad_request", lang))
    try:
        found = work_data.declare_juror_conflict(
            account.juror_id, stage, code, reason=reason, actor=account.username
        )
    except ConflictRefused as exc:  # an empty reason, or a conflict already declared
        status = 400 if exc.message.key == "conflict.reason_required" else 409
        return _refuse(status, _sentence(exc.message.text(lang)))
    except SheetLocked as exc:
        return _refuse(423, exc.message.text(lang))
    except (WindowClosed, DeclarationRequired) as exc:
        return _refuse(403, _sentence(exc.message.text(lang)))
    except data.DatabaseProblem as exc:
        log.warning("declaration: database not writable: %s", getattr(exc, "orig", None) or exc)
        return _refuse(503, t("sheet.page.error", lang))
    if found is None:
        return _refuse(404, t("sheet.page.not_found", lang))
    return jsonify({"sheet": sheet_json(found, lang)}), 200, NO_STORE
