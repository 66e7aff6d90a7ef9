"""Compressed answers: static files compressed once per process, small JSON and exports left alone.

Through the Flask test client on the demo edition (a real SQLite file): plotly.js and a
kiosk asset come gzip- or brotli-encoded and decode to exactly the bytes sent without
compression; a second request is served from the process's cache (the count of
compressions does not move); a client without Accept-Encoding gets the plain bytes; a
small JSON answer is not compressed while a large callback answer is; an xlsx export
still opens with openpyxl; the security headers stay on compressed answers.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass

import brotli
import openpyxl
import pytest
from dash import Dash
from flask.testing import FlaskClient

from app import create_app, dash_apps
from dashboard import ids
from dashboard.compression import CACHE_KEY, MIN_SIZE, StaticCache
from dashboard.services import EXTENSION_KEY
from data_access.settings import Settings
from tests.web import callback_body, client_as, demo_with_accounts, update

# plotly.js (4.8 MB), which the dashboard loads when a graph first shows.
PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
)


@dataclass
class Site:
    app: Dash
    admin: FlaskClient
    screen: FlaskClient
    plotly_path: str

    @property
    def cache(self) -> StaticCache:
        return self.app.server.extensions[CACHE_KEY]


@pytest.fixture(scope="module")
def site(demo_template, tmp_path_factory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("compression")
    url, kiosk_path = demo_with_accounts(demo_template, folder)
    server = create_app(
        Settings(database_url=url, secret_key="test-compression", instance_dir=str(folder))
    )
    admin = client_as(server, "admin")
    screen = server.test_client()
    assert screen.get(kiosk_path).status_code == 200
    yield Site(dash_apps(server).dashboard, admin, screen, PLOTLY)
    server.extensions[EXTENSION_KEY].dispose()


def _fingerprinted(path: str, fingerprint: str) -> str:
    """Return the path as Dash writes it in pages: `name.<fingerprint>.ext`."""
    folder, name = path.rsplit("/", 1)
    stem, rest = name.split(".", 1)
    return f"{folder}/{stem}.{fingerprint}.{rest}"


def _decode(body: bytes, encoding: str) -> bytes:
    return gzip.decompress(body) if encoding == "gzip" else brotli.decompress(body)


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_static_files_are_compressed_once_and_decode_to_the_same_bytes(site, encoding):
    for client, path in ((site.admin, site.plotly_path), (site.screen, "/kiosk/assets/kiosk.js")):
        plain = client.get(path, headers={"Accept-Encoding": ""}, buffered=True)
        assert plain.status_code == 200
        assert "Content-Encoding" not in plain.headers
        assert "Accept-Encoding" in plain.headers["Vary"]

        before = site.cache.compressions
        first = client.get(path, headers={"Accept-Encoding": f"{encoding}, identity;q=0.5"})
        assert first.status_code == 200
        assert first.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in first.headers["Vary"]
        assert int(first.headers["Content-Length"]) == len(first.data) < len(plain.data)
        assert _decode(first.data, encoding) == plain.data
        for name in SECURITY_HEADERS:
            assert name in first.headers, name
        assert site.cache.compressions == before + 1

        # The second time, and under another fingerprint or query of the same file, the
        # process serves what it kept: no compression runs.
        other = (
            _fingerprinted(path, "v9_9_9m1700000000")
            if "_dash-component-suites" in path
            else f"{path}?m=1700000000"  # assets carry their modification time this way
        )
        for address in (path, other):
            again = client.get(address, headers={"Accept-Encoding": encoding}, buffered=True)
            assert again.status_code == 200 and again.data == first.data, address
        assert site.cache.compressions == before + 1


def test_a_browser_prefers_brotli_and_a_plain_client_gets_identity(site):
    chromium = site.admin.get(site.plotly_path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert chromium.headers["Content-Encoding"] == "br"
    bare = site.app.server.test_client()  # no Accept-Encoding header at all
    answer = bare.get("/kiosk/assets/kiosk.css", buffered=True)
    assert answer.status_code == 200 and "Content-Encoding" not in answer.headers


def test_small_json_stays_plain_and_large_callback_answers_are_compressed(site):
    small = site.screen.get("/kiosk/api/state", headers={"Accept-Encoding": "gzip"})
    assert small.status_code == 200 and small.mimetype == "application/json"
    assert len(small.data) < MIN_SIZE
    assert "Content-Encoding" not in small.headers

    before = site.cache.compressions
    layout = site.admin.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert layout.status_code == 200
    assert layout.headers["Content-Encoding"] == "gzip"
    plain = site.admin.get("/_dash-layout", headers={"Accept-Encoding": ""})
    assert gzip.decompress(layout.data) == plain.data and len(plain.data) > MIN_SIZE
    for name in SECURITY_HEADERS:
        assert name in layout.headers, name
    # Dynamic answers are compressed on the fly, never kept in the static cache.
    assert site.cache.compressions == before

    key = next(key for key in site.app.callback_map if f"{ids.SHELL_NAV_LINKS}." in key)
    values = {(ids.SHELL_URL, "pathname"): "/", (ids.SHELL_URL, "search"): ""}
    body = callback_body(key, site.app.callback_map[key], values)
    site.admin.environ_base["HTTP_ACCEPT_ENCODING"] = "gzip"
    try:
        answer = update(site.admin, body)
    finally:
        del site.admin.environ_base["HTTP_ACCEPT_ENCODING"]
    assert answer.status_code == 200
    plain_answer = update(site.admin, body)
    assert len(plain_answer.data) > MIN_SIZE  # the navbar's links: about 2.8 KB
    assert answer.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(answer.data) == plain_answer.data


def test_an_xlsx_export_still_downloads_whole(site):
    answer = site.admin.get("/ekspor/xlsx", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert answer.status_code == 200
    assert "Content-Encoding" not in answer.headers
    assert answer.headers["Content-Disposition"].startswith("attachment")
    assert int(answer.headers["Content-Length"]) == len(answer.data)
    book = openpyxl.load_workbook(io.BytesIO(answer.data))
    assert book.sheetnames
    for name in SECURITY_HEADERS:
        assert name in answer.headers, name


def test_revalidating_with_the_encoded_etag_gets_a_304(site):
    first = site.screen.get("/kiosk/assets/kiosk.css", headers={"Accept-Encoding": "gzip"})
    etag = first.headers.get("ETag")
    assert etag and etag.endswith(':gzip"')
    again = site.screen.get(
        "/kiosk/assets/kiosk.css",
        headers={"Accept-Encoding": "gzip", "If-None-Match": etag},
        buffered=True,
    )
    assert again.status_code == 304 and not again.data
