"""Tests of the Kendali Upacara page (/kendali): its builders, and its callbacks as the browser
calls them through Flask's test client (on SQLite: the ceremony's SQL is tested on both back
ends in tests/test_ceremony*.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from dash import Dash
from sqlalchemy import Engine, select, update

from app import create_app, dash_apps
from dashboard import ids
from dashboard.builders import control as build
from dashboard.builders import control_screens
from dashboard.ids import (
    CONTROL_ALERT,
    CONTROL_APPROVAL,
    CONTROL_APPROVAL_HISTORY,
    CONTROL_APPROVAL_LOCKED,
    CONTROL_APPROVE_CONFIRM,
    CONTROL_APPROVE_ROW,
    CONTROL_APPROVED_ACTIONS,
    CONTROL_BACK,
    CONTROL_CANCEL_APPROVAL,
    CONTROL_CANCEL_APPROVAL_CONFIRM,
    CONTROL_CONTENT,
    CONTROL_DEMO,
    CONTROL_DIALOGS,
    CONTROL_NEXT,
    CONTROL_REAPPROVE,
    CONTROL_REAPPROVE_CONFIRM,
    CONTROL_RESET_CONFIRM,
    CONTROL_REVISION,
    CONTROL_SAVE,
    CONTROL_SCREENS,
    CONTROL_SETTINGS_MESSAGE,
    CONTROL_SHOW_SCORE,
    CONTROL_SHOWN,
    CONTROL_SIMULATE,
    CONTROL_SIMULATE_CONFIRM,
    CONTROL_SLIDE_ON,
    CONTROL_SLIDE_SECONDS,
    CONTROL_SLIDES_ERROR,
    CONTROL_TIME,
    CONTROL_TIME_ERROR,
    CONTROL_URL,
    CONTROL_WAKE,
)
from dashboard.pages import control as page
from dashboard.pages.control import forms
from dashboard.pages.control.forms import PRIZE_IDS
from dashboard.services import EXTENSION_KEY
from data_access import ceremony, kiosks, queries
from data_access.ceremony import (
    ApprovalRecord,
    CeremonySettings,
    CeremonyState,
    Snapshot,
    approval_history,
)
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE, DEMO_NAME
from data_access.kiosks import Screen
from data_access.models import Edition, Score, Stage
from data_access.settings import Settings
from data_access.simulate import open_sheets, simulate
from tests.web import add_accounts, callback_body, client_as, prop_in, texts
from tests.web import update as post_update

NON_ADMIN = [None, "viewer", "bupati"]
CONFLICT_TITLE = "Sudah diubah dari tempat lain"


# ---------------------------------------------------------------- helpers
def winner(code: str, title: str, unit: str, award: int | None, *, tie: bool = False) -> dict:
    """Return one ranking row of a snapshot's payload."""
    return {
        "innovation_id": int(code[-2:]),
        "code": code,
        "title": title,
        "unit_code": "U",
        "unit_name": unit,
        "innovator": "Inovator",
        "proposal_score": "80.00",
        "presentation_score": "80.00",
        "final_score": "80.00",
        "finalist": award is not None,
        "tier": 1,
        "rank": award or 9,
        "tie": tie,
        "award": award,
    }


APPROVED_AT = datetime(2022, 12, 28, 3, 5, tzinfo=UTC)  # 10.05 WIB


def snapshot(rows: list[dict]) -> Snapshot:
    """Return an approved snapshot holding these ranking rows."""
    return Snapshot(
        edition_code="kudus-2022",
        approved_at=APPROVED_AT,
        approved_by="panitia",
        data_version=1234,
        hash="ab" * 32,
        payload={"ranking": rows},
    )


PODIUM = snapshot(
    [
        winner("K-01", "Klinik Tani Keliling", "Dinas Pertanian dan Pangan", 1),
        winner("K-02", "Jemput Bola KTP", "Disdukcapil", 2),
        winner("K-03", "Puskesmas Ramah Anak", "UPTD Puskesmas Jati", 3),
        winner("K-04", "Lain", "Bagian Organisasi", None),
    ]
)
# A seri for Juara II: ranks 1, 2, 2, so nobody is Juara III.
TIED = snapshot(
    [
        winner("K-01", "Klinik Tani Keliling", "Dinas Pertanian dan Pangan", 1),
        winner("K-02", "Jemput Bola KTP", "Disdukcapil", 2, tie=True),
        winner("K-05", "Sapa Warga", "Kecamatan Kota", 2, tie=True),
    ]
)


def state(step: str, snap: Snapshot | None = PODIUM, revision: int = 5) -> CeremonyState:
    """Return a ceremony state at a step."""
    return CeremonyState(
        edition_code="kudus-2022",
        step=step,
        revision=revision,
        updated_at=APPROVED_AT,
        updated_by="panitia",
        settings=CeremonySettings(),
        snapshot=snap,
    )


# ---------------------------------------------------------------- builders: names
@pytest.mark.parametrize(
    ("step", "lang", "expected"),
    [
        ("rotation", "id", "Rotasi slide"),
        ("splash", "id", "Pembukaan pengumuman"),
        ("award-3", "id", "Juara III"),
        ("award-2", "id", "Juara II"),
        ("award-1", "id", "Juara I"),
        ("all", "id", "Semua juara"),
        ("award-1", "en", "First Place"),
        ("all", "en", "All winners"),
        ("something-else", "id", "something-else"),
    ],
)
def test_step_label(step, lang, expected):
    assert build.step_label(step, lang=lang) == expected


@pytest.mark.parametrize(
    ("shown", "lang", "expected"),
    [
        ("progress", "id", "Rotasi: Progres Penilaian"),
        ("participation", "id", "Rotasi: Partisipasi OPD"),
        ("finalists", "en", "Rotation: Finalists"),
        ("countdown", "id", "Rotasi: Hitung mundur"),
        ("splash", "id", "Pembukaan pengumuman"),
        ("award-3", "id", "Juara III"),
        ("award-2", "en", "Second Place"),
        ("all", "id", "Semua juara"),
        ("standby", "id", "Menyiapkan tampilan"),
        ("", "en", "Nothing reported yet"),
        ("award-9", "id", "award-9"),
    ],
)
def test_shown_label(shown, lang, expected):
    assert control_screens.shown_label(shown, lang=lang) == expected


# ---------------------------------------------------------------- builders: the step
@pytest.mark.parametrize(
    ("current", "snap", "label", "detail"),
    [
        ("rotation", None, "Pembukaan pengumuman", ""),
        ("splash", None, "Juara III", "setujui hasil dulu"),
        ("splash", PODIUM, "Juara III", "Puskesmas Ramah Anak (UPTD Puskesmas Jati)"),
        ("award-3", PODIUM, "Juara II", "Jemput Bola KTP (Disdukcapil)"),
        ("award-2", PODIUM, "Juara I", "Klinik Tani Keliling (Dinas Pertanian dan Pangan)"),
        ("award-1", PODIUM, "Semua juara", ""),
        ("all", PODIUM, "Selesai", "Semua juara sudah diumumkan."),
        # The seri: Juara III is skipped and both Juara II come on one screen.
        ("splash", TIED, "Juara II (seri)", "Jemput Bola KTP (Disdukcapil); Sapa Warga"),
    ],
)
def test_next_hint_names_what_comes_next(current, snap, label, detail):
    hint = build.next_hint(state(current, snap), lang="id")
    assert hint.label == label
    assert hint.detail.startswith(detail)
    assert hint.done == (current == "all")


def test_next_hint_in_english():
    hint = build.next_hint(state("award-3"), lang="en")
    assert (hint.label, hint.detail) == ("Second Place", "Jemput Bola KTP (Disdukcapil)")


def test_step_panel_shows_now_big_and_next_for_the_presenter():
    panel = build.step_panel(state("award-3"), edition_name="KIPP Kudus 2022", lang="id")
    text = texts(panel)
    step = next(c for c in panel._traverse() if getattr(c, "id", None) == ids.CONTROL_STEP)
    assert step.children == "Juara III"
    assert "Sekarang" in text and "KIPP Kudus 2022" in text
    assert "Berikutnya: " in text and "Juara II" in text and "Jemput Bola KTP" in text
    assert "Hanya tampil di halaman ini" in text
    assert "Diubah 10.05 WIB oleh panitia" in text


def test_step_panel_at_the_end_says_finished():
    text = texts(build.step_panel(state("all"), edition_name="E", lang="en"))
    assert "Next: " in text and "Finished" in text and "Shown on this page only" not in text


def _tones(track) -> list[tuple[str, str]]:
    return [(li.children, li.className.split("kipp-control-track-")[-1]) for li in track.children]


def test_step_track_marks_done_current_and_locked_steps():
    assert _tones(build.step_track(state("award-3"), lang="id")) == [
        ("Rotasi slide", "done"),
        ("Pembukaan pengumuman", "done"),
        ("Juara III", "current"),
        ("Juara II", "todo"),
        ("Juara I", "todo"),
        ("Semua juara", "todo"),
    ]
    # Not approved: the award steps are there, but locked.
    assert [tone for _l, tone in _tones(build.step_track(state("splash", None), lang="id"))] == [
        "done",
        "current",
        "locked",
        "locked",
        "locked",
        "locked",
    ]
    # A seri without Juara III: the track has no Juara III step.
    labels = [label for label, _t in _tones(build.step_track(state("splash", TIED), lang="id"))]
    assert "Juara III" not in labels and labels.count("Juara II") == 1


# ---------------------------------------------------------------- builders: approval
def test_approval_panel_before_approval():
    text = texts(build.approval_panel(None, lang="id"))
    assert "Belum disetujui" in text


def test_approval_panel_warns_of_open_presentation_sheets_before_approval():
    quiet = texts(build.approval_panel(None, lang="id"))
    assert "belum lengkap" not in quiet
    text = texts(build.approval_panel(None, open_presentation_sheets=12, lang="id"))
    assert "Masih ada 12 lembar nilai presentasi yang belum lengkap" in text
    english = texts(build.approval_panel(None, open_presentation_sheets=1, lang="en"))
    assert "Presentation score sheets not complete yet: 1." in english


def test_approval_panel_shows_when_who_fingerprint_and_version():
    panel = build.approval_panel(PODIUM, lang="id")
    text = texts(panel)
    assert "Disetujui" in text
    assert "Rabu, 28 Desember 2022 pukul 10.05 WIB" in text
    assert "panitia" in text and "1234" in text
    code = next(c for c in panel._traverse() if type(c).__name__ == "Code")
    assert code.children == "ab" * 6
    assert code.title == "ab" * 32
    assert "peringkat terkini" not in text and CONFLICT_TITLE not in text
    assert ids.CONTROL_DIFFERENCES not in json.dumps(panel.to_plotly_json(), default=str)


def test_approval_panel_warns_of_live_differences():
    panel = build.approval_panel(PODIUM, differences=["K-02", "K-04"], lang="en")
    text = texts(panel)
    assert "The live results differ from the approved ones" in text
    assert "K-02, K-04" in text
    assert "keep showing the approved results" in text


HISTORY = [
    ApprovalRecord("approve", APPROVED_AT, "panitia", None, "ab" * 32, 1200),
    ApprovalRecord("cancel", APPROVED_AT, "ketua", "ab" * 32, None, 1230),
    ApprovalRecord("reapprove", APPROVED_AT, "sekretaris", "cd" * 32, "ab" * 32, 1234),
]


def test_approval_panel_lists_the_history_newest_first_and_the_lock():
    panel = build.approval_panel(PODIUM, history=HISTORY, lang="id")
    text = texts(panel)
    assert "Riwayat persetujuan" in text and "Terkunci" not in text
    history = next(
        c for c in panel._traverse() if getattr(c, "id", None) == CONTROL_APPROVAL_HISTORY
    )
    entries = [texts(item) for item in history._traverse() if type(item).__name__ == "Li"]
    assert entries[0].startswith("Disetujui ulang · Rabu, 28 Desember 2022 pukul 10.05 WIB")
    assert "sekretaris" in entries[0] and f"{'cd' * 6} → {'ab' * 6}" in entries[0]
    assert entries[1].startswith("Dibatalkan") and f"{'ab' * 6} → –" in entries[1]
    assert entries[2].startswith("Disetujui ·") and f"– → {'ab' * 6}" in entries[2]
    locked = texts(build.approval_panel(PODIUM, history=HISTORY, locked=True, lang="en"))
    assert "Locked: Juara III has been on screen; the approval can no longer change." in locked
    assert "Approved again · Wednesday, December 28, 2022 at 10:05 WIB · by sekretaris" in locked
    # Cancelled: not approved, and the record still shows why.
    cancelled = texts(build.approval_panel(None, history=HISTORY[:2], lang="id"))
    assert "Belum disetujui" in cancelled and "Dibatalkan" in cancelled
    many = [HISTORY[0]] * (build.HISTORY_SHOWN + 3)
    listed = build.approval_panel(PODIUM, history=many, lang="id")._traverse()
    assert sum(type(c).__name__ == "Li" for c in listed) == build.HISTORY_SHOWN


# ---------------------------------------------------------------- builders: screens
NOW = datetime(2022, 12, 29, 2, 5, 30, tzinfo=UTC)  # 09.05 WIB


def test_screens_table_without_screens_points_to_the_screens_page():
    """No shell command for the committee: the page where a TV is registered."""
    text = texts(control_screens.screens_table([], now=NOW, edition_code=None, lang="id"))
    assert "halaman Layar Upacara" in text and "python" not in text
    text = texts(control_screens.screens_table([], now=NOW, edition_code=None, lang="en"))
    assert "Ceremony Screens page" in text


def test_screens_table_lists_each_screen():
    screens = [
        (Screen(1, "Aula Utama", None, NOW, "finalists", "kudus-2022", "kudus-2022"), True),
        (
            Screen(
                2,
                "Proyektor Lobi",
                None,
                datetime(2022, 12, 28, 9, tzinfo=UTC),
                "award-1",
                "x",
                "x",
            ),
            False,
        ),
        # A token made before tokens had an edition, among several editions.
        (Screen(3, "TV Cadangan", None, None, "", None), False),
    ]
    table = control_screens.screens_table(screens, now=NOW, edition_code="kudus-2022", lang="id")
    rows = [texts(row) for row in table.children[1].children]
    assert rows[0] == "Aula Utama kudus-2022 Terhubung Rotasi: Finalis 09.05 WIB"
    assert rows[1].startswith("Proyektor Lobi x Terputus Juara I edisi x")
    assert "28 Desember 2022 pukul 16.00 WIB" in rows[1]
    assert rows[2] == "TV Cadangan edisi bawaan Terputus Belum ada laporan Belum pernah"
    headers = texts(table.children[0])
    assert headers == "Layar Edisi layar Status Sedang menampilkan Terakhir terlihat"
    english = control_screens.screens_table(screens, now=NOW, edition_code="kudus-2022", lang="en")
    assert texts(english.children[0]).startswith("Screen Screen's edition Status")
    assert "TV Cadangan the default edition Disconnected" in texts(english.children[1])


# ---------------------------------------------------------------- builders: settings form
def _slide_choice(**chosen: int | None) -> dict[str, tuple[bool, int | None]]:
    """Return the form's slides: those named switched on with their seconds, others off."""
    return {
        n: (n in chosen, chosen.get(n, 20))
        for n in ("progress", "participation", "finalists", "countdown")
    }


def _form(**changes) -> forms.SettingsForm:
    values = {
        "slides": _slide_choice(progress=20, finalists=15),
        "show_score": False,
        "ceremony_time": "13.30",
        "prizes": {1: "Piagam dan TV", 2: "Piagam", 3: "Piagam"},
    }
    return forms.SettingsForm(**{**values, **changes})


def test_settings_form_reads_good_values():
    settings, errors = forms.read_settings_form(_form(), lang="id")
    assert errors == {}
    assert settings == CeremonySettings(
        slides=(("progress", 20), ("finalists", 15)),
        show_score=False,
        prizes={1: "Piagam dan TV", 2: "Piagam", 3: "Piagam"},
        ceremony_time="13:30",
    )


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (
            {"slides": _slide_choice(progress=1)},
            "slides",
            "Progres Penilaian: isi lama tampil 3–600",
        ),
        ({"slides": _slide_choice(finalists=None)}, "slides", "Finalis: isi lama tampil"),
        ({"slides": _slide_choice()}, "slides", "Nyalakan paling sedikit satu slide"),
        ({"ceremony_time": "25:00"}, "ceremony_time", "JJ:MM"),
        ({"prizes": {1: " ", 2: "Piagam", 3: "Piagam"}}, "prize_1", "Hadiah Juara I belum diisi"),
    ],
)
def test_settings_form_reports_each_wrong_field(changes, field, words):
    settings, errors = forms.read_settings_form(_form(**changes), lang="id")
    assert settings is None
    assert list(errors) == [field]
    assert words in errors[field]
    assert " / " not in errors[field], "the Indonesian page shows one language"


def test_settings_form_round_trips_stored_settings():
    stored = CeremonySettings(slides=(("countdown", 10),), show_score=False, ceremony_time="08:15")
    form = forms.SettingsForm.from_settings(stored)
    assert form.slides["countdown"] == (True, 10) and form.slides["progress"] == (False, 20)
    assert form.ceremony_time == "08:15"
    assert forms.read_settings_form(form, lang="id") == (stored, {})


def test_refusal_speaks_the_page_s_language():
    conflict = ceremony.CeremonyConflict("ceremony.refused.conflict")
    alert = build.refusal(conflict, conflict=True, lang="en")
    assert (
        texts(alert)
        == "Changed elsewhere: The reveal moved on since you looked; check and try again"
    )
    assert alert.color == "warning"
    alert = build.refusal(conflict, conflict=True, lang="id")
    assert texts(alert) == (
        f"{CONFLICT_TITLE}: Tampilan sudah berubah sejak Anda melihatnya; periksa lalu coba lagi"
    )


# ---------------------------------------------------------------- the callbacks, through HTTP
@dataclass
class Site:
    """The app on the demo edition, a client per role, and an engine on its database."""

    app: Dash
    engine: Engine
    clients: dict[str | None, Any]

    def key(self, output: str) -> str:
        """Return the callback_map key of the callback writing this output."""
        return next(k for k in self.app.callback_map if output in k.strip(".").split("..."))

    def call(
        self,
        role: str | None,
        output: str,
        values: dict[tuple[str, str], Any],
        trigger: str | None = None,
    ):
        """Call a callback as the browser does; return the response."""
        key = self.key(output)
        body = callback_body(key, self.app.callback_map[key], values)
        if trigger is not None:
            body["changedPropIds"] = [trigger]
        return post_update(self.clients[role], body)

    def status(self, role: str | None = "admin", search: str = "") -> dict:
        """Refresh the step panel as a freshly opened page, then the cards that follow it.

        Returns the outputs of both by id, and the revision store the panel carries.
        """
        response = self.call(
            role,
            f"{CONTROL_CONTENT}.children",
            {("control-interval", "n_intervals"): 1, (CONTROL_URL, "search"): search},
        )
        assert response.status_code == 200
        shown = dict(response.get_json()["response"].items())
        revision = drawn_revision(shown)
        values = {
            (CONTROL_SHOWN, "data"): shown[CONTROL_SHOWN]["data"],
            (CONTROL_REVISION, "data"): revision,
            (CONTROL_URL, "search"): search,
        }
        panels = self.call(role, f"{CONTROL_APPROVAL}.children", values)
        assert panels.status_code == 200
        return {**shown, **panels.get_json()["response"], CONTROL_REVISION: {"data": revision}}

    def press(self, button: str, shown: dict | None, role: str | None = "admin", search=""):
        """Press one of the page's action buttons with what the page last showed."""
        prop = "n_clicks"  # a plain button, or the "Ya, …" of its own dialog
        return self.call(
            role,
            f"{CONTROL_ALERT}.children",
            {(button, prop): 1, (CONTROL_REVISION, "data"): shown, (CONTROL_URL, "search"): search},
            trigger=f"{button}.{prop}",
        )

    def state(self) -> CeremonyState:
        """Return the ceremony's state in the database."""
        with transaction(self.engine) as session:
            return ceremony.get_state(session, DEMO_CODE)


@pytest.fixture
def site(demo_url, tmp_path) -> Iterator[Site]:
    """Serve the demo edition (awards not decided yet) with a client logged in per role."""
    engine = make_engine(demo_url)
    add_accounts(engine)
    server = create_app(
        Settings(database_url=demo_url, secret_key="test-control", instance_dir=str(tmp_path))
    )
    clients = {role: client_as(server, role) for role in [*NON_ADMIN, "admin"]}
    yield Site(dash_apps(server).dashboard, engine, clients)
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


def drawn_revision(outputs: dict) -> dict | None:
    """Return the revision store inside the refreshed step panel (None on a notice)."""
    return prop_in(outputs.get(CONTROL_CONTENT), CONTROL_REVISION, "data")


def _alert(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)
    return texts(response.get_json()["response"][CONTROL_ALERT]["children"])


def test_admin_runs_the_whole_reveal(site):
    shown = site.status()
    assert DEMO_NAME in texts(shown[CONTROL_CONTENT]) and "Rotasi slide" in texts(shown)
    assert shown[CONTROL_DEMO]["hidden"] is False  # demo, awards not decided: rehearsal offered
    assert shown[CONTROL_BACK]["disabled"] is True
    revision = shown[CONTROL_REVISION]["data"]
    assert revision == {"edition": DEMO_CODE, "revision": 0}

    # Rotation -> splash: no approval needed; the very first action on a fresh ceremony.
    assert _alert(site.press(CONTROL_NEXT, revision)) == ""
    assert site.state().step == "splash"
    shown = site.status()
    assert "Pembukaan pengumuman" in texts(shown[CONTROL_CONTENT])

    # Juara III needs approved results.
    refused = _alert(site.press(CONTROL_NEXT, shown[CONTROL_REVISION]["data"]))
    assert "Hasil belum disetujui" in refused and "Traceback" not in refused
    assert site.state().step == "splash"

    # Approval refused while a finalist has no presentation score: the card says so
    # before the button, naming the finalist and the jurors whose sheets are open, and
    # the button is off; pressed anyway (an old tab), the refusal says the same.
    blocked = texts(shown[CONTROL_APPROVAL]["children"])
    assert "Belum bisa disetujui: 1 finalis belum punya nilai presentasi (KIPP22-" in blocked
    assert "Lembar nilai presentasi yang belum lengkap: J0" in blocked and " lembar)" in blocked
    assert shown[ids.CONTROL_APPROVE]["disabled"] is True
    refused = _alert(site.press(CONTROL_APPROVE_CONFIRM, shown[CONTROL_REVISION]["data"]))
    assert "finalis tanpa nilai presentasi" in refused
    assert site.state().snapshot is None

    # The rehearsal jury completes the demo, then the approval goes through.
    done = _alert(site.press(CONTROL_SIMULATE_CONFIRM, shown[CONTROL_REVISION]["data"]))
    assert done.startswith("Penilaian demo selesai:")
    assert open_sheets(site.engine, DEMO_CODE) == []
    assert "Hasil disetujui." in _alert(
        site.press(CONTROL_APPROVE_CONFIRM, shown[CONTROL_REVISION]["data"])
    )
    snap = site.state().snapshot
    assert snap is not None and snap.approved_by == "panitia"
    shown = site.status()
    assert ids.CONTROL_APPROVAL_BLOCKED not in json.dumps(shown[CONTROL_APPROVAL])
    assert shown[CONTROL_DEMO]["hidden"] is True
    approval = texts(shown[CONTROL_APPROVAL]["children"])
    assert "Disetujui" in approval and snap.hash[:12] in approval
    third = snap.winners(3)[0]
    assert third["title"] in texts(shown[CONTROL_CONTENT])  # the presenter's hint

    # Juara III, back to the splash, on to the end, reset.
    site.press(CONTROL_NEXT, shown[CONTROL_REVISION]["data"])
    assert site.state().step == "award-3"
    shown = site.status()
    step = texts(shown[CONTROL_CONTENT])
    assert "Juara III" in step and snap.winners(2)[0]["title"] in step
    site.press(CONTROL_BACK, shown[CONTROL_REVISION]["data"])
    assert site.state().step == "splash"
    for expected in ("award-3", "award-2", "award-1", "all"):
        site.press(CONTROL_NEXT, site.status()[CONTROL_REVISION]["data"])
        assert site.state().step == expected
    shown = site.status()
    assert shown[CONTROL_NEXT]["disabled"] is True
    assert "Selesai" in texts(shown[CONTROL_CONTENT])
    site.press(CONTROL_RESET_CONFIRM, shown[CONTROL_REVISION]["data"])
    after = site.state()
    assert after.step == "rotation" and after.snapshot is not None and after.updated_by == "panitia"


def test_a_stale_revision_gets_the_conflict_message_and_changes_nothing(site):
    stale = site.status()[CONTROL_REVISION]["data"]
    site.press(CONTROL_NEXT, stale)
    before = site.state()
    assert before.step == "splash"
    for button in (CONTROL_NEXT, CONTROL_BACK, CONTROL_RESET_CONFIRM):
        text = _alert(site.press(button, stale))
        assert text.startswith(f"{CONFLICT_TITLE}:")
        assert "Tampilan sudah berubah" in text and "moved on" not in text
        assert site.state().revision == before.revision and site.state().step == "splash"
    # In English, the title follows the page's language; the reason stays bilingual.
    text = _alert(site.press(CONTROL_BACK, stale, search="?lang=en"))
    assert text.startswith("Changed elsewhere:")


def test_an_action_acknowledges_and_asks_for_a_fresh_status(site):
    shown = site.status()[CONTROL_REVISION]["data"]
    response = site.press(CONTROL_NEXT, shown).get_json()["response"]
    assert isinstance(response[CONTROL_WAKE]["data"], dict)
    # A click before the page has shown anything does nothing.
    text = _alert(site.press(CONTROL_NEXT, None))
    assert "belum selesai memuat" in text
    assert site.state().step == "splash"


@pytest.mark.parametrize("role", NON_ADMIN)
def test_other_roles_get_204_and_move_nothing(site, role):
    shown = site.status()[CONTROL_REVISION]["data"]
    site.press(CONTROL_NEXT, shown)
    before = site.state()
    with transaction(site.engine) as session:
        version = queries.data_version(session)
    current = site.status()[CONTROL_REVISION]["data"]
    for button in (
        CONTROL_NEXT,
        CONTROL_BACK,
        CONTROL_RESET_CONFIRM,
        CONTROL_APPROVE_CONFIRM,
        CONTROL_REAPPROVE_CONFIRM,
        CONTROL_CANCEL_APPROVAL_CONFIRM,
        CONTROL_SIMULATE_CONFIRM,
    ):
        response = site.press(button, current, role=role)
        # Without a session the body gate answers 401 before Dash reads the request.
        assert response.status_code == (401 if role is None else 204), button
        assert response.get_data() == b"" or role is None
    for output in (
        f"{CONTROL_CONTENT}.children",
        f"{CONTROL_SCREENS}.children",
        f"{CONTROL_APPROVED_ACTIONS}.hidden",
    ):
        response = site.call(
            role, output, {(CONTROL_URL, "search"): "", (CONTROL_REVISION, "data"): current}
        )
        assert response.status_code == (401 if role is None else 204)
    saved = site.call(
        role,
        f"{CONTROL_SETTINGS_MESSAGE}.children",
        {(CONTROL_SAVE, "n_clicks"): 1, (CONTROL_SLIDE_ON["countdown"], "value"): True},
    )
    assert saved.status_code == (401 if role is None else 204)
    after = site.state()
    assert (after.step, after.revision, after.snapshot) == (before.step, before.revision, None)
    assert after.settings == CeremonySettings()
    with transaction(site.engine) as session:
        assert queries.data_version(session) == version  # no rehearsal scores written


def test_approve_again_and_cancel_are_explicit_recorded_and_locked(site):
    simulate(site.engine, DEMO_CODE, sleep=lambda _s: None, out=lambda _line: None)
    # The approval's buttons are drawn with the cards beside the step (site.status()).
    offered = site.status()
    assert offered[CONTROL_APPROVE_ROW]["hidden"] is False
    assert offered[CONTROL_APPROVED_ACTIONS]["hidden"] is True
    shown = offered[CONTROL_REVISION]["data"]
    assert "Hasil disetujui." in _alert(site.press(CONTROL_APPROVE_CONFIRM, shown))
    first = site.state().snapshot

    shown = offered = site.status()
    assert offered[CONTROL_APPROVE_ROW]["hidden"] is True
    assert offered[CONTROL_APPROVED_ACTIONS]["hidden"] is False
    assert offered[CONTROL_REAPPROVE]["disabled"] is False
    assert offered[CONTROL_CANCEL_APPROVAL]["disabled"] is False
    assert "Riwayat persetujuan" in texts(shown[CONTROL_APPROVAL]["children"])

    revision = shown[CONTROL_REVISION]["data"]
    assert "Hasil disetujui ulang." in _alert(site.press(CONTROL_REAPPROVE_CONFIRM, revision))
    # The page's revision is stale now: a second press is "changed elsewhere", not a record.
    assert _alert(site.press(CONTROL_CANCEL_APPROVAL_CONFIRM, revision)).startswith(CONFLICT_TITLE)
    shown = site.status()
    done = _alert(site.press(CONTROL_CANCEL_APPROVAL_CONFIRM, shown[CONTROL_REVISION]["data"]))
    assert "Persetujuan dibatalkan." in done
    assert site.state().snapshot is None
    with transaction(site.engine) as session:
        assert not ceremony.public_view(session, DEMO_CODE).approved
        records = approval_history(session, DEMO_CODE)
    assert [(r.action, r.by) for r in records] == [
        ("approve", "panitia"),
        ("reapprove", "panitia"),
        ("cancel", "panitia"),
    ]
    assert (records[1].old_hash, records[2].old_hash, records[2].new_hash) == (
        first.hash,
        first.hash,
        None,
    )
    shown = site.status()
    approval = texts(shown[CONTROL_APPROVAL]["children"])
    assert "Belum disetujui" in approval and "Dibatalkan" in approval
    assert shown[CONTROL_APPROVE_ROW]["hidden"] is False

    # Approve, show Juara III, reset: from then on the approval can never change.
    site.press(CONTROL_APPROVE_CONFIRM, shown[CONTROL_REVISION]["data"])
    for _ in range(2):
        site.press(CONTROL_NEXT, site.status()[CONTROL_REVISION]["data"])
    assert site.state().step == "award-3"
    site.press(CONTROL_RESET_CONFIRM, site.status()[CONTROL_REVISION]["data"])
    shown = site.status(search="?lang=en")
    revision = shown[CONTROL_REVISION]["data"]
    assert CONTROL_APPROVAL_LOCKED in json.dumps(shown[CONTROL_APPROVAL])
    offered = shown
    assert offered[CONTROL_REAPPROVE]["disabled"] is True
    assert offered[CONTROL_CANCEL_APPROVAL]["disabled"] is True
    before = site.state()
    for button in (CONTROL_REAPPROVE_CONFIRM, CONTROL_CANCEL_APPROVAL_CONFIRM):
        text = _alert(site.press(button, revision, search="?lang=en"))
        assert text == "Not done: Juara III has been on screen; the approval can no longer change"
    after = site.state()
    assert (after.revision, after.snapshot) == (before.revision, before.snapshot)


def test_rehearsal_is_refused_on_a_real_edition(site):
    with transaction(site.engine) as session:
        session.execute(update(Edition).where(Edition.code == DEMO_CODE).values(is_demo=False))
    shown = site.status()
    assert shown[CONTROL_DEMO]["hidden"] is True
    before = len(open_sheets(site.engine, DEMO_CODE))
    text = _alert(site.press(CONTROL_SIMULATE_CONFIRM, shown[CONTROL_REVISION]["data"]))
    assert "hanya untuk edisi demo" in text
    assert len(open_sheets(site.engine, DEMO_CODE)) == before > 0


def test_rehearsal_is_offered_while_any_sheet_is_open_and_refused_after(site):
    """Awards decided, one proposal sheet open again: offered; nothing open: refused, said so."""
    simulate(site.engine, DEMO_CODE, sleep=lambda _s: None, out=lambda _line: None)
    assert site.status()[CONTROL_DEMO]["hidden"] is True
    with transaction(site.engine) as session:
        stage = session.scalar(select(Stage.id).where(Stage.code == "proposal"))
        score = session.scalars(select(Score.id).where(Score.stage_id == stage)).first()
        session.execute(Score.__table__.delete().where(Score.id == score))
    shown = site.status()
    assert shown[CONTROL_DEMO]["hidden"] is False
    revision = shown[CONTROL_REVISION]["data"]
    # The button only opens its own dialog: a misclick changes no score. The action listens
    # to the dialog's "Ya" alone; the button's click sent to it as the trigger does nothing.
    dialog, _cancel = CONTROL_DIALOGS[CONTROL_SIMULATE_CONFIRM]
    opened = site.call(
        "admin",
        f"{dialog}.is_open",
        {(CONTROL_SIMULATE, "n_clicks"): 1},
        trigger=f"{CONTROL_SIMULATE}.n_clicks",
    )
    assert opened.get_json()["response"][dialog]["is_open"] is True
    pressed = site.press(CONTROL_SIMULATE, revision)
    assert pressed.get_json()["response"] == {CONTROL_ALERT: {"children": None}}
    assert len(open_sheets(site.engine, DEMO_CODE)) == 1
    assert (
        _alert(site.press(CONTROL_SIMULATE_CONFIRM, revision))
        == "Penilaian demo selesai: 1 lembar nilai diisi."
    )
    # A page drawn before that rehearsal still shows the button: the press is refused.
    text = _alert(site.press(CONTROL_SIMULATE_CONFIRM, revision, search="?lang=en"))
    assert text.startswith("Not done") and "No score sheet is still open" in text
    assert open_sheets(site.engine, DEMO_CODE) == []


def test_live_changes_after_approval_are_flagged(site):
    simulate(site.engine, DEMO_CODE, sleep=lambda _s: None, out=lambda _line: None)
    with transaction(site.engine) as session:
        snap = ceremony.approve(session, DEMO_CODE, by="panitia")
    shown = site.status()
    assert ids.CONTROL_DIFFERENCES not in json.dumps(shown[CONTROL_APPROVAL])
    # A late correction: one presentation score of Juara I drops to zero.
    first = snap.winners(1)[0]
    with transaction(site.engine) as session:
        stage = session.execute(select(Stage.id).where(Stage.code == "presentation")).scalar_one()
        score = (
            session.execute(
                select(Score.id).where(
                    Score.innovation_id == first["innovation_id"], Score.stage_id == stage
                )
            )
            .scalars()
            .first()
        )
        session.execute(update(Score).where(Score.id == score).values(score_centi=0))
    shown = site.status()
    approval = texts(shown[CONTROL_APPROVAL]["children"])
    assert "Hasil terkini berbeda dari hasil yang disetujui" in approval
    assert first["code"] in approval
    assert "Layar upacara tetap menampilkan hasil yang disetujui" in approval


def test_the_status_is_sent_again_only_when_something_moved(site):
    first = site.call(
        "admin",
        f"{CONTROL_CONTENT}.children",
        {(CONTROL_URL, "search"): ""},
    ).get_json()["response"]
    key = first[CONTROL_SHOWN]["data"]
    values = {(CONTROL_URL, "search"): "", (CONTROL_SHOWN, "data"): key}
    again = site.call("admin", f"{CONTROL_CONTENT}.children", values).get_json()["response"]
    assert CONTROL_CONTENT not in again and "Diperbarui pukul" in texts(again)
    site.press(CONTROL_NEXT, drawn_revision(first))
    moved = site.call("admin", f"{CONTROL_CONTENT}.children", values).get_json()["response"]
    assert "Pembukaan pengumuman" in texts(moved[CONTROL_CONTENT])


def test_status_in_english_and_for_an_unknown_edition(site):
    shown = site.status(search="?lang=en")
    assert "Slide rotation" in texts(shown[CONTROL_CONTENT])
    assert "Next: " in texts(shown[CONTROL_CONTENT])
    assert "Not approved yet" in texts(shown[CONTROL_APPROVAL])
    missing = site.status(search="?edition=no-such-edition")
    assert "no-such-edition" in texts(missing[CONTROL_CONTENT])
    assert missing[CONTROL_NEXT]["disabled"] is True and missing[CONTROL_REVISION]["data"] is None


def test_connected_screens_are_listed(site):
    def screens() -> str:
        response = site.call("admin", f"{CONTROL_SCREENS}.children", {(CONTROL_URL, "search"): ""})
        assert response.status_code == 200
        return texts(response.get_json()["response"][CONTROL_SCREENS]["children"])

    assert "halaman Layar Upacara" in screens()
    with transaction(site.engine) as session:
        kiosks.create_token(session, "Aula Utama")
        kiosks.create_token(session, "Lobi")
        aula = next(s for s in kiosks.list_screens(session) if s.name == "Aula Utama")
        kiosks.record_seen(session, aula.id, shown="finalists", edition_code=DEMO_CODE)
    text = screens()
    assert f"Aula Utama {DEMO_CODE} Terhubung Rotasi: Finalis" in text
    assert f"Lobi {DEMO_CODE} Terputus Belum ada laporan Belum pernah" in text


def _slides(on: dict[str, bool], seconds: dict[str, object]) -> dict:
    """Return the slide switches and seconds as the form sends them."""
    return {
        **{(CONTROL_SLIDE_ON[n], "value"): on.get(n, False) for n in CONTROL_SLIDE_ON},
        **{(CONTROL_SLIDE_SECONDS[n], "value"): seconds.get(n) for n in CONTROL_SLIDE_ON},
    }


def test_settings_are_filled_checked_and_saved(site):
    filled = site.call(
        "admin", f"{CONTROL_SLIDE_ON['progress']}.value", {(CONTROL_URL, "search"): ""}
    ).get_json()["response"]
    # Each slide by its name on the screen, switched on with its seconds (the defaults).
    assert {n: filled[CONTROL_SLIDE_ON[n]]["value"] for n in CONTROL_SLIDE_ON} == {
        "progress": True,
        "participation": True,
        "finalists": True,
        "countdown": True,
        "katalog": True,  # shown only once the awards are public and the edition published
    }
    seconds = [filled[CONTROL_SLIDE_SECONDS[n]]["value"] for n in CONTROL_SLIDE_ON]
    assert seconds == [20, 15, 20, 10, 20]
    assert filled[CONTROL_TIME]["value"] == "09:00"
    assert filled[CONTROL_SHOW_SCORE]["value"] is True

    values = {
        (CONTROL_SAVE, "n_clicks"): 1,
        **_slides({"finalists": True, "countdown": True}, {"finalists": 30, "countdown": 2}),
        (CONTROL_SHOW_SCORE, "value"): False,
        (ids.CONTROL_HIDE_MISSING, "value"): True,
        (CONTROL_TIME, "value"): "9 pagi",
        (PRIZE_IDS[1], "value"): "Piagam dan smart TV",
        (PRIZE_IDS[2], "value"): "Piagam dan smart TV",
        (PRIZE_IDS[3], "value"): "Piagam dan smart TV",
        (CONTROL_URL, "search"): "",
    }
    output = f"{CONTROL_SETTINGS_MESSAGE}.children"
    refused = site.call("admin", output, values).get_json()["response"]
    assert refused[CONTROL_SLIDE_SECONDS["countdown"]]["invalid"] is True
    assert refused[CONTROL_TIME]["invalid"] is True
    assert refused[CONTROL_SLIDES_ERROR]["children"] == (
        "Menuju Penganugerahan: isi lama tampil 3–600 detik."
    )
    assert "JJ:MM" in refused[CONTROL_TIME_ERROR]["children"]
    assert refused[PRIZE_IDS[1]]["invalid"] is False
    assert site.state().settings == CeremonySettings()

    none = site.call("admin", output, values | _slides({}, {})).get_json()["response"]
    assert none[CONTROL_SLIDES_ERROR]["children"] == "Nyalakan paling sedikit satu slide."
    values |= _slides({"finalists": True}, {"finalists": 30, "progress": 20})
    values |= {(CONTROL_TIME, "value"): "13.30"}
    saved = site.call("admin", output, values).get_json()["response"]
    assert "Pengaturan disimpan." in texts(saved[CONTROL_SETTINGS_MESSAGE])
    assert saved[CONTROL_SLIDE_SECONDS["countdown"]]["invalid"] is False
    assert saved[CONTROL_SLIDES_ERROR]["children"] is None
    settings = site.state().settings
    assert settings.slides == (("finalists", 30),)  # the slides switched off are not shown
    assert settings.hide_missing is True
    assert (settings.show_score, settings.ceremony_time) == (False, "13:30")


def test_layout_has_the_controls_and_no_data():
    layout = page.layout(lang="en")
    found = {getattr(c, "id", None): c for c in layout._traverse()}
    for control in (CONTROL_NEXT, CONTROL_BACK, ids.CONTROL_RESET, CONTROL_RESET_CONFIRM):
        assert control in found
    assert found[CONTROL_NEXT].children == ["Next", " →"]
    text = texts(layout)
    assert "Ceremony Control" in text and "Kendali" not in text
    assert DEMO_NAME not in text
    links = {getattr(c, "href", None) for c in layout._traverse()}
    assert {"/layar?lang=en", "/berita-acara?lang=en"} <= links  # the committee's own pages


def test_a_lost_database_gives_notices_never_a_traceback(demo_url, tmp_path):
    """The database vanishing mid-ceremony: a stale badge and a message, the page stays up."""
    engine = make_engine(demo_url)
    add_accounts(engine)
    engine.dispose()
    settings = Settings(database_url=demo_url, secret_key="t", instance_dir=str(tmp_path))
    server = create_app(settings)
    site = Site(dash_apps(server).dashboard, engine, {"admin": client_as(server, "admin")})
    first = site.status()
    for suffix in ("", "-wal", "-shm"):
        Path(demo_url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    server.extensions[EXTENSION_KEY].dispose()
    values = {(CONTROL_URL, "search"): "", (CONTROL_SHOWN, "data"): first[CONTROL_SHOWN]["data"]}
    response = site.call("admin", f"{CONTROL_CONTENT}.children", values)
    assert response.status_code == 200
    assert "Data belum diperbarui" in texts(response.get_json()["response"])
    text = _alert(site.press(CONTROL_NEXT, first[CONTROL_REVISION]["data"]))
    assert text == "Basis data tidak dapat dibaca; coba lagi sebentar lagi."
    screens = site.call("admin", f"{CONTROL_SCREENS}.children", {(CONTROL_URL, "search"): ""})
    assert "tidak dapat dibaca" in texts(screens.get_json()["response"])
    server.extensions[EXTENSION_KEY].dispose()
