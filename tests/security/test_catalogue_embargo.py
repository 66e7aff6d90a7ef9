"""The public catalogue gives away nothing confidential, whatever is asked, at every moment.

Every catalogue route of the server (read from Flask's url_map, so a route added tomorrow
is asked too) is asked anonymously with every edition, innovation and unit code it could
take, with forged filters, headers and cookies, in English and Indonesian, at each moment
of an edition's life: nothing published; published before the approval; approved, at every
step of the reveal; at "all"; back at the rotation after the ceremony; and with the
committee's switches on. Each answer is searched for the canaries of
tests/security/test_kiosk_embargo.py (titles, units, innovators, scores) and for the
names of the jurors, the administrative status of an innovation that did not pass, and
anything of an edition that was never published. A workbook (/katalog.xlsx) is a zip: its
cells are read (openpyxl) before the search, which could not fail on its bytes.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import select, update
from werkzeug.routing import Rule

from data_access import catalogue, ceremony
from data_access.catalogue.open_data_xlsx import DATA_SHEET
from data_access.db import make_engine, transaction
from data_access.models import Edition, Juror
from tests.security.test_kiosk_embargo import (
    LABELS,
    MAIN,
    MAIN_ENTRIES,
    MISSING,
    OTHER,
    OTHER_ENTRIES,
    STEPS,
    approve_with_photos,
    score_texts,
    seed,
)
from tests.seed import add_innovation, add_unit
from tests.web import unpaced_app
from tests.xlsx_read import answer_text, workbook_text

PUBLIC_PATHS = ("/sitemap.xml", "/robots.txt")
SCHEMA = "/katalog/skema.json"
WORKBOOK = "/katalog.xlsx"
FAILED = "A9"  # MAIN's innovation that did not pass the administrative check
JUROR_NAME = "KANARI-JURI-Prof-Rahasia-9b1e"
# Forged asks: filters and headers a curious visitor might try.
FORGED_QUERIES = (
    "",
    "?lang=en",
    f"?edisi={MAIN}&juara=1",
    f"?edisi={OTHER}",
    "?juara=1&step=all&reveal=1",
    "?cari=KANARI",
    "?cari=TITLE&lang=en",
    "?halaman=2",
)
FORGED_HEADERS = {
    "X-Forwarded-For": "127.0.0.1",
    "X-Step": "all",
    "Cookie": "session=forged; kipp_lang=en",
    "Authorization": "Bearer forged",
}


def is_catalogue(rule: Rule) -> bool:
    """Return True for a public catalogue route (its pages, open data, sitemap, files)."""
    return (rule.rule.startswith("/katalog") or rule.rule in PUBLIC_PATHS) and not any(
        method in (rule.methods or ()) for method in ("POST", "PUT", "DELETE")
    )


def catalogue_urls(server: Flask) -> list[tuple[str, bool]]:
    """Return (URL, forged too) for every catalogue route and each value its arguments take.

    A route without arguments is asked with every forged filter and, again, with forged
    headers; one with arguments with every edition (published, never published, unknown)
    and every code, plainly and in English.
    """
    editions = [MAIN, OTHER, MISSING]
    codes = [e.code for e in MAIN_ENTRIES] + [FAILED, OTHER_ENTRIES[0].code, "nope"]
    units = [f"U-{MAIN}-{e.code}" for e in MAIN_ENTRIES] + [f"U-{OTHER}-B1", "U-nope"]
    adapter = server.url_map.bind("localhost")
    urls: list[tuple[str, bool]] = []
    for rule in server.url_map.iter_rules():
        if not is_catalogue(rule):
            continue
        names = sorted(rule.arguments)
        choices = [
            editions if "edition" in name else units if "/opd/" in rule.rule else codes
            for name in names
        ]
        for values in itertools.product(*choices):
            path = adapter.build(rule.endpoint, dict(zip(names, values, strict=True)))
            queries = FORGED_QUERIES if not names else FORGED_QUERIES[:2]
            urls.extend((f"{path}{query}", not names) for query in queries)
    return urls


@pytest.fixture
def site(sqlite_url, tmp_path):
    """The app on a database with the canary editions, a juror and a failed innovation."""
    engine = make_engine(sqlite_url)
    with transaction(engine) as session:
        seed(session, OTHER, OTHER_ENTRIES, datetime(2021, 1, 1, tzinfo=UTC))
        seed(session, MAIN, MAIN_ENTRIES, datetime(2022, 1, 1, tzinfo=UTC))
        session.execute(update(Juror).values(name=JUROR_NAME))
        edition = session.execute(select(Edition).where(Edition.code == MAIN)).scalar_one()
        unit = add_unit(session, f"U-{MAIN}-{FAILED}")
        add_innovation(session, edition, FAILED, unit, status="tidak_lolos")
    server = unpaced_app(sqlite_url, tmp_path)
    yield server, engine
    engine.dispose()


def _scores() -> set[str]:
    """Return every score of both editions as the pages could write it (stage and final)."""
    found: set[str] = set()
    for entry in MAIN_ENTRIES + OTHER_ENTRIES:
        found |= score_texts(entry.proposal) | score_texts(entry.final)
        if entry.presentation is not None:
            found |= score_texts(entry.presentation)
    return found


SCORES = _scores()
# A number standing alone with two decimals, as every score is written ("88,37", "88.37").
NUMBER = re.compile(r"(?<![\d.,])\d{1,3}[.,]\d\d(?!\d)")
NEVER_PUBLISHED = [e.canary.format(kind) for e in OTHER_ENTRIES for kind in ("TITLE", "UNIT")]
INNOVATORS = [e.canary.format("INNOVATOR") for e in MAIN_ENTRIES if e.canary]
STATUS = re.compile(r"tidak_lolos|[Tt]idak [Ll]olos|[Dd]id not pass")


def secrets_in(body: str, *, awards_public: bool, innovators: bool) -> list[str]:
    """Return what the body must not hold at this moment (empty: nothing leaked)."""
    leaks: list[str] = sorted(SCORES.intersection(NUMBER.findall(body)))
    leaks += [text for text in NEVER_PUBLISHED if text in body]  # never published
    if not innovators:
        leaks += [text for text in INNOVATORS if text in body]
    if JUROR_NAME in body or f"J-{MAIN}" in body:
        leaks.append("juror")
    if not awards_public:
        leaks += [label.pattern for label in LABELS.values() if label.search(body)]
    if STATUS.search(body):
        leaks.append("status")
    return leaks


def ask_everything(server: Flask, *, awards_public: bool, innovators: bool) -> dict[str, int]:
    """Ask every catalogue URL anonymously (and forged); return {url: status}."""
    statuses: dict[str, int] = {}
    client = server.test_client()
    for url, forge in catalogue_urls(server):
        for headers in ({}, FORGED_HEADERS) if forge else ({},):
            answer = client.get(url, headers=headers, follow_redirects=True)
            readable = answer.mimetype.startswith(("text/", "application/"))
            body = answer_text(answer.mimetype, answer.get_data()) if readable else ""
            # The schema documents the award field ("Juara I, II atau III"): no edition's data.
            # So does the workbook's Info sheet: its Katalog sheet is searched for them alone.
            labels_public = awards_public or url.startswith(SCHEMA)
            workbook = url.startswith(WORKBOOK)
            leaks = secrets_in(body, awards_public=labels_public or workbook, innovators=innovators)
            if workbook:
                rows = workbook_text(answer.get_data(), (DATA_SHEET,))
                leaks += secrets_in(rows, awards_public=labels_public, innovators=innovators)
            assert not leaks, f"{url} {headers}: {leaks}"
            assert answer.status_code in (200, 404), f"{url}: {answer.status_code}"
            assert "Set-Cookie" not in answer.headers, url
            statuses[url] = answer.status_code
    return statuses


def test_every_moment_of_an_edition_gives_nothing_away(site):
    server, engine = site
    asked = {url.split("?")[0] for url, _forge in catalogue_urls(server)}
    # The pages, the open data and the sitemap are there to be asked.
    assert {"/katalog", "/katalog.csv", "/katalog.json", WORKBOOK, "/sitemap.xml"} <= asked
    assert f"/katalog/{MAIN}/A1" in asked and f"/katalog/opd/U-{MAIN}-A1" in asked

    def moment(*, awards_public: bool = False, innovators: bool = False) -> dict[str, int]:
        return ask_everything(server, awards_public=awards_public, innovators=innovators)

    # Nothing published: no page of either edition opens.
    statuses = moment()
    assert all(
        status == 404
        for url, status in statuses.items()
        if f"/{MAIN}/" in url or f"/{OTHER}/" in url
    )
    with transaction(engine) as session:
        catalogue.publish(session, MAIN, by="panitia", show_finalists=True)
    statuses = moment()
    main_page = f"/katalog/{MAIN}/A1"
    assert statuses[main_page] == 200
    assert all(status == 404 for url, status in statuses.items() if f"/{OTHER}/" in url)
    with transaction(engine) as session:
        approve_with_photos(session, MAIN, MAIN_ENTRIES)
    for step in STEPS[1:-1]:  # splash, Juara III, II, I: the awards stay off the record
        with transaction(engine) as session:
            assert ceremony.advance(session, MAIN, by="panitia").step == step
        if step in ("award-3", "award-1"):  # a winner on the TVs, the last before "all"
            moment()
    with transaction(engine) as session:
        assert ceremony.advance(session, MAIN, by="panitia").step == ceremony.ALL
    moment(awards_public=True)
    body = server.test_client().get(main_page).get_data(as_text=True)
    assert LABELS[1].search(body), "Juara I shows on its page once the reveal reached all"
    with transaction(engine) as session:
        ceremony.reset(session, MAIN, by="panitia")
        catalogue.publish(session, MAIN, by="panitia", show_innovators=True, show_documents=True)
    moment(awards_public=True, innovators=True)
    assert MAIN_ENTRIES[0].canary.format("INNOVATOR") in server.test_client().get(
        main_page
    ).get_data(as_text=True)
    # The workbook's cells are what the search read: a canary shown now is found in them.
    book = server.test_client().get(WORKBOOK)
    assert MAIN_ENTRIES[0].canary.format("INNOVATOR") in answer_text(book.mimetype, book.data)
    assert MAIN_ENTRIES[0].canary.format("INNOVATOR").encode() not in book.data  # zipped
    with transaction(engine) as session:
        catalogue.unpublish(session, MAIN, by="panitia")
    statuses = moment(awards_public=True, innovators=True)
    assert statuses[main_page] == 404
