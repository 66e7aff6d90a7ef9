"""Tests of dashboard/formatting.py: Indonesian and English dates, times and numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dashboard.formatting import (
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_time,
    zone_abbreviation,
)

# 10.05 in Jakarta (UTC+7) on Thursday 17 November 2022.
MOMENT = datetime(2022, 11, 17, 3, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (date(2022, 11, 17), "id", "17 November 2022"),
        (date(2022, 12, 29), "id", "29 Desember 2022"),
        (date(2023, 1, 5), "id", "5 Januari 2023"),
        (date(2024, 5, 1), "id", "1 Mei 2024"),
        (date(2022, 8, 17), "id", "17 Agustus 2022"),
        (date(2022, 11, 17), "en", "November 17, 2022"),
        (date(2022, 11, 17), None, "17 November 2022"),
        (date(2022, 11, 17), "fr", "17 November 2022"),
    ],
)
def test_format_date(value, lang, expected):
    assert format_date(value, lang=lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (MOMENT, "id", "Kamis, 17 November 2022 pukul 10.05 WIB"),
        (MOMENT, "en", "Thursday, November 17, 2022 at 10:05 WIB"),
        # 23.30 UTC is already the next day in Jakarta.
        (
            datetime(2022, 12, 28, 23, 30, tzinfo=UTC),
            "id",
            "Kamis, 29 Desember 2022 pukul 06.30 WIB",
        ),
        # Any aware datetime is converted, whatever its own zone.
        (
            datetime(2022, 11, 17, 12, 5, tzinfo=timezone(timedelta(hours=9))),
            "id",
            "Kamis, 17 November 2022 pukul 10.05 WIB",
        ),
    ],
)
def test_format_datetime(value, lang, expected):
    assert format_datetime(value, lang=lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (MOMENT, "id", "10.05 WIB"),
        (MOMENT, "en", "10:05 WIB"),
        (datetime(2022, 11, 17, 16, 59, tzinfo=UTC), "id", "23.59 WIB"),
    ],
)
def test_format_time(value, lang, expected):
    assert format_time(value, lang=lang) == expected


@pytest.mark.parametrize(
    ("tz", "expected"),
    [("Asia/Jakarta", "WIB"), ("Asia/Makassar", "WITA"), ("Asia/Jayapura", "WIT")],
)
def test_zone_abbreviation_names_indonesian_zones(tz, expected):
    assert zone_abbreviation(MOMENT, tz=ZoneInfo(tz)) == expected


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="naive"):
        format_time(datetime(2022, 11, 17, 10, 5))


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1234.5, "id", "1.234,5"),
        (Decimal("1234.50"), "id", "1.234,5"),
        (3478, "id", "3.478"),
        (0, "id", "0"),
        (1234567, "id", "1.234.567"),
        (1234.5, "en", "1,234.5"),
        (3478, "en", "3,478"),
    ],
)
def test_format_number(value, lang, expected):
    assert format_number(value, lang=lang) == expected


@pytest.mark.parametrize(
    ("ratio", "lang", "expected"),
    [
        (0.625, "id", "62,5%"),
        (Decimal(25) / Decimal(32), "id", "78,1%"),
        (0.25, "id", "25%"),
        (1, "id", "100%"),
        (0, "id", "0%"),
        (0.625, "en", "62.5%"),
    ],
)
def test_format_percent(ratio, lang, expected):
    assert format_percent(ratio, lang=lang) == expected
