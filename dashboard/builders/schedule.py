"""Pure builders of the Jadwal page: phase states relative to now, countdowns, the timeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dash import html
from dash.development.base_component import Component

from dashboard import ids
from data_access.formatting import format_date, format_datetime, format_number
from data_access.i18n import t

DONE, ACTIVE, UPCOMING, UNSCHEDULED = "done", "active", "upcoming", "unscheduled"

# The phases in the order they happen: (key, first day field, last day field).
PHASES: tuple[tuple[str, str, str], ...] = (
    ("submission", "submission_start", "submission_end"),
    ("admin_check", "admin_check_start", "admin_check_end"),
    ("proposal", "proposal_start", "proposal_end"),
    ("presentation", "presentation_start", "presentation_end"),
    ("report", "report_date", "report_date"),
    ("ceremony", "ceremony_date", "ceremony_date"),
)
_BADGE_COLOURS = {DONE: "secondary", ACTIVE: "success", UPCOMING: "primary", UNSCHEDULED: "light"}


@dataclass(frozen=True)
class Schedule:
    """An edition's phase dates and time zone: what the timeline needs, safe to keep in a Store."""

    timezone: str = "Asia/Jakarta"
    submission_start: date | None = None
    submission_end: date | None = None
    admin_check_start: date | None = None
    admin_check_end: date | None = None
    proposal_start: date | None = None
    proposal_end: date | None = None
    presentation_start: date | None = None
    presentation_end: date | None = None
    report_date: date | None = None
    ceremony_date: date | None = None

    @classmethod
    def from_edition(cls, edition: Any) -> Schedule:
        """Return the schedule of an edition (any object with the EditionInfo date fields)."""
        return cls(**{f.name: getattr(edition, f.name) for f in fields(cls)})

    def to_json(self) -> dict[str, str | None]:
        """Return the schedule as JSON-ready strings (ISO dates)."""
        return {
            f.name: (v.isoformat() if isinstance(v, date) else v)
            for f in fields(self)
            for v in [getattr(self, f.name)]
        }

    @classmethod
    def from_json(cls, data: Mapping[str, str | None]) -> Schedule:
        """Return a schedule from what to_json gave."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = data.get(f.name)
            if f.name == "timezone":
                values[f.name] = raw or "Asia/Jakarta"
            else:
                values[f.name] = date.fromisoformat(raw) if raw else None
        return cls(**values)


@dataclass(frozen=True)
class PhaseState:
    """One phase with its dates and where it stands at a moment."""

    key: str
    start: date | None
    end: date | None
    status: str
    opens: datetime | None
    closes: datetime | None
    remaining: timedelta | None  # until it opens (upcoming) or closes (active)

    @property
    def single_day(self) -> bool:
        """Return True when the phase lasts one day."""
        return self.start is not None and self.start == self.end


def day_start(day: date, timezone: str) -> datetime:
    """Return the first moment of a day in a time zone."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(timezone))


def day_end(day: date, timezone: str) -> datetime:
    """Return the moment a day ends in a time zone (midnight that starts the next day)."""
    return day_start(day + timedelta(days=1), timezone)


def phase_states(schedule: Schedule, now: datetime) -> list[PhaseState]:
    """Return every phase, in order, marked done, active, upcoming or unscheduled at now."""
    states = []
    for key, start_field, end_field in PHASES:
        start, end = getattr(schedule, start_field), getattr(schedule, end_field)
        # A phase with only one of its dates set lasts that one day.
        start, end = start or end, end or start
        if start is None or end is None:
            states.append(PhaseState(key, None, None, UNSCHEDULED, None, None, None))
            continue
        opens, closes = day_start(start, schedule.timezone), day_end(end, schedule.timezone)
        if now < opens:
            status, remaining = UPCOMING, opens - now
        elif now < closes:
            status, remaining = ACTIVE, closes - now
        else:
            status, remaining = DONE, None
        states.append(PhaseState(key, start, end, status, opens, closes, remaining))
    return states


def today_index(states: Sequence[PhaseState]) -> int:
    """Return where the "Hari ini" marker goes: before the first scheduled phase not yet done."""
    for i, state in enumerate(states):
        if state.status in (ACTIVE, UPCOMING):
            return i
    return len(states)


def _count(n: int, unit: str, lang: str) -> str:
    key = f"duration.{unit}.one" if n == 1 else f"duration.{unit}.many"
    return t(key, lang, n=format_number(n, lang=lang))


def duration_text(delta: timedelta, *, lang: str) -> str:
    """Return a remaining time in words: "2 hari 14 jam", "5 jam", "12 menit"."""
    # Whole minutes rounded up, so the last seconds still read "1 menit", never "0".
    minutes = max(1, -(-int(delta.total_seconds()) // 60))
    if minutes < 60:
        return _count(minutes, "minute", lang)
    if minutes < 24 * 60:
        return _count(minutes // 60, "hour", lang)
    days, hours = minutes // (24 * 60), minutes % (24 * 60) // 60
    if days >= 7 or hours == 0:
        return _count(days, "day", lang)
    return f"{_count(days, 'day', lang)} {_count(hours, 'hour', lang)}"


def phase_name(key: str, *, lang: str) -> str:
    """Return a phase's name on screen."""
    return t(f"schedule.phase.{key}", lang)


def phase_dates(state: PhaseState, *, lang: str) -> str:
    """Return a phase's dates: one day, or first – last day."""
    if state.start is None or state.end is None:
        return t("schedule.unscheduled", lang)
    if state.single_day:
        return format_date(state.start, lang=lang)
    return t(
        "schedule.range",
        lang,
        start=format_date(state.start, lang=lang),
        end=format_date(state.end, lang=lang),
    )


def countdown_text(state: PhaseState, *, lang: str) -> str:
    """Return where a phase stands in words: starts in, ends in, ended on, not scheduled."""
    if state.status == UNSCHEDULED or state.end is None:
        return t("schedule.unscheduled", lang)
    if state.status == DONE:
        return t("schedule.ended", lang, date=format_date(state.end, lang=lang))
    if state.remaining is None:  # an explicit raise, not an assert: `python -O` drops those
        raise ValueError(f"phase {state.status} has an end but no remaining time")
    left = duration_text(state.remaining, lang=lang)
    if state.status == UPCOMING:
        return t("schedule.starts_in", lang, duration=left)
    if state.single_day:
        return t("schedule.today_ends_in", lang, duration=left)
    return t("schedule.ends_in", lang, duration=left)


def status_badge(status: str, *, lang: str) -> Component:
    """Return a phase status as a badge: selesai, sedang berlangsung, akan datang."""
    return html.Span(
        t(f"schedule.status.{status}", lang),
        className=f"badge text-bg-{_BADGE_COLOURS[status]} kipp-schedule-badge",
    )


def headline(states: Sequence[PhaseState], *, lang: str) -> str:
    """Return one sentence about now: the running phase, else the next one, else all done."""
    active = [s for s in states if s.status == ACTIVE]
    if active:
        names = ", ".join(phase_name(s.key, lang=lang) for s in active)
        return t("schedule.headline.active", lang, phases=names)
    upcoming = [s for s in states if s.status == UPCOMING]
    if upcoming:
        nxt = min(upcoming, key=lambda s: s.remaining or timedelta.max)
        return t(
            "schedule.headline.next",
            lang,
            phase=phase_name(nxt.key, lang=lang),
            countdown=countdown_text(nxt, lang=lang),
        )
    if any(s.status == DONE for s in states):
        return t("schedule.headline.done", lang)
    return t("schedule.headline.none", lang)


def _phase_item(state: PhaseState, *, lang: str) -> Component:
    return html.Li(
        [
            html.Span(className="kipp-schedule-dot", **{"aria-hidden": "true"}),
            html.Div(
                [
                    html.Div(
                        [
                            html.H3(
                                phase_name(state.key, lang=lang), className="kipp-schedule-name"
                            ),
                            status_badge(state.status, lang=lang),
                        ],
                        className="kipp-schedule-head",
                    ),
                    html.P(phase_dates(state, lang=lang), className="kipp-schedule-dates"),
                    html.P(countdown_text(state, lang=lang), className="kipp-schedule-countdown")
                    if state.status != UNSCHEDULED
                    else None,
                ],
                className="kipp-schedule-body",
            ),
        ],
        className=f"kipp-schedule-item kipp-schedule-{state.status}",
    )


def _today_item(now: datetime, *, timezone: str, lang: str) -> Component:
    return html.Li(
        [
            html.Span(className="kipp-schedule-today-dot", **{"aria-hidden": "true"}),
            html.Span(t("schedule.today", lang), className="kipp-schedule-today-label"),
            html.Span(
                format_datetime(now, lang=lang, tz=ZoneInfo(timezone)),
                className="kipp-schedule-today-time",
            ),
        ],
        id=ids.SCHEDULE_TODAY,
        className="kipp-schedule-today",
    )


def timeline(states: Sequence[PhaseState], *, now: datetime, timezone: str, lang: str) -> Component:
    """Return the vertical timeline: a headline, every phase, and the "Hari ini" marker."""
    items = [_phase_item(s, lang=lang) for s in states]
    items.insert(today_index(states), _today_item(now, timezone=timezone, lang=lang))
    return html.Div(
        [
            html.P(headline(states, lang=lang), className="kipp-schedule-headline"),
            html.Ol(items, className="kipp-schedule-timeline"),
        ]
    )
