"""The public catalogue's way in to the data: its version, the record once per version, pages kept.

A catalogue request reads one small statement (`catalogue.catalogue_version`). The public
record (`catalogue.load_catalogue`, a handful of statements) is loaded once per version
per process, under a lock, so a burst of readers after a change loads it once; a new
version reads again only the editions whose part changed (the others are kept). Rendered
pages are kept as bytes in a bounded least-recently-used table keyed by (version,
language, public address, path, canonical query): a page asked again for the same
version costs the version's read and a lookup. The version moves with everything a page
shows (awards at the reveal's end included), so a kept page is never stale.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.services import services
from data_access import catalogue, documents, innovation_files
from data_access.catalogue import Catalogue

EXTENSION_KEY = "kipp_catalogue"
# Rendered pages kept per process: a list page is some 40 KB, so at most about 20 MB.
MAX_PAGES = 512
# What a read raises when the database cannot answer (the views answer 503).
DatabaseProblem = SQLAlchemyError

PageKey = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Rendered:
    """A page as sent: its status, its bytes and their entity tag (quoted, strong)."""

    status: int
    body: bytes
    etag: str


def rendered(status: int, html: str) -> Rendered:
    """Return a page's bytes with their ETag (a digest of the bytes)."""
    body = html.encode()
    return Rendered(status, body, hashlib.sha256(body).hexdigest()[:20])


class CatalogueStore:
    """One process's catalogue: the record of the version last read, and rendered pages."""

    def __init__(self, max_pages: int = MAX_PAGES) -> None:
        self.max_pages = max_pages
        self.loads = 0  # how many times the record was loaded (for tests and benches)
        self._catalogue: Catalogue | None = None
        self._load_lock = threading.Lock()
        self._pages: OrderedDict[PageKey, Rendered] = OrderedDict()
        self._pages_lock = threading.Lock()

    def catalogue(self, session: Session, version: str) -> Catalogue:
        """Return the public record of this version, loading it once for every thread."""
        found = self._catalogue
        if found is not None and found.version == version:
            return found
        with self._load_lock:
            found = self._catalogue
            if found is not None and found.version == version:
                return found
            # Only what changed since the record held is read again (each edition's part).
            found = catalogue.load_catalogue(session, previous=self._catalogue)
            self._catalogue = found
            self.loads += 1
            return found

    def page(self, key: PageKey) -> Rendered | None:
        """Return a kept page, marking it recently used."""
        with self._pages_lock:
            found = self._pages.get(key)
            if found is not None:
                self._pages.move_to_end(key)
            return found

    def keep(self, key: PageKey, page: Rendered) -> None:
        """Keep a rendered page, dropping the least recently used beyond the bound."""
        with self._pages_lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def init_app(server: Flask) -> CatalogueStore:
    """Attach the catalogue's store to a server and return it."""
    store = CatalogueStore()
    server.extensions[EXTENSION_KEY] = store
    return store


def store() -> CatalogueStore:
    """Return the store of the app serving the current request."""
    return current_app.extensions[EXTENSION_KEY]


@contextmanager
def reading() -> Iterator[Session]:
    """Yield a read session for one catalogue request (closed after)."""
    with services().session() as session:
        yield session


def page_for(
    session: Session, key_parts: tuple[str, str, str, str], render: Callable[[Catalogue], Rendered]
) -> Rendered:
    """Return the page for (language, base, path, query) at the current version.

    `render` draws it from the record on a miss; only a 200 is kept (a 404 for any address
    asked would let a crawler push the real pages out).
    """
    version = catalogue.catalogue_version(session)
    key: PageKey = (version, *key_parts)
    kept = store().page(key)
    if kept is not None:
        return kept
    page = render(store().catalogue(session, version))
    if page.status == 200:
        store().keep(key, page)
    return page


def record(session: Session) -> Catalogue:
    """Return the public record at the current version (for the photos and documents)."""
    return store().catalogue(session, catalogue.catalogue_version(session))


def photo(session: Session, edition: str, code: str, *, small: bool) -> tuple[str, bytes] | None:
    """Return an innovation's photo (type, bytes) or its JPEG thumbnail; None: none."""
    return innovation_files.photo_of(session, edition, code, small=small)


def document(session: Session, edition: str, code: str) -> documents.Document | None:
    """Return an innovation's proposal PDF with its bytes; None: none."""
    return documents.get_document(session, edition, code)
