"""Hostile names in a real Chromium: every page, figure hover and kiosk step shows them as text.

The edition of tests/hostile.py (script tags, <img onerror>, javascript: links, Markdown
links, plotly templates and tags, Jinja, formulas, right-to-left overrides, 500-character
words in every name the product shows) is served by the production command (gunicorn)
and opened as the committee would: each page (and English), the figures hovered point
by point, the control page naming the next winner, then a ceremony screen through its
rotation and every step of the reveal.

The browser context bypasses the Content-Security-Policy on purpose: what is tested is
that nothing is injected in the first place, not that the policy stopped it. At every
view: window.__xss is unset, no dialog opened, no element of the payloads exists, every
payload expected there is in the text (and the hover labels) as typed, the page is no
wider than the screen, and each right-to-left override reverses only its own name.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import Engine

from dashboard import ids
from dashboard.builders.summary import SUMMARY_STATUS
from dashboard.ids import (
    CONTROL_PRIZE_1,
    CONTROL_PRIZE_2,
    CONTROL_PRIZE_3,
    CONTROL_STATUS,
    CONTROL_STEP,
)
from data_access.db import make_engine
from data_access.kiosks import kiosk_url
from tests import hostile
from tests.hostile import ENTRIES, JURORS, KIND, PRIZES, RLO
from tests.kiosk_fit import after_the_fit
from tests.serving import Gunicorn
from tests.traffic import FIRST_FRAME_MS
from tests.web import PASSWORD, ROLE_USER, add_accounts

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
TV = {"width": 1920, "height": 1080}
SHOTS = Path(tempfile.gettempdir()) / "kipp-xss"
UPDATED = re.compile(r"\d\d[.:]\d\d")
FRAME = "#kiosk-frame .kiosk-frame-inner"
EDITION = hostile.EDITION_NAME
WINNERS = {entry.award: entry for entry in ENTRIES if entry.award}
FINALISTS = [entry for entry in ENTRIES if entry.presentation is not None]
JUROR_CODES = {code for code, _name, _group in JURORS}
JUROR_TEXTS = {text for juror in JURORS for text in juror}
INNOVATION_CODES = {entry.code for entry in ENTRIES}

# What injected markup would leave behind: all of it stays at zero.
INJECTED = r"""() => {
  const attrs = ["href", "src", "action", "formaction", "xlink:href"];
  const javascript = [...document.querySelectorAll("*")].filter((el) =>
    attrs.some((a) => /^\s*javascript:/i.test(el.getAttribute(a) || ""))
  );
  return {
    xss: typeof window.__xss === "undefined" ? null : String(window.__xss),
    img_x: document.querySelectorAll('img[src="x"]').length,
    onerror: document.querySelectorAll("[onerror]").length,
    javascript_urls: javascript.length,
    scripts: [...document.scripts].filter((s) => s.text.includes("__xss")).length,
    figure_links: document.querySelectorAll("svg a").length,
  };
}"""
CLEAN = {
    "xss": None,
    "img_x": 0,
    "onerror": 0,
    "javascript_urls": 0,
    "scripts": 0,
    "figure_links": 0,
}

# Each right-to-left override must reverse only its own name. An override inside an
# FSI...PDI isolate of its text is closed there. Otherwise (HTML only) its text must be
# alone in its nearest isolating element (a <bdi>, or unicode-bidi isolate/plaintext),
# and what follows the override in it must be the rest of that same name.
OVERRIDES = r"""(names) => {
  const problems = [];
  const isolating = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const bidi = getComputedStyle(e).unicodeBidi;
      if (e.tagName === "BDI" || ["isolate", "plaintext", "isolate-override"].includes(bidi)) {
        return e;
      }
    }
    return document.body;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let checked = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue;
    const el = node.parentElement;
    if (!text.includes("\u202e") || !el.getClientRects().length) continue;
    checked += 1;
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if ("\u2066\u2067\u2068".includes(c)) depth += 1;
      else if (c === "\u2069") depth = Math.max(0, depth - 1);
      else if (c === "\u202e" && depth === 0) {
        const box = isolating(el);
        const rest = text.slice(i);
        const ok = !el.closest("svg") && box.textContent === text
          && names.some((n) => n.endsWith(rest));
        if (!ok) {
          problems.push(`${el.tagName}.${el.getAttribute("class") || ""} in ${box.tagName}: `
            + JSON.stringify(text.slice(0, 80)));
        }
      }
    }
  }
  return {checked, problems};
}"""

SEEN = """() => ({
  text: document.body.innerText,
  svg: [...document.querySelectorAll("svg text")].map((t) => t.textContent).join("\\n"),
  width: [document.documentElement.scrollWidth, window.innerWidth],
  height: [document.documentElement.scrollHeight, window.innerHeight],
})"""


@dataclass
class Hall:
    """The hostile edition served by gunicorn, one browser context, the dialogs it saw."""

    server: Gunicorn
    engine: Engine
    token: str
    context: BrowserContext
    page: Page
    dialogs: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> Page:
        """Record (and dismiss) every dialog the page opens."""
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        return page


@pytest.fixture(scope="module")
def hall(sqlite_template, tmp_path_factory, browser: Browser) -> Iterator[Hall]:
    """Serve the hostile edition; log the committee in once, in a context that bypasses CSP."""
    folder = tmp_path_factory.mktemp("xss")
    shutil.copyfile(sqlite_template, folder / "kipp.sqlite3")
    url = f"sqlite:///{folder / 'kipp.sqlite3'}"
    engine = make_engine(url)
    token = hostile.seed_hostile(engine)
    add_accounts(engine)
    server = Gunicorn(url, folder)
    server.start()
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    try:
        hall = Hall(server, engine, token, context, context.new_page())
        hall.watch(hall.page)
        hall.page.goto(f"{server.url}/login")
        hall.page.fill("#username", ROLE_USER["admin"])
        hall.page.fill("#password", PASSWORD)
        hall.page.click("button[type=submit]")
        expect(hall.page).to_have_url(f"{server.url}/")
        yield hall
    finally:
        context.close()
        server.stop()
        engine.dispose()


def check_view(hall: Hall, page: Page, where: str, expected: set[str]) -> dict:
    """Assert nothing ran or was injected, the texts are as typed, no sideways scroll, bidi."""
    assert page.evaluate(INJECTED) == CLEAN, where
    assert hall.dialogs == [], f"{where}: a dialog opened: {hall.dialogs}"
    seen = page.evaluate(SEEN)
    shown = seen["text"] + "\n" + seen["svg"]
    missing = sorted(text[:60] for text in expected if text not in shown)
    assert missing == [], f"{where}: not shown as typed: {missing}"
    assert seen["width"][0] <= seen["width"][1], f"{where}: wider than the screen {seen['width']}"
    bidi = page.evaluate(OVERRIDES, sorted(hostile.all_texts()))
    assert bidi["problems"] == [], f"{where}: an override reverses other text: {bidi['problems']}"
    if any(RLO in text for text in expected):
        assert bidi["checked"], f"{where}: no override on screen to check"
    return seen


def shot(page: Page, name: str) -> None:
    """Save a screenshot of the view to look at, in SHOTS."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=page.viewport_size != TV)


def _texts(entries, *fields: str) -> set[str]:
    return {getattr(entry, name) for entry in entries for name in fields}


# ---------------------------------------------------------------- the pages
LACKING_A_GROUP = ENTRIES[hostile.PARTIAL_JUROR_SCORES :]  # the third juror's group never saw them
PROGRESS = {EDITION, *JUROR_TEXTS, *INNOVATION_CODES, *_texts(LACKING_A_GROUP, "code", "title")}
PARTICIPATION = {EDITION, KIND, *_texts(ENTRIES, "unit")}
RANKING = {EDITION, *JUROR_TEXTS, *_texts(ENTRIES, "code", "title")}
SUMMARY = {EDITION, hostile.OLD_NAME, *_texts(WINNERS.values(), "title", "unit", "innovator")}
# Both stages' tabs hold a heat map: the proposal tab's is the one shown.
HEATMAP = f"#{ids.PROGRESS_HEATMAP}:visible"
SEVERITY = f"#{ids.RANKING_SEVERITY}"
KINDS = f"#{ids.PARTICIPATION_KINDS}"
# (address, its status badge, the figure it draws, what it must show, a name)
VIEWS = [
    ("/", ids.PROGRESS_STATUS, HEATMAP, PROGRESS, "xb01-progress"),
    ("/?lang=en", ids.PROGRESS_STATUS, HEATMAP, PROGRESS, "xb01-progress-en"),
    ("/partisipasi", ids.PARTICIPATION_STATUS, KINDS, PARTICIPATION, "xb01-participation"),
    ("/peringkat", ids.RANKING_STATUS, SEVERITY, RANKING, "xb01-ranking"),
    ("/peringkat?lang=en", ids.RANKING_STATUS, SEVERITY, RANKING, "xb01-ranking-en"),
    ("/jadwal", ids.SCHEDULE_STATUS, None, {EDITION}, "xb01-schedule"),
    ("/ringkasan", SUMMARY_STATUS, None, SUMMARY, "xb01-summary"),
    ("/kendali", CONTROL_STATUS, None, {EDITION}, "xb01-control"),
]


def open_view(hall: Hall, path: str, status: str, graph: str | None) -> Page:
    """Open a page and wait until its data has arrived and its figure has drawn its axes."""
    page = hall.page
    page.goto(hall.server.url + path)
    expect(page.locator(f"#{status}")).to_have_text(UPDATED, timeout=20_000)
    expect(page.locator(".kipp-title").first).to_be_visible()
    if graph is not None:
        expect(page.locator(f"{graph} .ytick text").first).to_be_attached(timeout=20_000)
    return page


@pytest.mark.parametrize(
    ("path", "status", "graph", "expected", "name"), VIEWS, ids=[v[-1] for v in VIEWS]
)
def test_xb01_every_page_shows_hostile_names_as_text(hall, path, status, graph, expected, name):
    page = open_view(hall, path, status, graph)
    check_view(hall, page, path, expected)
    if path == "/":
        # The navbar's menu of editions lists the older one's long name as typed.
        page.locator(".kipp-edition-menu .dropdown-toggle").click()
        expect(page.locator(".kipp-edition-menu .dropdown-item").first).to_be_visible()
        check_view(hall, page, f"{path} (menu of editions)", {hostile.OLD_NAME})
        page.screenshot(path=str(SHOTS / f"{name}-menu.png"))
        page.keyboard.press("Escape")
    if path == "/kendali":
        # The prizes are form values: as typed too.
        fields = {1: CONTROL_PRIZE_1, 2: CONTROL_PRIZE_2, 3: CONTROL_PRIZE_3}
        for level, prize in PRIZES.items():
            expect(page.locator(f"#{fields[level]}")).to_have_value(prize)
    shot(page, name)


# ---------------------------------------------------------------- figures, hovered
# A point to hover: (selector, which match, cell, (columns, rows)): the centre of that cell
# of a grid laid over the element (a heat map's cells have no element of their own).
Target = tuple[str, int, int, tuple[int, int]]


def hover_labels(page: Page, graph: str, targets: list[Target]) -> list[str]:
    """Hover over each target in turn and return the hover labels the figure showed."""
    labels = []
    for selector, index, cell, cells in targets:
        element = page.locator(selector).nth(index)
        element.scroll_into_view_if_needed()
        box = element.bounding_box()
        assert box is not None, selector
        column, row = divmod(cell, cells[1])
        x = box["x"] + (column + 0.5) * box["width"] / cells[0]
        y = box["y"] + (row + 0.5) * box["height"] / cells[1]
        # Off the figure first, so the label read below is this point's, not the last one's.
        label = page.locator(f"{graph} .hoverlayer .hovertext")
        page.mouse.move(0, 0)
        expect(label).to_have_count(0)
        page.mouse.move(x, y)
        expect(label.first).to_be_attached(timeout=2_000)
        labels += label.all_text_contents()
    return labels


def heatmap_cells(graph: str) -> list[Target]:
    """Return heat map cells to hover: one in every column, every row among them."""
    grid = (len(ENTRIES), len(JURORS))
    return [(f"{graph} .nsewdrag", 0, i * grid[1] + i % grid[1], grid) for i in range(grid[0])]


def bars(page: Page, graph: str) -> list[Target]:
    """Return every bar of a figure as a hover target."""
    selector = f"{graph} .trace.bars .point path"
    count = page.locator(selector).count()
    assert count, f"{graph}: no bar to hover"
    return [(selector, index, 0, (1, 1)) for index in range(count)]


FIGURES = [
    ("/", ids.PROGRESS_STATUS, HEATMAP, INNOVATION_CODES | JUROR_CODES, "heatmap"),
    ("/peringkat", ids.RANKING_STATUS, SEVERITY, JUROR_CODES, "severity"),
    ("/partisipasi", ids.PARTICIPATION_STATUS, KINDS, {KIND}, "kinds"),
]


@pytest.mark.parametrize(
    ("path", "status", "graph", "expected", "name"), FIGURES, ids=[f[-1] for f in FIGURES]
)
def test_xb02_figure_hover_labels_show_hostile_codes_as_text(
    hall, path, status, graph, expected, name
):
    page = open_view(hall, path, status, graph)
    targets = heatmap_cells(graph) if name == "heatmap" else bars(page, graph)
    labels = hover_labels(page, graph, targets)
    joined = "\n".join(labels)
    missing = sorted(text for text in expected if text not in joined)
    assert missing == [], f"{name}: hover labels do not show as typed: {missing}\n{labels}"
    # An override in a label is isolated in it; hovering injected nothing.
    for label in labels:
        if RLO in label:
            assert re.search("\u2068[^\u2069]*\u202e[^\u2069]*\u2069", label), label
    check_view(hall, page, f"{path} hovered", set())
    shot(page, f"xb02-{name}-hover")


# ---------------------------------------------------------------- the control page
def test_xb03_control_names_the_next_winner_as_text(hall):
    # At Juara III the presenter's hint names Juara II, whose title and unit hold overrides.
    hostile.move_reveal(hall.engine, "award-3")
    try:
        page = open_view(hall, "/kendali", CONTROL_STATUS, None)
        expect(page.locator(f'#{CONTROL_STEP}[data-step="award-3"]')).to_be_attached()
        second = WINNERS[2]
        expect(page.locator(".kipp-control-next-text")).to_contain_text(second.title)
        check_view(hall, page, "/kendali at award-3", {EDITION, second.title, second.unit})
        shot(page, "xb03-control-award-3")
    finally:
        hostile.move_reveal(hall.engine, "rotation")


# ---------------------------------------------------------------- the ceremony screen
KIOSK_STEPS = [
    ("splash", {EDITION}),
    *(
        (f"award-{level}", {*_texts([WINNERS[level]], "title", "unit", "innovator"), PRIZES[level]})
        for level in (3, 2, 1)
    ),
    ("all", _texts(WINNERS.values(), "title", "unit")),
]


# Boxes (not inline runs, which a line clamp cuts) that stick out of the slide's area.
OUTSIDE = """() => {
  const area = document.querySelector(".kiosk-stage-area").getBoundingClientRect();
  const out = [];
  for (const el of document.querySelectorAll(".kiosk-stage-area *")) {
    const r = el.getBoundingClientRect();
    if (getComputedStyle(el).display === "inline" || !r.width || !r.height) continue;
    if (r.top < area.top - 1 || r.bottom > area.bottom + 1
        || r.left < area.left - 1 || r.right > area.right + 1) {
      const box = [r.left, r.top, r.right, r.bottom].map(Math.round);
      out.push(`${el.tagName}.${el.className}: ${box}`);
    }
  }
  return out;
}"""


def check_screen(hall: Hall, page: Page, where: str, expected: set[str]) -> None:
    """Check a kiosk view as any page, and that all of it fits the 1920 x 1080 screen."""
    after_the_fit(page)
    shot(page, f"xb04-kiosk-{where}")
    seen = check_view(hall, page, where, expected)
    assert seen["height"][0] <= seen["height"][1], f"{where}: the screen scrolls {seen['height']}"
    assert page.evaluate(OUTSIDE) == [], f"{where}: content runs off the screen"


def test_xb04_ceremony_screen_shows_hostile_names_as_text(hall, browser: Browser):
    """The screen in its own browser, as on the TV: a token never takes a person's session."""
    # Reduced motion: each slide is drawn at once, as it stands after its fade-in.
    screen = browser.new_context(viewport=TV, bypass_csp=True, reduced_motion="reduce")
    try:
        _ceremony_screen_shows_hostile_names_as_text(hall, hall.watch(screen.new_page()))
    finally:
        screen.close()


def _ceremony_screen_shows_hostile_names_as_text(hall: Hall, page: Page) -> None:
    page.goto(hall.server.url + kiosk_url(hall.token) + "&slides=participation:3,finalists:3")
    expect(page.locator(f'{FRAME}[data-step="rotation"]')).to_be_visible(timeout=FIRST_FRAME_MS)
    expect(page.locator(".kiosk-slide-participation")).to_be_visible(timeout=10_000)
    check_screen(hall, page, "participation", {entry.unit[:120] for entry in ENTRIES})
    expect(page.locator(".kiosk-slide-finalists")).to_be_visible(timeout=10_000)
    check_screen(hall, page, "finalists", _texts(FINALISTS, "title", "unit"))
    for step, expected in KIOSK_STEPS:
        hostile.move_reveal(hall.engine, step)
        expect(page.locator(f'{FRAME}[data-step="{step}"]')).to_be_visible(timeout=10_000)
        check_screen(hall, page, step, expected)
