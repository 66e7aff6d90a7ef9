"""The reader's language, remembered (dashboard/language.py): a page opened without
?lang= comes in the language this browser chose last; choosing sets it, once."""

from __future__ import annotations

import pytest

from dashboard.language import COOKIE
from tests.web import client_as, committee_site


@pytest.fixture
def site(demo_url, tmp_path):
    with committee_site(demo_url, tmp_path, "test-language") as (app, _engine):
        yield app


@pytest.fixture
def viewer(site):
    return client_as(site, "admin")


def _cookie(client) -> str | None:
    found = client.get_cookie(COOKIE)
    return found.value if found else None


def test_a_chosen_language_is_kept_and_pages_open_in_it(viewer):
    assert viewer.get("/jadwal").status_code == 200  # nothing chosen: Indonesian, no detour
    assert _cookie(viewer) is None
    english = viewer.get("/partisipasi?lang=en")
    assert english.status_code == 200 and _cookie(viewer) == "en"
    assert any(c.startswith(f"{COOKIE}=en;") for c in english.headers.getlist("Set-Cookie"))
    again = viewer.get("/peringkat?edition=x&lang=en")
    assert not any(c.startswith(COOKIE) for c in again.headers.getlist("Set-Cookie"))
    sent = viewer.get("/peringkat?edition=demo")
    assert sent.status_code == 302
    assert sent.headers["Location"] == "/peringkat?edition=demo&lang=en"
    assert viewer.get("/layar").headers["Location"] == "/layar?lang=en"
    # Choosing Indonesian again: pages stay at their own address.
    viewer.get("/?lang=id")
    assert _cookie(viewer) == "id"
    assert viewer.get("/jadwal").status_code == 200


def test_the_login_follows_it_and_other_addresses_do_not(site):
    client = site.test_client()
    client.get("/login?lang=en")
    assert client.get("/login").headers["Location"] == "/login?lang=en"
    for path in ("/api/versi", "/assets/kipp.css", "/kiosk", "/healthz"):
        answer = client.get(path)
        answer.close()
        assert not answer.headers.get("Location", "").endswith("lang=en"), path


def test_a_dash_refresh_naming_a_language_keeps_it(viewer):
    """Switching by the navbar's ID / EN moves the page in the browser: the pages' router
    callback then names the language, and that choice is kept too."""
    from app import dash_apps
    from dashboard import ids
    from tests.web import PROGRESS_KEY, callback_body, update

    app = dash_apps(viewer.application).dashboard
    body = callback_body(
        PROGRESS_KEY,
        app.callback_map[PROGRESS_KEY],
        {(ids.PROGRESS_URL, "search"): "?lang=en", (ids.PROGRESS_INTERVAL, "n_intervals"): 1},
    )
    assert update(viewer, body).status_code == 200
    assert _cookie(viewer) == "en"
