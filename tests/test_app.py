"""Tests of app.py through a logged-in Flask test client: pages, data-free layouts, content."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from dash import Dash
from flask.testing import FlaskClient

from app import PAGES, create_app, dash_apps
from dashboard import ids
from dashboard.poll import MEMO_KEY
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine
from data_access.i18n import t
from data_access.migrate import upgrade
from data_access.settings import PROJECT_ROOT, Settings
from tests.serving import APP_SPEC, Gunicorn
from tests.test_overview import seed_kudus_2022
from tests.web import PROGRESS_KEY, add_accounts, callback_body, client_as, login, update

EDITION_NAME = "KIPP Kabupaten Kudus 2022"
NAVBAR_KEY = (
    f"..{ids.SHELL_NAV_LINKS}.children...{ids.SHELL_EDITION_PICKER}.children..."
    f"{ids.SHELL_NAVBAR}.children...{ids.SHELL_ACCOUNT}.children..."
    f"{ids.SHELL_EDITION_NAME}.children...{ids.SHELL_TAGLINE}.children.."
)


@pytest.fixture
def make_app(tmp_path):
    """make_app(url) builds a server on that database; its engine is disposed after the test."""
    servers = []

    def build(url: str):
        server = create_app(
            Settings(database_url=url, secret_key="test-app", instance_dir=str(tmp_path))
        )
        servers.append(server)
        return server

    yield build
    for server in servers:
        server.extensions[EXTENSION_KEY].dispose()


@pytest.fixture
def seeded_url(sqlite_url) -> str:
    """A migrated SQLite database holding the small Kudus 2022 edition and one user per role."""
    engine = make_engine(sqlite_url)
    seed_kudus_2022(engine)
    add_accounts(engine)
    engine.dispose()
    return sqlite_url


@dataclass
class Site:
    """The dashboard's Dash app and a test client logged in to its server."""

    app: Dash
    client: FlaskClient


def _call(site: Site, key: str, values: dict) -> dict:
    """Call one callback the way the browser does and return its response."""
    response = update(site.client, callback_body(key, site.app.callback_map[key], values))
    assert response.status_code == 200, response.text
    return response.get_json()["response"]


def _progress(site: Site, search: str = "") -> str:
    """Return the Progres Penilaian content for a query string, as JSON text."""
    response = _call(
        site,
        PROGRESS_KEY,
        {(ids.PROGRESS_URL, "search"): search, (ids.PROGRESS_INTERVAL, "n_intervals"): 1},
    )
    return json.dumps(response, ensure_ascii=False)


@pytest.fixture
def viewer(make_app, seeded_url) -> Site:
    """The app on the seeded database, with a client logged in as a viewer."""
    server = make_app(seeded_url)
    return Site(dash_apps(server).dashboard, client_as(server, "viewer"))


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/", "Progres Penilaian · KIPP Live"),
        ("/?lang=en", "Judging Progress · KIPP Live"),
        ("/partisipasi", "Partisipasi OPD · KIPP Live"),
        ("/partisipasi?lang=en", "OPD Participation · KIPP Live"),
        ("/jadwal", "Jadwal · KIPP Live"),
    ],
)
def test_every_page_names_itself_in_the_tab(viewer, path, title):
    """The tab's title says which page it is, and the document its language, the page's."""
    page = viewer.client.get(path).get_data(as_text=True)
    assert f"<title>{title}</title>" in page
    assert f'<html lang="{"en" if "lang=en" in path else "id"}">' in page


def test_index_page_serves_local_assets_only(viewer):
    response = viewer.client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "<title>Progres Penilaian · KIPP Live</title>" in html
    assert "/assets/bootstrap.min.css" in html
    assert "/assets/kipp.css" in html
    assert re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', html) == []


def test_login_page_serves_local_assets_only(make_app, seeded_url):
    html = make_app(seeded_url).test_client().get("/login").get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "/assets/bootstrap.min.css" in html
    assert re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', html) == []


def test_assets_are_served(viewer):
    # Close the responses: they stream files, and an open file is a ResourceWarning.
    with viewer.client.get("/assets/bootstrap.min.css") as css:
        assert css.status_code == 200
        assert b"Bootstrap  v5.3.6" in css.data
    with viewer.client.get("/assets/kipp.css") as kipp:
        assert kipp.status_code == 200
        assert b"--kipp-green" in kipp.data


def test_layout_carries_no_edition_data(make_app, seeded_url):
    server = make_app(seeded_url)
    client = client_as(server, "admin")
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200
    assert EDITION_NAME not in layout.get_data(as_text=True)
    assert "kudus-2022" not in layout.get_data(as_text=True)
    for module, _name, _roles in PAGES:
        with server.test_request_context(module.PATH):
            page = json.dumps(module.layout(), cls=_ComponentEncoder)
        assert EDITION_NAME not in page, module.__name__
        assert module.PAGE.content in page


def test_progress_content_shows_the_overview_counts(viewer):
    content = _progress(viewer)
    assert EDITION_NAME in content
    for label in ("Inovasi", "Lolos Administrasi", "Perangkat Daerah", "Dewan Juri"):
        assert label in content
    assert "66,7% dari inovasi" in content  # 4 of 6 passed
    assert "Penganugerahan: 29 Desember 2022" in content
    assert re.search(r"Diperbarui pukul \d\d\.\d\d WIB", content)


def test_progress_content_in_english(viewer):
    content = _progress(viewer, "?lang=en")
    assert "Jury Members" in content
    assert "Award ceremony: December 29, 2022" in content
    assert re.search(r"Updated at \d\d:\d\d WIB", content)


def test_progress_content_of_another_edition_by_code(viewer):
    assert "KIPP Kabupaten Kudus 2021" in _progress(viewer, "?edition=kudus-2021")


def test_progress_content_for_an_unknown_edition(viewer):
    content = _progress(viewer, "?edition=kudus-1999")
    assert "Edisi tidak ditemukan" in content
    assert "kudus-1999" in content


def test_empty_database_explains_how_to_load_the_demo(make_app, sqlite_url):
    engine = make_engine(sqlite_url)
    add_accounts(engine)
    engine.dispose()
    server = make_app(sqlite_url)
    content = _progress(Site(dash_apps(server).dashboard, client_as(server, "viewer")))
    assert "Belum ada edisi KIPP" in content
    assert "python -m data_access demo" in content


def test_navbar_shows_the_edition_and_keeps_parameters_in_language_links(viewer):
    navbar = _call(
        viewer,
        NAVBAR_KEY,
        {(ids.SHELL_URL, "pathname"): "/", (ids.SHELL_URL, "search"): "?edition=kudus-2021"},
    )
    assert navbar[ids.SHELL_EDITION_NAME]["children"] == "KIPP Kabupaten Kudus 2021"
    links = {link["props"]["id"]: link["props"] for link in navbar[ids.SHELL_NAVBAR]["children"]}
    assert links[ids.SHELL_LANG_EN]["href"] == "?edition=kudus-2021&lang=en"
    assert "active" in links[ids.SHELL_LANG_ID]["className"]
    # A viewer's navbar offers no link to the committee's ranking.
    assert "/peringkat" not in json.dumps(navbar[ids.SHELL_NAV_LINKS])
    assert navbar[ids.SHELL_TAGLINE]["children"] == t("app.tagline", "id")


def test_navbar_tagline_follows_the_page_language(viewer):
    """The brand's tagline under "KIPP Live" is in English on an English page."""
    values = {(ids.SHELL_URL, "pathname"): "/", (ids.SHELL_URL, "search"): "?lang=en"}
    navbar = _call(viewer, NAVBAR_KEY, values)
    assert navbar[ids.SHELL_TAGLINE]["children"] == t("app.tagline", "en")


@pytest.mark.parametrize("state", ["missing", "not-migrated", "migrated-but-no-users-table"])
def test_login_on_an_unready_database_shows_a_message_not_a_traceback(make_app, tmp_path, state):
    """Logging in on a database that is not ready says so, never a bare 500 page."""
    path = tmp_path / "db" / "kipp.sqlite3"
    if state != "missing":
        path.parent.mkdir()
        path.touch()
    if state == "migrated-but-no-users-table":
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine, "0001")
        engine.dispose()
    client = make_app(f"sqlite:///{path}").test_client()
    response = login(client, "tamu")
    page = response.get_data(as_text=True)
    assert response.status_code != 500, "a database not ready must not be a 500 error"
    assert "Basis data belum siap" in page
    assert "Traceback" not in page


def test_database_lost_mid_session_shows_the_stale_badge(make_app, seeded_url):
    """A database lost mid-session gives the stale badge, not an error."""
    server = make_app(seeded_url)
    server.extensions[MEMO_KEY].max_age_s = 0  # the next refresh reads the version
    client = client_as(server, "viewer")
    app = dash_apps(server).dashboard
    values = {(ids.PROGRESS_URL, "search"): "", (ids.PROGRESS_INTERVAL, "n_intervals"): 1}
    shown = _call(Site(app, client), PROGRESS_KEY, values)[ids.PROGRESS_SHOWN]["data"]
    # The database file disappears (a volume unmounted, a restore in progress).
    Path(seeded_url.removeprefix("sqlite:///")).unlink()
    server.extensions[EXTENSION_KEY].dispose()
    body = callback_body(
        PROGRESS_KEY,
        app.callback_map[PROGRESS_KEY],
        {**values, (ids.PROGRESS_SHOWN, "data"): shown},
    )
    response = update(client, body)
    assert response.status_code == 200, "expected the stale badge, got an error"
    assert "Data belum diperbarui" in response.get_data(as_text=True)


# What `import app` may leave behind: nothing on disk, no server, no engine.
IMPORT_CHECK = """
import gc, flask, sqlalchemy
import app
assert not [o for o in gc.get_objects() if isinstance(o, flask.Flask)], "a Flask server"
assert not [o for o in gc.get_objects() if isinstance(o, sqlalchemy.Engine)], "an engine"
"""


def test_importing_app_creates_nothing(tmp_path):
    """Importing app writes no secret key, makes no folder, builds no server or engine."""
    missing = tmp_path / "nowhere" / "kipp.sqlite3"
    instance = tmp_path / "instance"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{missing}", "INSTANCE_DIR": str(instance)}
    env.pop("SECRET_KEY", None)  # without one, create_app would write instance/secret_key
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_CHECK],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert not missing.parent.exists()
    assert not instance.exists()


def test_gunicorn_serves_the_factory(sqlite_url, tmp_path):
    """The Procfile's `gunicorn 'app:create_app()'` serves; the key is written when it builds."""
    web = (PROJECT_ROOT / "Procfile").read_text(encoding="utf-8")
    assert shlex.split(web.partition(":")[2])[-1] == APP_SPEC
    instance = tmp_path / "instance"
    server = Gunicorn(sqlite_url, instance, env={"SECRET_KEY": ""})
    server.start()  # waits for GET /login to answer 200
    try:
        assert requests.get(f"{server.url}/healthz", timeout=10).json() == {"status": "ok"}
        assert (instance / "secret_key").stat().st_size > 0  # by create_app, in a worker
    finally:
        server.stop()


class _ComponentEncoder(json.JSONEncoder):
    """Encode Dash components the way Dash sends them to the browser."""

    def default(self, o):
        return o.to_plotly_json() if hasattr(o, "to_plotly_json") else super().default(o)


def test_every_page_names_the_site_s_small_icon(make_app, seeded_url, viewer):
    """The dashboard and the plain pages link assets/favicon.ico (1 KB; Dash's own weighs
    15 KB, 4.8 KB with brotli, on every first load); /favicon.ico sends a browser there."""
    dashboard = viewer.client.get("/").get_data(as_text=True)
    assert re.search(r'<link rel="icon" [^>]*href="/assets/favicon\.ico\?m=', dashboard)
    plain = make_app(seeded_url).test_client().get("/login").get_data(as_text=True)
    assert '<link rel="icon" href="/assets/favicon.ico">' in plain
    with viewer.client.get("/assets/favicon.ico") as icon:
        assert icon.status_code == 200 and "icon" in icon.mimetype
        assert icon.data[:4] == b"\x00\x00\x01\x00" and len(icon.data) < 2048  # an ICO, small
    moved = viewer.client.get("/favicon.ico")
    assert moved.status_code == 301 and moved.headers["Location"] == "/assets/favicon.ico"
