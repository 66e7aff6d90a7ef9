"""Figure specs sent as plain data encode as go.Figure would encode them (dashboard/figures.py).

The builders' go.Figure versions validate every property (the builders' own tests use
them); the pages send figures.plain(spec). Both must reach plotly.js as the same JSON,
hostile labels included.
"""

from __future__ import annotations

import json
from decimal import Decimal

import plotly.graph_objects as go
import pytest
from plotly.io.json import to_json_plotly

from dashboard.builders import participation, progress_heatmap, ranking_severity
from dashboard.figures import plain
from data_access.participation import OpdParticipation
from data_access.progress import JurorRow
from data_access.scoring.stats import JurorSeverity
from tests.hostile import JURORS, KIND

CODES = [code for code, _name, _group in JURORS]


def _opd(n: int, kind: str, submitted: int) -> OpdParticipation:
    return OpdParticipation(n, f"U{n}", f"Unit {n}", f"U{n}", kind, submitted, 0, 0, None, 0, 0)


def _specs(lang: str) -> dict[str, dict]:
    heat = progress_heatmap.HeatmapData(
        [*CODES, "J02"],
        ["N00001", "<b>N2</b>", "N3"],
        [[0, 1, 2], [3, 4, 5], [5, 3, 1], [1, 1, 1]],
    )
    rows = [_opd(1, "dinas", 2), _opd(2, KIND, 0), _opd(3, "badan", 1), _opd(4, "dinas", 0)]
    jurors = [JurorRow(n, code, name, group) for n, (code, name, group) in enumerate(JURORS, 1)]
    severity = [
        JurorSeverity("proposal", 1, 12, Decimal("-2.15")),
        JurorSeverity("proposal", 2, 9, Decimal("0.00")),
        JurorSeverity("presentation", 1, 3, Decimal("3.40")),
    ]
    return {
        "heat map": progress_heatmap.heatmap_spec(heat, lang=lang),
        "kinds": participation.kind_spec(participation.kind_counts(rows), lang=lang),
        "kinds, none": participation.kind_spec([], lang=lang),
        "severity": ranking_severity.severity_spec(severity, jurors, lang=lang),
    }


@pytest.mark.parametrize("lang", ["id", "en"])
def test_plain_figures_encode_as_go_figure_does(lang):
    for name, spec in _specs(lang).items():
        validated = json.loads(to_json_plotly(go.Figure(spec)))
        assert json.loads(to_json_plotly(plain(spec))) == validated, name
        assert validated["data"] or name == "kinds, none"
        assert "template" in validated["layout"]  # plotly's default look, sent both ways
