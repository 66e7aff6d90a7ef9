"""The web side's one way in to the data: sessions, the edition resolved once, a per-version cache.

Pages, the kiosk and the navbar ask this module for what they show; none of them opens a
session. A request first *watches*: one tiny read gives the data version (and the
ceremonies' fingerprint, which the default edition follows), and the edition the URL
names, or the default one, is resolved there, once, into an `EditionRef` (code, id,
name) that every loader below takes. Only when the data version moved is anything
recomputed, and then once for every viewer and worker sharing the cache
(dashboard/shared_cache.py: in-process by default, Redis with CACHE_REDIS_URL). Cached
values are plain dataclasses, never figures.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask import Flask, current_app, has_app_context
from flask_caching import Cache
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.auth import OUTSIDE_TRANSACTION
from dashboard.build import build_id
from dashboard.pace import VersionMemo
from dashboard.services import services
from dashboard.shared_cache import memoize_once
from data_access import (
    catalogue,
    ceremony,
    kiosks,
    queries,
)
from data_access.db import limit_statements
from data_access.editions import WatchNumbers, default_edition_code, watch_numbers
from data_access.settings import Settings

cache = Cache()
CACHE_TIMEOUT_S = 60 * 60
# Pace projections depend on the clock too: recompute at least this often.
CLOCK_BUCKET_S = 5 * 60
# What a read or a write here raises when the database cannot answer: pages catch this name
# (show "not readable", keep what they show, try again) and need no SQLAlchemy of their own.
DatabaseProblem = SQLAlchemyError
# The worker's memo of the watch numbers (data version, ceremonies' fingerprint).
WATCH_MEMO_KEY = "kipp_version_memo"


def init_app(server: Flask, settings: Settings) -> None:
    """Attach the shared cache to the server: Redis when configured, else in-process."""
    if settings.cache_redis_url:
        # Keys carry the database's identity: several deployments (or test databases) can
        # share one Redis without ever reading each other's figures.
        # And the code's: after a deployment, values a former version stored (dataclasses
        # of another shape) are never read back.
        database = hashlib.sha256(settings.database_url.encode()).hexdigest()[:12]
        code = hashlib.sha256(build_id().encode()).hexdigest()[:8]
        config = {
            "CACHE_TYPE": "dashboard.shared_cache.LayeredRedisCache",
            "CACHE_REDIS_URL": settings.cache_redis_url,
            "CACHE_KEY_PREFIX": f"kipp-live:{database}:{code}:",
            # A Redis that stops answering costs a request 1 s, then the value is computed
            # here (dashboard/shared_cache.py), instead of hanging the request.
            "CACHE_OPTIONS": {"socket_timeout": 1.0, "socket_connect_timeout": 1.0},
        }
    else:
        # Values kept as they are, not pickled (see InProcessCache); as objects they are
        # larger, so only the newest ones stay: some 10 values per data version, the oldest
        # dropped first (a national edition's report is megabytes of Python objects).
        config = {"CACHE_TYPE": "dashboard.shared_cache.InProcessCache", "CACHE_THRESHOLD": 40}
    cache.init_app(server, config={**config, "CACHE_DEFAULT_TIMEOUT": CACHE_TIMEOUT_S})
    # Read at most once per turn of the pace (VERSION_CACHE_MS, longer while a version's
    # pages cost more than half of that: dashboard/pace.py) per worker, by the ticks
    # (/api/versi), the pages' refresh callbacks and the screens' polls alike: however fast
    # the jury saves, a page is recomputed at most once per turn per worker.
    server.extensions[WATCH_MEMO_KEY] = VersionMemo(settings.version_cache_ms / 1000)


def _session() -> Session:
    # The one place the web side's reads get a session (the caller's with block closes it;
    # dashboard/work_data.py shares it).
    return services().session()


@contextlib.contextmanager
def one_read() -> Iterator[Connection]:
    """A connection for one statement, outside a transaction: one round trip, not three
    (a BEGIN and a ROLLBACK around it). A single statement sees one snapshot either way."""
    with _session() as db:
        yield db.connection(execution_options=OUTSIDE_TRANSACTION)


# ---------------------------------------------------------------- the edition, once
@dataclass(frozen=True)
class EditionRef:
    """An edition resolved once per request: the code, the id and the name every loader takes."""

    code: str
    id: int
    # Not in cache keys nor in the "computed" log lines: the code and id say which edition.
    name: str = field(repr=False)


@dataclass(frozen=True)
class Watch:
    """What a view read on this tick to know whether its content is due, and its edition."""

    version: int
    edition: EditionRef | None
    revision: int | None = None  # the edition's ceremony revision, for views that follow it
    hour: str | None = None  # for content that turns with the hour (a schedule's phase)
    # 1 or 0: the edition is published in the catalogue, for views that show its QR code.
    catalogue: int | None = None

    def key(self) -> dict[str, int | str]:
        """Return what the content is drawn from, as the page remembers it ("shown")."""
        marks = {
            "version": self.version,
            "revision": self.revision,
            "hour": self.hour,
            "catalogue": self.catalogue,
        }
        return {name: value for name, value in marks.items() if value is not None}

    @property
    def extra(self) -> tuple[int, ...]:
        """Return what a render takes after (edition, version, lang): the revision, if followed."""
        return () if self.revision is None else (self.revision,)


def catalogue_published(code: str) -> bool:
    """Return True when the edition is public in the catalogue (read now: a tiny statement)."""
    with _session() as db:
        return catalogue.is_published(db, code)


def data_version() -> int:
    """Return the database's data version, read now."""
    with _session() as db:
        return queries.data_version(db)


def watched_numbers(db: Session | None = None) -> WatchNumbers:
    """Return the data version, the ceremonies' fingerprint and the editions' counter
    (data_access.editions.WatchNumbers), as this worker last read them.

    Read at most once per VERSION_CACHE_MS (the app's memo; read now outside an app or
    with a memo of age 0), in `db` when given. A page is therefore drawn at a version at
    most that old, but never from older data: the figures are read after the number, so
    they are at least as new as the version they are cached under.
    """

    def read() -> WatchNumbers:
        return watch_numbers(db) if db is not None else read_watch_numbers()

    memo = current_app.extensions.get(WATCH_MEMO_KEY) if has_app_context() else None
    # The memo keeps a plain tuple once it caught up with another worker's version.
    return read() if memo is None else WatchNumbers(*memo.get(read))


# A browser told of a newer version than this worker's memo holds reads it again, at most
# once per this many seconds (a forged number costs no more than that).
CATCH_UP_S = 0.05


def catch_up(wanted: object) -> None:
    """Take the version a browser heard of, if newer than this worker's (another worker's news).

    The tick or news stream that told the page may be another worker's, read later in the
    turn than this worker's memo: without this the refresh would find the page up to date
    and draw nothing until the next tick. The worker takes that very version once the
    database holds it (VersionMemo.catch_up), not the newest one.
    """
    if not isinstance(wanted, int) or isinstance(wanted, bool) or not has_app_context():
        return
    memo = current_app.extensions.get(WATCH_MEMO_KEY)
    if isinstance(memo, VersionMemo) and memo.fresh() is not None:
        memo.catch_up(wanted, read_watch_numbers, CATCH_UP_S)


def read_watch_numbers() -> WatchNumbers:
    """Return the watch numbers read now (one statement outside a transaction)."""
    with one_read() as conn:
        return watch_numbers(conn)


@memoize_once(cache)
def editions(mark: int) -> list[EditionRef]:
    """Return every edition, newest first, as of the editions' counter `mark`.

    The counter (the watch numbers' third) moves with every write to the editions and
    stages tables and with nothing else: a score saved moves the data version, not this
    list, which is read again only when an edition (or a stage) was added, changed or
    removed.
    """
    with one_read() as conn:
        return [EditionRef(c, i, name) for c, i, name in queries.list_edition_keys(conn)]


def current_editions() -> list[EditionRef]:
    """Return every edition, newest first, at this worker's watch numbers."""
    return editions(watched_numbers().editions)


def edition_named(code: str) -> EditionRef | None:
    """Return the edition with this code at this worker's watch numbers, or None."""
    return next((c for c in current_editions() if c.code == code), None)


@memoize_once(cache)
def default_code(version: int, ceremonies: int) -> str | None:
    """Return the default edition's code at this data version and ceremonies' fingerprint."""
    with _session() as db:
        return default_edition_code(db)


def default_edition(numbers: WatchNumbers | None = None) -> EditionRef | None:
    """Return the edition shown where none is named (data_access.editions), or None.

    At the watch numbers given, or read now without them: an approval or a reveal step
    moves the default (the ceremonies' fingerprint) without moving the data version.
    """
    version, ceremonies, mark = numbers if numbers is not None else read_watch_numbers()
    choices = editions(mark)
    if not choices:
        return None
    code = default_code(version, ceremonies)
    return next((c for c in choices if c.code == code), choices[0])


def resolve(code: str | None, numbers: WatchNumbers) -> EditionRef | None:
    """Return the asked-for edition, the default one when none is asked for, or None."""
    if code is None:
        return default_edition(numbers)
    return next((c for c in editions(numbers.editions) if c.code == code), None)


def watch_version(code: str | None) -> Watch:
    """Watch the data version alone (one tiny read, shared by the worker), with the edition."""
    numbers = watched_numbers()
    return Watch(numbers.version, resolve(code, numbers))


def watch_ceremony(code: str | None, *, now: bool = False) -> Watch:
    """Watch the data version and the edition's ceremony revision.

    An approval or a reveal step moves the revision, not the data version; the ceremonies'
    fingerprint, read with the version, moves with every such change of any edition (and
    the default edition follows it). The version and the fingerprint are the worker's, as
    every page's (dashboard/pace.py), and the revision is read once per (edition, version,
    fingerprint) by this worker: a ranking tab's refresh, a stored answer's included, then
    reads nothing while nothing moved, and an approval shows within a turn of the memo.
    With `now` all of it is read now (two tiny statements), for the committee's control
    page. Read now on every refresh, each ranking tab would draw a version of its own while
    the jury saves: at national scale a ranking of 1.5 s per refresh per tab.
    """
    memo = current_app.extensions.get(WATCH_MEMO_KEY) if has_app_context() else None
    if now or memo is None:
        with _session() as db:
            # Outside a transaction: two statements, not a BEGIN and a ROLLBACK around them.
            conn = db.connection(execution_options=OUTSIDE_TRANSACTION)
            numbers = watch_numbers(conn)
            edition = resolve(code, numbers)
            revision = ceremony.ceremony_revision(conn, edition.code) if edition else 0
        return Watch(numbers.version, edition, revision)
    numbers = watched_numbers()
    edition = resolve(code, numbers)
    revision = _revision(edition.code, numbers.version, numbers.ceremonies) if edition else 0
    return Watch(numbers.version, edition, revision)


# The worker's memo of ceremony revisions, by (edition code, data version, fingerprint).
REVISIONS_KEY = "kipp_ceremony_revisions"
# Entries kept: a few editions over the last versions (the memo is emptied past this).
REVISIONS_KEPT = 64


def _revision(code: str, version: int, ceremonies: int) -> int:
    """Return the edition's ceremony revision, read once per (version, fingerprint) here.

    Sound because the fingerprint moves with every ceremony change at a given data version
    (a ceremony row goes away only with its edition, which moves the version).
    """
    revisions: dict = current_app.extensions.setdefault(REVISIONS_KEY, {})
    key = (code, version, ceremonies)
    found = revisions.get(key)
    if found is None:
        with _session() as db:
            conn = db.connection(execution_options=OUTSIDE_TRANSACTION)
            found = ceremony.ceremony_revision(conn, code)
        if len(revisions) >= REVISIONS_KEPT:
            revisions.clear()
        revisions[key] = found
    return found


def watch_control(code: str | None) -> Watch:
    """Watch what the control page draws from, all read now (a few committee tabs at most).

    The committee decides there from what it sees: a late correction, a seri decision,
    an import must show at once, not a turn of the pace later.
    """
    return watch_ceremony(code, now=True)


def watch_screen(asked: str | None, screen_id: int | None, *, limit_ms: int | None = None) -> Watch:
    """Watch what a ceremony screen shows: the version, its edition and that ceremony's revision.

    A display token's screen shows its own edition: a `?edition=` in its address is
    ignored, so no URL and no later import moves a hall's screen to another ceremony. A
    token without an edition (made before migration 0006 among several editions) and a
    logged-in preview without `?edition=` show the default edition; a preview may name any.
    `limit_ms` bounds the statements for a poll its screen stops waiting for.
    """
    with _session() as db:
        if limit_ms is not None:
            limit_statements(db, limit_ms)
        numbers = watched_numbers(db)
        if screen_id is not None:
            shown = kiosks.get_screen(db, screen_id)
            bound = shown.bound_edition if shown is not None else None
            asked = bound  # a screen never follows its URL: its own edition, or the default
        edition = resolve(asked, numbers)
        # The revision and whether the edition is published (its QR code shown), one read.
        revision, published = catalogue.screen_marks(db, edition.code) if edition else (0, False)
    return Watch(numbers.version, edition, revision, catalogue=int(published))
