"""No other site can make a browser change anything here, and no other site may read an answer.

Every request with a method other than GET and HEAD, to any route of the server (login,
logout, both Dash apps' callbacks, the exports, the upload, routes added tomorrow, and
paths that do not exist), is refused with a bilingual 403 when its `Origin` is not this
site or a trusted one, or when `Sec-Fetch-Site` says cross-site or same-site. The site's
own requests, and requests without those headers (scripts, the test client), go through
to the route, where the forms' CSRF tokens and the callbacks' role checks still hold.
No response ever grants CORS, to a preflight or otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from dash import Dash
from flask import request
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app import create_app, dash_apps
from dashboard import ids
from dashboard.services import EXTENSION_KEY
from data_access.settings import Settings
from tests.web import (
    PASSWORD,
    callback_body,
    client_as,
    csrf_from,
    demo_with_accounts,
)

# The test client's own origin (Flask's default SERVER_NAME for tests is localhost).
SELF = "http://localhost"
PROXY_ORIGIN = "https://kipp.kuduskab.example"
UNSAFE = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
FOREIGN = [
    pytest.param({"Origin": "http://jahat.example"}, id="other-site"),
    pytest.param({"Origin": "null"}, id="opaque-origin"),
    pytest.param({"Origin": "https://localhost"}, id="other-scheme"),
    pytest.param({"Origin": "http://localhost:8050"}, id="other-port"),
    pytest.param({"Origin": "http://localhost.jahat.example"}, id="lookalike-host"),
    pytest.param({"Origin": "http://sub.localhost"}, id="subdomain"),
    pytest.param({"Sec-Fetch-Site": "cross-site"}, id="fetch-cross-site"),
    pytest.param({"Sec-Fetch-Site": "same-site"}, id="fetch-same-site"),
    pytest.param({"Origin": SELF, "Sec-Fetch-Site": "cross-site"}, id="fetch-contradicts"),
    pytest.param({"Origin": PROXY_ORIGIN, "Sec-Fetch-Site": "same-site"}, id="trusted-same-site"),
]
OWN = [
    pytest.param({"Origin": SELF, "Sec-Fetch-Site": "same-origin"}, id="same-origin"),
    pytest.param({"Origin": "HTTP://LOCALHOST:80"}, id="same-origin-spelt-otherwise"),
    pytest.param({"Sec-Fetch-Site": "none"}, id="user-initiated"),
    pytest.param({"Origin": PROXY_ORIGIN, "Sec-Fetch-Site": "same-origin"}, id="trusted-origin"),
    pytest.param({}, id="no-browser-headers"),
]
REFUSAL = {
    "id": "Permintaan ini datang dari situs lain dan tidak boleh mengubah apa pun.",
    "en": "This request came from another site and may not change anything.",
}
# Paths that are not routes (yet) are refused the same way: the check runs before routing.
EXTRA_PATHS = ["/impor", "/tidak-ada", "/kiosk/tidak-ada"]


@dataclass
class Site:
    """The app on a copy of the demo (one trusted proxy origin) and a display token."""

    app: Dash
    kiosk_path: str

    def client(self, role: str | None) -> FlaskClient:
        return client_as(self.app.server, role)

    def screen(self) -> FlaskClient:
        client = self.app.server.test_client()
        assert client.get(self.kiosk_path).status_code == 200
        return client


@pytest.fixture(scope="module")
def site(demo_template, tmp_path_factory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("cross-site")
    url, kiosk_path = demo_with_accounts(demo_template, folder)
    settings = Settings.from_env(
        {"TRUSTED_ORIGINS": f"{PROXY_ORIGIN}/"},  # a trailing slash, as people write it
        database_url=url,
        secret_key="test-cross-site",
        instance_dir=str(folder),
    )
    server = create_app(settings)
    yield Site(dash_apps(server).dashboard, kiosk_path)
    server.extensions[EXTENSION_KEY].dispose()


@pytest.fixture(scope="module")
def admin(site) -> FlaskClient:
    """The committee, logged in once for the module (refused requests leave it logged in)."""
    return site.client("admin")


@pytest.fixture(scope="module")
def screen(site) -> FlaskClient:
    """A ceremony screen signed in with its display token."""
    return site.screen()


def assert_refused(response: TestResponse, *, html: bool) -> None:
    """Assert a bilingual 403 that grants nothing to the other site."""
    assert response.status_code == 403, response.status_code
    text = response.get_data(as_text=True)
    assert REFUSAL["id"] in text and REFUSAL["en"] in text
    assert response.mimetype == ("text/html" if html else "application/json")
    assert response.headers["Cache-Control"] == "no-store"
    assert not [name for name, _ in response.headers.items() if name.lower().startswith("access-")]


def every_route(app: Dash) -> list[str]:
    """Return a concrete path for every route of the server, and a few that are none."""
    paths = []
    for rule in app.server.url_map.iter_rules():
        paths.append(re.sub(r"<(?:[^<>:]+:)?[^<>]+>", "1", rule.rule))
    return sorted({*paths, *EXTRA_PATHS})


# ---------------------------------------------------------------- refused, everywhere
@pytest.mark.parametrize("headers", FOREIGN)
def test_every_route_refuses_unsafe_methods_from_other_sites(site, admin, headers):
    paths = every_route(site.app)
    assert {"/login", "/logout", "/_dash-update-component", "/kiosk/_dash-update-component"} <= {
        *paths
    }
    for path in paths:
        for method in UNSAFE:
            response = admin.open(path, method=method, headers=headers)
            assert_refused(response, html=False)


@pytest.mark.parametrize("headers", FOREIGN)
def test_a_cross_site_login_with_good_credentials_starts_no_session(site, headers):
    client = site.client(None)
    token = csrf_from(client.get("/login").get_data(as_text=True))
    form = {"username": "panitia", "password": PASSWORD, "csrf": token}
    response = client.post("/login", data=form, headers={**headers, "Accept": "text/html"})
    assert_refused(response, html=True)
    assert "Permintaan ditolak / Request refused" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still sent to the login page


def _navbar_body(app: Dash) -> dict:
    key = next(key for key in app.callback_map if f"{ids.SHELL_NAV_LINKS}." in key)
    values = {(ids.SHELL_URL, "pathname"): "/", (ids.SHELL_URL, "search"): ""}
    return callback_body(key, app.callback_map[key], values)


def _kiosk_body(app: Dash) -> dict:
    kiosk = dash_apps(app.server).kiosk
    key = next(key for key in kiosk.callback_map if f"{ids.KIOSK_FRAME}." in key)
    return callback_body(key, kiosk.callback_map[key], {(ids.KIOSK_SIGNAL, "data"): {}})


@pytest.mark.parametrize("headers", FOREIGN)
def test_cross_site_callbacks_get_nothing_even_with_a_session(site, admin, screen, headers):
    response = admin.post("/_dash-update-component", json=_navbar_body(site.app), headers=headers)
    assert_refused(response, html=False)
    assert "panitia" not in response.get_data(as_text=True)
    response = screen.post(
        "/kiosk/_dash-update-component", json=_kiosk_body(site.app), headers=headers
    )
    assert_refused(response, html=False)


@pytest.mark.parametrize("headers", FOREIGN)
def test_a_cross_site_logout_ends_no_session(admin, headers):
    token = csrf_from(admin.get("/login").get_data(as_text=True))
    assert_refused(admin.post("/logout", data={"csrf": token}, headers=headers), html=False)
    assert admin.get("/").status_code == 200


def test_a_cross_site_post_with_the_page_s_own_token_changes_no_account(site):
    """/akun and /akun/sandi, posted from another site with a real form token: refused
    before the form is read (every_route covers their paths; this sends the token too)."""
    client = site.client("admin")
    token = csrf_from(client.get("/akun/sandi").get_data(as_text=True))
    forms = {
        "/akun/sandi": {"current": PASSWORD, "new": "dicuri-123456", "repeat": "dicuri-123456"},
        "/akun/tambah": {"username": "penyusup", "role": "admin"},
        "/akun/peran": {"username": "tamu", "role": "admin"},
        "/akun/hapus": {"username": "tamu"},
    }
    for path, form in forms.items():
        response = client.post(
            path, data={**form, "csrf": token}, headers={"Origin": "http://jahat.example"}
        )
        assert_refused(response, html=False)
    page = client.get("/akun").get_data(as_text=True)
    assert 'data-username="tamu"' in page and "penyusup" not in page
    assert "Pemantau (viewer)" in page.split('data-username="tamu"')[1][:1500]
    fresh = site.client(None)
    token = csrf_from(fresh.get("/login").get_data(as_text=True))
    form = {"username": "panitia", "password": PASSWORD, "csrf": token}
    assert fresh.post("/login", data=form).status_code == 302  # the password stands


# ---------------------------------------------------------------- the site's own requests
@pytest.mark.parametrize("headers", OWN)
def test_the_sites_own_requests_go_through(site, headers):
    client = site.client(None)
    token = csrf_from(client.get("/login").get_data(as_text=True))
    form = {"username": "panitia", "password": PASSWORD, "csrf": token}
    assert client.post("/login", data=form, headers=headers).status_code == 302
    response = client.post("/_dash-update-component", json=_navbar_body(site.app), headers=headers)
    assert response.status_code == 200
    assert "panitia" in response.get_data(as_text=True)
    response = site.screen().post(
        "/kiosk/_dash-update-component", json=_kiosk_body(site.app), headers=headers
    )
    assert response.status_code == 200
    token = csrf_from(client.get("/login").get_data(as_text=True))  # the new session's
    assert client.post("/logout", data={"csrf": token}, headers=headers).status_code == 302
    assert client.get("/").status_code == 302  # logged out


@pytest.mark.parametrize("headers", OWN)
def test_the_form_tokens_still_hold_for_the_sites_own_requests(site, headers):
    client = site.client(None)
    client.get("/login")
    form = {"username": "panitia", "password": PASSWORD, "csrf": "palsu"}
    assert client.post("/login", data=form, headers=headers).status_code == 400
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("headers", [*FOREIGN, *OWN])
def test_links_from_anywhere_still_open_pages(admin, headers):
    # GET changes nothing: a link in a WhatsApp message or an e-mail must keep working.
    assert admin.get("/login", headers=headers).status_code == 200
    assert admin.get("/", headers=headers).status_code == 200
    assert admin.head("/", headers=headers).status_code == 200


# ---------------------------------------------------------------- no CORS
@pytest.mark.parametrize(
    "path", ["/_dash-update-component", "/kiosk/_dash-update-component", "/login", "/impor"]
)
def test_a_preflight_from_another_site_gets_nothing_permissive(admin, path):
    headers = {
        "Origin": "http://jahat.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
        "Sec-Fetch-Site": "cross-site",
        "Sec-Fetch-Mode": "cors",
    }
    response = admin.options(path, headers=headers)
    assert_refused(response, html=False)


@pytest.mark.parametrize(
    "path", ["/login", "/", "/kiosk/api/state", "/_dash-layout", "/assets/kipp.css"]
)
def test_no_answer_grants_cors_to_another_origin(admin, screen, path):
    client = screen if path.startswith("/kiosk") else admin
    response = client.get(path, headers={"Origin": "http://jahat.example"})
    assert response.status_code == 200
    granted = [name for name, _ in response.headers.items() if name.lower().startswith("access-")]
    assert granted == []
    response.close()


def test_the_refusal_speaks_to_a_browser_in_both_languages(site):
    response = site.client(None).post(
        "/login?lang=en",
        data={},
        headers={"Origin": "http://jahat.example", "Accept": "text/html,*/*;q=0.8"},
    )
    assert_refused(response, html=True)
    page = response.get_data(as_text=True)
    assert '<p lang="id">' in page and '<p lang="en">' in page
    assert page.index(REFUSAL["id"]) < page.index(REFUSAL["en"])  # Bahasa Indonesia first


# ---------------------------------------------------------------- the setting
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ()),
        ("https://kipp.example", ("https://kipp.example",)),
        ("HTTPS://Kipp.Example:443/", ("https://kipp.example",)),
        (
            "http://a.example:8080, https://b.example",
            ("http://a.example:8080", "https://b.example"),
        ),
        ("http://[::1]:8050", ("http://[::1]:8050",)),
    ],
)
def test_trusted_origins_are_read_and_normalized(raw, expected):
    assert Settings.from_env({"TRUSTED_ORIGINS": raw}).trusted_origins == expected


@pytest.mark.parametrize(
    "raw", ["kipp.example", "ftp://kipp.example", "https://kipp.example/dasbor", "null", "https://"]
)
def test_a_trusted_origin_that_is_not_an_origin_fails_loudly(raw):
    with pytest.raises(ValueError, match="TRUSTED_ORIGINS"):
        Settings.from_env({"TRUSTED_ORIGINS": raw})


def test_behind_a_proxy_the_public_origin_and_client_address_come_from_its_headers(site):
    """PROXY_COUNT=1: the proxy's X-Forwarded-* name the public host and the client."""
    settings = Settings.from_env(
        {"PROXY_COUNT": "1"},
        database_url=site.app.server.extensions[EXTENSION_KEY].settings.database_url,
        secret_key="test-proxy",
        instance_dir=site.app.server.extensions[EXTENSION_KEY].settings.instance_dir,
    )
    server = create_app(settings)
    try:
        client = server.test_client()
        forwarded = {
            "X-Forwarded-For": "203.0.113.7",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "kipp.kuduskab.go.id",
        }
        seen = {}

        @server.get("/_test-proxy")
        def _seen():
            seen.update(addr=request.remote_addr, host=request.host_url)
            return ""

        client.get("/_test-proxy", headers=forwarded)
        assert seen == {"addr": "203.0.113.7", "host": "https://kipp.kuduskab.go.id/"}
        token = csrf_from(client.get("/login", headers=forwarded).get_data(as_text=True))
        form = {"username": "panitia", "password": PASSWORD, "csrf": token}
        public = {**forwarded, "Origin": "https://kipp.kuduskab.go.id"}
        assert client.post("/login", data=form, headers=public).status_code == 302
        # Without the proxy's word, the same Origin is another site's.
        plain = server.test_client()
        token = csrf_from(plain.get("/login").get_data(as_text=True))
        form["csrf"] = token
        answer = plain.post("/login", data=form, headers={"Origin": "https://kipp.kuduskab.go.id"})
        assert answer.status_code == 403
    finally:
        server.extensions[EXTENSION_KEY].dispose()
