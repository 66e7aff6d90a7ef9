"""Render once, serve bytes: a live page's new content is encoded once and sent to all as stored.

The store (dashboard/stored_answers.py) answers a live page's refresh before Dash does;
these tests hold it to its three promises: one computation per version (in a process,
and with Redis in all), identical bytes for identical viewers, and never one role's bytes
to another role.
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
import threading
import time

import brotli
import pytest
import sqlalchemy

from app import create_app, dash_apps
from dashboard import data, page_data
from dashboard.pages import participation, progress, ranking
from dashboard.poll import SESSION_CHECK_S, SESSIONS_KEY, read_sessions
from dashboard.services import EXTENSION_KEY
from dashboard.stored_answers import STORE_KEY, AnswerStore
from data_access.db import make_engine
from data_access.demo import DEMO_CODE
from data_access.settings import Settings
from data_access.simulate import complete_sheet, open_sheets
from tests.test_shared_cache import redis_keys  # noqa: F401 (a fixture)
from tests.web import callback_body, client_as


def _store(app) -> AnswerStore:
    return app.extensions[STORE_KEY]


def _refresh(client, app, page, shown=None, *, search="", encoding="gzip"):
    """POST a live page's refresh as the browser does after a new version; return the answer."""
    dashboard = dash_apps(app).dashboard
    key = next(k for k in dashboard.callback_map if k.startswith(f"..{page.content}.children"))
    values = {
        (page.trigger, "data"): {"version": 1, "at": random.random()},
        (page.url, "search"): search,
        (page.shown, "data"): shown,
    }
    body = callback_body(key, dashboard.callback_map[key], values)
    return client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": encoding})


def _decoded(answer) -> dict:
    raw = answer.get_data()
    encoding = answer.headers.get("Content-Encoding")
    if encoding == "gzip":
        raw = gzip.decompress(raw)
    elif encoding == "br":
        raw = brotli.decompress(raw)
    return json.loads(raw)


def _score_one_sheet(url: str) -> None:
    engine = make_engine(url)
    try:
        complete_sheet(engine, DEMO_CODE, open_sheets(engine, DEMO_CODE)[0], random.Random(3))
    finally:
        engine.dispose()


def _not_near_a_new_minute(margin_s: float = 5.0) -> None:
    """Wait until a new minute (part of every answer's key) is at least `margin_s` away."""
    left = 60 - time.time() % 60
    if left < margin_s:
        time.sleep(left + 0.1)


def _url(app) -> str:
    return app.extensions[EXTENSION_KEY].settings.database_url


def test_viewers_of_one_version_get_the_bytes_encoded_once(app):
    viewers = [client_as(app, "viewer") for _ in range(3)]
    answers = [_refresh(viewer, app, participation.PAGE) for viewer in viewers]
    assert {a.status_code for a in answers} == {200}
    assert len({a.get_data() for a in answers}) == 1  # the same stored bytes, gzip
    assert answers[0].headers["Content-Encoding"] == "gzip"
    store = _store(app)
    assert store.computed[participation.PAGE.content] == 1
    assert store.served[participation.PAGE.content] == 3
    shown = _decoded(answers[0])["response"][participation.PAGE.shown]["data"]
    # Every encoding carries the same answer; none is computed again.
    for encoding in ("br", "identity"):
        assert _decoded(_refresh(viewers[0], app, participation.PAGE, encoding=encoding)) == (
            _decoded(answers[0])
        )
    assert store.computed[participation.PAGE.content] == 1
    # A page that shows this version gets the badge alone, from Dash, not the store.
    badge = _decoded(_refresh(viewers[1], app, participation.PAGE, shown))["response"]
    assert participation.PAGE.content not in badge
    assert store.served[participation.PAGE.content] == 5
    # A new score: one more computation, and its bytes name the new version.
    _score_one_sheet(_url(app))
    time.sleep(app.extensions[data.WATCH_MEMO_KEY].period())
    moved = [_refresh(viewer, app, participation.PAGE, shown) for viewer in viewers]
    assert len({a.get_data() for a in moved}) == 1
    newer = _decoded(moved[0])["response"][participation.PAGE.shown]["data"]
    assert newer["version"] > shown["version"]
    assert store.computed[participation.PAGE.content] == 2


def test_each_role_gets_its_own_bytes_and_only_its_own(app):
    admin, viewer, bupati = (client_as(app, role) for role in ("admin", "viewer", "bupati"))
    committee = _refresh(admin, app, progress.PAGE)
    everyone = _refresh(viewer, app, progress.PAGE)
    store = _store(app)
    assert store.computed[progress.PAGE.content] == 2  # one per role, not one per viewer
    # The committee's copy links each juror to the score history; the viewer's does not.
    assert "riwayat-nilai" in json.dumps(_decoded(committee))
    assert "riwayat-nilai" not in json.dumps(_decoded(everyone))
    # The ranking stored for the committee is never sent to a role without it.
    assert _refresh(admin, app, ranking.PAGE).status_code == 200
    served = store.served[ranking.PAGE.content]
    for outsider in (viewer, bupati, app.test_client()):
        refused = _refresh(outsider, app, ranking.PAGE)
        assert refused.status_code in (204, 401)
        assert refused.get_data() == b"" or b"Juara" not in refused.get_data()
    assert store.served[ranking.PAGE.content] == served


def test_a_notice_is_not_stored(app):
    viewer = client_as(app, "viewer")
    answer = _refresh(viewer, app, participation.PAGE, search="?edition=tidak-ada")
    assert answer.status_code == 200
    assert "tidak-ada" in json.dumps(_decoded(answer))
    assert _store(app).computed[participation.PAGE.content] == 0


def test_a_burst_of_viewers_computes_once(app, monkeypatch):
    """Eight viewers asking at once while the aggregate takes 0.3 s: one render, one encoding."""
    real = page_data.edition_tallies

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(page_data, "edition_tallies", slow)
    viewers = [client_as(app, "viewer") for _ in range(8)]
    _not_near_a_new_minute()  # the minute is in the key: a burst across it computes twice
    answers: list = [None] * len(viewers)
    start = threading.Barrier(len(viewers))

    def ask(number: int) -> None:
        start.wait()
        answers[number] = _refresh(viewers[number], app, progress.PAGE)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(len(viewers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {a.status_code for a in answers} == {200}
    assert len({a.get_data() for a in answers}) == 1
    assert _store(app).computed[progress.PAGE.content] == 1


def test_two_processes_on_one_redis_share_the_bytes(
    site_template,
    tmp_path,
    redis_url,
    redis_keys,  # noqa: F811
):
    shutil.copyfile(site_template.path, tmp_path / "kipp.sqlite3")
    url = f"sqlite:///{tmp_path / 'kipp.sqlite3'}"
    redis_keys(url)
    settings = Settings(
        database_url=url, instance_dir=str(tmp_path), secret_key="t", cache_redis_url=redis_url
    )
    apps = [create_app(settings) for _ in range(2)]
    try:
        answers = [
            _refresh(client_as(server, "viewer"), server, participation.PAGE) for server in apps
        ]
        assert answers[0].get_data() == answers[1].get_data()
        stores = [_store(server) for server in apps]
        assert sum(s.computed[participation.PAGE.content] for s in stores) == 1
        assert stores[1].served[participation.PAGE.content] == 1
        # Each store keeps its answers itself: the data cache's own layer holds figures only.
        for server in apps:
            layered = server.extensions["cache"][data.cache]
            assert layered._local and not any("answer" in key for key in layered._local)
    finally:
        for server in apps:
            server.extensions[EXTENSION_KEY].dispose()


@pytest.mark.parametrize(
    "page",
    [progress.PAGE, participation.PAGE, ranking.PAGE],
    ids=["progress", "participation", "ranking"],
)
def test_stored_answer_is_what_dash_itself_answers(app, page, monkeypatch):
    """The bytes a viewer gets from the store decode to Dash's own answer for the request."""
    admin = client_as(app, "admin")
    stored = _decoded(_refresh(admin, app, page))
    assert _store(app).served[page.content] == 1
    assert set(stored["response"]) == {page.content, page.status, page.shown}
    monkeypatch.setattr(_store(app), "parts", {})  # no stored answers: Dash answers
    own = _decoded(_refresh(client_as(app, "admin"), app, page))
    assert _store(app).served[page.content] == 1
    # The badge says the minute it was sent; everything else is the same.
    for answer in (own, stored):
        answer["response"].pop(page.status)
    assert own == stored


def _session_reads(app) -> list[str]:
    """Record every SQL statement of the app that reads the login sessions (filled later)."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        if "user_sessions" in statement:
            seen.append(statement)

    sqlalchemy.event.listen(app.extensions[EXTENSION_KEY].engine, "before_cursor_execute", note)
    return seen


def _memo(app):
    return app.extensions[SESSIONS_KEY]


def test_a_stored_answer_judges_the_session_by_the_worker_s_memo(app):
    """A hit costs no session query: the role comes from the memo of live sessions, read at
    most once a second, as the ticks and the news streams judge a session."""
    first, second = client_as(app, "viewer"), client_as(app, "viewer")
    assert _refresh(first, app, participation.PAGE).status_code == 200  # computes the key
    with app.app_context():
        _memo(app).put(read_sessions())  # as the memo stands within its second
    reads = _session_reads(app)
    answer = _refresh(second, app, participation.PAGE)
    assert answer.status_code == 200
    assert participation.PAGE.content in _decoded(answer)["response"]
    assert _store(app).served[participation.PAGE.content] == 2
    assert reads == []
    # A session the memo does not hold yet (a login of its last second) is checked in the
    # database, and served.
    late = client_as(app, "viewer")
    assert _refresh(late, app, participation.PAGE).status_code == 200
    assert reads, "a session missing from the memo was not looked up"


def test_an_ended_session_gets_no_stored_answer_after_the_memo_s_second(app):
    """Ended elsewhere (another worker's logout, a removed account): refused once the
    memo has read again, within a second; a logout here is refused at once."""
    viewer, other = client_as(app, "viewer"), client_as(app, "viewer")
    assert _refresh(viewer, app, participation.PAGE).status_code == 200
    with app.app_context():
        _memo(app).put(read_sessions())
    engine = make_engine(_url(app))
    try:
        with engine.begin() as conn:  # the session ends in the database, not through here
            conn.execute(sqlalchemy.text("DELETE FROM user_sessions"))
    finally:
        engine.dispose()
    time.sleep(SESSION_CHECK_S + 0.1)
    for client in (viewer, other):
        refused = _refresh(client, app, participation.PAGE)
        assert refused.status_code in (204, 401)
        assert participation.PAGE.content.encode() not in refused.get_data()
    # A logout in this worker: the memo reads again at the next request.
    kept = client_as(app, "viewer")
    assert _refresh(kept, app, participation.PAGE).status_code == 200
    with app.app_context():
        _memo(app).put(read_sessions())
    cookie = app.config["SESSION_COOKIE_NAME"]
    copy = app.test_client()  # the same cookie in another browser
    copy.set_cookie(cookie, kept.get_cookie(cookie).value)
    with kept.session_transaction() as held:
        csrf = held["csrf"]
    assert kept.post("/logout", data={"csrf": csrf}).status_code == 302
    refused = _refresh(copy, app, participation.PAGE)
    assert refused.status_code in (204, 401)
    assert participation.PAGE.content.encode() not in refused.get_data()


def test_every_refresh_answer_names_the_version_it_shows(app):
    """X-Kipp-Shown: the tab's script learns what the page will show before Dash parses the
    body (assets/kipp-live.js), stored answers and Dash's own alike; none on a refusal."""
    viewer, other = client_as(app, "viewer"), client_as(app, "viewer")
    computed = _refresh(viewer, app, participation.PAGE)
    stored = _refresh(other, app, participation.PAGE)
    assert _store(app).served[participation.PAGE.content] == 2
    shown = _decoded(computed)["response"][participation.PAGE.shown]["data"]
    for answer in (computed, stored):
        assert answer.headers["X-Kipp-Shown"] == str(shown["version"])
    badge = _refresh(viewer, app, participation.PAGE, shown)  # Dash's small answer
    assert participation.PAGE.content not in _decoded(badge)["response"]
    assert badge.headers["X-Kipp-Shown"] == str(shown["version"])
    refused = _refresh(client_as(app, "viewer"), app, ranking.PAGE)  # not the viewer's page
    assert refused.status_code in (204, 401) and "X-Kipp-Shown" not in refused.headers


def test_a_stored_answer_re_signs_no_cookie(app):
    """The same bytes for every viewer of a role: no Set-Cookie of this viewer's (about 330
    bytes, and a signing); Dash's own answers keep refreshing the session's cookie."""
    viewer, other = client_as(app, "viewer"), client_as(app, "viewer")
    first = _refresh(viewer, app, participation.PAGE)
    stored = _refresh(other, app, participation.PAGE)
    assert _store(app).served[participation.PAGE.content] == 2
    for answer in (first, stored):
        assert "Set-Cookie" not in answer.headers
    shown = _decoded(first)["response"][participation.PAGE.shown]["data"]
    badge = _refresh(viewer, app, participation.PAGE, shown)  # Dash's small answer
    assert participation.PAGE.content not in _decoded(badge)["response"]
    assert "kipp_session=" in badge.headers.get("Set-Cookie", "")
