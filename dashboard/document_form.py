"""The proposal PDFs on pages: their address, and /impor's upload form as template values.

The address names the edition and the innovation by code, /dokumen/<edition>/<code>.pdf
(dashboard/documents_routes.py serves it); /penilaian and the sheet link to it, and the
committee's form on /impor (dashboard/templates/import.html) lists what is stored.
"""

from __future__ import annotations

import logging
from urllib.parse import quote, urlencode

from flask import session

from dashboard import data, work_data
from data_access.documents import MAX_DOCUMENT_BYTES
from data_access.formatting import format_datetime, format_number
from data_access.i18n import t

log = logging.getLogger(__name__)

DOCUMENT_PREFIX = "/dokumen"
UPLOAD_PATH = "/impor/dokumen"
IMPORT_PATH = "/impor"  # the page the form is on (dashboard/imports_routes.py)
FILES_PATH = "/berkas"  # every innovation's photo and document (dashboard/files_routes.py)
INNOVATION_FIELD, DOCUMENT_FIELD, EDITION_FIELD = "innovation", "document", "edition"
# A title in the form's list is cut here: the select stays one readable line on a phone.
SHOWN_TITLE_CHARS = 70
HEADS = ("code", "file", "size", "when", "by")
# An upload's outcome, kept in the session for the page its post redirects to (PRG).
UPLOADED_KEY = "document_uploaded"


def document_path(edition_code: str, innovation_code: str) -> str:
    """Return the address of an innovation's proposal PDF."""
    return f"{DOCUMENT_PREFIX}/{quote(edition_code, safe='')}/{quote(innovation_code, safe='')}.pdf"


def size_text(size: int, *, lang: str) -> str:
    """Return a file size for people: "1,2 MB", "340 KB"."""
    if size >= 1024 * 1024:
        return f"{format_number(round(size / (1024 * 1024), 1), lang=lang)} MB"
    return f"{format_number(max(1, round(size / 1024)), lang=lang)} KB"


def _short(title: str) -> str:
    return title if len(title) <= SHOWN_TITLE_CHARS else title[: SHOWN_TITLE_CHARS - 1] + "…"


def after_upload(lang: str, edition: str, code: str, filename: str, size: int) -> str:
    """Keep a stored upload's outcome for the next page; return that page's address.

    The address keeps the page's language and the form's edition, and opens at the form.
    """
    session[UPLOADED_KEY] = {"code": code, "name": filename, "size": size}
    query = urlencode({"lang": lang, **({"edition": edition} if edition else {})})
    return f"{IMPORT_PATH}?{query}#documents"


def last_upload(lang: str) -> tuple[str, str]:
    """Return the kept upload's sentence and innovation once, then forget it ("", "": none)."""
    kept = session.pop(UPLOADED_KEY, None)
    if not isinstance(kept, dict):
        return "", ""
    code, name, size = kept.get("code", ""), kept.get("name", ""), int(kept.get("size", 0))
    done = t("document.form.uploaded", lang, code=code, name=name, size=size_text(size, lang=lang))
    return done, code


def form_context(
    lang: str, edition_code: str | None, *, alert: str = "", done: str = "", chosen: str = ""
) -> dict[str, object]:
    """Return the document form's values for import.html (its edition: named, else default)."""
    try:
        desk = work_data.document_desk(edition_code)
    except data.DatabaseProblem as exc:  # the import form above still works
        log.warning("import page: documents not readable: %s", getattr(exc, "orig", exc))
        return {"alert": alert or t("assessment.db_error", lang), "unreadable": True}
    stored = {d.innovation_code for d in desk.documents}
    has = t("document.form.has", lang)
    files_query = {"lang": lang, **({"edition": desk.edition_code} if desk.edition_code else {})}
    return {
        "title": t("document.form.title", lang),
        "intro": t("document.form.intro", lang),
        "alert": alert,
        "done": done,
        "action": f"{UPLOAD_PATH}?lang={lang}",
        "edition": desk.edition_code or "",
        "editions": [
            {"code": code, "label": f"{code} — {_short(name)}", "chosen": code == desk.edition_code}
            for code, name in desk.editions
        ],
        "innovations": [
            {
                "code": code,
                "label": f"{code} — {_short(title)}" + (f" ({has})" if code in stored else ""),
                "chosen": code == chosen,
            }
            for code, title in desk.innovations
        ],
        "rows": [
            {
                "code": d.innovation_code,
                "href": document_path(desk.edition_code or "", d.innovation_code),
                "file": d.filename,
                "size": size_text(d.size, lang=lang),
                "when": format_datetime(d.uploaded_at, lang=lang),
                "by": d.uploaded_by,
            }
            for d in desk.documents
        ],
        "heads": [t(f"document.form.head.{key}", lang) for key in HEADS],
        "empty": t(
            "document.form.no_edition"
            if desk.edition_code is None
            else "document.form.no_innovations",
            lang,
        ),
        "none_yet": t("document.form.none_yet", lang),
        "t_edition": t("document.form.edition", lang),
        "t_show": t("document.form.show", lang),
        "t_innovation": t("document.form.innovation", lang),
        "t_choose": t("document.form.choose", lang),
        "t_file": t("document.form.file", lang),
        "file_help": t(
            "document.form.file_help", lang, limit=size_text(MAX_DOCUMENT_BYTES, lang=lang)
        ),
        "t_submit": t("document.form.submit", lang),
        # The page for every innovation's photo and document, with previews (/berkas).
        "files_href": f"{FILES_PATH}?{urlencode(files_query)}",
        "t_files": t("files.from_import", lang),
        "fields": {
            "innovation": INNOVATION_FIELD,
            "document": DOCUMENT_FIELD,
            "edition": EDITION_FIELD,
        },
    }
