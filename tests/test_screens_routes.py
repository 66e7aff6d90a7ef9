"""The committee's ceremony screens page (/layar): register, see the link once (text and a
QR code a camera reads), rename, revoke. Who may use it is also in tests/security's
matrices; the page in Chromium is at the end here."""

from __future__ import annotations

import html
import re
from io import BytesIO

import pytest
import zxingcpp
from PIL import Image

from dashboard.qr import qr_modules
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.kiosks import list_screens
from tests.drawn import drawn_width
from tests.seed import add_edition
from tests.web import PASSWORD, ROLE_USER, client_as, committee_site, csrf_from

SCREENS = "/layar"
LINK = re.compile(r'id="screen-link" type="text" readonly value="([^"]+)"')


@pytest.fixture
def site(demo_url, tmp_path):
    """The app on a fresh demo with one account per role (SQLite: a page's test)."""
    with committee_site(demo_url, tmp_path, "test-screens") as site:
        yield site


def _post(client, path: str, lang: str = "id", **fields: str):
    """Post a form of the page with its CSRF token, as the page's own form does."""
    token = csrf_from(client.get(f"{SCREENS}?lang={lang}").get_data(as_text=True))
    return client.post(f"{path}?lang={lang}", data={"csrf": token, **fields})


def _result(client, response) -> str:
    """Follow a post's redirect and return the page it shows (the outcome, once)."""
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    assert response.headers["Location"].startswith(SCREENS)
    return html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))


def test_a_registered_screen_shows_its_link_once_and_the_link_opens_the_kiosk(site):
    app, engine = site
    admin = client_as(app, "admin")
    page = _result(admin, _post(admin, f"{SCREENS}/daftar", name="TV Pendopo Kiri"))
    assert "Layar TV Pendopo Kiri terdaftar" in page
    link = LINK.search(page).group(1)
    assert link.startswith("http://localhost/kiosk?token=")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="kipp-qr"' in page
    assert 'aria-label="Kode QR tautan layar"' in page
    again = admin.get(SCREENS).get_data(as_text=True)
    assert LINK.search(again) is None and "kipp-qr" not in again  # shown once
    assert "TV Pendopo Kiri" in again
    tv = app.test_client()
    assert tv.get(link.removeprefix("http://localhost")).status_code == 200
    with transaction(engine) as session:
        (screen,) = list_screens(session)
    assert screen.name == "TV Pendopo Kiri" and screen.bound_edition == DEMO_CODE


def test_rename_keeps_the_link_and_revoke_ends_it(site):
    app, _engine = site
    admin = client_as(app, "admin")
    page = _result(admin, _post(admin, f"{SCREENS}/daftar", name="TV Lama"))
    path = LINK.search(page).group(1).removeprefix("http://localhost")
    _result(admin, _post(admin, f"{SCREENS}/daftar", name="Lobi"))
    page = _result(admin, _post(admin, f"{SCREENS}/ganti-nama", name="TV Lama", new_name="Aula"))
    assert "Layar TV Lama sekarang bernama Aula." in page
    tv = app.test_client()
    assert tv.get(path).status_code == 200  # the same link, renamed
    refused = _result(admin, _post(admin, f"{SCREENS}/ganti-nama", name="Aula", new_name="Lobi"))
    assert "Layar 'Lobi' sudah ada" in refused
    bad = _result(
        admin, _post(admin, f"{SCREENS}/ganti-nama", lang="en", name="Aula", new_name="<b>")
    )
    assert "screen names are 1-80 letters" in bad and "<b>" not in bad.split("alert")[1][:200]
    page = _result(admin, _post(admin, f"{SCREENS}/cabut", name="Aula"))
    assert "Tautan layar Aula dicabut" in page
    assert app.test_client().get(path).status_code == 403  # "Layar ini belum terdaftar"
    gone = _result(admin, _post(admin, f"{SCREENS}/cabut", name="Aula"))
    assert "Layar 'Aula' tidak ada" in gone
    # What was done (not what was refused) is in the audit view, by whom, under "layar".
    trail = html.unescape(admin.get("/audit?jenis=layar&lang=id").get_data(as_text=True))
    assert "4 entri" in trail and trail.count(f'<td data-label="Oleh">{ROLE_USER["admin"]}<') == 4
    assert "Tautan layar Aula dicabut" in trail and "Layar TV Lama diberi nama baru Aula" in trail
    assert "token=" not in trail


def test_with_several_editions_a_screen_names_its_own(site):
    app, engine = site
    with transaction(engine) as session:
        add_edition(session, "kudus-2027", name="KIPP Kudus 2027")
    admin = client_as(app, "admin")
    form = admin.get(SCREENS).get_data(as_text=True)
    assert 'id="register-edition"' in form and "KIPP Kudus 2027" in form
    none = _result(admin, _post(admin, f"{SCREENS}/daftar", name="TV"))
    assert "Ada beberapa edisi; pilih edisi layar ini" in none  # the form always sends one
    _result(admin, _post(admin, f"{SCREENS}/daftar", name="TV", edition="kudus-2027"))
    with transaction(engine) as session:
        (screen,) = list_screens(session)
    assert screen.bound_edition == "kudus-2027"


def test_the_page_is_the_committees_alone_and_posts_need_the_token(site):
    app, engine = site
    assert app.test_client().get(SCREENS).headers["Location"].startswith("/login?next=/layar")
    for role in ("viewer", "bupati", "juri"):
        client = client_as(app, role)
        assert client.get(SCREENS).status_code == 403, role
        assert client.post(f"{SCREENS}/daftar", data={"name": "X"}).status_code == 403, role
    admin = client_as(app, "admin")
    admin.get(SCREENS)
    assert admin.post(f"{SCREENS}/daftar", data={"name": "X", "csrf": "tebakan"}).status_code == 400
    big = admin.post(f"{SCREENS}/daftar", data={"name": "X" * 10_000})
    assert big.status_code == 413
    with transaction(engine) as session:
        assert list_screens(session) == []


def test_the_qr_code_reads_back_as_the_link():
    """What a camera reads: the modules drawn as pixels decode to the very link."""
    link = "http://192.168.1.20:8050/kiosk?token=" + "Zq9_-" * 9
    modules = qr_modules(link)
    scale, quiet = 8, 4
    side = (len(modules) + 2 * quiet) * scale
    image = Image.new("L", (side, side), 255)
    for row, line in enumerate(modules):
        for col, dark in enumerate(line):
            if dark:
                x, y = (col + quiet) * scale, (row + quiet) * scale
                image.paste(0, (x, y, x + scale, y + scale))
    (found,) = zxingcpp.read_barcodes(image)
    assert found.text == link


@pytest.mark.browser
def test_the_page_in_chromium_shows_a_code_a_camera_reads(
    site, live_dash, offline_page, artifacts_dir
):
    """The SVG as Chromium draws it (1366 px, then a 390 px phone) decodes to the link."""
    app, _engine = site
    base = live_dash(app)
    page = offline_page
    page.goto(f"{base}/login?next=/layar")
    page.fill("#username", "panitia")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/layar"))
    page.fill("#register-name", "TV Pendopo")
    page.click("#screen-register button[type=submit]")
    qr = page.locator(".kipp-qr")
    qr.wait_for()
    link = page.input_value("#screen-link")
    assert "/kiosk?token=" in link
    (found,) = zxingcpp.read_barcodes(Image.open(BytesIO(qr.screenshot())))
    assert found.text == link
    page.screenshot(path=artifacts_dir / "screens-new-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert drawn_width(page) <= 390
    page.screenshot(path=artifacts_dir / "screens-new-390.png", full_page=True)
