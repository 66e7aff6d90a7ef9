"""Tests of data_access/approval.py and the approval banner: what was approved beside the live
results, on /peringkat, /ringkasan and /kendali, on SQLite and PostgreSQL.

The story of issue 13: results approved, then one juror's corrected score lands and another
innovation would be Juara I. Every page that shows a ranking must say what was approved
and name what differs; the bupati learns only that live data differ.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import openpyxl
import pypdf
import pytest
from dash import Dash
from sqlalchemy import Engine, select, update

from app import dash_apps
from dashboard import ids
from dashboard.builders import approval as banner
from dashboard.builders.approval import APPROVAL_BANNER, CONTROL_BANNER, approval_banner
from dashboard.builders.summary import SUMMARY_CONTENT, SUMMARY_URL
from dashboard.ids import CONTROL_CONTENT, CONTROL_REVISION, CONTROL_SHOWN, CONTROL_URL
from dashboard.services import EXTENSION_KEY
from data_access import ceremony
from data_access.approval import (
    ApprovalComparison,
    PlaceChange,
    ScoreMove,
    approval_comparison,
    approved_editions,
    compare,
)
from data_access.ceremony import Snapshot
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.exports import export_bytes
from data_access.models import Score, Stage
from data_access.reports import edition_report
from tests.web import add_accounts, callback_body, client_as, prop_in, texts, unpaced_app
from tests.web import update as post_update

APPROVED_AT = datetime(2022, 11, 17, 3, 5, tzinfo=UTC)  # Kamis, 17 November 2022 10.05 WIB
WHEN_ID = "Kamis, 17 November 2022 pukul 10.05 WIB"


# ---------------------------------------------------------------- pure comparison
def row(code: str, final: str, rank: int, award: int | None, *, tie: bool = False) -> dict:
    """Return one snapshot-shaped ranking row whose three scores equal `final`."""
    return {
        "innovation_id": int(code[-2:]),
        "code": code,
        "title": f"Judul {code}",
        "unit_code": f"U{code[-2:]}",
        "unit_name": f"Dinas {code}",
        "innovator": "",
        "proposal_score": final,
        "presentation_score": final,
        "final_score": final,
        "finalist": True,
        "tier": 1,
        "rank": rank,
        "tie": tie,
        "award": award,
    }


APPROVED_ROWS = [
    row("INV-07", "90.00", 1, 1),
    row("INV-12", "85.00", 2, 2),
    row("INV-03", "80.00", 3, 3),
    row("INV-04", "70.00", 4, None),
]
SNAPSHOT = Snapshot("kudus-2022", APPROVED_AT, "panitia", 41, "ab" * 32, {"ranking": APPROVED_ROWS})
# A late correction: INV-07's scores drop to 84, INV-12 becomes Juara I.
LIVE = {
    "ranking": [
        row("INV-12", "85.00", 1, 1),
        row("INV-07", "84.00", 2, 2),
        row("INV-03", "80.00", 3, 3),
        row("INV-04", "70.00", 4, None),
    ]
}


def test_compare_names_changed_places_and_moved_scores():
    result = compare(SNAPSHOT, LIVE)
    assert result.differs and result.changed_codes == ("INV-07", "INV-12")
    assert [w.code for w in result.winners] == ["INV-07", "INV-12", "INV-03"]
    assert result.changed_places == (
        PlaceChange(1, ("INV-07",), ("INV-12",)),
        PlaceChange(2, ("INV-12",), ("INV-07",)),
    )
    assert result.moved_scores == tuple(
        ScoreMove("INV-07", "Judul INV-07", name, Decimal("90.00"), Decimal("84.00"))
        for name in ("proposal_score", "presentation_score", "final_score")
    )
    same = compare(SNAPSHOT, {"ranking": APPROVED_ROWS})
    assert not same.differs and same.changed_places == () and same.moved_scores == ()


def test_compare_shows_every_tied_winner():
    tied = [
        row("A-01", "90.00", 1, 1),
        *(row(c, "85.00", 2, 2, tie=True) for c in ("B-02", "C-03")),
    ]
    result = compare(Snapshot("e", APPROVED_AT, "p", 1, "h", {"ranking": tied}), {"ranking": tied})
    assert [(w.level, w.code, w.tie) for w in result.winners] == [
        (1, "A-01", False),
        (2, "B-02", True),
        (2, "C-03", True),
    ]


# ---------------------------------------------------------------- the banner builder
def _banner_text(comparison: ApprovalComparison, *, detail: bool, lang: str = "id") -> str:
    return texts(approval_banner(comparison, detail=detail, lang=lang))


def test_banner_for_the_committee_names_what_differs():
    text = _banner_text(compare(SNAPSHOT, LIVE), detail=True)
    assert "Hasil sudah disetujui panitia" in text
    assert f"Disetujui {WHEN_ID} oleh panitia" in text and "abababababab" in text
    assert "Juara I: INV-07 · Judul INV-07 · Dinas INV-07" in text
    assert "Data terkini berbeda sejak persetujuan" in text
    assert "Juara I: disetujui INV-07, data terkini INV-12" in text
    assert "Juara II: disetujui INV-12, data terkini INV-07" in text
    assert "INV-07 nilai akhir: 90,00 → 84,00" in text
    english = _banner_text(compare(SNAPSHOT, LIVE), detail=True, lang="en")
    assert "First Place: approved INV-07, live data INV-12" in english
    assert "INV-07 final score: 90.00 → 84.00" in english
    assert "Thursday, November 17, 2022 at 10:05 WIB" in english


def test_banner_for_the_bupati_says_only_that_live_data_differ():
    text = _banner_text(compare(SNAPSHOT, LIVE), detail=False)
    assert "Juara I: INV-07" in text and "Data terkini berbeda sejak persetujuan" in text
    assert "data terkini INV-12" not in text and "84,00" not in text and "→" not in text


def test_banner_when_nothing_moved_and_before_approval():
    text = _banner_text(compare(SNAPSHOT, {"ranking": APPROVED_ROWS}), detail=True)
    assert "Data terkini sama dengan hasil yang disetujui." in text and "berbeda" not in text
    assert approval_banner(None, detail=True, lang="id") is None


def test_banner_lists_a_bounded_number_of_moved_scores():
    moves = tuple(
        ScoreMove(f"X-{n:02d}", "t", "final_score", Decimal(1), Decimal(2)) for n in range(40)
    )
    many = ApprovalComparison("e", APPROVED_AT, "p", "h", 1, (), (), moves, ("X-00",))
    text = _banner_text(many, detail=True)
    assert f"… dan {40 - banner.SHOWN_MOVES} nilai lainnya" in text and "X-39" not in text


# ---------------------------------------------------------------- the database
def _drop_juara_one(engine: Engine, snapshot: Snapshot) -> str:
    """Set Juara I's presentation scores to zero (a late correction); return its code."""
    first = snapshot.winners(1)[0]
    with transaction(engine) as session:
        stage = session.execute(select(Stage.id).where(Stage.code == "presentation")).scalar_one()
        session.execute(
            update(Score)
            .where(Score.innovation_id == first["innovation_id"], Score.stage_id == stage)
            .values(score_centi=0)
        )
    return first["code"]


@pytest.fixture
def decided(decided_db_url) -> Iterator[Engine]:
    """The demo edition with every sheet scored (awards decided), not approved yet."""
    engine = make_engine(decided_db_url)
    yield engine
    engine.dispose()


def test_approval_comparison_follows_the_live_data(decided):
    with transaction(decided) as session:
        assert approval_comparison(session, DEMO_CODE) is None
        assert approved_editions(session) == []
        snapshot = ceremony.approve(session, DEMO_CODE, by="panitia", now=APPROVED_AT)
    with transaction(decided) as session:
        same = approval_comparison(session, DEMO_CODE)
        assert [e.code for e in approved_editions(session)] == [DEMO_CODE]
    assert same is not None and not same.differs and same.hash == snapshot.hash
    assert same.approved_by == "panitia" and same.approved_at == APPROVED_AT
    assert [w.code for w in same.winners_at(1)] == [r["code"] for r in snapshot.winners(1)]
    dropped = _drop_juara_one(decided, snapshot)
    with transaction(decided) as session:
        moved = approval_comparison(session, DEMO_CODE)
    assert moved.differs and dropped in moved.changed_codes
    first = moved.changed_places[0]
    assert first.level == 1 and first.approved == (dropped,) and dropped not in first.live
    assert {m.score for m in moved.moved_scores if m.code == dropped} >= {
        "presentation_score",
        "final_score",
    }


# ---------------------------------------------------------------- pages, as a browser calls them
@dataclass
class Site:
    """The app on the decided demo edition with a client per role."""

    app: Dash
    engine: Engine
    clients: dict[str | None, Any]

    def call(self, role: str | None, output: str, values: dict, trigger: str | None = None):
        """Call the callback writing `output` as the browser does; return the response."""
        key = next(k for k in self.app.callback_map if output in k.strip(".").split("..."))
        body = callback_body(key, self.app.callback_map[key], values)
        if trigger is not None:
            body["changedPropIds"] = [trigger]
        return post_update(self.clients[role], body)

    def content(self, role: str | None, output: str, url: str, search: str = "") -> Any:
        """Return a live page's freshly refreshed content as JSON (a page just opened)."""
        response = self.call(role, f"{output}.children", {(url, "search"): search})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["response"][output]["children"]

    def control_banner(self, search: str = "") -> Any:
        """Refresh /kendali's status, then its banner as the browser chains them."""
        status = self.call(
            "admin", f"{CONTROL_CONTENT}.children", {(CONTROL_URL, "search"): search}
        )
        shown = status.get_json()["response"]
        values = {
            (CONTROL_SHOWN, "data"): shown[CONTROL_SHOWN]["data"],
            # The revision store the step panel carries, as the browser sends it.
            (CONTROL_REVISION, "data"): prop_in(shown[CONTROL_CONTENT], CONTROL_REVISION, "data"),
            (CONTROL_URL, "search"): search,
        }
        response = self.call("admin", f"{CONTROL_BANNER}.children", values)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["response"][CONTROL_BANNER]["children"]


@pytest.fixture
def site(decided, decided_db_url, tmp_path) -> Iterator[Site]:
    """Serve the decided demo edition with a client logged in per role."""
    add_accounts(decided)
    server = unpaced_app(decided_db_url, tmp_path)
    clients = {role: client_as(server, role) for role in [None, "viewer", "bupati", "admin"]}
    yield Site(dash_apps(server).dashboard, decided, clients)
    server.extensions[EXTENSION_KEY].dispose()


def _approve(site: Site) -> Snapshot:
    with transaction(site.engine) as session:
        return ceremony.approve(session, DEMO_CODE, by="panitia", now=APPROVED_AT)


def _live_first(site: Site) -> str:
    with transaction(site.engine) as session:
        return next(r.code for r in edition_report(session, DEMO_CODE).ranking.rows)


def test_ranking_page_marks_the_approved_winners_and_names_what_differs(site):
    before = site.content("admin", ids.RANKING_CONTENT, ids.RANKING_URL)
    assert APPROVAL_BANNER not in json.dumps(before)  # not approved: no banner
    snapshot = _approve(site)
    approved = site.content("admin", ids.RANKING_CONTENT, ids.RANKING_URL)  # same data version
    text = texts(approved)
    assert "Hasil sudah disetujui panitia" in text and WHEN_ID in text
    assert "Data terkini sama dengan hasil yang disetujui." in text
    dropped = _drop_juara_one(site.engine, snapshot)
    live_first = _live_first(site)
    assert live_first != dropped
    content = site.content("admin", ids.RANKING_CONTENT, ids.RANKING_URL)
    text = texts(content)
    assert text.index("Hasil sudah disetujui panitia") < text.index("Peringkat Inovasi")
    assert f"Juara I: disetujui {dropped}, data terkini {live_first}" in text
    assert f"{dropped} nilai presentasi" in text and "Data terkini berbeda" in text
    # The approved Juara I keeps its mark in the table; the live Juara I has the live badge.
    table = json.dumps(content, ensure_ascii=False)
    assert "Juara I (disetujui)" in text and "kipp-ranking-approved-1" in table
    english = texts(site.content("admin", ids.RANKING_CONTENT, ids.RANKING_URL, "?lang=en"))
    assert f"First Place: approved {dropped}, live data {live_first}" in english
    assert "First Place (approved)" in english


def test_summary_banner_admin_sees_the_difference_bupati_only_that_it_differs(site):
    snapshot = _approve(site)
    dropped = _drop_juara_one(site.engine, snapshot)
    live_first = _live_first(site)
    admin = texts(site.content("admin", SUMMARY_CONTENT, SUMMARY_URL))
    assert "Hasil sudah disetujui panitia" in admin and WHEN_ID in admin
    assert f"Juara I: disetujui {dropped}, data terkini {live_first}" in admin
    bupati_json = json.dumps(site.content("bupati", SUMMARY_CONTENT, SUMMARY_URL))
    bupati = texts(json.loads(bupati_json))
    assert "Hasil sudah disetujui panitia" in bupati and f"Juara I: {dropped}" in bupati
    assert "Data terkini berbeda sejak persetujuan" in bupati
    assert "data terkini " + live_first not in bupati and "→" not in bupati
    assert banner.APPROVAL_DIFFERENCES in bupati_json  # the warning, without its detail
    assert "kipp-approval-detail" not in bupati_json


def test_control_page_shows_the_banner_at_its_top(site):
    assert site.control_banner() is None  # not approved: nothing
    snapshot = _approve(site)
    assert "Data terkini sama" in texts(site.control_banner())
    dropped = _drop_juara_one(site.engine, snapshot)
    text = texts(site.control_banner())
    assert (
        WHEN_ID in text
        and f"Juara I: disetujui {dropped}, data terkini {_live_first(site)}" in text
    )


@pytest.mark.parametrize("role", [None, "viewer", "bupati"])
def test_control_banner_refuses_other_roles(site, role):
    _approve(site)
    values = {
        (CONTROL_SHOWN, "data"): {"version": 1, "revision": 1, "search": ""},
        (CONTROL_REVISION, "data"): {"edition": DEMO_CODE, "revision": 1},
        (CONTROL_URL, "search"): "",
    }
    response = site.call(role, f"{CONTROL_BANNER}.children", values)
    # Without a session the body gate (dashboard/limits.py) answers 401 before Dash runs.
    assert response.status_code == (401 if role is None else 204)
    assert "Disetujui" not in response.get_data(as_text=True)
    if role is not None:
        assert response.get_data(as_text=True) == ""


# ---------------------------------------------------------------- the exports
def test_exports_state_the_approval_winners_and_what_differs(decided):
    with transaction(decided) as session:
        snapshot = ceremony.approve(session, DEMO_CODE, by="panitia", now=APPROVED_AT)
    dropped = _drop_juara_one(decided, snapshot)
    with transaction(decided) as session:
        live_first = next(r.code for r in edition_report(session, DEMO_CODE).ranking.rows)
        book = openpyxl.load_workbook(
            io.BytesIO(export_bytes(session, DEMO_CODE, "xlsx", juror_scores=False).data)
        )
        archive = zipfile.ZipFile(
            io.BytesIO(export_bytes(session, DEMO_CODE, "csv", juror_scores=False).data)
        )
        ranking_csv = export_bytes(
            session, DEMO_CODE, "csv", juror_scores=False, table="ranking"
        ).data
        pdf = export_bytes(session, DEMO_CODE, "pdf", juror_scores=False).data
    place = f"Juara I: disetujui {dropped}, data terkini {live_first}"
    facts = {row[0]: row[2] for row in book["Info"].iter_rows(min_row=2, values_only=True)}
    assert facts["approved_by"] == "panitia" and facts["snapshot_hash"] == snapshot.hash
    assert facts["approved_winners"].startswith(f"Juara I: {dropped} · ")
    assert place in facts["changed_places"]
    moved = facts["moved_scores"]
    assert f"{dropped} nilai presentasi: " in moved and "→ 0,00" in moved
    info_csv = archive.read("info.csv").decode("utf-8-sig")
    assert place in info_csv and "approved_winners" in info_csv
    # The ranking table keeps its columns and rows: the approval lives in the Info part.
    assert archive.read("ranking.csv") == ranking_csv
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
    )
    head = text.split("I. Dewan Juri")[0]
    assert "Juara yang disetujui:" in head and f"Juara I: {dropped}" in head
    assert "DATA TERKINI BERBEDA SEJAK PERSETUJUAN" in head and place in head
