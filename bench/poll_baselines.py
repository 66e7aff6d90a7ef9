"""The poll-cost baselines: three small WSGI apps answering `GET /api/versi` with the tick's JSON.

Served by bench/poll.py with the production command and settings (`gunicorn -c
gunicorn.conf.py bench.poll_baselines:...`), side by side with the app. Each returns the
same body as the app's tick without news, `{"badge":"Diperbarui pukul 10.05 WIB",
"version":123456}` and a newline (Flask's jsonify sorts the keys, as the app's fast path
writes them):

- `raw_app`: a bare WSGI callable, the least a Python server can do per request;
- `bare_flask()`: a Flask view returning it with jsonify, no session, no hook;
- `session_flask()`: a Flask view that first makes the check the app's tick makes on a
  warm worker (dashboard/poll.py): the signed session cookie read by Flask's own session
  interface, with the app's key, cookie name and lifetime (SECRET_KEY from the
  environment, as the app's settings read it), then its token looked up in the same
  per-worker memo of the live sessions, `data_access.users.live_sessions` read at most
  once per `SESSION_CHECK_S` from the same database (DATABASE_URL) through the app's own
  `AppServices` (its engine, pool and statement limit). The predicates are the app's own
  (`signed_in`, `session_live`). No cookie or an ended session gets 401 `{}`, as from the
  app. It does not read the data version (the app reads it once a second per worker too:
  one query a second, beside thousands of answers), and like the app's tick it never
  re-signs the cookie.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, jsonify, session

VERSION = 123456
BADGE = "Diperbarui pukul 10.05 WIB"
BODY = b'{"badge":"%s","version":%d}\n' % (BADGE.encode(), VERSION)


def raw_app(environ, start_response):
    """Answer every request with the tick's body: no framework at all."""
    if environ.get("PATH_INFO") == "/login":  # the harness's "is it up?" probe
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]
    start_response(
        "200 OK",
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(BODY))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [BODY]


def _flask() -> Flask:
    app = Flask(__name__)
    app.get("/login")(lambda: "ok")  # the harness's "is it up?" probe
    return app


def _answer(body: dict, status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def bare_flask() -> Flask:
    """Return a Flask app whose `GET /api/versi` returns the tick's JSON, nothing else."""
    app = _flask()

    @app.get("/api/versi")
    def version() -> Response:
        return _answer({"version": VERSION, "badge": BADGE}, 200)

    return app


def session_checked_flask() -> tuple[Flask, Callable[[], bool]]:
    """Return a Flask app set up to read the app's session cookie, and the check of it.

    The check is the one the app's tick (and a stored live answer) makes on a warm worker:
    the signed cookie read by Flask's own session interface with the app's key, cookie
    name and lifetime, its token looked up in a per-worker memo of the live sessions read
    at most once per `SESSION_CHECK_S` through the app's own `AppServices`.
    """
    # The app's modules (Dash and SQLAlchemy under them) are imported by these baselines
    # alone: the raw WSGI and bare Flask workers carry none of them, as their names say.
    from dashboard.auth import OUTSIDE_TRANSACTION
    from dashboard.memo import Memo
    from dashboard.poll import SESSION_CHECK_S, session_live, signed_in
    from dashboard.services import AppServices
    from data_access.settings import Settings
    from data_access.users import SESSION_LIFETIME, live_sessions

    settings = Settings.from_env()
    app = _flask()
    app.secret_key = settings.secret_key
    app.config.update(
        SESSION_COOKIE_NAME="kipp_session",
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        # Flask would re-sign and re-send a permanent session on every answer; the app's
        # tick never does (dashboard.poll.QuietTickSessions), and neither does this one.
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    shared = AppServices(settings)  # the engine made lazily, in each worker after the fork
    memo = Memo(SESSION_CHECK_S)

    def read_sessions() -> dict[str, tuple[int, str]]:
        with shared.session() as db:  # as dashboard.poll.read_sessions reads them
            return live_sessions(db.connection(execution_options=OUTSIDE_TRANSACTION))

    def live() -> bool:
        return signed_in(session) and session_live(session, memo.get(read_sessions))

    return app, live


def session_flask() -> Flask:
    """Return a Flask app whose `GET /api/versi` checks the session as the app's tick does."""
    app, live = session_checked_flask()

    @app.get("/api/versi")
    def version() -> Response:
        if not live():
            return _answer({}, 401)
        return _answer({"version": VERSION, "badge": BADGE}, 200)

    return app
