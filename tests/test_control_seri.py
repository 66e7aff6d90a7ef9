"""Tests of /kendali's seri decision panel (pages/control/seri.py, seri_form.py, builders/seri.py).

Its builders and form checks with literal data; its callbacks as the browser calls them,
through Flask's test client, on an edition whose Juara I is a seri (SQLite and PostgreSQL):
the committee records the jury's order, sees the decided places, cannot change them while
approved, removes the decision; every other role is refused at the callback endpoint.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from app import create_app, dash_apps
from dashboard.builders import seri as panel
from dashboard.ids import (
    CONTROL_APPROVAL,
    CONTROL_APPROVE_CONFIRM,
    CONTROL_CANCEL_APPROVAL_CONFIRM,
    CONTROL_REVISION,
    CONTROL_SERI_BOX,
    CONTROL_SERI_CHAIR,
    CONTROL_SERI_CLEAR,
    CONTROL_SERI_DIALOG,
    CONTROL_SERI_DIALOG_OK,
    CONTROL_SERI_DOWN,
    CONTROL_SERI_DRAWN,
    CONTROL_SERI_GROUP,
    CONTROL_SERI_GROUP_ROW,
    CONTROL_SERI_JURORS,
    CONTROL_SERI_MESSAGE,
    CONTROL_SERI_ORDER,
    CONTROL_SERI_REASON,
    CONTROL_SERI_SAVE,
    CONTROL_SERI_STATUS,
    CONTROL_SERI_SUMMARY,
    CONTROL_SERI_UP,
    CONTROL_SHOWN,
    CONTROL_URL,
)
from dashboard.pages.control.seri import seri_view
from dashboard.pages.control.seri_form import check_seri_form
from dashboard.services import EXTENSION_KEY
from data_access import ceremony
from data_access.ceremony import CeremonyState, Decision
from data_access.committee import DeskStatus, SeriDesk, SeriGroup, SeriPlace
from data_access.db import make_engine, transaction
from data_access.models import Edition, SeriDecision
from data_access.settings import Settings
from tests.seed import add_juror
from tests.test_ceremony import CODE, seed
from tests.test_ceremony_seri import CHAIR, REASON, SERI_I, code
from tests.test_control_page import PODIUM, Site, drawn_revision
from tests.test_control_page import state as ceremony_state
from tests.web import JURI_JUROR, add_accounts, client_as, texts

DECIDED = "berdasarkan keputusan dewan juri"
A, B = code("A"), code("B")


# ---------------------------------------------------------------- builders
def place(label: str, rank: int, award: int | None, *, tie=False, decided=False) -> SeriPlace:
    """Return one innovation of the live Juara I-III."""
    return SeriPlace(f"K-{label}", f"Judul {label}", f"Unit {label}", rank, award, tie, decided)


@pytest.mark.parametrize(
    ("rank", "lang", "expected"),
    [
        (1, "id", "Juara I"),
        (3, "id", "Juara III"),
        (2, "en", "Second Place"),
        (4, "id", "Peringkat 4"),
        (5, "en", "Rank 5"),
    ],
)
def test_place_label(rank, lang, expected):
    assert panel.place_label(rank, lang=lang) == expected


@pytest.mark.parametrize(
    ("codes", "chosen", "step", "expected"),
    [
        (["a", "b", "c"], "b", -1, ["b", "a", "c"]),
        (["a", "b", "c"], "b", 1, ["a", "c", "b"]),
        (["a", "b", "c"], "a", -1, ["a", "b", "c"]),  # the top stays the top
        (["a", "b", "c"], "c", 1, ["a", "b", "c"]),
        (["a", "b"], None, 1, ["a", "b"]),  # nothing chosen
        (["a", "b"], "x", -1, ["a", "b"]),  # not one of them
        (["a", "b"], ["a"], -1, ["a", "b"]),
    ],
)
def test_moved(codes, chosen, step, expected):
    assert panel.moved(codes, chosen, step) == expected


def test_order_options_name_the_place_each_would_take():
    names = {"K-2": "Judul 2 — Unit 2 (K-2)", "K-1": "Judul 1 — Unit 1 (K-1)"}
    options = panel.order_options(["K-2", "K-1", "K-9"], names, first=3, lang="id")
    assert options == [
        {"label": "Juara III · Judul 2 — Unit 2 (K-2)", "value": "K-2"},
        {"label": "Peringkat 4 · Judul 1 — Unit 1 (K-1)", "value": "K-1"},
        {"label": "Peringkat 5 · K-9", "value": "K-9"},  # a code it has no name for
    ]
    assert panel.innovation_text(place("1", 1, 1)) == "Judul 1 — Unit 1 (K-1)"


def test_seri_summary_marks_the_seri_and_the_decided_places():
    shared = panel.seri_summary(
        [place("1", 1, 1, tie=True), place("2", 1, 1, tie=True), place("3", 3, 3)], lang="id"
    )
    words = texts(shared)
    assert "Juara I–III menurut data terkini" in words
    assert words.count("seri") == 2 and DECIDED not in words
    decided = panel.seri_summary(
        [place("2", 1, 1, decided=True), place("1", 2, 2, decided=True), place("3", 3, 3)],
        lang="en",
    )
    words = texts(decided)
    assert words.count("by decision of the jury") == 2
    assert "First Place Judul 2 — Unit 2 K-2" in words and "Second Place Judul 1" in words


def test_group_options_and_status():
    group = SeriGroup(("K-2", "K-1"), 2)
    assert group.key == "K-1,K-2"
    assert panel.group_options([group], lang="id") == [
        {"label": "Seri di Juara II: K-2, K-1", "value": "K-1,K-2"}
    ]
    assert texts(panel.group_status(group, None, lang="id")).startswith(
        "Belum ada keputusan: 2 inovasi berbagi Juara II."
    )
    decision = Decision(
        ("K-1", "K-2"), "alasan", "Dr. X", "panitia", datetime(2022, 12, 28, 3, 5, tzinfo=UTC)
    )
    assert "Keputusan tercatat (panitia, " in texts(panel.group_status(group, decision, lang="id"))


@pytest.mark.parametrize(
    ("group", "options", "reason", "chair", "wrong"),
    [
        ("K-1,K-2", ["K-2", "K-1"], "alasan", "Dr. X", set()),
        ("K-1,K-2", ["K-2", "K-1"], "  ", "Dr. X", {"reason"}),
        ("K-1,K-2", ["K-2", "K-1"], "x" * 2001, "Dr. X", {"reason"}),
        ("K-1,K-2", ["K-2", "K-1"], "alasan", "", {"chair"}),
        ("K-1,K-2", ["K-2", "K-1"], "alasan", "x" * 121, {"chair"}),
        ("K-1,K-2", ["K-2", "K-3"], "alasan", "Dr. X", {"order"}),  # another innovation
        ("K-1,K-2", ["K-2", "K-2"], "alasan", "Dr. X", {"order"}),  # one twice
        ("K-1,K-2", ["K-2"], "alasan", "Dr. X", {"order"}),  # one left out
        ("K-1,K-2", ["K-2", "K-1", "K-3"], "alasan", "Dr. X", {"order"}),
        (None, ["K-2", "K-1"], None, None, {"order", "reason", "chair"}),
        ("K-1,K-2", "K-2,K-1", "alasan", "Dr. X", {"order"}),  # not a list
        ("K-1,K-2", [{"label": "x"}, {"value": 3}], "alasan", "Dr. X", {"order"}),
    ],
)
def test_check_seri_form(group, options, reason, chair, wrong):
    if isinstance(options, list) and all(isinstance(o, str) for o in options):
        options = [{"label": o, "value": o} for o in options]
    form, errors = check_seri_form(group, options, reason, chair, lang="id")
    assert set(errors) == wrong
    assert (form is None) == bool(wrong)
    if form is not None:
        assert (form.order, form.reason, form.chair) == (["K-2", "K-1"], "alasan", "Dr. X")
    if "order" in wrong:
        assert errors["order"].startswith("Urutan harus menyebut setiap inovasi")


def _desk(snapshot=None, decisions=()) -> DeskStatus:
    seri = SeriDesk(
        [SeriGroup(("K-1", "K-2"), 1)],
        [place("1", 1, 1, tie=True), place("2", 1, 1, tie=True), place("3", 3, 3)],
    )
    state: CeremonyState = replace(ceremony_state("rotation"), snapshot=snapshot)
    return DeskStatus(state, False, [], [], list(decisions), seri)


def test_seri_view_shows_the_panel_only_for_a_seri_before_the_approval():
    shown = seri_view(_desk(), ["Juri A", "Juri B"], chosen=None, edition="e", lang="id")
    assert shown.hidden is False and shown.group_hidden is True and shown.clear_disabled
    assert [o["value"] for o in shown.order_options] == ["K-1", "K-2"]
    assert shown.order_options[1]["label"] == "Juara II · Judul 2 — Unit 2 (K-2)"
    assert [o.value for o in shown.jurors] == ["Juri A", "Juri B"]
    decision = Decision(
        ("K-2", "K-1"), "alasan", "Juri B", "panitia", datetime(2022, 12, 28, tzinfo=UTC)
    )
    decided = seri_view(_desk(decisions=[decision]), [], chosen="K-1,K-2", edition="e", lang="id")
    assert [o["value"] for o in decided.order_options] == ["K-2", "K-1"]
    assert (decided.reason, decided.chair, decided.clear_disabled) == ("alasan", "Juri B", False)
    assert decided.drawn["key"] != shown.drawn["key"]  # a decision redraws the form
    approved = seri_view(_desk(snapshot=PODIUM), [], chosen=None, edition="e", lang="id")
    assert approved.hidden is True and approved.order_options == []
    none = seri_view(replace(_desk(), seri=None), [], chosen=None, edition="e", lang="id")
    assert none.hidden is True


# ---------------------------------------------------------------- the callbacks, through HTTP
class SeriSite(Site):
    """The control page on an edition with a seri at Juara I, as the browser calls it."""

    def panel(self, shown: dict, drawn: Any = None, *, group: Any = None, role="admin"):
        """Refresh the seri panel after the step panel the page showed; return its outputs."""
        values = {
            (CONTROL_SHOWN, "data"): shown[CONTROL_SHOWN]["data"],
            (CONTROL_REVISION, "data"): shown[CONTROL_REVISION]["data"],
            (CONTROL_URL, "search"): "",
            (CONTROL_SERI_DRAWN, "data"): drawn,
            (CONTROL_SERI_GROUP, "value"): group,
        }
        response = self.call(role, f"{CONTROL_SERI_BOX}.hidden", values)
        if role != "admin":
            return response
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["response"]

    def send(self, button: str, shown: dict, *, order, reason=REASON, chair=CHAIR, role="admin"):
        """Press "Simpan keputusan" (or the dialog's "Ya, hapus") with what the form holds."""
        values = {
            (button, "n_clicks"): 1,
            (CONTROL_SERI_GROUP, "value"): ",".join(sorted([A, B])),
            (CONTROL_SERI_ORDER, "options"): [{"label": c, "value": c} for c in order],
            (CONTROL_SERI_REASON, "value"): reason,
            (CONTROL_SERI_CHAIR, "value"): chair,
            (CONTROL_REVISION, "data"): shown[CONTROL_REVISION]["data"],
            (CONTROL_URL, "search"): "",
        }
        return self.call(role, f"{CONTROL_SERI_MESSAGE}.children", values, f"{button}.n_clicks")

    def move_key(self) -> str:
        """Return the order buttons' output (a second writer of the list: Dash adds a hash)."""
        return next(
            k for k in self.app.callback_map if k.startswith(f"{CONTROL_SERI_ORDER}.options@")
        )

    def state_of(self, edition: str) -> CeremonyState:
        """Return an edition's ceremony state in the database."""
        with transaction(self.engine) as session:
            return ceremony.get_state(session, edition)

    def decisions(self) -> list[tuple[str, str, str, str]]:
        """Return the recorded decisions: order, reason, chair, who recorded it."""
        with transaction(self.engine) as session:
            rows = session.execute(select(SeriDecision)).scalars()
            return [(r.order_codes, r.reason, r.chair, r.decided_by) for r in rows]


@pytest.fixture
def seri_site(sqlite_url, tmp_path) -> Iterator[SeriSite]:
    """Serve an edition whose Juara I is shared by A and B, with an account per role.

    SQLite only: the page's callbacks (conftest's rule); the decision's writes and the
    snapshot run on both back ends in test_ceremony_seri.py and test_approval.py.
    """
    engine = make_engine(sqlite_url)
    seed(engine, SERI_I)
    with transaction(engine) as session:
        edition = session.execute(select(Edition).where(Edition.code == CODE)).scalar_one()
        add_juror(session, edition, JURI_JUROR)  # the juri account's juror
    add_accounts(engine)
    server = create_app(
        Settings(database_url=sqlite_url, secret_key="test-seri", instance_dir=str(tmp_path))
    )
    roles = [None, "viewer", "bupati", "juri", "admin"]
    yield SeriSite(dash_apps(server).dashboard, engine, {r: client_as(server, r) for r in roles})
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


def _message(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)
    return texts(response.get_json()["response"][CONTROL_SERI_MESSAGE]["children"])


def test_the_committee_records_sees_and_removes_the_decision(seri_site):
    site = seri_site
    shown = site.status()
    assert drawn_revision(shown)["edition"] == CODE
    drawn = site.panel(shown)
    assert drawn[CONTROL_SERI_BOX]["hidden"] is False
    assert drawn[CONTROL_SERI_GROUP_ROW]["hidden"] is True  # one seri: no choice to make
    assert [o["value"] for o in drawn[CONTROL_SERI_ORDER]["options"]] == [A, B]
    assert drawn[CONTROL_SERI_ORDER]["options"][0]["label"].startswith("Juara I · JUDUL-")
    assert "Belum ada keputusan: 2 inovasi berbagi Juara I" in texts(drawn[CONTROL_SERI_STATUS])
    assert texts(drawn[CONTROL_SERI_SUMMARY]).count("seri") == 2
    assert {"Juri J1", "Juri J01"} <= {
        o["props"]["value"] for o in drawn[CONTROL_SERI_JURORS]["children"]
    }
    assert drawn[CONTROL_SERI_CLEAR]["disabled"] is True
    # A tick with nothing moved leaves the form alone (a reason being typed stays).
    again = site.panel(shown, drawn[CONTROL_SERI_DRAWN]["data"])
    assert list(again) == [CONTROL_SERI_DRAWN]

    # "Turun" moves the chosen one down and renames the places.
    moved = site.call(
        "admin",
        site.move_key(),
        {
            (CONTROL_SERI_DOWN, "n_clicks"): 1,
            (CONTROL_SERI_ORDER, "options"): drawn[CONTROL_SERI_ORDER]["options"],
            (CONTROL_SERI_ORDER, "value"): A,
            (CONTROL_SERI_DRAWN, "data"): drawn[CONTROL_SERI_DRAWN]["data"],
            (CONTROL_URL, "search"): "",
        },
        f"{CONTROL_SERI_DOWN}.n_clicks",
    )
    options = moved.get_json()["response"][CONTROL_SERI_ORDER]["options"]
    assert [o["value"] for o in options] == [B, A]
    assert options[0]["label"].startswith("Juara I · JUDUL-cer-2022-B")
    assert options[1]["label"].startswith("Juara II · JUDUL-cer-2022-A")

    assert "Keputusan dewan juri dicatat" in _message(
        site.send(CONTROL_SERI_SAVE, shown, order=[B, A])
    )
    assert site.decisions() == [(f"{B},{A}", REASON, CHAIR, "panitia")]

    # The page shows the decided places, and the approval card the decision.
    shown = site.status()
    drawn = site.panel(shown, drawn[CONTROL_SERI_DRAWN]["data"])
    summary = texts(drawn[CONTROL_SERI_SUMMARY])
    assert summary.count(DECIDED) == 2 and "seri" not in summary.replace("Juara I–III", "")
    assert summary.index("JUDUL-cer-2022-B") < summary.index("JUDUL-cer-2022-A")
    assert [o["value"] for o in drawn[CONTROL_SERI_ORDER]["options"]] == [B, A]
    assert drawn[CONTROL_SERI_REASON]["value"] == REASON
    assert drawn[CONTROL_SERI_CHAIR]["value"] == CHAIR
    assert drawn[CONTROL_SERI_CLEAR]["disabled"] is False
    assert "Keputusan tercatat (panitia" in texts(drawn[CONTROL_SERI_STATUS])
    assert "belum masuk hasil yang disetujui" in texts(shown[CONTROL_APPROVAL]["children"])

    # Approved: the panel goes, and a save from a page left open is refused in words.
    site.press(CONTROL_APPROVE_CONFIRM, shown[CONTROL_REVISION]["data"])
    snapshot = site.state_of(CODE).snapshot
    assert [d["order"] for d in snapshot.seri_decisions] == [[B, A]]
    assert [r["code"] for r in snapshot.winners(1)] == [B]
    approved = site.status()
    assert site.panel(approved, drawn[CONTROL_SERI_DRAWN]["data"])[CONTROL_SERI_BOX]["hidden"]
    refused = _message(site.send(CONTROL_SERI_SAVE, approved, order=[A, B]))
    assert "batalkan persetujuan dulu" in refused
    assert _message(site.send(CONTROL_SERI_DIALOG_OK, approved, order=[A, B])) == refused
    assert site.decisions() == [(f"{B},{A}", REASON, CHAIR, "panitia")]

    # Cancelled: the panel is back and the decision can go; the seri is shared again.
    site.press(CONTROL_CANCEL_APPROVAL_CONFIRM, approved[CONTROL_REVISION]["data"])
    shown = site.status()
    assert site.panel(shown)[CONTROL_SERI_BOX]["hidden"] is False
    assert "dihapus" in _message(site.send(CONTROL_SERI_DIALOG_OK, shown, order=[B, A]))
    assert site.decisions() == []
    assert "Tidak ada keputusan" in _message(site.send(CONTROL_SERI_DIALOG_OK, shown, order=[B, A]))
    drawn = site.panel(site.status())
    assert texts(drawn[CONTROL_SERI_SUMMARY]).count("seri") == 2
    assert drawn[CONTROL_SERI_REASON]["value"] == ""


def test_wrong_input_is_refused_in_words_and_writes_nothing(seri_site):
    site = seri_site
    shown = site.status()
    response = site.send(CONTROL_SERI_SAVE, shown, order=[A, code("C")])
    assert "Urutan harus menyebut setiap inovasi" in _message(response)
    response = site.send(CONTROL_SERI_SAVE, shown, order=[B, A], reason=" ", chair="")
    outputs = response.get_json()["response"]
    assert outputs[CONTROL_SERI_REASON]["invalid"] is True
    assert outputs[CONTROL_SERI_CHAIR]["invalid"] is True
    assert "Alasan keputusan dewan juri wajib diisi" in texts(outputs)
    too_long = site.send(CONTROL_SERI_SAVE, shown, order=[B, A], reason="ā" * 2001)
    assert too_long.get_json()["response"][CONTROL_SERI_REASON]["invalid"] is True
    assert site.decisions() == []
    # The longest reason, in letters JSON escapes, is well inside the callback body limit.
    assert "dicatat" in _message(
        site.send(CONTROL_SERI_SAVE, shown, order=[B, A], reason="ā" * 2000)
    )
    assert site.decisions()[0][1] == "ā" * 2000
    # The dialog opens on "Hapus keputusan" and closes on its own buttons.
    opened = site.call(
        "admin",
        f"{CONTROL_SERI_DIALOG}.is_open",
        {(CONTROL_SERI_CLEAR, "n_clicks"): 1},
        f"{CONTROL_SERI_CLEAR}.n_clicks",
    )
    assert opened.get_json()["response"][CONTROL_SERI_DIALOG]["is_open"] is True
    closed = site.call(
        "admin",
        f"{CONTROL_SERI_DIALOG}.is_open",
        {(CONTROL_SERI_DIALOG_OK, "n_clicks"): 1},
        f"{CONTROL_SERI_DIALOG_OK}.n_clicks",
    )
    assert closed.get_json()["response"][CONTROL_SERI_DIALOG]["is_open"] is False
    # In English, the words follow the page.
    values = {
        (CONTROL_SERI_SAVE, "n_clicks"): 1,
        (CONTROL_SERI_GROUP, "value"): ",".join(sorted([A, B])),
        (CONTROL_SERI_ORDER, "options"): [{"label": "", "value": A}],
        (CONTROL_REVISION, "data"): shown[CONTROL_REVISION]["data"],
        (CONTROL_URL, "search"): "?lang=en",
    }
    english = site.call(
        "admin", f"{CONTROL_SERI_MESSAGE}.children", values, f"{CONTROL_SERI_SAVE}.n_clicks"
    )
    assert "the order must name each tied innovation" in _message(english)


@pytest.mark.parametrize("role", [None, "viewer", "bupati", "juri"])
def test_no_other_role_records_or_removes_a_decision(seri_site, role):
    site = seri_site
    shown = site.status()
    site.send(CONTROL_SERI_SAVE, shown, order=[B, A])  # the committee's decision, to remove
    before = site.decisions()
    unread = role in (None, "juri")  # no session, or a juror's: refused before the body is read
    for button, order in ((CONTROL_SERI_SAVE, [A, B]), (CONTROL_SERI_DIALOG_OK, [A, B])):
        response = site.send(button, shown, order=order, role=role)
        assert response.status_code == (401 if unread else 204), button
        assert response.get_data() == b"" or unread
    for output, trigger in (
        (site.move_key(), f"{CONTROL_SERI_UP}.n_clicks"),
        (f"{CONTROL_SERI_DIALOG}.is_open", f"{CONTROL_SERI_CLEAR}.n_clicks"),
    ):
        values = {(trigger.split(".")[0], "n_clicks"): 1, (CONTROL_URL, "search"): ""}
        response = site.call(role, output, values, trigger)
        assert response.status_code == (401 if unread else 204), output
    panel_response = site.panel(shown, role=role)
    assert panel_response.status_code == (401 if unread else 204)
    assert REASON not in panel_response.get_data(as_text=True)
    assert site.decisions() == before


def test_the_decision_line_puts_one_full_stop_after_the_reason():
    decision = Decision(
        ("cer-2022-B", "cer-2022-A"),
        "Lebih berdampak bagi warga.",
        "Juri J1",
        "panitia",
        datetime(2022, 12, 1, 3, tzinfo=UTC),
    )
    line = texts(panel.seri_decisions([decision], None, lang="id"))
    # texts() joins the components with a space: the reason is one of them.
    assert "warga . Ketua: Juri J1" in line and ". ." not in line and ".." not in line
