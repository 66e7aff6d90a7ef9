"""Every screen stays on its ceremony when another edition is imported (on SQLite).

A display token's screen shows the edition it was made for, whatever its URL says and
whatever is imported later; a page or screen without an edition shows the default one
(data_access.editions): the ceremony under way or approved before a newer edition. The
default follows an approval or a step, which do not move the data version.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from dash import Dash
from sqlalchemy import Engine, event
from sqlalchemy import update as sql_update

from app import dash_apps
from dashboard import data, ids, screen_data, stored_answers
from dashboard.ids import CONTROL_CONTENT, CONTROL_SCREENS, CONTROL_URL
from dashboard.pace import VersionMemo
from dashboard.services import EXTENSION_KEY
from data_access import ceremony
from data_access.db import make_engine, transaction
from data_access.kiosks import create_token, kiosk_url, list_screens
from data_access.models import KioskScreen
from tests.seed import add_edition
from tests.web import (
    add_accounts,
    callback_body,
    client_as,
    progress_tick,
    texts,
    unpaced_app,
    update,
)


@pytest.fixture
def db_url(sqlite_url) -> str:
    """SQLite only: a screen's edition is page logic (its query: tests/test_editions.py)."""
    return sqlite_url


CEREMONY, CEREMONY_NAME = "acara-2022", "KIPP Acara Kudus 2022"
REHEARSAL, REHEARSAL_NAME = "latihan-2023", "KIPP Latihan Kudus 2023"
T0 = datetime(2022, 11, 1, tzinfo=UTC)
# A rotation of one countdown without a ceremony date shows the edition's name.
NAME_SLIDE = "slides=countdown:10"
FRAME_KEY = "kiosk-frame.children"


@dataclass
class Hall:
    """The app on the ceremony's edition with its screen, then a newer rehearsal edition."""

    app: Dash
    engine: Engine
    token: str  # made while the ceremony's edition was the only one
    old_token: str  # as migration 0006 leaves a token made among several editions

    def screen(self, token: str):
        client = self.app.server.test_client()
        assert client.get(kiosk_url(token)).status_code == 200
        return client

    def frame(self, client, search: str) -> str:
        """Return the words of the kiosk frame a screen gets for its URL's query."""
        response = self.frame_answer(client, search)
        return texts(response.get_json()["response"][ids.KIOSK_FRAME]["children"])

    def frame_answer(self, client, search: str):
        """Return the answer to a screen's frame request (kiosk.js saw a new version)."""
        entry = dash_apps(self.app.server).kiosk.callback_map[FRAME_KEY]
        signal = {"v": "x", "search": search, "n": 1}
        body = callback_body(FRAME_KEY, entry, {(ids.KIOSK_SIGNAL, "data"): signal})
        response = client.post("/kiosk/_dash-update-component", json=body)
        assert response.status_code == 200, response.status_code
        return response

    def call(self, client, output: str, values: dict[tuple[str, str], Any]) -> dict:
        key = next(k for k in self.app.callback_map if output in k.strip(".").split("..."))
        response = update(client, callback_body(key, self.app.callback_map[key], values))
        assert response.status_code == 200, response.status_code
        return response.get_json()["response"]

    def start_reveal(self) -> None:
        """Open the ceremony's reveal (its splash): no data version moves."""
        with transaction(self.engine) as session:
            ceremony.advance(session, CEREMONY, by="panitia")


@pytest.fixture
def hall(db_url, tmp_path) -> Iterator[Hall]:
    engine = make_engine(db_url)
    with transaction(engine) as session:
        add_edition(session, CEREMONY, name=CEREMONY_NAME, created_at=T0)
        token = create_token(session, "TV Pendopo")
    with transaction(engine) as session:
        # Imported in the middle of the ceremony: newer, and empty.
        add_edition(session, REHEARSAL, name=REHEARSAL_NAME, created_at=T0 + timedelta(days=1))
        old_token = create_token(session, "TV Lama", REHEARSAL)
        session.execute(
            sql_update(KioskScreen).where(KioskScreen.name == "TV Lama").values(edition_id=None)
        )
    add_accounts(engine)
    server = unpaced_app(db_url, tmp_path)
    yield Hall(dash_apps(server).dashboard, engine, token, old_token)
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


def shown_editions(engine) -> dict[str, str | None]:
    with transaction(engine) as session:
        return {screen.name: screen.edition_code for screen in list_screens(session)}


# ---------------------------------------------------------------- the kiosk
def test_a_screen_shows_its_edition_after_a_newer_one_is_imported(hall):
    """The rehearsal is the newest edition and nobody approved anything: the screen stays."""
    screen = hall.screen(hall.token)
    text = hall.frame(screen, "?" + NAME_SLIDE)
    assert CEREMONY_NAME in text and REHEARSAL_NAME not in text
    assert screen.get("/kiosk/api/state?shown=countdown").status_code == 200
    assert shown_editions(hall.engine)["TV Pendopo"] == CEREMONY  # what it reported


def test_an_edition_in_a_screens_url_does_not_move_it(hall):
    screen = hall.screen(hall.token)
    text = hall.frame(screen, f"?edition={REHEARSAL}&{NAME_SLIDE}")
    assert CEREMONY_NAME in text and REHEARSAL_NAME not in text
    assert screen.get(f"/kiosk/api/state?edition={REHEARSAL}&shown=x").status_code == 200
    assert shown_editions(hall.engine)["TV Pendopo"] == CEREMONY


def test_a_token_without_an_edition_follows_the_default(hall):
    """Newest first, until a reveal starts: then the ceremony, with no data version moved."""
    screen = hall.screen(hall.old_token)
    assert REHEARSAL_NAME in hall.frame(screen, "?" + NAME_SLIDE)
    before = screen.get("/kiosk/api/state").get_json()["v"]
    hall.start_reveal()
    after = screen.get("/kiosk/api/state").get_json()["v"]
    assert after.split("-")[0] == before.split("-")[0] and after != before  # the screen notices
    for search in ("?" + NAME_SLIDE, f"?edition={REHEARSAL}&{NAME_SLIDE}"):
        text = hall.frame(screen, search)
        assert CEREMONY_NAME in text and REHEARSAL_NAME not in text, search


def test_a_committee_preview_keeps_its_edition_parameter(hall):
    preview = client_as(hall.app.server, "admin")
    assert REHEARSAL_NAME in hall.frame(preview, f"?edition={REHEARSAL}&{NAME_SLIDE}")
    assert CEREMONY_NAME in hall.frame(preview, f"?edition={CEREMONY}&{NAME_SLIDE}")
    assert REHEARSAL_NAME in hall.frame(preview, "?" + NAME_SLIDE)  # the default: newest
    hall.start_reveal()
    assert CEREMONY_NAME in hall.frame(preview, "?" + NAME_SLIDE)


def test_screens_of_one_ceremony_share_one_frame_and_no_other(hall, monkeypatch):
    """Drawn and encoded once per edition, version, revision and address; never another's."""
    with transaction(hall.engine) as session:
        second = create_token(session, "TV Teras", CEREMONY)
    answers = stored_answers.store(hall.app.server)
    pendopo, teras = hall.screen(hall.token), hall.screen(second)
    frames = [hall.frame_answer(screen, "?" + NAME_SLIDE) for screen in (pendopo, teras)]
    assert frames[0].get_data() == frames[1].get_data()
    assert answers.computed[ids.KIOSK_FRAME] == 1 and answers.served[ids.KIOSK_FRAME] == 2
    # A screen of the other edition, and another language, each get their own frame.
    assert REHEARSAL_NAME in hall.frame(hall.screen(hall.old_token), "?" + NAME_SLIDE)
    english = hall.frame(teras, f"?lang=en&{NAME_SLIDE}")
    assert CEREMONY_NAME in english and REHEARSAL_NAME not in english
    assert answers.computed[ids.KIOSK_FRAME] == 3
    # A reveal step moves the revision: the next frame is drawn again, the splash.
    hall.start_reveal()
    splash = [hall.frame(screen, "?" + NAME_SLIDE) for screen in (pendopo, teras)]
    assert splash[0] == splash[1] != texts(frames[0].get_json()["response"])
    assert answers.computed[ids.KIOSK_FRAME] == 4
    # What the store sends is what Dash itself answers.
    stored = hall.frame_answer(pendopo, "?" + NAME_SLIDE).get_json()
    monkeypatch.setattr(answers, "parts", {})
    assert hall.frame_answer(pendopo, "?" + NAME_SLIDE).get_json() == stored
    assert answers.computed[ids.KIOSK_FRAME] == 4


def test_a_frame_drawn_after_a_reveal_step_is_not_stored(hall, monkeypatch):
    """Keyed at one revision, drawn at the next (a step in between): that screen alone."""
    screen = hall.screen(hall.token)
    real = screen_data.screen_view

    def step_first(edition):
        monkeypatch.setattr(screen_data, "screen_view", real)
        hall.start_reveal()
        return real(edition)

    monkeypatch.setattr(screen_data, "screen_view", step_first)
    hall.frame(screen, "?" + NAME_SLIDE)
    answers = stored_answers.store(hall.app.server)
    assert answers.computed[ids.KIOSK_FRAME] == 0 and answers.served[ids.KIOSK_FRAME] == 0
    hall.frame(screen, "?" + NAME_SLIDE)  # keyed at the new revision now: stored
    assert answers.computed[ids.KIOSK_FRAME] == 1


# ---------------------------------------------------------------- the pages
def test_kendali_without_an_edition_follows_the_ceremony(hall):
    admin = client_as(hall.app.server, "admin")

    def status() -> str:  # a freshly opened /kendali
        values = {("control-interval", "n_intervals"): 1, (CONTROL_URL, "search"): ""}
        return texts(hall.call(admin, f"{CONTROL_CONTENT}.children", values)[CONTROL_CONTENT])

    assert REHEARSAL_NAME in status()
    hall.start_reveal()  # moves no data version: the default follows the ceremony
    shown = status()
    assert CEREMONY_NAME in shown and REHEARSAL_NAME not in shown


def test_the_home_page_and_the_menu_follow_the_ceremony(hall):
    admin = client_as(hall.app.server, "admin")
    hall.start_reveal()
    response = update(admin, progress_tick(None, search=""))
    assert response.status_code == 200
    home = texts(response.get_json()["response"][ids.PROGRESS_CONTENT]["children"])
    assert CEREMONY_NAME in home and REHEARSAL_NAME not in home
    values = {(ids.SHELL_URL, "pathname"): "/", (ids.SHELL_URL, "search"): ""}
    navbar = hall.call(admin, f"{ids.SHELL_EDITION_PICKER}.children", values)
    assert navbar[ids.SHELL_EDITION_PICKER]["children"]["props"]["label"] == CEREMONY_NAME
    assert navbar[ids.SHELL_EDITION_NAME]["children"] == CEREMONY_NAME


def test_an_export_without_an_edition_is_the_ceremonys(hall):
    admin = client_as(hall.app.server, "admin")
    hall.start_reveal()
    response = admin.get("/ekspor/csv?table=ranking")
    assert response.status_code == 200
    assert CEREMONY in response.headers["Content-Disposition"]


def test_kendali_lists_each_screens_edition(hall):
    admin = client_as(hall.app.server, "admin")
    values = {(CONTROL_URL, "search"): ""}
    text = texts(hall.call(admin, f"{CONTROL_SCREENS}.children", values)[CONTROL_SCREENS])
    assert "Edisi layar" in text
    assert "TV Lama edisi bawaan" in text and f"TV Pendopo {CEREMONY}" in text


# ---------------------------------------------------------------- the tick stays cheap
def test_a_warm_watch_point_reads_the_revision_once_per_fingerprint(hall):
    """The version with the ceremonies' fingerprint in one statement (every time here: the
    tests' memo is of age 0); the revision only when the fingerprint moved."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    def reads() -> list[str]:
        found = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        statements.clear()
        return found

    with hall.app.server.test_request_context("/"):
        engine = data.services().engine
        data.watch_ceremony(None)  # warms the editions and the default
        event.listen(engine, "before_cursor_execute", record)
        try:
            first = data.watch_ceremony(None)
            warm = reads()
            hall.start_reveal()
            moved = data.watch_ceremony(None)
            after_step = reads()
            data.watch_ceremony(None)
            warm_again = reads()
        finally:
            event.remove(engine, "before_cursor_execute", record)
    assert first.edition.code == REHEARSAL and moved.edition.code == CEREMONY
    assert moved.version == first.version
    assert len(warm) == 1 and len(warm_again) == 1, (warm, warm_again)
    assert len(after_step) == 3, after_step  # the new default and its revision, read once
    assert moved.revision != first.revision or moved.edition != first.edition


def test_a_ranking_watch_follows_the_workers_memo_and_the_control_page_reads_now(hall):
    """With a memo of a real age, a warm ranking watch reads nothing at all, and a reveal
    step shows there once the memo is read again; the control page's watch reads it now."""
    server = hall.app.server
    server.extensions[data.WATCH_MEMO_KEY] = VersionMemo(60.0)
    reads: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        reads.append(statement)

    with server.test_request_context("/"):
        engine = data.services().engine
        before = data.watch_ceremony(None)
        event.listen(engine, "before_cursor_execute", record)
        try:
            assert data.watch_ceremony(None) == before
            assert reads == []  # the memo's numbers and the revision it read
            hall.start_reveal()
            assert data.watch_ceremony(None) == before  # within the memo's turn
            at_once = data.watch_control(None)
            assert at_once.edition.code == CEREMONY and at_once.revision
            server.extensions[data.WATCH_MEMO_KEY] = VersionMemo(60.0)  # the next turn
            assert data.watch_ceremony(None) == at_once
        finally:
            event.remove(engine, "before_cursor_execute", record)
