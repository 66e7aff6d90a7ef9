"""The catalogue's open data (/katalog.csv, /katalog.json, /katalog.xlsx, /katalog/skema.json),
its sitemap and robots.txt: the downloads validate against their schema (the CSV read back
through the documented mapping, the workbook's rows equal to the CSV's), nothing
confidential or unpublished is in them, the awards only once the reveal reached "all", and
their caching (ETag, 304, no cookie). Who may ask is also in tests/security's matrices."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from datetime import UTC, datetime
from urllib.robotparser import RobotFileParser

import pytest
from defusedxml import ElementTree
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from sqlalchemy import select, text, update

from dashboard.language import COOKIE as LANGUAGE_COOKIE
from data_access import catalogue, ceremony
from data_access.catalogue import open_data, open_data_xlsx
from data_access.ceremony import ALL, public_awards
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.documents import set_document
from data_access.formatting import format_datetime
from data_access.models import CatalogueVersion, Innovation, Juror
from tests.images import image_bytes
from tests.security.test_anonymous_routes import Canaries
from tests.security.test_callback_roles import confidential_figures
from tests.seed import add_edition
from tests.web import client_as, committee_site
from tests.xlsx_read import XLSX_TYPE, sheet_records, workbook_text

BASE = "http://localhost"
UNPUBLISHED = "rahasia-2027"
UNPUBLISHED_TITLE = "KANARI-EDISI-TIDAK-TERBIT-93b1"
FORMULA_TITLE = '=HYPERLINK("http://contoh.invalid","klik")'
APOSTROPHE_SUMMARY = "'Sapa Warga' menjawab keluhan warga."
PROPOSAL = b"%PDF-1.4\n%%EOF\n"


def _prepare(engine) -> dict[str, str]:
    """Give the demo what the records name (a photo, a PDF, links, hostile texts) and add an
    unpublished edition; return the demo codes each was given to."""
    with transaction(engine) as session:
        demo = session.scalars(select(Innovation.code).order_by(Innovation.code)).all()
        hidden = add_edition(session, UNPUBLISHED, name="KIPP Rahasia 2027")
        first = session.scalars(select(Innovation).where(Innovation.code == demo[0])).one()
        session.add(
            Innovation(
                edition_id=hidden.id, code="R-001", title=UNPUBLISHED_TITLE, unit_id=first.unit_id
            )
        )
        session.flush()
        picked = {
            "photo": demo[0],
            "document": demo[1],
            "formula": demo[2],
            "apostrophe": demo[3],
            "continues_demo": demo[4],
            "continues_hidden": demo[5],
        }
        rows = {code: update(Innovation).where(Innovation.code == code) for code in demo}
        session.execute(rows[picked["formula"]].values(title=FORMULA_TITLE))
        session.execute(rows[picked["apostrophe"]].values(summary=APOSTROPHE_SUMMARY))
        session.execute(rows[picked["continues_demo"]].values(continues=f"{DEMO_CODE}:{demo[0]}"))
        session.execute(rows[picked["continues_hidden"]].values(continues=f"{UNPUBLISHED}:R-001"))
        ceremony.set_photo(session, DEMO_CODE, picked["photo"], image_bytes())
        set_document(session, DEMO_CODE, picked["document"], PROPOSAL, filename="p.pdf", by="t")
    return picked


@pytest.fixture
def site(decided_url, tmp_path):
    """The app on a fresh decided demo (awards decided, not approved) with accounts."""
    with committee_site(decided_url, tmp_path, "test-catalogue-data") as (app, engine):
        yield app, engine, _prepare(engine)


def _validator(client) -> Draft202012Validator:
    found = client.get(open_data.SCHEMA_PATH)
    assert found.status_code == 200
    assert found.headers["Content-Type"].startswith("application/schema+json")
    schema = found.get_json(force=True)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _downloads(client, query: str = "") -> tuple[dict, list[dict]]:
    """Return the JSON document and the CSV's records (read back), both validated."""
    validator = _validator(client)
    answer = client.get(f"/katalog.json{query}")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    document = answer.get_json()
    validator.validate(document)
    assert document["count"] == len(document["innovations"])
    raw = client.get(f"/katalog.csv{query}")
    assert raw.status_code == 200 and raw.mimetype == "text/csv"
    data = raw.get_data()
    assert data.startswith("\ufeff".encode())  # Excel reads UTF-8 by its BOM
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames or ()) == open_data.COLUMNS
    records = [open_data.read_csv_row(row) for row in reader]
    for record in records:
        validator.validate({**document, "count": 1, "innovations": [record]})
    assert records == document["innovations"]
    # The workbook: the CSV's columns and rows, cell by cell (text, numbers, TRUE/FALSE).
    book = client.get(f"/katalog.xlsx{query}")
    assert book.status_code == 200 and book.mimetype == XLSX_TYPE
    assert book.headers["Content-Disposition"].endswith('.xlsx"')
    header, rows = sheet_records(book.get_data(), open_data_xlsx.DATA_SHEET)
    assert tuple(header) == open_data.COLUMNS
    assert rows == records
    return document, records


def _secrets(engine) -> Canaries:
    with transaction(engine) as session:
        words = set(session.scalars(select(Juror.name)))
    return Canaries(
        words | {UNPUBLISHED_TITLE, UNPUBLISHED, "tidak_lolos"}, confidential_figures(engine)
    )


def test_downloads_hold_the_published_edition_only_and_awards_only_after_the_reveal(site):
    app, engine, picked = site
    client = app.test_client()
    secrets = _secrets(engine)

    # Before publication: valid, empty documents.
    document, records = _downloads(client)
    assert document["count"] == 0 and records == []

    with transaction(engine) as session:
        catalogue.publish(session, DEMO_CODE, by="panitia", show_finalists=True)
        catalogue.publish(session, UNPUBLISHED, by="panitia")
        catalogue.unpublish(session, UNPUBLISHED, by="panitia")  # published once, withdrawn
        ceremony.approve(session, DEMO_CODE, by="panitia")
    walked = []
    while True:
        document, records = _downloads(client)
        found = client.get("/katalog.json").get_data(as_text=True)
        found += client.get("/katalog.csv").get_data(as_text=True)
        found += workbook_text(client.get("/katalog.xlsx").get_data())
        assert secrets.found(found, bundle=False) == []
        with transaction(engine) as session:
            state = ceremony.get_state(session, DEMO_CODE)
            awards = public_awards(session, DEMO_CODE)
        walked.append(state.step)
        by_code = {r["code"]: r for r in records}
        assert {r["edition_code"] for r in records} == {DEMO_CODE}
        assert all(r["innovator"] is None for r in records)  # not published
        if state.step != ALL:
            assert all(r["award"] is r["award_tie"] is r["finalist"] is None for r in records)
            with transaction(engine) as session:
                ceremony.advance(session, DEMO_CODE, by="panitia")
            continue
        break
    assert len(walked) >= 5 and "award-1" in walked  # every step before "all" was looked at
    # At "all": Juara I-III and the finalists, as the ceremony's public door gives them.
    with transaction(engine) as session:
        ids = dict(session.execute(select(Innovation.id, Innovation.code)).all())
    expected = {ids[i]: level for i, (level, _tie) in awards.awards.items()}
    assert {c: r["award"] for c, r in by_code.items() if r["award"]} == expected
    assert sorted(expected.values())[:3] == [1, 2, 3]
    assert {c for c, r in by_code.items() if r["finalist"]} == {ids[i] for i in awards.finalists}
    assert all(r["finalist"] is not None for r in records)
    assert all((r["award_tie"] is None) == (r["award"] is None) for r in records)
    assert [r["award"] for r in records[:3]] == [1, 2, 3]  # winners first

    # What each record names: its page, photo and PDF (absolute), links into published
    # editions only, and hostile texts kept exactly (the CSV neutralised them).
    photo, pdf = by_code[picked["photo"]], by_code[picked["document"]]
    assert photo["page_url"] == f"{BASE}/katalog/{DEMO_CODE}/{picked['photo']}"
    assert photo["photo_url"] == f"{BASE}/katalog/foto/{DEMO_CODE}/{picked['photo']}.jpg"
    assert sum(r["photo_url"] is not None for r in records) == 1
    assert pdf["document_url"] is None  # documents not shown yet
    assert by_code[picked["continues_demo"]]["continues"] == f"{DEMO_CODE}:{picked['photo']}"
    assert by_code[picked["continues_hidden"]]["continues"] is None
    assert by_code[picked["formula"]]["title"] == FORMULA_TITLE
    assert by_code[picked["apostrophe"]]["summary"] == APOSTROPHE_SUMMARY
    raw = client.get("/katalog.csv").get_data().decode("utf-8-sig")
    cells = {row[3]: row for row in csv.reader(io.StringIO(raw, newline=""))}
    title, summary = open_data.COLUMNS.index("title"), open_data.COLUMNS.index("summary")
    assert cells[picked["formula"]][title] == "'" + FORMULA_TITLE  # text to a spreadsheet
    assert cells[picked["apostrophe"]][summary] == "'" + APOSTROPHE_SUMMARY
    assert not any(row[title].startswith(("=", "+", "-", "@")) for row in cells.values())
    # In the workbook the same title is a text cell, not a formula (openpyxl would write one).
    data = client.get("/katalog.xlsx").get_data()
    sheet = load_workbook(io.BytesIO(data))[open_data_xlsx.DATA_SHEET]
    written = [
        row[title] for row in sheet.iter_rows(min_row=2) if row[3].value == picked["formula"]
    ]
    assert [(c.value, c.data_type, c.quotePrefix) for c in written] == [(FORMULA_TITLE, "s", True)]
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")

    with transaction(engine) as session:
        catalogue.publish(
            session, DEMO_CODE, by="panitia", show_documents=True, show_innovators=True
        )
    document, records = _downloads(client)
    by_code = {r["code"]: r for r in records}
    assert by_code[picked["document"]]["document_url"] == (
        f"{BASE}/katalog/dokumen/{DEMO_CODE}/{picked['document']}.pdf"
    )
    assert sum(r["innovator"] is not None for r in records) >= len(records) // 2

    # /katalog's filters narrow the downloads; its page does not.
    winners, _ = _downloads(client, "?juara=1&halaman=2")
    assert sorted(r["award"] for r in winners["innovations"]) == sorted(expected.values())
    unit = records[0]["opd_code"]
    narrowed, _ = _downloads(client, f"?opd={unit}")
    assert 0 < narrowed["count"] < document["count"]
    assert {r["opd_code"] for r in narrowed["innovations"]} == {unit}
    hidden, _ = _downloads(client, f"?edisi={UNPUBLISHED}")
    assert hidden["count"] == 0


def test_the_schema_documents_every_field_in_both_languages(site):
    app, _engine, _picked = site
    client = app.test_client()
    schemas = {
        lang: client.get(f"{open_data.SCHEMA_PATH}?lang={lang}").get_json(force=True)
        for lang in ("id", "en")
    }
    for lang, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        record = schema["$defs"]["innovation"]
        assert list(record["properties"]) == list(open_data.COLUMNS) == schema["x-csv-columns"]
        assert set(record["required"]) == set(open_data.COLUMNS)
        assert all(p["description"] for p in record["properties"].values()), lang
        assert schema["$id"] == f"{BASE}{open_data.SCHEMA_PATH}"
    assert schemas["id"]["title"] != schemas["en"]["title"]
    assert "BOM" in schemas["en"]["description"] and "true/false" in schemas["id"]["description"]


def test_answers_are_cached_by_version_and_set_no_cookie(site):
    app, engine, _picked = site
    anonymous = app.test_client()
    admin = client_as(app, "admin")
    with transaction(engine) as session:
        catalogue.publish(session, DEMO_CODE, by="panitia")
    for path in (
        "/katalog.json",
        "/katalog.csv",
        "/katalog.xlsx",
        "/sitemap.xml",
        "/robots.txt",
        open_data.SCHEMA_PATH,
    ):
        for client in (anonymous, admin):
            first = client.get(f"{path}?lang=en", headers={"Accept-Encoding": "gzip"})
            assert first.status_code == 200, path
            assert first.headers["Cache-Control"] == "public, no-cache", path
            assert "Set-Cookie" not in first.headers, (path, first.headers.get("Set-Cookie"))
            assert "Cookie" not in first.headers.get("Vary", ""), path
            tag = first.headers["ETag"]
            again = client.get(f"{path}?lang=en", headers={"If-None-Match": tag})
            assert again.status_code == 304 and again.get_data() == b"", path
            assert "Set-Cookie" not in again.headers
    assert anonymous.get_cookie(LANGUAGE_COOKIE) is None
    before = anonymous.get("/katalog.json").headers["ETag"]
    narrowed = anonymous.get("/katalog.json?juara=1").headers["ETag"]
    assert narrowed != before
    with transaction(engine) as session:
        catalogue.publish(session, DEMO_CODE, by="panitia", show_innovators=True)
    changed = anonymous.get("/katalog.json", headers={"If-None-Match": before})
    assert changed.status_code == 200 and changed.headers["ETag"] != before


def test_sitemap_names_every_public_page_and_robots_opens_only_the_catalogue(site):
    app, engine, _picked = site
    client = app.test_client()
    with transaction(engine) as session:
        catalogue.publish(session, DEMO_CODE, by="panitia")
        loaded = catalogue.load_catalogue(session)
    answer = client.get("/sitemap.xml")
    assert answer.status_code == 200 and answer.mimetype == "application/xml"
    root = ElementTree.fromstring(answer.get_data())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text or "" for loc in root.findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs)) == 4 + len(loaded.entries) + len(loaded.units)
    assert all(loc.startswith(f"{BASE}/katalog") for loc in locs)
    assert UNPUBLISHED not in answer.get_data(as_text=True)
    asked = 0
    for loc in locs:
        path = loc.removeprefix(BASE)
        assert client.get(path).status_code == 200, path
        asked += 1
    assert asked >= 2
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots.mimetype == "text/plain"
    parser = RobotFileParser()
    parser.parse(robots.get_data(as_text=True).splitlines())
    for path in (
        "/katalog",
        "/katalog.csv",
        "/katalog.json",
        "/katalog.xlsx",
        f"/katalog/{DEMO_CODE}/X",
        "/sitemap.xml",
        "/assets/kipp.css",
    ):
        assert parser.can_fetch("Googlebot", f"{BASE}{path}"), path
    for path in ("/", "/kendali", "/kelola-katalog", "/login", "/kiosk", "/katalog?cari=air"):
        assert not parser.can_fetch("Googlebot", f"{BASE}{path}"), path
    assert parser.site_maps() == [f"{BASE}/sitemap.xml"]


def test_the_workbook_keeps_formula_looking_text_as_text():
    """ "=1+1" and its kin are string cells that read back as written, never formulas."""
    texts = {"title": "=1+1", "summary": "+62 812", "unit_name": "-5", "category": "@SUM(A1)"}
    record = {name: None for name in open_data.COLUMNS} | texts
    record |= {"innovator": "'kutip", "year": 2022, "award": 1, "award_tie": False}
    record |= {"finalist": True, "page_url": f"{BASE}/katalog/X/1", "code": "1"}
    about = open_data_xlsx.About(
        source=f"{BASE}/katalog.xlsx",
        page=f"{BASE}/katalog",
        schema=f"{BASE}/s.json",
        made_at=datetime(2022, 11, 17, 3, 5, tzinfo=UTC),
        version="v1",
        filters=[],
        lang="id",
    )
    data = open_data_xlsx.xlsx_bytes([record], about)
    assert sheet_records(data, open_data_xlsx.DATA_SHEET)[1] == [record]
    sheet = load_workbook(io.BytesIO(data))[open_data_xlsx.DATA_SHEET]
    cells = {c.value: c for c in sheet[2] if isinstance(c.value, str)}
    for value in texts.values():
        assert (cells[value].data_type, cells[value].quotePrefix) == ("s", True), value
    assert (cells["'kutip"].data_type, cells["'kutip"].quotePrefix) == ("s", False)
    assert sheet.freeze_panes == "A2" and all(c.font.b for c in sheet[1])
    assert sheet.column_dimensions["O"].width >= len("finalist")
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    info = [row for row in load_workbook(io.BytesIO(data))["Info"].iter_rows(values_only=True)]
    assert ("Dibuat pada", "Kamis, 17 November 2022 pukul 10.05 WIB") in info


def _info(data: bytes) -> dict[str, object]:
    rows = load_workbook(io.BytesIO(data), read_only=True)["Info"].iter_rows(values_only=True)
    return {str(row[0]): row[1] for row in rows if row and row[0]}


def test_the_workbook_names_its_source_time_and_filters_as_the_printed_list_does(site):
    app, engine, _picked = site
    client = app.test_client()
    with transaction(engine) as session:
        catalogue.publish(session, DEMO_CODE, by="panitia")
        year = catalogue.load_catalogue(session).editions[0].year
    query = f"?tahun={year}&opd=DKK"
    before = datetime.now(UTC)
    answer = client.get(f"/katalog.xlsx{query}")
    made = {format_datetime(moment) for moment in (before, datetime.now(UTC))}
    info = _info(answer.get_data())
    assert info["Sumber"] == f"{BASE}/katalog.xlsx{query}"
    assert info["Halaman katalog"] == f"{BASE}/katalog{query}"
    assert str(info["Isi"]).startswith("Setiap inovasi") and "title" in info  # column notes
    assert info["Dibuat pada"] in made and str(info["Dibuat pada"]).endswith("WIB")
    page = html.unescape(client.get(f"/katalog{query}").get_data(as_text=True))
    printed = re.search(r'<p class="katalog-print-filters">Disaring: ([^<]+)</p>', page)
    assert printed and info["Saringan"] == printed.group(1)
    assert f"Tahun: {year}" in printed.group(1) and "Perangkat daerah: " in printed.group(1)
    links = re.findall(r'<a href="(/katalog\.[a-z]+[^"]*)" class="katalog-data-', page)
    assert links == [f"/katalog.{kind}{query}" for kind in ("xlsx", "csv", "json")]
    assert info["Jumlah inovasi"] == len(sheet_records(answer.get_data(), "Katalog")[1]) > 0
    assert _info(client.get("/katalog.xlsx").get_data())["Saringan"] == (
        "Tanpa saringan: seluruh katalog"
    )
    english = client.get(f"/katalog.xlsx{query}&lang=en")
    assert _info(english.get_data())["Source"] == f"{BASE}/katalog.xlsx{query}&lang=en"
    assert english.headers["ETag"] != answer.headers["ETag"]
    assert answer.headers["ETag"].startswith('W/"')  # it states when it was made
    page = html.unescape(client.get(f"/katalog{query}&lang=en").get_data(as_text=True))
    assert f'href="/katalog.xlsx{query}&lang=en"' in page and "Download Excel (XLSX)" in page
    assert "Filtered: " in page


def test_an_unreadable_catalogue_answers_the_workbook_as_the_csv(site):
    """Both say 503, in both languages, never kept; the CSV's rule is the workbook's."""
    app, engine, _picked = site
    client = app.test_client()
    name = CatalogueVersion.__tablename__
    with transaction(engine) as session:
        session.execute(text(f"ALTER TABLE {name} RENAME TO {name}_gone"))
    answers = [client.get(path) for path in ("/katalog.csv", "/katalog.xlsx")]
    with transaction(engine) as session:
        session.execute(text(f"ALTER TABLE {name}_gone RENAME TO {name}"))
    csv_answer, book = answers
    assert csv_answer.status_code == book.status_code == 503
    assert csv_answer.get_data() == book.get_data()
    for header in ("Cache-Control", "Retry-After", "Content-Type"):
        assert csv_answer.headers[header] == book.headers[header], header
    assert client.get("/katalog.xlsx").status_code == 200
