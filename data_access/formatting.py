"""Dates, times and numbers for every reader: the dashboard, the exports and the command line.

Text for people goes through Babel, id_ID by default and en on request, in the committee's
usage ("Kamis, 17 November 2022 pukul 10.05 WIB", 81,91, 62,5%). Text for programs (the CSV
files, the command line's tables) keeps a dot and ISO 8601 times, so anything reads it back.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers, units

JAKARTA = ZoneInfo("Asia/Jakarta")
LOCALES = {"id": "id_ID", "en": "en"}
# A missing value: an en dash on screen, an em dash in the printed documents (as they were).
DASH = "–"
EM_DASH = "—"

# Parsed once: Babel re-parses a locale string (and a number pattern) on every call, which
# dominates the cost of a page formatting thousands of numbers.
_BABEL_LOCALES = {lang: Locale.parse(code) for lang, code in LOCALES.items()}

# Babel's own full patterns would print "05 November" and seconds; these follow the
# committee's usage: "Kamis, 17 November 2022 pukul 10.05 WIB".
_DATETIME_PATTERNS = {
    "id": "EEEE, d MMMM y 'pukul' HH.mm",
    "en": "EEEE, MMMM d, y 'at' HH:mm",
}
_WEEKDAY_DATE_PATTERNS = {"id": "EEEE, d MMMM y", "en": "EEEE, MMMM d, y"}
_TIME_PATTERNS = {"id": "HH.mm", "en": "HH:mm"}
# A record's moment to the second, short (the audit trail: a column headed with its zone).
_STAMP_PATTERNS = {"id": "d MMM y, HH.mm.ss", "en": "d MMM y, HH:mm:ss"}
# Scores always carry their two decimals, as SCORING.md rounds them: 85,20 not 85,2.
SCORE_PATTERN = "#,##0.00"
# A difference from the mean, signed, with a true minus sign: +2,15 / −3,40.
_SIGNED_PATTERN = "+#,##0.00;−#,##0.00"
# One decimal only when needed: 62,5% but 25%.
_PERCENT_PATTERN = "#,##0.#%"
# A weight without needless decimals: 10, 12,5.
_WEIGHT_PATTERN = "#,##0.##"


def _lang(lang: str | None) -> str:
    # Indonesian for anything unknown or missing, as the message catalogue does.
    return lang if lang in LOCALES else "id"


def _zone(tz: ZoneInfo | str) -> ZoneInfo:
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)


def babel_locale(lang: str | None) -> Locale:
    """Return the parsed Babel locale of a language (id_ID for Indonesian, en otherwise)."""
    return _BABEL_LOCALES[_lang(lang)]


@lru_cache(maxsize=32)
def number_pattern(pattern: str) -> numbers.NumberPattern:
    """Return a Babel number pattern, parsed once and kept."""
    return numbers.parse_pattern(pattern)


def to_local(value: datetime, tz: ZoneInfo | str = JAKARTA) -> datetime:
    """Return an aware moment in a time zone (a zone or its name); refuse a naive one."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given; pass an aware datetime (UTC from the database)")
    return value.astimezone(_zone(tz))


def zone_abbreviation(value: datetime, *, tz: ZoneInfo | str = JAKARTA) -> str:
    """Return the Indonesian abbreviation of the time zone at that moment (WIB, WITA, WIT)."""
    # Indonesian abbreviations are what readers of either language know these zones by.
    zone = _zone(tz)
    return dates.format_datetime(
        to_local(value, zone), "z", tzinfo=zone, locale=_BABEL_LOCALES["id"]
    )


def format_date(value: date, *, lang: str | None = "id") -> str:
    """Format a date in the language's long style: 17 November 2022 / November 17, 2022."""
    return dates.format_date(value, "long", locale=babel_locale(lang))


def format_weekday_date(value: date, *, lang: str | None = "id") -> str:
    """Format a date with its weekday: Kamis, 17 November 2022 / Thursday, November 17, 2022."""
    lang = _lang(lang)
    return dates.format_date(value, _WEEKDAY_DATE_PATTERNS[lang], locale=babel_locale(lang))


def format_datetime(
    value: datetime, *, lang: str | None = "id", tz: ZoneInfo | str = JAKARTA
) -> str:
    """Format an aware moment with weekday, date, time and zone in local time."""
    zone = _zone(tz)
    # The text shows minutes: every moment of a minute reads alike, so each minute is
    # formatted once (a national page shows hundreds of them, the same after each change).
    if value.tzinfo is None:
        raise ValueError("naive datetime given; pass an aware datetime (UTC from the database)")
    minute = value.astimezone(UTC).replace(second=0, microsecond=0)
    return _datetime_text(minute, _lang(lang), zone)


@lru_cache(maxsize=8192)
def _datetime_text(minute: datetime, lang: str, zone: ZoneInfo) -> str:
    text = dates.format_datetime(
        minute.astimezone(zone), _DATETIME_PATTERNS[lang], tzinfo=zone, locale=babel_locale(lang)
    )
    return f"{text} {zone_abbreviation(minute, tz=zone)}"


def format_time(value: datetime, *, lang: str | None = "id", tz: ZoneInfo | str = JAKARTA) -> str:
    """Format an aware moment as local hours and minutes with the zone: 10.05 WIB."""
    lang = _lang(lang)
    zone = _zone(tz)
    text = dates.format_time(
        to_local(value, zone), _TIME_PATTERNS[lang], tzinfo=zone, locale=babel_locale(lang)
    )
    return f"{text} {zone_abbreviation(value, tz=zone)}"


def format_stamp(value: datetime, *, lang: str | None = "id", tz: ZoneInfo | str = JAKARTA) -> str:
    """Format an aware moment to the second, in local time, short: 7 Des 2026, 21.26.05."""
    lang = _lang(lang)
    zone = _zone(tz)
    return dates.format_datetime(
        to_local(value, zone), _STAMP_PATTERNS[lang], tzinfo=zone, locale=babel_locale(lang)
    )


def format_duration(seconds: float, *, lang: str | None = "id") -> str:
    """Return a time left in its two largest units: "2 hari 4 jam", "3 hours 12 minutes".

    Whole minutes, rounded up (a countdown never says 0 while time is left); under an hour,
    minutes alone. The words are CLDR's (Babel), as the browser's Intl writes them.
    """
    minutes = max(1, -(-int(seconds) // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        parts = [(days, "day"), (hours, "hour")]
    elif hours:
        parts = [(hours, "hour"), (minutes, "minute")]
    else:
        parts = [(minutes, "minute")]
    locale = babel_locale(lang)
    return " ".join(
        units.format_unit(n, f"duration-{unit}", length="long", locale=locale)
        for n, unit in parts
        if n
    )


def format_number(value: int | float | Decimal, *, lang: str | None = "id") -> str:
    """Format a number with the language's separators: 1.234,5 / 1,234.5."""
    if type(value) is int:
        # Counts and ranks repeat across thousands of table cells: each is formatted once.
        return _whole_number(value, _lang(lang))
    return numbers.format_decimal(value, locale=babel_locale(lang))


def format_size(size: int, *, lang: str | None = "id") -> str:
    """Format a file size for people: 1,2 MB / 1.2 MB (units of 1024, as the import's limit)."""
    value: float = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            break
        value /= 1024
    shown = int(value) if unit == "B" else round(value, 1)
    return f"{format_number(shown, lang=lang)} {unit}"


@lru_cache(maxsize=4096)
def _whole_number(value: int, lang: str) -> str:
    return numbers.format_decimal(value, locale=babel_locale(lang))


def format_percent(
    ratio: float | Decimal | None, *, lang: str | None = "id", missing: str = DASH
) -> str:
    """Format a ratio (0.625) as a percentage with at most one decimal: 62,5% / 62.5%."""
    if ratio is None:
        return missing
    return numbers.format_percent(
        ratio, number_pattern(_PERCENT_PATTERN), locale=babel_locale(lang)
    )


def format_score(value: Decimal | None, *, lang: str | None = "id", missing: str = DASH) -> str:
    """Return a score with exactly two decimals (76,39 / 76.39), `missing` when there is none."""
    if value is None:
        return missing
    if value.is_signed():
        # Not cached: -0 equals 0, and a cache would print one as the other ("-0,00").
        return _score_uncached(value, _lang(lang))
    return _score_text(value, _lang(lang))


def _score_uncached(value: Decimal, lang: str) -> str:
    return numbers.format_decimal(
        value, format=number_pattern(SCORE_PATTERN), locale=babel_locale(lang)
    )


# The pattern fixes two decimals, so equal values (76.3 and 76.30) print alike: a score seen
# once (there are at most 10,001) is never formatted again.
_score_text = lru_cache(maxsize=8192)(_score_uncached)


def format_deviation(value: Decimal, *, lang: str | None = "id") -> str:
    """Return a signed two-decimal difference: +2,15 / −3,40 / 0,00."""
    return _deviation_text(value, _lang(lang))


@lru_cache(maxsize=8192)
def _deviation_text(value: Decimal, lang: str) -> str:
    # Two fixed decimals: equal values print alike, so each is formatted once.
    pattern = _SIGNED_PATTERN if value else SCORE_PATTERN
    return numbers.format_decimal(value, format=number_pattern(pattern), locale=babel_locale(lang))


def format_weight(value: Decimal, *, lang: str | None = "id") -> str:
    """Return a weight without needless decimals: 10, 12,5."""
    return numbers.format_decimal(value, number_pattern(_WEIGHT_PATTERN), locale=babel_locale(lang))


# ------------------------------------------------------------- text for programs


def plain_decimal(value: Decimal | float | None) -> str:
    """Return a number with a dot and two decimals (81.91), empty when missing."""
    return "" if value is None else f"{value:.2f}"


def plain_percent(ratio: Decimal | None) -> str:
    """Return a ratio as a percentage with a dot and one decimal (62.5%), empty when missing."""
    return "" if ratio is None else f"{ratio * 100:.1f}%"


def iso_minutes(value: datetime | None, tz: ZoneInfo | str = JAKARTA) -> str:
    """Return an aware moment as local ISO 8601 to the minute with its offset, empty if missing."""
    return "" if value is None else to_local(value, tz).isoformat(timespec="minutes")


# Printable ASCII without spaces, quotes or angle brackets: what a link may hold as written.
_URL_CHARS = re.compile(r"[!#-;=?-~]+")


def http_url(text: str | None) -> str | None:
    """Return text when it is an absolute http(s) link with a host, else None.

    The import refuses anything else (data_access.importing.values.parse_url); pages check
    again before they draw a link, so a value stored another way never becomes one.
    """
    if not text or _URL_CHARS.fullmatch(text) is None:
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:  # e.g. a malformed port or IPv6 address
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return text
