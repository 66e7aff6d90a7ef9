"""Pure builders of the Peringkat page's notices: normalisation, awards, candidates, a cut table."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.builders.summary import export_href
from data_access.formatting import format_number
from data_access.i18n import t
from data_access.scoring import Ranking


def normalization_notice(*, lang: str) -> Component:
    """Return the prominent notice that z-score normalisation is on."""
    return dbc.Alert(
        [
            html.H2(t("ranking.normalization.title", lang), className="kipp-ranking-notice-title"),
            html.P(t("ranking.normalization.body", lang), className="mb-0"),
        ],
        color="warning",
        id=ids.RANKING_NORMALIZATION,
        className="kipp-ranking-normalization",
    )


def awards_notice(ranking: Ranking, *, lang: str) -> Component:
    """Return whether Juara I-III are decided, and if not what they wait for."""
    if not ranking.finalist_ids:
        text, colour = t("ranking.awards.no_finalists", lang), "secondary"
    elif not ranking.awards_decided:
        waiting = sum(1 for r in ranking.rows if r.finalist and r.presentation_score is None)
        text = t("ranking.awards.waiting", lang, count=format_number(waiting, lang=lang))
        colour = "info"
    else:
        text, colour = t("ranking.awards.decided", lang), "success"
    tie = any(r.tie for r in ranking.rows if r.award is not None)
    return dbc.Alert(
        [
            html.P(text, className="mb-0"),
            html.P(html.Strong(t("ranking.awards.tie", lang)), className="mb-0 mt-1")
            if tie
            else None,
        ],
        color=colour,
        id=ids.RANKING_AWARDS,
        className="kipp-ranking-awards",
    )


def candidates_notice(ranking: Ranking, *, target: int, lang: str) -> Component | None:
    """Return the note that the top N by proposal score are only candidates, when no finalist."""
    if ranking.finalist_ids or not ranking.candidate_ids:
        return None
    return dbc.Alert(
        t(
            "ranking.candidates",
            lang,
            count=format_number(len(ranking.candidate_ids), lang=lang),
            target=format_number(target, lang=lang),
        ),
        color="light",
        className="kipp-ranking-candidates",
    )


def truncated_notice(shown: int, total: int, *, code: str, lang: str) -> Component | None:
    """Return the note under a shortened table: the top N of M, the full list in the export."""
    if shown >= total:
        return None
    return html.P(
        [
            t(
                "ranking.truncated",
                lang,
                shown=format_number(shown, lang=lang),
                total=format_number(total, lang=lang),
            ),
            " ",
            t("ranking.truncated.export", lang),
            " ",
            html.A(t("ranking.truncated.xlsx", lang), href=export_href("xlsx", code)),
            "/",
            html.A(t("ranking.truncated.csv", lang), href=export_href("csv", code)),
            t("ranking.truncated.end", lang),
        ],
        className="kipp-ranking-truncated",
    )
