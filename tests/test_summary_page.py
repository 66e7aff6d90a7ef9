"""Tests of the bupati's summary (/ringkasan): its page guard and its callback as each role
calls it through Flask's test client, with the winners embargoed until approval
(on SQLite: the summary's queries are tested on both back ends in tests/test_reports.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, select, update

from app import dash_apps
from dashboard.auth import KIOSK
from dashboard.builders.ranking import format_score
from dashboard.builders.summary import SUMMARY_CONTENT, SUMMARY_SHOWN, SUMMARY_URL
from dashboard.services import EXTENSION_KEY
from data_access import catalogue, ceremony
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE, DEMO_NAME
from data_access.kiosks import create_token, kiosk_url
from data_access.models import Score, Stage, Unit
from data_access.reports import edition_report
from data_access.simulate import simulate
from tests.seed import add_assignment, add_edition, add_innovation, add_juror
from tests.test_builders_summary import EMBARGO, JUARA, texts
from tests.web import add_accounts, callback_body, client_as, unpaced_app
from tests.web import update as post_update

ROLES = [None, "viewer", "bupati", "admin", KIOSK]
ALLOWED = {"bupati", "admin"}
PREVIOUS_NAME = "KIPP Kabupaten Kudus 2021"


# ---------------------------------------------------------------- helpers
def add_previous_edition(engine: Engine) -> None:
    """Add KIPP Kudus 2021 (created before the demo) on the demo's units: 3 finalists."""
    with transaction(engine) as session:
        units = {u.code: u for u in session.execute(select(Unit)).scalars()}
        edition = add_edition(
            session, "kudus-2021", name=PREVIOUS_NAME, created_at=datetime(2021, 1, 1, tzinfo=UTC)
        )
        juror = add_juror(session, edition, "J1")
        entries = [
            ("A1", "DISDUKCAPIL", True),
            ("A2", "PKM_KALIWUNGU", True),
            ("A3", "PKM_MEJOBO", True),
            ("A4", "KEC_KOTA", False),
            ("A5", "DPMPTSP", False),
        ]
        for code, unit, finalist in entries:
            innovation = add_innovation(session, edition, code, units[unit])
            if finalist:
                add_assignment(session, edition, juror, innovation, "presentation")


# ---------------------------------------------------------------- the callback, per role
@dataclass
class Site:
    """The app on the demo edition, an engine on its database, and a client per role."""

    app: Dash
    engine: Engine
    clients: dict[str | None, FlaskClient]

    def summary(self, role: str | None, search: str = "", shown: Any = None):
        """Call the summary's refresh callback as a role; return the response."""
        key = next(k for k in self.app.callback_map if f"{SUMMARY_CONTENT}." in k)
        values = {(SUMMARY_URL, "search"): search, (SUMMARY_SHOWN, "data"): shown}
        body = callback_body(key, self.app.callback_map[key], values)
        return post_update(self.clients[role], body)

    def answer(self, role: str = "bupati") -> str:
        """Return the summary callback's whole answer as JSON text (hrefs unescaped)."""
        return json.dumps(self.summary(role).get_json(), ensure_ascii=False)

    def content(self, role: str = "bupati", search: str = "") -> str:
        """Return the words of the summary's content as a role sees it."""
        response = self.summary(role, search)
        assert response.status_code == 200
        return texts(response.get_json()["response"][SUMMARY_CONTENT]["children"])


@pytest.fixture
def site(demo_url, tmp_path) -> Iterator[Site]:
    """Serve the demo edition with a client per role and a ceremony screen's token session."""
    engine = make_engine(demo_url)
    add_accounts(engine)
    with transaction(engine) as session:
        screen = kiosk_url(create_token(session, "TV Pendopo"))
    server = unpaced_app(demo_url, tmp_path)
    clients = {role: client_as(server, role) for role in ROLES if role != KIOSK}
    clients[KIOSK] = server.test_client()
    assert clients[KIOSK].get(screen).status_code == 200
    yield Site(dash_apps(server).dashboard, engine, clients)
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


def test_page_opens_for_bupati_and_admin_only(site):
    for role in ROLES:
        response = site.clients[role].get("/ringkasan")
        if role in ALLOWED:
            assert response.status_code == 200, role
        elif role is None:
            assert response.headers["Location"] == "/login?next=/ringkasan"
        else:
            assert response.status_code in (302, 403), role
            assert DEMO_NAME not in response.get_data(as_text=True)


def test_callback_answers_bupati_and_admin_only(site):
    for role in ROLES:
        response = site.summary(role)
        if role in ALLOWED:
            assert response.status_code == 200, role
            assert DEMO_NAME in response.get_data(as_text=True)
        elif role is None:  # no session: refused by the body gate, unread
            assert response.status_code == 401
            assert DEMO_NAME not in response.get_data(as_text=True)
        else:
            assert (response.status_code, response.get_data()) == (204, b""), role


def test_content_shows_where_the_demo_stands(site):
    text = site.content()
    assert "Ringkasan untuk Bupati KIPP Kabupaten Kudus 2022 (Demo)" in text
    assert "58,8% 20 dari 34 OPD wajib sudah mengumpulkan" in text
    assert "Diajukan 32 Lolos administrasi 25 Finalis 6" in text
    assert "Kecamatan Bae" in text  # one of the OPDs still missing in the demo
    assert "Penilaian Proposal" in text and "Tahap berjalan" in text
    assert "Keadaan data per " in text and " · versi data " in text  # on paper only
    assert EMBARGO in text
    english = site.content("admin", "?lang=en")
    assert "Summary for the Regent" in english and "OPDs have submitted" in english


def _top_three(engine: Engine) -> list:
    with transaction(engine) as session:
        awards = edition_report(session, DEMO_CODE).ranking.awards
    assert len(awards) >= 3
    return awards


def test_embargo_until_the_committee_approves(site):
    simulate(site.engine, DEMO_CODE, sleep=lambda _s: None, out=lambda _line: None)
    top = _top_three(site.engine)
    scores = {f"{r.final_score:.2f}" for r in top} | {
        format_score(r.final_score, lang=lang) for r in top for lang in ("id", "en")
    }
    for role in ROLES:
        for search in ("", "?lang=en", f"?edition={DEMO_CODE}"):
            response = site.summary(role, search)
            body = response.get_data(as_text=True)
            if response.status_code == 200:  # unescaped: Dash writes "/" as \u002f
                body = json.dumps(response.get_json(), ensure_ascii=False)
            assert not any(label in body for label in JUARA), (role, search)
            assert not any(r.title in body for r in top), (role, search)
            assert not any(score in body for score in scores), (role, search)
    assert EMBARGO in site.content()
    # The result files too: the bupati gets no link to them yet, the committee does.
    assert "/ekspor/" not in site.answer("bupati")
    assert "/ekspor/pdf?edition=" in site.answer("admin")

    with transaction(site.engine) as session:
        ceremony.approve(session, DEMO_CODE, by="panitia")
    for role in ALLOWED:
        text = site.content(role)
        assert EMBARGO not in text
        first = next(r for r in top if r.award == 1)
        assert f"Juara I {first.title}" in text or f"Juara I Seri {first.title}" in text
        assert format_score(first.final_score, lang="id") in text
        assert all(r.title in text for r in top)
        assert "Diteruskan ke KIPP Jawa Tengah" in text
        assert f"/ekspor/pdf?edition={DEMO_CODE}" in site.answer(role)
    # The edition archive holds every juror's scores: the committee's link alone.
    assert f"/ekspor/archive?edition={DEMO_CODE}" in site.answer("admin")
    assert "Arsip edisi (XLSX)" in site.content("admin")
    assert "/ekspor/archive" not in site.answer("bupati")
    for role in ("viewer", None, KIOSK):  # None: refused by the body gate, unread
        assert site.summary(role).status_code == (401 if role is None else 204)


def test_a_later_score_change_never_moves_the_winners(site):
    simulate(site.engine, DEMO_CODE, sleep=lambda _s: None, out=lambda _line: None)
    with transaction(site.engine) as session:
        approved = ceremony.approve(session, DEMO_CODE, by="panitia")
    third = approved.winners(3)[0]
    # The committee's data moves on: Juara III gets full marks in the presentation.
    with transaction(site.engine) as session:
        stage = select(Stage.id).where(Stage.code == "presentation")
        session.execute(
            update(Score)
            .where(Score.innovation_id == third["innovation_id"], Score.stage_id.in_(stage))
            .values(score_centi=10000)
        )
    assert _top_three(site.engine)[0].code == third["code"]  # live, it is first now
    text = site.content()
    assert f"Juara III {third['title']}" in text or f"Juara III Seri {third['title']}" in text
    assert f"Juara I {third['title']}" not in text


def test_content_is_sent_again_only_when_data_or_ceremony_moved(site):
    first = site.summary("bupati").get_json()["response"]
    shown = first[SUMMARY_SHOWN]["data"]
    assert set(shown) == {"version", "revision", "hour", "catalogue", "search"}
    ticking = site.summary("bupati", shown=shown).get_json()["response"]
    assert SUMMARY_CONTENT not in ticking  # only the "Diperbarui pukul" badge
    simulate(site.engine, DEMO_CODE, sleep=lambda _s: None, out=lambda _line: None)
    moved = site.summary("bupati", shown=shown).get_json()["response"]
    assert SUMMARY_CONTENT in moved
    shown = moved[SUMMARY_SHOWN]["data"]
    with transaction(site.engine) as session:
        ceremony.approve(session, DEMO_CODE, by="panitia")  # the revision moves, not the data
    approved = site.summary("bupati", shown=shown).get_json()["response"]
    assert approved[SUMMARY_SHOWN]["data"]["revision"] == shown["revision"] + 1
    assert "Juara I" in texts(approved[SUMMARY_CONTENT]["children"])
    # A publication moves neither: the catalogue's own mark redraws the card with its code.
    shown = approved[SUMMARY_SHOWN]["data"]
    assert "belum diterbitkan" in texts(approved[SUMMARY_CONTENT]["children"])
    with transaction(site.engine) as session:
        catalogue.publish(session, DEMO_CODE, by="panitia")
    published = site.summary("bupati", shown=shown).get_json()["response"]
    assert published[SUMMARY_SHOWN]["data"]["catalogue"] == shown["catalogue"] + 1
    assert f"/katalog?edisi={DEMO_CODE}" in texts(published[SUMMARY_CONTENT]["children"])


def test_several_editions_are_compared(site):
    assert "Dibandingkan dengan Edisi Sebelumnya" not in site.content()
    add_previous_edition(site.engine)
    text = site.content()
    assert "Dibandingkan dengan Edisi Sebelumnya" in text
    assert f"{PREVIOUS_NAME} 11,8% 5 3" in text  # 4 of 34 OPDs; 3 finalists
    assert "Puskesmas" in text
    # The older edition's own page compares with nothing older.
    older = site.content("bupati", "?edition=kudus-2021")
    assert "Dibandingkan dengan Edisi Sebelumnya" not in older


def test_an_unknown_edition_is_a_notice(site):
    assert "Edisi tidak ditemukan" in site.content("bupati", "?edition=tidak-ada")
