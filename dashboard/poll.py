"""The live pages' light tick: "is there anything new?" answered without Dash or a query.

Every few seconds each open page asks `GET /api/versi` for the data version and the
"Diperbarui pukul 10.05 WIB" badge (assets/kipp-live.js, `kipp.poll`). Only when the
version differs from what the page shows does the browser call the page's Dash refresh
callback. A tick without news therefore costs one small Flask request:

- the version is read from the database at most once per VERSION_CACHE_MS (1 s by
  default) per worker, whatever the number of viewers; a page learns of a new score at
  most that much later than before (its interval is 5 s or more);
- the viewer is recognised from the signed session cookie and a per-worker memo of the
  live login sessions (token hash -> user and role, `users.live_sessions`), read at most
  once per SESSION_CHECK_S (1 s, or VERSION_CACHE_MS if shorter): no session lookup per
  tick, yet a session ended by logout, `users remove` or a changed role gets 401 within
  that second on every worker. A new login is seen by the ticks about a second after it
  (a page's first tick comes an interval after it loaded; a 401 tick would only be
  ignored by the page, whose next tick answers). The number says only that
  something changed; every figure still comes through the Dash callbacks, which check
  the server-side session each time;
- the badge text is formatted once per language and minute;
- the common case (a valid session cookie of a live session, and a version and the
  sessions read less than their memo's age ago) is answered by a small WSGI layer in
  front of Flask (`FastTick`), with the headers Flask gave its last full answer
  (Talisman's, no-store...), but without Flask's request context, hooks and session
  re-signing, which cost four times the answer itself. Everything else (no session, an
  ended one, a version or the sessions to read, a database error) goes through the
  Flask view, which also refreshes the memos and the replayed headers.

Answers: 200 `{"version": n, "badge": "..."}`; 200 `{"stale": true, "badge": "..."}`
while the database cannot be read (the page keeps its figures under the stale badge: an
expected state of the answer, not a failed request the browser logs as an error); 401
`{}` without a signed-in session, or with one that has ended.
"""

from __future__ import annotations

import json
import logging
import time
from typing import TypeVar
from urllib.parse import parse_qsl

from flask import Blueprint, Flask, Response, current_app, jsonify, request, session
from itsdangerous import BadSignature
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import parse_cookie

from dashboard.auth import EVERYONE
from dashboard.data import WATCH_MEMO_KEY, one_read, watched_numbers
from dashboard.memo import Memo
from dashboard.quiet_sessions import QuietSessions
from data_access.formatting import format_time
from data_access.i18n import normalize_lang, t
from data_access.models import utcnow
from data_access.users import live_sessions, session_token_hash

log = logging.getLogger(__name__)
T = TypeVar("T")

VERSION_PATH = "/api/versi"
poll = Blueprint("poll", __name__)
# The worker's memo of the data version (and the ceremonies' fingerprint), dashboard.data's:
# the ticks and the pages' refresh callbacks read the same number.
MEMO_KEY = WATCH_MEMO_KEY
SESSIONS_KEY = "kipp_sessions_memo"
# How long an ended session may still get a version: one query per worker and second.
SESSION_CHECK_S = 1.0


def read_sessions() -> dict[str, tuple[int, str]]:
    with one_read() as conn:  # one round trip, not a BEGIN and a ROLLBACK too
        return live_sessions(conn)


_badges: dict[tuple[str, int], str] = {}


def badge_text(lang: str) -> str:
    """Return "Diperbarui pukul 10.05 WIB" for now, formatted once per language and minute."""
    minute = int(time.time() // 60)
    key = (lang, minute)
    text = _badges.get(key)
    if text is None:
        text = t("home.updated_at", lang, time=format_time(utcnow(), lang=lang))
        if len(_badges) > 8:
            _badges.clear()
        _badges[key] = text
    return text


def signed_in(data: dict) -> bool:
    """Return True when a session's data is a signed-in user's (what the cookie can say)."""
    return data.get("role") in EVERYONE and isinstance(data.get("uid"), int)


def session_live(data: dict, sessions: dict[str, tuple[int, str]]) -> bool:
    """Return True when the session's token is a live session's, of the same user and role."""
    token = data.get("sid")
    if not isinstance(token, str):
        return False
    return sessions.get(session_token_hash(token)) == (data.get("uid"), data.get("role"))


def json_answer(body: dict, status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@poll.get(VERSION_PATH, endpoint="version_poll")
def version_answer() -> Response:
    """Answer a live page's tick: the data version and the badge, or why not."""
    if not signed_in(session):
        return json_answer({}, 401)
    lang = normalize_lang(request.args.get("lang"))
    try:
        sessions = current_app.extensions[SESSIONS_KEY].get(read_sessions)
        if not session_live(session, sessions):
            return json_answer({}, 401)  # logged out, removed, role changed or run out
        version = watched_numbers()[0]
    except SQLAlchemyError as exc:
        log.warning("version poll: database not readable: %s", getattr(exc, "orig", exc))
        return json_answer({"stale": True, "badge": t("live.stale", lang)}, 200)
    return json_answer({"version": version, "badge": badge_text(lang)}, 200)


# Headers of a full answer that the fast path must not replay: they belong to one answer.
NOT_REPLAYED = frozenset({"content-length", "set-cookie", "date"})


class FastTick:
    """WSGI layer answering a signed-in tick from memory; anything else goes to Flask.

    It sees only GET VERSION_PATH. The session cookie is checked with the very
    serializer Flask uses (signature and age), and its token must be among the live
    sessions; the version and the sessions must have been read within their memo's age.
    The headers are those of the last full 200 answer Flask gave.
    """

    def __init__(self, wsgi_app, server: Flask) -> None:
        self.wsgi_app = wsgi_app
        self.server = server
        self.memo: Memo = server.extensions[MEMO_KEY]
        self.sessions: Memo = server.extensions[SESSIONS_KEY]
        self.headers: list[tuple[str, str]] | None = None  # learnt from Flask's answers

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != VERSION_PATH or environ.get("REQUEST_METHOD") != "GET":
            return self.wsgi_app(environ, start_response)
        numbers, sessions = self.memo.fresh(), self.sessions.fresh()
        version = None if numbers is None else numbers[0]
        if (
            version is None
            or sessions is None
            or self.headers is None
            or not self._live(environ, sessions)
        ):
            # Flask answers: it reads what is due, or refuses an ended session (401).
            return self.wsgi_app(environ, self._learning(start_response))
        lang = normalize_lang(dict(parse_qsl(environ.get("QUERY_STRING", ""))).get("lang"))
        body = b'{"badge":%s,"version":%d}\n' % (
            _json_string(badge_text(lang)),
            version,
        )
        headers = [*self.headers, ("Content-Length", str(len(body)))]
        start_response("200 OK", headers)
        return [body]

    def _live(self, environ, sessions: dict[str, tuple[int, str]]) -> bool:
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        value = cookies.get(self.server.config["SESSION_COOKIE_NAME"])
        if not value:
            return False
        serializer = self.server.session_interface.get_signing_serializer(self.server)
        if serializer is None:
            return False
        max_age = int(self.server.permanent_session_lifetime.total_seconds())
        try:
            data = serializer.loads(value, max_age=max_age)
        except BadSignature:
            return False
        return isinstance(data, dict) and signed_in(data) and session_live(data, sessions)

    def _learning(self, start_response):
        """Wrap start_response to keep the headers of Flask's 200 answers for the fast path."""

        def start(status, headers, exc_info=None):
            if status.startswith("200"):
                self.headers = [(k, v) for k, v in headers if k.lower() not in NOT_REPLAYED]
            return start_response(status, headers, exc_info)

        return start


def _json_string(text: str) -> bytes:
    return json.dumps(text).encode()  # ASCII with escapes, as Flask's jsonify writes it


def forget_sessions() -> None:
    """Make this worker read the live sessions again at once: some just ended here (the
    other workers read them within SESSION_CHECK_S)."""
    memo = current_app.extensions.get(SESSIONS_KEY)
    if memo is not None:
        memo.forget()


def init_app(server: Flask, max_age_s: float) -> None:
    """Keep the session memo, and sessions that a tick never re-signs (the version memo is
    dashboard.data's, made by its init_app).

    The view is the `poll` blueprint's; FastTick goes in front of the server last
    (create_app).
    """
    server.extensions[SESSIONS_KEY] = Memo(min(max_age_s, SESSION_CHECK_S))
    # Not re-signed and re-sent on every tick: the Dash callbacks keep the session alive.
    server.session_interface = QuietSessions()
