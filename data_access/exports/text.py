"""Indonesian dates, times and numbers for the exports, through Babel (the dashboard's patterns).

data_access never imports dashboard, so the few patterns the documents need live here, the
same as dashboard/formatting.py's: "Kamis, 17 November 2022 pukul 10.05 WIB", 81,91, 62,5%.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import dates, numbers

LOCALE = "id_ID"
_DATETIME = {"id": "EEEE, d MMMM y 'pukul' HH.mm", "en": "EEEE, MMMM d, y 'at' HH:mm"}


def local(moment: datetime, timezone: str) -> datetime:
    """Return an aware moment in the edition's time zone."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; pass an aware datetime")
    return moment.astimezone(ZoneInfo(timezone))


def zone_name(moment: datetime, timezone: str) -> str:
    """Return the Indonesian abbreviation of the zone at that moment (WIB, WITA, WIT)."""
    tz = ZoneInfo(timezone)
    return dates.format_datetime(moment.astimezone(tz), "z", tzinfo=tz, locale=LOCALE)


def long_datetime(moment: datetime, timezone: str, lang: str = "id") -> str:
    """Return "Kamis, 17 November 2022 pukul 10.05 WIB" (English with lang="en")."""
    tz = ZoneInfo(timezone)
    english = lang == "en"
    text = dates.format_datetime(
        moment.astimezone(tz),
        _DATETIME["en" if english else "id"],
        tzinfo=tz,
        locale="en" if english else LOCALE,
    )
    return f"{text} {zone_name(moment, timezone)}"


def long_date(value: date) -> str:
    """Return "17 November 2022"."""
    return dates.format_date(value, "d MMMM y", locale=LOCALE)


def weekday_date(value: date) -> str:
    """Return "Kamis, 17 November 2022"."""
    return dates.format_date(value, "EEEE, d MMMM y", locale=LOCALE)


def score(value: Decimal | None) -> str:
    """Return a score with two decimals and a decimal comma (81,91), or an em dash."""
    if value is None:
        return "—"
    return numbers.format_decimal(value, "#,##0.00", locale=LOCALE, decimal_quantization=True)


def weight(value: Decimal) -> str:
    """Return a weight without needless decimals: 10, 12,5."""
    return numbers.format_decimal(value, "#,##0.##", locale=LOCALE)


def percent(ratio: Decimal | None) -> str:
    """Return a ratio as a percentage with at most one decimal: 62,5%, or an em dash."""
    if ratio is None:
        return "—"
    return numbers.format_percent(ratio, "#,##0.#%", locale=LOCALE)
