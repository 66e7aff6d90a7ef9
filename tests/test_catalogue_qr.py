"""The catalogue's QR codes on the ceremony screens (dashboard/kiosk, dashboard/qr.py).

A screen shows a code to the edition's catalogue page only while the edition is published,
"Para Juara" being the only reveal step that carries it; the rotation's "katalog" slide
names the winners only once the reveal has reached "all". Each code is decoded (zxing)
from the very data: URI the screen gets, and names PUBLIC_URL's address. In Chromium:
tests/test_kiosk_browser.py; /ringkasan's card: tests/test_summary_browser.py.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import zxingcpp
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import Engine

from app import create_app, dash_apps
from dashboard import ids
from dashboard.qr import qr_data_uri
from dashboard.services import EXTENSION_KEY
from data_access import catalogue, ceremony
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.formatting import format_score
from data_access.kiosks import create_token, kiosk_url
from data_access.settings import Settings
from tests.web import callback_body, texts

PUBLIC_URL = "https://kipp.kuduskab.go.id"
LINK = f"{PUBLIC_URL}/katalog?edisi={DEMO_CODE}"
FRAME_KEY = "kiosk-frame.children"
SVG_PREFIX = "data:image/svg+xml;base64,"
RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1h-\d+z")
SIDE = re.compile(r'viewBox="0 0 (\d+) \d+"')


def decode(uri: str) -> str:
    """Draw a data: URI's SVG code (its path's runs) as a bitmap and read it with zxing."""
    assert uri.startswith(SVG_PREFIX)
    svg = base64.b64decode(uri[len(SVG_PREFIX) :]).decode()
    side = int(SIDE.search(svg).group(1))
    scale = 8
    image = Image.new("L", (side * scale, side * scale), 255)
    for x, y, length in RUN.findall(svg):
        left, top = int(x) * scale, int(y) * scale
        image.paste(0, (left, top, left + int(length) * scale, top + scale))
    (found,) = zxingcpp.read_barcodes(image)
    return found.text


@pytest.mark.parametrize(
    "text",
    [LINK, "http://192.168.1.20:8050/katalog?edisi=kudus-2023&x=" + "a" * 80, "KIPP"],
)
def test_a_code_drawn_as_runs_decodes_to_its_text(text):
    assert decode(qr_data_uri(text, label="Kode QR")) == text


def _images(tree: Any) -> list[str]:
    """Return the src of every image in a frame's JSON."""
    found: list[str] = []
    if isinstance(tree, list):
        for item in tree:
            found += _images(item)
    elif isinstance(tree, dict):
        src = tree.get("src")
        if isinstance(src, str) and src.startswith(SVG_PREFIX):
            found.append(src)
        for value in tree.values():
            found += _images(value)
    return found


@dataclass
class Hall:
    """The approved demo served by the app (PUBLIC_URL set), with a registered screen."""

    server: Any
    engine: Engine
    client: FlaskClient

    def frame(self, search: str = "") -> tuple[str, str, list[str]]:
        """Return a frame's JSON text, its words and the QR codes' data URIs."""
        entry = dash_apps(self.server).kiosk.callback_map[FRAME_KEY]
        signal = {"v": "x", "search": search, "n": 1}
        body = callback_body(FRAME_KEY, entry, {(ids.KIOSK_SIGNAL, "data"): signal})
        response = self.client.post("/kiosk/_dash-update-component", json=body)
        assert response.status_code == 200
        tree = response.get_json()["response"][ids.KIOSK_FRAME]["children"]
        return json.dumps(tree), texts(tree), _images(tree)

    def stamp(self) -> str:
        """Return the version a screen's poll is told."""
        return self.client.get("/kiosk/api/state").get_json()["v"]

    def move(self, change, *, times: int = 1) -> str:
        for _ in range(times):
            with transaction(self.engine) as session:
                step = change(session, DEMO_CODE, by="panitia").step
        return step


@pytest.fixture
def hall(decided_url, tmp_path) -> Iterator[Hall]:
    engine = make_engine(decided_url)
    with transaction(engine) as session:
        ceremony.approve(session, DEMO_CODE, by="panitia")
        path = kiosk_url(create_token(session, "TV Pendopo"))
        catalogue.publish(session, DEMO_CODE, by="panitia")
    server = create_app(
        Settings(
            database_url=decided_url,
            secret_key="test-catalogue-qr",
            instance_dir=str(tmp_path),
            version_cache_ms=0,
            public_url=PUBLIC_URL,
        )
    )
    client = server.test_client()
    assert client.get(path).status_code == 200
    yield Hall(server, engine, client)
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


ROTATION = "?slides=katalog:10,finalists:10"


def test_no_winner_and_no_code_before_the_reveal_reached_all(hall):
    """Published and approved: the rotation and each step up to Juara I name no winner
    on the catalogue's behalf and show no code (the link would say who won)."""
    with transaction(hall.engine) as session:
        assert catalogue.public_winners(session, DEMO_CODE) == ()
    raw, _words, codes = hall.frame(ROTATION)
    assert "kiosk-slide-katalog" not in raw and "kiosk-slide-finalists" in raw
    assert codes == []
    assert hall.move(ceremony.advance, times=3) == "award-2"
    with transaction(hall.engine) as session:
        assert catalogue.public_winners(session, DEMO_CODE) == ()
        first = ceremony.get_state(session, DEMO_CODE).snapshot.winners(1)[0]
    raw, words, codes = hall.frame(ROTATION)
    assert codes == [] and "kiosk-qr" not in raw and "kiosk-slide-katalog" not in raw
    assert first["title"] not in words
    assert hall.move(ceremony.advance) == "award-1"
    assert hall.frame(ROTATION)[2] == []


def test_para_juara_carries_the_code_while_the_edition_is_published(hall):
    hall.move(ceremony.advance, times=4)
    before = hall.stamp()
    assert hall.move(ceremony.advance) == "all"
    assert hall.stamp().endswith("-k")  # published: the screen's version says so
    raw, words, codes = hall.frame()
    assert "kiosk-slide-all" in raw
    assert [decode(code) for code in codes] == [LINK]
    assert "Pindai untuk melihat semua inovasi" in words
    assert "kipp.kuduskab.go.id/katalog?edisi=demo-kudus-2022" in words
    _raw, english, english_codes = hall.frame("?lang=en")
    assert "Scan to see every innovation" in english
    # An English screen's code opens the English catalogue.
    assert [decode(code) for code in english_codes] == [f"{LINK}&lang=en"]
    # Unpublished mid-ceremony: the poll's version moves, the next frame has no code.
    stamp = hall.stamp()
    with transaction(hall.engine) as session:
        assert catalogue.unpublish(session, DEMO_CODE, by="panitia")
    assert hall.stamp() not in (stamp, before)
    raw, words, codes = hall.frame()
    assert "kiosk-slide-all" in raw and codes == [] and "Pindai" not in words


def test_the_rotation_after_the_ceremony_names_the_winners_with_the_code(hall):
    hall.move(ceremony.advance, times=5)
    assert hall.move(ceremony.reset) == "rotation"
    with transaction(hall.engine) as session:
        snapshot = ceremony.get_state(session, DEMO_CODE).snapshot
        winners = catalogue.public_winners(session, DEMO_CODE)
    awarded = [row for row in snapshot.rows if row["award"] is not None]
    assert sorted((w.level, w.title) for w in winners) == sorted(
        (row["award"], row["title"]) for row in awarded
    )
    raw, words, codes = hall.frame(ROTATION)
    assert "kiosk-slide-katalog" in raw
    assert [decode(code) for code in codes] == [LINK]
    for row in awarded:
        assert row["title"] in words and row["unit_name"] in words
        assert format_score(Decimal(row["final_score"]), lang="id") not in words  # no score
    assert "Juara I" in words and "Para Juara" in words
    # Not published: the rotation skips the slide (its code would lead nowhere).
    with transaction(hall.engine) as session:
        catalogue.unpublish(session, DEMO_CODE, by="panitia")
    raw, _words, codes = hall.frame(ROTATION)
    assert "kiosk-slide-katalog" not in raw and codes == []
