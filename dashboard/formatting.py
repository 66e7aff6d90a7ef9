"""Dates, times and numbers for the screen, through Babel: id_ID by default, en on request."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers

from dashboard.i18n import normalize_lang

JAKARTA = ZoneInfo("Asia/Jakarta")
LOCALES = {"id": "id_ID", "en": "en"}

# Parsed once: Babel re-parses a locale string (and a number pattern) on every call, which
# dominates the cost of a page formatting thousands of numbers.
_BABEL_LOCALES = {lang: Locale.parse(code) for lang, code in LOCALES.items()}

# Babel's own full patterns would print "05 November" and seconds; these follow the
# committee's usage: "Kamis, 17 November 2022 pukul 10.05 WIB".
_DATETIME_PATTERNS = {
    "id": "EEEE, d MMMM y 'pukul' HH.mm",
    "en": "EEEE, MMMM d, y 'at' HH:mm",
}
_TIME_PATTERNS = {"id": "HH.mm", "en": "HH:mm"}
# Scores always carry their two decimals, as SCORING.md rounds them: 85,20 not 85,2.
SCORE_PATTERN = "#,##0.00"
# One decimal only when needed: 62,5% but 25%.
_PERCENT_PATTERN = "#,##0.#%"


def babel_locale(lang: str | None) -> Locale:
    """Return the parsed Babel locale of a language (id_ID for Indonesian, en otherwise)."""
    return _BABEL_LOCALES[normalize_lang(lang)]


@lru_cache(maxsize=32)
def number_pattern(pattern: str) -> numbers.NumberPattern:
    """Return a Babel number pattern, parsed once and kept."""
    return numbers.parse_pattern(pattern)


def _local(value: datetime, tz: ZoneInfo) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime given; pass an aware datetime (UTC from the database)")
    return value.astimezone(tz)


def zone_abbreviation(value: datetime, *, tz: ZoneInfo = JAKARTA) -> str:
    """Return the Indonesian abbreviation of the time zone at that moment (WIB, WITA, WIT)."""
    # Indonesian abbreviations are what readers of either language know these zones by.
    return dates.format_datetime(_local(value, tz), "z", tzinfo=tz, locale=_BABEL_LOCALES["id"])


def format_date(value: date, *, lang: str | None = "id") -> str:
    """Format a date in the language's long style: 17 November 2022 / November 17, 2022."""
    return dates.format_date(value, "long", locale=babel_locale(lang))


def format_datetime(value: datetime, *, lang: str | None = "id", tz: ZoneInfo = JAKARTA) -> str:
    """Format an aware moment with weekday, date, time and zone in local time."""
    lang = normalize_lang(lang)
    local = _local(value, tz)
    text = dates.format_datetime(
        local, _DATETIME_PATTERNS[lang], tzinfo=tz, locale=babel_locale(lang)
    )
    return f"{text} {zone_abbreviation(value, tz=tz)}"


def format_time(value: datetime, *, lang: str | None = "id", tz: ZoneInfo = JAKARTA) -> str:
    """Format an aware moment as local hours and minutes with the zone: 10.05 WIB."""
    lang = normalize_lang(lang)
    local = _local(value, tz)
    text = dates.format_time(local, _TIME_PATTERNS[lang], tzinfo=tz, locale=babel_locale(lang))
    return f"{text} {zone_abbreviation(value, tz=tz)}"


def format_number(value: int | float | Decimal, *, lang: str | None = "id") -> str:
    """Format a number with the language's separators: 1.234,5 / 1,234.5."""
    if type(value) is int:
        # Counts and ranks repeat across thousands of table cells: each is formatted once.
        return _whole_number(value, normalize_lang(lang))
    return numbers.format_decimal(value, locale=babel_locale(lang))


@lru_cache(maxsize=4096)
def _whole_number(value: int, lang: str) -> str:
    return numbers.format_decimal(value, locale=babel_locale(lang))


def format_percent(ratio: float | Decimal, *, lang: str | None = "id") -> str:
    """Format a ratio (0.625) as a percentage with at most one decimal: 62,5% / 62.5%."""
    return numbers.format_percent(
        ratio, number_pattern(_PERCENT_PATTERN), locale=babel_locale(lang)
    )


def format_score(value: Decimal | None, *, lang: str | None = "id") -> str:
    """Return a score with exactly two decimals (76,39 / 76.39), "–" when missing."""
    if value is None:
        return "–"
    return _score_text(value, normalize_lang(lang))


@lru_cache(maxsize=8192)
def _score_text(value: Decimal, lang: str) -> str:
    # The pattern fixes two decimals, so equal values (76.3 and 76.30) print alike: a score
    # seen once (there are at most 10,001) is never formatted again.
    return numbers.format_decimal(
        value, format=number_pattern(SCORE_PATTERN), locale=babel_locale(lang)
    )
