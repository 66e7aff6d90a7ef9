"""The `documents` blueprint: a proposal PDF sent to who may read it, and its upload on /impor.

GET /dokumen/<edition>/<innovation>.pdf sends an innovation's proposal to the committee
(admin) and to a juror assigned to that innovation (any stage, the rule of
data_access.documents.juror_document). Checked in the order the sheet's page checks: a
session (else to the login), the role (403 for the other roles and screens), then the
document itself: for a juror, one not assigned to them is a 404 exactly as one that does
not exist. The answer is the stored bytes, checked to be a PDF when stored, sent inline
as application/pdf with nosniff, a sandboxing Content-Security-Policy (the PDF viewer
runs no script of ours, and the document gets no origin of ours), and never cached.

POST /impor/dokumen is the committee's form on /impor: a body over the document limit
(plus the form's framing) is refused (413) before it is read; then the CSRF token, then
the file's signature on its first bytes and its size while it is read
(data_access.documents.read_document). A stored file redirects (303) to /impor in the
page's language, for the form's edition, where the outcome is said once (PRG: a reload
does not post the file again); a refused one shows /impor again with the reason.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from flask import Blueprint, Response, redirect, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import secure_filename

from dashboard import data, work_data
from dashboard.auth import ADMIN, JURI, LOGIN_PATH, csrf_ok, current_account
from dashboard.auth_routes import forbidden_page
from dashboard.document_form import (
    DOCUMENT_FIELD,
    DOCUMENT_PREFIX,
    EDITION_FIELD,
    INNOVATION_FIELD,
    UPLOAD_PATH,
    after_upload,
    form_context,
    size_text,
)
from dashboard.html import render_page
from dashboard.imports_routes import (
    DRAIN_FACTOR,
    FORM_OVERHEAD_BYTES,
    IMPORT_PATH,
    IMPORT_ROLES,
    drain_request_body,
    render_import_page,
)
from dashboard.services import services
from data_access import queries
from data_access.documents import MAX_DOCUMENT_BYTES, Document, DocumentError, read_document
from data_access.i18n import normalize_lang, t

log = logging.getLogger(__name__)

documents = Blueprint("documents", __name__)

DOCUMENT_PATH = f"{DOCUMENT_PREFIX}/<edition>/<code>.pdf"
# The committee reads every proposal; a juror only those assigned to them (in the view).
DOCUMENT_ROLES = frozenset({ADMIN})
# The PDF viewer needs its own inline styles; nothing else of the page's may load or run.
DOCUMENT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: blob:; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox"
)
NO_STORE = {"Cache-Control": "private, no-store"}


def _lang() -> str:
    return normalize_lang(request.args.get("lang"))


def _to_login():
    target = quote(request.full_path.rstrip("?"), safe="/")
    return redirect(f"{LOGIN_PATH}?next={target}")


def content_disposition(filename: str) -> str:
    """Return an inline Content-Disposition naming the file safely (ASCII and RFC 5987)."""
    plain = secure_filename(filename) or "proposal.pdf"
    return f"inline; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _pdf(found: Document) -> Response:
    response = Response(found.data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(found.info.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.update(NO_STORE)
    return response


# ---------------------------------------------------------------- the PDF
@documents.get(DOCUMENT_PATH)
def proposal(edition: str, code: str):
    """Send an innovation's proposal PDF to the committee or to a juror assigned to it."""
    lang = _lang()
    account = current_account()
    if account is None:
        return _to_login()
    try:
        if account.role == JURI and account.juror_id is not None:
            found = work_data.juror_document(account.juror_id, edition, code)
        elif account.role in DOCUMENT_ROLES:
            found = work_data.document(edition, code)
        else:
            return forbidden_page(account.role)
    except data.DatabaseProblem as exc:
        log.warning("document: database not readable: %s", getattr(exc, "orig", None) or exc)
        page = render_page(t("document.link", lang), t("assessment.db_error", lang), lang)
        return page, 503, NO_STORE
    if found is None:
        page = render_page(t("error.not_found.title", lang), t("error.not_found.body", lang), lang)
        return page, 404, NO_STORE
    return _pdf(found)


# Talisman reads a view's own options: this answer gets the sandboxing policy instead.
proposal.talisman_view_options = {"content_security_policy": DOCUMENT_CSP}  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the upload
def _page(lang: str, status: int, **document) -> Response:
    limit = services().settings.import_max_bytes
    edition = request.form.get(EDITION_FIELD) if status != 413 else request.args.get("edition")
    context = form_context(lang, edition or None, **document)
    page = render_import_page(lang, limit=limit, document=context)
    response = Response(page, status=status, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


@documents.post(UPLOAD_PATH)
def upload():
    """Store the posted PDF as an innovation's proposal and show /impor again, saying so."""
    lang = _lang()
    account = current_account()
    if account is None:
        return redirect(f"{LOGIN_PATH}?next={quote(IMPORT_PATH + '?lang=' + lang, safe='/')}")
    if account.role not in IMPORT_ROLES:
        return forbidden_page(account.role)
    request.max_content_length = MAX_DOCUMENT_BYTES + FORM_OVERHEAD_BYTES
    try:
        request.form  # noqa: B018 - parses the body, or refuses it by its length first
    except RequestEntityTooLarge:
        drain_request_body(DRAIN_FACTOR * (MAX_DOCUMENT_BYTES + FORM_OVERHEAD_BYTES))
        limit = size_text(MAX_DOCUMENT_BYTES, lang=lang)
        return _page(lang, 413, alert=t("document.form.too_large", lang, limit=limit))
    if not csrf_ok():
        return _page(lang, 400, alert=t("auth.expired", lang))
    edition = request.form.get(EDITION_FIELD, "").strip()[:100]
    innovation = request.form.get(INNOVATION_FIELD, "").strip()[:100]
    chosen = {"chosen": innovation}
    upload = request.files.get(DOCUMENT_FIELD)
    if not innovation:
        return _page(lang, 422, alert=t("document.form.choose", lang), **chosen)
    if upload is None or not upload.filename:
        return _page(lang, 422, alert=t("document.form.no_file", lang), **chosen)
    try:
        body = read_document(upload.stream)
        saved = work_data.save_document(
            edition, innovation, body, filename=upload.filename, by=account.username
        )
    except DocumentError as refused:
        log.info("document for %s/%s refused: %s", edition, innovation, refused.message.key)
        return _page(lang, 422, alert=refused.text(lang), **chosen)
    except queries.EditionNotFound:
        alert = t("refused.no_edition", lang, code=edition)
        return _page(lang, 422, alert=alert, **chosen)
    log.info("document %s/%s by %s: %d bytes", edition, innovation, account.username, saved.size)
    # PRG: a reload shows the page again rather than posting the file twice.
    target = after_upload(lang, edition, innovation, saved.filename, saved.size)
    response = redirect(target, code=303)
    response.headers["Cache-Control"] = "no-store"
    return response
