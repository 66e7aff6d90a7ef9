"""Tests of dashboard/builders/schedule.py: phase states, countdowns and the timeline, no server."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from dashboard.builders import schedule as build
from data_access.queries import EditionInfo

WIB = timedelta(hours=7)

# The 2022 edition as the regional press reported it.
KUDUS_2022 = build.Schedule(
    timezone="Asia/Jakarta",
    submission_start=date(2022, 10, 13),
    submission_end=date(2022, 11, 13),
    admin_check_start=date(2022, 11, 14),
    admin_check_end=date(2022, 11, 16),
    proposal_start=date(2022, 11, 17),
    proposal_end=date(2022, 11, 22),
    presentation_start=date(2022, 11, 24),
    presentation_end=date(2022, 11, 24),
    report_date=date(2022, 11, 28),
    ceremony_date=date(2022, 12, 29),
)


def wib(*args: int) -> datetime:
    """Return an aware UTC moment given as Jakarta wall-clock time."""
    return datetime(*args, tzinfo=UTC) - WIB


def texts(component) -> str:
    """Return every string inside a Dash component tree, joined by spaces."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(filter(None, (texts(c) for c in component)))
    return texts(getattr(component, "children", None))


def statuses(now: datetime) -> dict[str, str]:
    """Return phase key -> status at a moment, for the 2022 schedule."""
    return {s.key: s.status for s in build.phase_states(KUDUS_2022, now)}


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (wib(2022, 10, 1, 12, 0), ["upcoming"] * 6),
        (wib(2022, 10, 13, 0, 0), ["active"] + ["upcoming"] * 5),
        # Midnight WIB edges: the last second of 13 November still belongs to submission.
        (wib(2022, 11, 13, 23, 59, 59), ["active"] + ["upcoming"] * 5),
        (wib(2022, 11, 14, 0, 0), ["done", "active"] + ["upcoming"] * 4),
        (wib(2022, 11, 20, 10, 0), ["done", "done", "active", "upcoming", "upcoming", "upcoming"]),
        (wib(2022, 11, 23, 12, 0), ["done"] * 3 + ["upcoming"] * 3),
        (wib(2022, 11, 24, 9, 0), ["done"] * 3 + ["active", "upcoming", "upcoming"]),
        (wib(2022, 11, 28, 23, 0), ["done"] * 4 + ["active", "upcoming"]),
        (wib(2022, 12, 29, 19, 0), ["done"] * 5 + ["active"]),
        (wib(2022, 12, 30, 0, 0), ["done"] * 6),
    ],
)
def test_phase_states_follow_the_clock(now, expected):
    assert list(statuses(now).values()) == expected


def test_phases_come_in_order_with_their_dates():
    states = build.phase_states(KUDUS_2022, wib(2022, 11, 1, 0, 0))
    assert [s.key for s in states] == [
        "submission",
        "admin_check",
        "proposal",
        "presentation",
        "report",
        "ceremony",
    ]
    assert states[0].opens == datetime(2022, 10, 12, 17, 0, tzinfo=UTC)
    assert states[0].closes == datetime(2022, 11, 13, 17, 0, tzinfo=UTC)
    assert states[4].start == states[4].end == date(2022, 11, 28)


def test_a_utc_date_is_not_the_local_date():
    # 16.30 UTC on 13 November is 23.30 WIB the same day, but 00.30 WITA on 14 November.
    now = datetime(2022, 11, 13, 16, 30, tzinfo=UTC)
    assert statuses(now)["submission"] == "active"
    makassar = build.Schedule(timezone="Asia/Makassar", submission_end=date(2022, 11, 13))
    assert build.phase_states(makassar, now)[0].status == "done"


def test_missing_dates_are_unscheduled_and_one_date_makes_one_day():
    schedule = build.Schedule(proposal_end=date(2022, 11, 22))
    states = build.phase_states(schedule, wib(2022, 11, 22, 8, 0))
    assert [s.status for s in states] == [
        "unscheduled",
        "unscheduled",
        "active",
        "unscheduled",
        "unscheduled",
        "unscheduled",
    ]
    assert states[2].single_day
    assert build.countdown_text(states[0], lang="id") == "belum dijadwalkan"
    assert build.phase_dates(states[0], lang="en") == "not scheduled yet"


@pytest.mark.parametrize(
    ("delta", "lang", "text"),
    [
        (timedelta(seconds=1), "id", "1 menit"),
        (timedelta(seconds=61), "id", "2 menit"),
        (timedelta(minutes=59), "id", "59 menit"),
        (timedelta(hours=1), "id", "1 jam"),
        (timedelta(hours=23, minutes=59), "id", "23 jam"),
        (timedelta(days=1), "id", "1 hari"),
        (timedelta(days=2, hours=14), "id", "2 hari 14 jam"),
        (timedelta(days=10, hours=5), "id", "10 hari"),
        (timedelta(days=1234), "id", "1.234 hari"),
        (timedelta(minutes=1), "en", "1 minute"),
        (timedelta(hours=1), "en", "1 hour"),
        (timedelta(hours=5), "en", "5 hours"),
        (timedelta(days=1, hours=1), "en", "1 day 1 hour"),
        (timedelta(days=1234), "en", "1,234 days"),
    ],
)
def test_duration_text(delta, lang, text):
    assert build.duration_text(delta, lang=lang) == text


@pytest.mark.parametrize(
    ("now", "key", "lang", "text"),
    [
        (wib(2022, 11, 14, 0, 0), "proposal", "id", "dimulai dalam 3 hari"),
        (wib(2022, 11, 14, 10, 0), "proposal", "id", "dimulai dalam 2 hari 14 jam"),
        (wib(2022, 11, 22, 19, 0), "proposal", "id", "berakhir dalam 5 jam"),
        (wib(2022, 11, 17, 0, 0), "proposal", "id", "berakhir dalam 6 hari"),
        (wib(2022, 11, 23, 0, 0), "proposal", "id", "selesai 22 November 2022"),
        (wib(2022, 11, 24, 23, 30), "presentation", "id", "hari ini, berakhir dalam 30 menit"),
        (wib(2022, 11, 14, 0, 0), "proposal", "en", "starts in 3 days"),
        (wib(2022, 11, 22, 23, 0), "proposal", "en", "ends in 1 hour"),
        (wib(2022, 11, 24, 12, 0), "presentation", "en", "today, ends in 12 hours"),
        (wib(2022, 11, 23, 0, 0), "proposal", "en", "ended November 22, 2022"),
    ],
)
def test_countdown_text(now, key, lang, text):
    state = next(s for s in build.phase_states(KUDUS_2022, now) if s.key == key)
    assert build.countdown_text(state, lang=lang) == text


def test_phase_dates_show_a_range_or_one_day():
    states = build.phase_states(KUDUS_2022, wib(2022, 11, 1, 0, 0))
    assert build.phase_dates(states[2], lang="id") == "17 November 2022 – 22 November 2022"
    assert build.phase_dates(states[5], lang="id") == "29 Desember 2022"
    assert build.phase_dates(states[5], lang="en") == "December 29, 2022"


@pytest.mark.parametrize(
    ("now", "index"),
    [
        (wib(2022, 10, 1, 0, 0), 0),
        (wib(2022, 11, 20, 0, 0), 2),  # above the running proposal assessment
        (wib(2022, 11, 23, 12, 0), 3),  # between assessment and presentation
        (wib(2023, 1, 1, 0, 0), 6),  # below everything
    ],
)
def test_today_marker_position(now, index):
    assert build.today_index(build.phase_states(KUDUS_2022, now)) == index


@pytest.mark.parametrize(
    ("now", "lang", "text"),
    [
        (wib(2022, 11, 20, 0, 0), "id", "Sedang berlangsung: Penilaian Proposal"),
        (
            wib(2022, 11, 23, 0, 0),
            "id",
            "Berikutnya: Presentasi dan Wawancara, dimulai dalam 1 hari",
        ),
        (wib(2023, 1, 1, 0, 0), "id", "Semua tahap edisi ini sudah selesai"),
        (wib(2022, 11, 20, 0, 0), "en", "In progress: Proposal Assessment"),
        (wib(2023, 1, 1, 0, 0), "en", "Every phase of this edition has ended"),
    ],
)
def test_headline(now, lang, text):
    assert build.headline(build.phase_states(KUDUS_2022, now), lang=lang) == text


def test_headline_without_any_date():
    states = build.phase_states(build.Schedule(), wib(2022, 1, 1, 0, 0))
    assert build.headline(states, lang="id") == "Tanggal tahap-tahap edisi ini belum dijadwalkan"


def test_timeline_has_every_phase_badges_and_today_between_them():
    now = wib(2022, 11, 23, 10, 5)
    view = build.timeline(
        build.phase_states(KUDUS_2022, now), now=now, timezone="Asia/Jakarta", lang="id"
    )
    items = view.children[1].children
    assert [i.className for i in items] == [
        "kipp-schedule-item kipp-schedule-done",
        "kipp-schedule-item kipp-schedule-done",
        "kipp-schedule-item kipp-schedule-done",
        "kipp-schedule-today",
        "kipp-schedule-item kipp-schedule-upcoming",
        "kipp-schedule-item kipp-schedule-upcoming",
        "kipp-schedule-item kipp-schedule-upcoming",
    ]
    assert texts(items[3]) == "Hari ini Rabu, 23 November 2022 pukul 10.05 WIB"
    assert "Selesai" in texts(items[0]) and "Akan datang" in texts(items[4])
    assert "dimulai dalam 13 jam" in texts(items[4])


def test_timeline_in_english():
    now = wib(2022, 11, 20, 8, 0)
    text = texts(
        build.timeline(
            build.phase_states(KUDUS_2022, now), now=now, timezone="Asia/Jakarta", lang="en"
        )
    )
    assert "Today Sunday, November 20, 2022 at 08:00 WIB" in text
    assert "Proposal Assessment In progress" in text
    assert "Award Ceremony Upcoming" in text
    assert "ends in 2 days 16 hours" in text


def test_schedule_round_trips_through_json_and_comes_from_an_edition():
    assert build.Schedule.from_json(KUDUS_2022.to_json()) == KUDUS_2022
    assert build.Schedule.from_json({}) == build.Schedule()
    edition = EditionInfo(
        id=1,
        code="kudus-2022",
        name="KIPP Kudus 2022",
        is_demo=False,
        weight_proposal=Decimal(40),
        weight_presentation=Decimal(60),
        finalist_count=6,
        normalization=False,
        **vars(KUDUS_2022),
    )
    assert build.Schedule.from_edition(edition) == KUDUS_2022
