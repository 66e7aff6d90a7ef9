"""Peringkat (/peringkat): the ranking per SCORING.md and the scores that decided it; admin only."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Dash, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.auth import COMMITTEE
from dashboard.builders import ranking as build
from dashboard.builders import ranking_notices as notices
from dashboard.builders import ranking_severity
from dashboard.builders.approval import approval_banner
from dashboard.data import EditionRef, watch_ceremony
from dashboard.live_page import LiveIds, live_layout, register_live_page
from dashboard.page_data import approval, approver, standing
from dashboard.page_extras import edition_jurors, severity_groups, shown_spreads, unit_names
from dashboard.shared_cache import compute_ahead
from data_access.i18n import t
from data_access.scoring.stats import severity_from_groups

PATH = "/peringkat"
ROLES = COMMITTEE
PAGE = LiveIds(
    url=ids.RANKING_URL,
    interval=ids.RANKING_INTERVAL,
    shown=ids.RANKING_SHOWN,
    wake=ids.RANKING_WAKE,
    status=ids.RANKING_STATUS,
    content=ids.RANKING_CONTENT,
)


def layout(refresh: str | None = None, lang: str | None = None, **_query: str) -> Component:
    """Return the page's empty frame; the refresh callback fills it."""
    return live_layout(PAGE, refresh=refresh, lang=lang)


def render(edition: EditionRef, version: int, lang: str, revision: int = 0) -> Component:
    """Build the page's content for an edition at a data version and ceremony revision."""
    # Juror severity needs its own pass over the sheets: the database runs it while this
    # request waits for the report (each about half of a national edition's refresh).
    compute_ahead(severity_groups, edition, version)
    result = standing(edition, version)
    ranking = result.ranking
    jurors = edition_jurors(edition, version)
    labels = {j.id: f"{j.code} · {j.name}" for j in jurors}
    approved = approval(edition, version, revision)
    approved_levels = {w.innovation_id: w.level for w in approved.winners} if approved else {}
    # At national scale the table shows the top rows only: spreads for those alone, from SQL
    # restricted to them; severity from SQL sums per juror, never every sheet in Python.
    shown = build.table_row_ids(
        ranking.rows, candidate_ids=ranking.candidate_ids, required_ids=approved_levels
    )
    spreads = shown_spreads(edition, version, tuple(sorted(shown)))
    severity = severity_from_groups(severity_groups(edition, version))
    return html.Div(
        [
            html.Div(
                html.Div(
                    [
                        html.H1(t("ranking.name", lang), className="kipp-title"),
                        html.P(
                            [html.Bdi(edition.name), " · ", t("ranking.subtitle", lang)],
                            className="kipp-subtitle",
                        ),
                    ]
                ),
                className="kipp-hero",
            ),
            # Once approved, the approved winners (and what differs live) come first.
            approval_banner(
                approved,
                detail=True,
                lang=lang,
                approver=approver(approved.approved_by, lang) if approved else "",
            ),
            notices.normalization_notice(lang=lang) if ranking.normalization else None,
            notices.awards_notice(ranking, lang=lang),
            notices.candidates_notice(ranking, target=result.edition.finalist_count, lang=lang),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(t("ranking.table.title", lang), className="kipp-card-title"),
                        build.ranking_table(
                            ranking.rows,
                            candidate_ids=ranking.candidate_ids,
                            spreads=spreads,
                            juror_labels=labels,
                            shown_ids=shown,
                            approved_levels=approved_levels,
                            history_edition=edition.code,
                            unit_names=unit_names(version),
                            lang=lang,
                        ),
                        notices.truncated_notice(
                            len(shown), len(ranking.rows), code=edition.code, lang=lang
                        ),
                        html.P(t("ranking.method", lang), className="kipp-ranking-note mb-0"),
                    ]
                ),
                className="kipp-panel mb-4",
            ),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(t("ranking.severity.title", lang), className="kipp-card-title"),
                        ranking_severity.severity_panel(severity, jurors, lang=lang),
                    ]
                ),
                className="kipp-panel mb-4",
            ),
        ]
    )


def register_callbacks(app: Dash) -> None:
    """Wire the page's live refresh to this app."""
    register_live_page(app, PAGE, roles=ROLES, render=render, watch=watch_ceremony)
