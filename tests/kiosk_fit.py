"""Measuring the ceremony screen only after its fit (assets/kiosk/kiosk.js) has run.

A new frame (a reveal step, a slide) is fitted to the screen on the browser's next
animation frame after React wrote it: a test that measures the moment the step shows can
catch the one frame before the fit (seen: Juara I's screen reaching 700 px above the top
under a loaded machine). The fit's callback was queued before this one, so two animation
frames later it has run.
"""

from __future__ import annotations

from playwright.sync_api import Page

TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def after_the_fit(page: Page) -> None:
    """Return once the screen's fit of what it shows now has run."""
    page.evaluate(TWO_FRAMES)
