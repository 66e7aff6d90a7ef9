"""Tests of data_access/formatting.py: dates, times and numbers for people and for programs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from data_access.formatting import (
    EM_DASH,
    format_date,
    format_datetime,
    format_deviation,
    format_number,
    format_percent,
    format_score,
    format_time,
    format_weekday_date,
    format_weight,
    iso_minutes,
    plain_decimal,
    plain_percent,
    to_local,
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
        # Minutes shown, never rounded up: the last microsecond of 10.05 is still 10.05.
        (
            datetime(2022, 11, 17, 3, 5, 59, 999_999, tzinfo=UTC),
            "id",
            "Kamis, 17 November 2022 pukul 10.05 WIB",
        ),
        (
            datetime(2022, 12, 28, 23, 30, 1, tzinfo=UTC),
            "en",
            "Thursday, December 29, 2022 at 06:30 WIB",
        ),
    ],
)
def test_format_datetime(value, lang, expected):
    assert format_datetime(value, lang=lang) == expected


def test_a_zone_may_be_given_by_name():
    """The exports hold the edition's zone as a name: it reads like the ZoneInfo itself."""
    makassar = "Kamis, 17 November 2022 pukul 11.05 WITA"
    assert format_datetime(MOMENT, tz="Asia/Makassar") == makassar
    assert format_datetime(MOMENT, tz=ZoneInfo("Asia/Makassar")) == makassar
    assert to_local(MOMENT, "Asia/Jayapura").hour == 12


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("id", "Kamis, 17 November 2022"), ("en", "Thursday, November 17, 2022")],
)
def test_format_weekday_date(lang, expected):
    # Babel's full Indonesian pattern would print "05 November": the day has no leading zero.
    assert format_weekday_date(date(2022, 11, 17), lang=lang) == expected
    assert format_weekday_date(date(2022, 11, 5)) == "Sabtu, 5 November 2022"


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


@pytest.mark.parametrize("format_moment", [format_time, format_datetime, to_local, iso_minutes])
def test_naive_datetime_is_refused(format_moment):
    with pytest.raises(ValueError, match="naive"):
        format_moment(datetime(2022, 11, 17, 10, 5))  # noqa: DTZ001 - naive is the point


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


def test_a_missing_percent_is_a_dash():
    assert format_percent(None) == "–"
    assert format_percent(None, missing=EM_DASH) == "—"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (Decimal("76.3"), "id", "76,30"),
        (Decimal("76.385"), "id", "76,38"),  # half to even, as SCORING.md rounds
        (Decimal("1234.5"), "en", "1,234.50"),
        (Decimal("81.91"), "fr", "81,91"),
        (Decimal("-0"), "id", "-0,00"),
        (None, "id", "–"),
    ],
)
def test_format_score(value, lang, expected):
    assert format_score(value, lang=lang) == expected


def test_a_zero_prints_alike_whatever_was_printed_before():
    """A score is cached by value, and -0 equals 0: each still keeps its own sign."""
    assert format_score(Decimal("0")) == "0,00"
    assert format_score(Decimal("-0")) == "-0,00"
    assert format_score(Decimal("0.00")) == "0,00"


def test_the_documents_print_a_missing_score_as_an_em_dash():
    assert format_score(None, missing=EM_DASH) == "—"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (Decimal("2.149"), "id", "+2,15"),
        (Decimal("-3.4"), "id", "−3,40"),
        (Decimal("0"), "id", "0,00"),
        (Decimal("-3.4"), "en", "−3.40"),
    ],
)
def test_format_deviation(value, lang, expected):
    assert format_deviation(value, lang=lang) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal(10), "10"), (Decimal("12.5"), "12,5"), (Decimal("0.125"), "0,12")],
)
def test_format_weight(value, expected):
    assert format_weight(value) == expected


def test_text_for_programs_keeps_a_dot_and_iso_times():
    """The CSV files and the command line's tables: dot decimals, ISO 8601 with the offset."""
    assert plain_decimal(Decimal("81.905")) == "81.90"
    assert plain_decimal(2.0) == "2.00"
    assert plain_decimal(None) == ""
    assert plain_percent(Decimal("0.625")) == "62.5%"
    assert plain_percent(None) == ""
    assert iso_minutes(MOMENT) == "2022-11-17T10:05+07:00"
    assert iso_minutes(MOMENT, "Asia/Makassar") == "2022-11-17T11:05+08:00"
    assert iso_minutes(None) == ""
