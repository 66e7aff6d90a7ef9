"""The ceremony screen: /kiosk, its own small Dash app on the same server.

A TV in the hall needs no navbar, no plotly.js and no login prompt, so the kiosk is a
second Dash app mounted at /kiosk/ beside the dashboard (same Flask server, sessions
and callback guard). Its moving parts:

- the page itself is static: the clock, the "Diperbarui pukul" badge and the
  "menyambung ulang…" notice are plain HTML that kiosk.js owns, so they keep working
  when the server is away;
- kiosk.js polls GET /kiosk/api/state (tiny reads: data version, the screen's edition and
  its ceremony revision) and, only when that changed, asks the frame callback for new
  slides;
- a display token's screen shows the edition its token belongs to (data_access.kiosks);
  a preview by a logged-in user shows `?edition=` or the default edition;
- the frame callback builds the slides, or the reveal screen, from
  `data_access.ceremony.public_view`, which holds only the winners already revealed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from dash import Dash, Input, Output, dcc, html
from dash.exceptions import PreventUpdate
from flask import Flask, Response, jsonify, request, send_file
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from dashboard import ids
from dashboard.auth import (
    ADMIN,
    KIOSK_AUDIENCE,
    KIOSK_PATH,
    has_role,
    kiosk_screen_id,
    protect_page,
    secure_callback,
)
from dashboard.build import build_id
from dashboard.i18n import normalize_lang, t
from dashboard.kiosk import slides
from dashboard.live import cache, overview, participation, report, resolve_edition
from dashboard.services import services
from dashboard.shared_cache import memoize_once
from data_access import ceremony, kiosks, queries
from data_access.ceremony import CeremonySettings, PublicView, parse_slides
from data_access.db import limit_statements
from data_access.editions import watch_numbers
from data_access.models import Innovation, Unit, utcnow

log = logging.getLogger(__name__)
PROJECT = Path(__file__).resolve().parents[2]
KIOSK_ASSETS = PROJECT / "assets" / "kiosk"
# A screen's "what I show" is written at most this often per screen and worker, unless it changed.
PRESENCE_EVERY_S = 5.0
# A screen not heard of for this long counts as disconnected on the control page.
CONNECTED_WITHIN_S = 10


INDEX_STRING = """<!DOCTYPE html>
<html lang="{%lang%}" data-theme="dark">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body class="kiosk-body">
        <div class="kiosk-stage-area">
            <div class="kiosk-standby" id="kiosk-standby">
                <p class="kiosk-standby-brand">{%brand%}</p>
                <p class="kiosk-standby-text">{%standby%}</p>
            </div>
            {%app_entry%}
        </div>
        <div class="kiosk-bar">
            <div class="kiosk-bar-brand">
                <span class="kiosk-bar-name">{%brand%}</span>
            </div>
            <div class="kiosk-bar-right">
                <span class="kiosk-updated" id="kiosk-updated"></span>
                <span class="kiosk-clock" id="kiosk-clock"></span>
            </div>
        </div>
        <div class="kiosk-reconnect" id="kiosk-reconnect" hidden>{%reconnecting%}</div>
        <script type="application/json" id="kiosk-config">{%kiosk_config%}</script>
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


class KioskDash(Dash):
    """A Dash app whose page carries the kiosk's static parts in the viewer's language."""

    build = ""

    def interpolate_index(self, **kwargs) -> str:
        html_text = super().interpolate_index(**kwargs)
        lang = normalize_lang(request.args.get("lang"))
        config = {
            "poll": services().settings.kiosk_poll_ms,
            "build": self.build,
            "lang": lang,
            "updated": t("kiosk.updated", lang),
        }
        # "</" never appears in JSON from json.dumps of these values after this escape.
        config_text = json.dumps(config).replace("</", "<\\/")
        values = {
            "lang": lang,
            "brand": t("kiosk.brand", lang),
            "brand_sub": t("kiosk.brand_sub", lang),
            "standby": t("kiosk.standby", lang),
            "reconnecting": t("kiosk.reconnecting", lang),
        }
        for key, value in values.items():
            html_text = html_text.replace("{%" + key + "%}", str(escape(value)))
        return html_text.replace("{%kiosk_config%}", config_text)


def layout() -> html.Div:
    """Return the kiosk's Dash layout: a signal from kiosk.js and the frame. No data."""
    return html.Div(
        [dcc.Store(id=ids.KIOSK_SIGNAL), html.Div(id=ids.KIOSK_FRAME, className="kiosk-frame")],
        className="kiosk-app",
    )


# ---------------------------------------------------------------- data for the slides
def _search_params(search: str) -> dict[str, str]:
    parsed = parse_qs(search.lstrip("?"), keep_blank_values=False)
    return {key: values[0] for key, values in parsed.items() if values}


@memoize_once(cache)
def finalists(code: str, version: int, approval: int | None) -> list[slides.Finalist]:
    """Return the finalists (approved ones once approved), with their units' names."""
    with services().session() as db:
        state = ceremony.get_state(db, code)
        if state.snapshot is not None:
            return [
                slides.Finalist(row["title"], row["unit_name"])
                for row in state.snapshot.rows
                if row["finalist"]
            ]
        ids_ = report(code, version).finalist_ids
        edition = queries.get_edition(db, code)
        rows = db.execute(
            select(Innovation.title, Unit.name)
            .join(Unit, Unit.id == Innovation.unit_id)
            .where(Innovation.edition_id == edition.id, Innovation.id.in_(ids_))
        )
        return [slides.Finalist(title, unit) for title, unit in rows]


def _countdown_target(edition: queries.EditionInfo, settings: CeremonySettings) -> datetime | None:
    if edition.ceremony_date is None:
        return None
    hours, minutes = (int(part) for part in settings.ceremony_time.split(":"))
    local = datetime.combine(edition.ceremony_date, datetime.min.time()).replace(
        hour=hours, minute=minutes, tzinfo=ZoneInfo(edition.timezone)
    )
    # Half a day after the start the countdown has nothing left to say.
    return local if utcnow() < local + timedelta(hours=12) else None


def rotation(
    code: str,
    version: int,
    view: PublicView,
    edition: queries.EditionInfo,
    spec: str | None,
    lang: str,
) -> list:
    """Return the slides of the rotation, in order, for the settings or the URL's ?slides=."""
    chosen = view.settings.slides
    if spec:
        # A mistyped URL falls back to the committee's settings, never an error.
        with contextlib.suppress(ceremony.CeremonyError):
            chosen = parse_slides(spec)
    built = []
    for name, seconds in chosen:
        if name == "progress":
            edition_report = report(code, version)
            facts = overview(code, version)
            built.append(
                slides.progress_slide(
                    edition_report.progress.stages,
                    facts.jurors
                    if facts
                    else len({j.juror_id for j in edition_report.progress.jurors}),
                    seconds=seconds,
                    lang=lang,
                )
            )
        elif name == "participation":
            built.append(
                slides.participation_slide(participation(code, version), seconds=seconds, lang=lang)
            )
        elif name == "finalists":
            # Keyed by the ceremony revision once approved: the snapshot's finalists then.
            approval = view.revision if view.approved else None
            built.append(
                slides.finalists_slide(
                    finalists(code, version, approval),
                    seconds=seconds,
                    lang=lang,
                )
            )
        elif name == "countdown":
            target = _countdown_target(edition, view.settings)
            if target is not None:
                built.append(slides.countdown_slide(target, seconds=seconds, lang=lang))
    # Nothing left to rotate (say, only a countdown that has passed): show the edition.
    return built or [slides.edition_slide(edition.name, lang=lang)]


def frame(signal: dict) -> html.Div:
    """Return the kiosk's frame for a signal from kiosk.js, or raise PreventUpdate."""
    params = _search_params(str(signal.get("search") or ""))
    lang = normalize_lang(params.get("lang"))
    with services().session() as db:
        version, choice = _watch(db, params.get("edition") or None)
    if choice is None:
        content = [
            slides.slide("empty", 0, [html.P(t("kiosk.no_edition", lang), className="kiosk-empty")])
        ]
        return html.Div(
            content, className="kiosk-frame-inner", **{"data-frame-version": f"{version}-0"}
        )
    with services().session() as db:
        view = ceremony.public_view(db, choice)
        edition = queries.get_edition(db, choice)
    stamp = f"{version}-{view.revision}"
    if view.reveal_mode:
        content = [slides.reveal_screen(view, edition.name, lang=lang)]
    else:
        content = rotation(choice, version, view, edition, params.get("slides"), lang)
    return html.Div(
        content,
        className="kiosk-frame-inner" + (" is-reveal" if view.reveal_mode else ""),
        **{"data-frame-version": stamp, "data-step": view.step, "data-tz": edition.timezone},
    )


def _watch(db, asked: str | None) -> tuple[int, str | None]:
    """Return the data version and the edition this request's screen shows (or None).

    A display token's screen shows its own edition: a `?edition=` in its address is
    ignored, so no URL and no later import moves a hall's screen to another ceremony. A
    token without an edition (made before migration 0006 among several editions) and a
    logged-in preview without `?edition=` show the default edition
    (data_access.editions); a preview may name any edition.
    """
    version, ceremonies = watch_numbers(db)
    screen_id = kiosk_screen_id()
    if screen_id is not None:
        screen = kiosks.get_screen(db, screen_id)
        if screen is not None and screen.bound_edition is not None:
            return version, screen.bound_edition
        asked = None
    choice = resolve_edition(asked, version, ceremonies)
    return version, choice.code if choice else None


# ---------------------------------------------------------------- routes
_presence: dict[int, tuple[str, float]] = {}
_presence_lock = threading.Lock()


def _record_presence(db, screen_id: int, shown: str, code: str | None) -> None:
    now = time.monotonic()
    with _presence_lock:
        last = _presence.get(screen_id)
        if last is not None and last[0] == shown and now - last[1] < PRESENCE_EVERY_S:
            return
    kiosks.record_seen(db, screen_id, shown=shown, edition_code=code)
    db.commit()
    # Remembered only once written: a write skipped for a busy database is tried next poll.
    with _presence_lock:
        _presence[screen_id] = (shown, now)


# kiosk.js gives up on a state poll after 4 s: the database gets 3 s to answer it.
STATE_STATEMENT_MS = 3000


def state():
    """Answer a screen's poll: the version of what it should show, and the deployment."""
    if not has_role(KIOSK_AUDIENCE):
        return _no_store(jsonify(error="unauthorized"), 401)
    code = request.args.get("edition") or None
    shown = (request.args.get("shown") or "")[:60]
    try:
        with services().session() as db:
            limit_statements(db, STATE_STATEMENT_MS)
            version, choice = _watch(db, code)
            revision = ceremony.ceremony_revision(db, choice) if choice else 0
            screen_id = kiosk_screen_id()
            if screen_id is not None and shown:
                try:
                    _record_presence(db, screen_id, shown, choice)
                except SQLAlchemyError as exc:  # a busy database must not cost the screen its frame
                    db.rollback()
                    log.debug("kiosk presence deferred (database busy): %s", type(exc).__name__)
    except SQLAlchemyError as exc:
        log.warning("kiosk state: database not readable: %s", getattr(exc, "orig", None) or exc)
        return _no_store(jsonify(error="database"), 503)
    body = {"v": f"{version}-{revision}", "build": KioskDash.build, "t": int(time.time() * 1000)}
    return _no_store(jsonify(body), 200)


def _no_store(response: Response, status: int) -> Response:
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def photo(innovation_id: int):
    """Send an innovation's photo, to a screen only once its award is revealed."""
    if not has_role(KIOSK_AUDIENCE):
        return _no_store(Response(status=401), 401)
    try:
        with services().session() as db:
            code = db.execute(
                select(queries.Edition.code)
                .join(Innovation, Innovation.edition_id == queries.Edition.id)
                .where(Innovation.id == innovation_id)
            ).scalar_one_or_none()
            allowed = code is not None and (
                has_role({ADMIN}) or innovation_id in ceremony.revealed_innovation_ids(db, code)
            )
            found = ceremony.get_photo(db, innovation_id) if allowed else None
    except SQLAlchemyError:
        return _no_store(Response(status=503), 503)
    if found is None:
        return _no_store(Response(status=404), 404)
    content_type, data = found
    response = Response(data, mimetype=content_type)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def service_worker():
    """Serve the kiosk's service worker from the root, so it may look after /kiosk."""
    response = send_file(KIOSK_ASSETS / "kiosk-sw.js", mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


def create_kiosk_app(server: Flask) -> Dash:
    """Mount the kiosk app on the dashboard's server and return it."""
    app = KioskDash(
        "kiosk",
        server=server,
        url_base_pathname=f"{KIOSK_PATH}/",
        assets_folder=str(KIOSK_ASSETS),
        assets_ignore=r"kiosk-sw\.js",  # served from the root by service_worker()
        serve_locally=True,
        title=t("kiosk.title"),
        update_title=None,
        index_string=INDEX_STRING,
    )
    KioskDash.build = build_id()
    app.layout = layout
    protect_page(server, KIOSK_PATH, KIOSK_AUDIENCE)
    # /kiosk without the slash is the address screens are given: serve the same page.
    server.add_url_rule(KIOSK_PATH, "kiosk_index", app.index)
    server.add_url_rule(f"{KIOSK_PATH}/api/state", "kiosk_state", state)
    server.add_url_rule(f"{KIOSK_PATH}/photo/<int:innovation_id>", "kiosk_photo", photo)
    server.add_url_rule("/kiosk-sw.js", "kiosk_sw", service_worker)

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
        except SQLAlchemyError as exc:
            # The screen keeps its last good frame; kiosk.js asks again shortly.
            log.warning("kiosk frame: database not readable: %s", getattr(exc, "orig", None) or exc)
            raise PreventUpdate from exc

    return app


def connected_screens(now: datetime | None = None) -> list[tuple[kiosks.Screen, bool]]:
    """Return every registered screen and whether it was heard of in the last seconds."""
    now = now or utcnow()
    with services().session() as db:
        screens = kiosks.list_screens(db)
    return [
        (
            screen,
            screen.last_seen_at is not None
            and (now - screen.last_seen_at).total_seconds() <= CONNECTED_WITHIN_S,
        )
        for screen in screens
    ]
