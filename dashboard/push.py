"""News in about a second: the data version pushed to open pages (server-sent events).

A live page learns of a new score from `GET /api/versi/alir`, an event stream the page's
tab holds open (assets/kipp-live.js), instead of waiting for its next tick. Each event is
the same small answer as the tick's (`{"version": n, "badges": {"id": ..., "en": ...}}`),
and the browser handles it as a tick: it calls the page's Dash refresh callback only when
the version differs from the one it shows. The poll stays as the fallback: a tab whose
stream is refused, cut or blocked (a proxy that buffers it) goes on ticking as before.

- One watcher thread per worker (only while streams are open) reads the data version a
  few times a second and wakes every held stream when it moves. However fast the jury
  saves, it publishes at most one new version per VERSION_CACHE_MS (an isolated save is
  published at once): a page is recomputed at most that often. It keeps the worker's
  version memo (dashboard/data.py) fresh with what it published, so the refresh callback
  that the event causes draws that very version.
- A stream holds a gunicorn thread while it is open. A worker takes at most PUSH_STREAMS
  of them (503 beyond: that tab polls), and gunicorn.conf.py gives the worker that many
  threads on top of GUNICORN_THREADS, which keep serving pages and callbacks
  (`WorkLimit`: a flood of streams or ticks never takes the threads the pages need).
- A stream checks the viewer's session like the tick (the signed cookie, then the live
  login sessions the watcher reads once a second): a session ended by logout, removal or
  a changed role gets an `ended` event within a second, and the stream closes. A stream
  also closes after PUSH_STREAM_S (the browser reconnects, with a full session check)
  and at once when its worker stops, so a restart never waits for open tabs.
- A heartbeat event every HEARTBEAT_S keeps proxies from closing an idle stream and
  renews the "Diperbarui pukul" badge. Events are a few dozen bytes: an idle viewer costs
  a wake-up and one small write per heartbeat, no request, no Flask, no database.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from flask import Blueprint, Flask, Response, current_app, session
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth import current_account
from dashboard.data import WATCH_MEMO_KEY
from dashboard.memo import Memo
from dashboard.pace import VersionMemo
from dashboard.poll import (
    SESSIONS_KEY,
    badge_text,
    json_answer,
    read_sessions,
    session_live,
    signed_in,
)
from dashboard.security import DASH_UPDATE
from dashboard.services import services
from data_access.editions import watch_numbers
from data_access.i18n import LANGUAGES, t

log = logging.getLogger(__name__)

NEWS_PATH = "/api/versi/alir"
HUB_KEY = "kipp_news_hub"
push = Blueprint("push", __name__)

# How often the watcher reads the data version while streams are open. Its reads are most
# of what idle tabs cost the server (bench.news at 200 idle tabs: 0.47 ms per tab per 10 s
# at 0.3 s, 0.32 ms at 0.6 s); half a period is added to the news's median wait.
WATCH_PERIOD_S = 0.5
# A waiting version is read this long after its turn starts (clocks of one host agree).
TURN_MARGIN_S = 0.005
# Requests other than Dash's callbacks a worker serves at once (WorkLimit's light lane).
# With GUNICORN_THREADS callbacks, the watcher and two threads computing ahead, the
# database pool's 2 x DB_POOL_SIZE (10) connections cover them all.
LIGHT_THREADS = 3
# An event at least this often on an idle stream (nginx closes a silent one after 90 s).
HEARTBEAT_S = 15.0
# How long the browser waits before reconnecting a stream that closed (EventSource retry).
RETRY_MS = 2000


@dataclass(frozen=True)
class News:
    """What the watcher last read: the version (None: database away), the live sessions."""

    version: int | None
    sessions: dict[str, tuple[int, str]]
    # When the sessions were read (time.monotonic): a stream opened later is not judged by
    # them. Not compared: reading the same sessions again is no news.
    sessions_read_at: float = field(default=float("-inf"), compare=False)


class NewsHub:
    """One worker's held streams and the watcher that wakes them."""

    def __init__(self, server: Flask, *, streams: int, lifetime_s: float) -> None:
        self.server = server
        self.capacity = streams
        self.lifetime_s = lifetime_s
        self.changed = threading.Condition()
        self.news: News | None = None
        self.generation = 0  # moves with every published News
        self.open = 0
        self.published_wall = float("-inf")  # when the version shown was published (time.time)
        self.pending = False  # a newer version waits for the pace's next turn
        # Set by gunicorn.conf.py's post_worker_init: True once the worker is stopping.
        self.stopping: Callable[[], bool] = lambda: False
        self._watcher: threading.Thread | None = None

    # ---------------------------------------------------------------- streams
    def enter(self) -> bool:
        """Take a stream slot (False when the worker holds its PUSH_STREAMS already)."""
        with self.changed:
            if self.open >= self.capacity or self.stopping():
                return False
            self.open += 1
            if self._watcher is None:
                self._watcher = threading.Thread(target=self._watch, name="kipp-news", daemon=True)
                self._watcher.start()
            return True

    def has_room(self) -> bool:
        """Return True while the worker may take another stream."""
        with self.changed:
            return self.open < self.capacity and not self.stopping()

    def leave(self) -> None:
        with self.changed:
            self.open -= 1

    def first_news(self) -> tuple[int, News]:
        """Return the news to open a stream with, reading it now if the watcher has none yet."""
        with self.changed:
            if self.news is not None:
                return self.generation, self.news
        news = self._read(None)
        with self.changed:
            if self.news is None:
                self._publish(news)
            return self.generation, self.news  # type: ignore[return-value]

    def wait(self, seen: int, timeout: float) -> tuple[int, News | None]:
        """Wait until news newer than `seen`, the worker stopping, or the timeout."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen or self.stopping(), timeout)
            return self.generation, self.news

    # ---------------------------------------------------------------- the watcher
    def _watch(self) -> None:
        """Read and publish while streams are open; leave with the last one (or the worker)."""
        while True:
            with self.changed:
                if self.stopping():
                    self.changed.notify_all()
                    self._watcher = None
                    return
                if self.open == 0:
                    self._watcher = None
                    self.news = None  # the next stream reads afresh, never this old news
                    return
                previous = self.news
            try:
                news = self._read(previous)
            except Exception:  # a bug must not end the news of every open tab
                log.exception("news: the watcher could not read")
                news = News(None, previous.sessions if previous else {})
            with self.changed:
                if news != self.news:
                    self._publish(news)
            time.sleep(self._pause())

    def _pause(self) -> float:
        """Return how long the watcher sleeps: its period, and never past the next turn's start.

        Every worker's watcher then reads just after each turn's start, within milliseconds
        of the others: they mostly publish the same version, computed once with Redis. (A
        period as long as a turn, read from wherever the last read fell, would let each
        worker publish a version of its own at the start of every turn.)
        """
        memo: VersionMemo = self.server.extensions[WATCH_MEMO_KEY]
        if memo.period() <= 0:
            return WATCH_PERIOD_S
        return min(WATCH_PERIOD_S, memo.next_turn_in() + TURN_MARGIN_S)

    def _read(self, previous: News | None) -> News:
        """Read the version now and the sessions (once a second); keep the version memo fresh."""
        with self.server.app_context():
            memo: VersionMemo = self.server.extensions[WATCH_MEMO_KEY]
            sessions_memo: Memo = self.server.extensions[SESSIONS_KEY]
            try:
                sessions = sessions_memo.get(read_sessions)
                numbers = _read_numbers()
            except SQLAlchemyError as exc:
                log.warning("news: database not readable: %s", getattr(exc, "orig", exc))
                if previous is None:
                    return News(None, {})
                return News(None, previous.sessions, previous.sessions_read_at)
            read_at = sessions_memo.read_at
            shown = memo.fresh()
            moved = previous is None or previous.version != numbers[0]
            if moved and shown and not memo.may_take_new(self.published_wall):
                # The jury writes faster than pages are recomputed: the new version waits
                # for the next turn of the pace, and the pages keep drawing this one.
                self.pending = True
                memo.put(shown)
                return News(previous.version if previous else None, sessions, read_at)
            self.pending = False
            memo.put(numbers)
            return News(numbers[0], sessions, read_at)

    def _publish(self, news: News) -> None:
        # Under self.changed.
        if self.news is None or news.version != self.news.version:
            self.published_wall = time.time()
        self.news = news
        self.generation += 1
        self.changed.notify_all()


def _read_numbers() -> tuple[int, int]:
    """Read the watch numbers on a bare connection: no ORM session, no BEGIN (one round trip)."""
    with services().engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        return watch_numbers(conn)


def event(news: News) -> bytes:
    """Return one stream event: the version and both languages' badges, or the stale badge."""
    if news.version is None:
        body = {"stale": True, "badges": {lang: t("live.stale", lang) for lang in LANGUAGES}}
    else:
        body = {"version": news.version, "badges": {lang: badge_text(lang) for lang in LANGUAGES}}
    return b"data: " + json.dumps(body, separators=(",", ":")).encode() + b"\n\n"


ENDED = b"event: ended\ndata: {}\n\n"


FULL = b"event: full\ndata: {}\n\n"


def _stream(hub: NewsHub, viewer: dict) -> Iterator[bytes]:
    """Yield the events of one held stream, then release its slot.

    The slot is taken when the first event is sent, not when the view answers: an answer
    never sent (a HEAD request, a client gone at once) holds none.
    """
    opened = time.monotonic()  # its session was checked then
    if not hub.enter():
        yield FULL  # taken meanwhile by other tabs: this one polls
        return
    try:
        generation, news = hub.first_news()
        yield b"retry: %d\n" % RETRY_MS + event(news)
        sent, shown = time.monotonic(), news.version
        deadline = sent + hub.lifetime_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            generation, latest = hub.wait(generation, min(HEARTBEAT_S, remaining))
            if hub.stopping():
                return
            if latest is None:
                continue
            if latest.sessions_read_at > opened and not session_live(viewer, latest.sessions):
                yield ENDED
                return
            now = time.monotonic()
            if latest.version != shown or now - sent >= HEARTBEAT_S:
                yield event(latest)
                sent, shown = now, latest.version
    finally:
        hub.leave()


@push.get(NEWS_PATH, endpoint="news_stream")
def news_stream() -> Response:
    """Hold a stream of the data version for a signed-in viewer's tab; 401 or 503 otherwise."""
    if not signed_in(session):
        return json_answer({}, 401)
    hub: NewsHub = current_app.extensions[HUB_KEY]
    try:
        sessions = current_app.extensions[SESSIONS_KEY].get(read_sessions)
    except SQLAlchemyError:
        return json_answer({}, 503)  # the tab polls, and shows the stale badge from there
    viewer = {"sid": session.get("sid"), "uid": session.get("uid"), "role": session.get("role")}
    if not session_live(viewer, sessions):
        # Not among the sessions this worker read last: a login of the last second (the
        # page loaded right after it) is read now; an ended session is refused.
        account = current_account()
        if account is None or account.role != viewer["role"]:
            return json_answer({}, 401)
    if not hub.has_room():
        answer = json_answer({}, 503)
        answer.headers["Retry-After"] = "60"
        return answer
    response = Response(_stream(hub, viewer), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


def init_app(server: Flask, *, streams: int, lifetime_s: float) -> None:
    """Give the server its news hub (the route is the `push` blueprint's)."""
    server.extensions[HUB_KEY] = NewsHub(server, streams=streams, lifetime_s=lifetime_s)


def hub_of(server: Flask) -> NewsHub:
    return server.extensions[HUB_KEY]


def stop_with(server, stopping: Callable[[], bool]) -> None:
    """Close every stream as soon as `stopping()` says the worker is on its way out.

    `server` is what gunicorn loaded: the app, or gunicorn's error app when it failed.
    """
    hub = getattr(server, "extensions", {}).get(HUB_KEY)
    if hub is not None:
        hub.stopping = stopping


class WorkLimit:
    """WSGI layer letting at most `work_threads` callbacks and `LIGHT_THREADS` other requests in.

    gunicorn gives a worker GUNICORN_THREADS + LIGHT_THREADS + PUSH_STREAMS threads and a
    few more, so that held news streams never take the threads pages need. Without this
    layer, when few streams are open, the spare threads would all run callbacks at once,
    each wanting a database connection from a pool sized for the threads. News streams
    pass (they have their own limit), and so do the quick ticks FastTick answers before
    this layer.

    Two lanes: Dash's callbacks (the pages' refreshes, the screens' frames), which may
    wait for a new version's figures to be computed, take `work_threads`; everything else
    (a juror's save, a screen's state poll, a page's shell, a static file) has
    LIGHT_THREADS of its own and never queues behind them. In the national load run the
    saves and the screens' polls waited seconds behind refreshes that waited for a ranking.
    """

    def __init__(self, wsgi_app, work_threads: int, light_threads: int = LIGHT_THREADS) -> None:
        self.wsgi_app = wsgi_app
        self.slots = threading.BoundedSemaphore(work_threads)
        self.light = threading.BoundedSemaphore(light_threads)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == NEWS_PATH:
            return self.wsgi_app(environ, start_response)
        with self.slots if path.endswith(DASH_UPDATE) else self.light:
            return self.wsgi_app(environ, start_response)
