"""The committee's photos and proposal PDFs of innovations: GET /berkas, its forms and images.

For the chosen edition, every innovation with its photo's thumbnail and its proposal
PDF (name, size, pages, uploaded when and by whom, a link to open it), and per
innovation the forms to upload, replace or remove either, and to change a photo's
caption. A search narrows the list by code or title. Photos are stored through
data_access.ceremony.set_photo (the checks the command line's `ceremony photo` uses),
documents through data_access.documents (as /impor's form). The form machinery (role,
CSRF, body limit before the form is read, PRG, outcomes in the page's language) is
dashboard/committee_forms.py, as /layar's; an upload's outcome shows its preview.

The thumbnails and full photos are sent by two routes of their own, to the committee
alone (a photo may tell who is a finalist before the reveal), never cached.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import BinaryIO, cast
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, redirect, render_template, request
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from dashboard import document_form, files_view
from dashboard.auth import COMMITTEE, csrf_token
from dashboard.committee_forms import CommitteeForms, by_whom, html_answer, no_store
from dashboard.document_form import document_path, size_text
from dashboard.files_view import DocumentDetails, PhotoDetails, files_row, image_path, stamp
from dashboard.html import render_page
from dashboard.imports_routes import DRAIN_FACTOR, FORM_OVERHEAD_BYTES
from dashboard.services import services
from data_access import ceremony, documents, innovation_files, queries
from data_access.db import transaction
from data_access.editions import default_edition_code
from data_access.i18n import CarriesMessage, Message, normalize_lang, t

log = logging.getLogger(__name__)

FILES_PATH = document_form.FILES_PATH
FILES_ROLES = COMMITTEE
PHOTO_PATH = files_view.PHOTO_PREFIX
PHOTO_REMOVE_PATH = f"{PHOTO_PATH}/hapus"
DOCUMENT_PATH = f"{FILES_PATH}/dokumen"
DOCUMENT_REMOVE_PATH = f"{DOCUMENT_PATH}/hapus"
POST_PATHS = (PHOTO_PATH, PHOTO_REMOVE_PATH, DOCUMENT_PATH, DOCUMENT_REMOVE_PATH)
# The images: the full photo, and its thumbnail for the list.
PHOTO_FILE = f"{PHOTO_PATH}/<edition>/<code>"
THUMBNAIL_FILE = f"{PHOTO_PATH}/<edition>/<code>/kecil"
IMAGE_PATHS = (PHOTO_FILE, THUMBNAIL_FILE)
PHOTO_FIELD, DOCUMENT_FIELD = "photo", "document"
# A removal names an edition and a code: a few hundred bytes.
FORM_MAX_BYTES = 4 * 1024
MAX_FIELD = ceremony.MAX_CAPTION
# An image answer runs nothing and is framed by no one.
IMAGE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
NO_STORE = "private, no-store"

files = Blueprint("files", __name__)


class FilesRefused(CarriesMessage, ValueError):
    """A form of the page refused for a reason of its own (no file, no photo to caption)."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.message = Message(key, **params)
        super().__init__(str(self.message))


def _forms(max_bytes: int, too_large_key: str, *, upload: bool) -> CommitteeForms:
    return CommitteeForms(
        path=FILES_PATH,
        title_key="files.title",
        flash_key="files_flash",
        max_bytes=max_bytes,
        max_field=MAX_FIELD,
        refusals=(
            ceremony.CeremonyError,
            documents.DocumentError,
            FilesRefused,
            queries.EditionNotFound,
        ),
        message_of=lambda refusal: (
            refusal.message
            if isinstance(refusal, CarriesMessage)
            else Message("refused.no_edition", code=str(refusal))
        ),
        too_large_key=too_large_key,
        db_error_key="files.db_error",
        log_name="berkas",
        drain_bytes=DRAIN_FACTOR * max_bytes if upload else 0,
    )


FORMS = _forms(FORM_MAX_BYTES, "files.too_large", upload=False)
PHOTO_FORMS = _forms(
    ceremony.MAX_PHOTO_BYTES + FORM_OVERHEAD_BYTES, "files.too_large_photo", upload=True
)
DOCUMENT_FORMS = _forms(
    documents.MAX_DOCUMENT_BYTES + FORM_OVERHEAD_BYTES, "files.too_large_document", upload=True
)


def files_href(lang: str, edition: str | None = None, search: str = "", anchor: str = "") -> str:
    """Return the page's address in a language, for an edition and a search."""
    query = {"lang": lang, **({"edition": edition} if edition else {})}
    query |= {"q": search} if search else {}
    return f"{FILES_PATH}?{urlencode(query)}{anchor}"


@files.get(FILES_PATH)
def files_page():
    """Show every innovation of the edition with its photo and document, and their forms."""
    refused = FORMS.refused()
    if refused is not None:
        return refused
    lang = normalize_lang(request.args.get("lang"))
    asked = request.args.get("edition", "").strip()[:64] or None
    search = request.args.get("q", "").strip()[: innovation_files.MAX_SEARCH]
    title = t("files.title", lang)
    try:
        with transaction(services().engine) as session:
            code = asked or default_edition_code(session)
            if code is None:
                return html_answer(render_page(title, t("files.none", lang), lang), 404)
            edition = queries.get_edition(session, code)
            editions = queries.list_edition_keys(session)
            items = innovation_files.innovation_files(session, edition.id, search=search)
            total = (
                innovation_files.count_innovations(session, edition.id) if search else len(items)
            )
    except queries.EditionNotFound:
        return html_answer(render_page(title, t("history.page.no_edition", lang), lang), 404)
    except SQLAlchemyError as exc:
        log.warning("berkas: database not readable: %s", getattr(exc, "orig", exc))
        return html_answer(render_page(title, t("files.db_error", lang), lang), 503)
    zone = ZoneInfo(edition.timezone)
    flash = FORMS.pop_flash()
    preview = None
    if flash and flash.get("link"):
        link = flash["link"]
        preview = {"kind": "document" if link.endswith(".pdf") else "photo", "href": link}
    limits = {
        "photo": size_text(ceremony.MAX_PHOTO_BYTES, lang=lang),
        "document": size_text(documents.MAX_DOCUMENT_BYTES, lang=lang),
    }
    page = render_template(
        "files.html",
        lang=lang,
        t=lambda key, **values: t(key, lang, **values),
        title=title,
        subtitle=t("files.edition", lang, edition=edition.name),
        edition=edition.code,
        editions=editions,
        search=search,
        total=total,
        summary=None
        if search
        else t(
            "files.summary",
            lang,
            photos=sum(1 for i in items if i.photo),
            documents=sum(1 for i in items if i.document),
            total=total,
        ),
        flash=flash,
        flash_text=(flash or {}).get("text", {}).get(lang, ""),
        preview=preview,
        rows=[files_row(item, edition.code, lang, zone) for item in items],
        limits=limits,
        csrf=csrf_token(),
        clear_href=files_href(lang, edition.code),
        paths={
            "page": FILES_PATH,
            "photo": PHOTO_PATH,
            "photo_remove": PHOTO_REMOVE_PATH,
            "document": DOCUMENT_PATH,
            "document_remove": DOCUMENT_REMOVE_PATH,
        },
        fields={"photo": PHOTO_FIELD, "document": DOCUMENT_FIELD},
        query=f"?lang={lang}",
        back=f"/konsol?{urlencode({'lang': lang})}",
        nav_edition=edition.code,
    )
    return html_answer(page)


# ---------------------------------------------------------------- the images
def _image(edition: str, code: str, *, small: bool) -> Response:
    refused = FORMS.refused()
    if refused is not None:
        return refused
    lang = normalize_lang(request.args.get("lang"))
    try:
        with transaction(services().engine) as session:
            found = innovation_files.photo_of(session, edition, code, small=small)
    except SQLAlchemyError as exc:
        log.warning("berkas: photo not readable: %s", getattr(exc, "orig", exc))
        return no_store(Response(status=503))
    if found is None:
        page = render_page(t("error.not_found.title", lang), t("error.not_found.body", lang), lang)
        return html_answer(page, 404)
    content_type, body = found
    response = Response(body, mimetype=content_type)
    response.headers["Cache-Control"] = NO_STORE
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@files.get(PHOTO_FILE)
def photo_file(edition: str, code: str):
    """Send an innovation's photo as stored, to the committee."""
    return _image(edition, code, small=False)


@files.get(THUMBNAIL_FILE)
def photo_thumbnail(edition: str, code: str):
    """Send the small JPEG of an innovation's photo, to the committee."""
    return _image(edition, code, small=True)


for _view in (photo_file, photo_thumbnail):
    # Talisman reads a view's own options: an image gets the strictest policy.
    _view.talisman_view_options = {"content_security_policy": IMAGE_CSP}  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the forms
def _back(lang: str, fields: dict[str, str]) -> Response:
    target = files_href(lang, fields.get("edition"), fields.get("q", ""), "#hasil")
    return no_store(cast(Response, redirect(target, code=303)))


def _post(forms: CommitteeForms, action) -> Response:
    lang = normalize_lang(request.args.get("lang"))
    return forms.post(action, _back, files_href(lang))


def _target(fields: dict[str, str]) -> tuple[str, str]:
    return fields.get("edition", "")[:64], fields.get("innovation", "")[:64]


def _upload(field: str) -> FileStorage | None:
    """Return the posted file, or None when the form sent none."""
    upload = request.files.get(field)
    return None if upload is None or not upload.filename else upload


@files.post(PHOTO_PATH)
def save_photo():
    """Store (or replace) an innovation's photo with its caption, or change its caption."""

    def act(fields: dict[str, str]):
        edition, code = _target(fields)
        caption = fields.get("caption", "")
        upload = _upload(PHOTO_FIELD)
        with transaction(services().engine) as session:
            if upload is None:
                if not ceremony.set_caption(session, edition, code, caption, by=by_whom()):
                    raise FilesRefused("files.photo_none", code=code)
                return Message("files.caption_saved", code=code), None
            # One byte past the limit at most: refused as too large, never read whole.
            body = upload.stream.read(ceremony.MAX_PHOTO_BYTES + 1)
            saved = ceremony.set_photo(session, edition, code, body, caption=caption, by=by_whom())
        details = PhotoDetails(saved.width or 0, saved.height or 0, saved.size)
        link = image_path(edition, code, small=True, stamp=stamp(saved.updated_at))
        return Message("files.photo_saved", code=code, details=details), link

    return _post(PHOTO_FORMS, act)


def _removal(
    remove: Callable[[Session, str, str], bool], refusal: Callable[[str], Exception], done: str
) -> Response:
    """Run a removal form: remove the innovation's file, or say it had none.

    The form is read by FORMS.post alone, once its body limit is set.
    """

    def act(fields: dict[str, str]):
        edition, code = _target(fields)
        with transaction(services().engine) as session:
            if not remove(session, edition, code):
                raise refusal(code)
        return Message(done, code=code), None

    return _post(FORMS, act)


@files.post(PHOTO_REMOVE_PATH)
def remove_photo():
    """Remove an innovation's photo (from the ceremony screens too)."""
    return _removal(
        lambda session, edition, code: ceremony.remove_photo(session, edition, code, by=by_whom()),
        lambda code: FilesRefused("files.photo_none", code=code),
        "files.photo_removed",
    )


@files.post(DOCUMENT_PATH)
def save_document():
    """Store (or replace) an innovation's proposal PDF."""

    def act(fields: dict[str, str]):
        edition, code = _target(fields)
        upload = _upload(DOCUMENT_FIELD)
        if upload is None:
            raise FilesRefused("files.no_file")
        # The signature first, then the size: a foreign or oversized file is never read whole.
        body = documents.read_document(cast(BinaryIO, upload.stream))
        with transaction(services().engine) as session:
            saved = documents.set_document(
                session, edition, code, body, filename=upload.filename, by=by_whom()
            )
        details = DocumentDetails(saved.size, saved.page_count)
        message = Message("files.document_saved", code=code, name=saved.filename, details=details)
        return message, document_path(edition, code)

    return _post(DOCUMENT_FORMS, act)


@files.post(DOCUMENT_REMOVE_PATH)
def remove_document():
    """Remove an innovation's proposal PDF."""
    return _removal(
        lambda session, edition, code: documents.remove_document(
            session, edition, code, by=by_whom()
        ),
        lambda code: documents.DocumentError("document.refused.none", code=code),
        "files.document_removed",
    )
