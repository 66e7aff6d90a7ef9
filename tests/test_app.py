"""Tests of app.py through Flask's test client: the page, the data-free layout, the callbacks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from dashboard import ids
from dashboard.pages import home
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine
from data_access.settings import PROJECT_ROOT, Settings
from tests.test_overview import seed_kudus_2022

EDITION_NAME = "KIPP Kabupaten Kudus 2022"


@pytest.fixture
def make_app():
    """make_app(url) builds an app on that database; its engine is disposed after the test."""
    apps = []

    def build(url: str):
        app = create_app(Settings(database_url=url))
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.server.extensions[EXTENSION_KEY].dispose()


@pytest.fixture
def seeded_url(sqlite_url) -> str:
    """A migrated SQLite database holding the small Kudus 2022 edition."""
    engine = make_engine(sqlite_url)
    seed_kudus_2022(engine)
    engine.dispose()
    return sqlite_url


def _update(client, callback_output: str, inputs: list[dict]) -> dict:
    """Call one callback the way the browser does and return its response."""
    client.get("/")  # the first request sets up the pages router
    outputs = [
        {"id": part.split(".")[0], "property": part.split(".")[1]}
        for part in callback_output.strip(".").split("...")
    ]
    response = client.post(
        "/_dash-update-component",
        json={
            "output": callback_output,
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": inputs,
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
            "state": [],
        },
    )
    assert response.status_code == 200, response.text
    return response.get_json()["response"]


def _render_home(client, search: str = "") -> str:
    """Return the home content for a query string, as JSON text."""
    response = _update(
        client,
        f"{ids.HOME_CONTENT}.children",
        [
            {"id": ids.HOME_URL, "property": "search", "value": search},
            {"id": ids.HOME_REFRESH, "property": "n_intervals", "value": None},
        ],
    )
    return json.dumps(response[ids.HOME_CONTENT]["children"], ensure_ascii=False)


def test_index_page_serves_local_assets_only(make_app, seeded_url):
    client = make_app(seeded_url).server.test_client()
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "<title>KIPP Live</title>" in html
    assert "/assets/bootstrap.min.css" in html
    assert "/assets/kipp.css" in html
    external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', html)
    assert external == []


def test_assets_are_served(make_app, seeded_url):
    client = make_app(seeded_url).server.test_client()
    # Close the responses: they stream files, and an open file is a ResourceWarning.
    with client.get("/assets/bootstrap.min.css") as css:
        assert css.status_code == 200
        assert b"Bootstrap  v5.3.6" in css.data
    with client.get("/assets/kipp.css") as kipp:
        assert kipp.status_code == 200
        assert b"--kipp-green" in kipp.data


def test_layout_carries_no_edition_data(make_app, seeded_url):
    app = make_app(seeded_url)
    client = app.server.test_client()
    client.get("/")
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200
    assert EDITION_NAME not in layout.get_data(as_text=True)
    assert "kudus-2022" not in layout.get_data(as_text=True)
    with app.server.test_request_context("/"):
        page = json.dumps(home.layout(), cls=_ComponentEncoder)
    assert EDITION_NAME not in page
    assert ids.HOME_CONTENT in page


def test_home_content_shows_counts(make_app, seeded_url):
    content = _render_home(make_app(seeded_url).server.test_client())
    assert EDITION_NAME in content
    for label in ("Inovasi", "Lolos Administrasi", "Perangkat Daerah", "Dewan Juri"):
        assert label in content
    assert "66,7% dari inovasi" in content  # 4 of 6 passed
    assert "Penganugerahan: 29 Desember 2022" in content
    assert re.search(r"Diperbarui pukul \d\d\.\d\d WIB", content)


def test_home_content_in_english(make_app, seeded_url):
    content = _render_home(make_app(seeded_url).server.test_client(), "?lang=en")
    assert "Jury Members" in content
    assert "Award ceremony: December 29, 2022" in content
    assert re.search(r"Updated at \d\d:\d\d WIB", content)


def test_home_content_of_another_edition_by_code(make_app, seeded_url):
    content = _render_home(make_app(seeded_url).server.test_client(), "?edition=kudus-2021")
    assert "KIPP Kabupaten Kudus 2021" in content


def test_home_content_for_an_unknown_edition(make_app, seeded_url):
    content = _render_home(make_app(seeded_url).server.test_client(), "?edition=kudus-1999")
    assert "Edisi tidak ditemukan" in content
    assert "kudus-1999" in content


def test_empty_database_explains_how_to_load_the_demo(make_app, sqlite_url):
    content = _render_home(make_app(sqlite_url).server.test_client())
    assert "Belum ada edisi KIPP" in content
    assert "python -m data_access demo" in content


@pytest.mark.parametrize("state", ["missing", "not-migrated"])
def test_unready_database_shows_a_message_not_a_traceback(make_app, tmp_path, state):
    path = tmp_path / "db" / "kipp.sqlite3"
    if state == "not-migrated":
        path.parent.mkdir()
        path.touch()
    client = make_app(f"sqlite:///{path}").server.test_client()
    content = _render_home(client)
    assert "Basis data belum siap" in content
    assert "python -m data_access init" in content
    assert "Traceback" not in content
    navbar = _update(
        client,
        f"..{ids.SHELL_EDITION_NAME}.children...{ids.SHELL_NAVBAR}.children..",
        [{"id": ids.SHELL_URL, "property": "search", "value": ""}],
    )
    assert navbar[ids.SHELL_EDITION_NAME]["children"] == ""


def test_navbar_shows_the_edition_and_keeps_parameters_in_language_links(make_app, seeded_url):
    navbar = _update(
        make_app(seeded_url).server.test_client(),
        f"..{ids.SHELL_EDITION_NAME}.children...{ids.SHELL_NAVBAR}.children..",
        [{"id": ids.SHELL_URL, "property": "search", "value": "?edition=kudus-2021"}],
    )
    assert navbar[ids.SHELL_EDITION_NAME]["children"] == "KIPP Kabupaten Kudus 2021"
    links = {link["props"]["id"]: link["props"] for link in navbar[ids.SHELL_NAVBAR]["children"]}
    assert links[ids.SHELL_LANG_EN]["href"] == "?edition=kudus-2021&lang=en"
    assert "active" in links[ids.SHELL_LANG_ID]["className"]


def test_importing_app_touches_no_database(tmp_path):
    missing = tmp_path / "nowhere" / "kipp.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{missing}"}
    result = subprocess.run(
        [sys.executable, "-c", "import app; assert app.server is app.app.server"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert not Path(missing).parent.exists()


class _ComponentEncoder(json.JSONEncoder):
    """Encode Dash components the way Dash sends them to the browser."""

    def default(self, o):
        return o.to_plotly_json() if hasattr(o, "to_plotly_json") else super().default(o)
