"""The Progres Penilaian page's heat map: each juror's sheet of each innovation, by state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.builders.user_text import plot_text
from dashboard.figures import GRAPH_CONFIG, Spec, plain
from data_access.formatting import format_number
from data_access.i18n import t
from data_access.scoring import ABSTAINED, COUNTED, SheetResult, StageContext

# Heat map cell values and their colours (colour-blind safe, readable in print).
# A draft (filled in the app, not submitted) is partial in every count, but shown apart.
NOT_ASSIGNED, MISSING, PARTIAL, COMPLETE, ABSTAIN, DRAFT = 0, 1, 2, 3, 4, 5
CELL_COLOURS = ["#ffffff", "#e4e8e6", "#f0b429", "#0b6e4f", "#8c96a0", "#6f9fd8"]
CELL_KEYS = [
    "heat.not_assigned",
    "heat.missing",
    "heat.partial",
    "heat.complete",
    "heat.abstain",
    "heat.draft",
]
HEATMAP_MAX_INNOVATIONS = 300
# Where a code may be cut: what follows the last of these in the codes' shared start.
CODE_SEPARATORS = "-_./ "


@dataclass(frozen=True)
class HeatmapData:
    """A juror × innovation grid of sheet states for one stage."""

    jurors: list[str]
    innovations: list[str]
    cells: list[list[int]]


def heatmap_data(
    context: StageContext,
    jurors: Sequence[tuple[int, str]],
    innovations: Sequence[tuple[int, str]],
    sheets: Sequence[SheetResult],
) -> HeatmapData:
    """Return the state of every (juror, innovation) sheet of a stage."""
    state: dict[tuple[int, int], int] = {}
    for s in sheets:
        if s.stage == context.stage and s.status == COUNTED:
            unfinished = DRAFT if s.draft else PARTIAL
            state[(s.juror_id, s.innovation_id)] = COMPLETE if s.complete else unfinished
    shown = [(i, code) for i, code in innovations if i in context.innovation_ids]
    cells = []
    for juror_id, _code in jurors:
        row = []
        for innovation_id, _inn in shown:
            status = context.status_of(juror_id, innovation_id)
            if status == ABSTAINED:
                row.append(ABSTAIN)
            elif status == COUNTED:
                row.append(state.get((juror_id, innovation_id), MISSING))
            else:
                row.append(NOT_ASSIGNED)
        cells.append(row)
    return HeatmapData([c for _i, c in jurors], [c for _i, c in shown], cells)


def short_codes(codes: Sequence[str]) -> list[str]:
    """Return the codes without the start they all share ("KIPP22-001" -> "001").

    The start is cut after a separator only, so "KIPP22-010" and "KIPP22-011" stay
    "010" and "011"; codes with nothing in common (or only one code) come back whole.
    """
    if len(codes) < 2:
        return list(codes)
    shared = codes[0]
    for code in codes[1:]:
        while not code.startswith(shared):
            shared = shared[:-1]
    cut = max(shared.rfind(sep) for sep in CODE_SEPARATORS) + 1
    if cut == 0 or any(len(code) == cut for code in codes):
        return list(codes)
    return [code[cut:] for code in codes]


def heatmap_spec(data: HeatmapData, *, lang: str) -> Spec:
    """Return the juror × innovation heat map as a figure spec (dashboard/figures.py).

    Its legend is the HTML list under it (heatmap_legend), not a colour bar: a bar took a
    third of a phone's width and sat under plotly's mode bar. The innovations' ticks show
    their codes without the shared start (short_codes), so 25 fit a phone's width; the
    hover label still names the whole code.
    """
    n = len(CELL_COLOURS)
    scale = []
    for value, colour in enumerate(CELL_COLOURS):
        scale += [[value / n, colour], [(value + 1) / n, colour]]
    labels = [t(key, lang) for key in CELL_KEYS]
    text = [[labels[v] for v in row] for row in data.cells]
    # Codes are data: escaped, so plotly shows their tags and entities as typed.
    columns = [plot_text(code) for code in data.innovations]
    heatmap = {
        "type": "heatmap",
        "z": data.cells,
        "x": columns,
        "y": [plot_text(code) for code in data.jurors],
        "zmin": -0.5,
        "zmax": n - 0.5,
        "colorscale": scale,
        "showscale": False,
        "text": text,
        "xgap": 2,
        "ygap": 2,
        "hovertemplate": "%{y} × %{x}: %{text}<extra></extra>",
    }
    layout = {
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "height": max(200, 34 * len(data.jurors) + 60),
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "uirevision": "progress-heatmap",
        "xaxis": {
            "type": "category",
            "tickmode": "array",
            "tickvals": columns,
            "ticktext": [plot_text(code) for code in short_codes(data.innovations)],
            # Level while they fit (a laptop), upright when they do not (a phone).
            "autotickangles": [0, 90],
            "tickfont": {"size": 10},
        },
        "yaxis": {"type": "category", "autorange": "reversed"},
        "font": {"family": "system-ui, sans-serif"},
    }
    return {"data": [heatmap], "layout": layout}


def heatmap_legend(*, lang: str) -> Component:
    """Return the heat map's colours and what each means, as a list that wraps on a phone."""
    return html.Ul(
        [
            html.Li(
                [
                    html.Span(
                        className="kipp-dot kipp-swatch",
                        style={"backgroundColor": colour},
                        **{"aria-hidden": "true"},
                    ),
                    t(key, lang),
                ]
            )
            # The order a sheet goes through: not assigned, not scored, draft, partly, fully.
            for colour, key in (
                (CELL_COLOURS[v], CELL_KEYS[v])
                for v in (NOT_ASSIGNED, MISSING, DRAFT, PARTIAL, COMPLETE, ABSTAIN)
            )
        ],
        className="kipp-legend kipp-heat-legend",
    )


def heatmap_figure(data: HeatmapData, *, lang: str) -> go.Figure:
    """Return the juror × innovation heat map (discrete colours, readable hover labels)."""
    return go.Figure(heatmap_spec(data, lang=lang))


def heatmap_too_many(count: int, *, lang: str) -> Component:
    """Return the sentence shown instead of a heat map too large to read."""
    return html.P(
        t("progress.heat.too_many", lang, count=format_number(count, lang=lang)),
        className="text-body-secondary",
    )


def heatmap_panel(data: HeatmapData | None, *, lang: str) -> Component:
    """Return the heat map, or a sentence saying why it is not drawn."""
    if data is None or not data.innovations or not data.jurors:
        return html.P(t("progress.heat.empty", lang), className="text-body-secondary")
    if len(data.innovations) > HEATMAP_MAX_INNOVATIONS:
        return heatmap_too_many(len(data.innovations), lang=lang)
    return html.Div(
        [
            dcc.Graph(
                id=ids.PROGRESS_HEATMAP,
                figure=plain(heatmap_spec(data, lang=lang)),
                config=GRAPH_CONFIG,
                className="kipp-heatmap",
            ),
            heatmap_legend(lang=lang),
        ]
    )
