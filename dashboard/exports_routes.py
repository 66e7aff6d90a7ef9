"""Download routes of the official exports: GET /ekspor/<fmt>?edition=CODE (xlsx, csv, pdf).

For the bupati's office and the committee only; /ekspor/archive (the edition archive,
every juror's scores in the import format) for the committee alone. Juror-level scores
go to the committee alone, and so does a provisional ranking: the bupati's office
downloads once the committee approved the results. A refusal or an error is a small
page in both languages at once (a download link has no page language); no answer is ever
cached or sniffed.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

from flask import Blueprint, Response, redirect, request
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth import ADMIN, BUPATI, LOGIN_PATH, current_account, has_role
from dashboard.html import bilingual_link, bilingual_page, bilingual_paragraphs
from dashboard.services import services
from data_access import ceremony, queries
from data_access.editions import default_edition_code

log = logging.getLogger(__name__)

EXPORT_ROLES = frozenset({BUPATI, ADMIN})
FORMATS = ("xlsx", "csv", "pdf", "archive")
ARCHIVE = "archive"
# /ekspor/piagam: the approved winners' certificates (with ?peserta=1 every submitting unit's).
PIAGAM = "piagam"
RULE = "/ekspor/<fmt>"
SUMMARY_PATH = "/ringkasan"

exports = Blueprint("exports", __name__)


def _secure(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def refusal(status: int, key: str, *, home: bool = False, **values: str) -> Response:
    """Return a plain page saying why, in Bahasa Indonesia then English, with the status.

    Its link leads back to the summary, or with `home` to the home page: for an account
    that may not open the summary either (a juror, a viewer), which would only be refused again.
    """
    back = (
        bilingual_link("/", "error.back")
        if home
        else bilingual_link(SUMMARY_PATH, "export.error.back")
    )
    body = bilingual_paragraphs(key, **values) + back
    page = bilingual_page("export.error.title", body)
    return _secure(Response(page, status=status, content_type="text/html; charset=utf-8"))


@exports.get(RULE)
def download_export(fmt: str) -> Response:
    """Send an edition's export as an attachment, or say in both languages why not."""
    account = current_account()
    if account is None:
        # A download link followed without a session: log in, then come back to the file.
        target = quote(request.full_path.rstrip("?"), safe="/")
        return _secure(redirect(f"{LOGIN_PATH}?next={target}"))
    if not has_role(EXPORT_ROLES):
        return refusal(403, "export.error.forbidden", home=True)
    if fmt == PIAGAM:
        return _certificates(request.args.get("edition", "").strip() or None)
    if fmt not in FORMATS:
        return refusal(404, "export.error.format", fmt=fmt[:20])
    if fmt == ARCHIVE and not has_role({ADMIN}):
        return refusal(403, "archive.forbidden")
    code = request.args.get("edition", "").strip() or None
    table = (request.args.get("table", "").strip() or None) if fmt == "csv" else None
    try:
        with services().work_session() as db:
            if code is None:  # the pages' default (data_access.editions)
                code = default_edition_code(db)
                if code is None:
                    return refusal(404, "export.error.no_edition")
            queries.get_edition(db, code)  # an unknown code: 404 before any heavy work
            # The ranking is the committee's until it approves it: only then do the bupati's
            # files hold ranks and scores (the summary page keeps the same embargo).
            if not has_role({ADMIN}) and ceremony.get_state(db, code).snapshot is None:
                return refusal(409, "export.error.not_approved")
            # Imported here: the exports package is heavy (openpyxl, a PDF library) and only
            # these downloads need it.
            from data_access.exports import export_bytes

            export = export_bytes(db, code, fmt, juror_scores=has_role({ADMIN}), table=table)
    except queries.EditionNotFound:
        return refusal(404, "export.error.edition", code=(code or "")[:80])
    except (KeyError, ValueError):
        if table is None:
            raise
        return refusal(404, "export.error.table", table=table[:80])
    except SQLAlchemyError as exc:
        log.warning("export %s: database not readable: %s", fmt, getattr(exc, "orig", exc))
        return refusal(503, "export.error.database")
    response = Response(export.data, content_type=export.content_type)
    # Werkzeug quotes the name, and adds filename*= when it is not plain ASCII.
    response.headers.set("Content-Disposition", "attachment", filename=export.filename)
    version = getattr(export, "data_version", None)
    if version is not None:
        response.headers["X-Data-Version"] = str(version)
    return _secure(response)


def _certificates(code: str | None) -> Response:
    """Send the certificates of an edition's approved results, or say why not."""
    participants = request.args.get("peserta") == "1"
    try:
        with services().work_session() as db:
            if code is None:
                code = default_edition_code(db)
                if code is None:
                    return refusal(404, "export.error.no_edition")
            from data_access.exports.piagam import NotApproved, certificates_pdf

            data = certificates_pdf(db, code, participants=participants)
    except queries.EditionNotFound:
        return refusal(404, "export.error.edition", code=(code or "")[:80])
    except NotApproved:  # drawn from approved results only, for the committee as well
        return refusal(409, "export.error.not_approved")
    except SQLAlchemyError as exc:
        log.warning("export piagam: database not readable: %s", getattr(exc, "orig", exc))
        return refusal(503, "export.error.database")
    response = Response(data, content_type="application/pdf")
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", code).strip("-.") or "edisi"
    # Two different files: the one with every participant must not overwrite the winners'
    # in the Downloads folder.
    stem = "piagam-peserta" if participants else "piagam"
    response.headers.set("Content-Disposition", "attachment", filename=f"{stem}-{name}.pdf")
    return _secure(response)
