"""The public catalogue's pages (dashboard/catalogue_routes.py) on a real SQLite demo.

Nothing shows before the committee publishes; awards only once the reveal reached "all";
the innovator and the PDF only when the committee shows them; pages are tagged by their
bytes (304 while nothing moved) and carry no cookie; filters, search and pages link to
addresses in their one form, in the reader's language.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from app import create_app
from dashboard.catalogue_data import EXTENSION_KEY as STORE_KEY
from dashboard.catalogue_view import page_numbers, short_summary
from dashboard.language import COOKIE as LANGUAGE_COOKIE
from dashboard.services import EXTENSION_KEY
from data_access import catalogue, ceremony
from data_access.catalogue import PAGE_SIZE, UNIT_PAGE_SIZE
from data_access.catalogue.search import PARAMS
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.models import Innovation, Unit
from data_access.settings import Settings
from tests.catalogue_site import CAPTION, DOCUMENT_CODE, LONG_SUMMARY, PHOTO_CODE, build_catalogue
from tests.images import size_of
from tests.web import copy_database

ITEM = f"/katalog/{DEMO_CODE}/{PHOTO_CODE}"
DOCUMENT = f"/katalog/dokumen/{DEMO_CODE}/{DOCUMENT_CODE}.pdf"
PHOTO = f"/katalog/foto/{DEMO_CODE}/{PHOTO_CODE}.jpg"


@pytest.fixture(scope="module")
def catalogue_template(decided_template, tmp_path_factory) -> Path:
    """The decided demo, approved, with a photo, a PDF and a long summary (not published)."""
    folder = tmp_path_factory.mktemp("katalog")
    build_catalogue(decided_template, folder)
    return folder / "kipp.sqlite3"


class Site:
    """The app on a fresh copy of the catalogue template, and a way to change its data."""

    def __init__(self, template: Path, folder: Path) -> None:
        self.url = copy_database(template, folder)
        self.engine = make_engine(self.url)
        self.app: Flask = create_app(
            Settings(database_url=self.url, secret_key="test-katalog", instance_dir=str(folder))
        )
        self.client: FlaskClient = self.app.test_client()

    def publish(self, **switches: bool) -> None:
        with transaction(self.engine) as session:
            catalogue.publish(session, DEMO_CODE, by="panitia", **switches)

    def reveal(self, steps: int) -> str:
        """Move the reveal `steps` steps on; return the step reached."""
        with transaction(self.engine) as session:
            for _ in range(steps):
                state = ceremony.advance(session, DEMO_CODE, by="panitia")
        return state.step

    def titles(self) -> list[str]:
        with transaction(self.engine) as session:
            return list(session.execute(select(Innovation.title)).scalars())

    def count(self) -> int:
        with transaction(self.engine) as session:
            return session.scalar(select(func.count()).select_from(Innovation)) or 0

    def get(self, url: str, **headers: str):
        response = self.client.get(url, headers=headers)
        assert "Set-Cookie" not in response.headers, url
        assert "Cookie" not in response.headers.get("Vary", ""), url
        return response

    def text(self, url: str) -> str:
        response = self.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def site(catalogue_template, tmp_path) -> Iterator[Site]:
    site = Site(catalogue_template, tmp_path)
    yield site
    site.app.extensions[EXTENSION_KEY].dispose()
    site.engine.dispose()


def _links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="(/katalog[^"]*)"', page)]


def test_nothing_is_public_before_the_committee_publishes(site):
    closed = site.text("/katalog")
    assert "Katalog belum dibuka" in closed and "setelah upacara" in closed
    assert not any(title in closed for title in site.titles())
    assert "The catalogue is not open yet" in site.text("/katalog?lang=en")
    for url in (ITEM, "/katalog/opd/DKK", PHOTO, DOCUMENT, f"/katalog/{DEMO_CODE}/TIDAK-ADA"):
        response = site.get(url)
        assert response.status_code == 404, url
    # An unpublished edition's page is the unknown address's page, byte for byte.
    unknown = site.get("/katalog/tidak-ada/KIPP22-001").get_data()
    assert site.get(ITEM.replace(DEMO_CODE, "tidak-ada")).get_data() == unknown
    assert site.get(ITEM).get_data().replace(DEMO_CODE.encode(), b"tidak-ada") == unknown


def test_awards_appear_only_once_the_reveal_reached_all(site):
    site.publish()
    listed = site.text("/katalog")
    assert f"dari {site.count()} inovasi" in listed
    tag = site.get("/katalog").headers["ETag"]
    assert site.get("/katalog", **{"If-None-Match": tag}).status_code == 304
    for _step in range(1, 5):  # splash, Juara III, II, I: the screens show them; not here
        reached = site.reveal(1)
        assert reached != ceremony.ALL
        page = site.text("/katalog?juara=1")
        assert "Juara I" not in page and "Juara III" not in page, reached
        assert "Tidak ada inovasi yang cocok" in page, reached
    assert site.reveal(1) == ceremony.ALL
    assert site.get("/katalog", **{"If-None-Match": tag}).status_code == 200
    winners = site.text("/katalog?juara=1")
    with transaction(site.engine) as session:
        awarded = ceremony.public_awards(session, DEMO_CODE).awards
    assert awarded and f"{len(awarded)} inovasi" in winners
    for level in {level for level, _tie in awarded.values()}:
        assert re.search(rf">Juara {'I' * level}( \(bersama\))?<", winners), level
    assert "Finalis" not in site.text("/katalog")  # the committee did not show finalists
    site.publish(show_finalists=True)
    with transaction(site.engine) as session:
        finalists = ceremony.public_awards(session, DEMO_CODE).finalists - awarded.keys()
    listed = site.text("/katalog")
    assert listed.count(">Finalis<") == min(len(finalists), PAGE_SIZE - len(awarded))
    # A compressed page's tag names its encoding; the browser's copy of it is still good.
    packed = site.get("/katalog", **{"Accept-Encoding": "br"})
    assert packed.headers["Content-Encoding"] == "br" and packed.headers["ETag"].endswith(':br"')
    again = site.get(
        "/katalog", **{"Accept-Encoding": "br", "If-None-Match": packed.headers["ETag"]}
    )
    assert again.status_code == 304 and again.get_data() == b""


def test_innovator_and_document_only_when_the_committee_shows_them(site):
    site.publish()
    with transaction(site.engine) as session:
        innovator = session.scalar(
            select(Innovation.innovator).where(Innovation.code == DOCUMENT_CODE)
        )
    item = f"/katalog/{DEMO_CODE}/{DOCUMENT_CODE}"
    page = site.text(item)
    tag = site.get(item).headers["ETag"]
    assert innovator and innovator not in page and "Inovator" not in page
    assert DOCUMENT not in page and site.get(DOCUMENT).status_code == 404
    site.publish(show_innovators=True, show_documents=True)
    assert site.get(item, **{"If-None-Match": tag}).status_code == 200  # a switch moved it
    page = site.text(item)
    assert innovator in page and DOCUMENT in page
    pdf = site.get(DOCUMENT)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert (
        pdf.get_data().startswith(b"%PDF-") and pdf.headers["Cache-Control"] == "public, no-cache"
    )
    # One without a PDF has no link and no file, published documents or not.
    other = f"/katalog/{DEMO_CODE}/KIPP22-003"
    assert "/katalog/dokumen/" not in site.text(other)
    assert site.get(f"/katalog/dokumen/{DEMO_CODE}/KIPP22-003.pdf").status_code == 404
    with transaction(site.engine) as session:
        catalogue.unpublish(session, DEMO_CODE, by="panitia")
    assert site.get(item).status_code == 404 and site.get(DOCUMENT).status_code == 404
    assert "Katalog belum dibuka" in site.text("/katalog")


def test_the_innovation_page_shows_its_photo_summary_unit_and_sharing_tags(site):
    site.publish()
    page = site.text(ITEM)
    assert LONG_SUMMARY.strip() in page
    photo = re.search(r'<img src="(/katalog/foto/[^"]+)" alt="([^"]+)"', page)
    assert photo and photo.group(2) == CAPTION and f"<figcaption>{CAPTION}</figcaption>" in page
    assert f'<meta property="og:image" content="http://localhost{photo.group(1)}">' in page
    assert f'<link rel="canonical" href="http://localhost{ITEM}">' in page
    english = site.text(f"{ITEM}?lang=en")
    assert f'<link rel="canonical" href="http://localhost{ITEM}?lang=en">' in english
    assert f'<meta property="og:url" content="http://localhost{ITEM}?lang=en">' in english
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    with transaction(site.engine) as session:
        entry = catalogue.load_catalogue(session).entry(DEMO_CODE, PHOTO_CODE)
    assert entry is not None and f'href="/katalog/opd/{entry.unit_code}"' in page
    # The list cuts the long summary at a word, with an ellipsis.
    listed = site.text(f"/katalog?cari={PHOTO_CODE}")
    assert short_summary(LONG_SUMMARY) in listed and LONG_SUMMARY.strip() not in listed
    # The unit's page lists it; the OPD's page lists its sub-units' too.
    unit = site.text(f"/katalog/opd/{entry.unit_code}")
    assert entry.title in unit and entry.edition_name in unit
    assert entry.title in site.text(f"/katalog/opd/{entry.opd_code}")
    assert site.get("/katalog/opd/TIDAK-ADA").status_code == 404
    english = site.text(f"{ITEM}?lang=en")
    assert '<html lang="en">' in english and "Summary" in english
    assert f'href="/katalog/opd/{entry.unit_code}?lang=en"' in english


def test_photos_are_kept_an_hour_at_their_stamped_address_and_revalidated_elsewhere(site):
    site.publish()
    page = site.text(f"/katalog?cari={PHOTO_CODE}")
    thumb = re.search(r'<img class="katalog-thumb" src="([^"]+)"[^>]*loading="lazy"', page)
    assert thumb, "no lazy thumbnail"
    small = site.get(thumb.group(1))
    assert small.status_code == 200 and small.mimetype == "image/jpeg"
    assert max(size_of(small.get_data())) <= 240
    assert small.headers["Cache-Control"] == "public, max-age=3600"
    again = site.get(thumb.group(1), **{"If-None-Match": small.headers["ETag"]})
    assert again.status_code == 304
    full = site.get(PHOTO)
    assert full.status_code == 200 and size_of(full.get_data()) == (640, 480)
    assert full.headers["Cache-Control"] == "public, no-cache"  # no stamp: asked again
    assert site.get(f"/katalog/foto/{DEMO_CODE}/KIPP22-003.jpg").status_code == 404


def test_filters_search_and_pages_link_in_their_one_form(site):
    site.publish()
    total = site.count()
    assert total > PAGE_SIZE, "the demo should fill more than one page"
    first = site.text("/katalog")
    assert f"Menampilkan 1–{PAGE_SIZE} dari {total} inovasi" in first
    assert 'href="/katalog?halaman=2"' in first and 'rel="next"' in first
    second = site.text("/katalog?halaman=2")
    assert f"Menampilkan {PAGE_SIZE + 1}–{total} dari {total}" in second
    assert 'href="/katalog" rel="prev"' in second
    # A form's empty fields and `q=` are sent to the address's one form.
    moved = site.get("/katalog?cari=+ktp+&edisi=&tahun=&opd=&kategori=&halaman=1")
    assert moved.status_code == 302 and moved.headers["Location"] == "/katalog?cari=ktp"
    assert site.get("/katalog?q=ktp").headers["Location"] == "/katalog?cari=ktp"
    moved = site.get("/katalog?opd=DKK&tahun=2022&lang=en")
    assert moved.headers["Location"] == "/katalog?tahun=2022&opd=DKK&lang=en"
    # Filtered: the count, and each active filter's link drops it alone.
    with transaction(site.engine) as session:
        found = catalogue.load_catalogue(session)
    in_dkk = [e for e in found.entries if "DKK" in e.unit_path]
    page = site.text("/katalog?opd=DKK&juara=1&lang=en")
    assert "No innovation matches" in page  # no award is public yet
    page = site.text("/katalog?opd=DKK&lang=en")
    assert f"{len(in_dkk)} innovations" in page
    assert all(e.title in page for e in in_dkk)
    assert 'href="/katalog?lang=en" aria-label="remove filter' in page
    # The language switch keeps the filters; Indonesian needs no parameter.
    assert 'href="/katalog?opd=DKK" lang="id"' in page
    assert "Tidak ada inovasi yang cocok" in site.text("/katalog?cari=tidak-ada-kata-ini")
    search = site.text("/katalog?cari=KESEHATAN")  # case and accents ignored
    assert all(e.title in search for e in in_dkk if "Kesehatan" in e.opd_name)
    order = [*PARAMS, "lang"]
    for link in _links(first) + _links(page):
        pairs = parse_qsl(urlsplit(link).query)
        assert pairs == sorted(pairs, key=lambda p: order.index(p[0])), link


def test_a_remembered_language_neither_redirects_nor_is_set_by_the_catalogue(site):
    site.publish()
    site.client.set_cookie(LANGUAGE_COOKIE, "en")
    page = site.get("/katalog")
    assert page.status_code == 200 and '<html lang="id">' in page.get_data(as_text=True)
    assert site.get("/katalog?lang=en").status_code == 200  # no cookie set (Site.get)
    assert site.get(f"{ITEM}?lang=en").status_code == 200


def test_a_unit_page_shows_a_page_worth_per_edition_and_links_the_rest(site):
    """A unit with more than UNIT_PAGE_SIZE in an edition shows that many and links the list."""
    site.publish()
    with transaction(site.engine) as session:
        found = catalogue.load_catalogue(session)
        small = next(e for e in found.entries if e.opd_code != "DKK")
        unit_id = session.execute(select(Unit.id).where(Unit.code == "DKK")).scalar_one()
        session.execute(update(Innovation).values(unit_id=unit_id))  # all of them DKK's now
    total = site.count()
    assert total > UNIT_PAGE_SIZE  # the demo's edition: enough to cut
    with transaction(site.engine) as session:
        first = [e.code for e in catalogue.load_catalogue(session).entries][:UNIT_PAGE_SIZE]
    page = site.text("/katalog/opd/DKK")
    shown = re.findall(rf'href="/katalog/{DEMO_CODE}/([^"/?]+)"', page)
    assert list(dict.fromkeys(shown)) == first
    link = re.search(r'<a href="(/katalog\?[^"]+)">Lihat semua (\d+) inovasi<span', page)
    assert link and link.group(1) == f"/katalog?edisi={DEMO_CODE}&opd=DKK"
    assert int(link.group(2)) == total
    assert f"{total} inovasi" in site.text(link.group(1))
    english = site.text("/katalog/opd/DKK?lang=en")
    assert f'href="/katalog?edisi={DEMO_CODE}&opd=DKK&lang=en">See all {total} innovations' in (
        english
    )
    # Another unit has no innovation left: not found; a unit with a few lists them, no link.
    assert site.get(f"/katalog/opd/{small.unit_code}").status_code == 404
    with transaction(site.engine) as session:
        session.execute(
            update(Innovation)
            .where(Innovation.code == small.code)
            .values(unit_id=select(Unit.id).where(Unit.code == small.unit_code).scalar_subquery())
        )
    few = site.text(f"/katalog/opd/{small.unit_code}")
    assert small.title in few and "Lihat semua" not in few


def test_the_record_is_loaded_once_per_version_and_pages_are_kept(site):
    site.publish()
    store = site.app.extensions[STORE_KEY]
    for url in ("/katalog", ITEM, "/katalog", ITEM, f"{ITEM}?lang=en", "/katalog?cari=x"):
        site.get(url)
    assert store.loads == 1 and len(store) == 4
    site.publish(show_innovators=True)
    site.get(ITEM)
    assert store.loads == 2


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("pendek", 200, "pendek"),
        ("satu dua tiga empat", 10, "satu dua…"),
        ("satu, dua tiga", 6, "satu…"),
        ("tanpaspasi" * 3, 10, "tanpaspasi…"),
        ("  spasi   ganda  ", 200, "spasi ganda"),
    ],
)
def test_short_summary_cuts_at_a_word(text, limit, expected):
    assert short_summary(text, limit) == expected


@pytest.mark.parametrize(
    ("page", "pages", "expected"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 10, [1, 2, 3, None, 10]),
        (6, 10, [1, None, 4, 5, 6, 7, 8, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
    ],
)
def test_page_numbers_keep_the_ends_and_a_window(page, pages, expected):
    assert page_numbers(page, pages) == expected
