"""The committee's jury desk: GET /kelola-juri and its forms' POST routes.

What the command line does (`users invite|reinvite|revoke-invite`, `jury
confirm-conflict|reopen|extend`), in the browser: invitations (a new or re-sent link is
shown once, on the page the post redirects to), conflict declarations to confirm,
submitted sheets to reopen with a reason, and scoring windows to extend. A plain Flask
page like /riwayat-nilai: admin only (the guard and each view check the role), every form
carries the session's CSRF token (dashboard.security refuses cross-site posts first),
bodies are bounded before the form is read, and each post redirects (PRG) with its
outcome kept in the session until the next page shows it. Refusals are the catalogue's
messages the command line prints, in the page's language.
"""

from __future__ import annotations

import logging
from datetime import date
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, redirect, render_template, request
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth import COMMITTEE, csrf_token
from dashboard.committee_forms import CommitteeForms, by_whom, html_answer, no_store
from dashboard.html import render_page
from dashboard.services import services
from data_access import queries
from data_access.formatting import format_date, format_datetime, to_local
from data_access.i18n import Message, normalize_lang, stage_name, t
from data_access.invitations import INVITATION_LIFETIME, LIVE, USED, invitation_url
from data_access.jury import desk
from data_access.models import utcnow

log = logging.getLogger(__name__)

DESK_PATH = "/kelola-juri"
DESK_ROLES = COMMITTEE
INVITE_PATH = f"{DESK_PATH}/undang"
REINVITE_PATH = f"{DESK_PATH}/kirim-ulang"
REVOKE_PATH = f"{DESK_PATH}/cabut"
CONFIRM_PATH = f"{DESK_PATH}/konfirmasi"
REOPEN_PATH = f"{DESK_PATH}/buka-kembali"
EXTEND_PATH = f"{DESK_PATH}/perpanjang"
POST_PATHS = (INVITE_PATH, REINVITE_PATH, REVOKE_PATH, CONFIRM_PATH, REOPEN_PATH, EXTEND_PATH)
# Every form is a few fields: a reason is the longest (a paragraph). Larger is refused unread.
DESK_MAX_BYTES = 16 * 1024
MAX_FIELD = 2000  # a reason; codes and names are cut far shorter by the lookups
SCRIPT = "/assets/jury/kipp-copy.js"
FLASH_KEY = "desk_flash"
# A post may send the committee back to the page it came from: only these.
RETURN_PREFIXES = (DESK_PATH, "/riwayat-nilai")
SHEET_SEPARATOR = "|"
SHEET_FIELDS = ("stage", "juror", "innovation")

jury_desk = Blueprint("jury_desk", __name__)


# Where a post lands: its outcome (templates/jury_desk.html, id desk-result).
RESULT_ANCHOR = "#desk-result"

# ---------------------------------------------------------------- helpers
FORMS = CommitteeForms(
    path=DESK_PATH,
    title_key="desk.title",
    flash_key=FLASH_KEY,
    max_bytes=DESK_MAX_BYTES,
    max_field=MAX_FIELD,
    refusals=(desk.Refused,),
    message_of=lambda refusal: refusal.message,  # type: ignore[attr-defined]
    too_large_key="desk.too_large",
    db_error_key="desk.db_error",
    log_name="kelola-juri",
)


def _stage_name(code: str, lang: str) -> str:
    return stage_name(code, lang)


class _Said:
    """A value inside a message that reads differently by language (a day, a stage's name)."""

    def __init__(self, text) -> None:
        self._text = text

    def text(self, lang: str | None) -> str:
        """Return the value in the language."""
        return self._text(normalize_lang(lang))


def desk_href(edition: str | None, lang: str, anchor: str = "") -> str:
    """Return the desk's address for an edition and a language (and a section)."""
    query = {"lang": lang, **({"edition": edition} if edition else {})}
    return f"{DESK_PATH}?{urlencode(query)}{anchor}"


def _back(lang: str, edition: str, anchor: str) -> Response:
    """Redirect after a post: to a page of the desk's own (the form's `next`), else the desk."""
    target = request.form.get("next", "")
    own = target.startswith(RETURN_PREFIXES) and "//" not in target and "\\" not in target
    return no_store(redirect(target if own else desk_href(edition, lang, anchor), code=303))


# ---------------------------------------------------------------- the page
@jury_desk.get(DESK_PATH)
def desk_page():
    """Show the committee the jury's invitations, declarations, submitted sheets, extensions."""
    refused = FORMS.refused()
    if refused is not None:
        return refused
    lang = normalize_lang(request.args.get("lang"))
    code = request.args.get("edition", "").strip()[:64] or None
    try:
        found = desk.jury_desk(services().engine, code)
    except queries.EditionNotFound:
        page = render_page(t("desk.title", lang), t("history.page.no_edition", lang), lang)
        return html_answer(page, 404)
    except SQLAlchemyError as exc:
        log.warning("kelola-juri: database not readable: %s", getattr(exc, "orig", exc))
        return html_answer(render_page(t("desk.title", lang), t("desk.db_error", lang), lang), 503)
    return html_answer(_render(found, lang, FORMS.pop_flash()))


def _render(found: desk.Desk, lang: str, flash: dict | None) -> str:
    zone = ZoneInfo(found.edition.timezone)
    when = lambda moment: format_datetime(moment, lang=lang, tz=zone)  # noqa: E731
    jurors = dict(found.jurors)
    seen: set[str] = set()
    invitations = []
    for row in found.invitations:  # newest first: one line per account, its newest link
        if row.username in seen:
            continue
        seen.add(row.username)
        invitations.append(
            {
                "username": row.username,
                "juror": f"{row.juror_code} · {jurors.get(row.juror_code or '', '')}"
                if row.juror_code
                else "–",
                "state": t(f"cli.invitation.{row.state}", lang),
                "css": row.state,
                "expires": when(row.expires_at),
                "live": row.state == LIVE,
                # A new link where none was used yet (live, expired or revoked): once the
                # juror set a password the desk refuses one (data_access.jury.desk).
                "resend": row.state != USED,
            }
        )
    declarations = [
        {
            "juror": f"{d.juror_code} · {d.juror_name}",
            "juror_code": d.juror_code,
            "innovation": f"{d.innovation_code} · {d.innovation_title}",
            "innovation_code": d.innovation_code,
            "reason": d.reason or "",
            "declared": when(d.declared_at),
            "status": t(f"conflict.status.{d.status}", lang),
            "css": d.status,
            "open": d.status == "declared",
        }
        for d in found.declarations
    ]
    submitted = [
        {
            "value": SHEET_SEPARATOR.join((s.stage_code, s.juror_code, s.innovation_code)),
            "label": f"{_stage_name(s.stage_code, lang)} · {s.juror_code} {s.juror_name} · "
            f"{s.innovation_code} {s.innovation_title}",
        }
        for s in found.submitted
    ]
    extensions = [
        {
            "stage": _stage_name(e.stage_code, lang),
            "whom": f"{e.juror_code} · {jurors.get(e.juror_code, '')}"
            if e.juror_code
            else t("window.all_jurors", lang),
            "until": format_date(e.until, lang=lang),
            "by": e.created_by,
            "at": when(e.created_at),
        }
        for e in reversed(found.extensions)  # newest first
    ]
    if flash and flash.get("link"):
        until = format_datetime(utcnow() + INVITATION_LIFETIME, lang=lang, tz=zone)
        flash = {**flash, "link_text": t("desk.inv.link", lang, until=until)}
    code = found.edition.code
    return render_template(
        "jury_desk.html",
        lang=lang,
        t=lambda key, **values: t(key, lang, **values),
        title=t("desk.title", lang),
        subtitle=t("desk.edition", lang, edition=found.edition.name),
        edition=code,
        flash=flash,
        flash_text=(flash or {}).get("text", {}).get(lang, ""),
        invitations=invitations,
        jurors=found.jurors,
        stages=[(c, _stage_name(c, lang)) for c, _name in found.stages],
        declarations=declarations,
        submitted=submitted,
        extensions=extensions,
        today=to_local(utcnow(), found.edition.timezone).date().isoformat(),
        csrf=csrf_token(),
        paths={
            "invite": INVITE_PATH,
            "reinvite": REINVITE_PATH,
            "revoke": REVOKE_PATH,
            "confirm": CONFIRM_PATH,
            "reopen": REOPEN_PATH,
            "extend": EXTEND_PATH,
        },
        query=f"?lang={lang}",
        script=SCRIPT,
        back=f"/konsol?{urlencode({'lang': lang})}",
        nav_edition=code,
    )


# ---------------------------------------------------------------- the posts
def _post(action) -> Response:
    """Run one form's action (edition, fields) and go back to the desk, at its outcome.

    The outcome (and a new link, shown once) sits above every section: the browser lands
    on it, not on the form's section, where a link shown once would be scrolled away.
    """
    return FORMS.post(
        lambda fields: action(fields.get("edition", ""), fields),
        lambda lang, fields: _back(lang, fields.get("edition", ""), RESULT_ANCHOR),
        desk_href(None, normalize_lang(request.args.get("lang"))),
    )


def _link(token: str) -> str:
    return request.host_url.rstrip("/") + invitation_url(token)


@jury_desk.post(INVITE_PATH)
def invite_juror():
    """Invite a juror of the edition: a new (or reused) juri account and its one-time link."""

    def act(edition: str, f: dict[str, str]):
        username, juror = f.get("username", "")[:80], f.get("juror", "")[:64]
        token = desk.invite_juror(services().engine, edition, username, juror, by=by_whom())
        return Message("desk.inv.made", username=username), _link(token)

    return _post(act)


@jury_desk.post(REINVITE_PATH)
def reinvite():
    """Make a new link for an account; its earlier links stop working."""

    def act(_edition: str, f: dict[str, str]):
        username = f.get("username", "")[:80]
        token = desk.reinvite_user(services().engine, username, by=by_whom())
        return Message("desk.inv.remade", username=username), _link(token)

    return _post(act)


@jury_desk.post(REVOKE_PATH)
def revoke():
    """Revoke an account's live link."""

    def act(_edition: str, f: dict[str, str]):
        username = f.get("username", "")[:80]
        desk.revoke_user_invitation(services().engine, username)
        return Message("desk.inv.revoked", username=username), None

    return _post(act)


@jury_desk.post(CONFIRM_PATH)
def confirm_conflict():
    """Confirm a declared conflict of interest: the juror abstains on the innovation."""

    def act(edition: str, f: dict[str, str]):
        juror, innovation = f.get("juror", "")[:64], f.get("innovation", "")[:64]
        desk.confirm(services().engine, edition, juror, innovation, by=by_whom())
        return Message("desk.conf.done", juror=juror, innovation=innovation), None

    return _post(act)


@jury_desk.post(REOPEN_PATH)
def reopen_sheet():
    """Give a submitted sheet back to its juror, with the committee's reason."""

    def act(edition: str, f: dict[str, str]):
        picked = f.get("sheet", "")
        named = picked.split(SHEET_SEPARATOR, 2) if picked else [f.get(k, "") for k in SHEET_FIELDS]
        stage, juror, innovation = [*named, "", "", ""][:3]
        if not (stage and juror and innovation):
            raise desk.Refused(Message("desk.reopen.bad_sheet"))
        desk.reopen(
            services().engine,
            edition,
            stage[:64],
            juror[:64],
            innovation[:64],
            f.get("reason", ""),
            by=by_whom(),
        )
        shown = _Said(lambda lang: _stage_name(stage, lang))
        return Message("desk.reopen.done", stage=shown, juror=juror, innovation=innovation), None

    return _post(act)


@jury_desk.post(EXTEND_PATH)
def extend_window():
    """Keep a stage's scoring open until a day, for one juror or every juror (recorded)."""

    def act(edition: str, f: dict[str, str]):
        try:
            until = date.fromisoformat(f.get("until", ""))
        except ValueError:
            raise desk.Refused(Message("desk.ext.bad_date")) from None
        stage, juror = f.get("stage", "")[:64], f.get("juror", "")[:64] or None
        done = desk.extend(services().engine, edition, stage, until, juror, by=by_whom())
        whom = done.juror_code or Message("window.all_jurors")
        day = _Said(lambda lang: format_date(until, lang=lang))
        shown = _Said(lambda lang: _stage_name(stage, lang))
        return Message("desk.ext.done", stage=shown, until=day, whom=whom), None

    return _post(act)
