"""Answers that are the same for every session carry no session cookie and no Vary: Cookie.

Through the Flask test client on the demo (a real SQLite file): a signed-in admin's static
files come without Set-Cookie and without `Vary: Cookie` (so a browser finds its copy
again), while a page still refreshes the cookie; a screen's kiosk page, layout and
callback map do not vary on the cookie, and the same page refused to an anonymous
visitor (a redirect to /login) does.
"""

from __future__ import annotations

from app import dash_apps
from tests.web import client_as


def _varies_on_cookie(response) -> bool:
    return "cookie" in {name.lower() for name in response.vary}


def test_static_files_go_without_the_session_cookie(app):
    admin = client_as(app, "admin")
    scripts = dash_apps(app).dashboard._generate_scripts_html()
    assert "dash_table" not in scripts  # no page has a DataTable (dashboard/lean.py)
    for path in (
        "/assets/kipp.css",
        "/_favicon.ico",
        "/_dash-component-suites/dash/deps/react@18.3.1.min.js",
    ):
        answer = admin.get(path, headers={"Accept-Encoding": "identity"}, buffered=True)
        assert answer.status_code == 200, path
        assert "Set-Cookie" not in answer.headers, path
        assert not _varies_on_cookie(answer), path
    page = admin.get("/jadwal")
    assert page.status_code == 200 and "Set-Cookie" in page.headers
    assert _varies_on_cookie(page)


def test_the_kiosk_frame_is_the_same_for_every_screen(app, site_template):
    screen = app.test_client()
    page = screen.get(site_template.kiosk_path)
    assert page.status_code == 200
    assert not _varies_on_cookie(page)
    assert page.headers["Cache-Control"] == "private, no-cache"
    assert "dash_bootstrap_components" not in page.text and "dash_table" not in page.text
    for path in ("/kiosk/_dash-layout", "/kiosk/_dash-dependencies"):
        answer = screen.get(path)
        assert answer.status_code == 200 and not _varies_on_cookie(answer), path
    refused = app.test_client().get("/kiosk")
    assert refused.status_code == 302 and _varies_on_cookie(refused)
