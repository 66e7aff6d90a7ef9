"""The site's public address, for what leaves the site: QR codes, the sitemap, sharing tags.

PUBLIC_URL names it (https://kipp.kuduskab.go.id); without it, the address this request
came to (behind a proxy, PROXY_COUNT makes that the public one).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request

from dashboard.services import services
from data_access.i18n import DEFAULT_LANG


def public_base() -> str:
    """Return "https://host" with no trailing slash."""
    configured = services().settings.public_url
    return configured or request.host_url.rstrip("/")


def public_link(path: str) -> str:
    """Return the absolute public address of a path of this site ("/katalog" -> "https://...")."""
    return public_base() + (path if path.startswith("/") else f"/{path}")


def catalogue_link(edition_code: str, lang: str = DEFAULT_LANG) -> str:
    """Return the public address of an edition's catalogue page (its QR codes name it).

    In the reader's language: an English screen's code opens the English catalogue.
    """
    params = {"edisi": edition_code} | ({"lang": lang} if lang != DEFAULT_LANG else {})
    return public_link("/katalog?" + urlencode(params))
