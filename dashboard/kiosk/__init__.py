"""The ceremony screen: /kiosk, its own small Dash app on the same server.

A TV in the hall needs no navbar, no plotly.js and no login prompt, so the kiosk is a
second Dash app mounted at /kiosk/ beside the dashboard (same Flask server, sessions
and callback guard). Its parts, one job each:

- page.py: the static HTML around the app (clock, badge, "menyambung ulang…"), which
  kiosk.js owns so that it keeps working while the server is away;
- routes.py: the blueprint kiosk.js talks to: GET /kiosk/api/state (tiny reads: data
  version, the screen's edition and its ceremony revision), photos, the service worker;
- frame.py: the slides or the reveal's screen, built only when that state changed;
- slides.py: the rotation's slides, from plain data; winners.py: the reveal's screens and
  the catalogue's slide after it;
- this factory, which mounts them and wires the one frame callback.

Which edition a screen shows, and everything it reads, comes from dashboard/data.py.
"""

from __future__ import annotations

import logging

from dash import Dash, Input, Output
from dash.exceptions import PreventUpdate
from flask import Flask

from dashboard import data, ids
from dashboard.auth import KIOSK_AUDIENCE, KIOSK_PATH, protect_page, secure_callback
from dashboard.kiosk import routes
from dashboard.kiosk.frame import frame, frame_key
from dashboard.kiosk.page import INDEX_STRING, KIOSK_ASSETS, KioskDash, layout
from dashboard.stored_answers import LivePart, register_part
from data_access.i18n import t

log = logging.getLogger(__name__)


def create_kiosk_app(server: Flask) -> Dash:
    """Mount the kiosk app and its routes on the dashboard's server and return the app."""
    app = KioskDash(
        "kiosk",
        server=server,
        url_base_pathname=f"{KIOSK_PATH}/",
        assets_folder=str(KIOSK_ASSETS),
        assets_ignore=r"kiosk-sw\.js",  # served from the root by routes.service_worker
        serve_locally=True,
        title=t("kiosk.title"),
        update_title=None,
        index_string=INDEX_STRING,
    )
    app.layout = layout
    protect_page(server, KIOSK_PATH, KIOSK_AUDIENCE)
    server.extensions[routes.KIOSK_APP_KEY] = app
    server.register_blueprint(routes.bp)

    before = set(app.callback_map)

    @secure_callback(
        app,
        Output(ids.KIOSK_FRAME, "children"),
        Input(ids.KIOSK_SIGNAL, "data"),
        roles=KIOSK_AUDIENCE,
        prevent_initial_call=True,
    )
    def render_frame(signal):
        """Build the slides (or the reveal's screen) when kiosk.js saw a new version."""
        if not isinstance(signal, dict):
            raise PreventUpdate
        try:
            return frame(signal)
        except data.DatabaseProblem as exc:
            # The screen keeps its last good frame; kiosk.js asks again shortly.
            log.warning("kiosk frame: database not readable: %s", getattr(exc, "orig", None) or exc)
            raise PreventUpdate from exc

    # Twenty screens asking for one new frame get it drawn and encoded once.
    (output,) = set(app.callback_map) - before
    part = LivePart(ids.KIOSK_FRAME, frozenset(KIOSK_AUDIENCE), frame_key)
    register_part(server, app.config.routes_pathname_prefix, output, part)
    return app
