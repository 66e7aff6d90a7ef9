"""Ringkasan Bupati (/ringkasan): where the competition stands on one printable page.

For the bupati's office and the committee: participation and the OPDs still missing,
innovations and finalists, judging completion, the schedule, past editions beside this
one, and the winners, but only from the approved snapshot. Before the committee
approves, neither the layout nor any callback answer holds a winner, a rank or a final
score. The content is redrawn only when the data version or the ceremony revision moved
(approval changes the revision, not the data version), or the hour turned (the schedule
card says which phase runs today).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, html, no_update
from dash.development.base_component import Component
from sqlalchemy.exc import SQLAlchemyError

from dashboard import components
from dashboard.auth import ADMIN, BUPATI, has_role, secure_callback
from dashboard.builders import summary as build
from dashboard.builders import summary_results as winners
from dashboard.builders.approval import approval_banner
from dashboard.builders.schedule import Schedule, phase_states
from dashboard.builders.summary import (
    SUMMARY_CONTENT,
    SUMMARY_INTERVAL,
    SUMMARY_SHOWN,
    SUMMARY_STATUS,
    SUMMARY_URL,
    SUMMARY_WAKE,
    EditionFigures,
)
from dashboard.i18n import t
from dashboard.live import (
    EditionChoice,
    approval,
    cache,
    editions,
    overview,
    participation,
    report,
    watch_point,
)
from dashboard.live_page import LiveIds, live_layout, updated_badge
from dashboard.query import edition_from_search, lang_from_search
from dashboard.services import services
from dashboard.shared_cache import memoize_once
from data_access import ceremony, queries
from data_access.ceremony import Snapshot
from data_access.formatting import format_datetime
from data_access.models import utcnow

log = logging.getLogger(__name__)

PATH = "/ringkasan"
SUMMARY_ROLES = frozenset({BUPATI, ADMIN})
ROLES = SUMMARY_ROLES
PAGE = LiveIds(
    url=SUMMARY_URL,
    interval=SUMMARY_INTERVAL,
    shown=SUMMARY_SHOWN,
    wake=SUMMARY_WAKE,
    status=SUMMARY_STATUS,
    content=SUMMARY_CONTENT,
)
# Past editions shown beside this one: enough for a trend, few enough for one A4 page.
PREVIOUS_EDITIONS = 4


def layout(refresh: str | None = None, lang: str | None = None, **_query: str) -> Component:
    """Return the page's empty frame; the refresh callback fills it."""
    return html.Div(live_layout(PAGE, refresh=refresh, lang=lang), className="kipp-summary-page")


# ---------------------------------------------------------------- reading
@memoize_once(cache)
def edition_figures(code: str, version: int) -> EditionFigures:
    """Return an edition's participation rate, innovations and finalists by kind of unit."""
    result = report(code, version)
    counts = overview(code, version)
    with services().session() as db:
        units = queries.load_units(db)
        submissions = queries.load_submissions(db, result.edition.id)
    return EditionFigures(
        code=code,
        name=result.edition.name,
        rate=participation(code, version).rate,
        innovations=counts.innovations if counts else len(submissions),
        finalists=len(result.finalist_ids),
        finalists_by_kind=build.finalists_by_kind(units, submissions, result.finalist_ids),
    )


def edition_history(code: str, version: int) -> list[EditionFigures]:
    """Return the editions before this one (oldest first), then this one, marked current."""
    codes = [choice.code for choice in editions(version)]  # newest first
    if code not in codes:
        return []
    older = codes[codes.index(code) + 1 :][:PREVIOUS_EDITIONS]
    history = [edition_figures(c, version) for c in reversed(older)]
    current = edition_figures(code, version)
    return [*history, replace(current, current=True)]


def render(
    edition: EditionChoice,
    version: int,
    lang: str,
    *,
    snapshot: Snapshot | None,
    now: datetime,
    banner: Component | None = None,
) -> Component:
    """Build the page's content for an edition: winners only from an approved snapshot."""
    result = report(edition.code, version)
    data = participation(edition.code, version)
    counts = overview(edition.code, version)
    states = phase_states(Schedule.from_edition(result.edition), now)
    history = edition_history(edition.code, version)
    if snapshot is not None and snapshot.levels():
        results = dbc.Row(
            [
                dbc.Col(winners.results_card(snapshot, lang=lang), lg=8),
                dbc.Col(winners.forwarded_card(snapshot, lang=lang), lg=4),
            ],
            className="g-3 mb-3 kipp-summary-results",
        )
    else:
        results = html.Div(winners.results_card(snapshot, lang=lang), className="mb-3")
    return html.Div(
        [
            html.Div(
                [
                    html.Div(
                        [
                            html.H1(t("summary.name", lang), className="kipp-title"),
                            html.P(
                                [html.Bdi(edition.name), " · ", t("summary.subtitle", lang)],
                                className="kipp-subtitle",
                            ),
                            # On paper the live badge's time alone would not say which day.
                            html.P(
                                t(
                                    "summary.as_of",
                                    lang,
                                    moment=format_datetime(now, lang=lang),
                                    version=str(version),
                                ),
                                className="d-none d-print-block kipp-summary-as-of",
                            ),
                        ]
                    ),
                    # The files hold the ranking: the committee's alone until it approves.
                    build.toolbar(
                        edition.code, downloads=snapshot is not None or has_role({ADMIN}), lang=lang
                    ),
                ],
                className="kipp-hero kipp-summary-hero",
            ),
            banner,
            dbc.Row(
                [
                    dbc.Col(build.participation_card(data, lang=lang), md=4),
                    dbc.Col(
                        build.counts_card(
                            submitted=counts.innovations if counts else 0,
                            passed=counts.innovations_passed if counts else 0,
                            finalists=len(result.finalist_ids),
                            lang=lang,
                        ),
                        md=4,
                    ),
                    dbc.Col(build.schedule_card(states, lang=lang), md=4),
                ],
                className="g-3 mb-3 kipp-summary-row",
            ),
            dbc.Row(
                [
                    dbc.Col(build.judging_card(result.progress.stages, lang=lang), md=5),
                    dbc.Col(build.missing_card(data, lang=lang), md=7),
                ],
                className="g-3 mb-3 kipp-summary-row",
            ),
            results,
            build.history_table(history, lang=lang) if len(history) > 1 else None,
        ],
        className="kipp-summary",
    )


# ---------------------------------------------------------------- callbacks
def register_callbacks(app: Dash) -> None:
    """Wire the page's refresh, paused while its tab is hidden, to this app."""
    app.clientside_callback(
        ClientsideFunction("kipp", "watchVisibility"),
        Output(SUMMARY_INTERVAL, "disabled"),
        Input(SUMMARY_INTERVAL, "id"),
        State(SUMMARY_WAKE, "id"),
    )

    @secure_callback(
        app,
        Output(SUMMARY_CONTENT, "children"),
        Output(SUMMARY_STATUS, "children"),
        Output(SUMMARY_SHOWN, "data"),
        Input(SUMMARY_INTERVAL, "n_intervals"),
        Input(SUMMARY_WAKE, "data"),
        Input(SUMMARY_URL, "search"),
        State(SUMMARY_SHOWN, "data"),
        roles=ROLES,
    )
    def refresh_summary(_n, _wake, search, shown):
        """Send new content when the data, the ceremony, the hour or the URL moved."""
        lang = lang_from_search(search)
        try:
            version, edition, revision = watch_point(edition_from_search(search))
        except SQLAlchemyError as exc:
            log.warning("summary: database not readable: %s", getattr(exc, "orig", exc))
            if shown is None:
                return components.database_problem(lang=lang), None, None
            return no_update, updated_badge(lang=lang, stale=True), no_update
        now = utcnow()
        key = {
            "version": version,
            "revision": revision,
            "hour": now.strftime("%Y%m%d%H"),
            "search": search or "",
        }
        if shown == key:
            return no_update, updated_badge(lang=lang), no_update
        if edition is None:
            code = edition_from_search(search)
            notice = (
                components.empty_state(lang=lang)
                if code is None
                else components.edition_not_found(code, lang=lang)
            )
            return notice, updated_badge(lang=lang), key
        try:
            with services().session() as db:
                snapshot = ceremony.get_state(db, edition.code).snapshot
            # The bupati sees the approval and at most that live data differ; the committee
            # also which places and scores moved (never a live figure for the bupati).
            banner = approval_banner(
                approval(edition.code, version, revision), detail=has_role({ADMIN}), lang=lang
            )
            content = render(edition, version, lang, snapshot=snapshot, now=now, banner=banner)
        except SQLAlchemyError as exc:
            log.warning("summary: database not readable: %s", getattr(exc, "orig", exc))
            return no_update, updated_badge(lang=lang, stale=True), no_update
        return content, updated_badge(lang=lang), key
