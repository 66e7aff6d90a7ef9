"""Dash callback bodies: without a session or over CALLBACK_MAX_BYTES, refused unread (issue 13).

Before the gate (dashboard/limits.py) Dash parsed any body up to the 20 MB upload limit
before the role check: an anonymous 20 MB JSON body grew a gunicorn worker by some
550 MB. Here a real gunicorn gets such bodies (with a length, chunked, anonymous and
signed in) and its workers' peak resident memory (VmHWM) must stay where it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests

from app import create_app
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine
from data_access.settings import Settings
from tests.rawhttp import children, memory_kb, post
from tests.serving import Gunicorn
from tests.web import (
    add_accounts,
    client_as,
    demo_with_accounts,
    http_login,
    progress_tick,
)

MB = 1024 * 1024
CALLBACK = "/_dash-update-component"
KIOSK_CALLBACK = "/kiosk/_dash-update-component"
# A worker's peak memory may move this much (kB) for all the hostile bodies together.
ALLOWED_GROWTH_KB = 10 * 1024


def hostile_body(size: int) -> tuple[int, Iterator[bytes]]:
    """Return the length and the pieces of a valid callback JSON of `size` bytes of objects."""
    head = b'{"output":"x.children","outputs":{"id":"x","property":"children"},'
    head += b'"inputs":[{"id":"x","property":"data","value":['
    tail = b'{"a":1}]}],"changedPropIds":[]}'
    piece = b'{"a":1},' * 8192  # 64 KiB: millions of small dicts once parsed
    count = size // len(piece)

    def pieces() -> Iterator[bytes]:
        yield head
        for _ in range(count):
            yield piece
        yield tail

    return len(head) + count * len(piece) + len(tail), pieces()


@pytest.fixture(scope="module")
def served(demo_template, tmp_path_factory) -> Iterator[tuple[Gunicorn, str]]:
    """gunicorn on a copy of the demo with accounts, and an admin's session cookie."""
    folder = tmp_path_factory.mktemp("callback-bodies")
    url, _kiosk_path = demo_with_accounts(demo_template, folder)
    server = Gunicorn(url, folder, log=folder / "gunicorn.log")
    server.start()
    try:
        browser = http_login(server.url, "panitia")
        yield server, f"kipp_session={browser.cookies['kipp_session']}"
    finally:
        server.stop()


def small_callback(server: Gunicorn, cookie: str | None) -> int:
    body = json.dumps(progress_tick(None)).encode()
    headers = {"Content-Type": "application/json"} | ({"Cookie": cookie} if cookie else {})
    status, _ = post(server.port, CALLBACK, [body], length=len(body), headers=headers)
    return status


def test_big_callback_bodies_leave_the_workers_memory_flat(served):
    server, cookie = served
    workers = children(server.process.pid)
    assert len(workers) == 2
    # Warm both workers up (each new connection goes to either): a real refresh and a
    # refused one, so that their first-request allocations are behind us.
    for _ in range(12):
        assert small_callback(server, cookie) == 200
        assert small_callback(server, None) == 401
    before = {pid: memory_kb(pid) for pid in workers}
    json_type = {"Content-Type": "application/json", "Accept": "application/json"}
    cases = [
        ("anonymous, with a length", {}, False, 401),
        ("anonymous, chunked", {}, True, 401),
        ("signed in, with a length", {"Cookie": cookie}, False, 413),
        ("signed in, chunked", {"Cookie": cookie}, True, 413),
    ]
    for path in (CALLBACK, KIOSK_CALLBACK):
        for label, headers, chunked, expected in cases:
            length, pieces = hostile_body(20 * MB)
            status, answer = post(
                server.port,
                path,
                pieces,
                length=None if chunked else length,
                headers=json_type | headers,
            )
            assert status == expected, (path, label, answer[:200])
            message = json.loads(answer)["message"]
            assert " / " in message, message  # Bahasa Indonesia / English
    after = {pid: memory_kb(pid) for pid in workers}
    grown = {pid: after[pid] - before[pid] for pid in workers}
    assert all(kb <= ALLOWED_GROWTH_KB for kb in grown.values()), grown
    # The server still serves real callbacks and the login page.
    assert small_callback(server, cookie) == 200
    assert requests.get(f"{server.url}/login", timeout=10).status_code == 200


@pytest.fixture
def small_limit(demo_url, tmp_path) -> Iterator:
    """The app in process with a 4 kB callback limit."""
    engine = make_engine(demo_url)
    add_accounts(engine)
    engine.dispose()
    settings = Settings(
        database_url=demo_url,
        secret_key="gate",
        instance_dir=str(tmp_path),
        callback_max_bytes=4096,
    )
    server = create_app(settings)
    yield server
    server.extensions[EXTENSION_KEY].dispose()


def test_the_gate_answers_in_both_languages_and_lets_real_callbacks_through(small_limit):
    anonymous, admin = client_as(small_limit, None), client_as(small_limit, "admin")
    tick = progress_tick(None)
    refused = anonymous.post(CALLBACK, json=tick)
    assert refused.status_code == 401
    assert refused.get_json()["error"] == "no_session"
    assert "Sesi Anda" in refused.get_json()["message"]
    assert "Your session" in refused.get_json()["message"]
    assert admin.post(CALLBACK, json=tick).status_code == 200
    big = {**tick, "padding": "x" * 5000}
    for path in (CALLBACK, KIOSK_CALLBACK):
        too_large = admin.post(path, json=big)
        assert too_large.status_code == 413, path
        assert too_large.get_json()["error"] == "too_large"
        assert "terlalu besar" in too_large.get_json()["message"]
        assert anonymous.post(path, json=big).status_code == 401  # no session comes first
    # Pages, the login form and Dash's own GETs are not touched.
    assert anonymous.get("/login").status_code == 200
    assert admin.get("/_dash-layout").status_code == 200
    assert admin.get("/_dash-dependencies").status_code == 200


def test_callback_max_bytes_is_read_from_the_environment():
    assert Settings.from_env({}).callback_max_bytes == MB
    assert Settings.from_env({"CALLBACK_MAX_BYTES": "2048"}).callback_max_bytes == 2048
