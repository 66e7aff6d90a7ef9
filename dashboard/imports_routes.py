"""The committee's import page, /impor: one .xlsx workbook or several CSV files, uploaded.

The upload runs the importer the command line runs (`python -m data_access import`): one
transaction, all or nothing, the same checks, the same bilingual errors. The page shows
what changed, or every error row by row in the page's language. The committee (admin)
alone may use it: an anonymous visitor is sent to the login, another role gets 403; the
form carries the session's CSRF token (dashboard.security refuses cross-site posts first).

Every request body is bounded by IMPORT_MAX_BYTES (plus the form's own framing) through
Flask's MAX_CONTENT_LENGTH: a larger one is answered 413, with a page in both languages,
before it is read. Uploads go into a private temporary folder under names the server
spells; a client's file name is shown in messages, never used as a path.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, Flask, Response, redirect, render_template, request
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import secure_filename

from dashboard.auth import (
    ADMIN,
    LOGIN_PATH,
    READ_METHODS,
    csrf_ok,
    csrf_token,
    current_account,
)
from dashboard.auth_routes import forbidden_page
from dashboard.builders.import_report import (
    COUNT_KEYS,
    MAX_SHOWN_ERRORS,
    approval_outcome,
    approved_items,
    count_rows,
    error_rows,
    kept_outcome,
    megabytes,
)
from dashboard.document_form import IMPORT_PATH, form_context, last_upload
from dashboard.html import bilingual_link, bilingual_page
from dashboard.services import services
from data_access.approval import ApprovedEdition, approved_editions
from data_access.backups import BackupFailed, backup_for_import
from data_access.formatting import format_number
from data_access.i18n import LANGUAGES, Message, normalize_lang, t
from data_access.importing import (
    KNOWN_FILES,
    ApprovalNotConfirmed,
    ImportErrorItem,
    ImportFailed,
    ImportReport,
)
from data_access.importing import import_path as run_import
from data_access.importing.errors import Problems
from data_access.importing.reader import unknown_file
from data_access.settings import Settings

log = logging.getLogger(__name__)

IMPORT_ROLES = frozenset({ADMIN})
# The template to fill (dashboard/import_template_routes.py), linked from the form.
TEMPLATE_PATH = f"{IMPORT_PATH}/templat.xlsx"

imports = Blueprint("imports", __name__)
FILES_FIELD, EDITION_FIELD, CONFIRM_FIELD = "files", "edition", "confirm_approved"
# Multipart framing (boundaries, part headers, the token, the edition code) on top of the
# files, so that a file of exactly IMPORT_MAX_BYTES still reaches the importer's own check.
FORM_OVERHEAD_BYTES = 64 * 1024
# A refused body up to this many times the limit is read to its end (drain_request_body).
DRAIN_FACTOR = 4
SHOWN_NAME_CHARS = 100


# ---------------------------------------------------------------- what the page shows
def _lang_query(lang: str) -> str:
    return "?lang=en" if lang == "en" else ""


def _approved_now() -> list[ApprovedEdition]:
    try:
        with services().session() as session:
            return approved_editions(session)
    except SQLAlchemyError as exc:  # the form still shows; the import checks again itself
        log.warning("import page: approvals not readable: %s", getattr(exc, "orig", exc))
        return []


def render_import_page(
    lang: str,
    *,
    limit: int,
    alert: str = "",
    report: ImportReport | None = None,
    errors: list[ImportErrorItem] | None = None,
    edition: str = "",
    confirm_needed: bool = False,
    document: dict[str, object] | None = None,
) -> str:
    """Return the import page: the form, and the last import's result if there is one.

    Below it, the proposal PDFs' form (dashboard/document_form.py): `document` as its
    upload left it, else for the edition `?edition=` names (or the default one).
    """
    errors = errors or []
    if document is None:  # after an upload's redirect, the sentence saying it is stored
        done, chosen = last_upload(lang) if request.method in READ_METHODS else ("", "")
        document = form_context(lang, request.args.get("edition") or None, done=done, chosen=chosen)
    approved = _approved_now()
    return render_template(
        "import.html",
        lang=lang,
        title=t("import.title", lang),
        alert=alert,
        report=report,
        done=t("import.done", lang, edition=(report.edition_code or "–") if report else ""),
        count_heads=[t(f"import.count.{key}", lang) for key in ("file", *COUNT_KEYS)],
        count_rows=count_rows(report, lang=lang) if report else [],
        errors=error_rows(errors, lang=lang),
        failed=t("import.failed", lang, count=format_number(len(errors), lang=lang)),
        error_heads=[
            t(f"import.error.{key}", lang) for key in ("file", "row", "column", "value", "message")
        ],
        more=(
            t("import.more", lang, count=format_number(len(errors) - MAX_SHOWN_ERRORS, lang=lang))
            if len(errors) > MAX_SHOWN_ERRORS
            else ""
        ),
        action=IMPORT_PATH + _lang_query(lang),
        csrf=csrf_token(),
        intro=t("import.intro", lang),
        t_files=t("import.files", lang),
        files_help=t("import.files_help", lang, limit=megabytes(limit, lang=lang)),
        template_href=TEMPLATE_PATH + _lang_query(lang),
        t_template=t("import.template.link", lang),
        template_help=t("import.template.help", lang),
        t_edition=t("import.edition", lang),
        edition=edition,
        edition_help=t("import.edition_help", lang),
        t_submit=t("import.submit", lang),
        approved=approved_items(approved, lang=lang),
        approved_warning=t("import.approved.warning", lang),
        t_confirm=t("import.approved.confirm", lang),
        confirm_field=CONFIRM_FIELD,
        confirm_needed=confirm_needed,
        outcome=approval_outcome(report.approval if report else None, lang=lang),
        kept=kept_outcome(report.kept_statuses if report else [], lang=lang),
        home_href="/konsol" + _lang_query(lang),
        t_back=t("import.back", lang),
        # After an import the committee checks the innovations' administrative status.
        status_href="/administrasi" + _lang_query(lang),
        t_status=t("status.title", lang),
        doc=document,
        import_path=IMPORT_PATH,
        # The navbar's dashboard links keep the edition the page shows (its PDFs').
        nav_edition=document.get("edition") or None,
    )


# ---------------------------------------------------------------- uploads to files
def shown_name(filename: str | None) -> str:
    """Return the last part of a client's file name, for messages only."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:SHOWN_NAME_CHARS]


def _refusal(name: str, key: str) -> ImportErrorItem:
    return ImportErrorItem(name, None, None, None, Message(key))


def stage_uploads(
    files: list[FileStorage], folder: Path
) -> tuple[Path | None, list[ImportErrorItem]]:
    """Save uploaded files into folder under server-chosen names.

    Returns the path to import (None when there is nothing to import) and the problems
    found with the files themselves, which the import reports beside its own.
    """
    chosen = [(upload, shown_name(upload.filename)) for upload in files if upload.filename]
    if not chosen:
        return None, [_refusal("", "import.upload.none")]
    kinds = [Path(name).suffix.lower() for _upload, name in chosen]
    if ".xlsx" in kinds:
        if len(chosen) > 1:
            names = ", ".join(name for _upload, name in chosen)
            return None, [_refusal(names[:SHOWN_NAME_CHARS], "import.upload.mixed")]
        upload, name = chosen[0]
        # secure_filename keeps a plain name (it names the workbook in error messages) and
        # strips every separator, dot-dot and drive; anything left odd becomes a fixed name.
        safe = secure_filename(name)
        if not safe.lower().endswith(".xlsx") or len(safe) <= len(".xlsx"):
            safe = "import.xlsx"
        book = folder / safe
        upload.save(book)
        return book, []
    problems: list[ImportErrorItem] = []
    target = folder / "csv"
    target.mkdir()
    staged: set[str] = set()
    for (upload, name), kind in zip(chosen, kinds, strict=True):
        stem = name[: -len(".csv")]
        if kind != ".csv":
            problems.append(_refusal(name, "import.upload.kind"))
        elif not name.endswith(".csv") or stem not in KNOWN_FILES:
            unknown_file(Problems(name, problems), name)
        elif stem in staged:
            problems.append(_refusal(name, "import.upload.twice"))
        else:
            staged.add(stem)
            upload.save(target / f"{stem}.csv")  # stem is one of KNOWN_FILES: a safe name
    return (target if staged else None), problems


# ---------------------------------------------------------------- the route
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _html(page: str, status: int = 200) -> Response:
    return _no_store(Response(page, status=status, content_type="text/html; charset=utf-8"))


def import_refusal(lang: str) -> Response | None:
    """Return the answer to anyone but the committee (to the login, or 403), else None."""
    if current_account() is None:
        target = quote(request.full_path.rstrip("?"), safe="/")
        return _no_store(redirect(f"{LOGIN_PATH}?next={target}"))
    account = current_account()
    if account is None or account.role not in IMPORT_ROLES:
        page, status = forbidden_page(account.role if account else None)
        return _html(page, status)
    return None


@imports.route(IMPORT_PATH, methods=["GET", "POST"])
def import_page() -> Response:
    """Show the import form, or import the posted files and show the result."""
    lang = normalize_lang(request.args.get("lang"))
    refused = import_refusal(lang)
    if refused is not None:
        return refused
    settings: Settings = services().settings
    limit = settings.import_max_bytes
    if request.method in READ_METHODS:  # HEAD is GET without the body, never a post
        return _html(render_import_page(lang, limit=limit))
    # Reading the form parses the body: a body over MAX_CONTENT_LENGTH raises 413 here.
    if not csrf_ok():
        return _html(render_import_page(lang, limit=limit, alert=t("auth.expired", lang)), 400)
    edition = request.form.get(EDITION_FIELD, "").strip()[:100]
    confirmed = request.form.get(CONFIRM_FIELD) == "1"
    account = current_account()
    uploads = request.files.getlist(FILES_FIELD)
    if not any(upload.filename for upload in uploads):
        # Nothing chosen is no import that failed: the form says what to do, no error table.
        alert = t("import.upload.none", lang)
        return _html(render_import_page(lang, limit=limit, alert=alert, edition=edition), 400)
    with tempfile.TemporaryDirectory(prefix="kipp-import-") as folder:
        path, problems = stage_uploads(uploads, Path(folder))
        try:
            if path is None:
                raise ImportFailed(problems)
            report = run_import(
                services().work_engine,
                path,
                edition_code=edition or None,
                max_bytes=limit,
                prior_errors=problems,
                confirm_approved=confirmed,
                by=account.username,
                before_write=lambda: backup_for_import(
                    services().work_engine, settings, by=account.username
                )[1],
            )
        except BackupFailed as failed:
            log.error("import by %s stopped: automatic backup failed: %s", account.username, failed)
            alert = t("backup.auto.stopped", lang, reason=failed.message.text(lang))
            return _html(render_import_page(lang, limit=limit, alert=alert, edition=edition), 503)
        except ApprovalNotConfirmed as refused:
            log.info(
                "import by %s into approved %s refused", account.username, refused.edition.code
            )
            page = render_import_page(
                lang, limit=limit, errors=refused.errors, edition=edition, confirm_needed=True
            )
            return _html(page, 409)
        except ImportFailed as failure:
            log.info("import by %s refused: %d errors", account.username, len(failure.errors))
            page = render_import_page(lang, limit=limit, errors=failure.errors, edition=edition)
            return _html(page, 422)
    log.info(
        "import by %s: edition %s, %s",
        account.username,
        report.edition_code,
        {name: counts for name, counts in report.counts.items() if any(counts.values())},
    )
    return _html(render_import_page(lang, limit=limit, report=report, edition=edition))


def drain_request_body(max_bytes: int) -> bool:
    """Read and discard what is left of the request body, up to max_bytes; True if all of it.

    Refused before it was read, a body still sits in the connection: a keep-alive
    connection would then hand its bytes to the next request as if they were one (gunicorn
    drains only 64 KiB and then drops the connection, which breaks a browser's next
    request on it). Only a server that ends the input stream itself says so with
    wsgi.input_terminated (gunicorn; werkzeug for chunked bodies); any other stream is
    left alone, since reading it to its end could wait for the client's next request.
    """
    stream = request.environ.get("wsgi.input")
    if stream is None or not request.environ.get("wsgi.input_terminated"):
        return False
    drained = 0
    try:
        while drained <= max_bytes:
            chunk = stream.read(64 * 1024)
            if not chunk:
                return True
            drained += len(chunk)
    except Exception:  # a client gone or a broken chunk: the server closes the connection
        log.info("a refused upload's body could not be read to its end", exc_info=True)
    return False


# Any route's body over the limit, not only an upload's: the limit is the server's.
@imports.app_errorhandler(RequestEntityTooLarge)
def upload_too_large(_error: RequestEntityTooLarge) -> Response:
    """Answer a request body over the limit: 413 and a page in both languages."""
    limit = services().settings.import_max_bytes
    # A body a few times the limit (a file chosen by mistake) is read to its end so that
    # the connection stays usable; anything larger is the server's to cut off.
    drain_request_body(DRAIN_FACTOR * (limit + FORM_OVERHEAD_BYTES))
    body = Markup("").join(  # the limit written the way each language writes numbers
        Markup('<p lang="{}">{}</p>').format(
            lang, t("import.too_large.body", lang, limit=megabytes(limit, lang=lang))
        )
        for lang in LANGUAGES
    )
    body += bilingual_link(IMPORT_PATH, "import.too_large.back")
    page = bilingual_page("import.too_large.title", body)
    return _html(page, 413)


def init_app(server: Flask, settings: Settings) -> None:
    """Bound every request body by IMPORT_MAX_BYTES plus the form's framing (413 beyond)."""
    server.config["MAX_CONTENT_LENGTH"] = settings.import_max_bytes + FORM_OVERHEAD_BYTES
