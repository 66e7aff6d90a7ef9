"""The committee's administrative check: GET /administrasi and its form's POST route.

Each innovation of an edition with its status (menunggu, lolos, tidak lolos) and its
latest change; a form per row sets a new status with a required reason, recorded with
who and when (data_access/admin_status.py); the newest changes are listed below. The
form machinery (role, CSRF, body limit, PRG, outcomes in the page's language) is
dashboard/committee_forms.py, as /kelola-juri's and /layar's.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, redirect, render_template, request
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth import COMMITTEE, csrf_token
from dashboard.committee_forms import CommitteeForms, by_whom, html_answer, no_store
from dashboard.html import render_page
from dashboard.services import services
from data_access import admin_status, queries
from data_access.db import transaction
from data_access.editions import default_edition_code
from data_access.formatting import format_datetime
from data_access.i18n import Message, normalize_lang, t
from data_access.models import ADMIN_STATUSES

log = logging.getLogger(__name__)

STATUS_PATH = "/administrasi"
STATUS_ROLES = COMMITTEE
CHANGE_PATH = f"{STATUS_PATH}/ubah"
POST_PATHS = (CHANGE_PATH,)
# A code, a status and a reason (at most admin_status.MAX_REASON characters).
STATUS_MAX_BYTES = 8 * 1024
MAX_FIELD = admin_status.MAX_REASON + 1

status_pages = Blueprint("status_pages", __name__)

FORMS = CommitteeForms(
    path=STATUS_PATH,
    title_key="status.title",
    flash_key="status_flash",
    max_bytes=STATUS_MAX_BYTES,
    max_field=MAX_FIELD,
    refusals=(admin_status.StatusRefused, queries.EditionNotFound),
    message_of=lambda refusal: (
        refusal.message
        if isinstance(refusal, admin_status.StatusRefused)
        else Message("refused.no_edition", code=str(refusal))
    ),
    too_large_key="status.too_large",
    db_error_key="status.db_error",
    log_name="administrasi",
)


def status_href(edition: str | None, lang: str, anchor: str = "") -> str:
    """Return the page's address for an edition and a language (and a row)."""
    query = {"lang": lang, **({"edition": edition} if edition else {})}
    return f"{STATUS_PATH}?{urlencode(query)}{anchor}"


@status_pages.get(STATUS_PATH)
def status_page():
    """Show every innovation of the edition with its status, a form per row, and the record."""
    refused = FORMS.refused()
    if refused is not None:
        return refused
    lang = normalize_lang(request.args.get("lang"))
    asked = request.args.get("edition", "").strip()[:64] or None
    title = t("status.title", lang)
    try:
        with transaction(services().engine) as session:
            code = asked or default_edition_code(session)
            if code is None:
                return html_answer(render_page(title, t("status.none", lang), lang), 404)
            edition = queries.get_edition(session, code)
            rows = admin_status.edition_statuses(session, edition.id)
            changes = admin_status.recent_changes(session, edition.id)
    except queries.EditionNotFound:
        return html_answer(render_page(title, t("history.page.no_edition", lang), lang), 404)
    except SQLAlchemyError as exc:
        log.warning("administrasi: database not readable: %s", getattr(exc, "orig", exc))
        return html_answer(render_page(title, t("status.db_error", lang), lang), 503)
    zone = ZoneInfo(edition.timezone)
    flash = FORMS.pop_flash()
    page = render_template(
        "status.html",
        lang=lang,
        t=lambda key, **values: t(key, lang, **values),
        title=title,
        subtitle=t("status.edition", lang, edition=edition.name),
        edition=edition.code,
        flash=flash,
        flash_text=(flash or {}).get("text", {}).get(lang, ""),
        rows=[
            {
                "code": r.code,
                "title": r.title,
                "unit": r.unit,
                "status": r.status,
                "status_name": t(f"status.{r.status}", lang),
                "last": f"{r.reason} · {r.changed_by}, "
                f"{format_datetime(r.changed_at, lang=lang, tz=zone)}"
                if r.changed_at
                else t("status.imported", lang),
            }
            for r in rows
        ],
        statuses=[(s, t(f"status.{s}", lang)) for s in ADMIN_STATUSES],
        changes=[
            t(
                "status.change_line",
                lang,
                code=c.code,
                old=t(f"status.{c.old_status}", lang),
                new=t(f"status.{c.new_status}", lang),
                reason=c.reason,
                by=c.changed_by,
                at=format_datetime(c.changed_at, lang=lang, tz=zone),
            )
            for c in changes
        ],
        csrf=csrf_token(),
        change_path=CHANGE_PATH,
        query=f"?lang={lang}",
        back=f"/konsol?{urlencode({'lang': lang})}",
        nav_edition=edition.code,
    )
    return html_answer(page)


@status_pages.post(CHANGE_PATH)
def change_status():
    """Set one innovation's status with the committee's reason; back to its row."""

    def act(fields: dict[str, str]):
        code, status = fields.get("innovation", "")[:64], fields.get("status", "")[:20]
        with transaction(services().engine) as session:
            admin_status.set_status(
                session,
                fields.get("edition", "")[:64],
                code,
                status,
                fields.get("reason", ""),
                by=by_whom(),
            )
        # A message is itself read in the reader's language: the status's name nests.
        return Message("status.done", code=code, status=Message(f"status.{status}")), None

    def back(lang: str, fields: dict[str, str]) -> Response:
        anchor = "#hasil"
        return no_store(redirect(status_href(fields.get("edition"), lang, anchor), code=303))

    lang = normalize_lang(request.args.get("lang"))
    return FORMS.post(act, back, status_href(None, lang))
