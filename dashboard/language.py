"""The reader's language, remembered: a page opened without ``?lang=`` is in the last one
chosen on this browser.

Every page takes its language from its address (``?lang=en``; Indonesian without one), so
links carry it and a shared link reads the same for everyone. What a person chooses (the
ID / EN switch, or any address with ``?lang=``) is also kept in a small cookie; a page
asked for later without a language is sent to its address in that one. The cookie is set
only when the choice changes, so the stored answers of the live pages (the same bytes
for every viewer) carry none. A ceremony screen's language is its link's alone, and so
is the public catalogue's (/katalog...): its answers read no cookie and set none, so
every reader of an address gets the same page, and any cache may keep it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, redirect, request
from werkzeug.wrappers import Response

from dashboard.auth import KIOSK_PATH, LOGIN_PATH, PAGE_ROLES_KEY
from dashboard.query import explicit_lang
from data_access.i18n import DEFAULT_LANG, LANGUAGES

COOKIE = "kipp_lang"
COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60
# The public catalogue's addresses (dashboard/catalogue_routes.py, its open data, and what
# search engines read): anonymous, the same bytes for every reader, cached by any proxy.
# Their answers set no cookie, and their language is their address's alone (like /kiosk).
CATALOGUE_PREFIX = "/katalog"
PUBLIC_PATHS = ("/sitemap.xml", "/robots.txt")


def is_public_path(path: str) -> bool:
    """Return True for an address of the public catalogue (/katalog, /katalog/..., .csv, ...)."""
    return (
        path == CATALOGUE_PREFIX
        or path.startswith((f"{CATALOGUE_PREFIX}/", f"{CATALOGUE_PREFIX}."))
        or path in PUBLIC_PATHS
    )


def remembered() -> str | None:
    """Return the language this browser chose before (None: never, or not one we speak)."""
    value = request.cookies.get(COOKIE)
    return value if value in LANGUAGES else None


def to_remembered_language():
    """Send a page asked for without ``?lang=`` to its address in the remembered language."""
    if request.method not in ("GET", "HEAD") or "lang" in request.args:
        return None
    if is_public_path(request.path):
        return None
    chosen = remembered()
    if chosen is None or chosen == DEFAULT_LANG:
        return None
    pages = current_app.extensions.get(PAGE_ROLES_KEY, {})
    path = request.path.rstrip("/") or "/"
    if (path not in pages and path != LOGIN_PATH) or path == KIOSK_PATH:
        return None
    query = urlencode([*request.args.items(multi=True), ("lang", chosen)], safe="/")
    answer = redirect(f"{request.path}?{query}", code=302)
    answer.headers["Cache-Control"] = "no-store"
    answer.headers["Vary"] = "Cookie"
    return answer


# A Dash callback's body is read for its language only up to this size (its own limits
# refused larger ones before; an answer of 400 and above is never looked into).
LANGUAGE_BODY_MAX = 64 * 1024


def keep_language(response: Response) -> Response:
    """Remember a language the reader chose (by address), when it is a new choice."""
    if response.status_code >= 400 or (request.content_length or 0) > LANGUAGE_BODY_MAX:
        return response
    if is_public_path(request.path):
        return response
    chosen = explicit_lang()
    if chosen is not None and chosen != remembered():
        response.set_cookie(
            COOKIE,
            chosen,
            max_age=COOKIE_MAX_AGE_S,
            samesite="Lax",
            httponly=True,
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        )
    return response
