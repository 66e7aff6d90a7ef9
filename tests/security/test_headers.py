"""Every response carries the security headers, and the CSP allows exactly Dash's inline scripts.

Pages, Dash's JSON endpoints and bundles, assets, the kiosk's routes (its page, state poll,
photos, service worker and callback), login and logout, exports, refusals, 404s and 405s
are asked through the Flask test client on the demo edition; each answer must carry the
same Content-Security-Policy (script-src 'self' plus sha256 hashes, never 'unsafe-inline'
or 'unsafe-eval'), X-Frame-Options, nosniff, Referrer-Policy, Permissions-Policy and the
cross-origin isolation headers, and no Access-Control-Allow-* header. The hashes are
checked against the inline scripts the pages really hold, for both Dash apps.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from dash import Dash, Input, Output
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app import create_app, dash_apps
from dashboard import ids
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine
from data_access.settings import Settings
from tests.web import (
    PASSWORD,
    add_accounts,
    callback_body,
    client_as,
    csrf_from,
    demo_with_accounts,
    login,
    update,
)

# The policy's fixed part: every directive but script-src, exactly.
FIXED_DIRECTIVES = {
    "default-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
HASH = re.compile(r"^'sha256-[A-Za-z0-9+/]{43}='$")
# An inline <script> a browser runs: no src, and not a data block (application/json).
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)


def policy(response: TestResponse) -> dict[str, list[str]]:
    """Return a response's Content-Security-Policy as directive -> sources."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request.path}"
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice"
        directives[name] = sources
    return directives


def assert_security_headers(response: TestResponse) -> None:
    """Assert that a response carries every security header of the app, and no CORS grant."""
    directives = policy(response)
    script_src = directives.pop("script-src")
    assert directives == FIXED_DIRECTIVES
    assert script_src[0] == "'self'"
    assert script_src[1:], "script-src names no hash: Dash's renderer script would not run"
    assert all(HASH.match(source) for source in script_src[1:]), script_src
    headers = response.headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    permissions = dict(part.split("=") for part in headers["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert permissions[feature] == "()"
    granted = [name for name, _ in headers.items() if name.lower().startswith("access-control-")]
    assert granted == [], granted
    # Plain http here: HSTS belongs to HTTPS answers only (see the https test below).
    if not response.request.url.startswith("https:"):
        assert "Strict-Transport-Security" not in headers


def inline_script_hashes(page: str) -> set[str]:
    """Return the CSP hashes of the inline scripts a browser would run in a page."""
    found = set()
    for match in INLINE_SCRIPT.finditer(page):
        attrs = match.group("attrs")
        if "src=" in attrs or "application/json" in attrs:
            continue
        digest = hashlib.sha256(match.group("body").encode()).digest()
        found.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return found


# ---------------------------------------------------------------- the site
@dataclass
class Site:
    """The app on a copy of the demo, a display token, and clients by role."""

    app: Dash
    kiosk_path: str
    clients: dict[str | None, FlaskClient] = field(default_factory=dict)

    def client(self, role: str | None) -> FlaskClient:
        """Return a client of the role, logged in once for the module (a login costs argon2)."""
        if role not in self.clients:
            self.clients[role] = client_as(self.app.server, role)
        return self.clients[role]

    def screen(self) -> FlaskClient:
        """Return a client signed in as a ceremony screen by its display token."""
        client = self.app.server.test_client()
        assert client.get(self.kiosk_path).status_code == 200
        return client


@pytest.fixture(scope="module")
def site(demo_template, tmp_path_factory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("headers")
    url, kiosk_path = demo_with_accounts(demo_template, folder)
    server = create_app(
        Settings(database_url=url, secret_key="test-headers", instance_dir=str(folder))
    )
    yield Site(dash_apps(server).dashboard, kiosk_path)
    server.extensions[EXTENSION_KEY].dispose()


def _callback_key(app: Dash, output_id: str) -> str:
    return next(key for key in app.callback_map if f"{output_id}." in key)


def _navbar(site: Site, role: str | None) -> TestResponse:
    key = _callback_key(site.app, ids.SHELL_NAV_LINKS)
    values = {(ids.SHELL_URL, "pathname"): "/", (ids.SHELL_URL, "search"): ""}
    return update(site.client(role), callback_body(key, site.app.callback_map[key], values))


def _kiosk_frame(site: Site) -> TestResponse:
    kiosk = dash_apps(site.app.server).kiosk
    key = _callback_key(kiosk, ids.KIOSK_FRAME)
    body = callback_body(key, kiosk.callback_map[key], {(ids.KIOSK_SIGNAL, "data"): {}})
    return site.screen().post("/kiosk/_dash-update-component", json=body)


def _bundle(site: Site) -> TestResponse:
    page = site.client("admin").get("/").get_data(as_text=True)
    path = re.search(r'src="(/_dash-component-suites/[^"]+\.js)"', page).group(1)
    return site.client("admin").get(path)


def _login_post(site: Site, password: str) -> TestResponse:
    client = site.app.server.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"username": "panitia", "password": password, "csrf": token})


def _logout(site: Site) -> TestResponse:
    client = client_as(site.app.server, "admin")  # its own session: this one ends
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/logout", data={"csrf": token})


# (what, how to ask, the status it must answer)
ASKED: list[tuple[str, Callable[[Site], TestResponse], int]] = [
    ("login page", lambda s: s.client(None).get("/login"), 200),
    ("login refused", lambda s: _login_post(s, "salah"), 401),
    ("login", lambda s: _login_post(s, PASSWORD), 302),
    ("logout", _logout, 302),
    ("dashboard page", lambda s: s.client("admin").get("/"), 200),
    ("ranking page", lambda s: s.client("admin").get("/peringkat"), 200),
    ("page for an anonymous visitor", lambda s: s.client(None).get("/"), 302),
    ("page refused to a viewer", lambda s: s.client("viewer").get("/peringkat"), 403),
    ("dash layout", lambda s: s.client("admin").get("/_dash-layout"), 200),
    ("dash dependencies", lambda s: s.client("admin").get("/_dash-dependencies"), 200),
    ("dash callback", lambda s: _navbar(s, "admin"), 200),
    ("dash callback refused", lambda s: _navbar(s, None), 401),  # no session: body unread
    ("dash bundle", _bundle, 200),
    # Dash raises on a bundle path it does not know: a plain 404.
    (
        "dash bundle unknown",
        lambda s: s.client(None).get("/_dash-component-suites/dash/no.js"),
        404,
    ),
    ("asset", lambda s: s.client(None).get("/assets/kipp.css"), 200),
    ("asset 404", lambda s: s.client(None).get("/assets/tidak-ada.css"), 404),
    ("method not allowed", lambda s: s.screen().post("/kiosk/api/state"), 405),
    ("kiosk page", lambda s: s.app.server.test_client().get(s.kiosk_path), 200),
    ("kiosk page by session", lambda s: s.screen().get("/kiosk"), 200),
    ("kiosk bad token", lambda s: s.client(None).get("/kiosk?token=salah"), 403),
    ("kiosk state", lambda s: s.screen().get("/kiosk/api/state"), 200),
    ("kiosk state anonymous", lambda s: s.client(None).get("/kiosk/api/state"), 401),
    ("kiosk photo", lambda s: s.screen().get("/kiosk/photo/999999"), 404),
    ("kiosk asset", lambda s: s.client(None).get("/kiosk/assets/kiosk.js"), 200),
    ("kiosk service worker", lambda s: s.client(None).get("/kiosk-sw.js"), 200),
    ("kiosk callback", _kiosk_frame, 200),
    ("export", lambda s: s.client("admin").get("/ekspor/csv"), 200),
    ("export unknown format", lambda s: s.client("admin").get("/ekspor/doc"), 404),
    ("export anonymous", lambda s: s.client(None).get("/ekspor/csv"), 302),
    ("import template", lambda s: s.client("admin").get("/impor/templat.xlsx"), 200),
    ("import template refused", lambda s: s.client("viewer").get("/impor/templat.xlsx"), 403),
    (
        "cross-site refusal",
        lambda s: s.client("admin").post("/logout", headers={"Origin": "http://jahat.example"}),
        403,
    ),
]


@pytest.mark.parametrize(("what", "ask", "status"), ASKED, ids=[a[0] for a in ASKED])
def test_every_response_carries_the_security_headers(site, what, ask, status):
    response = ask(site)
    try:
        assert response.status_code == status, (what, response.status_code)
        assert_security_headers(response)
    finally:
        response.close()  # a file sent by send_file stays open until then


@pytest.mark.parametrize("path", ["/", "/kiosk"])
def test_script_src_holds_exactly_the_hashes_of_the_page_inline_scripts(site, path):
    client = site.screen() if path == "/kiosk" else site.client("admin")
    response = client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    needed = inline_script_hashes(page)
    assert "new DashRenderer" in page and needed, "the page has no inline script to check"
    allowed = set(policy(response)["script-src"][1:])
    assert needed <= allowed, f"inline scripts the CSP would block: {needed - allowed}"
    # Nothing else: each hash belongs to an inline script of one of the two Dash apps.
    dash_hashes = {found for app in dash_apps(site.app.server) for found in app.csp_hashes()}
    assert allowed == dash_hashes


def test_plain_http_is_served_as_it_is(site):
    # HTTPS is the reverse proxy's job: no redirect to https://, no Secure cookie by default.
    client = site.app.server.test_client()
    response = client.get("/login")
    assert response.status_code == 200
    assert login(client, "panitia").status_code == 302
    assert client.get("/").status_code == 200  # the session cookie came back over http
    cookie = login(site.app.server.test_client(), "panitia").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


@pytest.fixture
def https_app(demo_template, tmp_path) -> Iterator[Dash]:
    """The app with SESSION_COOKIE_SECURE on and a clientside callback added after create_app."""
    shutil.copyfile(demo_template, tmp_path / "kipp.sqlite3")
    url = f"sqlite:///{tmp_path / 'kipp.sqlite3'}"
    engine = make_engine(url)
    add_accounts(engine)
    engine.dispose()
    settings = Settings.from_env(
        {"SESSION_COOKIE_SECURE": "true"},
        database_url=url,
        secret_key="test-https",
        instance_dir=str(tmp_path),
    )
    server = create_app(settings)
    yield dash_apps(server).dashboard
    server.extensions[EXTENSION_KEY].dispose()


LATE_SCRIPT = "function (value) { return value; /* csp-late-callback */ }"


def test_a_late_inline_callback_is_hashed_and_https_gets_secure_cookies_and_hsts(https_app):
    # An inline clientside callback registered after create_app: the policy, built at each
    # response, still allows exactly the script the page now carries.
    https_app.clientside_callback(
        LATE_SCRIPT, Output("csp-late-out", "children"), Input("csp-late-in", "data")
    )
    client = https_app.server.test_client()
    https = {"base_url": "https://localhost"}
    token = csrf_from(client.get("/login", **https).get_data(as_text=True))
    form = {"username": "panitia", "password": PASSWORD, "csrf": token}
    response = client.post("/login", data=form, **https)
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    page = client.get("/", **https)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "csp-late-callback" in text
    late = [m.group(0) for m in INLINE_SCRIPT.finditer(text) if "csp-late-callback" in m.group(0)]
    assert len(late) == 1
    assert inline_script_hashes(late[0]) <= set(policy(page)["script-src"])
    assert_security_headers(page)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", False), ("1", True), ("true", True), ("Yes", True), ("off", False), ("0", False)],
)
def test_session_cookie_secure_is_read_from_the_environment(raw, expected):
    assert Settings.from_env({"SESSION_COOKIE_SECURE": raw}).session_cookie_secure is expected


def test_a_mistyped_session_cookie_secure_fails_loudly():
    with pytest.raises(ValueError, match="SESSION_COOKIE_SECURE"):
        Settings.from_env({"SESSION_COOKIE_SECURE": "maybe"})
