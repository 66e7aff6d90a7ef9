"""The catalogue's open data and what search engines read: anonymous, public, cached.

GET /katalog.csv and /katalog.json (every innovation of the published editions, public
fields only: data_access/catalogue/open_data.py; /katalog's filters narrow them, its
`halaman` does not), /katalog.xlsx (the CSV's rows as an Excel workbook with an Info sheet,
`?lang=en` for its words: open_data_xlsx.py), /katalog/skema.json (their JSON Schema,
`?lang=en` for English descriptions), /sitemap.xml (every public catalogue page, absolute)
and /robots.txt.

Nothing here reads the session or sets a cookie (dashboard/language.py PUBLIC_PREFIXES,
dashboard/quiet_sessions.py): the answers are the same bytes for every reader, so any
proxy may keep them ("public, no-cache": kept, and checked with the server on each use).
Their ETag is the catalogue's version (data_access.catalogue.catalogue_version, one small
statement) with the address's filters and the site's public address: a revalidation that
still matches gets 304 before the catalogue is loaded at all. The workbook's ETag is weak:
it states when it was made, so two copies of one version are alike but not the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from xml.etree import ElementTree

from flask import Blueprint, Response, request
from sqlalchemy.exc import SQLAlchemyError

from dashboard.catalogue_data import store as catalogue_store
from dashboard.catalogue_view import CATALOGUE_PATH, active_filters, lang_query
from dashboard.public_url import public_base, public_link
from dashboard.services import services
from data_access import catalogue
from data_access.catalogue import open_data, open_data_xlsx
from data_access.catalogue.search import matching
from data_access.db import transaction
from data_access.i18n import LANGUAGES, normalize_lang, t

log = logging.getLogger(__name__)

CSV_PATH = open_data.CSV_PATH
JSON_PATH = open_data.JSON_PATH
SCHEMA_PATH = open_data.SCHEMA_PATH
XLSX_PATH = open_data_xlsx.XLSX_PATH
SITEMAP_PATH = "/sitemap.xml"
ROBOTS_PATH = "/robots.txt"
PATHS = (CSV_PATH, JSON_PATH, XLSX_PATH, SCHEMA_PATH, SITEMAP_PATH, ROBOTS_PATH)
# Kept by browsers and proxies, asked again (If-None-Match) before each use.
CACHE_CONTROL = "public, no-cache"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
CSV_NAME = "katalog-inovasi-kudus.csv"
XLSX_NAME = "katalog-inovasi-kudus.xlsx"

catalogue_data = Blueprint("catalogue_data", __name__)


def _tag(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _matched_tag(etag: str) -> str | None:
    """Return the If-None-Match tag that names this ETag (as sent), or None.

    A compressed answer's ETag leaves with its encoding appended ("abc:gzip",
    dashboard/compression.py); the browser asks again with that one.
    """
    asked = request.if_none_match
    if asked.star_tag:
        return etag
    for tag in asked.as_set(include_weak=True):
        if tag.split(":", 1)[0] == etag:
            return tag
    return None


def _public(response: Response, etag: str, *, weak: bool = False) -> Response:
    response.set_etag(etag, weak=weak)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def _not_modified(etag: str, *, weak: bool = False) -> Response | None:
    """Return 304 when the reader's copy is this version, else None."""
    matched = _matched_tag(etag)
    if matched is None:
        return None
    return _public(Response(status=304), matched, weak=weak)


def _answer(body: bytes | str, content_type: str, etag: str) -> Response:
    return _not_modified(etag) or _public(Response(body, content_type=content_type), etag)


def _unavailable() -> Response:
    """Answer 503 (both languages, plain text) when the database cannot be read."""
    text = " / ".join(t("catalogue_data.unavailable", lang) for lang in LANGUAGES)
    answer = Response(text + "\n", status=503, content_type="text/plain; charset=utf-8")
    answer.headers["Cache-Control"] = "no-store"
    answer.headers["Retry-After"] = "30"
    return answer


def _from_catalogue(
    kind: str,
    extra: str,
    build: Callable[[catalogue.Catalogue], Response],
    *,
    weak: bool = False,
) -> Response:
    """Answer from the loaded catalogue, or 304 when the reader's copy is still this version."""
    try:
        with transaction(services().engine) as session:
            version = catalogue.catalogue_version(session)
            etag = _tag(kind, version, public_base(), extra)
            unchanged = _not_modified(etag, weak=weak)
            if unchanged is not None:
                return unchanged
            # The record the pages read too: loaded once per version per process.
            loaded = catalogue_store().catalogue(session, version)
    except SQLAlchemyError as exc:
        log.warning("katalog: database not readable: %s", getattr(exc, "orig", exc))
        return _unavailable()
    return _public(build(loaded), etag, weak=weak)


def _filtered(loaded: catalogue.Catalogue, filters: catalogue.Filters):
    return matching(loaded, filters)


def _records(loaded: catalogue.Catalogue, filters: catalogue.Filters) -> list[dict]:
    """Return the CSV's records (the workbook's rows too): one builder, so they never differ."""
    base = public_base()
    return [open_data.record(loaded, entry, base) for entry in _filtered(loaded, filters)]


def _filters() -> tuple[catalogue.Filters, str]:
    """Return the address's filters (its page ignored) and their canonical text for the ETag."""
    filters = catalogue.Filters.from_args(request.args)
    return filters, repr(filters.params(page=1))


@catalogue_data.get(JSON_PATH)
def catalogue_json():
    """Answer the catalogue as a JSON document (the schema at /katalog/skema.json)."""
    filters, key = _filters()

    def build(loaded: catalogue.Catalogue) -> Response:
        found = open_data.document(loaded, _filtered(loaded, filters), public_base())
        body = json.dumps(found, ensure_ascii=False, separators=(",", ":"))
        return Response(body, content_type="application/json; charset=utf-8")

    return _from_catalogue("json", key, build)


@catalogue_data.get(CSV_PATH)
def catalogue_csv():
    """Answer the catalogue as a CSV file (its columns: the schema's record)."""
    filters, key = _filters()

    def build(loaded: catalogue.Catalogue) -> Response:
        body = open_data.csv_bytes(_records(loaded, filters))
        answer = Response(body, content_type="text/csv; charset=utf-8")
        answer.headers["Content-Disposition"] = f'attachment; filename="{CSV_NAME}"'
        return answer

    return _from_catalogue("csv", key, build)


@catalogue_data.get(XLSX_PATH)
def catalogue_xlsx():
    """Answer the catalogue as an Excel workbook: the CSV's rows, and an Info sheet."""
    filters, key = _filters()
    lang = normalize_lang(request.args.get("lang"))
    query = filters.query(lang, page=1)

    def build(loaded: catalogue.Catalogue) -> Response:
        about = open_data_xlsx.About(
            source=public_link(XLSX_PATH + query),
            page=public_link(CATALOGUE_PATH + query),
            schema=public_link(SCHEMA_PATH + lang_query(lang)),
            made_at=datetime.now(UTC),
            version=loaded.version,
            filters=[chip.label for chip in active_filters(filters, loaded, lang)],
            lang=lang,
        )
        body = open_data_xlsx.xlsx_bytes(_records(loaded, filters), about)
        answer = Response(body, content_type=open_data_xlsx.XLSX_TYPE)
        answer.headers["Content-Disposition"] = f'attachment; filename="{XLSX_NAME}"'
        return answer

    return _from_catalogue("xlsx", f"{key}|{lang}", build, weak=True)


@catalogue_data.get(SCHEMA_PATH)
def catalogue_schema():
    """Answer the JSON Schema of the JSON document and of one record (the CSV's columns)."""
    lang = normalize_lang(request.args.get("lang"))
    found = open_data.schema(public_base(), lang)
    body = json.dumps(found, ensure_ascii=False, indent=2)
    return _answer(body, "application/schema+json; charset=utf-8", _tag("schema", body))


def sitemap_paths(loaded: catalogue.Catalogue) -> list[str]:
    """Return every public catalogue page's path: the list, the data, each innovation, each unit."""
    paths = ["/katalog", XLSX_PATH, CSV_PATH, JSON_PATH]
    paths += [open_data.page_path(e.edition_code, e.code) for e in loaded.entries]
    paths += [open_data.unit_path(code) for code in sorted(loaded.units)]
    return paths


@catalogue_data.get(SITEMAP_PATH)
def sitemap():
    """Answer the sitemap: every public catalogue page with its absolute address."""

    def build(loaded: catalogue.Catalogue) -> Response:
        base = public_base()
        urlset = ElementTree.Element("urlset", xmlns=SITEMAP_NS)
        for path in sitemap_paths(loaded):
            ElementTree.SubElement(ElementTree.SubElement(urlset, "url"), "loc").text = base + path
        ElementTree.indent(urlset)
        body = ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True)
        return Response(body, content_type="application/xml; charset=utf-8")

    return _from_catalogue("sitemap", "", build)


def robots_text(base: str) -> str:
    """Return robots.txt: the catalogue (and what its pages load) open, the rest closed.

    The committee's pages are behind the login anyway; closing them keeps crawlers from
    knocking at them at all. Search texts (?cari=, ?q=) are an endless space of pages that
    the sitemap's pages already cover. Rules are listed most specific first, so crawlers
    taking the first match (Python's robotparser) and those taking the longest (RFC 9309)
    read them alike.
    """
    lines = [
        "# KIPP Live: only the public innovation catalogue is for search engines.",
        "User-agent: *",
        "Disallow: /katalog?cari=",
        "Disallow: /katalog?q=",
        "Allow: /katalog",
        f"Allow: {SITEMAP_PATH}",
        "Allow: /assets/",
        "Allow: /favicon.ico",
        "Disallow: /",
        "",
        f"Sitemap: {base}{SITEMAP_PATH}",
    ]
    return "\n".join(lines) + "\n"


@catalogue_data.get(ROBOTS_PATH)
def robots():
    """Answer robots.txt (see robots_text)."""
    body = robots_text(public_base())
    return _answer(body, "text/plain; charset=utf-8", _tag("robots", body))
