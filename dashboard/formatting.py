"""Dates, times and numbers for the screen, through Babel: id_ID by default, en on request."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import dates, numbers

from dashboard.i18n import normalize_lang

JAKARTA = ZoneInfo("Asia/Jakarta")
LOCALES = {"id": "id_ID", "en": "en"}

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


def _locale(lang: str | None) -> str:
    return LOCALES[normalize_lang(lang)]


def _local(value: datetime, tz: ZoneInfo) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime given; pass an aware datetime (UTC from the database)")
    return value.astimezone(tz)


def zone_abbreviation(value: datetime, *, tz: ZoneInfo = JAKARTA) -> str:
    """Return the Indonesian abbreviation of the time zone at that moment (WIB, WITA, WIT)."""
    # Indonesian abbreviations are what readers of either language know these zones by.
    return dates.format_datetime(_local(value, tz), "z", tzinfo=tz, locale=LOCALES["id"])


def format_date(value: date, *, lang: str | None = "id") -> str:
    """Format a date in the language's long style: 17 November 2022 / November 17, 2022."""
    return dates.format_date(value, "long", locale=_locale(lang))


def format_datetime(value: datetime, *, lang: str | None = "id", tz: ZoneInfo = JAKARTA) -> str:
    """Format an aware moment with weekday, date, time and zone in local time."""
    lang = normalize_lang(lang)
    local = _local(value, tz)
    text = dates.format_datetime(local, _DATETIME_PATTERNS[lang], tzinfo=tz, locale=_locale(lang))
    return f"{text} {zone_abbreviation(value, tz=tz)}"


def format_time(value: datetime, *, lang: str | None = "id", tz: ZoneInfo = JAKARTA) -> str:
    """Format an aware moment as local hours and minutes with the zone: 10.05 WIB."""
    lang = normalize_lang(lang)
    local = _local(value, tz)
    text = dates.format_time(local, _TIME_PATTERNS[lang], tzinfo=tz, locale=_locale(lang))
    return f"{text} {zone_abbreviation(value, tz=tz)}"


def format_number(value: int | float | Decimal, *, lang: str | None = "id") -> str:
    """Format a number with the language's separators: 1.234,5 / 1,234.5."""
    return numbers.format_decimal(value, locale=_locale(lang))


def format_percent(ratio: float | Decimal, *, lang: str | None = "id") -> str:
    """Format a ratio (0.625) as a percentage with at most one decimal: 62,5% / 62.5%."""
    return numbers.format_percent(ratio, _PERCENT_PATTERN, locale=_locale(lang))


def format_score(value: Decimal | None, *, lang: str | None = "id") -> str:
    """Return a score with exactly two decimals (76,39 / 76.39), "–" when missing."""
    if value is None:
        return "–"
    return numbers.format_decimal(value, format=SCORE_PATTERN, locale=_locale(lang))
