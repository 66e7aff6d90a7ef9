"""Tests of dashboard/auth.py and auth_routes.py: login, logout, CSRF, the guard, the key."""

from __future__ import annotations

import html
import re
import stat
import threading
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import func, select

from app import PAGES, create_app
from dashboard import auth
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.login_limits import NAME_LIMIT
from data_access.models import LoginFailure
from data_access.settings import Settings
from data_access.users import remove_user
from tests.web import (
    PASSWORD,
    add_accounts,
    client_as,
    copy_database,
    csrf_from,
    login,
    settle,
)

PAGE_PATHS = [module.PATH for module, _name, _roles in PAGES]


@pytest.fixture(scope="module")
def accounts_template(demo_template, tmp_path_factory) -> Path:
    """A SQLite file with the demo edition and one account per role, made once per module."""
    folder = tmp_path_factory.mktemp("auth")
    url = copy_database(demo_template, folder)
    engine = make_engine(url)
    add_accounts(engine)
    engine.dispose()
    settle(url)
    return folder / "kipp.sqlite3"


@pytest.fixture
def accounts_url(accounts_template, tmp_path) -> str:
    """A fresh copy of the accounts database for one test."""
    return copy_database(accounts_template, tmp_path)


@pytest.fixture
def make_app(accounts_url, tmp_path):
    """make_app(**settings) builds a server on the accounts database; engines disposed after."""
    servers = []

    def build(**values):
        values = {"secret_key": "test-auth", "instance_dir": str(tmp_path), **values}
        server = create_app(Settings(database_url=accounts_url, **values))
        servers.append(server)
        return server

    yield build
    for server in servers:
        server.extensions[EXTENSION_KEY].dispose()


@pytest.fixture
def server(make_app):
    """The Flask server of an app on the accounts database."""
    return make_app()


def _session(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def _browser_target(location: str) -> tuple[str | None, str]:
    """Return (host, path) a browser goes to for a Location header on http://localhost/."""
    # Browsers drop tabs and newlines and read a backslash as a slash (WHATWG URL parser).
    cleaned = "".join(c for c in location if c not in "\t\r\n").replace("\\", "/")
    target = urlsplit(urljoin("http://localhost/login", cleaned))
    return target.hostname, target.path


# ---------------------------------------------------------------- login
def test_login_with_the_right_password_starts_a_session(server):
    client = server.test_client()
    response = login(client, "tamu")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    session = _session(client)
    assert session["role"] == "viewer" and session["name"] == "tamu"
    cookie = client.get_cookie("kipp_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("username", "password"),
    [("tamu", "salah-sandi-99"), ("tidak-ada", PASSWORD), ("tamu", " ")],
)
def test_login_failure_is_401_with_a_message_and_no_session(server, username, password):
    client = server.test_client()
    response = login(client, username, password)
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert 'class="alert alert-danger"' in page
    assert "uid" not in _session(client)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("lang", "username", "password", "kept"),
    [
        ("id", "", "", ""),
        ("id", "tamu", "", "tamu"),
        ("en", "", PASSWORD, ""),
        ("en", "  tamu  ", "", "tamu"),
        ("id", "   ", PASSWORD, ""),
    ],
)
def test_an_empty_field_is_named_and_not_counted_as_a_failure(
    server, accounts_url, lang, username, password, kept
):
    """A half-empty form says what is missing, keeps the name typed and never nears the lock."""
    client = server.test_client()
    token = csrf_from(client.get(f"/login?lang={lang}").get_data(as_text=True))
    form = {"username": username, "password": password, "csrf": token, "next": "/jadwal"}
    for _ in range(NAME_LIMIT + 1):  # more than the lockout would let through
        response = client.post(f"/login?lang={lang}", data=form)
        assert response.status_code == 400
    page = response.get_data(as_text=True)
    expected = {
        "id": "Isi nama pengguna dan kata sandi.",
        "en": "Fill in the username and the password.",
    }
    assert f'<div class="alert alert-danger" role="alert">{expected[lang]}</div>' in page
    assert f'<html lang="{lang}">' in page
    assert f'value="{kept}" required' in page
    assert 'name="next" value="/jadwal"' in page
    assert "uid" not in _session(client)
    engine = make_engine(accounts_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(LoginFailure)).scalar_one() == 0
    finally:
        engine.dispose()
    assert login(client, "tamu").status_code == 302  # the form, filled, still logs in


def test_the_login_form_asks_the_browser_for_both_fields(server):
    """Both inputs are required and the form lets the browser check them before sending."""
    page = server.test_client().get("/login").get_data(as_text=True)
    form = re.search(r"<form[^>]*>", page)
    assert form is not None and "novalidate" not in form.group(0)
    for name in ("username", "password"):
        field = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page)
        assert field is not None and re.search(r"\brequired\b", field.group(0)), name


def test_an_unknown_name_is_checked_against_a_hash_of_the_same_cost(accounts_url, monkeypatch):
    """A login for a name that does not exist costs one verification as a known one does.

    The dummy hash is made lazily (not at import); it must be made by the hasher logins use,
    with its parameters, and a login for an unknown name must verify against it.
    """
    from argon2 import PasswordHasher, extract_parameters

    from data_access import users

    verified: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash, password):
            verified.append(hash)
            return super().verify(hash, password)

    hasher = Counting(time_cost=2, memory_cost=64, parallelism=1)
    monkeypatch.setattr(users, "_hasher", hasher)
    users._dummy_hash.cache_clear()
    engine = make_engine(accounts_url)
    try:
        with transaction(engine) as session:
            assert users.authenticate(session, "tidak-ada", PASSWORD) is None
    finally:
        engine.dispose()
        users._dummy_hash.cache_clear()
    assert len(verified) == 1
    assert extract_parameters(verified[0]) == extract_parameters(hasher.hash("x"))


def test_login_failure_in_english(server):
    client = server.test_client()
    token = csrf_from(client.get("/login?lang=en").get_data(as_text=True))
    response = client.post(
        "/login?lang=en", data={"username": "tamu", "password": "nope-nope", "csrf": token}
    )
    assert response.status_code == 401
    assert '<html lang="en">' in response.get_data(as_text=True)


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_login_without_the_csrf_token_is_refused(server, token):
    client = server.test_client()
    client.get("/login")
    form = {"username": "panitia", "password": PASSWORD}
    if token is not None:
        form["csrf"] = token
    response = client.post("/login", data=form)
    assert response.status_code == 400
    assert "uid" not in _session(client)


def test_login_token_of_another_session_is_refused(server):
    other = server.test_client()
    token = csrf_from(other.get("/login").get_data(as_text=True))
    client = server.test_client()
    client.get("/login")
    form = {"username": "panitia", "password": PASSWORD, "csrf": token}
    assert client.post("/login", data=form).status_code == 400


def test_login_gives_a_fresh_session(server):
    """No session fixation: the pre-login token does not survive the login."""
    client = server.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"username": "tamu", "password": PASSWORD, "csrf": token})
    assert _session(client)["csrf"] != token


# ---------------------------------------------------------------- where login leads
@pytest.mark.parametrize(
    ("next_path", "expected"),
    [
        ("/jadwal", "/jadwal"),
        ("/partisipasi?lang=en&edition=demo-kudus-2022", "/partisipasi"),
        ("//evil.example/x", "/"),
        ("http://evil.example/", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", None),
        ("\\\\evil.example", None),
        ("/\t/evil.example", None),
        ("javascript:alert(1)", "/"),
        ("evil.example", "/"),
        ("", "/"),
    ],
)
def test_login_redirects_only_to_local_paths(server, next_path, expected):
    client = server.test_client()
    response = login(client, "tamu", next_path=next_path)
    assert response.status_code == 302
    host, path = _browser_target(response.headers["Location"])
    assert host == "localhost", f"{next_path!r} led to {response.headers['Location']!r}"
    if expected is not None:
        assert path == expected


@pytest.mark.parametrize("next_path", ["//evil.example", "http://evil.example/"])
def test_login_form_does_not_carry_a_foreign_next(server, next_path):
    page = server.test_client().get("/login", query_string={"next": next_path})
    assert "evil.example" not in page.get_data(as_text=True)


# ---------------------------------------------------------------- logout
def test_logout_by_post_clears_the_session(server):
    client = client_as(server, "admin")
    token = _session(client)["csrf"]
    response = client.post("/logout", data={"csrf": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert "uid" not in _session(client)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("method", ["GET", "POST-without-token"])
def test_logout_needs_a_post_with_the_token(server, method):
    """A link or a foreign form (CSRF) cannot log a user out."""
    client = client_as(server, "viewer")
    if method == "GET":
        client.get("/logout")
    else:
        client.post("/logout", data={})
    assert _session(client)["role"] == "viewer"
    assert client.get("/").status_code == 200


# ---------------------------------------------------------------- the page guard
@pytest.mark.parametrize("path", [*PAGE_PATHS, "/partisipasi?lang=en", "/jadwal/"])
def test_anonymous_page_requests_go_to_login(server, path):
    response = server.test_client().get(path)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/login?next=")
    # The login form carries the page asked for, and logging in leads back to it.
    client = server.test_client()
    form_page = client.get(location).get_data(as_text=True)
    next_field = html.unescape(form_page.split('name="next" value="', 1)[1].split('"', 1)[0])
    assert next_field == path
    assert login(client, "tamu", next_path=next_field).headers["Location"] == path


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("bupati", 403), ("admin", 200)])
def test_ranking_page_is_for_the_committee_only(server, role, status):
    response = client_as(server, role).get("/peringkat")
    assert response.status_code == status
    if status == 403:
        assert "Tidak berwenang" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "status"), [("viewer", 403), ("bupati", 403), ("juri", 403), ("admin", 200)]
)
@pytest.mark.parametrize("path", ["/riwayat-nilai", "/riwayat-nilai.xlsx"])
def test_score_history_is_for_the_committee_only(server, role, status, path):
    """The sheet history and its workbook: the committee's alone, HEAD as GET."""
    client = client_as(server, role)
    assert client.get(path).status_code == client.head(path).status_code == status


@pytest.mark.parametrize("role", ["viewer", "bupati", "admin"])
@pytest.mark.parametrize("path", ["/", "/partisipasi", "/jadwal"])
def test_public_pages_open_for_every_role(server, role, path):
    assert client_as(server, role).get(path).status_code == 200


def test_a_removed_user_loses_access_at_once(server, accounts_url):
    # The viewer's account: the only admin is never removed (data_access.users).
    client = client_as(server, "viewer")
    assert client.get("/partisipasi").status_code == 200
    engine = make_engine(accounts_url)
    with transaction(engine) as session:
        remove_user(session, "tamu")
    engine.dispose()
    assert client.get("/partisipasi").status_code == 302
    assert client.get("/").status_code == 302


def test_a_changed_role_loses_the_old_rights_at_once(server, accounts_url):
    from sqlalchemy import update

    from data_access.models import User

    client = client_as(server, "admin")
    engine = make_engine(accounts_url)
    with transaction(engine) as session:
        session.execute(update(User).where(User.username == "panitia").values(role="viewer"))
    engine.dispose()
    assert client.get("/peringkat").status_code == 302


# ---------------------------------------------------------------- sessions across restarts
def _cookie_works_on(cookie_value: str, server) -> bool:
    client = server.test_client()
    client.set_cookie("kipp_session", cookie_value)
    return client.get("/peringkat").status_code == 200


def test_session_survives_a_restart_with_secret_key(make_app):
    first = client_as(make_app(secret_key="same-secret"), "admin")
    cookie = first.get_cookie("kipp_session").value
    assert _cookie_works_on(cookie, make_app(secret_key="same-secret"))
    assert not _cookie_works_on(cookie, make_app(secret_key="another-secret"))


def test_session_survives_a_restart_without_secret_key(make_app, tmp_path):
    instance = tmp_path / "instance"
    first = client_as(make_app(secret_key="", instance_dir=str(instance)), "admin")
    key_file = instance / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) >= 32
    cookie = first.get_cookie("kipp_session").value
    again = make_app(secret_key="", instance_dir=str(instance))
    assert _cookie_works_on(cookie, again)
    other = make_app(secret_key="", instance_dir=str(tmp_path / "elsewhere"))
    assert not _cookie_works_on(cookie, other)


def test_secret_key_setting_wins_over_the_key_file(tmp_path):
    settings = Settings(secret_key="from-env", instance_dir=str(tmp_path))
    assert auth.secret_key(settings) == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_workers_starting_together_share_one_complete_key(tmp_path, monkeypatch):
    """Two gunicorn workers create the key file at once: both must get the same, whole key.

    The writer is slowed down between creating the file and writing into it, which is
    where a second worker arriving at that moment used to read an empty key.
    """
    original_chmod = Path.chmod
    original_token = auth.secrets.token_urlsafe

    def slow_chmod(self, *args, **kwargs):
        time.sleep(0.2)
        return original_chmod(self, *args, **kwargs)

    def slow_token(*args, **kwargs):
        time.sleep(0.2)
        return original_token(*args, **kwargs)

    monkeypatch.setattr(Path, "chmod", slow_chmod)
    monkeypatch.setattr(auth.secrets, "token_urlsafe", slow_token)
    settings = Settings(secret_key="", instance_dir=str(tmp_path / "instance"))
    keys: list[str] = []
    threads = [threading.Thread(target=lambda: keys.append(auth.secret_key(settings)))]
    threads.append(threading.Thread(target=lambda: keys.append(auth.secret_key(settings))))
    threads[0].start()
    time.sleep(0.05)
    threads[1].start()
    for thread in threads:
        thread.join()
    assert len(keys) == 2
    assert keys[0] == keys[1]
    assert len(keys[0]) >= 32
