"""Dash callback bodies: refused without a session, or above CALLBACK_MAX_BYTES, before parsing.

Dash reads a callback's whole JSON body and builds its Python objects before any callback
(and so before `secure_callback`'s role check) runs: a 20 MB body sent anonymously grew a
worker by about 550 MB. A callback request is a small JSON document (the largest real one
on every page and the kiosk, measured in Chromium on the demo, is 1,070 bytes), and only a
signed-in browser or a ceremony screen ever sends one. So, for a POST to either Dash app's
`_dash-update-component`, a request hook right after the cross-site check (create_app
keeps the order)

- refuses a request whose signed session cookie names neither a user nor a screen (401,
  the body never read): the cookie's signature is all it checks, as the light tick does
  (dashboard/poll.py); the server-side session is still checked by `secure_callback`;
- refuses a body over CALLBACK_MAX_BYTES (413): by its Content-Length without reading
  it, and a chunked body (no length) after reading at most the limit plus one byte.
  What it read is kept for Dash, which reads the same bytes from the cache.

Both answers are the server's bilingual error answer (small JSON for Dash). The 20 MB
upload limit (IMPORT_MAX_BYTES) still applies to every other route.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from dash import Dash
from flask import Flask, current_app, request, session
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.auth import EVERYONE, KIOSK
from dashboard.security import DASH_UPDATE, error_answer
from data_access.settings import Settings

log = logging.getLogger(__name__)

CALLBACK_PATHS_KEY = "kipp_callback_paths"
CALLBACK_LIMIT_KEY = "kipp_callback_max_bytes"


def has_signed_session(data) -> bool:
    """Return True when a session's signed data names a user or a ceremony screen."""
    if data.get("role") in EVERYONE and isinstance(data.get("uid"), int):
        return True
    return data.get("role") == KIOSK and isinstance(data.get("kiosk"), int)


def gate_callbacks():
    """Refuse a Dash callback POST without a session or over the size limit, unread."""
    if request.method != "POST" or request.path not in current_app.extensions[CALLBACK_PATHS_KEY]:
        return None
    if not has_signed_session(session):
        return error_answer(401, "error.no_session")
    limit = current_app.extensions[CALLBACK_LIMIT_KEY]
    length = request.content_length
    if length is not None and length > limit:
        return _too_large(length, limit)
    if length is None:
        # Chunked: read at most limit + 1 bytes (werkzeug's stream stops there), and keep
        # them for Dash's own read of the body. One byte more than the limit: too large.
        request.max_content_length = limit + 1
        try:
            read = len(request.get_data(cache=True))
        except RequestEntityTooLarge:
            read = limit + 1
        if read > limit:
            return _too_large(None, limit)
    return None


def _too_large(length: int | None, limit: int):
    log.warning(
        "refused a callback body of %s bytes (limit %d) on %s",
        "unknown (chunked)" if length is None else length,
        limit,
        request.path,
    )
    response = error_answer(413, "error.too_large")
    # The rest of the body is not read: the connection is not reused for another request.
    response.headers["Connection"] = "close"
    return response


def init_app(server: Flask, settings: Settings, dash_apps: Sequence[Dash]) -> None:
    """Name the callback routes gate_callbacks watches (every Dash app's) and their limit."""
    server.extensions[CALLBACK_PATHS_KEY] = frozenset(
        dash_app.config.routes_pathname_prefix + DASH_UPDATE for dash_app in dash_apps
    )
    server.extensions[CALLBACK_LIMIT_KEY] = settings.callback_max_bytes
