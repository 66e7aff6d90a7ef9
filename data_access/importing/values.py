"""Parse one cell's text into a typed value, or explain in two languages why it is invalid."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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

SCORE_MAX_CENTI = 10_000
WEIGHT_MAX_CENTI = 1_000_000  # 10 000.00, well inside the columns' range


class BadValue(ValueError):
    """A cell's text is not a valid value; carries the message in Bahasa Indonesia and English."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en


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
        raise BadValue(
            "Nilai harus angka 0 sampai 100 dengan paling banyak dua desimal (mis. 70 atau "
            "70,5); nilai di luar itu ditolak, tidak dibulatkan.",
            "A score must be a number from 0 to 100 with at most two decimals (e.g. 70 or "
            "70.5); anything else is rejected, never clamped.",
        )
    return centi


def parse_weight(text: str) -> int:
    """Return a non-negative weight with at most two decimals as hundredths (15 -> 1500)."""
    centi = _centi(text)
    if centi is None or centi > WEIGHT_MAX_CENTI:
        raise BadValue(
            "Bobot harus angka tidak negatif, paling besar 10000, dengan paling banyak dua "
            "desimal (mis. 15 atau 12,5).",
            "A weight must be a non-negative number up to 10000 with at most two decimals "
            "(e.g. 15 or 12.5).",
        )
    return centi


def parse_flag(text: str) -> bool:
    """Return True for '1' and False for '0'."""
    if text not in ("0", "1"):
        raise BadValue("Isi dengan 1 (ya) atau 0 (tidak).", "Expected 1 (yes) or 0 (no).")
    return text == "1"


def parse_count(text: str) -> int:
    """Return a whole number 0 or more."""
    if _INTEGER.fullmatch(text) is None:
        raise BadValue(
            "Harus bilangan bulat 0 atau lebih (mis. 6).",
            "Expected a whole number 0 or more (e.g. 6).",
        )
    return int(text)


def parse_date(text: str) -> date:
    """Return an ISO date (YYYY-MM-DD); a workbook's midnight time part is allowed."""
    match = _DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        return date.fromisoformat(match.group(1))
    except ValueError:
        raise BadValue(
            "Tanggal harus berformat ISO TTTT-BB-HH (mis. 2022-11-17).",
            "A date must be ISO YYYY-MM-DD (e.g. 2022-11-17).",
        ) from None


def parse_datetime(text: str, zone: tzinfo) -> datetime:
    """Return an ISO date-time as an aware UTC time; without an offset it is local to zone."""
    try:
        if _DATETIME.fullmatch(text) is None:
            raise ValueError(text)
        value = datetime.fromisoformat(text)
    except ValueError:
        raise BadValue(
            "Waktu harus berformat ISO TTTT-BB-HH JJ:MM[:DD] dengan zona waktu pilihan "
            "(mis. 2022-11-17 10:05 atau 2022-11-17T10:05:00+07:00).",
            "A time must be ISO YYYY-MM-DD HH:MM[:SS] with an optional offset "
            "(e.g. 2022-11-17 10:05 or 2022-11-17T10:05:00+07:00).",
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def parse_timezone(text: str) -> ZoneInfo:
    """Return the IANA time zone of that name (e.g. Asia/Jakarta)."""
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadValue(
            "Zona waktu tidak dikenal; gunakan nama IANA seperti Asia/Jakarta.",
            "Unknown time zone; use an IANA name such as Asia/Jakarta.",
        ) from None


def check_length(text: str, limit: int) -> str:
    """Return the text if it has at most limit characters."""
    if len(text) > limit:
        raise BadValue(
            f"Teks terlalu panjang ({len(text)} karakter); paling banyak {limit}.",
            f"Text too long ({len(text)} characters); at most {limit}.",
        )
    return text
