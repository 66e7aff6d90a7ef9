"""Pure builders of the score history: its address (/riwayat-nilai) and its table."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

HISTORY_PATH = "/riwayat-nilai"
HISTORY_XLSX_PATH = "/riwayat-nilai.xlsx"
# The page shows at most this many lines (the newest); the XLSX holds them all.
HISTORY_PAGE_MAX = 2000


def history_href(
    edition: str,
    *,
    juror: str | None = None,
    innovation: str | None = None,
    stage: str | None = None,
    lang: str | None = None,
    xlsx: bool = False,
) -> str:
    """Return the address of a history narrowed to a juror, an innovation and/or a stage."""
    query: list[tuple[str, str]] = [("edition", edition)]
    for name, value in (("juror", juror), ("innovation", innovation), ("stage", stage)):
        if value is not None:
            query.append((name, value))
    if lang is not None:
        query.append(("lang", lang))
    return f"{HISTORY_XLSX_PATH if xlsx else HISTORY_PATH}?{urlencode(query)}"


def newest(rows: Sequence, limit: int = HISTORY_PAGE_MAX) -> list:
    """Return the newest `limit` lines of an oldest-first history, newest first."""
    return list(reversed(rows[-limit:])) if limit else []
