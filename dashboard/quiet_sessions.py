"""Signed-cookie sessions that stay out of answers which are the same for every session.

Flask re-signs a permanent session's cookie on every answer and adds `Vary: Cookie`
whenever the session was read. On a static file (Dash's scripts, `assets/`, the icon)
that is about 330 bytes of Set-Cookie for nothing, and with a cookie that changes every
second the browser's cache never finds its copy again (the cookie it sends differs from
the one it stored the file under). These answers therefore carry neither:

- static files: no new cookie (unless the session really changed) and no `Vary: Cookie`;
- the ceremony screen's page, layout and callback map (no data, the same for every
  screen): no `Vary: Cookie`, so the screen keeps for offline use the copy it loaded
  (assets/kiosk/kiosk.js); the cookie is still refreshed, the page is `no-cache`.
- the live pages' tick (`/api/versi`, dashboard/poll.py), news stream
  (`/api/versi/alir`, dashboard/push.py) and stored answers (the same bytes for every
  viewer of a role, dashboard/stored_answers.py) never re-sign the cookie: the other
  Dash callbacks keep the session alive (a page's clock asks every minute).
- the public catalogue (/katalog..., /sitemap.xml, /robots.txt: dashboard/language.py's
  is_public_path; the same bytes for everyone, "public" for any cache): neither, whoever
  asks, a refusal included.

Only successful answers: a refusal or a redirect to /login does depend on the cookie.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin

from dashboard.auth import KIOSK_PATH
from dashboard.compression import COMPRESSION_KEY, Compression
from dashboard.language import is_public_path

# The tick and the news stream: a new cookie there would only be a few hundred bytes more.
TICK_ENDPOINTS = frozenset({"poll.version_poll", "push.news_stream"})
# Set in flask.g by an answer sent from stored bytes (dashboard/stored_answers.py).
STORED_ANSWER_FLAG = "kipp_stored_answer"
# The kiosk app's frame: what a screen keeps for offline use, the same for every screen.
KIOSK_FRAME = frozenset(
    {KIOSK_PATH, f"{KIOSK_PATH}/", f"{KIOSK_PATH}/_dash-layout", f"{KIOSK_PATH}/_dash-dependencies"}
)
KIOSK_PAGES = frozenset({KIOSK_PATH, f"{KIOSK_PATH}/"})


def is_static_file() -> bool:
    """Return True when this request asks for a file that is the same for everyone."""
    compression: Compression | None = current_app.extensions.get(COMPRESSION_KEY)
    return compression is not None and request.path.startswith(compression.prefixes)


class QuietSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, minus the cookie where an answer does not need it."""

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if not session.modified and (
            request.endpoint in TICK_ENDPOINTS
            or g.get(STORED_ANSWER_FLAG)
            or is_static_file()
            or is_public_path(request.path)
        ):
            return False
        return super().should_set_cookie(app, session)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        super().save_session(app, session, response)
        if is_public_path(request.path) or (
            response.status_code in (200, 304) and (request.path in KIOSK_FRAME or is_static_file())
        ):
            # Assigned, not removed in place: HeaderSet.remove leaves the header as it was.
            response.vary = [name for name in response.vary if name.lower() != "cookie"]
            if request.path in KIOSK_PAGES:
                # Checked with the server on every load; kept as it is for offline starts.
                response.headers["Cache-Control"] = "private, no-cache"
