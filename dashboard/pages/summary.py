"""Ringkasan Bupati (/ringkasan): where the competition stands on one printable page.

For the bupati's office and the committee: participation and the OPDs still missing,
innovations and finalists, judging completion, the schedule, past editions beside this
one, and the winners, but only from the approved snapshot. Before the committee
approves, neither the layout nor any callback answer holds a winner, a rank or a final
score. The content is redrawn only when the data version or the ceremony revision moved
(approval changes the revision, not the data version), the hour turned (the schedule
card says which phase runs today), or the edition was published or unpublished (the
"Katalog publik" card's QR code): the page's watch, which every tick asks the server
(few open this page, and an approval moves no data version).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import dash_bootstrap_components as dbc
from dash import Dash, html
from dash.development.base_component import Component

from dashboard.auth import ADMIN, BUPATI, has_role
from dashboard.builders import summary as build
from dashboard.builders import summary_results as winners
from dashboard.builders.approval import approval_banner
from dashboard.builders.catalogue_card import catalogue_card
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
from dashboard.data import (
    EditionRef,
    Watch,
    catalogue_published,
    current_editions,
    watch_ceremony,
)
from dashboard.live_page import LiveIds, live_layout, register_live_page
from dashboard.page_data import (
    approval,
    approver,
    ceremony_state,
    overview,
    participation,
    report,
)
from dashboard.page_extras import edition_figures
from dashboard.public_url import catalogue_link
from data_access.ceremony import Snapshot
from data_access.formatting import format_datetime
from data_access.i18n import t
from data_access.models import utcnow

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
def watch(code: str | None) -> Watch:
    """Watch the data, the edition's ceremony, the hour (the schedule card's phase) and
    whether the edition is published (the catalogue card's QR code)."""
    seen = watch_ceremony(code)
    published = catalogue_published(seen.edition.code) if seen.edition else False
    return replace(seen, hour=utcnow().strftime("%Y%m%d%H"), catalogue=int(published))


def edition_history(edition: EditionRef, version: int) -> list[EditionFigures]:
    """Return the editions before this one (oldest first), then this one, marked current."""
    choices = current_editions()  # newest first
    codes = [choice.code for choice in choices]
    if edition.code not in codes:
        return []
    older = choices[codes.index(edition.code) + 1 :][:PREVIOUS_EDITIONS]
    history = [edition_figures(e, version) for e in reversed(older)]
    current = edition_figures(edition, version)
    return [*history, replace(current, current=True)]


def render(edition: EditionRef, version: int, lang: str, revision: int) -> Component:
    """Build the page's content for this viewer: winners only from an approved snapshot."""
    snapshot = ceremony_state(edition).snapshot
    # The bupati sees the approval and at most that live data differ; the committee
    # also which places and scores moved (never a live figure for the bupati).
    comparison = approval(edition, version, revision)
    by = approver(snapshot.approved_by, lang) if snapshot else ""
    banner = approval_banner(comparison, detail=has_role({ADMIN}), lang=lang, approver=by)
    link = catalogue_link(edition.code, lang) if catalogue_published(edition.code) else None
    shelf = catalogue_card(link, edition_name=edition.name, manage=has_role({ADMIN}), lang=lang)
    return summary_content(
        edition,
        version,
        lang,
        snapshot=snapshot,
        now=utcnow(),
        banner=banner,
        approver=by,
        catalogue=shelf,
    )


def summary_content(
    edition: EditionRef,
    version: int,
    lang: str,
    *,
    snapshot: Snapshot | None,
    now: datetime,
    banner: Component | None = None,
    approver: str = "",
    catalogue: Component | None = None,
) -> Component:
    """Build the page's content for an edition: winners only from an approved snapshot
    (and the catalogue's card, when given)."""
    result = report(edition, version)
    data = participation(edition, version)
    counts = overview(edition, version)
    states = phase_states(Schedule.from_edition(result.edition), now)
    history = edition_history(edition, version)
    if snapshot is not None and snapshot.levels():
        results = dbc.Row(
            [
                dbc.Col(winners.results_card(snapshot, lang=lang, approver=approver), lg=8),
                dbc.Col(winners.forwarded_card(snapshot, lang=lang), lg=4),
            ],
            className="g-3 mb-3 kipp-summary-results",
        )
    else:
        results = html.Div(
            winners.results_card(snapshot, lang=lang, approver=approver), className="mb-3"
        )
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
                        edition.code,
                        downloads=snapshot is not None or has_role({ADMIN}),
                        certificates=snapshot is not None,
                        archive=has_role({ADMIN}),
                        lang=lang,
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
            html.Div(catalogue, className="mb-3") if catalogue is not None else None,
            build.history_table(history, lang=lang) if len(history) > 1 else None,
        ],
        className="kipp-summary",
    )


# ---------------------------------------------------------------- callbacks
def register_callbacks(app: Dash) -> None:
    """Wire the page's refresh, paused while its tab is hidden, to this app."""
    # Per viewer (the committee sees more than the bupati), and every tick asks the server.
    register_live_page(
        app, PAGE, roles=ROLES, render=render, watch=watch, every_tick=True, shared=False
    )
