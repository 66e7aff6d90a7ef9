"""Parse one cell's text into a typed value, or say with a catalogue message why it is invalid."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from data_access.formatting import http_url
from data_access.i18n import Message

# Digits with at most two decimals, "." or "," (Indonesian Excel) as the decimal mark.
# Signs, exponents, NaN, thousands separators and inner spaces never match.
# ASCII digits only: \d would also match other scripts' digits, which int() accepts.
_DECIMAL = re.compile(r"([0-9]{1,7})(?:[.,]([0-9]{1,2}))?")
_DATE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]00:00(?::00(?:\.0+)?)?)?")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?"
)
_INTEGER = re.compile(r"[0-9]{1,9}")
# EDITION_CODE:INNOVATION_CODE, each side a code without a colon or spaces at its ends.
_CODE_PART = r"[^:\s](?:[^:]{0,62}[^:\s])?"
_CONTINUES = re.compile(f"({_CODE_PART}):({_CODE_PART})")

SCORE_MAX_CENTI = 10_000
WEIGHT_MAX_CENTI = 1_000_000  # 10 000.00, well inside the columns' range


class BadValue(ValueError):
    """A cell's text is not a valid value; carries why, as a message of the catalogue."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.message = Message(key, **params)
        super().__init__(self.message.text("en"))


def _centi(text: str) -> int | None:
    match = _DECIMAL.fullmatch(text)
    if match is None:
        return None
    whole, fraction = match.group(1), (match.group(2) or "").ljust(2, "0")
    return int(whole) * 100 + int(fraction)


def parse_score(text: str) -> int:
    """Return a score 0-100 with at most two decimals as hundredths (70,5 -> 7050)."""
    centi = _centi(text)
    if centi is None or centi > SCORE_MAX_CENTI:
        raise BadValue("importing.bad_score")
    return centi


def parse_weight(text: str) -> int:
    """Return a non-negative weight with at most two decimals as hundredths (15 -> 1500)."""
    centi = _centi(text)
    if centi is None or centi > WEIGHT_MAX_CENTI:
        raise BadValue("importing.bad_weight")
    return centi


def parse_flag(text: str) -> bool:
    """Return True for '1' and False for '0'."""
    if text not in ("0", "1"):
        raise BadValue("importing.bad_flag")
    return text == "1"


def parse_count(text: str) -> int:
    """Return a whole number 0 or more."""
    if _INTEGER.fullmatch(text) is None:
        raise BadValue("importing.bad_count")
    return int(text)


def parse_date(text: str) -> date:
    """Return an ISO date (YYYY-MM-DD); a workbook's midnight time part is allowed."""
    match = _DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        return date.fromisoformat(match.group(1))
    except ValueError:
        raise BadValue("importing.bad_date") from None


def parse_datetime(text: str, zone: tzinfo) -> datetime:
    """Return an ISO date-time as an aware UTC time; without an offset it is local to zone."""
    try:
        if _DATETIME.fullmatch(text) is None:
            raise ValueError(text)
        value = datetime.fromisoformat(text)
    except ValueError:
        raise BadValue("importing.bad_datetime") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def parse_timezone(text: str) -> ZoneInfo:
    """Return the IANA time zone of that name (e.g. Asia/Jakarta)."""
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadValue("importing.bad_timezone") from None


def check_length(text: str, limit: int) -> str:
    """Return the text if it has at most limit characters."""
    if len(text) > limit:
        raise BadValue("importing.too_long", length=len(text), limit=limit)
    return text


def parse_url(text: str, limit: int) -> str:
    """Return an absolute http(s) link as written; other schemes (javascript:, ...) are refused."""
    check_length(text, limit)
    if http_url(text) is None:
        raise BadValue("importing.bad_url")
    return text


def parse_continues(text: str) -> str:
    """Return "EDITION_CODE:INNOVATION_CODE" as written, after checking its form only."""
    if _CONTINUES.fullmatch(text) is None:
        raise BadValue("importing.bad_continues")
    return text
