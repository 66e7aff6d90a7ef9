"""Compressed answers: static files compressed once per deployment, dynamic JSON on the fly.

Two parts, both answering only a client whose Accept-Encoding allows it (br, else gzip):

- Static files (Dash's component suites such as plotly.js, each Dash app's `assets/`
  folder and its icon) are compressed at the highest level once, kept on disk under the
  digest of their bytes (dashboard/static_store.py, STATIC_CACHE_DIR: every worker and
  every restart reads them there), and in each process's memory under the file's path
  (fingerprint and query left out, so the number of entries is bounded by the files that
  exist) from its first request for them. A gunicorn worker makes sure they are all on
  disk before it takes a request (`Compression.precompress`, from gunicorn.conf.py).
  Flask-Compress re-gzipped plotly.js on every request (about 160 ms); a cached answer
  costs what an uncompressed one does.
- Everything else (callback answers, `/_dash-layout`, pages) goes through Flask-Compress
  at a low, fast level, and only above `MIN_SIZE` bytes. Streamed answers (files sent
  from disk outside `assets/`) and export downloads (xlsx, csv and pdf are not on
  Flask-Compress's list of types) are sent as they are.

Every answer gets `Vary: Accept-Encoding`; a compressed answer's strong ETag gets the
encoding appended (`"abc:gzip"`), so a cache never mixes the encodings.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import pkgutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import brotli
from dash import Dash
from dash.fingerprint import check_fingerprint
from flask import Flask, Response, current_app, request
from flask_compress import Compress

from dashboard.static_store import DiskStore

# Where the compressed static files and the count of compressions live on the server.
CACHE_KEY = "kipp_compressed_static"
COMPRESSION_KEY = "kipp_compression"
# Dynamic answers smaller than this are sent as they are: compressing buys nothing.
MIN_SIZE = 1024
# Static files: compressed once, so the smallest result is worth the time. Brotli's best
# quality takes plotly-kipp.min.js from 365 to 335 KB and Dash's scripts and Bootstrap's
# CSS by 7-14 % more than quality 9, for about 5 s once per process for all of a page's
# files (plotly.js 2.6 s; quality 9: 0.25 s). A file above BEST_MAX_BYTES (Dash's full
# plotly.js, 4.8 MB, which no page loads) gets quality 9: 11 would take some 10 s.
STATIC_GZIP_LEVEL = 9
STATIC_BR_QUALITY = 11
LARGE_BR_QUALITY = 9
BEST_MAX_BYTES = 2_000_000
# Dynamic answers: compressed on every request, so the fastest levels (a 270 KB callback
# answer: under 1 ms either way, to about a tenth of its size).
DYNAMIC_GZIP_LEVEL = 1
DYNAMIC_BR_QUALITY = 1
ENCODINGS = ("br", "gzip")
STATIC_MIMETYPES = frozenset(
    {
        "application/javascript",
        "text/javascript",
        "text/css",
        "application/json",
        "image/svg+xml",
        "text/plain",
        "application/manifest+json",
        "image/x-icon",
    }
)


def _level(encoding: str, data: bytes) -> int:
    if encoding == "br":
        return STATIC_BR_QUALITY if len(data) <= BEST_MAX_BYTES else LARGE_BR_QUALITY
    return STATIC_GZIP_LEVEL


def entry_name(encoding: str, data: bytes) -> str:
    """Return the name of data's compressed form: its digest, the encoding and the level."""
    return f"{hashlib.sha256(data).hexdigest()}.{encoding}{_level(encoding, data)}"


def compress(encoding: str, data: bytes) -> bytes:
    """Return a static file's bytes compressed in this encoding at its level."""
    if encoding == "br":
        return brotli.compress(data, quality=_level(encoding, data))
    return gzip.compress(data, _level(encoding, data), mtime=0)


class Compressed:
    """Static files compressed, keyed by their entry name (content, encoding and level)."""

    def __init__(self) -> None:
        self._bodies: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, encoding: str, data: bytes, store: DiskStore | None = None) -> bytes:
        """Return data in this encoding: from memory, else from the store, else compressed."""
        name = entry_name(encoding, data)
        body = self._bodies.get(name)
        if body is None:
            body = store.load(name) if store is not None else None
            if body is None:
                body = compress(encoding, data)
                if store is not None:
                    store.save(name, body)
            with self._lock:
                self._bodies[name] = body
        return body


# Shared by every server of the process, against the house rule on module-level state:
# an entry is the compressed form of a file's exact bytes (never stale, no request's data,
# bounded by the files that exist), and the servers a test run makes (dozens in one
# process) then compress each file once, not each at the best quality again.
COMPRESSED = Compressed()


class StaticCache:
    """Compressed static files of one server, keyed by (encoding, path)."""

    def __init__(self, store: DiskStore | None = None) -> None:
        self.entries: dict[tuple[str, str], bytes] = {}
        self.compressions = 0  # how many files it took in (for tests and benches)
        self.store = store  # where every process of the deployment keeps them, if anywhere
        self._lock = threading.Lock()

    def get(self, encoding: str, path: str, response: Response) -> bytes:
        """Return the file's bytes in this encoding, compressing them on first use."""
        key = (encoding, path)
        cached = self.entries.get(key)
        if cached is not None:
            return cached
        response.direct_passthrough = False  # a file sent from disk: read it once
        body = COMPRESSED.get(encoding, response.get_data(), self.store)
        with self._lock:
            self.entries[key] = body
            self.compressions += 1
        return body


def _compressible(name: str) -> bool:
    # Source maps are for a browser's developer tools alone, which may wait for them.
    return not name.endswith(".map") and mimetypes.guess_type(name)[0] in STATIC_MIMETYPES


def static_files(dash_apps: Sequence[Dash]) -> list[bytes]:
    """Return the bytes of every static file the Dash apps serve compressed (maps left out)."""
    found: dict[bytes, bytes] = {}

    def add(data: bytes | None) -> None:
        if data:
            found.setdefault(hashlib.sha256(data).digest(), data)

    add(pkgutil.get_data("dash", "favicon.ico"))  # Dash's own icon (_favicon.ico)
    for app in dash_apps:
        # What Dash serves under _dash-component-suites/ (its own setup registered them).
        for package, paths in sorted(app.registered_paths.items()):
            for path in sorted(paths):
                if _compressible(path):
                    add(pkgutil.get_data(package, path))
        # Everything in the assets folder is served, folders Dash leaves out of pages too.
        for file in sorted(Path(app.config.assets_folder).rglob("*")):
            if file.is_file() and _compressible(file.name):
                add(file.read_bytes())
    return list(found.values())


@dataclass(frozen=True)
class Precompressed:
    """What precompress found: the entries the apps need, and how many it made itself."""

    entries: int
    made: int
    kept: bool = True  # False: the folder refused an entry, so it stopped there


def precompress(
    dash_apps: Sequence[Dash], store: DiskStore, *, notify: Callable[[], None] = lambda: None
) -> Precompressed:
    """Put every static file of the Dash apps on disk in every encoding, compressing the missing.

    Processes starting together share the work: each first compresses the files no other
    is compressing (a claim per entry), then waits for the others' (and reads nothing:
    requests load the entries later). `notify` is called after each entry (a gunicorn
    worker's heartbeat). A folder that refuses an entry stops it: requests then compress
    each file the first time a process serves it, as without a folder.
    """
    wanted = [
        (entry_name(encoding, data), encoding, data)
        for data in static_files(dash_apps)
        for encoding in ENCODINGS
    ]
    missing = [entry for entry in wanted if not store.has(entry[0])]
    made = 0
    for wait in (False, True):
        taken = []
        for entry in missing:
            name, encoding, data = entry
            with store.claim(name, wait=wait) as held:
                if not held:
                    taken.append(entry)
                    continue
                if not store.has(name):  # not made by another meanwhile
                    if not store.save(name, compress(encoding, data)):
                        return Precompressed(len(wanted), made, kept=False)
                    made += 1
            notify()
        missing = taken
    return Precompressed(len(wanted), made)


def static_prefixes(dash_apps: Sequence[Dash]) -> tuple[str, ...]:
    """Return the address prefixes under which the Dash apps serve fixed files."""
    prefixes = []
    for app in dash_apps:
        base = app.config.requests_pathname_prefix
        prefixes.append(f"{base}_dash-component-suites/")
        prefixes.append(f"{base}{app.config.assets_url_path.strip('/')}/")
        prefixes.append(f"{base}_favicon.ico")  # Dash's icon, 15 KB, 4 KB with brotli
    return tuple(prefixes)


class Compression:
    """One server's compression: its static file cache and prefixes, and Flask-Compress."""

    def __init__(self, dash_apps: Sequence[Dash], store: DiskStore | None = None) -> None:
        self.dash_apps = tuple(dash_apps)
        self.cache = StaticCache(store)
        self.prefixes = static_prefixes(dash_apps)
        self.dynamic = Compress()

    def precompress(self, *, notify: Callable[[], None] = lambda: None) -> Precompressed | None:
        """Put every static file on disk compressed (None: this server keeps none on disk)."""
        if self.cache.store is None:
            return None
        return precompress(self.dash_apps, self.cache.store, notify=notify)


def init_app(server: Flask, dash_apps: Sequence[Dash], store_dir: str = "") -> None:
    """Set up compression for the server's answers (the hook is compress_response).

    store_dir: the folder where the deployment's processes keep the compressed static
    files ("": in each process's memory only).
    """
    compression = Compression(dash_apps, DiskStore(store_dir) if store_dir else None)
    server.extensions[COMPRESSION_KEY] = compression
    server.extensions[CACHE_KEY] = compression.cache
    server.config.update(
        COMPRESS_ALGORITHM=list(ENCODINGS),
        COMPRESS_LEVEL=DYNAMIC_GZIP_LEVEL,
        COMPRESS_BR_LEVEL=DYNAMIC_BR_QUALITY,
        COMPRESS_MIN_SIZE=MIN_SIZE,
        # Streamed answers (files sent from disk) keep their bytes and their length.
        COMPRESS_STREAMS=False,
        # Flask-Compress adds no hook of its own: compress_response calls it after the
        # static step, so the two never depend on the order of after_request hooks.
        COMPRESS_REGISTER=False,
    )
    compression.dynamic.init_app(server)


def compress_response(response: Response) -> Response:
    """Compress an answer: a static file from the cache, anything else with Flask-Compress."""
    compression: Compression = current_app.extensions[COMPRESSION_KEY]
    response = _compress_static(response, compression)
    # A static answer leaves with its Content-Encoding, which Flask-Compress leaves alone
    # (it only adds Vary); anything else it compresses if large enough.
    return compression.dynamic.after_request(response)


def _compress_static(response: Response, compression: Compression) -> Response:
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or response.mimetype not in STATIC_MIMETYPES
        or "Content-Encoding" in response.headers
        or not request.path.startswith(compression.prefixes)
    ):
        return response
    encoding = request.accept_encodings.best_match(ENCODINGS)
    if encoding is None:
        return response
    # The file's path without Dash's fingerprint (`.v4_4_1m1700000000`): every
    # fingerprint of one file shares an entry, so the cache cannot be grown at will.
    path, _fingerprinted = check_fingerprint(request.path)
    original = response.response
    response.set_data(compression.cache.get(encoding, path, response))
    if hasattr(original, "close"):  # a file sent from disk: closed, not left to the GC
        original.close()
    response.headers["Content-Encoding"] = encoding
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(f"{etag}:{encoding}")
    # A browser revalidating with the encoded ETag gets a 304 without the body.
    return response.make_conditional(request)
