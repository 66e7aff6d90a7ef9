"""Pure builders of the Peringkat page's score spread: each stage's sheets of an innovation."""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from dashboard.builders.user_text import isolate
from dashboard.encoding import quick
from data_access.formatting import format_deviation, format_number, format_score
from data_access.i18n import t
from data_access.scoring import STAGES
from data_access.scoring.stats import StageSpread


def stage_label(stage: str, *, lang: str) -> str:
    """Return a stage's short name: Proposal / Presentasi."""
    return t(f"ranking.stage.{stage}", lang)


def spread_head(*, lang: str) -> Component:
    """Return the header row of an innovation's spread table."""
    return html.Thead(
        html.Tr(
            [
                html.Th(
                    t(f"ranking.spread.col.{c}", lang),
                    className=None if c == "stage" else "text-end",
                )
                for c in ("stage", "n", "min", "max", "mean", "sd")
            ]
        )
    )


def spread_detail(
    innovation_id: int,
    spreads: Mapping[tuple[str, int], StageSpread],
    juror_labels: Mapping[int, str],
    *,
    lang: str,
    head: Component | None = None,
    history: str | None = None,
) -> Component:
    """Return the expandable spread of an innovation's juror scores per stage, outliers named.

    head is the spread table's header row, when the caller built it once for many rows;
    history the address of the innovation's score history (the committee's page).
    """
    present = [spreads[(s, innovation_id)] for s in STAGES if (s, innovation_id) in spreads]
    if not present:
        return quick(html.Small, t("ranking.spread.none", lang), className="text-body-secondary")
    outliers = [(s, o) for s in present for o in s.outliers]
    stages = [
        t(
            "ranking.spread.stage",
            lang,
            stage=stage_label(s.stage, lang=lang),
            n=format_number(s.n, lang=lang),
            low=format_score(s.minimum, lang=lang),
            high=format_score(s.maximum, lang=lang),
            sd=format_score(s.sd, lang=lang),
        )
        for s in present
    ]
    summary: list[Component | str] = [
        quick(html.Strong, t("ranking.spread.summary", lang)),
        " · ",
        " · ".join(stages),
    ]
    if outliers:
        count = format_number(len(outliers), lang=lang)
        summary += [
            " ",
            quick(
                dbc.Badge,
                t("ranking.spread.outliers.one", lang)
                if len(outliers) == 1
                else t("ranking.spread.outliers", lang, count=count),
                color="danger",
                className="kipp-ranking-badge",
            ),
        ]
    head = head or spread_head(lang=lang)
    body = quick(
        html.Tbody,
        [
            quick(
                html.Tr,
                [
                    quick(html.Td, stage_label(s.stage, lang=lang)),
                    quick(html.Td, format_number(s.n, lang=lang), className="text-end"),
                    *[
                        quick(html.Td, format_score(v, lang=lang), className="text-end")
                        for v in (s.minimum, s.maximum, s.mean, s.sd)
                    ],
                ],
            )
            for s in present
        ],
    )
    flagged = [
        quick(
            html.Li,
            t(
                "ranking.spread.outlier",
                lang,
                juror=isolate(juror_labels.get(o.juror_id, str(o.juror_id))),
                stage=stage_label(s.stage, lang=lang),
                score=format_score(o.score, lang=lang),
                deviation=format_deviation(o.deviation, lang=lang),
                mean=format_score(s.mean, lang=lang),
            ),
        )
        for s, o in outliers
    ]
    return quick(
        html.Details,
        [
            quick(html.Summary, summary, className="kipp-ranking-spread-summary"),
            quick(
                dbc.Table, [head, body], size="sm", className="kipp-table kipp-ranking-spread mb-1"
            ),
            quick(html.Ul, flagged, className="kipp-ranking-outliers") if flagged else None,
            quick(
                html.P,
                quick(html.A, t("ranking.spread.history", lang), href=history),
                className="kipp-ranking-history mb-1",
            )
            if history
            else None,
        ],
        className="kipp-ranking-detail",
    )
