"""The public catalogue's pages: /katalog, an innovation's page, a unit's page, photos, PDFs.

Plain server-rendered HTML (templates/katalog/), readable without JavaScript, for anyone:
no login, no session read and no cookie set (the language is the address's alone:
`?lang=en`, see dashboard/language.py). Only what `catalogue.load_catalogue` holds is
shown: published editions, public fields, awards once the reveal reached "all"; an
address of an unpublished edition gets the same 404 as an unknown one.

Every page is kept as bytes per catalogue version (dashboard/catalogue_data.py) and
tagged with the digest of its bytes; a browser revalidates each time ("no-cache") and
gets 304 while nothing moved, so an award shows as soon as the reveal reached all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from flask import Blueprint, redirect, render_template, request
from werkzeug.wrappers import Response

from dashboard import catalogue_data as data
from dashboard.catalogue_data import Rendered, rendered
from dashboard.catalogue_view import (
    CATALOGUE_PATH,
    active_filters,
    award_label,
    card,
    count_text,
    document_path,
    downloads,
    edition_text,
    entry_href,
    entry_path,
    lang_query,
    page_links,
    photo_href,
    unit_path,
)
from dashboard.documents_routes import DOCUMENT_CSP, content_disposition
from dashboard.files_routes import IMAGE_CSP
from dashboard.public_url import public_base, public_link
from data_access import catalogue
from data_access.catalogue import UNIT_PAGE_SIZE, Catalogue, CatalogueEntry, Filters
from data_access.i18n import AUTONYMS, LANGUAGES, normalize_lang, t

log = logging.getLogger(__name__)

ITEM_PATH = f"{CATALOGUE_PATH}/<edition>/<innovation>"
UNIT_PATH = f"{CATALOGUE_PATH}/opd/<unit>"
PHOTO_PATH = f"{CATALOGUE_PATH}/foto/<edition>/<innovation>.jpg"
DOCUMENT_PATH = f"{CATALOGUE_PATH}/dokumen/<edition>/<innovation>.pdf"
# Revalidated on every view: a change (an award at the reveal's end) shows at once.
REVALIDATE = "public, no-cache"
# A photo's address carries its stamp: that address's bytes never change, but an edition
# withdrawn from the catalogue (or a photo removed) must leave the caches soon: an hour.
STAMPED = "public, max-age=3600"
# A PDF's address carries no stamp, and hiding documents must take effect at once: asked
# again every time (its ETag makes that a 304 when it is still the same file).
DOCUMENT_CACHE = REVALIDATE
OG_LOCALES = {"id": "id_ID", "en": "en_US"}

catalogue_pages = Blueprint("catalogue_pages", __name__)


# ---------------------------------------------------------------- answers
def _lang() -> str:
    return normalize_lang(request.args.get("lang"))


def _not_modified(etag: str) -> str | None:
    """Return the tag the browser holds when it is this page's (any encoding's), else None."""
    held = request.if_none_match
    for candidate in (etag, f"{etag}:br", f"{etag}:gzip"):
        if held.contains_weak(candidate):
            return candidate
    return None


def _html(page: Rendered) -> Response:
    """Send a page (or 304 when the browser holds it), revalidated on every view."""
    if page.status == 200:
        held = _not_modified(page.etag)
        if held is not None:
            response = Response(status=304)
            response.set_etag(held)
            response.headers["Cache-Control"] = REVALIDATE
            return response
    response = Response(page.body, status=page.status, content_type="text/html; charset=utf-8")
    if page.status == 200:
        response.set_etag(page.etag)
    response.headers["Cache-Control"] = REVALIDATE
    return response


def _page(render: Callable[[Catalogue, str], Rendered], lang: str, query: str = "") -> Response:
    """Answer a catalogue page: kept bytes at the current version, else drawn now."""
    parts = (lang, public_base(), request.path, query)
    try:
        with data.reading() as session:
            page = data.page_for(session, parts, lambda found: render(found, lang))
    except data.DatabaseProblem as exc:
        log.warning("katalog: database not readable: %s", getattr(exc, "orig", None) or exc)
        return _unavailable(lang)
    return _html(page)


def _frame(lang: str, path: str, query: str = "", **changes: str) -> dict[str, Any]:
    """Return what the frame needs: the language switch, canonical and alternate links."""
    switch = [
        {
            "lang": code,
            "label": code.upper(),
            "name": AUTONYMS[code],
            "href": path + (changes.get(code) or lang_query(code)),
            "current": code == lang,
        }
        for code in LANGUAGES
    ]
    return {
        "lang": lang,
        "t": lambda key, **values: t(key, lang, **values),
        "home": CATALOGUE_PATH + lang_query(lang),
        "login": "/login" + lang_query(lang),
        "switch": switch,
        # Each language's page is its own canonical (the list's query carries its lang; an
        # innovation's or a unit's page gets it here): an English page shared opens English.
        "canonical": public_link(path + (query or lang_query(lang))),
        "alternates": [{"lang": s["lang"], "href": public_link(str(s["href"]))} for s in switch],
        "og_locale": OG_LOCALES[lang],
        "site": t("katalog.site", lang),
    }


def _render(template: str, status: int = 200, **context: object) -> Rendered:
    return rendered(status, render_template(template, **context))


def _message(lang: str, key: str, status: int) -> Rendered:
    """Return a short page of the catalogue's frame: a title, a paragraph, a way back."""
    return _render(
        "katalog/message.html",
        status,
        **_frame(lang, request.path),
        title=t(f"{key}.title", lang),
        body=t(f"{key}.body", lang),
        description=t(f"{key}.body", lang),
        robots="noindex",
    )


def _not_found(lang: str) -> Rendered:
    return _message(lang, "katalog.not_found", 404)


def _unavailable(lang: str) -> Response:
    page = _message(lang, "katalog.unavailable", 503)
    response = Response(page.body, status=503, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Retry-After"] = "10"
    return response


# ---------------------------------------------------------------- the list
def _canonical_redirect(filters: Filters, lang: str) -> Response | None:
    """Send a list address not in its one form (a form's empty fields, `q=`) to that form."""
    query = filters.query(lang)
    asked = [(name, value) for name, value in request.args.items(multi=True)]
    if asked == parse_qsl(query.lstrip("?")):
        return None
    answer = redirect(CATALOGUE_PATH + query, code=302)
    answer.headers["Cache-Control"] = REVALIDATE
    return answer


@catalogue_pages.get(CATALOGUE_PATH)
def catalogue_list():
    """Show the published innovations, newest edition first, searched and filtered."""
    lang = _lang()
    filters = Filters.from_args(request.args)
    moved = _canonical_redirect(filters, lang)
    if moved is not None:
        return moved
    return _page(lambda found, lang: _list_page(found, filters, lang), lang, filters.query(lang))


def _list_page(found: Catalogue, filters: Filters, lang: str) -> Rendered:
    if not found.editions:
        return _render(
            "katalog/message.html",
            **_frame(lang, CATALOGUE_PATH),
            title=t("katalog.closed.title", lang),
            body=t("katalog.closed.body", lang),
            description=t("katalog.closed.body", lang),
            closed=True,
        )
    results = catalogue.search(found, filters)
    shown = results.filters
    switch = {code: shown.query(code) for code in LANGUAGES}
    return _render(
        "katalog/list.html",
        **_frame(lang, CATALOGUE_PATH, shown.query(lang), **switch),
        title=t("katalog.title", lang),
        description=t("katalog.description", lang),
        filters=shown,
        facets=catalogue.facets(found),
        chips=active_filters(shown, found, lang),
        count=count_text(results, lang),
        downloads=downloads(shown, lang),
        cards=[card(entry, lang) for entry in results.entries],
        pages=page_links(results, lang),
        previous=CATALOGUE_PATH + shown.query(lang, page=results.page - 1)
        if results.page > 1
        else None,
        next=CATALOGUE_PATH + shown.query(lang, page=results.page + 1)
        if results.page < results.pages
        else None,
        page_of=t("katalog.page.of", lang, page=results.page, pages=results.pages),
    )


# ---------------------------------------------------------------- an innovation
@catalogue_pages.get(ITEM_PATH)
def catalogue_item(edition: str, innovation: str):
    """Show one innovation of a published edition (404 for any other)."""
    return _page(lambda found, lang: _item_page(found, edition, innovation, lang), _lang())


def _item_page(found: Catalogue, edition: str, innovation: str, lang: str) -> Rendered:
    entry = found.entry(edition, innovation)
    if entry is None:
        return _not_found(lang)
    summary = entry.summary or t(
        "katalog.item.description", lang, unit=entry.unit_name, edition=entry.edition_name
    )
    photo = public_link(photo_href(entry, small=False)) if entry.has_photo else None
    lineage = [
        {
            "href": entry_href(other, lang),
            "title": other.title,
            "when": edition_text(other.edition_name, other.year, lang),
            "award": award_label(other, lang),
        }
        for other in found.lineage(entry)
    ]
    return _render(
        "katalog/item.html",
        **_frame(lang, entry_path(entry)),
        title=entry.title,
        description=summary[:300],
        og_type="article",
        og_image=photo,
        og_image_alt=entry.photo_alt,
        entry=entry,
        award=award_label(entry, lang),
        photo=photo_href(entry, small=False) if entry.has_photo else None,
        document=document_path(entry) if entry.has_document else None,
        unit_href=unit_path(entry.unit_code) + lang_query(lang),
        opd_href=unit_path(entry.opd_code) + lang_query(lang),
        edition_href=CATALOGUE_PATH + Filters(edition=entry.edition_code).query(lang),
        category_href=CATALOGUE_PATH + Filters(category=entry.category).query(lang),
        lineage=lineage,
    )


# ---------------------------------------------------------------- a unit
@catalogue_pages.get(UNIT_PATH)
def catalogue_unit(unit: str):
    """Show everything a unit (and its sub-units) entered, edition by edition."""
    return _page(lambda found, lang: _unit_page(found, unit, lang), _lang())


def _unit_page(found: Catalogue, code: str, lang: str) -> Rendered:
    entries = [entry for entry in found.entries if code in entry.unit_path]
    if not entries or code not in found.units:
        return _not_found(lang)
    name = found.units[code][0]
    groups: list[dict[str, Any]] = []
    for edition in found.editions:
        own = [entry for entry in entries if entry.edition_code == edition.code]
        if own:
            title = edition_text(edition.name, edition.year, lang)
            # A page's worth per edition (DKK with its puskesmas has hundreds in each):
            # the rest is one link away, in the list filtered by unit and edition.
            more = len(own) > UNIT_PAGE_SIZE
            groups.append(
                {
                    "id": f"edisi-{len(groups) + 1}",
                    "title": title,
                    "count": t("katalog.count", lang, count=len(own))
                    if len(own) != 1
                    else t("katalog.count.one", lang),
                    "cards": [card(entry, lang) for entry in own[:UNIT_PAGE_SIZE]],
                    "all_href": CATALOGUE_PATH
                    + Filters(unit=code, edition=edition.code).query(lang)
                    if more
                    else None,
                    "all_text": t("katalog.unit.all", lang, count=len(own)) if more else "",
                    "all_where": t("katalog.unit.all_where", lang, edition=title),
                }
            )
    parent = _parent(entries, code)
    return _render(
        "katalog/unit.html",
        **_frame(lang, unit_path(code)),
        title=name,
        description=t("katalog.unit.description", lang, unit=name),
        unit_name=name,
        parent=parent,
        parent_href=unit_path(parent[0]) + lang_query(lang) if parent else None,
        filter_href=CATALOGUE_PATH + Filters(unit=code).query(lang),
        groups=groups,
    )


def _parent(entries: list[CatalogueEntry], code: str) -> tuple[str, str] | None:
    """Return the unit's OPD (code, name) when the unit is not an OPD itself."""
    for entry in entries:
        if entry.opd_code and entry.opd_code != code:
            return entry.opd_code, entry.opd_name
    return None


# ---------------------------------------------------------------- files
def _file_not_found() -> Response:
    return _html(_not_found(_lang()))


@catalogue_pages.get(PHOTO_PATH)
def catalogue_photo(edition: str, innovation: str):
    """Send an innovation's photo (`?ukuran=kecil`: its thumbnail), published editions only."""
    small = request.args.get("ukuran") == "kecil"
    try:
        with data.reading() as session:
            entry = data.record(session).entry(edition, innovation)
            found = (
                data.photo(session, edition, innovation, small=small)
                if entry is not None and entry.has_photo
                else None
            )
    except data.DatabaseProblem as exc:
        log.warning("katalog: photo not readable: %s", getattr(exc, "orig", None) or exc)
        return Response(status=503, headers={"Cache-Control": "no-store"})
    if entry is None or found is None:
        return _file_not_found()
    content_type, body = found
    etag = f"{entry.photo_stamp}{'-kecil' if small else ''}"
    response = Response(body, mimetype=content_type)
    response.set_etag(etag)
    fresh = request.args.get("v") == entry.photo_stamp
    response.headers["Cache-Control"] = STAMPED if fresh else REVALIDATE
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


@catalogue_pages.get(DOCUMENT_PATH)
def catalogue_document(edition: str, innovation: str):
    """Send an innovation's proposal PDF when the committee made documents public."""
    try:
        with data.reading() as session:
            entry = data.record(session).entry(edition, innovation)
            found = (
                data.document(session, edition, innovation)
                if entry is not None and entry.has_document
                else None
            )
    except data.DatabaseProblem as exc:
        log.warning("katalog: document not readable: %s", getattr(exc, "orig", None) or exc)
        return Response(status=503, headers={"Cache-Control": "no-store"})
    if found is None:
        return _file_not_found()
    response = Response(found.data, mimetype="application/pdf")
    response.set_etag(f"{found.info.uploaded_at:%Y%m%d%H%M%S%f}-{found.info.size}")
    response.headers["Content-Disposition"] = content_disposition(found.info.filename)
    response.headers["Cache-Control"] = DOCUMENT_CACHE
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


# Talisman reads a view's own options: a photo gets the strictest policy, a PDF the viewer's.
catalogue_photo.talisman_view_options = {"content_security_policy": IMAGE_CSP}  # type: ignore[attr-defined]
catalogue_document.talisman_view_options = {"content_security_policy": DOCUMENT_CSP}  # type: ignore[attr-defined]
