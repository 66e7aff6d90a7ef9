"""The Progres Penilaian page's heat map: each juror's sheet of each innovation, by state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.builders.user_text import plot_text
from dashboard.figures import Spec, plain
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


def heatmap_spec(data: HeatmapData, *, lang: str) -> Spec:
    """Return the juror × innovation heat map as a figure spec (dashboard/figures.py)."""
    n = len(CELL_COLOURS)
    scale = []
    for value, colour in enumerate(CELL_COLOURS):
        scale += [[value / n, colour], [(value + 1) / n, colour]]
    labels = [t(key, lang) for key in CELL_KEYS]
    text = [[labels[v] for v in row] for row in data.cells]
    heatmap = {
        "type": "heatmap",
        "z": data.cells,
        # Codes are data: escaped, so plotly shows their tags and entities as typed.
        "x": [plot_text(code) for code in data.innovations],
        "y": [plot_text(code) for code in data.jurors],
        "zmin": -0.5,
        "zmax": n - 0.5,
        "colorscale": scale,
        "text": text,
        "xgap": 2,
        "ygap": 2,
        "hovertemplate": "%{y} × %{x}: %{text}<extra></extra>",
        "colorbar": {"tickvals": list(range(n)), "ticktext": labels, "thickness": 14},
    }
    layout = {
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "height": max(220, 34 * len(data.jurors) + 90),
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "uirevision": "progress-heatmap",
        "xaxis": {"type": "category", "tickangle": -45},
        "yaxis": {"type": "category", "autorange": "reversed"},
        "font": {"family": "system-ui, sans-serif"},
    }
    return {"data": [heatmap], "layout": layout}


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
    return dcc.Graph(
        id=ids.PROGRESS_HEATMAP,
        figure=plain(heatmap_spec(data, lang=lang)),
        config={"displaylogo": False, "responsive": True},
        className="kipp-heatmap",
    )
