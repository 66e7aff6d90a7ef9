"""Pure builders of the Peringkat page's juror severity: a table and a bar figure per stage."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.builders.ranking_spread import stage_label
from dashboard.builders.user_text import USER_TEXT_CLASS, plot_text, user_text
from dashboard.figures import GRAPH_CONFIG, Spec, plain
from data_access.formatting import format_deviation, format_number
from data_access.i18n import normalize_lang, t
from data_access.progress import JurorRow
from data_access.scoring import STAGES
from data_access.scoring.stats import JurorSeverity

STAGE_COLOURS = {"proposal": "#0b6e4f", "presentation": "#c99a2e"}


def severity_table(
    severity: Sequence[JurorSeverity], jurors: Sequence[JurorRow], *, lang: str
) -> Component:
    """Return each juror's sheet count and mean difference from the panel, per stage."""
    if not severity:
        return html.P(t("ranking.severity.none", lang), className="text-body-secondary")
    by_key = {(s.juror_id, s.stage): s for s in severity}
    stages = [st for st in STAGES if any(s.stage == st for s in severity)]
    head = html.Thead(
        [
            html.Tr(
                [
                    html.Th(t("ranking.severity.col.juror", lang), rowSpan=2),
                    html.Th(
                        t("ranking.severity.col.group", lang),
                        rowSpan=2,
                        className="d-none d-sm-table-cell",
                    ),
                    *[
                        html.Th(
                            stage_label(st, lang=lang),
                            colSpan=2,
                            scope="colgroup",
                            className="text-center kipp-ranking-stage-head",
                        )
                        for st in stages
                    ],
                ]
            ),
            html.Tr(
                [
                    html.Th(t(f"ranking.severity.col.{c}", lang), className="text-end")
                    for _st in stages
                    for c in ("sheets", "deviation")
                ]
            ),
        ]
    )
    rows = []
    for juror in sorted(jurors, key=lambda j: j.code):
        if not any((juror.id, st) in by_key for st in stages):
            continue
        cells = [
            html.Td(
                [
                    user_text(juror.code),
                    html.Small(
                        juror.name, className=f"d-block text-body-secondary {USER_TEXT_CLASS}"
                    ),
                    html.Small(
                        juror.group,
                        className=f"d-block d-sm-none text-body-secondary {USER_TEXT_CLASS}",
                    ),
                ]
            ),
            html.Td(user_text(juror.group), className="d-none d-sm-table-cell"),
        ]
        for st in stages:
            entry = by_key.get((juror.id, st))
            if entry is None:
                cells += [html.Td("–", className="text-end"), html.Td("–", className="text-end")]
                continue
            tone = (
                "kipp-ranking-stricter"
                if entry.mean_deviation < 0
                else "kipp-ranking-lenient"
                if entry.mean_deviation > 0
                else None
            )
            cells += [
                html.Td(format_number(entry.sheets, lang=lang), className="text-end"),
                html.Td(
                    format_deviation(entry.mean_deviation, lang=lang),
                    className=f"text-end {tone or ''}".strip(),
                ),
            ]
        rows.append(html.Tr(cells))
    return dbc.Table(
        [
            head,
            html.Tbody(rows),
        ],
        size="sm",
        responsive=True,
        className="kipp-table kipp-ranking-severity-table align-middle",
    )


def severity_spec(
    severity: Sequence[JurorSeverity], jurors: Sequence[JurorRow], *, lang: str
) -> Spec:
    """Return a bar per juror and stage as a figure spec (dashboard/figures.py)."""
    # Codes are data: escaped for plotly, which would read their tags and entities.
    codes = {j.id: plot_text(j.code) for j in jurors}
    order = sorted({codes.get(s.juror_id, str(s.juror_id)) for s in severity})
    data = []
    # Horizontal groups stack their first trace at the bottom: add the stages in reverse.
    for stage in reversed(STAGES):
        entries = [s for s in severity if s.stage == stage]
        if not entries:
            continue
        data.append(
            {
                "type": "bar",
                "name": stage_label(stage, lang=lang),
                "orientation": "h",
                "x": [float(s.mean_deviation) for s in entries],
                "y": [codes.get(s.juror_id, str(s.juror_id)) for s in entries],
                "marker": {"color": STAGE_COLOURS.get(stage, "#56635e")},
                "customdata": [
                    [
                        format_deviation(s.mean_deviation, lang=lang),
                        format_number(s.sheets, lang=lang),
                    ]
                    for s in entries
                ],
                "hovertemplate": "%{y} · " + stage_label(stage, lang=lang) + ": %{customdata[0]}"
                " (n = %{customdata[1]})<extra></extra>",
            }
        )
    layout = {
        "barmode": "group",
        "height": max(240, 44 * len(order) + 110),
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "separators": ",." if normalize_lang(lang) == "id" else ".,",
        "uirevision": "ranking-severity",
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 1.0,
            "yanchor": "bottom",
            "traceorder": "reversed",
        },
        "xaxis": {
            "title": {"text": t("ranking.severity.axis", lang)},
            "zeroline": True,
            "zerolinecolor": "#1f2a26",
            "zerolinewidth": 2,
            "gridcolor": "#e4e8e6",
        },
        "yaxis": {"type": "category", "categoryorder": "array", "categoryarray": order[::-1]},
        "font": {"family": "system-ui, sans-serif"},
    }
    return {"data": data, "layout": layout}


def severity_figure(
    severity: Sequence[JurorSeverity], jurors: Sequence[JurorRow], *, lang: str
) -> go.Figure:
    """Return a horizontal bar per juror and stage: mean difference from the panel mean."""
    return go.Figure(severity_spec(severity, jurors, lang=lang))


def severity_panel(
    severity: Sequence[JurorSeverity], jurors: Sequence[JurorRow], *, lang: str
) -> Component:
    """Return the juror severity figure and table, or why there is none yet."""
    note = html.P(t("ranking.severity.note", lang), className="kipp-ranking-note")
    if not severity:
        return html.Div([note, severity_table(severity, jurors, lang=lang)])
    return html.Div(
        [
            note,
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Graph(
                            id=ids.RANKING_SEVERITY,
                            figure=plain(severity_spec(severity, jurors, lang=lang)),
                            config=GRAPH_CONFIG,
                        ),
                        xs=12,
                        xl=5,
                    ),
                    dbc.Col(severity_table(severity, jurors, lang=lang), xs=12, xl=7),
                ],
                className="g-3",
            ),
        ]
    )
