"""The rehearsal, end to end: /kendali in one window, /kiosk in another, real gunicorn.

As the committee would on the demo edition: the kiosk rotates, the committee finishes
the demo judging and approves on /kendali, clicks through III -> II -> I -> all with a
clicker's keys, and the server is stopped and started in the middle. The kiosk follows
each step within a second of the control page showing it, carries on after the restart,
and no response it ever got names a winner before that winner's step.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from data_access.ceremony import get_state
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.kiosks import create_token, kiosk_url
from tests.serving import Gunicorn
from tests.traffic import ACCESS_LOG_ARGS, FIRST_FRAME_MS, traffic_on_failure
from tests.web import PASSWORD, ROLE_USER, add_accounts

pytestmark = pytest.mark.browser
FRAME = "#kiosk-frame .kiosk-frame-inner"


@dataclass
class Rehearsal:
    server: Gunicorn
    engine: object
    kiosk_path: str


@pytest.fixture
def rehearsal(demo_url, tmp_path) -> Iterator[Rehearsal]:
    engine = make_engine(demo_url)
    add_accounts(engine)
    with transaction(engine) as session:
        path = kiosk_url(create_token(session, "TV Pendopo"))
    server = Gunicorn(
        demo_url,
        tmp_path,
        log=tmp_path / "gunicorn.log",
        env={"GUNICORN_CMD_ARGS": ACCESS_LOG_ARGS},
    )
    server.start()
    yield Rehearsal(server, engine, path)
    server.stop()
    engine.dispose()


@pytest.fixture(autouse=True)
def traffic(request, browser, monkeypatch, tmp_path):
    """On a failure, print what the browser asked and got, and gunicorn's access log."""
    with traffic_on_failure(request, browser, monkeypatch, tmp_path / "gunicorn.log") as seen:
        yield seen


class Recorder:
    """Every response body a browser context received, for the embargo check."""

    def __init__(self, context: BrowserContext) -> None:
        self.bodies: list[str] = []
        context.on("response", self._keep)

    def _keep(self, response) -> None:
        # The same static files for everyone (scripts, styles) hold no data, but their
        # minified numbers can match a score by chance ("84,92" is in a polyfill bundle).
        if "/_dash-component-suites/" in response.url or "/assets/" in response.url:
            return
        with contextlib.suppress(Exception):  # a redirect or an aborted request has no body
            self.bodies.append(response.text())

    def contains(self, text: str) -> bool:
        return any(text in body for body in self.bodies)


def _step(engine) -> str:
    with transaction(engine) as session:
        return get_state(session, DEMO_CODE).step


def _winners(engine) -> dict[int, dict]:
    with transaction(engine) as session:
        snapshot = get_state(session, DEMO_CODE).snapshot
    assert snapshot is not None
    return {level: snapshot.winners(level)[0] for level in (1, 2, 3)}


def _score_texts(value: str) -> list[str]:
    score = Decimal(value).quantize(Decimal("0.01"))
    return [f"{score}".replace(".", ","), f"{score}"]


def _secret(winner: dict) -> list[str]:
    """What must stay unsent until the winner's step: the innovator and the final score."""
    return [winner["innovator"], *_score_texts(winner["final_score"])]


def _login(page: Page, url: str) -> None:
    page.goto(f"{url}/login?next=/kendali")
    page.fill("#username", ROLE_USER["admin"])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#control-next")).to_be_visible(timeout=15000)


def test_rehearsal_with_a_clicker_and_a_restart(rehearsal, browser: Browser, artifacts_dir):
    size = {"width": 1920, "height": 1080}
    # Reduced motion: each award is drawn at once, as it stands after its fade-in.
    kiosk_context = browser.new_context(viewport=size, reduced_motion="reduce")
    recorder = Recorder(kiosk_context)
    kiosk = kiosk_context.new_page()
    control_context = browser.new_context(viewport=size)
    control = control_context.new_page()
    browser_dialogs: list[str] = []
    control.on("dialog", lambda dialog: (browser_dialogs.append(dialog.message), dialog.dismiss()))

    kiosk.goto(rehearsal.server.url + rehearsal.kiosk_path + "&slides=progress:3,finalists:3")
    expect(kiosk.locator(f'{FRAME}[data-step="rotation"]')).to_be_visible(timeout=FIRST_FRAME_MS)
    expect(kiosk.locator(".kiosk-slide-finalists")).to_be_visible(timeout=10000)
    kiosk.screenshot(path=artifacts_dir / "rehearsal-kiosk-rotation.png")

    _login(control, rehearsal.server.url)
    # The control page lists the screen and what it shows.
    screens = control.locator("#control-screens")
    expect(screens).to_contain_text("TV Pendopo", timeout=10000)

    # The demo's last finalist is still being judged: finish it, then approve.
    control.click("#control-simulate")
    control.click("#control-simulate-confirm")  # the page asks first (a misclick changes scores)
    # Awards are decided as soon as each finalist has one complete sheet; the committee
    # waits for the whole jury (the rehearsal's message) before approving.
    expect(control.locator("#control-alert")).to_contain_text(
        "Penilaian demo selesai", timeout=30000
    )
    expect(control.locator("#control-approve")).to_be_enabled(timeout=15000)
    control.click("#control-approve")
    # The page's own dialog asks, never the browser's.
    control.click("#control-approve-confirm")
    expect(control.locator("#control-approval")).to_contain_text("Disetujui", timeout=15000)
    # Approved from the finished judging: the live results match the snapshot.
    expect(control.locator("#control-differences")).to_have_count(0)
    control.screenshot(path=artifacts_dir / "rehearsal-control-approved.png")
    winners = _winners(rehearsal.engine)

    def press(key: str, expected: str, level_shown: int | None = None) -> None:
        control.keyboard.press(key)
        expect(control.locator(f'#control-step[data-step="{expected}"]')).to_be_attached(
            timeout=5000
        )
        assert _step(rehearsal.engine) == expected
        # The kiosk follows within a second of the control page showing the step.
        expect(kiosk.locator(f'{FRAME}[data-step="{expected}"]')).to_be_visible(timeout=1000)
        kiosk.screenshot(path=artifacts_dir / f"rehearsal-kiosk-{expected}.png")
        if level_shown is not None:
            expect(kiosk.locator(".kiosk-winner-title").first).to_have_text(
                winners[level_shown]["title"]
            )

    def assert_embargo(revealed: set[int]) -> None:
        page_text = kiosk.content()
        # Two winners may share a final score (the simulated jury's scores are random, and
        # a seri is decided by the tie-breaks): a figure already revealed is no secret.
        shown = {text for level in revealed for text in _secret(winners[level])}
        for level, winner in winners.items():
            if level in revealed:
                continue
            for secret in set(_secret(winner)) - shown:
                assert secret not in page_text, f"Juara {level} shown early: {secret}"
                assert not recorder.contains(secret), f"Juara {level} sent early: {secret}"

    assert_embargo(set())
    press("ArrowRight", "splash")
    assert_embargo(set())
    press("ArrowRight", "award-3", 3)
    assert_embargo({3})

    # The laptop's server is stopped in the middle of the ceremony and started again.
    rehearsal.server.stop()
    expect(kiosk.locator("#kiosk-reconnect")).to_be_visible(timeout=5000)
    # The control page says so too: a press would otherwise seem to do nothing.
    expect(control.locator("#kipp-offline")).to_be_visible(timeout=5000)
    expect(control.locator("#kipp-offline")).to_have_text(
        "Server tidak terjangkau — menyambung ulang…"
    )
    expect(kiosk.locator(f'{FRAME}[data-step="award-3"]')).to_be_visible()
    kiosk.screenshot(path=artifacts_dir / "rehearsal-kiosk-reconnecting.png")
    rehearsal.server.start()
    expect(kiosk.locator("#kiosk-reconnect")).to_be_hidden(timeout=10000)
    expect(control.locator("#kipp-offline")).to_be_hidden(timeout=10000)
    expect(control.locator('#control-step[data-step="award-3"]')).to_be_attached(timeout=15000)

    press("PageDown", "award-2", 2)
    assert_embargo({3, 2})
    press(" ", "award-1", 1)
    assert_embargo({3, 2, 1})
    press("ArrowRight", "all")
    control.screenshot(path=artifacts_dir / "rehearsal-control-all.png")
    for level in (1, 2, 3):
        expect(kiosk.locator(f".kiosk-podium.level-{level}")).to_contain_text(
            winners[level]["title"]
        )
    press("ArrowLeft", "award-1", 1)
    press("PageUp", "award-2", 2)
    expect(screens).to_contain_text("Juara II", timeout=10000)
    kiosk_context.close()
    control_context.close()
