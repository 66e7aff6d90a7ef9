"""The live page pattern: an interval, a data-version check, and content only when it changed.

Every live page has the same parts (ids in dashboard/ids.py): a Location, an Interval, a
Store remembering what the browser already shows, a wake-up Store that the visibility
script pokes when the tab comes back, a trigger Store, and the content. Each tick of the
Interval runs in the browser (`kipp.poll` in assets/kipp-live.js): it asks the light
`GET /api/versi` (dashboard/poll.py) for the data version and the "Diperbarui pukul"
badge, and only when that version differs from the one shown does it set the trigger,
which calls the page's Dash refresh callback. That callback sends new content only when
the data version, the URL or the language changed; otherwise it only refreshes the badge.

What a refresh reads first is the page's *watch* (dashboard/data.py): the data version,
for some pages the ceremony revision or the hour too, and the edition the URL names,
resolved there once and handed to the page's render. A page whose content moves with
more than the data version (an approval, the hour) and that few people open (/ringkasan)
lets every tick ask the server instead of the light version poll.

Nothing a part does wrong reaches the browser as an error: a database that cannot be
read keeps the last content under a "stale" badge, and any other failure (a bug in one
builder) is logged here with its traceback while the part shows a short bilingual
notice; the page's other callbacks go on, and the part is tried again on the next tick.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate
from flask import g
from sqlalchemy.exc import SQLAlchemyError

from dashboard import components
from dashboard.auth import secure_callback
from dashboard.data import EditionRef, Watch, catch_up, watch_version
from dashboard.query import edition_from_search, lang_from_search
from dashboard.services import services
from dashboard.stored_answers import (
    SHOWN_FLAG,
    SHOWN_VERSION_FLAG,
    LivePart,
    page_keyer,
    register_part,
    shown_key,
    watched_in_request,
)
from data_access.formatting import format_time
from data_access.i18n import normalize_lang, t
from data_access.models import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveIds:
    """The ids of one live page's parts."""

    url: str
    interval: str
    shown: str
    wake: str
    status: str
    content: str

    @property
    def trigger(self) -> str:
        """The Store the browser's tick sets when the server has a newer data version."""
        return f"{self.interval}-trigger"

    @property
    def clock(self) -> str:
        """The once-a-minute Interval that redraws the page's clock-driven parts."""
        return f"{self.interval}-clock"


Renderer = Callable[..., Component]  # (edition, version, lang[, ceremony revision])
Watcher = Callable[[str | None], Watch]  # the edition code the URL names -> what is due


def refresh_ms(refresh: str | None) -> int:
    """Return the refresh interval in ms: ?refresh= seconds or the setting, above the floor."""
    settings = services().settings
    seconds = settings.refresh_interval_s
    if refresh and refresh.strip().isdigit():
        seconds = int(refresh)
    return 1000 * max(seconds, settings.refresh_floor_s)


CLOCK_MS = 60_000


def live_layout(page: LiveIds, *, refresh: str | None = None, lang: str | None = None) -> Component:
    """Return a live page's empty frame: the refresh machinery and a loading placeholder."""
    return html.Div(
        [
            dcc.Location(id=page.url, refresh=False),
            dcc.Interval(id=page.interval, interval=refresh_ms(refresh)),
            dcc.Store(id=page.shown),
            dcc.Store(id=page.wake),
            dcc.Store(id=page.trigger),
            # Countdowns and timelines read minutes: a redraw a minute, not one per tick.
            dcc.Interval(id=page.clock, interval=CLOCK_MS),
            html.Div(id=page.status, className="kipp-status"),
            html.Div(
                components.loading(lang=normalize_lang(lang)),
                id=page.content,
                **{"aria-live": "polite"},
            ),
        ],
        className="kipp-live-page",
    )


def updated_badge(*, lang: str, stale: bool = False) -> Component:
    """Return the "Diperbarui pukul 10.05 WIB" badge, or a warning when data could not be read."""
    if stale:
        return html.Span(t("live.stale", lang), className="kipp-updated kipp-updated-stale")
    text = t("home.updated_at", lang, time=format_time(utcnow(), lang=lang))
    return html.Span(text, className="kipp-updated")


class RenderCache:
    """A page's rendered content per (edition, data version, language, minute), per process.

    When the jury saves a sheet, every open page asks for new content within one
    interval; without this each of them would build the same components again (tens of
    ms of CPU each, a burst that queues the cheap ticks behind it). The components are
    only read afterwards (Dash serialises them), so one object serves every request.
    The minute keeps figures that depend on the time (pace, "x days left") from being
    served stale to a page opened later; the content never depends on the viewer.
    """

    # A few entries only: the burst after a data change all asks for the newest one, and a
    # national page's components weigh megabytes (a fresh version replaces the oldest).
    def __init__(self, render: Renderer, size: int = 4) -> None:
        self.render = render
        self.size = size
        self._items: OrderedDict[tuple, Component] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, edition: EditionRef, version: int, lang: str, *extra: int) -> Component:
        key = (edition.code, version, lang, *extra, int(time.time() // 60))
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        content = self.render(edition, version, lang, *extra)  # outside the lock: others may read
        with self._lock:
            self._items[key] = content
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return content


def register_live_page(
    app: Dash,
    page: LiveIds,
    *,
    roles: Iterable[str],
    render: Renderer,
    watch: Watcher = watch_version,
    every_tick: bool = False,
    shared: bool = True,
    stored: bool | None = None,
) -> None:
    """Wire a live page: visibility pause, and the refresh callback secured for the roles.

    `watch` reads what the content depends on (data.watch_version, data.watch_ceremony, or
    the page's own); a revision it reads is render's fourth argument. With `every_tick`
    each tick runs the refresh on the server, for content that the data version alone
    cannot say is due. `shared` content (the same for every viewer) is built once per
    data version and minute for all of them (RenderCache); else per request. `stored`
    (by default when shared) answers are encoded once per what the watch reads, role,
    query and minute, and sent to every viewer as stored bytes (dashboard/stored_answers.py):
    only for content drawn from nothing else.
    """
    build = RenderCache(render) if shared else render
    # A page that polls gives its trigger's id: the tab's news stream sets it (kipp-live.js).
    news = () if every_tick else (State(page.trigger, "id"), State(page.status, "id"))
    app.clientside_callback(
        ClientsideFunction("kipp", "watchVisibility"),
        Output(page.interval, "disabled"),
        Input(page.interval, "id"),
        State(page.wake, "id"),
        *news,
    )
    if every_tick:
        tick = Input(page.interval, "n_intervals")
    else:
        tick = Input(page.trigger, "data")
        # The tick itself: GET /api/versi from the browser; the trigger only when it moved.
        app.clientside_callback(
            ClientsideFunction("kipp", "poll"),
            Output(page.trigger, "data"),
            Output(page.status, "children", allow_duplicate=True),
            Input(page.interval, "n_intervals"),
            State(page.url, "search"),
            State(page.shown, "data"),
            State(page.interval, "id"),
            State(page.trigger, "id"),
            prevent_initial_call=True,
        )

    before = set(app.callback_map)

    @secure_callback(
        app,
        Output(page.content, "children"),
        Output(page.status, "children"),
        Output(page.shown, "data"),
        tick,
        Input(page.wake, "data"),
        Input(page.url, "search"),
        State(page.shown, "data"),
        roles=roles,
    )
    def refresh_live_page(tick, _wake, search, shown):
        """Send new content when what the page watches or the URL changed; else only the badge."""
        lang = lang_from_search(search)
        catch_up(tick.get("version") if isinstance(tick, dict) else None)
        try:
            return _refresh(page, build, watch, search, shown, lang)
        except PreventUpdate:
            raise
        except Exception:
            # Not stored as shown: the next tick tries this version again.
            g.pop(SHOWN_VERSION_FLAG, None)
            return _part_problem(page.content, lang), updated_badge(lang=lang), no_update

    if shared if stored is None else stored:
        (output,) = set(app.callback_map) - before
        keyer = page_keyer(page.content, watch, search_at=2, shown_at=0)
        part = LivePart(page.content, frozenset(roles), keyer)
        register_part(app.server, app.config.routes_pathname_prefix, output, part)


def _refresh(
    page: LiveIds, render: Renderer, watch: Watcher, search: str | None, shown, lang: str
) -> tuple:
    """Return the refresh callback's outputs: content, badge and what is now shown."""
    code = edition_from_search(search)
    try:
        seen = watched_in_request(page.content, code) or watch(code)
    except SQLAlchemyError as exc:
        log.warning("%s: database not readable: %s", page.content, getattr(exc, "orig", exc))
        if shown is None:
            return components.database_problem(lang=lang), None, None
        return no_update, updated_badge(lang=lang, stale=True), no_update
    key = shown_key(seen, search)
    setattr(g, SHOWN_VERSION_FLAG, key.get("version"))  # what the page shows after this
    if shown == key:
        return no_update, updated_badge(lang=lang), no_update
    if seen.edition is None:
        notice = (
            components.empty_state(lang=lang)
            if code is None
            else components.edition_not_found(code, lang=lang)
        )
        return notice, updated_badge(lang=lang), key
    try:
        content = render(seen.edition, seen.version, lang, *seen.extra)
    except SQLAlchemyError as exc:
        log.warning("%s: database not readable: %s", page.content, getattr(exc, "orig", exc))
        g.pop(SHOWN_VERSION_FLAG, None)  # the page keeps what it showed
        return no_update, updated_badge(lang=lang, stale=True), no_update
    setattr(g, SHOWN_FLAG, key)  # complete content: its answer may be stored for all
    return content, updated_badge(lang=lang), key


def _part_problem(part: str, lang: str) -> Component:
    """Log the exception being handled, with its traceback, and return the part's notice."""
    log.exception("%s: the part could not be built", part)
    return components.part_problem(lang=lang)


ClockDrawer = Callable[[dict, str], Component | None]


def register_clock(
    app: Dash, page: LiveIds, *, output: str, source: str, roles: Iterable[str], draw: ClockDrawer
) -> None:
    """Redraw a clock-driven part (a countdown) every minute from dates the content stored.

    Such parts depend on the time as well as on the data version, so they live outside the
    content and are redrawn from `source` (a Store inside the content) without the database.
    """

    @secure_callback(
        app,
        Output(output, "children"),
        Input(page.clock, "n_intervals"),
        Input(page.shown, "data"),
        # Only in the content once an edition is shown; absent on notices.
        Input(source, "data", allow_optional=True),
        State(page.url, "search"),
        roles=roles,
        prevent_initial_call=True,
    )
    def redraw_clock(_n, _shown, stored, search):
        """Redraw the part every minute and whenever new content arrives."""
        lang = lang_from_search(search)
        try:
            return draw(stored, lang) if stored else None
        except PreventUpdate:
            raise
        except Exception:
            return _part_problem(output, lang)
