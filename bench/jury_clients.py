"""The jury bench's clients: jurors filling sheets as kipp-sheet.js does, viewers that time it.

A juror logs in through the form, opens its next open sheet (/penilaian/proposal/CODE),
declares no conflict of interest (POST .../konflik, then reloads the page as the script
does), and types one criterion every `every` seconds: each save posts the whole sheet as
the script's collect() does, with the revision of the previous answer. After the last
criterion it changes one it typed earlier, then submits and opens the next sheet. Every
acknowledged save is kept (sheet, criterion, value, revision) with the data version read
from the database right after its answer; the bench checks them against the database
and against the viewers' screens.

Jurors write only while the bench's `writing` event is set (the rounds with jurors); in
the rounds without, they wait where they are, as if reading the next proposal.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import threading
import time
from dataclasses import dataclass, field

import requests

from bench.jury_dataset import STAGE, JurorAccount
from bench.load_audience import TRIGGER, Audience, Viewer
from bench.load_requests import LOGIN, Failed, browser_session

SAVE, SUBMIT, DECLARE, SHEET_PAGE = "jury save", "jury submit", "jury declare", "jury page"
CSRF = re.compile(r'data-csrf="([^"]+)"')
STATE = re.compile(r'<script[^>]*id="sheet-state"[^>]*>(.*?)</script>', re.S)


@dataclass(frozen=True)
class Ack:
    """A save (or a submit, criterion None) the server acknowledged with a 200."""

    juror: str
    innovation: str
    criterion: str | None
    centi: int | None
    revision: int
    acked_at: float  # monotonic, when the answer arrived
    version: int  # the data version read from the database right after the answer


@dataclass
class Expected:
    """What a sheet must hold at the end: its last acknowledged answer.

    Not `settled` when a save went out after that answer and none came back (a timeout):
    the server may have written it, so the sheet may be a revision further on.
    """

    revision: int
    scores: dict[str, int]
    submitted: bool = False
    settled: bool = True


class VersionReader:
    """Reads the data version on one connection of its own, shared by the jurors."""

    def __init__(self, libpq_url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(libpq_url, autocommit=True, application_name="kipp-jury-bench")
        self._lock = threading.Lock()

    def read(self) -> int:
        """Return the data version now."""
        with self._lock:
            row = self.conn.execute("SELECT version FROM data_version WHERE id = 1").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self.conn.close()


def typed(centi: int) -> str:
    """Return a value in hundredths as a juror types it in Indonesian: 78 or 78,5 or 78,25."""
    whole, rest = divmod(centi, 100)
    if rest == 0:
        return str(whole)
    return f"{whole},{rest // 10}" if rest % 10 == 0 else f"{whole},{rest:02d}"


def centi_of(text: str) -> int | None:
    """Return a typed value ("78,5", "78.5", "") in hundredths, None when empty."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    whole, _, rest = text.partition(".")
    return int(whole) * 100 + int((rest + "00")[:2])


def sheet_plan(criteria: list[str], rng: random.Random) -> list[tuple[str, int]]:
    """Return a sheet's saves: each criterion in turn, then one of them changed again."""
    plan = [(code, rng.randrange(5500, 9600, 25)) for code in criteria]
    again, first = rng.choice(plan)
    plan.append((again, first + (100 if first < 9500 else -100)))
    return plan


class Juror(threading.Thread):
    """One juror at a laptop: fills its open sheets one after another, a save every `every` s."""

    def __init__(
        self,
        number: int,
        audience: Audience,
        account: JurorAccount,
        criteria: list[str],
        writing: threading.Event,
        versions: VersionReader,
        every: float,
    ) -> None:
        super().__init__(name=f"juror-{number}", daemon=True)
        self.audience = audience
        self.account = account
        self.criteria = criteria
        self.writing = writing
        self.versions = versions
        self.every = every
        self.rng = random.Random(1000 + number)
        self.acks: list[Ack] = []
        self.expected: dict[str, Expected] = {}
        self.sheets_done = 0
        self.ran_out = False
        self.due = 0.0
        self.paused = True
        self.csrf = ""

    # ------------------------------------------------------------ pacing
    def wait_turn(self) -> bool:
        """Wait for the next save's moment (only while writing); False once the run stops."""
        stop = self.audience.stop
        while not stop.is_set():
            if not self.writing.is_set():
                self.paused = True
                self.writing.wait(0.5)
                continue
            if self.paused:  # a round with jurors begins: each starts at its own moment
                self.paused = False
                self.due = time.monotonic() + self.rng.uniform(0, self.every)
            if stop.wait(max(0.0, self.due - time.monotonic())):
                return False
            if self.writing.is_set():
                self.due = max(self.due + self.every, time.monotonic())
                return True
        return False

    # ------------------------------------------------------------ HTTP
    def run(self) -> None:
        http = browser_session(self.name)
        try:
            while not self.login(http):
                if self.audience.stop.wait(self.every):
                    return
            for code in self.account.open_sheets:
                if not self.wait_turn():
                    return
                with contextlib.suppress(Failed):  # recorded; on to the next sheet
                    self.fill_sheet(http, code)
            self.ran_out = True
        finally:
            http.close()

    def login(self, http: requests.Session) -> bool:
        """Log in through the form; return whether it worked (failures are recorded)."""
        call = self.audience.recorder.call
        try:
            form = call(http, LOGIN, "GET", "/login").text
            token = re.search(r'name="csrf" value="([^"]+)"', form)
            fields = {"username": self.account.username, "password": self.audience.password}
            fields["csrf"] = token.group(1) if token else ""
            call(http, LOGIN, "POST", "/login", data=fields, allow_redirects=False, expect=302)
        except Failed:
            return False
        return True

    def open_page(self, http: requests.Session, code: str) -> dict:
        """Load the sheet's page as the browser does; keep its CSRF token; return its sheet."""
        page = self.audience.recorder.call(
            http, SHEET_PAGE, "GET", f"/penilaian/{STAGE}/{code}?lang=id"
        ).text
        token, state = CSRF.search(page), STATE.search(page)
        if token is None or state is None:
            raise Failed("no sheet on the page")
        # The script sends the token in a header; the Recorder sets a POST's Origin itself.
        http.headers["X-CSRF-Token"] = token.group(1)
        return json.loads(state.group(1))["sheet"]

    def fill_sheet(self, http: requests.Session, code: str) -> None:
        """Declare, type every criterion, change one, submit: one save per turn."""
        call = self.audience.recorder.call
        api = f"/api/penilaian/{STAGE}/{code}"
        sheet = self.open_page(http, code)
        if sheet["conflict"] is None:
            call(http, DECLARE, "POST", f"{api}/konflik?lang=id", json={"conflict": False})
            sheet = self.open_page(http, code)  # kipp-sheet.js reloads the page
        if not sheet["editable"]:
            return
        revision = sheet["revision"]
        values = {c: centi_of(sheet["scores"].get(c, "")) for c in self.criteria}
        plan = sheet_plan(self.criteria, self.rng)
        for step, (criterion, centi) in enumerate([*plan, (None, None)]):
            if step and not self.wait_turn():
                return
            if criterion is not None:
                values[criterion] = centi
            body = {
                "scores": {c: "" if v is None else typed(v) for c, v in values.items()},
                "comments": {c: "" for c in self.criteria},
                "note": "",
                "revision": revision,
                "action": "save" if criterion is not None else "submit",
            }
            try:
                answer = call(
                    http,
                    SAVE if criterion is not None else SUBMIT,
                    "POST",
                    f"{api}?lang=id",
                    json=body,
                    check=lambda r: None if b'"revision"' in r.content else "no revision",
                ).json()
            except Failed:
                if code in self.expected:
                    self.expected[code].settled = False
                # As after a reload: take the sheet as it is on record and go on from there.
                sheet = self.open_page(http, code)
                revision = sheet["revision"]
                values = {c: centi_of(sheet["scores"].get(c, "")) for c in self.criteria}
                if not sheet["editable"]:
                    return
                continue
            acked = time.monotonic()
            revision = answer["sheet"]["revision"]
            version = self.versions.read()
            self.acks.append(
                Ack(self.account.juror_code, code, criterion, centi, revision, acked, version)
            )
            done = {c: v for c, v in values.items() if v is not None}
            self.expected[code] = Expected(revision, done, submitted=criterion is None)
        self.sheets_done += 1


@dataclass
class Screen:
    """What a viewer's page showed: when it joined, and each refresh after a new version."""

    joined_at: float = float("inf")
    # (tick answered with a new version, screen refreshed, that version), in time order
    updates: list[tuple[float, float, int]] = field(default_factory=list)


class ScreenViewer(Viewer):
    """A viewer of bench/load_audience.py that also notes when its screen changed."""

    def __init__(self, number: int, audience: Audience, username: str, start_at: float) -> None:
        super().__init__(number, audience, username, start_at)
        self.screen = Screen()

    def refresh(
        self, http: requests.Session, path: str, values: dict, changed: list[str], shown: object
    ) -> object:
        tick = values.get((TRIGGER, "data"))
        asked = time.monotonic()
        shown = super().refresh(http, path, values, changed, shown)
        if isinstance(tick, dict):
            self.screen.updates.append((asked, time.monotonic(), int(tick["version"])))
        else:  # the page's first refresh: it is on screen from now on
            self.screen.joined_at = time.monotonic()
        return shown
