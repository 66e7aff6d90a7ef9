"""The winners' embargo: no ceremony-screen response tells a winner before its reveal.

Canaries: an edition whose Juara I, II and III have unique strings as title, unit name
and innovator, and distinctive final scores. At every step of the reveal, and for a
screen (display token), a viewer and an anonymous browser, EVERY response the kiosk
can give is collected (its page, Dash endpoints, state poll, frame callback with every
kind of signal, assets, service worker, photos) and searched. Finalists are public
(the finalists slide lists title and unit alphabetically): what is secret is which
finalist holds which rank, so an award label, an innovator, a final score or a photo
shows up only once its level is revealed, and never for anonymous.

The last test does the same in a real headless Chromium against the served app.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine

from app import create_app, dash_apps
from dashboard import ids
from dashboard.services import EXTENSION_KEY
from data_access import ceremony
from data_access.db import make_engine, transaction
from data_access.formatting import format_number
from data_access.kiosks import create_token, kiosk_url
from data_access.settings import Settings
from tests.seed import add_edition, add_innovation, add_juror, add_sheet, add_unit, full_sheet
from tests.web import add_accounts, client_as


@pytest.fixture
def db_url(sqlite_url) -> str:
    """SQLite only: the answers' content is the point (ceremony SQL: test_ceremony*.py)."""
    return sqlite_url


MAIN, OTHER, MISSING = "kanari-2022", "kanari-2021", "tidak-ada-2099"
STEPS = ["rotation", "splash", "award-3", "award-2", "award-1", "all"]
# The step from which a Juara level is public.
REVEALED_AT = {3: "award-3", 2: "award-2", 1: "award-1"}
LABELS = {
    1: re.compile(r"Juara I(?!I)|First Place"),
    2: re.compile(r"Juara II(?!I)|Second Place"),
    3: re.compile(r"Juara III|Third Place"),
}
SLIDES = "progress:5,participation:5,finalists:5,countdown:5"
FRAME_KEY = f"{ids.KIOSK_FRAME}.children"
CLIENTS = ["kiosk", "viewer", None]
BROWSER_FRAME = "#kiosk-frame .kiosk-frame-inner"


def tiny_png(red: int) -> bytes:
    """Return a valid 1x1 PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, 40, 90]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# ---------------------------------------------------------------- the canary edition
@dataclass(frozen=True)
class Entry:
    """One innovation of the canary edition, its scores, and the level it must win."""

    code: str
    proposal: str
    presentation: str | None
    level: int | None
    canary: str | None = None

    @property
    def final(self) -> Decimal:
        if self.presentation is None:
            return Decimal(self.proposal)
        value = (40 * Decimal(self.proposal) + 60 * Decimal(self.presentation)) / 100
        return value.quantize(Decimal("0.01"))


# Names chosen so that the alphabet (the finalists slide's order) is not the ranking.
MAIN_ENTRIES = [
    Entry("A1", "88.37", "95.29", 1, "KANARI-Mawar-J1-{}-7f3a"),
    Entry("A2", "90.11", "87.47", 2, "KANARI-Anggrek-J2-{}-7f3a"),
    Entry("A3", "83.57", "86.13", 3, "KANARI-Kenanga-J3-{}-7f3a"),
    Entry("A4", "80.21", "79.67", None, "KANARI-Dahlia-F4-{}-7f3a"),  # a finalist, no award
    Entry("A5", "71.39", None, None),  # not a finalist
]
OTHER_ENTRIES = [
    Entry("B1", "86.83", "93.71", 1, "KANARI-LAMA-Melati-J1-{}-c0de"),
    Entry("B2", "84.47", "89.09", 2, "KANARI-LAMA-Teratai-J2-{}-c0de"),
    Entry("B3", "82.23", "84.61", 3, "KANARI-LAMA-Cempaka-J3-{}-c0de"),
]


def score_texts(value: Decimal | str) -> set[str]:
    """Return a score as both screens write it: "81,91" and "81.91"."""
    text = f"{Decimal(value).quantize(Decimal('0.01'))}"
    assert format_number(Decimal(text), lang="id") == text.replace(".", ",")
    return {text, text.replace(".", ",")}


def seed(session, code: str, entries: list[Entry], created_at: datetime) -> dict[str, int]:
    """Add an edition with the entries, fully judged; return innovation ids by code."""
    edition = add_edition(session, code, name=f"KIPP Uji {code}", ceremony_date=date(2099, 12, 29))
    edition.created_at = created_at
    juror = add_juror(session, edition, f"J-{code}")
    found = {}
    for entry in entries:
        unit = add_unit(session, f"U-{code}-{entry.code}")
        innovation = add_innovation(session, edition, entry.code, unit)
        if entry.canary:
            unit.name = entry.canary.format("UNIT")
            innovation.title = entry.canary.format("TITLE")
            innovation.innovator = entry.canary.format("INNOVATOR")
        add_sheet(
            session, edition, juror, innovation, "proposal", full_sheet("proposal", entry.proposal)
        )
        if entry.presentation is not None:
            add_sheet(
                session,
                edition,
                juror,
                innovation,
                "presentation",
                full_sheet("presentation", entry.presentation),
            )
        found[entry.code] = innovation.id
    session.flush()
    return found


def approve_with_photos(session, code: str, entries: list[Entry]) -> None:
    """Approve the edition's results (checking the awards) and give finalists photos."""
    snapshot = ceremony.approve(session, code, by="panitia")
    awards = {row["code"]: (row["award"], row["final_score"]) for row in snapshot.rows}
    for entry in entries:
        assert awards[entry.code][0] == entry.level, entry.code
        assert Decimal(awards[entry.code][1]) == entry.final, entry.code
        if entry.presentation is not None:
            ceremony.set_photo(session, code, entry.code, tiny_png(len(entry.code) * 40))


@dataclass
class Secret:
    """Strings that tell something about one innovation of an edition."""

    edition: str
    entry: Entry

    @property
    def title(self) -> str:
        return self.entry.canary.format("TITLE")

    @property
    def public(self) -> set[str]:
        """Title and unit: public as a finalist, but never with a rank before the reveal."""
        return {self.title, self.entry.canary.format("UNIT")}

    @property
    def embargoed(self) -> set[str]:
        """The innovator and the final score: secret until the level is revealed."""
        return {self.entry.canary.format("INNOVATOR"), *score_texts(self.entry.final)}

    @property
    def never(self) -> set[str]:
        """Stage scores: no screen ever shows them."""
        stages = [self.entry.proposal, self.entry.presentation]
        return {text for value in stages if value is not None for text in score_texts(value)}


def _number_pattern(texts: set[str]) -> re.Pattern[str]:
    """Match any of the texts, a number only when it stands alone."""
    parts = []
    for item in sorted(texts, key=len, reverse=True):
        escaped = re.escape(item)
        parts.append(rf"(?<![\d.,]){escaped}(?!\d)" if item[0].isdigit() else escaped)
    return re.compile("|".join(parts))


def find(texts: set[str], body: str) -> list[str]:
    """Return which of the texts the body holds."""
    return sorted(set(_number_pattern(texts).findall(body))) if texts else []


# ---------------------------------------------------------------- the served app
@dataclass
class Hall:
    """The canary editions served, with a screen's token and clients per role."""

    app: Dash
    engine: Engine
    token: str
    ids: dict[str, dict[str, int]]
    clients: dict[str | None, FlaskClient] = field(default_factory=dict)

    def move(self, step: str) -> None:
        """Move the main edition's reveal to a step (forwards or backwards)."""
        with transaction(self.engine) as session:
            state = ceremony.get_state(session, MAIN)
            order = state.steps
            while state.step != step:
                mover = (
                    ceremony.advance
                    if order.index(step) > order.index(state.step)
                    else ceremony.back
                )
                state = mover(session, MAIN, by="panitia")
        assert self.step() == step

    def step(self) -> str:
        with transaction(self.engine) as session:
            return ceremony.get_state(session, MAIN).step


def build_hall(db_url: str, tmp_path, *, approve: bool = True, **settings) -> Hall:
    engine = make_engine(db_url)
    with transaction(engine) as session:
        found = {
            OTHER: seed(session, OTHER, OTHER_ENTRIES, datetime(2021, 11, 1, tzinfo=UTC)),
            MAIN: seed(session, MAIN, MAIN_ENTRIES, datetime(2022, 11, 1, tzinfo=UTC)),
        }
        token = create_token(session, "TV Pendopo", MAIN)  # the screen of MAIN's ceremony
    with transaction(engine) as session:
        # The other edition: approved too, but its reveal never starts.
        approve_with_photos(session, OTHER, OTHER_ENTRIES)
        if approve:
            approve_with_photos(session, MAIN, MAIN_ENTRIES)
    add_accounts(engine)
    server = create_app(
        Settings(
            database_url=db_url, secret_key="test-embargo", instance_dir=str(tmp_path), **settings
        )
    )
    return Hall(dash_apps(server).dashboard, engine, token, found)


def sign_in(hall: Hall) -> None:
    """Give the hall its clients: a screen (it opened its token address) and accounts."""
    hall.clients = {
        "kiosk": hall.app.server.test_client(),
        "viewer": client_as(hall.app.server, "viewer"),
        None: client_as(hall.app.server, None),
        "admin": client_as(hall.app.server, "admin"),
    }
    assert hall.clients["kiosk"].get(kiosk_url(hall.token)).status_code == 200


@pytest.fixture
def hall(db_url, tmp_path) -> Iterator[Hall]:
    hall = build_hall(db_url, tmp_path)
    sign_in(hall)
    yield hall
    hall.app.server.extensions[EXTENSION_KEY].dispose()
    hall.engine.dispose()


# ---------------------------------------------------------------- collecting responses
@dataclass
class Answer:
    """One response: what was asked, its status, its text, and which edition it is about."""

    what: str
    status: int
    text: str
    edition: str  # MAIN, or another code (the default edition is MAIN)
    static: bool = False  # a file from the assets folder: the same for everyone


def _signal(lang: str | None, slides: str | None, edition: str | None, n: int) -> dict:
    query = "&".join(
        f"{k}={v}" for k, v in (("lang", lang), ("edition", edition), ("slides", slides)) if v
    )
    return {"v": f"probe-{n}", "search": f"?{query}" if query else "", "n": n}


def _frame_body(signal: dict) -> dict:
    return {
        "output": FRAME_KEY,
        "outputs": {"id": ids.KIOSK_FRAME, "property": "children"},
        "inputs": [{"id": ids.KIOSK_SIGNAL, "property": "data", "value": signal}],
        "state": [],
        "changedPropIds": [f"{ids.KIOSK_SIGNAL}.data"],
    }


def _get(client: FlaskClient, path: str) -> tuple[int, bytes]:
    response = client.get(path)
    data = response.get_data()
    response.close()  # files are streamed
    return response.status_code, data


ASSET = re.compile(r"""(?:src|href)="(/kiosk/(?:assets/[^"?]+|_favicon\.ico)[^"]*)\"""")


def collect(hall: Hall, role: str | None) -> list[Answer]:
    """Return every answer the kiosk gives this client now."""
    client = hall.clients[role]
    answers: list[Answer] = []

    def get(path: str, edition: str = MAIN, *, static: bool = False) -> str:
        status, data = _get(client, path)
        text = data.decode("utf-8", errors="replace")
        answers.append(Answer(f"GET {path}", status, text, edition, static))
        return text

    pages = ["/kiosk", "/kiosk/", "/kiosk?lang=en", f"/kiosk?edition={MISSING}"]
    if role == "kiosk":
        # The screen reloading its address (it carries the token), in both languages.
        pages += [kiosk_url(hall.token), kiosk_url(hall.token) + f"&lang=en&slides={SLIDES}"]
    else:
        # A well-formed token of no screen: refused, and it ends no session.
        pages.append(kiosk_url("Z" * 43))
    for path in pages:
        get(path, MISSING if MISSING in path else MAIN)
    page_html = "".join(a.text for a in answers)
    for path in ("/kiosk/_dash-layout", "/kiosk/_dash-dependencies"):
        get(path)

    def shown(edition: str | None) -> str:
        # A token's screen shows its own edition whatever its URL asks for.
        return MAIN if role == "kiosk" else edition or MAIN

    for edition in (None, MAIN, OTHER, MISSING):
        query = f"?edition={edition}&shown=all" if edition else ""
        get(f"/kiosk/api/state{query}", shown(edition))
    # Every kind of frame kiosk.js may ask for.
    n = 0
    for lang in ("id", "en", None):
        for slides in (SLIDES, None, "finalists:5"):
            for edition in (None, MAIN, OTHER, MISSING):
                n += 1
                signal = _signal(lang, slides, edition, n)
                response = client.post("/kiosk/_dash-update-component", json=_frame_body(signal))
                answers.append(
                    Answer(
                        f"frame {signal['search'] or '(default)'}",
                        response.status_code,
                        response.get_data(as_text=True),
                        shown(edition),
                    )
                )
    assets = sorted(set(ASSET.findall(page_html)))
    if role is not None:
        assert any("/kiosk/assets/kiosk.js" in a for a in assets), assets
        assert any("/kiosk/assets/kiosk.css" in a for a in assets), assets
    for path in assets:
        get(path, static=True)
    get("/kiosk-sw.js", static=True)
    return answers


# ---------------------------------------------------------------- the checks
def secrets_of(entries: list[Entry], edition: str) -> dict[int | None, list[Secret]]:
    found: dict[int | None, list[Secret]] = {}
    for entry in entries:
        if entry.canary:
            found.setdefault(entry.level, []).append(Secret(edition, entry))
    return found


MAIN_SECRETS = secrets_of(MAIN_ENTRIES, MAIN)
OTHER_SECRETS = secrets_of(OTHER_ENTRIES, OTHER)


def revealed_levels(step: str) -> set[int]:
    return {level for level, at in REVEALED_AT.items() if STEPS.index(step) >= STEPS.index(at)}


def check(answers: list[Answer], step: str, role: str | None, revealed: set[int]) -> list[str]:
    """Return every leak in the answers, as readable lines."""
    leaks = []
    winners = [s for level in (1, 2, 3) for s in MAIN_SECRETS[level]]
    non_winner = MAIN_SECRETS[None]
    others = [s for group in OTHER_SECRETS.values() for s in group]
    for answer in answers:
        where = f"{answer.what} as {role} at {step}"
        forbidden: set[str] = set()
        # Never: stage scores, a non-winner's score and innovator, the other edition's
        # innovators and scores (its reveal never started).
        for secret in [*winners, *non_winner, *others]:
            forbidden |= secret.never
        for secret in [*non_winner, *others]:
            forbidden |= secret.embargoed
        for level in (1, 2, 3):
            for secret in MAIN_SECRETS[level]:
                shown = role is not None and level in revealed and answer.edition == MAIN
                if not shown:
                    forbidden |= secret.embargoed
                if answer.edition != MAIN:
                    # Another edition's frame shows none of ours. (Units are shared by
                    # every edition: the participation slide may name them.)
                    forbidden.add(secret.title)
        if role is None:
            # Anonymous gets no slide at all.
            for secret in [*winners, *non_winner, *others]:
                forbidden |= secret.public
        leaks += [f"{where}: {text}" for text in find(forbidden, answer.text)]
        if answer.static:
            continue
        # The rank association: an award's label only from its step on, and never next to
        # a winner not yet revealed.
        labelled = False
        for level, label in LABELS.items():
            if label.search(answer.text):
                labelled = True
                if role is None or level not in revealed or answer.edition != MAIN:
                    leaks.append(f"{where}: the label of Juara {level}")
        if labelled:
            hidden = {t for lvl in (1, 2, 3) if lvl not in revealed for t in _public(lvl)}
            leaks += [f"{where}: {text} beside an award" for text in find(hidden, answer.text)]
    return leaks


def _public(level: int) -> set[str]:
    return {text for secret in MAIN_SECRETS[level] for text in secret.public}


def _frames(answers: list[Answer], lang: str, edition: str = MAIN) -> str:
    prefix = f"frame ?lang={lang}"
    return "".join(
        a.text
        for a in answers
        if a.what.startswith(prefix) and a.edition == edition and a.status == 200
    )


def check_statuses(answers: list[Answer], role: str | None) -> None:
    for answer in answers:
        where = f"{answer.what} as {role}"
        # A frame without a session is refused before Dash reads it (dashboard/limits.py).
        if answer.what.startswith(("frame", "GET /kiosk/api/state")):
            assert answer.status == (401 if role is None else 200), where
        elif answer.what.startswith(f"GET {kiosk_url('')}"):
            expected = 200 if role == "kiosk" else 403
            assert answer.status == expected, where
        elif answer.what.startswith("GET /kiosk?") or answer.what.rstrip("/") == "GET /kiosk":
            assert answer.status == (302 if role is None else 200), where
        else:
            assert answer.status == 200, where


def check_photos(hall: Hall, revealed: set[int], where: str) -> list[str]:
    """Return what is wrong with the photos (admins always; others once revealed)."""
    problems = []
    for code, entries in ((MAIN, MAIN_ENTRIES), (OTHER, OTHER_ENTRIES)):
        for entry in entries:
            if entry.presentation is None:
                continue
            path = f"/kiosk/photo/{hall.ids[code][entry.code]}"
            shown = code == MAIN and entry.level in revealed
            for role in ("admin", "kiosk", "viewer", None):
                status, data = _get(hall.clients[role], path)
                expected = (
                    200 if role == "admin" or (role and shown) else 401 if role is None else 404
                )
                if status != expected or (status == 200) != data.startswith(b"\x89PNG"):
                    problems.append(
                        f"GET {path} ({code} {entry.code}) as {role} at {where}: {status}"
                    )
    return problems


def check_shown(frames_id: str, frames_en: str, step: str, revealed: set[int]) -> None:
    """The checks look at real content: each screen shows what it should."""
    if step == "rotation":
        # Finalists are public: their titles, in alphabetical order, no rank.
        titles = [s.title for level in (None, 1, 2, 3) for s in MAIN_SECRETS[level]]
        assert sorted(titles) != titles
        positions = [frames_id.find(title) for title in sorted(titles)]
        assert -1 not in positions and positions == sorted(positions), positions
    for level in revealed:
        (secret,) = MAIN_SECRETS[level]
        if step in (REVEALED_AT[level], "all"):
            assert secret.title in frames_id, (step, level)
            assert LABELS[level].search(frames_id) and LABELS[level].search(frames_en)
        if step == REVEALED_AT[level]:
            assert secret.entry.canary.format("INNOVATOR") in frames_id, (step, level)
            final = f"{secret.entry.final}"
            assert final.replace(".", ",") in frames_id and final in frames_en


def check_everything(hall: Hall, step: str, revealed: set[int], label: str = "") -> None:
    """Collect every answer for each client at this step; fail on any leak."""
    where = label or step
    leaks = []
    collected = {}
    for role in CLIENTS:
        collected[role] = collect(hall, role)
        leaks += check(collected[role], where, role, revealed)
    leaks += check_photos(hall, revealed, where)
    assert leaks == [], "\n".join(leaks[:40])
    for role, answers in collected.items():
        check_statuses(answers, role)
        if role is not None:
            check_shown(_frames(answers, "id"), _frames(answers, "en"), step, revealed)
        if role not in (None, "kiosk"):  # a logged-in preview may name a missing edition
            missing = _frames(answers, "id", MISSING)
            assert "Belum ada edisi untuk ditampilkan" in missing


# ---------------------------------------------------------------- the tests
def test_the_canaries_are_distinct():
    texts: list[str] = []
    for entries in (MAIN_ENTRIES, OTHER_ENTRIES):
        for secret in (s for group in secrets_of(entries, "x").values() for s in group):
            texts += [*secret.public, *secret.embargoed, *secret.never]
    assert len(texts) == len(set(texts))
    assert find({"81.91"}, "Nilai 81.91") == ["81.91"]
    assert find({"81.91"}, "181.91 81.912 1.81.91 81,91") == []


def test_no_response_tells_a_winner_before_its_reveal(hall):
    # Before the reveal starts, and then every step, forwards.
    for step in STEPS:
        if step != "rotation":
            hall.move(step)
        check_everything(hall, step, revealed_levels(step))
    # Back and reset take the winners off the screens again.
    hall.move("award-3")
    check_everything(hall, "award-3", {3}, "award-3 (back)")
    with transaction(hall.engine) as session:
        ceremony.reset(session, MAIN, by="panitia")
    check_everything(hall, "rotation", set(), "rotation (reset)")


def test_no_winner_before_approval(db_url, tmp_path):
    """Judging complete but results not approved: only the slide rotation, no winner."""
    hall = build_hall(db_url, tmp_path, approve=False)
    try:
        sign_in(hall)
        with transaction(hall.engine) as session:
            for entry in MAIN_ENTRIES:
                if entry.presentation is not None:
                    ceremony.set_photo(session, MAIN, entry.code, tiny_png(200))
        check_everything(hall, "rotation", set(), "rotation (not approved)")
        with transaction(hall.engine) as session:
            ceremony.advance(session, MAIN, by="panitia")  # the splash needs no approval
        with transaction(hall.engine) as session, pytest.raises(ceremony.CeremonyError):
            ceremony.advance(session, MAIN, by="panitia")
        check_everything(hall, "splash", set(), "splash (not approved)")
    finally:
        hall.app.server.extensions[EXTENSION_KEY].dispose()
        hall.engine.dispose()


# ---------------------------------------------------------------- in a real browser
@pytest.mark.browser
def test_the_browser_gets_no_winner_before_its_reveal(sqlite_url, tmp_path, live_dash, page):
    hall = build_hall(sqlite_url, tmp_path, kiosk_poll_ms=250)
    bodies: list[tuple[str, str]] = []

    def record(response) -> None:
        try:
            body = response.body().decode("utf-8", errors="replace")
        except Exception as exc:  # a redirect has no body to read
            body = f"<no body: {exc}>"
        bodies.append((response.url, body))

    def record_request(request) -> None:
        bodies.append((f"request {request.url}", request.post_data or ""))

    page.on("response", record)
    page.on("request", record_request)
    try:
        url = live_dash(hall.app.server)
        page.goto(url + kiosk_url(hall.token))
        checked = 0

        def check_now(step: str, revealed: set[int]) -> str:
            """Check the DOM and every body received since the last check; return the DOM."""
            nonlocal checked
            dom = page.content()
            received = bodies[checked:]
            checked += len(received)
            answers = [Answer("DOM", 200, dom, MAIN)]
            answers += [
                Answer(f"response {u}", 200, b, MAIN, static="/assets/" in u or "suites" in u)
                for u, b in received
            ]
            leaks = check(answers, step, "kiosk", revealed)
            assert leaks == [], "\n".join(leaks[:40])
            return dom

        for step in STEPS:
            if step != "rotation":
                hall.move(step)
            page.wait_for_selector(f'{BROWSER_FRAME}[data-step="{step}"]', timeout=10_000)
            revealed = revealed_levels(step)
            dom = check_now(step, revealed)
            # What the screen does show, so the check above looked at real content.
            for level in revealed:
                (secret,) = MAIN_SECRETS[level]
                if step in (REVEALED_AT[level], "all"):
                    assert secret.title in dom, (step, level)
                if step == REVEALED_AT[level]:
                    assert secret.entry.canary.format("INNOVATOR") in dom
                    assert f"{secret.entry.final}".replace(".", ",") in dom
                    photo = f"/kiosk/photo/{hall.ids[MAIN][secret.entry.code]}"
                    page.wait_for_function(
                        "p => [...document.images].some(i => i.complete && i.naturalWidth"
                        " && i.src.includes(p))",
                        arg=photo,
                        timeout=5_000,
                    )
        page.wait_for_timeout(600)  # a last poll or two
        check_now("all", revealed_levels("all"))
        # The bodies were really read: the frames are among them, with the winners at the end.
        frames = [b for u, b in bodies if "/kiosk/_dash-update-component" in u and " " not in u]
        assert frames and all(MAIN_SECRETS[level][0].title in frames[-1] for level in (1, 2, 3))
    finally:
        hall.app.server.extensions[EXTENSION_KEY].dispose()
        hall.engine.dispose()
