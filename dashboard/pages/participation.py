"""Partisipasi OPD (/partisipasi): every required OPD, submitted or not, sub-units rolled up."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import dash_bootstrap_components as dbc
from dash import Dash, dcc, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.auth import EVERYONE
from dashboard.builders import participation as build
from dashboard.builders import participation_table as table
from dashboard.data import EditionRef, Watch, watch_version
from dashboard.live_page import LiveIds, live_layout, register_clock, register_live_page
from dashboard.page_data import participation
from data_access.i18n import t
from data_access.models import utcnow
from data_access.participation import submissions_closed

PATH = "/partisipasi"
ROLES = EVERYONE
PAGE = LiveIds(
    url=ids.PARTICIPATION_URL,
    interval=ids.PARTICIPATION_INTERVAL,
    shown=ids.PARTICIPATION_SHOWN,
    wake=ids.PARTICIPATION_WAKE,
    status=ids.PARTICIPATION_STATUS,
    content=ids.PARTICIPATION_CONTENT,
)


def layout(refresh: str | None = None, lang: str | None = None, **_query: str) -> Component:
    """Return the page's empty frame: the deadline line the clock redraws, then the content."""
    return html.Div(
        [html.Div(id=ids.PARTICIPATION_COUNTDOWN), live_layout(PAGE, refresh=refresh, lang=lang)]
    )


def watch(code: str | None) -> Watch:
    """Watch the data version and the hour: the deadline's day ends at an hour of the clock.

    A page's refresh after that hour draws "Tidak mengumpulkan" even when no data moved
    since (a page left open is redrawn with the next version, as every live page is).
    """
    return replace(watch_version(code), hour=utcnow().strftime("%Y%m%d%H"))


def render(edition: EditionRef, version: int, lang: str) -> Component:
    """Build the page's content for an edition at a data version."""
    data = participation(edition, version)
    # Drawn per hour too (the watch's mark): past the deadline's day "not yet" becomes "not".
    closed = submissions_closed(data, utcnow())
    end = data.submission_end
    deadline = {"end": end.isoformat() if end else None, "timezone": data.timezone}
    return html.Div(
        [
            html.Div(
                [
                    html.Div(
                        [
                            html.H1(t("participation.name", lang), className="kipp-title"),
                            html.P(
                                [html.Bdi(edition.name), " · ", t("participation.subtitle", lang)],
                                className="kipp-subtitle",
                            ),
                        ]
                    ),
                ],
                className="kipp-hero",
            ),
            dbc.Row(
                [
                    dbc.Col(build.rate_card(data, lang=lang), xs=12, md=6),
                    dbc.Col(build.totals_card(data, lang=lang), xs=12, md=6),
                ],
                className="g-3 mb-4",
            ),
            # The countdown depends on the clock, not only on the data version: it sits outside
            # the content and is redrawn every minute from this deadline, without the database.
            dcc.Store(id=ids.PARTICIPATION_DEADLINE, data=deadline),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(t("participation.opds.title", lang), className="kipp-card-title"),
                        build.missing_summary(data, lang=lang, closed=closed),
                        table.opd_table_drawn(
                            data.rows, timezone=data.timezone, lang=lang, closed=closed
                        )
                        if data.rows
                        else None,
                    ]
                ),
                className="kipp-panel mb-4",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(t("participation.kinds.title", lang), className="kipp-card-title"),
                        build.kind_panel(data.rows, lang=lang, closed=closed),
                    ]
                ),
                className="kipp-panel",
            ),
        ],
        className="kipp-participation",
    )


def register_callbacks(app: Dash) -> None:
    """Wire the page's live refresh and its deadline clock to this app."""
    register_live_page(app, PAGE, roles=ROLES, render=render, watch=watch)

    register_clock(
        app,
        PAGE,
        output=ids.PARTICIPATION_COUNTDOWN,
        source=ids.PARTICIPATION_DEADLINE,
        roles=ROLES,
        draw=_deadline,
    )


def _deadline(deadline: dict, lang: str) -> Component:
    end = date.fromisoformat(deadline["end"]) if deadline.get("end") else None
    return build.deadline_banner(end, now=utcnow(), timezone=deadline["timezone"], lang=lang)
