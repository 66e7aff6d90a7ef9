"""The committee's /berita-acara in Chromium: previews small, text fields wide enough for a
real place, at 1366 px and at a phone's 390 px (one page load)."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from app import create_app
from data_access import minutes
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.settings import Settings
from tests.drawn import drawn
from tests.web import PASSWORD, add_accounts

pytestmark = pytest.mark.browser
PLACE = "Pendopo Kabupaten Kudus"
# Each preview's drawn size, and whether the place field shows its whole text.
MEASURE = """() => ({
  logo: document.querySelector('#gambar-regency_logo .kipp-minutes-preview img')
    .getBoundingClientRect().toJSON(),
  kop: document.querySelector('#gambar-kop .kipp-minutes-preview img')
    .getBoundingClientRect().toJSON(),
  plate: document.querySelector('#gambar-kop .kipp-minutes-preview').clientWidth,
  place: (e => ({scroll: e.scrollWidth, client: e.clientWidth,
                 width: e.getBoundingClientRect().width}))(
    document.querySelector('#minutes-place')),
  form: document.querySelector('#minutes-form').getBoundingClientRect().width,
  wide: document.documentElement.scrollWidth,
})"""


def _picture(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, "PNG")
    return out.getvalue()


def test_ba01_previews_small_and_the_place_whole(demo_url, live_dash, tmp_path, offline_page):
    engine = make_engine(demo_url)
    try:
        add_accounts(engine)
        with transaction(engine) as session:  # a large square logo, a wide letterhead
            minutes.set_image(session, DEMO_CODE, "regency_logo", _picture((600, 600)), by="t")
            minutes.set_image(session, DEMO_CODE, "kop", _picture((1600, 260)), by="t")
    finally:
        engine.dispose()
    server = create_app(
        Settings(database_url=demo_url, secret_key="ba01", instance_dir=str(tmp_path))
    )
    url = live_dash(server)
    page: Page = offline_page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{url}/login?next=/berita-acara")
    page.get_by_label("Nama pengguna").fill("panitia")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Berita Acara dan Logo")).to_be_visible()
    page.fill("#minutes-place", PLACE)
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    drawn(page)  # kipp.css too, which sizes the previews (tests/drawn.py)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        seen = page.evaluate(MEASURE)
        assert 0 < seen["logo"]["height"] <= 96, (width, seen)
        assert 0 < seen["kop"]["height"] <= 80, (width, seen)
        assert seen["kop"]["width"] >= seen["plate"] - 20, (width, seen)  # across the card
        assert seen["place"]["scroll"] <= seen["place"]["client"], (width, seen)  # not cut
        assert seen["wide"] <= width, (width, seen)
    assert seen["place"]["width"] >= seen["form"] - 1  # a whole row on a phone
