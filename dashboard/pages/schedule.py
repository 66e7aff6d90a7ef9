"""Jadwal (/jadwal): the edition's phases with dates, today's position and countdowns."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from dash import Dash, dcc, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.auth import EVERYONE
from dashboard.builders import schedule as build
from dashboard.data import EditionRef
from dashboard.live_page import LiveIds, live_layout, register_clock, register_live_page
from dashboard.page_data import tallies
from data_access.formatting import zone_abbreviation
from data_access.i18n import t
from data_access.models import utcnow

PATH = "/jadwal"
ROLES = EVERYONE
PAGE = LiveIds(
    url=ids.SCHEDULE_URL,
    interval=ids.SCHEDULE_INTERVAL,
    shown=ids.SCHEDULE_SHOWN,
    wake=ids.SCHEDULE_WAKE,
    status=ids.SCHEDULE_STATUS,
    content=ids.SCHEDULE_CONTENT,
)


def layout(refresh: str | None = None, lang: str | None = None, **_query: str) -> Component:
    """Return the page's empty frame: the live content, then the timeline the clock redraws."""
    return html.Div(
        [live_layout(PAGE, refresh=refresh, lang=lang), html.Div(id=ids.SCHEDULE_TIMELINE)]
    )


def _timeline(schedule: build.Schedule, lang: str) -> Component:
    now = utcnow()
    states = build.phase_states(schedule, now)
    return build.timeline(states, now=now, timezone=schedule.timezone, lang=lang)


def render(edition: EditionRef, version: int, lang: str) -> Component:
    """Build the page's content for an edition at a data version."""
    schedule = build.Schedule.from_edition(tallies(edition, version).edition)
    zone = zone_abbreviation(utcnow(), tz=ZoneInfo(schedule.timezone))
    return html.Div(
        [
            html.Div(
                [
                    html.Div(
                        [
                            html.H1(t("schedule.name", lang), className="kipp-title"),
                            html.P(
                                [
                                    html.Bdi(edition.name),
                                    " · ",
                                    t("schedule.timezone", lang, zone=zone),
                                ],
                                className="kipp-subtitle",
                            ),
                        ]
                    ),
                ],
                className="kipp-hero",
            ),
            # The timeline depends on the clock, not only on the data version: it sits outside
            # the content and is redrawn every minute from these dates, without the database.
            dcc.Store(id=ids.SCHEDULE_DATES, data=schedule.to_json()),
        ],
        className="kipp-schedule",
    )


def register_callbacks(app: Dash) -> None:
    """Wire the page's live refresh and its clock to this app."""
    register_live_page(app, PAGE, roles=ROLES, render=render)

    register_clock(
        app,
        PAGE,
        output=ids.SCHEDULE_TIMELINE,
        source=ids.SCHEDULE_DATES,
        roles=ROLES,
        draw=lambda dates, lang: _timeline(build.Schedule.from_json(dates), lang),
    )
