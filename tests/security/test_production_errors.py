"""Production mode whatever the environment says, and errors that tell nothing but a reference.

The app is built with every debug switch Flask and Dash read from the environment turned
on (FLASK_DEBUG, DASH_DEBUG, DASH_UI, DASH_HOT_RELOAD, ...), and with a callback in each
Dash app and a page that raise an exception carrying a secret. A failure answers 500 with
a generic text in both languages and a short reference (JSON for Dash, a page for a
browser), never the traceback, the secret or a file path; the server log has the
traceback under that reference; everything else keeps answering. The same holds under
the production server (gunicorn) started with those variables.
"""

from __future__ import annotations

import http.cookiejar
import json
import logging
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from dash import Dash, Input, Output, _get_app
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app import create_app, dash_apps
from dashboard import ids
from dashboard.auth import EVERYONE, KIOSK_AUDIENCE, secure_callback
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine
from data_access.settings import Settings
from tests.security.test_headers import assert_security_headers
from tests.serving import Gunicorn
from tests.web import (
    PASSWORD,
    add_accounts,
    callback_body,
    client_as,
    csrf_from,
    demo_with_accounts,
    update,
)

# Every debug switch of Flask and Dash that the environment can turn on.
DEBUG_ENV = {
    "FLASK_DEBUG": "1",
    "DASH_DEBUG": "true",
    "DASH_UI": "true",
    "DASH_PROPS_CHECK": "true",
    "DASH_HOT_RELOAD": "true",
    "DASH_SERVE_DEV_BUNDLES": "true",
    "DASH_PRUNE_ERRORS": "false",
    "DASH_VALIDATE_CALLBACKS": "true",
}
SECRET = "postgresql://kipp:RAHASIA-9f3e@db.kudus/kipp"
BOOM_IN, BOOM_OUT = "uji-galat-masuk", "uji-galat-keluar"
KIOSK_BOOM_IN, KIOSK_BOOM_OUT = "uji-galat-kiosk-masuk", "uji-galat-kiosk-keluar"
BOOM_PAGE = "/uji-galat"
REF = re.compile(r"^[0-9A-F]{8}$")
GENERIC = {
    "id": "Maaf, server tidak dapat menyelesaikan permintaan ini.",
    "en": "Sorry, the server could not complete this request.",
}
# What a leak would look like: the secret, a traceback, our code's names and paths.
LEAKS = [SECRET, "RAHASIA", "Traceback", "RuntimeError", 'File "', ".py", "/work", "boom"]


class SecretError(RuntimeError):
    """An error whose message carries a secret, as a driver's connection error might."""


@dataclass
class Site:
    """An app built under DEBUG_ENV with failing callbacks and a failing page."""

    app: Dash
    kiosk_path: str
    admin: FlaskClient

    def screen(self) -> FlaskClient:
        client = self.app.server.test_client()
        assert client.get(self.kiosk_path).status_code == 200
        return client


def _add_failures(app: Dash) -> None:
    @secure_callback(app, Output(BOOM_OUT, "children"), Input(BOOM_IN, "data"), roles=EVERYONE)
    def boom(_data):
        raise SecretError(f"could not connect to {SECRET}")

    @secure_callback(
        dash_apps(app.server).kiosk,
        Output(KIOSK_BOOM_OUT, "children"),
        Input(KIOSK_BOOM_IN, "data"),
        roles=KIOSK_AUDIENCE,
    )
    def kiosk_boom(_data):
        raise SecretError(f"could not connect to {SECRET}")

    def boom_page():
        raise SecretError(f"could not connect to {SECRET}")

    app.server.add_url_rule(BOOM_PAGE, "uji_galat", boom_page)


@pytest.fixture(scope="module")
def site(demo_template, tmp_path_factory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("errors")
    url, kiosk_path = demo_with_accounts(demo_template, folder)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in DEBUG_ENV.items():
            patch.setenv(name, value)
        server = create_app(
            Settings(database_url=url, secret_key="test-errors", instance_dir=str(folder))
        )
    _add_failures(dash_apps(server).dashboard)
    yield Site(dash_apps(server).dashboard, kiosk_path, client_as(server, "admin"))
    server.extensions[EXTENSION_KEY].dispose()


def _body(app: Dash, output_id: str, values: dict) -> dict[str, Any]:
    key = next(key for key in app.callback_map if f"{output_id}." in key)
    return callback_body(key, app.callback_map[key], values)


def _navbar(site: Site) -> TestResponse:
    values = {(ids.SHELL_URL, "pathname"): "/", (ids.SHELL_URL, "search"): ""}
    return update(site.admin, _body(site.app, ids.SHELL_NAV_LINKS, values))


def _kiosk_frame(screen: FlaskClient, app: Dash) -> TestResponse:
    body = _body(dash_apps(app.server).kiosk, ids.KIOSK_FRAME, {(ids.KIOSK_SIGNAL, "data"): {}})
    return screen.post("/kiosk/_dash-update-component", json=body)


def assert_generic(text: str) -> None:
    """Assert an error answer says only the generic text, in both languages."""
    assert GENERIC["id"] in text and GENERIC["en"] in text
    for leak in LEAKS:
        assert leak not in text, f"the answer gives away {leak!r}"


def assert_logged(caplog, ref: str) -> None:
    """Assert the server log has the error's traceback and secret under its reference."""
    records = [r for r in caplog.records if ref in r.getMessage()]
    assert len(records) == 1, [r.getMessage() for r in caplog.records]
    record = records[0]
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert isinstance(record.exc_info[1], SecretError)
    assert SECRET in caplog.text and "Traceback" in caplog.text


# ---------------------------------------------------------------- production mode
def test_the_environment_turns_debug_on_for_a_plain_flask_and_dash(monkeypatch):
    # What the next test undoes: Flask and Dash do read these variables.
    for name, value in DEBUG_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(_get_app, "APP", _get_app.APP)  # Dash's "current app", put back after
    plain = Dash(__name__, server=Flask(__name__))
    assert plain.server.debug is True
    assert plain._dev_tools.ui is True and plain._dev_tools.hot_reload is True


def test_debug_stays_off_whatever_the_environment_says(site):
    server = site.app.server
    assert server.debug is False
    assert server.config["PROPAGATE_EXCEPTIONS"] is False
    screen = site.screen()
    kiosk = dash_apps(site.app.server).kiosk
    for dash_app, client, path in ((site.app, site.admin, "/"), (kiosk, screen, "/kiosk")):
        tools = dash_app._dev_tools
        assert not any(
            tools[name]
            for name in (
                "ui",
                "props_check",
                "hot_reload",
                "serve_dev_bundles",
                "validate_callbacks",
            )
        )
        page = client.get(path).get_data(as_text=True)
        config = json.loads(re.search(r'id="_dash-config"[^>]*>(.*?)</script>', page).group(1))
        assert config["ui"] is False and config["props_check"] is False
        assert "hot_reload" not in config
        assert re.search(r'dash_renderer[^"]*\.min\.js"', page) and ".dev.js" not in page


# ---------------------------------------------------------------- failing callbacks
def test_a_failing_callback_answers_a_reference_and_nothing_else(site, caplog):
    response = update(site.admin, _body(site.app, BOOM_OUT, {(BOOM_IN, "data"): 1}))
    assert response.status_code == 500
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    content = response.get_json()
    assert set(content) == {"error", "message", "ref"}
    assert REF.match(content["ref"])
    assert_generic(response.get_data(as_text=True))
    assert_security_headers(response)
    assert_logged(caplog, content["ref"])


def test_a_failing_kiosk_callback_leaves_the_screen_working(site, caplog):
    screen = site.screen()
    assert _kiosk_frame(screen, site.app).status_code == 200
    body = _body(dash_apps(site.app.server).kiosk, KIOSK_BOOM_OUT, {(KIOSK_BOOM_IN, "data"): 1})
    response = screen.post("/kiosk/_dash-update-component", json=body)
    assert response.status_code == 500
    assert_generic(response.get_data(as_text=True))
    assert_logged(caplog, response.get_json()["ref"])
    # The same screen carries on: its poll and its frame still answer.
    assert screen.get("/kiosk/api/state").status_code == 200
    frame = _kiosk_frame(screen, site.app)
    assert frame.status_code == 200
    assert "kiosk-frame-inner" in frame.get_data(as_text=True)


def test_every_other_callback_and_page_still_answers_after_failures(site):
    for _ in range(3):
        assert (
            update(site.admin, _body(site.app, BOOM_OUT, {(BOOM_IN, "data"): 1})).status_code == 500
        )
    navbar = _navbar(site)
    assert navbar.status_code == 200
    assert "panitia" in navbar.get_data(as_text=True)
    for path in ("/", "/peringkat", "/kendali", "/login"):
        assert site.admin.get(path).status_code == 200, path
    refs = {
        update(site.admin, _body(site.app, BOOM_OUT, {(BOOM_IN, "data"): n})).get_json()["ref"]
        for n in range(5)
    }
    assert len(refs) == 5  # a new reference for every failure


def test_a_viewer_without_the_role_never_reaches_the_failing_code(site):
    client = site.app.server.test_client()
    response = update(client, _body(site.app, BOOM_OUT, {(BOOM_IN, "data"): 1}))
    # Without a session the request is refused before Dash reads it (dashboard/limits.py).
    assert response.status_code == 401
    assert "ref" not in response.get_json()


# ---------------------------------------------------------------- failing pages
def test_a_failing_page_shows_a_generic_page_in_both_languages(site, caplog):
    response = site.admin.get(BOOM_PAGE, headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 500
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Terjadi kesalahan / Something went wrong" in page
    assert '<p lang="id">' in page and '<p lang="en">' in page
    ref = re.search(r"Kode rujukan untuk panitia: ([0-9A-F]{8})", page).group(1)
    assert f"Reference code for the committee: {ref}" in page
    assert page.index(GENERIC["id"]) < page.index(GENERIC["en"])
    assert_generic(page)
    assert_security_headers(response)
    assert_logged(caplog, ref)
    assert site.admin.get("/").status_code == 200


def test_a_failing_route_answers_json_to_a_script(site):
    response = site.admin.get(BOOM_PAGE, headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert REF.match(response.get_json()["ref"])
    assert_generic(response.get_data(as_text=True))


# ---------------------------------------------------------------- under gunicorn
class Browser:
    """A cookie-keeping HTTP client for the gunicorn server (urllib, no JavaScript)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, path: str, *, data: bytes | None = None, headers=None) -> tuple[int, str]:
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()

    def login(self) -> None:
        status, page = self.request("/login")
        assert status == 200
        form = {"username": "panitia", "password": PASSWORD, "csrf": csrf_from(page)}
        status, _ = self.request("/login", data=urllib.parse.urlencode(form).encode())
        assert status == 200  # redirected to the dashboard

    def callback(self, body: dict) -> tuple[int, str]:
        return self.request(
            "/_dash-update-component",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )


@pytest.fixture(scope="module")
def production(demo_template, tmp_path_factory) -> Iterator[Gunicorn]:
    """Gunicorn serving app:create_app() on a copy of the demo, started with DEBUG_ENV."""
    folder = tmp_path_factory.mktemp("gunicorn-errors")
    shutil.copyfile(demo_template, folder / "kipp.sqlite3")
    url = f"sqlite:///{folder / 'kipp.sqlite3'}"
    engine = make_engine(url)
    add_accounts(engine)
    engine.dispose()
    server = Gunicorn(url, folder)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in DEBUG_ENV.items():
            patch.setenv(name, value)
        server.start()
    yield server
    server.stop()


def test_gunicorn_with_debug_variables_answers_errors_generically(production, site):
    browser = Browser(production.url)
    browser.login()
    status, page = browser.request("/")
    assert status == 200
    assert '"ui":false' in page and '"props_check":false' in page and "hot_reload" not in page
    # A callback the server does not know: Dash raises a KeyError naming it.
    bogus = {**_body(site.app, ids.SHELL_NAV_LINKS, {}), "output": "rahasia-tidak-ada.children"}
    status, text = browser.callback(bogus)
    assert status == 500
    assert REF.match(json.loads(text)["ref"])
    assert_generic(text)
    assert "rahasia-tidak-ada" not in text and "KeyError" not in text
    # A bundle path Dash does not know: its exception lists every registered file; the
    # answer is a plain 404 page instead.
    status, text = browser.request(
        "/_dash-component-suites/dash/tidak-ada.js", headers={"Accept": "text/html"}
    )
    assert status == 404
    assert "Halaman tidak ditemukan" in text and "Traceback" not in text
    assert "registered" not in text and "dash_renderer" not in text
    # And the workers carry on.
    values = {(ids.SHELL_URL, "pathname"): "/", (ids.SHELL_URL, "search"): ""}
    status, text = browser.callback(_body(site.app, ids.SHELL_NAV_LINKS, values))
    assert status == 200 and "panitia" in text
    assert browser.request("/peringkat")[0] == 200
