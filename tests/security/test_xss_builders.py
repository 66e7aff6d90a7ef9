"""Pure builders given hostile names: figures get them escaped as data, sentences isolated.

No server: the plotly figures and Dash components the builders return are read as JSON.
plotly renders a subset of HTML and entities in every label and fills in %{...} in
templates, so a name must reach a figure escaped, and never inside a template. A bidi
control in a name must stay inside an isolate however it is built.
"""

from __future__ import annotations

import json
from decimal import Decimal

import plotly.io
import pytest
from dash import html

from dashboard.builders import (
    control,
    participation,
    participation_table,
    progress,
    progress_heatmap,
    ranking_severity,
    seri,
)
from dashboard.builders.user_text import FSI, PDI, isolate, needs_isolation, plot_text, user_text
from data_access.committee import SeriGroup, SeriPlace
from data_access.participation import OpdParticipation
from data_access.progress import JurorProgress, JurorRow
from data_access.scoring.stats import JurorSeverity
from tests.hostile import ENTRIES, IMG, JS_LINK, JURORS, KIND, RLO, SCRIPT, TEMPLATE

LRI, RLI, PDF_MARK = "\u2066", "\u2067", "\u202c"


def _bidi_closed(text: str) -> bool:
    """Return True when every override and isolate in text is closed by the text's end."""
    isolates = 0
    for char in text:
        if char in (FSI, LRI, RLI):
            isolates += 1
        elif char == PDI:
            if isolates == 0:
                return False  # a stray PDI would close an isolate around the text
            isolates -= 1
        elif char == RLO and isolates == 0:
            return False
    return isolates == 0


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Dinas Kesehatan", "Dinas Kesehatan"),
        ("K4&amp;", "K4&amp;"),
        (f"Juri {RLO}kiri", f"{FSI}Juri {RLO}kiri{PDI}"),
        ("دائرة الصحة", f"{FSI}دائرة الصحة{PDI}"),
        # A stray PDI would end our isolate early and let the override out: dropped.
        (f"a{PDI}{RLO}b", f"{FSI}a{RLO}b{PDI}"),
        # An isolate the name opens is closed before ours.
        (f"a{RLI}b", f"{FSI}a{RLI}b{PDI}{PDI}"),
    ],
)
def test_isolate_wraps_only_text_that_can_reorder_its_neighbours(raw, shown):
    assert isolate(raw) == shown
    assert needs_isolation(raw) == (raw != shown)
    assert _bidi_closed(isolate(raw)) or RLO not in raw


def test_plot_text_escapes_what_plotly_would_read():
    assert plot_text("<b>K1</b> & %{x}") == "&lt;b&gt;K1&lt;/b&gt; &amp; %{x}"
    assert plot_text('"kutip"') == '"kutip"'  # plotly has no &quot;: quotes stay as typed
    assert plot_text(f"J3{RLO}z") == f"{FSI}J3{RLO}z{PDI}"


def test_user_text_is_a_bdi():
    assert isinstance(user_text(SCRIPT), html.Bdi) and user_text(SCRIPT).children == SCRIPT


def _figure(figure) -> dict:
    return json.loads(plotly.io.to_json(figure))


def _labels(trace: dict) -> list[str]:
    return [str(v) for axis in ("x", "y") for v in (trace.get(axis) or []) if isinstance(v, str)]


def _check_figure(figure, names: set[str]) -> None:
    """Every name is in the figure escaped; no template or raw tag carries one."""
    data = _figure(figure)
    for trace in data["data"]:
        template = trace.get("hovertemplate", "")
        assert all(name not in template for name in names), template
        for label in _labels(trace):
            assert "<" not in label and ">" not in label, label
    labels = {label for trace in data["data"] for label in _labels(trace)}
    assert {plot_text(name) for name in names} <= labels


def test_heatmap_gets_codes_escaped():
    codes = [entry.code for entry in ENTRIES]
    jurors = [code for code, _name, _group in JURORS]
    data = progress_heatmap.HeatmapData(jurors, codes, [[3] * len(codes) for _ in jurors])
    _check_figure(progress_heatmap.heatmap_figure(data, lang="id"), {*codes, *jurors})


def test_severity_figure_gets_juror_codes_escaped():
    rows = [JurorRow(n, code, name, group) for n, (code, name, group) in enumerate(JURORS)]
    severity = [JurorSeverity("proposal", n, 4, Decimal("1.5") - n) for n in range(len(JURORS))]
    figure = ranking_severity.severity_figure(severity, rows, lang="id")
    _check_figure(figure, {code for code, _name, _group in JURORS})
    order = _figure(figure)["layout"]["yaxis"]["categoryarray"]
    assert set(order) == {plot_text(code) for code, _n, _g in JURORS}


def test_kinds_figure_gets_the_kind_escaped():
    counts = [participation.KindCount(KIND, 2, 1, 1), participation.KindCount("dinas", 3, 3, 4)]
    _check_figure(participation.kind_figure(counts, lang="id"), {KIND})


def test_sentences_isolate_names_that_hold_an_override():
    winners = [{"title": f"Judul {RLO}kiri", "unit_name": f"Dinas {RLO}kanan"}]
    text = control.winners_text(winners)
    assert text == f"{FSI}Judul {RLO}kiri{PDI} ({FSI}Dinas {RLO}kanan{PDI})"
    assert _bidi_closed(text)
    # Names without bidi text are left exactly as typed.
    plain = [{"title": f"Judul {IMG}", "unit_name": f"Dinas {JS_LINK}"}]
    assert control.winners_text(plain) == f"Judul {IMG} (Dinas {JS_LINK})"


def test_the_seri_panel_isolates_names_and_holds_them_as_text():
    tied = [
        SeriPlace(f"K{RLO}1", f"Judul {RLO}kiri", f"Dinas {RLO}kanan", 1, 1, True, False),
        SeriPlace(f"K-2{SCRIPT}", f"Judul {IMG}", f"Dinas {JS_LINK}", 1, 1, True, False),
    ]
    names = {place.code: seri.innovation_text(place) for place in tied}
    labels = [o["label"] for o in seri.order_options(list(names), names, first=1, lang="id")]
    labels += [o["label"] for o in seri.order_options([f"X{RLO}"], {}, first=2, lang="id")]
    group = SeriGroup(tuple(names), 1)
    labels += [o["label"] for o in seri.group_options([group], lang="id")]
    assert all(_bidi_closed(label) for label in labels)
    assert f"Judul {IMG} — Dinas {JS_LINK} (K-2{SCRIPT})" in labels[1]  # as typed, as text
    # The summary holds each name alone in a <bdi>.
    summary = seri.seri_summary(tied, lang="id")
    bdis = [n.children for n in summary._traverse() if isinstance(n, html.Bdi)]
    assert bdis == [tied[0].title, tied[0].unit, tied[1].title, tied[1].unit]


def _holders(tree, names: set[str]) -> dict[str, list]:
    """Return, for each name, the components that hold it as their whole text."""
    found: dict[str, list] = {}

    def walk(node) -> None:
        if isinstance(node, list | tuple):
            for item in node:
                walk(item)
            return
        children = getattr(node, "children", None)
        if isinstance(children, str) and children in names:
            found.setdefault(children, []).append(node)
        elif children is not None:
            walk(children)

    walk(tree)
    return found


def _isolated(node) -> bool:
    """A <bdi>, a kipp-text element, or a table cell (the browser isolates each)."""
    classes = (getattr(node, "className", None) or "").split()
    return isinstance(node, html.Bdi | html.Td) or "kipp-text" in classes


OPD = OpdParticipation(
    unit_id=1,
    code="U1",
    name=f"Dinas {RLO}kanan",
    short_name=f"Dinas {TEMPLATE}",
    kind=KIND,
    submitted=1,
    passed=1,
    finalists=1,
    first_submitted_at=None,
    late=0,
    from_sub_units=0,
)
JURY = [JurorRow(n, code, name, group) for n, (code, name, group) in enumerate(JURORS)]
PROGRESS_ROWS = [
    JurorProgress("proposal", n, code, name, group, 4, 2, 1, 0, None, Decimal("0.5"))
    for n, (code, name, group) in enumerate(JURORS)
]


@pytest.mark.parametrize(
    ("table", "names"),
    [
        (
            lambda: participation_table.opd_table([OPD], timezone="Asia/Jakarta", lang="id"),
            {OPD.name, OPD.short_name, KIND},
        ),
        (
            lambda: participation.kind_table([participation.KindCount(KIND, 1, 1, 1)], lang="id"),
            {KIND},
        ),
        (
            lambda: progress.juror_table(
                PROGRESS_ROWS, fraction=None, timezone="Asia/Jakarta", lang="id"
            ),
            {text for juror in JURORS for text in juror},
        ),
        (
            lambda: ranking_severity.severity_table(
                [JurorSeverity("proposal", n, 4, Decimal(1)) for n in range(len(JURORS))],
                JURY,
                lang="id",
            ),
            {text for juror in JURORS for text in juror},
        ),
    ],
    ids=["opd", "kinds", "jurors", "severity"],
)
def test_tables_hold_each_name_alone_in_an_isolate(table, names):
    holders = _holders(table(), names)
    assert set(holders) == names
    loose = [
        (name, type(n).__name__)
        for name, nodes in holders.items()
        for n in nodes
        if not _isolated(n)
    ]
    assert loose == []
