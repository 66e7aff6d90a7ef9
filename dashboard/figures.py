"""Figures for dcc.Graph as plain data: what plotly's go.Figure would send, without building one.

go.Figure validates every property through plotly's validators and deep-copies on its way to
JSON: 20-40 ms for a heat map of 40 jurors by 99 innovations, on every refresh. Builders
describe a figure as a spec (plain {"data": [...], "layout": {...}}, traces with their
"type"); the pages send it with plotly's default template added, as go.Figure adds it;
the builders' go.Figure versions (go.Figure(spec)) keep every property validated in the
tests, and tests/test_figures.py holds the two equal as JSON.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import plotly.io as pio

Spec = dict[str, Any]

# Every dcc.Graph's options. The mode bar keeps what a committee member uses (a picture
# of the figure, axes reset after a zoom): the full bar ran over the legends on a laptop,
# and assets/kipp.css hides it on a phone, where it covered them.
GRAPH_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "responsive": True,
    "displayModeBar": "hover",
    "modeBarButtonsToRemove": [
        "zoom2d",
        "pan2d",
        "select2d",
        "lasso2d",
        "zoomIn2d",
        "zoomOut2d",
        "autoScale2d",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
        "toggleSpikelines",
    ],
}


@lru_cache(maxsize=1)
def _template() -> dict[str, Any]:
    # The process's default template (plotly's "plotly"), as go.Figure writes it.
    return pio.templates[pio.templates.default].to_plotly_json()


def plain(spec: Spec) -> Spec:
    """Return a figure spec as go.Figure(spec) would encode it: the default template added."""
    layout = spec.get("layout", {})
    return {"data": spec.get("data", []), "layout": {**layout, "template": _template()}}
