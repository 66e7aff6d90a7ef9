"""The berita acara's own data: GET /berita-acara, its forms' POST routes, its images' previews.

The committee sets, per edition, the minutes' number, date and place, who chairs the jury,
the "Panitia" and "Mengetahui" signatories (data_access/minutes.py), and uploads the
letterhead (kop surat) and the regency's and the competition's logos. The berita acara
and the piagam print them; the ceremony screens show the logos (dashboard/kiosk). The
shared form machinery (role, CSRF, body limit before the body is read, PRG, outcomes in
the page's language) is dashboard/committee_forms.py, as /layar's.

GET /berita-acara/gambar/<kind>?edition=CODE previews an image to the committee alone
(the letterhead is the committee's; a screen gets the logos from /kiosk/logo/<kind>).
"""

from __future__ import annotations

import logging
from datetime import date
from urllib.parse import urlencode

from flask import Blueprint, Response, redirect, render_template, request
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth import COMMITTEE, csrf_token
from dashboard.committee_forms import CommitteeForms, by_whom, html_answer, no_store
from dashboard.html import render_page
from dashboard.imports_routes import FORM_OVERHEAD_BYTES
from dashboard.kiosk.routes import image_answer
from dashboard.services import services
from data_access import minutes, queries
from data_access.db import transaction
from data_access.editions import default_edition_code
from data_access.formatting import format_date, format_number
from data_access.i18n import Message, normalize_lang, t
from data_access.models import IMAGE_KINDS

log = logging.getLogger(__name__)

MINUTES_PATH = "/berita-acara"
MINUTES_ROLES = COMMITTEE
SAVE_PATH = f"{MINUTES_PATH}/simpan"
UPLOAD_PATH = f"{MINUTES_PATH}/gambar"
REMOVE_PATH = f"{MINUTES_PATH}/hapus-gambar"
PREVIEW_RULE = f"{MINUTES_PATH}/gambar/<kind>"
POST_PATHS = (SAVE_PATH, UPLOAD_PATH, REMOVE_PATH)
IMAGE_FIELD = "image"
# Ten short fields: a few kilobytes. An image: its limit and the form's framing.
MINUTES_MAX_BYTES = 8 * 1024
UPLOAD_MAX_BYTES = minutes.MAX_IMAGE_BYTES + FORM_OVERHEAD_BYTES
MAX_FIELD = 200

minutes_pages = Blueprint("minutes_pages", __name__)


def _message_of(refusal: Exception) -> Message:
    if isinstance(refusal, minutes.MinutesError):
        return refusal.message
    return Message("refused.no_edition", code=str(refusal))


_SHARED = {
    "path": MINUTES_PATH,
    "title_key": "minutes.title",
    "flash_key": "minutes_flash",
    "max_field": MAX_FIELD,
    "refusals": (minutes.MinutesError, queries.EditionNotFound),
    "message_of": _message_of,
    "db_error_key": "minutes.db_error",
    "log_name": "berita-acara",
}
FORMS = CommitteeForms(max_bytes=MINUTES_MAX_BYTES, too_large_key="minutes.too_large", **_SHARED)
UPLOADS = CommitteeForms(
    max_bytes=UPLOAD_MAX_BYTES, too_large_key="minutes.image_too_large", **_SHARED
)


def minutes_href(edition: str | None, lang: str, anchor: str = "") -> str:
    """Return the page's address for an edition and a language (and a section)."""
    query = {"lang": lang, **({"edition": edition} if edition else {})}
    return f"{MINUTES_PATH}?{urlencode(query)}{anchor}"


def _juror_lines(jurors: list, chair: str, lang: str) -> list[dict[str, str]]:
    """Return the jurors in the berita acara's order (the chair first) with their line's role."""
    ordered = sorted(jurors, key=lambda j: (j.code != chair, j.group, j.code))
    return [
        {
            "code": j.code,
            "name": j.name,
            "group": j.group,
            "role": t("minutes.jury.chair" if j.code == chair else "minutes.jury.member", lang),
        }
        for j in ordered
    ]


def _date_help(ceremony_date: date | None, lang: str) -> str:
    """Return what an empty date prints: the ceremony's date, named when it is known."""
    if ceremony_date is None:
        return t("minutes.signed_on_help", lang)
    return t("minutes.signed_on_default", lang, date=format_date(ceremony_date, lang=lang))


@minutes_pages.get(MINUTES_PATH)
def minutes_page():
    """Show the edition's minutes' data form, its images with their forms, and the jurors."""
    refused = FORMS.refused()
    if refused is not None:
        return refused
    lang = normalize_lang(request.args.get("lang"))
    asked = request.args.get("edition", "").strip()[:64] or None
    title = t("minutes.title", lang)
    try:
        with transaction(services().engine) as session:
            code = asked or default_edition_code(session)
            if code is None:
                return html_answer(render_page(title, t("minutes.no_edition", lang), lang), 404)
            edition = queries.get_edition(session, code)
            saved = minutes.get_minutes(session, code)
            stamps = minutes.image_stamps(session, code)
            jurors = queries.load_jurors(session, edition.id)
            editions = queries.list_edition_keys(session)
    except queries.EditionNotFound:
        return html_answer(render_page(title, t("history.page.no_edition", lang), lang), 404)
    except SQLAlchemyError as exc:
        log.warning("berita-acara: database not readable: %s", getattr(exc, "orig", exc))
        return html_answer(render_page(title, t("minutes.db_error", lang), lang), 503)
    flash = FORMS.pop_flash()
    # After a refused save, the form shows what was typed (the flash holds it, for this
    # one page), not the saved values, and marks the field at fault.
    typed = (flash or {}).get("typed")
    values = (
        {name: typed.get(name, "") for name in minutes.FIELDS}
        if typed is not None
        else saved.field_values()
        | {name: minutes.format_nip(saved.field_values()[name]) for name in minutes.NIP_FIELDS}
    )
    limit = format_number(minutes.MAX_IMAGE_BYTES // (1024 * 1024), lang=lang)
    images = [
        {
            "kind": kind,
            "name": t(f"minutes.image.{kind}", lang),
            "help": t(f"minutes.image.{kind}.help", lang),
            # Only a logo is ever on the screens; the letterhead is the berita acara's.
            "none": t(
                "minutes.image.none.kop" if kind == minutes.KOP else "minutes.image.none", lang
            ),
            "src": f"{MINUTES_PATH}/gambar/{kind}?"
            + urlencode({"edition": edition.code, "v": stamps[kind]})
            if kind in stamps
            else None,
        }
        for kind in IMAGE_KINDS
    ]
    page = render_template(
        "minutes.html",
        lang=lang,
        t=lambda key, **values: t(key, lang, **values),
        title=title,
        subtitle=t("minutes.edition", lang, edition=edition.name),
        edition=edition.code,
        editions=editions,
        flash=flash,
        flash_text=(flash or {}).get("text", {}).get(lang, ""),
        values=values,
        invalid=(flash or {}).get("invalid", ""),
        defaults={
            "place": minutes.DEFAULT_PLACE,
            "known_title": minutes.DEFAULT_KNOWN_TITLE,
        },
        signed_on_help=_date_help(edition.ceremony_date, lang),
        jurors=_juror_lines(jurors, saved.chair_code, lang),
        images=images,
        image_limit=t("minutes.image.limit", lang, limit=limit),
        image_field=IMAGE_FIELD,
        csrf=csrf_token(),
        paths={"save": SAVE_PATH, "upload": UPLOAD_PATH, "remove": REMOVE_PATH},
        query=f"?lang={lang}",
        back=f"/kendali?{urlencode({'lang': lang})}",
        nav_edition=edition.code,
    )
    return html_answer(page)


def _back(lang: str, fields: dict[str, str]) -> Response:
    return no_store(redirect(minutes_href(fields.get("edition") or None, lang, "#hasil"), 303))


def _home() -> str:
    return minutes_href(None, normalize_lang(request.args.get("lang")))


@minutes_pages.post(SAVE_PATH)
def save_minutes():
    """Store the minutes' number, date, place, chair and signatories of an edition."""

    def act(fields: dict[str, str]):
        code = fields.get("edition", "")[:64]
        with transaction(services().engine) as session:
            minutes.save_minutes(session, code, fields, by=by_whom())
        return Message("minutes.saved"), None

    return FORMS.post(act, _back, _home(), keep=minutes.FIELDS)


@minutes_pages.post(UPLOAD_PATH)
def upload_image():
    """Store the posted PNG or JPEG as the edition's letterhead or one of its logos."""

    def act(fields: dict[str, str]):
        kind = fields.get("kind", "")[:40]
        upload = request.files.get(IMAGE_FIELD)
        if upload is None or not upload.filename:
            raise minutes.MinutesError("minutes.refused.no_file")
        data = upload.stream.read(minutes.MAX_IMAGE_BYTES + 1)
        with transaction(services().engine) as session:
            minutes.set_image(session, fields.get("edition", "")[:64], kind, data, by=by_whom())
        return Message("minutes.image_saved", image=Message(f"minutes.image.{kind}")), None

    return UPLOADS.post(act, _back, _home())


@minutes_pages.post(REMOVE_PATH)
def remove_image():
    """Remove the edition's letterhead or one of its logos."""

    def act(fields: dict[str, str]):
        kind = fields.get("kind", "")[:40]
        with transaction(services().engine) as session:
            removed = minutes.remove_image(
                session, fields.get("edition", "")[:64], kind, by=by_whom()
            )
        key = "minutes.image_removed" if removed else "minutes.image_absent"
        return Message(key, image=Message(f"minutes.image.{kind}")), None

    return FORMS.post(act, _back, _home())


@minutes_pages.get(PREVIEW_RULE)
def preview_image(kind: str):
    """Send an edition's image to the committee, for the page's preview."""
    refused = FORMS.refused()
    if refused is not None:
        return refused
    if kind not in IMAGE_KINDS:
        return image_answer(None)
    try:
        with transaction(services().engine) as session:
            code = request.args.get("edition", "").strip()[:64] or default_edition_code(session)
            found = minutes.get_image(session, code, kind) if code else None
    except queries.EditionNotFound:
        found = None
    except SQLAlchemyError as exc:
        log.warning("berita-acara image: database not readable: %s", getattr(exc, "orig", exc))
        return no_store(Response(status=503))
    return image_answer(found)
