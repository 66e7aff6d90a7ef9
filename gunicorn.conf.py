"""Gunicorn settings for the production command: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

Read from the environment the way hosting platforms and gunicorn itself name them;
options on the command line still win over this file. `make run`, `make serve` (behind
nginx, on a private unix socket: deploy/serve.py) and the Procfile all serve through it.

| variable | default | meaning |
|---|---|---|
| `HOST` / `PORT` | 127.0.0.1 / 8050 | where to listen (set HOST=0.0.0.0 to serve other machines) |
| `WEB_CONCURRENCY` | the CPUs this process may use, at least 2 | worker processes |
| `GUNICORN_THREADS` | 4 | requests a worker serves at once (pages, callbacks, files) |
| `PUSH_STREAMS` | 150 | news streams a worker holds open (one per live tab; 0: pages poll) |
| `GUNICORN_TIMEOUT` | 60 | seconds a worker may stay silent before it is restarted |
| `GUNICORN_KEEPALIVE` | 20 | seconds an idle browser connection is kept open |
| `GUNICORN_GRACEFUL_TIMEOUT` | 5 | seconds a stopping worker gets to finish its requests |
| `INSTANCE_DIR` | `instance/` | also holds gunicorn's control socket, `gunicorn.ctl` |
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
import os
import time


def _cpus() -> int:
    # The CPUs this process may run on (a container's share), not the host's count.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


_host = os.environ.get("HOST", "").strip() or "127.0.0.1"
bind = [f"[{_host}]:{_int('PORT', 8050)}" if ":" in _host else f"{_host}:{_int('PORT', 8050)}"]
# A process per CPU (Python runs one thread at a time in a process), each with threads:
# a refresh tick without new data spends most of its time waiting on the database (about
# 3 of 10 ms on the CPU), time the other threads use. More processes than CPUs would each
# hold another copy of the app, its cache and its connection pool. A request holds one
# connection at a time and the pool (DB_POOL_SIZE, default 5) is larger than the threads,
# so no thread waits for a connection; PostgreSQL sees at most WEB_CONCURRENCY x
# (pool_size + max_overflow) = WEB_CONCURRENCY x 2 x DB_POOL_SIZE of them.
worker_class = "gthread"
workers = _int("WEB_CONCURRENCY", max(2, _cpus()))
# Each open live tab holds a news stream (dashboard/push.py), and a held stream holds a
# thread: the worker gets one per stream it may hold, on top of those serving requests
# (the app lets at most GUNICORN_THREADS callbacks and LIGHT_THREADS other requests in at
# once: push.WorkLimit), and a few for the quick version checks, which never wait behind
# a page being drawn.
TICK_THREADS = 4
LIGHT_THREADS = 3  # dashboard/push.py's
threads = (
    _int("GUNICORN_THREADS", 4) + LIGHT_THREADS + max(_int("PUSH_STREAMS", 150), 0) + TICK_THREADS
)
timeout = _int("GUNICORN_TIMEOUT", 60)
# Longer than a page's refresh interval (REFRESH_INTERVAL_S, 10 s by default): a browser
# keeps one connection between ticks instead of reconnecting for each, and never sends a
# tick just as the server closes that connection as idle (a reset it must resend).
# Idle connections wait in the worker's poller, not in a thread.
keepalive = _int("GUNICORN_KEEPALIVE", 20)
# A stop (SIGTERM, from systemd, a platform or a deploy) waits at most this long for the
# requests in flight; every request of this app ends within a few seconds. Idle browser
# connections count as in flight too, so a long wait here only delays every stop.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 5)
# The app opens its database engine lazily in each worker; loading it in the master
# first would gain little and risk sharing state across fork.
preload_app = False
# Gunicorn's control socket (for `gunicornc`) is one path per user by default
# (~/.gunicorn/gunicorn.ctl): a second server of the same user, such as another
# dashboard or a test, would take it over. Each instance keeps its own beside its data.
control_socket = os.path.join(
    os.environ.get("INSTANCE_DIR", "").strip()
    or os.path.join(os.path.dirname(os.path.abspath(__file__)), "instance"),
    "gunicorn.ctl",
)


# The libraries the app imports, imported once here in the master: every worker forked
# from it starts with them loaded (some 0.6 s of CPU less per worker start, pages shared
# between workers). Only third-party libraries, never the app: it is still loaded (and its
# database engine opened) in each worker, so a HUP still loads new app code. A library
# upgrade needs a restart.
PRELOADED = (
    "sqlalchemy.orm",
    "sqlalchemy.dialects.postgresql.psycopg",
    "sqlalchemy.dialects.sqlite",
    "flask",
    "dash",
    "dash_bootstrap_components",
    "plotly.graph_objects",
    "dash.backends._flask",
    "openpyxl",
    "reportlab.platypus",
    "reportlab.graphics.barcode.qrencoder",
    "pypdf",
    "psycopg",
    "pydantic",
    "babel.dates",
    "argon2",
    "brotli",
    "flask_caching",
    "flask_compress",
    "flask_talisman",
)
for _name in PRELOADED:
    with contextlib.suppress(ImportError):  # a worker will say so, with the app's own error
        importlib.import_module(_name)


# Python's cyclic garbage collector, tuned for a server process (see post_worker_init).
GC_THRESHOLDS = (10_000, 50, 50)


def post_worker_init(worker) -> None:
    """Freeze the loaded app for the garbage collector; log timings; compress static files.

    The app (Dash, plotly, SQLAlchemy, the pages) is some 125,000 long-lived objects that
    every full collection would walk again: frozen once loaded, collections only look at
    what requests create. The thresholds make collections rarer (a refresh that ranks a
    national edition creates hundreds of thousands of short-lived objects; with the
    default 700 a collection ran every few hundred of them). Measured on a national
    edition, in one process: the progress refresh 565 -> 460 ms.

    The app's computation timings (logger "kipp.compute") go to gunicorn's error log.

    The app configures no logging, so its INFO lines would be dropped; these are the ones
    benchmarks read ("computed _report (...) in 512.3 ms (pid ...)"). They follow
    gunicorn's --log-level (info by default) and its error log (stderr by default).
    """
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    # A stopping worker closes its news streams at once instead of waiting for the tabs.
    from dashboard.push import stop_with

    stop_with(worker.wsgi, lambda: not worker.alive)
    errors = worker.log.error_log
    compute = logging.getLogger("kipp.compute")
    compute.setLevel(errors.getEffectiveLevel())
    compute.propagate = False  # never twice, should the root logger get a handler
    for handler in errors.handlers:
        compute.addHandler(handler)
    precompress_static(worker)


# Where create_app keeps its compression (dashboard.compression.COMPRESSION_KEY); read
# from the loaded app so that this file imports nothing of it into the master.
COMPRESSION_KEY = "kipp_compression"


def precompress_static(worker) -> None:
    """Have every static file compressed on disk before the worker takes its first request.

    Brotli's best quality costs some 5 s of CPU for a page's files; kept in the app's
    static cache folder (STATIC_CACHE_DIR, by default instance/static-cache) under the
    digest of their bytes, that is paid once per deployment (and per changed file), not
    by every worker at every start, nor by a first visitor. Workers starting together
    share the work. Another WSGI app (the benches' baselines) has no such extension.
    """
    compression = getattr(worker.wsgi, "extensions", {}).get(COMPRESSION_KEY)
    if compression is None:
        return
    started = time.monotonic()
    done = compression.precompress(notify=worker.notify)
    if done is not None and not done.kept:
        worker.log.warning(
            "Static files: the cache folder refuses them; each is compressed when first served"
        )
    elif done is not None:
        worker.log.info(
            "Static files: %d compressed entries on disk, %d made now, in %.2f s (pid: %s)",
            done.entries,
            done.made,
            time.monotonic() - started,
            worker.pid,
        )


def worker_int(worker) -> None:
    """Leave at once on Ctrl-C (SIGINT or SIGQUIT: a quick shutdown, not a graceful one).

    Gunicorn's own quick exit still waits for the worker's threads, and a thread may be
    waiting on a browser's idle connection; the master then kills the worker after
    graceful_timeout and logs "Worker was sent SIGKILL! Perhaps out of memory?".
    A request cut short here is rolled back by the database, as on any lost connection.
    """
    worker.log.info("Worker exiting at once on Ctrl-C (pid: %s)", worker.pid)
    os._exit(0)
