"""What the catalogue's pages show of an entry and of a search, as plain values (no database).

The routes (dashboard/catalogue_routes.py) give these to the templates under
templates/katalog/. Addresses carry the language only when it is not Indonesian
(`?lang=en`), and a list's filters in their one order (`Filters.query`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import quote, urlencode

from data_access.catalogue import Catalogue, CatalogueEntry, Filters, Results
from data_access.catalogue.open_data import CSV_PATH, JSON_PATH
from data_access.catalogue.open_data_xlsx import XLSX_PATH
from data_access.formatting import format_number
from data_access.i18n import DEFAULT_LANG, t

CATALOGUE_PATH = "/katalog"
SUMMARY_CHARS = 200
# Page numbers shown around the current page (and the first and last always).
PAGE_WINDOW = 2


def lang_query(lang: str, **params: str) -> str:
    """Return "?a=b&lang=en" for these parameters (lang only when not Indonesian), or ""."""
    pairs = [(name, value) for name, value in params.items() if value]
    if lang != DEFAULT_LANG:
        pairs.append(("lang", lang))
    return f"?{urlencode(pairs)}" if pairs else ""


def segment(value: str) -> str:
    """Return a code as one path segment (a slash or a space in a code stays inside it)."""
    return quote(value, safe="")


def entry_path(entry: CatalogueEntry) -> str:
    """Return an innovation page's path."""
    return f"{CATALOGUE_PATH}/{segment(entry.edition_code)}/{segment(entry.code)}"


def entry_href(entry: CatalogueEntry, lang: str) -> str:
    """Return an innovation page's address in a language."""
    return entry_path(entry) + lang_query(lang)


def unit_path(code: str) -> str:
    """Return a unit page's path."""
    return f"{CATALOGUE_PATH}/opd/{segment(code)}"


def photo_href(entry: CatalogueEntry, *, small: bool) -> str:
    """Return the photo's address; its stamp makes a new photo a new address."""
    path = f"{CATALOGUE_PATH}/foto/{segment(entry.edition_code)}/{segment(entry.code)}.jpg"
    params = [("ukuran", "kecil")] if small else []
    params.append(("v", entry.photo_stamp or ""))
    return f"{path}?{urlencode(params)}"


def document_path(entry: CatalogueEntry) -> str:
    """Return the public proposal PDF's address."""
    return f"{CATALOGUE_PATH}/dokumen/{segment(entry.edition_code)}/{segment(entry.code)}.pdf"


def edition_text(edition_name: str, year: int, lang: str) -> str:
    """Return "KIPP 2022 (Demo)", or "Edisi Khusus · 2021" when the name has no year."""
    if str(year) in edition_name:
        return edition_name
    return t("katalog.edition_year", lang, edition=edition_name, year=year)


def short_summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """Return the summary cut at a word near `limit` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


def award_label(entry: CatalogueEntry, lang: str) -> str | None:
    """Return "Juara II", "Juara II (bersama)" on a tie, or None without a public award."""
    if entry.award is None:
        return None
    label = t(f"katalog.award.{entry.award}", lang)
    return t("katalog.award.tie", lang, award=label) if entry.award_tie else label


def unit_label(entry: CatalogueEntry) -> str:
    """Return the unit as a card names it: its name, and its OPD when another.

    The full name, as the filters and the unit pages write it: "DKK" or "BKPSDM" means
    nothing to a reader outside the regency's offices.
    """
    name = entry.unit_name or entry.unit_short_name
    if entry.opd_code and entry.opd_code != entry.unit_code and entry.opd_name:
        return f"{name} · {entry.opd_name}"
    return name


@dataclass(frozen=True)
class Card:
    """One entry as a list shows it."""

    href: str
    title: str
    unit: str
    category: str
    when: str
    summary: str
    award: str | None
    award_level: int | None
    finalist: bool
    thumbnail: str | None
    thumbnail_alt: str


def card(entry: CatalogueEntry, lang: str) -> Card:
    """Return an entry's card: a title linking to its page, unit, when, summary, badges."""
    return Card(
        href=entry_href(entry, lang),
        title=entry.title,
        unit=unit_label(entry),
        category=entry.category,
        when=edition_text(entry.edition_name, entry.year, lang),
        summary=short_summary(entry.summary),
        award=award_label(entry, lang),
        award_level=entry.award,
        finalist=entry.finalist and entry.award is None,
        thumbnail=photo_href(entry, small=True) if entry.has_photo else None,
        # The title follows the picture as a link: only a caption says more than it.
        thumbnail_alt=entry.photo_caption or "",
    )


def count_text(results: Results, lang: str) -> str:
    """Return "32 inovasi", or "Menampilkan 25–32 dari 32 inovasi" past one page."""
    count = format_number(results.total, lang=lang)
    if results.pages > 1:
        return t(
            "katalog.count.range",
            lang,
            first=format_number(results.first_number, lang=lang),
            last=format_number(results.last_number, lang=lang),
            count=count,
        )
    if results.total == 1:
        return t("katalog.count.one", lang)
    return t("katalog.count", lang, count=count)


@dataclass(frozen=True)
class Chip:
    """An active filter, with the address of the list without it."""

    label: str
    href: str


def active_filters(filters: Filters, catalogue: Catalogue, lang: str) -> list[Chip]:
    """Return the filters in use, each with a link that removes it (back to page 1)."""
    base = replace(filters, page=1)
    chips: list[Chip] = []

    def add(label: str, **without: object) -> None:
        chips.append(Chip(label, CATALOGUE_PATH + base.query(lang, **without)))

    if filters.text:
        add(t("katalog.active.search", lang, text=filters.text), text="")
    if filters.edition:
        found = catalogue.edition(filters.edition)
        name = found.name if found else filters.edition
        add(f"{t('katalog.filter.edisi', lang)}: {name}", edition="")
    if filters.year:
        add(f"{t('katalog.filter.tahun', lang)}: {filters.year}", year=None)
    if filters.unit:
        unit = catalogue.units.get(filters.unit)
        add(f"{t('katalog.filter.opd', lang)}: {unit[0] if unit else filters.unit}", unit="")
    if filters.category:
        add(f"{t('katalog.filter.kategori', lang)}: {filters.category}", category="")
    if filters.winners_only:
        add(t("katalog.active.winners", lang), winners_only=False)
    return chips


@dataclass(frozen=True)
class Download:
    """One download of a list's results: its words, its address and its kind."""

    label: str
    href: str
    kind: str


def downloads(filters: Filters, lang: str) -> list[Download]:
    """Return the open data of a list's filters (every page): the workbook first, then CSV, JSON.

    The workbook's Info sheet speaks the reader's language; the CSV and JSON have no words.
    """
    every = replace(filters, page=1)
    return [
        Download(t("katalog.data.xlsx", lang), XLSX_PATH + every.query(lang), "xlsx"),
        Download(t("katalog.data.csv", lang), CSV_PATH + every.query(), "csv"),
        Download(t("katalog.data.json", lang), JSON_PATH + every.query(), "json"),
    ]


@dataclass(frozen=True)
class PageLink:
    """One link of the pagination: a number (None for a gap), its address, current or not."""

    number: int | None
    href: str
    current: bool = False


def page_numbers(page: int, pages: int, window: int = PAGE_WINDOW) -> list[int | None]:
    """Return the page numbers to link: 1, a gap (None), page±window, a gap, the last."""
    shown = {1, pages, *range(max(1, page - window), min(pages, page + window) + 1)}
    numbers: list[int | None] = []
    for number in sorted(shown):
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def page_links(results: Results, lang: str) -> list[PageLink]:
    """Return the numbered links of a result's pages (none for a single page)."""
    if results.pages <= 1:
        return []
    filters = results.filters
    return [
        PageLink(None, "")
        if number is None
        else PageLink(
            number, CATALOGUE_PATH + filters.query(lang, page=number), number == results.page
        )
        for number in page_numbers(results.page, results.pages)
    ]
