"""A display token opens the ceremony screen and nothing else.

A token in /kiosk?token=... starts a session with the role "kiosk": the kiosk page, its
Dash endpoints, its state poll and photos answer; every dashboard page sends it away and
every dashboard callback answers 204. A wrong token gets a plain bilingual refusal, never
a login form; a revoked token's session ends at its next request; the database keeps
only the token's SHA-256.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, select, text
from werkzeug.test import TestResponse

from app import PAGES, create_app, dash_apps
from dashboard.auth import KIOSK
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.kiosks import create_token, kiosk_url, revoke
from data_access.models import KioskScreen
from data_access.settings import Settings
from tests.seed import add_edition, add_innovation, add_unit
from tests.web import add_accounts, callback_body, client_as, update


@pytest.fixture
def db_url(sqlite_url) -> str:
    """SQLite only: what a display token opens is route logic, not SQL."""
    return sqlite_url


# Edition data that only the dashboard shows: a token session must never receive it.
EDITION_NAME = "KANARI-EDISI-9c1e"
EDITION_CODE = "aman-2022"
INNOVATION_TITLE = "KANARI-INOVASI-9c1e"
PAGE_PATHS = [module.PATH for module, _name, _roles in PAGES]
# The dashboard's pages: at least these four, and whatever else PAGES holds (/kendali).
REQUIRED_PATHS = ["/", "/partisipasi", "/peringkat", "/jadwal"]
DASHBOARD_PATHS = sorted({*REQUIRED_PATHS, *PAGE_PATHS})
# Dash's pages router sends layouts only (see test_callback_roles); it is not secured.
PAGES_ROUTER = "_pages_content."


@dataclass
class Hall:
    """The app on a small edition, an engine on its database and one screen's token."""

    app: Dash
    engine: Engine
    url: str
    token: str

    @property
    def path(self) -> str:
        return kiosk_url(self.token)

    def screen(self) -> FlaskClient:
        """Return a fresh browser that opened the screen's token address."""
        client = self.app.server.test_client()
        response = client.get(self.path)
        assert response.status_code == 200, response.status_code
        return client


@pytest.fixture
def hall(db_url, tmp_path) -> Iterator[Hall]:
    engine = make_engine(db_url)
    with transaction(engine) as session:
        edition = add_edition(session, EDITION_CODE, name=EDITION_NAME)
        unit = add_unit(session, "DINKES")
        add_innovation(session, edition, "I1", unit).title = INNOVATION_TITLE
        token = create_token(session, "TV Pendopo")
    add_accounts(engine)
    server = create_app(
        Settings(database_url=db_url, secret_key="test-kiosk", instance_dir=str(tmp_path))
    )
    yield Hall(dash_apps(server).dashboard, engine, db_url, token)
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


def _session(client: FlaskClient) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def _text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def _get(client: FlaskClient, path: str) -> TestResponse:
    """GET a path and read the whole answer (files are streamed: close them)."""
    response = client.get(path)
    response.get_data()
    response.close()
    return response


def _is_sent_away(response: TestResponse) -> bool:
    """Return True for a redirect to the login page or a 403: never a page with data."""
    if response.status_code == 302:
        return response.headers["Location"].startswith("/login")
    return response.status_code == 403


def _dashboard_callbacks(app: Dash) -> list[tuple[str, dict]]:
    """Return the dashboard's server callbacks but Dash's pages router."""
    return [
        (key, entry)
        for key, entry in app.callback_map.items()
        if "callback" in entry and PAGES_ROUTER not in key
    ]


# ---------------------------------------------------------------- the token's scope
def test_a_token_opens_the_kiosk_and_its_endpoints(hall):
    screen = hall.screen()
    assert _session(screen)["role"] == KIOSK
    assert "uid" not in _session(screen)
    for path in ("/kiosk", "/kiosk/", "/kiosk/_dash-layout", "/kiosk/_dash-dependencies"):
        assert screen.get(path).status_code == 200, path
    state = screen.get("/kiosk/api/state")
    assert state.status_code == 200
    assert state.headers["Cache-Control"] == "no-store"
    assert _get(screen, "/kiosk-sw.js").status_code == 200
    # The frame callback answers the screen with slides.
    key = "kiosk-frame.children"
    body = callback_body(
        key,
        dash_apps(hall.app.server).kiosk.callback_map[key],
        {("kiosk-signal", "data"): {"v": "1-1", "search": "?lang=id", "n": 1}},
    )
    frame = screen.post("/kiosk/_dash-update-component", json=body)
    assert frame.status_code == 200
    assert "kiosk-slide" in _text(frame)


@pytest.mark.parametrize("path", DASHBOARD_PATHS)
def test_a_token_session_is_sent_away_from_every_dashboard_page(hall, path):
    screen = hall.screen()
    for query in ("", f"?edition={EDITION_CODE}", "?lang=en"):
        response = screen.get(path + query)
        assert _is_sent_away(response), (path + query, response.status_code)
        page = _text(response)
        assert EDITION_NAME not in page and INNOVATION_TITLE not in page
    # Still a screen afterwards: being refused does not end its session.
    assert screen.get("/kiosk/api/state").status_code == 200


def test_every_dashboard_page_path_is_checked():
    assert set(REQUIRED_PATHS) <= set(PAGE_PATHS)
    assert sorted(PAGE_PATHS) == DASHBOARD_PATHS


def test_a_token_session_gets_204_from_every_dashboard_callback(hall):
    screen, viewer = hall.screen(), client_as(hall.app.server, "viewer")
    callbacks = _dashboard_callbacks(hall.app)
    assert len(callbacks) >= 7
    values = {("progress-url", "pathname"): "/", ("progress-url", "search"): ""}
    answered_viewer = 0
    for key, entry in callbacks:
        body = callback_body(key, entry, values)
        response = update(screen, body)
        assert response.status_code == 204, key
        assert response.get_data() == b"", key
        answered_viewer += update(viewer, body).status_code == 200
    assert answered_viewer > 0  # the same requests do answer an account that may see them
    # The pages router answers everyone, with a page's layout and no edition data.
    router = next(k for k in hall.app.callback_map if PAGES_ROUTER in k)
    entry = hall.app.callback_map[router]
    for path in DASHBOARD_PATHS:
        routed = {(i["id"], "pathname"): path for i in entry["inputs"]}
        routed |= {(i["id"], "search"): f"?edition={EDITION_CODE}" for i in entry["inputs"]}
        page = _text(update(screen, callback_body(router, entry, routed)))
        assert EDITION_NAME not in page and INNOVATION_TITLE not in page, path


# ---------------------------------------------------------------- wrong tokens
BAD_TOKENS = [
    "",
    "abc",
    "x" * 300,
    "../../etc/passwd",
    "<script>alert('kanari')</script>",
    "' OR 1=1 --",
    "A" * 43,  # well formed, but no screen has it
]


@pytest.mark.parametrize("token", BAD_TOKENS)
def test_a_wrong_token_gets_a_plain_403_without_a_login_form(hall, token):
    client = hall.app.server.test_client()
    for lang, title in (("", "Layar ini belum terdaftar"), ("en", "This screen is not registered")):
        query = {"token": token, **({"lang": lang} if lang else {})}
        response = client.get("/kiosk", query_string=query)
        page = _text(response)
        assert response.status_code == 403
        assert title in page
        assert f'lang="{lang or "id"}"' in page
        assert "python -m" not in page  # words for the hall, not a shell command
        assert response.headers["Cache-Control"] == "no-store"
        assert "password" not in page.lower() and "<form" not in page.lower()
        assert "<script>" not in page and "kanari" not in page
        assert "kiosk" not in _session(client) and "role" not in _session(client)
    # No session was started: the state poll is still refused.
    assert client.get("/kiosk/api/state").status_code == 401


def test_a_token_of_another_screen_stays_refused_when_changed_by_one_letter(hall):
    last = "A" if hall.token[-1] != "A" else "B"
    client = hall.app.server.test_client()
    assert client.get(kiosk_url(hall.token[:-1] + last)).status_code == 403


# ---------------------------------------------------------------- revoking
def test_a_revoked_token_ends_its_session_at_the_next_request(hall):
    screen = hall.screen()
    assert screen.get("/kiosk/api/state").status_code == 200
    with transaction(hall.engine) as session:
        revoke(session, "TV Pendopo")
    assert screen.get("/kiosk/api/state").status_code == 401
    assert screen.get("/kiosk/photo/1").status_code == 401
    response = screen.get("/kiosk")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert screen.get(hall.path).status_code == 403
    # A screen registered afterwards (SQLite hands out the revoked id again) does not
    # bring the old session back, nor does a new token under the same name.
    with transaction(hall.engine) as session:
        create_token(session, "TV Lobi")
        create_token(session, "TV Pendopo")
    assert screen.get("/kiosk/api/state").status_code == 401
    assert screen.get("/kiosk").status_code == 302


def test_a_new_token_for_the_same_screen_name_replaces_the_old_session(hall):
    screen = hall.screen()
    with transaction(hall.engine) as session:
        revoke(session, "TV Pendopo")
        fresh = create_token(session, "TV Pendopo")
    assert screen.get("/kiosk/api/state").status_code == 401
    assert screen.get(kiosk_url(fresh)).status_code == 200
    assert screen.get("/kiosk/api/state").status_code == 200


# ---------------------------------------------------------------- anonymous and admins
def test_anonymous_gets_no_state_and_is_sent_to_login(hall):
    client = client_as(hall.app.server, None)
    state = client.get("/kiosk/api/state")
    assert state.status_code == 401
    assert state.get_json() == {"error": "unauthorized"}
    for path in ("/kiosk", "/kiosk/", "/kiosk?lang=en"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login?next=/kiosk")
    assert client.get("/kiosk/photo/1").status_code == 401


PERSON_PAGE = {
    "id": ("Peramban ini sedang dipakai akun seseorang", "Anda masuk sebagai panitia"),
    "en": ("This browser is logged in as a person", "You are logged in as panitia"),
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_token_opened_in_an_admins_browser_leaves_the_admin_logged_in(hall, lang):
    browser = client_as(hall.app.server, "admin")
    ranking = next(k for k, _e in _dashboard_callbacks(hall.app) if "ranking-content" in k)
    body = callback_body(ranking, hall.app.callback_map[ranking], {})
    before = _session(browser)
    query = "" if lang == "id" else "&lang=en"
    response = browser.get(hall.path + query)
    page = _text(response)
    assert response.status_code == 409
    assert response.headers["Cache-Control"] == "no-store"
    assert f'<html lang="{lang}">' in page
    for words in PERSON_PAGE[lang]:
        assert words in page
    other = "en" if lang == "id" else "id"
    assert PERSON_PAGE[other][0] not in page
    assert EDITION_NAME not in page and INNOVATION_TITLE not in page
    # Nothing changed: the same session, which still opens /kendali and the ranking.
    assert _session(browser) == before
    assert browser.get("/kendali").status_code == 200
    assert update(browser, body).status_code == 200
    assert browser.get("/kiosk/api/state").status_code == 200  # an admin may watch it


def test_the_person_page_logs_out_and_the_link_then_makes_the_screen(hall):
    browser = client_as(hall.app.server, "viewer")
    page = _text(browser.get(hall.path))
    assert "Anda masuk sebagai tamu" in page
    form = dict(re.findall(r'name="(csrf|next)" value="([^"]+)"', page))
    next_path = html.unescape(form["next"])
    assert next_path == hall.path
    response = browser.post("/logout", data={"csrf": form["csrf"], "next": next_path})
    assert response.status_code == 302 and response.headers["Location"] == hall.path
    assert browser.get(hall.path).status_code == 200
    assert _session(browser)["role"] == KIOSK and "uid" not in _session(browser)
    # A logout form naming another site goes home instead, never away.
    other = client_as(hall.app.server, "viewer")
    token = _session(other)["csrf"]
    answer = other.post("/logout", data={"csrf": token, "next": "https://example.org/"})
    assert answer.headers["Location"] == "/"


def test_a_token_replaces_a_person_session_that_has_ended(hall):
    """A cookie whose login ended elsewhere is nobody's session: the screen takes over."""
    browser = client_as(hall.app.server, "viewer")
    with transaction(hall.engine) as session:
        session.execute(text("DELETE FROM user_sessions"))
    assert browser.get(hall.path).status_code == 200
    assert _session(browser)["role"] == KIOSK


def test_an_anonymous_browser_with_the_same_link_becomes_the_screen(hall):
    client_as(hall.app.server, "admin")  # a person logged in elsewhere changes nothing here
    screen = hall.screen()
    assert _session(screen)["role"] == KIOSK
    assert screen.get("/kiosk/api/state").status_code == 200


# ---------------------------------------------------------------- what the poll says
def test_the_state_poll_says_only_a_version_a_build_and_a_time(hall):
    screen = hall.screen()
    for query in ("", f"?edition={EDITION_CODE}", "?edition=tidak-ada", "?shown=award-1"):
        response = screen.get("/kiosk/api/state" + query)
        assert response.status_code == 200, query
        body = response.get_json()
        assert set(body) == {"v", "build", "t"}, query
        assert isinstance(body["v"], str) and isinstance(body["t"], int)
        assert EDITION_NAME not in _text(response) and INNOVATION_TITLE not in _text(response)


# ---------------------------------------------------------------- what the database keeps
def test_the_database_keeps_only_the_tokens_sha256(hall):
    with transaction(hall.engine) as session:
        row = session.execute(select(KioskScreen)).scalar_one()
        stored = {column: getattr(row, column.key) for column in KioskScreen.__table__.columns}
        dumped = " ".join(
            str(value) for value in session.execute(text("SELECT * FROM kiosk_screens")).one()
        )
    assert row.token_hash == hashlib.sha256(hall.token.encode()).hexdigest()
    assert hall.token not in dumped
    assert all(hall.token not in str(value) for value in stored.values())
    if hall.url.startswith("sqlite"):
        # Nowhere in the file either (nor in its write-ahead log).
        path = Path(hall.url.removeprefix("sqlite:///"))
        for file in (path, path.with_name(path.name + "-wal")):
            if file.exists():
                assert hall.token.encode() not in file.read_bytes(), file
    # A screen's session (a signed, readable cookie) does not carry the token either.
    session = _session(hall.screen())
    assert session["role"] == KIOSK
    assert all(hall.token not in str(value) for value in session.values())
