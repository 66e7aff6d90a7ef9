"""Searching the catalogue: the filters of an address, the matching entries, one page of them.

Every state of /katalog is an address a person can read and share: the parameters, in one
order, are `cari` (words of the title, unit or summary; accents and case ignored),
`edisi` (an edition's code), `tahun`, `opd` (a unit's code: its own innovations and its
sub-units'), `kategori`, `juara=1` (winners only) and `halaman`. A value the catalogue
does not know matches nothing; it is never an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from data_access.catalogue.record import Catalogue, CatalogueEntry, fold

PAGE_SIZE = 24
# A unit's page shows this many per edition, then links the list filtered by unit and edition.
UNIT_PAGE_SIZE = 12
# Longer search texts are cut: nothing in the catalogue needs more to be found.
MAX_QUERY = 200
MAX_PAGE = 100_000
# The parameters, in the order every link writes them.
PARAMS = ("cari", "edisi", "tahun", "opd", "kategori", "juara", "halaman")


@dataclass(frozen=True)
class Filters:
    """What a reader asked the catalogue for."""

    text: str = ""
    edition: str = ""
    year: int | None = None
    unit: str = ""
    category: str = ""
    winners_only: bool = False
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        """Read the filters from an address's parameters (`q` is read as `cari`)."""
        text = " ".join((args.get("cari") or args.get("q") or "").split())[:MAX_QUERY]
        year_text = (args.get("tahun") or "").strip()
        page_text = (args.get("halaman") or "").strip()
        page = int(page_text) if page_text.isdigit() and len(page_text) < 7 else 1
        return cls(
            text=text,
            edition=(args.get("edisi") or "").strip()[:64],
            year=int(year_text) if year_text.isdigit() and len(year_text) == 4 else None,
            unit=(args.get("opd") or "").strip()[:64],
            category=(args.get("kategori") or "").strip()[:120],
            winners_only=(args.get("juara") or "").strip() in ("1", "ya", "yes"),
            page=min(max(page, 1), MAX_PAGE),
        )

    @property
    def active(self) -> bool:
        """Return True when anything narrows the list (the page then says what)."""
        return bool(
            self.text
            or self.edition
            or self.year
            or self.unit
            or self.category
            or self.winners_only
        )

    def params(self, **changes: object) -> list[tuple[str, str]]:
        """Return the address's parameters in their one order, with these changes made."""
        filters = replace(self, **changes) if changes else self  # type: ignore[arg-type]
        values = {
            "cari": filters.text,
            "edisi": filters.edition,
            "tahun": str(filters.year) if filters.year else "",
            "opd": filters.unit,
            "kategori": filters.category,
            "juara": "1" if filters.winners_only else "",
            "halaman": str(filters.page) if filters.page > 1 else "",
        }
        return [(name, values[name]) for name in PARAMS if values[name]]

    def query(self, lang: str = "id", **changes: object) -> str:
        """Return "?opd=...&tahun=..." for these filters (with changes), "" when none."""
        params = self.params(**changes)
        if lang != "id":
            params.append(("lang", lang))
        return f"?{urlencode(params)}" if params else ""


@dataclass(frozen=True)
class Results:
    """One page of the entries that match, with what the page needs to link the others."""

    filters: Filters
    total: int
    page: int
    pages: int
    entries: tuple[CatalogueEntry, ...]

    @property
    def first_number(self) -> int:
        """Return the position of the page's first entry (1-based), 0 when none."""
        return (self.page - 1) * PAGE_SIZE + 1 if self.total else 0

    @property
    def last_number(self) -> int:
        """Return the position of the page's last entry."""
        return self.first_number + len(self.entries) - 1 if self.total else 0


def matches(entry: CatalogueEntry, filters: Filters, words: list[str]) -> bool:
    """Return True when the entry is one the filters ask for."""
    if filters.edition and entry.edition_code != filters.edition:
        return False
    if filters.year and entry.year != filters.year:
        return False
    if filters.unit and filters.unit not in entry.unit_path:
        return False
    if filters.category and fold(entry.category) != fold(filters.category):
        return False
    if filters.winners_only and entry.award is None:
        return False
    return all(word in entry.search_text for word in words)


def matching(catalogue: Catalogue, filters: Filters) -> list[CatalogueEntry]:
    """Return every entry the filters ask for, in the record's order (what `matches` keeps).

    One tight pass per filter given rather than a call per entry and filter: a search of
    5,000 entries cost 5 ms a page that way; no filter costs nothing.
    """
    found: list[CatalogueEntry] | tuple[CatalogueEntry, ...] = catalogue.entries
    if filters.edition:
        found = [e for e in found if e.edition_code == filters.edition]
    if filters.year:
        found = [e for e in found if e.year == filters.year]
    if filters.unit:
        found = [e for e in found if filters.unit in e.unit_path]
    if filters.category:
        category = fold(filters.category)
        found = [e for e in found if fold(e.category) == category]
    if filters.winners_only:
        found = [e for e in found if e.award is not None]
    for word in fold(filters.text).split():
        found = [e for e in found if word in e.search_text]
    return list(found)


def search(catalogue: Catalogue, filters: Filters) -> Results:
    """Return the page of entries the filters ask for (a page past the end: the last one)."""
    found = matching(catalogue, filters)
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(filters.page, pages)
    start = (page - 1) * PAGE_SIZE
    return Results(
        filters=replace(filters, page=page),
        total=len(found),
        page=page,
        pages=pages,
        entries=tuple(found[start : start + PAGE_SIZE]),
    )


def facets(catalogue: Catalogue) -> dict[str, list[tuple[str, str]]]:
    """Return the choices the filter form offers: (value, label) per filter, from the data.

    The OPDs and categories are the record's own (`Catalogue.opds`, `.categories`: made
    when an edition's part is, not per page: walking 5,000 entries cost 10 ms a list page).
    """
    editions = [(e.code, e.name) for e in catalogue.editions]
    years = sorted({e.year for e in catalogue.editions}, reverse=True)
    opds, categories = catalogue.opds, catalogue.categories
    return {
        "edisi": editions,
        "tahun": [(str(year), str(year)) for year in years],
        "opd": sorted(opds.items(), key=lambda item: fold(item[1])),
        "kategori": sorted(((v, v) for v in categories.values()), key=lambda i: fold(i[0])),
    }
