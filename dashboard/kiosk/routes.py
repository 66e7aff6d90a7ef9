"""The ceremony screen's Flask routes (blueprint "kiosk"): its page, state poll, photos, worker.

- GET /kiosk: the page, for the address screens are given (Dash serves /kiosk/);
- GET /kiosk/api/state: what kiosk.js polls, tiny reads only: the version of what the
  screen should show ("data version-ceremony revision") and the deployment's build, and
  now and then, the screen's "what I show" for the control page's list;
- GET /kiosk/photo/<id>: an innovation's photo, to a screen only once its award is revealed;
- GET /kiosk/logo/<kind>: the regency's or the competition's logo of the screen's edition;
- GET /kiosk-sw.js: the service worker, from the root so that it may look after /kiosk.
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Blueprint, Response, current_app, jsonify, request, send_file
from flask.blueprints import BlueprintSetupState

from dashboard import data, screen_data
from dashboard.auth import ADMIN, KIOSK_AUDIENCE, KIOSK_PATH, has_role, kiosk_screen_id
from dashboard.build import build_id
from dashboard.kiosk.frame import frame_stamp
from dashboard.kiosk.page import KIOSK_ASSETS

log = logging.getLogger(__name__)
# The kiosk Dash app of the server, for the page at /kiosk (set by create_kiosk_app).
KIOSK_APP_KEY = "kipp_kiosk_app"
PRESENCE_KEY = "kipp_kiosk_presence"
# A screen's "what I show" is written at most this often per screen and worker, unless it changed.
PRESENCE_EVERY_S = 5.0
# kiosk.js gives up on a state poll after 4 s: the database gets 3 s to answer it.
STATE_STATEMENT_MS = 3000

bp = Blueprint("kiosk", __name__)


class Presence:
    """What each screen's poll last wrote, in this worker: so that it is not written every poll."""

    def __init__(self) -> None:
        self._written: dict[int, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def due(self, screen_id: int, shown: str, now: float) -> bool:
        """Return True when the screen shows something else, or its last write is old."""
        with self._lock:
            last = self._written.get(screen_id)
        return last is None or last[0] != shown or now - last[1] >= PRESENCE_EVERY_S

    def written(self, screen_id: int, shown: str, now: float) -> None:
        """Remember a write that went through (a deferred one is tried at the next poll)."""
        with self._lock:
            self._written[screen_id] = (shown, now)


@bp.record_once
def _own_presence(state: BlueprintSetupState) -> None:
    # Each app its own: screen ids repeat from one database (one app) to the next.
    state.app.extensions[PRESENCE_KEY] = Presence()


def _no_store(response: Response, status: int) -> Response:
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def image_answer(found: tuple[str, bytes] | None) -> Response:
    """Return a stored image (type, bytes) never cached nor sniffed, or a 404 for None."""
    if found is None:
        return _no_store(Response(status=404), 404)
    content_type, body = found
    response = Response(body, mimetype=content_type)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get(KIOSK_PATH)
def index():
    """Serve the kiosk page at /kiosk, without the slash Dash's own address has."""
    return current_app.extensions[KIOSK_APP_KEY].index()


@bp.get(f"{KIOSK_PATH}/api/state")
def state():
    """Answer a screen's poll: the version of what it should show, and the deployment."""
    if not has_role(KIOSK_AUDIENCE):
        return _no_store(jsonify(error="unauthorized"), 401)
    shown = (request.args.get("shown") or "")[:60]
    screen_id = kiosk_screen_id()
    try:
        seen = data.watch_screen(
            request.args.get("edition") or None, screen_id, limit_ms=STATE_STATEMENT_MS
        )
    except data.DatabaseProblem as exc:
        log.warning("kiosk state: database not readable: %s", getattr(exc, "orig", None) or exc)
        return _no_store(jsonify(error="database"), 503)
    if screen_id is not None and shown:
        presence: Presence = current_app.extensions[PRESENCE_KEY]
        now = time.monotonic()
        if presence.due(screen_id, shown, now):
            if screen_data.record_presence(screen_id, shown, seen.edition):
                presence.written(screen_id, shown, now)
            else:
                log.debug("kiosk presence deferred (database busy)")
    body = {
        "v": frame_stamp(seen.version, seen.revision or 0, bool(seen.catalogue)),
        "build": build_id(),
        "t": int(time.time() * 1000),
    }
    return _no_store(jsonify(body), 200)


@bp.get(f"{KIOSK_PATH}/photo/<int:innovation_id>")
def photo(innovation_id: int):
    """Send an innovation's photo, to a screen only once its award is revealed."""
    if not has_role(KIOSK_AUDIENCE):
        return _no_store(Response(status=401), 401)
    try:
        found = screen_data.photo(innovation_id, any_photo=has_role({ADMIN}))
    except data.DatabaseProblem:
        return _no_store(Response(status=503), 503)
    return image_answer(found)


@bp.get(f"{KIOSK_PATH}/logo/<kind>")
def logo(kind: str):
    """Send a logo of the edition the screen shows (a screen's own; never the letterhead)."""
    if not has_role(KIOSK_AUDIENCE):
        return _no_store(Response(status=401), 401)
    try:
        found = screen_data.logo(request.args.get("edition") or None, kiosk_screen_id(), kind)
    except data.DatabaseProblem:
        return _no_store(Response(status=503), 503)
    # As a photo: fresh from the server, never kept by the worker (its address changes with
    # the logo, and an image already on screen stays there while the server is away).
    return image_answer(found)


@bp.get("/kiosk-sw.js")
def service_worker():
    """Serve the kiosk's service worker from the root, so it may look after /kiosk."""
    response = send_file(KIOSK_ASSETS / "kiosk-sw.js", mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response
