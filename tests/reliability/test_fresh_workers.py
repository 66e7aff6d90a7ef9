"""A freshly started gunicorn answers its very first requests in full, whichever thread takes them.

Dash finishes each app in hooks on the first request a process sees, and marks that work
done before doing it (plotly/dash#3971). Under gunicorn's threads, a request served
meanwhile found the files of `_dash-component-suites` not registered yet and got a 404:
the page's scripts were missing, Dash's renderer never started and the page stayed on
"Loading..." (seen about once a full test run, on the dashboard and on the kiosk).
create_app now runs that setup before a worker accepts a connection.

Here the production command is started and, before anything else asks it anything, every
script that the dashboard's and the kiosk's pages name, and both apps' callback lists,
are requested at once: the requests wait for the booting workers together, so each
worker's threads take several of them at the same moment. Each must be answered 200, the
callback lists exactly as a warm app gives them.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from dataclasses import dataclass

import pytest
import requests

from app import create_app
from dashboard.services import EXTENSION_KEY
from data_access.settings import Settings
from tests.serving import Gunicorn
from tests.traffic import ACCESS_LOG_ARGS
from tests.web import client_as

SCRIPT = re.compile(r'<script src="([^"]*/_dash-component-suites/[^"]+)"')
CALLBACK_LISTS = ("/_dash-dependencies", "/kiosk/_dash-dependencies")
ROUNDS = 5  # fresh servers: without the fix about half the rounds failed


@dataclass
class Expected:
    """What a warm app answers: the scripts its pages name, and its callback lists."""

    scripts: list[str]
    callback_lists: dict[str, object]


@pytest.fixture
def site_url(site_template, tmp_path) -> str:
    """A copy of the demo with its accounts and screen, for gunicorn and the warm app alike."""
    shutil.copyfile(site_template.path, tmp_path / "kipp.sqlite3")
    return f"sqlite:///{tmp_path / 'kipp.sqlite3'}"


@pytest.fixture
def expected(site_url, site_template, tmp_path) -> Expected:
    """Ask an app built in this process (its pages and callback lists) what to expect."""
    server = create_app(Settings(database_url=site_url, instance_dir=str(tmp_path)))
    pages = [
        client_as(server, "viewer").get("/").get_data(as_text=True),
        server.test_client().get(site_template.kiosk_path).get_data(as_text=True),
    ]
    scripts = [src for page in pages for src in SCRIPT.findall(page)]
    lists = {path: server.test_client().get(path).get_json() for path in CALLBACK_LISTS}
    server.extensions[EXTENSION_KEY].dispose()
    assert any("/kiosk/" in src for src in scripts) and len(scripts) > 10, scripts
    return Expected(scripts, lists)


def _listening(port: int, deadline: float) -> None:
    # A bare connection, closed at once: the master listens before its workers boot.
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("gunicorn does not listen")


def _first_answers(server: Gunicorn, paths: list[str]) -> dict[str, tuple[int, object]]:
    """Start the server and send every path at once, as its very first requests."""
    server.spawn()
    _listening(server.port, time.monotonic() + 30)
    answers: dict[str, tuple[int, object]] = {}
    together = threading.Barrier(len(paths))

    def ask(path: str) -> None:
        together.wait()
        response = requests.get(server.url + path, timeout=60)
        is_list = path in CALLBACK_LISTS and response.ok
        answers[path] = (response.status_code, response.json() if is_list else None)

    threads = [threading.Thread(target=ask, args=(path,)) for path in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return answers


def test_fw01_a_fresh_worker_serves_every_script_of_a_page_from_its_first_request(
    site_url, expected: Expected, tmp_path
):
    paths = [*expected.scripts, *CALLBACK_LISTS]
    for round_ in range(ROUNDS):
        log = tmp_path / f"gunicorn-{round_}.log"
        server = Gunicorn(site_url, tmp_path, log=log, env={"GUNICORN_CMD_ARGS": ACCESS_LOG_ARGS})
        try:
            answers = _first_answers(server, paths)
        finally:
            server.stop()
        assert set(answers) == set(paths), "a request went unanswered"
        failed = {path: status for path, (status, _body) in answers.items() if status != 200}
        assert not failed, f"round {round_}: {failed}\n{log.read_text(errors='replace')}"
        for path in CALLBACK_LISTS:
            assert answers[path][1] == expected.callback_lists[path], f"round {round_}: {path}"
