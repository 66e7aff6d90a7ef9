"""Memoization that computes each value once: one caller per key works, the others wait for it.

`@cache.memoize()` alone lets every request that misses at the same moment compute the
same value: after a juror saves a score, every viewer's next tick misses together, so a
worker's threads, and with Redis every worker on every host, would all compute the
same ~500 ms aggregate. `@memoize_once(cache)` lets one caller per key compute:

- in a process, the first caller of a key computes and the other threads wait for it
  and take its result (whatever the cache backend);
- with Redis, that caller also takes a Redis lock on the key, so one process in all
  computes; the others wait for the lock, then find the value in the cache.

Nothing here turns into an error page: a Redis that does not answer, a lock holder that
crashed (its lock expires after `LOCK_TIMEOUT_S`) or one that takes longer than
`WAIT_S` all end with the caller computing the value itself.

Every computation logs one line on the "kipp.compute" logger at INFO,
`computed <function> <args> in <ms> ms (pid <pid>)` (gunicorn.conf.py sends them to
gunicorn's error log), and counts in `computations`, for benchmarks and tests.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

from flask import current_app
from flask_caching import Cache
from flask_caching.backends.rediscache import RedisCache
from flask_caching.backends.simplecache import SimpleCache

P = ParamSpec("P")
R = TypeVar("R")

compute_log = logging.getLogger("kipp.compute")
log = logging.getLogger(__name__)

# A Redis lock expires after this long, so a holder that crashed blocks nobody for longer.
# Above the longest computation expected (about 0.5 s at national scale): a lock that
# expires while its holder still computes only lets a second process compute too.
LOCK_TIMEOUT_S = 15.0
# A caller waits at most this long for another one's result, then computes it itself.
WAIT_S = 20.0
# How often a waiting process asks Redis whether the lock is free.
POLL_S = 0.02
# Cache-backend warnings are logged at most this often per process (not once per tick).
WARN_EVERY_S = 60.0

# Computations done by this process, by function name (for tests and benchmarks).
computations: Counter[str] = Counter()
_counter_lock = threading.Lock()
# Seconds during which this process computed cached values, or waited for them (another
# thread's or process's computation, a Redis read): the union of those spans, so that
# eight requests waiting for one ranking count its time once. The version pace
# (dashboard/pace.py) reads it.
_spent = [0.0]
_busy = [0, 0.0]  # threads inside a counted span now, and since when one was
_depth = threading.local()


class _Flight:
    """One computation under way in this process, and its result once done."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.ok = False
        self.value: Any = None


class _Nothing:
    """Stands in the cache for a computed None: a cache answers None for a miss too."""


_flights: dict[tuple[int, str], _Flight] = {}
_flights_lock = threading.Lock()
_last_warning = [0.0]


def memoize_once(cache: Cache) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Memoize a function in `cache` (default timeout), computing each key once in all."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def memoized(*args: P.args, **kwargs: P.kwargs) -> R:
            key = cache_key(function, args, kwargs)
            with counted():  # a wait for another's computation costs this worker too
                return get_or_compute(cache.cache, key, lambda: _timed(function, args, kwargs))

        memoized.uncached = function  # type: ignore[attr-defined]
        return memoized

    return decorate


def cache_key(function: Callable, args: tuple, kwargs: dict) -> str:
    """Return the cache key of a call: the function's full name and its arguments.

    The backend adds its CACHE_KEY_PREFIX (with Redis, the database's identity). Stable
    across processes and restarts, unlike memoize's random per-function version, which
    two processes starting together can each set differently and then miss each other.
    """
    return f"{function.__module__}.{function.__qualname__}{_call_text(args, kwargs)}"


def lock_name(backend: Any, key: str) -> str:
    """Return the Redis key of the lock guarding a cache key's computation."""
    return f"{_prefix(backend)}lock:{key}"


def _call_text(args: tuple, kwargs: dict) -> str:
    parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in sorted(kwargs.items())]
    return f"({', '.join(parts)})"


def spent_seconds() -> float:
    """Return the seconds this process has spent computing (or waiting for) cached values."""
    with _counter_lock:
        running = time.perf_counter() - _busy[1] if _busy[0] else 0.0
        return _spent[0] + running


@contextlib.contextmanager
def counted() -> Iterator[None]:
    """Count the time inside as computing (once per span of the process, however many threads)."""
    depth = getattr(_depth, "n", 0)
    _depth.n = depth + 1
    if depth == 0:
        with _counter_lock:
            if _busy[0] == 0:
                _busy[1] = time.perf_counter()
            _busy[0] += 1
    try:
        yield
    finally:
        _depth.n = depth
        if depth == 0:
            with _counter_lock:
                _busy[0] -= 1
                if _busy[0] == 0:
                    _spent[0] += time.perf_counter() - _busy[1]


def _timed(function: Callable[..., R], args: tuple, kwargs: dict) -> R:
    started = time.perf_counter()
    value = function(*args, **kwargs)
    elapsed_ms = (time.perf_counter() - started) * 1000
    name = function.__qualname__
    with _counter_lock:
        computations[name] += 1
    compute_log.info(
        "computed %s %s in %.1f ms (pid %d)",
        name,
        _call_text(args, kwargs),
        elapsed_ms,
        os.getpid(),
    )
    return value


def get_or_compute(backend: Any, key: str, compute: Callable[[], R]) -> R:
    """Return a key's value from a cache backend, computing it once in all on a miss."""
    found, value = _read(backend, key)
    if found:
        return value
    # Flights are per backend: two apps in one process (tests) may cache different
    # databases under equal keys.
    flight_key = (id(backend), key)
    with _flights_lock:
        flight = _flights.get(flight_key)
        leader = flight is None
        if leader:
            flight = _flights[flight_key] = _Flight()
    if not leader:
        # The leader itself waits at most WAIT_S for another process, then computes.
        if flight.done.wait(2 * WAIT_S + LOCK_TIMEOUT_S) and flight.ok:
            return flight.value
        # The leader failed (its error is its own request's) or hangs: try ourselves.
        return _compute_and_store(backend, key, compute)
    try:
        value = _compute_shared(backend, key, compute)
        flight.value, flight.ok = value, True
        return value
    finally:
        with _flights_lock:
            if _flights.get(flight_key) is flight:
                del _flights[flight_key]
        flight.done.set()


def _compute_shared(backend: Any, key: str, compute: Callable[[], R]) -> R:
    """Compute and store a value, holding the key's Redis lock when the cache is Redis."""
    client = _redis_client(backend)
    if client is None:
        # A leader that finished just after our first read may have stored it already.
        found, value = _read(backend, key)
        return value if found else _compute_and_store(backend, key, compute)
    from redis.exceptions import LockError, RedisError

    lock = client.lock(
        lock_name(backend, key), timeout=LOCK_TIMEOUT_S, sleep=POLL_S, blocking_timeout=WAIT_S
    )
    try:
        acquired = lock.acquire()
    except RedisError as exc:
        _warn("Redis lock for %s failed (%s); computing without it", key, exc)
        return _compute_and_store(backend, key, compute)
    if not acquired:
        found, value = _read(backend, key)
        if found:
            return value
        _warn("waited %.0f s for another process to compute %s; computing here", WAIT_S, key)
        return _compute_and_store(backend, key, compute)
    try:
        # The process that held the lock before us has most likely stored the value.
        found, value = _read(backend, key)
        if found:
            return value
        return _compute_and_store(backend, key, compute)
    finally:
        try:
            lock.release()
        except LockError:
            _warn("Redis lock for %s expired before its computation ended", key)
        except RedisError as exc:
            _warn("Redis lock for %s could not be released (%s)", key, exc)


def _compute_and_store(backend: Any, key: str, compute: Callable[[], R]) -> R:
    value = compute()
    try:
        # The backend's default timeout (CACHE_DEFAULT_TIMEOUT).
        backend.set(key, _Nothing() if value is None else value)
    except Exception as exc:  # a cache that fails must not fail the page
        _warn("cache write of %s failed (%s); serving the computed value", key, exc)
    return value


def _read(backend: Any, key: str) -> tuple[bool, Any]:
    """Return (found, value); a cache that fails counts as a miss."""
    try:
        value = backend.get(key)
    except Exception as exc:  # a cache that fails must not fail the page
        _warn("cache read of %s failed (%s); computing it", key, exc)
        return False, None
    # Not get() then has(): another process may store the value between the two, and a
    # miss would then pass for a cached None.
    if value is None:
        return False, None
    return True, (None if isinstance(value, _Nothing) else value)


def _redis_client(backend: Any) -> Any:
    """Return the Redis client of a RedisCache backend (its connection pool), else None."""
    client = getattr(backend, "_write_client", None)
    return client if hasattr(client, "lock") else None


def _prefix(backend: Any) -> str:
    get_prefix = getattr(backend, "_get_prefix", None)
    return get_prefix() if callable(get_prefix) else (getattr(backend, "key_prefix", "") or "")


def _warn(message: str, *args: object) -> None:
    # Once a minute at most: with Redis down every tick of every viewer would log.
    now = time.monotonic()
    if now - _last_warning[0] >= WARN_EVERY_S or _last_warning[0] == 0.0:
        _last_warning[0] = now
        log.warning(message, *args)


class _AsIs:
    """A cachelib serializer that keeps values as they are (no pickling)."""

    @staticmethod
    def dumps(value: Any) -> Any:
        return value

    @staticmethod
    def loads(value: Any) -> Any:
        return value


class LayeredRedisCache(RedisCache):
    """Redis (shared by every worker and host) with the newest values kept in the process too.

    Every key here names its data version, so a value never changes once stored: a process
    may keep what it read or computed and skip Redis afterwards. Without this, every
    request that needed an edition's standing read megabytes from Redis and unpickled them
    (15-100 ms a read at national scale), once per request instead of once per version.
    The newest LOCAL_VALUES are kept, the oldest dropped first; clear() and delete() drop
    the process's copies too.
    """

    LOCAL_VALUES = 40

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._local: OrderedDict[str, Any] = OrderedDict()
        self._local_lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._local_lock:
            if key in self._local:
                self._local.move_to_end(key)
                return self._local[key]
        value = super().get(key)
        if value is not None:
            self._keep(key, value)
        return value

    def set(self, key: str, value: Any, timeout: int | None = None) -> Any:
        done = super().set(key, value, timeout=timeout)
        self._keep(key, value)
        return done

    def delete(self, key: str) -> Any:
        with self._local_lock:
            self._local.pop(key, None)
        return super().delete(key)

    def clear(self) -> Any:
        with self._local_lock:
            self._local.clear()
        return super().clear()

    def shared_only(self) -> RedisCache:
        """Return the same Redis, keys and timeout without this process's layer.

        For values a caller keeps in memory by itself (dashboard/stored_answers.py): in the
        layer too, they would be kept twice and push the figures out of its 40 places.
        """
        client, prefix, timeout = self._write_client, self.key_prefix, self.default_timeout
        return RedisCache(host=client, key_prefix=prefix, default_timeout=timeout)

    def _keep(self, key: str, value: Any) -> None:
        with self._local_lock:
            self._local[key] = value
            self._local.move_to_end(key)
            while len(self._local) > self.LOCAL_VALUES:
                self._local.popitem(last=False)


class InProcessCache(SimpleCache):
    """Flask-Caching's SimpleCache without the pickle round trip (CACHE_TYPE for one process).

    SimpleCache pickles every value it stores and unpickles it on every read, so that a
    caller mutating what it got cannot change the cache. The values cached here are
    frozen dataclasses, never mutated, and the round trip costs more than the aggregate
    itself at national scale (about 150 ms to store an edition's report, 15-100 ms per
    read). Stored as they are, a read is a dictionary lookup.
    """

    serializer = _AsIs()


# Threads that compute memoized values ahead of the request that will read them.
_ahead = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kipp-ahead")


def compute_ahead(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> None:
    """Start computing a memoize_once value in the background; a later call takes its result.

    For a page that needs two independent aggregates after a data change: the database
    runs one while the request waits for the other (SQLite and psycopg release the GIL
    while a statement runs), instead of one after the other. The later call joins the
    computation under way (the per-key flight), or reads the cache once it is done. A
    failure here is only logged: the later call computes the value itself.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> None:
        with app.app_context():
            try:
                function(*args, **kwargs)
            except Exception:
                log.exception("computing %s ahead failed", function.__qualname__)

    _ahead.submit(run)
