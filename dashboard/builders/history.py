"""Pure builders of the score history: its address (/riwayat-nilai) and its table."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

HISTORY_PATH = "/riwayat-nilai"
HISTORY_XLSX_PATH = "/riwayat-nilai.xlsx"
# Lines per page, newest first (?halaman=N, as /audit pages); the XLSX holds them all.
HISTORY_PAGE_SIZE = 100


def history_href(
    edition: str,
    *,
    juror: str | None = None,
    innovation: str | None = None,
    stage: str | None = None,
    lang: str | None = None,
    xlsx: bool = False,
    page: int = 1,
) -> str:
    """Return the address of a history narrowed to a juror, an innovation and/or a stage
    (the page's `page`, newest first; the first page's address names none)."""
    query: list[tuple[str, str]] = [("edition", edition)]
    for name, value in (("juror", juror), ("innovation", innovation), ("stage", stage)):
        if value is not None:
            query.append((name, value))
    if lang is not None:
        query.append(("lang", lang))
    if page > 1 and not xlsx:
        query.append(("halaman", str(page)))
    return f"{HISTORY_XLSX_PATH if xlsx else HISTORY_PATH}?{urlencode(query)}"


def page_count(total: int, size: int = HISTORY_PAGE_SIZE) -> int:
    """Return how many pages `total` lines fill (one, even when there are none)."""
    return max(1, -(-total // size))


def asked_page(value: str | None, pages: int) -> int:
    """Return the page a ?halaman= value asks for, within 1..pages (1 when it is no number)."""
    try:
        number = int((value or "1").strip()[:9])
    except ValueError:
        return 1
    return min(max(number, 1), pages)


def newest_page(rows: Sequence, page: int, size: int = HISTORY_PAGE_SIZE) -> list:
    """Return page `page` of an oldest-first history, newest line first."""
    end = len(rows) - (page - 1) * size
    return list(reversed(rows[max(0, end - size) : max(0, end)]))
