"""The reveal bench's browser: /kiosk in headless Chromium, noting when each step reaches the DOM.

A script added before the page's own notes, for every new `data-step` of the kiosk's
frame, the moment a MutationObserver saw it (the DOM shows the step) and the moment two
animation frames later (it has been painted), on the page's wall clock
(performance.timeOrigin + performance.now()). `clock_offset` measures that clock against
the bench's time.time(), so both sides of a round are read on one clock.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Root, no GPU, and no lookup leaves the machine (tests/conftest.py has the full list).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--window-size=1920,1080",
]
SCREEN = {"width": 1920, "height": 1080}
FRAME = "#kiosk-frame .kiosk-frame-inner"

STEP_WATCH = """
(() => {
  const clock = () => performance.timeOrigin + performance.now();
  const seen = (window.__kippSteps = []);
  let last = null;
  const look = () => {
    const root = document.querySelector(%(frame)s);
    const step = root && root.getAttribute("data-step");
    if (!step || step === last) return;
    last = step;
    const entry = [step, clock(), null];
    seen.push(entry);
    requestAnimationFrame(() => requestAnimationFrame(() => { entry[2] = clock(); }));
  };
  new MutationObserver(look).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-step"],
  });
})();
"""


@dataclass(frozen=True)
class Shown:
    """A step as the kiosk showed it, on the bench's clock (time.time())."""

    step: str
    dom_at: float  # the DOM carried the step
    painted_at: float  # two animation frames later


class KioskWatch:
    """The kiosk page, with the steps its frame showed."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.offset = clock_offset(page)

    def count(self) -> int:
        """Return how many steps the page has shown so far."""
        return int(self.page.evaluate("() => window.__kippSteps.length"))

    def wait_for(self, step: str, after: int, timeout_s: float) -> Shown | None:
        """Wait until a step shown after the first `after` is `step` and painted; return it."""
        try:
            self.page.wait_for_function(
                "([step, after]) => window.__kippSteps.slice(after)"
                ".some((e) => e[0] === step && e[2] !== null)",
                arg=[step, after],
                timeout=timeout_s * 1000,
            )
        except Exception:  # a timeout: the round counts as missed
            return None
        entries = self.page.evaluate("(after) => window.__kippSteps.slice(after)", after)
        for name, dom_ms, painted_ms in entries:
            if name == step and painted_ms is not None:
                return Shown(step, dom_ms / 1000 - self.offset, painted_ms / 1000 - self.offset)
        return None


def clock_offset(page: Page, tries: int = 7) -> float:
    """Return the page's wall clock less the bench's, from the quickest of a few round trips."""
    best = (float("inf"), 0.0)  # (round trip, offset)
    for _ in range(tries):
        before = time.time()
        at_ms = page.evaluate("() => performance.timeOrigin + performance.now()")
        after = time.time()
        if after - before < best[0]:
            best = (after - before, at_ms / 1000 - (before + after) / 2)
    return best[1]


def open_kiosk(browser, url: str, first_frame_s: float) -> KioskWatch:
    """Open the kiosk at 1920x1080 and wait for its first frame; return its watch."""
    context = browser.new_context(viewport=SCREEN, screen=SCREEN)
    context.add_init_script(STEP_WATCH % {"frame": json.dumps(FRAME)})
    page = context.new_page()
    page.goto(url, wait_until="load", timeout=60_000)
    page.wait_for_selector(f"{FRAME}[data-step]", state="attached", timeout=first_frame_s * 1000)
    return KioskWatch(page)
