"""The ceremony screen in real headless Chromium against the production gunicorn command.

The screen must never break: it keeps its last good frame while the server is away,
says "Menyambung ulang…", recovers by itself (also when it was opened while the server
was down, and after a new deployment), loads nothing from outside, and shows every
slide and award screen readably at 1920x1080. Screenshots land in test-results/.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from io import BytesIO

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, select, update

from data_access import catalogue, ceremony, minutes
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.kiosks import create_token, kiosk_url
from data_access.models import Edition, Innovation, Unit
from data_access.simulate import simulate
from tests.kiosk_fit import after_the_fit
from tests.serving import Gunicorn
from tests.traffic import ACCESS_LOG_ARGS, FIRST_FRAME_MS, traffic_on_failure

pytestmark = pytest.mark.browser
# A screen's first frame comes from freshly started workers (imports, first queries, the
# first compression of the scripts): alone it takes 1-2 s. In five full CI runs a first
# frame never came in 30 s (Dash stuck on "Loading..." while kiosk.js's poll worked: a
# worker still in Dash's first-request setup answered scripts 404, fixed in create_app);
# kiosk.js loads such a page again after 20 s, so the wait covers one reload.
FRAME = "#kiosk-frame .kiosk-frame-inner"


@dataclass
class Hall:
    """The demo edition served by gunicorn, with a registered screen's kiosk path."""

    server: Gunicorn
    engine: Engine
    path: str

    @property
    def kiosk(self) -> str:
        return self.server.url + self.path


@pytest.fixture(autouse=True)
def traffic(request, browser, monkeypatch, tmp_path):
    """On a failure, print what the browser asked and got, and gunicorn's access log."""
    with traffic_on_failure(request, browser, monkeypatch, tmp_path / "gunicorn.log") as seen:
        yield seen


def _open_hall(demo_url: str, folder) -> Hall:
    """Serve a copy of the demo database with a registered screen."""
    engine = make_engine(demo_url)
    with transaction(engine) as session:
        path = kiosk_url(create_token(session, "TV Pendopo"))
    server = Gunicorn(
        demo_url,
        folder,
        log=folder / "gunicorn.log",
        env={"GUNICORN_CMD_ARGS": ACCESS_LOG_ARGS},
    )
    server.start()
    return Hall(server, engine, path)


def _close_hall(hall: Hall) -> None:
    hall.server.stop()
    hall.engine.dispose()


@pytest.fixture
def hall(demo_url, tmp_path) -> Iterator[Hall]:
    """A hall of its own, for a test that judges, approves or reveals."""
    hall = _open_hall(demo_url, tmp_path)
    yield hall
    _close_hall(hall)


@pytest.fixture(scope="module")
def quiet_hall(demo_template, tmp_path_factory) -> Iterator[Hall]:
    """One hall for the tests that only look (the demo as loaded, nothing revealed).

    A test may stop the server, or start it again with another build; it runs again for
    the next test. Each gunicorn start costs seconds: the suite pays it once here.
    """
    folder = tmp_path_factory.mktemp("quiet-hall")
    shutil.copyfile(demo_template, folder / "kipp.sqlite3")
    hall = _open_hall(f"sqlite:///{folder / 'kipp.sqlite3'}", folder)
    yield hall
    _close_hall(hall)


@pytest.fixture
def looking_hall(quiet_hall: Hall) -> Iterator[Hall]:
    """The shared hall, serving when the test starts and again when it ends."""
    if quiet_hall.server.process is None:
        quiet_hall.server.start()
    yield quiet_hall
    if quiet_hall.server.process is None:
        quiet_hall.server.start()


@pytest.fixture
def screen(browser: Browser) -> Iterator[Page]:
    """A fresh 1920x1080 browser window (own cookies and service worker) for a kiosk."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screen_without_worker(browser: Browser) -> Iterator[Page]:
    """A 1920x1080 kiosk window whose requests are all the page's own (no service worker)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, service_workers="block")
    yield context.new_page()
    context.close()


def _requests(page: Page) -> list[str]:
    seen: list[str] = []
    page.context.on("request", lambda request: seen.append(request.url))
    return seen


def _no_dash_error(page: Page) -> None:
    for selector in (".dash-fe-error__title", ".dash-debug-menu", ".dash-error-card"):
        assert page.locator(selector).count() == 0, f"Dash shows {selector}"


def _frame_version(page: Page) -> str:
    return page.locator(FRAME).get_attribute("data-frame-version") or ""


def _finish_judging_and_approve(engine: Engine) -> None:
    simulate(engine, DEMO_CODE, sleep=lambda _s: None, out=lambda _line: None)
    with transaction(engine) as session:
        ceremony.approve(session, DEMO_CODE, by="panitia")


def _step(engine: Engine, move) -> str:
    with transaction(engine) as session:
        return move(session, DEMO_CODE, by="panitia").step


# ---------------------------------------------------------------- offline and rendering
def test_kiosk_renders_offline_with_every_asset_from_the_app(looking_hall, screen, artifacts_dir):
    """All traffic but loopback is blocked: the kiosk still renders, asking nothing outside."""
    seen = _requests(screen)
    screen.goto(looking_hall.kiosk + "&slides=progress:60")
    expect(screen.locator(FRAME + " .kiosk-slide-progress")).to_be_visible(timeout=FIRST_FRAME_MS)
    expect(screen.locator("#kiosk-clock")).to_have_text(
        re.compile(r".+ · \d\d\.\d\d WIB"), timeout=5000
    )
    expect(screen.locator("#kiosk-updated")).to_have_text(
        re.compile(r"Diperbarui pukul \d\d\.\d\d WIB"), timeout=5000
    )
    foreign = [url for url in seen if not url.startswith(looking_hall.server.url)]
    assert foreign == []
    assert not any("plotly" in url for url in seen), "the kiosk must not load plotly.js"
    # Fonts and styles applied: the title is large (read from the back of the hall).
    size = screen.locator(".kiosk-title").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 60
    # Nothing scrolls on a TV.
    overflow = screen.evaluate(
        "() => [document.documentElement.scrollHeight, document.documentElement.clientHeight]"
    )
    assert overflow[0] <= overflow[1]
    _no_dash_error(screen)
    screen.screenshot(path=artifacts_dir / "kiosk-offline-progress.png")


def test_every_slide_and_award_screen_at_1080p_and_4k(hall, browser, artifacts_dir):
    """Screenshots of each slide (dark and light) and of the whole reveal, at 1080p and 4K."""
    with transaction(hall.engine) as session:
        # A ceremony still ahead, so the countdown slide has something to count.
        session.execute(
            update(Edition)
            .where(Edition.code == DEMO_CODE)
            .values(ceremony_date=date(2099, 12, 29))
        )
    # Sizes follow the screen's height (rem), so 4K is 1080p doubled: one theme there is enough.
    for width, height, themes in ((1920, 1080, ("dark", "light")), (3840, 2160, ("dark",))):
        # Reduced motion: the slide is drawn at once, as it stands after its fade-in.
        context = browser.new_context(
            viewport={"width": width, "height": height}, reduced_motion="reduce"
        )
        page = context.new_page()
        for theme in themes:
            for name in ("progress", "participation", "finalists", "countdown"):
                page.goto(f"{hall.kiosk}&theme={theme}&slides={name}:60")
                slide = page.locator(f"{FRAME} .kiosk-slide-{name}")
                expect(slide).to_be_visible(timeout=FIRST_FRAME_MS)
                _assert_fits(page)
                page.screenshot(path=artifacts_dir / f"kiosk-{width}-{theme}-{name}.png")
        context.close()
    _finish_judging_and_approve(hall.engine)
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(hall.kiosk)
    expect(page.locator(FRAME)).to_be_visible(timeout=FIRST_FRAME_MS)
    for expected in ("splash", "award-3", "award-2", "award-1", "all"):
        assert _step(hall.engine, ceremony.advance) == expected
        expect(page.locator(f'{FRAME}[data-step="{expected}"]')).to_be_visible(timeout=3000)
        _assert_fits(page)
        # No logo set: the wordmark and the year stand in for them.
        expect(page.locator(f"{FRAME} .kiosk-wordmark")).to_have_text("KIPP Kabupaten Kudus")
        expect(page.locator(f"{FRAME} .kiosk-brand-year")).to_have_text("2022")
        page.screenshot(path=artifacts_dir / f"kiosk-reveal-{expected}.png")
    context.close()


# The longest unit name of Kudus (../shared/data/kudus_units_2022.csv) and a long title.
LONGEST_UNIT = (
    "Dinas Sosial, Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan "
    "Keluarga Berencana"
)
LONG_TITLE = (
    "Sistem Informasi Terpadu Layanan Pengaduan, Pendampingan dan Pemulihan Korban "
    "Kekerasan terhadap Perempuan dan Anak Berbasis Masyarakat Desa"
)
# What a winner's card and the podiums hold: every one of them shown whole.
WINNER_TEXTS = ".kiosk-winner-title, .kiosk-winner-unit, .kiosk-podium-title, .kiosk-podium-unit"
# Each shown text: itself, whether a box clips it (its own line clamp, or a box on the way
# up to its slide that hides overflow and does not hold it whole) and its size on screen.
SHOWN_TEXTS = """(selector) => [...document.querySelectorAll(selector)]
    .filter(e => e.getClientRects().length)
    .map(e => {
        const r = e.getBoundingClientRect();
        const slide = e.closest('.kiosk-slide');
        let cut = getComputedStyle(e).webkitLineClamp !== 'none' ? 'line clamp' : '';
        for (let box = e; box && !cut; box = box === slide ? null : box.parentElement) {
            const style = getComputedStyle(box);
            if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
            const b = box.getBoundingClientRect();
            if (r.top < b.top - 1 || r.bottom > b.bottom + 1
                    || r.left < b.left - 1 || r.right > b.right + 1) {
                cut = box.className + ' ' + JSON.stringify([r, b]);
            }
        }
        const zoom = parseFloat(getComputedStyle(slide).zoom) || 1;
        return [e.textContent, cut, parseFloat(getComputedStyle(e).fontSize) * zoom];
    })"""


# How every winner's photo is drawn in its box: "contain" shows it whole ("cover" crops it).
PHOTO_FITS = """() => [...document.querySelectorAll('.kiosk-winner-photo')].map(
  (img) => getComputedStyle(img).objectFit)"""


def _codes_in(screenshot: bytes) -> list[str]:
    """Return what the QR codes in a screenshot say, read as a camera would."""
    return [found.text for found in zxingcpp.read_barcodes(Image.open(BytesIO(screenshot)))]


def test_award_screens_show_the_longest_names_whole_at_1080p_and_4k(hall, browser, artifacts_dir):
    """Every winner carries the longest unit name and a long title: on each award screen and
    on "Para Juara", at 1080p and 4K, nothing is cut, nothing leaves the screen, and the
    text stays large enough to read across the hall, under both logos and the year. The
    edition is published: "Para Juara" and then the rotation's "katalog" slide carry a QR
    code to its catalogue page that reads from the screen, beside the winners."""
    link = f"{hall.server.url}/katalog?edisi={DEMO_CODE}"  # no PUBLIC_URL: the address asked
    with transaction(hall.engine) as session:
        catalogue.publish(session, DEMO_CODE, by="panitia")
        unit = session.scalar(select(Unit).where(Unit.name == LONGEST_UNIT))
        assert unit is not None  # the demo holds the real units
        session.execute(update(Innovation).values(unit_id=unit.id, title=LONG_TITLE))
        for kind, size in zip(minutes.LOGO_KINDS, ((300, 360), (600, 240)), strict=True):
            logo = BytesIO()
            Image.new("RGB", size, "teal" if kind == "regency_logo" else "navy").save(logo, "PNG")
            minutes.set_image(session, DEMO_CODE, kind, logo.getvalue(), by="panitia")
        # Every innovation a landscape photo: a winner's is shown whole, never cropped.
        photo = BytesIO()
        Image.new("RGB", (1600, 900), "olive").save(photo, "JPEG")
        for code in session.scalars(select(Innovation.code)).all():
            ceremony.set_photo(session, DEMO_CODE, code, photo.getvalue(), by="panitia")
    _finish_judging_and_approve(hall.engine)
    steps = ("splash", "award-3", "award-2", "award-1", "all")
    screens = {}
    for width, height in ((1920, 1080), (3840, 2160)):
        with transaction(hall.engine) as session:
            ceremony.reset(session, DEMO_CODE, by="panitia")
        context = browser.new_context(
            viewport={"width": width, "height": height}, reduced_motion="reduce"
        )
        page = context.new_page()
        page.goto(hall.kiosk)
        expect(page.locator(FRAME)).to_be_visible(timeout=FIRST_FRAME_MS)
        for expected in steps:
            assert _step(hall.engine, ceremony.advance) == expected
            expect(page.locator(f'{FRAME}[data-step="{expected}"]')).to_be_visible(timeout=3000)
            page.wait_for_timeout(300)  # the logos load
            _assert_fits(page)
            # Both logos drawn from /kiosk/logo (the screen's own edition), and the year.
            shown = page.evaluate(LOGOS_SHOWN)
            assert shown == [True, True], (width, expected, shown)
            expect(page.locator(f"{FRAME} .kiosk-brand-year")).to_have_text("2022")
            if expected != "splash":
                texts = page.evaluate(SHOWN_TEXTS, WINNER_TEXTS)
                assert texts, expected
                for text, cut, size in texts:
                    assert text in (LONGEST_UNIT, LONG_TITLE), (expected, text)
                    assert not cut, (expected, text, cut)
                    assert size >= height / 60, (expected, text, size)  # 18 px at 1080p
                screens[(width, expected)] = len(texts)
            if expected.startswith("award"):  # "Para Juara" shows no photos
                fits = page.evaluate(PHOTO_FITS)
                assert fits and set(fits) == {"contain"}, fits
            shot = page.screenshot(path=artifacts_dir / f"kiosk-long-{width}-{expected}.png")
            # The catalogue's code on "Para Juara" only: no step before it says who won. Read
            # from the screen as a camera would where it shows; before, none is drawn at all.
            if expected == "all":
                assert _codes_in(shot) == [link]
            else:
                expect(page.locator(f"{FRAME} .kiosk-qr")).to_have_count(0)
        # After the ceremony the rotation names the winners again, with the code, large.
        assert _step(hall.engine, ceremony.reset) == "rotation"
        page.goto(f"{hall.kiosk}&slides=katalog:60")
        expect(page.locator(f"{FRAME} .kiosk-slide-katalog")).to_be_visible(timeout=FIRST_FRAME_MS)
        page.wait_for_timeout(300)  # the code's image
        _assert_fits(page)
        texts = page.evaluate(SHOWN_TEXTS, ".kiosk-katalog-title, .kiosk-katalog-unit")
        assert len(texts) == 6, texts
        for text, cut, size in texts:
            assert text in (LONGEST_UNIT, LONG_TITLE) and not cut, (text, cut)
            assert size >= height / 60, (text, size)
        shot = page.screenshot(path=artifacts_dir / f"kiosk-long-{width}-katalog.png")
        assert _codes_in(shot) == [link]
        context.close()
    assert screens[(1920, "all")] >= 6  # a title and a unit for each of the three


# Each logo on screen: loaded (the browser decoded it) and at least 4 % of the height tall.
LOGOS_SHOWN = """() => [...document.querySelectorAll('#kiosk-frame .kiosk-logo')]
    .filter(e => e.getClientRects().length)
    .map(e => e.complete && e.naturalWidth > 0
        && e.getBoundingClientRect().height >= window.innerHeight * 0.04)"""


def _assert_fits(page: Page) -> None:
    """The visible slide's content stays inside the screen: no clipped titles, no scrollbars."""
    after_the_fit(page)
    overflow = page.evaluate(
        """() => {
            const slide = [...document.querySelectorAll('.kiosk-slide')]
                .find(s => getComputedStyle(s).display !== 'none');
            if (!slide) return 'no visible slide';
            const area = document.querySelector('.kiosk-stage-area').getBoundingClientRect();
            for (const el of slide.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if (r.width && (r.bottom > area.bottom + 1 || r.right > area.right + 1)) {
                    return el.className + ' ends at ' + r.bottom + '/' + r.right;
                }
            }
            return '';
        }"""
    )
    assert overflow == ""
    _no_dash_error(page)


def test_a_kiosk_whose_layout_never_came_loads_itself_again(looking_hall, screen_without_worker):
    """Dash's layout request goes unanswered: the page, its server answering, starts over."""
    page = screen_without_worker
    held = []

    def lose_the_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)  # never answered, as on a network that dropped it

    page.route("**/kiosk/_dash-layout", lose_the_first)
    page.clock.install()
    page.goto(looking_hall.kiosk + "&slides=progress:60")
    page.evaluate("() => { window.kioskFirstLoad = true; }")
    # The state poll answers, the clock runs, and Dash still shows its "Loading...".
    expect(page.locator("#kiosk-updated")).to_have_text(re.compile(r"Diperbarui pukul"))
    expect(page.locator("._dash-loading")).to_be_visible()
    assert held, "the layout request was not held"
    page.clock.fast_forward("00:21")
    page.wait_for_function("() => window.kioskFirstLoad === undefined", timeout=10_000)
    expect(page.locator(FRAME + " .kiosk-slide-progress")).to_be_visible(timeout=FIRST_FRAME_MS)
    # Drawn: the next lost layout would again wait the first limit, not a doubled one.
    page.wait_for_function(
        "() => !sessionStorage.getItem('kipp-kiosk-first-frame-reloads')"
        " || sessionStorage.getItem('kipp-kiosk-first-frame-reloads') === '0'",
        timeout=5000,
    )
    _no_dash_error(page)


# ---------------------------------------------------------------- the server away
def test_kiosk_keeps_its_frame_while_the_server_restarts(hall, screen):
    """Stop gunicorn under an open kiosk: same frame, a notice, no pile-up; then it recovers."""
    polls: list[str] = []
    # The page's own requests (a service worker passing one on would count it twice).
    screen.on("request", lambda r: polls.append(r.url) if "/kiosk/api/state" in r.url else None)
    screen.goto(hall.kiosk + "&slides=finalists:60")
    expect(screen.locator(FRAME + " .kiosk-slide-finalists")).to_be_visible(timeout=FIRST_FRAME_MS)
    titles = screen.locator(".kiosk-finalist-title").all_inner_texts()
    hall.server.stop()
    notice = screen.locator("#kiosk-reconnect")
    expect(notice).to_be_visible(timeout=5000)
    expect(notice).to_have_text("Menyambung ulang…")
    before = len(polls)
    screen.wait_for_timeout(3000)
    # A poll every 300 ms, each waiting for the last: at most ~10 attempts in 3 s, not a storm.
    assert 3 <= len(polls) - before <= 12
    assert screen.locator(".kiosk-finalist-title").all_inner_texts() == titles
    _no_dash_error(screen)

    hall.server.start()
    expect(notice).to_be_hidden(timeout=10000)
    # Fresh data arrives without a reload: approve and open the reveal.
    _finish_judging_and_approve(hall.engine)
    _step(hall.engine, ceremony.advance)
    expect(screen.locator(f'{FRAME}[data-step="splash"]')).to_be_visible(timeout=5000)
    _no_dash_error(screen)


def test_kiosk_opened_while_the_server_is_down_comes_up_by_itself(looking_hall, screen):
    """After one visit, the service worker lets the kiosk open without a server, then recover."""
    screen.goto(looking_hall.kiosk)
    expect(screen.locator(FRAME)).to_be_visible(timeout=FIRST_FRAME_MS)
    screen.wait_for_function("() => window.kioskOfflineReady === true", timeout=15000)
    looking_hall.server.stop()
    screen.goto(looking_hall.kiosk)  # the TV is switched on before the laptop's server
    expect(screen.locator("#kiosk-clock")).to_have_text(
        re.compile(r".+\d\d\.\d\d WIB"), timeout=10000
    )
    expect(screen.locator("#kiosk-reconnect")).to_be_visible(timeout=10000)
    _no_dash_error(screen)
    looking_hall.server.start()
    expect(screen.locator(FRAME)).to_be_visible(timeout=FIRST_FRAME_MS)
    expect(screen.locator("#kiosk-reconnect")).to_be_hidden(timeout=10000)


def test_a_new_deployment_reloads_the_kiosk(looking_hall, screen):
    """A restart with another build makes the screen load the new page by itself."""
    screen.goto(looking_hall.kiosk)
    expect(screen.locator(FRAME)).to_be_visible(timeout=FIRST_FRAME_MS)
    screen.evaluate("() => { window.kioskOldPage = true; }")
    looking_hall.server.stop()
    # Another build than the one serving now (the shared hall may have had several).
    looking_hall.server.build = build = looking_hall.server.build + "-next"
    looking_hall.server.start()
    screen.wait_for_function("() => window.kioskOldPage === undefined", timeout=15000)
    expect(screen.locator(FRAME)).to_be_visible(timeout=FIRST_FRAME_MS)
    assert f'"build": "{build}"' in screen.locator("#kiosk-config").inner_text()


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160)])
def test_a_wrong_link_fills_the_tv_with_words_for_the_hall(
    looking_hall, browser, artifacts_dir, width, height
):
    """A revoked or unknown screen link: a full-screen message, large, both languages, no
    shell command, nothing cut off and nothing to scroll."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        answer = page.goto(f"{looking_hall.server.url}/kiosk?token={'A' * 43}")
        assert answer is not None and answer.status == 403
        heading = page.locator("h1")
        expect(heading).to_have_text("Layar ini belum terdaftar")
        expect(page.locator("[lang=en] h2")).to_have_text("This screen is not registered")
        assert "python -m" not in page.content()
        size = float(heading.evaluate("h => parseFloat(getComputedStyle(h).fontSize)"))
        assert size >= height * 0.07, size  # readable from the back of a hall
        fits = page.evaluate(
            """() => {
                const d = document.documentElement;
                const box = document.querySelector('main').getBoundingClientRect();
                return d.scrollWidth <= innerWidth && d.scrollHeight <= innerHeight
                    && box.top >= 0 && box.bottom <= innerHeight;
            }"""
        )
        assert fits
        page.screenshot(path=artifacts_dir / f"kiosk-refused-{width}.png")
    finally:
        context.close()
