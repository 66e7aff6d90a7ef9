"""The committee's score history: GET /riwayat-nilai (a table) and /riwayat-nilai.xlsx.

?edition=CODE&juror=CODE&innovation=CODE&stage=CODE narrow it (each optional; the default
edition without one). Admin only: the guard (protect_page) sends anyone without a session
to /login and answers 403 to other roles, and each view checks the role again. Plain Flask
pages: the history is read fresh on every request, nothing is cached or sniffed.
"""

from __future__ import annotations

import logging
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, redirect, render_template, request

from dashboard import data, work_data
from dashboard.auth import ADMIN, COMMITTEE, LOGIN_PATH, csrf_token, current_account
from dashboard.auth_routes import forbidden_page
from dashboard.builders.history import (
    HISTORY_PATH,
    HISTORY_XLSX_PATH,
    asked_page,
    history_href,
    newest_page,
    page_count,
)
from dashboard.html import render_page
from dashboard.jury_desk_routes import REOPEN_PATH
from dashboard.services import services
from data_access import queries
from data_access.exports.history import COLUMNS
from data_access.formatting import (
    format_datetime,
    format_number,
    format_score,
    zone_abbreviation,
)
from data_access.i18n import TEXTS, normalize_lang, t
from data_access.jury import desk
from data_access.models import utcnow

log = logging.getLogger(__name__)

HISTORY_ROLES = COMMITTEE
FILTERS = ("stage", "juror", "innovation")
# A code in the query is at most this long (the columns hold 64); longer is cut, not read.
MAX_CODE = 64


history = Blueprint("history", __name__)


def _secure(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _asked() -> tuple[str | None, dict[str, str | None]]:
    """Return the edition code asked for and the filters (None where not given)."""
    code = request.args.get("edition", "").strip()[:MAX_CODE] or None
    narrowed = {k: request.args.get(k, "").strip()[:MAX_CODE] or None for k in FILTERS}
    return code, narrowed


def _refused():
    """Return the answer to anyone but the committee, or None for the committee."""
    account = current_account()
    if account is None:
        target = quote(request.full_path.rstrip("?"), safe="/")
        return _secure(redirect(f"{LOGIN_PATH}?next={target}"))
    if account.role != ADMIN:
        return forbidden_page(account.role)
    return None


def _problem(lang: str, status: int, key: str):
    page = render_page(t("history.page.title", lang), t(key, lang), lang)
    return _secure(Response(page, status=status, content_type="text/html; charset=utf-8"))


def _named(prefix: str, code: str, lang: str) -> str:
    """Return the catalogue's name of a code (a stage, a source), else the code itself."""
    key = f"{prefix}.{code}"
    return t(key, lang) if key in TEXTS else code


@history.get(HISTORY_PATH)
def score_history_page():
    """Show the committee a sheet history table, newest line first, narrowed by the query."""
    refused = _refused()
    if refused is not None:
        return refused
    lang = normalize_lang(request.args.get("lang"))
    code, narrowed = _asked()
    try:
        info, rows = work_data.score_history(code, **narrowed)
    except queries.EditionNotFound:
        return _problem(lang, 404, "history.page.no_edition")
    except data.DatabaseProblem as exc:
        log.warning("riwayat-nilai: database not readable: %s", getattr(exc, "orig", exc))
        return _problem(lang, 503, "history.page.db_error")
    zone = ZoneInfo(info.timezone)
    pages = page_count(len(rows))
    page_number = asked_page(request.args.get("halaman"), pages)
    shown = newest_page(rows, page_number)
    lines = [
        {
            "at": format_datetime(r.at, lang=lang, tz=zone),
            "stage": _named("stage", r.stage, lang),
            "juror": r.juror,
            "innovation": r.innovation,
            "criterion": r.criterion_text or "–",
            "old": format_score(r.old, lang=lang),
            "new": format_score(r.new, lang=lang),
            "by": r.by,
            "source": _named("history.source", r.source, lang),
            "event": t(r.event_key, lang),
            "css": r.event,
            "reason": r.reason or "",
        }
        for r in shown
    ]
    filters = [
        t(f"history.page.filter.{k}", lang, value=v) for k, v in narrowed.items() if v is not None
    ]
    page = render_template(
        "history.html",
        lang=lang,
        title=t("history.page.title", lang),
        subtitle=" · ".join([t("history.page.edition", lang, edition=info.name), *filters]),
        count=t("history.page.count", lang, count=format_number(len(rows), lang=lang)),
        paging=_paging(info.code, narrowed, lang, page_number, pages),
        empty=t("history.page.none", lang),
        headers=_headers(info.timezone, lang),
        lines=lines,
        download=history_href(info.code, **narrowed, lang=lang, xlsx=True),
        t_download=t("history.page.download", lang),
        back=f"/?{urlencode({'edition': info.code, 'lang': lang})}",
        t_back=t("history.page.back", lang),
        nav_edition=info.code,
        reopen=_reopen_form(info.code, narrowed, lang),
    )
    return _secure(Response(page, content_type="text/html; charset=utf-8"))


def _paging(
    edition: str, narrowed: dict[str, str | None], lang: str, page: int, pages: int
) -> dict | None:
    """Return the links to the newer and older pages and "page N of M", None for one page."""
    if pages == 1:
        return None

    def link(number: int) -> str:
        return history_href(edition, **narrowed, lang=lang, page=number)

    return {
        "label": t("history.page.paging", lang),
        "text": t(
            "history.page.of",
            lang,
            page=format_number(page, lang=lang),
            pages=format_number(pages, lang=lang),
        ),
        "newer": link(page - 1) if page > 1 else None,
        "older": link(page + 1) if page < pages else None,
        "t_newer": t("history.page.prev", lang),
        "t_older": t("history.page.next", lang),
    }


def _reopen_form(edition: str, narrowed: dict[str, str | None], lang: str) -> dict | None:
    """Return the reopen form's values when the history is one submitted sheet's, else None."""
    stage, juror, innovation = (narrowed[k] for k in ("stage", "juror", "innovation"))
    if not (stage and juror and innovation):
        return None
    if not desk.sheet_locked(services().engine, edition, stage, juror, innovation):
        return None
    return {
        "action": f"{REOPEN_PATH}?lang={lang}",
        "csrf": csrf_token(),
        "fields": {
            "edition": edition,
            "stage": stage,
            "juror": juror,
            "innovation": innovation,
            "next": request.full_path.rstrip("?"),
        },
        "title": t("history.reopen.title", lang),
        "intro": t("desk.reopen.intro", lang),
        "reason": t("desk.reopen.reason", lang),
        "submit": t("desk.reopen.submit", lang),
    }


def _headers(timezone: str, lang: str) -> list[str]:
    """Return the table's headers, the time column naming the edition's zone (WIB)."""
    headers = [t(f"history.col.{c}", lang) for c in COLUMNS]
    headers[0] = f"{headers[0]} ({zone_abbreviation(utcnow(), tz=timezone)})"
    return headers


@history.get(HISTORY_XLSX_PATH)
def score_history_xlsx():
    """Send the narrowed history as an XLSX attachment (admin only)."""
    refused = _refused()
    if refused is not None:
        return refused
    lang = normalize_lang(request.args.get("lang"))
    code, narrowed = _asked()
    try:
        info, body = work_data.score_history_xlsx(code, **narrowed, lang=lang)
    except queries.EditionNotFound:
        return _problem(lang, 404, "history.page.no_edition")
    except data.DatabaseProblem as exc:
        log.warning("riwayat-nilai.xlsx: database not readable: %s", getattr(exc, "orig", exc))
        return _problem(lang, 503, "history.page.db_error")
    parts = [t("history.file", lang), info.code, *(v for v in narrowed.values() if v)]
    filename = "-".join(parts) + ".xlsx"
    response = Response(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    # Werkzeug quotes the name, and adds filename*= when it is not plain ASCII.
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return _secure(response)
