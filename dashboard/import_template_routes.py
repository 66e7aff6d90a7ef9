"""GET /impor/templat.xlsx: the import template to fill, for those who may use /impor.

The workbook (data_access/importing/template.py) is built from the importer's own column
lists, so it names exactly the sheets and columns an import reads. The same guard as
/impor: an anonymous visitor is sent to the login, another role gets 403.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from dashboard.imports_routes import TEMPLATE_PATH, import_refusal
from data_access.i18n import normalize_lang, t
from data_access.importing.template import template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

import_template = Blueprint("import_template", __name__)


@import_template.get(TEMPLATE_PATH)
def download_template() -> Response:
    """Send the import template as an .xlsx attachment, its name in the page's language."""
    lang = normalize_lang(request.args.get("lang"))
    refused = import_refusal(lang)
    if refused is not None:
        return refused
    response = Response(template_xlsx(), content_type=XLSX)
    filename = t("import.template.file", lang)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
