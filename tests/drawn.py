"""Measuring a page only once the browser has drawn it, its stylesheets applied.

A test that follows a link or a form's redirect and then waits for an element can catch
the new page before all of its stylesheets have arrived: the element is in the DOM and
Playwright calls it visible, yet the browser has drawn nothing (the stylesheets in the
head hold the first paint back; a person still sees the page before) and lays the page
out with the stylesheets it has so far. Seen: /penilaian measured 635 px wide on a
390 px phone, bootstrap.min.css applied and kipp.css still on its way (Bootstrap keeps
the navbar's brand and tagline on one line; kipp.css wraps them), in a full run with
both cores busy. Once the load event has fired every stylesheet has arrived; two
animation frames later the page has been drawn with them (tests/kiosk_fit.py).
"""

from __future__ import annotations

from playwright.sync_api import Page

from tests.kiosk_fit import TWO_FRAMES


def drawn(page: Page) -> None:
    """Return once the page has loaded (every stylesheet arrived) and been drawn."""
    page.wait_for_load_state("load")
    page.evaluate(TWO_FRAMES)


def drawn_width(page: Page) -> int:
    """Return the page's width (its scrollWidth) as drawn: what a phone scrolls sideways."""
    drawn(page)
    return page.evaluate("document.documentElement.scrollWidth")
