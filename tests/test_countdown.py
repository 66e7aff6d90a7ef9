"""The scoring window's countdown: what it counts to, and how the time left is written."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from dashboard.builders.countdown import countdown_view
from data_access.formatting import format_duration
from data_access.jury.windows import countdown
from tests.sheets_web import prepare_sheet

WIB = "Asia/Jakarta"
START, LAST = date(2026, 12, 7), date(2026, 12, 9)


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds", "lang", "text"),
    [
        (1, "id", "1 menit"),  # rounded up: never "0" while time is left
        (60, "id", "1 menit"),
        (61, "id", "2 menit"),
        (3600, "id", "1 jam"),
        (3 * 3600 + 12 * 60, "id", "3 jam 12 menit"),
        (3 * 3600 + 12 * 60, "en", "3 hours 12 minutes"),
        (86400 + 60, "en", "1 day"),  # two largest units: the minute is not said
        (2 * 86400 + 4 * 3600, "id", "2 hari 4 jam"),
        (2 * 86400 + 3600, "en", "2 days 1 hour"),
    ],
)
def test_time_left_in_its_two_largest_units(seconds, lang, text):
    assert format_duration(seconds, lang=lang) == text


def test_the_window_opens_and_closes_at_local_midnight():
    # 7 Dec 00:00 WIB is 6 Dec 17:00 UTC; the last day ends 10 Dec 00:00 WIB = 9 Dec 17:00 UTC.
    opens, closes = _utc(2026, 12, 6, 17), _utc(2026, 12, 9, 17)
    assert countdown(START, LAST, WIB, opens - timedelta(seconds=1)) == ("opens", opens)
    assert countdown(START, LAST, WIB, opens) == ("closes", closes)
    assert countdown(START, LAST, WIB, closes - timedelta(seconds=1)) == ("closes", closes)
    assert countdown(START, LAST, WIB, closes) == ("closed", closes)
    assert countdown(None, LAST, WIB, opens - timedelta(days=9)) == ("closes", closes)
    assert countdown(START, None, WIB, opens) is None  # no last day: nothing to count to


def test_the_view_carries_the_text_and_what_the_script_needs():
    now = _utc(2026, 12, 7, 12, 30)  # 19.30 WIB on the first day
    view = countdown_view(START, LAST, WIB, now, lang="id")
    assert view is not None and view["kind"] == "closes"
    assert view["text"] == "ditutup dalam 2 hari 4 jam"
    assert view["phrase"] == "ditutup dalam {left}" and view["after"] == "sudah ditutup"
    assert view["until"] == int(_utc(2026, 12, 9, 17).timestamp() * 1000)
    early = countdown_view(START, LAST, WIB, _utc(2026, 12, 6, 16, 0), lang="en")
    assert early is not None and early["text"] == "opens in 1 hour"
    assert early["after"] == "open now: reload the page"
    late = countdown_view(START, LAST, WIB, _utc(2026, 12, 10), lang="id")
    assert late is not None and late["text"] == "sudah ditutup" and late["phrase"] == ""


def test_the_jurors_pages_show_the_countdown(app, login):
    from tests.sheets_web import engine_of

    sheet = prepare_sheet(engine_of(app))  # open: yesterday to tomorrow
    juror = login("juri")
    listing = juror.get("/penilaian").get_data(as_text=True)
    assert 'class="kipp-countdown kipp-countdown-closes"' in listing
    assert "ditutup dalam 1 hari" in listing and "kipp-countdown.js" in listing
    page = juror.get(sheet.path).get_data(as_text=True)
    assert "ditutup dalam 1 hari" in page and 'data-phrase="ditutup dalam {left}"' in page
    english = juror.get(sheet.path + "?lang=en").get_data(as_text=True)
    assert "closes in 1 day" in english
    closed = prepare_sheet(engine_of(app), window="past")
    assert "sudah ditutup" in juror.get(closed.path).get_data(as_text=True)


@pytest.mark.browser
def test_the_script_keeps_counting_in_the_browsers_words(app, live_dash, offline_page):
    from playwright.sync_api import expect

    from data_access.models import utcnow
    from tests.sheets_web import engine_of
    from tests.web import PASSWORD

    prepare_sheet(engine_of(app))
    url = live_dash(app)
    page = offline_page
    start = utcnow()
    page.clock.install(time=start)
    page.goto(f"{url}/login?next=/penilaian")
    page.get_by_label("Nama pengguna").fill("juri-j01")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    shown = page.locator(".kipp-countdown").first
    expect(shown).to_contain_text("ditutup dalam")
    until = int(shown.get_attribute("data-until") or 0)
    closes = datetime.fromtimestamp(until / 1000, tz=UTC)

    def python_says(moment: datetime) -> str:
        return "ditutup dalam " + format_duration((closes - moment).total_seconds(), lang="id")

    # The browser's clock moves a day and a bit: Intl's words are Babel's, to the minute.
    page.clock.run_for(int(timedelta(days=1, minutes=3).total_seconds() * 1000))
    moved = datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, tz=UTC)
    # The script's last tick was at most its 20 s period before `moved`.
    either = {python_says(moved), python_says(moved - timedelta(seconds=20))}
    expect(shown).to_have_text(re.compile("^(" + "|".join(map(re.escape, either)) + ")$"))
    assert "hari" not in (shown.text_content() or "")  # under a day now: hours and minutes
    page.clock.run_for(int((closes - start).total_seconds() * 1000))
    expect(shown).to_have_text("sudah ditutup")
