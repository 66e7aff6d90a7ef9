"""Render once, serve bytes: a live page's new content is encoded and compressed once for all.

When the jury saves a score, every viewer of a live page asks for its new content within
one interval. Building the components once per data version (live_page.RenderCache)
was not enough: Dash then encoded each viewer's answer to JSON and Flask-Compress
compressed it again, 25-95 ms of CPU per viewer per change at national scale (answers
of 0.2-1 MB), 18 CPU-seconds for 200 viewers of /partisipasi.

Here a live page's refresh callback request is answered before Dash sees it, from
stored bytes, when its answer is new content (the viewer's page shows an older version):

- the answer's key is what the content is drawn from and what the viewer may see: the
  page, the viewer's role, the URL's query (edition and language), the watch (data
  version, ceremony revision or hour) and the minute (the "Diperbarui pukul" badge and
  time-dependent figures);
- the first request for a key runs Dash's own view (so the role check, the watch and the
  render are exactly those of every other request), and its JSON body is stored with its
  gzip and brotli encodings; every other viewer gets the stored bytes in the encoding it
  accepts, without a render, an encoding or a compression;
- one request computes a key while the others wait for it (dashboard/shared_cache.py):
  in a process, and with Redis (CACHE_REDIS_URL) in all of them, which then share the
  bytes too. Each process keeps the newest answers in memory as well, so a hit costs a
  dictionary lookup, not a Redis read.

Each stored part says what its answer is drawn from (its keyer's "marks"): a live page
(page_keyer) its watch and URL query, due only when the page shows an older version; the
ceremony screens' frame (dashboard/kiosk/frame.py) the screen's edition, version, ceremony
revision, language and slides, so twenty screens asking after a change get one frame.

Only complete content is stored (the callback says so in `flask.g`): a database that
cannot be read, a part that failed or a viewer without the role goes through Dash as
before. A request whose page already shows the version (the badge-only answer of every
tick) also goes through Dash: it is small. The watch memo (VERSION_CACHE_MS) keeps a
worker on one version for at least that long, so however fast the jury writes, a page's
answer is computed at most once per that time per worker.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import brotli
from flask import Flask, Response, current_app, g, request, session
from flask_caching.backends.rediscache import RedisCache
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth import JUDGED_ROLE, current_account
from dashboard.data import Watch, cache, catch_up
from dashboard.poll import SESSIONS_KEY, read_sessions, session_live, signed_in
from dashboard.query import edition_from_search
from dashboard.quiet_sessions import STORED_ANSWER_FLAG
from dashboard.security import DASH_UPDATE
from dashboard.shared_cache import InProcessCache, LayeredRedisCache, counted, get_or_compute

STORE_KEY = "kipp_stored_answers"
# Stored once per version, so a better level than the per-request one pays off: a 1 MB
# answer compresses in some 10 ms to about a tenth of its size.
GZIP_LEVEL = 6
BROTLI_QUALITY = 5
ENCODINGS = ("br", "gzip")
# The newest answers kept in each process (a few pages x roles x languages per version).
LOCAL_ANSWERS = 48
# With Redis, how long an answer stays there: a newer version replaces it within seconds.
SHARED_TIMEOUT_S = 10 * 60
# What the live callback sets in flask.g once it built complete content: the key it showed.
SHOWN_FLAG = "kipp_live_shown"
# What the hook read of the page's watch, for the callback in the same request to reuse.
WATCH_FLAG = "kipp_live_watch"
# The data version a live page shows once this answer is applied, as a header: the tab's
# script (assets/kipp-live.js) reads it when the answer arrives, before Dash has parsed
# the body, so that news of that same version does not ask for the content again.
SHOWN_VERSION_FLAG = "kipp_live_shown_version"
SHOWN_HEADER = "X-Kipp-Shown"

Watcher = Callable[[str | None], Watch]


_COMPRESS = {
    "br": lambda body: brotli.compress(body, quality=BROTLI_QUALITY),
    "gzip": lambda body: gzip.compress(body, GZIP_LEVEL, mtime=0),
}


@dataclass(frozen=True)
class StoredAnswer:
    """One live answer's JSON body, as Dash sent it, and its compressed encodings.

    An encoding is made when a client first asks for it (every browser asks for br, so
    the first viewer of a version waits for one compression, not two), then kept here.
    """

    body: bytes
    encoded: dict[str, bytes]
    mimetype: str

    @classmethod
    def of(cls, response: Response) -> StoredAnswer:
        return cls(response.get_data(), {}, response.mimetype or "application/json")

    def response(self) -> Response:
        """Return the answer in the best encoding the client accepts (as is without one)."""
        encoding = request.accept_encodings.best_match(ENCODINGS)
        if encoding is None:
            return Response(self.body, mimetype=self.mimetype)
        data = self.encoded.get(encoding)
        if data is None:  # two threads may both compress once: the same bytes either way
            data = self.encoded[encoding] = _COMPRESS[encoding](self.body)
        answer = Response(data, mimetype=self.mimetype)
        answer.headers["Content-Encoding"] = encoding
        answer.headers["Vary"] = "Accept-Encoding"
        return answer


# What a part's answer to a request is drawn from ("marks": the watch, the query), or None
# when the request is not due stored content (Dash answers it). May raise SQLAlchemyError.
Keyer = Callable[[dict], dict[str, int | str] | None]


@dataclass(frozen=True)
class LivePart:
    """A callback whose new content is stored once for all (a live page's refresh, a frame)."""

    name: str  # the content's id, in keys and counts
    roles: frozenset[str]
    key: Keyer  # the request body's marks; the callback sets SHOWN_FLAG to the marks it drew


class _NotStored(Exception):
    """Dash's answer was not complete new content: send it to this viewer, store nothing."""

    def __init__(self, response: Response) -> None:
        super().__init__("not stored")
        self.response = response


class AnswerStore:
    """The live parts of one server and the answers stored for them."""

    def __init__(self, shared_backend) -> None:
        self.parts: dict[tuple[str, str], LivePart] = {}  # by callback path and Dash's output
        self.local = InProcessCache(threshold=LOCAL_ANSWERS, default_timeout=SHARED_TIMEOUT_S)
        # Redis when the server shares its cache, else this process's own memory.
        self.shared = shared_backend if shared_backend is not None else self.local
        self.computed: Counter[str] = Counter()  # answers encoded here, by part
        self.served: Counter[str] = Counter()  # answers sent from the store, by part
        self._lock = threading.Lock()

    def answer(
        self, key: str, shown: dict, part: LivePart, compute: Callable[[], Response]
    ) -> Response:
        """Return the stored answer of a key, computing and storing it on first use.

        Stored only when the callback drew complete content for `shown` (what the key says):
        a watch read again in between may have moved on, and then this viewer alone gets it.
        """
        stored = self.local.get(key)
        if stored is None:

            def encode() -> StoredAnswer:
                response = compute()
                if response.status_code != 200 or g.get(SHOWN_FLAG) != shown:
                    raise _NotStored(response)
                with self._lock:
                    self.computed[part.name] += 1
                return StoredAnswer.of(response)

            try:
                with counted():  # the render and encoding (or the wait): a version's cost
                    stored = get_or_compute(self.shared, key, encode)
            except _NotStored as refused:
                return refused.response
            if self.shared is not self.local:
                self.local.set(key, stored)
        with self._lock:
            self.served[part.name] += 1
        setattr(g, STORED_ANSWER_FLAG, True)  # the same bytes for all: no cookie re-signed
        return stored.response()


def init_app(server: Flask) -> None:
    """Give the server an answer store (sharing Redis when its data cache is Redis)."""
    backend = server.extensions["cache"][cache]  # after data.init_app
    if isinstance(backend, LayeredRedisCache):
        backend = backend.shared_only()  # the store keeps its answers in memory itself
    server.extensions[STORE_KEY] = AnswerStore(backend if isinstance(backend, RedisCache) else None)
    server.after_request(_shown_header)


def _shown_header(response: Response) -> Response:
    """Name the version a live page's answer shows (set by the callback or the store)."""
    version = g.get(SHOWN_VERSION_FLAG)
    if isinstance(version, int) and not isinstance(version, bool):
        response.headers[SHOWN_HEADER] = str(version)
    return response


def store(server: Flask) -> AnswerStore:
    """Return the server's answer store."""
    return server.extensions[STORE_KEY]


def register_part(server: Flask, prefix: str, output: str, part: LivePart) -> None:
    """Record a live page's refresh callback (its Dash app's prefix, its outputs) as stored."""
    server.extensions[STORE_KEY].parts[prefix + DASH_UPDATE, output] = part


def watched_in_request(name: str, code: str | None) -> Watch | None:
    """Return the watch the hook read for this part and edition in this request, if any.

    The callback then draws what the hook keyed the answer by, without reading it again.
    """
    found = g.get(WATCH_FLAG)
    if found is not None and found[:2] == (name, code):
        return found[2]
    return None


def shown_key(seen: Watch, search: str | None) -> dict[str, int | str]:
    """Return what a page's content is drawn from, as the page remembers it ("shown")."""
    return {**seen.key(), "search": search or ""}


def page_keyer(name: str, watch: Watcher, *, search_at: int, shown_at: int) -> Keyer:
    """Return a live page's keyer: marks when the page is due new content, else None.

    `search_at`: where the URL's query is among the refresh callback's inputs; `shown_at`:
    where the page's shown key is among its states. A notice (no edition) or a page that
    already shows the version (the badge alone: a small answer) goes through Dash.
    """

    def key(body: dict) -> dict[str, int | str] | None:
        try:
            search = body["inputs"][search_at].get("value")
            shown = body["state"][shown_at].get("value")
            tick = body["inputs"][0].get("value")
        except (KeyError, IndexError, TypeError, AttributeError):
            return None  # not the page's own request: Dash says what is wrong with it
        if search is not None and not isinstance(search, str):
            return None
        catch_up(tick.get("version") if isinstance(tick, dict) else None)
        code = edition_from_search(search)
        seen = watch(code)
        setattr(g, WATCH_FLAG, (name, code, seen))
        marks = shown_key(seen, search)
        return None if seen.edition is None or shown == marks else marks

    return key


def viewer_role() -> str | None:
    """Return the role this request may see stored content as, None when it may see none.

    A signed-in person's session is judged as the ticks and the news streams judge it: by
    the worker's memo of live sessions (read at most once a second), so that a stored
    answer costs no query. A session the memo does not hold (a login of the last second),
    a ceremony screen's, or a memo that cannot be read is checked in the database
    (current_account). An ended session is refused on every worker within a second; this
    worker forgets its memo at a logout (auth_routes), so there at once.
    """
    memo = current_app.extensions.get(SESSIONS_KEY)
    if memo is not None and signed_in(session):
        try:
            sessions = memo.get(read_sessions)
        except SQLAlchemyError:
            sessions = None
        if sessions is not None and session_live(session, sessions):
            return str(session["role"])
    account = current_account()
    return None if account is None else account.role


def serve_stored_answer():
    """Answer a stored part's request with stored bytes when it is due new content; else None."""
    if request.method != "POST" or not request.path.endswith(DASH_UPDATE):
        return None
    answers: AnswerStore = current_app.extensions[STORE_KEY]
    body = request.get_json(silent=True)
    output = body.get("output") if isinstance(body, dict) else None
    part = answers.parts.get((request.path, output)) if isinstance(output, str) else None
    if part is None:
        return None
    role = viewer_role()
    if role is None or role not in part.roles:
        return None  # Dash's secured callback answers 204
    try:
        marks = part.key(body)
    except SQLAlchemyError:
        return None  # the callback answers as it does when the database cannot be read
    if marks is None:
        return None
    setattr(g, JUDGED_ROLE, role)  # the callback computing this answer judges no second time
    minute = int(time.time() // 60)
    # JSON: a query holding "," or "=" cannot make one key read as another's.
    listed = json.dumps(marks, sort_keys=True, separators=(",", ":"))
    stored_key = f"live-answer:{part.name}:{role}:{minute}:{listed}"
    view = current_app.view_functions[request.endpoint]
    answer = answers.answer(stored_key, marks, part, lambda: current_app.make_response(view()))
    setattr(g, SHOWN_VERSION_FLAG, marks.get("version"))
    return answer
